"""Criteria for the hypotheses and corrections of the 2026-11 clinical revision (docs/clinical.md
§6): radicular pain as the population Suri's figures need, the femoral-nerve and extensor
pattern, the age reading of absent ankle jerks, the objective signs that argue against a
functional cause."""

from __future__ import annotations

from slrdesk.core.assessment.criteria import Criterion, _per_side, marked, test_positive
from slrdesk.core.assessment.facts import (
    ExamView,
    Missing,
    Outcome,
    SideName,
    angle_field,
    label,
    myotome_field,
    reflex_field,
    reflex_text,
)
from slrdesk.core.assessment.neuro import deficits

_LEG_REGIONS = ("anterior_thigh_upper", "anterior_thigh_lower", "medial_thigh", "lateral_thigh",
                "posterior_thigh", "anterior_knee", "medial_knee", "popliteal", "calf",
                "shin_medial", "shin_lateral", "ankle_medial", "ankle_lateral", "foot_dorsum",
                "heel_sole")
# Radicular pain is pain that radiates (numbness and tingling are sensory symptoms, not pain).
_RADICULAR = ("radiating",)
_BACK_REGIONS = ("thoracolumbar", "lumbar_central", "lumbar_paraspinal", "sacrum")
ACHILLES_AGE = 60


def radicular_pain() -> Criterion:
    """Radicular leg pain on record: radiating pain marked on the leg, or a passive SLR that
    reproduces it — the population Suri 2011 measured."""
    leg = marked(_LEG_REGIONS, _RADICULAR)
    slr = test_positive("passive_slr_radicular")

    def criterion(view: ExamView) -> Outcome:
        outcomes = (leg(view), slr(view))
        for outcome in outcomes:
            if outcome.fired:
                return Outcome.yes(f"radicular leg pain ({outcome.finding})")
        if all(o.fired is None for o in outcomes):
            return Outcome.unknown(*(m for o in outcomes for m in o.missing))
        return Outcome.no()

    return criterion


def strong(myotome: str) -> Criterion:
    """Graded 5 on an affected side."""

    def check_side(view: ExamView, side: SideName) -> Outcome:
        grade = view.motor(myotome, side)
        if grade is None:
            return Outcome.unknown(myotome_field(myotome, side))
        if grade.grade == 5:
            return Outcome.yes(f"{label('myotomes', myotome).lower()} 5/5 {side}")
        return Outcome.no()

    return lambda view: _per_side(view, lambda side: check_side(view, side))


def knee_weaker_than_hip() -> Criterion:
    """Objective knee-extension weakness graded below hip flexion on the same leg."""

    def check_side(view: ExamView, side: SideName) -> Outcome:
        knee, hip = view.motor("knee_extension", side), view.motor("hip_flexion", side)
        if knee is None or hip is None:
            return Outcome.unknown(*(myotome_field(m, side) for m, g in
                                     (("knee_extension", knee), ("hip_flexion", hip))
                                     if g is None))
        if (knee.objective_weakness and knee.grade is not None and hip.grade is not None
                and knee.grade < hip.grade):
            return Outcome.yes(f"knee extension {knee.grade}/5 below hip flexion "
                               f"{hip.grade}/5 {side}")
        return Outcome.no()

    return lambda view: _per_side(view, lambda side: check_side(view, side))


def back_pain_absent() -> Criterion:
    """Back pain scored 0 and no back region marked; unknown when the score was not taken."""

    def criterion(view: ExamView) -> Outcome:
        score = view.exam.history.back_pain
        marked_back = [m for m in view.exam.pain_map
                       if m.region.split("_left")[0].split("_right")[0] in _BACK_REGIONS]
        if marked_back or (score is not None and score > 0):
            return Outcome.no()
        if score is None:
            return Outcome.unknown(Missing("history.back_pain", "Back pain (0–10)"))
        return Outcome.yes("no back pain")

    return criterion


def achilles_reduced_not_age() -> Criterion:
    """Achilles reflex reduced on an affected side — except both ankle jerks absent after 60,
    which is age rather than a root. After 60 an absent ankle jerk counts only when the other
    one was tested and is present: if the other could not be tested, age cannot be ruled out
    (so marking it not testable never adds evidence)."""

    def criterion(view: ExamView) -> Outcome:
        grades = {side: view.reflex("achilles", side) for side in ("left", "right")}
        over_age = view.age > ACHILLES_AGE
        both_absent = all(g is not None and g.grade == 0 for g in grades.values())
        if both_absent and over_age:
            return Outcome.no()
        found, missing = [], []
        for side in view.affected_sides:
            grade = grades[side]
            if grade is None:
                missing.append(reflex_field("achilles", side))
            elif grade.grade is not None and grade.grade <= 1:
                other_side: SideName = "right" if side == "left" else "left"
                other = grades[other_side]
                if over_age and grade.grade == 0 and other is None:
                    missing.append(reflex_field("achilles", other_side))
                elif over_age and grade.grade == 0 and other is not None and other.grade is None:
                    continue  # the other side not testable: age-related loss not ruled out
                else:
                    found.append(reflex_text("achilles", side, grade))
        if found:
            return Outcome.yes(", ".join(found))
        return Outcome.unknown(*missing) if missing else Outcome.no()

    return criterion


def angle_at_least_of(angle_id: str, limit: int) -> Criterion:
    """The angle is `limit` or more on an affected side (one side is enough)."""

    def check_side(view: ExamView, side: SideName) -> Outcome:
        value = view.angle(angle_id, side)
        if value is None:
            return Outcome.unknown(angle_field(angle_id, side))
        if value >= limit:
            return Outcome.yes(f"{label('angles', angle_id).lower()} {value}° {side}")
        return Outcome.no()

    return lambda view: _per_side(view, lambda side: check_side(view, side))


def mechanism(kind: str) -> Criterion:
    def criterion(view: ExamView) -> Outcome:
        recorded = view.exam.history.mechanism
        if recorded is None:
            return Outcome.unknown(Missing("history.mechanism", "Mechanism"))
        if recorded != kind:
            return Outcome.no()
        return Outcome.yes(f"mechanism: {label('mechanisms', kind).lower()}")

    return criterion


def objective_neuro_sign() -> Criterion:
    """A reflex, plantar, clonus or sensory sign on either leg: objective signs that a
    functional cause does not produce."""

    def criterion(view: ExamView) -> Outcome:
        found = [d.text for side in ("left", "right") for d in deficits(view, side)
                 if d.kind in ("reflex", "umn", "sensory")]
        return Outcome.yes(", ".join(found)) if found else Outcome.no()

    return criterion
