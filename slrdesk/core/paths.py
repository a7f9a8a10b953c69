"""Where SLR Desk keeps its data, by platform convention unless the user says otherwise."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "SLR Desk"
DATABASE_FILE = "slrdesk.sqlite3"
CLINIC_FORMS_FOLDER = "forms"  # the clinic's own form items, inside the data folder


def default_data_dir() -> Path:
    """The per-user data folder (e.g. ~/.local/share/SLR Desk on Linux)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(override: str | Path | None) -> Path:
    return Path(override).expanduser().resolve() if override else default_data_dir()
