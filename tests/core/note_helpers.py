"""Shared pieces for the note tests: a signing identity, text extraction, poppler's tools."""

from __future__ import annotations

import os
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from slrdesk.core.note.identity import SigningIdentity, create_identity, load_identity

PASSPHRASE = b"correct horse battery"


def make_identity(folder: Path, name: str = "Dr Sam Okafor") -> tuple[Path, SigningIdentity]:
    path = folder / "id.p12"
    create_identity(path, name, PASSPHRASE, credentials="MSc", registration_number="PH-104233")
    return path, load_identity(path, PASSPHRASE)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages]


def poppler(tool: str, *args: str) -> str:
    """Run one of poppler's tools; CI installs poppler-utils, so there it must be present."""
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} (poppler-utils) is missing on CI; .ci/run installs it")
        pytest.skip(f"{tool} (poppler-utils) is not installed on this machine")
    result = subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)
    return result.stdout + result.stderr
