"""The clinical catalog holds every CLINICAL.md identifier and refuses to load when broken."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from typing import TYPE_CHECKING

import pytest

from slrdesk.core import catalog as catalog_module
from slrdesk.core.catalog import CatalogError, catalog, load_catalog
from slrdesk.core.errors import InputError
from slrdesk.core.exam import parse_exam
from tests.core.helpers import minimal

if TYPE_CHECKING:
    from pathlib import Path

ANTERIOR = ["lower_abdomen", "pubic", "groin", "anterior_hip", "anterior_thigh_upper",
            "anterior_thigh_lower", "medial_thigh", "lateral_thigh", "anterior_knee",
            "medial_knee", "shin_medial", "shin_lateral", "ankle_medial", "foot_dorsum"]
POSTERIOR = ["thoracolumbar", "lumbar_central", "lumbar_paraspinal", "sacrum", "sacroiliac",
             "buttock", "lateral_hip", "posterior_thigh", "popliteal", "calf", "ankle_lateral",
             "heel_sole", "perineum_saddle"]
MIDLINE = {"lower_abdomen", "pubic", "thoracolumbar", "lumbar_central", "sacrum", "perineum_saddle"}


def _bundled_text() -> str:
    return (resources.files("slrdesk.core") / "data" / "catalog.toml").read_text("utf-8")


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
    # CLINICAL.md §4: warn beyond the plausible range, reject only beyond the hard limit.
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


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('id = "L2"\nlabel = "L2"', 'id = "L1"\nlabel = "L2"', 1),
         "dermatomes: L1 listed more than once"),
        (lambda t: t.replace('roots = ["L2"]', 'roots = ["L9"]', 1),
         "myotome hip_flexion refers to unknown L9"),
        (lambda t: t.replace('tier = "urgent"', 'tier = "soon"', 1),
         "red flag history_of_cancer refers to unknown soon"),
        (lambda t: t.replace('view = "posterior"', 'view = "lateral"', 1),
         "regions[14].view"),
        (lambda t: t.replace("[[codes]]", "[[codes", 1), "is not valid TOML"),
        (lambda t: t.replace('plausible_maximum = 110', 'plausible_maximum = -1', 1),
         "angle active_slr: needs minimum < plausible_maximum <= maximum"),
        (lambda t: t + '\n[[gadgets]]\nid = "x"\n', "gadgets: is not a field"),
    ],
)
def test_broken_catalog_fails_loudly_at_load(tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, edit(_bundled_text()))
    with pytest.raises(CatalogError, match=re.escape(message)):
        load_catalog(path)


def test_missing_catalog_file_is_one_clear_sentence(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot be read"):
        load_catalog(tmp_path / "absent.toml")


def test_adding_a_special_test_is_one_catalog_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exam = minimal(special_tests={"ober": {"left": {"result": "positive"}}})
    with pytest.raises(InputError, match="'ober' is not a known special test"):
        parse_exam(exam)
    extended = _bundled_text() + '\n[[special_tests]]\nid = "ober"\nlabel = "Ober"\ngroup = "hip"\n'
    bigger = load_catalog(_write(tmp_path, extended))
    monkeypatch.setattr(catalog_module, "catalog", lambda: bigger)
    monkeypatch.setattr("slrdesk.core.vocabulary.catalog", lambda: bigger)
    document = parse_exam(exam)
    assert document.special_tests["ober"].left is not None
    assert document.special_tests["ober"].left.result == "positive"


def test_bundled_catalog_file_is_plain_toml_a_clinician_can_read() -> None:
    raw = tomllib.loads(_bundled_text())
    assert {"label", "tier", "detail"} <= set(raw["red_flags"][0])
