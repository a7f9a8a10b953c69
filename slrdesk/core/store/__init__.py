"""Local storage of patients, exams and the audit log (SQLite, behind `ExamRepository`)."""

from slrdesk.core.store.repository import (
    AuditEntry,
    ExamRepository,
    ExamSummary,
    PatientSummary,
    StoreError,
)
from slrdesk.core.store.sqlite_store import SqliteExamStore, open_store

__all__ = [
    "AuditEntry",
    "ExamRepository",
    "ExamSummary",
    "PatientSummary",
    "SqliteExamStore",
    "StoreError",
    "open_store",
]
