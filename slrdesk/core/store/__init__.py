"""Storage of patients, exams and the audit log behind `ExamRepository`: SQLite on one
workstation, PostgreSQL for a clinic (store.postgres, imported only when a server is used)."""

from slrdesk.core.store.repository import (
    AuditEntry,
    ExamRepository,
    ExamSummary,
    PatientSummary,
    StaleExamError,
    StoreError,
)
from slrdesk.core.store.sql_store import SqlExamStore
from slrdesk.core.store.sqlite_store import SqliteExamStore, open_store

__all__ = [
    "AuditEntry",
    "ExamRepository",
    "ExamSummary",
    "PatientSummary",
    "SqlExamStore",
    "SqliteExamStore",
    "StaleExamError",
    "StoreError",
    "open_store",
]
