#!/usr/bin/env python3
"""Set up and run SLR Desk from a fresh clone, with nothing installed but Python 3.11+.

    python3 dev.py run [ARGS...]   set up .venv (first time only) and open the application
    python3 dev.py test            set up .venv with the development tools and run every check
                                   (installs PostgreSQL's server package when missing, as root)

Installs use requirements/constraints.txt, so every machine gets the same versions. A stamp in
.venv records what was installed; setup is skipped while pyproject.toml and the constraints are
unchanged.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _stamp(extras: str) -> str:
    digest = hashlib.sha256(extras.encode())
    for path in (ROOT / "pyproject.toml", CONSTRAINTS):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_environment(extras: str = "") -> None:
    """Create .venv and install the project (with `extras`) at the pinned versions."""
    if sys.version_info < (3, 11):
        sys.exit(f"SLR Desk needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    stamp_file = VENV / f".slrdesk-installed{extras.replace(',', '-')}"
    wanted = _stamp(extras)
    if stamp_file.exists() and stamp_file.read_text() == wanted:
        return
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    target = f".[{extras}]" if extras else "."
    print(f"Installing SLR Desk and its pinned dependencies ({target}) ...", flush=True)
    subprocess.run(
        [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
         "-c", str(CONSTRAINTS), "-e", target],
        cwd=ROOT, check=True,
    )
    stamp_file.write_text(wanted)


def ensure_postgresql() -> None:
    """The store tests start a throw-away PostgreSQL cluster from the distribution's server
    package (tests/postgres_cluster.py). Install it when it is missing and this user may (root
    on Debian or Ubuntu); otherwise those tests fail with a sentence saying what to install."""
    import shutil

    if shutil.which("initdb") or any(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing PostgreSQL for the clinic-database tests (apt-get) ...", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], check=False,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def _step(title: str, args: list[str], env: dict[str, str] | None = None) -> bool:
    print(f"\n=== {title}", flush=True)
    return subprocess.run(args, cwd=ROOT, env=env).returncode == 0


def run_checks() -> int:
    tool = lambda name: str(BIN / name)  # noqa: E731 - a one-line helper reads better here
    headless = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
    steps = [
        ("ruff: lint", [tool("ruff"), "check", "."], None),
        ("mypy: types (strict on slrdesk.core)", [tool("mypy")], None),
        ("import-linter: the core never imports Qt or the GUI", [tool("lint-imports")], None),
        ("pytest: core, with Qt unavailable",
         [str(PYTHON), "-m", "pytest", "tests/core", "-p", "no:pytest-qt"], headless),
        ("pytest: GUI and end-to-end, headless",
         [str(PYTHON), "-m", "pytest", "tests", "--ignore=tests/core"], headless),
    ]
    failed = [title for title, args, env in steps if not _step(title, args, env)]
    print()
    if failed:
        print("FAILED: " + "; ".join(failed))
        return 1
    print("All checks passed.")
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    if command == "run":
        ensure_environment()
        # Bytecode, as an installed copy has: where PYTHONDONTWRITEBYTECODE is set, every start
        # would otherwise compile the whole program again (a tenth of a second or more).
        subprocess.run([str(PYTHON), "-m", "compileall", "-q", "slrdesk"], cwd=ROOT,
                       stdout=subprocess.DEVNULL, check=False)
        return subprocess.run([str(PYTHON), "-m", "slrdesk", *argv[1:]], cwd=ROOT).returncode
    if command == "test":
        ensure_environment("dev")
        ensure_postgresql()
        return run_checks()
    print(__doc__)
    return 0 if command in {"help", "-h", "--help"} else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
