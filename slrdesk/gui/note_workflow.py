"""Preview → sign → export → lock, addenda, and checking a note, from the workstation.

The signing identity lives in the data folder (`identity.p12`); once unlocked with its
passphrase, the parsed key is kept for the rest of the session so each further signature is
quick. Signed notes land in the data folder's `exports/` under a predictable name.
"""

from __future__ import annotations

import re
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import serialization

from slrdesk.core.document.exam import Addendum, ExamDocument
from slrdesk.core.errors import InputError
from slrdesk.core.files import read_input
from slrdesk.core.note.export import ExportedNote, build_note, export_note, require_signable
from slrdesk.core.note.identity import SigningIdentity, create_identity, load_identity
from slrdesk.core.note.review import review
from slrdesk.core.note.trust import TRUST_FOLDER, TrustedCertificate, TrustStore
from slrdesk.core.note.verify import Verification, verify_note
from slrdesk.core.profile import load_clinician
from slrdesk.core.progress import Visit, visits
from slrdesk.core.store.ledger import checkpoint_message
from slrdesk.core.store.repository import Checkpoint
from slrdesk.gui.note_dialogs import IdentityDialog, NotePreview, PassphraseDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from slrdesk.core.store import SqlExamStore
    from slrdesk.gui.session import ExamSession

IDENTITY_FILE = "identity.p12"
EXPORT_FOLDER = "exports"


def export_name(exam: ExamDocument) -> str:
    """`MRN-100201_2026-11-20_22a916e5.pdf`: record number, exam date, exam id."""
    record = re.sub(r"[^A-Za-z0-9._-]+", "-", exam.patient.record_number).strip("-") or "patient"
    kind = "_addendum" if exam.addendum else ""
    return (f"{record}_{exam.encounter_time.date().isoformat()}_{str(exam.exam_id)[:8]}"
            f"{kind}.pdf")


class NoteWorkflow:
    def __init__(self, store: SqlExamStore, data_dir: Path, parent: QWidget) -> None:
        self.store, self.data_dir, self.parent = store, data_dir, parent
        self.identity: SigningIdentity | None = None

    @property
    def export_dir(self) -> Path:
        return self.data_dir / EXPORT_FOLDER

    @property
    def trust_dir(self) -> Path:
        return self.data_dir / TRUST_FOLDER

    @property
    def trust_store(self) -> TrustStore:
        return TrustStore(self.trust_dir)

    # --- identity -------------------------------------------------------------------------

    def unlock_identity(self) -> SigningIdentity | None:
        """The signing identity, creating or importing one on first use; None if cancelled."""
        if self.identity is not None:
            return self.identity
        path = self.data_dir / IDENTITY_FILE
        if not path.exists():
            return self._first_identity(path)
        clinician = load_clinician(self.data_dir)
        who = clinician.name if clinician else "you"
        problem = ""
        while True:  # a mistyped passphrase is asked again, with why; Cancel stops
            passphrase = PassphraseDialog.ask(self.parent, who, problem)
            if passphrase is None:
                return None
            try:
                self.identity = load_identity(path, passphrase)
            except InputError as exc:
                if "passphrase is wrong" not in str(exc):
                    raise
                problem = "That passphrase does not open the identity. Try again."
                continue
            return self.identity

    def _first_identity(self, path: Path) -> SigningIdentity | None:
        clinician = load_clinician(self.data_dir)
        choice = IdentityDialog.ask(
            self.parent, clinician.name if clinician else "",
            (clinician.credentials or "") if clinician else "",
            (clinician.registration_number or "") if clinician else "")
        if choice is None:
            return None
        if choice.create:
            create_identity(path, choice.name, choice.passphrase, credentials=choice.credentials,
                            registration_number=choice.registration_number)
        else:
            assert choice.path is not None
            load_identity(choice.path, choice.passphrase)  # refuse a wrong passphrase first
            shutil.copyfile(choice.path, path)
            path.chmod(0o600)
        self.identity = load_identity(path, choice.passphrase)
        # This workstation vouches for its own clinician's certificate, so the notes it signs
        # verify here; other workstations pin it after comparing its fingerprint.
        self.trust_store.add_certificate(self.identity.certificate)
        return self.identity

    # --- preview and signing ----------------------------------------------------------------

    def preview(self, session: ExamSession) -> bool:
        """Show the draft note; True when the clinician chose to sign from it."""
        pdf, _ = build_note(session.exam, identity=None, previous=session.previous,
                            course=self.course(session))
        why_not = ""
        try:
            require_signable(session.exam)
        except InputError as exc:
            why_not = str(exc)
        checked = review(session.exam, session.assessment, session.previous)
        return NotePreview.ask(self.parent, pdf, can_sign=not why_not and checked.can_sign,
                               why_not=why_not, review=checked)

    def course(self, session: ExamSession) -> list[Visit] | None:
        """The patient's visits up to this exam, for the note's charts (None without an earlier
        visit)."""
        if session.previous is None:
            return None
        this = session.exam.encounter_time.astimezone().date().isoformat()
        return [v for v in visits(self.store, session.exam.patient.patient_id) if v.date <= this]

    def sign(self, session: ExamSession) -> ExportedNote | None:
        """Sign the open exam, export the note, lock the exam. Raises SlrDeskError with the
        reason when signing is refused (an unanswered red flag, a wrong passphrase)."""
        session.save_now()
        require_signable(session.exam)
        identity = self.unlock_identity()
        if identity is None:
            return None
        self.export_dir.mkdir(parents=True, exist_ok=True)
        # The signature anchors the audit ledger as it stands now (a checkpoint).
        anchor = self.store.ledger_head()
        note = export_note(session.exam, self.export_dir / export_name(session.exam),
                           identity=identity, previous=session.previous, audit_anchor=anchor,
                           course=self.course(session))
        checkpoint = Checkpoint(
            seq=anchor[0], head_hash=anchor[1],
            certificate_der=identity.certificate.public_bytes(serialization.Encoding.DER),
            signature=identity.sign_bytes(checkpoint_message(*anchor)))
        if note.document.addendum is not None:
            self.store.add_addendum(note.document, checkpoint)
        else:
            self.store.mark_signed(note.document, checkpoint)
        self.store.record_export(note.document.exam_id, str(note.path), note.sha256)
        session.replace(note.document)
        return note

    # --- addenda and verification -------------------------------------------------------------

    def start_addendum(self, session: ExamSession, text: str) -> uuid.UUID:
        """A new draft amending the signed exam: same findings to correct, the original kept."""
        original = self.store.get_exam(session.exam.exam_id)
        if original.status != "signed":
            raise InputError("only a signed exam takes an addendum; edit the draft instead")
        now = datetime.now(UTC)
        draft = original.model_copy(update={
            "exam_id": uuid.uuid4(), "status": "draft", "signature": None,
            "encounter_time": now, "entered_at": now,
            "addendum": Addendum(amends_exam_id=original.exam_id,
                                 amends_sha256=self.store.stored_sha256(original.exam_id),
                                 text=text),
        })
        self.store.save_draft(draft)
        return draft.exam_id

    def add_trust_root(self, pem: Path) -> TrustedCertificate:
        """Trust a clinic CA, or pin one clinician's certificate, for verification."""
        return self.trust_store.add(pem)

    def verify(self, path: Path) -> Verification:
        store = self.trust_store
        return verify_note(read_input(path, limit=64 * 1024 * 1024), store.ca_paths(),
                           source=str(path), pinned=store.pinned_paths())


def describe(result: Verification) -> str:
    """The verification as a clinician reads it."""
    verdict = {
        "valid": f"The note is signed, intact, and vouched for ({result.vouched_by}).",
        "untrusted": ("The note is intact, but nobody has vouched for its signer: anyone can "
                      "make a certificate with any name. Compare the fingerprint below with "
                      "the clinician's before trusting it."),
        "not_intact": f"The note is NOT valid: {result.problem}.",
    }[result.outcome]
    lines = [verdict]
    if result.signed:
        lines.append(f"Signed by {result.signer} at {result.signing_time}.")
    if result.fingerprint:
        lines.append(f"Certificate fingerprint (SHA-256): {result.fingerprint}")
    if result.attachment_sha256:
        lines.append(f"Embedded exam document SHA-256: {result.attachment_sha256}")
    lines += [f"Note: {w}." for w in result.warnings]
    return "\n".join(lines)
