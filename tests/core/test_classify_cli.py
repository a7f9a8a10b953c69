"""`slrdesk classify` as a user runs it, and the rules document that must match the code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from slrdesk.core.assessment.rules_doc import render

ROOT = Path(__file__).resolve().parents[2]

# docs/clinical.md §9: what each worked example must give.
SECTION_9 = {
    "sprinter_strain": ("iliopsoas_strain", "pain_inhibited", "routine"),
    "upper_lumbar_radiculopathy": ("upper_lumbar_radiculopathy", "neurological", "same_day"),
    "radiculopathy_bladder": ("upper_lumbar_radiculopathy", "neurological", "emergency"),
    "hip_osteoarthritis": ("hip_joint", "mechanical", "routine"),
    "postpartum_pelvic_girdle": ("pelvic_girdle", "undetermined", "routine"),
}


def slrdesk(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "slrdesk", *args], capture_output=True,
                          text=True, input=stdin, timeout=60)


@pytest.mark.parametrize("name", [*SECTION_9, "mild_weakness_only"])
def test_example_then_classify_gives_the_section_9_answer(name: str, tmp_path: Path) -> None:
    exam = tmp_path / f"{name}.json"
    exam.write_text(slrdesk("example", "--vignette", name).stdout, encoding="utf-8")
    result = slrdesk("classify", str(exam), "--format", "json")
    assert result.returncode == 0, result.stderr
    assessment = json.loads(result.stdout)
    assert assessment["ruleset_version"]
    if name == "mild_weakness_only":
        assert all(h["support"] != "high" for h in assessment["hypotheses"])
        assert assessment["next_tests"], "the clinician is told what to examine next"
        return
    top, motor, urgency = SECTION_9[name]
    assert assessment["hypotheses"][0]["id"] == top
    assert assessment["motor_loss"] == motor
    assert assessment["urgency"] == urgency
    for evidence in assessment["hypotheses"][0]["evidence_for"]:
        assert evidence["finding"]
        assert evidence["rule"]
        assert evidence["source"]


def test_text_format_is_for_a_clinician(tmp_path: Path) -> None:
    exam = tmp_path / "exam.json"
    exam.write_text(slrdesk("example", "--vignette", "radiculopathy_bladder").stdout)
    text = slrdesk("classify", str(exam)).stdout
    assert "Decision support, not a diagnosis" in text
    assert "URGENCY: EMERGENCY." in text
    assert "Bladder dysfunction [emergency; checklist, from the checklist]" in text
    assert "GIRFT national suspected cauda equina pathway" in text
    assert "patellar reflex 1+ left" in text
    assert "[LR 7, published, Suri 2011]" in " ".join(text.split())
    assert "Cauda equina screen" not in text  # this example answered every screen item


def test_text_format_says_an_incomplete_screen_first(tmp_path: Path) -> None:
    exam = tmp_path / "exam.json"
    exam.write_text(slrdesk("example", "--vignette", "mild_weakness_only").stdout)
    text = slrdesk("classify", str(exam)).stdout
    first = text.splitlines()[3]
    assert first.startswith("!!! CAUDA EQUINA SCREEN INCOMPLETE")
    assert "URGENCY: NOT ESTABLISHED." in text
    assert "ROUTINE" not in text
    assert "No red flag" not in text
    assert "does not assess fracture, infection, tumour, stroke" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"patient": ', "is not valid JSON"),
        ('{"patient": {"name": "A", "date_of_birth": "1980-01-01", "record_number": "1"}, '
         '"clinician": {"name": "B"}, "encounter_time": "2026-01-01T10:00:00Z", '
         '"goniometry": {"passive_slr": {"left": 190}}}',
         "goniometry.passive_slr.left: 190° is outside the 0–160° that can be recorded"),
        ('{"patient": {"name": "A", "date_of_birth": "1980-01-01", "record_number": "1"}, '
         '"clinician": {"name": "B"}, "encounter_time": "2026-01-01T10:00:00Z", '
         '"special_tests": {"ober": {"left": {"result": "positive"}}}}',
         "special_tests.ober: 'ober' is not a known special test"),
    ],
)
def test_bad_exam_files_get_one_sentence_and_exit_2(
    tmp_path: Path, content: str, message: str
) -> None:
    exam = tmp_path / "exam.json"
    exam.write_text(content, encoding="utf-8")
    result = slrdesk("classify", str(exam))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"slrdesk: {exam}: ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_file_is_one_sentence(tmp_path: Path) -> None:
    result = slrdesk("classify", str(tmp_path / "absent.json"))
    assert result.returncode == 2
    assert "absent.json: cannot be read (No such file or directory)" in result.stderr


def test_rules_document_is_generated_from_the_current_ruleset() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == render(), (
        "docs/rules.md is stale: python -m slrdesk.core.assessment.rules_doc > docs/rules.md"
    )


def test_classify_and_export_accept_a_version_1_document(tmp_path: Path) -> None:
    v1 = Path(__file__).parents[1] / "data" / "schema_v1_exam.json"
    result = slrdesk("classify", str(v1), "--format", "json")
    assert json.loads(result.stdout)["hypotheses"][0]["id"] == "iliopsoas_strain"
    note = tmp_path / "draft.pdf"
    exported = slrdesk("export", str(v1), "-o", str(note), "--draft")
    assert exported.returncode == 0, exported.stderr
    assert note.read_bytes().startswith(b"%PDF")


def test_classify_with_the_previous_exam(tmp_path: Path) -> None:
    golden = json.loads((Path(__file__).parents[1] / "data" / "vignettes" /
                         "mnm_mscc_cancer_previously_yes.json").read_text(encoding="utf-8"))
    exam, previous = tmp_path / "exam.json", tmp_path / "previous.json"
    exam.write_text(json.dumps(golden["exam"]))
    previous.write_text(json.dumps(golden["previous"]))
    alone = json.loads(slrdesk("classify", str(exam), "--format", "json").stdout)
    assert "suspected_mscc" not in {f["id"] for f in alone["red_flags"]}
    both = json.loads(slrdesk("classify", str(exam), "--previous", str(previous),
                              "--format", "json").stdout)
    flags = {f["id"]: f for f in both["red_flags"]}
    assert flags["history_of_cancer"]["source"] == "previous exam"
    assert flags["suspected_mscc"]["tier"] == "emergency"
    wrong = slrdesk("classify", str(previous), "--previous", str(exam))
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == f"slrdesk: --previous: {exam} is not earlier than the exam"


def test_a_signed_exam_says_which_ruleset_signed_it() -> None:
    from datetime import UTC, datetime

    from slrdesk.core.assessment import RULESET_VERSION, classify
    from slrdesk.core.document.exam import Signature
    from slrdesk.core.examples import vignette

    exam = vignette("sprinter_strain")
    signed = exam.model_copy(update={"status": "signed", "signature": Signature(
        signed_at=datetime.now(UTC), signer="Dr A", ruleset_version="2026.11.0")})
    notes = classify(signed).notes
    assert any(n.startswith(f"Signed with ruleset 2026.11.0; this assessment is recomputed "
                            f"with ruleset {RULESET_VERSION}") for n in notes)
    current = exam.model_copy(update={"status": "signed", "signature": Signature(
        signed_at=datetime.now(UTC), signer="Dr A", ruleset_version=RULESET_VERSION)})
    assert not any(n.startswith("Signed with") for n in classify(current).notes)
