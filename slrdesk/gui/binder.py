"""The one place where the exam editor's widgets meet the exam.

Widgets here know nothing of the session or the document: a field shows a value, hands back
what the clinician entered, and marks itself when told why an entry was refused. The binder
joins each of them to one field path of the open exam and does, once for all of them, what every
editor needs:

- writes: an entry goes to the session (the only writer), and its refusal comes back;
- refreshes: after an edit, only the widgets whose paths the edit changed are read again;
- errors: every refusal, whether the widget could not read the text or the document refused
  the value, is marked on the field and said in one message line under the section, always in
  view whatever the scroll, in the clinician's words; it stays until that field is fixed;
- read-only: on a signed exam, or a draft held elsewhere, every bound widget is disabled;
- focus: `focus(path)` puts the cursor on the widget or grid cell that records a path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QWidget

from slrdesk.core.document.carry import carried_note
from slrdesk.core.document.field_path import Changed, FieldPath, touches
from slrdesk.gui.carried import mark

if TYPE_CHECKING:
    from slrdesk.gui.session import ExamSession


class FieldEditor(Protocol):
    """What the binder needs of a widget that edits one value."""

    link: FieldLink

    def show_value(self, value: Any) -> None:
        """Show the recorded value (None: not recorded), unless the clinician is typing."""

    def show_problem(self, problem: str | None) -> None:
        """Mark the field as refused, with why (None: clear the mark)."""

    def setEnabled(self, enabled: bool) -> None: ...

    def setFocus(self, reason: Qt.FocusReason) -> None: ...

    def setAccessibleName(self, name: str) -> None: ...


E = TypeVar("E", bound=FieldEditor)
W = TypeVar("W", bound=QWidget)


@dataclass
class FieldLink:
    """How a plain widget hands its entries on, once bound: `submit(value)` stores a value and
    returns None or why it was refused (already said); `refuse(why)` says why the widget could
    not read what was typed ("'abc' is not a whole number of degrees")."""

    submit: Callable[[Any, bool], str | None]
    refuse: Callable[[str], None]

    def store(self, value: Any, *, quiet: bool = False) -> str | None:
        """`quiet`: saved while typing; a refusal waits until the field is left to be said."""
        return self.submit(value, quiet)


def _unbound_submit(_value: Any, _quiet: bool) -> str | None:
    return "this field is not connected to an exam"


UNBOUND = FieldLink(_unbound_submit, lambda _why: None)




@dataclass
class _View:
    prefix: FieldPath
    view: QAbstractItemView
    locate: Callable[[FieldPath], QModelIndex]
    refresh: Callable[[Changed], None]


class Binder(QObject):
    def __init__(self, session: ExamSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._fields: dict[FieldPath, FieldEditor] = {}
        self._views: list[_View] = []
        self._watchers: list[tuple[tuple[FieldPath, ...] | None, Callable[[Changed], None]]] = []
        self._controls: list[QWidget] = []
        # Where every refused entry is said: placed by the editor under the section shown.
        self.message = QLabel()
        self.message.setObjectName("entry_message")
        self.message.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.message.setWordWrap(True)
        self._problems: dict[FieldPath, str] = {}
        self._quiet = False
        session.edited.connect(self._edited)
        session.editable_changed.connect(self._obey)
        session.refused.connect(self._refused)

    # --- binding ------------------------------------------------------------------------------

    def field(self, path: str, widget: E, label: str | None = None) -> E:
        """Join `widget` to the field at `path`; `label` is its accessible name."""
        at = FieldPath.parse(path)
        self._fields[at] = widget
        # Typing into a text field merges into one undoable step; a choice is a step.
        merge = bool(getattr(widget, "typed", False))
        widget.link = FieldLink(lambda value, quiet: self.set(at, value, quiet=quiet,
                                                              merge=merge),
                                lambda why: self.report(at, f"{at.label}: {why}"))
        if label is not None:
            widget.setAccessibleName(label)
        widget.show_value(self.session.value(str(at)))
        widget.setEnabled(self.editable)
        self._mark_carried(at, widget)
        return widget

    def view(self, prefix: str, view: QAbstractItemView,
             locate: Callable[[FieldPath], QModelIndex],
             refresh: Callable[[Changed], None]) -> None:
        """Join a grid over every field under `prefix`: `locate` finds a field's cell,
        `refresh` shows what an edit changed in it."""
        at = FieldPath.parse(prefix)
        self._views.append(_View(at, view, locate, refresh))
        view.setEnabled(self.editable)

    def control(self, widget: W) -> W:
        """A button, a figure or a list that edits the exam in its own way: enabled only while
        the exam may be edited here."""
        self._controls.append(widget)
        widget.setEnabled(self.editable)
        return widget

    def watch(self, paths: Iterable[str] | None, refresh: Callable[[], None]) -> None:
        """Call `refresh` after every edit that changes a field under one of `paths` (None:
        after every edit, for what shows the assessment)."""
        at = tuple(FieldPath.parse(p) for p in paths) if paths is not None else None
        self._watchers.append((at, lambda _changed: refresh()))

    # --- writing ------------------------------------------------------------------------------

    def set(self, path: FieldPath | str, value: Any, *, quiet: bool = False,
            merge: bool = False) -> str | None:
        return self.set_many({path: value}, quiet=quiet, merge=merge)

    def set_many(self, changes: dict[FieldPath | str, Any], *, quiet: bool = False,
                 merge: bool = False) -> str | None:
        """Store several fields as one undoable step; None, or why it was refused (said,
        unless `quiet`: a value still being typed is not refused out loud). `merge`: typing or
        dragging, merged with the step before in the same field."""
        paths = [FieldPath.parse(p) for p in changes]
        self._quiet = quiet
        try:
            problem = self.session.set_many({str(p): v for p, v in zip(
                paths, changes.values(), strict=True)}, merge=merge)
        finally:
            self._quiet = False
        if problem is None:
            for path in paths:
                self.clear(path)
        return problem

    # --- errors -------------------------------------------------------------------------------

    def report(self, path: FieldPath | str, problem: str) -> None:
        """Say why an entry at `path` was refused; it stays until that field is fixed."""
        at = FieldPath.parse(path)
        self._problems.pop(at, None)
        self._problems[at] = problem  # the latest last
        widget = self._fields.get(at)
        if widget is not None:
            widget.show_problem(problem)
        self._show_problems()

    def clear(self, path: FieldPath | str) -> None:
        at = FieldPath.parse(path)
        gone = [p for p in self._problems if p.overlaps(at)]
        for found in gone:
            del self._problems[found]
            widget = self._fields.get(found)
            if widget is not None:
                widget.show_problem(None)
        if gone:
            self._show_problems()

    def problem(self, path: str) -> str | None:
        return self._problems.get(FieldPath.parse(path))

    def _refused(self, paths: object, problem: str) -> None:
        assert isinstance(paths, frozenset)
        if self._quiet:
            return
        first = min(FieldPath.parse(p) for p in paths) if paths else None
        if first is not None:
            self.report(first, problem)

    def _show_problems(self) -> None:
        self.message.setText("\n".join(self._problems.values()))

    # --- refreshing ---------------------------------------------------------------------------

    def _edited(self, changed: Changed) -> None:
        for path, widget in self._fields.items():
            if touches(path, changed):
                widget.show_value(self.session.value(str(path)))
        for paths, refresh in self._watchers:
            if paths is None or changed is None or any(touches(p, changed) for p in paths):
                refresh(changed)
        carried = changed is None or any(c.parts[0] == "carried" for c in changed)
        if carried:
            self.mark_carried()
        for view in self._views:
            if carried:  # a grid's cells show in italics what is carried: all of them again
                view.refresh(None)
            elif touches(view.prefix, changed):
                view.refresh(changed)
            if touches(view.prefix, changed):
                self.clear(view.prefix)  # a grid's refusal is fixed by an edit in that grid

    def mark_carried(self) -> None:
        """Mark every bound field whose value was carried from the previous exam."""
        for path, widget in self._fields.items():
            self._mark_carried(path, widget)

    def _mark_carried(self, path: FieldPath, widget: FieldEditor) -> None:
        if isinstance(widget, QWidget):
            mark(widget, carried_note(self.session.exam, str(path)))

    # --- read-only ----------------------------------------------------------------------------

    @property
    def editable(self) -> bool:
        return self.session.why_read_only is None

    def _obey(self, _why: object) -> None:
        editable = self.editable
        for widget in self._fields.values():
            widget.setEnabled(editable)
        for view in self._views:
            view.view.setEnabled(editable)
        for control in self._controls:
            control.setEnabled(editable)

    def widget(self, path: str) -> QWidget:
        """The widget bound to the field at `path`."""
        found = self._fields[FieldPath.parse(path)]
        assert isinstance(found, QWidget)
        return found

    def editors(self) -> list[QWidget]:
        """Every widget bound here (for the lock-in tests and the carried marks)."""
        found: list[QWidget] = [w for w in self._fields.values() if isinstance(w, QWidget)]
        return found + [v.view for v in self._views] + self._controls

    # --- focus --------------------------------------------------------------------------------

    def focus(self, path: str) -> bool:
        """Put the cursor on what records `path`: its field, the first field inside it, or its
        cell in a grid. False when nothing bound here records it."""
        at = FieldPath.parse(path)
        widget = self._fields.get(at) or next(
            (w for p, w in sorted(self._fields.items()) if p.within(at)), None)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        for view in self._views:
            if at.overlaps(view.prefix):
                view.view.setFocus(Qt.FocusReason.OtherFocusReason)
                index = view.locate(at)
                if index.isValid():
                    view.view.setCurrentIndex(index)
                return True
        return False

    def focus_first(self, section: QWidget) -> None:
        """The section's first field in tab order (a grid, a box, a text field). Buttons such
        as "All normal" are skipped: a keystroke meant for a field must not press them."""
        widget = section.nextInFocusChain()
        while widget is not None and widget is not section and section.isAncestorOf(widget):
            if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled()
                    and widget.isVisibleTo(section) and not isinstance(widget, QAbstractButton)):
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            widget = widget.nextInFocusChain()

