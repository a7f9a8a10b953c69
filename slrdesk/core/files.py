"""Writing files so that they are either complete or absent."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from slrdesk.core.errors import InputError


def write_atomically(target: Path, data: bytes, mode: int = 0o644) -> None:
    """A temporary file in the same folder, flushed to disk, then renamed over the target: a
    crash at any moment leaves the old file or the new one, never a partial one."""
    folder = target.parent if str(target.parent) else Path()
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise InputError(f"{target}: cannot write there ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).chmod(mode)
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
