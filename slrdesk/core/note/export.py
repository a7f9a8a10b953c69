"""From an exam document to a note on disk: classify, render, attach, sign, write atomically.

A signed note records the signer, the signing time and the ruleset version in the embedded exam
document itself. Nothing is written at the target path unless the whole note was produced.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from slrdesk.core.assessment import RULESET_VERSION, classify
from slrdesk.core.assessment.model import Assessment
from slrdesk.core.catalog import catalog
from slrdesk.core.document.exam import ExamDocument, FormStamp, Signature
from slrdesk.core.errors import InputError
from slrdesk.core.files import check_output_path, write_atomically
from slrdesk.core.note.archival import Attachment, package
from slrdesk.core.note.fhir import FHIR_JSON, bundle_json
from slrdesk.core.note.identity import SigningIdentity
from slrdesk.core.note.render import PageSize, SignatureBlock, render_note
from slrdesk.core.note.signing import (
    ATTACHMENT_NAME,
    FHIR_ATTACHMENT_NAME,
    SIGNED_PRODUCER,
    sign_note,
)
from slrdesk.core.progress import Visit


@dataclass(frozen=True)
class ExportedNote:
    path: Path
    sha256: str
    document: ExamDocument  # as embedded: signed, with signer and ruleset version
    pages_bytes: int
    # Why the note is not PDF/A-3b (an EC identity's signature needs PDF 2.0), or None.
    not_archival: str | None = None

    @property
    def archival(self) -> bool:
        return self.not_archival is None


def require_signable(exam: ExamDocument) -> None:
    """A note cannot be signed while a red-flag item is unanswered, nor signed twice."""
    if exam.status == "signed":
        raise InputError(f"exam {exam.exam_id}: is already signed; write an addendum instead")
    unanswered = classify(exam).unanswered_red_flags
    if unanswered:
        more = f" and {len(unanswered) - 3} more" if len(unanswered) > 3 else ""
        raise InputError(
            f"red_flags: {len(unanswered)} item{'s' if len(unanswered) > 1 else ''} not answered "
            f"({', '.join(unanswered[:3])}{more}); the note cannot be signed until every red "
            "flag is answered yes or no"
        )


def _same_person(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def require_signer_is_clinician(exam: ExamDocument, identity: SigningIdentity) -> None:
    """The note prints the identity's name above the exam's credentials and registration
    number: they must be the same clinician's, or the note would attest for someone else."""
    clinician = exam.clinician
    if not _same_person(identity.common_name, clinician.name):
        raise InputError(
            f"clinician.name: the exam's clinician is {clinician.name!r} but the signing "
            f"identity is {identity.common_name!r}; sign with {clinician.name}'s identity, or "
            "correct the clinician on the exam")
    registered = identity.registration_number
    if registered and clinician.registration_number and not _same_person(
            registered, clinician.registration_number):
        raise InputError(
            f"clinician.registration_number: the exam says {clinician.registration_number!r} "
            f"but the signing identity says {registered!r}; correct whichever is wrong")


def archival_notice(identity: SigningIdentity | None) -> str | None:
    """What the signer needs to know when the note cannot be PDF/A, or None when it is."""
    if identity is None or identity.archival:
        return None
    return (f"this note is signed with an {identity.key_description} key, which needs PDF 2.0: "
            "the signature is valid, but the note is not PDF/A-3b, the archival format records "
            "systems ask for; create a new identity (RSA-3072) to sign archival notes")


def _attachments(exam: ExamDocument, assessment: Assessment) -> list[Attachment]:
    """The exam document the note was rendered from, and the same exam as a FHIR document
    Bundle: the structured equivalent of the note, for records systems."""
    return [Attachment(ATTACHMENT_NAME, exam.to_json().encode(), "application/json",
                       "SLR Desk exam document (JSON) this note was rendered from"),
            Attachment(FHIR_ATTACHMENT_NAME, bundle_json(exam, assessment), FHIR_JSON,
                       "The exam as an HL7 FHIR R4 document Bundle", "Alternative")]


def build_note(
    exam: ExamDocument, *, identity: SigningIdentity | None, page_size: PageSize = "a4",
    now: datetime | None = None, previous: ExamDocument | None = None,
    course: list[Visit] | None = None,
    audit_anchor: tuple[int, str] | None = None, check_signer: bool = True,
) -> tuple[bytes, ExamDocument]:
    """The note's bytes and the document embedded in it. A draft when `identity` is None.
    `previous` is the patient's previous exam, which the assessment compares with."""
    when = now or datetime.now(UTC)
    assessment = classify(exam, previous)
    if identity is None:
        pdf, _ = render_note(exam, assessment, page_size=page_size, previous=previous,
                             course=course)
        return package(pdf, _attachments(exam, assessment), when), exam
    require_signable(exam)
    if check_signer:
        require_signer_is_clinician(exam, identity)
    signed = exam.model_copy(update={
        "status": "signed",
        "form": FormStamp.model_validate(catalog().form_stamp),
        "signature": Signature(signed_at=when, signer=identity.common_name,
                               ruleset_version=RULESET_VERSION,
                               audit_seq=audit_anchor[0] if audit_anchor else None,
                               audit_head=audit_anchor[1] if audit_anchor else None),
    })
    clinician = exam.clinician
    block = SignatureBlock(signer=identity.common_name, credentials=clinician.credentials,
                           registration_number=clinician.registration_number, signed_at=when,
                           audit_anchor=audit_anchor)
    pdf, box = render_note(signed, assessment, page_size=page_size, signature=block,
                           previous=previous, course=course)
    packaged = package(pdf, _attachments(signed, assessment), when, archival=identity.archival,
                       producer=SIGNED_PRODUCER)
    return sign_note(packaged, box, identity), signed


def export_note(
    exam: ExamDocument, output: str | Path, *, identity: SigningIdentity | None,
    page_size: PageSize = "a4", previous: ExamDocument | None = None,
    audit_anchor: tuple[int, str] | None = None, course: list[Visit] | None = None,
) -> ExportedNote:
    target = check_output_path(output, "-o")  # refused before any work is done
    data, document = build_note(exam, identity=identity, page_size=page_size, previous=previous,
                                audit_anchor=audit_anchor, course=course)
    write_atomically(target, data, what="-o")
    return ExportedNote(target, hashlib.sha256(data).hexdigest(), document, len(data),
                        not_archival=archival_notice(identity))


def export_fhir(exam: ExamDocument, output: str | Path, *,
                previous: ExamDocument | None = None, what: str = "--fhir") -> Path:
    """Write the exam as a FHIR document Bundle (final when the exam is signed, preliminary
    while it is a draft): the same Bundle a note of this document carries inside it. `what`
    names the output in messages (the option, or the file as the workstation calls it)."""
    target = check_output_path(output, what)
    write_atomically(target, bundle_json(exam, classify(exam, previous)), what=what)
    return target
