"""Edits the database could not take, kept outside it until it can.

When a save fails (disk full, an I/O error, a lock held too long), the workstation writes the
exam document to `<data folder>/recovery/<exam id>.json` (atomically, owner-only) and keeps
retrying. A file there is always newer than the stored draft: it is deleted as soon as a save
succeeds, and at the next start anything left is stored again before anything else opens.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from slrdesk.core.errors import SlrDeskError
from slrdesk.core.files import read_input, write_atomically

if TYPE_CHECKING:  # the exam model loads only when there is something to read
    from slrdesk.core.document.exam import ExamDocument

RECOVERY_FOLDER = "recovery"


@dataclass(frozen=True)
class Recovered:
    path: Path
    exam: ExamDocument | None
    problem: str | None = None
    # The stored revision the kept edits were made on (None: not known, an older file), so a
    # shared database refuses them if another workstation saved the exam since.
    revision: int | None = None


def recovery_path(data_dir: Path, exam_id: uuid.UUID) -> Path:
    return data_dir / RECOVERY_FOLDER / f"{exam_id}.json"


def _revision_path(path: Path) -> Path:
    return path.with_suffix(".revision")


def keep(data_dir: Path, exam: ExamDocument, revision: int | None = None) -> Path:
    """Write the document where the next start will find it, with the stored revision its
    edits were made on; raises SlrDeskError when even that is impossible (the caller then says
    the edit exists only in memory)."""
    path = recovery_path(data_dir, exam.exam_id)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if revision is not None:  # first: a document is never kept without its revision
        write_atomically(_revision_path(path), str(revision).encode(), what="recovery file")
    write_atomically(path, exam.to_json().encode(), what="recovery file")
    return path


def discard(data_dir: Path, exam_id: uuid.UUID) -> None:
    path = recovery_path(data_dir, exam_id)
    path.unlink(missing_ok=True)
    _revision_path(path).unlink(missing_ok=True)


def _revision(path: Path) -> int | None:
    try:
        return int(_revision_path(path).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def pending(data_dir: Path) -> list[Recovered]:
    """Every kept document, oldest first; an unreadable one is reported, never deleted."""
    folder = data_dir / RECOVERY_FOLDER
    if not folder.is_dir():
        return []
    paths = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
    if not paths:
        return []
    from slrdesk.core.document.exam import parse_exam

    found = []
    for path in paths:
        try:
            found.append(Recovered(path, parse_exam(read_input(path), source=str(path)),
                                   revision=_revision(path)))
        except SlrDeskError as exc:
            found.append(Recovered(path, None, str(exc)))
    return found


CONFLICTS_FOLDER = "conflicts"


def keep_conflict(data_dir: Path, exam: ExamDocument) -> Path:
    """Keep a copy the store refused because another workstation saved the exam since it was
    opened. Never stored again by itself (that would write over the other one's work): the
    clinician compares it with the saved exam and copies across what is missing."""
    from datetime import UTC, datetime

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = data_dir / CONFLICTS_FOLDER / f"{exam.exam_id}-{stamp}.json"
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomically(path, exam.to_json().encode(), what="conflict copy")
    return path
