"""Starting an exam from the patient's previous findings, and never passing them off as today's.

Every value copied forward is listed as carried (`ExamDocument.carried`) until the clinician
confirms it: by entering it again (any edit of the field), or by confirming it as it stands.
The screen marks carried values, the review before signing lists them, and the note prints
what was signed still carried, with the date it was measured.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slrdesk.core.document.exam import ExamDocument

# What is copied: the findings and the history; red flags are asked again and the impression
# is a new judgement.
CARRIED_SECTIONS = ("history", "pain_map", "goniometry", "mens_aslr", "neurology",
                    "special_tests")
# A dict holding one of these is one finding (a grade, a test result), edited as a whole.
_FINDING_KEYS = {"grade", "result", "not_testable"}


def value_paths(data: Any, prefix: str) -> list[str]:
    """The paths of the recorded values under `prefix`, at the grain a field edits them: one
    per side of a finding, one per history answer, one for the whole pain map."""
    if isinstance(data, dict) and not (_FINDING_KEYS & set(data)):
        return [path for key, value in data.items()
                for path in value_paths(value, f"{prefix}.{key}")]
    if data is None or data == [] or data == {}:
        return []
    return [prefix]


def carry_forward(exam: ExamDocument, previous: ExamDocument) -> ExamDocument:
    """`exam` with the previous exam's findings copied in, each marked as carried."""
    from slrdesk.core.document.exam import Carried

    dumped = previous.model_dump(mode="json", include=set(CARRIED_SECTIONS))
    paths = [path for section in CARRIED_SECTIONS
             for path in value_paths(dumped.get(section), section)]
    copied = {key: copy.deepcopy(getattr(previous, key)) for key in CARRIED_SECTIONS}
    if not paths:
        return exam.model_copy(update=copied)
    return exam.model_copy(update={**copied, "carried": Carried(
        from_exam_id=previous.exam_id, measured_on=previous.encounter_time.date(),
        paths=paths)})


def _covers(edited: str, carried: str) -> bool:
    """Whether editing `edited` confirms the carried value at `carried` (the same field, a
    field inside it, or the section holding it)."""
    return (carried == edited or carried.startswith(edited + ".")
            or edited.startswith(carried + "."))


def confirmed(exam: ExamDocument, paths: list[str]) -> ExamDocument:
    """`exam` with every carried value under `paths` confirmed (no longer carried)."""
    carried = exam.carried
    if carried is None:
        return exam
    left = [p for p in carried.paths if not any(_covers(edited, p) for edited in paths)]
    if len(left) == len(carried.paths):
        return exam
    return exam.model_copy(update={
        "carried": carried.model_copy(update={"paths": left}) if left else None})


def is_carried(exam: ExamDocument, path: str) -> bool:
    carried = exam.carried
    return carried is not None and any(_covers(path, p) for p in carried.paths)


def carried_under(exam: ExamDocument, prefix: str) -> list[str]:
    """The carried paths inside the section or field at `prefix`."""
    carried = exam.carried
    if carried is None:
        return []
    return [p for p in carried.paths if p == prefix or p.startswith(prefix + ".")]


def carried_note(exam: ExamDocument, path: str) -> str | None:
    """`carried from the exam of 2026-11-20, not confirmed today`, or None."""
    if not is_carried(exam, path):
        return None
    assert exam.carried is not None
    return (f"carried from the exam of {exam.carried.measured_on.isoformat()}, not confirmed "
            "today")


def carried_summary(exam: ExamDocument, most: int = 8) -> str | None:
    """For the note and the review before signing: which values are carried and from when,
    by field when few, by section when many; None when nothing is carried."""
    from slrdesk.core.catalog import form_sections
    from slrdesk.core.document.field_labels import field_label

    carried = exam.carried
    if carried is None:
        return None
    count = len(carried.paths)
    head = (f"{count} value{'s' if count != 1 else ''} carried from the exam of "
            f"{carried.measured_on.isoformat()} and not confirmed as examined today")
    if count <= most:
        return f"{head}: " + "; ".join(field_label(path) for path in carried.paths)
    sections = form_sections()
    per_title: dict[str, int] = {}
    for path in carried.paths:
        owner = max((s for s in sections if path == s.key or path.startswith(s.key + ".")),
                    key=lambda s: len(s.key), default=None)
        title = owner.title if owner is not None else path
        per_title[title] = per_title.get(title, 0) + 1
    return f"{head}: " + ", ".join(f"{title} {n}" for title, n in per_title.items())
