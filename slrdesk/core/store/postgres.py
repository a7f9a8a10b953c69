"""`ExamRepository` on a clinic's PostgreSQL server, for several workstations at once.

Why psycopg 3 with the same hand-written SQL as the SQLite store, and not an ORM: the store is
a dozen statements whose exact text the hash chains and the triggers depend on, the schema is
versioned by `store.migrations` for both stores in one numbering, and psycopg's binary wheel
carries libpq, so libpq's own conventions (~/.pgpass, service files, sslmode, PG* variables)
work as every PostgreSQL user expects without anything else installed.

Every write is one transaction that first takes one clinic-wide advisory lock: the ledger is a
single hash chain, so its entries must be appended one at a time whichever workstation writes.
A save takes a few milliseconds, so five rooms autosaving twice a second never wait long.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from slrdesk.core.store import ledger
from slrdesk.core.store.db import Cursor, DbError, DbIntegrityError, DialectName
from slrdesk.core.store.migrations import (
    GRANTS_POSTGRESQL,
    LATEST_VERSION,
    check_ours,
    migrate,
    schema_version,
)
from slrdesk.core.store.repository import StoreError
from slrdesk.core.store.sql_store import SqlExamStore, escape_like, first_line, utc_now

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import psycopg

# Any fixed number: the key of the lock every write transaction takes (see the module text).
_WRITE_LOCK_KEY = 0x51_D3_5C
# How long a statement waits for a lock another workstation holds before giving up, and how
# soon a server that stopped answering is noticed (TCP keepalives).
_CONNECT_OPTIONS: dict[str, Any] = {
    "connect_timeout": 5,
    "application_name": "SLR Desk",
    "options": "-c lock_timeout=3000",
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 2,
}


def is_database_url(text: str | None) -> bool:
    return bool(text) and str(text).startswith(("postgresql:", "postgres:"))


def describe(url: str) -> str:
    """The database as a clinician or IT person names it, never with a password."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(url)
    except Exception:
        return "the clinic database"
    host = str(parts.get("host") or "localhost")
    where = host if host.startswith("/") else f"{host}:{parts.get('port') or 5432}"
    return f"the clinic database {parts.get('dbname') or parts.get('user') or ''} on {where}"


def connection_problem(url: str, exc: Exception) -> str:
    """Why connecting failed, in one sentence with the way out."""
    from psycopg.conninfo import conninfo_to_dict

    text = str(exc).lower()
    where = describe(url)
    try:
        user = conninfo_to_dict(url).get("user") or "this user"
    except Exception:
        user = "this user"
    if "password authentication failed" in text:
        return (f"{where}: the password for {user} was refused; enter the right one in "
                "File → Clinic database… (or ~/.pgpass)")
    if "no password supplied" in text or "fe_sendauth" in text:
        return (f"{where}: asks for a password for {user} and none is set; enter it in "
                "File → Clinic database… (or ~/.pgpass)")
    if "does not exist" in text and "database" in text:
        return f"{where}: the server has no such database; check the name with the clinic's IT"
    if "does not exist" in text and "role" in text:
        return f"{where}: the server has no user {user}; check the name with the clinic's IT"
    if "ssl" in text:
        return f"{where}: the secure (TLS) connection failed ({first_line(exc)})"
    if "no pg_hba.conf entry" in text:
        return f"{where}: the server does not accept connections from this workstation"
    if "invalid" in text and ("connection option" in text or "uri" in text):
        return f"database address: is not a valid PostgreSQL address ({first_line(exc)})"
    return f"{where}: cannot be reached ({first_line(exc)}); check the network and the server"


def _connect(url: str) -> psycopg.Connection[Any]:
    import psycopg

    try:
        conn = psycopg.connect(url, autocommit=True, **_CONNECT_OPTIONS)
    except psycopg.ProgrammingError as exc:  # the address itself cannot be parsed
        raise StoreError(f"database address: is not a valid PostgreSQL address "
                         f"({first_line(exc)})") from exc
    except psycopg.Error as exc:
        raise StoreError(connection_problem(url, exc)) from exc
    # Every statement is planned for its own values: a prepared, generic plan cannot use the
    # indexes for "name contains" or "record number starts with" (the pattern is unknown to
    # it) and read the whole patient table instead, 10 ms instead of 0.3.
    conn.prepare_threshold = None
    return conn


class PostgresDb:
    """A psycopg connection in autocommit mode behind the store's `Db` protocol. A connection
    the network broke is replaced at the next statement outside a transaction, so the
    workstation's retried save reaches the server as soon as it answers again."""

    dialect: DialectName = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = url
        self.conn = _connect(url)
        self._in_transaction = False

    def _usable(self) -> psycopg.Connection[Any]:
        if (self.conn.closed or self.conn.broken) and not self._in_transaction:
            with contextlib.suppress(Exception):
                self.conn.close()
            try:
                self.conn = _connect(self.url)
            except StoreError as exc:
                raise DbError(str(exc), unavailable=True) from exc
        return self.conn

    def execute(self, sql: str, params: Sequence[object] = ()) -> Cursor:
        if params:
            sql = sql.replace("%", "%%").replace("?", "%s")
        try:
            return self._usable().execute(sql, tuple(params) if params else None)
        except Exception as exc:
            raise self._translated(exc) from exc

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        try:
            self._usable().cursor().executemany(
                sql.replace("%", "%%").replace("?", "%s"), rows)
        except Exception as exc:
            raise self._translated(exc) from exc

    def _translated(self, exc: Exception) -> Exception:
        """psycopg's failure as one of the store's two exceptions (anything else as it is)."""
        import psycopg

        if isinstance(exc, psycopg.errors.IntegrityError):
            return DbIntegrityError(first_line(exc))
        if isinstance(exc, psycopg.errors.LockNotAvailable):
            return DbError("locked: another workstation held the database locked")
        if isinstance(exc, psycopg.OperationalError):
            return DbError(first_line(exc).lower(), unavailable=self.conn.broken)
        if isinstance(exc, psycopg.Error):
            return DbError(first_line(exc).lower())
        return exc

    def begin(self) -> None:
        self.execute("BEGIN")
        self._in_transaction = True
        self.execute("SELECT pg_advisory_xact_lock(?)", (_WRITE_LOCK_KEY,))

    def commit(self) -> None:
        try:
            self.execute("COMMIT")
        finally:
            self._in_transaction = False

    def rollback(self) -> None:
        self._in_transaction = False
        if not self.conn.broken and not self.conn.closed:
            with contextlib.suppress(Exception):
                self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()


def open_postgres_store(url: str, data_dir: Path, *,
                        read_only: str | None = None) -> PostgresExamStore:
    """Connect to the clinic database; it must already hold this program's schema (IT runs
    `slrdesk db upgrade`; a workstation never changes a shared schema by itself)."""
    db = PostgresDb(url)
    try:
        check_ours(db)
        version = schema_version(db)
    except DbError as exc:
        db.close()
        raise StoreError(f"{describe(url)}: could not be read ({exc})") from exc
    except Exception:
        db.close()
        raise
    if version < LATEST_VERSION:
        db.close()
        state = "is empty" if version == 0 else f"has schema version {version}"
        raise StoreError(
            f"{describe(url)}: {state} and this SLR Desk needs version {LATEST_VERSION}; the "
            "database owner runs `slrdesk db upgrade --database URL` once, then every "
            "workstation can connect")
    return PostgresExamStore(db, url, data_dir, read_only)


def upgrade(url: str) -> int:
    """Create or migrate the schema (run as the database's owner); returns the number of
    migrations applied."""
    db = PostgresDb(url)
    try:
        applied = migrate(db)
        db.execute(GRANTS_POSTGRESQL)
        if applied and ledger.needs_baseline(db):
            db.begin()
            ledger.baseline(db, utc_now())
            db.commit()
        return applied
    except DbError as exc:
        raise StoreError(f"{describe(url)}: the schema could not be upgraded ({exc}); "
                         "nothing was changed") from exc
    finally:
        db.close()


class PostgresExamStore(SqlExamStore):
    """Patients, exams and the audit log on the clinic's server; this workstation's recovery
    files, exports and identities stay in its own data folder."""

    shared = True

    def __init__(self, db: PostgresDb, url: str, data_dir: Path,
                 read_only: str | None = None) -> None:
        super().__init__(db, describe(url), data_dir, read_only)
        self.url = url
        self._pg = db

    def write_problem(self, exc: DbError) -> str:
        text = str(exc)
        if exc.unavailable or "cannot be reached" in text or "connection" in text:
            return "the server cannot be reached; the change was not saved"
        if "locked" in text:
            return ("another workstation held the database locked for over 3 s; the change "
                    "was not saved")
        if "permission denied" in text or "row-level security" in text:
            return f"the server refused the change ({text}); the change was not saved"
        return super().write_problem(exc)

    def read_problem(self, exc: DbError) -> str:
        if exc.unavailable:
            return f"{self.location}: the server cannot be reached; check the network"
        return f"{self.location}: could not be read ({first_line(exc)})"

    def _record_number_clause(self, prefix: str) -> tuple[str, tuple[object, ...]]:
        return ("lower(record_number) LIKE ? ESCAPE '\\'", (escape_like(prefix.lower()) + "%",))
