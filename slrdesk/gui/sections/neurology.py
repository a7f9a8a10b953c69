"""Reflexes and sensation grids, with the plantar response and ankle clonus beside them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from slrdesk.core.catalog import SIDES
from slrdesk.gui.sections.grid_section import GridSection
from slrdesk.gui.widgets.choice import ChoiceBox
from slrdesk.gui.widgets.fields import TextField

if TYPE_CHECKING:
    from slrdesk.gui.binder import Binder
    from slrdesk.gui.session import ExamSession


class ReflexSensationSection(QWidget):
    def __init__(self, session: ExamSession, binder: Binder,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grids = GridSection(session, binder, [("Reflexes (0–4+)", "reflex"),
                                           ("Light-touch sensation", "sensation")])
        signs = QGroupBox("Upper motor neurone signs")
        grid = QGridLayout(signs)
        self.message = binder.message
        grid.addWidget(QLabel("Plantar response"), 1, 0)
        grid.addWidget(QLabel("Ankle clonus (beats)"), 2, 0)
        plantar = [("flexor", "Flexor"), ("extensor", "Extensor"), ("equivocal", "Equivocal")]
        for column, side in enumerate(SIDES, 1):
            box = binder.field(f"neurology.plantar_response.{side}",
                               ChoiceBox(plantar, key="grade"), f"Plantar response, {side}")
            beats = binder.field(f"neurology.ankle_clonus_beats.{side}", TextField(kind="int"),
                                 f"Ankle clonus beats, {side}")
            beats.setMaximumWidth(80)
            grid.addWidget(QLabel(f"<b>{side.title()}</b>"), 0, column)
            grid.addWidget(box, 1, column)
            grid.addWidget(beats, 2, column)
        layout = QVBoxLayout(self)
        layout.addWidget(self.grids, 1)
        layout.addWidget(signs)
