"""The local store: private files, search, drafts, immutable signed exams, the audit chain."""

from __future__ import annotations

import json
import sqlite3
import stat
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from slrdesk.cli import main
from slrdesk.core.document.editing import with_value
from slrdesk.core.document.exam import Addendum, ExamDocument, Patient, Signature, parse_exam
from slrdesk.core.errors import InputError
from slrdesk.core.examples import VIGNETTES, vignette
from slrdesk.core.paths import DATABASE_FILE
from slrdesk.core.store import SqliteExamStore, StoreError, open_store
from slrdesk.core.store.migrations import LATEST_VERSION
from slrdesk.core.store.postgres import PostgresExamStore, open_postgres_store
from slrdesk.core.store.sql_store import SqlExamStore


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlExamStore]:
    """Both stores pass the same tests: one workstation's SQLite file and a clinic server."""
    if request.param == "sqlite":
        opened: SqlExamStore = open_store(tmp_path / "data")
    else:
        database = request.getfixturevalue("pg_database")
        opened = open_postgres_store(database.url(), tmp_path / "data")
    yield opened
    opened.close()


def _behind_the_back(store: SqlExamStore, sql: str, params: tuple[object, ...] = ()) -> None:
    """Run `sql` on the database as the role that owns it, past the program."""
    if isinstance(store, SqliteExamStore):
        with sqlite3.connect(store.path) as raw:
            raw.execute(sql, params)
        return
    import psycopg

    assert isinstance(store, PostgresExamStore)
    with psycopg.connect(store.url.replace("user=slrdesk_app", "user=slrdesk_owner"),
                         autocommit=True) as raw:
        raw.execute(sql.replace("?", "%s"), params)  # type: ignore[arg-type]


def _raw_refused(store: SqlExamStore, sql: str, match: str) -> None:
    """The database itself refuses `sql`, run behind the program's back by the role that owns
    the tables (the app role could not even try; test_store_postgres shows that)."""
    if isinstance(store, SqliteExamStore):
        with sqlite3.connect(store.path) as raw, pytest.raises(sqlite3.IntegrityError,
                                                                match=match):
            raw.execute(sql)
        return
    import psycopg

    assert isinstance(store, PostgresExamStore)
    owner_url = store.url.replace("user=slrdesk_app", "user=slrdesk_owner")
    with psycopg.connect(owner_url, autocommit=True) as raw, pytest.raises(
            psycopg.errors.RaiseException, match=match):
        raw.execute(sql)  # type: ignore[arg-type]


def _signed(exam: ExamDocument) -> ExamDocument:
    return exam.model_copy(update={
        "status": "signed",
        "signature": Signature(signed_at=datetime.now(UTC), signer=exam.clinician.name,
                               ruleset_version="test-1"),
    })


def test_database_uses_wal_and_is_readable_only_by_its_owner(tmp_path: Path) -> None:
    store = open_store(tmp_path / "data")
    store.save_draft(vignette("sprinter_strain"))
    folder = tmp_path / "data"
    files = [p for p in folder.iterdir() if p.name.startswith(DATABASE_FILE)]
    assert {p.name for p in files} >= {DATABASE_FILE, f"{DATABASE_FILE}-wal"}
    if sys.platform != "win32":
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for path in files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION


def test_a_saved_draft_comes_back_unchanged(store: SqlExamStore) -> None:
    exam = vignette("upper_lumbar_radiculopathy")
    assert store.save_draft(exam) is True
    assert store.get_exam(exam.exam_id) == exam
    assert store.save_draft(exam) is False  # nothing changed, nothing written
    edited = with_value(exam, "goniometry.passive_slr.left", 45)
    assert store.save_draft(edited) is True
    assert store.get_exam(exam.exam_id).goniometry.passive_slr.left == 45
    actions = [e.action for e in store.audit_entries(exam.exam_id)]
    assert actions == ["created", "edited"]


def test_patient_search_by_name_record_number_and_birth_date(store: SqlExamStore) -> None:
    for name in VIGNETTES:
        store.save_draft(vignette(name))
    assert [p.name for p in store.search_patients("marin")] == ["Sofia Marín"]
    assert [p.name for p in store.search_patients("KOWAL")] == ["Helen Kowalczyk"]
    # Ordered by name as written (given name first): Helen, Jordan, Priya, Sofia, Walter.
    assert [p.record_number for p in store.search_patients("MRN-10020")] == [
        "MRN-100202", "MRN-100201", "MRN-100206", "MRN-100205", "MRN-100204"
    ]
    assert [p.name for p in store.search_patients("1959-08-21")] == ["Walter Brenner"]
    assert [p.record_number for p in store.search_patients("mrn-100204")] == ["MRN-100204"]
    assert store.search_patients("100%") == []  # LIKE wildcards are taken literally
    assert len(store.search_patients("")) == 5  # vignettes 2 and 3 share a patient


def test_a_record_number_belongs_to_one_patient(store: SqlExamStore) -> None:
    store.add_patient(Patient(name="A One", date_of_birth="1970-01-01", record_number="R-1"))
    with pytest.raises(StoreError, match=r"patient\.record_number: R-1 already belongs"):
        store.add_patient(Patient(name="B Two", date_of_birth="1971-01-01", record_number="R-1"))


def test_exams_are_listed_newest_first(store: SqlExamStore) -> None:
    exam = vignette("hip_osteoarthritis")
    later = exam.model_copy(update={
        "exam_id": uuid.uuid4(), "encounter_time": datetime(2026, 11, 22, 9, tzinfo=UTC)
    })
    earlier = exam.model_copy(update={
        "exam_id": uuid.uuid4(), "encounter_time": datetime(2025, 1, 5, 9, tzinfo=UTC)
    })
    for e in (exam, earlier, later):
        store.save_draft(e)
    listed = store.list_exams(exam.patient.patient_id)
    assert [e.exam_id for e in listed] == [later.exam_id, exam.exam_id, earlier.exam_id]
    assert {e.status for e in listed} == {"draft"}


def test_the_database_itself_refuses_to_change_a_signed_exam(store: SqlExamStore) -> None:
    exam = vignette("sprinter_strain")
    store.save_draft(exam)
    store.mark_signed(_signed(exam))
    with pytest.raises(StoreError, match="is signed and cannot change"):
        store.save_draft(exam)
    _raw_refused(store, "UPDATE exams SET document = '{}'", "a signed exam cannot change")
    _raw_refused(store, "DELETE FROM exams", "cannot be deleted")
    assert store.get_exam(exam.exam_id).status == "signed"


def test_an_addendum_is_a_new_row_linked_to_the_signed_original(store: SqlExamStore) -> None:
    original = _signed(vignette("sprinter_strain"))
    store.mark_signed(original)
    stored = store.get_exam(original.exam_id)
    addendum = stored.model_copy(update={
        "exam_id": uuid.uuid4(),
        "addendum": Addendum(amends_exam_id=original.exam_id, amends_sha256=stored.sha256(),
                             text="MRI reviewed: no disc lesion."),
    })
    store.add_addendum(addendum)
    kinds = {e.exam_id: e.kind for e in store.list_exams(original.patient.patient_id)}
    assert kinds == {original.exam_id: "exam", addendum.exam_id: "addendum"}
    assert store.get_exam(original.exam_id) == stored
    assert [e.action for e in store.audit_entries(original.exam_id)] == [
        "created", "signed", "addendum"
    ]
    wrong = addendum.model_copy(update={
        "exam_id": uuid.uuid4(),
        "addendum": Addendum(amends_exam_id=original.exam_id, amends_sha256="0" * 64, text="x"),
    })
    with pytest.raises(StoreError, match="amends_sha256: does not match"):
        store.add_addendum(wrong)


def test_audit_log_is_append_only(store: SqlExamStore) -> None:
    store.save_draft(vignette("sprinter_strain"))
    _raw_refused(store, "UPDATE audit_log SET action = 'edited'", "append-only")
    _raw_refused(store, "DELETE FROM audit_log", "append-only")
    _raw_refused(store, "DELETE FROM ledger", "append-only")


def _populated(data_dir: Path) -> tuple[uuid.UUID, uuid.UUID]:
    with open_store(data_dir) as store:
        first = vignette("sprinter_strain")
        second = vignette("hip_osteoarthritis")
        for exam in (first, second):
            store.save_draft(exam)
            edited = with_value(exam, "history.pain_now", 3)
            store.save_draft(edited)
        store.record_export(first.exam_id, "/tmp/note.pdf", "ab" * 32)
        assert store.verify_audit().intact
    return first.exam_id, second.exam_id


def _tamper(data_dir: Path, sql: str) -> None:
    with sqlite3.connect(data_dir / DATABASE_FILE) as raw:
        raw.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        raw.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        raw.execute(sql)


def test_audit_verify_reports_an_entry_edited_behind_the_programs_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, _ = _populated(tmp_path)
    assert main(["audit", "verify", "--data-dir", str(tmp_path)]) == 0
    assert "audit log intact: 5 entries, 2 exams" in capsys.readouterr().out
    entry = f"(SELECT MIN(entry_id) FROM audit_log WHERE exam_id = '{first}' AND action = 'edited')"
    _tamper(tmp_path, f"UPDATE audit_log SET recorded_at = '2020-01-01' WHERE entry_id = {entry}")
    assert main(["--data-dir", str(tmp_path), "audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("audit log broken: audit entry ")
    assert f"(edited of exam {first}) was changed after it was written" in err


def test_audit_verify_reports_a_removed_entry(tmp_path: Path) -> None:
    first, _ = _populated(tmp_path)
    _tamper(tmp_path, f"DELETE FROM audit_log WHERE exam_id = '{first}' AND action = 'edited'")
    with open_store(tmp_path) as store:
        report = store.verify_audit()
    assert not report.intact
    assert report.problem is not None
    assert "(exported of exam" in report.problem
    assert "does not follow" in report.problem


def test_audit_verify_reports_a_document_changed_without_an_entry(tmp_path: Path) -> None:
    _, second = _populated(tmp_path)
    with sqlite3.connect(tmp_path / DATABASE_FILE) as raw:
        row = raw.execute("SELECT document FROM exams WHERE exam_id = ?", (str(second),)).fetchone()
        changed = with_value(parse_exam(row[0]).model_copy(update={"status": "draft"}),
                             "history.pain_now", 9)
        raw.execute("UPDATE exams SET document = ? WHERE exam_id = ?",
                    (changed.model_dump_json(), str(second)))
    with open_store(tmp_path) as store:
        report = store.verify_audit()
    assert report.problem == f"exam {second}: the stored document was changed outside SLR Desk"


def test_a_database_from_a_newer_version_is_refused_clearly(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    with sqlite3.connect(tmp_path / DATABASE_FILE) as raw:
        raw.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    with pytest.raises(StoreError, match="written by a newer SLR Desk"):
        open_store(tmp_path)


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path: Path) -> None:
    (tmp_path / DATABASE_FILE).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="is not a usable SLR Desk database"):
        open_store(tmp_path)
    assert (tmp_path / DATABASE_FILE).read_bytes() == b"this is not sqlite" * 100


def test_a_version_1_database_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    from slrdesk.core.store.migrations import MIGRATIONS

    with sqlite3.connect(tmp_path / DATABASE_FILE) as raw:  # as the first release left it
        raw.executescript(MIGRATIONS[0].sqlite + "PRAGMA user_version = 1;")
        raw.execute(f"INSERT INTO patients VALUES ('{uuid.uuid4()}', 'Old Patient', 'old patient', "
                    "'1950-01-01', 'female', 'OLD-7', '{}', 'x', 'x')")
    with open_store(tmp_path) as store:  # opening migrates
        assert [p.name for p in store.search_patients("old-7")] == ["Old Patient"]
        # The clinic-wide ledger starts from the rows as found: one baseline entry each.
        report = store.verify_audit()
        assert report.intact, report.problem
        assert report.patients_checked == 1
        assert store.ledger_head()[0] == 1
    with sqlite3.connect(tmp_path / DATABASE_FILE) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION == 6
        plan = raw.execute("EXPLAIN QUERY PLAN SELECT 1 FROM patients WHERE record_number "
                           "COLLATE NOCASE >= 'A' AND record_number COLLATE NOCASE < 'B'"
                           ).fetchall()
    assert "patients_by_record_nocase" in str(plan)


def test_migrations_run_once_from_an_empty_file(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    with sqlite3.connect(tmp_path / DATABASE_FILE) as raw:
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"patients", "exams", "audit_log"} <= tables
    open_store(tmp_path).close()  # a second open applies nothing and keeps the data


def test_the_store_never_writes_a_document_it_could_not_read_back(
    store: SqlExamStore,
) -> None:
    exam = vignette("sprinter_strain")
    # model_copy(update=...) skips validation; the store validates again before writing.
    impossible = exam.model_copy(update={"encounter_time": datetime(2000, 1, 1, tzinfo=UTC)})
    with pytest.raises(InputError, match=r"patient\.date_of_birth: the patient was not yet born"):
        store.save_draft(impossible)
    assert store.search_patients("") == []


def _store_as_version_1(store: SqlExamStore, document: dict[str, object]) -> uuid.UUID:
    """Write a document exactly as SLR Desk 0.1 (exam schema 1) stored and audited it."""
    from slrdesk.core.document.exam import canonical_sha256

    text = json.dumps(document)
    digest = canonical_sha256(document)
    exam = parse_exam(document)
    with store._transaction() as conn:
        store._ensure_patient(conn, exam.patient)
        store._insert_exam(conn, exam, text, digest, "2026-11-20T10:00:00+00:00")
        store._append_audit(conn, str(exam.exam_id), "created", {"sha256": digest},
                            "2026-11-20T10:00:00+00:00")
        store._append_audit(conn, str(exam.exam_id), "signed",
                            {"sha256": digest, "signer": "Dr A", "ruleset_version": "2026.11.0"},
                            "2026-11-20T10:01:00+00:00")
    return exam.exam_id


def test_a_signed_version_1_exam_opens_verifies_and_takes_an_addendum(
    store: SqlExamStore,
) -> None:
    document = json.loads((Path(__file__).parents[1] / "data" / "schema_v1_exam.json").read_text(
        encoding="utf-8"))
    document.update(status="signed", signature={
        "signed_at": "2026-11-20T10:01:00+00:00", "signer": "Dr A", "ruleset_version": "2026.11.0"})
    exam_id = _store_as_version_1(store, document)
    opened = store.get_exam(exam_id)
    assert opened.schema_version == 3
    assert opened.signature is not None
    assert opened.signature.ruleset_version == "2026.11.0"
    # The signed identity is the document as stored, not its migrated form.
    assert store.stored_sha256(exam_id) != opened.sha256()
    assert store.verify_audit().intact
    addendum = opened.model_copy(update={
        "exam_id": uuid.uuid4(), "status": "signed",
        "signature": Signature(signed_at=datetime.now(UTC), signer="Dr A", ruleset_version="x"),
        "addendum": Addendum(amends_exam_id=exam_id, amends_sha256=store.stored_sha256(exam_id),
                             text="Reviewed under the new schema."),
    })
    store.add_addendum(addendum)
    assert store.verify_audit().intact


def test_a_damaged_database_is_refused_with_the_way_out_and_no_patient_data(
    tmp_path: Path,
) -> None:
    with open_store(tmp_path) as store:
        for name in VIGNETTES:
            store.save_draft(vignette(name))
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database = tmp_path / DATABASE_FILE
    data = bytearray(database.read_bytes())
    data[4096 * 2] = 0x7F  # the page-type byte of a b-tree page: no longer a valid page
    database.write_bytes(bytes(data))
    with pytest.raises(StoreError) as refused:
        open_store(tmp_path)
    message = str(refused.value)
    assert "is damaged" in message
    assert "Restore it from a backup" in message
    assert "\n" not in message
    for name in VIGNETTES:
        assert vignette(name).patient.name not in message
    assert database.read_bytes() == bytes(data)  # nothing was changed


def test_a_damaged_document_is_named_by_field_never_by_value(store: SqlExamStore) -> None:
    exam = vignette("sprinter_strain")
    store.save_draft(exam)
    secret = "Secret-Diagnosis-Text"
    damaged = exam.to_json().replace('"sex": "male"', f'"sex": "{secret}"')
    _behind_the_back(store, "UPDATE exams SET document = ? WHERE exam_id = ?",
                     (damaged, str(exam.exam_id)))
    with pytest.raises(StoreError) as refused:
        store.get_exam(exam.exam_id)
    assert "patient.sex" in str(refused.value)
    assert secret not in str(refused.value)
    assert exam.patient.name not in str(refused.value)


def test_audit_verify_runs_the_integrity_check(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _populated(tmp_path)
    assert main(["audit", "verify", "--data-dir", str(tmp_path)]) == 0
    database = tmp_path / DATABASE_FILE
    with sqlite3.connect(database) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(database.read_bytes())
    data[4096 * 2] = 0x7F
    database.write_bytes(bytes(data))
    assert main(["audit", "verify", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "is damaged" in err
    assert "Traceback" not in err


def test_backup_holds_every_commit_and_restore_brings_it_back(tmp_path: Path) -> None:
    from slrdesk.core.store.backup import backup, restore

    data = tmp_path / "data"
    store = open_store(data)
    exams = []
    for i in range(70):
        exam = vignette(VIGNETTES[i % len(VIGNETTES)]).model_copy(
            update={"exam_id": uuid.uuid4()})
        store.save_draft(exam)
        exams.append(exam)
    # Still open, nothing checkpointed: a copy of the main file alone would miss commits.
    plain_copy = tmp_path / "plain-copy.sqlite3"
    plain_copy.write_bytes((data / DATABASE_FILE).read_bytes())
    with sqlite3.connect(plain_copy) as raw:
        try:
            copied = raw.execute("SELECT count(*) FROM exams").fetchone()[0]
        except sqlite3.OperationalError:  # not even the tables are in the main file yet
            copied = 0
    assert copied < 70
    report = backup(data, tmp_path / "backup.sqlite3")
    assert (report.exams, report.audit_entries) == (70, 70)
    assert (tmp_path / "backup.sqlite3").stat().st_mode & 0o077 == 0
    with pytest.raises(InputError, match="is not replaced"):
        backup(data, tmp_path / "backup.sqlite3")
    store.save_draft(exams[0].model_copy(update={"exam_id": uuid.uuid4()}))
    from slrdesk.core.store.instance import acquire

    held = acquire(data)
    try:
        with pytest.raises(StoreError, match="open in another SLR Desk"):
            restore(data, tmp_path / "backup.sqlite3")
    finally:
        held.release()
    store.close()
    restored, kept = restore(data, tmp_path / "backup.sqlite3")
    assert restored.exams == 70
    assert kept is not None
    assert kept.exists()
    with open_store(data) as again:
        assert again.verify_audit().intact
        assert again.get_exam(exams[69].exam_id) == exams[69]
        assert len(again.list_exams(exams[0].patient.patient_id)) == len(
            [e for e in exams if e.patient.patient_id == exams[0].patient.patient_id])


def test_a_damaged_backup_is_never_restored(tmp_path: Path) -> None:
    from slrdesk.core.store.backup import backup, restore

    data = tmp_path / "data"
    with open_store(data) as store:
        store.save_draft(vignette("sprinter_strain"))
    backup(data, tmp_path / "b.sqlite3")
    damaged = bytearray((tmp_path / "b.sqlite3").read_bytes())
    damaged[4096] = 0x7F
    (tmp_path / "b.sqlite3").write_bytes(bytes(damaged))
    before = (data / DATABASE_FILE).read_bytes()
    with pytest.raises(StoreError, match=r"is damaged|not a usable"):
        restore(data, tmp_path / "b.sqlite3")
    assert (data / DATABASE_FILE).read_bytes() == before
