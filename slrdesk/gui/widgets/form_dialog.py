"""A short dialog of labelled fields with a sentence above and the problem, in words, below: the
shape of every profile the workstation asks for (clinician, clinic)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)


class FormDialog(QDialog):
    """Subclasses give the fields and `try_accept`, which says the problem in `self.error`
    and returns False, or accepts."""

    def __init__(self, title: str, explanation: str, fields: list[tuple[str, QWidget]],
                 accept: QDialogButtonBox.StandardButton, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        for label, widget in fields:
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        buttons = QDialogButtonBox(accept | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        words = QLabel(explanation)
        words.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(words)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def try_accept(self) -> bool:
        raise NotImplementedError
