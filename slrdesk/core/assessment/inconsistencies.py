"""Consistency and age checks (docs/clinical.md §6): findings that cannot all be right, pointed
out with the fields to re-check, never silently resolved."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from slrdesk.core.assessment.facts import ExamView, SideName, label
from slrdesk.core.assessment.model import Inconsistency
from slrdesk.core.assessment.must_not_miss import positive
from slrdesk.core.assessment.neuro import deficits
from slrdesk.core.catalog import SIDES, catalog

# Heel lift height (cm) -> hip flexion angle of a straight leg at that height, about.
LIFT_ANGLE = {5: 3, 20: 13}
MAX_AGE_WITHOUT_CHECK = 105
CHILD_AGE = 16

Check = Callable[[ExamView], Iterator[Inconsistency]]


def _aslr_vs_hip_flexion(view: ExamView) -> Iterator[Inconsistency]:
    for side in SIDES:
        angle, grade = view.angle("active_slr", side), view.motor("hip_flexion", side)
        if angle is not None and angle >= 60 and grade is not None and grade.grade is not None \
                and grade.grade <= 2:
            yield Inconsistency(
                id="aslr_with_weak_hip_flexion",
                text=f"Active SLR {angle}° {side} with hip flexion {grade.grade}/5: a leg that "
                "lifts to 60° or more is not that weak — re-check one of them.",
                fields=[f"goniometry.active_slr.{side}", f"neurology.myotomes.hip_flexion.{side}"])


def _mens_unable_but_lifts(view: ExamView) -> Iterator[Inconsistency]:
    mens = view.exam.mens_aslr
    limit = LIFT_ANGLE[mens.lift_height_cm or 20] + 5
    for side in SIDES:
        score, angle = getattr(mens.without_compression, side), view.angle("active_slr", side)
        if score == 5 and angle is not None and angle > limit:
            yield Inconsistency(
                id="mens_unable_but_lifts",
                text=f"Mens score 5 (unable) {side} but the active SLR reached {angle}°, above "
                f"the {limit}° of the lift height: re-check one of them.",
                fields=[f"mens_aslr.without_compression.{side}", f"goniometry.active_slr.{side}"])


def _fever_denied(view: ExamView) -> Iterator[Inconsistency]:
    temperature = view.exam.history.temperature_c
    if temperature is not None and temperature >= 38.0 and (
            view.exam.red_flag_answer("fever_or_infection_signs") == "no"):
        yield Inconsistency(
            id="fever_answered_no",
            text=f"Temperature {temperature:g} °C, but fever is answered 'no' on the checklist: "
            "the measurement counts.",
            fields=["history.temperature_c", "red_flags.fever_or_infection_signs"])


def _hoover_with_neuro_sign(view: ExamView) -> Iterator[Inconsistency]:
    hoover = positive(view, "hoover_sign") + positive(view, "hip_abductor_sign")
    signs = [d.text for side in SIDES for d in deficits(view, side) if d.kind != "motor"]
    if hoover and signs:
        yield Inconsistency(
            id="functional_sign_with_neuro_sign",
            text=f"A positive functional sign ({', '.join(hoover)}) beside objective neurological "
            f"signs ({', '.join(signs)}): functional and structural causes can coexist; the "
            "objective signs are not explained by it.",
            fields=[f"special_tests.hoover_sign.{hoover[0]}"])


def _lag_with_full_strength(view: ExamView) -> Iterator[Inconsistency]:
    for side in positive(view, "extension_lag"):
        grade = view.motor("knee_extension", side)
        if grade is not None and grade.grade == 5:
            yield Inconsistency(
                id="extension_lag_with_full_strength",
                text=f"Extension lag {side} with knee extension 5/5: re-check both.",
                fields=[f"special_tests.extension_lag.{side}",
                        f"neurology.myotomes.knee_extension.{side}"])


def _flicker_limited_by_pain(view: ExamView) -> Iterator[Inconsistency]:
    for side in SIDES:
        for myotome in catalog().myotomes:
            grade = view.motor(myotome, side)
            if grade is None or grade.grade is None or grade.grade > 1:
                continue
            if grade.limited_by not in ("pain", "guarding"):
                continue
            what = label("myotomes", myotome).lower()
            if grade.grade == 0:
                text = (f"{what.capitalize()} 0/5 {side} graded 'limited by {grade.limited_by}': "
                        "no contraction at all is never pain inhibition — counted as a true "
                        "deficit.")
            else:
                text = (f"{what.capitalize()} 1/5 {side} graded 'limited by {grade.limited_by}': "
                        "re-check after analgesia (adolescent after a sprint or kick: apophyseal "
                        "avulsion — X-ray; adult with little or no trauma: a lesser-trochanter "
                        "avulsion is metastatic until proven otherwise).")
            yield Inconsistency(id="flicker_limited_by_pain", text=text,
                                fields=[f"neurology.myotomes.{myotome}.{side}"])


def _deficits_on_other_side(view: ExamView) -> Iterator[Inconsistency]:
    side = view.exam.history.affected_side
    if side not in ("left", "right"):
        return
    other: SideName = "right" if side == "left" else "left"
    if deficits(view, other) and not deficits(view, side):
        yield Inconsistency(
            id="deficits_on_unaffected_side",
            text=f"Deficits only on the {other} leg, but the {side} is marked affected: "
            f"{', '.join(d.text for d in deficits(view, other))}.",
            fields=["history.affected_side"])


def _course_vs_checklist(view: ExamView) -> Iterator[Inconsistency]:
    if view.exam.history.course == "rapidly_worsening" and (
            view.exam.red_flag_answer("rapidly_worsening_weakness") == "no"):
        yield Inconsistency(
            id="course_vs_checklist",
            text="The course is 'rapidly worsening', but rapidly worsening weakness is answered "
            "'no' on the checklist.",
            fields=["history.course", "red_flags.rapidly_worsening_weakness"])


def _bilateral_pain_limited_hip_flexion(view: ExamView) -> Iterator[Inconsistency]:
    grades = [view.motor("hip_flexion", side) for side in SIDES]
    if all(g is not None and g.pain_limited and g.grade is not None and g.grade <= 3
           for g in grades):
        yield Inconsistency(
            id="bilateral_pain_limited_hip_flexion",
            text="Hip flexion 3/5 or less in both legs, limited by pain: re-test when pain "
            "allows, and complete the cauda equina screen.",
            fields=["neurology.myotomes.hip_flexion.left", "neurology.myotomes.hip_flexion.right"])


def _limit_not_recorded(view: ExamView) -> Iterator[Inconsistency]:
    for side in SIDES:
        for myotome in catalog().myotomes:
            grade = view.motor(myotome, side)
            if grade is not None and grade.grade is not None and grade.grade < 5 and (
                    grade.limited_by == "not_recorded"):
                yield Inconsistency(
                    id="limit_not_recorded",
                    text=f"{label('myotomes', myotome)} {grade.grade}/5 {side}: what limited it "
                    "(nothing, pain, guarding, effort) is not recorded; counted as objective "
                    "weakness.",
                    fields=[f"neurology.myotomes.{myotome}.{side}"])


def _angles_beyond_plausible(view: ExamView) -> Iterator[Inconsistency]:
    for angle_id, spec in catalog().angles.items():
        for side in SIDES:
            value = view.angle(angle_id, side)
            if value is not None and value > spec.plausible_maximum:
                yield Inconsistency(
                    id="angle_beyond_usual_range",
                    text=f"{spec.label} {value}° {side} is beyond the usual "
                    f"{spec.minimum}–{spec.plausible_maximum}°: check the value (hypermobile "
                    "patients and dancers exceed it).",
                    fields=[f"goniometry.{angle_id}.{side}"])


def _age(view: ExamView) -> Iterator[Inconsistency]:
    if view.age > MAX_AGE_WITHOUT_CHECK:
        yield Inconsistency(
            id="age_check_date_of_birth",
            text=f"Age {view.age}: check the date of birth.",
            fields=["patient.date_of_birth"])
    if view.age < CHILD_AGE:
        yield Inconsistency(
            id="age_under_16",
            text=f"Age {view.age}: the ranking is not validated for children; the paediatric "
            "must-not-miss conditions apply.",
            fields=["patient.date_of_birth"])


CHECKS: tuple[Check, ...] = (
    _age, _aslr_vs_hip_flexion, _mens_unable_but_lifts, _fever_denied, _hoover_with_neuro_sign,
    _lag_with_full_strength, _flicker_limited_by_pain, _deficits_on_other_side,
    _course_vs_checklist, _bilateral_pain_limited_hip_flexion, _limit_not_recorded,
    _angles_beyond_plausible,
)


def inconsistencies(view: ExamView) -> list[Inconsistency]:
    return [found for check in CHECKS for found in check(view)]
