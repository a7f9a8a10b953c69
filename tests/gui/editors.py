"""Finding every widget in a section that could change the exam, without asking the binder: a
widget someone forgot to bind is found here too."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

from slrdesk.core.document.exam import Signature
from slrdesk.gui.main_window import MainWindow
from slrdesk.gui.widgets.goniometer import GoniometerDial

INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractButton, QAbstractItemView,
          QAbstractSlider, QGraphicsView, GoniometerDial)


def _inside_another_input(widget: QWidget, section: QWidget) -> bool:
    """A combo box's popup list, a view's editor or scroll bar: part of the input around it."""
    parent = widget.parentWidget()
    while parent is not None and parent is not section:
        if isinstance(parent, QComboBox | QAbstractItemView | QGraphicsView):
            return True
        parent = parent.parentWidget()
    return False


def input_widgets(section: QWidget) -> list[QWidget]:
    """Every widget in `section` that takes input, but for reading aids (the dermatome
    overlay), which are marked as such, and scroll bars."""
    return [w for w in section.findChildren(QWidget)
            if isinstance(w, INPUTS) and not isinstance(w, QScrollBar)
            and not w.property("reading_aid") and not _inside_another_input(w, section)]


def enabled_inputs(section: QWidget) -> list[str]:
    """The accessible names (or class names) of the inputs in `section` still enabled."""
    return [w.accessibleName() or type(w).__name__ for w in input_widgets(section)
            if w.isEnabled()]


def open_signed(window: MainWindow) -> None:
    """Sign the open exam in the store (as another workstation would) and open it again."""
    session = window.session
    assert session is not None
    signed = session.exam.model_copy(update={
        "status": "signed",
        "signature": Signature(signed_at=datetime.now(UTC), signer="Dr Sam Okafor",
                               ruleset_version="x")})
    window.store.mark_signed(signed)
    window.open_exam(signed.exam_id)
