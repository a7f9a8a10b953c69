"""Values copied from the previous exam are carried until confirmed today, and said so on the
review before signing and on the note."""

from __future__ import annotations

from datetime import UTC, datetime

from slrdesk.core.assessment import classify
from slrdesk.core.document.carry import carry_forward, confirmed, is_carried, value_paths
from slrdesk.core.document.editing import with_value
from slrdesk.core.document.exam import ExamDocument
from slrdesk.core.examples import vignette
from slrdesk.core.note.render import render_note
from slrdesk.core.note.review import review

from .note_helpers import page_texts


def _follow_up() -> tuple[ExamDocument, ExamDocument]:
    previous = vignette("upper_lumbar_radiculopathy")
    fresh = ExamDocument(patient=previous.patient, clinician=previous.clinician,
                         encounter_time=datetime.now(UTC))
    return carry_forward(fresh, previous), previous


def test_every_copied_value_is_carried_with_the_day_it_was_measured() -> None:
    exam, previous = _follow_up()
    assert exam.carried is not None
    assert exam.carried.from_exam_id == previous.exam_id
    assert exam.carried.measured_on == previous.encounter_time.date()
    assert exam.goniometry == previous.goniometry
    assert exam.red_flags == {}  # asked again, never carried
    assert "goniometry.active_slr.left" in exam.carried.paths
    assert "neurology.myotomes.hip_flexion.left" in exam.carried.paths
    assert "history.affected_side" in exam.carried.paths
    dumped = previous.model_dump(mode="json")
    expected = sum(len(value_paths(dumped[s], s)) for s in
                   ("history", "pain_map", "goniometry", "mens_aslr", "neurology",
                    "special_tests"))
    assert len(exam.carried.paths) == expected


def test_entering_a_value_again_confirms_that_value_only() -> None:
    exam, previous = _follow_up()
    assert exam.carried is not None
    before = len(exam.carried.paths)
    same = previous.goniometry.active_slr.left
    again = with_value(exam, "goniometry.active_slr.left", same)  # the same number, re-entered
    assert again.goniometry.active_slr.left == same
    assert not is_carried(again, "goniometry.active_slr.left")
    assert is_carried(again, "goniometry.active_slr.right")
    assert again.carried is not None
    assert len(again.carried.paths) == before - 1


def test_confirming_a_section_as_it_stands_and_then_everything() -> None:
    exam, _ = _follow_up()
    myotomes = confirmed(exam, ["neurology.myotomes"])
    assert not is_carried(myotomes, "neurology.myotomes.hip_flexion.left")
    assert is_carried(myotomes, "neurology.reflexes.patellar.left")
    assert exam.carried is not None
    everything = confirmed(exam, list(exam.carried.paths))
    assert everything.carried is None
    assert everything.goniometry == exam.goniometry  # confirming changes no value


def test_the_review_and_the_note_say_what_is_carried() -> None:
    exam, previous = _follow_up()
    assessment = classify(exam, previous)
    day = previous.encounter_time.date().isoformat()
    checks = " ".join(review(exam, assessment, previous).check)
    assert f"carried from the exam of {day} and not confirmed as examined today" in checks
    first = " ".join(page_texts(render_note(exam, assessment)[0])[0].split())
    assert "Carried, not re-examined:" in first
    assert "Goniometry 7, Myotomes 14" in first  # by section when there are many
    few = confirmed(exam, [p for p in exam.carried.paths  # type: ignore[union-attr]
                           if p != "goniometry.active_slr.left"])
    assert review(few, classify(few, previous), previous).check[-1].startswith(
        f"1 value carried from the exam of {day} and not confirmed as examined today: "
        "Active SLR, left")
    settled = confirmed(exam, list(exam.carried.paths))  # type: ignore[union-attr]
    clean = " ".join(page_texts(render_note(settled, classify(settled, previous))[0])[0].split())
    assert "Carried, not re-examined" not in clean
