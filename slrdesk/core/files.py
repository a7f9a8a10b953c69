"""Reading and writing files so that bad paths are one sentence and outputs are either
complete or absent, readable by their owner only (exam notes and documents are health data)."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from slrdesk.core.errors import InputError

# Exam documents and notes are far smaller; anything larger is not one (and /dev/zero is not
# read forever).
DEFAULT_INPUT_LIMIT = 16 * 1024 * 1024
PRIVATE = 0o600


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def read_input(path: str | Path, limit: int = DEFAULT_INPUT_LIMIT, what: str = "") -> bytes:
    """A regular file's bytes, at most `limit` of them; anything else is one sentence."""
    name = f"{what} {path}".strip()
    if not str(path):
        raise InputError(f"{what or 'input'}: the path is empty")
    try:
        info = Path(path).stat()
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({_reason(exc)})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{name}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{name}: is not a regular file")
    if info.st_size > limit:
        raise InputError(f"{name}: is larger than {limit // (1024 * 1024)} MB")
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({_reason(exc)})") from exc
    if len(data) > limit:
        raise InputError(f"{name}: is larger than {limit // (1024 * 1024)} MB")
    return data


def check_output_path(path: str | Path, what: str) -> Path:
    """The target of an output: refused if empty, a folder, or anything but a regular file
    (a FIFO, device or symlink is never replaced)."""
    if not str(path):
        raise InputError(f"{what}: the path is empty")
    target = Path(path)
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(f"{what} {path}: cannot be written ({_reason(exc)})") from exc
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{what} {path}: is a folder; give a file name")
        if stat.S_ISLNK(info.st_mode):
            raise InputError(f"{what} {path}: is a symbolic link; it is not replaced")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{what} {path}: is not a regular file; it is not replaced")
    if not (target.parent if str(target.parent) else Path()).is_dir():
        raise InputError(f"{what} {path}: the folder {target.parent} does not exist")
    return target


def write_output(path: str | Path, data: bytes, what: str) -> Path:
    """Check the target, then write it atomically, owner-only."""
    target = check_output_path(path, what)
    write_atomically(target, data, mode=PRIVATE, what=what)
    return target


def write_atomically(target: Path, data: bytes, mode: int = PRIVATE, what: str = "") -> None:
    """A temporary file in the same folder, flushed to disk, then renamed over the target: a
    crash at any moment leaves the old file or the new one, never a partial one. A full disk
    or an I/O error is one sentence and leaves no temporary file behind."""
    folder = target.parent if str(target.parent) else Path()
    name = f"{what} {target}".strip()
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise InputError(f"{name}: cannot write there ({_reason(exc)})") from exc
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).replace(target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise InputError(f"{name}: could not be written ({_reason(exc)}); nothing was "
                         "saved there") from exc
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def remove_stale_parts(folder: Path) -> int:
    """Temporary `.part` files a killed write left behind (never a complete file)."""
    removed = 0
    if not folder.is_dir():
        return 0
    for part in folder.glob(".*.part"):
        try:
            part.unlink()
            removed += 1
        except OSError:
            continue
    return removed
