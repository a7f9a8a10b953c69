"""What the clinician looks at before signing: what stops the note being signed, what is
missing or contradictory, and the urgency the assessment reached — a review step, not a button.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slrdesk.core.catalog import catalog
from slrdesk.core.document.carry import carried_summary

if TYPE_CHECKING:
    from slrdesk.core.assessment.model import Assessment
    from slrdesk.core.document.exam import ExamDocument


@dataclass(frozen=True)
class SignReview:
    urgency: str
    blocking: list[str] = field(default_factory=list)  # must be fixed before signing
    check: list[str] = field(default_factory=list)  # shown; the clinician decides

    @property
    def can_sign(self) -> bool:
        return not self.blocking


# What is measured at each visit. History (onset, mechanism) naturally stays the same.
EXAMINED = ("pain_map", "goniometry", "mens_aslr", "neurology", "circulation", "special_tests")


def _leaves(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        return {k: v for key, item in value.items()
                for k, v in _leaves(item, f"{path}.{key}" if path else key).items()}
    if isinstance(value, list) and all(isinstance(i, dict) and "region" in i for i in value):
        return {k: v for item in value  # the pain map: one entry per region
                for k, v in _leaves(item, f"{path}.{item['region']}").items()}
    return {} if value is None or value == [] else {path: value}  # a list of qualities: one


def same_as_previous(exam: ExamDocument, previous: ExamDocument) -> tuple[int, int]:
    """(findings recorded today exactly as at the previous exam, findings recorded today)."""
    now = _leaves(exam.model_dump(mode="json", include=set(EXAMINED)))
    before = _leaves(previous.model_dump(mode="json", include=set(EXAMINED)))
    return sum(before.get(path) == value for path, value in now.items()), len(now)


def review(exam: ExamDocument, assessment: Assessment,
           previous: ExamDocument | None = None) -> SignReview:
    """`previous`: the patient's exam before this one, to catch findings carried over unseen."""
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
    carried = carried_summary(exam)
    if carried:
        check.append(carried + " (the note prints them as carried)")
    elif previous is not None:
        same, total = same_as_previous(exam, previous)
        # Starting from the previous exam's findings is quick; signing them unexamined is not.
        if total >= 5 and same * 2 >= total:
            day = previous.encounter_time.astimezone().date().isoformat()
            check.append(f"{same} of {total} examination findings are exactly as on the exam "
                         f"of {day}: make sure each was examined today, not carried over")
    urgency = f"{cat.urgency_tiers[a.urgency].label}. {a.urgency_action}"
    return SignReview(urgency=urgency, blocking=blocking, check=check)
