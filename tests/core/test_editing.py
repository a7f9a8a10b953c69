"""Field-by-field editing and the grid's cell grammar (what the workstation is built on)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slrdesk.core.document.cell_entry import (
    NORMAL,
    format_cell,
    format_qualities,
    parse_cell,
    parse_qualities,
)
from slrdesk.core.document.cell_meaning import is_abnormal, rank
from slrdesk.core.document.editing import edit, value_at, with_value, with_values
from slrdesk.core.document.field_path import FieldPath, touches
from slrdesk.core.errors import InputError
from slrdesk.core.examples import vignette
from slrdesk.core.progress import angle_direction, angle_error, side_difference


@pytest.mark.parametrize(
    ("kind", "typed", "value", "shown"),
    [
        ("motor", "4+", {"grade": 4, "modifier": "+", "limited_by": "not_recorded"}, "4+"),
        ("motor", "NTp", {"not_testable": {"reason": "pain"}}, "NTp"),
        ("motor", "nt: in a cast", {"not_testable": {"reason": "other", "detail": "in a cast"}},
         "NT: in a cast"),
        ("motor", "3", {"grade": 3, "limited_by": "not_recorded"}, "3"),
        ("motor", "3n", {"grade": 3, "limited_by": "none"}, "3n"),
        ("motor", "5", {"grade": 5, "limited_by": "none"}, "5"),
        ("motor", "2p", {"grade": 2, "limited_by": "pain"}, "2p"),
        ("motor", "4-g", {"grade": 4, "modifier": "-", "limited_by": "guarding"}, "4-g"),
        ("motor", " 3E ", {"grade": 3, "limited_by": "effort"}, "3e"),
        ("reflex", "1+", {"grade": 1}, "1+"),
        ("reflex", "0", {"grade": 0}, "0"),
        ("sensation", "a", {"grade": "altered"}, "a"),
        ("sensation", "2", {"grade": "normal"}, "n"),
        ("test", "+", {"result": "positive"}, "+"),
        ("test", "nt", {"result": "not_tested"}, "NT"),
    ],
)
def test_typed_entries_become_document_values_and_read_back(
    kind: str, typed: str, value: dict, shown: str  # type: ignore[type-arg]
) -> None:
    assert parse_cell(kind, typed) == value  # type: ignore[arg-type]
    assert format_cell(kind, value) == shown  # type: ignore[arg-type]


@pytest.mark.parametrize(("kind", "typed", "message"), [
    ("motor", "3+", "only used with grade 4"),
    ("motor", "6", "is not a motor entry"),
    ("reflex", "5", "is not a reflex entry"),
    ("test", "maybe", "is not a test entry"),
])
def test_nonsense_is_refused_with_a_hint(kind: str, typed: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_cell(kind, typed)  # type: ignore[arg-type]


def test_nt_and_empty() -> None:
    assert parse_cell("motor", "") is None
    assert format_cell("motor", parse_cell("motor", "NT")) == "NT"  # type: ignore[arg-type]
    assert parse_cell("reflex", "nt") == {"not_testable": {"reason": "other",
                                                           "detail": "not testable"}}


@given(st.sampled_from(["motor", "reflex", "sensation", "test"]), st.text(max_size=6))
def test_any_typing_gives_a_value_or_a_sentence(kind: str, typed: str) -> None:
    try:
        parse_cell(kind, typed)  # type: ignore[arg-type]
    except InputError as exc:
        message = str(exc)
    else:
        return
    assert "\n" not in message


def test_set_and_clear_return_the_document_to_not_examined() -> None:
    exam = vignette("mild_weakness_only")
    for path, value in [
        ("neurology.myotomes.knee_extension.left", NORMAL["motor"]),
        ("special_tests.slump.right", {"result": "positive"}),
        ("history.symptoms.night_pain", True),
        ("goniometry.passive_slr.left", 60),
        ("history.pain_now", 4),
    ]:
        edited = with_value(exam, path, value)
        assert value_at(edited, path) is not None
        assert with_value(edited, path, None) == exam, path


def test_an_invalid_edit_is_refused_and_the_document_kept() -> None:
    exam = vignette("sprinter_strain")
    with pytest.raises(InputError, match=r"goniometry\.passive_slr\.left: 190° is outside"):
        with_value(exam, "goniometry.passive_slr.left", 190)
    assert exam.goniometry.passive_slr.left == 85


def test_several_cells_at_once_are_all_or_none() -> None:
    exam = vignette("mild_weakness_only")
    both = with_values(exam, {"neurology.reflexes.patellar.left": {"grade": 2},
                              "neurology.reflexes.patellar.right": {"grade": 1}})
    assert both.neurology.reflexes["patellar"].right is not None
    with pytest.raises(InputError):
        with_values(exam, {"neurology.reflexes.patellar.left": {"grade": 2},
                           "neurology.reflexes.patellar.right": {"grade": 9}})


_NT_VALUES = st.one_of(
    st.sampled_from(["pain", "immobilised", "contracture", "patient_declined"]).map(
        lambda r: {"not_testable": {"reason": r}}),
    st.text(st.characters(categories=("L", "N", "Zs")), min_size=1, max_size=20).filter(
        lambda t: t.strip() == t and t.strip()).map(
        lambda d: {"not_testable": {"reason": "other", "detail": d}}),
)
_RECORDED = {
    "motor": st.one_of(_NT_VALUES, st.builds(
        # A 5/5 is stored with nothing limiting it (MotorGrade normalises "not recorded").
        lambda g, lim, mod: {"grade": g, "limited_by": "none" if g == 5 and lim == "not_recorded"
                             else lim, **({"modifier": mod} if mod and g == 4 else {})},
        st.integers(0, 5), st.sampled_from(["not_recorded", "none", "pain", "guarding", "effort"]),
        st.sampled_from([None, "+", "-"]))),
    "reflex": st.one_of(_NT_VALUES, st.integers(0, 4).map(lambda g: {"grade": g})),
    "sensation": st.one_of(_NT_VALUES, st.sampled_from(["normal", "altered", "absent"]).map(
        lambda g: {"grade": g})),
    "test": st.sampled_from(["positive", "negative", "not_tested"]).map(lambda r: {"result": r}),
}


@given(st.sampled_from(sorted(_RECORDED)).flatmap(
    lambda kind: st.tuples(st.just(kind), _RECORDED[kind])))
def test_every_recorded_cell_reads_back_as_itself(case: tuple[str, dict]) -> None:  # type: ignore[type-arg]
    """Opening a recorded cell and pressing Enter never rewrites it (F2 + Enter)."""
    kind, value = case
    assert parse_cell(kind, format_cell(kind, value)) == value  # type: ignore[arg-type]


def test_an_edit_says_exactly_which_fields_changed() -> None:
    exam = vignette("sprinter_strain")
    edited = edit(exam, {"goniometry.passive_slr.left": 45,
                         "neurology.myotomes.knee_extension.right": None})
    assert edited.document.goniometry.passive_slr.left == 45
    assert edited.json == edited.document.model_dump(mode="json")
    changed = edited.changed
    assert FieldPath.parse("goniometry.passive_slr.left") in changed
    knee = FieldPath.parse("neurology.myotomes.knee_extension")
    assert any(p.within(knee) for p in changed)
    assert not any(p.parts[0] in ("history", "red_flags", "patient") for p in changed)
    assert touches(FieldPath.parse("goniometry.passive_slr.left"), changed)
    assert touches(FieldPath.parse("goniometry.passive_slr"), changed)  # showing the pair
    assert not touches(FieldPath.parse("goniometry.passive_slr.right"), changed)
    assert not touches(FieldPath.parse("history.pain_now"), changed)
    assert touches(FieldPath.parse("history.pain_now"), None)  # a new document: everything
    assert edit(exam, {"goniometry.passive_slr.left": 85}).changed == frozenset()  # as it was
    assert exam.goniometry.passive_slr.left == 85  # the document edited is never changed


def test_an_edit_never_changes_the_json_it_started_from() -> None:
    """The session passes its cached JSON of the open document; an edit copies only what it
    changes, so that form still describes the document before the edit."""
    exam = vignette("sprinter_strain")
    before = exam.model_dump(mode="json")
    kept = json.loads(json.dumps(before))
    edited = edit(exam, {"goniometry.passive_slr.left": 45,
                         "neurology.myotomes.hip_flexion.left": None,
                         "neurology.reflexes.patellar.right": {"grade": 1},
                         "history.notes": "new"}, before)
    assert before == kept
    assert edited.document.goniometry.passive_slr.left == 45
    assert edited.document.neurology.myotomes.get("hip_flexion") is None or (
        edited.document.neurology.myotomes["hip_flexion"].left is None)
    assert edited.document.neurology.reflexes["patellar"].right.grade == 1  # type: ignore[union-attr]
    assert edited.json == edited.document.model_dump(mode="json")


def test_an_edit_shares_with_the_json_before_it_all_it_did_not_change() -> None:
    """An undo history keeps every step's JSON: a step must cost what its edit changed, not a
    whole document (the collector walks whatever is kept)."""
    exam = vignette("sprinter_strain")
    before = exam.model_dump(mode="json")
    edited = edit(exam, {"history.notes": "new"}, before)
    after = edited.json
    assert after == edited.document.model_dump(mode="json")
    assert after is not before
    assert after["history"] is not before["history"]
    for unchanged in ("patient", "goniometry", "neurology", "special_tests", "red_flags"):
        assert after[unchanged] is before[unchanged], unchanged
    assert after["history"]["symptoms"] is before["history"]["symptoms"]
    assert after["pain_map"] is before["pain_map"]


def test_a_clinic_id_is_one_part_of_a_field_path() -> None:
    path = FieldPath.parse("special_tests.local.heel_walk.right")
    assert path.parts == ("special_tests", "local.heel_walk", "right")
    assert str(path) == "special_tests.local.heel_walk.right"
    assert path.within(FieldPath.parse("special_tests"))
    assert not path.within(FieldPath.parse("special_tests.local"))
    assert FieldPath.parse("history.local").parts == ("history", "local")  # not keyed there
    assert FieldPath.parse("goniometry.active_slr.left").label == "Active SLR, left"
    with pytest.raises(InputError, match="is not a field path"):
        FieldPath.parse("goniometry..left")


@given(st.lists(st.sampled_from(["ache", "sharp", "burning", "numbness", "tingling",
                                 "radiating"]), unique=True))
def test_pain_qualities_read_back_as_typed(qualities: list[str]) -> None:
    """A list cell opened and closed unchanged keeps its qualities (the pain map's grammar)."""
    assert parse_qualities(format_qualities(qualities)) == qualities


def test_pain_qualities_by_initials_and_names() -> None:
    assert parse_qualities("nt") == ["numbness", "tingling"]
    assert parse_qualities("a, sharp") == ["ache", "sharp"]
    assert parse_qualities("nn") == ["numbness"]
    assert parse_qualities("") == []
    with pytest.raises(InputError, match="qualities are ache, sharp"):
        parse_qualities("q")


def test_what_a_cell_means_and_how_angles_compare() -> None:
    """The thresholds the screen shades and marks by live in the core, with the note's."""
    assert is_abnormal("motor", {"grade": 4, "limited_by": "pain"})
    assert not is_abnormal("motor", {"grade": 5, "limited_by": "none"})
    assert is_abnormal("reflex", {"grade": 1})
    assert is_abnormal("reflex", {"grade": 4})
    assert is_abnormal("reflex", {"grade": 3})  # brisk: shaded, as the progress table lists it
    assert not is_abnormal("reflex", {"grade": 2})
    assert not is_abnormal("sensation", {"not_testable": {"reason": "pain"}})
    assert is_abnormal("test", {"result": "positive"})
    assert rank("reflex", {"grade": 3}) == rank("reflex", {"grade": 1})  # both one off 2+
    assert angle_error(None) == 5.0
    assert side_difference(60, 65, 5.0) == (5, False)  # within the goniometer's error
    assert side_difference(60, 66, 5.0) == (6, True)
    assert side_difference(60, None, 5.0) is None
    assert angle_direction("active_slr", 40, 45, 5.0) is None
    assert angle_direction("active_slr", 40, 46, 5.0) == "better"
    assert angle_direction("thomas_thigh_angle", 10, 16, 5.0) == "worse"  # contracture
