"""A table that shows every row, so the section page scrolls and the table never does.

Nested scrolling hid rows below a grid's fold (the saddle S3–S5 sensation row at 1366×768) and
made the wheel scroll the wrong thing. The table is sized to its rows; moving the cursor by
keyboard in the table scrolls the page to keep the current cell in sight; a cursor moved
from elsewhere (a click on the body figure) leaves the page where it is.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QScrollArea,
    QSizePolicy,
    QWidget,
)


def show_every_row(view: QAbstractItemView) -> None:
    """Size `view` to all its rows and let the page around it follow the current cell."""
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    policy = view.sizePolicy()
    policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
    view.setSizePolicy(policy)
    view.selectionModel().currentChanged.connect(
        lambda current, _previous: _keep_in_sight(view, current))


def page_of(widget: QWidget) -> QScrollArea | None:
    """The scrolling page `widget` sits on, if any."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def _keep_in_sight(view: QAbstractItemView, index: QModelIndex) -> None:
    if not view.hasFocus():
        return  # moved from elsewhere (a click on the body figure): the page must hold still
    page = page_of(view)
    content = None if page is None else page.widget()
    if page is None or content is None or not index.isValid():
        return
    cell = view.visualRect(index)
    centre = view.viewport().mapTo(content, cell.center())
    page.ensureVisible(centre.x(), centre.y(), 0, cell.height())
