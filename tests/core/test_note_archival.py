"""The note is an archival record: PDF/A-3b before and after signing, checked by an independent
validator (pikepdf's PDF/A rules, taken from veraPDF's), with Info and XMP in agreement and the
exam document as a declared associated file."""

from __future__ import annotations

import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from pikepdf import pdfa

from slrdesk.core.assessment import classify
from slrdesk.core.document.exam import parse_exam
from slrdesk.core.examples import VIGNETTES, vignette
from slrdesk.core.note.export import build_note, export_note
from slrdesk.core.note.identity import SigningIdentity, load_identity
from slrdesk.core.note.signing import ATTACHMENT_NAME, FHIR_ATTACHMENT_NAME
from slrdesk.core.note.verify import read_attachment, verify_note

from .helpers import golden_exams
from .note_helpers import PASSPHRASE, make_identity, poppler

# What the validator cannot check, and who does instead: the embedded files are read back and
# hashed by `slrdesk verify`; the signature field is checked by pyHanko and by poppler's pdfsig.
CHECKED_ELSEWHERE = {("pikepdf:embedded-file", "embedded files"),
                     ("pikepdf:schema-Catalog", "interactive forms (/AcroForm)")}


@pytest.fixture(scope="module")
def identity(tmp_path_factory: pytest.TempPathFactory) -> SigningIdentity:
    return make_identity(tmp_path_factory.mktemp("id"))[1]


def _violations(pdf: bytes) -> list[str]:
    report = pdfa.validate_written(BytesIO(pdf), "3b")
    return [f"{f.rule} at {f.where}: {f.message}" for f in report.findings
            if f.kind == "violation" or not any(
                f.rule == rule and f.message.startswith(what) for rule, what in CHECKED_ELSEWHERE)]


def _notes(identity: SigningIdentity) -> list[tuple[str, bytes]]:
    """Every worked example's note: signed where it can be signed, else its draft."""
    notes = []
    for name in VIGNETTES:
        exam = vignette(name)
        notes.append((f"{name} draft", build_note(exam, identity=None)[0]))
        if not classify(exam).unanswered_red_flags:
            pdf, _ = build_note(exam, identity=identity, check_signer=False)
            notes.append((f"{name} signed", pdf))
    return notes


def test_every_worked_example_is_pdfa_3b_drafted_and_signed(identity: SigningIdentity) -> None:
    notes = _notes(identity)
    assert sum(label.endswith("signed") for label, _ in notes) >= 4
    for label, pdf in notes:
        assert _violations(pdf) == [], label
        assert pdf.startswith(b"%PDF-1."), label
        with pikepdf.open(BytesIO(pdf)) as document:
            assert str(document.Root.get("/Version", "/1.7")) < "/2", label
            with document.open_metadata() as xmp:
                assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("3", "B"), label


def test_every_golden_vignettes_draft_note_is_pdfa_3b() -> None:
    failures = {}
    for name, data in golden_exams():
        problems = _violations(build_note(parse_exam(data), identity=None)[0])
        if problems:
            failures[name] = problems
    assert failures == {}


def test_info_and_xmp_agree_after_signing(identity: SigningIdentity) -> None:
    exam = vignette("sprinter_strain")
    pdf, _ = build_note(exam, identity=identity, check_signer=False)
    assert verify_note(pdf).intact
    with pikepdf.open(BytesIO(pdf)) as document:
        info = document.docinfo
        with document.open_metadata() as xmp:
            assert str(info["/Title"]) == xmp["dc:title"] == (
                f"Exam note: {exam.patient.name}, {exam.encounter_time.date().isoformat()}")
            assert [str(info["/Author"])] == list(xmp["dc:creator"]) == [exam.clinician.name]
            assert str(info["/Producer"]) == xmp["pdf:Producer"]
            assert str(info["/Producer"]).startswith("pyHanko")


def test_the_attachments_are_declared_associated_files(identity: SigningIdentity) -> None:
    exam = vignette("hip_osteoarthritis")
    pdf, signed = build_note(exam, identity=identity, check_signer=False)
    with pikepdf.open(BytesIO(pdf)) as document:
        for name, relationship, mime in (
                (ATTACHMENT_NAME, "/Data", "/application/json"),
                (FHIR_ATTACHMENT_NAME, "/Alternative", "/application/fhir+json")):
            spec = document.attachments[name].obj
            assert str(spec["/UF"]) == str(spec["/F"]) == name
            assert spec["/AFRelationship"] == pikepdf.Name(relationship)
            assert spec["/EF"]["/F"]["/Subtype"] == pikepdf.Name(mime)
            assert any(af.objgen == spec.objgen for af in document.Root["/AF"])
    assert read_attachment(pdf) == signed.to_json().encode()


def test_poppler_lists_the_attachment_and_accepts_the_signature(
        identity: SigningIdentity, tmp_path: Path) -> None:
    path = tmp_path / "note.pdf"
    path.write_bytes(build_note(vignette("sprinter_strain"), identity=identity,
                                check_signer=False)[0])
    listed = poppler("pdfdetach", "-list", str(path))
    assert "2 embedded files" in listed
    assert f": {ATTACHMENT_NAME}" in listed
    assert f": {FHIR_ATTACHMENT_NAME}" in listed
    report = poppler("pdfsig", str(path))
    assert "Signature is Valid" in report
    assert "Total document signed" in report


def _ec_identity(folder: Path) -> Path:
    """An EC P-256 identity as another tool (or an older SLR Desk) would have made it."""
    import datetime as dt

    from cryptography import x509
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Dr Sam Okafor")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    path = folder / "ec.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"ec", key, cert, None, BestAvailableEncryption(PASSPHRASE)))
    return path


def test_an_imported_ec_identity_signs_but_does_not_claim_pdfa(tmp_path: Path) -> None:
    identity = load_identity(_ec_identity(tmp_path), PASSPHRASE)
    assert (identity.archival, identity.key_description) == (False, "EC secp256r1")
    note = export_note(vignette("sprinter_strain"), tmp_path / "note.pdf", identity=identity)
    assert note.archival is False
    pdf = note.path.read_bytes()
    assert verify_note(pdf).intact
    with pikepdf.open(BytesIO(pdf)) as document, document.open_metadata() as xmp:
        assert "pdfaid:part" not in xmp  # never a PDF/A claim the file cannot keep


def test_cli_export_says_when_a_note_is_not_pdfa(tmp_path: Path) -> None:
    exam = tmp_path / "exam.json"
    exam.write_text(vignette("sprinter_strain").to_json())
    passphrase = tmp_path / "pass"
    passphrase.write_bytes(PASSPHRASE)
    result = subprocess.run(
        [sys.executable, "-m", "slrdesk", "export", str(exam), "-o", str(tmp_path / "n.pdf"),
         "--identity", str(_ec_identity(tmp_path)), "--passphrase-file", str(passphrase)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "not PDF/A" in result.stdout + result.stderr
    assert "RSA-3072" in result.stdout + result.stderr  # and what to do about it
