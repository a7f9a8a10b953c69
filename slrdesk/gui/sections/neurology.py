"""Reflexes and sensation grids, with the plantar response and ankle clonus beside them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from slrdesk.core.catalog import SIDES
from slrdesk.gui.sections.grid_section import GridSection
from slrdesk.gui.sections.history import message_label
from slrdesk.gui.widgets.choice import ChoiceBox
from slrdesk.gui.widgets.fields import TextField

if TYPE_CHECKING:
    from slrdesk.gui.session import ExamSession


class ReflexSensationSection(QWidget):
    def __init__(self, session: ExamSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grids = GridSection(session, [("Reflexes (0–4+)", "reflex"),
                                           ("Light-touch sensation", "sensation")])
        signs = QGroupBox("Upper motor neurone signs")
        grid = QGridLayout(signs)
        self.message = message_label()
        self.widgets: dict[str, QWidget] = {}
        grid.addWidget(QLabel("Plantar response"), 1, 0)
        grid.addWidget(QLabel("Ankle clonus (beats)"), 2, 0)
        plantar = [("flexor", "Flexor"), ("extensor", "Extensor"), ("equivocal", "Equivocal")]
        for column, side in enumerate(SIDES, 1):
            box = ChoiceBox(session, f"neurology.plantar_response.{side}", plantar, key="grade")
            box.setAccessibleName(f"Plantar response, {side}")
            beats = TextField(session, f"neurology.ankle_clonus_beats.{side}", self.message,
                              kind="int")
            beats.setAccessibleName(f"Ankle clonus beats, {side}")
            beats.setMaximumWidth(80)
            self.widgets[f"neurology.plantar_response.{side}"] = box
            self.widgets[f"neurology.ankle_clonus_beats.{side}"] = beats
            grid.addWidget(QLabel(f"<b>{side.title()}</b>"), 0, column)
            grid.addWidget(box, 1, column)
            grid.addWidget(beats, 2, column)
        layout = QVBoxLayout(self)
        layout.addWidget(self.grids, 1)
        layout.addWidget(signs)
        layout.addWidget(self.message)

    def focus_path(self, path: str) -> bool:
        widget = self.widgets.get(path)
        if widget is not None:
            widget.setFocus()
            return True
        return self.grids.focus_path(path)
