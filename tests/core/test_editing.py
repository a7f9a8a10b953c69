"""Field-by-field editing and the grid's cell grammar (what the workstation is built on)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slrdesk.core.cell_entry import NORMAL, format_cell, parse_cell
from slrdesk.core.editing import value_at, with_value, with_values
from slrdesk.core.errors import InputError
from slrdesk.core.examples import vignette


@pytest.mark.parametrize(
    ("kind", "typed", "value", "shown"),
    [
        ("motor", "4+", {"grade": 4, "modifier": "+", "limited_by": "none"}, "4+"),
        ("motor", "3", {"grade": 3, "limited_by": "none"}, "3"),
        ("motor", "2p", {"grade": 2, "limited_by": "pain"}, "2p"),
        ("motor", "4-g", {"grade": 4, "modifier": "-", "limited_by": "guarding"}, "4-g"),
        ("motor", " 3E ", {"grade": 3, "limited_by": "effort"}, "3e"),
        ("reflex", "1+", {"grade": 1}, "1+"),
        ("reflex", "0", {"grade": 0}, "0"),
        ("sensation", "a", {"grade": "altered"}, "altered"),
        ("sensation", "2", {"grade": "normal"}, "normal"),
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
