"""Special tests grid, with the distal pulses beside it (a cold, pulseless weak leg is a
vascular emergency, docs/clinical.md §7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from slrdesk.core.catalog import SIDES
from slrdesk.gui.sections.grid_section import GridSection
from slrdesk.gui.widgets.choice import ChoiceBox

if TYPE_CHECKING:
    from slrdesk.gui.binder import Binder
    from slrdesk.gui.session import ExamSession

PULSES = [("present", "Present"), ("reduced", "Reduced"), ("absent", "Absent")]


class SpecialTestsSection(QWidget):
    def __init__(self, session: ExamSession, binder: Binder,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # No "All normal" here: a test never done must not be recorded as negative.
        self.grids = GridSection(session, binder,
                                 [("Special tests (+ positive, - negative)", "test")],
                                 all_normal=False)
        circulation = QGroupBox("Circulation")
        grid = QGridLayout(circulation)
        grid.addWidget(QLabel("Distal pulses"), 1, 0)
        for column, side in enumerate(SIDES, 1):
            box = binder.field(f"circulation.distal_pulses.{side}", ChoiceBox(PULSES),
                               f"Distal pulses, {side}")
            grid.addWidget(QLabel(f"<b>{side.title()}</b>"), 0, column)
            grid.addWidget(box, 1, column)
        grid.setColumnStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grids, 1)
        layout.addWidget(circulation)
