"""`classify`: exam in, assessment out. Pure and deterministic.

Scoring: each hypothesis's score is the sum of the weights (log likelihood ratios) of its rules
that fired; a rule sharing an overlap group with a stronger rule that fired does not count.
Support levels a clinician can check (compared on the unrounded value):

- high: combined likelihood ratio of 10 or more, from at least two findings of which at least
  two are backed by published accuracy figures;
- moderate: combined likelihood ratio of 3 or more;
- low: anything less; not_assessed: nothing recorded bears on it.

Rules that could not be judged add nothing; the fields they needed are listed as not tested and,
for the leading hypotheses, ranked as the next tests by how far each could move the score.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from slrdesk.core.assessment.facts import ExamView, Outcome
from slrdesk.core.assessment.inconsistencies import CHILD_AGE, inconsistencies
from slrdesk.core.assessment.model import (
    Assessment,
    Evidence,
    Hypothesis,
    NextTest,
    OutsideList,
    RedFlag,
    Screen,
    Support,
)
from slrdesk.core.assessment.motor import motor_loss
from slrdesk.core.assessment.must_not_miss import (
    FRACTURE_UNSAFE_TESTS,
    NEVER_SUGGESTED_TESTS,
    sign_of_the_buttock,
)
from slrdesk.core.assessment.neuro import all_deficits
from slrdesk.core.assessment.red_flags import all_red_flags, screen, unanswered, urgency
from slrdesk.core.assessment.rules import HYPOTHESES, RULES, RULESET_VERSION, Rule
from slrdesk.core.assessment.sources import SOURCES, short_citation
from slrdesk.core.catalog import catalog
from slrdesk.core.document.exam import ExamDocument

__all__ = ["RULESET_VERSION", "classify"]

HIGH_LR = 10.0
MODERATE_LR = 3.0
OUTSIDE_LR = 3.0
MAX_LR_SHOWN = 100.0
MAX_NEXT_TESTS = 6
HIGH_NEEDS_PUBLISHED = 2

NOT_ASSESSED = ("The ranking does not assess fracture, infection, tumour, stroke, vascular or "
                "visceral causes, prosthetic-hip complications (dislocation, periprosthetic "
                "fracture, infection, iliopsoas impingement), lumbar plexopathy (malignant psoas "
                "infiltration) or bilateral neuromuscular disease (Guillain-Barré, myopathy); "
                "the red flags above screen for the urgent ones.")
# Hypotheses of the hip or muscle: beside a high one, list the objective neuro findings it
# does not explain (hip-spine syndrome).
_NON_NEURAL = ("iliopsoas_strain", "iliopsoas_syndrome", "hip_joint", "pelvic_girdle")

NOTICE = ("Decision support, not a diagnosis: these suggestions rank possible causes from the "
          "findings recorded; the clinician decides.")


@dataclass(frozen=True)
class _Judged:
    rule: Rule
    outcome: Outcome


def two_figures(value: float) -> float:
    """A likelihood ratio to two significant figures (24.3 -> 24, 0.186 -> 0.19)."""
    if value <= 0:
        return 0.0
    digits = 1 - math.floor(math.log10(value))
    return round(value, digits)


@functools.cache
def lr_text(value: float) -> str:
    """How an LR reads: two significant figures, never above "more than 100"."""
    if value > MAX_LR_SHOWN:
        return "more than 100"
    if value < 1 / MAX_LR_SHOWN:
        return "less than 0.01"
    return f"{two_figures(value):g}"


def _evidence(judged: _Judged) -> Evidence:
    rule = judged.rule
    # Built from typed values of the ruleset: constructed without re-validation (hot path).
    return Evidence.model_construct(
        finding=judged.outcome.finding, rule=rule.id, rule_label=rule.label,
        source=SOURCES[rule.source], citation=short_citation(rule.source),
        strength=rule.strength, likelihood_ratio=rule.likelihood_ratio,
        likelihood_ratio_text=lr_text(rule.likelihood_ratio),
        weight=round(math.log(rule.likelihood_ratio), 4),
    )


def _counted(fired: list[_Judged]) -> list[_Judged]:
    """Strongest first; a rule counts unless an overlap group of its own is already taken by a
    stronger rule, so a shared fact (a cluster item, a fact two sources report) counts once."""
    taken: set[str] = set()
    counted = []
    for judged in sorted(fired, key=lambda j: (-abs(math.log(j.rule.likelihood_ratio)),
                                               j.rule.id)):
        if taken & set(judged.rule.groups):
            continue
        taken |= set(judged.rule.groups)
        counted.append(judged)
    return counted


def _support(evidence_for: list[Evidence], evidence_against: list[Evidence],
             score: float) -> Support:
    if not evidence_for and not evidence_against:
        return "not_assessed"
    findings = sum(_FINDINGS.get(e.rule, 1) for e in evidence_for)
    published = sum(_FINDINGS.get(e.rule, 1) for e in evidence_for if e.strength == "published")
    if score >= math.log(HIGH_LR) and findings >= 2 and published >= HIGH_NEEDS_PUBLISHED:
        return "high"
    if score >= math.log(MODERATE_LR):
        return "moderate"
    return "low"


# A published rule made of several findings (a pair, a cluster) counts as that many.
_FINDINGS = {rule.id: rule.findings for rule in RULES}


def _hypothesis(spec_id: str, label: str, judged: list[_Judged]) -> Hypothesis:
    fired = _counted([j for j in judged if j.outcome.fired])
    evidence = sorted((_evidence(j) for j in fired), key=lambda e: (-abs(e.weight), e.rule))
    evidence_for = [e for e in evidence if e.weight > 0]
    evidence_against = [e for e in evidence if e.weight < 0]
    exact = sum(math.log(j.rule.likelihood_ratio) for j in fired)
    combined = math.exp(exact)
    return Hypothesis(
        id=spec_id, label=label, score=round(exact, 4),
        combined_likelihood_ratio=two_figures(combined),
        likelihood_ratio_text=lr_text(combined),
        support=_support(evidence_for, evidence_against, exact),
        evidence_for=evidence_for, evidence_against=evidence_against,
    )


def _unsafe(field: str, avoid: frozenset[str]) -> bool:
    parts = field.split(".")
    return len(parts) >= 2 and parts[0] == "special_tests" and parts[1] in avoid


def _screen_first(cauda_equina: Screen) -> list[NextTest]:
    cat = catalog()
    return [NextTest(field=f"red_flags.{item}", fields=[f"red_flags.{item}"],
                     label=cat.red_flags[item].label,
                     reason="cauda equina screen: ask before anyone is reassured",
                     potential=0.0) for item in cauda_equina.unasked]


def _next_tests(view: ExamView, ranked: list[Hypothesis], judged: dict[str, list[_Judged]],
                avoid: frozenset[str] = NEVER_SUGGESTED_TESTS) -> list[NextTest]:
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
            if item.rule.suggest_if is not None and not item.rule.suggest_if(view).fired:
                continue
            weight = math.log(item.rule.likelihood_ratio)
            if hypothesis is leader:
                potential = abs(weight)
            else:
                potential = max(0.0, hypothesis.score + weight - runner_up) if weight > 0 else 0
            if potential <= 0:
                continue
            candidates.append((potential, item.rule.id, item, hypothesis.id))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    chosen: list[NextTest] = []
    covered: set[str] = set()
    for potential, _, item, hypothesis_id in candidates:
        fields = [m for m in item.outcome.missing
                  if m.field not in covered and not _unsafe(m.field, avoid)]
        if not fields:
            continue
        covered.update(m.field for m in fields)
        verb = "raise" if item.rule.likelihood_ratio > 1 else "lower"
        reason = (f"if {item.rule.label}: would {verb} {short[hypothesis_id]} "
                  f"(LR {lr_text(item.rule.likelihood_ratio)}, "
                  f"{short_citation(item.rule.source)})")
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


def _unexplained(view: ExamView, hypotheses: list[Hypothesis]) -> list[Hypothesis]:
    found = [d.text for d in all_deficits(view)]
    if not found:
        return hypotheses
    return [h.model_copy(update={"unexplained": found})
            if h.id in _NON_NEURAL and h.support == "high" else h for h in hypotheses]


def _outside_list(view: ExamView, hypotheses: list[Hypothesis],
                  flags: list[RedFlag]) -> OutsideList:
    reasons = []
    if all(math.exp(h.score) < OUTSIDE_LR for h in hypotheses):
        reasons.append("the picture fits none of the hypotheses (every combined LR below 3)")
    serious = [f for f in flags if f.kind == "must_not_miss" and f.id not in (
        "severe_motor_deficit", "progressive_deficit")]
    if serious:
        names = ", ".join(f.label.lower() for f in serious)
        reasons.append(f"a must-not-miss condition may explain the findings better: {names}")
    if view.age < CHILD_AGE:
        reasons.append(f"age {view.age}: the ranking is not validated for children")
    reasons += sign_of_the_buttock(view)
    return OutsideList(outside=bool(reasons), reasons=reasons, not_assessed=NOT_ASSESSED)


def classify(exam: ExamDocument, previous: ExamDocument | None = None) -> Assessment:
    """Rank the hypotheses, raise every red flag, and say why the leg fails to lift.

    `previous` is the same patient's previous exam, if any: lasting "yes" answers carry from it
    and a deficit worse than it was is a progressive deficit.
    """
    view = ExamView(exam, previous)
    judged = _judge(view)

    order = {spec.id: i for i, spec in enumerate(HYPOTHESES)}
    hypotheses = sorted(
        (_hypothesis(spec.id, spec.label, judged[spec.id]) for spec in HYPOTHESES),
        key=lambda h: (-h.score, order[h.id]),
    )
    hypotheses = _unexplained(view, hypotheses)
    flags = all_red_flags(view)
    cauda_equina = screen(view)
    tier = urgency(flags, cauda_equina)
    missing: dict[str, str] = {}
    for items in judged.values():
        for item in items:
            for m in item.outcome.missing:
                missing.setdefault(m.field, m.label)
    motor, losses = motor_loss(view)
    fracture = any(f.id in ("suspected_hip_fracture", "suspected_stress_fracture")
                   for f in flags)
    avoid = FRACTURE_UNSAFE_TESTS if fracture else NEVER_SUGGESTED_TESTS
    notes = []
    if not cauda_equina.complete:
        at_least = catalog().urgency_tiers[tier].label.lower()
        notes.append(f"{cauda_equina.message} Urgency is at least {at_least}.")
    notes += [f"Consider serious pathology: {s}." for s in sign_of_the_buttock(view)]
    if fracture:
        notes.append("Fracture suspected: no resisted hip flexion, Stinchfield, hop, heel-strike "
                     "or fulcrum test is suggested.")
    if not view.side_recorded:
        notes.append("Affected side not recorded: findings on either side were counted.")
    signed_with = exam.signature.ruleset_version if exam.signature is not None else None
    if signed_with is not None and signed_with != RULESET_VERSION:
        notes.append(f"Signed with ruleset {signed_with}; this assessment is recomputed with "
                     f"ruleset {RULESET_VERSION}. The signed note keeps the assessment as "
                     "signed.")
    return Assessment(
        ruleset_version=RULESET_VERSION,
        decision_support_notice=NOTICE,
        urgency=tier,
        urgency_action=catalog().urgency_tiers[tier].action,
        screen=cauda_equina,
        red_flags=flags,
        unanswered_red_flags=unanswered(view),
        hypotheses=hypotheses,
        outside_list=_outside_list(view, hypotheses, flags),
        inconsistencies=inconsistencies(view),
        motor_loss=motor.kind,
        motor_loss_reason=motor.reason,
        motor_losses=losses,
        next_tests=(_screen_first(cauda_equina)
                    + _next_tests(view, hypotheses, judged, avoid))[:MAX_NEXT_TESTS
                                                               + len(cauda_equina.unasked)],
        not_tested=sorted(missing.values()),
        affected_sides=list(view.affected_sides),
        notes=notes,
    )
