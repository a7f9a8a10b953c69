"""The red-flag checklist; every item must be answered before the note can be signed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from slrdesk.core.document.field_path import FieldPath
from slrdesk.gui.models.red_flag_model import RedFlagModel
from slrdesk.gui.widgets.focus_highlight import highlight_only_with_focus
from slrdesk.gui.widgets.whole_table import show_every_row

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex

    from slrdesk.gui.binder import Binder
    from slrdesk.gui.session import ExamSession


class _FlagView(QTableView):
    def __init__(self, model: RedFlagModel) -> None:
        super().__init__()
        self.flag_model = model
        self.setModel(model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 100)
        header.resizeSection(2, 100)
        self.setCurrentIndex(model.index(0, 2))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # y / n / Delete answer every selected row at once, without opening an editor.
        text = event.text().lower()
        rows = sorted({i.row() for i in self.selectionModel().selectedIndexes()})
        if rows and (text in ("y", "n") or event.key() in (Qt.Key.Key_Delete,
                                                          Qt.Key.Key_Backspace)):
            self.flag_model.set_answers(rows, text if text in ("y", "n") else "")
            if len(rows) == 1 and rows[0] + 1 < self.flag_model.rowCount():
                self.setCurrentIndex(self.flag_model.index(rows[0] + 1, 2))
            return
        super().keyPressEvent(event)


class RedFlagSection(QWidget):
    def __init__(self, session: ExamSession, binder: Binder,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = RedFlagModel(session)
        self.view = _FlagView(self.model)
        self.view.setAccessibleName("Red-flag checklist")
        self.message = binder.message
        self.model.entry_refused.connect(lambda why: binder.report("red_flags", why))
        binder.view("red_flags", self.view, self._cell, lambda _changed: None)
        self.count = QLabel()
        self.count.setObjectName("unanswered_count")
        rest = QPushButton("Answer the rest “no”")
        rest.setAccessibleName("Answer every unanswered red flag no")
        rest.clicked.connect(self.answer_rest_no)
        binder.control(rest)
        top = QHBoxLayout()
        hint = QLabel("Type <b>y</b> or <b>n</b> for the selected items; Delete: not asked.")
        hint.setWordWrap(True)
        top.addWidget(hint, 1)
        top.addStretch(1)
        top.addWidget(self.count)
        top.addWidget(rest)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        show_every_row(self.view)
        highlight_only_with_focus(self.view)
        layout.addWidget(self.view)
        layout.addStretch(1)
        # The rows the record contradicts and the count follow the assessment: every edit.
        binder.watch(None, self.refresh)
        self.refresh()

    def _cell(self, path: FieldPath) -> QModelIndex:
        for row, flag in enumerate(self.model.items):
            if FieldPath(("red_flags", flag.id)).within(path) or path.within(
                    FieldPath(("red_flags", flag.id))):
                return self.model.index(row, 2)
        return self.model.index(-1, -1)

    def refresh(self) -> None:
        self.model.refresh()
        n = len(self.session.assessment.unanswered_red_flags)
        self.count.setText(f"{n} not answered" if n else "All answered")
        self.count.setStyleSheet("font-weight: bold; color: #b35900;" if n else "")

    def answer_rest_no(self) -> bool:
        """Ask first, listing what will be answered "no" and what will be left because the
        history or examination argue for it; then answer. False when nothing was answered."""
        rows, leave = self.model.rest_to_answer_no()
        if not rows and not leave:
            return False
        names = "\n".join(f"  • {self.model.items[r].label}" for r in rows) or "  (none)"
        text = f"Answer “no” to:\n{names}"
        if leave:
            why = self.model.contradicted()
            text += ("\n\nLeft unanswered, because the record argues for yes:\n" + "\n".join(
                f"  • {self.model.items[r].label} — {why[self.model.items[r].id]}"
                for r in leave))
        answer = QMessageBox.question(
            self, "Answer the rest “no”?", text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes or not rows:
            return False
        return self.model.answer_rest_no()
