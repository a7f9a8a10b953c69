"""`classify`: exam in, assessment out. Pure and deterministic.

Scoring: each hypothesis's score is the sum of the weights (log likelihood ratios) of its rules
that fired, the strongest only within an overlapping group. Support levels a clinician can check:

- high: combined likelihood ratio of 10 or more, from at least two findings, at least one of
  them backed by published accuracy figures;
- moderate: combined likelihood ratio of 3 or more;
- low: anything less.

Rules that could not be judged add nothing; the fields they needed are listed as not tested and,
for the leading hypotheses, ranked as the next tests by how far each could move the score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from slrdesk.core.assessment.facts import ExamView, Outcome
from slrdesk.core.assessment.model import (
    Assessment,
    Evidence,
    Hypothesis,
    NextTest,
    Support,
)
from slrdesk.core.assessment.motor import motor_loss
from slrdesk.core.assessment.red_flags import all_red_flags, unanswered, urgency
from slrdesk.core.assessment.rules import HYPOTHESES, RULES, RULESET_VERSION, Rule
from slrdesk.core.assessment.sources import SOURCES, short_citation
from slrdesk.core.catalog import catalog
from slrdesk.core.exam import ExamDocument

__all__ = ["RULESET_VERSION", "classify"]

HIGH_LR = 10.0
MODERATE_LR = 3.0
MAX_NEXT_TESTS = 6

NOTICE = ("Decision support, not a diagnosis: these suggestions rank possible causes from the "
          "findings recorded; the clinician decides.")


@dataclass(frozen=True)
class _Judged:
    rule: Rule
    outcome: Outcome


def _evidence(judged: _Judged) -> Evidence:
    rule = judged.rule
    return Evidence(
        finding=judged.outcome.finding, rule=rule.id, rule_label=rule.label,
        source=SOURCES[rule.source], citation=short_citation(rule.source),
        strength=rule.strength,
        likelihood_ratio=rule.likelihood_ratio, weight=round(math.log(rule.likelihood_ratio), 4),
    )


def _counted(fired: list[_Judged]) -> list[_Judged]:
    """Within each overlap group, only the rule with the largest effect counts."""
    best: dict[str, _Judged] = {}
    counted = []
    for judged in fired:
        group = judged.rule.group
        if group is None:
            counted.append(judged)
            continue
        current = best.get(group)
        if current is None or abs(math.log(judged.rule.likelihood_ratio)) > abs(
            math.log(current.rule.likelihood_ratio)
        ):
            best[group] = judged
    return counted + list(best.values())


def _support(evidence_for: list[Evidence], score: float) -> Support:
    combined = math.exp(score)
    published = any(e.strength == "published" for e in evidence_for)
    if combined >= HIGH_LR and len(evidence_for) >= 2 and published:
        return "high"
    if combined >= MODERATE_LR:
        return "moderate"
    return "low"


def _hypothesis(spec_id: str, label: str, judged: list[_Judged]) -> Hypothesis:
    fired = _counted([j for j in judged if j.outcome.fired])
    evidence = sorted((_evidence(j) for j in fired), key=lambda e: (-abs(e.weight), e.rule))
    evidence_for = [e for e in evidence if e.weight > 0]
    evidence_against = [e for e in evidence if e.weight < 0]
    score = round(sum(e.weight for e in evidence), 4)
    return Hypothesis(
        id=spec_id, label=label, score=score,
        combined_likelihood_ratio=round(math.exp(score), 2),
        support=_support(evidence_for, score),
        evidence_for=evidence_for, evidence_against=evidence_against,
    )


def _next_tests(ranked: list[Hypothesis], judged: dict[str, list[_Judged]]) -> list[NextTest]:
    """Untested items ranked by how far they could change the leader's margin over the rest.

    For the leader's own rules that is the rule's weight either way (confirm or weaken it); for
    another hypothesis it is how far a positive finding would lift it above the current
    runner-up, which is nothing for a hypothesis too far behind to matter. One entry per rule,
    listing every field it still needs.
    """
    leader = ranked[0]
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    short = {spec.id: spec.short for spec in HYPOTHESES}
    candidates: list[tuple[float, str, _Judged, str]] = []
    for hypothesis in ranked:
        for item in judged[hypothesis.id]:
            if item.outcome.fired is not None:
                continue
            weight = math.log(item.rule.likelihood_ratio)
            if hypothesis is leader:
                potential = abs(weight)
            else:
                potential = max(0.0, hypothesis.score + weight - runner_up) if weight > 0 else 0
            if potential <= 0:
                continue
            verb = "raise" if weight > 0 else "lower"
            reason = (f"if {item.rule.label}: would {verb} {short[hypothesis.id]} "
                      f"(LR {item.rule.likelihood_ratio:g}, {short_citation(item.rule.source)})")
            candidates.append((potential, item.rule.id, item, reason))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    chosen: list[NextTest] = []
    covered: set[str] = set()
    for potential, _, item, reason in candidates:
        fields = [m for m in item.outcome.missing if m.field not in covered]
        if not fields:
            continue
        covered.update(m.field for m in fields)
        chosen.append(NextTest(field=fields[0].field, fields=[m.field for m in fields],
                               label=", ".join(dict.fromkeys(m.label for m in fields)),
                               reason=reason, potential=round(potential, 4)))
        if len(chosen) == MAX_NEXT_TESTS:
            break
    return chosen


def _judge(view: ExamView) -> dict[str, list[_Judged]]:
    judged: dict[str, list[_Judged]] = {spec.id: [] for spec in HYPOTHESES}
    for rule in RULES:
        judged[rule.hypothesis].append(_Judged(rule, rule.criterion(view)))
    return judged


def fired_rules(exam: ExamDocument) -> dict[str, set[str]]:
    """Per hypothesis, every rule whose finding is present (before overlap groups are applied)."""
    return {
        hypothesis: {j.rule.id for j in items if j.outcome.fired}
        for hypothesis, items in _judge(ExamView(exam)).items()
    }


def classify(exam: ExamDocument) -> Assessment:
    """Rank the hypotheses, raise every red flag, and say why the leg fails to lift."""
    view = ExamView(exam)
    judged = _judge(view)

    order = {spec.id: i for i, spec in enumerate(HYPOTHESES)}
    hypotheses = sorted(
        (_hypothesis(spec.id, spec.label, judged[spec.id]) for spec in HYPOTHESES),
        key=lambda h: (-h.score, order[h.id]),
    )
    flags = all_red_flags(view)
    tier = urgency(flags)
    missing: dict[str, str] = {}
    for items in judged.values():
        for item in items:
            for m in item.outcome.missing:
                missing.setdefault(m.field, m.label)
    motor = motor_loss(view)
    notes = []
    if not view.side_recorded:
        notes.append("Affected side not recorded: findings on either side were counted.")
    return Assessment(
        ruleset_version=RULESET_VERSION,
        decision_support_notice=NOTICE,
        urgency=tier,
        urgency_action=catalog().urgency_tiers[tier].action,
        red_flags=flags,
        unanswered_red_flags=unanswered(view),
        hypotheses=hypotheses,
        motor_loss=motor.kind,
        motor_loss_reason=motor.reason,
        next_tests=_next_tests(hypotheses, judged),
        not_tested=sorted(missing.values()),
        affected_sides=list(view.affected_sides),
        notes=notes,
    )
