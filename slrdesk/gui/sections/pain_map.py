"""The pain map section. The anatomical figure arrives with its own issue (#6); the list below is
its keyboard-accessible equivalent and edits the same marks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from slrdesk.gui.models.pain_map_model import PainMapModel
from slrdesk.gui.sections.history import message_label

if TYPE_CHECKING:
    from slrdesk.gui.session import ExamSession


class _RegionView(QTableView):
    def __init__(self, model: PainMapModel) -> None:
        super().__init__()
        self.pain_model = model
        self.setModel(model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if event.key() == Qt.Key.Key_Space and index.isValid():
            marked = self.pain_model._mark(index.row()) is not None
            self.pain_model.set_marked(index.row(), not marked)
            return
        super().keyPressEvent(event)


class PainMapSection(QWidget):
    def __init__(self, session: ExamSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PainMapModel(session)
        self.view = _RegionView(self.model)
        self.view.setAccessibleName("Pain-map regions")
        self.message = message_label()
        self.model.entry_refused.connect(self.message.setText)
        layout = QVBoxLayout(self)
        hint = QLabel("Space marks a region; type quality initials (a s b n t r) and an "
                      "intensity 0–10.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)

    def focus_path(self, path: str) -> bool:
        if not path.startswith("pain_map"):
            return False
        self.view.setFocus()
        return True
