"""Signed notes: valid for pyHanko and for poppler, fonts embedded, tampering detected, the exam
document embedded and extractable, and no file left behind by a failed or killed export."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import embed
from pyhanko.pdf_utils.generic import NameObject, StreamObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from slrdesk.core.document.exam import Clinician, parse_exam
from slrdesk.core.errors import InputError
from slrdesk.core.examples import vignette, vignette_json
from slrdesk.core.note.export import build_note, export_note
from slrdesk.core.note.identity import create_identity, load_identity
from slrdesk.core.note.verify import read_attachment, verify_note
from tests.core.note_helpers import PASSPHRASE, make_identity, page_texts, poppler


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    folder = tmp_path_factory.mktemp("signed")
    _, identity = make_identity(folder)
    (folder / "clinician.pem").write_bytes(
        identity.certificate.public_bytes(serialization.Encoding.PEM))
    note = export_note(vignette("upper_lumbar_radiculopathy"), folder / "note.pdf",
                       identity=identity)
    return note.path.read_bytes(), folder


def test_a_signed_note_verifies_and_carries_its_exam_document(signed: tuple[bytes, Path]) -> None:
    pdf, folder = signed
    unvouched = verify_note(pdf)
    assert unvouched.outcome == "untrusted"
    assert not unvouched.ok
    assert unvouched.problem is not None
    assert unvouched.problem.startswith("intact, but nobody has vouched for this signer: "
                                        f"fingerprint {unvouched.fingerprint}")
    result = verify_note(pdf, pinned=[str(folder / "clinician.pem")])
    assert result.ok, result.problem
    assert (result.intact, result.signature_valid, result.trusted) == (True, True, True)
    assert result.vouched_by == "pinned certificate"
    assert result.signer == "Dr Sam Okafor"
    embedded = parse_exam(read_attachment(pdf) or b"")
    assert embedded.status == "signed"
    assert embedded.signature is not None
    assert embedded.signature.signer == "Dr Sam Okafor"
    assert embedded.history == vignette("upper_lumbar_radiculopathy").history
    last_page = page_texts(pdf)[-1]
    assert "Digitally signed by Dr Sam Okafor" in last_page
    assert "DRAFT" not in " ".join(page_texts(pdf))


def test_poppler_agrees_the_signature_is_valid_and_fonts_are_embedded(
    signed: tuple[bytes, Path],
) -> None:
    _, folder = signed
    report = poppler("pdfsig", str(folder / "note.pdf"))
    assert "Signature is Valid." in report
    assert "Total document signed" in report
    assert "ETSI.CAdES.detached" in report
    fonts = poppler("pdffonts", str(folder / "note.pdf")).splitlines()[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        assert line.split()[-5] == "yes", f"font not embedded: {line}"


def test_a_flipped_byte_is_detected(signed: tuple[bytes, Path]) -> None:
    pdf, _ = signed
    at = pdf.index(b"/Title")  # inside the signed range, in the document information
    tampered = pdf[:at + 8] + bytes([pdf[at + 8] ^ 0x01]) + pdf[at + 9:]
    result = verify_note(tampered)
    assert not result.ok
    assert result.problem == "the signed bytes were changed after signing"


def _incremental(pdf: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    change(writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_appended_update_drawing_over_page_one_is_detected(
    signed: tuple[bytes, Path],
) -> None:
    pdf, _ = signed

    def overlay(writer: IncrementalPdfFileWriter) -> None:
        drawing = StreamObject(stream_data=b"1 1 0 rg 50 700 400 80 re f")
        writer.add_stream_to_page(0, writer.add_object(drawing))

    tampered = _incremental(pdf, overlay)
    result = verify_note(tampered)
    assert result.intact  # the signed bytes themselves are untouched...
    assert not result.ok  # ...but what the note shows was changed
    assert result.problem == "content was added after signing that changes what the note shows"


def test_a_replaced_embedded_document_is_detected(signed: tuple[bytes, Path]) -> None:
    pdf, _ = signed
    forged = json.loads(read_attachment(pdf) or b"{}")
    forged["history"]["pain_now"] = 0

    def replace(writer: IncrementalPdfFileWriter) -> None:
        data = embed.EmbeddedFileObject.from_file_data(
            writer, data=json.dumps(forged).encode(), mime_type="application/json")
        embed.embed_file(writer, embed.FileSpec(file_spec_string="exam.json",
                                                embedded_data=data,
                                                af_relationship=NameObject("/Data")))

    result = verify_note(_incremental(pdf, replace))
    assert not result.ok


def test_cli_verify_exit_codes_and_extract(signed: tuple[bytes, Path], tmp_path: Path) -> None:
    pdf, folder = signed
    data_dir = ["--data-dir", str(tmp_path / "data")]
    unvouched = subprocess.run([sys.executable, "-m", "slrdesk", "verify",
                                str(folder / "note.pdf"), "--extract", str(tmp_path / "x.json"),
                                *data_dir], capture_output=True, text=True, timeout=60)
    assert unvouched.returncode == 3, unvouched.stderr
    assert "INTACT BUT UNTRUSTED" in unvouched.stdout
    assert not (tmp_path / "x.json").exists()
    good = subprocess.run([sys.executable, "-m", "slrdesk", "verify", str(folder / "note.pdf"),
                           "--pin", str(folder / "clinician.pem"), *data_dir,
                           "--extract", str(tmp_path / "exam.json"), "--format", "json"],
                          capture_output=True, text=True, timeout=60)
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["ok"] is True
    assert good.stderr == ""  # pyHanko's untrusted-certificate tracebacks stay out of sight
    assert parse_exam((tmp_path / "exam.json").read_bytes()).status == "signed"
    assert (tmp_path / "exam.json").stat().st_mode & 0o077 == 0  # health data: owner only
    bad_file = tmp_path / "bad.pdf"
    bad_file.write_bytes(pdf.replace(b"/Title", b"/Titel", 1))
    bad = subprocess.run([sys.executable, "-m", "slrdesk", "verify", str(bad_file),
                          "--extract", str(tmp_path / "x.json")],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode in (1, 2)
    assert not (tmp_path / "x.json").exists()


def test_trust_in_a_clinic_ca(tmp_path: Path) -> None:
    path, identity = make_identity(tmp_path)
    pem = tmp_path / "self.pem"
    from cryptography.hazmat.primitives import serialization

    pem.write_bytes(identity.certificate.public_bytes(serialization.Encoding.PEM))
    pdf, _ = build_note(vignette("sprinter_strain"), identity=identity)
    assert verify_note(pdf, [str(pem)]).trusted
    with pytest.raises(InputError, match="is not a PEM certificate"):
        verify_note(pdf, [str(path)])


def test_an_unsigned_draft_does_not_verify(tmp_path: Path) -> None:
    pdf, _ = build_note(vignette("sprinter_strain"), identity=None)
    result = verify_note(pdf)
    assert (result.signed, result.ok) == (False, False)
    assert read_attachment(pdf) is not None


def test_wrong_passphrase_is_one_sentence_and_writes_nothing(tmp_path: Path) -> None:
    path, _ = make_identity(tmp_path)
    (tmp_path / "wrong.txt").write_text("not the passphrase\n")
    exam = tmp_path / "exam.json"
    exam.write_text(vignette_json("sprinter_strain"))
    result = subprocess.run(
        [sys.executable, "-m", "slrdesk", "export", str(exam), "-o", str(tmp_path / "n.pdf"),
         "--identity", str(path), "--passphrase-file", str(tmp_path / "wrong.txt")],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"slrdesk: {path}: the passphrase is wrong or the file is not a PKCS#12 identity")
    assert not (tmp_path / "n.pdf").exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part")] == []


def test_signing_is_refused_while_a_red_flag_is_unanswered(tmp_path: Path) -> None:
    _, identity = make_identity(tmp_path)
    data = json.loads(vignette_json("sprinter_strain"))
    del data["red_flags"]["bowel_dysfunction"]
    with pytest.raises(InputError, match=r"red_flags: 1 item not answered \(bowel_dysfunction\)"):
        export_note(parse_exam(data), tmp_path / "n.pdf", identity=identity)
    assert not (tmp_path / "n.pdf").exists()


def test_identity_files_are_private_and_passphrases_not_trivial(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="at least 8 characters"):
        create_identity(tmp_path / "weak.p12", "Dr A", b"short")
    create_identity(tmp_path / "id.p12", "Dr Ελένη Ιβάνοβα", PASSPHRASE)
    if sys.platform != "win32":
        assert (tmp_path / "id.p12").stat().st_mode & 0o777 == 0o600
    assert load_identity(tmp_path / "id.p12", PASSPHRASE).common_name == "Dr Ελένη Ιβάνοβα"


EXPORTER = """
import sys
from slrdesk.core.examples import vignette
from slrdesk.core.note.export import export_note
from slrdesk.core.note.identity import load_identity
identity = load_identity(sys.argv[1], b"correct horse battery")
print("ready", flush=True)
for i in range(1000):
    export_note(vignette("sprinter_strain"), sys.argv[2], identity=identity)
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_a_killed_export_never_leaves_a_partial_note(tmp_path: Path) -> None:
    path, _ = make_identity(tmp_path)
    target = tmp_path / "note.pdf"
    rng = random.Random(7)
    for _ in range(8):
        with subprocess.Popen([sys.executable, "-c", EXPORTER, str(path), str(target)],
                              stdout=subprocess.PIPE, text=True) as child:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.25))
            os.kill(child.pid, signal.SIGKILL)
        if target.exists():
            complete = verify_note(target.read_bytes()).outcome != "not_intact"
            assert complete, "a partial note at the target path"


def _clinic_identity(folder: Path) -> tuple[Path, Path]:
    """A clinic CA (RSA) issuing the clinician's RSA-3072 certificate, as a clinic PKI would."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (x509.CertificateBuilder().subject_name(name("Example Clinic CA"))
          .issuer_name(name("Example Clinic CA")).public_key(ca_key.public_key())
          .serial_number(1).not_valid_before(now - dt.timedelta(days=1))
          .not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False,
                                       False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    cert = (x509.CertificateBuilder().subject_name(name("Dr Ewa Kowalska"))
            .issuer_name(ca.subject).public_key(key.public_key()).serial_number(2)
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                         False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    p12 = folder / "clinic.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"clinician", key, cert, [ca], serialization.BestAvailableEncryption(PASSPHRASE)))
    pem = folder / "clinic-ca.pem"
    pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return p12, pem


def test_a_clinic_issued_rsa_identity_signs_and_its_ca_is_trusted(tmp_path: Path) -> None:
    p12, ca = _clinic_identity(tmp_path)
    identity = load_identity(p12, PASSPHRASE)
    exam = vignette("hip_osteoarthritis")
    with pytest.raises(InputError, match="the exam's clinician is 'Dr Sam Okafor' but the "
                       "signing identity is 'Dr Ewa Kowalska'"):
        build_note(exam, identity=identity)  # never one clinician's name over another's
    exam = exam.model_copy(update={"clinician": Clinician(
        name="Dr Ewa Kowalska", credentials="MD", registration_number=None)})
    pdf, document = build_note(exam, identity=identity)
    untrusted = verify_note(pdf)
    assert untrusted.outcome == "untrusted"
    assert not untrusted.trusted
    trusted = verify_note(pdf, [str(ca)])
    assert trusted.vouched_by == "clinic CA"
    assert trusted.ok
    assert trusted.trusted
    assert trusted.signer == "Dr Ewa Kowalska"
    assert document.signature is not None
    assert document.signature.signer == "Dr Ewa Kowalska"
