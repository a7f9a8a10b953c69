"""Reading an exam the way the rules need it: side-aware, with "not recorded" kept apart.

`ExamView` answers questions such as "is hip flexion weak on an affected side?" with the
finding as a clinician writes it ("hip flexion 3/5 left"), and says which field would have to be
recorded when the exam cannot answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from slrdesk.core.catalog import SIDES, catalog

if TYPE_CHECKING:
    from slrdesk.core.exam import ExamDocument
    from slrdesk.core.findings import (
        MotorGrade,
        PainMark,
        PlantarGrade,
        ReflexGrade,
        SensationGrade,
        SpecialTestFinding,
    )

SideName = Literal["left", "right"]


@dataclass(frozen=True)
class Missing:
    """A field whose recording would let a rule be judged."""

    field: str
    label: str


@dataclass(frozen=True)
class Outcome:
    """What a rule's criterion found: fired (with the finding), not fired, or undecidable."""

    fired: bool | None
    finding: str = ""
    missing: tuple[Missing, ...] = field(default=())

    @staticmethod
    def yes(finding: str) -> Outcome:
        return Outcome(True, finding)

    @staticmethod
    def no() -> Outcome:
        return _NO

    @staticmethod
    def unknown(*missing: Missing) -> Outcome:
        return Outcome(None, missing=missing)


_NO = Outcome(False)


class ExamView:
    """Read-only questions about one exam, restricted to the sides that count."""

    def __init__(self, exam: ExamDocument) -> None:
        self.exam = exam
        side = exam.history.affected_side
        self.affected_sides: tuple[SideName, ...] = (
            (side,) if side in ("left", "right") else SIDES
        )
        self.side_recorded = side is not None
        self._marks_by_region = {m.region: m for m in exam.pain_map}
        # Outcomes of criteria shared by several rules (a cluster's items), judged once.
        self.shared: dict[object, Any] = {}

    # --- neurology ------------------------------------------------------------------------

    def motor(self, myotome: str, side: SideName) -> MotorGrade | None:
        pair = self.exam.neurology.myotomes.get(myotome)
        grade = getattr(pair, side) if pair else None
        return grade if grade is not None and grade.grade is not None else None

    def reflex(self, reflex: str, side: SideName) -> ReflexGrade | None:
        pair = self.exam.neurology.reflexes.get(reflex)
        grade = getattr(pair, side) if pair else None
        return grade if grade is not None and grade.grade is not None else None

    def sensation(self, dermatome: str, side: SideName) -> SensationGrade | None:
        pair = self.exam.neurology.sensation.get(dermatome)
        grade = getattr(pair, side) if pair else None
        return grade if grade is not None and grade.grade is not None else None

    def plantar(self, side: SideName) -> PlantarGrade | None:
        grade: PlantarGrade | None = getattr(self.exam.neurology.plantar_response, side)
        return grade if grade is not None and grade.grade is not None else None

    def clonus(self, side: SideName) -> int | None:
        beats: int | None = getattr(self.exam.neurology.ankle_clonus_beats, side)
        return beats

    # --- tests, history, angles, marks ------------------------------------------------------

    def test(self, test_id: str, side: SideName) -> SpecialTestFinding | None:
        """The recorded result, or None when not recorded or recorded as not tested."""
        pair = self.exam.special_tests.get(test_id)
        found: SpecialTestFinding | None = getattr(pair, side) if pair else None
        return found if found is not None and found.result != "not_tested" else None

    def symptom(self, item: str) -> bool | None:
        return self.exam.history.symptoms.get(item)

    def angle(self, angle_id: str, side: SideName) -> int | None:
        value: int | None = getattr(getattr(self.exam.goniometry, angle_id), side)
        return value

    def mark(self, base_region: str, side: SideName) -> PainMark | None:
        """The mark on a paired region on `side`, or on a midline region."""
        return self._marks_by_region.get(f"{base_region}_{side}") or self._marks_by_region.get(
            base_region
        )

    @property
    def has_pain_map(self) -> bool:
        return bool(self.exam.pain_map)


def upper_motor_neurone_signs(view: ExamView, side: SideName, clonus_limit: int) -> list[str]:
    """Extensor plantar response, or ankle clonus beyond `clonus_limit` beats, on one side."""
    signs = []
    plantar = view.plantar(side)
    if plantar is not None and plantar.grade == "extensor":
        signs.append(f"extensor plantar response {side}")
    beats = view.clonus(side)
    if beats is not None and beats > clonus_limit:
        signs.append(f"ankle clonus {beats} beats {side}")
    return signs


# --- how findings and fields are named --------------------------------------------------------


def label(section: str, identifier: str) -> str:
    entries = getattr(catalog(), section)
    return str(entries[identifier].label)


def as_finding(text: str) -> str:
    """A label as it reads inside a sentence: `Femoral nerve stretch` -> `femoral nerve stretch`,
    while acronyms (`FADIR`, `SIJ distraction`) keep their capitals."""
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]


def region_text(region_id: str) -> str:
    """`groin_right` -> `right groin`; midline regions by their label."""
    region = catalog().regions[region_id]
    base = as_finding(catalog().regions[region_id].label.split(",")[0])
    return base if region.side == "midline" else f"{region.side} {base}"


def test_field(test_id: str, side: SideName) -> Missing:
    return Missing(f"special_tests.{test_id}.{side}", f"{label('special_tests', test_id)} {side}")


def myotome_field(myotome: str, side: SideName) -> Missing:
    return Missing(f"neurology.myotomes.{myotome}.{side}", f"{label('myotomes', myotome)} {side}")


def reflex_field(reflex: str, side: SideName) -> Missing:
    return Missing(f"neurology.reflexes.{reflex}.{side}", f"{label('reflexes', reflex)} reflex "
                   f"{side}")


def sensation_field(dermatome: str, side: SideName) -> Missing:
    return Missing(f"neurology.sensation.{dermatome}.{side}", f"{dermatome} sensation {side}")


def history_field(item: str) -> Missing:
    return Missing(f"history.symptoms.{item}", label("history_items", item))


def angle_field(angle_id: str, side: SideName) -> Missing:
    return Missing(f"goniometry.{angle_id}.{side}", f"{label('angles', angle_id)} {side}")


def motor_text(myotome: str, side: SideName, grade: MotorGrade) -> str:
    limited = "" if grade.limited_by == "none" else f", limited by {grade.limited_by}"
    return f"{label('myotomes', myotome).lower()} {grade.text().rstrip('*')}/5 {side}{limited}"


def reflex_text(reflex: str, side: SideName, grade: ReflexGrade) -> str:
    return f"{label('reflexes', reflex).lower()} reflex {grade.text()} {side}"
