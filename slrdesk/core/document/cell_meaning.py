"""What a recorded grid cell means clinically: outside normal limits, and better or worse than
at the last visit. The screen shades abnormal cells and marks changes with these, and the
progress table lists the same reflexes as abnormal (docs/clinical.md §4–§5)."""

from __future__ import annotations

from typing import Any

from slrdesk.core.document.cell_entry import CellKind

# A change of one MRC grade, one reflex grade or one sensation level is beyond the error of the
# bedside test; less is not a change.
CELL_ERROR = 1.0


def is_abnormal(kind: CellKind, value: dict[str, Any] | None) -> bool:
    """Weaker than 5/5; a reflex other than 2+, reduced (0, 1+) or brisk (3+, 4+: an upper
    motor neurone sign when asymmetric or with another, CLINICAL §1); sensation not normal; a
    special test positive. A cell not examined or not testable is not abnormal."""
    if not value or value.get("not_testable"):
        return False
    if kind == "motor":
        return bool(value["grade"] < 5)
    if kind == "reflex":
        return bool(value["grade"] != 2)
    if kind == "sensation":
        return bool(value["grade"] != "normal")
    return bool(value.get("result") == "positive")


def rank(kind: CellKind, value: dict[str, Any] | None) -> float | None:
    """The cell on a scale where higher is better, to compare visits; None when not graded."""
    if not value or value.get("not_testable"):
        return None
    if kind == "motor":
        return float(value["grade"])
    if kind == "reflex":
        return -abs(float(value["grade"]) - 2)  # 2+ is normal: nearer is better
    if kind == "sensation":
        return {"absent": 0.0, "altered": 1.0, "normal": 2.0}[value["grade"]]
    return {"positive": 0.0, "negative": 1.0}.get(value.get("result", ""))
