"""Golden vignettes: each exam's expected top hypothesis, motor loss, urgency and red flags,
asserted field by field (one test per vignette and field), as the ISNCSCI reference
implementations test their classifier."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from slrdesk.core.assessment import Assessment, classify
from slrdesk.core.exam import parse_exam
from slrdesk.core.examples import vignette_json

VIGNETTE_DIR = Path(__file__).resolve().parents[1] / "data" / "vignettes"


def _load(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    exam = json.loads(vignette_json(data["vignette"])) if "vignette" in data else data["exam"]
    return exam, data["expected"]


CASES = [
    pytest.param(path.stem, key, id=f"{path.stem}-{key}")
    for path in sorted(VIGNETTE_DIR.glob("*.json"))
    for key in _load(path)[1]
]


def _assessment(name: str) -> Assessment:
    exam, _ = _load(VIGNETTE_DIR / f"{name}.json")
    return classify(parse_exam(exam, source=name))


def _flags(a: Assessment) -> dict[str, Any]:
    return {f.id: f for f in a.red_flags}


def _rules(evidence: list[Any]) -> set[str]:
    return {e.rule for e in evidence}


CHECKS = {
    "top": lambda a, want: a.hypotheses[0].id == want,
    "second": lambda a, want: a.hypotheses[1].id == want,
    "support": lambda a, want: a.hypotheses[0].support == want,
    "motor_loss": lambda a, want: a.motor_loss in (want if isinstance(want, list) else [want]),
    "urgency": lambda a, want: a.urgency == want,
    "red_flags": lambda a, want: set(want) <= set(_flags(a)),
    "absent_red_flags": lambda a, want: not set(want) & set(_flags(a)),
    "disagreement": lambda a, want: all(_flags(a)[f].disagreement for f in want),
    "not_top": lambda a, want: a.hypotheses[0].id not in want,
    "no_high_support": lambda a, want: want == all(h.support != "high" for h in a.hypotheses),
    "only_evidence_from": lambda a, want: {
        e.rule for h in a.hypotheses for e in h.evidence_for + h.evidence_against
    } == set(want),
    "unanswered_red_flags": lambda a, want: len(a.unanswered_red_flags) == want,
    "note_contains": lambda a, want: any(want in note for note in a.notes),
    "next_tests_include": lambda a, want: set(want) <= {f for t in a.next_tests for f in t.fields},
    "evidence_against": lambda a, want: all(
        set(rules) <= _rules(next(h for h in a.hypotheses if h.id == hid).evidence_against)
        for hid, rules in want.items()
    ),
}


def test_there_are_at_least_thirty_golden_vignettes() -> None:
    assert len(list(VIGNETTE_DIR.glob("*.json"))) >= 30
    for path in VIGNETTE_DIR.glob("*.json"):
        _, expected = _load(path)
        assert set(expected) <= set(CHECKS), f"{path.name}: unknown expectation"


@pytest.mark.parametrize(("name", "key"), CASES)
def test_golden_vignette(name: str, key: str) -> None:
    _, expected = _load(VIGNETTE_DIR / f"{name}.json")
    assessment = _assessment(name)
    want = expected[key]
    summary = (
        f"top={[(h.id, h.score, h.support) for h in assessment.hypotheses[:3]]} "
        f"motor={assessment.motor_loss} urgency={assessment.urgency} "
        f"flags={[f.id for f in assessment.red_flags]} "
        f"next={[t.fields for t in assessment.next_tests]}"
    )
    assert CHECKS[key](assessment, want), f"{name}: expected {key}={want!r}; got {summary}"
