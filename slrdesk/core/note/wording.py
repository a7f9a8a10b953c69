"""How recorded findings read in words, the same on the printed note and in the FHIR export:
one wording, so a receiving system never holds a value the paper spells differently."""

from __future__ import annotations

from typing import Any

from slrdesk.core.catalog import catalog

NOT_RECORDED = "—"


def label(section: str, identifier: str | None) -> str:
    """A catalog item's label, or the not-recorded dash."""
    if identifier is None:
        return NOT_RECORDED
    return str(getattr(catalog(), section)[identifier].label)


def item_label(section: str, identifier: str) -> str:
    """A catalog item's label; a clinic's own item whose form is not installed here keeps its
    id, said as such, so nothing recorded is left off the note."""
    entry = getattr(catalog(), section).get(identifier)
    if entry is None:
        return f"{identifier} (from a clinic form not installed here)"
    return str(entry.label)


def in_form_order(section: str, recorded: Any) -> list[str]:
    """The recorded ids of `section` in the form's order, then any the form does not hold."""
    known = [i for i in getattr(catalog(), section) if i in recorded]
    return known + sorted(i for i in recorded if i not in known)


def side_text(pair: Any, side: str, show: Any = str) -> str:
    """One side of a bilateral finding in words, or the not-recorded dash."""
    value = getattr(pair, side) if pair is not None else None
    return NOT_RECORDED if value is None else str(show(value))


def examined(pair: Any) -> bool:
    return pair is not None and (pair.left is not None or pair.right is not None)


def graded_text(grade: Any) -> str:
    """A graded finding (reflex, sensation, plantar): its grade, or NT with the reason."""
    if grade.not_testable is not None:
        reason = grade.not_testable.detail or grade.not_testable.reason.replace("_", " ")
        return f"NT ({reason})"
    return str(grade.grade)


def motor_text(grade: Any) -> str:
    """An MRC grade with what limited the effort: `4- (limited by pain)`."""
    if grade.grade is None or (grade.grade == 5 and grade.limited_by in ("none", "not_recorded")):
        return str(grade.text())
    limit = ("limit not recorded" if grade.limited_by == "not_recorded"
             else f"limited by {grade.limited_by}" if grade.limited_by != "none"
             else "not limited")
    return f"{grade.text()} ({limit})"


def special_test_text(finding: Any) -> str:
    """`positive, posterior thigh, reproduces the leg pain`."""
    parts = [finding.result.replace("_", " ")]
    if finding.location:
        parts.append(label("symptom_locations", finding.location).lower())
    if finding.reproduced:
        parts.append(finding.reproduced)
    return ", ".join(parts)
