"""Backups of the store, and restoring one, each verified.

A copy of the database file alone misses whatever still sits in the write-ahead log (an
independent test lost 20 of 70 commits that way); SQLite's online backup copies the database
as the connection sees it, committed log included, while the program keeps running. Every backup
and every restore is checked (SQLite's integrity check and the audit chain) before it counts.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from slrdesk.core.errors import InputError
from slrdesk.core.files import check_output_path
from slrdesk.core.paths import DATABASE_FILE
from slrdesk.core.store import instance
from slrdesk.core.store.repository import StoreError
from slrdesk.core.store.sqlite_store import open_store


@dataclass(frozen=True)
class BackupReport:
    path: Path
    exams: int
    audit_entries: int


def _verified(path: Path, what: str) -> BackupReport:
    """Open a database file read-only and check it whole; StoreError when it is not sound."""
    try:
        store = open_store(path.parent, read_only=f"{what} is only read",
                           database=path.name)
    except StoreError as exc:
        raise StoreError(f"{what} {path}: {exc}") from exc
    try:
        report = store.verify_audit()
    finally:
        store.close()
    if not report.intact:
        raise StoreError(f"{what} {path}: its audit log does not verify ({report.problem})")
    return BackupReport(path, report.exams_checked, report.entries_checked)


def _copy_database(source: sqlite3.Connection, target: Path) -> None:
    """SQLite's online backup into a new file beside `target`, flushed, then renamed over it."""
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    Path(temp).chmod(0o600)
    try:
        copy = sqlite3.connect(temp)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            copy.close()
        with Path(temp).open("rb") as handle:
            os.fsync(handle.fileno())
        Path(temp).replace(target)
    except sqlite3.Error as exc:
        raise StoreError(f"backup {target}: could not be written ({exc})") from exc
    except OSError as exc:
        raise StoreError(f"backup {target}: could not be written "
                         f"({exc.strerror or exc})") from exc
    finally:
        Path(temp).unlink(missing_ok=True)


def backup(data_dir: Path, destination: str | Path, *, overwrite: bool = False) -> BackupReport:
    """Back the store up to `destination` (owner-only), then verify the copy."""
    target = check_output_path(destination, "backup")
    if target.exists() and not overwrite:
        raise InputError(f"backup {destination}: a file is already there; it is not replaced "
                         "(use --force)")
    if not (data_dir / DATABASE_FILE).is_file():
        raise InputError(f"--data-dir {data_dir}: holds no SLR Desk database")
    store = open_store(data_dir, read_only="a backup only reads")
    try:
        _copy_database(store._conn, target)
    finally:
        store.close()
    return _verified(target, "backup")


def restore(data_dir: Path, source: str | Path) -> tuple[BackupReport, Path | None]:
    """Replace the store by a verified backup; the database it replaces is kept beside it.
    Refused while another SLR Desk has the folder open."""
    backup_path = Path(source)
    if not backup_path.is_file():
        raise InputError(f"restore {source}: is not a file")
    checked = _verified(backup_path, "backup")
    lock = instance.acquire(data_dir)
    if not lock.writer:
        raise StoreError(f"restore: the data folder is open in another SLR Desk ({lock.holder});"
                         " close it first")
    try:
        current = data_dir / DATABASE_FILE
        kept = None
        if current.exists():
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            kept = data_dir / f"{DATABASE_FILE}.before-restore-{stamp}"
            # Fold the write-ahead log in first, so the kept file is the whole database.
            with contextlib.closing(sqlite3.connect(current)) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            current.replace(kept)
            for suffix in ("-wal", "-shm"):
                Path(f"{current}{suffix}").unlink(missing_ok=True)
        with contextlib.closing(sqlite3.connect(backup_path)) as source_conn:
            _copy_database(source_conn, current)
        report = _verified(current, "restored database")
    finally:
        lock.release()
    if (report.exams, report.audit_entries) != (checked.exams, checked.audit_entries):
        raise StoreError(f"restore: the restored database holds {report.exams} exams, the "
                         f"backup {checked.exams}; the replaced database is kept as {kept}")
    return report, kept
