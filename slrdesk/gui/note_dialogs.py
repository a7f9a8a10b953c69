"""Dialogs of the note workflow: the preview, the signing identity, the passphrase.

Each has a class method that runs it and returns the answer, so callers (and tests) never block
on `exec()` themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from slrdesk.core.note.identity import MIN_PASSPHRASE
from slrdesk.core.note.review import SignReview

PREVIEW_SCALE = 1.4


def page_images(pdf: bytes, scale: float = PREVIEW_SCALE) -> list[QImage]:
    """Every page of `pdf` drawn as an image (PDFium)."""
    document = pdfium.PdfDocument(pdf)
    images = []
    try:
        for page in document:
            bitmap = page.render(scale=scale, rev_byteorder=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888)
            images.append(image.copy())  # detach from PDFium's buffer before it is freed
    finally:
        document.close()
    return images


class NotePreview(QDialog):
    """The draft note as it will be printed; "Sign…" when it may be signed."""

    def __init__(self, pdf: bytes, can_sign: bool, why_not: str = "",
                 parent: QWidget | None = None, review: SignReview | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Exam note preview")
        self.resize(900, 700)
        pages = QWidget()
        column = QVBoxLayout(pages)
        self.pages: list[QLabel] = []
        for number, image in enumerate(page_images(pdf), 1):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAccessibleName(f"Page {number}")
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.pages.append(label)
            column.addWidget(label)
        scroll = QScrollArea()
        scroll.setWidget(pages)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.sign_button = QPushButton("Sign and lock…")
        self.sign_button.setEnabled(can_sign)
        buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.sign_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        self.review = QLabel(review_html(review) if review else "")
        self.review.setObjectName("sign_review")
        self.review.setWordWrap(True)
        self.review.setVisible(review is not None)
        layout.addWidget(self.review)
        layout.addWidget(scroll, 1)
        if why_not and review is None:  # the review, when given, says it in words
            reason = QLabel(f"Cannot be signed yet: {why_not}")
            reason.setWordWrap(True)
            reason.setStyleSheet("color: #b3261e;")
            layout.addWidget(reason)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, pdf: bytes, can_sign: bool, why_not: str = "",
            review: SignReview | None = None) -> bool:
        """Show the review and the preview; True when the clinician chose to sign."""
        return cls(pdf, can_sign, why_not, parent, review).exec() == QDialog.DialogCode.Accepted


def review_html(review: SignReview) -> str:
    """The review before signing: the urgency, what blocks signing, what to look at."""
    parts = [f"<b>Before you sign.</b> Urgency — {escape(review.urgency)}"]
    if review.blocking:
        parts.append('<span style="color:#b3261e"><b>Cannot be signed yet:</b></span><ul>'
                     + "".join(f"<li>{escape(b)}</li>" for b in review.blocking) + "</ul>")
    if review.check:
        parts.append("<b>Look at these first:</b><ul>"
                     + "".join(f"<li>{escape(c)}</li>" for c in review.check) + "</ul>")
    if not review.blocking and not review.check:
        parts.append("Nothing missing or contradictory was found.")
    return "<br/>".join(parts)


@dataclass(frozen=True)
class IdentityChoice:
    """A new identity to create (`create` True) or an existing .p12 to import."""

    create: bool
    passphrase: bytes
    name: str = ""
    credentials: str | None = None
    registration_number: str | None = None
    path: Path | None = None


def passphrase_problem(first: str, second: str) -> str | None:
    """Why a new passphrase is not acceptable, or None."""
    if first != second:
        return "the two passphrases differ"
    if len(first) < MIN_PASSPHRASE:
        return f"use at least {MIN_PASSPHRASE} characters"
    if len(set(first)) < 4:
        return "use a passphrase with more different characters"
    return None


class IdentityDialog(QDialog):
    """First signature on this workstation: create a signing identity or import a clinic one."""

    def __init__(self, name: str = "", credentials: str = "", registration: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Signing identity")
        self.choice: IdentityChoice | None = None
        self.tabs = QTabWidget()
        create = QWidget()
        form = QFormLayout(create)
        self.name = QLineEdit(name)
        self.credentials = QLineEdit(credentials)
        self.registration = QLineEdit(registration)
        self.passphrase = QLineEdit()
        self.repeat = QLineEdit()
        for label, widget in (("Name", self.name), ("Credentials", self.credentials),
                              ("Registration number", self.registration),
                              ("Passphrase", self.passphrase), ("Passphrase again", self.repeat)):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        for field in (self.passphrase, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        imported = QWidget()
        import_form = QFormLayout(imported)
        self.file = QLineEdit()
        self.file.setAccessibleName("Identity file (.p12)")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        self.import_passphrase = QLineEdit()
        self.import_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.import_passphrase.setAccessibleName("Passphrase of the identity file")
        import_form.addRow("Identity file (.p12)", self.file)
        import_form.addRow("", browse)
        import_form.addRow("Passphrase", self.import_passphrase)
        self.tabs.addTab(create, "Create a new identity")
        self.tabs.addTab(imported, "Import a clinic-issued .p12")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Notes are signed with your own key, kept on this workstation "
                                "and protected by a passphrase."))
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Identity file", "",
                                              "PKCS#12 (*.p12 *.pfx)")
        if path:
            self.file.setText(path)

    def try_accept(self) -> bool:
        if self.tabs.currentIndex() == 0:
            if not self.name.text().strip():
                self.error.setText("Name: must not be empty")
                return False
            problem = passphrase_problem(self.passphrase.text(), self.repeat.text())
            if problem:
                self.error.setText(f"Passphrase: {problem}")
                return False
            self.choice = IdentityChoice(
                create=True, passphrase=self.passphrase.text().encode(),
                name=self.name.text().strip(),
                credentials=self.credentials.text().strip() or None,
                registration_number=self.registration.text().strip() or None)
        else:
            path = Path(self.file.text().strip())
            if not path.is_file():
                self.error.setText("Identity file: choose an existing .p12 file")
                return False
            self.choice = IdentityChoice(create=False, path=path,
                                         passphrase=self.import_passphrase.text().encode())
        self.accept()
        return True

    @classmethod
    def ask(cls, parent: QWidget | None, name: str = "", credentials: str = "",
            registration: str = "") -> IdentityChoice | None:
        dialog = cls(name, credentials, registration, parent)
        return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None


class PassphraseDialog(QDialog):
    def __init__(self, who: str, parent: QWidget | None = None, problem: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign exam note")
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName("Passphrase")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Passphrase of the signing identity of {who}:"))
        layout.addWidget(self.field)
        if problem:
            said = QLabel(problem)
            said.setObjectName("passphrase_problem")
            said.setWordWrap(True)
            said.setStyleSheet("color: #b3261e;")
            layout.addWidget(said)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, who: str, problem: str = "") -> bytes | None:
        """The passphrase typed, or None when cancelled; `problem` says why it is asked again."""
        dialog = cls(who, parent, problem)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.field.text().encode()
