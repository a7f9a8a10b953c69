"""The sources the rules cite, by short id. Full citations: ../shared/reference/clinical.md."""

from __future__ import annotations

SOURCES: dict[str, str] = {
    "suri_2011": "Suri P et al. The accuracy of the physical examination for the diagnosis of "
    "midlumbar and low lumbar nerve root impingement. Spine 2011;36(1):63-73",
    "cochrane_2010": "van der Windt DA et al. Physical examination for lumbar radiculopathy due "
    "to disc herniation. Cochrane Database Syst Rev 2010;CD007431",
    "cook_2011": "Cook C et al. Clustered clinical findings for diagnosis of lumbar spinal "
    "stenosis. Man Ther 2011",
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
    "mens_2012": "Mens JMA, Huis in 't Veld YH, Pool-Goudzwaard A. The active straight leg raise "
    "test in lumbopelvic pain during pregnancy. Man Ther 2012;17(4):364-8",
    "vleeming_2008": "Vleeming A et al. European guidelines for the diagnosis and treatment of "
    "pelvic girdle pain. Eur Spine J 2008;17:794-819",
    "isncsci_2019": "Rupp R et al. International Standards for Neurological Classification of "
    "SCI (revised 2019). Top Spinal Cord Inj Rehabil 2021;27(2):1-22",
    "girft_2023": "GIRFT National Suspected Cauda Equina Syndrome Pathway, 2023; NICE NG234",
    "clinical_brief": "SLR Desk clinical brief (shared/reference/clinical-brief.txt)",
    "expert_consensus": "Expert clinical consensus (no published accuracy figures)",
}


_SHORT = {
    "bjsm_hip_2016": "Warwick Agreement 2016",
    "girft_2023": "GIRFT 2023",
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
