"""Clinician signing identities: PKCS#12 files protected by a passphrase.

`create_identity` makes a self-signed one (RSA-3072); a clinic can issue its own .p12 instead,
with its CA certificate as the trust root for verification. RSA rather than EC because an ECDSA
signature makes pyHanko declare PDF 2.0 (ISO 32002), which PDF/A-3 forbids: a note signed with
an imported EC identity is valid and verifies, but is not PDF/A (`SigningIdentity.archival`). The
parsed private key is kept for the life of the `SigningIdentity`, so repeated signing does not
parse the key again each time (pyHanko's SimpleSigner does, twice per signature).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from slrdesk.core.errors import InputError
from slrdesk.core.files import check_output_path, read_input, write_atomically

MIN_PASSPHRASE = 8
VALID_YEARS = 10
# NIST SP 800-57 part 1: 3072-bit RSA for security beyond 2030. Signing with the parsed key
# cached takes about 20 ms (reference/pdfsign.md), as fast as EC P-256.
RSA_BITS = 3072
# X.509 upper bounds for a common name, title and serial number (RFC 5280 appendix A).
MAX_NAME = 64
# PBKDF2-HMAC-SHA256 rounds protecting the key (AES-256-CBC): OWASP's 2023 figure. About a
# quarter of a second to open once per session; every guess at the passphrase costs the same.
KDF_ROUNDS = 600_000


class CachedKeySigner(signers.SimpleSigner):
    """SimpleSigner that parses its private key once (RSA PKCS#1 v1.5 and ECDSA)."""

    def __init__(self, private_key: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._private_key = private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        algorithm = getattr(hashes, digest_algorithm.upper().replace("-", ""))()
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._private_key,
                                                         rsa.RSAPrivateKey):
            signature: bytes = self._private_key.sign(data, PKCS1v15(), algorithm)
            return signature
        if mechanism == "ecdsa" and isinstance(self._private_key, ec.EllipticCurvePrivateKey):
            return self._private_key.sign(data, ec.ECDSA(algorithm))
        return super().sign_raw(data, digest_algorithm)


@dataclass(frozen=True)
class SigningIdentity:
    signer: CachedKeySigner
    common_name: str
    certificate: x509.Certificate

    @property
    def archival(self) -> bool:
        """Whether notes signed with this key stay PDF/A-3b (RSA keys; see the module doc)."""
        return isinstance(self.signer._private_key, rsa.RSAPrivateKey)

    @property
    def key_description(self) -> str:
        key = self.signer._private_key
        if isinstance(key, rsa.RSAPrivateKey):
            return f"RSA-{key.key_size}"
        return f"EC {key.curve.name}"

    @property
    def registration_number(self) -> str | None:
        """The professional registration number the certificate carries (serialNumber)."""
        found = self.certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
        return str(found[0].value) if found else None

    def sign_bytes(self, message: bytes) -> bytes:
        """A detached signature (ECDSA or RSA PKCS#1 v1.5, SHA-256) with the identity's key:
        what anchors an audit checkpoint."""
        key = self.signer._private_key
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(message, ec.ECDSA(hashes.SHA256()))
        signature: bytes = key.sign(message, PKCS1v15(), hashes.SHA256())
        return signature


def read_passphrase(path: str | Path) -> bytes:
    """The passphrase file's content without the trailing newline an editor adds."""
    text = read_input(path, limit=4096, what="passphrase file")
    passphrase = text.rstrip(b"\r\n")
    if not passphrase:
        raise InputError(f"passphrase file {path}: is empty")
    if b"\0" in passphrase:
        raise InputError(f"passphrase file {path}: holds a NUL character")
    try:
        passphrase.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"passphrase file {path}: is not UTF-8 text") from exc
    return passphrase


def load_identity(path: str | Path, passphrase: bytes) -> SigningIdentity:
    """Open a PKCS#12 identity; a wrong passphrase is one clear sentence."""
    data = read_input(path, limit=1024 * 1024, what="identity")
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError as exc:
        raise InputError(
            f"{path}: the passphrase is wrong or the file is not a PKCS#12 identity"
        ) from exc
    if key is None or cert is None:
        raise InputError(f"{path}: holds no private key and certificate to sign with")
    if not isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        raise InputError(f"{path}: only RSA and EC keys can sign notes")
    der_key = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    chain = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
             for c in extra]
    signing_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    signer = CachedKeySigner(
        key, signing_cert=signing_cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        # The chain only: pyHanko embeds the signing certificate itself, and a second copy
        # could be rewritten so that another reader names a different signer.
        cert_registry=SimpleCertificateStore.from_certs(
            [c for c in chain if c.dump() != signing_cert.dump()]),
    )
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    common_name = str(names[0].value) if names else cert.subject.rfc4514_string()
    return SigningIdentity(signer=signer, common_name=common_name, certificate=cert)


def create_identity(
    out: str | Path, name: str, passphrase: bytes, *, credentials: str | None = None,
    registration_number: str | None = None, overwrite: bool = False,
) -> x509.Certificate:
    """Write a self-signed identity to `out` (owner-only, atomically); refuse weak passphrases,
    names a certificate cannot hold, and replacing an identity unless `overwrite`."""
    if not name.strip():
        raise InputError("--name: must not be empty")
    for option, value in (("--name", name.strip()), ("--credentials", credentials),
                          ("--registration-number", registration_number)):
        if value is not None and len(value) > MAX_NAME:
            raise InputError(f"{option}: at most {MAX_NAME} characters fit in a certificate "
                             f"(this has {len(value)})")
        if value is not None and any(ord(c) < 32 for c in value):
            raise InputError(f"{option}: must not contain control characters (newlines, tabs)")
    if len(passphrase) < MIN_PASSPHRASE:
        raise InputError(f"passphrase: must be at least {MIN_PASSPHRASE} characters")
    target = check_output_path(out, "--out")
    if target.exists() and not overwrite:
        raise InputError(f"--out {out}: an identity is already there; it is not replaced "
                         "(use --force to replace it, and keep a copy of the old one)")
    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name.strip())]
    if credentials:
        attributes.append(x509.NameAttribute(NameOID.TITLE, credentials))
    if registration_number:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, registration_number))
    subject = x509.Name(attributes)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * VALID_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(KDF_ROUNDS)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase)
    )
    blob = pkcs12.serialize_key_and_certificates(name.strip().encode(), key, cert, None,
                                                 encryption)
    write_atomically(target, blob, mode=0o600, what="--out")
    return cert
