"""Red flags from the checklist and from the examination itself (CLINICAL.md §7).

The examination can raise a red flag the checklist denies; it is then shown as coming from the
exam, with the disagreement spelled out. Nothing lowers a red flag: urgency is the most urgent
tier present.
"""

from __future__ import annotations

from slrdesk.core.assessment.criteria import SEVERE_WEAKNESS, UMN_CLONUS_BEATS
from slrdesk.core.assessment.facts import (
    ExamView,
    SideName,
    motor_text,
    upper_motor_neurone_signs,
)
from slrdesk.core.assessment.model import RedFlag, Tier
from slrdesk.core.catalog import SIDES, catalog

_EXAM_FLAG_LABELS = {
    "upper_motor_neurone_sign": "Upper motor neurone sign: possible cord compression",
    "saddle_sensory_loss": "Altered saddle sensation",
    "saddle_symptoms": "Numbness or tingling marked in the saddle region",
    "bilateral_severe_weakness": "Severe weakness in both legs, not explained by pain",
    "cancer_with_neuro_signs": "History of cancer with a neurological deficit",
    "severe_motor_deficit": "Severe motor deficit in one leg, not explained by pain",
    "sign_of_the_buttock": "Early SLR pain in the buttock with limited hip flexion",
}
# The checklist item an exam-derived flag corresponds to, where there is one.
_CHECKLIST_TWIN = {
    "saddle_sensory_loss": "saddle_anaesthesia",
    "saddle_symptoms": "saddle_anaesthesia",
    "bilateral_severe_weakness": "bilateral_severe_weakness",
    "cancer_with_neuro_signs": "cancer_with_neuro_signs",
}


def _action(tier: Tier) -> str:
    return catalog().urgency_tiers[tier].action


def checklist_flags(view: ExamView) -> list[RedFlag]:
    cat = catalog()
    return [
        RedFlag(id=flag.id, label=flag.label, tier=_tier(flag.tier), source="checklist",
                finding="answered yes on the checklist" + (f" ({flag.detail})"
                                                           if flag.detail else ""),
                action=_action(_tier(flag.tier)))
        for flag in cat.red_flags.values()
        if view.exam.red_flag_answer(flag.id) == "yes"
    ]


def _tier(value: str) -> Tier:
    tiers: dict[str, Tier] = {"emergency": "emergency", "same_day": "same_day",
                              "urgent": "urgent", "routine": "routine"}
    return tiers[value]


def _severe_weakness(view: ExamView, side: SideName) -> list[str]:
    found = []
    for myotome in catalog().myotomes:
        grade = view.motor(myotome, side)
        if (grade is not None and grade.grade is not None and grade.grade <= SEVERE_WEAKNESS
                and grade.limited_by == "none"):
            found.append(motor_text(myotome, side, grade))
    return found


def _exam_findings(view: ExamView) -> list[tuple[str, Tier, str]]:
    """(flag id, tier, finding) for each red flag the examination implies, on either side."""
    flags: list[tuple[str, Tier, str]] = []
    umn = [sign for side in SIDES
           for sign in upper_motor_neurone_signs(view, side, UMN_CLONUS_BEATS)]
    if umn:
        flags.append(("upper_motor_neurone_sign", "emergency", ", ".join(umn)))
    saddle = [f"saddle sensation {g.grade} {side}" for side in SIDES
              if (g := view.sensation("saddle", side)) is not None
              and g.grade in ("altered", "absent")]
    if saddle:
        flags.append(("saddle_sensory_loss", "emergency", ", ".join(saddle)))
    mark = view.mark("perineum_saddle", "left")
    if mark is not None and {"numbness", "tingling"} & set(mark.qualities):
        qualities = " and ".join(q for q in mark.qualities if q in ("numbness", "tingling"))
        flags.append(("saddle_symptoms", "emergency", f"{qualities} marked in the saddle region"))
    severe = {side: _severe_weakness(view, side) for side in SIDES}
    if severe["left"] and severe["right"]:
        flags.append(("bilateral_severe_weakness", "emergency",
                      "; ".join(severe["left"] + severe["right"])))
    else:
        for side in SIDES:
            if severe[side]:
                flags.append(("severe_motor_deficit", "same_day", "; ".join(severe[side])))
    if view.exam.red_flag_answer("history_of_cancer") == "yes":
        deficits = severe["left"] + severe["right"] + umn + saddle
        if deficits:
            flags.append(("cancer_with_neuro_signs", "emergency",
                          "history of cancer with " + "; ".join(deficits)))
    for side in SIDES:
        onset_angle = view.angle("passive_slr_onset", side)
        where = getattr(view.exam.goniometry.passive_slr_onset_location, side)
        hip_flexion = view.angle("hip_flexion", side)
        if (onset_angle is not None and onset_angle < 30 and where == "buttock"
                and hip_flexion is not None and hip_flexion <= 90):
            flags.append(("sign_of_the_buttock", "urgent",
                          f"passive SLR pain from {onset_angle}° in the buttock with hip flexion "
                          f"{hip_flexion}° {side}: consider serious pathology (infection, tumour, "
                          "fracture)"))
    return flags


def exam_flags(view: ExamView) -> list[RedFlag]:
    result = []
    for flag_id, tier, finding in _exam_findings(view):
        twin = _CHECKLIST_TWIN.get(flag_id)
        disagreement = None
        if twin is not None and view.exam.red_flag_answer(twin) == "no":
            label = catalog().red_flags[twin].label.lower()
            disagreement = f"the checklist answers 'no' to {label}, but the examination shows it"
        result.append(RedFlag(id=flag_id, label=_EXAM_FLAG_LABELS[flag_id], tier=tier,
                              source="exam", finding=finding, action=_action(tier),
                              disagreement=disagreement))
    return result


def all_red_flags(view: ExamView) -> list[RedFlag]:
    """Every red flag present, most urgent first; checklist before exam within a tier."""
    flags = checklist_flags(view) + exam_flags(view)
    rank = catalog().tier_rank
    return sorted(flags, key=lambda f: (rank(f.tier), f.source != "checklist"))


def urgency(flags: list[RedFlag]) -> Tier:
    if not flags:
        return "routine"
    rank = catalog().tier_rank
    return min((f.tier for f in flags), key=rank)


def unanswered(view: ExamView) -> list[str]:
    return [f for f in catalog().red_flags if view.exam.red_flag_answer(f) == "not_asked"]
