"""Reading an exam the way the rules need it: side-aware, with "not recorded" kept apart.

`ExamView` answers questions such as "is hip flexion weak on an affected side?" with the
finding as a clinician writes it ("hip flexion 3/5 left"), and says which field would have to be
recorded when the exam cannot answer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from slrdesk.core.catalog import SIDES, catalog

if TYPE_CHECKING:
    from slrdesk.core.document.exam import ExamDocument
    from slrdesk.core.document.findings import (
        MotorGrade,
        PainMark,
        PlantarGrade,
        ReflexGrade,
        SensationGrade,
        SpecialTestFinding,
    )

SideName = Literal["left", "right"]

FEVER_C = 38.0
# History items that stay true once answered yes (docs/clinical.md §7): carried into follow-ups.
LASTING_HISTORY = ("bleeding_risk", "diabetes", "known_cns_condition")


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
    """Read-only questions about one exam, restricted to the sides that count.

    `previous` is the patient's previous exam, if any: lasting "yes" answers carry from it and
    a deficit it did not show is new (docs/clinical.md §7).
    """

    def __init__(self, exam: ExamDocument, previous: ExamDocument | None = None,
                 sides: tuple[SideName, ...] | None = None) -> None:
        self.exam = exam
        self.previous = previous
        side = exam.history.affected_side
        self.affected_sides: tuple[SideName, ...] = sides or (
            (side,) if side in ("left", "right") else SIDES
        )
        self.side_recorded = side is not None
        self._marks_by_region = {m.region: m for m in exam.pain_map}
        # Outcomes of criteria shared by several rules (a cluster's items), judged once.
        self.shared: dict[object, Any] = {}

    def on_leg(self, side: SideName) -> ExamView:
        """The same exam looked at on one leg only: paired findings must share that leg."""
        key = ("on_leg", side)
        leg: ExamView | None = self.shared.get(key)
        if leg is None:
            leg = self.shared[key] = ExamView(self.exam, self.previous, sides=(side,))
        return leg

    # --- history ----------------------------------------------------------------------------

    @property
    def age(self) -> int:
        return self.exam.age

    @property
    def days_since_onset(self) -> int | None:
        onset_date = self.exam.history.onset_date
        if onset_date is None:
            return None
        return (self.exam.encounter_time.date() - onset_date).days

    def recent(self, days: int, *, unknown: bool) -> bool:
        """Onset within `days` of the encounter; `unknown` when no onset date was recorded."""
        since = self.days_since_onset
        return unknown if since is None else since <= days

    def answer(self, flag_id: str) -> str:
        """The checklist answer, with a lasting "yes" from the previous exam counted while
        this exam has not answered it ("previously_yes")."""
        answer = self.exam.red_flag_answer(flag_id)
        if answer == "not_asked" and self._previously_yes_flag(flag_id):
            return "previously_yes"
        return answer

    def flag_yes(self, flag_id: str) -> bool:
        return self.answer(flag_id) in ("yes", "previously_yes")

    def _previously_yes_flag(self, flag_id: str) -> bool:
        flag = catalog().red_flags.get(flag_id)
        return bool(flag is not None and flag.lasting and self.previous is not None
                    and self.previous.red_flag_answer(flag_id) == "yes")

    def history_yes(self, item: str) -> bool:
        """A yes/no history item answered yes here, or (for a lasting fact) on the previous
        exam and not answered here."""
        answer = self.exam.history.symptoms.get(item)
        if answer is None and item in LASTING_HISTORY and self.previous is not None:
            return self.previous.history.symptoms.get(item) is True
        return answer is True

    @property
    def fever(self) -> bool:
        """Measured 38.0 °C or more, or fever answered yes on the checklist."""
        temperature = self.exam.history.temperature_c
        return (temperature is not None and temperature >= FEVER_C) or self.flag_yes(
            "fever_or_infection_signs")

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


@functools.cache
def test_field(test_id: str, side: SideName) -> Missing:
    return Missing(f"special_tests.{test_id}.{side}", f"{label('special_tests', test_id)} {side}")


@functools.cache
def myotome_field(myotome: str, side: SideName) -> Missing:
    return Missing(f"neurology.myotomes.{myotome}.{side}", f"{label('myotomes', myotome)} {side}")


@functools.cache
def reflex_field(reflex: str, side: SideName) -> Missing:
    return Missing(f"neurology.reflexes.{reflex}.{side}", f"{label('reflexes', reflex)} reflex "
                   f"{side}")


@functools.cache
def sensation_field(dermatome: str, side: SideName) -> Missing:
    return Missing(f"neurology.sensation.{dermatome}.{side}", f"{dermatome} sensation {side}")


@functools.cache
def history_field(item: str) -> Missing:
    return Missing(f"history.symptoms.{item}", label("history_items", item))


@functools.cache
def angle_field(angle_id: str, side: SideName) -> Missing:
    return Missing(f"goniometry.{angle_id}.{side}", f"{label('angles', angle_id)} {side}")


def motor_text(myotome: str, side: SideName, grade: MotorGrade) -> str:
    limited = ("" if grade.limited_by in ("none", "not_recorded")
               else f", limited by {grade.limited_by}")
    return f"{label('myotomes', myotome).lower()} {grade.text().rstrip('*')}/5 {side}{limited}"


def reflex_text(reflex: str, side: SideName, grade: ReflexGrade) -> str:
    return f"{label('reflexes', reflex).lower()} reflex {grade.text()} {side}"
