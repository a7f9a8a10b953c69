"""The per-exam audit chain: each entry's hash covers its content and the previous entry's hash.

Changing, removing or reordering an entry breaks every link after it, so `verify_chain` can say
which entry was tampered with. (Removing the newest entries of an exam leaves no broken link; the
exam row's document hash is checked against the chain to catch the most important case, a
document changed without an entry.)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

GENESIS = "0" * 64


@dataclass(frozen=True)
class ChainRow:
    entry_id: int
    exam_id: str
    recorded_at: str
    action: str
    detail: str
    previous_hash: str
    entry_hash: str


def entry_hash(previous_hash: str, exam_id: str, recorded_at: str, action: str, detail: str) -> str:
    # Unit separators keep field boundaries unambiguous ("ab"+"c" vs "a"+"bc").
    payload = "\x1f".join((previous_hash, exam_id, recorded_at, action, detail))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def verify_chain(rows: Iterable[ChainRow]) -> tuple[int, str | None]:
    """Check rows ordered by exam then entry id; returns (entries checked, first problem)."""
    last_hash: dict[str, str] = {}
    checked = 0
    for row in rows:
        expected_previous = last_hash.get(row.exam_id, GENESIS)
        where = f"audit entry {row.entry_id} ({row.action} of exam {row.exam_id})"
        if row.previous_hash != expected_previous:
            return checked, (
                f"{where} does not follow the entry before it: an earlier entry of this exam "
                "was removed or changed"
            )
        recomputed = entry_hash(
            row.previous_hash, row.exam_id, row.recorded_at, row.action, row.detail
        )
        if recomputed != row.entry_hash:
            return checked, f"{where} was changed after it was written"
        last_hash[row.exam_id] = row.entry_hash
        checked += 1
    return checked, None
