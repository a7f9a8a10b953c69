"""The clinic's trust store: who may vouch for the signer of a note.

A folder of PEM certificates (`<data folder>/trust/`), each named by its SHA-256 fingerprint. A
CA certificate vouches for every clinician certificate it issued (the clinic's authority); any
other certificate is *pinned*: it vouches for itself only, the way a clinician's self-made
identity is trusted once its fingerprint has been compared in person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization

from slrdesk.core.errors import InputError
from slrdesk.core.files import write_atomically
from slrdesk.core.note.verify import fingerprint, load_certificate, printable

TRUST_FOLDER = "trust"
Kind = Literal["clinic CA", "pinned certificate"]


@dataclass(frozen=True)
class TrustedCertificate:
    path: Path
    fingerprint: str
    subject: str
    kind: Kind
    valid_until: str


def _kind(cert: x509.Certificate) -> Kind:
    try:
        if cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca:
            return "clinic CA"
    except x509.ExtensionNotFound:
        pass
    return "pinned certificate"


def _describe(path: Path, cert: x509.Certificate) -> TrustedCertificate:
    der = cert.public_bytes(serialization.Encoding.DER)
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    subject = printable(str(names[0].value) if names else cert.subject.rfc4514_string())
    return TrustedCertificate(path, fingerprint(der), subject, _kind(cert),
                              f"{cert.not_valid_after_utc:%Y-%m-%d}")


class TrustStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def entries(self) -> list[TrustedCertificate]:
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob("*.pem")):
            try:
                found.append(_describe(path, load_certificate(path, "trusted certificate")))
            except InputError:
                continue  # an unreadable file vouches for nobody
        return found

    def ca_paths(self) -> list[str]:
        return [str(e.path) for e in self.entries() if e.kind == "clinic CA"]

    def pinned_paths(self) -> list[str]:
        return [str(e.path) for e in self.entries() if e.kind == "pinned certificate"]

    def add(self, source: str | Path) -> TrustedCertificate:
        """Copy a certificate into the store (PEM or DER in, PEM kept), named by fingerprint."""
        return self.add_certificate(load_certificate(source, "certificate"))

    def add_certificate(self, cert: x509.Certificate) -> TrustedCertificate:
        der = cert.public_bytes(serialization.Encoding.DER)
        name = fingerprint(der).replace(":", "").lower()[:32]
        target = self.folder / f"{name}.pem"
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(target, cert.public_bytes(serialization.Encoding.PEM), mode=0o600)
        return _describe(target, cert)

    def remove(self, print_: str) -> TrustedCertificate:
        wanted = print_.replace(":", "").upper()
        for entry in self.entries():
            if entry.fingerprint.replace(":", "").startswith(wanted) and len(wanted) >= 8:
                entry.path.unlink()
                return entry
        raise InputError(f"trust remove: no trusted certificate has the fingerprint {print_}")


def vouches(store: TrustStore) -> Callable[[bytes], str | None]:
    """Who in the store vouches for a certificate (DER): its own pin, or a clinic CA that
    issued it; None when nobody does. Used to weigh the audit ledger's checkpoints."""
    pinned = {load_certificate(p, "trusted certificate").public_bytes(
        serialization.Encoding.DER) for p in store.pinned_paths()}
    authorities = [load_certificate(p, "trusted certificate") for p in store.ca_paths()]

    def who(der: bytes) -> str | None:
        cert = x509.load_der_x509_certificate(der)
        names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        name = printable(str(names[0].value) if names else cert.subject.rfc4514_string())
        if der in pinned:
            return f"{name}, pinned certificate"
        for authority in authorities:
            try:
                cert.verify_directly_issued_by(authority)
            except (ValueError, TypeError, InvalidSignature):
                continue
            return f"{name}, issued by the clinic CA"
        return None

    return who
