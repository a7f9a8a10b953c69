"""Text fields bound to one field of the exam; a refused value is explained in place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit

from slrdesk.core.document.editing import affects
from slrdesk.core.document.field_labels import field_label
from slrdesk.gui.widgets.date_entry import add_date_picker, format_hint, read_date

if TYPE_CHECKING:
    from slrdesk.gui.session import ExamSession


_INVALID = "border: 2px solid #b3261e;"


def mark_invalid(field: QLineEdit, problem: str | None) -> None:
    """Keep what was typed and mark the field with why it was refused (None: clear). The
    record keeps its last valid value meanwhile; the mark stays until the field is fixed."""
    field.setProperty("problem", problem)
    field.setStyleSheet(_INVALID if problem else "")
    field.setToolTip(problem or "")


def has_problem(field: QLineEdit) -> bool:
    return bool(field.property("problem"))


class TextField(QLineEdit):
    """Free text, a date (`kind="date"`: ISO or the locale's format, with a calendar), a whole
    number (`kind="int"`) or a decimal (`kind="decimal"`, a comma accepted as the decimal
    mark)."""

    def __init__(self, session: ExamSession, path: str, message: QLabel,
                 kind: str = "text") -> None:
        super().__init__()
        self.session, self.path, self.message, self.kind = session, path, message, kind
        if kind == "date":
            self.setPlaceholderText(format_hint())
            add_date_picker(self, self._picked)
        # Saved while typing, a moment after the last key (as the notes are): a crash loses
        # at most that moment, not the whole field. A value that does not parse yet (a date
        # half typed) waits for the field to be left before it is refused.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(lambda: self.commit(quiet=True))
        # Typed since the field last showed the record: only then is an unchanged value
        # stored again, which confirms a value carried from the previous exam. Tabbing
        # through a field confirms nothing.
        self._typed = False
        self.textEdited.connect(self._on_typed)
        self.editingFinished.connect(self.commit)
        session.edited.connect(self._edited)
        self.refresh()

    def commit(self, quiet: bool = False) -> None:
        """Store what was typed; `quiet` (while typing) keeps an unfinished value unsaid."""
        self._timer.stop()
        text = self.text().strip()
        value: object = text or None
        problem = None
        if text and self.kind == "date":
            day = read_date(text)
            if day is None:
                problem = f"{field_label(self.path)}: {text!r} is not a date ({format_hint()})"
            else:
                value = day.isoformat()
        elif text and self.kind == "int":
            if text.isdigit():
                value = int(text)
            else:
                problem = f"{field_label(self.path)}: {text!r} is not a whole number"
        elif text and self.kind == "decimal":
            try:
                value = float(text.replace(",", "."))
            except ValueError:
                problem = f"{field_label(self.path)}: {text!r} is not a number"
        if problem is None and not self._typed and value == self.session.value(self.path):
            return
        if problem is None:
            problem = self.session.set(self.path, value)
            self._typed = self._typed and problem is not None
        if problem is None or not quiet:
            self.message.setText(problem or "")
            mark_invalid(self, problem)

    def _picked(self) -> None:
        """A day chosen in the calendar is entered, as if typed."""
        self._typed = True
        self.commit()

    def _on_typed(self) -> None:
        self._typed = True
        self._timer.start()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)  # editingFinished: stored, or refused and kept
        self.refresh()  # shows what was stored: a date typed 03/04/2026 reads back 2026-04-03

    def _edited(self, changed: frozenset[str] | None) -> None:
        if affects(self.path, changed):
            self.refresh()

    def refresh(self) -> None:
        if self.hasFocus() or has_problem(self):
            return  # never overwrite what is being typed, or a refused entry still shown
        value = self.session.value(self.path)
        self.setText("" if value is None else str(value))


class NotesField(QPlainTextEdit):
    """Long text, saved a moment after typing stops."""

    def __init__(self, session: ExamSession, path: str, message: QLabel) -> None:
        super().__init__()
        self.session, self.path, self.message = session, path, message
        self.setTabChangesFocus(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.commit)
        self.textChanged.connect(self._timer.start)
        session.edited.connect(self._edited)
        self.refresh()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.commit()
        super().focusOutEvent(event)

    def commit(self) -> None:
        problem = self.session.set(self.path, self.toPlainText().strip() or None)
        self.message.setText(problem or "")

    def _edited(self, changed: frozenset[str] | None) -> None:
        if affects(self.path, changed):
            self.refresh()

    def refresh(self) -> None:
        if self.hasFocus() or self._timer.isActive():
            return
        value = self.session.value(self.path) or ""
        if value != self.toPlainText():
            self.blockSignals(True)
            self.setPlainText(value)
            self.blockSignals(False)
