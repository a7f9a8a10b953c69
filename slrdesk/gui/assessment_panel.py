"""The live assessment beside the exam: urgency, red flags, why the leg fails, the ranked
hypotheses with their evidence and sources, and what to examine next (activate one to go to its
field). It is decision support and says so."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from slrdesk.core.assessment.report import flag_line, support_text
from slrdesk.core.catalog import catalog

if TYPE_CHECKING:
    from slrdesk.core.assessment import Assessment
    from slrdesk.gui.session import ExamSession

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
# What a top-level item is (a hypothesis's id, "urgency"…), kept open across refreshes by it:
# never read back from its text, which changes with every count and likelihood ratio.
KEY_ROLE = Qt.ItemDataRole.UserRole + 2


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the tree's current width (Qt's own word wrap in a
    tree does not know the width when it sizes rows)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = max(self.tree.viewport().width() - self.tree.indentation() * (depth + 1) - 8, 80)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        # Bold rows (urgency, the screen) are wider than the view's font would measure them.
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font) if isinstance(font, QFont) else option.fontMetrics
        bounds = metrics.boundingRect(QRect(0, 0, width, 100000),
                                      int(Qt.TextFlag.TextWordWrap), text)
        return QSize(width, bounds.height() + 6)


class _Tree(QTreeWidget):
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()


class AssessmentPanel(QWidget):
    """Signal `go_to(str)`: the clinician chose a suggested test; the path of its field."""

    go_to = Signal(str)

    def __init__(self, session: ExamSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("font-style: italic;")
        self.tree = _Tree()
        self.tree.setItemDelegate(_WrappingDelegate(self.tree))
        self.tree.setObjectName("assessment_tree")
        self.tree.setAccessibleName("Assessment")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setUniformRowHeights(False)
        self.tree.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        title = QLabel("<b>Assessment</b> (decision support)")
        layout.addWidget(title)
        layout.addWidget(self.notice)
        layout.addWidget(self.tree, 1)
        self._shown: Assessment | None = None
        session.changed.connect(self.refresh)
        self.refresh()

    def _activated(self, item: QTreeWidgetItem, column: int) -> None:
        path = item.data(0, PATH_ROLE)
        if path:
            self.go_to.emit(str(path))

    def refresh(self) -> None:
        a = self.session.assessment
        if a == self._shown:
            return  # most edits (a note, a date, a word) change nothing the panel says
        self._shown = a
        self.notice.setText(f"{a.decision_support_notice} Ruleset {a.ruleset_version}.")
        # Keep open what the clinician opened (by the hypothesis's name, not its rank).
        expanded = {_key(item) for item in self._top_items() if item.isExpanded()}
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        self._fill(a)
        for item in self._top_items():
            if _key(item) in expanded:
                item.setExpanded(True)
        for item in self._top_items():
            _add_tooltips(item)
        self.tree.setUpdatesEnabled(True)

    def _top_items(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _fill(self, a: Assessment) -> None:
        cat = catalog()
        if not a.screen.complete:
            screen = _top(f"⚠ {a.screen.message}", "screen")
            _emphasise(screen)
            for flag_id in a.screen.unasked:
                child = QTreeWidgetItem(screen, [f"Ask: {cat.red_flags[flag_id].label}"])
                child.setData(0, PATH_ROLE, f"red_flags.{flag_id}")
            self.tree.addTopLevelItem(screen)
            screen.setExpanded(True)
        tier = cat.urgency_tiers[a.urgency]
        urgency = _top(f"Urgency: {tier.label}. {a.urgency_action}", "urgency")
        _emphasise(urgency)
        self.tree.addTopLevelItem(urgency)
        for flag in a.red_flags:
            QTreeWidgetItem(urgency, [flag_line(flag)])
        urgency.setExpanded(True)
        if a.screen.complete and a.unanswered_red_flags:
            # "Routine" holds only for what was asked: the rest is listed, one Enter away.
            rest = _top(f"⚠ {len(a.unanswered_red_flags)} red-flag questions not yet asked: "
                        "the urgency holds only for what was asked", "not asked")
            _emphasise(rest)
            for flag_id in a.unanswered_red_flags:
                child = QTreeWidgetItem(rest, [f"Ask: {cat.red_flags[flag_id].label}"])
                child.setData(0, PATH_ROLE, f"red_flags.{flag_id}")
            self.tree.addTopLevelItem(rest)
        if a.outside_list.outside:
            outside = _top("Beyond the list: " + "; ".join(a.outside_list.reasons), "outside")
            _emphasise(outside)
            self.tree.addTopLevelItem(outside)
        if a.inconsistencies:
            recheck = _top(f"To re-check ({len(a.inconsistencies)})", "re-check")
            for found in a.inconsistencies:
                child = QTreeWidgetItem(recheck, [found.text])
                if found.fields:
                    child.setData(0, PATH_ROLE, found.fields[0])
            self.tree.addTopLevelItem(recheck)
            recheck.setExpanded(True)
        motor = _top(f"Why the leg fails: {a.motor_loss.replace('_', ' ')}", "motor loss")
        QTreeWidgetItem(motor, [a.motor_loss_reason])
        for m in a.motor_losses[1:]:
            QTreeWidgetItem(motor, [f"Also {m.kind.replace('_', ' ')} ({m.side}): {m.reason}: "
                                    f"{', '.join(m.findings)}"])
        self.tree.addTopLevelItem(motor)
        for rank, h in enumerate(a.hypotheses, 1):
            item = _top(f"{rank}. {h.label}: "
                        f"{support_text(h.support, h.likelihood_ratio_text)}", h.id)
            for sign, evidence in (("+", h.evidence_for), ("-", h.evidence_against)):
                for e in evidence:
                    published = ", published" if e.strength == "published" else ""
                    source = f"[{e.citation}, LR {e.likelihood_ratio_text}{published}]"
                    QTreeWidgetItem(item, [f"{sign} {e.finding} — {e.rule_label} {source}"])
            if h.unexplained:
                QTreeWidgetItem(item, ["! Does not explain: " + ", ".join(h.unexplained)])
            if h.support == "not_assessed":
                QTreeWidgetItem(item, ["nothing recorded bears on it"])
            self.tree.addTopLevelItem(item)
        following = _top("Examine next:", "next")
        for test in a.next_tests:
            child = QTreeWidgetItem(following, [f"{test.label} — {test.reason}"])
            child.setData(0, PATH_ROLE, test.field)
            child.setToolTip(0, "Press Enter or double-click to go to this field")
        self.tree.addTopLevelItem(following)
        following.setExpanded(True)
        QTreeWidgetItem(self.tree, [a.outside_list.not_assessed])


def _emphasise(item: QTreeWidgetItem) -> None:
    font = item.font(0)
    font.setBold(True)
    item.setFont(0, font)


def _top(text: str, key: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([text])
    item.setData(0, KEY_ROLE, key)
    return item


def _key(item: QTreeWidgetItem) -> str:
    return str(item.data(0, KEY_ROLE) or item.text(0))


def _add_tooltips(item: QTreeWidgetItem) -> None:
    item.setToolTip(0, item.toolTip(0) or item.text(0))
    for i in range(item.childCount()):
        child = item.child(i)
        if child is not None:
            _add_tooltips(child)
