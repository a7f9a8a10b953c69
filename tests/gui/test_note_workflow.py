"""Preview, sign, lock, addendum and verify from the workstation."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QInputDialog, QMessageBox

from slrdesk.core.document.exam import Clinician
from slrdesk.core.note.export import build_note
from slrdesk.core.note.identity import create_identity
from slrdesk.core.note.verify import verify_note
from slrdesk.gui.clinician_dialog import ClinicianDialog
from slrdesk.gui.main_window import MainWindow
from slrdesk.gui.note_dialogs import (
    IdentityChoice,
    IdentityDialog,
    NotePreview,
    PassphraseDialog,
    passphrase_problem,
)
from slrdesk.gui.note_workflow import IDENTITY_FILE
from tests.core.note_helpers import page_texts

PASSPHRASE = b"correct horse battery"


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []

    def record(kind: str) -> Any:
        return lambda parent, title, text, *a, **k: shown.append((kind, text))

    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "information", record("information"))
    return shown


@pytest.fixture
def new_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ClinicianDialog, "ask", classmethod(
        lambda cls, parent: Clinician(name="Dr Sam Okafor", credentials="MSc")))
    monkeypatch.setattr(IdentityDialog, "ask", classmethod(
        lambda cls, parent, *a: IdentityChoice(create=True, passphrase=PASSPHRASE,
                                               name="Dr Sam Okafor", credentials="MSc")))


def test_preview_shows_every_page_and_says_why_it_cannot_be_signed(
    window: MainWindow, qtbot: Any
) -> None:
    session = window.session
    assert session is not None
    pdf, _ = build_note(session.exam, identity=None)
    preview = NotePreview(pdf, can_sign=True)
    qtbot.addWidget(preview)
    assert len(preview.pages) == len(PdfReader(BytesIO(pdf)).pages) >= 2
    assert preview.sign_button.isEnabled()
    session.set("red_flags.bowel_dysfunction", None)
    shown: dict[str, Any] = {}
    original_ask = NotePreview.ask

    def capture(cls: Any, parent: Any, pdf: bytes, can_sign: bool, why_not: str = "",
                review: Any = None) -> bool:
        shown.update(can_sign=can_sign, why_not=why_not, review=review)
        return False

    NotePreview.ask = classmethod(capture)  # type: ignore[method-assign, assignment]
    try:
        assert window.preview_note() is False
    finally:
        NotePreview.ask = original_ask  # type: ignore[method-assign]
    assert shown["can_sign"] is False
    # The review step: what blocks signing, what to look at, and the urgency, before signing.
    checked = shown["review"]
    assert any("bowel dysfunction" in b for b in checked.blocking)
    assert checked.check == []  # the demo exam records side, impression and plan
    assert checked.urgency.startswith("Not established")
    dialog = NotePreview(pdf, can_sign=False, review=checked)
    assert dialog.sign_button.text() == "Sign and lock…"
    assert "Before you sign." in dialog.review.text()
    assert "Cannot be signed yet" in dialog.review.text()
    assert "bowel_dysfunction" in shown["why_not"]


def test_sign_exports_locks_and_keeps_the_key_for_the_session(
    either_window: MainWindow, new_identity: None, messages: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    window = either_window
    session = window.session
    assert session is not None
    exam_id = session.exam.exam_id
    note = window.sign_note()
    assert note is not None, messages
    assert note.path == tmp_path / "data" / "exports" / (
        f"MRN-100201_2026-11-20_{str(exam_id)[:8]}.pdf")
    # The workstation pinned its own clinician's certificate when the identity was made.
    pinned = window.notes.trust_store.pinned_paths()
    assert len(pinned) == 1
    assert verify_note(note.path.read_bytes(), pinned=pinned).ok
    assert verify_note(note.path.read_bytes()).outcome == "untrusted"  # anywhere else
    # The signature anchored the audit ledger: a checkpoint signed with the clinician's key.
    from slrdesk.core.note.trust import vouches

    report = window.store.verify_audit(vouches(window.notes.trust_store))
    assert report.intact, report.problem
    assert report.checkpoints == 1
    assert "anchored by a signature (Dr Sam Okafor, pinned certificate)" in report.protection
    assert note.document.signature is not None
    assert note.document.signature.audit_head is not None
    assert "Audit ledger at signing: entry" in " ".join(page_texts(note.path.read_bytes()))
    keywords = PdfReader(BytesIO(note.path.read_bytes())).metadata.get("/Keywords", "")
    assert keywords.endswith(note.document.signature.audit_head)
    assert session.locked
    assert window.store.get_exam(exam_id).status == "signed"
    assert [e.action for e in window.store.audit_entries(exam_id)][-2:] == ["signed", "exported"]
    assert not window.commands["sign_note"].isEnabled()
    assert window.commands["write_addendum"].isEnabled()
    # After signing: open the note, or show it in its folder.
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    assert window.commands["open_last_note"].isEnabled()
    window.commands["open_last_note"].trigger()
    window.commands["show_last_note_folder"].trigger()
    assert opened == [str(note.path), str(note.path.parent)]
    assert (tmp_path / "data" / IDENTITY_FILE).exists()
    # A second exam in the same session signs without asking the passphrase again.
    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(
        lambda cls, parent, who, problem="": pytest.fail("passphrase asked twice")))
    window.close_exam()
    exam = window.new_exam(session.exam.patient.patient_id, copy_previous=True)
    assert exam is not None
    assert window.session is not None
    window.patients.refresh()
    assert window.session.set_many({f"red_flags.{f}": "no" for f in (
        "bladder_dysfunction", "bowel_dysfunction", "saddle_anaesthesia",
        "bilateral_severe_weakness", "bilateral_radicular_pain", "cancer_with_neuro_signs",
        "sudden_onset_weakness", "rapidly_worsening_weakness", "fever_or_infection_signs",
        "infection_risk", "major_trauma", "history_of_cancer", "unexplained_weight_loss",
        "severe_night_pain", "severe_unremitting_back_pain", "age_over_50_new_pain",
        "osteoporosis_or_steroids", "systemically_unwell", "sexual_dysfunction")}) is None
    assert window.sign_note() is not None


def test_wrong_passphrase_and_unanswered_flags_are_refused_with_the_reason(
    window: MainWindow, messages: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    create_identity(tmp_path / "data" / IDENTITY_FILE, "Dr Sam Okafor", PASSPHRASE)
    # A wrong passphrase is asked again, saying why; the clinician may then cancel.
    answers = [b"wrong one", None]
    problems: list[str] = []

    def ask(cls: object, parent: object, who: str, problem: str = "") -> bytes | None:
        problems.append(problem)
        return answers.pop(0)

    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(ask))
    assert window.sign_note() is None
    assert problems == ["", "That passphrase does not open the identity. Try again."]
    answers[:] = [b"wrong again", PASSPHRASE]
    assert window.session is not None
    window.session.set("red_flags.major_trauma", None)
    assert window.sign_note() is None
    assert "red_flags: 1 item not answered (major_trauma)" in messages[-1][1]
    assert answers == [b"wrong again", PASSPHRASE]  # refused before any passphrase was asked
    assert not (tmp_path / "data" / "exports").exists() or not list(
        (tmp_path / "data" / "exports").iterdir())
    assert window.session.locked is False


def test_addendum_amends_a_signed_exam_without_changing_it(
    either_window: MainWindow, new_identity: None, messages: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = either_window
    assert window.sign_note() is not None
    session = window.session
    assert session is not None
    original = window.store.get_exam(session.exam.exam_id)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(
        lambda *a, **k: ("MRI: no disc lesion; strain confirmed.", True)))
    addendum_id = window.write_addendum()
    assert addendum_id is not None
    assert window.session is not None
    assert window.session.exam.addendum is not None
    assert window.session.exam.addendum.amends_sha256 == original.sha256()
    window.session.set("impression.plan", "Extend rest by a week.")
    note = window.sign_note()
    assert note is not None, messages
    assert note.path.name.endswith("_addendum.pdf")
    assert window.store.get_exam(original.exam_id) == original
    kinds = {e.exam_id: e.kind for e in window.store.list_exams(original.patient.patient_id)}
    assert kinds[addendum_id] == "addendum"
    assert window.store.verify_audit().intact


def test_verify_a_note_and_trust_a_clinic_ca(
    window: MainWindow, new_identity: None, messages: list[tuple[str, str]], tmp_path: Path,
) -> None:
    note = window.sign_note()
    assert note is not None
    result = window.verify_note_file(note.path)
    assert result is not None
    assert result.ok
    assert result.vouched_by == "pinned certificate"
    assert messages[-1][0] == "information"
    assert "signed, intact, and vouched for (pinned certificate)" in messages[-1][1]
    own = window.notes.trust_store.entries()[0]
    window.notes.trust_store.remove(own.fingerprint)
    result = window.verify_note_file(note.path)
    assert result is not None
    assert result.outcome == "untrusted"
    assert not result.trusted
    assert messages[-1][0] == "warning"
    assert "nobody has vouched for its signer" in messages[-1][1]
    assert own.fingerprint in messages[-1][1]
    tampered = tmp_path / "tampered.pdf"
    data = note.path.read_bytes()
    tampered.write_bytes(data.replace(b"/Title", b"/Titel", 1))
    result = window.verify_note_file(tampered)
    assert result is not None
    assert not result.ok
    assert messages[-1][0] == "warning"
    from cryptography.hazmat.primitives import serialization

    identity = window.notes.identity
    assert identity is not None
    pem = tmp_path / "clinic-ca.pem"
    pem.write_bytes(identity.certificate.public_bytes(serialization.Encoding.PEM))
    assert window.trust_ca(pem) is not None
    assert messages[-1][0] == "information"
    assert own.fingerprint in messages[-1][1]  # shown, to compare with the clinician's
    trusted = window.verify_note_file(note.path)
    assert trusted is not None
    assert trusted.trusted
    assert window.trust_ca(tampered) is None
    assert "is not a PEM certificate" in messages[-1][1]


def test_passphrase_strength() -> None:
    assert passphrase_problem("abc", "abc") == "use at least 8 characters"
    assert passphrase_problem("aaaaaaaaaa", "aaaaaaaaaa") == (
        "use a passphrase with more different characters")
    assert passphrase_problem("correct horse", "correct house") == "the two passphrases differ"
    assert passphrase_problem("correct horse", "correct horse") is None


def test_the_review_asks_whether_carried_findings_were_examined_today(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New exam started from the previous findings, then Preview: the review step says how
    many values are still carried, and from when."""
    session = window.session
    assert session is not None
    first = session.exam
    window.close_exam()
    monkeypatch.setattr(ClinicianDialog, "ask", classmethod(
        lambda cls, parent: first.clinician))
    copied = window.new_exam(first.patient.patient_id, copy_previous=True)
    assert copied is not None
    shown: dict[str, Any] = {}

    def capture(cls: Any, parent: Any, pdf: bytes, can_sign: bool, why_not: str = "",
                review: Any = None) -> bool:
        shown.update(review=review)
        return False

    monkeypatch.setattr(NotePreview, "ask", classmethod(capture))
    assert window.preview_note() is False
    lines = [c for c in shown["review"].check if "carried from the exam of" in c]
    assert len(lines) == 1
    assert copied.carried is not None
    assert lines[0].startswith(f"{len(copied.carried.paths)} values carried from the exam of "
                               f"{first.encounter_time.date().isoformat()} and not confirmed")
    assert lines[0].endswith("(the note prints them as carried)")
