"""The workstation's profiles, kept beside the database: the clinician (who signs new exams)
and the clinic (the letterhead of their notes)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from slrdesk.core.document.exam import Clinic, Clinician
from slrdesk.core.errors import InputError, describe_validation_error
from slrdesk.core.files import write_atomically

PROFILE_FILE = "clinician.json"
CLINIC_FILE = "clinic.json"


def load_clinician(data_dir: Path) -> Clinician | None:
    """The saved profile, or None when there is none (or it cannot be read: asked again)."""
    try:
        return Clinician.model_validate_json((data_dir / PROFILE_FILE).read_bytes())
    except (OSError, ValidationError):
        return None


def save_clinician(data_dir: Path, clinician: Clinician) -> None:
    write_atomically(data_dir / PROFILE_FILE, clinician.model_dump_json(indent=2).encode(),
                     mode=0o600)


def load_clinic(data_dir: Path) -> Clinic | None:
    """The clinic's letterhead, or None when none was set (notes then carry no letterhead).
    A damaged profile is an InputError, never a letterhead silently dropped."""
    path = data_dir / CLINIC_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}); new notes carry no "
                         "letterhead until File → Clinic details is saved again") from exc
    try:
        return Clinic.model_validate_json(data)
    except ValidationError as exc:
        raise InputError(f"{path}: {describe_validation_error(exc)}; new notes carry no "
                         "letterhead until File → Clinic details is saved again") from exc


def save_clinic(data_dir: Path, clinic: Clinic | None) -> None:
    """Save the letterhead; None removes it."""
    path = data_dir / CLINIC_FILE
    if clinic is None:
        path.unlink(missing_ok=True)
        return
    write_atomically(path, clinic.model_dump_json(indent=2).encode())
