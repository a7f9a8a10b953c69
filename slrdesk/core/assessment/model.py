"""The assessment: what `slrdesk classify` prints as JSON (a contract: docs/architecture.md,
"Headless contract")."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Support = Literal["high", "moderate", "low", "not_assessed"]
Tier = Literal["emergency", "same_day", "urgent", "not_established", "routine"]
# A red flag's tier; "warning" is shown and raises no tier by itself.
FlagTier = Literal["emergency", "same_day", "urgent", "warning"]
FlagSource = Literal["checklist", "history", "exam", "previous exam"]
MotorLossKind = Literal["neurological", "pain_inhibited", "mechanical", "extensor_mechanism",
                        "functional", "undetermined"]
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
    likelihood_ratio_text: str  # two significant figures, capped: "more than 100"
    weight: float  # natural log of the likelihood ratio


class Hypothesis(_Out):
    id: str
    label: str
    score: float  # sum of weights: log of the combined likelihood ratio
    combined_likelihood_ratio: float  # two significant figures
    likelihood_ratio_text: str  # "about 24", "more than 100"
    support: Support
    evidence_for: list[Evidence]
    evidence_against: list[Evidence]
    # Beside a high hip-joint or muscle hypothesis: objective findings it does not explain.
    unexplained: list[str] = []


class RedFlag(_Out):
    id: str  # a checklist item or a must-not-miss condition (docs/clinical.md §7)
    label: str
    tier: FlagTier
    source: FlagSource
    kind: Literal["checklist", "implied", "must_not_miss"]
    finding: str
    action: str
    disagreement: str | None = None
    # Suggested from the record for the clinician to confirm; counts only once answered.
    to_confirm: bool = False
    # Checklist items this flag's findings argue for: never to be answered "no" in bulk.
    contradicts: list[str] = []


class Screen(_Out):
    """The cauda equina screen: complete before anyone is reassured."""

    complete: bool
    unasked: list[str]
    message: str


class OutsideList(_Out):
    outside: bool  # the picture fits none of the hypotheses, or a must-not-miss explains it better
    reasons: list[str]
    not_assessed: str  # what the ranking never assesses, always said


class Inconsistency(_Out):
    id: str
    text: str
    fields: list[str]


class MotorLoss(_Out):
    kind: MotorLossKind
    reason: str


class MotorFinding(_Out):
    kind: MotorLossKind
    side: Literal["left", "right", "both"] | None
    findings: list[str]
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
    screen: Screen
    red_flags: list[RedFlag]
    unanswered_red_flags: list[str]
    hypotheses: list[Hypothesis]
    outside_list: OutsideList
    inconsistencies: list[Inconsistency]
    motor_loss: MotorLossKind
    motor_loss_reason: str
    motor_losses: list[MotorFinding]
    next_tests: list[NextTest]
    not_tested: list[str]
    affected_sides: list[Literal["left", "right"]]
    notes: list[str]
