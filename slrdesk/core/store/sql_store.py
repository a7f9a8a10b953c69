"""`ExamRepository` over SQL, written once for SQLite (one workstation) and PostgreSQL (a clinic).

Each save is one transaction that writes the document, its audit entry and its ledger entry
together, so an interrupted save leaves the previous one intact. Several workstations may write
one PostgreSQL database: a save made from an out-of-date copy of an exam is refused (the row's
`revision` moved on since this workstation read it) and never overwrites the newer one, and
`claim` says who else has an exam open.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import unicodedata
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal, ParamSpec, Self, TypeVar

from slrdesk.core.errors import InputError
from slrdesk.core.store import ledger
from slrdesk.core.store.audit import GENESIS, ChainRow, entry_hash, verify_chain
from slrdesk.core.store.db import Db, DbError, DbIntegrityError
from slrdesk.core.store.repository import (
    AuditAction,
    AuditEntry,
    AuditReport,
    Checkpoint,
    ExamSummary,
    PatientSummary,
    StaleExamError,
    StoreError,
)

# The exam model (and pydantic with it) is imported when a document is first read or written,
# not when the store opens: the patient list needs neither.
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from slrdesk.core.document.exam import ExamDocument, Patient

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# An open exam's holder refreshes its claim at every save and every few seconds; a claim not
# refreshed for this long belongs to a workstation that was switched off or lost its network.
PRESENCE_TIMEOUT = timedelta(seconds=30)


def fold(text: str) -> str:
    """Lower case without accents, so `marin` finds `Marín`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def workstation_name() -> str:
    """Who this program is, as another workstation is told: "user on host"."""
    import getpass
    import socket

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "someone"
    return f"{user} on {socket.gethostname()}"


def first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


@dataclass(frozen=True)
class ExamState:
    """An exam's row as it stands now, without its document: cheap to poll."""

    status: Literal["draft", "signed"]
    revision: int
    updated_by: str
    updated_at: str


@dataclass(frozen=True)
class Presence:
    """Another workstation has the exam open."""

    holder: str
    opened_at: str


P = ParamSpec("P")
R = TypeVar("R")


def reads(method: Callable[P, R]) -> Callable[P, R]:
    """A failed read is a sentence with the way out, not a traceback."""

    @functools.wraps(method)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except DbError as exc:
            store = args[0]
            assert isinstance(store, SqlExamStore)
            raise StoreError(store.read_problem(exc)) from exc

    return guarded


class SqlExamStore(ABC):
    """Patients, exams and the audit log in one SQL database; see the dialect subclasses."""

    # Whether other workstations write the same database (then an open draft is claimed and
    # the claim kept fresh; a workstation's own file has one writer and needs neither).
    shared = False

    def __init__(self, db: Db, location: str, data_dir: Path,
                 read_only: str | None = None) -> None:
        self._db = db
        # How messages name the database: a file path, or "the clinic database at host".
        self.location = location
        # The workstation's own folder: recovery files, exports, identities.
        self.data_dir = data_dir
        # Why this instance may not write, or None when it may.
        self.read_only = read_only
        self.workstation = workstation_name()
        # The revision of each exam as this workstation last read or wrote it; a transaction's
        # own writes count only once it has committed.
        self._revisions: dict[str, int] = {}
        self._written: dict[str, int] = {}

    # --- what each dialect says its own way --------------------------------------------------

    def write_problem(self, exc: DbError) -> str:
        """What a failed write means for the clinician, in words."""
        return f"could not be written ({exc}); the change was not saved"

    def read_problem(self, exc: DbError) -> str:
        return f"database {self.location}: could not be read ({first_line(exc)})"

    def integrity_problem(self) -> str | None:
        """Damage the database engine itself can see; None when intact."""
        return None

    @abstractmethod
    def _record_number_clause(self, prefix: str) -> tuple[str, tuple[object, ...]]:
        """A WHERE clause for "record number starts with `prefix`, whatever the case" that the
        dialect serves from an index."""

    # --- plumbing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Db]:
        """One write transaction. A database that cannot be written (disk full, an I/O error,
        a lock held by another program, a server gone) is a StoreError saying so; nothing is
        half-written."""
        if self.read_only is not None:
            raise StoreError(self.read_only)
        try:
            self._db.begin()
        except DbError as exc:
            self._db.rollback()  # a transaction begun, then refused its lock, is ended here
            raise StoreError(f"database {self.location}: {self.write_problem(exc)}") from exc
        self._written.clear()
        try:
            yield self._db
            self._db.commit()
            self._revisions.update(self._written)
        except BaseException as exc:
            self._db.rollback()
            if isinstance(exc, DbError):
                raise StoreError(f"database {self.location}: {self.write_problem(exc)}") from exc
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- patients ---------------------------------------------------------------------------

    def add_patient(self, patient: Patient) -> None:
        with self._transaction() as db:
            self._insert_patient(db, patient)
            ledger.append(db, "patient", str(patient.patient_id), "created", utc_now())

    def _insert_patient(self, db: Db, patient: Patient) -> None:
        now = utc_now()
        try:
            db.execute(
                "INSERT INTO patients (patient_id, name, name_folded, date_of_birth, sex,"
                " record_number, document, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*self._patient_columns(patient), now, now),
            )
        except DbIntegrityError as exc:
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
        with self._transaction() as db:
            try:
                cursor = db.execute(
                    "UPDATE patients SET name = ?, name_folded = ?, date_of_birth = ?, sex = ?,"
                    " record_number = ?, document = ?, updated_at = ? WHERE patient_id = ?",
                    (name, folded, dob, sex, record, document, utc_now(), pid),
                )
            except DbIntegrityError as exc:
                raise StoreError(
                    f"patient.record_number: {record} already belongs to another patient"
                ) from exc
            if cursor.rowcount == 0:
                raise StoreError(f"patient {pid}: no such patient")
            ledger.append(db, "patient", pid, "edited", utc_now())

    @reads
    def get_patient(self, patient_id: uuid.UUID) -> Patient:
        row = self._db.execute(
            "SELECT document FROM patients WHERE patient_id = ?", (str(patient_id),)
        ).fetchone()
        if row is None:
            raise StoreError(f"patient {patient_id}: no such patient")
        try:
            from slrdesk.core.document.exam import Patient

            return Patient.model_validate_json(row[0])
        except ValueError as exc:
            raise StoreError(f"patient {patient_id}: the stored record is damaged; restore "
                             "the database from a backup") from exc

    @reads
    def search_patients(self, query: str, limit: int = 100) -> list[PatientSummary]:
        """Patients whose name contains, or record number starts with, `query`; or born on it
        (YYYY-MM-DD). An empty query lists patients by name."""
        text = query.strip()
        # The matching patients are found and ordered first, at most `limit` from each index
        # (a name in name order stops early; a record number or birth date is a range), and
        # only those few are counted for open drafts and looked up for their latest urgency.
        params: tuple[object, ...]
        if not text:
            found, params = _first_by_name("", "everyone"), (limit,)
        elif _ISO_DATE.fullmatch(text):
            found, params = _first_by_name(" WHERE date_of_birth = ?", "born"), (text, limit)
        else:
            record_clause, record_params = self._record_number_clause(text)
            found = (_first_by_name(" WHERE name_folded LIKE ? ESCAPE '\\'", "by_name")
                     + " UNION " + _first_by_name(f" WHERE {record_clause}", "by_record"))
            params = ("%" + escape_like(fold(text)) + "%", limit, *record_params, limit)
        sql = ("SELECT p.patient_id, p.name, p.date_of_birth, p.record_number, p.sex,"
               " (SELECT count(*) FROM exams e WHERE e.patient_id = p.patient_id"
               "  AND e.status = 'draft'),"
               " (SELECT urgency FROM exams e WHERE e.patient_id = p.patient_id"
               "  ORDER BY encounter_time DESC LIMIT 1)"
               f" FROM ({found}) AS found JOIN patients p ON p.patient_id = found.patient_id"
               " ORDER BY found.name_folded, found.date_of_birth LIMIT ?")
        return [
            PatientSummary(uuid.UUID(pid), name, dob, record, sex, drafts, urgency)
            for pid, name, dob, record, sex, drafts, urgency
            in self._db.execute(sql, (*params, limit))
        ]

    # --- exams ------------------------------------------------------------------------------

    def save_draft(self, exam: ExamDocument) -> bool:
        """Store a draft; True if anything changed. Refused (StaleExamError) when another
        workstation saved the exam since this one read it."""
        prepared = _Prepared.of(exam)
        with self._transaction() as db:
            return self._save_draft(db, prepared)

    def save_drafts(self, exams: Iterable[ExamDocument]) -> int:
        """Store many drafts in one transaction (imports); returns how many changed."""
        prepared = [_Prepared.of(exam) for exam in exams]
        with self._transaction() as db:
            return sum(self._save_draft(db, p) for p in prepared)

    def _save_draft(self, db: Db, prepared: _Prepared) -> bool:
        exam = prepared.exam
        if exam.status != "draft":
            raise StoreError(f"exam {exam.exam_id}: only a draft can be saved as a draft")
        exam_id = str(exam.exam_id)
        row = db.execute(
            "SELECT status, document_sha256, revision, updated_by, updated_at FROM exams"
            " WHERE exam_id = ?", (exam_id,)
        ).fetchone()
        if row is not None and row[0] == "signed":
            raise StoreError(
                f"exam {exam_id}: is signed and cannot change; write an addendum instead"
            )
        if row is not None and row[1] == prepared.digest:
            # Already stored exactly so (by this workstation, whose acknowledgement was lost
            # with the network, or by another): nothing to write, nothing lost.
            self._revisions[exam_id] = int(row[2])
            return False
        if row is not None:
            self._check_current(exam_id, row[2], row[3], row[4])
        self._ensure_patient(db, exam.patient)
        now = utc_now()
        if row is None:
            self._insert_exam(db, exam, prepared.document, prepared.digest, now,
                              prepared.urgency)
            self._append_audit(db, exam_id, "created", {"sha256": prepared.digest}, now)
            self._written[exam_id] = 1
        else:
            cursor = db.execute(
                "UPDATE exams SET patient_id = ?, encounter_time = ?, updated_at = ?,"
                " document = ?, document_sha256 = ?, urgency = ?, revision = revision + 1,"
                " updated_by = ? WHERE exam_id = ? AND revision = ?",
                (str(exam.patient.patient_id), exam.encounter_time.isoformat(), now,
                 prepared.document, prepared.digest, prepared.urgency, self.workstation,
                 exam_id, row[2]),
            )
            if cursor.rowcount != 1:  # the transaction's lock makes this unreachable
                raise StoreError(f"exam {exam_id}: changed while it was being saved; "
                                 "the change was not saved")
            self._append_audit(db, exam_id, "edited", {"sha256": prepared.digest}, now)
            self._written[exam_id] = int(row[2]) + 1
        return True

    def _check_current(self, exam_id: str, revision: int, updated_by: str,
                       updated_at: str) -> None:
        """Refuse to write over a revision this workstation has not seen."""
        known = self._revisions.get(exam_id)
        if known is not None and known != revision:
            who = updated_by or "another workstation"
            raise StaleExamError(
                f"exam {exam_id}: was saved by {who} at {_local_time(updated_at)} after this "
                "workstation opened it; this copy was not written over it. Reopen the exam "
                "to see the saved version"
            )

    def _ensure_patient(self, db: Db, patient: Patient) -> None:
        exists = db.execute(
            "SELECT 1 FROM patients WHERE patient_id = ?", (str(patient.patient_id),)
        ).fetchone()
        if exists is None:
            self._insert_patient(db, patient)
            ledger.append(db, "patient", str(patient.patient_id), "created", utc_now())

    def _insert_exam(self, db: Db, exam: ExamDocument, document: str, digest: str, now: str,
                     urgency: str | None = None) -> None:
        kind = "addendum" if exam.addendum is not None else "exam"
        amends = str(exam.addendum.amends_exam_id) if exam.addendum is not None else None
        db.execute(
            "INSERT INTO exams (exam_id, patient_id, status, kind, amends_exam_id,"
            " encounter_time, updated_at, document, document_sha256, urgency, revision,"
            " updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
            (str(exam.exam_id), str(exam.patient.patient_id), exam.status, kind, amends,
             exam.encounter_time.isoformat(), now, document, digest,
             urgency if urgency is not None else _urgency(exam), self.workstation),
        )

    @reads
    def get_exam(self, exam_id: uuid.UUID) -> ExamDocument:
        row = self._db.execute(
            "SELECT document, revision FROM exams WHERE exam_id = ?", (str(exam_id),)
        ).fetchone()
        if row is None:
            raise StoreError(f"exam {exam_id}: no such exam")
        from slrdesk.core.document.exam import parse_exam

        try:
            exam = parse_exam(row[0], source=f"stored exam {exam_id}")
        except InputError as exc:
            # The field, never its value: an error message must not carry patient data.
            where = str(exc).removeprefix(f"stored exam {exam_id}: ").split(":")[0]
            raise StoreError(f"stored exam {exam_id}: the stored document is damaged at "
                             f"{where}; restore the database from a backup") from exc
        self._revisions[str(exam_id)] = int(row[1])
        return exam

    @reads
    def exam_state(self, exam_id: uuid.UUID) -> ExamState | None:
        """The exam's status and revision as stored now (None: no such exam)."""
        row = self._db.execute(
            "SELECT status, revision, updated_by, updated_at FROM exams WHERE exam_id = ?",
            (str(exam_id),)).fetchone()
        if row is None:
            return None
        return ExamState(_status(row[0]), int(row[1]), str(row[2]), str(row[3]))

    def known_revision(self, exam_id: uuid.UUID) -> int | None:
        """The stored revision this workstation's copy of the exam was read or saved at."""
        return self._revisions.get(str(exam_id))

    def continue_from(self, exam_id: uuid.UUID, revision: int) -> None:
        """A copy kept from an earlier run was made on `revision`: its save is refused if the
        exam was saved elsewhere since."""
        self._revisions[str(exam_id)] = revision

    def is_current(self, exam_id: uuid.UUID) -> bool:
        """Whether this workstation's copy of the exam is the one stored."""
        state = self.exam_state(exam_id)
        known = self._revisions.get(str(exam_id))
        return state is None or known is None or state.revision == known

    @reads
    def stored_sha256(self, exam_id: uuid.UUID) -> str:
        """The identity of the exam as stored (and signed), whatever schema it was written in."""
        row = self._db.execute(
            "SELECT document_sha256 FROM exams WHERE exam_id = ?", (str(exam_id),)
        ).fetchone()
        if row is None:
            raise StoreError(f"exam {exam_id}: no such exam")
        return str(row[0])

    @reads
    def list_exams(self, patient_id: uuid.UUID) -> list[ExamSummary]:
        """A patient's exams and addenda, newest encounter first."""
        rows = self._db.execute(
            "SELECT exam_id, status, kind, encounter_time, updated_at FROM exams"
            " WHERE patient_id = ? ORDER BY encounter_time DESC, updated_at DESC",
            (str(patient_id),),
        )
        return [
            ExamSummary(uuid.UUID(eid), patient_id, _status(status), _kind(kind), enc, upd)
            for eid, status, kind, enc, upd in rows
        ]

    @reads
    def ledger_head(self) -> tuple[int, str]:
        """(sequence, hash) of the clinic-wide chain's newest entry: what a signature anchors."""
        return ledger.head(self._db)

    def mark_signed(self, exam: ExamDocument, checkpoint: Checkpoint | None = None) -> None:
        """Replace a stored draft by its signed form; from then on the row never changes.
        `checkpoint`: the chain's head at signing, signed with the clinician's key."""
        if exam.status != "signed" or exam.signature is None:
            raise StoreError(f"exam {exam.exam_id}: is not signed")
        exam_id = str(exam.exam_id)
        prepared = _Prepared.of(exam)
        with self._transaction() as db:
            row = db.execute(
                "SELECT status, revision, updated_by, updated_at FROM exams WHERE exam_id = ?",
                (exam_id,)).fetchone()
            if row is None:
                self._ensure_patient(db, exam.patient)
                now = utc_now()
                self._insert_exam(db, exam, prepared.document, prepared.digest, now,
                                  prepared.urgency)
                self._append_audit(db, exam_id, "created", {"sha256": prepared.digest}, now)
            elif row[0] == "signed":
                raise StoreError(f"exam {exam_id}: is already signed")
            else:
                self._check_current(exam_id, row[1], row[2], row[3])
                db.execute(
                    "UPDATE exams SET status = 'signed', updated_at = ?, document = ?,"
                    " document_sha256 = ?, urgency = ?, revision = revision + 1,"
                    " updated_by = ? WHERE exam_id = ?",
                    (utc_now(), prepared.document, prepared.digest, prepared.urgency,
                     self.workstation, exam_id),
                )
            self._append_audit(
                db, exam_id, "signed",
                {"sha256": prepared.digest, "signer": exam.signature.signer,
                 "ruleset_version": exam.signature.ruleset_version},
                utc_now(),
            )
            if checkpoint is not None:
                if ledger.head(db)[0] < checkpoint.seq:
                    raise StoreError(f"checkpoint: entry {checkpoint.seq} is not in the ledger")
                db.execute(
                    "INSERT INTO checkpoints (seq, head_hash, exam_id, recorded_at, certificate,"
                    " signature) VALUES (?, ?, ?, ?, ?, ?)",
                    (checkpoint.seq, checkpoint.head_hash, exam_id, utc_now(),
                     checkpoint.certificate_der, checkpoint.signature))
            db.execute("DELETE FROM exam_presence WHERE exam_id = ?", (exam_id,))
        self._revisions.pop(exam_id, None)

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
        with self._transaction() as db:
            self._append_audit(
                db, str(original.exam_id), "addendum",
                {"addendum_exam_id": str(addendum.exam_id)}, utc_now(),
            )

    def record_export(self, exam_id: uuid.UUID, path: str, sha256: str) -> None:
        with self._transaction() as db:
            self._append_audit(db, str(exam_id), "exported",
                               {"path": path, "pdf_sha256": sha256}, utc_now())

    # --- who has an exam open ---------------------------------------------------------------

    def claim(self, exam_id: uuid.UUID) -> Presence | None:
        """Say this workstation has the exam open (again, to keep the claim fresh). Returns
        who else has it open, if anyone does; the claim is then left to them."""
        if self.read_only is not None:
            return None
        now = datetime.now(UTC)
        with self._transaction() as db:
            row = db.execute("SELECT holder, opened_at, seen_at FROM exam_presence"
                             " WHERE exam_id = ?", (str(exam_id),)).fetchone()
            if row is not None and row[0] != self.workstation and \
                    now - datetime.fromisoformat(row[2]) < PRESENCE_TIMEOUT:
                return Presence(str(row[0]), str(row[1]))
            if row is None:
                db.execute("INSERT INTO exam_presence (exam_id, holder, opened_at, seen_at)"
                           " VALUES (?, ?, ?, ?)",
                           (str(exam_id), self.workstation, now.isoformat(), now.isoformat()))
            else:
                opened = row[1] if row[0] == self.workstation else now.isoformat()
                db.execute("UPDATE exam_presence SET holder = ?, opened_at = ?, seen_at = ?"
                           " WHERE exam_id = ?",
                           (self.workstation, opened, now.isoformat(), str(exam_id)))
        return None

    def release(self, exam_id: uuid.UUID) -> None:
        """This workstation closed the exam."""
        if self.read_only is not None:
            return
        with self._transaction() as db:
            db.execute("DELETE FROM exam_presence WHERE exam_id = ? AND holder = ?",
                       (str(exam_id), self.workstation))

    # --- audit log --------------------------------------------------------------------------

    @staticmethod
    def _append_audit(db: Db, exam_id: str, action: AuditAction, detail: dict[str, str],
                      recorded_at: str) -> None:
        row = db.execute(
            "SELECT entry_hash FROM audit_log WHERE exam_id = ? ORDER BY entry_id DESC LIMIT 1",
            (exam_id,),
        ).fetchone()
        previous = row[0] if row else GENESIS
        text = json.dumps(detail, sort_keys=True)
        db.execute(
            "INSERT INTO audit_log (exam_id, recorded_at, action, detail, previous_hash,"
            " entry_hash) VALUES (?, ?, ?, ?, ?, ?)",
            (exam_id, recorded_at, action, text, previous,
             entry_hash(previous, exam_id, recorded_at, action, text)),
        )
        # The clinic-wide chain records the exam row as it now stands (every column).
        ledger.append(db, "exam", exam_id, action, recorded_at, detail)

    @reads
    def audit_entries(self, exam_id: uuid.UUID) -> list[AuditEntry]:
        rows = self._db.execute(
            "SELECT entry_id, recorded_at, action, detail FROM audit_log WHERE exam_id = ?"
            " ORDER BY entry_id",
            (str(exam_id),),
        )
        return [AuditEntry(eid, exam_id, at, action, detail) for eid, at, action, detail in rows]

    @reads
    def verify_audit(self, trusted: Callable[[bytes], str | None] | None = None
                     ) -> AuditReport:
        """Check the database's integrity, every exam's chain, that each stored document is the
        one last audited, and the clinic-wide ledger with its signed checkpoints.
        `trusted(der)` names who vouches for a checkpoint's certificate (None: nobody)."""
        damage = self.integrity_problem()
        if damage is not None:
            return AuditReport(entries_checked=0, exams_checked=0,
                               problem=f"the database file is damaged ({damage})")
        rows = (
            ChainRow(*r)
            for r in self._db.execute(
                "SELECT entry_id, exam_id, recorded_at, action, detail, previous_hash,"
                " entry_hash FROM audit_log ORDER BY exam_id, entry_id"
            )
        )
        checked, problem = verify_chain(rows)
        exams = 0
        if problem is None:
            exams, problem = self._verify_documents()
        chain = ledger.verify(self._db, trusted or (lambda der: None))
        if problem is None:
            problem = chain.problem
        return AuditReport(entries_checked=checked, exams_checked=exams, problem=problem,
                           patients_checked=chain.patients, checkpoints=chain.checkpoints,
                           protection=chain.protection())

    def _verify_documents(self) -> tuple[int, str | None]:
        from slrdesk.core.document.exam import canonical_sha256, parse_exam

        last_audited: dict[str, str] = {}
        for exam_id, detail in self._db.execute(
            "SELECT exam_id, detail FROM audit_log"
            " WHERE action IN ('created', 'edited', 'signed') ORDER BY entry_id"
        ):
            last_audited[exam_id] = json.loads(detail)["sha256"]
        count = 0
        for exam_id, document, digest in self._db.execute(
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


@dataclass(frozen=True)
class _Prepared:
    """What a save writes, worked out before the transaction starts (validation and the
    assessment take a few milliseconds; on a shared server no other workstation waits for
    them)."""

    exam: ExamDocument
    document: str
    digest: str
    urgency: str

    @classmethod
    def of(cls, exam: ExamDocument) -> _Prepared:
        return cls(exam, _validated_json(exam), exam.sha256(), _urgency(exam))


def _first_by_name(where: str, alias: str) -> str:
    """The first patients (id and sort key) in name order among those `where` selects."""
    return (f"SELECT * FROM (SELECT patient_id, name_folded, date_of_birth FROM patients{where}"
            f" ORDER BY name_folded, date_of_birth LIMIT ?) AS {alias}")


def _urgency(exam: ExamDocument) -> str:
    """The exam's urgency as assessed now, kept beside it for the patient list's marker."""
    from slrdesk.core.assessment import classify  # the classifier loads on first save

    return classify(exam).urgency


def _validated_json(exam: ExamDocument) -> str:
    """The document as JSON, validated again: `model_copy(update=...)` skips validation, and
    the store must never hold a document it cannot read back."""
    from slrdesk.core.document.exam import parse_exam

    document = exam.model_dump_json()
    parse_exam(document, source=f"exam {exam.exam_id}")
    return document


def _local_time(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return stamp


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _status(value: str) -> Literal["draft", "signed"]:
    return "signed" if value == "signed" else "draft"


def _kind(value: str) -> Literal["exam", "addendum"]:
    return "addendum" if value == "addendum" else "exam"
