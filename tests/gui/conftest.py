"""GUI tests: headless, Qt warnings fail the test, screenshots kept as artifacts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Any Qt warning during a GUI test fails it (pytest-qt's qt_log_level_fail, per test, so
    # the core suite can run without pytest-qt loaded at all).
    for item in items:
        item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
        # The offscreen platform cannot pass size hints to a window manager it does not have;
        # that is the test platform talking, not the application.
        item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))


@pytest.fixture
def screenshot_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
