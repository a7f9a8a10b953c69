"""Why the leg fails to lift: true motor loss, pain, or a mechanical block (the clinical brief's
central question).

- neurological: weakness not limited by pain, with a reflex or sensory change in the same roots;
- mechanical: hip range blocked (internal rotation under 15° or flexion 90° or less) without a
  nerve-root deficit;
- pain_inhibited: weakness only where pain or guarding limited it, reflexes and sensation normal;
- undetermined: anything else, with the reason.
"""

from __future__ import annotations

from slrdesk.core.assessment.criteria import FULL_STRENGTH, REDUCED_REFLEX
from slrdesk.core.assessment.facts import ExamView, motor_text, reflex_text
from slrdesk.core.assessment.model import MotorLoss
from slrdesk.core.catalog import catalog

BLOCKED_INTERNAL_ROTATION = 15
BLOCKED_HIP_FLEXION = 90


def _roots_of(myotome: str) -> set[str]:
    spec = catalog().myotomes[myotome]
    return set(spec.roots) | set(spec.accessory_roots)


def motor_loss(view: ExamView) -> MotorLoss:
    cat = catalog()
    true_weak: list[str] = []
    pain_weak: list[str] = []
    corroborating: list[str] = []
    other_deficits: list[str] = []
    blocked: list[str] = []
    weak_roots: set[str] = set()
    for side in view.affected_sides:
        for myotome in cat.myotomes:
            grade = view.motor(myotome, side)
            if grade is None or grade.grade is None or grade.grade >= FULL_STRENGTH:
                continue
            if grade.limited_by == "none":
                true_weak.append(motor_text(myotome, side, grade))
                weak_roots |= {f"{side}:{root}" for root in _roots_of(myotome)}
            elif grade.limited_by in ("pain", "guarding"):
                pain_weak.append(motor_text(myotome, side, grade))
        for side_reflex in cat.reflexes.values():
            reflex = view.reflex(side_reflex.id, side)
            if reflex is None or reflex.grade is None or reflex.grade > REDUCED_REFLEX:
                continue
            text = reflex_text(side_reflex.id, side, reflex)
            same_root = {f"{side}:{r}" for r in side_reflex.roots} & weak_roots
            (corroborating if same_root else other_deficits).append(text)
        for dermatome in cat.dermatomes:
            sensation = view.sensation(dermatome, side)
            if sensation is None or sensation.grade not in ("altered", "absent"):
                continue
            text = f"{dermatome} sensation {sensation.grade} {side}"
            (corroborating if f"{side}:{dermatome}" in weak_roots else other_deficits).append(text)
        rotation = view.angle("hip_internal_rotation", side)
        if rotation is not None and rotation < BLOCKED_INTERNAL_ROTATION:
            blocked.append(f"hip internal rotation {rotation}° {side}")
        flexion = view.angle("hip_flexion", side)
        if flexion is not None and flexion <= BLOCKED_HIP_FLEXION:
            blocked.append(f"hip flexion {flexion}° {side}")

    if true_weak and corroborating:
        return MotorLoss(kind="neurological", reason=(
            f"{', '.join(true_weak)} not limited by pain, with {', '.join(corroborating)} in the "
            "same roots"))
    if blocked and not true_weak:
        return MotorLoss(kind="mechanical", reason=f"hip range blocked: {', '.join(blocked)}")
    if pain_weak and not true_weak and not other_deficits:
        return MotorLoss(kind="pain_inhibited", reason=(
            f"{', '.join(pain_weak)}; no weakness unexplained by pain and no reflex or sensory "
            "deficit: the leg fails from pain, not from motor loss"))
    if true_weak:
        return MotorLoss(kind="undetermined", reason=(
            f"{', '.join(true_weak)} not limited by pain, but no reflex or sensory change in "
            "the same roots confirms a nerve-root deficit"))
    if pain_weak:
        return MotorLoss(kind="undetermined", reason=(
            f"{', '.join(pain_weak)}, but {', '.join(other_deficits)} also present"))
    return MotorLoss(kind="undetermined", reason="no weakness or blocked hip range recorded")
