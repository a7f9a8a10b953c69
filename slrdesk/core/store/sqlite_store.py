"""`ExamRepository` on a local SQLite file: one workstation, nothing to install.

WAL journal with synchronous=FULL: every completed save survives a crash or power cut, and a save
interrupted at any point leaves the previous one intact. The folder and files are readable only
by their owner.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from typing import TYPE_CHECKING

from slrdesk.core.paths import DATABASE_FILE
from slrdesk.core.store import ledger
from slrdesk.core.store.db import DbError, SqliteDb
from slrdesk.core.store.migrations import check_ours, migrate
from slrdesk.core.store.repository import StoreError
from slrdesk.core.store.sql_store import SqlExamStore, first_line, utc_now

if TYPE_CHECKING:
    from concurrent.futures import Future
    from pathlib import Path

_PRIVATE_DIR = stat.S_IRWXU
_PRIVATE_FILE = stat.S_IRUSR | stat.S_IWUSR
# How long a write waits for a lock another program holds: short, so the workstation never
# freezes; the session retries a failed save and keeps the edit meanwhile.
BUSY_TIMEOUT_S = 2.0


def _private_path(data_dir: Path) -> Path:
    data_dir.mkdir(mode=_PRIVATE_DIR, parents=True, exist_ok=True)
    if os.name == "posix":
        data_dir.chmod(_PRIVATE_DIR)
    path = data_dir / DATABASE_FILE
    # Create the file with owner-only permissions before SQLite opens it; SQLite gives the WAL
    # and shared-memory files the same permissions as the database file.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, _PRIVATE_FILE)
    os.close(fd)
    if os.name == "posix":
        path.chmod(_PRIVATE_FILE)
    return path


def open_store(data_dir: Path, *, read_only: str | None = None,
               database: str = DATABASE_FILE, check: bool = True) -> SqliteExamStore:
    """Open (creating and migrating if needed) the store in `data_dir`, after checking that
    the file is intact. `read_only`: why this instance may not write (another one holds the
    folder); the database is then opened read-only and never migrated."""
    try:
        if read_only is None:
            path = _private_path(data_dir)
            conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        else:
            path = data_dir / database
            conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None,
                                   timeout=BUSY_TIMEOUT_S)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"data folder {data_dir}: cannot open the database ({exc})") from exc
    db = SqliteDb(conn)
    try:
        if read_only is None:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # `check=False`: the caller runs the integrity check itself (the workstation does it
        # beside the opening window, see check_in_background: 0.4 s at 100,000 exams).
        problem = integrity_problem(conn) if check else None
        if problem is not None:
            raise StoreError(damaged_message(path, problem))
        check_ours(db)
        if read_only is None and migrate(db) and ledger.needs_baseline(db):
            db.begin()
            ledger.baseline(db, utc_now())
            db.commit()
    except (sqlite3.DatabaseError, DbError) as exc:
        conn.close()
        raise StoreError(f"database {path}: is not a usable SLR Desk database "
                         f"({first_line(exc)}); restore it from a backup") from exc
    except Exception:
        conn.close()
        raise
    return SqliteExamStore(db, path, read_only)


def damaged_message(path: Path, problem: str) -> str:
    return (f"database {path}: is damaged ({problem}); nothing was changed. Restore it from a "
            "backup (slrdesk restore BACKUP) or copy the file aside before anything else")


def check_in_background(path: Path) -> Future[str | None]:
    """SQLite's quick check on a connection of its own, in a thread (SQLite releases the GIL):
    the damage message, or None when the file is intact."""
    def run() -> str | None:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            problem = integrity_problem(conn)
        except sqlite3.DatabaseError as exc:
            problem = first_line(exc)
        finally:
            conn.close()
        return None if problem is None else damaged_message(path, problem)

    from concurrent.futures import ThreadPoolExecutor  # only the workstation needs it

    executor = ThreadPoolExecutor(max_workers=1)
    future = executor.submit(run)
    executor.shutdown(wait=False)
    return future


def integrity_problem(conn: sqlite3.Connection) -> str | None:
    """SQLite's quick check (every page and index entry readable and well formed); None when
    the database is intact. Reports page numbers only, never the data in them."""
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if [r[0] for r in rows] == ["ok"]:
        return None
    first = " ".join(str(rows[0][0]).replace("*** in database main ***", "").split()) \
        if rows else "no answer"
    more = f" and {len(rows) - 1} more problems" if len(rows) > 1 else ""
    return re.sub(r"'[^']*'", "'…'", first)[:160] + more


class SqliteExamStore(SqlExamStore):
    """Patients, exams and the audit log in one SQLite file in the workstation's data folder."""

    def __init__(self, db: SqliteDb, path: Path, read_only: str | None = None) -> None:
        super().__init__(db, str(path), path.parent, read_only)
        self.path = path
        self._sqlite = db

    @property
    def _conn(self) -> sqlite3.Connection:
        """The sqlite3 connection itself (backups and the tests reach below the store)."""
        return self._sqlite.conn

    def write_problem(self, exc: DbError) -> str:
        text = str(exc)
        if "full" in text:
            return "the disk is full; the change was not saved"
        if "locked" in text or "busy" in text:
            return (f"another program has held the database locked for over "
                    f"{BUSY_TIMEOUT_S:g} s; the change was not saved")
        if "readonly" in text or "read-only" in text:
            return "the database is read-only; the change was not saved"
        if "i/o" in text or "disk" in text:
            return "the disk reported an input/output error; the change was not saved"
        return super().write_problem(exc)

    def read_problem(self, exc: DbError) -> str:
        return (f"the database could not be read ({first_line(exc)}); restore it from a "
                "backup (slrdesk restore BACKUP)")

    def integrity_problem(self) -> str | None:
        return integrity_problem(self._conn)

    def _record_number_clause(self, prefix: str) -> tuple[str, tuple[object, ...]]:
        return ("record_number COLLATE NOCASE >= ? AND record_number COLLATE NOCASE < ?",
                (prefix, prefix + "\U0010ffff"))
