"""Plain text fields for one value of the exam: what was typed goes out through the field's
link (gui/binder.py), and a refused entry stays in the field, marked, with why in its tooltip.
The fields know nothing of the session or the document."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from slrdesk.gui.binder import UNBOUND, FieldLink
from slrdesk.gui.widgets.date_entry import add_date_picker, format_hint, read_date

_INVALID = "border: 2px solid #b3261e;"
# A field saves while typing, a moment after the last key (as the notes do): a crash loses at
# most that moment, not the whole field.
TYPING_SAVE_MS = 300


def mark_invalid(field: QWidget, problem: str | None) -> None:
    """Keep what was typed and mark the field with why it was refused (None: clear). The
    record keeps its last valid value meanwhile; the mark stays until the field is fixed."""
    field.setProperty("problem", problem)
    field.setStyleSheet(_INVALID if problem else "")
    field.setToolTip(problem or "")


def has_problem(field: QWidget) -> bool:
    return bool(field.property("problem"))


class LineField(QLineEdit):
    """A one-line field that saves while typing and when left. Subclasses say how the text
    reads as a value (`read`: the value, or raises ValueError with why)."""

    typed = True  # its saves while typing merge into one undoable step

    def __init__(self) -> None:
        super().__init__()
        self.link: FieldLink = UNBOUND
        self._shown: Any = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_SAVE_MS)
        self._timer.timeout.connect(lambda: self.commit(quiet=True))
        # Typed since the field last showed the record: only then is an unchanged value
        # stored again, which confirms a value carried from the previous exam. Tabbing
        # through a field confirms nothing.
        self._typed = False
        self.textEdited.connect(self._on_typed)
        self.editingFinished.connect(self.commit)

    def read(self, text: str, *, quiet: bool) -> Any:
        """The value `text` stands for (None: not recorded)."""
        return text or None

    def commit(self, quiet: bool = False) -> None:
        """Store what was typed; `quiet` (while typing) keeps an unfinished value unsaid."""
        self._timer.stop()
        try:
            value = self.read(self.text().strip(), quiet=quiet)
        except ValueError as why:
            if not quiet:
                self.link.refuse(str(why))
            return
        if value is _STILL_TYPING or (not self._typed and value == self._shown):
            return
        if self.link.store(value, quiet=quiet) is None:
            self._typed = False
            self._shown = value

    def _on_typed(self) -> None:
        self._typed = True
        self._timer.start()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)  # editingFinished: stored, or refused and kept
        if not has_problem(self):
            self._show(self._shown)  # what was stored: a date typed 03/04/2026 reads 2026-04-03

    def show_value(self, value: Any) -> None:
        self._shown = value
        if not self.hasFocus() and not has_problem(self):
            self._show(value)  # never over what is being typed, or a refused entry still shown

    def _show(self, value: Any) -> None:
        self.setText("" if value is None else str(value))

    def show_problem(self, problem: str | None) -> None:
        mark_invalid(self, problem)


# `read` while typing: the text is not a value yet (a date half typed), nothing to store.
_STILL_TYPING = object()


class TextField(LineField):
    """Free text, a date (`kind="date"`: ISO or the locale's format, with a calendar), a whole
    number (`kind="int"`) or a decimal (`kind="decimal"`, a comma accepted as the decimal
    mark)."""

    def __init__(self, kind: str = "text") -> None:
        super().__init__()
        self.kind = kind
        if kind == "date":
            self.setPlaceholderText(format_hint())
            add_date_picker(self, self._picked)

    def read(self, text: str, *, quiet: bool) -> Any:
        if not text:
            return None
        if self.kind == "date":
            day = read_date(text)
            if day is None:
                raise ValueError(f"{text!r} is not a date ({format_hint()})")
            return day.isoformat()
        if self.kind == "int":
            if not text.isdigit():
                raise ValueError(f"{text!r} is not a whole number")
            return int(text)
        if self.kind == "decimal":
            try:
                return float(text.replace(",", "."))
            except ValueError:
                raise ValueError(f"{text!r} is not a number") from None
        return text

    def _picked(self) -> None:
        """A day chosen in the calendar is entered, as if typed."""
        self._typed = True
        self.commit()


class AngleField(LineField):
    """Whole degrees within what the angle can be (`bounds`); a trailing ° is accepted."""

    def __init__(self, bounds: tuple[int, int]) -> None:
        super().__init__()
        self.bounds = bounds
        self.setPlaceholderText("—")
        self.setMaximumWidth(70)

    def read(self, text: str, *, quiet: bool) -> Any:
        text = text.rstrip("°").strip()
        if not text:
            return None
        if not text.lstrip("-").isdigit():
            raise ValueError(f"{text!r} is not a whole number of degrees")
        low, high = self.bounds
        if quiet and not low <= int(text) <= high:
            return _STILL_TYPING  # still being typed, or out of range: said when left
        return int(text)


class NotesField(QPlainTextEdit):
    """Long text, saved a moment after typing stops."""

    typed = True

    def __init__(self) -> None:
        super().__init__()
        self.link: FieldLink = UNBOUND
        self.setTabChangesFocus(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.commit)
        self.textChanged.connect(self._timer.start)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.commit()
        super().focusOutEvent(event)

    def commit(self) -> None:
        self._timer.stop()
        self.link.store(self.toPlainText().strip() or None)

    def show_value(self, value: Any) -> None:
        if self.hasFocus() or self._timer.isActive():
            return
        text = value or ""
        if text != self.toPlainText():
            self.blockSignals(True)
            self.setPlainText(text)
            self.blockSignals(False)

    def show_problem(self, problem: str | None) -> None:
        mark_invalid(self, problem)
