"""docs/clinical.md, generated from the shipped form and the ruleset: every identifier, scale,
rule family, tier and source the program encodes, so the clinical reference cannot drift from
what the program does.

    python -m slrdesk.core.clinical_doc > docs/clinical.md
"""

from __future__ import annotations

import sys

from slrdesk.core.assessment.must_not_miss import CONDITIONS
from slrdesk.core.assessment.rules import HYPOTHESES, RULES, RULESET_VERSION
from slrdesk.core.assessment.sources import SOURCES, short_citation
from slrdesk.core.catalog import Catalog, load_catalog
from slrdesk.core.document.cell_entry import HINTS
from slrdesk.core.examples import VIGNETTES

# The scales the exam document records, as the grids take them and the note prints them.
SCALES = (
    ("Muscle strength", "MRC 0–5, with - or + on grade 4; then what limited the effort: nothing, "
     "pain, guarding or effort (pain or guarding: not counted as objective weakness; 0/5 never "
     "pain-inhibited)", HINTS["motor"]),
    ("Deep tendon reflexes", "0 absent, 1+ reduced, 2+ normal, 3+ brisk, 4+ with clonus",
     HINTS["reflex"]),
    ("Light touch by dermatome", "normal, altered, absent", HINTS["sensation"]),
    ("Special tests", "per side: positive, negative, not tested; where the symptoms were felt",
     HINTS["test"]),
    ("Pain", "0–10 numeric rating: now, worst in 24 hours, back, leg; per pain-map region", ""),
    ("Mens active straight-leg raise", "0–5 per leg (0 no difficulty … 5 unable), without and "
     "with pelvic compression; sum 0–10", ""),
    ("Ankle clonus", "beats, 0–100", ""),
    ("Any graded finding", "or not testable, with the reason (pain, immobilised, contracture, "
     "patient declined, other)", ""),
)


def _rows(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _form(cat: Catalog) -> list[str]:
    lines = ["## 3. Dermatomes (light touch) and pain-map regions", ""]
    lines += _rows(["dermatome", "label", "area"],
                   [[f"`{d.id}`", d.label, d.area] for d in cat.dermatomes.values()])
    lines += _rows(["id", "label", "view", "dermatomes"],
                   [[f"`{r.id}`", r.label, r.view, ", ".join(r.dermatomes)]
                    for r in cat.regions.values()])
    lines += ["### Pain qualities", ""]
    lines += _rows(["id", "label"], [[f"`{q.id}`", q.label] for q in cat.qualities.values()])
    lines += ["## 4. Goniometry (degrees, per side)", ""]
    lines += _rows(["id", "angle", "recordable", "usual up to"],
                   [[f"`{a.id}`", a.label, f"{a.minimum}–{a.maximum}°", f"{a.plausible_maximum}°"]
                    for a in cat.angles.values()])
    lines += _rows(["instrument", "label", "measurement error"],
                   [[f"`{i.id}`", i.label, f"{i.measurement_error_deg:g}°"]
                    for i in cat.instruments.values()])
    lines += ["## 5. Special tests (per side)", ""]
    lines += _rows(["id", "test", "group"],
                   [[f"`{t.id}`", t.label, t.group] for t in cat.special_tests.values()])
    return lines


def _neurology(cat: Catalog) -> list[str]:
    lines = ["## 2. Myotomes and reflexes", ""]
    lines += _rows(["myotome", "movement", "muscle", "roots (accessory)"],
                   [[f"`{m.id}`", m.label, m.muscle, "/".join(m.roots)
                     + (f" ({'/'.join(m.accessory_roots)})" if m.accessory_roots else "")]
                    for m in cat.myotomes.values()])
    lines += _rows(["reflex", "label", "roots"],
                   [[f"`{r.id}`", r.label, "/".join(r.roots)] for r in cat.reflexes.values()])
    return lines


def _history(cat: Catalog) -> list[str]:
    lines = ["## 10. History questions", ""]
    lines += _rows(["id", "question", "covers"],
                   [[f"`{h.id}`", h.label, h.detail] for h in cat.history_items.values()])
    for title, section in (("Onset", cat.onsets), ("Mechanism", cat.mechanisms),
                           ("Course", cat.courses), ("Where symptoms were felt",
                                                     cat.symptom_locations)):
        lines.append(f"{title}: " + ", ".join(f"`{e.id}` ({e.label})"
                                              for e in section.values()) + ".")
        lines.append("")
    return lines


def _red_flags(cat: Catalog) -> list[str]:
    lines = ["## 7. Red flags, must-not-miss conditions and urgency", "",
              "The cauda equina screen: " + ", ".join(f"`{f}`" for f in cat.screen_items)
              + ". Lasting items carry a \"yes\" into later exams until answered again.", ""]
    lines += _rows(["id", "red flag", "what it covers", "tier", "screen", "lasting"],
                   [[f"`{f.id}`", f.label, f.detail, f.tier, "yes" if f.screen else "",
                     "yes" if f.lasting else ""] for f in cat.red_flags.values()])
    lines += ["Urgency tiers, most urgent first; a red flag is never outranked.", ""]
    lines += _rows(["id", "tier", "action"],
                   [[f"`{t.id}`", t.label, t.action] for t in cat.urgency_tiers.values()])
    lines += ["Must-not-miss conditions are raised from the findings whatever the checklist "
              "says, each with its tier and action:", ""]
    lines += _rows(["id", "condition", "action"],
                   [[f"`{c.id}`", c.label, c.action] for c in CONDITIONS])
    return lines


def _codes(cat: Catalog) -> list[str]:
    lines = ["## 8. Codes for the clinician's impression (ICD-10-CM)", "",
              "Offered, never chosen for the clinician; check against the current release.", ""]
    lines += _rows(["code", "label"], [[c.id, c.label] for c in cat.codes.values()])
    lines += ["Standard codes in the FHIR export:", "",
              "Only these; anything else is exported as text (a wrong code is worse than none).",
              ""]
    lines += _rows(["item", "system", "code", "display", "checked against"],
                   [[c.item, c.system_uri, c.code, c.display, c.source]
                    for c in cat.codings.values()])
    return lines


def render() -> str:
    cat = load_catalog()  # the shipped form only: this documents the program, not a clinic
    lines = [
        "# SLR Desk clinical reference",
        "",
        "Generated from the shipped form (`forms/`) and the ruleset by "
        "`python -m slrdesk.core.clinical_doc`; a test fails when this file is stale. Every "
        "classification rule with its likelihood ratio is in `docs/rules.md`. The code cites "
        "this file's sections as §1 to §10.",
        "",
        "SLR Desk is decision support for examining a patient who cannot lift one straight leg "
        "while lying on their back: it suggests, the clinician decides, and it never hides or "
        "outranks a red flag. Missing always means \"not recorded\", never \"normal\".",
        "",
        f"Form version {cat.version}; its files are in `forms/`, listed by "
        "`forms/manifest.toml`. Identifiers never change meaning once a signed note has used "
        "them. A clinic's own items have ids `local.<name>` (README, \"Clinic forms\").",
        "",
        "## 1. Sides, scales, not tested",
        "",
        "Sides: " + ", ".join(f"`{side.id}`" for side in cat.data.sides) + ".",
        "",
        *_rows(["finding", "scale", "typed into a grid cell as"],
               [[name, scale, hint] for name, scale, hint in SCALES]),
        *_neurology(cat),
        *_form(cat),
        f"## 6. Hypotheses and their evidence (ruleset {RULESET_VERSION})",
        "",
        "Each hypothesis names where the failure is, not its cause. Its rules add the log of "
        "their likelihood ratio when their finding is present on an affected side.",
        "",
        *_rows(["hypothesis", "label", "rules", "sources"],
               [[f"`{h.id}`", h.label, str(sum(r.hypothesis == h.id for r in RULES)),
                 ", ".join(sorted({short_citation(r.source) for r in RULES
                                   if r.hypothesis == h.id}))] for h in HYPOTHESES]),
        *_red_flags(cat),
        *_codes(cat),
        "## 9. Worked examples",
        "",
        "Complete exam documents (`slrdesk example --vignette NAME`), each with its expected "
        "assessment in `tests/data/vignettes/`: " + ", ".join(f"`{v}`" for v in VIGNETTES)
        + ".",
        "",
        *_history(cat),
        "## Sources",
        "",
        *[f"- **{short_citation(key)}**: {text}" for key, text in SOURCES.items()],
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
