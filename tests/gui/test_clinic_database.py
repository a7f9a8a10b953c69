"""Two exam rooms on one clinic database (a real PostgreSQL server, tests/postgres_cluster): the
second room reads what the first has open, sees its saves and its signature within one look,
never writes over it, and a server that stops mid-exam loses nothing typed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from slrdesk.core.document.editing import with_value
from slrdesk.core.examples import vignette
from slrdesk.core.store import recovery
from slrdesk.core.store.postgres import open_postgres_store
from slrdesk.gui.app import application, build_main_window
from slrdesk.gui.main_window import MainWindow
from tests.core.note_helpers import make_identity
from tests.core.test_audit_tamper import _sign
from tests.gui.editors import enabled_inputs
from tests.postgres_cluster import Cluster, Database

Room = Callable[[str], MainWindow]


@pytest.fixture
def room(qtbot: QtBot, tmp_path: Path, pg_database: Database) -> Iterator[Room]:
    """A workstation of its own (its own data folder) on the shared clinic database."""
    application()
    opened: list[MainWindow] = []

    def make(name: str) -> MainWindow:
        window = build_main_window(tmp_path / name, database=pg_database.url())
        window.store.workstation = name  # two rooms on one machine: tell them apart
        window.resize(1366, 768)
        qtbot.addWidget(window)
        opened.append(window)
        return window

    yield make
    for window in opened:
        window.shutdown()


def _stored(database: Database, tmp_path: Path) -> Callable[[], int | None]:
    def pain() -> int | None:
        with open_postgres_store(database.url(), tmp_path / "reader") as store:
            return store.get_exam(vignette("sprinter_strain").exam_id).history.pain_now
    return pain


def test_the_second_room_reads_and_follows_the_first(room: Room, pg_database: Database,
                                                     tmp_path: Path, qtbot: QtBot) -> None:
    exam = vignette("sprinter_strain")
    room1, room2 = room("room 1"), room("room 2")
    room1.store.save_draft(exam)
    room1.open_exam(exam.exam_id)
    assert room1.data_dir_label.text().startswith("Clinic database: the clinic database ")

    editor2 = room2.open_exam(exam.exam_id)
    session2 = room2.session
    assert session2 is not None
    assert session2.held_elsewhere is not None
    assert "room 1 has this exam open" in editor2.signed_bar.text()
    assert not editor2.signed_bar.isHidden()
    assert room2.save_status.text().startswith("READ-ONLY: room 1 has this exam open")
    for index in range(9):  # every editor of every section, as for a signed exam
        assert enabled_inputs(editor2.section(index)) == [], index
    assert not room2.commands["sign_note"].isEnabled()
    assert not room2.commands["undo"].isEnabled()
    refused = session2.set("history.pain_now", 2)
    assert refused is not None
    assert "room 1 has this exam open" in refused

    # Room 1 types and saves; room 2's next look shows it, still read-only.
    session1 = room1.session
    assert session1 is not None
    assert session1.set("history.pain_now", 8) is None
    with qtbot.waitSignal(session1.saved, timeout=3000):
        pass
    room2.watch_open_exam()
    assert room2.session is not None
    assert room2.session.exam.history.pain_now == 8
    assert room2.session.held_elsewhere is not None

    # Room 1 goes back to the patient list: room 2 may now edit.
    room1.close_exam()
    room2.watch_open_exam()
    assert room2.session is not None
    assert room2.session.held_elsewhere is None
    assert "open for editing here again" in room2.save_status.text()
    assert room2.session.set("history.pain_now", 4) is None
    with qtbot.waitSignal(room2.session.saved, timeout=3000):
        pass
    assert _stored(pg_database, tmp_path)() == 4


def test_a_signature_in_one_room_shows_in_the_other(room: Room, tmp_path: Path) -> None:
    exam = vignette("sprinter_strain")
    room1, room2 = room("room 1"), room("room 2")
    room1.store.save_draft(exam)
    room2.open_exam(exam.exam_id)  # room 2 first: it holds the draft
    _, identity = make_identity(tmp_path)
    with open_postgres_store(room1.store.url, tmp_path / "signer") as signer:
        signer.workstation = "Dr Osei on room-1"
        _sign(signer, signer.get_exam(exam.exam_id), identity)
    room2.watch_open_exam()
    assert room2.session is not None
    assert room2.session.locked
    assert room2.editor is not None
    assert "Signed on" in room2.editor.signed_bar.text()
    assert ("was signed on another workstation (Dr Osei on room-1)"
            in room2.save_status.text())


def test_a_stale_copy_is_kept_aside_never_written_over(
        room: Room, pg_database: Database, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    exam = vignette("sprinter_strain")
    room2 = room("room 2")
    room2.store.save_draft(exam)
    room2.open_exam(exam.exam_id)
    # Another workstation saves the exam behind room 2's back (its claim had lapsed, say).
    with open_postgres_store(pg_database.url(), tmp_path / "other") as other:
        other.workstation = "room 3"
        theirs = with_value(other.get_exam(exam.exam_id), "history.pain_now", 9)
        other.save_draft(theirs)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(str(a[2])))
    session = room2.session
    assert session is not None
    assert session.set("history.pain_now", 1) is None
    with qtbot.waitSignal(session.conflicted, timeout=3000):
        pass
    qtbot.waitUntil(lambda: bool(warned), timeout=3000)
    assert "was saved by room 3" in warned[0]
    assert "your version is kept in" in warned[0]
    assert _stored(pg_database, tmp_path)() == 9  # theirs stands
    kept = list((tmp_path / "room 2" / recovery.CONFLICTS_FOLDER).glob("*.json"))
    assert len(kept) == 1
    assert '"pain_now": 1' in kept[0].read_text(encoding="utf-8")
    assert room2.session is not None
    assert room2.session.exam.history.pain_now == 9  # the screen shows what is stored
    assert room2.save_status.text().startswith("NOT SAVED: ")


def test_the_server_stopping_mid_exam_keeps_the_draft_and_sends_it_later(
        room: Room, postgres_cluster: Cluster, pg_database: Database, tmp_path: Path,
        qtbot: QtBot) -> None:
    exam = vignette("sprinter_strain")
    room1 = room("room 1")
    room1.store.save_draft(exam)
    room1.open_exam(exam.exam_id)
    session = room1.session
    assert session is not None
    for pain in (2, 3):  # the autosave loop runs
        assert session.set("history.pain_now", pain) is None
        with qtbot.waitSignal(session.saved, timeout=3000):
            pass
    postgres_cluster.stop()
    try:
        assert session.set("history.pain_now", 6) is None
        with qtbot.waitSignal(session.save_failed, timeout=3000) as failed:
            pass
        said = str(failed.args[0])
        assert "the server cannot be reached; the change was not saved" in said
        assert "your changes are kept in" in said
        assert room1.save_status.text().startswith("NOT SAVED: ")
        assert session.set("history.pain_now", 7) is None  # typing goes on offline
        kept = recovery.recovery_path(tmp_path / "room 1", exam.exam_id)
        qtbot.waitUntil(lambda: '"pain_now": 7' in kept.read_text(encoding="utf-8"),
                        timeout=3000)
    finally:
        postgres_cluster.start()
    with qtbot.waitSignal(session.saved, timeout=8000):  # the session retries by itself
        pass
    assert _stored(pg_database, tmp_path)() == 7
    assert not kept.exists()
    assert room1.save_status.text().startswith("Saved at")


def test_the_database_dialog_checks_before_it_saves(
        postgres_cluster: Cluster, pg_database: Database, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from slrdesk.core.store.choice import configured_database
    from slrdesk.gui.database_dialog import DatabaseDialog
    from tests.postgres_cluster import PASSWORD, PASSWORD_USER

    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    postgres_cluster.sql(pg_database.name, f"GRANT slrdesk_app TO {PASSWORD_USER}")
    application()
    folder = tmp_path / "room 1"
    dialog = DatabaseDialog(None, folder)
    qtbot.addWidget(dialog)
    assert dialog.own_file.isChecked()
    assert not dialog.host.isEnabled()
    qtbot.keyClick(dialog.own_file, Qt.Key.Key_Space)
    assert dialog.host.isEnabled()
    qtbot.keyClicks(dialog.host, str(pg_database.socket_dir))
    dialog.dbname.clear()
    qtbot.keyClicks(dialog.dbname, pg_database.name)
    dialog.user.clear()
    qtbot.keyClicks(dialog.user, PASSWORD_USER)
    qtbot.keyClicks(dialog.password, "wrong")
    assert not dialog.try_accept()  # the dialog stays open for another try
    assert f"the password for {PASSWORD_USER} was refused" in dialog.error.text()
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, PASSWORD)
    assert dialog.try_accept()
    pgpass = (tmp_path / "pgpass").read_text(encoding="utf-8")
    assert pgpass.count(PASSWORD_USER) == 1  # the wrong one was replaced
    assert PASSWORD in pgpass
    url = str(dialog.made)
    assert "password" not in url

    window = build_main_window(folder)
    qtbot.addWidget(window)
    monkeypatch.setattr(DatabaseDialog, "ask", classmethod(lambda cls, *a: (True, url)))
    assert window.choose_clinic_database()
    assert configured_database(folder) == url
    assert "From the next start SLR Desk uses the clinic database" in window.save_status.text()
    window.shutdown()
    again = build_main_window(folder)
    qtbot.addWidget(again)
    assert again.data_dir_label.text().startswith("Clinic database: the clinic database")
    again.shutdown()


def test_a_server_gone_while_browsing_patients_is_said_not_thrown(
        room: Room, postgres_cluster: Cluster, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    exam = vignette("sprinter_strain")
    room1 = room("room 1")
    room1.store.save_draft(exam)
    room1.patients.refresh()
    assert room1.patients.patients.rowCount() == 1
    postgres_cluster.stop()
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(str(a[2])))
    try:
        qtbot.keyClicks(room1.patients.search, "kow")
        room1.patients.run_search()
        assert room1.patients.count.text().startswith("The patient list cannot be read now: ")
        assert "cannot be reached" in room1.patients.count.text()
        assert room1.patients.patients.rowCount() == 1  # what was shown stays
        room1.patients.open_exam.emit(exam.exam_id)
        assert warned
        assert "cannot be reached" in warned[0]
        assert room1.session is None
    finally:
        postgres_cluster.start()
    room1.patients.search.clear()
    room1.patients.run_search()
    assert room1.patients.count.text() == "1 patient"


def test_edits_kept_offline_never_overwrite_a_later_save_elsewhere(
        room: Room, postgres_cluster: Cluster, pg_database: Database, tmp_path: Path,
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Room 1 loses the server and then stops (killed); meanwhile room 3 saves the exam. At
    room 1's next start its kept edits are set aside, not written over room 3's."""
    exam = vignette("sprinter_strain")
    room1 = room("room 1")
    room1.store.save_draft(exam)
    room1.open_exam(exam.exam_id)
    session = room1.session
    assert session is not None
    postgres_cluster.stop()
    try:
        assert session.set("history.pain_now", 1) is None
        with qtbot.waitSignal(session.save_failed, timeout=3000):
            pass
    finally:
        postgres_cluster.start()
    # Room 1 is killed before its retry: the recovery file is all that is left of its edits,
    # and the operating system lets go of its folder.
    session._retry.stop()
    assert room1.instance_lock is not None
    room1.instance_lock.release()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)  # room 1's own teardown
    kept = recovery.recovery_path(tmp_path / "room 1", exam.exam_id)
    assert kept.exists()
    with open_postgres_store(pg_database.url(), tmp_path / "other") as other:
        other.workstation = "room 3"
        theirs = with_value(other.get_exam(exam.exam_id), "history.pain_now", 9)
        other.save_draft(theirs)
    again = build_main_window(tmp_path / "room 1", database=pg_database.url())  # restores
    qtbot.addWidget(again)
    said = again.save_status.text()
    again.shutdown()
    assert "unsaved changes of Jordan Mbeki were not stored" in said
    assert "was saved by room 3" in said
    assert _stored(pg_database, tmp_path)() == 9
    assert not kept.exists()
    aside = list((tmp_path / "room 1" / recovery.CONFLICTS_FOLDER).glob("*.json"))
    assert len(aside) == 1
    assert '"pain_now": 1' in aside[0].read_text(encoding="utf-8")


def test_a_clinic_database_that_cannot_be_opened_at_start_can_be_corrected(
        pg_database: Database, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from slrdesk.core.store.choice import choose_database, configured_database
    from slrdesk.gui.app import open_main_window
    from slrdesk.gui.database_dialog import DatabaseDialog

    application()
    folder = tmp_path / "room 1"
    wrong = pg_database.url().replace(pg_database.name, "nowhere")
    choose_database(folder, wrong)
    said: list[str] = []
    answers = iter(["Try again", "Clinic database…"])

    def answer(box: QMessageBox) -> int:
        said.append(box.text())
        wanted = next(answers)
        next(b for b in box.buttons() if b.text().replace("&", "") == wanted).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(DatabaseDialog, "ask",
                        classmethod(lambda cls, current, *a: (True, pg_database.url())))
    window = open_main_window(folder)
    assert window is not None
    qtbot.addWidget(window)
    assert len(said) == 2  # asked, retried, asked again, corrected
    assert said[0].startswith("The clinic database ")
    assert "the server has no such database" in said[0]
    assert configured_database(folder) == pg_database.url()
    assert window.data_dir_label.text().startswith("Clinic database:")
    window.shutdown()
