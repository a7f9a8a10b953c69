"""The workstation's clinic profile: the letterhead of new notes, never dropped silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from slrdesk.core.document.exam import Clinic
from slrdesk.core.errors import InputError
from slrdesk.core.profile import CLINIC_FILE, load_clinic, save_clinic


def test_the_clinic_profile_round_trips_and_can_be_removed(tmp_path: Path) -> None:
    assert load_clinic(tmp_path) is None
    clinic = Clinic(name="Riverside Clinic", address="12 Mill Lane\nRiverside",
                    phone="020 7946 0321")
    save_clinic(tmp_path, clinic)
    assert load_clinic(tmp_path) == clinic
    save_clinic(tmp_path, None)
    assert load_clinic(tmp_path) is None


def test_a_damaged_clinic_profile_is_said_not_dropped(tmp_path: Path) -> None:
    (tmp_path / CLINIC_FILE).write_text('{"name": ""}')
    with pytest.raises(InputError, match=r"clinic\.json: .*name.*letterhead"):
        load_clinic(tmp_path)
    (tmp_path / CLINIC_FILE).write_bytes(b"\xff{")
    with pytest.raises(InputError, match="letterhead"):
        load_clinic(tmp_path)
