"""A table's selected cell is blue only while the table has the keyboard focus.

Qt paints the current cell of every table in the window's highlight colour, focused or not:
after Tab or Shift+Tab the cursor looked as if it were still in the grid, and the next keys went
elsewhere. Without focus the selection turns grey, so there is one blue place on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication

UNFOCUSED = QColor("#d5dbe1")  # light grey: still readable as "the row you were on"


class _FollowFocus(QObject):
    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        self.focused = view.palette()
        self.unfocused = QPalette(self.focused)
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            self.unfocused.setColor(group, QPalette.ColorRole.Highlight, UNFOCUSED)
            self.unfocused.setColor(group, QPalette.ColorRole.HighlightedText,
                                    self.focused.color(QPalette.ColorRole.Text))
        self._show(view.hasFocus())

    def _show(self, has_focus: bool) -> None:
        self.view.setPalette(self.focused if has_focus else self.unfocused)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self._show(True)
        elif event.type() == QEvent.Type.FocusOut:
            # An open cell editor is the table's own child: the table keeps its colour.
            now = QApplication.focusWidget()
            self._show(now is not None and self.view.isAncestorOf(now))
        return False


def highlight_only_with_focus(view: QAbstractItemView) -> None:
    view.installEventFilter(_FollowFocus(view))
