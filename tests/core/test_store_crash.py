"""Killing the program at any moment leaves the database consistent with the last completed save.

A child process saves the same draft over and over, reporting each completed save; it is killed
with SIGKILL at a random moment, many times over, and the database is checked each time.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from slrdesk.core.examples import vignette
from slrdesk.core.paths import DATABASE_FILE
from slrdesk.core.store import open_store

if TYPE_CHECKING:
    from pathlib import Path

WRITER = """
import sys
from pathlib import Path
from slrdesk.core.document.editing import with_value
from slrdesk.core.examples import vignette
from slrdesk.core.store import open_store

store = open_store(Path(sys.argv[1]))
exam = vignette("sprinter_strain")
start = int(sys.argv[2])
for i in range(start, start + 100000):
    exam = with_value(exam, "history.notes", f"save {i}")
    store.save_draft(exam)
    print(i, flush=True)
"""

KILLS = 25


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_killed_writer_leaves_the_last_completed_save(tmp_path: Path) -> None:
    rng = random.Random(20261125)
    exam_id = None
    next_start = 1
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), str(next_start)],
            stdout=subprocess.PIPE, text=True,
        )
        assert child.stdout is not None
        last_reported = int(child.stdout.readline())  # at least one save has completed
        time.sleep(rng.uniform(0, 0.03))
        os.kill(child.pid, signal.SIGKILL)
        remaining, _ = child.communicate()
        reported = [last_reported, *map(int, remaining.split())]
        last_reported = reported[-1]

        with sqlite3.connect(tmp_path / DATABASE_FILE) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with open_store(tmp_path) as store:
            exam_id = exam_id or vignette("sprinter_strain").exam_id
            saved = store.get_exam(exam_id)
            assert saved.history.notes is not None
            n = int(saved.history.notes.removeprefix("save "))
            # The save in flight when the process died either completed or left no trace.
            assert n in (last_reported, last_reported + 1)
            report = store.verify_audit()
            assert report.intact, report.problem
        next_start = n + 1
    assert next_start > KILLS
