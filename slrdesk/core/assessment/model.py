"""The assessment: what `slrdesk classify` prints as JSON (the contract of DESIGN.md §5)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Support = Literal["high", "moderate", "low"]
Tier = Literal["emergency", "same_day", "urgent", "routine"]
MotorLossKind = Literal["neurological", "pain_inhibited", "mechanical", "undetermined"]
Strength = Literal["published", "clinical_brief", "expert_consensus"]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Out):
    """One finding that moved a hypothesis, with the rule that says so and how far."""

    finding: str
    rule: str
    rule_label: str
    source: str  # the full citation
    citation: str  # short form, e.g. "Suri 2011"
    strength: Strength
    likelihood_ratio: float
    weight: float  # natural log of the likelihood ratio


class Hypothesis(_Out):
    id: str
    label: str
    score: float  # sum of weights: log of the combined likelihood ratio
    combined_likelihood_ratio: float
    support: Support
    evidence_for: list[Evidence]
    evidence_against: list[Evidence]


class RedFlag(_Out):
    id: str
    label: str
    tier: Tier
    source: Literal["checklist", "exam"]
    finding: str
    action: str
    disagreement: str | None = None


class MotorLoss(_Out):
    kind: MotorLossKind
    reason: str


class NextTest(_Out):
    field: str  # where to record it in the exam document, e.g. special_tests.slump.left
    fields: list[str]  # every field the rule still needs (`field` is the first)
    label: str
    reason: str
    potential: float  # largest change in a leading hypothesis's score it could make


class Assessment(_Out):
    ruleset_version: str
    decision_support_notice: str
    urgency: Tier
    urgency_action: str
    red_flags: list[RedFlag]
    unanswered_red_flags: list[str]
    hypotheses: list[Hypothesis]
    motor_loss: MotorLossKind
    motor_loss_reason: str
    next_tests: list[NextTest]
    not_tested: list[str]
    affected_sides: list[Literal["left", "right"]]
    notes: list[str]
