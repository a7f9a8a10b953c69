"""A section made of left/right grids: keyboard-first entry like a spreadsheet.

One keyboard rule in every grid (the red-flag checklist included): type, commit, next row —
Enter (or an arrow) commits what was typed and moves on; a refused entry stays where it is, with
its reason shown. Tab leaves the grid. Select many cells and type once to set them all; Delete
clears (not examined). "All normal" fills only the
cells not yet examined; the copy buttons copy one side's recorded cells to the other.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from slrdesk.gui.models.grid_model import BilateralGridModel
from slrdesk.gui.widgets.focus_highlight import highlight_only_with_focus
from slrdesk.gui.widgets.whole_table import show_every_row

if TYPE_CHECKING:
    from slrdesk.core.document.cell_entry import CellKind
    from slrdesk.gui.binder import Binder
    from slrdesk.gui.session import ExamSession


class _SelectionDelegate(QStyledItemDelegate):
    """Commits what was typed to every selected cell, not just the one being edited."""

    def __init__(self, view: GridView) -> None:
        super().__init__(view)
        self.view = view
        self.accepted = False  # whether the last commit was recorded (a refusal stays put)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        text = editor.property("text")
        selected = [i for i in self.view.selectionModel().selectedIndexes() if i.column() > 0]
        grid = self.view.grid
        if len(selected) > 1 and any(i == index for i in selected):
            self.accepted = grid.set_cells(selected, str(text))
        else:
            self.accepted = grid.set_cells([index], str(text))

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        # Enter commits at once (Qt queues it, so a fast "3⏎1⏎" typed "31" into one cell), and
        # Up/Down commit and move as Enter does: an arrow never loses what was typed.
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and isinstance(editor, QWidget)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.SubmitModelCache)
                return True
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                if self.accepted:
                    self.view.step(1 if key == Qt.Key.Key_Down else -1)
                return True
        return super().eventFilter(editor, event)

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)


class GridView(QTableView):
    def __init__(self, grid: BilateralGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.setModel(grid)
        self.delegate = _SelectionDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the grid, as in every other grid
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, 110)
        self.setCurrentIndex(grid.index(0, 1))

    def step(self, rows: int) -> None:
        """Move the cursor `rows` down (or up), keeping the side; stops at either end."""
        current = self.currentIndex()
        row = current.row() + rows
        if current.isValid() and 0 <= row < self.grid.rowCount():
            self.setCurrentIndex(self.grid.index(row, current.column()))

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        # Enter: type → commit → next row. A refused entry keeps the cursor on its cell.
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache and self.delegate.accepted:
            self.step(1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (
                self.state() != QAbstractItemView.State.EditingState):
            cells = [i for i in self.selectionModel().selectedIndexes() if i.column() > 0]
            self.grid.set_cells(cells, "")
            return
        super().keyPressEvent(event)


class GridSection(QWidget):
    """One or more titled grids with their buttons and an in-place message line."""

    def __init__(self, session: ExamSession, binder: Binder, parts: list[tuple[str, CellKind]],
                 parent: QWidget | None = None, *, all_normal: bool = True) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.message = binder.message
        self.models: list[BilateralGridModel] = []
        self.views: list[GridView] = []
        for title, kind in parts:
            model = BilateralGridModel(session, kind)
            model.entry_refused.connect(partial(binder.report, model.prefix))
            view = GridView(model)
            view.setAccessibleName(title)
            binder.view(model.prefix, view, model.index_for, model.refresh)
            self.models.append(model)
            self.views.append(view)
            row = QHBoxLayout()
            heading = QLabel(f"<b>{title}</b>")
            heading.setWordWrap(True)
            row.addWidget(heading, 1)
            row.addStretch(1)
            actions: list[tuple[str, Callable[[], object]]] = [
                ("Copy left → right", partial(model.copy_side, "left")),
                ("Copy right → left", partial(model.copy_side, "right"))]
            if all_normal:
                actions.insert(0, ("All normal", model.all_normal))
            for label, action in actions:
                button = QPushButton(label)
                binder.control(button)
                button.setAccessibleName(f"{title}: {label}")
                button.clicked.connect(action)
                row.addWidget(button)
            layout.addLayout(row)
            show_every_row(view)
            highlight_only_with_focus(view)
            layout.addWidget(view)
        layout.addStretch(1)


def MyotomeSection(session: ExamSession, binder: Binder) -> GridSection:
    """The myotome grid on its own: the form gives it a section of its own."""
    return GridSection(session, binder, [(
        "Myotomes (MRC 0–5, then what limited it: n nothing, p pain, g guarding, e effort)",
        "motor")])
