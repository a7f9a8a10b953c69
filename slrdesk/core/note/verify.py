"""Check a signed note: signer, signing time, integrity, trust, what was appended after signing
(pyHanko's difference analysis; poppler calls an appended overlay "valid"), and the embedded exam
document's hash."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from slrdesk.core.errors import InputError
from slrdesk.core.note.signing import ATTACHMENT_NAME

# Appended revisions that do not change what the note shows (pyHanko's levels up to this).
_HARMLESS = ModificationLevel.LTA_UPDATES


@dataclass(frozen=True)
class Verification:
    signed: bool
    intact: bool
    signature_valid: bool
    trusted: bool
    unchanged_since_signing: bool
    signer: str | None
    signing_time: str | None
    modification: str | None
    attachment_sha256: str | None
    problem: str | None

    @property
    def ok(self) -> bool:
        """Exit 0 of `slrdesk verify`: signed, intact and not changed since signing."""
        return self.signed and self.intact and self.signature_valid and (
            self.unchanged_since_signing)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


def load_trust_roots(paths: list[str]) -> list[Any]:
    from asn1crypto import x509 as asn1_x509

    roots = []
    for path in paths:
        try:
            pem = Path(path).read_bytes()
            cert = x509.load_pem_x509_certificate(pem)
        except OSError as exc:
            raise InputError(f"--trust {path}: cannot be read ({exc.strerror or exc})") from exc
        except ValueError as exc:
            raise InputError(f"--trust {path}: is not a PEM certificate") from exc
        roots.append(asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)))
    return roots


def _attachment(reader: PdfFileReader) -> bytes | None:
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except KeyError:
        return None
    for i in range(0, len(names), 2):
        if str(names[i]) == ATTACHMENT_NAME:
            data: bytes = names[i + 1]["/EF"]["/F"].data
            return data
    return None


def read_attachment(pdf: bytes) -> bytes | None:
    return _attachment(PdfFileReader(BytesIO(pdf), strict=False))


def verify_note(pdf: bytes, trust: list[str] | None = None, source: str = "note") -> Verification:
    roots = load_trust_roots(trust or [])
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, IndexError) as exc:
        raise InputError(f"{source}: is not a readable PDF ({exc})") from exc
    attachment = _attachment(reader)
    digest = hashlib.sha256(attachment).hexdigest() if attachment is not None else None
    if not signatures:
        return Verification(False, False, False, False, False, None, None, None, digest,
                            "the note is not signed")
    context = ValidationContext(trust_roots=roots, allow_fetching=False,
                                revocation_mode="soft-fail")
    status = validate_pdf_signature(signatures[0], context)
    level = status.modification_level
    unchanged = status.docmdp_ok is not False and (level is None or level <= _HARMLESS)
    if len(signatures) > 1:
        unchanged = False
    problem = None
    if not status.intact:
        problem = "the signed bytes were changed after signing"
    elif not status.valid:
        problem = "the signature value does not match the signer's certificate"
    elif not unchanged:
        problem = "content was added after signing that changes what the note shows"
    signer = None
    if status.signing_cert is not None:
        subject = status.signing_cert.subject.native
        signer = str(subject.get("common_name") or status.signing_cert.subject.human_friendly)
    when = status.signer_reported_dt.isoformat() if status.signer_reported_dt else None
    return Verification(
        signed=True, intact=bool(status.intact), signature_valid=bool(status.valid),
        trusted=bool(status.trusted), unchanged_since_signing=unchanged, signer=signer,
        signing_time=when, modification=level.name if level is not None else None,
        attachment_sha256=digest, problem=problem,
    )
