"""How a value carried from the previous exam looks until it is confirmed today: italic, in a
colour of its own, with the date it was measured in its tooltip; the same in every widget and
grid, so a copied value never passes for one measured now."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

CARRIED_COLOUR = QColor(74, 45, 138)
_TIP = "_carried_tip"  # the widget's own tooltip, kept while a carried note is shown


def mark(widget: QWidget, note: str | None) -> None:
    carried = note is not None
    if bool(widget.property("carried")) == carried:
        return
    widget.setProperty("carried", carried)
    font = widget.font()
    font.setItalic(carried)
    widget.setFont(font)
    palette = widget.palette()
    if carried:
        widget.setProperty(_TIP, widget.toolTip())
        palette.setColor(QPalette.ColorRole.Text, CARRIED_COLOUR)
        palette.setColor(QPalette.ColorRole.ButtonText, CARRIED_COLOUR)
        assert note is not None
        widget.setToolTip(f"{note[0].upper()}{note[1:]}: enter it again, or confirm it "
                          "above the section.")
    else:
        parent = widget.parentWidget()
        palette = parent.palette() if parent is not None else widget.style().standardPalette()
        widget.setToolTip(str(widget.property(_TIP) or ""))
    widget.setPalette(palette)
