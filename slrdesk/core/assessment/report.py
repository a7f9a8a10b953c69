"""The assessment as a clinician reads it (`slrdesk classify --format text`)."""

from __future__ import annotations

import textwrap

from slrdesk.core.assessment.model import Assessment, Evidence, Hypothesis
from slrdesk.core.catalog import catalog

_WIDTH = 96


def _wrap(text: str, indent: str, first: str = "") -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=indent + first,
                         subsequent_indent=indent + " " * len(first))


def _evidence_line(sign: str, e: Evidence) -> list[str]:
    strength = e.strength.replace("_", " ")
    return _wrap(f"{e.finding} — {e.rule_label} [LR {e.likelihood_ratio:g}, {strength}, "
                 f"{e.citation}]", "      ", f"{sign} ")


def _hypothesis_lines(rank: int, h: Hypothesis) -> list[str]:
    lines = [f"  {rank}. {h.label}: support {h.support.upper()} "
             f"(combined LR {h.combined_likelihood_ratio:g})"]
    if not h.evidence_for and not h.evidence_against:
        lines.append("      no findings recorded for or against")
    for e in h.evidence_for:
        lines += _evidence_line("+", e)
    for e in h.evidence_against:
        lines += _evidence_line("-", e)
    return lines


def render_text(assessment: Assessment) -> str:
    a = assessment
    tier = catalog().urgency_tiers[a.urgency].label.upper()
    lines = [f"SLR Desk assessment (ruleset {a.ruleset_version})", a.decision_support_notice, "",
             f"URGENCY: {tier}. {a.urgency_action}"]
    for flag in a.red_flags:
        tier_label = catalog().urgency_tiers[flag.tier].label.lower()
        lines += _wrap(f"{flag.label}: {flag.finding}", "  ", f"! [{tier_label}, {flag.source}] ")
        if flag.disagreement:
            lines += _wrap(f"note: {flag.disagreement}", "      ")
    if a.unanswered_red_flags:
        names = ", ".join(catalog().red_flags[f].label.lower() for f in a.unanswered_red_flags)
        lines += _wrap(f"Red-flag checklist: {len(a.unanswered_red_flags)} not asked ({names}).",
                       "")
    else:
        lines.append("Red-flag checklist: every item answered.")
    lines += ["", *_wrap(f"Why the leg fails to lift: {a.motor_loss.replace('_', ' ')}: "
                         f"{a.motor_loss_reason}", "")]
    lines += ["", "Hypotheses, most supported first:"]
    for rank, h in enumerate(a.hypotheses, 1):
        lines += _hypothesis_lines(rank, h)
    if a.next_tests:
        lines += ["", "Examine next:"]
        for t in a.next_tests:
            lines += _wrap(f"{t.label}: {t.reason}", "  ", "- ")
    if a.not_tested:
        lines += ["", *_wrap(f"Not tested ({len(a.not_tested)}): {', '.join(a.not_tested)}.", "")]
    for note in a.notes:
        lines += ["", *_wrap(note, "")]
    return "\n".join(lines) + "\n"
