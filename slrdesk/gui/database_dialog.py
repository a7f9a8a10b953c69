"""File → Clinic database…: this workstation's own file, or the clinic's PostgreSQL server.

The address is kept in the data folder without a password; a password typed here goes to
libpq's password file (~/.pgpass, owner-only), where every PostgreSQL tool looks for it. Saving
connects first: a wrong password or an unreachable server is said below the fields and the
dialog stays open for another try.
"""

from __future__ import annotations

from pathlib import Path

from psycopg.conninfo import conninfo_to_dict
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from slrdesk.core.errors import SlrDeskError
from slrdesk.core.store.choice import address, remember_password
from slrdesk.gui.widgets.form_dialog import FormDialog, FormProblem

# libpq's sslmode values, in the clinician's words.
TLS_CHOICES = (
    ("When the server offers it", "prefer"),
    ("Always", "require"),
    ("Always, and check the server's certificate", "verify-full"),
)
OWN_FILE = "own file"  # what `made` holds when the workstation goes back to its own file


class DatabaseDialog(FormDialog):
    def __init__(self, current: str | None, data_dir: Path,
                 parent: QWidget | None = None) -> None:
        self.data_dir = data_dir
        parts = conninfo_to_dict(current) if current else {}
        self.own_file = QCheckBox("Keep the data on this workstation only (no server)")
        self.own_file.setChecked(current is None)
        self.host = QLineEdit(str(parts.get("host", "")))
        self.host.setPlaceholderText("db.clinic.local")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(int(parts.get("port") or 5432))
        self.dbname = QLineEdit(str(parts.get("dbname", "slrdesk")))
        self.user = QLineEdit(str(parts.get("user", "slrdesk_app")))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("leave empty if ~/.pgpass already has it")
        self.tls = QComboBox()
        for words, mode in TLS_CHOICES:
            self.tls.addItem(words, mode)
        self.tls.setCurrentIndex(max(0, self.tls.findData(parts.get("sslmode", "prefer"))))
        super().__init__(
            "Clinic database",
            "Several exam rooms share patients, exams and signed notes through the clinic's "
            "PostgreSQL server (ask the clinic's IT for these). SLR Desk connects to check, and "
            "uses it from its next start.",
            [("", self.own_file), ("Server", self.host), ("Port", self.port),
             ("Database", self.dbname), ("User", self.user), ("Password", self.password),
             ("Secure connection (TLS)", self.tls)],
            QDialogButtonBox.StandardButton.Save, self._choice, parent)
        self.own_file.toggled.connect(self._own_file_toggled)
        self._own_file_toggled(self.own_file.isChecked())

    def _own_file_toggled(self, own: bool) -> None:
        for field in (self.host, self.port, self.dbname, self.user, self.password, self.tls):
            field.setEnabled(not own)

    def _choice(self) -> str:
        if self.own_file.isChecked():
            return OWN_FILE
        host = self.host.text().strip()
        if not host:
            self.host.setFocus()
            raise FormProblem("Server: give the server's name or address")
        if not self.dbname.text().strip() or not self.user.text().strip():
            raise FormProblem("Database and User: both are needed")
        url = address(host, self.port.value(), self.dbname.text().strip(),
                      self.user.text().strip(), str(self.tls.currentData()))
        from slrdesk.core.store.postgres import open_postgres_store

        try:
            if self.password.text():
                remember_password(url, self.password.text())
            open_postgres_store(url, self.data_dir, read_only="checking only").close()
        except SlrDeskError as exc:
            self.password.setFocus()
            raise FormProblem(str(exc)) from exc
        return url

    @classmethod
    def ask(cls, current: str | None, data_dir: Path,
            parent: QWidget | None) -> tuple[bool, str | None]:
        """(saved, the address or None for this workstation's own file)."""
        dialog = cls(current, data_dir, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False, None
        return True, None if dialog.made == OWN_FILE else str(dialog.made)
