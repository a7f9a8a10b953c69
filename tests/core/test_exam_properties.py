"""Generated documents: valid ones round-trip, invalid ones are refused with a sentence."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slrdesk.core.document.exam import parse_exam
from slrdesk.core.errors import InputError
from tests.strategies import exam_documents

_SETTINGS = settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(exam_documents())
def test_valid_documents_round_trip_through_json(data: dict[str, Any]) -> None:
    document = parse_exam(data)
    again = parse_exam(document.to_json())
    assert again == document
    assert again.sha256() == document.sha256()


# Each mutation makes a valid document invalid in one place; the message must name that place.
MUTATIONS = [
    ("goniometry.passive_slr.left", lambda d: d["goniometry"]["passive_slr"].update(left=161)),
    ("goniometry.hip_flexion.right", lambda d: d["goniometry"]["hip_flexion"].update(right=-1)),
    ("neurology.myotomes.knee_extension.left.grade",
     lambda d: d["neurology"]["myotomes"].update(knee_extension={"left": {"grade": "strong"}})),
    ("neurology.reflexes.triceps",
     lambda d: d["neurology"]["reflexes"].update(triceps={"left": {"grade": 2}})),
    ("pain_map[0].region", lambda d: d["pain_map"].insert(0, {"region": "elbow_left"})),
    ("red_flags.fever_or_infection_signs",
     lambda d: d["red_flags"].update(fever_or_infection_signs=True)),
    ("history.pain_now", lambda d: d["history"].update(pain_now=10.5)),
    ("mens_aslr.with_compression.left",
     lambda d: d["mens_aslr"]["with_compression"].update(left=6)),
    ("patient.record_number", lambda d: d["patient"].pop("record_number")),
    ("colour", lambda d: d.update(colour="blue")),
]


@_SETTINGS
@given(exam_documents(), st.sampled_from(MUTATIONS))
def test_invalid_documents_are_refused_with_a_sentence_naming_the_field(
    data: dict[str, Any], mutation: Any
) -> None:
    field, mutate = mutation
    broken = copy.deepcopy(data)
    mutate(broken)
    try:
        parse_exam(json.dumps(broken), source="generated.json")
    except InputError as exc:
        message = str(exc)
        assert message.startswith(f"generated.json: {field}"), message
        assert "\n" not in message
    else:
        raise AssertionError(f"mutation of {field} was accepted")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_arbitrary_bytes_never_crash_the_parser(raw: bytes) -> None:
    try:
        parse_exam(raw, source="noise")
    except InputError as exc:
        message = str(exc)
    else:
        return
    assert message.startswith("noise: ")
