"""The exam document: what a clinician may enter, and one clear sentence for what they may not."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from slrdesk.core.document.exam import exam_json_schema, parse_exam
from slrdesk.core.errors import InputError
from slrdesk.core.examples import VIGNETTES, vignette, vignette_json
from tests.core.helpers import minimal


@pytest.mark.parametrize("name", VIGNETTES)
def test_vignettes_round_trip_losslessly(name: str) -> None:
    original = json.loads(vignette_json(name))
    document = parse_exam(vignette_json(name))
    again = parse_exam(document.to_json())
    assert again == document
    assert again.sha256() == document.sha256()
    # Everything the file said is still there, value for value.
    dumped = json.loads(document.to_json())
    _assert_contains(dumped, original)


def _assert_contains(full: Any, part: Any, path: str = "") -> None:
    if isinstance(part, dict):
        for key, value in part.items():
            assert key in full, f"{path}.{key} lost"
            _assert_contains(full[key], value, f"{path}.{key}")
    else:
        assert full == part, f"{path}: {full!r} != {part!r}"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"goniometry": {"passive_slr": {"left": 190}}},
         "goniometry.passive_slr.left: 190° is outside the 0–160° that can be recorded"),
        ({"goniometry": {"hip_internal_rotation": {"right": 95}}},
         "goniometry.hip_internal_rotation.right: 95° is outside the 0–90° that can be recorded"),
        ({"goniometry": {"passive_slr": {"left": 40}, "passive_slr_onset": {"left": 55}}},
         "goniometry.passive_slr_onset.left: symptoms at 55° cannot start beyond the 40° the "
         "leg reached"),
        ({"neurology": {"myotomes": {"hip_flexion": {"left": {"grade": 6}}}}},
         "neurology.myotomes.hip_flexion.left.grade: input should be less than or equal to 5"),
        ({"neurology": {"myotomes": {"hip_flexion": {"left": {"grade": 3, "modifier": "-"}}}}},
         "neurology.myotomes.hip_flexion.left: a - modifier is only used with grade 4"),
        ({"neurology": {"myotomes": {"hip_flexion": {"left": {"limited_by": "pain"}}}}},
         "neurology.myotomes.hip_flexion.left: give either a grade or not_testable with a reason"),
        ({"neurology": {"myotomes": {"psoas": {"left": {"grade": 3}}}}},
         "neurology.myotomes.psoas: 'psoas' is not a known myotome"),
        ({"neurology": {"reflexes": {"patellar": {"left": {"not_testable": {"reason": "other"}}}}}},
         "neurology.reflexes.patellar.left.not_testable: a reason of 'other' needs a detail"),
        ({"pain_map": [{"region": "groin"}]},
         "pain_map[0].region: 'groin' is not a known pain-map region"),
        ({"pain_map": [{"region": "groin_left", "intensity": 11}]},
         "pain_map[0].intensity: input should be less than or equal to 10"),
        ({"pain_map": [{"region": "groin_left"}, {"region": "groin_left"}]},
         "pain_map: region groin_left is marked more than once"),
        ({"red_flags": {"bladder_dysfunction": "maybe"}},
         "red_flags.bladder_dysfunction: input should be 'yes', 'no' or 'not_asked'"),
        ({"history": {"pain_now": -1}}, "history.pain_now: input should be greater than"),
        ({"history": {"onset_date": "2026-12-25"}}, "history.onset_date: 2026-12-25 is after"),
        ({"encounter_time": "2099-01-01T09:00:00+00:00"},
         "encounter_time: 2099-01-01T09:00+00:00 is in the future"),
        ({"encounter_time": "2026-11-20T10:00:00"}, "encounter_time: needs its time zone"),
        ({"patient": {"name": "  ", "date_of_birth": "1980-01-01", "record_number": "1"}},
         "patient.name: must not be blank"),
        ({"patient": {"name": "A", "date_of_birth": "2099-01-01", "record_number": "1"}},
         "patient.date_of_birth: 2099-01-01 is in the future"),
        ({"special_tests": {"slump": {"both": {"result": "positive"}}}},
         "special_tests.slump.both: is not a field of this document"),
        ({"status": "signed"}, "signature: a signed exam needs a signature"),
        ({"impression": {"codes": ["Z99.9"]}},
         "impression.codes[0]: 'Z99.9' is not a known code"),
    ],
)
def test_bad_values_are_refused_with_one_sentence_naming_the_field(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_exam(minimal(**changes), source="exam.json")
    text = str(caught.value)
    assert text.startswith(f"exam.json: {message}"), text
    assert "\n" not in text


def test_several_problems_are_counted_after_the_first() -> None:
    bad = minimal(goniometry={"passive_slr": {"left": 190, "right": 200}})
    with pytest.raises(InputError, match=r"left: 190° is outside the 0–160° that can be "
                       r"recorded \(usual range up to 110°\) \(and 1 more problem\)"):
        parse_exam(bad)


def test_unreadable_json_names_the_file_and_the_place() -> None:
    with pytest.raises(InputError, match=r"^x\.json: is not valid JSON \(.*line 1 column 12\)$"):
        parse_exam('{"patient": ', source="x.json")


def test_not_examined_is_distinct_from_normal() -> None:
    document = parse_exam(minimal(neurology={
        "myotomes": {"hip_flexion": {"left": {"grade": 5}}},
        "reflexes": {"patellar": {"right": {"not_testable": {"reason": "pain"}}}},
    }))
    hip = document.neurology.myotomes["hip_flexion"]
    assert hip.left is not None
    assert hip.left.grade == 5
    assert hip.right is None  # not examined, not "normal"
    assert "knee_extension" not in document.neurology.myotomes
    patellar = document.neurology.reflexes["patellar"].right
    assert patellar is not None
    assert patellar.grade is None
    assert patellar.not_testable is not None
    assert patellar.not_testable.reason == "pain"
    assert document.red_flag_answer("bladder_dysfunction") == "not_asked"


def test_grades_read_as_a_clinician_writes_them() -> None:
    document = parse_exam(minimal(neurology={"myotomes": {
        "hip_flexion": {"left": {"grade": 4, "modifier": "-"},
                        "right": {"grade": 2, "limited_by": "pain"}},
        "knee_extension": {"left": {"not_testable": {"reason": "immobilised"}}},
    }}))
    hip = document.neurology.myotomes["hip_flexion"]
    assert hip.left is not None
    assert hip.left.text() == "4-"
    assert hip.right is not None
    assert hip.right.text() == "2*"
    knee = document.neurology.myotomes["knee_extension"].left
    assert knee is not None
    assert knee.text() == "NT (immobilised)"


def test_age_is_taken_on_the_day_of_the_encounter() -> None:
    document = vignette("sprinter_strain")
    assert document.patient.date_of_birth.isoformat() == "2002-03-14"
    assert document.age == 24
    # One day before the 26th birthday is still 25.
    assert document.patient.age_on(document.patient.date_of_birth.replace(year=2028) -
                                   timedelta(days=1)) == 25


def test_a_document_never_changes_once_made() -> None:
    """An edit makes a new document; the one a widget, the classifier or an undo step holds
    stays as it was."""
    from slrdesk.core.document.editing import with_value

    document = vignette("sprinter_strain")
    with pytest.raises(ValueError, match="frozen"):
        document.goniometry.passive_slr.left = 45
    with pytest.raises(InputError, match="190° is outside the 0–160°"):
        with_value(document, "goniometry.passive_slr.left", 190)
    assert with_value(document, "goniometry.passive_slr.left", 45).goniometry.passive_slr.left == 45
    assert document.goniometry.passive_slr.left == 85


def test_a_few_minutes_of_clock_drift_is_not_the_future() -> None:
    soon = datetime.now(UTC) + timedelta(minutes=2)
    assert parse_exam(minimal(encounter_time=soon.isoformat())).encounter_time == soon


def test_schema_lists_the_catalog_identifiers_a_document_may_use() -> None:
    schema = exam_json_schema()
    properties = schema["properties"]
    assert properties["schema_version"]["const"] == 3
    shipped, local = properties["special_tests"]["propertyNames"]["anyOf"]
    assert "gaenslen" in shipped["enum"]
    assert local == {"pattern": r"^local\.[a-z][a-z0-9_]*$"}  # a clinic form's own tests
    assert "bladder_dysfunction" in properties["red_flags"]["propertyNames"]["enum"]
    region_enum = schema["$defs"]["PainMark"]["properties"]["region"]["enum"]
    assert "perineum_saddle" in region_enum
    assert "groin_left" in region_enum
    assert "groin" not in region_enum
    assert schema["required"] == ["patient", "clinician", "encounter_time"]


V1_EXAM = Path(__file__).parents[1] / "data" / "schema_v1_exam.json"


def test_a_version_1_document_is_migrated_on_read() -> None:
    original = json.loads(V1_EXAM.read_text(encoding="utf-8"))
    assert original["schema_version"] == 1
    exam = parse_exam(V1_EXAM.read_text(encoding="utf-8"))
    assert exam.schema_version == 3
    # Version 1 left `limited_by` out to mean "none"; version 2's default is "not_recorded".
    knee = exam.neurology.myotomes["knee_extension"].right
    assert knee is not None
    assert knee.limited_by == "none"
    assert exam.history.temperature_c is None
    assert exam.circulation.distal_pulses.left is None
    assert parse_exam(original) == exam


def test_a_new_motor_grade_without_a_limit_is_not_recorded() -> None:
    exam = parse_exam(minimal(neurology={"myotomes": {"hip_flexion": {"left": {"grade": 3}}}}))
    grade = exam.neurology.myotomes["hip_flexion"].left
    assert grade is not None
    assert grade.limited_by == "not_recorded"
    assert grade.objective_weakness


def test_a_version_2_document_is_migrated_to_3_without_letterhead() -> None:
    data = json.loads(vignette_json("sprinter_strain"))
    data["schema_version"] = 2
    for added in ("clinic", "correspondence"):
        data.pop(added, None)
    exam = parse_exam(data)
    assert exam.schema_version == 3
    assert exam.clinic is None
    assert exam.correspondence.addressed_to is None


def test_a_clinic_needs_a_name_said_with_its_field() -> None:
    data = json.loads(vignette_json("sprinter_strain"))
    data["clinic"] = {"name": "  ", "phone": "1"}
    with pytest.raises(InputError, match=r"clinic\.name"):
        parse_exam(data)
