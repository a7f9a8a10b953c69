"""Must-not-miss conditions implied by the history and examination (docs/clinical.md §7, second
table), each from structured fields only, whatever the checklist says.

A row fires only when its whole condition holds. Each detector returns the tier and the
findings it rests on, or None; the table below names its checklist twin (for the disagreement)
and its action. The near misses the table spells out (polyneuropathy, pain-limited bilateral
hip flexion, a merely worsening course, old UMN signs) are part of each detector, because alarm
fatigue makes people override real flags.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from slrdesk.core.assessment.facts import ExamView, SideName, region_text
from slrdesk.core.assessment.model import Tier
from slrdesk.core.assessment.neuro import (
    Deficit,
    all_deficits,
    brisk_reflexes,
    deficits,
    is_new,
    new_deficits,
    severe_weakness,
    umn_signs,
    weakness,
)
from slrdesk.core.catalog import SIDES, catalog

Found = tuple[Tier, str] | None

HIP_REGIONS = ("groin", "anterior_hip", "lateral_hip")
THIGH_REGIONS = ("anterior_thigh_upper", "anterior_thigh_lower", "medial_thigh", "lateral_thigh",
                 "posterior_thigh")
KNEE_REGIONS = ("anterior_knee", "medial_knee", "popliteal")
BACK_REGIONS = ("thoracolumbar", "lumbar_central", "lumbar_paraspinal", "sacrum")
LOWER_ROOTS = frozenset({"L4", "L5", "S1", "S2"})
# Knee extension, ankle and toe movements: pain rarely holds these below 3 in both legs at once.
DISTAL_MYOTOMES = ("knee_extension", "ankle_dorsiflexion", "great_toe_extension",
                   "ankle_plantarflexion")
# Reduced ankle jerks with reduced sensation in the feet only: length-dependent polyneuropathy.
POLYNEUROPATHY_ITEMS = frozenset({"achilles", "L5", "S1"})
LOW_GRADE_FEVER_C = 37.5
PREVIOUS_EXAM_PREFIX = "worse since the previous exam"


def marks_in(view: ExamView, bases: Sequence[str], sides: Sequence[SideName] = SIDES,
             qualities: Sequence[str] = ()) -> list[str]:
    found = []
    for side in sides:
        for base in bases:
            mark = view.mark(base, side)
            if mark is None or (qualities and not set(qualities) & set(mark.qualities)):
                continue
            found.append(f"pain in {region_text(mark.region)}")
    return list(dict.fromkeys(found))


def positive(view: ExamView, test_id: str, sides: Sequence[SideName] = SIDES) -> list[SideName]:
    return [side for side in sides
            if (found := view.test(test_id, side)) is not None and found.result == "positive"]


def _texts(items: Sequence[Deficit]) -> str:
    return ", ".join(d.text for d in items)


# --- the rows ----------------------------------------------------------------------------------


def cauda_equina(view: ExamView) -> Found:
    saddle = [f"saddle sensation {g.grade} {side}" for side in SIDES
              if (g := view.sensation("saddle", side)) is not None
              and g.grade in ("altered", "absent")]
    if saddle:
        return "emergency", ", ".join(saddle)
    mark = view.mark("perineum_saddle", "left")
    if mark is not None and {"numbness", "tingling"} & set(mark.qualities):
        qualities = " and ".join(q for q in mark.qualities if q in ("numbness", "tingling"))
        return "emergency", f"{qualities} marked in the saddle region"
    lower = {side: [d for d in new_deficits(view, side)
                    if d.kind != "umn" and d.roots & LOWER_ROOTS] for side in SIDES}
    if lower["left"] and lower["right"]:
        both = lower["left"] + lower["right"]
        kinds = {d.kind for d in both}
        polyneuropathy = ({d.item for d in both} <= POLYNEUROPATHY_ITEMS
                          and not any(d.kind == "motor" for d in both))
        if len(kinds) >= 2 and not polyneuropathy:
            return "emergency", f"new deficits in both legs: {_texts(both)}"
    distal: dict[SideName, list[str]] = {}
    for side in SIDES:
        for myotome in DISTAL_MYOTOMES:
            grade = view.motor(myotome, side)
            if grade is None or grade.grade is None or grade.grade > 3:
                continue
            deficit = Deficit("motor", side, myotome, frozenset(), myotome, grade.grade)
            if is_new(view, deficit):
                distal.setdefault(side, []).append(
                    f"{myotome.replace('_', ' ')} {grade.text().rstrip('*')}/5 {side}"
                    + (f" (limited by {grade.limited_by})"
                       if grade.limited_by in ("pain", "guarding") else ""))
    if len(distal) == 2:
        return "emergency", ("new weakness of 3 or less in both legs, whatever limited it: "
                             + ", ".join(distal["left"] + distal["right"]))
    return None


def cord_or_brain(view: ExamView) -> Found:
    signs = [d.text for side in SIDES for d in umn_signs(view, side)]
    brisk = [text for side in SIDES for text in brisk_reflexes(view, side)]
    weak_both = all(weakness(view, side) for side in SIDES)
    if brisk and (signs or weak_both):
        extra = "" if signs else "; objective weakness in both legs"
        signs = [*signs, *brisk]
        finding = ", ".join(signs) + extra
    elif signs:
        finding = ", ".join(signs)
    else:
        return None
    ces = any(view.answer(f) == "yes" for f in ("bladder_dysfunction", "bowel_dysfunction",
                                               "saddle_anaesthesia"))
    # Stable means known to be: onset over 14 days ago and a course recorded as stable or
    # improving. An unknown onset or course is not reassurance.
    stable = (not view.recent(14, unknown=True)
              and view.exam.history.course in ("stable", "improving"))
    if not stable or weak_both or ces or cauda_equina(view) is not None:
        return "emergency", finding
    if view.history_yes("known_cns_condition"):
        return "urgent", f"{finding}; a known CNS condition may explain it and nothing changed"
    return "same_day", f"{finding}; new and stable"


def stroke(view: ExamView) -> Found:
    history = view.exam.history
    if history.onset != "sudden" or view.days_since_onset is None or view.days_since_onset > 1:
        return None
    for side in SIDES:
        weak = weakness(view, side)
        roots = {root for d in weak for root in d.roots if root in
                 _primary_roots(d.item)}
        if len(roots) < 2:
            continue
        painless = history.pain_now is not None and history.pain_now <= 2
        new_umn = [d for d in umn_signs(view, side) if is_new(view, d)]
        if painless or new_umn:
            why = "with little pain" if painless else "with " + _texts(new_umn)
            return "emergency", (f"sudden weakness across roots {', '.join(sorted(roots))} of the "
                                 f"{side} leg within 24 hours {why}: {_texts(weak)}")
    return None


def _primary_roots(myotome: str) -> frozenset[str]:
    return frozenset(catalog().myotomes[myotome].roots)


def mscc(view: ExamView) -> Found:
    if not view.flag_yes("history_of_cancer"):
        return None
    new = [d for d in all_deficits(view) if is_new(view, d)]
    if not new:
        return None
    when = "previously yes" if view.answer("history_of_cancer") == "previously_yes" else "yes"
    return "emergency", f"history of cancer ({when}) with new {_texts(new)}"


def spinal_infection(view: ExamView) -> Found:
    back_marks = marks_in(view, BACK_REGIONS)
    back_pain = bool(back_marks) or (view.exam.history.back_pain or 0) > 0
    unremitting = view.flag_yes("severe_unremitting_back_pain")
    risk = view.flag_yes("infection_risk")
    deficit = all_deficits(view)
    fever = view.fever
    if fever and deficit:
        return "emergency", f"fever with {_texts(deficit)}"
    if fever and (back_pain or unremitting):
        return "same_day", "fever with back pain"
    if risk and deficit:
        return "same_day", f"infection risk with {_texts(deficit)}"
    if risk and unremitting:
        return "same_day", "infection risk with severe unremitting back pain"
    return None


def psoas_abscess(view: ExamView) -> Found:
    pain = marks_in(view, ("groin", "lower_abdomen", *THIGH_REGIONS))
    if not pain or not view.recent(NEW_PAIN_DAYS, unknown=True):
        return None
    signs = [f"painful hip extension {s}" for s in positive(view, "painful_hip_extension")]
    signs += [f"hip held flexed (Thomas positive) {s}" for s in positive(view, "thomas")]
    if not signs:
        return None
    temperature = view.exam.history.temperature_c
    context = []
    if temperature is not None and temperature >= LOW_GRADE_FEVER_C:
        context.append(f"temperature {temperature:g} °C")
    if view.flag_yes("infection_risk"):
        context.append("infection risk")
    for item, text in (("diabetes", "diabetes"), ("recent_procedure", "a recent procedure")):
        if view.history_yes(item):
            context.append(text)
    history = view.exam.history
    if history.mechanism == "none" and history.course in ("worsening", "rapidly_worsening"):
        context.append("no mechanism and a worsening course")
    if not context:
        return None
    finding = f"{'; '.join(pain)} with {', '.join(signs)} and {', '.join(context)}"
    urgent_now = view.fever or view.flag_yes("systemically_unwell")
    return ("emergency" if urgent_now else "same_day"), finding


NEW_PAIN_DAYS = 21


def _painful_restricted_hip(view: ExamView) -> list[str]:
    found = [f"painful log roll {s}" for s in positive(view, "log_roll")]
    found += [f"painful internal rotation {s}"
              for s in positive(view, "hip_internal_rotation_pain")]
    for side in SIDES:
        grade = view.exam.neurology.myotomes.get("hip_flexion")
        graded = getattr(grade, side) if grade else None
        if graded is not None and graded.not_testable is not None and (
                graded.not_testable.reason == "pain"):
            found.append(f"hip flexion not testable for pain {side}")
        rotation, other = (view.angle("hip_internal_rotation", side),
                           view.angle("hip_internal_rotation", _other(side)))
        if rotation is not None and other and rotation <= other / 2:
            found.append(f"internal rotation {rotation}° {side} against {other}° {_other(side)}")
    return found


def _other(side: SideName) -> SideName:
    return "right" if side == "left" else "left"


def septic_arthritis(view: ExamView) -> Found:
    hip = _painful_restricted_hip(view)
    fever = view.fever or view.flag_yes("systemically_unwell")
    if hip and fever:
        return "emergency", f"{', '.join(hip)} with fever"
    history = view.exam.history
    if (history.mechanism == "none" and view.recent(14, unknown=False)
            and view.history_yes("unable_to_weight_bear")):
        return "same_day", ("atraumatic onset within 14 days and unable to bear weight "
                            "(the elderly, immunosuppressed and those with a prosthetic hip are "
                            "often afebrile)")
    return None


def hip_fracture(view: ExamView) -> Found:
    fall = view.exam.history.mechanism == "fall"
    cannot_bear = view.history_yes("unable_to_weight_bear")
    shortened = positive(view, "leg_shortened_rotated")
    if shortened:
        return "emergency", f"leg shortened and externally rotated {', '.join(shortened)}"
    if fall and cannot_bear:
        return "emergency", "a fall and unable to bear weight"
    bone = view.flag_yes("osteoporosis_or_steroids")
    hip_pain = marks_in(view, HIP_REGIONS)
    signs = ([f"painful log roll {s}" for s in positive(view, "log_roll")]
             + [f"groin pain on heel strike {s}" for s in positive(view, "heel_strike")])
    if fall and (view.age >= 65 or bone) and (hip_pain or signs):
        who = f"age {view.age}" if view.age >= 65 else "osteoporosis or steroids"
        return "same_day", f"a fall at {who} with {', '.join(hip_pain + signs)}"
    if not fall and bone and marks_in(view, ("groin",)) and signs and view.recent(
            NEW_PAIN_DAYS, unknown=True):
        return "same_day", (f"osteoporosis or steroids with new groin pain and "
                            f"{', '.join(signs)} (insufficiency fracture)")
    return None


def stress_fracture(view: ExamView) -> Found:
    if not view.history_yes("overuse_activity"):
        return None
    pain = marks_in(view, ("groin", *THIGH_REGIONS))
    if not pain:
        return None
    signs = []
    if view.history_yes("night_pain"):
        signs.append("night pain")
    if view.history_yes("unable_to_weight_bear"):
        signs.append("pain on weight-bearing")
    signs += [f"{name} {s}" for test, name in (("log_roll", "painful log roll"),
                                               ("hop_test", "pain on hopping"),
                                               ("fulcrum_test", "painful fulcrum test"))
              for s in positive(view, test)]
    if not signs:
        return None
    return "same_day", f"overuse with {', '.join(pain)} and {', '.join(signs)}"


def limb_ischaemia(view: ExamView) -> Found:
    legs = [s for s in SIDES if s in view.affected_sides or weakness(view, s)
            or view.motor("hip_flexion", s) is not None]
    found = [f"distal pulses absent {s}" for s in legs
             if getattr(view.exam.circulation.distal_pulses, s) == "absent"]
    found += [f"limb cold or pale {s}" for s in positive(view, "limb_cold_pale", legs)]
    return ("emergency", ", ".join(found)) if found else None


def retroperitoneal_haematoma(view: ExamView) -> Found:
    risk = []
    if view.history_yes("bleeding_risk"):
        risk.append("bleeding risk")
    if view.history_yes("recent_procedure"):
        risk.append("a recent procedure")
    if not risk or not view.recent(NEW_PAIN_DAYS, unknown=True):
        return None
    pain = marks_in(view, ("groin", "lower_abdomen", "anterior_hip", *THIGH_REGIONS))
    if not pain:
        return None
    signs = []
    for side in SIDES:
        for myotome in ("hip_flexion", "knee_extension"):
            grade = view.motor(myotome, side)
            if grade is not None and grade.grade is not None and grade.grade < 5:
                signs.append(f"{myotome.replace('_', ' ')} {grade.text().rstrip('*')}/5 {side}")
        signs += [d.text for d in deficits(view, side)
                  if (d.kind == "reflex" and d.item == "patellar")
                  or (d.kind == "sensory" and d.item in ("L2", "L3", "L4"))]
    signs += [f"painful hip extension {s}" for s in positive(view, "painful_hip_extension")]
    if not signs:
        return None
    return "emergency", f"{' and '.join(risk)} with {'; '.join(pain)} and {', '.join(signs)}"


def _hip_thigh_knee_pain(view: ExamView) -> list[str]:
    found = marks_in(view, (*HIP_REGIONS, *THIGH_REGIONS, *KNEE_REGIONS))
    if not found and not view.has_pain_map:
        history = view.exam.history
        if any((score or 0) > 0 for score in (history.pain_now, history.leg_pain)):
            found = ["leg pain in the history"]
    return found


def scfe(view: ExamView) -> Found:
    if not 9 <= view.age <= 16:
        return None
    pain = _hip_thigh_knee_pain(view)
    if not pain:
        return None
    cannot_bear = view.history_yes("unable_to_weight_bear")
    lost_ir = [f"internal rotation {v}° {s}" for s in SIDES
               if (v := view.angle("hip_internal_rotation", s)) is not None and v <= 10]
    if cannot_bear:
        return "emergency", f"age {view.age}, {', '.join(pain)}, unable to bear weight"
    if lost_ir:
        return "same_day", f"age {view.age}, {', '.join(pain)}, {', '.join(lost_ir)}"
    return None


def paediatric_hip(view: ExamView) -> Found:
    if view.age >= 9:
        return None
    pain = _hip_thigh_knee_pain(view)
    if not pain:
        return None
    if view.fever or view.history_yes("unable_to_weight_bear"):
        return "emergency", (f"age {view.age}, {', '.join(pain)}, with fever or unable to "
                             "bear weight")
    return "same_day", f"age {view.age}, {', '.join(pain)}"


def tendon_rupture(view: ExamView) -> Found:
    found = [f"extension lag {s}" for s in positive(view, "extension_lag")]
    found += [f"palpable gap {s}" for s in positive(view, "palpable_gap")]
    return ("urgent", ", ".join(found)) if found else None


def progressive_deficit(view: ExamView) -> Found:
    history = view.exam.history
    found = all_deficits(view)
    if history.course == "rapidly_worsening" and found:
        return "same_day", f"rapidly worsening course with {_texts(found)}"
    worse = _worse_than_previous(view)
    if worse:
        return "same_day", f"{PREVIOUS_EXAM_PREFIX}: {', '.join(worse)}"
    if history.onset == "sudden":
        severe = [d for s in SIDES for d in severe_weakness(view, s)]
        several = [s for s in SIDES if len(weakness(view, s)) >= 2]
        if severe or several:
            weak = [d for s in SIDES for d in weakness(view, s)]
            return "same_day", f"sudden onset with {_texts(weak)}"
    return None


def _worse_than_previous(view: ExamView) -> list[str]:
    if view.previous is None:
        return []
    before = ExamView(view.previous)
    worse = []
    for side in SIDES:
        for myotome in view.exam.neurology.myotomes:
            now, then = view.motor(myotome, side), before.motor(myotome, side)
            if (now is not None and then is not None and now.grade is not None
                    and then.grade is not None and now.grade < then.grade
                    and now.objective_weakness):
                worse.append(f"{myotome.replace('_', ' ')} {then.grade}/5 → {now.grade}/5 {side}")
        for reflex in view.exam.neurology.reflexes:
            rnow, rthen = view.reflex(reflex, side), before.reflex(reflex, side)
            if (rnow is not None and rthen is not None and rnow.grade == 0
                    and rthen.grade is not None and rthen.grade > 0):
                worse.append(f"{reflex.replace('_', ' ')} reflex newly lost {side}")
    return worse


def severe_motor_deficit(view: ExamView) -> Found:
    """Objective weakness of 3 or less in one leg; new severe weakness in both legs is the
    emergency `bilateral_severe_weakness` instead, not a second, lesser flag."""
    found = {s: severe_weakness(view, s) for s in SIDES}
    if all(any(is_new(view, d) for d in found[s]) for s in SIDES):
        return None
    every = found["left"] + found["right"]
    return ("same_day", _texts(every)) if every else None


def sign_of_the_buttock(view: ExamView) -> list[str]:
    """Passive SLR pain below 30° felt in the buttock with hip flexion limited (90° or less,
    measured with the knee bent): a prompt to consider serious pathology (docs/clinical.md §7)."""
    found = []
    for side in SIDES:
        onset_angle = view.angle("passive_slr_onset", side)
        where = getattr(view.exam.goniometry.passive_slr_onset_location, side)
        flexion = view.angle("hip_flexion", side)
        if (onset_angle is not None and onset_angle < 30 and where == "buttock"
                and flexion is not None and flexion <= 90):
            found.append(f"passive SLR pain from {onset_angle}° in the buttock with hip flexion "
                         f"{flexion}° {side} (sign of the buttock): consider infection, tumour or "
                         "fracture")
    return found


@dataclass(frozen=True)
class Condition:
    id: str
    label: str
    action: str
    detect: Callable[[ExamView], Found]
    condition: str  # when it fires, and at which tier, in words (docs/rules.md)
    twins: tuple[str, ...] = ()  # checklist items that say the same thing


_ED_MRI = "Emergency department now for MRI (GIRFT national suspected cauda equina pathway 2023)."
CONDITIONS: tuple[Condition, ...] = (
    Condition(
        id='suspected_cauda_equina',
        label='Suspected cauda equina syndrome',
        action=_ED_MRI,
        detect=cauda_equina,
        condition=("altered or absent saddle sensation; numbness or tingling marked on the "
                   "saddle; new objective deficits on each side in L4-S2 myotomes, reflexes or "
                   "dermatomes, at least two kinds (not the symmetric ankle-jerk-and-feet "
                   "pattern of polyneuropathy); or new weakness of 3 or less of knee "
                   "extension, ankle or toe movements in both legs whatever limited it "
                   "(emergency). Pain-limited bilateral hip flexion does not fire: it prompts "
                   "re-testing"),
        twins=('saddle_anaesthesia', 'bilateral_severe_weakness'),
    ),
    Condition(
        id='suspected_cord_or_brain',
        label='Upper motor neurone sign: cord or brain',
        action="Emergency department / same-day neurology or spinal team.",
        detect=cord_or_brain,
        condition=("extensor plantar; clonus of 5 or more beats; brisk reflexes (3+/4+) with "
                   "another UMN sign or with objective weakness in both legs. Emergency unless "
                   "known to be stable (onset over 14 days, course stable or improving) "
                   "without weakness in both legs or a cauda equina item; then same day, or "
                   "urgent when a known CNS condition explains it"),
    ),
    Condition(
        id='suspected_stroke',
        label='Suspected stroke',
        action="Call emergency services now: stroke is time-critical.",
        detect=stroke,
        condition=("sudden onset within 24 hours with objective weakness across two or more "
                   "roots of one leg, with pain 0-2 or a new UMN sign (emergency)"),
    ),
    Condition(
        id='suspected_mscc',
        label='Suspected metastatic spinal cord compression',
        action=("Contact the MSCC coordinator / acute oncology immediately (NICE NG234); "
                "whole-spine MRI within 24 hours."),
        detect=mscc,
        condition=("history of cancer (now or previously yes) with any new objective deficit "
                   "(emergency)"),
        twins=('cancer_with_neuro_signs',),
    ),
    Condition(
        id='suspected_spinal_infection',
        label='Suspected spinal infection',
        action="Emergency department / same-day spinal assessment.",
        detect=spinal_infection,
        condition=("fever (38 °C or the checklist) with a neurological deficit (emergency); "
                   "fever with back pain, or infection risk with severe unremitting back pain "
                   "or a deficit (same day)"),
        twins=('fever_or_infection_signs',),
    ),
    Condition(
        id='suspected_psoas_abscess',
        label='Suspected psoas abscess',
        action="Blood count, CRP, cultures, CT or MRI today.",
        detect=psoas_abscess,
        condition=("new groin, flank or thigh pain with painful hip extension or Thomas "
                   "positive, and temperature 37.5 °C or more, infection risk, diabetes, a "
                   "recent procedure, or no mechanism with a worsening course (same day; "
                   "emergency with fever or systemically unwell)"),
    ),
    Condition(
        id='suspected_septic_arthritis',
        label='Suspected septic arthritis of the hip',
        action="Emergency department now: aspiration and cultures.",
        detect=septic_arthritis,
        condition=("a painful, restricted hip (painful log roll or internal rotation, hip "
                   "flexion not testable for pain, or IR half the other side or less) with "
                   "fever (emergency); atraumatic onset within 14 days with inability to bear "
                   "weight (same day)"),
        twins=('fever_or_infection_signs',),
    ),
    Condition(
        id='suspected_hip_fracture',
        label='Suspected hip fracture',
        action=("Emergency department (surgery within ~36 h if displaced) / same-day X-ray, "
                "MRI if negative. Do not test resisted hip flexion, hopping or the fulcrum "
                "test."),
        detect=hip_fracture,
        condition=("leg shortened and rotated, or a fall with inability to bear weight "
                   "(emergency); a fall at 65 or more or with osteoporosis/steroids, with hip "
                   "pain, a painful log roll or heel strike; or osteoporosis/steroids with new "
                   "groin pain and a painful log roll or heel strike (same day). Resisted, "
                   "hop, heel-strike and fulcrum tests are never suggested"),
        twins=('major_trauma',),
    ),
    Condition(
        id='suspected_stress_fracture',
        label='Suspected femoral neck or shaft stress fracture',
        action=("Crutches, no weight-bearing, MRI within a day. Do not test hopping or the "
                "fulcrum test."),
        detect=stress_fracture,
        condition=("overuse with groin or thigh pain and night pain, pain on weight-bearing, a "
                   "painful log roll or a recorded positive hop or fulcrum test (same day)"),
    ),
    Condition(
        id='suspected_limb_ischaemia',
        label='Suspected acute limb ischaemia',
        action="Vascular emergency: emergency department now.",
        detect=limb_ischaemia,
        condition=("distal pulses absent or the limb cold or pale on the weak or affected leg "
                   "(emergency)"),
    ),
    Condition(
        id='suspected_retroperitoneal_haematoma',
        label='Suspected retroperitoneal or iliacus haematoma',
        action="Emergency department now: CT, blood count, clotting; reverse anticoagulation.",
        detect=retroperitoneal_haematoma,
        condition=("bleeding risk or a recent procedure, with new (21 days) groin, lower- "
                   "abdominal, hip or thigh pain, and hip-flexion or knee-extension weakness "
                   "whatever limited it, a reduced patellar reflex, L2-L4 sensory change or "
                   "painful hip extension (emergency)"),
    ),
    Condition(
        id='suspected_scfe',
        label='Suspected slipped capital femoral epiphysis',
        action="Orthopaedics; no weight-bearing.",
        detect=scfe,
        condition=("age 9-16 with hip, thigh or knee pain and internal rotation 10° or less "
                   "(same day) or inability to bear weight (emergency)"),
    ),
    Condition(
        id='suspected_paediatric_hip',
        label="Child's hip: septic arthritis, Perthes or transient synovitis",
        action="Paediatric assessment.",
        detect=paediatric_hip,
        condition=("age under 9 with hip, thigh or knee pain (same day; emergency with fever "
                   "or inability to bear weight)"),
    ),
    Condition(
        id='suspected_tendon_rupture',
        label='Suspected quadriceps or patellar tendon rupture',
        action="Orthopaedics within days (repair is best early).",
        detect=tendon_rupture,
        condition=("extension lag or a palpable gap (urgent)"),
    ),
    Condition(
        id='progressive_deficit',
        label='Progressive neurological deficit',
        action="Same-day specialist assessment.",
        detect=progressive_deficit,
        condition=("course rapidly worsening with an objective deficit; a myotome weaker or a "
                   "reflex newly lost since the previous exam; or sudden onset with objective "
                   "weakness of 3 or less or in two or more myotomes (same day). A merely "
                   "worsening course raises nothing"),
        twins=('rapidly_worsening_weakness',),
    ),
    Condition(
        id='severe_motor_deficit',
        label='Severe motor deficit (3/5 or less), not explained by pain',
        action="Same-day specialist assessment.",
        detect=severe_motor_deficit,
        condition=("objective weakness of 3 or less (same day), unless new in both legs (then "
                   "bilateral severe weakness, emergency)"),
    ),
)
# Tests that must not be suggested while a fracture is suspected (they can displace it).
FRACTURE_UNSAFE_TESTS = frozenset({"stinchfield", "resisted_hip_flexion_pain", "hop_test",
                                   "fulcrum_test", "heel_strike"})
NEVER_SUGGESTED_TESTS = frozenset({"hop_test", "fulcrum_test"})
