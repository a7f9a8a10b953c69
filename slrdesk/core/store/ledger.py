"""One hash chain over every change to patients and exams, anchored by clinicians' signatures.

Each entry records what changed (patient or exam, and which), the action, and a hash of the
row's meaningful columns as they are after the change (for an exam: patient, status, kind, the
exam it amends, encounter time and the document's hash; for a patient: every identifying
field). Its hash covers its sequence number, the previous entry's hash and all of that, so
changing, removing or reordering entries breaks the chain, and `verify` compares the rows in
the database with their last recorded state both ways: a row changed, moved to another patient,
deleted or slipped in outside SLR Desk is found.

A chain alone can be recomputed by anyone who can write the file. So every signature also signs
the chain's head at that moment: a *checkpoint*, signed with the clinician's key and kept with
the certificate. Rewriting history before the last checkpoint then needs a clinician's key;
after it, the chain is all there is, and `verify` says so.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from slrdesk.core.store.db import Db

GENESIS = "0" * 64
Subject = Literal["patient", "exam"]

LEDGER_SQL = """
CREATE TABLE ledger (
    seq            INTEGER PRIMARY KEY,
    recorded_at    TEXT NOT NULL,
    subject        TEXT NOT NULL CHECK (subject IN ('patient', 'exam')),
    subject_id     TEXT NOT NULL,
    action         TEXT NOT NULL,
    state_sha256   TEXT NOT NULL,   -- the row after the change; 64 zeros when removed
    detail         TEXT NOT NULL,   -- JSON
    previous_hash  TEXT NOT NULL,
    entry_hash     TEXT NOT NULL
);
CREATE INDEX ledger_by_subject ON ledger (subject, subject_id, seq);
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

CREATE TABLE checkpoints (
    seq          INTEGER PRIMARY KEY,   -- the ledger entry that was the head when signed
    head_hash    TEXT NOT NULL,
    exam_id      TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    certificate  BLOB NOT NULL,         -- DER of the certificate that signed
    signature    BLOB NOT NULL
);
CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are permanent'); END;
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are permanent'); END;
"""

LEDGER_SQL_POSTGRESQL = """
CREATE TABLE ledger (
    seq            BIGINT PRIMARY KEY,
    recorded_at    TEXT NOT NULL,
    subject        TEXT NOT NULL CHECK (subject IN ('patient', 'exam')),
    subject_id     TEXT NOT NULL,
    action         TEXT NOT NULL,
    state_sha256   TEXT NOT NULL,
    detail         TEXT NOT NULL,
    previous_hash  TEXT NOT NULL,
    entry_hash     TEXT NOT NULL
);
CREATE INDEX ledger_by_subject ON ledger (subject, subject_id, seq);
CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW
    EXECUTE FUNCTION slrdesk_refuse('the ledger is append-only');
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger FOR EACH STATEMENT
    EXECUTE FUNCTION slrdesk_refuse('the ledger is append-only');

CREATE TABLE checkpoints (
    seq          BIGINT PRIMARY KEY,
    head_hash    TEXT NOT NULL,
    exam_id      TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    certificate  BYTEA NOT NULL,
    signature    BYTEA NOT NULL
);
CREATE TRIGGER checkpoints_permanent BEFORE UPDATE OR DELETE ON checkpoints FOR EACH ROW
    EXECUTE FUNCTION slrdesk_refuse('checkpoints are permanent');
CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints FOR EACH STATEMENT
    EXECUTE FUNCTION slrdesk_refuse('checkpoints are permanent');
"""


def _sha(payload: str) -> str:
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _row_state(conn: Db, sql: str, key: str) -> str:
    """Hash of a row's meaningful columns, the document (last column) by its own hash."""
    row = conn.execute(sql, (key,)).fetchone()
    if row is None:
        return GENESIS
    *columns, document = row
    return _sha(json.dumps([*columns, _sha(document)]))


def exam_state(conn: Db, exam_id: str) -> str:
    return _row_state(conn, "SELECT exam_id, patient_id, status, kind, amends_exam_id,"
                      " encounter_time, document_sha256, document FROM exams WHERE exam_id = ?",
                      exam_id)


def patient_state(conn: Db, patient_id: str) -> str:
    return _row_state(conn, "SELECT patient_id, name, date_of_birth, sex, record_number,"
                      " document FROM patients WHERE patient_id = ?", patient_id)


_STATE: dict[Subject, Callable[[Db, str], str]] = {
    "patient": patient_state, "exam": exam_state}


def entry_hash(seq: int, previous: str, recorded_at: str, subject: str, subject_id: str,
               action: str, state: str, detail: str) -> str:
    # Unit separators keep field boundaries unambiguous ("ab"+"c" vs "a"+"bc").
    return _sha("\x1f".join((str(seq), previous, recorded_at, subject, subject_id, action,
                             state, detail)))


def head(conn: Db) -> tuple[int, str]:
    row = conn.execute("SELECT seq, entry_hash FROM ledger ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def append(conn: Db, subject: Subject, subject_id: str, action: str,
           recorded_at: str, detail: dict[str, Any] | None = None) -> int:
    """Record the subject's state after a change, inside the caller's transaction."""
    seq, previous = head(conn)
    seq += 1
    state = _STATE[subject](conn, subject_id)
    text = json.dumps(detail or {}, sort_keys=True)
    conn.execute(
        "INSERT INTO ledger (seq, recorded_at, subject, subject_id, action, state_sha256,"
        " detail, previous_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, recorded_at, subject, subject_id, action, state, text, previous,
         entry_hash(seq, previous, recorded_at, subject, subject_id, action, state, text)))
    return seq


def needs_baseline(conn: Db) -> bool:
    """Rows written before the ledger existed, and no entry yet."""
    if head(conn)[0]:
        return False
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM patients) OR EXISTS "
                             "(SELECT 1 FROM exams)").fetchone()[0])


def baseline(conn: Db, recorded_at: str) -> int:
    """Start the chain on a database written before it existed: one entry per row as found."""
    if head(conn)[0]:
        return 0
    count = 0
    for (pid,) in conn.execute("SELECT patient_id FROM patients ORDER BY patient_id").fetchall():
        append(conn, "patient", pid, "baseline", recorded_at)
        count += 1
    for (eid,) in conn.execute("SELECT exam_id FROM exams ORDER BY exam_id").fetchall():
        append(conn, "exam", eid, "baseline", recorded_at)
        count += 1
    return count


def checkpoint_message(seq: int, head_hash: str) -> bytes:
    return f"slrdesk-audit-checkpoint\x1f{seq}\x1f{head_hash}".encode()


def verify_signature(certificate_der: bytes, message: bytes, signature: bytes) -> bool:
    # Imported here: the store opens at start-up, and only audit verify checks signatures.
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    key = x509.load_der_x509_certificate(certificate_der).public_key()
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
        else:
            return False
    except InvalidSignature:
        return False
    return True


@dataclass(frozen=True)
class LedgerReport:
    entries: int
    patients: int
    exams: int
    checkpoints: int
    last_checkpoint: int  # ledger seq covered by the last trusted checkpoint (0: none)
    last_checkpoint_signer: str | None
    problem: str | None

    @property
    def intact(self) -> bool:
        return self.problem is None

    def protection(self) -> str:
        """What the check can and cannot rule out, in words."""
        after = self.entries - self.last_checkpoint
        if not self.last_checkpoint:
            return ("no signed checkpoint yet: the chain shows changes made outside SLR Desk, "
                    "but someone able to write the database file could recompute all of it")
        return (f"history up to entry {self.last_checkpoint} is anchored by a signature "
                f"({self.last_checkpoint_signer}) and cannot be rewritten without a clinician's "
                f"key; the {after} entries after it are protected by the hash chain only")


def verify(conn: Db, trusted: Callable[[bytes], str | None]) -> LedgerReport:
    """Check the chain, the rows against their last recorded state, and every checkpoint.
    `trusted(der)` names who vouches for a checkpoint's certificate, or None."""
    last_state: dict[tuple[str, str], str] = {}
    hashes_by_seq: dict[int, str] = {0: GENESIS}  # a signing on an empty ledger anchors it
    previous, expected_seq = GENESIS, 1
    for row in conn.execute(
        "SELECT seq, recorded_at, subject, subject_id, action, state_sha256, detail,"
        " previous_hash, entry_hash FROM ledger ORDER BY seq"):
        seq, at, subject, sid, action, state, detail, prev, digest = row
        where = f"ledger entry {seq} ({action} of {subject} {sid})"
        if seq != expected_seq:
            return _broken(expected_seq - 1, f"ledger entries {expected_seq} to {seq - 1} were "
                           "removed")
        if prev != previous:
            return _broken(seq - 1, f"{where} does not follow the entry before it")
        if entry_hash(seq, prev, at, subject, sid, action, state, detail) != digest:
            return _broken(seq - 1, f"{where} was changed after it was written")
        last_state[(subject, sid)] = state
        hashes_by_seq[seq] = digest
        previous, expected_seq = digest, seq + 1
    entries = expected_seq - 1
    counts = {"patient": 0, "exam": 0}
    for subject, table, key in (("patient", "patients", "patient_id"),
                                ("exam", "exams", "exam_id")):
        present = {r[0] for r in conn.execute(f"SELECT {key} FROM {table}")}
        counts[subject] = len(present)
        for (kind, sid), state in last_state.items():
            if kind != subject:
                continue
            if sid not in present and state != GENESIS:
                return _broken(entries, f"{subject} {sid} was removed outside SLR Desk")
        for sid in present:
            recorded = last_state.get((subject, sid))
            if recorded is None:
                return _broken(entries, f"{subject} {sid} was added outside SLR Desk")
            if _STATE[subject](conn, sid) != recorded:  # type: ignore[index]
                return _broken(entries, f"{subject} {sid} was changed outside SLR Desk (its "
                               "stored state is not the last one recorded)")
    kept = {(int(seq), str(head_hash), str(exam_id)) for seq, head_hash, exam_id in
            conn.execute("SELECT seq, head_hash, exam_id FROM checkpoints")}
    for exam_id, document in conn.execute(
            "SELECT exam_id, document FROM exams WHERE status = 'signed'"):
        signed = json.loads(document).get("signature") or {}
        if signed.get("audit_seq") is None:
            continue  # signed without a store (slrdesk export): nothing was anchored
        if (signed["audit_seq"], signed.get("audit_head"), exam_id) not in kept:
            return _broken(entries, f"the checkpoint of signed exam {exam_id} (entry "
                           f"{signed['audit_seq']}) was removed or changed")
    checkpoints, anchored, signer = 0, 0, None
    for seq, head_hash, exam_id, certificate, signature in conn.execute(
            "SELECT seq, head_hash, exam_id, certificate, signature FROM checkpoints"
            " ORDER BY seq"):
        checkpoints += 1
        where = f"checkpoint at entry {seq} (signing of exam {exam_id})"
        if hashes_by_seq.get(seq) != head_hash:
            return _broken(entries, f"history before the {where} was rewritten: the chain no "
                           "longer reaches the head that was signed")
        if not verify_signature(bytes(certificate),
                                checkpoint_message(seq, head_hash), bytes(signature)):
            return _broken(entries, f"the {where} does not carry a valid signature")
        vouched = trusted(bytes(certificate))
        if vouched is not None:
            anchored, signer = seq, vouched
    return LedgerReport(entries, counts["patient"], counts["exam"], checkpoints, anchored,
                        signer, None)


def _broken(entries: int, problem: str) -> LedgerReport:
    return LedgerReport(entries, 0, 0, 0, 0, None, problem)
