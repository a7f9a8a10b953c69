"""docs/rules.md, generated from the ruleset so that the document cannot drift from the code.

    python -m slrdesk.core.assessment.rules_doc > docs/rules.md
"""

from __future__ import annotations

import sys

from slrdesk.core.assessment import engine
from slrdesk.core.assessment.facts import LASTING_HISTORY
from slrdesk.core.assessment.must_not_miss import CONDITIONS
from slrdesk.core.assessment.rules import (
    BRIEF_WEAK,
    EXPERT_AGAINST,
    EXPERT_FOR,
    EXPERT_WEAK,
    HYPOTHESES,
    RULES,
    RULESET_VERSION,
)
from slrdesk.core.assessment.sources import SOURCES, short_citation
from slrdesk.core.catalog import catalog


def render() -> str:
    lines = [
        f"# SLR Desk classification rules — ruleset {RULESET_VERSION}",
        "",
        "Generated from `slrdesk/core/assessment/rules.py` by "
        "`python -m slrdesk.core.assessment.rules_doc`; a test fails when this file is stale.",
        "",
        "Decision support, not a diagnosis. Each rule adds the natural log of its likelihood ratio "
        "(LR) to its hypothesis when its finding is present on an affected side. A finding that "
        "was not examined adds nothing. A rule does not count when a stronger rule that fired "
        "shares one of its overlap groups: a fact shared by a cluster and its item, or reported "
        "by two sources, counts once. Paired rules need both findings on the same leg.",
        "",
        "Strength: **published** — the LR comes from the paper cited; **clinical brief** and "
        "**expert consensus** — no published accuracy figures, so the LR is a modest assumption "
        f"({EXPERT_FOR:g} for, {EXPERT_WEAK:g} or {BRIEF_WEAK:g} weak, {EXPERT_AGAINST:g} "
        "against).",
        "",
        "Support levels:",
        f"- **high**: combined LR ≥ {engine.HIGH_LR:g} from at least two findings of which at "
        f"least {engine.HIGH_NEEDS_PUBLISHED} are published (a published pair or cluster counts "
        "its findings);",
        f"- **moderate**: combined LR ≥ {engine.MODERATE_LR:g};",
        "- **low**: anything less; **not assessed**: nothing recorded bears on it.",
        "",
        "Thresholds compare the unrounded value; LRs are shown to two significant figures and "
        "never above \"more than 100\". When every combined LR is below "
        f"{engine.OUTSIDE_LR:g}, or a must-not-miss condition may explain the findings better, "
        "the assessment says the picture is outside the list. " + engine.NOT_ASSESSED,
        "",
        "Findings are treated as independent when their LRs are combined; they are not quite, "
        "so the combined LR orders the hypotheses and is not a probability.",
        "",
    ]
    for spec in HYPOTHESES:
        lines += [f"## {spec.label} (`{spec.id}`)", "",
                  "| rule | finding | LR | strength | source | overlap groups | note |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for rule in (r for r in RULES if r.hypothesis == spec.id):
            lines.append(
                f"| `{rule.id}` | {rule.label} | {rule.likelihood_ratio:g} | "
                f"{rule.strength.replace('_', ' ')} | {short_citation(rule.source)} | "
                f"{', '.join(rule.groups)} | {rule.note} |"
            )
        lines.append("")
    lines += ["## Red flags and urgency", "",
              "Urgency is the most urgent tier present; no finding lowers a red flag. While any "
              "item of the cauda equina screen (" + ", ".join(
                  f"`{f}`" for f in catalog().screen_items) + ") is not asked, the assessment "
              "says so first, the unasked items lead \"examine next\", and urgency is never "
              "below `not_established`.", "",
              "| tier | checklist items | action |", "| --- | --- | --- |"]
    cat = catalog()
    for tier in [*cat.urgency_tiers.values()]:
        items = ", ".join(f"`{f.id}`" for f in cat.red_flags.values() if f.tier == tier.id)
        lines.append(f"| {tier.id} | {items or '(none)'} | {tier.action} |")
    warnings = ", ".join(f"`{f.id}`" for f in cat.red_flags.values() if f.tier == "warning")
    lines.append(f"| warning | {warnings} | shown; raises no tier by itself |")
    lasting = ", ".join(f"`{f.id}`" for f in cat.red_flags.values() if f.lasting)
    lines += [
        "",
        f"Lasting facts carried from the patient's previous exam until answered again: {lasting}, "
        f"and the history items {', '.join(f'`{h}`' for h in LASTING_HISTORY)}.",
        "",
        "## Must-not-miss conditions (from the findings, whatever the checklist says)",
        "",
        "| id | condition | action | checklist twin |",
        "| --- | --- | --- | --- |",
    ]
    for condition in CONDITIONS:
        lines.append(f"| `{condition.id}` | {condition.label}: {condition.condition} | "
                     f"{condition.action} | {', '.join(condition.twins)} |")
    lines += ["", "Conditions, tiers and near misses in full: docs/clinical.md §7, and the golden "
              "vignettes in `tests/data/vignettes/`.", "", "## Sources", ""]
    lines += [f"- **{short_citation(key)}**: {text}" for key, text in SOURCES.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
