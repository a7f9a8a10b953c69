"""A banner that stays above the exam whenever a red flag is present (from the checklist,
implied by the history and examination, or carried from the previous exam), and whenever the
cauda equina screen is incomplete: nobody is reassured until it is complete."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

from slrdesk.core.assessment.report import FLAG_ORIGIN
from slrdesk.core.catalog import catalog
from slrdesk.gui.actions import section_keys_of

if TYPE_CHECKING:
    from slrdesk.core.assessment import Assessment
    from slrdesk.gui.session import ExamSession

# Banner colours by urgency; fixed text colours keep them readable in dark mode too.
COLOURS = {"emergency": ("#8c1d18", "#ffffff"), "same_day": ("#b35900", "#ffffff"),
           "urgent": ("#f2c94c", "#1b1b1b"), "not_established": ("#fff1b8", "#3d2e00")}


def banner_html(a: Assessment) -> str:
    """The banner's words: urgency and action first, then each flag; empty when none."""
    cat = catalog()
    flags = [f for f in a.red_flags if f.tier != "warning"]
    if not flags and a.screen.complete:
        return ""
    lines = []
    if flags:
        tier = cat.urgency_tiers[a.urgency]
        lines.append(f"<b>RED FLAG — {escape(tier.label.upper())}:</b> "
                     f"{escape(a.urgency_action)}")
        names = []
        for f in flags:
            where = "" if f.kind == "checklist" else f" ({FLAG_ORIGIN[f.kind]})"
            if f.source == "previous exam":
                where = " (previous exam)"
            names.append(escape(f.label) + where + (" — checklist says no" if f.disagreement
                                                    else ""))
        lines.append("; ".join(names))
    if not a.screen.complete:
        lines.append(f"<b>URGENCY NOT ESTABLISHED:</b> {escape(a.screen.message)}")
    return "<br/>".join(lines)


class RedFlagBanner(QLabel):
    def __init__(self, session: ExamSession, parent: QWidget) -> None:
        # Built with its parent: shown without one, it would flash up as a window of its own.
        super().__init__(parent)
        self.session = session
        self.setObjectName("red_flag_banner")
        self.setWordWrap(True)
        self.setAccessibleName("Red flag")
        session.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        a = self.session.assessment
        text = banner_html(a)
        if not text:
            # Always there, calm when nothing is raised: a banner that appears pushes the exam
            # down under the pointer (a click meant for a button landed on a red-flag row).
            unasked = len(a.unanswered_red_flags)
            if unasked:
                # Never a flat "no red flag" while questions (cancer, trauma, infection…) wait.
                text = (f"No red flag among the questions answered; the cauda equina screen is "
                        f"complete. <b>{unasked} red-flag question{'s' if unasked > 1 else ''} "
                        f"not yet asked</b> ({section_keys_of('red_flags')}). Decision support: "
                        "the clinician decides.")
                background = "#fff4d6"
            else:
                text = ("No red flag, and the cauda equina screen is complete. "
                        "Decision support: the clinician decides.")
                background = "#e8f0e8"
            style = (f"background: {background}; color: #1b1b1b; padding: 8px; "
                     "border-radius: 4px;")
            self.setProperty("raised", False)
            if text != self.text():
                self.setText(text)
            if style != self.styleSheet():
                self.setStyleSheet(style)
            self.show()
            return
        self.setProperty("raised", True)
        background, foreground = COLOURS.get(a.urgency, COLOURS["emergency"])
        style = (f"background: {background}; color: {foreground}; padding: 8px; "
                 "border-radius: 4px;")
        # Re-polishing on every edit would relayout the editor under the clinician's cursor.
        if text != self.text():
            self.setText(text)
        if style != self.styleSheet():
            self.setStyleSheet(style)
        self.show()
