"""The patient's previous exam: what lasting red-flag answers carry from, and what a deficit is
compared with to call it new or worse (docs/clinical.md §7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from slrdesk.core.document.exam import ExamDocument
    from slrdesk.core.store.repository import ExamRepository


def previous_exam(store: ExamRepository, exam: ExamDocument) -> ExamDocument | None:
    """The latest other exam (not an addendum) of the same patient before this encounter;
    signed ones first, since a draft may be half-filled."""
    earlier = [s for s in store.list_exams(exam.patient.patient_id)
               if s.exam_id != exam.exam_id and s.kind == "exam"
               and s.encounter_time < exam.encounter_time.isoformat()]
    if not earlier:
        return None
    signed = [s for s in earlier if s.status == "signed"]
    chosen = (signed or earlier)[0]  # list_exams is newest first
    return store.get_exam(chosen.exam_id)
