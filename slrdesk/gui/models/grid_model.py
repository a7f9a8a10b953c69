"""A left/right grid over one part of the exam (myotomes, reflexes, sensation, special tests).

Rows are the catalog's entries, columns Left and Right. What the clinician types goes through
the core cell grammar (`4+`, `3p`, `NT`, `+`) and into the document via the session; an entry
the grammar refuses is reported with `entry_refused`, one the document refuses by the session,
and neither changes anything. After an edit only the rows it changed are repainted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from slrdesk.core.catalog import SIDES, catalog
from slrdesk.core.document.carry import carried_note
from slrdesk.core.document.cell_entry import HINTS, NORMAL, CellKind, format_cell, parse_cell
from slrdesk.core.document.cell_meaning import CELL_ERROR, is_abnormal, rank
from slrdesk.core.document.editing import value_at
from slrdesk.core.document.field_path import Changed, FieldPath, touches
from slrdesk.core.errors import InputError
from slrdesk.core.forms import CLINIC_MARK, is_local
from slrdesk.core.progress import MARK, direction
from slrdesk.gui.carried import CARRIED_COLOUR
from slrdesk.gui.models.base import HeaderedTableModel, Index

if TYPE_CHECKING:
    from collections.abc import Iterable

    from slrdesk.gui.session import ExamSession


_SECTION: dict[CellKind, tuple[str, str]] = {
    "motor": ("myotomes", "neurology.myotomes"),
    "reflex": ("reflexes", "neurology.reflexes"),
    "sensation": ("dermatomes", "neurology.sensation"),
    "test": ("special_tests", "special_tests"),
}
_ABNORMAL = QColor(255, 236, 179)
_CARRIED_ROLES = {Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole,
                  Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole}


class BilateralGridModel(HeaderedTableModel):
    entry_refused = Signal(str)

    HEADERS = ("", "Left", "Right")

    def __init__(self, session: ExamSession, kind: CellKind) -> None:
        super().__init__()
        self.session = session
        self.kind = kind
        section, self.prefix = _SECTION[kind]
        entries = getattr(catalog(), section)
        self.row_ids: list[str] = list(entries)
        self.row_labels = [self._row_label(entries[i]) for i in self.row_ids]
        # The previous visit never changes while the exam is open: read its JSON once.
        self._previous = (session.previous.model_dump(mode="json")
                          if session.previous is not None else None)
        self._values: dict[tuple[int, int], dict[str, Any] | None] = {}
        self._values_of: object = None

    def _row_label(self, entry: Any) -> str:
        if is_local(entry.id):
            return f"{entry.label}{CLINIC_MARK}"
        roots = getattr(entry, "roots", None)
        if roots:
            return f"{entry.label} ({'/'.join(roots)})"
        area = getattr(entry, "area", None)
        return f"{entry.label}: {area}" if area else str(entry.label)

    def _last_visit(self, row: int) -> str:
        """The row's values at the patient's previous visit, each marked ▲/▼ when today's
        differs by more than the measurement's error (one MRC grade, one reflex grade)."""
        previous = self._previous
        if previous is None:
            return ""
        shown = []
        for column, side in enumerate(SIDES, 1):
            path = self.path(row, column)
            before = value_at(previous, path)
            if not before:
                continue
            after = self._value(row, column)
            way = direction(rank(self.kind, before), rank(self.kind, after), CELL_ERROR,
                            higher_is_better=True)
            shown.append(f"{side[0].upper()} {format_cell(self.kind, before)}"
                         + (f" {MARK[way]}" if way else ""))
        return " · ".join(shown)

    # --- paths --------------------------------------------------------------------------------

    def path(self, row: int, column: int) -> str:
        return f"{self.prefix}.{self.row_ids[row]}.{SIDES[column - 1]}"

    def _value(self, row: int, column: int) -> dict[str, Any] | None:
        """The cell's recorded value (read-only: shared by every role of this document's
        version). A repaint asks each visible cell several times; reading it once per edit
        keeps an edit within a frame."""
        exam = self.session.exam
        if self._values_of is not exam:
            self._values.clear()
            self._values_of = exam
        key = (row, column)
        if key not in self._values:
            value: dict[str, Any] | None = self.session.value(self.path(row, column))
            if self.kind == "test" and value is not None:
                value = {k: v for k, v in value.items() if v is not None}
            self._values[key] = value
        return self._values[key]

    # --- Qt model interface -------------------------------------------------------------------

    def row_total(self) -> int:
        return len(self.row_ids)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() > 0 and self.session.why_read_only is None:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if column == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                last = self._last_visit(row)
                return self.row_labels[row] + (f"   · last {last}" if last else "")
            return None
        value = self._value(row, column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return format_cell(self.kind, value)
        # Only the roles that show it ask whether the cell is carried: a repaint asks every
        # cell for every role.
        carried = (carried_note(self.session.exam, self.path(row, column))
                   if role in _CARRIED_ROLES and self.session.exam.carried is not None else None)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            shown = format_cell(self.kind, value) or "not examined"
            return f"{self.row_labels[row]}, {SIDES[column - 1]}: {shown}" + (
                f"; {carried}" if carried else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{carried[0].upper()}{carried[1:]}: type it again, or confirm it above. "
                    if carried else "") + f"Type {HINTS[self.kind]}. Empty: not examined."
        if carried and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        if carried and role == Qt.ItemDataRole.ForegroundRole and not is_abnormal(
                self.kind, value):
            return QBrush(CARRIED_COLOUR)
        if is_abnormal(self.kind, value):
            # A fixed light background needs fixed dark text to stay readable in dark mode.
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(_ABNORMAL)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(20, 20, 20))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() == 0:
            return False
        return self.set_cells([index], str(value))

    # --- editing many cells -------------------------------------------------------------------

    def set_cells(self, indexes: Iterable[Index], text: str) -> bool:
        """Type the same entry into every given cell at once."""
        try:
            value = parse_cell(self.kind, text)
        except InputError as exc:
            self.entry_refused.emit(str(exc))
            return False
        changes = {self.path(i.row(), i.column()): value for i in indexes if i.column() > 0}
        return self._apply(changes)

    def all_normal(self) -> bool:
        """Normal in every cell not yet examined; recorded findings are kept."""
        changes = {
            self.path(row, column): NORMAL[self.kind]
            for row in range(len(self.row_ids)) for column in (1, 2)
            if self._value(row, column) is None
        }
        return self._apply(changes)

    def copy_side(self, source: str) -> bool:
        """Copy every recorded cell of `source` ('left' or 'right') to the other side."""
        column = (0 if source == "left" else 1) + 1
        other = 3 - column
        changes = {self.path(row, other): self._value(row, column)
                   for row in range(len(self.row_ids)) if self._value(row, column) is not None}
        return self._apply(changes)

    def _apply(self, changes: dict[str, Any]) -> bool:
        # A refusal is said by the session (and shown by the binder), never twice.
        return not changes or self.session.set_many(changes) is None

    def refresh(self, changed: Changed) -> None:
        """Repaint the rows an edit changed (every row when the document was replaced)."""
        rows = range(len(self.row_ids))
        if changed is not None:
            prefix = FieldPath.parse(self.prefix)
            rows = range(0)
            hit = [r for r in range(len(self.row_ids))
                   if touches(prefix.child(self.row_ids[r]), changed)]
            if hit:
                rows = range(min(hit), max(hit) + 1)
        if len(rows):
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], 2))

    def index_for(self, path: FieldPath) -> QModelIndex:
        """The cell that records `path` (or the first cell of the row inside it), or an
        invalid index."""
        for row in range(len(self.row_ids)):
            for column in (1, 2):
                if FieldPath.parse(self.path(row, column)).within(path) or path.within(
                        FieldPath.parse(self.path(row, column))):
                    return self.index(row, column)
        return QModelIndex()
