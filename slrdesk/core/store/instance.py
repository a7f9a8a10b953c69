"""One writer per data folder: two workstations (or two windows) writing one SQLite file would
each overwrite the other's edits. The first instance holds an OS lock on `<folder>/slrdesk.lock`
(released by the OS even if the program is killed) and records who it is; a second one opens the
store read-only and says who has it."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from filelock import FileLock

LOCK_FILE = "slrdesk.lock"
HOLDER_FILE = "slrdesk.lock.holder.json"


@dataclass
class InstanceLock:
    """Held while this program may write the folder; `holder` describes who has it otherwise."""

    lock: FileLock | None
    holder: str | None

    @property
    def writer(self) -> bool:
        return self.lock is not None

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _describe(folder: Path) -> str:
    try:
        info = json.loads((folder / HOLDER_FILE).read_text(encoding="utf-8"))
        return (f"{info.get('user', '?')} on {info.get('host', '?')} (process "
                f"{info.get('pid', '?')}, since {info.get('since', '?')})")
    except (OSError, ValueError):
        return "another SLR Desk"


def acquire(folder: Path) -> InstanceLock:
    """Take the folder's writer lock, or learn who holds it (never waits)."""
    from filelock import FileLock, Timeout

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = FileLock(folder / LOCK_FILE, timeout=0, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        return InstanceLock(None, _describe(folder))
    import getpass
    import socket

    holder = {"user": getpass.getuser(), "host": socket.gethostname(), "pid": os.getpid(),
              "since": datetime.now(UTC).astimezone().isoformat(timespec="seconds")}
    path = folder / HOLDER_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(holder, handle)
    return InstanceLock(lock, None)
