"""`ExamRepository` on a local SQLite file.

WAL journal with synchronous=FULL: every completed save survives a crash or power cut, and a save
interrupted at any point leaves the previous one intact. Each save is one transaction that writes
the document and its audit entry together. The folder and files are readable only by their owner.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import sqlite3
import stat
import unicodedata
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal, ParamSpec, TypeVar

from slrdesk.core.document.exam import ExamDocument, Patient, canonical_sha256, parse_exam
from slrdesk.core.errors import InputError
from slrdesk.core.paths import DATABASE_FILE
from slrdesk.core.store import ledger
from slrdesk.core.store.audit import GENESIS, ChainRow, entry_hash, verify_chain
from slrdesk.core.store.migrations import check_ours, migrate
from slrdesk.core.store.repository import (
    AuditAction,
    AuditEntry,
    AuditReport,
    Checkpoint,
    ExamSummary,
    PatientSummary,
    StoreError,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from concurrent.futures import Future
    from pathlib import Path

_PRIVATE_DIR = stat.S_IRWXU
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PRIVATE_FILE = stat.S_IRUSR | stat.S_IWUSR
# How long a write waits for a lock another program holds: short, so the workstation never
# freezes; the session retries a failed save and keeps the edit meanwhile.
BUSY_TIMEOUT_S = 2.0


def _write_problem(exc: sqlite3.Error) -> str:
    """What a failed write means for the clinician, in words."""
    text = str(exc).lower()
    if "full" in text:
        return "the disk is full; the change was not saved"
    if "locked" in text or "busy" in text:
        return (f"another program has held the database locked for over {BUSY_TIMEOUT_S:g} s; "
                "the change was not saved")
    if "readonly" in text or "read-only" in text:
        return "the database is read-only; the change was not saved"
    if "i/o" in text or "disk" in text:
        return "the disk reported an input/output error; the change was not saved"
    return f"could not be written ({exc}); the change was not saved"


def fold(text: str) -> str:
    """Lower case without accents, so `marin` finds `Marín`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


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
        check_ours(conn)
        if read_only is None and migrate(conn) and ledger.needs_baseline(conn):
            conn.execute("BEGIN IMMEDIATE")
            ledger.baseline(conn, _utc_now())
            conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"database {path}: is not a usable SLR Desk database "
                         f"({_first_line(exc)}); restore it from a backup") from exc
    except Exception:
        conn.close()
        raise
    return SqliteExamStore(conn, path, read_only)


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
            problem = _first_line(exc)
        finally:
            conn.close()
        return None if problem is None else damaged_message(path, problem)

    from concurrent.futures import ThreadPoolExecutor  # only the workstation needs it

    executor = ThreadPoolExecutor(max_workers=1)
    future = executor.submit(run)
    executor.shutdown(wait=False)
    return future


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


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


P = ParamSpec("P")
R = TypeVar("R")


def _reads(method: Callable[P, R]) -> Callable[P, R]:
    """A damaged page met while reading is a sentence with the way out, not a traceback."""

    @functools.wraps(method)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"the database could not be read ({_first_line(exc)}); restore it "
                             "from a backup (slrdesk restore BACKUP)") from exc

    return guarded


class SqliteExamStore:
    """Patients, exams and the audit log in one SQLite database."""

    def __init__(self, conn: sqlite3.Connection, path: Path,
                 read_only: str | None = None) -> None:
        self._conn = conn
        self.path = path
        # Why this instance may not write, or None when it is the folder's writer.
        self.read_only = read_only

    # --- plumbing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. A database that cannot be written (disk full, an I/O error,
        a lock held by another program) is a StoreError saying so; nothing is half-written."""
        if self.read_only is not None:
            raise StoreError(self.read_only)
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"database {self.path}: {_write_problem(exc)}") from exc
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.IntegrityError):
                raise
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"database {self.path}: {_write_problem(exc)}") from exc
            raise

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SqliteExamStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- patients ---------------------------------------------------------------------------

    def add_patient(self, patient: Patient) -> None:
        with self._transaction() as conn:
            self._insert_patient(conn, patient)
            ledger.append(conn, "patient", str(patient.patient_id), "created", _utc_now())

    def _insert_patient(self, conn: sqlite3.Connection, patient: Patient) -> None:
        now = _utc_now()
        try:
            conn.execute(
                "INSERT INTO patients (patient_id, name, name_folded, date_of_birth, sex,"
                " record_number, document, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*self._patient_columns(patient), now, now),
            )
        except sqlite3.IntegrityError as exc:
            raise StoreError(
                f"patient.record_number: {patient.record_number} already belongs to another "
                "patient"
            ) from exc

    @staticmethod
    def _patient_columns(patient: Patient) -> tuple[str, ...]:
        return (
            str(patient.patient_id),
            patient.name,
            fold(patient.name),
            patient.date_of_birth.isoformat(),
            patient.sex,
            patient.record_number,
            patient.model_dump_json(),
        )

    def update_patient(self, patient: Patient) -> None:
        pid, name, folded, dob, sex, record, document = self._patient_columns(patient)
        with self._transaction() as conn:
            try:
                cursor = conn.execute(
                    "UPDATE patients SET name = ?, name_folded = ?, date_of_birth = ?, sex = ?,"
                    " record_number = ?, document = ?, updated_at = ? WHERE patient_id = ?",
                    (name, folded, dob, sex, record, document, _utc_now(), pid),
                )
            except sqlite3.IntegrityError as exc:
                raise StoreError(
                    f"patient.record_number: {record} already belongs to another patient"
                ) from exc
            if cursor.rowcount == 0:
                raise StoreError(f"patient {pid}: no such patient")
            ledger.append(conn, "patient", pid, "edited", _utc_now())

    @_reads
    def get_patient(self, patient_id: uuid.UUID) -> Patient:
        row = self._conn.execute(
            "SELECT document FROM patients WHERE patient_id = ?", (str(patient_id),)
        ).fetchone()
        if row is None:
            raise StoreError(f"patient {patient_id}: no such patient")
        try:
            return Patient.model_validate_json(row[0])
        except ValueError as exc:
            raise StoreError(f"patient {patient_id}: the stored record is damaged; restore "
                             "the database from a backup") from exc

    @_reads
    def search_patients(self, query: str, limit: int = 100) -> list[PatientSummary]:
        """Patients whose name contains, or record number starts with, `query`; or born on it
        (YYYY-MM-DD). An empty query lists patients by name."""
        text = query.strip()
        columns = ("SELECT patient_id, name, name_folded, date_of_birth, record_number, sex,"
                   " (SELECT count(*) FROM exams e WHERE e.patient_id = patients.patient_id"
                   "  AND e.status = 'draft'),"
                   " (SELECT urgency FROM exams e WHERE e.patient_id = patients.patient_id"
                   "  ORDER BY encounter_time DESC LIMIT 1)"
                   " FROM patients")
        order = " ORDER BY name_folded, date_of_birth LIMIT ?"
        if not text:
            rows = self._conn.execute(columns + order, (limit,))
        elif _ISO_DATE.fullmatch(text):
            rows = self._conn.execute(columns + " WHERE date_of_birth = ?" + order, (text, limit))
        else:
            # Two searches the indexes can serve separately: a name substring (a scan of the
            # small name column) and a record-number prefix (a range on its unique index).
            # One OR-ed query would walk the whole name index in order instead.
            prefix = text
            rows = self._conn.execute(
                f"{columns} WHERE name_folded LIKE ? ESCAPE '\\'"
                f" UNION {columns} WHERE record_number COLLATE NOCASE >= ?"
                f" AND record_number COLLATE NOCASE < ?{order}",
                ("%" + _escape_like(fold(text)) + "%", prefix, prefix + "\U0010ffff", limit),
            )
        return [
            PatientSummary(uuid.UUID(pid), name, dob, record, sex, drafts, urgency)
            for pid, name, _folded, dob, record, sex, drafts, urgency in rows
        ]

    # --- exams ------------------------------------------------------------------------------

    def save_draft(self, exam: ExamDocument) -> bool:
        """Store a draft; True if anything changed. The document and its audit entry are saved
        in one transaction, so an interrupted save leaves the previous one intact."""
        with self._transaction() as conn:
            return self._save_draft(conn, exam)

    def save_drafts(self, exams: Iterable[ExamDocument]) -> int:
        """Store many drafts in one transaction (imports); returns how many changed."""
        with self._transaction() as conn:
            return sum(self._save_draft(conn, exam) for exam in exams)

    def _save_draft(self, conn: sqlite3.Connection, exam: ExamDocument) -> bool:
        if exam.status != "draft":
            raise StoreError(f"exam {exam.exam_id}: only a draft can be saved as a draft")
        document = _validated_json(exam)
        digest = exam.sha256()
        exam_id = str(exam.exam_id)
        row = conn.execute(
            "SELECT status, document_sha256 FROM exams WHERE exam_id = ?", (exam_id,)
        ).fetchone()
        if row is not None and row[0] == "signed":
            raise StoreError(
                f"exam {exam_id}: is signed and cannot change; write an addendum instead"
            )
        if row is not None and row[1] == digest:
            return False
        self._ensure_patient(conn, exam.patient)
        now = _utc_now()
        if row is None:
            self._insert_exam(conn, exam, document, digest, now)
            self._append_audit(conn, exam_id, "created", {"sha256": digest}, now)
        else:
            conn.execute(
                "UPDATE exams SET patient_id = ?, encounter_time = ?, updated_at = ?,"
                " document = ?, document_sha256 = ?, urgency = ? WHERE exam_id = ?",
                (str(exam.patient.patient_id), exam.encounter_time.isoformat(), now,
                 document, digest, _urgency(exam), exam_id),
            )
            self._append_audit(conn, exam_id, "edited", {"sha256": digest}, now)
        return True

    def _ensure_patient(self, conn: sqlite3.Connection, patient: Patient) -> None:
        exists = conn.execute(
            "SELECT 1 FROM patients WHERE patient_id = ?", (str(patient.patient_id),)
        ).fetchone()
        if exists is None:
            self._insert_patient(conn, patient)
            ledger.append(conn, "patient", str(patient.patient_id), "created", _utc_now())

    @staticmethod
    def _insert_exam(
        conn: sqlite3.Connection, exam: ExamDocument, document: str, digest: str, now: str
    ) -> None:
        kind = "addendum" if exam.addendum is not None else "exam"
        amends = str(exam.addendum.amends_exam_id) if exam.addendum is not None else None
        conn.execute(
            "INSERT INTO exams (exam_id, patient_id, status, kind, amends_exam_id,"
            " encounter_time, updated_at, document, document_sha256, urgency)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (str(exam.exam_id), str(exam.patient.patient_id), exam.status, kind, amends,
             exam.encounter_time.isoformat(), now, document, digest, _urgency(exam)),
        )

    @_reads
    def get_exam(self, exam_id: uuid.UUID) -> ExamDocument:
        row = self._conn.execute(
            "SELECT document FROM exams WHERE exam_id = ?", (str(exam_id),)
        ).fetchone()
        if row is None:
            raise StoreError(f"exam {exam_id}: no such exam")
        try:
            return parse_exam(row[0], source=f"stored exam {exam_id}")
        except InputError as exc:
            # The field, never its value: an error message must not carry patient data.
            where = str(exc).removeprefix(f"stored exam {exam_id}: ").split(":")[0]
            raise StoreError(f"stored exam {exam_id}: the stored document is damaged at "
                             f"{where}; restore the database from a backup") from exc

    @_reads
    def stored_sha256(self, exam_id: uuid.UUID) -> str:
        """The identity of the exam as stored (and signed), whatever schema it was written in."""
        row = self._conn.execute(
            "SELECT document_sha256 FROM exams WHERE exam_id = ?", (str(exam_id),)
        ).fetchone()
        if row is None:
            raise StoreError(f"exam {exam_id}: no such exam")
        return str(row[0])

    @_reads
    def list_exams(self, patient_id: uuid.UUID) -> list[ExamSummary]:
        """A patient's exams and addenda, newest encounter first."""
        rows = self._conn.execute(
            "SELECT exam_id, status, kind, encounter_time, updated_at FROM exams"
            " WHERE patient_id = ? ORDER BY encounter_time DESC, updated_at DESC",
            (str(patient_id),),
        )
        return [
            ExamSummary(uuid.UUID(eid), patient_id, _status(status), _kind(kind), enc, upd)
            for eid, status, kind, enc, upd in rows
        ]

    def ledger_head(self) -> tuple[int, str]:
        """(sequence, hash) of the clinic-wide chain's newest entry: what a signature anchors."""
        return ledger.head(self._conn)

    def mark_signed(self, exam: ExamDocument, checkpoint: Checkpoint | None = None) -> None:
        """Replace a stored draft by its signed form; from then on the row never changes.
        `checkpoint`: the chain's head at signing, signed with the clinician's key."""
        if exam.status != "signed" or exam.signature is None:
            raise StoreError(f"exam {exam.exam_id}: is not signed")
        exam_id = str(exam.exam_id)
        document = _validated_json(exam)
        digest = exam.sha256()
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT status FROM exams WHERE exam_id = ?", (exam_id,)
            ).fetchone()
            if row is None:
                self._ensure_patient(conn, exam.patient)
                now = _utc_now()
                self._insert_exam(conn, exam, document, digest, now)
                self._append_audit(conn, exam_id, "created", {"sha256": digest}, now)
            elif row[0] == "signed":
                raise StoreError(f"exam {exam_id}: is already signed")
            else:
                conn.execute(
                    "UPDATE exams SET status = 'signed', updated_at = ?, document = ?,"
                    " document_sha256 = ?, urgency = ? WHERE exam_id = ?",
                    (_utc_now(), document, digest, _urgency(exam), exam_id),
                )
            self._append_audit(
                conn, exam_id, "signed",
                {"sha256": digest, "signer": exam.signature.signer,
                 "ruleset_version": exam.signature.ruleset_version},
                _utc_now(),
            )
            if checkpoint is not None:
                if ledger.head(conn)[0] < checkpoint.seq:
                    raise StoreError(f"checkpoint: entry {checkpoint.seq} is not in the ledger")
                conn.execute(
                    "INSERT INTO checkpoints (seq, head_hash, exam_id, recorded_at, certificate,"
                    " signature) VALUES (?, ?, ?, ?, ?, ?)",
                    (checkpoint.seq, checkpoint.head_hash, exam_id, _utc_now(),
                     checkpoint.certificate_der, checkpoint.signature))

    def add_addendum(self, addendum: ExamDocument,
                     checkpoint: Checkpoint | None = None) -> None:
        """Store a signed addendum as its own exam, linked to the signed original."""
        link = addendum.addendum
        if link is None:
            raise StoreError(f"exam {addendum.exam_id}: is not an addendum")
        original = self.get_exam(link.amends_exam_id)
        if original.status != "signed":
            raise StoreError(f"addendum.amends_exam_id: exam {original.exam_id} is not signed")
        if self.stored_sha256(original.exam_id) != link.amends_sha256:
            raise StoreError(
                f"addendum.amends_sha256: does not match exam {original.exam_id} as stored"
            )
        self.mark_signed(addendum, checkpoint)
        with self._transaction() as conn:
            self._append_audit(
                conn, str(original.exam_id), "addendum",
                {"addendum_exam_id": str(addendum.exam_id)}, _utc_now(),
            )

    def record_export(self, exam_id: uuid.UUID, path: str, sha256: str) -> None:
        with self._transaction() as conn:
            self._append_audit(conn, str(exam_id), "exported",
                               {"path": path, "pdf_sha256": sha256}, _utc_now())

    # --- audit log --------------------------------------------------------------------------

    @staticmethod
    def _append_audit(
        conn: sqlite3.Connection, exam_id: str, action: AuditAction, detail: dict[str, str],
        recorded_at: str,
    ) -> None:
        row = conn.execute(
            "SELECT entry_hash FROM audit_log WHERE exam_id = ? ORDER BY entry_id DESC LIMIT 1",
            (exam_id,),
        ).fetchone()
        previous = row[0] if row else GENESIS
        text = json.dumps(detail, sort_keys=True)
        conn.execute(
            "INSERT INTO audit_log (exam_id, recorded_at, action, detail, previous_hash,"
            " entry_hash) VALUES (?, ?, ?, ?, ?, ?)",
            (exam_id, recorded_at, action, text, previous,
             entry_hash(previous, exam_id, recorded_at, action, text)),
        )
        # The clinic-wide chain records the exam row as it now stands (every column).
        ledger.append(conn, "exam", exam_id, action, recorded_at, detail)

    @_reads
    def audit_entries(self, exam_id: uuid.UUID) -> list[AuditEntry]:
        rows = self._conn.execute(
            "SELECT entry_id, recorded_at, action, detail FROM audit_log WHERE exam_id = ?"
            " ORDER BY entry_id",
            (str(exam_id),),
        )
        return [AuditEntry(eid, exam_id, at, action, detail) for eid, at, action, detail in rows]

    @_reads
    def verify_audit(self, trusted: Callable[[bytes], str | None] | None = None
                     ) -> AuditReport:
        """Check the file's integrity, every exam's chain, that each stored document is the one
        last audited, and the clinic-wide ledger with its signed checkpoints. `trusted(der)`
        names who vouches for a checkpoint's certificate (None: nobody)."""
        damage = integrity_problem(self._conn)
        if damage is not None:
            return AuditReport(entries_checked=0, exams_checked=0,
                               problem=f"the database file is damaged ({damage})")
        rows = (
            ChainRow(*r)
            for r in self._conn.execute(
                "SELECT entry_id, exam_id, recorded_at, action, detail, previous_hash,"
                " entry_hash FROM audit_log ORDER BY exam_id, entry_id"
            )
        )
        checked, problem = verify_chain(rows)
        exams = 0
        if problem is None:
            exams, problem = self._verify_documents()
        chain = ledger.verify(self._conn, trusted or (lambda der: None))
        if problem is None:
            problem = chain.problem
        return AuditReport(entries_checked=checked, exams_checked=exams, problem=problem,
                           patients_checked=chain.patients, checkpoints=chain.checkpoints,
                           protection=chain.protection())

    def _verify_documents(self) -> tuple[int, str | None]:
        last_audited: dict[str, str] = {}
        for exam_id, detail in self._conn.execute(
            "SELECT exam_id, detail FROM audit_log"
            " WHERE action IN ('created', 'edited', 'signed') ORDER BY entry_id"
        ):
            last_audited[exam_id] = json.loads(detail)["sha256"]
        count = 0
        for exam_id, document, digest in self._conn.execute(
            "SELECT exam_id, document, document_sha256 FROM exams ORDER BY exam_id"
        ):
            count += 1
            try:
                parse_exam(document)
                actual = canonical_sha256(json.loads(document))
            except InputError:
                return count, f"exam {exam_id}: the stored document is no longer valid"
            if actual != digest or last_audited.get(exam_id) != digest:
                return count, f"exam {exam_id}: the stored document was changed outside SLR Desk"
        return count, None


def _urgency(exam: ExamDocument) -> str:
    """The exam's urgency as assessed now, kept beside it for the patient list's marker."""
    from slrdesk.core.assessment import classify  # the classifier loads on first save

    return classify(exam).urgency


def _validated_json(exam: ExamDocument) -> str:
    """The document as JSON, validated again: `model_copy(update=...)` skips validation, and
    the store must never hold a document it cannot read back."""
    document = exam.model_dump_json()
    parse_exam(document, source=f"exam {exam.exam_id}")
    return document


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _status(value: str) -> Literal["draft", "signed"]:
    return "signed" if value == "signed" else "draft"


def _kind(value: str) -> Literal["exam", "addendum"]:
    return "addendum" if value == "addendum" else "exam"
