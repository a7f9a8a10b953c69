"""Red flags from the checklist, from the history and examination, and from the previous exam
(docs/clinical.md §7); the cauda equina screen; the urgency tier.

Nothing lowers a red flag: urgency is the most urgent tier present, and while the cauda equina
screen is incomplete it is never `routine` — `not_established` when nothing else raises it.
"""

from __future__ import annotations

from slrdesk.core.assessment.facts import ExamView, SideName
from slrdesk.core.assessment.model import FlagSource, FlagTier, RedFlag, Screen, Tier
from slrdesk.core.assessment.must_not_miss import (
    CONDITIONS,
    PREVIOUS_EXAM_PREFIX,
    marks_in,
    positive,
)
from slrdesk.core.assessment.neuro import SEVERE_WEAKNESS, is_new, severe_weakness, weakness
from slrdesk.core.catalog import SIDES, catalog

AGE_FLAG_YEARS = 50
AGE_FLAG_ONSET_DAYS = 91  # "new pain": onset within about three months
_LEG_TESTS = ("passive_slr_radicular", "femoral_nerve_stretch", "slump")


def _action(tier: str) -> str:
    if tier == "warning":
        return "Shown as a warning; raises no tier by itself."
    return catalog().urgency_tiers[tier].action


def _flag_tier(value: str) -> FlagTier:
    tiers: dict[str, FlagTier] = {"emergency": "emergency", "same_day": "same_day",
                                  "urgent": "urgent", "warning": "warning"}
    return tiers[value]


def checklist_flags(view: ExamView) -> list[RedFlag]:
    flags = []
    for flag in catalog().red_flags.values():
        answer = view.answer(flag.id)
        if answer not in ("yes", "previously_yes"):
            continue
        source: FlagSource = "checklist" if answer == "yes" else "previous exam"
        finding = ("answered yes on the checklist" if answer == "yes"
                   else "answered yes on an earlier exam and not asked again: counted until "
                   "answered")
        if flag.detail:
            finding += f" ({flag.detail})"
        flags.append(RedFlag(id=flag.id, label=flag.label, tier=_flag_tier(flag.tier),
                             source=source, kind="checklist", finding=finding,
                             action=flag.action or _action(flag.tier)))
    return flags


# --- checklist items the record implies ---------------------------------------------------


def _radicular_leg(view: ExamView, side: SideName) -> list[str]:
    found = marks_in(view, _LEG_REGIONS, (side,), ("radiating",))
    found += [f"{t.replace('_', ' ')} positive {side}" for t in _LEG_TESTS
              if positive(view, t, (side,))]
    return found


_LEG_REGIONS = ("buttock", "posterior_thigh", "popliteal", "calf", "ankle_lateral", "heel_sole",
                "anterior_thigh_upper", "anterior_thigh_lower", "medial_thigh", "lateral_thigh",
                "anterior_knee", "medial_knee", "shin_medial", "shin_lateral", "ankle_medial",
                "foot_dorsum")


def _implied(view: ExamView) -> list[tuple[str, FlagSource, str, bool]]:
    """(checklist id, source, finding, to_confirm) for each checklist item the record implies."""
    implied: list[tuple[str, FlagSource, str, bool]] = []
    history = view.exam.history
    both = {side: _radicular_leg(view, side) for side in SIDES}
    if both["left"] and both["right"]:
        why = None
        if history.onset == "sudden":
            why = "sudden onset"
        elif view.history_yes("spread_to_other_leg"):
            why = "pain spread from one leg to both"
        if why:
            implied.append(("bilateral_radicular_pain", "exam",
                            f"{why}, radicular findings in both legs: "
                            f"{', '.join(both['left'] + both['right'])} (crossed tests excluded)",
                            False))
    if history.onset == "sudden":
        severe = [d.text for s in SIDES for d in severe_weakness(view, s)]
        several = [d.text for s in SIDES if len(weakness(view, s)) >= 2
                   for d in weakness(view, s)]
        if severe or several:
            implied.append(("sudden_onset_weakness", "exam",
                            "sudden onset with objective weakness: "
                            + ", ".join(dict.fromkeys(severe + several)), False))
    new_severe = {s: [d for d in severe_weakness(view, s) if is_new(view, d)] for s in SIDES}
    if new_severe["left"] and new_severe["right"]:
        implied.append(("bilateral_severe_weakness", "exam",
                        f"new objective weakness of {SEVERE_WEAKNESS}/5 or less in both legs: "
                        + ", ".join(d.text for s in SIDES for d in new_severe[s]), False))
    temperature = history.temperature_c
    if temperature is not None and temperature >= 38.0:
        implied.append(("fever_or_infection_signs", "exam",
                        f"measured temperature {temperature:g} °C", False))
    since = view.days_since_onset
    if (view.age > AGE_FLAG_YEARS and since is not None and since <= AGE_FLAG_ONSET_DAYS
            and view.exam.red_flag_answer("age_over_50_new_pain") == "not_asked"):
        implied.append(("age_over_50_new_pain", "history",
                        f"age {view.age} with onset {since} days ago: suggested for the clinician "
                        "to confirm on the checklist (weak alone, Downie 2013)", True))
    return implied


def _disagreement(view: ExamView, twins: tuple[str, ...]) -> str | None:
    denied = [catalog().red_flags[t].label.lower() for t in twins
              if view.exam.red_flag_answer(t) == "no"]
    if not denied:
        return None
    return (f"the checklist answers 'no' to {' and '.join(denied)}, but the history and "
            "examination show it")


def implied_flags(view: ExamView) -> list[RedFlag]:
    cat = catalog()
    flags = []
    for flag_id, source, finding, to_confirm in _implied(view):
        spec = cat.red_flags[flag_id]
        flags.append(RedFlag(id=flag_id, label=spec.label, tier=_flag_tier(spec.tier),
                             source=source, kind="implied", finding=finding,
                             action=spec.action or _action(spec.tier), to_confirm=to_confirm,
                             contradicts=[] if to_confirm else [flag_id],
                             disagreement=_disagreement(view, (flag_id,))))
    return flags


def must_not_miss_flags(view: ExamView) -> list[RedFlag]:
    flags = []
    for condition in CONDITIONS:
        found = condition.detect(view)
        if found is None:
            continue
        tier, finding = found
        source: FlagSource = ("previous exam" if finding.startswith(PREVIOUS_EXAM_PREFIX)
                              else "exam")
        flags.append(RedFlag(id=condition.id, label=condition.label, tier=_flag_tier(tier),
                             source=source, kind="must_not_miss",
                             finding=finding, action=condition.action,
                             contradicts=list(condition.twins),
                             disagreement=_disagreement(view, condition.twins)))
    return flags


def all_red_flags(view: ExamView) -> list[RedFlag]:
    """Every red flag present, most urgent first; within a tier, must-not-miss conditions
    first, then the checklist, then what the record implies; warnings last."""
    flags = must_not_miss_flags(view) + checklist_flags(view) + implied_flags(view)
    order = {"must_not_miss": 0, "checklist": 1, "implied": 2}
    return sorted(flags, key=lambda f: (_flag_rank(f.tier), order[f.kind]))


def _flag_rank(tier: FlagTier) -> int:
    return len(catalog().urgency_tiers) if tier == "warning" else catalog().tier_rank(tier)


def screen(view: ExamView) -> Screen:
    cat = catalog()
    unasked = [f for f in cat.screen_items if view.exam.red_flag_answer(f) == "not_asked"]
    if not unasked:
        return Screen(complete=True, unasked=[], message="Cauda equina screen complete.")
    names = ", ".join(cat.red_flags[f].label.lower() for f in unasked)
    return Screen(complete=False, unasked=unasked,
                  message=f"Cauda equina screen incomplete: {names} not asked. Ask before "
                  "anyone is reassured.")


def urgency(flags: list[RedFlag], cauda_equina_screen: Screen) -> Tier:
    counted: list[Tier] = [f.tier for f in flags if f.tier != "warning" and not f.to_confirm]
    if not cauda_equina_screen.complete:
        counted.append("not_established")
    if not counted:
        return "routine"
    return min(counted, key=catalog().tier_rank)


def unanswered(view: ExamView) -> list[str]:
    return [f for f in catalog().red_flags if view.exam.red_flag_answer(f) == "not_asked"]

