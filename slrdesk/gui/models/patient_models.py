"""The patient list (search results) and one patient's exams, newest first."""

from __future__ import annotations

import itertools
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from slrdesk.gui.models.base import HeaderedTableModel, Index

if TYPE_CHECKING:
    import uuid

    from slrdesk.core.progress import Visit
    from slrdesk.core.store import ExamSummary, PatientSummary, SqlExamStore

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

    def __init__(self, store: SqlExamStore) -> None:
        super().__init__()  # empty until searched: the page says why when a search fails
        self.store = store

    def search(self, text: str) -> None:
        self._reset(self.store.search_patients(text, limit=self.LIMIT))

    def _cells(self, row: PatientSummary) -> tuple[str, ...]:
        drafts = f"✎ {row.open_drafts}" if row.open_drafts else ""
        return (row.name, _age(row.date_of_birth), row.sex if row.sex != "unknown" else "",
                row.date_of_birth, row.record_number, drafts,
                _URGENCY_MARK.get(row.latest_urgency or "", ""))


class ExamListModel(_ListModel):
    HEADERS = ("Encounter", "Status", "Kind")

    def __init__(self, store: SqlExamStore) -> None:
        super().__init__()
        self.store = store

    def show_patient(self, patient_id: uuid.UUID | None) -> None:
        self._reset(self.store.list_exams(patient_id) if patient_id else [])

    def _cells(self, row: ExamSummary) -> tuple[str, ...]:
        when = row.encounter_time.replace("T", " ")[:16]
        return when, row.status, row.kind


def _value(value: Any, unit: str = "") -> str:
    return "—" if value is None else f"{value}{unit}"


class ProgressModel(_ListModel):
    """One patient's visits, oldest first: the table twin of the course plot, for the keyboard
    and for screen readers, with what changed since the visit before in words."""

    HEADERS = ("Visit", "Status", "Urgency", "Active SLR L", "Active SLR R", "Hip flexion L",
               "Hip flexion R", "Knee ext. L", "Knee ext. R", "Pain", "Mens L", "Mens R",
               "Reflexes not 2+", "Changed since the visit before")

    def show(self, visits: list[Visit]) -> None:
        from slrdesk.core.progress import changes  # the form, on first use of the tab

        changed = [""] + ["; ".join(c.text() for c in changes(before, after)) or "no change"
                          for before, after in itertools.pairwise(visits)]
        self._reset([(v, words) for v, words in zip(visits, changed, strict=True)])

    def _cells(self, row: Any) -> tuple[str, ...]:
        v, words = row
        urgency = _URGENCY_MARK.get(v.urgency, v.urgency.replace("_", " ").capitalize())
        return (v.date + (" (amended)" if v.amended else ""), v.status, urgency,
                _value(v.active_slr_left, "°"), _value(v.active_slr_right, "°"),
                _value(v.hip_flexion_left), _value(v.hip_flexion_right),
                _value(v.knee_extension_left), _value(v.knee_extension_right),
                _value(v.pain_now), _value(v.mens_left), _value(v.mens_right),
                "; ".join(v.abnormal_reflexes) or "—", words)
