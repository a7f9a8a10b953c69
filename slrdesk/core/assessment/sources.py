"""The sources the rules cite, by short id. Full citations: docs/clinical.md, "Sources"."""

from __future__ import annotations

SOURCES: dict[str, str] = {
    "suri_2011": "Suri P et al. The accuracy of the physical examination for the diagnosis of "
    "midlumbar and low lumbar nerve root impingement. Spine 2011;36(1):63-73",
    "cochrane_2010": "van der Windt DA et al. Physical examination for lumbar radiculopathy due "
    "to disc herniation. Cochrane Database Syst Rev 2010;CD007431",
    "cook_2011": "Cook C, Brown C, Michael K, et al. The clinical value of a cluster of patient "
    "history and observational findings as a diagnostic support tool for lumbar spine stenosis. "
    "Physiother Res Int 2011;16(3):170-178 (case-control, tertiary care: spectrum bias likely)",
    "suri_2010": "Suri P et al. Does this older adult with lower extremity pain have the clinical "
    "syndrome of lumbar spinal stenosis? JAMA 2010;304(23):2628-36",
    "sutlive_2008": "Sutlive TG et al. Development of a clinical prediction rule for diagnosing "
    "hip osteoarthritis. JOSPT 2008;38(9):542-50",
    "altman_1991": "Altman R et al. ACR criteria for the classification of osteoarthritis of the "
    "hip. Arthritis Rheum 1991;34(5):505-14",
    "bjsm_hip_2016": "Griffin DR et al. The Warwick Agreement on femoroacetabular impingement "
    "syndrome, BJSM 2016, evidence table for FADIR/FABER",
    "laslett_2005": "Laslett M et al. Diagnosis of sacroiliac joint pain: validity of individual "
    "provocation tests and composites of tests. Man Ther 2005;10:207-18",
    "vleeming_2008": "Vleeming A et al. European guidelines for the diagnosis and treatment of "
    "pelvic girdle pain. Eur Spine J 2008;17:794-819",
    "isncsci_2019": "Rupp R et al. International Standards for Neurological Classification of "
    "SCI (revised 2019). Top Spinal Cord Inj Rehabil 2021;27(2):1-22",
    "girft_2023": "GIRFT National Suspected Cauda Equina Syndrome Pathway, 2023",
    "nice_ng234": "NICE NG234 (2023). Spinal metastases and metastatic spinal cord compression",
    "mcwhirter_2011": "McWhirter L, Stone J, Sandercock P, Whiteley W. Hoover's sign for the "
    "diagnosis of functional weakness: a prospective unblinded cohort study in patients with "
    "suspected stroke. J Psychosom Res 2011;71(6):384-6 (8 functional patients: sensitivity "
    "0.63, specificity 1.00)",
    "sonoo_2004": "Sonoo M. Abductor sign: a reliable new sign to detect unilateral non-organic "
    "paresis of the lower limb. J Neurol Neurosurg Psychiatry 2004;75(1):121-5",
    "daum_2014": "Daum C, Hubschmid M, Aybek S. The value of 'positive' clinical signs for "
    "weakness, sensory and gait disorders in conversion disorder: a systematic and narrative "
    "review. J Neurol Neurosurg Psychiatry 2014;85(2):180-90",
    "siwek_rao_1981": "Siwek CW, Rao JP. Ruptures of the extensor mechanism of the knee joint. "
    "J Bone Joint Surg Am 1981;63(6):932-7 (the triad: acute pain, no active knee extension, "
    "a suprapatellar gap)",
    "downie_2013": "Downie A, Williams CM, Henschke N, et al. Red flags to screen for malignancy "
    "and fracture in patients with low back pain: systematic review. BMJ 2013;347:f7095",
    "electrodiagnosis": "Electrodiagnostic textbook consensus on femoral neuropathy (no "
    "published accuracy figures)",
    "clinical_brief": "SLR Desk clinical brief (shared/reference/clinical-brief.txt)",
    "expert_consensus": "Expert clinical consensus (no published accuracy figures)",
}


_SHORT = {
    "bjsm_hip_2016": "Warwick Agreement 2016",
    "girft_2023": "GIRFT 2023",
    "nice_ng234": "NICE NG234",
    "siwek_rao_1981": "Siwek & Rao 1981",
    "mcwhirter_2011": "McWhirter 2011",
    "electrodiagnosis": "electrodiagnostic consensus",
    "isncsci_2019": "ISNCSCI 2019",
    "clinical_brief": "clinical brief",
    "expert_consensus": "expert consensus",
}


def short_citation(source_id: str) -> str:
    """`suri_2011` -> `Suri 2011`; the few that do not follow that pattern are listed."""
    if source_id in _SHORT:
        return _SHORT[source_id]
    author, year = source_id.rsplit("_", 1)
    return f"{author.replace('_', ' ').title()} {year}"
