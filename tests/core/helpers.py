"""Building exam documents in tests without repeating the boilerplate."""

from __future__ import annotations

import copy
import json
from pathlib import Path
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


GOLDEN = Path(__file__).resolve().parents[1] / "data" / "vignettes"


def golden_exams() -> list[tuple[str, dict[str, Any]]]:
    """Every golden vignette's exam document (name, data), in file order."""
    exams = []
    for path in sorted(GOLDEN.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        exam = json.loads(vignette_json(data["vignette"])) if "vignette" in data else data["exam"]
        exams.append((path.stem, exam))
    return exams


def copy_of_form(tmp_path: Path) -> Path:
    """The shipped examination form's files, copied into a folder a test may edit."""
    from slrdesk.core.forms import bundled_folder

    folder = tmp_path / "form"
    folder.mkdir()
    for item in bundled_folder().iterdir():
        if item.name.endswith(".toml"):
            (folder / item.name).write_text(item.read_text("utf-8"), encoding="utf-8")
    return folder
