"""The ruleset: every rule, the hypothesis it bears on, its source and its weight, as one table.

A rule's weight is the natural log of a likelihood ratio. Where a paper publishes one it is used
as published (`published`); where the weight rests on the product's clinical brief or on expert
opinion, the likelihood ratio is a deliberately modest assumption (1.3-3 for, 0.5 against) and the
rule says so. Rules sharing a `group` overlap (a cluster and its own items, two clusters for the
same disease): only the strongest one that fires counts, so no finding is counted twice.

Weights add up as if findings were independent; they are not quite, so the combined likelihood
ratio is an ordering aid and not a probability. docs/rules.md is generated from this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from slrdesk.core.assessment.clusters import count_of, neuro_deficit, neuro_normal
from slrdesk.core.assessment.criteria import (
    Criterion,
    age_over,
    age_under,
    all_of,
    angle_at_least,
    angle_at_most,
    history_yes,
    marked,
    mens_improves_with_compression,
    onset,
    reflex_reduced,
    sensation_altered,
    slr_onset_below,
    test_negative,
    test_positive,
    weakness,
    without,
)
from slrdesk.core.assessment.model import Strength

RULESET_VERSION = "2026.11.0"


@dataclass(frozen=True)
class HypothesisSpec:
    id: str
    short: str  # as it reads inside a sentence
    label: str


HYPOTHESES: tuple[HypothesisSpec, ...] = (
    HypothesisSpec("upper_lumbar_radiculopathy", "upper lumbar radiculopathy",
                   "Upper lumbar (L2-L4) radiculopathy: disc or foraminal stenosis"),
    HypothesisSpec("lower_lumbar_radiculopathy", "lower lumbar radiculopathy",
                   "Lower lumbar (L5-S1) radiculopathy"),
    HypothesisSpec("lumbar_stenosis", "lumbar stenosis",
                   "Lumbar spinal stenosis, central or foraminal"),
    HypothesisSpec("iliopsoas_strain", "iliopsoas strain",
                   "Grade II/III iliopsoas (hip-flexor) strain"),
    HypothesisSpec("iliopsoas_syndrome", "iliopsoas syndrome",
                   "Iliopsoas syndrome: tendinopathy or bursitis"),
    HypothesisSpec("hip_joint", "hip joint", "Intra-articular hip: osteoarthritis or labral tear"),
    HypothesisSpec("pelvic_girdle", "pelvic girdle", "Pelvic girdle / lumbopelvic load transfer"),
)


@dataclass(frozen=True)
class Rule:
    id: str
    hypothesis: str
    label: str  # the finding the rule looks for, as the rules table prints it
    likelihood_ratio: float
    source: str  # a key of sources.SOURCES
    strength: Strength
    criterion: Criterion
    group: str | None = None
    note: str = ""


# Modest weights for evidence without published accuracy figures.
EXPERT_FOR = 2.0
EXPERT_WEAK = 1.5
EXPERT_AGAINST = 0.5
BRIEF_WEAK = 1.3

_HIP_PAIN_REGIONS = ("groin", "anterior_hip", "lateral_hip")
_RADICULAR_QUALITIES = ("numbness", "tingling", "radiating", "burning")

_COOK_ITEMS = (
    history_yes("bilateral_symptoms"),
    history_yes("leg_pain_worse_than_back"),
    history_yes("pain_walking_standing"),
    history_yes("relief_sitting"),
    age_over(48),
)
_SUTLIVE_ITEMS = (
    history_yes("squatting_aggravates"),
    test_positive("active_hip_flexion_lateral_pain"),
    test_positive("scour"),
    test_positive("active_hip_extension_pain"),
    angle_at_most("hip_internal_rotation", 25),
)
_LASLETT_ITEMS = (
    test_positive("sij_distraction"),
    test_positive("thigh_thrust"),
    test_positive("sij_compression"),
    test_positive("sacral_thrust"),
    test_positive("gaenslen"),
)


def _upper_lumbar() -> list[Rule]:
    h = "upper_lumbar_radiculopathy"
    return [
        Rule("ulr_fnst", h, "femoral nerve stretch test positive", 5.0, "suri_2011",
             "published", test_positive("femoral_nerve_stretch"), group="ulr_signs",
             note="LR >= 5 for midlumbar root impingement; 5.0 used"),
        Rule("ulr_crossed_fnst", h, "crossed femoral nerve stretch test positive", 5.0,
             "suri_2011", "published", test_positive("crossed_femoral_stretch"),
             group="ulr_signs", note="LR >= 5; 5.0 used"),
        Rule("ulr_patellar", h, "patellar reflex reduced (0 or 1+)", 5.0, "suri_2011",
             "published", reflex_reduced("patellar"), group="ulr_signs",
             note="LR >= 5; 5.0 used"),
        Rule("ulr_fnst_patellar", h, "femoral nerve stretch positive and patellar reflex reduced",
             7.0, "suri_2011", "published",
             all_of(test_positive("femoral_nerve_stretch"), reflex_reduced("patellar")),
             group="ulr_signs", note="combination LR 7.0 (95% CI 2.3-21)"),
        Rule("ulr_medial_ankle_sensation", h, "L4 (medial ankle) sensation altered", 5.0,
             "suri_2011", "published", sensation_altered(["L4"]), note="LR >= 5; 5.0 used"),
        Rule("ulr_thigh_sensation", h, "L2 or L3 sensation altered", EXPERT_FOR,
             "expert_consensus", "expert_consensus", sensation_altered(["L2", "L3"]),
             note="Suri 2011 ties anterior thigh sensation to L2 but gives no usable LR"),
        Rule("ulr_weakness", h, "hip flexion or knee extension weak, not limited by pain",
             EXPERT_FOR, "clinical_brief", "clinical_brief",
             weakness(["hip_flexion", "knee_extension"], limited_by_pain=False)),
        Rule("ulr_thigh_symptoms", h, "numbness, tingling or radiating pain in the anterior thigh",
             EXPERT_WEAK, "clinical_brief", "clinical_brief",
             marked(["anterior_thigh_upper", "anterior_thigh_lower", "medial_thigh"],
                    _RADICULAR_QUALITIES)),
        Rule("ulr_neuro_normal", h, "neurological examination normal", EXPERT_AGAINST,
             "expert_consensus", "expert_consensus", neuro_normal()),
        Rule("ulr_weakness_only_pain", h, "weakness only where limited by pain or guarding",
             EXPERT_AGAINST, "isncsci_2019", "expert_consensus",
             all_of(weakness(["hip_flexion", "knee_extension"], limited_by_pain=True),
                    without(weakness(["hip_flexion", "knee_extension"], limited_by_pain=False),
                            "no weakness unexplained by pain"), joiner="; "),
             note="ISNCSCI marks pain-limited grades (*) as not due to a neurological lesion"),
    ]


def _lower_lumbar() -> list[Rule]:
    h = "lower_lumbar_radiculopathy"
    return [
        Rule("llr_slr_positive", h, "passive SLR reproduces radicular leg pain", 1.28,
             "cochrane_2010", "published", test_positive("passive_slr_radicular"),
             note="sensitivity 0.92, specificity 0.28: LR+ 1.28"),
        Rule("llr_slr_negative", h, "passive SLR negative", 0.29, "cochrane_2010", "published",
             test_negative("passive_slr_radicular"),
             note="LR- 0.29: a negative SLR rules out well"),
        Rule("llr_crossed_slr", h, "crossed SLR positive", 2.8, "cochrane_2010", "published",
             test_positive("crossed_slr"), note="sensitivity 0.28, specificity 0.90: LR+ 2.8"),
        Rule("llr_slump", h, "slump test positive", EXPERT_FOR, "expert_consensus",
             "expert_consensus", test_positive("slump"),
             note="published figures disagree (Majlesi 2008 as reported); modest weight used"),
        Rule("llr_achilles", h, "Achilles reflex reduced (0 or 1+)", 7.1, "suri_2011",
             "published", reflex_reduced("achilles")),
        Rule("llr_weakness", h, "great toe extension or plantarflexion weak, not limited by pain",
             EXPERT_FOR, "expert_consensus", "expert_consensus",
             weakness(["great_toe_extension", "ankle_plantarflexion"], limited_by_pain=False)),
        Rule("llr_sensation", h, "L5 or S1 sensation altered", EXPERT_FOR, "expert_consensus",
             "expert_consensus", sensation_altered(["L5", "S1"])),
        Rule("llr_leg_symptoms", h, "radicular symptoms below the knee", EXPERT_WEAK,
             "expert_consensus", "expert_consensus",
             marked(["calf", "shin_lateral", "foot_dorsum", "heel_sole", "ankle_lateral"],
                    _RADICULAR_QUALITIES)),
    ]


def _stenosis() -> list[Rule]:
    h = "lumbar_stenosis"
    return [
        Rule("ls_cook_4_of_5", h, "Cook cluster: 4 or 5 of 5 (bilateral symptoms, leg pain worse "
             "than back, pain walking or standing, relief sitting, age over 48)", 4.6,
             "cook_2011", "published", count_of("Cook cluster", _COOK_ITEMS, at_least=4),
             group="cook", note="specificity 0.98"),
        Rule("ls_cook_0_of_5", h, "Cook cluster: none of the 5", 0.19, "cook_2011", "published",
             count_of("Cook cluster", _COOK_ITEMS, exactly=0), group="cook",
             note="sensitivity 0.96"),
        Rule("ls_no_pain_seated", h, "no pain when seated", 7.4, "suri_2010", "published",
             history_yes("no_pain_seated")),
        Rule("ls_bending_forward", h, "symptoms relieved by bending forward", 6.4, "suri_2010",
             "published", history_yes("relief_bending_forward")),
        Rule("ls_age_over_70", h, "age over 70", 2.0, "suri_2010", "published", age_over(70)),
        Rule("ls_age_under_60", h, "age under 60", 0.40, "suri_2010", "published", age_under(60)),
    ]


def _iliopsoas_strain() -> list[Rule]:
    h = "iliopsoas_strain"
    return [
        Rule("ips_mechanism", h, "sudden onset while sprinting, kicking or dancing", 3.0,
             "clinical_brief", "clinical_brief", onset("sudden", ("sprint", "kick", "dance"))),
        Rule("ips_groin_pain", h, "sharp groin or anterior hip pain", EXPERT_WEAK,
             "clinical_brief", "clinical_brief", marked(["groin", "anterior_hip"], ["sharp"])),
        Rule("ips_resisted_flexion", h, "pain on resisted hip flexion", EXPERT_FOR,
             "clinical_brief", "clinical_brief", test_positive("resisted_hip_flexion_pain")),
        Rule("ips_femoral_triangle", h, "femoral triangle tenderness", EXPERT_FOR,
             "expert_consensus", "expert_consensus", test_positive("femoral_triangle_tenderness")),
        Rule("ips_pain_limited", h, "hip flexion weak, limited by pain or guarding", EXPERT_FOR,
             "clinical_brief", "clinical_brief", weakness(["hip_flexion"], limited_by_pain=True)),
        Rule("ips_neuro_normal", h, "neurological examination normal", EXPERT_WEAK,
             "clinical_brief", "clinical_brief", neuro_normal()),
        Rule("ips_gradual", h, "gradual onset", EXPERT_AGAINST, "expert_consensus",
             "expert_consensus", onset("gradual")),
        Rule("ips_neuro_deficit", h, "neurological deficit", EXPERT_AGAINST, "expert_consensus",
             "expert_consensus", neuro_deficit()),
    ]


def _iliopsoas_syndrome() -> list[Rule]:
    h = "iliopsoas_syndrome"
    return [
        Rule("ipsy_overuse", h, "gradual onset with repetitive hip-flexion overuse", EXPERT_FOR,
             "clinical_brief", "clinical_brief",
             all_of(onset("gradual"), history_yes("overuse_activity"))),
        Rule("ipsy_snapping", h, "snapping hip", EXPERT_FOR, "expert_consensus",
             "expert_consensus", test_positive("snapping_hip")),
        Rule("ipsy_thomas", h, "Thomas test positive", EXPERT_WEAK, "clinical_brief",
             "clinical_brief", test_positive("thomas")),
        Rule("ipsy_resisted_flexion", h, "pain on resisted hip flexion", EXPERT_WEAK,
             "clinical_brief", "clinical_brief", test_positive("resisted_hip_flexion_pain")),
        Rule("ipsy_anterior_hip", h, "anterior hip or groin ache", EXPERT_WEAK, "clinical_brief",
             "clinical_brief", marked(["anterior_hip", "groin"], ["ache"])),
        Rule("ipsy_neuro_deficit", h, "neurological deficit", EXPERT_AGAINST, "expert_consensus",
             "expert_consensus", neuro_deficit()),
        Rule("ipsy_ir_loss", h, "hip internal rotation 25° or less", EXPERT_AGAINST,
             "expert_consensus", "expert_consensus", angle_at_most("hip_internal_rotation", 25),
             note="a stiff joint points to the hip joint rather than the tendon"),
    ]


def _hip_joint() -> list[Rule]:
    h = "hip_joint"
    return [
        Rule("hip_sutlive_3", h, "Sutlive cluster: at least 3 of 5 (squatting aggravates, lateral "
             "hip pain on active flexion, scour positive, pain on active extension, passive IR "
             "25° or less)", 5.2, "sutlive_2008", "published",
             count_of("Sutlive cluster", _SUTLIVE_ITEMS, at_least=3), group="hip_oa_cluster"),
        Rule("hip_sutlive_4", h, "Sutlive cluster: exactly 4 of 5", 24.3, "sutlive_2008",
             "published", count_of("Sutlive cluster", _SUTLIVE_ITEMS, exactly=4),
             group="hip_oa_cluster"),
        Rule("hip_sutlive_5", h, "Sutlive cluster: 5 of 5", 7.3, "sutlive_2008", "published",
             count_of("Sutlive cluster", _SUTLIVE_ITEMS, exactly=5), group="hip_oa_cluster",
             note="the paper reports a lower LR+ for 5 of 5 than for 4 of 5; used as published"),
        Rule("hip_altman", h, "Altman: hip pain, internal rotation under 15° and flexion 115° or "
             "less", 3.4, "altman_1991", "published",
             all_of(marked(_HIP_PAIN_REGIONS), angle_at_most("hip_internal_rotation", 14),
                    angle_at_most("hip_flexion", 115)), group="hip_oa_cluster"),
        Rule("hip_fadir_positive", h, "FADIR positive", 1.5, "bjsm_hip_2016",
             "published", test_positive("fadir"),
             note="LR+ 1.0-2.3 for labral injury: weak alone; 1.5 used"),
        Rule("hip_fadir_negative", h, "FADIR negative", 0.5, "bjsm_hip_2016",
             "published", test_negative("fadir"),
             note="LR- 0.06-0.76 for labral injury: useful when negative; 0.5 used"),
        Rule("hip_mechanical", h, "mechanical symptoms (click, lock, catch)", EXPERT_FOR,
             "expert_consensus", "expert_consensus", history_yes("mechanical_symptoms")),
        Rule("hip_groin_pain", h, "groin pain", EXPERT_WEAK, "clinical_brief", "clinical_brief",
             marked(["groin"])),
        Rule("hip_stinchfield", h, "Stinchfield test with groin pain", EXPERT_WEAK,
             "expert_consensus", "expert_consensus",
             test_positive("stinchfield", locations=("groin", "anterior_thigh"))),
        Rule("hip_log_roll", h, "log roll painful", EXPERT_WEAK, "expert_consensus",
             "expert_consensus", test_positive("log_roll")),
        Rule("hip_early_slr_groin", h, "passive SLR symptoms below 30°, felt in the groin",
             BRIEF_WEAK, "clinical_brief", "clinical_brief", slr_onset_below(30, ["groin"]),
             note="weak: early SLR pain has other causes (CLINICAL.md §7)"),
        Rule("hip_full_ir", h, "hip internal rotation 35° or more", EXPERT_AGAINST,
             "expert_consensus", "expert_consensus", angle_at_least("hip_internal_rotation", 35)),
    ]


def _pelvic_girdle() -> list[Rule]:
    h = "pelvic_girdle"
    return [
        Rule("pg_mens_compression", h, "Mens active SLR 1 or more, improving with pelvic "
             "compression", 4.5, "mens_2012", "published", mens_improves_with_compression(True),
             note="ASLR >= 1: sensitivity 0.54, specificity 0.88 (LR+ 4.5) in pregnancy; "
             "improvement under compression is what marks load-transfer failure"),
        Rule("pg_mens_no_change", h, "Mens active SLR 1 or more, no better with compression",
             EXPERT_AGAINST, "vleeming_2008", "expert_consensus",
             mens_improves_with_compression(False)),
        Rule("pg_laslett_positive", h, "Laslett SIJ cluster: 3 or more of 5 positive", 4.3,
             "laslett_2005", "published", count_of("Laslett cluster", _LASLETT_ITEMS,
                                                   at_least=3),
             group="laslett", note="sensitivity 0.94, specificity 0.78"),
        Rule("pg_laslett_negative", h, "Laslett SIJ cluster: fewer than 3 of 5 positive", 0.08,
             "laslett_2005", "published", count_of("Laslett cluster", _LASLETT_ITEMS, at_most=2),
             group="laslett", note="LR- 0.08 from sensitivity 0.94"),
        Rule("pg_compensation", h, "compensation seen during the active lift", EXPERT_FOR,
             "clinical_brief", "clinical_brief", test_positive("lift_compensation")),
        Rule("pg_pregnancy", h, "pregnant or postpartum", EXPERT_FOR, "vleeming_2008",
             "expert_consensus", history_yes("pregnancy_or_postpartum")),
        Rule("pg_si_pain", h, "pain over the sacroiliac joint or buttock", EXPERT_WEAK,
             "expert_consensus", "expert_consensus", marked(["sacroiliac", "buttock"])),
        Rule("pg_neuro_normal", h, "neurological examination normal", EXPERT_WEAK,
             "clinical_brief", "clinical_brief", neuro_normal()),
    ]


RULES: tuple[Rule, ...] = (
    *_upper_lumbar(), *_lower_lumbar(), *_stenosis(), *_iliopsoas_strain(),
    *_iliopsoas_syndrome(), *_hip_joint(), *_pelvic_girdle(),
)
