"""What the rest of the program may ask of storage: `ExamRepository`.

Two stores implement it on one SQL code base (store.sql_store): SQLite for one workstation, and
PostgreSQL for a clinic whose workstations share one server. The GUI and the CLI see only this.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from slrdesk.core.errors import SlrDeskError

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable, Iterable

    from slrdesk.core.document.exam import ExamDocument, Patient

AuditAction = Literal["created", "edited", "signed", "addendum", "exported"]


class StoreError(SlrDeskError):
    """A request the store refuses (an unknown id, a change to a signed exam, ...)."""


class StaleExamError(StoreError):
    """A save from a copy of an exam that another workstation has saved since: refused, so
    that neither version is silently lost."""


@dataclass(frozen=True)
class PatientSummary:
    patient_id: uuid.UUID
    name: str
    date_of_birth: str
    record_number: str
    sex: str = "unknown"
    open_drafts: int = 0
    # Urgency of the newest exam as last assessed ("emergency" ... "routine"), if known.
    latest_urgency: str | None = None


@dataclass(frozen=True)
class ExamSummary:
    exam_id: uuid.UUID
    patient_id: uuid.UUID
    status: Literal["draft", "signed"]
    kind: Literal["exam", "addendum"]
    encounter_time: str
    updated_at: str


@dataclass(frozen=True)
class AuditEntry:
    entry_id: int
    exam_id: uuid.UUID
    recorded_at: str
    action: AuditAction
    detail: str


@dataclass(frozen=True)
class AuditReport:
    """Outcome of checking every exam's hash chain and the clinic-wide ledger; `problem` names
    the first broken link; `protection` says what the check cannot rule out."""

    entries_checked: int
    exams_checked: int
    problem: str | None
    patients_checked: int = 0
    checkpoints: int = 0
    protection: str = ""

    @property
    def intact(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class Checkpoint:
    """The ledger's head at a signing, signed with the clinician's key (see store.ledger)."""

    seq: int
    head_hash: str
    certificate_der: bytes
    signature: bytes


class ExamRepository(Protocol):
    def add_patient(self, patient: Patient) -> None: ...
    def update_patient(self, patient: Patient) -> None: ...
    def get_patient(self, patient_id: uuid.UUID) -> Patient: ...
    def search_patients(self, query: str, limit: int = 100) -> list[PatientSummary]: ...
    def save_draft(self, exam: ExamDocument) -> bool: ...
    def save_drafts(self, exams: Iterable[ExamDocument]) -> int: ...
    def get_exam(self, exam_id: uuid.UUID) -> ExamDocument: ...
    def stored_sha256(self, exam_id: uuid.UUID) -> str: ...
    def list_exams(self, patient_id: uuid.UUID) -> list[ExamSummary]: ...
    def mark_signed(self, exam: ExamDocument, checkpoint: Checkpoint | None = None) -> None: ...
    def add_addendum(self, addendum: ExamDocument,
                     checkpoint: Checkpoint | None = None) -> None: ...
    def ledger_head(self) -> tuple[int, str]: ...
    def record_export(self, exam_id: uuid.UUID, path: str, sha256: str) -> None: ...
    def audit_entries(self, exam_id: uuid.UUID) -> list[AuditEntry]: ...
    def verify_audit(self, trusted: Callable[[bytes], str | None] | None = None
                     ) -> AuditReport: ...
    def close(self) -> None: ...
