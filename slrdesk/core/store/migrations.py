"""Versioned schema migrations for both stores, applied in order, one version numbering.

Each version is one step written for each dialect: the same tables, columns, constraints and
refusals, in SQLite's and PostgreSQL's words. SQLite records the last version applied in
`PRAGMA user_version`, PostgreSQL in the `slrdesk_schema` table.

Never edit a migration that has shipped: add the next one. Each runs in one transaction together
with the version bump, so a crash mid-migration leaves the previous version intact (PostgreSQL's
DDL is transactional too).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from slrdesk.core.store.ledger import LEDGER_SQL, LEDGER_SQL_POSTGRESQL
from slrdesk.core.store.repository import StoreError

if TYPE_CHECKING:
    from slrdesk.core.store.db import Db, DialectName

# The role every workstation connects as on a shared server; the migrations grant it exactly
# what the program needs and nothing that could rewrite history (README, "A clinic database").
APP_ROLE = "slrdesk_app"


@dataclass(frozen=True)
class Migration:
    version: int
    sqlite: str
    postgresql: str

    def script(self, dialect: DialectName) -> str:
        return self.sqlite if dialect == "sqlite" else self.postgresql


_V1_SQLITE = """
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

# The same tables in PostgreSQL. Every value the hash chains cover stays TEXT, exactly as in
# SQLite, so a chain written by one store verifies in the other (slrdesk db copy).
# `slrdesk_refuse` is the one trigger function: it raises the message the trigger names.
_V1_POSTGRESQL = """
CREATE TABLE slrdesk_schema (version INTEGER NOT NULL);
INSERT INTO slrdesk_schema VALUES (0);

CREATE FUNCTION slrdesk_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'raise_exception';
END
$$;

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE patients (
    patient_id     TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    name_folded    TEXT NOT NULL,
    date_of_birth  TEXT NOT NULL,
    sex            TEXT NOT NULL,
    record_number  TEXT NOT NULL UNIQUE,
    document       TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
-- A trigram index serves "name contains" (LIKE '%...%') without reading every row.
CREATE INDEX patients_by_name ON patients USING gin (name_folded gin_trgm_ops);
CREATE INDEX patients_by_name_order ON patients (name_folded, date_of_birth);
CREATE INDEX patients_by_birth ON patients (date_of_birth);

CREATE TABLE exams (
    exam_id          TEXT PRIMARY KEY,
    patient_id       TEXT NOT NULL REFERENCES patients (patient_id),
    status           TEXT NOT NULL CHECK (status IN ('draft', 'signed')),
    kind             TEXT NOT NULL CHECK (kind IN ('exam', 'addendum')),
    amends_exam_id   TEXT REFERENCES exams (exam_id),
    encounter_time   TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    document         TEXT NOT NULL,
    document_sha256  TEXT NOT NULL
);
CREATE INDEX exams_by_patient ON exams (patient_id, encounter_time DESC);
CREATE TRIGGER signed_exam_is_immutable BEFORE UPDATE ON exams FOR EACH ROW
    WHEN (OLD.status = 'signed')
    EXECUTE FUNCTION slrdesk_refuse('a signed exam cannot change; write an addendum');
CREATE TRIGGER signed_exam_is_permanent BEFORE DELETE ON exams FOR EACH ROW
    WHEN (OLD.status = 'signed')
    EXECUTE FUNCTION slrdesk_refuse('a signed exam cannot be deleted');
CREATE TRIGGER exams_no_truncate BEFORE TRUNCATE ON exams FOR EACH STATEMENT
    EXECUTE FUNCTION slrdesk_refuse('a signed exam cannot be deleted');

CREATE TABLE audit_log (
    entry_id       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    exam_id        TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    action         TEXT NOT NULL
                   CHECK (action IN ('created', 'edited', 'signed', 'addendum', 'exported')),
    detail         TEXT NOT NULL,
    previous_hash  TEXT NOT NULL,
    entry_hash     TEXT NOT NULL
);
CREATE INDEX audit_by_exam ON audit_log (exam_id, entry_id);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW
    EXECUTE FUNCTION slrdesk_refuse('the audit log is append-only');
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT
    EXECUTE FUNCTION slrdesk_refuse('the audit log is append-only');
"""

# Version 2: record numbers are searched by prefix whatever their case ("mrn-12" finds
# "MRN-1234"), on an index rather than a scan.
_V2_SQLITE = "CREATE INDEX patients_by_record_nocase ON patients (record_number COLLATE NOCASE);"
_V2_POSTGRESQL = ("CREATE INDEX patients_by_record_lower ON patients "
                  "(lower(record_number) text_pattern_ops);")

# Version 3: one hash chain over every change to patients and exams, and the signed
# checkpoints that anchor it (slrdesk.core.store.ledger); existing rows get a baseline entry.

# Version 4: each exam's urgency as last assessed, so the patient list can mark a red flag
# without classifying every exam it shows (filled in as exams are next saved).
_V4 = "ALTER TABLE exams ADD COLUMN urgency TEXT;"

# Version 5: several workstations on one database. `revision` counts the saves of an exam, so a
# save made from an out-of-date copy is refused instead of overwriting someone else's (optimistic
# concurrency); `updated_by` names who saved last; `exam_presence` says who has an exam open.
_V5_SQLITE = """
ALTER TABLE exams ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exams ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
CREATE TABLE exam_presence (
    exam_id    TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,   -- "user on host"
    opened_at  TEXT NOT NULL,
    seen_at    TEXT NOT NULL    -- refreshed while the exam stays open
);
"""
# On the server, the application role may add rows and edit drafts, and nothing else: row-level
# security hides signed exams from its UPDATE, and it holds no UPDATE or DELETE right on the
# audit log, the ledger or the checkpoints, nor any DELETE on exams. The triggers above refuse
# the same changes even to the owner.
_V5_POSTGRESQL = _V5_SQLITE + """
ALTER TABLE exams ENABLE ROW LEVEL SECURITY;
CREATE POLICY exams_read ON exams FOR SELECT USING (true);
CREATE POLICY exams_add ON exams FOR INSERT WITH CHECK (true);
CREATE POLICY exams_edit_drafts ON exams FOR UPDATE USING (status = 'draft') WITH CHECK (true);
"""

# Version 6: the patient list reads the first patients in name order straight from one index
# (the id inside it), and counts each one's open drafts on an index of drafts alone.
_V6_SQLITE = """
CREATE INDEX patients_by_name_list ON patients (name_folded, date_of_birth, patient_id);
CREATE INDEX exams_drafts_by_patient ON exams (patient_id) WHERE status = 'draft';
"""
_V6_POSTGRESQL = """
CREATE INDEX patients_by_name_list ON patients (name_folded, date_of_birth) INCLUDE (patient_id);
DROP INDEX patients_by_name_order;
CREATE INDEX exams_drafts_by_patient ON exams (patient_id) WHERE status = 'draft';
"""

# What the application role may do, granted by version 5 and again at every `slrdesk db upgrade`
# (so a role created after the schema gets its rights by running it once more).
GRANTS_POSTGRESQL = f"""
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        GRANT USAGE ON SCHEMA public TO {APP_ROLE};
        GRANT SELECT ON slrdesk_schema TO {APP_ROLE};
        GRANT SELECT, INSERT, UPDATE ON patients, exams TO {APP_ROLE};
        GRANT SELECT, INSERT ON audit_log, ledger, checkpoints TO {APP_ROLE};
        GRANT SELECT, INSERT, UPDATE, DELETE ON exam_presence TO {APP_ROLE};
        GRANT USAGE ON SEQUENCE audit_log_entry_id_seq TO {APP_ROLE};
    END IF;
END
$$;
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, _V1_SQLITE, _V1_POSTGRESQL),
    Migration(2, _V2_SQLITE, _V2_POSTGRESQL),
    Migration(3, LEDGER_SQL, LEDGER_SQL_POSTGRESQL),
    Migration(4, _V4, _V4),
    Migration(5, _V5_SQLITE, _V5_POSTGRESQL),
    Migration(6, _V6_SQLITE, _V6_POSTGRESQL),
)
LATEST_VERSION = MIGRATIONS[-1].version


def schema_version(db: Db) -> int:
    if db.dialect == "sqlite":
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    if not db.execute("SELECT to_regclass('slrdesk_schema') IS NOT NULL").fetchone()[0]:
        return 0
    return int(db.execute("SELECT version FROM slrdesk_schema").fetchone()[0])


def _has_tables(db: Db) -> bool:
    if db.dialect == "sqlite":
        sql = "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
    else:
        sql = ("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
    return bool(db.execute(sql).fetchone()[0])


def check_ours(db: Db) -> None:
    """Refuse a database this program must not touch: another program's, or one a newer SLR
    Desk wrote."""
    current = schema_version(db)
    if current > LATEST_VERSION:
        raise StoreError(
            f"database: schema version {current} was written by a newer SLR Desk "
            f"(this one knows up to {LATEST_VERSION}); update SLR Desk on this workstation"
        )
    if current == 0 and _has_tables(db):
        what = "SQLite file" if db.dialect == "sqlite" else "PostgreSQL database"
        raise StoreError(f"database: is a {what} of another program (it has tables but no "
                         "SLR Desk schema); it was not changed")


def migrate(db: Db) -> int:
    """Bring the database to the latest schema; returns the number of migrations applied."""
    check_ours(db)
    current = schema_version(db)
    applied = 0
    for step in MIGRATIONS:
        if step.version <= current:
            continue
        db.begin()
        try:
            if db.dialect == "sqlite":
                # executescript would commit the open transaction first; run statement by
                # statement inside it instead (sqlite3.complete_statement splits them).
                for statement in _sqlite_statements(step.sqlite):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {step.version}")
            else:
                db.execute(step.postgresql)
                db.execute("UPDATE slrdesk_schema SET version = ?", (step.version,))
            db.commit()
        except BaseException:
            db.rollback()
            raise
        applied += 1
    return applied


def _sqlite_statements(script: str) -> list[str]:
    """Split a script into complete statements (a trigger's body holds semicolons)."""
    import sqlite3

    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements
