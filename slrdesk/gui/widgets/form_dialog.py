"""A short dialog of labelled fields with a sentence above and the problem, in words, below: the
shape of every profile the workstation asks for (clinician, clinic)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from slrdesk.core.errors import describe_validation_error


class FormProblem(ValueError):
    """What is wrong with the fields, in the sentence the dialog shows."""


class FormDialog(QDialog):
    """`make` turns the fields into the profile: it raises FormProblem (or pydantic's
    ValidationError) to refuse, and the dialog then stays open with the reason below the fields;
    otherwise its value is `made` and the dialog is accepted."""

    def __init__(self, title: str, explanation: str, fields: list[tuple[str, QWidget]],
                 accept: QDialogButtonBox.StandardButton, make: Callable[[], Any],
                 parent: QWidget | None = None, *, labels: dict[str, str] | None = None,
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._make: Callable[[], Any] = make
        self.made: Any = None
        # The model's field names as this dialog labels them, for the sentence below the form.
        self.labels = labels or {}
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
        try:
            self.made = self._make()
        except FormProblem as exc:
            self.error.setText(str(exc))
            return False
        except ValidationError as exc:
            said = describe_validation_error(exc)
            field = str(exc.errors()[0]["loc"][0]) if exc.errors()[0]["loc"] else ""
            if field in self.labels and said.startswith(field + ":"):
                said = self.labels[field] + said[len(field):]
            self.error.setText(said)
            return False
        self.accept()
        return True
