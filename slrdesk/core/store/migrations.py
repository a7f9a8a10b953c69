"""Versioned schema migrations, applied in order; `PRAGMA user_version` records the last one.

Never edit a migration that has shipped: add the next one. Each runs in one transaction together
with the version bump, so a crash mid-migration leaves the previous version intact.
"""

from __future__ import annotations

import sqlite3

from slrdesk.core.store.ledger import LEDGER_SQL
from slrdesk.core.store.repository import StoreError

_V1 = """
CREATE TABLE patients (
    patient_id     TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    name_folded    TEXT NOT NULL,   -- lower case without accents, for search
    date_of_birth  TEXT NOT NULL,   -- ISO date
    sex            TEXT NOT NULL,
    record_number  TEXT NOT NULL UNIQUE,
    document       TEXT NOT NULL,   -- the Patient model as JSON
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX patients_by_name ON patients (name_folded);
CREATE INDEX patients_by_birth ON patients (date_of_birth);

CREATE TABLE exams (
    exam_id          TEXT PRIMARY KEY,
    patient_id       TEXT NOT NULL REFERENCES patients (patient_id),
    status           TEXT NOT NULL CHECK (status IN ('draft', 'signed')),
    kind             TEXT NOT NULL CHECK (kind IN ('exam', 'addendum')),
    amends_exam_id   TEXT REFERENCES exams (exam_id),
    encounter_time   TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    document         TEXT NOT NULL,   -- the ExamDocument as JSON
    document_sha256  TEXT NOT NULL
);
CREATE INDEX exams_by_patient ON exams (patient_id, encounter_time DESC);

-- A signed exam is a legal record: the database itself refuses to change or remove it.
CREATE TRIGGER signed_exam_is_immutable BEFORE UPDATE ON exams WHEN OLD.status = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed exam cannot change; write an addendum'); END;
CREATE TRIGGER signed_exam_is_permanent BEFORE DELETE ON exams WHEN OLD.status = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed exam cannot be deleted'); END;

CREATE TABLE audit_log (
    entry_id       INTEGER PRIMARY KEY AUTOINCREMENT,
    exam_id        TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    action         TEXT NOT NULL
                   CHECK (action IN ('created', 'edited', 'signed', 'addendum', 'exported')),
    detail         TEXT NOT NULL,   -- JSON
    previous_hash  TEXT NOT NULL,   -- entry_hash of the exam's previous entry, or 64 zeros
    entry_hash     TEXT NOT NULL
);
CREATE INDEX audit_by_exam ON audit_log (exam_id, entry_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

# Version 2: record numbers are searched by prefix whatever their case ("mrn-12" finds
# "MRN-1234"), on an index rather than a scan.
_V2 = """
CREATE INDEX patients_by_record_nocase ON patients (record_number COLLATE NOCASE);
"""

# Version 3: one hash chain over every change to patients and exams, and the signed
# checkpoints that anchor it (slrdesk.core.store.ledger); existing rows get a baseline entry.
# Version 4: each exam's urgency as last assessed, so the patient list can mark a red flag
# without classifying every exam it shows (filled in as exams are next saved).
_V4 = """
ALTER TABLE exams ADD COLUMN urgency TEXT;
"""

MIGRATIONS: tuple[tuple[int, str], ...] = ((1, _V1), (2, _V2), (3, LEDGER_SQL), (4, _V4))
LATEST_VERSION = MIGRATIONS[-1][0]


def schema_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def check_ours(conn: sqlite3.Connection) -> None:
    """Refuse a database this program must not touch: another program's SQLite file, or one a
    newer SLR Desk wrote."""
    current = schema_version(conn)
    if current > LATEST_VERSION:
        raise StoreError(
            f"database: schema version {current} was written by a newer SLR Desk "
            f"(this one knows up to {LATEST_VERSION})"
        )
    if current == 0 and conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]:
        raise StoreError("database: is an SQLite file of another program (it has tables but "
                         "no SLR Desk schema); it was not changed")


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database to the latest schema; returns the number of migrations applied."""
    check_ours(conn)
    current = schema_version(conn)
    applied = 0
    for version, script in MIGRATIONS:
        if version <= current:
            continue
        try:
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;"
            )
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied += 1
    return applied
