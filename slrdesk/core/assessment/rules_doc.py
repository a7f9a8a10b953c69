"""docs/rules.md, generated from the ruleset so that the document cannot drift from the code.

    python -m slrdesk.core.assessment.rules_doc > docs/rules.md
"""

from __future__ import annotations

import sys

from slrdesk.core.assessment import engine
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
        "was not examined adds nothing. Rules in the same overlap group count only once: the "
        "strongest that fires.",
        "",
        "Strength: **published** — the LR comes from the paper cited; **clinical brief** and "
        "**expert consensus** — no published accuracy figures, so the LR is a modest assumption "
        f"({EXPERT_FOR:g} for, {EXPERT_WEAK:g} or {BRIEF_WEAK:g} weak, {EXPERT_AGAINST:g} "
        "against).",
        "",
        "Support levels:",
        f"- **high**: combined LR ≥ {engine.HIGH_LR:g} from at least two findings, at least one "
        "with published figures;",
        f"- **moderate**: combined LR ≥ {engine.MODERATE_LR:g};",
        "- **low**: anything less.",
        "",
        "Findings are treated as independent when their LRs are combined; they are not quite, "
        "so the combined LR orders the hypotheses and is not a probability.",
        "",
    ]
    for spec in HYPOTHESES:
        lines += [f"## {spec.label} (`{spec.id}`)", "",
                  "| rule | finding | LR | strength | source | group | note |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for rule in (r for r in RULES if r.hypothesis == spec.id):
            lines.append(
                f"| `{rule.id}` | {rule.label} | {rule.likelihood_ratio:g} | "
                f"{rule.strength.replace('_', ' ')} | {short_citation(rule.source)} | "
                f"{rule.group or ''} | {rule.note} |"
            )
        lines.append("")
    lines += ["## Red flags and urgency", "",
              "Urgency is the most urgent tier present; no finding lowers a red flag.", "",
              "| tier | checklist items | action |", "| --- | --- | --- |"]
    cat = catalog()
    for tier in cat.urgency_tiers.values():
        items = ", ".join(f"`{f.id}`" for f in cat.red_flags.values() if f.tier == tier.id)
        lines.append(f"| {tier.id} | {items or '(none present)'} | {tier.action} |")
    lines += [
        "",
        "Raised by the examination even when the checklist says no (shown as from the exam, "
        "with the disagreement): extensor plantar response or more than 3 beats of ankle "
        "clonus, altered or absent saddle sensation, numbness or tingling marked in the saddle "
        "region, weakness ≤3 not limited by pain in both legs, history of cancer with a "
        "neurological deficit (emergency); weakness ≤3 not limited by pain in one leg "
        "(same day); passive SLR pain below 30° in the buttock with hip flexion 90° or less — "
        "the sign of the buttock (urgent).",
        "",
        "## Sources",
        "",
    ]
    lines += [f"- **{short_citation(key)}**: {text}" for key, text in SOURCES.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
