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
    any_of,
    history_yes,
    marked,
    mens_improves_with_compression,
    on_one_leg,
    once,
    onset,
    reflex_reduced,
    sensation_altered,
    slr_onset_below,
    test_negative,
    test_positive,
    test_positive_any_side,
    test_positive_on,
    unless,
    weakness,
    without,
)
from slrdesk.core.assessment.extra_criteria import (
    achilles_reduced_not_age,
    angle_at_least_of,
    back_pain_absent,
    knee_weaker_than_hip,
    mechanism,
    objective_neuro_sign,
    radicular_pain,
    strong,
)
from slrdesk.core.assessment.model import Strength

RULESET_VERSION = "2026.11.1"


@dataclass(frozen=True)
class HypothesisSpec:
    id: str
    short: str  # as it reads inside a sentence
    label: str


# Labels say where the failure is, not its cause: the findings localise, imaging finds the cause.
HYPOTHESES: tuple[HypothesisSpec, ...] = (
    HypothesisSpec("upper_lumbar_radiculopathy", "an L2-L4 nerve root", "L2-L4 nerve root"),
    HypothesisSpec("lower_lumbar_radiculopathy", "an L5-S1 nerve root", "L5-S1 nerve root"),
    HypothesisSpec("lumbar_stenosis", "lumbar stenosis",
                   "Lumbar canal or foramina (stenosis pattern)"),
    HypothesisSpec("iliopsoas_strain", "a hip-flexor strain",
                   "Hip-flexor muscle (iliopsoas strain, grade II/III)"),
    HypothesisSpec("iliopsoas_syndrome", "the iliopsoas tendon or bursa",
                   "Iliopsoas tendon or bursa"),
    HypothesisSpec("hip_joint", "the hip joint", "Hip joint (intra-articular)"),
    HypothesisSpec("pelvic_girdle", "the pelvic girdle",
                   "Pelvic girdle / lumbopelvic load transfer"),
    HypothesisSpec("femoral_neuropathy", "the femoral nerve",
                   "Femoral nerve (peripheral, below the roots)"),
    HypothesisSpec("extensor_mechanism", "the knee extensor mechanism",
                   "Knee extensor mechanism (quadriceps or patellar tendon, patella)"),
    HypothesisSpec("functional_weakness", "functional weakness", "Functional weakness"),
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
    # Overlap groups: a fact shared by two rules (a cluster and its own item, two sources for
    # the same fact) counts once, for the strongest rule that fires.
    groups: tuple[str, ...] = ()
    note: str = ""
    # How many findings the rule rests on: 2 for a published pair, the items a cluster needs.
    findings: int = 1
    # When set, the rule's unrecorded fields are suggested only if this fires: a sign worth
    # looking for only in some pictures (a functional sign where weakness is unexplained).
    suggest_if: Criterion | None = None


EXPERT: Strength = "expert_consensus"
# Modest weights for evidence without published accuracy figures.
EXPERT_FOR = 2.0
EXPERT_WEAK = 1.5
EXPERT_AGAINST = 0.5
BRIEF_WEAK = 1.3
# Suri 2011 reports several midlumbar signs with LR "infinity" (no false positives in a small
# sample); none is encoded above this.
SURI_CAP = 10.0

_HIP_PAIN_REGIONS = ("groin", "anterior_hip", "lateral_hip")
_RADICULAR_QUALITIES = ("numbness", "tingling", "radiating", "burning")
_THIGH_REGIONS = ["anterior_thigh_upper", "anterior_thigh_lower", "medial_thigh"]

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
# Laslett 2005 counts six: distraction, compression and sacral thrust once each, thigh thrust
# on the painful side, Gaenslen left and right.
_LASLETT_ITEMS = (
    test_positive_any_side("sij_distraction"),
    test_positive_any_side("sij_compression"),
    test_positive_any_side("sacral_thrust"),
    test_positive("thigh_thrust"),
    test_positive_on("gaenslen", "left"),
    test_positive_on("gaenslen", "right"),
)
_FNST = once(test_positive("femoral_nerve_stretch"))
_RADICULAR = once(radicular_pain())
_CROSSED_FNST = once(test_positive("crossed_femoral_stretch"))
_PATELLAR = once(reflex_reduced("patellar"))


def _upper_lumbar() -> list[Rule]:
    h = "upper_lumbar_radiculopathy"
    midlumbar = ("ulr_midlumbar",)
    in_radicular = "; Suri 2011 measured it among patients who already have radicular leg pain"
    return [
        Rule("ulr_fnst", h, "femoral nerve stretch test positive, with radicular leg pain", 5.0,
             "suri_2011", "published", all_of(_FNST, _RADICULAR), groups=midlumbar,
             note="LR >= 5; 5.0 used" + in_radicular),
        Rule("ulr_fnst_no_radicular", h, "femoral nerve stretch test positive, radicular leg "
             "pain not recorded", EXPERT_WEAK, "expert_consensus", "expert_consensus",
             unless(_FNST, _RADICULAR), groups=midlumbar,
             note="Suri's figure does not transfer without radicular pain: weak weight"),
        Rule("ulr_crossed_fnst", h, "crossed femoral nerve stretch test positive, with radicular "
             "leg pain", 5.0, "suri_2011", "published",
             all_of(_CROSSED_FNST, _RADICULAR), groups=midlumbar,
             note="LR >= 5; 5.0 used" + in_radicular),
        Rule("ulr_crossed_fnst_no_radicular", h, "crossed femoral nerve stretch test positive, "
             "radicular leg pain not recorded", EXPERT_WEAK, "expert_consensus",
             "expert_consensus", unless(_CROSSED_FNST, _RADICULAR), groups=midlumbar),
        Rule("ulr_patellar", h, "patellar reflex reduced (0 or 1+), with radicular leg pain", 5.0,
             "suri_2011", "published", all_of(_PATELLAR, _RADICULAR), groups=midlumbar,
             note="LR >= 5; 5.0 used" + in_radicular),
        Rule("ulr_patellar_no_radicular", h, "patellar reflex reduced (0 or 1+), radicular leg "
             "pain not recorded", EXPERT_WEAK, "expert_consensus", "expert_consensus",
             unless(_PATELLAR, _RADICULAR), groups=midlumbar,
             note="a reduced knee jerk is also the femoral nerve's or the tendon's"),
        Rule("ulr_fnst_patellar", h, "femoral nerve stretch positive and patellar reflex reduced "
             "on the same leg, with radicular leg pain", 7.0, "suri_2011", "published",
             all_of(on_one_leg(_FNST, _PATELLAR), _RADICULAR), groups=midlumbar, findings=2,
             note="the published pair, LR 7.0 (95% CI 2.3-21), replaces the product of its parts"),
        Rule("ulr_medial_ankle_sensation", h, "L4 (medial ankle) light touch altered", EXPERT_FOR,
             "expert_consensus", "expert_consensus", sensation_altered(["L4"]),
             note="Suri's LR is for pinprick; light touch is expert weight"),
        Rule("ulr_thigh_sensation", h, "L2 or L3 sensation altered", EXPERT_FOR,
             "expert_consensus", "expert_consensus", sensation_altered(["L2", "L3"]),
             note="Suri 2011 ties anterior thigh sensation to L2 but gives no usable LR"),
        Rule("ulr_weakness", h, "objective weakness of hip flexion, hip adduction or knee "
             "extension", EXPERT_FOR, "clinical_brief", "clinical_brief",
             weakness(["hip_flexion", "hip_adduction", "knee_extension"], limited_by_pain=False)),
        Rule("ulr_thigh_symptoms", h, "numbness, tingling or radiating pain in the anterior thigh",
             EXPERT_WEAK, "clinical_brief", "clinical_brief",
             marked(_THIGH_REGIONS, _RADICULAR_QUALITIES)),
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
             note="LR- 0.29 in surgical series; weaker in primary care"),
        Rule("llr_crossed_slr", h, "crossed SLR positive", 2.8, "cochrane_2010", "published",
             test_positive("crossed_slr"), note="sensitivity 0.28, specificity 0.90: LR+ 2.8"),
        Rule("llr_slump", h, "slump test positive", EXPERT_FOR, "expert_consensus",
             "expert_consensus", test_positive("slump"),
             note="published figures disagree (Majlesi 2008 as reported); modest weight used"),
        Rule("llr_achilles", h, "Achilles reflex reduced (0 or 1+), not both absent after 60",
             EXPERT_FOR, "suri_2011", "published", achilles_reduced_not_age(),
             note="LR 7.1 but 95% CI 0.96-53 (n = 54): weighted as weak; both ankle jerks absent "
             "after 60 is age, not a root, and does not count"),
        Rule("llr_weakness", h, "objective weakness of ankle dorsiflexion, great toe extension or "
             "plantarflexion", EXPERT_FOR, "expert_consensus", "expert_consensus",
             weakness(["ankle_dorsiflexion", "great_toe_extension", "ankle_plantarflexion"],
                      limited_by_pain=False)),
        Rule("llr_sensation", h, "L5 or S1 sensation altered", EXPERT_FOR, "expert_consensus",
             "expert_consensus", sensation_altered(["L5", "S1"])),
        Rule("llr_leg_symptoms", h, "radicular symptoms below the knee", EXPERT_WEAK,
             "expert_consensus", "expert_consensus",
             marked(["calf", "shin_lateral", "foot_dorsum", "heel_sole", "ankle_lateral"],
                    _RADICULAR_QUALITIES)),
    ]


def _stenosis() -> list[Rule]:
    h = "lumbar_stenosis"
    # Cook and Suri overlap on sitting (relief sitting / no pain seated) and on age: each
    # overlapping fact counts once, with the stronger weight.
    sitting, age = "stenosis_sitting", "stenosis_age"
    return [
        Rule("ls_cook_4_of_5", h, "Cook cluster: 4 or 5 of 5 (bilateral symptoms, leg pain worse "
             "than back, pain walking or standing, relief sitting, age over 48)", 4.6,
             "cook_2011", "published", count_of("Cook cluster", _COOK_ITEMS, at_least=4),
             groups=(sitting, age), note="specificity 0.98; case-control, tertiary care"),
        Rule("ls_cook_0_of_5", h, "Cook cluster: none of the 5", 0.19, "cook_2011", "published",
             count_of("Cook cluster", _COOK_ITEMS, exactly=0), groups=(sitting, age),
             note="sensitivity 0.96"),
        Rule("ls_no_pain_seated", h, "no pain when seated", 7.4, "suri_2010", "published",
             history_yes("no_pain_seated"), groups=(sitting,)),
        Rule("ls_bending_forward", h, "symptoms relieved by bending forward", 6.4, "suri_2010",
             "published", history_yes("relief_bending_forward")),
        Rule("ls_age_over_70", h, "age over 70", 2.0, "suri_2010", "published", age_over(70),
             groups=(age,)),
        Rule("ls_age_under_60", h, "age under 60", 0.40, "suri_2010", "published", age_under(60),
             groups=(age,)),
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
        Rule("ips_neuro_deficit", h, "objective neurological deficit", EXPERT_AGAINST,
             "expert_consensus", "expert_consensus", neuro_deficit()),
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
        Rule("ipsy_neuro_deficit", h, "objective neurological deficit", EXPERT_AGAINST,
             "expert_consensus", "expert_consensus", neuro_deficit()),
        Rule("ipsy_ir_loss", h, "hip internal rotation 25° or less", EXPERT_AGAINST,
             "expert_consensus", "expert_consensus", angle_at_most("hip_internal_rotation", 25),
             note="a stiff joint points to the hip joint rather than the tendon"),
    ]


def _hip_joint() -> list[Rule]:
    h = "hip_joint"
    cluster = ("hip_oa_cluster",)
    hip_pain = marked(_HIP_PAIN_REGIONS)
    return [
        Rule("hip_sutlive_3", h, "Sutlive cluster: 3 of 5 (squatting aggravates, lateral hip pain "
             "on active flexion, scour positive, pain on active extension, passive IR 25° or "
             "less)", 5.2, "sutlive_2008", "published",
             count_of("Sutlive cluster", _SUTLIVE_ITEMS, at_least=3), groups=cluster,
             findings=3),
        Rule("hip_sutlive_4", h, "Sutlive cluster: 4 or 5 of 5", 24.3, "sutlive_2008",
             "published", count_of("Sutlive cluster", _SUTLIVE_ITEMS, at_least=4), groups=cluster,
             findings=4,
             note="LR+ 24.3 belongs to 4 or more; the 5-of-5 figure (7.3) is a small-sample "
             "artefact and never lowers support"),
        Rule("hip_altman", h, "Altman: hip pain with IR under 15° and flexion 115° or less, or "
             "with painful IR of 15° or more, morning stiffness under 60 minutes and age over 50",
             3.4, "altman_1991", "published",
             any_of(all_of(hip_pain, angle_at_most("hip_internal_rotation", 14),
                           angle_at_most("hip_flexion", 115)),
                    all_of(hip_pain, angle_at_least_of("hip_internal_rotation", 15),
                           test_positive("hip_internal_rotation_pain"),
                           history_yes("morning_stiffness_under_60min"), age_over(50))),
             groups=cluster, note="the whole classification tree, both branches"),
        Rule("hip_fadir_positive", h, "FADIR positive", 1.5, "bjsm_hip_2016",
             "published", test_positive("fadir"),
             note="LR+ 1.0-2.3 for impingement/labral injury: weak alone; 1.5 used"),
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
             note="weak: early SLR pain has other causes (docs/clinical.md §7)"),
        Rule("hip_full_ir", h, "hip internal rotation 35° or more", EXPERT_AGAINST,
             "expert_consensus", "expert_consensus", angle_at_least("hip_internal_rotation", 35)),
    ]


def _pelvic_girdle() -> list[Rule]:
    h = "pelvic_girdle"
    laslett = ("laslett",)
    return [
        Rule("pg_mens_compression", h, "Mens active SLR 1 or more, improving with pelvic "
             "compression", EXPERT_FOR, "vleeming_2008", "expert_consensus",
             mens_improves_with_compression(True),
             note="expert weight: every patient here has ASLR >= 1, and the Mens accuracy "
             "figures (pregnant women with vs without pelvic pain) are for the score, not its "
             "change with compression"),
        Rule("pg_mens_no_change", h, "Mens active SLR 1 or more, no better with compression",
             EXPERT_AGAINST, "vleeming_2008", "expert_consensus",
             mens_improves_with_compression(False)),
        Rule("pg_laslett_positive", h, "Laslett SIJ cluster: 3 or more of 6 positive (an SIJ "
             "source)", 4.3, "laslett_2005", "published",
             count_of("Laslett cluster", _LASLETT_ITEMS, at_least=3), groups=laslett, findings=3,
             note="sensitivity 0.94, specificity 0.78 against an intra-articular SIJ block"),
        Rule("pg_laslett_negative", h, "Laslett SIJ cluster: 2 or fewer of 6 positive", 0.5,
             "laslett_2005", "published",
             count_of("Laslett cluster", _LASLETT_ITEMS, at_most=2), groups=laslett,
             note="LR- 0.08 is against an SIJ source only; weighed no lower than 0.5 against "
             "the broader load-transfer picture"),
        Rule("pg_compensation", h, "compensation seen during the active lift", EXPERT_FOR,
             "clinical_brief", "clinical_brief", test_positive("lift_compensation")),
        Rule("pg_pregnancy", h, "pregnant or postpartum", EXPERT_FOR, "vleeming_2008",
             "expert_consensus", history_yes("pregnancy_or_postpartum")),
        Rule("pg_si_pain", h, "pain over the sacroiliac joint, buttock or symphysis",
             EXPERT_WEAK, "expert_consensus", "expert_consensus",
             marked(["sacroiliac", "buttock", "pubic"])),
        Rule("pg_neuro_normal", h, "neurological examination normal", EXPERT_WEAK,
             "clinical_brief", "clinical_brief", neuro_normal()),
    ]


def _femoral_neuropathy() -> list[Rule]:
    h = "femoral_neuropathy"
    src, strength = "electrodiagnosis", EXPERT
    return [
        Rule("fn_knee_worse", h, "knee extension weaker than hip flexion", EXPERT_FOR, src,
             strength, knee_weaker_than_hip()),
        Rule("fn_patellar", h, "patellar reflex reduced (0 or 1+)", EXPERT_WEAK, src, strength,
             reflex_reduced("patellar")),
        Rule("fn_sensation", h, "altered sensation in the femoral territory (L3 anterior thigh, "
             "L4 medial leg)", EXPERT_WEAK, src, strength, sensation_altered(["L3", "L4"])),
        Rule("fn_no_back_pain", h, "no back pain", EXPERT_WEAK, src, strength, back_pain_absent()),
        Rule("fn_context", h, "bleeding risk, a recent procedure or diabetes", EXPERT_FOR, src,
             strength, any_of(history_yes("bleeding_risk"), history_yes("recent_procedure"),
                              history_yes("diabetes")), suggest_if=_FEMORAL_PICTURE),
        Rule("fn_adductors_spared", h, "hip adduction strong with knee extension weak",
             BRIEF_WEAK, src, strength,
             on_one_leg(strong("hip_adduction"),
                        weakness(["knee_extension"], limited_by_pain=False)),
             note="weak: the adductors are mainly L2-L3 and often strong in L4 root lesions"),
        Rule("fn_against_root", h, "back pain with positive FNST and radicular pain",
             EXPERT_AGAINST, src, strength, all_of(without(back_pain_absent(), "back pain"),
                                                   _FNST, _RADICULAR)),
        Rule("fn_adductors_weak", h, "objective weakness of hip adduction (root or plexus)",
             EXPERT_AGAINST, src, strength, weakness(["hip_adduction"], limited_by_pain=False)),
    ]


def _extensor_mechanism() -> list[Rule]:
    h = "extensor_mechanism"
    src, strength = "siwek_rao_1981", EXPERT
    return [
        Rule("em_extension_lag", h, "extension lag: the knee cannot be held straight", 3.0, src,
             strength, test_positive("extension_lag"), suggest_if=_KNEE_WEAK),
        Rule("em_gap", h, "palpable supra- or infrapatellar gap", 3.0, src, strength,
             test_positive("palpable_gap"), suggest_if=_KNEE_WEAK),
        Rule("em_fall", h, "a fall (or a pop) on a flexed knee", EXPERT_WEAK, src, strength,
             mechanism("fall")),
        Rule("em_knee_only", h, "knee extension weak with hip flexion strong", EXPERT_FOR, src,
             strength, on_one_leg(weakness(["knee_extension"], limited_by_pain=False),
                                  strong("hip_flexion"))),
        Rule("em_hip_weak", h, "objective weakness of hip flexion", EXPERT_AGAINST, src, strength,
             weakness(["hip_flexion"], limited_by_pain=False)),
        Rule("em_sensory", h, "L2-L4 sensation altered", EXPERT_AGAINST, src, strength,
             sensation_altered(["L2", "L3", "L4"])),
    ]


# Weakness that pain does not explain: objective weakness of the hip flexors or knee
# extensors (including effort-limited), where a positive functional sign would change the picture.
_UNEXPLAINED_WEAKNESS = weakness(["hip_flexion", "knee_extension", "hip_abduction"],
                                 limited_by_pain=False)


# A knee that does not extend fully: where the extensor mechanism and the femoral nerve are
# worth asking about.
_KNEE_WEAK = any_of(weakness(["knee_extension"], limited_by_pain=False),
                    weakness(["knee_extension"], limited_by_pain=True))
_FEMORAL_PICTURE = any_of(_KNEE_WEAK, reflex_reduced("patellar"))


def _functional_weakness() -> list[Rule]:
    h = "functional_weakness"
    return [
        Rule("fw_hoover", h, "Hoover sign positive", 5.0, "mcwhirter_2011", "published",
             test_positive("hoover_sign"), groups=("functional_sign",),
             suggest_if=_UNEXPLAINED_WEAKNESS,
             note="sensitivity 0.63, specificity 1.00 in 8 functional patients: capped at LR 5"),
        Rule("fw_abductor", h, "hip abductor sign positive", 3.0, "sonoo_2004", "published",
             test_positive("hip_abductor_sign"), groups=("functional_sign",),
             suggest_if=_UNEXPLAINED_WEAKNESS,
             note="small series; modest LR 3 used (review: Daum 2014)"),
        Rule("fw_neuro_sign", h, "an objective neurological sign (reflex, plantar, clonus, "
             "sensory loss)", 0.3, "daum_2014", "expert_consensus", objective_neuro_sign(),
             note="a positive functional sign does not exclude disease beside it"),
    ]


RULES: tuple[Rule, ...] = (
    *_upper_lumbar(), *_lower_lumbar(), *_stenosis(), *_iliopsoas_strain(),
    *_iliopsoas_syndrome(), *_hip_joint(), *_pelvic_girdle(), *_femoral_neuropathy(),
    *_extensor_mechanism(), *_functional_weakness(),
)
