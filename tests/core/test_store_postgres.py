"""The clinic database on a real PostgreSQL server (a throw-away cluster, tests/postgres_cluster):
what the server itself enforces, two workstations on one exam, failures said in words, a server
that stops mid-autosave, and moving a workstation's file onto the server.

The behaviour both stores share is tested against both in test_store.py.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest

from slrdesk.cli import main
from slrdesk.core.document.editing import with_value
from slrdesk.core.examples import vignette
from slrdesk.core.note.trust import TrustStore
from slrdesk.core.store import StaleExamError, StoreError, open_store
from slrdesk.core.store.choice import choose_database, configured_database, open_repository
from slrdesk.core.store.migrations import LATEST_VERSION
from slrdesk.core.store.postgres import PostgresExamStore, open_postgres_store
from tests.core.note_helpers import make_identity
from tests.core.test_audit_tamper import _sign
from tests.postgres_cluster import (
    APP,
    OWNER,
    PASSWORD,
    PASSWORD_USER,
    Cluster,
    Database,
)


def _store(database: Database, tmp_path: Path, who: str) -> PostgresExamStore:
    store = open_postgres_store(database.url(), tmp_path / who)
    store.workstation = who  # two rooms on one machine: tell them apart
    return store


def _raw(database: Database, user: str) -> psycopg.Connection[Any]:
    return psycopg.connect(database.url(user), autocommit=True)


def test_the_application_role_cannot_rewrite_history(pg_database: Database,
                                                     tmp_path: Path) -> None:
    with _store(pg_database, tmp_path, "room 1") as store:
        exam = vignette("sprinter_strain")
        store.save_draft(exam)
        _, identity = make_identity(tmp_path)
        _sign(store, store.get_exam(exam.exam_id), identity)
        stored = store.stored_sha256(exam.exam_id)
    with _raw(pg_database, APP) as app:
        # Row-level security hides signed rows from the application role's UPDATE...
        assert app.execute("UPDATE exams SET document = '{}' WHERE status = 'signed'"
                           ).rowcount == 0
        # ...and it holds no right to remove anything or to touch the logs at all.
        for sql in ("DELETE FROM exams", "UPDATE audit_log SET action = 'edited'",
                    "DELETE FROM audit_log", "UPDATE ledger SET action = 'x'",
                    "DELETE FROM ledger", "DELETE FROM checkpoints", "TRUNCATE ledger",
                    "ALTER TABLE exams DISABLE TRIGGER ALL",
                    "DROP POLICY exams_edit_drafts ON exams"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(sql)  # type: ignore[arg-type]
    with _raw(pg_database, OWNER) as owner:  # the owner is refused by the triggers
        for sql, refusal in (
                ("UPDATE exams SET document = '{}'", "a signed exam cannot change"),
                ("DELETE FROM exams", "cannot be deleted"),
                ("TRUNCATE exams CASCADE", "cannot be deleted"),
                ("UPDATE ledger SET action = 'x'", "the ledger is append-only"),
                ("DELETE FROM checkpoints", "checkpoints are permanent")):
            with pytest.raises(psycopg.errors.RaiseException, match=refusal):
                owner.execute(sql)  # type: ignore[arg-type]
    with _store(pg_database, tmp_path, "room 2") as again:
        assert again.stored_sha256(exam.exam_id) == stored
        assert again.verify_audit().intact


def test_two_workstations_on_one_draft_never_lose_an_update(pg_database: Database,
                                                            tmp_path: Path) -> None:
    room1 = _store(pg_database, tmp_path, "Dr Osei on room-1")
    room2 = _store(pg_database, tmp_path, "Dr Lind on room-2")
    exam = vignette("sprinter_strain")
    room1.save_draft(exam)
    assert room1.claim(exam.exam_id) is None
    # The second room sees who has it open, and can read it.
    copy = room2.get_exam(exam.exam_id)
    held = room2.claim(exam.exam_id)
    assert held is not None
    assert held.holder == "Dr Osei on room-1"
    # Room 1 saves again; room 2's older copy is refused, not written over it.
    first = with_value(exam, "history.pain_now", 7)
    assert room1.save_draft(first)
    assert not room2.is_current(exam.exam_id)
    copy = with_value(copy, "history.pain_now", 2)
    with pytest.raises(StaleExamError, match="was saved by Dr Osei on room-1 at"):
        room2.save_draft(copy)
    assert room1.get_exam(exam.exam_id).history.pain_now == 7
    # Reading it again makes room 2 current; its next save goes through.
    reread = with_value(room2.get_exam(exam.exam_id), "history.pain_now", 3)
    assert room2.save_draft(reread)
    with pytest.raises(StaleExamError):
        room1.save_draft(first)
    # When room 1 (re-read) signs, room 2 sees it signed at its next look.
    _, identity = make_identity(tmp_path)
    _sign(room1, room1.get_exam(exam.exam_id), identity)
    state = room2.exam_state(exam.exam_id)
    assert state is not None
    assert state.status == "signed"
    assert room2.claim(exam.exam_id) is None  # signing released the claim
    assert [e.action for e in room2.audit_entries(exam.exam_id)] == [
        "created", "edited", "edited", "signed"]
    room1.close()
    room2.close()


def test_a_newer_or_missing_schema_is_refused_with_the_way_out(
        postgres_cluster: Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = postgres_cluster.new_database(upgrade=False)
    with pytest.raises(StoreError, match=r"is empty .* `slrdesk db upgrade --database URL`"):
        open_postgres_store(empty.url(), tmp_path)
    assert main(["db", "upgrade", "--database", empty.url(OWNER)]) == 0
    assert f"schema version {LATEST_VERSION} ({LATEST_VERSION} migrations applied)" in \
        capsys.readouterr().out
    open_postgres_store(empty.url(), tmp_path).close()
    postgres_cluster.sql(empty.name, f"UPDATE slrdesk_schema SET version = {LATEST_VERSION + 1}")
    with pytest.raises(StoreError, match="written by a newer SLR Desk"):
        open_postgres_store(empty.url(), tmp_path)
    assert main(["db", "upgrade", "--database", empty.url(OWNER)]) == 2
    assert "written by a newer SLR Desk" in capsys.readouterr().err
    foreign = postgres_cluster.new_database(upgrade=False)
    postgres_cluster.sql(foreign.name, "CREATE TABLE invoices (id int)", user=OWNER)
    assert main(["db", "upgrade", "--database", foreign.url(OWNER)]) == 2
    assert "of another program" in capsys.readouterr().err


def test_connection_failures_are_one_sentence_each(postgres_cluster: Cluster,
                                                   pg_database: Database, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    wrong = f"{pg_database.url(PASSWORD_USER)}&password=wrong"
    with pytest.raises(StoreError, match=f"the password for {PASSWORD_USER} was refused"):
        open_postgres_store(wrong, tmp_path)
    with pytest.raises(StoreError, match=f"asks for a password for {PASSWORD_USER}"):
        open_postgres_store(pg_database.url(PASSWORD_USER), tmp_path)
    gone = f"postgresql:///x?host={tmp_path / 'no-server'}&user={APP}"
    with pytest.raises(StoreError, match=r"cannot be reached .* check the network"):
        open_postgres_store(gone, tmp_path)
    with pytest.raises(StoreError, match="is not a valid PostgreSQL address"):
        open_postgres_store(f"{pg_database.url()}&colour=blue", tmp_path)
    with pytest.raises(StoreError, match="the server has no such database"):
        open_postgres_store(pg_database.url().replace(pg_database.name, "nowhere"), tmp_path)
    # libpq's own password file works as for any PostgreSQL client.
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"*:*:*:{PASSWORD_USER}:{PASSWORD}\n", encoding="utf-8")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    postgres_cluster.sql(pg_database.name, f"GRANT slrdesk_app TO {PASSWORD_USER}")
    with open_postgres_store(pg_database.url(PASSWORD_USER), tmp_path) as store:
        assert store.search_patients("") == []


def test_a_password_never_goes_in_an_address(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql://slrdesk_app:secret@db.clinic.example/slrdesk"
    assert main(["audit", "verify", "--database", url, "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "--database: holds a password" in err
    assert "secret" not in err
    with pytest.raises(StoreError.__mro__[1], match="holds a password"):
        choose_database(tmp_path, url)
    assert not (tmp_path / "clinic-database.json").exists()


def test_the_chosen_database_is_used_by_the_workstation_and_the_cli(
        pg_database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "workstation"
    choose_database(folder, pg_database.url())
    assert configured_database(folder) == pg_database.url()
    with open_repository(folder) as store:
        assert isinstance(store, PostgresExamStore)
        store.save_draft(vignette("sprinter_strain"))
    assert main(["progress", "--patient", vignette("sprinter_strain").patient.record_number,
                 "--data-dir", str(folder)]) == 0
    assert "draft" in capsys.readouterr().out
    assert main(["audit", "verify", "--data-dir", str(folder)]) == 0
    assert "audit log intact: 1 entries, 1 exams, 1 patients" in capsys.readouterr().out
    # The workstation's own file is not where its data is: backing it up would mislead.
    assert main(["backup", str(tmp_path / "copy.sqlite3"), "--data-dir", str(folder)]) == 2
    assert "keeps its data in the clinic database" in capsys.readouterr().err
    assert not (tmp_path / "copy.sqlite3").exists()
    choose_database(folder, None)
    with open_repository(folder) as store:
        assert not isinstance(store, PostgresExamStore)


def test_the_server_stopping_mid_autosave_loses_nothing(postgres_cluster: Cluster,
                                                        pg_database: Database,
                                                        tmp_path: Path) -> None:
    store = _store(pg_database, tmp_path, "room 1")
    exam = vignette("sprinter_strain")
    refusals = []
    for i in range(6):
        exam = with_value(exam, "history.notes", f"edit {i}")
        if i == 3:
            postgres_cluster.stop()
        try:
            store.save_draft(exam)
        except StoreError as exc:
            refusals.append((i, str(exc)))
    assert [i for i, _ in refusals] == [3, 4, 5]
    assert all("the server cannot be reached; the change was not saved" in text
               for _, text in refusals)
    postgres_cluster.start()
    assert store.save_draft(exam)  # the same store reconnects by itself
    assert store.get_exam(exam.exam_id).history.notes == "edit 5"
    assert store.verify_audit().intact
    store.close()


def test_search_is_served_by_indexes(pg_database: Database, tmp_path: Path) -> None:
    with _store(pg_database, tmp_path, "room 1") as store:
        store.save_draft(vignette("sprinter_strain"))
    with _raw(pg_database, APP) as app:
        app.execute("SET enable_seqscan = off")  # a tiny table: ask what the indexes can do
        for where, index in (("name_folded LIKE '%kowal%'", "patients_by_name"),
                             ("lower(record_number) LIKE 'mrn-1%'", "patients_by_record_lower"),
                             ("date_of_birth = '1990-01-01'", "patients_by_birth")):
            plan = str(app.execute(f"EXPLAIN SELECT 1 FROM patients WHERE {where}").fetchall())
            assert index in plan, plan


def test_db_copy_moves_a_workstation_to_the_server_with_every_chain_intact(
        pg_database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "workstation"
    _, identity = make_identity(tmp_path)
    with open_store(source) as local:
        signed = _sign(local, vignette("sprinter_strain"), identity)
        _sign(local, local.get_exam(signed.exam_id).model_copy(
            update={"status": "draft", "signature": None}), identity, addendum_of=signed)
        draft = vignette("hip_osteoarthritis")
        local.save_draft(draft)
        local.record_export(signed.exam_id, "/tmp/note.pdf", "ab" * 32)
        head = local.ledger_head()
        entries = local.audit_entries(signed.exam_id)
    assert main(["db", "copy", "--from", str(source), "--to", pg_database.url(OWNER)]) == 0
    out = capsys.readouterr().out
    assert "copied and verified: 2 patients, 3 exams" in out
    assert "2 signed checkpoints" in out
    with _store(pg_database, tmp_path, "room 1") as server:
        assert server.ledger_head() == head
        assert server.audit_entries(signed.exam_id) == entries
        TrustStore(source / "trust").add_certificate(identity.certificate)
        assert main(["audit", "verify", "--data-dir", str(source), "--database",
                     pg_database.url()]) == 0
        assert "anchored by a signature" in capsys.readouterr().out
        # New work continues both chains on the server.
        edited = with_value(server.get_exam(draft.exam_id), "history.pain_now", 1)
        server.save_draft(edited)
        assert server.verify_audit().intact
    # A second copy into a database that holds data is refused, and nothing changes.
    assert main(["db", "copy", "--from", str(source), "--to", pg_database.url(OWNER)]) == 2
    assert "already holds patients or exams" in capsys.readouterr().err


def test_db_copy_refuses_a_source_whose_audit_is_broken(pg_database: Database,
                                                        tmp_path: Path) -> None:
    import sqlite3

    source = tmp_path / "workstation"
    with open_store(source) as local:
        local.save_draft(vignette("sprinter_strain"))
    with sqlite3.connect(source / "slrdesk.sqlite3") as raw:
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.execute("UPDATE audit_log SET recorded_at = '2020-01-01'")
    assert main(["db", "copy", "--from", str(source), "--to", pg_database.url(OWNER)]) == 2
    with _store(pg_database, tmp_path, "room 1") as server:
        assert server.search_patients("") == []


def test_patient_ids_are_the_same_text_in_both_stores(pg_database: Database,
                                                      tmp_path: Path) -> None:
    with _store(pg_database, tmp_path, "room 1") as store:
        exam = vignette("sprinter_strain")
        store.save_draft(exam)
        assert store.list_exams(exam.patient.patient_id)[0].exam_id == exam.exam_id
        assert isinstance(store.list_exams(exam.patient.patient_id)[0].exam_id, uuid.UUID)


def test_tls_is_used_when_the_server_offers_it(tmp_path: Path) -> None:
    """A server on the loopback address with TLS on: the default address takes TLS, a
    certificate that cannot be checked is refused in words when checking is asked for, and
    checking against the clinic's certificate passes."""
    cluster = Cluster(tls=True)
    try:
        database = cluster.new_database()
        with open_postgres_store(database.tcp_url(), tmp_path) as store:
            assert store._pg.conn.execute(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone() == (True,)
        with pytest.raises(StoreError, match=r"the secure \(TLS\) connection failed"):
            open_postgres_store(database.tcp_url(sslmode="verify-full",
                                                 sslrootcert=str(tmp_path / "none.crt")),
                                tmp_path)
        checked = database.tcp_url(sslmode="verify-full", sslrootcert=str(cluster.certificate))
        with open_postgres_store(checked, tmp_path) as store:
            assert store.search_patients("") == []
    finally:
        cluster.close()


def test_a_write_lock_held_too_long_is_said_and_the_next_save_goes_through(
        pg_database: Database, tmp_path: Path) -> None:
    from slrdesk.core.store.postgres import _WRITE_LOCK_KEY

    store = _store(pg_database, tmp_path, "room 1")
    exam = vignette("sprinter_strain")
    store.save_draft(exam)
    with _raw(pg_database, APP) as other:  # another workstation stuck mid-write
        other.execute("SELECT pg_advisory_lock(%s)", (_WRITE_LOCK_KEY,))
        exam = with_value(exam, "history.notes", "typed while the other room held the lock")
        with pytest.raises(StoreError, match="held the database locked for over 3 s"):
            store.save_draft(exam)
        other.execute("SELECT pg_advisory_unlock(%s)", (_WRITE_LOCK_KEY,))
    assert store.save_draft(exam)  # no transaction was left open behind the refusal
    assert store.get_exam(exam.exam_id).history.notes == exam.history.notes
    store.close()


def test_a_copy_identical_to_the_stored_one_is_never_a_conflict(pg_database: Database,
                                                                tmp_path: Path) -> None:
    """As when a save's acknowledgement is lost with the network: the copy is what is stored."""
    room1 = _store(pg_database, tmp_path, "room 1")
    room2 = _store(pg_database, tmp_path, "room 2")
    exam = vignette("sprinter_strain")
    room1.save_draft(exam)
    copy = room2.get_exam(exam.exam_id)
    exam = with_value(exam, "history.pain_now", 7)
    room1.save_draft(exam)
    copy = with_value(copy, "history.pain_now", 7)  # the same change, made in both
    assert room2.save_draft(copy) is False  # nothing to write, no conflict
    assert room2.is_current(exam.exam_id)
    copy = with_value(copy, "history.pain_now", 5)
    assert room2.save_draft(copy)
    room1.close()
    room2.close()
