"""A clinic's own form items: loaded from the data folder, in the `local.` namespace, shown on
the note and in the FHIR Bundle, never read by the classifier, and named on the signed note."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from slrdesk.core.assessment import classify
from slrdesk.core.catalog import CatalogError, catalog, load_catalog, use_clinic_forms
from slrdesk.core.document.exam import parse_exam
from slrdesk.core.examples import vignette
from slrdesk.core.note.export import build_note
from slrdesk.core.note.fhir import bundle_dict
from slrdesk.core.note.render import render_note

from .note_helpers import make_identity, page_texts

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_example() -> str:
    """The clinic form the README shows, exactly as printed there."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Clinic forms"):]
    return re.search(r"```toml\n(.*?)```", section, re.DOTALL).group(1)  # type: ignore[union-attr]


@pytest.fixture
def clinic_forms(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data" / "forms"
    folder.mkdir(parents=True)
    (folder / "riverside.toml").write_text(readme_example(), encoding="utf-8")
    use_clinic_forms(folder)
    yield folder
    use_clinic_forms(None)


def _with_local_items() -> dict[str, object]:
    data = json.loads(vignette("upper_lumbar_radiculopathy").to_json())
    data["special_tests"]["local.heel_walk"] = {"left": {"result": "positive"}}
    data["history"]["symptoms"]["local.seen_by_gp"] = True
    return data


def test_the_readme_example_adds_its_items_in_their_own_namespace(clinic_forms: Path) -> None:
    form = catalog()
    assert form.special_tests["local.heel_walk"].label.startswith("Heel walking")
    assert form.history_items["local.seen_by_gp"].label == "Seen by a GP for this episode"
    assert [f.name for f in form.local_forms] == ["riverside.toml"]
    assert form.local_sha256 is not None
    assert len(form.special_tests) == len(load_catalog().special_tests) + 1


def test_local_items_reach_the_note_and_the_bundle_but_not_the_assessment(
        clinic_forms: Path, tmp_path: Path) -> None:
    exam = parse_exam(_with_local_items())
    plain = vignette("upper_lumbar_radiculopathy")
    assert classify(exam).model_dump() == classify(plain).model_dump()  # no rule reads them
    _, identity = make_identity(tmp_path, exam.clinician.name)
    pdf, signed = build_note(exam, identity=identity, check_signer=False)
    text = " ".join(" ".join(page.split()) for page in page_texts(pdf))
    assert "Heel walking (ankle dorsiflexion, L4–L5) positive" in text
    assert "Seen by a GP for this episode" in text
    assert signed.form is not None
    assert signed.form.clinic_forms == ["riverside.toml"]
    assert signed.form.clinic_forms_sha256 == catalog().local_sha256
    assert "with clinic forms riverside.toml (sha256" in text  # every page's footer
    bundle = json.dumps(bundle_dict(signed, classify(signed)))
    assert "Heel walking" in bundle
    assert "Seen by a GP for this episode" in bundle


def test_a_document_from_another_clinic_opens_and_prints_what_it_holds() -> None:
    exam = parse_exam(_with_local_items())  # this workstation has no clinic forms
    text = " ".join(" ".join(page.split()) for page in page_texts(
        render_note(exam, classify(exam))[0]))
    assert "local.heel_walk (from a clinic form not installed here)" in text
    assert "local.seen_by_gp (from a clinic form not installed here)" in text
    assert "form 2026" in text
    assert "clinic forms" not in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[special_tests]]\nid = "heel_walk"\nlabel = "Heel walk"\ngroup = "functional"\n',
         r"x\.toml, line 1: a clinic form's id must be local\.<name> .*local\.heel_walk"),
        ('\n\n[[red_flags]]\nid = "local.x"\nlabel = "X"\n',
         r"x\.toml: a clinic form may add special_tests and history_items, not red_flags"),
        ('[[special_tests]]\nid = "local.x"\nlabel = "X"\ngroup = "funky"\n',
         r"x\.toml, line 1: special_tests\[33\]\.group"),
        ("[[special_tests]\n", r"x\.toml: is not valid TOML"),
    ],
)
def test_a_malformed_clinic_form_is_refused_with_its_file_and_line(
        tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "x.toml").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match=message):
        load_catalog(local_folder=tmp_path)


def test_two_clinic_forms_cannot_define_the_same_item(tmp_path: Path) -> None:
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text(readme_example(), encoding="utf-8")
    with pytest.raises(CatalogError, match=r"b\.toml, line 2: local\.heel_walk is already defined"):
        load_catalog(local_folder=tmp_path)


def test_the_command_line_refuses_a_broken_clinic_form_in_one_sentence(tmp_path: Path) -> None:
    forms = tmp_path / "data" / "forms"
    forms.mkdir(parents=True)
    (forms / "ours.toml").write_text('[[history_items]]\nid = "Seen"\nlabel = "x"\n')
    exam = tmp_path / "exam.json"
    exam.write_text(vignette("sprinter_strain").to_json())
    run = subprocess.run([sys.executable, "-m", "slrdesk", "classify", str(exam), "--data-dir",
                          str(tmp_path / "data")], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "ours.toml, line 1: a clinic form's id must be local.<name>" in lines[0]


def test_a_local_id_is_one_part_of_a_field_path(clinic_forms: Path) -> None:
    from slrdesk.core.document.editing import value_at, with_value
    from slrdesk.core.document.field_labels import field_label

    exam = with_value(vignette("sprinter_strain"), "special_tests.local.heel_walk.right",
                      {"result": "negative"})
    assert value_at(exam, "special_tests.local.heel_walk.right") == {
        "result": "negative", "reproduced": None, "location": None}
    assert field_label("special_tests.local.heel_walk.right") == (
        "Heel walking (ankle dorsiflexion, L4–L5), right")
    cleared = with_value(exam, "special_tests.local.heel_walk.right", None)
    assert "local.heel_walk" not in cleared.special_tests
