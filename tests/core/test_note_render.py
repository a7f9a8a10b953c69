"""The rendered note: every vignette's findings in clinical order, the patient on every page,
DRAFT on every unsigned page, A4 and Letter, and long content that flows instead of cropping."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from slrdesk.core.assessment import classify
from slrdesk.core.catalog import catalog
from slrdesk.core.document.exam import parse_exam
from slrdesk.core.examples import vignette, vignette_json
from slrdesk.core.note.render import MARGIN, render_note
from tests.core.helpers import golden_exams
from tests.core.note_helpers import page_texts

_golden_exams = golden_exams


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("name", "data"), _golden_exams(), ids=[n for n, _ in _golden_exams()])
def test_every_golden_vignette_renders_with_its_findings(name: str, data: dict) -> None:  # type: ignore[type-arg]
    exam = parse_exam(data)
    assessment = classify(exam)
    pdf, _ = render_note(exam, assessment)
    texts = page_texts(pdf)
    whole = _flat(" ".join(texts))
    for number, page in enumerate(texts, 1):
        flat = _flat(page)
        assert exam.patient.name in flat
        assert exam.patient.record_number in flat
        assert exam.patient.date_of_birth.isoformat() in flat
        assert f"exam {exam.encounter_time.date().isoformat()}" in flat
        assert f"page {number} of {len(texts)}" in flat
        assert "DRAFT" in flat
    for mark in exam.pain_map:
        assert catalog().regions[mark.region].label in whole
    assert assessment.hypotheses[0].label.split(":")[0] in whole
    assert f"Ruleset {assessment.ruleset_version}" in whole
    order = ["History", "Findings: pain map", "Goniometry", "Mens active straight-leg raise",
             "Myotomes", "Reflexes and sensation", "Special tests", "Red flags",
             "Assessment (decision support)", "Clinician's impression and plan"]
    positions = [whole.index(title) for title in order]
    assert positions == sorted(positions), "sections out of clinical order"


def test_letter_and_a4_page_sizes() -> None:
    exam = vignette("sprinter_strain")
    for size, expected in (("a4", (595.3, 841.9)), ("letter", (612.0, 792.0))):
        pdf, _ = render_note(exam, classify(exam), page_size=size)  # type: ignore[arg-type]
        box = PdfReader(BytesIO(pdf)).pages[0].mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == expected


def test_stress_many_marks_long_plan_and_three_scripts_stay_within_the_margins(
    tmp_path: Path,
) -> None:
    data = json.loads(vignette_json("sprinter_strain"))
    data["patient"]["name"] = "Zoë Ångström-Dvořák Ελευθερία Παπαδοπούλου Зоя Дворжак"
    every = list(catalog().qualities)
    data["pain_map"] = [{"region": r, "qualities": every, "intensity": i % 11}
                        for i, r in enumerate(catalog().regions)]
    data["impression"]["plan"] = ("Graded loading; review. " * 210)[:5000]
    data["history"]["notes"] = "Καλημέρα. Здравствуйте. " * 40
    exam = parse_exam(data)
    pdf, box = render_note(exam, classify(exam))
    (tmp_path / "stress.pdf").write_bytes(pdf)
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) >= 4
    whole = _flat(" ".join(page_texts(pdf)))
    for number, page in enumerate(page_texts(pdf), 1):
        # The whole long name and every identifier on every page, none crowding another out.
        assert data["patient"]["name"] in _flat(page)
        assert f"record {exam.patient.record_number} · exam 2026-11-20" in _flat(page)
        assert f"page {number} of {len(reader.pages)}" in _flat(page)
    assert "Зоя Дворжак" in whole
    assert "Ελευθερία" in whole
    assert whole.count("Graded loading; review.") >= 200
    width = float(reader.pages[0].mediabox.width)
    for page in reader.pages:
        xs: list[float] = []

        def collect(text: str, cm: list[float], tm: list[float], *_: object,
                    into: list[float] = xs) -> None:
            if text.strip():
                into.append(tm[4] + cm[4])

        page.extract_text(visitor_text=collect)
        assert min(xs) >= MARGIN - 1
        assert max(xs) <= width - MARGIN
    assert box.page_index == len(reader.pages) - 1


def test_page_one_carries_the_bottom_line() -> None:
    """The receiving clinician reads the urgency, the red flags, the screen, the impression and
    the leading hypotheses before any detail (issue: the bottom line was on page 3)."""
    exam = vignette("radiculopathy_bladder")
    pdf, _ = render_note(exam, classify(exam))
    first = page_texts(pdf)[0]
    assert "URGENCY: EMERGENCY." in first
    assert "Bladder dysfunction" in first
    assert "GIRFT" in first
    assert "Leading hypotheses (decision support): L2-L4 nerve root (strong" in first
    assert "Impression:" in first
    assert first.index("URGENCY") < first.index("History")
    unscreened = vignette("mild_weakness_only")
    first = page_texts(render_note(unscreened, classify(unscreened))[0])[0]
    assert "URGENCY: NOT ESTABLISHED." in first
    assert "Cauda equina screen incomplete" in first
    assert "(UTC" in first  # local time with its zone, not bare ISO UTC


def test_the_review_before_signing_says_what_is_missing_and_what_the_findings_raise() -> None:
    from slrdesk.core.note.review import review

    exam = parse_exam(json.loads(vignette_json("mild_weakness_only")))
    checked = review(exam, classify(exam))
    assert not checked.can_sign
    assert checked.blocking[0].startswith("red flags not answered: bladder dysfunction")
    assert checked.urgency.startswith("Not established. The cauda equina screen")
    data = json.loads(vignette_json("radiculopathy_bladder"))
    data["history"].pop("affected_side")
    data["impression"] = {}
    exam = parse_exam(data)
    checked = review(exam, classify(exam))
    assert checked.can_sign
    assert "the affected side is not recorded (findings on both sides were counted)" in (
        checked.check)
    assert "no impression of your own is recorded" in checked.check
    assert "no plan is recorded" in checked.check


def test_the_review_asks_about_findings_identical_to_the_previous_exam() -> None:
    """Started from the previous exam's findings and signed without re-examining: the review
    says how many findings are exactly as last time. A real follow-up with changes does not."""
    from datetime import timedelta

    from slrdesk.core.note.review import review, same_as_previous

    previous = vignette("sprinter_strain")
    data = json.loads(vignette_json("sprinter_strain"))
    data["exam_id"] = "7b0c5a4e-1f1e-4a57-9a59-2d5c8c1f0a11"
    data["encounter_time"] = (previous.encounter_time + timedelta(days=5)).isoformat()
    carried = parse_exam(data)
    same, total = same_as_previous(carried, previous)
    assert same == total >= 5
    checked = review(carried, classify(carried, previous), previous)
    expected = (f"{same} of {total} examination findings are exactly as on the exam of "
                f"{previous.encounter_time.astimezone().date().isoformat()}")
    assert any(line.startswith(expected) for line in checked.check)
    assert not any("exactly as on the exam" in line for line in review(carried,
                                                                       classify(carried)).check)
    # A follow-up that re-measured: angles and grades changed, the review stays quiet.
    data["goniometry"] = {"instrument": data["goniometry"].get("instrument")}
    data["neurology"] = {}
    data["special_tests"] = {}
    data["pain_map"] = []
    data["mens_aslr"] = {}
    remeasured = parse_exam(data)
    same, total = same_as_previous(remeasured, previous)
    assert same * 2 < total or total < 5
    assert not any("exactly as on the exam" in line
                   for line in review(remeasured, classify(remeasured, previous), previous).check)


def test_page_one_carries_the_clinic_letterhead_recipient_and_referrer() -> None:
    exam = vignette("upper_lumbar_radiculopathy")
    assert exam.clinic is not None
    first = _flat(page_texts(render_note(exam, classify(exam))[0])[0])
    head = first[first.index(exam.clinic.name):]
    assert head.index(exam.clinic.name) < head.index("Examination note")  # above the title
    assert "12 Mill Lane, Riverside RS1 4AB · Phone 020 7946 0321" in first
    assert "To: Dr Priya Nair, Mill Lane Surgery" in first
    assert "Referred by: Dr Priya Nair, general practitioner, Mill Lane Surgery" in first


def test_a_note_without_a_clinic_has_no_letterhead_and_no_empty_lines() -> None:
    exam = vignette("sprinter_strain")
    assert exam.clinic is None
    first = _flat(page_texts(render_note(exam, classify(exam))[0])[0])
    assert "Phone" not in first
    assert "To:" not in first
    assert "Referred by" not in first


def test_what_was_not_recorded_is_said_once_not_as_rows_of_dashes() -> None:
    exam = vignette("mild_weakness_only")
    assert exam.history.onset is None
    assert exam.mens_aslr.without_compression.left is None
    whole = _flat(" ".join(page_texts(render_note(exam, classify(exam))[0])))
    history = whole[whole.index("History"):whole.index("Findings: pain map")]
    assert "Not recorded: Onset; Mechanism; Course;" in history
    assert "—" not in history
    mens = whole[whole.index("Mens active straight-leg raise"):whole.index("Myotomes")]
    assert "Not examined." in mens
    assert "Without compression" not in mens


def test_the_pain_map_is_drawn_smaller_rather_than_leave_page_one_half_empty() -> None:
    exam = vignette("sprinter_strain")
    texts = [" ".join(page.split()) for page in page_texts(render_note(exam, classify(exam))[0])]
    first = texts[0]
    assert "History" in first
    assert "Findings: pain map" in first
    assert "Anterior" in first  # the figure's own caption: the figure is on page 1 too
    assert len(texts) == 4
