"""The keyboard and grid-entry card (Help → F1).

The shortcuts are read from the window's own actions, and the cell grammar from the core's
`cell_entry.HINTS`, so the card cannot drift from what the keys and the grids really do.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from slrdesk.core.document.cell_entry import HINTS, CellKind

GRID_NAMES: dict[CellKind, str] = {
    "motor": "Myotomes (motor grade)",
    "reflex": "Reflexes",
    "sensation": "Sensation",
    "test": "Special tests",
}

# Keys that belong to one kind of widget rather than to a menu action.
WIDGET_KEYS = (
    ("Every grid", "Type to enter a cell; Enter or ↑/↓ commits and moves to the next row; "
     "a refused entry stays on its cell with the reason beside the grid; Tab leaves the grid"),
    ("Every grid", "Select several cells and type once to set them all; Delete clears "
     "(not examined); F2 or double-click opens a recorded cell unchanged"),
    ("Red-flag checklist", "y / n answers the selected rows and moves down; Delete clears"),
    ("Goniometer dial", "←/↓ one degree down, →/↑ one up; Page Up/Down five degrees"),
    ("Body figure", "An arrow moves to the region that way on the same view; Space or Enter "
     "marks the current region"),
    ("Patient list", "Type to search; Enter opens the selected patient's exams"),
)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what it does, its keys) for every action that has a shortcut, in menu order."""
    rows = []
    for action in actions:
        text = action.text().split("\t")
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if not keys and len(text) > 1:
            keys = text[1]  # shortcuts owned by another widget are named after a tab
        if keys:
            rows.append((text[0].replace("&", "").rstrip("…"), keys))
    return rows


def card_html(actions: Iterable[QAction]) -> str:
    def table(rows: Iterable[tuple[str, str]]) -> str:
        cells = "".join(f"<tr><td><b>{escape(a)}</b></td><td>{escape(b)}</td></tr>"
                        for a, b in rows)
        return f"<table cellspacing='2' cellpadding='3'>{cells}</table>"

    return (
        "<h3>Keyboard</h3>" + table((keys, what) for what, keys in shortcut_rows(actions))
        + "<h3>In the exam</h3>" + table(WIDGET_KEYS)
        + "<h3>What to type in a grid cell</h3>"
        + table((name, HINTS[kind]) for kind, name in GRID_NAMES.items())
        + "<p>An empty cell means <i>not examined</i>; it is never read as normal.</p>"
    )


class HelpCard(QDialog):
    """A non-modal card: it can stay open beside the exam while the clinician types."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard and grid entry")  # Qt adds "— SLR Desk"
        self.setObjectName("help_card")
        self.text = QTextBrowser()
        self.text.setHtml(card_html(actions))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(640, 620)
