"""The assessment as a clinician reads it (`slrdesk classify --format text`)."""

from __future__ import annotations

import textwrap

from slrdesk.core.assessment.model import Assessment, Evidence, Hypothesis, RedFlag
from slrdesk.core.catalog import catalog

_WIDTH = 96
# How each kind of red flag is named wherever flags are shown (panel, banner, note, text).
FLAG_KIND = {"must_not_miss": "must not miss", "implied": "implied by the record",
             "checklist": "checklist"}
FLAG_ORIGIN = {"must_not_miss": "from the findings", "implied": "implied by the record",
               "checklist": "checklist"}


def flag_line(flag: RedFlag) -> str:
    """One red flag in one line: what, how urgent, where from, why, and what to do."""
    line = (f"{flag.label} [{catalog().tier_label(flag.tier)}; {FLAG_KIND[flag.kind]}, from the "
            f"{flag.source}]: {flag.finding}")
    if flag.to_confirm:
        line += " — confirm on the checklist"
    if flag.disagreement:
        line += f" — {flag.disagreement}"
    if flag.tier != "warning":
        line += f". Action: {flag.action}"
    return line


def _wrap(text: str, indent: str, first: str = "") -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=indent + first,
                         subsequent_indent=indent + " " * len(first))


def support_text(support: str, lr: str) -> str:
    """Support in words with the LR about it: "strong — LR about 24"."""
    words = {"high": "strong", "moderate": "moderate", "low": "weak",
             "not_assessed": "not assessed"}[support]
    if support == "not_assessed":
        return words
    return f"{words} — LR {'about ' + lr if not lr.startswith(('more', 'less')) else lr}"


def _evidence_line(sign: str, e: Evidence) -> list[str]:
    strength = e.strength.replace("_", " ")
    return _wrap(f"{e.finding} — {e.rule_label} [LR {e.likelihood_ratio_text}, {strength}, "
                 f"{e.citation}]", "      ", f"{sign} ")


def _hypothesis_lines(rank: int, h: Hypothesis) -> list[str]:
    if h.support == "not_assessed":
        return [f"  {rank}. {h.label}: NOT ASSESSED (nothing recorded bears on it)"]
    lines = [f"  {rank}. {h.label}: support {h.support.upper()} "
             f"({support_text(h.support, h.likelihood_ratio_text)})"]
    for e in h.evidence_for:
        lines += _evidence_line("+", e)
    for e in h.evidence_against:
        lines += _evidence_line("-", e)
    if h.unexplained:
        lines += _wrap(f"does not explain: {', '.join(h.unexplained)} (hip-spine: look for both)",
                       "      ", "! ")
    return lines


def render_text(assessment: Assessment) -> str:
    a = assessment
    cat = catalog()
    tier = cat.urgency_tiers[a.urgency].label.upper()
    lines = [f"SLR Desk assessment (ruleset {a.ruleset_version})", a.decision_support_notice, ""]
    if not a.screen.complete:
        lines += _wrap(f"!!! {a.screen.message.upper()}", "")
    lines.append(f"URGENCY: {tier}. {a.urgency_action}")
    for flag in a.red_flags:
        where = (f"{cat.tier_label(flag.tier).lower()}; {FLAG_KIND[flag.kind]}, from the "
                 f"{flag.source}")
        lines += _wrap(f"{flag.label} [{where}]", "  ", "! ")
        lines += _wrap(flag.finding, "      ")
        if flag.to_confirm:
            lines += _wrap("to confirm on the checklist", "      ")
        if flag.disagreement:
            lines += _wrap(f"note: {flag.disagreement}", "      ")
        if flag.tier != "warning":
            lines += _wrap(f"action: {flag.action}", "      ")
    if a.unanswered_red_flags:
        names = ", ".join(cat.red_flags[f].label.lower() for f in a.unanswered_red_flags)
        lines += _wrap(f"Red-flag checklist: {len(a.unanswered_red_flags)} not asked ({names}).",
                       "")
    else:
        lines.append("Red-flag checklist: every item answered.")
    if a.inconsistencies:
        lines += ["", "To re-check:"]
        for item in a.inconsistencies:
            lines += _wrap(item.text, "  ", "? ")
    lines += ["", *_wrap(f"Why the leg fails to lift: {a.motor_loss.replace('_', ' ')}: "
                         f"{a.motor_loss_reason}", "")]
    for m in a.motor_losses[1:]:
        lines += _wrap(f"also {m.kind.replace('_', ' ')} ({m.side}): {m.reason}: "
                       f"{', '.join(m.findings)}", "  ")
    lines += [""]
    if a.outside_list.outside:
        lines += _wrap("BEYOND THE LIST: " + "; ".join(a.outside_list.reasons) + ".", "")
    lines += _wrap(a.outside_list.not_assessed, "")
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
