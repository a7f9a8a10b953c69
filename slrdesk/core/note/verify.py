"""Check a signed note: integrity, what was appended after signing (pyHanko's difference
analysis; poppler calls an appended overlay "valid"), whether the signer's certificate was fit
for signing and valid when it signed, and whether anybody the clinic trusts vouches for the
signer — a clinic CA, or a clinician certificate pinned in the trust store.

Outcomes, and the exit codes of `slrdesk verify`:
- `valid` (0): intact, nothing appended that changes content, certificate fit and valid at the
  signing time, signer trusted;
- `untrusted` (3): all of that except that nobody has vouched for the signer — anyone can make
  a certificate with any name, so such a note proves only that it was not changed;
- `not_intact` (1): changed after signing, or not signed, or signed with an unfit certificate.
A file that cannot be read as a signed PDF at all is an input error: one sentence, exit 2.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from slrdesk.core.errors import InputError
from slrdesk.core.note.signing import ATTACHMENT_NAME

Outcome = Literal["valid", "untrusted", "not_intact"]
MAX_NOTE_BYTES = 64 * 1024 * 1024
# Bidirectional controls can make a name read as another; they are shown escaped.
_BIDI = {"\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)),
         *map(chr, range(0x2066, 0x206A))}


def printable(text: str) -> str:
    """A name as it can safely be printed on one line: control and bidi characters escaped."""
    return "".join(
        f"\\u{ord(c):04x}" if c in _BIDI or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
        else c for c in text)


def fingerprint(der: bytes) -> str:
    """SHA-256 fingerprint as people compare them: AB:CD:…"""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


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
    certificate_fit: bool = False
    fingerprint: str | None = None
    vouched_by: str | None = None  # "clinic CA" or "pinned certificate"
    warnings: list[str] = field(default_factory=list)

    @property
    def outcome(self) -> Outcome:
        if not (self.signed and self.intact and self.signature_valid
                and self.unchanged_since_signing and self.certificate_fit):
            return "not_intact"
        return "valid" if self.trusted else "untrusted"

    @property
    def ok(self) -> bool:
        """Exit 0 of `slrdesk verify`: intact, fit, and vouched for."""
        return self.outcome == "valid"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok, "outcome": self.outcome}


def load_certificate(path: str | Path, what: str = "--trust") -> x509.Certificate:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{what} {path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        return x509.load_pem_x509_certificate(data)
    except ValueError:
        pass
    try:
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise InputError(f"{what} {path}: is not a PEM certificate") from exc


def load_trust_roots(paths: list[str]) -> list[Any]:
    from asn1crypto import x509 as asn1_x509

    return [asn1_x509.Certificate.load(load_certificate(p).public_bytes(
        serialization.Encoding.DER)) for p in paths]


def read_attachment(pdf: bytes, name: str = ATTACHMENT_NAME) -> bytes | None:
    """An embedded file of the note, read with qpdf's EmbeddedFiles name-tree walker (through
    pikepdf), which follows `/Kids` to any depth as well as a flat `/Names` array."""
    import pikepdf

    try:
        with pikepdf.open(BytesIO(pdf)) as document:
            spec = document.attachments.get(name)
            return None if spec is None else bytes(spec.get_file().read_bytes())
    except (pikepdf.PdfError, ValueError, KeyError, AttributeError):
        return None


def _fitness(cert: x509.Certificate, when: dt.datetime) -> str | None:
    """Why the certificate may not sign a note, or None when it is fit."""
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
        if constraints.ca:
            return "the signer's certificate is a CA certificate, not a personal signing one"
    except x509.ExtensionNotFound:
        pass
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return "the signer's certificate does not say it may sign (no key usage)"
    if not (usage.digital_signature or usage.content_commitment):
        return "the signer's certificate is not for signing (key usage)"
    if not cert.not_valid_before_utc <= when <= cert.not_valid_after_utc:
        return (f"the signer's certificate was not valid when the note was signed "
                f"({cert.not_valid_before_utc:%Y-%m-%d} to {cert.not_valid_after_utc:%Y-%m-%d})")
    return None


def _extra_certificates(signature: Any, signer_der: bytes) -> str | None:
    """A note carries its signer's certificate once (and a CA chain); anything else could make
    another reader name a different signer."""
    certificates = signature.signed_data["certificates"]
    seen_signer = 0
    for choice in certificates or []:
        der = choice.chosen.dump()
        if der == signer_der:
            seen_signer += 1
            continue
        cert = x509.load_der_x509_certificate(der)
        try:
            if cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca:
                continue
        except x509.ExtensionNotFound:
            pass
        return "the signature carries a second, unused personal certificate"
    if seen_signer > 1:
        return "the signature carries the signer's certificate more than once"
    return None


def verify_note(pdf: bytes, trust: list[str] | None = None, source: str = "note",
                pinned: list[str] | None = None) -> Verification:
    """`trust`: clinic CA certificates; `pinned`: clinician certificates vouched for one by one
    (both PEM files). Any file that is not a readable signed PDF is an InputError."""
    roots = load_trust_roots(trust or [])
    pinned_certs = [load_certificate(p, "pinned certificate") for p in pinned or []]
    if len(pdf) > MAX_NOTE_BYTES:
        raise InputError(f"{source}: is larger than {MAX_NOTE_BYTES // (1024 * 1024)} MB, "
                         "not an exam note")
    try:
        return _verify(pdf, roots, pinned_certs)
    except InputError:
        raise
    except Exception as exc:
        reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise InputError(f"{source}: is not a readable signed PDF ({reason})") from exc


def _verify(pdf: bytes, roots: list[Any], pinned: list[x509.Certificate]) -> Verification:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(BytesIO(pdf), strict=False)
    signatures = reader.embedded_signatures
    attachment = read_attachment(pdf)
    digest = hashlib.sha256(attachment).hexdigest() if attachment is not None else None
    if not signatures:
        return Verification(False, False, False, False, False, None, None, None, digest,
                            "the note is not signed")
    signature = signatures[0]
    claimed = signature.self_reported_timestamp
    when = claimed.astimezone(dt.UTC) if claimed is not None else dt.datetime.now(dt.UTC)
    pinned_roots = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
                    for c in pinned]
    context = ValidationContext(trust_roots=roots + pinned_roots, allow_fetching=False,
                                revocation_mode="soft-fail", moment=when)
    status = validate_pdf_signature(signature, context)
    level = status.modification_level
    # Appended revisions that do not change what the note shows (pyHanko's levels up to this).
    unchanged = status.docmdp_ok is not False and (
        level is None or level <= ModificationLevel.LTA_UPDATES)
    if len(signatures) > 1:
        unchanged = False
    signer = fitness = print_ = None
    vouched = None
    warnings: list[str] = []
    if status.signing_cert is not None:
        der = status.signing_cert.dump()
        cert = x509.load_der_x509_certificate(der)
        names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        signer = printable(str(names[0].value) if names else cert.subject.rfc4514_string())
        print_ = fingerprint(der)
        fitness = _fitness(cert, when) or _extra_certificates(signature, der)
        if any(p.public_bytes(serialization.Encoding.DER) == der for p in pinned):
            vouched = "pinned certificate"
        elif status.trusted:
            vouched = "clinic CA"
    else:
        fitness = "the signature names no certificate"
    trusted = bool(status.trusted) and vouched is not None
    problem = None
    if not status.intact:
        problem = "the signed bytes were changed after signing"
    elif not status.valid:
        problem = "the signature value does not match the signer's certificate"
    elif not unchanged:
        problem = "content was added after signing that changes what the note shows"
    elif fitness is not None:
        problem = fitness
    elif not trusted:
        problem = (f"intact, but nobody has vouched for this signer: fingerprint {print_}; "
                   "pin the clinician's certificate (slrdesk trust add) or trust the clinic's CA")
    if claimed is None:
        warnings.append("the note does not say when it was signed; checked against today")
    return Verification(
        signed=True, intact=bool(status.intact), signature_valid=bool(status.valid),
        trusted=trusted, unchanged_since_signing=unchanged, signer=signer,
        signing_time=claimed.isoformat() if claimed is not None else None,
        modification=level.name if level is not None else None, attachment_sha256=digest,
        problem=problem, certificate_fit=fitness is None, fingerprint=print_,
        vouched_by=vouched, warnings=warnings,
    )
