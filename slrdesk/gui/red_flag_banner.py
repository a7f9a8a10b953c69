"""A banner that stays above the exam whenever any red flag is present, from the checklist or
implied by the examination, with its tier and the recommended action."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from slrdesk.core.catalog import catalog

if TYPE_CHECKING:
    from slrdesk.gui.session import ExamSession

_COLOURS = {"emergency": ("#8c1d18", "#ffffff"), "same_day": ("#b35900", "#ffffff"),
            "urgent": ("#f2c94c", "#1b1b1b")}


class RedFlagBanner(QLabel):
    def __init__(self, session: ExamSession) -> None:
        super().__init__()
        self.session = session
        self.setObjectName("red_flag_banner")
        self.setWordWrap(True)
        self.setAccessibleName("Red flag")
        session.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        a = self.session.assessment
        if not a.red_flags:
            self.hide()
            self.setText("")
            return
        tier = catalog().urgency_tiers[a.urgency]
        names = "; ".join(
            f"{f.label}" + (" (from the exam)" if f.source == "exam" else "")
            for f in a.red_flags)
        self.setText(f"<b>RED FLAG — {tier.label.upper()}:</b> {a.urgency_action} "
                     f"<br/>{names}")
        background, foreground = _COLOURS.get(a.urgency, ("#8c1d18", "#ffffff"))
        self.setStyleSheet(f"background: {background}; color: {foreground}; padding: 8px; "
                           "border-radius: 4px;")
        self.show()
