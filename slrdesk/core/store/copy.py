"""`slrdesk db copy`: move a workstation's SQLite data onto the clinic's PostgreSQL server.

Rows are copied exactly as stored (the same text, the same entry numbers), so every exam's audit
chain, the clinic-wide ledger and its signed checkpoints verify on the server as they did in the
file. The copy is one transaction: it lands whole or not at all. The source is verified before
(a broken chain is not carried over silently) and the server after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from slrdesk.core.store.repository import StoreError

if TYPE_CHECKING:
    from pathlib import Path

    from slrdesk.core.store.postgres import PostgresExamStore
    from slrdesk.core.store.sqlite_store import SqliteExamStore

# Parents before children (exams refer to patients, addenda to the exams they amend).
_TABLES = (
    ("patients", "patient_id"),
    ("exams", "kind = 'addendum', encounter_time, exam_id"),
    ("audit_log", "entry_id"),
    ("ledger", "seq"),
    ("checkpoints", "seq"),
)


@dataclass(frozen=True)
class CopyReport:
    patients: int
    exams: int
    audit_entries: int
    ledger_entries: int
    checkpoints: int
    protection: str


def copy_to_server(source_dir: Path, url: str) -> CopyReport:
    from slrdesk.core.store.postgres import open_postgres_store
    from slrdesk.core.store.sqlite_store import open_store

    source = open_store(source_dir, read_only="db copy only reads the source")
    try:
        before = source.verify_audit()
        if not before.intact:
            raise StoreError(f"--from {source_dir}: its audit log does not verify "
                             f"({before.problem}); nothing was copied")
        target = open_postgres_store(url, source_dir)
        try:
            _copy_rows(source, target)
            after = target.verify_audit()
            head_before, head_after = source.ledger_head(), target.ledger_head()
        finally:
            target.close()
    finally:
        source.close()
    if not after.intact or head_before != head_after or (
            after.entries_checked, after.exams_checked) != (before.entries_checked,
                                                            before.exams_checked):
        raise StoreError(f"--to {target.location}: the copy does not verify "
                         f"({after.problem or 'the counts differ from the source'})")
    return CopyReport(after.patients_checked, after.exams_checked, after.entries_checked,
                      head_after[0], after.checkpoints, after.protection)


def _copy_rows(source: SqliteExamStore, target: PostgresExamStore) -> None:
    with target._transaction() as db:
        present = db.execute("SELECT (SELECT count(*) FROM patients) + (SELECT count(*) FROM"
                             " exams) + (SELECT count(*) FROM ledger)").fetchone()[0]
        if present:
            raise StoreError(f"--to {target.location}: already holds patients or exams; copy "
                             "only into a new, empty database (nothing was copied)")
        for table, order in _TABLES:
            cursor = source._conn.execute(f"SELECT * FROM {table} ORDER BY {order}")
            columns = [d[0] for d in cursor.description]
            insert = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                      f"({', '.join('?' for _ in columns)})")
            db.executemany(insert, [tuple(row) for row in cursor])
        # New audit entries continue after the copied ones.
        db.execute("SELECT setval(pg_get_serial_sequence('audit_log', 'entry_id'),"
                   " coalesce((SELECT max(entry_id) FROM audit_log), 0) + 1, false)")
