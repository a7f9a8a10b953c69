"""The examination form holds every clinical identifier, refuses to load when broken (naming the
file and the line), and takes a clinic's own items in their own namespace."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from slrdesk.core import catalog as catalog_module
from slrdesk.core.catalog import CatalogError, catalog, load_catalog
from slrdesk.core.document.exam import parse_exam
from slrdesk.core.errors import InputError
from slrdesk.core.forms import bundled_folder
from tests.core.helpers import copy_of_form, minimal

ANTERIOR = ["lower_abdomen", "pubic", "groin", "anterior_hip", "anterior_thigh_upper",
            "anterior_thigh_lower", "medial_thigh", "lateral_thigh", "anterior_knee",
            "medial_knee", "shin_medial", "shin_lateral", "ankle_medial", "foot_dorsum"]
POSTERIOR = ["thoracolumbar", "lumbar_central", "lumbar_paraspinal", "sacrum", "sacroiliac",
             "buttock", "lateral_hip", "posterior_thigh", "popliteal", "calf", "ankle_lateral",
             "heel_sole", "perineum_saddle"]
MIDLINE = {"lower_abdomen", "pubic", "thoracolumbar", "lumbar_central", "sacrum", "perineum_saddle"}


def _bundled_text(part: str) -> str:
    return (bundled_folder() / f"{part}.toml").read_text("utf-8")


def test_every_region_of_clinical_md_exists_once_per_side_or_on_the_midline() -> None:
    regions = catalog().regions
    for view, names in (("anterior", ANTERIOR), ("posterior", POSTERIOR)):
        for name in names:
            if name in MIDLINE:
                assert regions[name].side == "midline"
                assert regions[name].view == view
            else:
                assert name not in regions
                for side in ("left", "right"):
                    region = regions[f"{name}_{side}"]
                    assert (region.view, region.side, region.base) == (view, side, name)
    assert len(regions) == len(MIDLINE) + 2 * (len(ANTERIOR) + len(POSTERIOR) - len(MIDLINE))


def test_clinical_identifiers_and_attributes() -> None:
    cat = catalog()
    assert cat.myotomes["hip_flexion"].roots == ("L2",)
    assert cat.myotomes["knee_flexion"].roots == ("S1", "S2")
    assert cat.reflexes["patellar"].roots == ("L3", "L4")
    assert list(cat.dermatomes) == ["L1", "L2", "L3", "L4", "L5", "S1", "S2", "saddle"]
    assert cat.regions["perineum_saddle"].dermatomes == ("saddle",)
    assert cat.red_flags["bladder_dysfunction"].tier == "emergency"
    assert cat.red_flags["major_trauma"].tier == "emergency"
    assert cat.red_flags["history_of_cancer"].tier == "urgent"
    assert list(cat.urgency_tiers) == [
        "emergency", "same_day", "urgent", "not_established", "routine"]
    # docs/clinical.md §4: warn beyond the plausible range, reject only beyond the hard limit.
    slr = cat.angles["passive_slr"]
    assert (slr.minimum, slr.plausible_maximum, slr.maximum) == (0, 110, 160)
    assert (cat.angles["hip_flexion"].plausible_maximum, cat.angles["hip_flexion"].maximum) == (
        150, 180)
    assert cat.angles["hip_internal_rotation"].maximum == 90
    for test_id in ("femoral_nerve_stretch", "crossed_slr", "gaenslen", "lift_compensation",
                    "extension_lag", "palpable_gap", "hoover_sign", "hip_abductor_sign",
                    "painful_hip_extension", "leg_shortened_rotated", "limb_cold_pale",
                    "fulcrum_test", "hop_test", "heel_strike"):
        assert test_id in cat.special_tests
    assert "hip_adduction" in cat.myotomes
    for item in ("unable_to_weight_bear", "bleeding_risk", "diabetes", "recent_procedure",
                 "known_cns_condition", "deficit_longstanding", "spread_to_other_leg"):
        assert item in cat.history_items
    assert cat.red_flags["sexual_dysfunction"].tier == "warning"
    assert cat.red_flags["age_over_50_new_pain"].tier == "warning"
    assert cat.screen_items == ["bladder_dysfunction", "bowel_dysfunction", "saddle_anaesthesia",
                                "bilateral_severe_weakness", "bilateral_radicular_pain"]


def test_catalog_is_loaded_once() -> None:
    assert catalog() is catalog()


def _edited(tmp_path: Path, part: str, edit) -> Path:  # type: ignore[no-untyped-def]
    folder = copy_of_form(tmp_path)
    path = folder / f"{part}.toml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("part", "edit", "message"),
    [
        ("neurology", lambda t: t.replace('id = "L2"\nlabel = "L2"', 'id = "L1"\nlabel = "L2"', 1),
         "dermatomes: L1 listed more than once"),
        ("neurology", lambda t: t.replace('roots = ["L2"]', 'roots = ["L9"]', 1),
         "neurology.toml, line 56: myotome hip_flexion refers to unknown L9"),
        ("red_flags", lambda t: t.replace('tier = "urgent"', 'tier = "soon"', 1),
         "red flag history_of_cancer refers to unknown soon"),
        ("pain_map", lambda t: t.replace('view = "posterior"', 'view = "lateral"', 1),
         "pain_map.toml, line 106: regions[14].view"),
        ("impression", lambda t: t.replace("[[codes]]", "[[codes", 1), "is not valid TOML"),
        ("goniometry", lambda t: t.replace('plausible_maximum = 110', 'plausible_maximum = -1', 1),
         "goniometry.toml, line 8: angles[0]: angle active_slr: needs minimum < plausible_maximum"),
        ("history", lambda t: t + '\n[[gadgets]]\nid = "x"\n', "gadgets: is not a field"),
        ("history", lambda t: t + '\n[[codes]]\nid = "X1"\nlabel = "x"\n',
         "impression.toml: codes are already listed in"),
    ],
)
def test_broken_form_fails_loudly_at_load_naming_file_and_line(
        tmp_path: Path, part: str, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CatalogError, match=re.escape(message)):
        load_catalog(_edited(tmp_path, part, edit))


def test_missing_form_file_is_one_clear_sentence(tmp_path: Path) -> None:
    folder = copy_of_form(tmp_path)
    (folder / "special_tests.toml").unlink()
    with pytest.raises(CatalogError, match=r"special_tests\.toml: cannot be read"):
        load_catalog(folder)


def test_adding_a_special_test_is_one_form_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exam = minimal(special_tests={"ober": {"left": {"result": "positive"}}})
    with pytest.raises(InputError, match="'ober' is not a known special test"):
        parse_exam(exam)
    bigger = load_catalog(_edited(tmp_path, "special_tests", lambda t: t + (
        '\n[[special_tests]]\nid = "ober"\nlabel = "Ober"\ngroup = "hip"\n')))
    monkeypatch.setattr(catalog_module, "catalog", lambda: bigger)
    monkeypatch.setattr("slrdesk.core.document.vocabulary.catalog", lambda: bigger)
    document = parse_exam(exam)
    assert document.special_tests["ober"].left is not None
    assert document.special_tests["ober"].left.result == "positive"


def test_the_manifest_names_the_parts_and_the_editors_sections_in_order() -> None:
    manifest = catalog().manifest
    assert manifest is not None
    assert manifest.form_version == catalog().version
    assert [s.title for s in manifest.sections][:3] == ["History", "Pain map", "Goniometry"]
    on_disk = {item.name.removesuffix(".toml") for item in bundled_folder().iterdir()
               if item.name.endswith(".toml")} - {"manifest"}
    assert set(manifest.parts) == on_disk  # no part left out of the manifest, none missing


def test_bundled_form_files_are_plain_toml_a_clinician_can_read() -> None:
    raw = tomllib.loads(_bundled_text("red_flags"))
    assert {"label", "tier", "detail"} <= set(raw["red_flags"][0])


def test_the_clinical_reference_is_generated_from_the_current_form() -> None:
    from slrdesk.core.clinical_doc import render

    current = (Path(__file__).resolve().parents[2] / "docs" / "clinical.md").read_text(
        encoding="utf-8")
    assert current == render(), (
        "docs/clinical.md is stale: python -m slrdesk.core.clinical_doc > docs/clinical.md")
