"""The red-flag checklist: every item with its tier and the answer (yes / no / not asked).

Type `y` or `n` in the answer column (space or Delete: not asked)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor

from slrdesk.core.catalog import catalog
from slrdesk.gui.models.base import HeaderedTableModel, Index

if TYPE_CHECKING:
    from slrdesk.gui.session import ExamSession

_ANSWERS = {"y": "yes", "yes": "yes", "n": "no", "no": "no", "": None, " ": None, "-": None}
_SHOWN = {"yes": "YES", "no": "no", "not_asked": "not asked"}


class RedFlagModel(HeaderedTableModel):
    entry_refused = Signal(str)
    HEADERS = ("Red flag", "Tier", "Answer")

    def __init__(self, session: ExamSession) -> None:
        super().__init__()
        self.session = session
        self.items = list(catalog().red_flags.values())

    def refresh(self) -> None:
        """Every row: an answer anywhere, or any finding, can change which rows the record
        contradicts."""
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.items) - 1, 2))

    def row_total(self) -> int:
        return len(self.items)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 2 and self.session.why_read_only is None:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def answer(self, row: int) -> str:
        return self.session.exam.red_flag_answer(self.items[row].id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        flag = self.items[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return flag.label + (f" ({flag.detail})" if flag.detail else "")
            if column == 1:
                return catalog().tier_label(flag.tier)
            return _SHOWN[self.answer(index.row())]
        if role == Qt.ItemDataRole.EditRole and column == 2:
            answer = self.answer(index.row())
            return "" if answer == "not_asked" else answer
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and (
                column == 2):
            answer = self.answer(index.row())
            colours = {"yes": QColor(255, 205, 210), "not_asked": QColor(255, 243, 205)}
            if answer in colours:
                # Fixed light backgrounds need fixed dark text to stay readable in dark mode.
                return QBrush(colours[answer] if role == Qt.ItemDataRole.BackgroundRole
                              else QColor(20, 20, 20))
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            why = self.contradicted().get(flag.id)
            if why:
                return f"The record argues for yes — {why}. Type y or n; Delete: not asked"
            return "Type y (yes) or n (no); Delete: not asked"
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and (
                flag.id in self.contradicted() and self.answer(index.row()) != "yes"):
            return QColor(179, 38, 30)  # a red mark on a row the record contradicts
        return None

    def setData(self, index: Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != 2:
            return False
        return self.set_answers([index.row()], str(value))

    def set_answers(self, rows: list[int], text: str) -> bool:
        key = text.strip().lower()
        if key not in _ANSWERS:
            self.entry_refused.emit(f"{text!r}: answer y (yes) or n (no); Delete: not asked")
            return False
        # A refusal is said by the session (and shown by the binder).
        return self.session.set_many(
            {f"red_flags.{self.items[row].id}": _ANSWERS[key] for row in rows}) is None

    def contradicted(self) -> dict[str, str]:
        """Checklist items the history or examination argue for, with the finding that does:
        a bulk "no" never answers them, and their rows say why."""
        found: dict[str, str] = {}
        for flag in self.session.assessment.red_flags:
            for item in flag.contradicts:
                found.setdefault(item, f"{flag.label}: {flag.finding}")
        return found

    def rest_to_answer_no(self) -> tuple[list[int], list[int]]:
        """(rows a bulk "no" would answer, unanswered rows it must leave: the record argues
        for them)."""
        contradicted = self.contradicted()
        unanswered = [row for row in range(len(self.items)) if self.answer(row) == "not_asked"]
        leave = [row for row in unanswered if self.items[row].id in contradicted]
        return [row for row in unanswered if row not in leave], leave

    def answer_rest_no(self) -> bool:
        """Answer "no" to every unasked item the record does not argue for."""
        rows, _ = self.rest_to_answer_no()
        return self.set_answers(rows, "n") if rows else True
