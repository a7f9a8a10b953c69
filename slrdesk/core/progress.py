"""The course across a patient's visits: is the active SLR coming back, is hip flexion stronger,
is the knee jerk returning, did a new red flag appear?

One `Visit` per exam, oldest first. An exam that was amended is shown as its latest addendum
says (an addendum is the whole corrected document). Each visit is assessed against the visit
before it, as the workstation does, so its urgency is the one the clinician saw. A change is
called a change only beyond the measurement's error: the goniometer's (5° by default), one MRC
grade, 2 points of pain, one point of the Mens score.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from slrdesk.core.catalog import SIDES, catalog
from slrdesk.core.document.cell_meaning import is_abnormal

if TYPE_CHECKING:
    import uuid

    from slrdesk.core.document.exam import ExamDocument
    from slrdesk.core.store.repository import ExamRepository

PAIN_ERROR = 2  # points on the 0–10 scale
MRC_ERROR = 1  # grade
MENS_ERROR = 1  # point per leg
DEFAULT_ANGLE_ERROR = 5.0  # degrees, when no instrument is recorded
GRADED = ("hip_flexion", "knee_extension")  # the movements the lifted leg needs most
Direction = Literal["better", "worse"]


@dataclass(frozen=True)
class Visit:
    exam_id: str
    date: str  # the encounter's local date, YYYY-MM-DD
    status: str  # draft or signed
    amended: bool  # shown as its latest addendum says
    urgency: str
    active_slr_left: int | None = None
    active_slr_right: int | None = None
    hip_flexion_left: int | None = None
    hip_flexion_right: int | None = None
    knee_extension_left: int | None = None
    knee_extension_right: int | None = None
    pain_now: int | None = None
    mens_left: int | None = None
    mens_right: int | None = None
    abnormal_reflexes: list[str] = field(default_factory=list)
    angle_error: float = DEFAULT_ANGLE_ERROR


@dataclass(frozen=True)
class Change:
    measure: str
    before: str
    after: str
    direction: Direction

    def text(self) -> str:
        return f"{self.measure} {self.before} → {self.after} ({self.direction})"


def visit_of(exam: ExamDocument, urgency: str, amended: bool = False) -> Visit:
    g, n, m = exam.goniometry, exam.neurology, exam.mens_aslr
    grades: dict[str, int | None] = {}
    for movement in GRADED:
        pair = n.myotomes.get(movement)
        for side in SIDES:
            grade = getattr(pair, side) if pair is not None else None
            grades[f"{movement}_{side}"] = grade.grade if grade is not None else None
    reflexes = []
    for reflex_id, reflex_pair in n.reflexes.items():
        for side in SIDES:
            reflex = getattr(reflex_pair, side)
            if reflex is not None and reflex.grade is not None and is_abnormal(
                    "reflex", {"grade": reflex.grade}):
                reflexes.append(f"{catalog().reflexes[reflex_id].label} {side} {reflex.text()}")
    error = angle_error(g.instrument)
    return Visit(
        exam_id=str(exam.exam_id), date=exam.encounter_time.astimezone().date().isoformat(),
        status=exam.status, amended=amended, urgency=urgency,
        active_slr_left=g.active_slr.left, active_slr_right=g.active_slr.right,
        hip_flexion_left=grades["hip_flexion_left"], hip_flexion_right=grades["hip_flexion_right"],
        knee_extension_left=grades["knee_extension_left"],
        knee_extension_right=grades["knee_extension_right"],
        pain_now=exam.history.pain_now, mens_left=m.without_compression.left,
        mens_right=m.without_compression.right, abnormal_reflexes=reflexes, angle_error=error)


def visits(store: ExamRepository, patient_id: uuid.UUID) -> list[Visit]:
    """Every visit of the patient, oldest first, each assessed against the one before it."""
    from slrdesk.core.assessment import classify

    summaries = store.list_exams(patient_id)
    latest_addendum: dict[str, ExamDocument] = {}
    originals: list[ExamDocument] = []
    for summary in sorted(summaries, key=lambda s: s.encounter_time):
        exam = store.get_exam(summary.exam_id)
        if exam.addendum is not None:
            latest_addendum[str(exam.addendum.amends_exam_id)] = exam  # later ones replace
        else:
            originals.append(exam)
    found: list[Visit] = []
    previous: ExamDocument | None = None
    for original in originals:
        shown = latest_addendum.get(str(original.exam_id), original)
        urgency = classify(shown, previous).urgency
        found.append(visit_of(shown, urgency, amended=shown is not original))
        previous = shown
    return found


def direction(before: Any, after: Any, error: float, higher_is_better: bool,
              ) -> Direction | None:
    """better or worse when the change is at least `error`; None when within it (or missing)."""
    if before is None or after is None or abs(after - before) < error:
        return None
    return "better" if (after > before) == higher_is_better else "worse"


MARK = {"better": "▲", "worse": "▼"}  # beside a value that changed beyond the error


def angle_error(instrument: str | None) -> float:
    """The measurement error of the instrument, in degrees; a goniometer's when none is
    recorded."""
    return (catalog().instruments[instrument].measurement_error_deg if instrument
            else DEFAULT_ANGLE_ERROR)


def _beyond(error: float) -> float:
    """An angle changes only by more than the instrument's error: 5° apart is within it."""
    return error + 0.001


def angle_direction(angle_id: str, before: float | None, after: float | None,
                    error: float) -> Direction | None:
    """How an angle moved since the last visit, beyond the instrument's error. A larger angle
    is better for every angle but the Thomas test's thigh angle (a flexion contracture)."""
    return direction(before, after, _beyond(error),
                     higher_is_better=angle_id != "thomas_thigh_angle")


def side_difference(left: float | None, right: float | None,
                    error: float) -> tuple[float, bool] | None:
    """The left/right difference of an angle and whether it is beyond the instrument's error;
    None unless both sides are measured."""
    if left is None or right is None:
        return None
    difference = abs(left - right)
    return difference, difference > error


def _pair(before: Any, after: Any, error: float, measure: str, unit: str,
          higher_is_better: bool) -> Change | None:
    way = direction(before, after, error, higher_is_better)
    return None if way is None else Change(measure, f"{before}{unit}", f"{after}{unit}", way)


def changes(before: Visit, after: Visit) -> list[Change]:
    """What changed beyond the measurement's error between two visits."""
    found: list[Change | None] = []
    error = max(before.angle_error, after.angle_error)
    for side in SIDES:
        found.append(_pair(getattr(before, f"active_slr_{side}"),
                           getattr(after, f"active_slr_{side}"), _beyond(error),
                           f"Active SLR {side}", "°", higher_is_better=True))
    for movement in GRADED:
        label = catalog().myotomes[movement].label
        for side in SIDES:
            found.append(_pair(getattr(before, f"{movement}_{side}"),
                               getattr(after, f"{movement}_{side}"), MRC_ERROR,
                               f"{label} {side}", "/5", higher_is_better=True))
    found.append(_pair(before.pain_now, after.pain_now, PAIN_ERROR, "Pain now", "/10",
                       higher_is_better=False))
    for side in SIDES:
        found.append(_pair(getattr(before, f"mens_{side}"), getattr(after, f"mens_{side}"),
                           MENS_ERROR, f"Mens active SLR {side}", "/5",
                           higher_is_better=False))
    return [c for c in found if c is not None]


COLUMNS = [f.name for f in Visit.__dataclass_fields__.values()]


def to_json(series: list[Visit]) -> str:
    return json.dumps([asdict(v) for v in series], indent=2, ensure_ascii=False)


def to_csv(series: list[Visit]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for visit in series:
        row = asdict(visit)
        row["abnormal_reflexes"] = "; ".join(visit.abnormal_reflexes)
        writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
    return out.getvalue()
