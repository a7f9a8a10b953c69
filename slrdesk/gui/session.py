"""The open exam: the one ExamDocument the widgets edit, its live assessment, and autosave.

The session is the only writer. Widgets never keep a copy of the exam; through the binder
(`gui/binder.py`) they call `set`/`set_many` with a field path. The session validates the whole
document (core `edit`), pushes the change onto the undo stack, reclassifies, and says what
changed (`edited`, with the changed field paths). A refused edit leaves the document as it was,
returns the sentence to show beside the field and says it (`refused`). Whether the exam may be
edited here, and why not, is `why_read_only`; `editable_changed` says when that changes.

Saving is debounced: the store sees the document at most a fraction of a second after the last
keystroke, so a crash loses at most that.
"""

from __future__ import annotations

import copy
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from slrdesk.core.assessment import Assessment, classify
from slrdesk.core.document.carry import confirmed
from slrdesk.core.document.editing import Edited, edit, value_at
from slrdesk.core.document.exam import parse_exam
from slrdesk.core.document.field_labels import with_labels
from slrdesk.core.document.field_path import FieldPath
from slrdesk.core.errors import SlrDeskError
from slrdesk.core.store import StaleExamError, recovery
from slrdesk.core.store.previous import previous_exam

if TYPE_CHECKING:
    from slrdesk.core.document.exam import ExamDocument
    from slrdesk.core.store import SqlExamStore

AUTOSAVE_DELAY_MS = 400
# After a failed save: retry, waiting longer each time up to half a minute.
RETRY_DELAYS_MS = (2_000, 5_000, 10_000, 30_000)


class ExamSession(QObject):
    """Signals: `changed` after every accepted edit (the assessment is already current);
    `saved(str)` with the time of each completed save; `save_failed(str)` with the reason, in
    words, and where the edit is kept meanwhile. A failed save is retried until it succeeds;
    `unsaved` says whether the database is behind what the clinician typed."""

    changed = Signal()
    # After `changed`: the FieldPaths whose values the edit changed (a frozenset), or None
    # when the whole document was replaced. A field refreshes only when its path is among them.
    edited = Signal(object)
    # An edit of these paths (a frozenset of str) was refused, and why, in words.
    refused = Signal(object, str)
    # Whether the exam may be edited here changed: why not (str), or None when it may.
    editable_changed = Signal(object)
    saved = Signal(str)
    save_failed = Signal(str)
    # Another workstation saved this exam since it was opened here: the copy was kept aside,
    # never written over theirs (the sentence says where).
    conflicted = Signal(str)

    def __init__(self, store: SqlExamStore, exam: ExamDocument,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._exam = exam
        self._json: tuple[ExamDocument, dict[str, Any]] | None = None
        # Lasting red-flag answers carry from it, and a deficit worse than it is progressive.
        self.previous = previous_exam(store, exam)
        self._assessment = classify(exam, self.previous)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        self.undo_stack = QUndoStack(self)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.save_now)
        self._failures = 0
        self.last_failure: str | None = None
        self.recovery_file: Path | None = None
        # Why this exam may not be edited here although it is a draft: another workstation has
        # it open, or saved it since it was opened here.
        self.held_elsewhere: str | None = None
        self.conflict: str | None = None
        self._said_read_only = self.why_read_only

    @property
    def read_only(self) -> str | None:
        """Why nothing may be typed into this draft here, or None."""
        return self.store.read_only or self.held_elsewhere or self.conflict

    @property
    def why_read_only(self) -> str | None:
        """Why this exam may not be edited here (signed, or a draft read only here), or None."""
        if self.locked:
            return "this exam is signed and cannot change; write an addendum instead"
        return self.read_only

    def recheck_editable(self) -> None:
        """Say when the exam became read-only here (the database was found damaged, another
        room saved it) or editable again."""
        now = self.why_read_only
        if now != self._said_read_only:
            self._said_read_only = now
            self.editable_changed.emit(now)

    @property
    def exam(self) -> ExamDocument:
        return self._exam

    @property
    def assessment(self) -> Assessment:
        return self._assessment

    @property
    def locked(self) -> bool:
        return self._exam.status == "signed"

    def value(self, path: str | FieldPath) -> Any:
        # Every visible cell reads its value on each repaint: read from one JSON form of the
        # document per version instead of dumping the whole document per cell.
        found = value_at(self._document_json(self._exam), path)
        # A copy, so that no caller can change the cached form behind the session's back.
        return copy.deepcopy(found) if isinstance(found, dict | list) else found

    def set(self, path: str, value: Any, *, merge: bool = False) -> str | None:
        """Set one field (None: not examined). Returns None, or why the edit was refused."""
        return self.set_many({path: value}, merge=merge)

    def set_many(self, changes: dict[str, Any], *, merge: bool = False) -> str | None:
        """`merge`: typing or dragging, which merges into the step before when it edits the
        same field within a second; a click, a choice or a cell is always a step of its own."""
        problem = self.why_read_only
        if problem is None:
            try:
                edited = edit(self._exam, changes, self._document_json(self._exam))
            except SlrDeskError as exc:
                # Said beside the field in the clinician's words, never as a path.
                problem = with_labels(str(exc).removeprefix("exam: "))
            else:
                if edited.document != self._exam:
                    # Every accepted edit is one undoable step; typing into one field merges.
                    self.undo_stack.push(_Edit(self, self._exam, edited, frozenset(changes),
                                               merge))
                return None
        self.refused.emit(frozenset(changes), problem)
        return problem

    def confirm_carried(self, paths: list[str]) -> str | None:
        """Confirm values carried from the previous exam as examined today, as they stand:
        one undoable step. Returns None, or why it was refused."""
        if self.why_read_only is not None:
            return self.why_read_only
        updated = confirmed(self._exam, paths)
        if updated != self._exam:
            edited = Edited(updated, updated.model_dump(mode="json"),
                            frozenset({FieldPath(("carried",))}))
            self.undo_stack.push(_Edit(self, self._exam, edited,
                                       frozenset(f"confirm {p}" for p in paths)))
        return None

    def _apply(self, exam: ExamDocument, json: dict[str, Any],
               changed: frozenset[FieldPath]) -> None:
        """Make `exam` the open document: reassess, schedule the save, tell the widgets what
        changed."""
        self._exam = exam
        self._json = (exam, json)
        self._assessment = classify(exam, self.previous)
        self._timer.start()
        self.changed.emit()
        self.edited.emit(changed)

    def _document_json(self, exam: ExamDocument) -> dict[str, Any]:
        """The JSON form of `exam`, kept for the open document's current version."""
        if self._json is None or self._json[0] is not exam:
            self._json = (exam, exam.model_dump(mode="json"))
        return self._json[1]

    def replace(self, exam: ExamDocument) -> None:
        """Swap in a whole document (after signing, or reloading); nothing before it can be
        undone any more."""
        self.undo_stack.clear()
        self._exam = exam
        self._assessment = classify(exam, self.previous)
        self.changed.emit()
        self.edited.emit(None)
        self.recheck_editable()

    def save_now(self) -> bool:
        self._timer.stop()
        self._retry.stop()
        if self.locked or self.held_elsewhere is not None or self.conflict is not None:
            return True  # nothing of this workstation's to save
        try:
            self.store.save_draft(self._exam)
        except StaleExamError as exc:
            self._conflicted(str(exc))
            return False
        except SlrDeskError as exc:
            self._failed(str(exc))
            return False
        if self.recovery_file is not None:
            recovery.discard(self._data_dir, self._exam.exam_id)
            self.recovery_file = None
        self._failures, self.last_failure = 0, None
        self.saved.emit(datetime.now().strftime("%H:%M:%S"))
        return True

    def _failed(self, reason: str) -> None:
        """Keep the edit outside the database, say so at once, and try again later."""
        try:
            self.recovery_file = recovery.keep(self._data_dir, self._exam,
                                               self.store.known_revision(self._exam.exam_id))
            kept = f"kept in {self.recovery_file} and retried"
        except SlrDeskError as exc:
            kept = f"kept in memory only ({exc}); do not close SLR Desk"
        self.last_failure = f"{reason}; your changes are {kept}"
        delay = RETRY_DELAYS_MS[min(self._failures, len(RETRY_DELAYS_MS) - 1)]
        self._failures += 1
        self._retry.start(delay)
        self.save_failed.emit(self.last_failure)

    def _conflicted(self, reason: str) -> None:
        """Keep this copy aside, stop saving it, and say where it is."""
        try:
            kept = f"your version is kept in {recovery.keep_conflict(self._data_dir, self._exam)}"
        except SlrDeskError as exc:
            kept = f"your version could not be kept ({exc})"
        if self.recovery_file is not None:  # superseded by the conflict copy
            recovery.discard(self._data_dir, self._exam.exam_id)
            self.recovery_file = None
        self.conflict = f"{reason}; {kept}"
        self.last_failure = None
        self._retry.stop()
        self.recheck_editable()
        self.conflicted.emit(self.conflict)

    @property
    def unsaved(self) -> bool:
        """The database does not yet hold the last edit (pending, or a save failed)."""
        return self._timer.isActive() or self.last_failure is not None

    @property
    def _data_dir(self) -> Path:
        return self.store.data_dir

    def close(self) -> None:
        """Save anything pending and stop autosaving (the exam is being closed). What still
        cannot be saved stays in its recovery file for the next start."""
        if self._timer.isActive() or self.last_failure is not None:
            self.save_now()
        self._timer.stop()
        self._retry.stop()

    @property
    def save_pending(self) -> bool:
        return self._timer.isActive()


class _Edit(QUndoCommand):
    """One accepted edit: the document's JSON form before and after. Consecutive typing or
    dragging in the same field within a second (`mergeable`) merges into one step.

    A step keeps the JSON forms alone, which share all but what the edit changed; the
    documents are read again from them on undo and redo. A step that kept whole documents
    kept some 300 objects, and the collector, walking them all, held up the keystroke that
    set it off by a quarter of a second once a few hundred edits were made."""

    MERGE_WINDOW_S = 1.0

    def __init__(self, session: ExamSession, before: ExamDocument, after: Edited,
                 paths: frozenset[str], mergeable: bool = False) -> None:
        super().__init__(f"edit {', '.join(sorted(paths))[:60]}")
        self.session, self.paths, self.mergeable = session, paths, mergeable
        self.before_json = session._document_json(before)
        self.after_json, self.changed = after.json, after.changed
        self._made: ExamDocument | None = after.document  # until it is first applied
        self.at = time.monotonic()

    def id(self) -> int:
        return 1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Edit) or not (self.mergeable and other.mergeable) or (
                other.paths != self.paths) or other.at - self.at > self.MERGE_WINDOW_S or (
                len(self.paths) > 1):
            return False
        self.after_json, self.at = other.after_json, other.at
        self.changed |= other.changed
        return True

    def redo(self) -> None:
        made, self._made = self._made, None
        document = made if made is not None else parse_exam(self.after_json, source="exam")
        self.session._apply(document, self.after_json, self.changed)

    def undo(self) -> None:
        if self.session.why_read_only is not None:
            return
        self.session._apply(parse_exam(self.before_json, source="exam"), self.before_json,
                            self.changed)
