"""Properties of the classifier over generated exams: it never fails, never varies, never lets a
red flag be lowered, and never turns a missing finding into evidence."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slrdesk.core.assessment import classify
from slrdesk.core.assessment.engine import fired_rules
from slrdesk.core.assessment.rules import HYPOTHESES, RULES
from slrdesk.core.catalog import catalog
from slrdesk.core.document.exam import parse_exam
from tests.core.helpers import minimal
from tests.strategies import exam_documents

_SETTINGS = settings(max_examples=120, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(exam_documents())
def test_every_valid_exam_classifies_deterministically(data: dict[str, Any]) -> None:
    exam = parse_exam(data)
    first = classify(exam)
    assert classify(exam) == first
    assert classify(parse_exam(exam.to_json())) == first
    assert {h.id for h in first.hypotheses} == {spec.id for spec in HYPOTHESES}
    scores = [h.score for h in first.hypotheses]
    assert scores == sorted(scores, reverse=True)
    assert first.urgency in catalog().urgency_tiers


def _rank(tier: str) -> int:
    return catalog().tier_rank(tier)


@_SETTINGS
@given(exam_documents(), st.sampled_from(sorted(catalog().red_flags)))
def test_answering_yes_to_a_red_flag_never_lowers_urgency(
    data: dict[str, Any], flag: str
) -> None:
    before = classify(parse_exam(data))
    raised = copy.deepcopy(data)
    raised["red_flags"][flag] = "yes"
    after = classify(parse_exam(raised))
    assert _rank(after.urgency) <= _rank(before.urgency)
    tier = catalog().red_flags[flag].tier
    if tier != "warning":  # a warning is shown and raises no tier by itself (docs/clinical.md §7)
        assert _rank(after.urgency) <= _rank(tier)
    assert flag in {f.id for f in after.red_flags}
    # every red flag present before is still there
    assert {f.id for f in before.red_flags} <= {f.id for f in after.red_flags}


@_SETTINGS
@given(exam_documents(), st.sampled_from(["left", "right"]))
def test_an_exam_red_flag_is_never_outranked(data: dict[str, Any], side: str) -> None:
    raised = copy.deepcopy(data)
    raised["neurology"]["plantar_response"][side] = {"grade": "extensor"}
    after = classify(parse_exam(raised))
    cord = next(f for f in after.red_flags if f.id == "suspected_cord_or_brain")
    # Emergency unless known to be stable (same day) or explained by a known CNS condition.
    assert _rank(cord.tier) <= _rank("urgent")
    if raised["history"].get("course") not in ("stable", "improving"):
        assert cord.tier == "emergency"
    assert _rank(after.urgency) <= _rank(cord.tier)
    assert after.red_flags[0].tier == min((f.tier for f in after.red_flags
                                           if f.tier != "warning"), key=_rank)


def _untest(data: dict[str, Any], choice: int) -> dict[str, Any] | None:
    """Mark one recorded item of `data` as not tested (or not recorded); None if there is none."""
    items: list[tuple[str, Any]] = []
    for test_id, pair in data["special_tests"].items():
        items += [("test", (test_id, side)) for side in pair]
    for section in ("myotomes", "reflexes", "sensation"):
        for key, pair in data["neurology"][section].items():
            items += [(section, (key, side)) for side in pair]
    items += [("symptom", key) for key in data["history"]["symptoms"]]
    for angle, pair in data["goniometry"].items():
        if isinstance(pair, dict):
            items += [("angle", (angle, side)) for side in pair]
    if not items:
        return None
    kind, where = items[choice % len(items)]
    changed = copy.deepcopy(data)
    if kind == "test":
        changed["special_tests"][where[0]][where[1]] = {"result": "not_tested"}
    elif kind in ("myotomes", "reflexes", "sensation"):
        changed["neurology"][kind][where[0]][where[1]] = {"not_testable": {"reason": "pain"}}
    elif kind == "symptom":
        del changed["history"]["symptoms"][where]
    else:
        del changed["goniometry"][where[0]][where[1]]
    return changed


# Rules that read a finding more weakly when what its published figure needs is not recorded:
# un-testing that need may bring them in, in place of the stronger rule they share a group with.
_FALLBACKS = {"ulr_fnst_no_radicular", "ulr_crossed_fnst_no_radicular", "ulr_patellar_no_radicular"}


@_SETTINGS
@given(exam_documents(), st.integers(min_value=0))
def test_marking_an_item_not_tested_never_adds_evidence(data: dict[str, Any], choice: int) -> None:
    changed = _untest(data, choice)
    if changed is None:
        return
    before, after = fired_rules(parse_exam(data)), fired_rules(parse_exam(changed))
    for hypothesis, rules in after.items():
        new = rules - before[hypothesis] - _FALLBACKS
        assert not new, f"{hypothesis}: new evidence {new}"
    classified_before = {h.id: h for h in classify(parse_exam(data)).hypotheses}
    for h in classify(parse_exam(changed)).hypotheses:
        old = classified_before[h.id]
        assert sum(e.weight for e in h.evidence_for) <= sum(e.weight for e in old.evidence_for)
        assert sum(e.weight for e in h.evidence_against) >= sum(
            e.weight for e in old.evidence_against
        )


def test_every_rule_names_a_known_source_and_an_honest_strength() -> None:
    from slrdesk.core.assessment.sources import SOURCES

    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert rule.source in SOURCES, rule.id
        assert rule.likelihood_ratio > 0, rule.id
        assert rule.likelihood_ratio != 1, rule.id
        assert rule.hypothesis in {spec.id for spec in HYPOTHESES}, rule.id
        if rule.strength == "published":
            assert rule.source not in ("clinical_brief", "expert_consensus"), rule.id
        if rule.source in ("clinical_brief", "expert_consensus"):
            assert rule.strength == rule.source, rule.id


_SCREEN = catalog().screen_items


@_SETTINGS
@given(exam_documents(), st.sampled_from(_SCREEN))
def test_unanswering_a_screen_item_never_lowers_urgency_below_not_established(
    data: dict[str, Any], item: str
) -> None:
    changed = copy.deepcopy(data)
    changed["red_flags"].pop(item, None)
    after = classify(parse_exam(changed))
    assert _rank(after.urgency) <= _rank("not_established")
    assert not after.screen.complete
    assert item in after.screen.unasked
    assert after.next_tests[0].field.startswith("red_flags.")
    assert after.urgency != "routine"


# For each hypothesis, tests that appear only in its positive rules (docs/clinical.md §6).
_POSITIVE_FINDINGS = {
    "upper_lumbar_radiculopathy": ["femoral_nerve_stretch", "crossed_femoral_stretch"],
    "lower_lumbar_radiculopathy": ["passive_slr_radicular", "crossed_slr", "slump"],
    "iliopsoas_strain": ["resisted_hip_flexion_pain", "femoral_triangle_tenderness"],
    "iliopsoas_syndrome": ["snapping_hip", "thomas", "resisted_hip_flexion_pain"],
    "hip_joint": ["scour", "fadir", "log_roll", "active_hip_flexion_lateral_pain",
                  "active_hip_extension_pain", "hip_internal_rotation_pain"],
    "pelvic_girdle": ["sij_distraction", "thigh_thrust", "sij_compression", "sacral_thrust",
                      "gaenslen", "lift_compensation"],
    "extensor_mechanism": ["extension_lag", "palpable_gap"],
    "functional_weakness": ["hoover_sign", "hip_abductor_sign"],
}


@_SETTINGS
@given(exam_documents(), st.sampled_from(sorted(
    (h, t) for h, tests in _POSITIVE_FINDINGS.items() for t in tests)))
def test_adding_a_positive_finding_never_lowers_its_hypothesis(
    data: dict[str, Any], pair: tuple[str, str]
) -> None:
    hypothesis, test_id = pair
    raised = copy.deepcopy(data)
    raised["special_tests"][test_id] = {"left": {"result": "positive"},
                                        "right": {"result": "positive"}}
    before = {h.id: h.score for h in classify(parse_exam(data)).hypotheses}
    after = {h.id: h.score for h in classify(parse_exam(raised)).hypotheses}
    assert after[hypothesis] >= before[hypothesis] - 1e-9, (hypothesis, test_id)


def test_an_absent_ankle_jerk_after_60_counts_only_beside_a_present_one() -> None:
    """Found by the property above: at 61, left absent and right not testable counted the left
    as a root sign, though both could be absent with age."""
    base = minimal(patient={"name": "A", "date_of_birth": "1965-01-01", "sex": "female",
                            "record_number": "AA-0"})

    def fired(right: dict[str, Any]) -> set[str]:
        data = copy.deepcopy(base)
        data["neurology"] = {"reflexes": {"achilles": {"left": {"grade": 0}, "right": right}}}
        return fired_rules(parse_exam(data))["lower_lumbar_radiculopathy"]

    assert "llr_achilles" in fired({"grade": 2})
    assert "llr_achilles" not in fired({"not_testable": {"reason": "pain"}})
    assert "llr_achilles" not in fired({"grade": 0})
