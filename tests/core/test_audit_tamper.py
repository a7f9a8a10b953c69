"""What an independent test changed behind the program's back without the audit noticing, each
done here with plain SQL (triggers dropped first) against a real store: every one is found, and
a recomputed chain is found before the last signed checkpoint."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from slrdesk.core.document.exam import Addendum, ExamDocument, Signature
from slrdesk.core.examples import vignette
from slrdesk.core.note.identity import SigningIdentity
from slrdesk.core.note.trust import TrustStore, vouches
from slrdesk.core.paths import DATABASE_FILE
from slrdesk.core.store import open_store
from slrdesk.core.store.ledger import GENESIS, checkpoint_message, entry_hash
from slrdesk.core.store.repository import Checkpoint
from tests.core.note_helpers import make_identity

_TRIGGERS = ("signed_exam_is_immutable", "signed_exam_is_permanent", "audit_log_no_update",
             "audit_log_no_delete", "ledger_no_update", "ledger_no_delete",
             "checkpoints_no_update", "checkpoints_no_delete")


def _sign(store: object, exam: ExamDocument, identity: SigningIdentity,
          addendum_of: ExamDocument | None = None) -> ExamDocument:
    seq, head = store.ledger_head()  # type: ignore[attr-defined]
    update: dict[str, object] = {"status": "signed", "signature": Signature(
        signed_at=datetime.now(UTC), signer=identity.common_name, ruleset_version="t",
        audit_seq=seq, audit_head=head)}
    if addendum_of is not None:
        update |= {"exam_id": uuid.uuid4(), "addendum": Addendum(
            amends_exam_id=addendum_of.exam_id,
            amends_sha256=store.stored_sha256(addendum_of.exam_id),  # type: ignore[attr-defined]
            text="Reviewed the MRI.")}
    signed = exam.model_copy(update=update)
    checkpoint = Checkpoint(seq, head, identity.certificate.public_bytes(
        serialization.Encoding.DER), identity.sign_bytes(checkpoint_message(seq, head)))
    if addendum_of is not None:
        store.add_addendum(signed, checkpoint)  # type: ignore[attr-defined]
    else:
        store.mark_signed(signed, checkpoint)  # type: ignore[attr-defined]
    return signed


@pytest.fixture
def clinic(tmp_path: Path) -> tuple[Path, dict[str, str], Callable[[bytes], str | None]]:
    """A store with a signed exam (and its addendum), a draft, and a trusted clinician."""
    data = tmp_path / "data"
    _, identity = make_identity(tmp_path)
    trust = TrustStore(data / "trust")
    trust.add_certificate(identity.certificate)
    with open_store(data) as store:
        signed = _sign(store, vignette("sprinter_strain"), identity)
        addendum = _sign(store, store.get_exam(signed.exam_id).model_copy(
            update={"status": "draft", "signature": None}), identity, addendum_of=signed)
        draft = vignette("hip_osteoarthritis")
        store.save_draft(draft)
        store.save_draft(draft.model_copy(update={"history": draft.history.model_copy(
            update={"pain_now": 2})}))
        report = store.verify_audit(vouches(trust))
        assert report.intact, report.problem
        assert report.checkpoints == 2
        assert "cannot be rewritten without a clinician's key" in report.protection
    ids = {"signed": str(signed.exam_id), "addendum": str(addendum.exam_id),
           "draft": str(draft.exam_id), "patient": str(signed.patient.patient_id),
           "other_patient": str(draft.patient.patient_id)}
    return data, ids, vouches(trust)


def _tamper(data: Path, *statements: str) -> None:
    with sqlite3.connect(data / DATABASE_FILE) as raw:
        for trigger in _TRIGGERS:
            raw.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for sql in statements:
            raw.execute(sql)


CASES = {
    "a draft deleted with its audit entries": lambda ids: [
        f"DELETE FROM audit_log WHERE exam_id = '{ids['draft']}'",
        f"DELETE FROM exams WHERE exam_id = '{ids['draft']}'"],
    "a signed exam deleted": lambda ids: [
        f"DELETE FROM exams WHERE exam_id = '{ids['signed']}'"],
    "an addendum erased": lambda ids: [
        f"DELETE FROM audit_log WHERE exam_id = '{ids['addendum']}'",
        f"DELETE FROM exams WHERE exam_id = '{ids['addendum']}'"],
    "a patient's name edited": lambda ids: [
        f"UPDATE patients SET name = 'Someone Else' WHERE patient_id = '{ids['patient']}'"],
    "a patient's record number edited": lambda ids: [
        f"UPDATE patients SET record_number = 'X-1' WHERE patient_id = '{ids['patient']}'"],
    "a signed exam moved to another patient": lambda ids: [
        f"UPDATE exams SET patient_id = '{ids['other_patient']}' "
        f"WHERE exam_id = '{ids['signed']}'"],
    "a signed exam's status set back to draft": lambda ids: [
        f"UPDATE exams SET status = 'draft' WHERE exam_id = '{ids['signed']}'"],
    "an encounter time changed": lambda ids: [
        f"UPDATE exams SET encounter_time = '2020-01-01T00:00:00+00:00' "
        f"WHERE exam_id = '{ids['draft']}'"],
    "INSERT OR REPLACE past the triggers": lambda ids: [
        f"INSERT OR REPLACE INTO exams SELECT exam_id, patient_id, status, kind, "
        f"amends_exam_id, '2021-01-01T00:00:00+00:00', updated_at, document, document_sha256, "
        f"urgency, revision, updated_by FROM exams WHERE exam_id = '{ids['signed']}'"],
    "an exam slipped in": lambda ids: [
        f"INSERT INTO exams SELECT 'aaaaaaaa-0000-4000-8000-000000000000', patient_id, status, "
        f"kind, amends_exam_id, encounter_time, updated_at, document, document_sha256, urgency, "
        f"revision, updated_by "
        f"FROM exams WHERE exam_id = '{ids['draft']}'"],
    "the newest ledger entry deleted": lambda ids: [
        "DELETE FROM ledger WHERE seq = (SELECT MAX(seq) FROM ledger)"],
    "a checkpoint deleted": lambda ids: ["DELETE FROM checkpoints"],
    "a checkpoint's head rewritten": lambda ids: [
        f"UPDATE checkpoints SET head_hash = '{'1' * 64}'"],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_change_behind_the_programs_back_is_found(
    clinic: tuple[Path, dict[str, str], Callable[[bytes], str | None]], case: str,
) -> None:
    data, ids, trusted = clinic
    _tamper(data, *CASES[case](ids))
    with open_store(data, read_only="audit") as store:
        report = store.verify_audit(trusted)
    assert not report.intact, case
    assert report.problem is not None


def _recompute_chain(data: Path) -> None:
    """What someone with write access could do: rebuild the unkeyed chain after editing."""
    with sqlite3.connect(data / DATABASE_FILE) as raw:
        rows = raw.execute("SELECT seq, recorded_at, subject, subject_id, action, state_sha256,"
                           " detail FROM ledger ORDER BY seq").fetchall()
        previous = GENESIS
        for seq, at, subject, sid, action, state, detail in rows:
            digest = entry_hash(seq, previous, at, subject, sid, action, state, detail)
            raw.execute("UPDATE ledger SET previous_hash = ?, entry_hash = ? WHERE seq = ?",
                        (previous, digest, seq))
            previous = digest


def test_a_recomputed_chain_is_found_before_the_last_checkpoint(
    clinic: tuple[Path, dict[str, str], Callable[[bytes], str | None]],
) -> None:
    data, ids, trusted = clinic
    _tamper(data,
            f"UPDATE patients SET name = 'Someone Else' WHERE patient_id = '{ids['patient']}'",
            # ...and the patient's first ledger entry made to match the edit
            "UPDATE ledger SET detail = '{\"edited\": true}' WHERE seq = 1")
    _recompute_chain(data)
    with open_store(data, read_only="audit") as store:
        report = store.verify_audit(trusted)
    assert not report.intact
    assert report.problem is not None
    assert "was rewritten" in report.problem or "changed outside" in report.problem


def test_without_a_trusted_checkpoint_the_report_says_what_it_cannot_rule_out(
    clinic: tuple[Path, dict[str, str], Callable[[bytes], str | None]],
) -> None:
    data, _, _ = clinic
    with open_store(data, read_only="audit") as store:
        report = store.verify_audit(lambda der: None)
    assert report.intact
    assert report.protection.startswith("no signed checkpoint yet")
    assert "could recompute all of it" in report.protection
