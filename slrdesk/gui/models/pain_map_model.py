"""The pain map as a list: every region, whether it is marked, its qualities and intensity.

Keyboard-operable: Space marks or unmarks the current region; type the qualities' names or
initials in the qualities column (the core's grammar: `nt` numbness and tingling); type 0–10 in
the intensity column."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal

from slrdesk.core.catalog import catalog
from slrdesk.core.document.cell_entry import format_qualities, parse_qualities, quality_hint
from slrdesk.core.document.field_path import Changed
from slrdesk.core.errors import InputError
from slrdesk.gui.models.base import HeaderedTableModel, Index

if TYPE_CHECKING:
    from slrdesk.gui.session import ExamSession

class PainMapModel(HeaderedTableModel):
    entry_refused = Signal(str)
    HEADERS = ("Region", "Marked", "Qualities", "Intensity")

    def __init__(self, session: ExamSession) -> None:
        super().__init__()
        self.session = session
        self.regions = list(catalog().regions.values())

    def refresh(self, _changed: Changed) -> None:
        """The marks are one field: any change to them repaints the list."""
        self.dataChanged.emit(self.index(0, 1), self.index(len(self.regions) - 1, 3))

    def _mark(self, row: int) -> dict[str, Any] | None:
        region = self.regions[row].id
        for mark in self.session.exam.pain_map:
            if mark.region == region:
                return mark.model_dump(mode="json")
        return None

    def row_total(self) -> int:
        return len(self.regions)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.session.why_read_only is not None:
            return base
        if index.column() == 1:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() > 1:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        mark = self._mark(row)
        if column == 0 and role in (Qt.ItemDataRole.DisplayRole,
                                    Qt.ItemDataRole.AccessibleTextRole):
            region = self.regions[row]
            return f"{region.label} ({region.view})"
        if column == 1 and role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if mark else Qt.CheckState.Unchecked
        if column == 2 and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return format_qualities(mark["qualities"]) if mark else ""
        if column == 3 and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return "" if not mark or mark["intensity"] is None else str(mark["intensity"])
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return f"Initials: {quality_hint()}"
        return None

    def setData(self, index: Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row, column = index.row(), index.column()
        if column == 1 and role == Qt.ItemDataRole.CheckStateRole:
            return self.set_marked(row, Qt.CheckState(value) == Qt.CheckState.Checked)
        if role != Qt.ItemDataRole.EditRole:
            return False
        mark = self._mark(row) or {"region": self.regions[row].id, "qualities": [],
                                   "intensity": None}
        text = str(value).strip().lower()
        if column == 2:
            try:
                mark["qualities"] = parse_qualities(str(value))
            except InputError as why:
                self.entry_refused.emit(str(why))
                return False
        elif column == 3:
            mark["intensity"] = int(text) if text.isdigit() else (None if not text else -1)
        return self._store(row, mark)

    def set_marked(self, row: int, marked: bool) -> bool:
        if marked == (self._mark(row) is not None):
            return True
        new: dict[str, Any] = {"region": self.regions[row].id, "qualities": [], "intensity": None}
        return self._store(row, new if marked else None)

    def _store(self, row: int, mark: dict[str, Any] | None) -> bool:
        region = self.regions[row].id
        marks = [m.model_dump(mode="json") for m in self.session.exam.pain_map
                 if m.region != region]
        if mark is not None:
            marks.append(mark)
        order = {r.id: i for i, r in enumerate(self.regions)}
        marks.sort(key=lambda m: order[m["region"]])
        # A refusal is said by the session (and shown by the binder).
        return self.session.set("pain_map", marks) is None
