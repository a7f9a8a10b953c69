"""Building exam documents in tests without repeating the boilerplate."""

from __future__ import annotations

import copy
import json
from typing import Any

from slrdesk.core.examples import vignette_json

MINIMAL: dict[str, Any] = {
    "patient": {"name": "Test Patient", "date_of_birth": "1980-04-01", "record_number": "T-1"},
    "clinician": {"name": "Dr Test"},
    "encounter_time": "2026-11-20T10:00:00+00:00",
}


def minimal(**changes: Any) -> dict[str, Any]:
    """The smallest valid exam document, with top-level keys replaced by `changes`."""
    data = copy.deepcopy(MINIMAL)
    data.update(changes)
    return data


def vignette_data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(vignette_json(name))
    return data
