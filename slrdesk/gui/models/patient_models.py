"""The patient list (search results) and one patient's exams, newest first."""

from __future__ import annotations

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


class PatientListModel(_ListModel):
    HEADERS = ("Name", "Born", "Record number")
    LIMIT = 200

    def __init__(self, store: SqliteExamStore) -> None:
        super().__init__()
        self.store = store
        self.search("")

    def search(self, text: str) -> None:
        self._reset(self.store.search_patients(text, limit=self.LIMIT))

    def _cells(self, row: PatientSummary) -> tuple[str, ...]:
        return row.name, row.date_of_birth, row.record_number


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
