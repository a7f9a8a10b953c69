"""A save that fails is said at once, retried, and loses nothing: a full database, a full disk,
an I/O error and a lock held by another program, against the real SQLite store."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from slrdesk.core.store import recovery
from slrdesk.core.store.sqlite_store import BUSY_TIMEOUT_S
from slrdesk.gui.app import build_main_window
from slrdesk.gui.main_window import MainWindow
from tests.gui.conftest import QuestionAnswers


def _edit(window: MainWindow, pain: int) -> None:
    session = window.session
    assert session is not None
    assert session.set("history.pain_now", pain) is None


def _stored_pain(window: MainWindow) -> int | None:
    session = window.session
    assert session is not None
    return window.store.get_exam(session.exam.exam_id).history.pain_now


def test_a_full_database_is_said_kept_and_retried(window: MainWindow, qtbot: QtBot) -> None:
    session = window.session
    assert session is not None
    conn: sqlite3.Connection = window.store._conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "database or disk is full"
    _edit(window, 9)
    # Long notes need new pages, which the database may not grow to.
    assert session.set("history.notes", "Seen with an interpreter. " * 700) is None
    with qtbot.waitSignal(session.save_failed, timeout=3000) as failed:
        pass
    reason = str(failed.args[0])
    assert "the disk is full; the change was not saved" in reason
    assert "kept in" in reason
    assert window.save_status.text().startswith("NOT SAVED: ")
    assert session.unsaved
    kept = recovery.recovery_path(window.data_dir, session.exam.exam_id)
    assert kept.exists()
    assert kept.stat().st_mode & 0o077 == 0
    assert '"pain_now": 9' in kept.read_text(encoding="utf-8")
    conn.execute("PRAGMA max_page_count = 1073741823")
    with qtbot.waitSignal(session.saved, timeout=5000):  # the session retries by itself
        pass
    assert _stored_pain(window) == 9
    assert not kept.exists()
    assert not session.unsaved


class _FailingConnection:
    """The real connection, except that writes fail as a disk with an I/O error makes them."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real = real

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.lstrip().upper().startswith(("BEGIN", "INSERT", "UPDATE")):
            raise sqlite3.OperationalError("disk I/O error")
        return self.real.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_an_io_error_keeps_the_edit_and_closing_asks(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, questions: QuestionAnswers,
) -> None:
    session = window.session
    assert session is not None
    real = window.store._conn
    window.store._sqlite.conn = _FailingConnection(real)  # type: ignore[assignment]
    _edit(window, 7)
    with qtbot.waitSignal(session.save_failed, timeout=3000) as failed:
        pass
    assert "input/output error" in str(failed.args[0])
    questions.answer(QMessageBox.StandardButton.No)
    assert not window.close()  # refused: the clinician chose to stay
    assert "input/output error" in questions.asked[-1]
    questions.answer(QMessageBox.StandardButton.Yes)
    exam_id = session.exam.exam_id
    assert window.close()
    window.store._sqlite.conn = real  # type: ignore[assignment]
    window.store.close()
    # The next start stores what the recovery file kept, before anything opens.
    again = build_main_window(window.data_dir)
    qtbot.addWidget(again)
    try:
        assert again.store.get_exam(exam_id).history.pain_now == 7
        assert "restored unsaved changes of Jordan Mbeki" in again.save_status.text()
        assert not recovery.recovery_path(window.data_dir, exam_id).exists()
    finally:
        again.shutdown()


def test_a_lock_held_by_another_program_does_not_freeze_the_workstation(
    window: MainWindow, qtbot: QtBot,
) -> None:
    session = window.session
    assert session is not None
    other = sqlite3.connect(window.store.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        _edit(window, 4)
        started = time.perf_counter()
        assert not session.save_now()
        waited = time.perf_counter() - started
        assert waited < BUSY_TIMEOUT_S + 1.0
        assert "held the database locked" in window.save_status.text()
    finally:
        other.execute("ROLLBACK")
        other.close()
    with qtbot.waitSignal(session.saved, timeout=5000):
        pass
    assert _stored_pain(window) == 4


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    if shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, check=False)
    return done.returncode == 0


def test_a_full_disk_keeps_the_edit_in_memory_and_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    disk = tmp_path / "small-disk"
    if not _mount_tmpfs(disk, "3m"):
        pytest.skip("mounting a small tmpfs needs root (CI and the development machines run "
                    "as root; the full-database test covers SQLite's own full error)")
    window = build_main_window(disk / "data", demo=True)
    qtbot.addWidget(window)
    try:
        session = window.session
        assert session is not None
        filler = disk / "filler"
        with filler.open("wb") as handle:  # fill every free byte
            try:
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            except OSError:
                pass
        for pain in (1, 2, 3):
            _edit(window, pain)
            session.save_now()
            if session.last_failure:
                break
        assert session.last_failure is not None
        assert "not saved" in session.last_failure
        assert "kept in memory only" in session.last_failure or "kept in" in session.last_failure
        assert session.exam.history.pain_now in (1, 2, 3)
        filler.unlink()
        assert session.save_now()
        assert window.store.get_exam(session.exam.exam_id).history.pain_now == (
            session.exam.history.pain_now)
    finally:
        window.shutdown()
        done = subprocess.run(["umount", str(disk)], check=False, capture_output=True)
        if done.returncode:
            subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_second_instance_on_the_same_folder_is_read_only_and_says_who(
    window: MainWindow, qtbot: QtBot,
) -> None:
    second = build_main_window(window.data_dir, demo=True)
    qtbot.addWidget(second)
    try:
        assert second.read_only_reason is not None
        assert "open in another SLR Desk" in second.read_only_reason
        assert f"process {__import__('os').getpid()}" in second.read_only_reason
        assert second.save_status.text().startswith("READ-ONLY: ")
        session = second.session
        assert session is not None  # it can read the exam...
        refused = session.set("history.pain_now", 1)
        assert refused == second.read_only_reason  # ...and says why it cannot write
        assert window.session is not None
        assert window.session.set("history.pain_now", 2) is None  # the writer still writes
        assert window.session.save_now()
    finally:
        second.shutdown()


def test_parts_left_by_a_killed_write_are_cleared_at_start(tmp_path: Path,
                                                          qtbot: QtBot) -> None:
    data = tmp_path / "data"
    (data / "exports").mkdir(parents=True)
    stale = data / "exports" / ".note.pdf.abc123.part"
    stale.write_bytes(b"%PDF-1.4 half a note")
    kept = data / "exports" / "note.pdf"
    kept.write_bytes(b"%PDF-1.4 a whole note")
    window = build_main_window(data)
    qtbot.addWidget(window)
    try:
        assert not stale.exists()
        assert kept.exists()
    finally:
        window.shutdown()


def test_a_damaged_database_opens_read_only_and_says_so(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from slrdesk.core.examples import VIGNETTES, vignette
    from slrdesk.core.paths import DATABASE_FILE
    from slrdesk.core.store import open_store

    data = tmp_path / "data"
    with open_store(data) as store:
        for name in VIGNETTES:
            store.save_draft(vignette(name))
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = bytearray((data / DATABASE_FILE).read_bytes())
    raw[4096 * 2] = 0x7F  # a b-tree page no longer valid
    (data / DATABASE_FILE).write_bytes(bytes(raw))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: said.append(str(args[2])))
    window = build_main_window(data)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.store.read_only is not None, timeout=5000)
        assert said
        assert "is damaged" in said[0]
        assert "Restore it from a backup" in said[0]
        assert window.save_status.text().startswith("READ-ONLY: ")
    finally:
        window.shutdown()
