"""The workstation's clinician profile (who signs new exams), kept beside the database."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from slrdesk.core.exam import Clinician
from slrdesk.core.files import write_atomically

PROFILE_FILE = "clinician.json"


def load_clinician(data_dir: Path) -> Clinician | None:
    """The saved profile, or None when there is none (or it cannot be read: asked again)."""
    try:
        return Clinician.model_validate_json((data_dir / PROFILE_FILE).read_bytes())
    except (OSError, ValidationError):
        return None


def save_clinician(data_dir: Path, clinician: Clinician) -> None:
    write_atomically(data_dir / PROFILE_FILE, clinician.model_dump_json(indent=2).encode(),
                     mode=0o600)
