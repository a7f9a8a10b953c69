"""Special tests grid, with the distal pulses beside it (a cold, pulseless weak leg is a
vascular emergency, docs/clinical.md §7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from slrdesk.core.catalog import SIDES
from slrdesk.gui.sections.grid_section import GridSection
from slrdesk.gui.widgets.choice import ChoiceBox

if TYPE_CHECKING:
    from slrdesk.gui.session import ExamSession

PULSES = [("present", "Present"), ("reduced", "Reduced"), ("absent", "Absent")]


class SpecialTestsSection(QWidget):
    def __init__(self, session: ExamSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # No "All normal" here: a test never done must not be recorded as negative.
        self.grids = GridSection(session, [("Special tests (+ positive, - negative)", "test")],
                                 all_normal=False)
        circulation = QGroupBox("Circulation")
        grid = QGridLayout(circulation)
        grid.addWidget(QLabel("Distal pulses"), 1, 0)
        self.widgets: dict[str, QWidget] = {}
        for column, side in enumerate(SIDES, 1):
            path = f"circulation.distal_pulses.{side}"
            box = ChoiceBox(session, path, PULSES)
            box.setAccessibleName(f"Distal pulses, {side}")
            self.widgets[path] = box
            grid.addWidget(QLabel(f"<b>{side.title()}</b>"), 0, column)
            grid.addWidget(box, 1, column)
        grid.setColumnStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grids, 1)
        layout.addWidget(circulation)

    def focus_path(self, path: str) -> bool:
        widget = self.widgets.get(path)
        if widget is not None:
            widget.setFocus()
            return True
        return self.grids.focus_path(path)
