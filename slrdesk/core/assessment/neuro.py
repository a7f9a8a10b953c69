"""The neurological state of each leg, judged once per exam: objective deficits by kind, what
pain explains, brisk reflexes, and whether a deficit is new (docs/clinical.md §1 and §7).

Every red-flag row, the motor-loss verdict and the consistency checks read the exam through
these few functions, so "objective weakness" and "new" mean the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from slrdesk.core.assessment.facts import ExamView, SideName, motor_text, reflex_text
from slrdesk.core.catalog import SIDES, catalog

DeficitKind = Literal["motor", "reflex", "sensory", "umn"]

REDUCED_REFLEX = 1  # 0 or 1+
BRISK_REFLEX = 3  # 3+ or 4+
SEVERE_WEAKNESS = 3  # MRC 3 or less
# Up to 4 unsustained beats can be physiological (anxiety); 5 or more is abnormal.
ABNORMAL_CLONUS_BEATS = 5
NEW_WITHIN_DAYS = 14


@dataclass(frozen=True)
class Deficit:
    kind: DeficitKind
    side: SideName
    item: str  # the myotome, reflex or dermatome id, or the UMN sign
    roots: frozenset[str]
    text: str
    grade: int | None = None  # the MRC grade of a motor deficit


def _myotome_roots(myotome: str) -> frozenset[str]:
    spec = catalog().myotomes[myotome]
    return frozenset(spec.roots) | frozenset(spec.accessory_roots)


def umn_signs(view: ExamView, side: SideName) -> list[Deficit]:
    """Extensor plantar response, or 5 or more beats of ankle clonus."""
    signs = []
    plantar = view.plantar(side)
    if plantar is not None and plantar.grade == "extensor":
        signs.append(Deficit("umn", side, "plantar_response", frozenset(),
                             f"extensor plantar response {side}"))
    beats = view.clonus(side)
    if beats is not None and beats >= ABNORMAL_CLONUS_BEATS:
        signs.append(Deficit("umn", side, "ankle_clonus", frozenset(),
                             f"ankle clonus {beats} beats {side}"))
    return signs


def _judge_side(view: ExamView, side: SideName) -> list[Deficit]:
    cat = catalog()
    found: list[Deficit] = []
    for myotome in cat.myotomes:
        grade = view.motor(myotome, side)
        if grade is not None and grade.objective_weakness:
            found.append(Deficit("motor", side, myotome, _myotome_roots(myotome),
                                 motor_text(myotome, side, grade), grade.grade))
    for reflex in cat.reflexes.values():
        rgrade = view.reflex(reflex.id, side)
        if rgrade is not None and rgrade.grade is not None and rgrade.grade <= REDUCED_REFLEX:
            found.append(Deficit("reflex", side, reflex.id, frozenset(reflex.roots),
                                 reflex_text(reflex.id, side, rgrade)))
    for dermatome in cat.dermatomes:
        sensation = view.sensation(dermatome, side)
        if sensation is not None and sensation.grade in ("altered", "absent"):
            found.append(Deficit("sensory", side, dermatome, frozenset({dermatome}),
                                 f"{dermatome} sensation {sensation.grade} {side}"))
    return found + umn_signs(view, side)


def deficits(view: ExamView, side: SideName) -> list[Deficit]:
    """Objective deficits on one leg (pain-limited weakness is not one), judged once."""
    key = ("deficits", side)
    cached: list[Deficit] | None = view.shared.get(key)
    if cached is None:
        cached = view.shared[key] = _judge_side(view, side)
    return cached


def all_deficits(view: ExamView) -> list[Deficit]:
    return [d for side in SIDES for d in deficits(view, side)]


def weakness(view: ExamView, side: SideName) -> list[Deficit]:
    return [d for d in deficits(view, side) if d.kind == "motor"]


def severe_weakness(view: ExamView, side: SideName) -> list[Deficit]:
    return [d for d in weakness(view, side) if d.grade is not None and d.grade <= SEVERE_WEAKNESS]


def pain_limited(view: ExamView, side: SideName) -> list[str]:
    """Weakness graded 1–4 that pain or guarding limited: said, never counted as a deficit."""
    found = []
    for myotome in catalog().myotomes:
        grade = view.motor(myotome, side)
        if grade is not None and grade.pain_limited:
            found.append(motor_text(myotome, side, grade))
    return found


def brisk_reflexes(view: ExamView, side: SideName) -> list[str]:
    found = []
    for reflex in catalog().reflexes:
        grade = view.reflex(reflex, side)
        if grade is not None and grade.grade is not None and grade.grade >= BRISK_REFLEX:
            found.append(reflex_text(reflex, side, grade))
    return found


def _previous_deficits(view: ExamView) -> set[tuple[str, str, str]] | None:
    if view.previous is None:
        return None
    key = "previous_deficits"
    cached: set[tuple[str, str, str]] | None = view.shared.get(key)
    if cached is None:
        before = ExamView(view.previous)
        cached = view.shared[key] = {(d.kind, d.side, d.item) for d in all_deficits(before)}
    return cached


def is_new(view: ExamView, deficit: Deficit) -> bool:
    """Begun within 14 days; or absent on the previous exam; or, at a first exam, not known to
    be old (`deficit_longstanding`). An old UMN sign is one `known_cns_condition` explains."""
    if view.recent(NEW_WITHIN_DAYS, unknown=False):
        return True
    before = _previous_deficits(view)
    if before is not None:
        return (deficit.kind, deficit.side, deficit.item) not in before
    if deficit.kind == "umn" and view.history_yes("known_cns_condition"):
        return False
    return not view.history_yes("deficit_longstanding")


def new_deficits(view: ExamView, side: SideName) -> list[Deficit]:
    return [d for d in deficits(view, side) if is_new(view, d)]
