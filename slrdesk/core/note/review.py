"""What the clinician looks at before signing: what stops the note being signed, what is
missing or contradictory, and the urgency the assessment reached — a review step, not a button.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from slrdesk.core.catalog import catalog

if TYPE_CHECKING:
    from slrdesk.core.assessment.model import Assessment
    from slrdesk.core.exam import ExamDocument


@dataclass(frozen=True)
class SignReview:
    urgency: str
    blocking: list[str] = field(default_factory=list)  # must be fixed before signing
    check: list[str] = field(default_factory=list)  # shown; the clinician decides

    @property
    def can_sign(self) -> bool:
        return not self.blocking


def review(exam: ExamDocument, assessment: Assessment) -> SignReview:
    cat = catalog()
    a = assessment
    blocking, check = [], []
    if exam.status == "signed":
        blocking.append("the exam is already signed; write an addendum instead")
    if a.unanswered_red_flags:
        names = ", ".join(cat.red_flags[f].label.lower() for f in a.unanswered_red_flags)
        blocking.append(f"red flags not answered: {names}")
    if exam.history.affected_side is None:
        check.append("the affected side is not recorded (findings on both sides were counted)")
    if not (exam.impression.impression or "").strip():
        check.append("no impression of your own is recorded")
    if not (exam.impression.plan or "").strip():
        check.append("no plan is recorded")
    for flag in a.red_flags:
        if flag.tier in ("emergency", "same_day") and flag.kind != "checklist":
            check.append(f"{flag.label} ({cat.tier_label(flag.tier).lower()}, from the "
                         f"findings): {flag.action}")
    check += [f"to re-check: {item.text}" for item in a.inconsistencies]
    urgency = f"{cat.urgency_tiers[a.urgency].label}. {a.urgency_action}"
    return SignReview(urgency=urgency, blocking=blocking, check=check)
