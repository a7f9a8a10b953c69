"""The FHIR document Bundle: valid to the FHIR models, self-contained, saying what the note says,
coded only where the catalog holds a checked code, and the same Bundle inside the signed note."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from slrdesk.core.assessment import classify
from slrdesk.core.catalog import CatalogError, catalog, load_catalog
from slrdesk.core.document.editing import with_values
from slrdesk.core.examples import VIGNETTES, vignette
from slrdesk.core.note.export import build_note
from slrdesk.core.note.fhir import ICD10CM, bundle_dict
from slrdesk.core.note.signing import FHIR_ATTACHMENT_NAME
from slrdesk.core.note.verify import read_attachment

from .helpers import copy_of_form
from .note_helpers import PASSPHRASE, make_identity

# Code systems of the FHIR specification itself (structure, not findings), and units.
STRUCTURE = ("http://terminology.hl7.org/CodeSystem/", "http://unitsofmeasure.org")


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _codings(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node] if "system" in node and "code" in node else []
        return found + [c for value in node.values() for c in _codings(value)]
    if isinstance(node, list):
        return [c for value in node for c in _codings(value)]
    return []


@pytest.mark.parametrize("name", list(VIGNETTES))
def test_every_worked_example_is_a_valid_self_contained_document(name: str) -> None:
    exam = vignette(name)
    bundle = bundle_dict(exam, classify(exam))
    Bundle.model_validate_json(json.dumps(bundle))  # the FHIR models accept it as written
    assert bundle["type"] == "document"
    assert bundle["entry"][0]["resource"]["resourceType"] == "Composition"
    urls = {e["fullUrl"] for e in bundle["entry"]}
    text = json.dumps(bundle)
    references = set(_walk_references(bundle))
    assert references <= urls, "a reference points outside the Bundle"
    composition = bundle["entry"][0]["resource"]
    for section in composition["section"]:
        assert section["text"]["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml">')
    patient = _resources(bundle, "Patient")[0]
    assert patient["name"][0]["text"] == exam.patient.name
    assert patient["birthDate"] == exam.patient.date_of_birth.isoformat()
    assert patient["identifier"][0]["value"] == exam.patient.record_number
    assert exam.clinician.name in text


def _walk_references(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return own + [r for value in node.values() for r in _walk_references(value)]
    if isinstance(node, list):
        return [r for value in node for r in _walk_references(value)]
    return []


def test_every_recorded_value_is_an_observation_in_the_notes_words() -> None:
    exam = vignette("upper_lumbar_radiculopathy")
    bundle = bundle_dict(exam, classify(exam))
    observations = _resources(bundle, "Observation")
    by_name: dict[tuple[str, str | None], dict[str, Any]] = {}
    for o in observations:
        side = o["component"][0]["valueCodeableConcept"]["text"].lower() if "component" in \
            o else None
        by_name[(o["code"]["text"], side)] = o
    slr = exam.goniometry.active_slr
    assert slr.left is not None
    assert by_name[("Active SLR", "left")]["valueQuantity"] == {
        "value": slr.left, "unit": "°", "system": "http://unitsofmeasure.org", "code": "deg"}
    hip = exam.neurology.myotomes["hip_flexion"].left
    assert hip is not None
    strength = next(o for (n, side), o in by_name.items()
                    if n.startswith("Strength (MRC 0–5): Hip flexion") and side == "left")
    assert strength["valueString"].startswith(hip.text())
    recorded_sides = sum(
        (pair.left is not None) + (pair.right is not None)
        for pair in exam.neurology.myotomes.values())
    assert sum(n.startswith("Strength") for n, _ in by_name) == recorded_sides
    # Every checklist item is there, answered or said to be not asked, never left out.
    flags = [o for o in observations if o["code"]["text"].startswith("Red flag: ")]
    assert len(flags) == len(catalog().red_flags)
    for o in flags:
        assert ("valueBoolean" in o) != ("dataAbsentReason" in o)


def test_codes_come_only_from_the_catalogs_checked_list() -> None:
    allowed = {(c.system_uri, c.code) for c in catalog().codings.values()}
    allowed |= {(ICD10CM, code) for code in catalog().codes}
    for name in VIGNETTES:
        exam = vignette(name)
        for coding in _codings(bundle_dict(exam, classify(exam))):
            if coding["system"].startswith(STRUCTURE):
                continue
            assert (coding["system"], coding["code"]) in allowed, coding


def test_the_impression_codes_are_conditions_and_the_pain_score_is_loinc() -> None:
    exam = with_values(vignette("upper_lumbar_radiculopathy"),
                       {"impression.codes": ["M54.16"], "history.pain_now": 6})
    bundle = bundle_dict(exam, classify(exam))
    (condition,) = _resources(bundle, "Condition")
    assert condition["code"]["coding"][0] == {
        "system": ICD10CM, "code": "M54.16", "display": "Radiculopathy, lumbar region"}
    impression = _resources(bundle, "ClinicalImpression")[0]
    assert impression["problem"] == [{"reference": _url_of(bundle, condition)}]
    pain = next(o for o in _resources(bundle, "Observation")
                if o["code"].get("coding", [{}])[0].get("code") == "72514-3")
    assert pain["valueInteger"] == 6


def _url_of(bundle: dict[str, Any], resource: dict[str, Any]) -> str:
    return next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is resource)


def test_a_signed_note_carries_the_final_bundle_naming_its_signer(tmp_path: Path) -> None:
    _, identity = make_identity(tmp_path)
    pdf, signed = build_note(vignette("sprinter_strain"), identity=identity, check_signer=False)
    embedded = read_attachment(pdf, FHIR_ATTACHMENT_NAME)
    assert embedded is not None
    bundle = json.loads(embedded)
    composition = bundle["entry"][0]["resource"]
    assert composition["status"] == "final"
    assert composition["attester"][0]["mode"] == "legal"
    (provenance,) = _resources(bundle, "Provenance")
    assert provenance["agent"][0]["who"]["display"] == identity.common_name
    assert provenance["target"] == [{"reference": bundle["entry"][0]["fullUrl"]}]
    assert signed.signature is not None
    assert provenance["recorded"] == signed.signature.signed_at.isoformat(timespec="seconds")


def test_cli_writes_the_same_bundle_the_note_embeds(tmp_path: Path) -> None:
    path, _ = make_identity(tmp_path)
    exam = with_values(vignette("sprinter_strain"),
                       {"clinician.name": "Dr Sam Okafor",
                        "clinician.registration_number": "PH-104233"})
    (tmp_path / "exam.json").write_text(exam.to_json())
    (tmp_path / "pass").write_bytes(PASSPHRASE)
    run = subprocess.run(
        [sys.executable, "-m", "slrdesk", "export", str(tmp_path / "exam.json"),
         "-o", str(tmp_path / "note.pdf"), "--fhir", str(tmp_path / "bundle.json"),
         "--identity", str(path), "--passphrase-file", str(tmp_path / "pass")],
        capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    written = (tmp_path / "bundle.json").read_bytes()
    assert read_attachment((tmp_path / "note.pdf").read_bytes(), FHIR_ATTACHMENT_NAME) == written
    alone = subprocess.run(
        [sys.executable, "-m", "slrdesk", "export", str(tmp_path / "exam.json"),
         "--fhir", str(tmp_path / "draft.json")], capture_output=True, text=True, timeout=120)
    assert alone.returncode == 0, alone.stderr
    draft = json.loads((tmp_path / "draft.json").read_bytes())
    assert draft["entry"][0]["resource"]["status"] == "preliminary"


def test_a_coding_for_something_the_catalog_does_not_know_stops_the_load(tmp_path: Path) -> None:
    form = copy_of_form(tmp_path)
    with (form / "codings.toml").open("a", encoding="utf-8") as codings:
        codings.write('\n[[codings]]\nitem = "history.mood"\nsystem = "loinc"\n'
                      'code = "1-1"\ndisplay = "x"\nsource = "nowhere at all"\n')
    with pytest.raises(CatalogError, match=r"codings\.toml, line \d+: codings\[8\]\.item"):
        load_catalog(form)
