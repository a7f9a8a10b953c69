"""`slrdesk self-test`, the check packaging runs on the built bundle: as a fresh process, it opens
the demo exam, previews, signs and verifies a note, and says so step by step."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_self_test_passes_every_step_in_a_fresh_process(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "slrdesk", "self-test", "--keep"],
                            capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == ["ok"] * 5
    summary = json.loads(lines[-1])
    assert summary["passed"] == ["window", "demo exam", "preview", "sign", "verify"]
    note = Path(summary["note"])
    assert note.is_file()
    assert note.read_bytes().startswith(b"%PDF")
    assert Path(summary["data_dir"]).parent == tmp_path
