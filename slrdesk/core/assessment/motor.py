"""Why the leg fails to lift (the clinical brief's central question), as docs/clinical.md §6 defines
the kinds, per leg; a patient can show more than one kind.

- neurological: objective weakness that is severe (3/5 or less), or in two or more myotomes, or
  backed by reflex or sensory change in the same roots. A 0/5 with no neurological sign is
  undetermined ("nerve, tendon or bone"), never neurological and never pain-inhibited;
- extensor_mechanism: the knee, not the hip, fails (extension lag or a gap); it takes knee
  extension away from the neurological reading;
- functional: a positive Hoover or hip-abductor sign and no objective neurological sign;
- mechanical: hip range blocked (passive flexion 90° or less, internal rotation 10° or less);
- pain_inhibited: weakness graded 1 or more that pain or guarding limited, neuro otherwise normal;
- undetermined: anything else, saying what is missing.
"""

from __future__ import annotations

from collections.abc import Sequence

from slrdesk.core.assessment.facts import ExamView, SideName
from slrdesk.core.assessment.model import MotorFinding, MotorLoss, MotorLossKind
from slrdesk.core.assessment.must_not_miss import positive
from slrdesk.core.assessment.neuro import Deficit, deficits, pain_limited
from slrdesk.core.catalog import SIDES, catalog

BLOCKED_INTERNAL_ROTATION = 10
BLOCKED_HIP_FLEXION = 90
_PRIORITY: tuple[MotorLossKind, ...] = ("neurological", "extensor_mechanism", "functional",
                                        "mechanical", "pain_inhibited", "undetermined")


def _side_findings(view: ExamView, side: SideName) -> list[MotorFinding]:
    found: list[MotorFinding] = []
    all_deficits = deficits(view, side)
    signs = [d for d in all_deficits if d.kind != "motor"]
    weak = [d for d in all_deficits if d.kind == "motor"]
    knee_fails = positive(view, "extension_lag", (side,)) + positive(view, "palpable_gap", (side,))
    if knee_fails:
        found.append(MotorFinding(kind="extensor_mechanism", side=side,
                                  findings=[f"extension lag or gap {side}"],
                                  reason="the knee, not the hip, fails: extension lag or a "
                                  "palpable gap"))
        weak = [d for d in weak if d.item != "knee_extension"]
    zero_alone = [d for d in weak if d.grade == 0 and not _corroborated(d, signs)]
    # Effort-limited weakness counts for the red flags (it never lowers urgency) but cannot
    # tell a true deficit from submaximal effort: undetermined, never neurological or functional.
    effort = [d for d in weak if d not in zero_alone and _limited_by(view, d) == "effort"]
    counted = [d for d in weak if d not in zero_alone and d not in effort]
    corroborated = [d for d in counted if _corroborated(d, signs)]
    severe = [d for d in counted if d.grade is not None and d.grade <= 3]
    if counted and (severe or len(counted) >= 2 or corroborated):
        why = []
        if severe:
            why.append("severe (3/5 or less)")
        if len(counted) >= 2:
            why.append("in two or more myotomes")
        if corroborated:
            why.append("with reflex or sensory change in the same roots: "
                       + ", ".join(s.text for s in signs if _shares_root(s, corroborated)))
        found.append(MotorFinding(kind="neurological", side=side,
                                  findings=[d.text for d in counted],
                                  reason=f"objective weakness {', '.join(why)}"))
    elif counted:
        found.append(MotorFinding(kind="undetermined", side=side,
                                  findings=[d.text for d in counted],
                                  reason="objective weakness in one myotome, not severe, with no "
                                  "reflex or sensory change to localise it"))
    if effort:
        found.append(MotorFinding(kind="undetermined", side=side,
                                  findings=[d.text for d in effort],
                                  reason="weakness limited by effort: a true deficit cannot be "
                                  "told from submaximal effort; re-test, and look for a positive "
                                  "sign (Hoover, hip abductor) before calling it functional"))
    if zero_alone:
        found.append(MotorFinding(kind="undetermined", side=side,
                                  findings=[d.text for d in zero_alone],
                                  reason="no contraction with no neurological sign: a true "
                                  "deficit of nerve, tendon or bone (avulsion, fracture)"))
    functional = (positive(view, "hoover_sign", (side,))
                  + positive(view, "hip_abductor_sign", (side,)))
    if functional and not signs:
        found.append(MotorFinding(kind="functional", side=side,
                                  findings=[f"positive functional sign {side}"],
                                  reason="a positive Hoover or hip-abductor sign with no "
                                  "objective neurological sign"))
    blocked = _blocked(view, side)
    if blocked:
        found.append(MotorFinding(kind="mechanical", side=side, findings=blocked,
                                  reason="hip range blocked"))
    painful = pain_limited(view, side)
    if painful and not all_deficits:
        found.append(MotorFinding(kind="pain_inhibited", side=side, findings=painful,
                                  reason="weakness limited by pain or guarding, neurological "
                                  "examination otherwise normal: the leg fails from pain"))
    elif painful:
        found.append(MotorFinding(kind="undetermined", side=side, findings=painful,
                                  reason="weakness limited by pain, but with "
                                  + ", ".join(d.text for d in all_deficits)))
    return found


def _limited_by(view: ExamView, deficit: Deficit) -> str:
    grade = view.motor(deficit.item, deficit.side)
    return grade.limited_by if grade is not None else "not_recorded"


def _shares_root(sign: Deficit, weak: Sequence[Deficit]) -> bool:
    return any(sign.roots & d.roots for d in weak)


def _corroborated(weak: Deficit, signs: Sequence[Deficit]) -> bool:
    return any(s.kind in ("reflex", "sensory") and s.roots & weak.roots for s in signs)


def _blocked(view: ExamView, side: SideName) -> list[str]:
    blocked = []
    rotation = view.angle("hip_internal_rotation", side)
    if rotation is not None and rotation <= BLOCKED_INTERNAL_ROTATION:
        blocked.append(f"hip internal rotation {rotation}° {side}")
    flexion = view.angle("hip_flexion", side)
    if flexion is not None and flexion <= BLOCKED_HIP_FLEXION:
        blocked.append(f"hip flexion {flexion}° {side}")
    return blocked


def _merge(findings: list[MotorFinding]) -> list[MotorFinding]:
    """One entry per kind; "both" when both legs show it."""
    merged: dict[MotorLossKind, MotorFinding] = {}
    for f in findings:
        current = merged.get(f.kind)
        if current is None:
            merged[f.kind] = f
        elif current.side != f.side:
            merged[f.kind] = MotorFinding(kind=f.kind, side="both",
                                          findings=current.findings + f.findings,
                                          reason=current.reason)
    return sorted(merged.values(), key=lambda f: _PRIORITY.index(f.kind))


def motor_losses(view: ExamView) -> list[MotorFinding]:
    findings = [f for side in SIDES for f in _side_findings(view, side)]
    affected = [f for f in findings if f.side in view.affected_sides]
    other = [f for f in findings if f.side not in view.affected_sides]
    return _merge(affected) + [f for f in _merge(other)
                               if f.kind not in {a.kind for a in affected}]


def motor_loss(view: ExamView) -> tuple[MotorLoss, list[MotorFinding]]:
    """The leading kind (on an affected side first) with its reason, and every kind found."""
    losses = motor_losses(view)
    if losses:
        lead = losses[0]
        where = "" if lead.side is None else f" ({lead.side})"
        reason = f"{lead.reason}{where}: {', '.join(lead.findings)}"
        return MotorLoss(kind=lead.kind, reason=reason), losses
    ungraded = [label for m, label in ((m, catalog().myotomes[m].label.lower())
                                       for m in catalog().myotomes)
                if all(view.motor(m, s) is None for s in view.affected_sides)]
    missing = (f"; not graded: {', '.join(ungraded)}" if ungraded
               else "; every myotome graded 5/5 or not testable")
    return MotorLoss(kind="undetermined",
                     reason=f"no weakness or blocked hip range recorded{missing}"), []

