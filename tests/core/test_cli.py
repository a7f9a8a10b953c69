"""The headless commands, run as a user runs them: a separate process, stdout, stderr, exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import jsonschema
import pytest

from slrdesk import __version__
from slrdesk.core.examples import VIGNETTES

if TYPE_CHECKING:
    from pathlib import Path


def slrdesk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "slrdesk", *args], capture_output=True, text=True, cwd=cwd,
        timeout=60,
    )


def test_version() -> None:
    result = slrdesk("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"SLR Desk {__version__}")


def test_every_example_validates_against_the_printed_schema() -> None:
    schema = json.loads(slrdesk("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    default = slrdesk("example")
    assert default.returncode == 0
    documents = [json.loads(default.stdout)]
    for name in VIGNETTES:
        result = slrdesk("example", "--vignette", name)
        assert result.returncode == 0, result.stderr
        documents.append(json.loads(result.stdout))
    for document in documents:
        validator.validate(document)
    assert documents[0]["patient"]["name"] == "Jordan Mbeki"


def test_schema_rejects_what_the_program_rejects() -> None:
    schema = json.loads(slrdesk("schema").stdout)
    document = json.loads(slrdesk("example").stdout)
    document["goniometry"]["passive_slr"]["left"] = 190
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["example", "--vignette", "nope"], "argument --vignette: invalid choice: 'nope'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["audit"], "the following arguments are required"),
    ],
)
def test_usage_mistakes_are_one_sentence_without_traceback(args: list[str], message: str) -> None:
    result = slrdesk(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_audit_verify_on_an_unusable_data_folder_is_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    result = slrdesk("audit", "verify", "--data-dir", str(blocker))
    assert result.returncode == 2
    assert result.stderr.startswith(f"slrdesk: --data-dir {blocker}: holds no SLR Desk "
                                     "database")
    assert len(result.stderr.strip().splitlines()) == 1


def test_audit_verify_never_creates_a_missing_folder(tmp_path: Path) -> None:
    result = slrdesk("--data-dir", str(tmp_path / "new"), "audit", "verify")
    assert result.returncode == 2
    assert result.stderr.strip() == (f"slrdesk: --data-dir {tmp_path / 'new'}: holds no SLR "
                                      "Desk database")
    assert not (tmp_path / "new").exists()


def test_headless_commands_never_load_qt() -> None:
    probe = (
        "import sys, contextlib, io\n"
        "from slrdesk.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['schema']); main(['example'])\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'slrdesk.gui')))\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60)
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr
