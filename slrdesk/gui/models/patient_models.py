"""The patient list (search results) and one patient's exams, newest first."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from slrdesk.gui.models.base import HeaderedTableModel, Index

if TYPE_CHECKING:
    import uuid

    from slrdesk.core.store import ExamSummary, PatientSummary, SqliteExamStore

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class _ListModel(HeaderedTableModel):

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Any] = []

    def row_total(self) -> int:
        return len(self.rows)

    def _reset(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def _cells(self, row: Any) -> tuple[str, ...]:
        # Subclasses say which columns a row shows; an empty model shows none.
        return ()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cells(row)[index.column()]
        if role == ID_ROLE:
            return row
        return None


# The marker for a patient whose newest exam raised a tier (words, not only colour).
_URGENCY_MARK = {"emergency": "⚠ Emergency", "same_day": "⚠ Same day", "urgent": "⚠ Urgent",
                 "not_established": "? Screen incomplete"}


def _age(born: str) -> str:
    try:
        birth = date.fromisoformat(born)
    except ValueError:
        return ""
    today = date.today()
    return str(today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day)))


class PatientListModel(_ListModel):
    HEADERS = ("Name", "Age", "Sex", "Born", "Record number", "Open draft", "Red flag")
    LIMIT = 200

    def __init__(self, store: SqliteExamStore) -> None:
        super().__init__()
        self.store = store
        self.search("")

    def search(self, text: str) -> None:
        self._reset(self.store.search_patients(text, limit=self.LIMIT))

    def _cells(self, row: PatientSummary) -> tuple[str, ...]:
        drafts = f"✎ {row.open_drafts}" if row.open_drafts else ""
        return (row.name, _age(row.date_of_birth), row.sex if row.sex != "unknown" else "",
                row.date_of_birth, row.record_number, drafts,
                _URGENCY_MARK.get(row.latest_urgency or "", ""))


class ExamListModel(_ListModel):
    HEADERS = ("Encounter", "Status", "Kind")

    def __init__(self, store: SqliteExamStore) -> None:
        super().__init__()
        self.store = store

    def show_patient(self, patient_id: uuid.UUID | None) -> None:
        self._reset(self.store.list_exams(patient_id) if patient_id else [])

    def _cells(self, row: ExamSummary) -> tuple[str, ...]:
        when = row.encounter_time.replace("T", " ")[:16]
        return when, row.status, row.kind
