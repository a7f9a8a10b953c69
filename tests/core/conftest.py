"""Core tests run with Qt unavailable: importing PySide6 or the GUI here is an error.

`python3 dev.py test` runs tests/core with pytest-qt disabled, so nothing has loaded Qt before
these tests start and the blocker below proves the core never needs it.
"""

from __future__ import annotations

import importlib.abc
import sys

_BLOCKED = ("PySide6", "shiboken6", "slrdesk.gui")


class _QtBlocker(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: object, target: object = None) -> None:
        if fullname.split(".")[0] in _BLOCKED or fullname.startswith("slrdesk.gui"):
            raise ImportError(f"core tests must not import {fullname}")
        return None


if not any(name.startswith("PySide6") for name in sys.modules):
    sys.meta_path.insert(0, _QtBlocker())
