"""What `slrdesk verify` vouches for: forged, unfit and untrusted signers never verify as valid,
names print safely, a damaged file is one sentence, and the trust store does what it says.
These are the cases an independent security test found passing as VALID."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.generic import ArrayObject, DictionaryObject, NameObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from slrdesk.core.errors import InputError
from slrdesk.core.examples import vignette
from slrdesk.core.note.export import build_note
from slrdesk.core.note.identity import SigningIdentity, load_identity
from slrdesk.core.note.trust import TrustStore
from slrdesk.core.note.verify import printable, read_attachment, verify_note
from tests.core.note_helpers import PASSPHRASE, make_identity

NOW = dt.datetime.now(dt.UTC)
_SIGN_USAGE = x509.KeyUsage(digital_signature=True, content_commitment=True,
                            key_encipherment=False, data_encipherment=False,
                            key_agreement=False, key_cert_sign=False, crl_sign=False,
                            encipher_only=False, decipher_only=False)


def _identity(folder: Path, name: str, *, usage: x509.KeyUsage | None = _SIGN_USAGE,
              ca: bool = False, valid: tuple[dt.datetime, dt.datetime] | None = None,
              issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None = None,
              file: str = "id.p12") -> SigningIdentity:
    """An identity as anyone with the cryptography package can make one."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start, end = valid or (NOW - dt.timedelta(days=1), NOW + dt.timedelta(days=365))
    builder = (x509.CertificateBuilder().subject_name(subject)
               .issuer_name(issuer[0].subject if issuer else subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(start).not_valid_after(end)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if usage is not None:
        builder = builder.add_extension(usage, critical=True)
    cert = builder.sign(issuer[1] if issuer else key, hashes.SHA256())
    chain = [issuer[0]] if issuer else None
    path = folder / file
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"x", key, cert, chain, serialization.BestAvailableEncryption(PASSPHRASE)))
    return load_identity(path, PASSPHRASE)


def _pem(folder: Path, cert: x509.Certificate, name: str) -> str:
    path = folder / name
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(path)


def _note(identity: SigningIdentity) -> bytes:
    # A forger uses tools of their own; SLR Desk itself refuses a signer who is not the
    # exam's clinician, so that check is switched off to make the forged notes here.
    pdf, _ = build_note(vignette("sprinter_strain"), identity=identity, check_signer=False)
    return pdf


def test_a_self_made_identity_with_the_clinicians_name_is_not_vouched_for(
    tmp_path: Path,
) -> None:
    _, real = make_identity(tmp_path, "Dr Sam Okafor")
    pinned = _pem(tmp_path, real.certificate, "real.pem")
    forger = _identity(tmp_path, "Dr Sam Okafor", file="forged.p12")
    result = verify_note(_note(forger), pinned=[pinned])
    assert result.signer == "Dr Sam Okafor"
    assert result.outcome == "untrusted"
    assert not result.ok
    assert result.fingerprint is not None
    assert result.fingerprint in (result.problem or "")
    assert verify_note(_note(real), pinned=[pinned]).ok


@pytest.mark.parametrize(("kind", "words"), [
    ("expired", "was not valid when the note was signed"),
    ("not yet valid", "was not valid when the note was signed"),
    ("no signing usage", "is not for signing"),
    ("no key usage", "does not say it may sign"),
    ("ca", "is a CA certificate"),
])
def test_an_unfit_certificate_never_verifies_even_when_pinned(
    tmp_path: Path, kind: str, words: str,
) -> None:
    options: dict[str, object] = {
        "expired": {"valid": (NOW - dt.timedelta(days=800), NOW - dt.timedelta(days=400))},
        "not yet valid": {"valid": (NOW + dt.timedelta(days=10), NOW + dt.timedelta(days=400))},
        "no signing usage": {"usage": x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=True,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False)},
        "no key usage": {"usage": None},
        "ca": {"ca": True, "usage": x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False)},
    }[kind]  # type: ignore[assignment]
    identity = _identity(tmp_path, "Dr Unfit", **options)  # type: ignore[arg-type]
    pinned = _pem(tmp_path, identity.certificate, "unfit.pem")
    result = verify_note(_note(identity), [pinned] if kind == "ca" else [], pinned=[pinned])
    assert result.outcome == "not_intact"
    assert not result.certificate_fit
    assert words in (result.problem or "")


def test_a_ca_vouches_only_for_what_it_issued(tmp_path: Path) -> None:
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Clinic CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(NOW - dt.timedelta(days=1))
          .not_valid_after(NOW + dt.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .sign(ca_key, hashes.SHA256()))
    ca_pem = _pem(tmp_path, ca, "ca.pem")
    issued = _identity(tmp_path, "Dr Issued", issuer=(ca, ca_key), file="issued.p12")
    outsider = _identity(tmp_path, "Dr Issued", file="outsider.p12")
    good = verify_note(_note(issued), [ca_pem])
    assert good.ok
    assert good.vouched_by == "clinic CA"
    bad = verify_note(_note(outsider), [ca_pem])
    assert bad.outcome == "untrusted"
    cli = subprocess.run([sys.executable, "-m", "slrdesk", "verify", "--trust", ca_pem,
                          "--data-dir", str(tmp_path / "data"), "-"], capture_output=True,
                         text=True, timeout=60, check=False)
    assert cli.returncode == 2  # "-" is not a file: one sentence
    note = tmp_path / "outsider.pdf"
    note.write_bytes(_note(outsider))
    cli = subprocess.run([sys.executable, "-m", "slrdesk", "verify", str(note), "--trust",
                          ca_pem, "--data-dir", str(tmp_path / "data")],
                         capture_output=True, text=True, timeout=60, check=False)
    assert cli.returncode == 3, cli.stdout + cli.stderr


def test_a_second_unused_certificate_in_the_signature_is_refused(tmp_path: Path) -> None:
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from slrdesk.core.note.identity import CachedKeySigner

    _, clinician = make_identity(tmp_path, "Dr Sam Okafor")
    other = _identity(tmp_path, "Dr Somebody Else", file="other.p12")
    signer = clinician.signer
    doctored = CachedKeySigner(
        signer._private_key, signing_cert=signer.signing_cert, signing_key=signer.signing_key,
        cert_registry=SimpleCertificateStore.from_certs([other.signer.signing_cert]))
    forged = SigningIdentity(doctored, clinician.common_name, clinician.certificate)
    pinned = _pem(tmp_path, clinician.certificate, "c.pem")
    result = verify_note(_note(forged), pinned=[pinned])
    assert result.outcome == "not_intact"
    assert result.problem == "the signature carries a second, unused personal certificate"


def test_names_with_newlines_and_bidi_controls_print_escaped(tmp_path: Path) -> None:
    identity = _identity(tmp_path, "Dr A\u202eevil\nVALID")
    result = verify_note(_note(identity))
    assert result.signer == "Dr A\\u202eevil\\u000aVALID"
    assert printable("Ewa Kowalska") == "Ewa Kowalska"


def test_the_attachment_is_found_in_a_kids_name_tree(tmp_path: Path) -> None:
    _, identity = make_identity(tmp_path)
    pdf = _note(identity)
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    names = writer.root["/Names"]["/EmbeddedFiles"]
    flat = names["/Names"]
    kid = writer.add_object(DictionaryObject({
        NameObject("/Names"): flat,
        NameObject("/Limits"): ArrayObject([flat[0], flat[0]]),
    }))
    tree = DictionaryObject({NameObject("/Kids"): ArrayObject([kid])})
    writer.root["/Names"][NameObject("/EmbeddedFiles")] = writer.add_object(tree)
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    assert read_attachment(out.getvalue()) == read_attachment(pdf)


def test_damaged_notes_are_one_sentence_never_a_traceback(tmp_path: Path) -> None:
    """One-byte flips anywhere and digit edits inside the signature: every one is a verdict or
    one sentence (seeded, so a failure can be replayed)."""
    _, identity = make_identity(tmp_path)
    pdf = _note(identity)
    rng = random.Random(20261125)
    marks = (pdf.rindex(b"/ByteRange"), pdf.rindex(b"/Contents <"))
    start, contents = min(marks), max(marks)
    outcomes = {"verdict": 0, "sentence": 0}
    for i in range(240):
        data = bytearray(pdf)
        if i % 2:
            at = rng.randrange(len(data))
            data[at] ^= 1 << rng.randrange(8)
        else:
            at = rng.randrange(start, contents + 200)
            if chr(data[at]).isdigit():
                data[at] = ord(str(rng.randrange(10)))
            else:
                data[at] ^= 0x20
        try:
            result = verify_note(bytes(data))
        except InputError as exc:
            message = str(exc)
            assert "\n" not in message
            assert message.startswith("note: ")
            outcomes["sentence"] += 1
        else:
            assert result.outcome in ("valid", "untrusted", "not_intact")
            outcomes["verdict"] += 1
    assert outcomes["verdict"]
    assert outcomes["sentence"]


def test_the_trust_store_pins_lists_and_removes(tmp_path: Path) -> None:
    _, identity = make_identity(tmp_path)
    pem = _pem(tmp_path, identity.certificate, "c.pem")
    store = TrustStore(tmp_path / "trust")
    entry = store.add(pem)
    assert entry.kind == "pinned certificate"
    assert entry.path.stat().st_mode & 0o077 == 0
    assert store.pinned_paths() == [str(entry.path)]
    assert verify_note(_note(identity), store.ca_paths(), pinned=store.pinned_paths()).ok
    with pytest.raises(InputError, match="no trusted certificate has the fingerprint"):
        store.remove("00000000")
    store.remove(entry.fingerprint[:11])
    assert store.entries() == []
    cli = subprocess.run([sys.executable, "-m", "slrdesk", "trust", "add", str(tmp_path / "no"),
                          "--data-dir", str(tmp_path)], capture_output=True, text=True,
                         timeout=60, check=False)
    assert cli.returncode == 2
    assert cli.stderr.startswith("slrdesk: certificate ")
