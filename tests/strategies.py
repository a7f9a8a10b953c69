"""Hypothesis strategies for exam documents, built from the catalog so they cover every id."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hypothesis import strategies as st

from slrdesk.core.catalog import catalog

ENCOUNTER = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
_cat = catalog()


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _bilateral(value: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={"left": value, "right": value})


def _not_testable() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.fixed_dictionaries(
            {"reason": st.sampled_from(["pain", "immobilised", "contracture", "patient_declined"])}
        ),
        st.fixed_dictionaries({"reason": st.just("other"), "detail": st.just("plaster cast")}),
    )


def _graded(grade: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.fixed_dictionaries({"grade": grade}),
        st.fixed_dictionaries({"not_testable": _not_testable()}),
    )


@st.composite
def motor_grades(draw: st.DrawFn) -> dict[str, Any]:
    if draw(st.integers(0, 9)) == 0:
        return {"not_testable": draw(_not_testable())}
    grade = draw(st.integers(0, 5))
    result: dict[str, Any] = {"grade": grade,
                              "limited_by": draw(st.sampled_from(["not_recorded", "none", "pain",
                                                                  "guarding", "effort"]))}
    if grade == 4:
        modifier = draw(st.sampled_from([None, "-", "+"]))
        if modifier:
            result["modifier"] = modifier
    return result


def _keyed(ids: list[str], value: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(ids), value, max_size=len(ids))


@st.composite
def goniometry(draw: st.DrawFn) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if draw(st.booleans()):
        result["instrument"] = draw(st.sampled_from(list(_cat.instruments)))
    for angle_id, spec in _cat.angles.items():
        if angle_id == "passive_slr_onset":
            continue
        result[angle_id] = draw(_bilateral(st.integers(spec.minimum, spec.maximum)))
    onset: dict[str, int] = {}
    for side, reached in result["passive_slr"].items():
        if draw(st.booleans()):
            onset[side] = draw(st.integers(0, reached))
    result["passive_slr_onset"] = onset
    result["passive_slr_onset_location"] = draw(
        _bilateral(st.sampled_from(list(_cat.symptom_locations)))
    )
    return result


@st.composite
def pain_maps(draw: st.DrawFn) -> list[dict[str, Any]]:
    regions = draw(st.lists(st.sampled_from(list(_cat.regions)), unique=True, max_size=12))
    return [
        {"region": region,
         "qualities": draw(st.lists(st.sampled_from(list(_cat.qualities)), unique=True)),
         "intensity": draw(_maybe(st.integers(0, 10)))}
        for region in regions
    ]


@st.composite
def exam_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid exam document as JSON-ready data."""
    birth = draw(st.dates(date(1920, 1, 1), date(2020, 1, 1)))
    name = draw(st.text(st.characters(categories=("L", "Zs")), min_size=1, max_size=40).filter(
        lambda s: s.strip()))
    history: dict[str, Any] = {
        "affected_side": draw(_maybe(st.sampled_from(["left", "right", "both"]))),
        "onset": draw(_maybe(st.sampled_from(list(_cat.onsets)))),
        "mechanism": draw(_maybe(st.sampled_from(list(_cat.mechanisms)))),
        "course": draw(_maybe(st.sampled_from(list(_cat.courses)))),
        "pain_now": draw(_maybe(st.integers(0, 10))),
        "leg_pain": draw(_maybe(st.integers(0, 10))),
        "back_pain": draw(_maybe(st.integers(0, 10))),
        "symptoms": draw(_keyed(list(_cat.history_items), st.booleans())),
        "temperature_c": draw(_maybe(st.floats(35.0, 41.0).map(lambda t: round(t, 1)))),
    }
    if draw(st.booleans()):
        history["onset_date"] = draw(st.dates(birth, ENCOUNTER.date())).isoformat()
    return {
        "patient": {"name": name, "date_of_birth": birth.isoformat(),
                    "sex": draw(st.sampled_from(["female", "male", "other", "unknown"])),
                    "record_number": draw(st.from_regex(r"[A-Z]{2,4}-[0-9]{1,8}",
                                                        fullmatch=True))},
        "clinician": {"name": "Dr Prop"},
        "encounter_time": ENCOUNTER.isoformat(),
        "history": history,
        "pain_map": draw(pain_maps()),
        "goniometry": draw(goniometry()),
        "mens_aslr": {
            "without_compression": draw(_bilateral(st.integers(0, 5))),
            "with_compression": draw(_bilateral(st.integers(0, 5))),
            "lift_height_cm": draw(st.sampled_from([None, 5, 20])),
        },
        "neurology": {
            "myotomes": draw(_keyed(list(_cat.myotomes), _bilateral(motor_grades()))),
            "reflexes": draw(_keyed(list(_cat.reflexes), _bilateral(_graded(st.integers(0, 4))))),
            "plantar_response": draw(_bilateral(_graded(
                st.sampled_from(["flexor", "extensor", "equivocal"])))),
            "ankle_clonus_beats": draw(_bilateral(st.integers(0, 12))),
            "sensation": draw(_keyed(list(_cat.dermatomes), _bilateral(_graded(
                st.sampled_from(["normal", "altered", "absent"]))))),
        },
        "circulation": {"distal_pulses": draw(_bilateral(
            st.sampled_from(["present", "reduced", "absent"])))},
        "special_tests": draw(_keyed(list(_cat.special_tests), _bilateral(st.fixed_dictionaries(
            {"result": st.sampled_from(["positive", "negative", "not_tested"])},
            optional={"location": st.sampled_from(list(_cat.symptom_locations))},
        )))),
        "red_flags": draw(_keyed(list(_cat.red_flags), st.sampled_from(["yes", "no",
                                                                         "not_asked"]))),
    }
