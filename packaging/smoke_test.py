#!/usr/bin/env python3
"""Smoke-test a built SLR Desk bundle the way a clinic workstation would meet it.

    python3 packaging/smoke_test.py dist/slrdesk-VERSION-linux-x86_64.tar.gz   (or a bundle folder)

Runs with the system Python's standard library only. The bundle is unpacked into a fresh
temporary folder and run with a scrubbed environment (PATH=/usr/bin:/bin, a throw-away HOME, no
PYTHONPATH or virtual environment), and, where `unshare` can give it one, in a network namespace
with no network at all. It must:
  1. report its version;
  2. pass `slrdesk self-test` (offscreen: main window, demo exam, note preview through PDFium,
     sign, verify) — the time to the window is the cold-start figure;
  3. verify the signed note again from the command line (and with poppler's pdfsig if present);
  4. install into the throw-away HOME with install.sh, giving a valid menu entry and icons, run
     from there, and uninstall.
Exit status 0 only when every step passed. Prints the figures packaging/README.md reports.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path


def fail(message: str) -> None:
    print(f"SMOKE TEST FAILED: {message}", flush=True)
    sys.exit(1)


def network_isolation() -> list[str]:
    """A command prefix that runs a program with no network, when this machine allows it."""
    for prefix in (["unshare", "--net"], ["unshare", "--user", "--map-root-user", "--net"]):
        if shutil.which(prefix[0]) and subprocess.run(
                [*prefix, "true"], capture_output=True, check=False).returncode == 0:
            return prefix
    return []


def drop_page_cache() -> bool:
    """Make the next start a true cold start, where permitted (root outside a container)."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


class Bundle:
    def __init__(self, folder: Path, home: Path, isolate: list[str]) -> None:
        self.folder, self.isolate = folder, isolate
        self.env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "TMPDIR": str(home),
                    "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen",
                    "XDG_DATA_HOME": str(home / ".local" / "share")}

    def run(self, *args: str, program: Path | None = None, timeout: float = 120
            ) -> subprocess.CompletedProcess[str]:
        command = [*self.isolate, str(program or self.folder / "slrdesk"), *args]
        return subprocess.run(command, env=self.env, cwd=self.env["HOME"], capture_output=True,
                              text=True, timeout=timeout, check=False)

    def time_to_window(self) -> tuple[float, dict[str, object]]:
        """Seconds from launch to the main window shown, and the self-test's summary."""
        command = [*self.isolate, str(self.folder / "slrdesk"), "self-test", "--keep"]
        started = time.perf_counter()
        process = subprocess.Popen(command, env=self.env, cwd=self.env["HOME"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert process.stdout is not None
        shown, lines = 0.0, []
        for line in process.stdout:
            lines.append(line.rstrip())
            print(f"     {line.rstrip()}", flush=True)
            if line.startswith("ok   window shown") and not shown:
                shown = time.perf_counter() - started
        errors = process.stderr.read() if process.stderr else ""
        if process.wait(timeout=120) != 0:
            fail(f"self-test exited {process.returncode}\n{errors}")
        return shown, json.loads(lines[-1])


def clinic_database(bundle: Bundle, root: Path) -> None:
    """The bundle carries psycopg's libpq: an unreachable server is a sentence, and with the
    distribution's PostgreSQL here, the bundle creates a schema on a throw-away cluster."""
    gone = f"postgresql:///slrdesk?host={root / 'no-server'}&user=slrdesk_app"
    result = bundle.run("db", "upgrade", "--database", gone)
    if result.returncode != 2 or "cannot be reached" not in result.stderr:
        fail(f"db upgrade, no server: exit {result.returncode}: {result.stdout}{result.stderr}")
    print("ok   clinic database: an unreachable server is one sentence (exit 2)")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.postgres_cluster import OWNER, Cluster, PostgresMissing

    try:
        cluster = Cluster()
    except PostgresMissing:
        print("--   clinic database: no PostgreSQL server package here; schema not created")
        return
    try:
        database = cluster.new_database(upgrade=False)
        result = bundle.run("db", "upgrade", "--database", database.url(OWNER))
        if result.returncode != 0 or "migrations applied" not in result.stdout:
            fail(f"db upgrade: {result.stdout}{result.stderr}")
        print(f"ok   clinic database: {result.stdout.strip()}")
    finally:
        cluster.close()


def main(target: Path) -> int:
    if not target.exists():
        fail(f"{target} does not exist; run packaging/build first")
    isolate = network_isolation()
    with tempfile.TemporaryDirectory(prefix="slrdesk-smoke-") as scratch:
        root = Path(scratch)
        home = root / "home"
        home.mkdir()
        if target.is_dir():
            folder = root / "slrdesk"
            shutil.copytree(target, folder, symlinks=True)
        else:
            with tarfile.open(target) as tar:
                tar.extractall(root, filter="tar")
            folder = root / "slrdesk"
        bundle = Bundle(folder, home, isolate)
        print(f"unpacked into {folder}; network: "
              f"{'none (' + ' '.join(isolate) + ')' if isolate else 'not isolated here'}")

        result = bundle.run("--version")
        if result.returncode != 0 or not result.stdout.startswith("SLR Desk "):
            fail(f"--version: {result.stdout}{result.stderr}")
        print(f"ok   {result.stdout.strip()}")

        cold = drop_page_cache()
        first, summary = bundle.time_to_window()
        second, _ = bundle.time_to_window()
        note = Path(str(summary["note"]))
        print(f"ok   self-test passed; window after {first:.2f} s on the first start "
              f"({'page cache dropped' if cold else 'files fresh from unpacking, cache warm'}), "
              f"{second:.2f} s on the next")

        # Without a trust store nobody vouches for the self-test's signer (exit 3); with the
        # self-test's folder, where its certificate is pinned, the note is valid (exit 0).
        result = bundle.run("verify", str(note), "--format", "json")
        report = json.loads(result.stdout or "{}")
        if result.returncode != 3 or report.get("outcome") != "untrusted":
            fail(f"verify, no trust store: {result.stdout}{result.stderr}")
        result = bundle.run("verify", str(note), "--format", "json", "--data-dir",
                            str(summary["data_dir"]))
        report = json.loads(result.stdout or "{}")
        if result.returncode != 0 or not report.get("ok"):
            fail(f"verify: {result.stdout}{result.stderr}")
        print(f"ok   slrdesk verify: signed by {report.get('signer')}, intact, vouched for by "
              f"its {report.get('vouched_by')}; unvouched elsewhere (exit 3)")
        if shutil.which("pdfsig"):
            pdfsig = subprocess.run(["pdfsig", str(note)], capture_output=True, text=True,
                                    check=False)
            if "Signature is Valid." not in pdfsig.stdout:
                fail(f"pdfsig: {pdfsig.stdout}{pdfsig.stderr}")
            print("ok   pdfsig: Signature is Valid.")

        clinic_database(bundle, root)

        install = folder / "install.sh"
        if install.exists():
            result = subprocess.run(["sh", str(install)], env=bundle.env, capture_output=True,
                                    text=True, check=False)
            if result.returncode != 0:
                fail(f"install.sh: {result.stdout}{result.stderr}")
            entry = home / ".local" / "share" / "applications" / "slrdesk.desktop"
            installed = home / ".local" / "opt" / "slrdesk" / "slrdesk"
            text = entry.read_text(encoding="utf-8")
            if f"Exec={installed}" not in text:
                fail(f"menu entry does not start the installed program:\n{text}")
            if shutil.which("desktop-file-validate"):
                check = subprocess.run(["desktop-file-validate", str(entry)],
                                       capture_output=True, text=True, check=False)
                if check.returncode != 0 or check.stdout.strip():
                    fail(f"desktop-file-validate: {check.stdout}{check.stderr}")
            icon = home / ".local/share/icons/hicolor/48x48/apps/slrdesk.png"
            if not icon.is_file():
                fail("install.sh installed no 48×48 icon")
            result = bundle.run("--version", program=home / ".local" / "bin" / "slrdesk")
            if result.returncode != 0:
                fail(f"installed program: {result.stdout}{result.stderr}")
            subprocess.run(["sh", str(install), "--uninstall"], env=bundle.env,
                           capture_output=True, check=True)
            if entry.exists() or installed.exists():
                fail("install.sh --uninstall left files behind")
            print("ok   install.sh: menu entry, icons, ~/.local/bin/slrdesk; uninstalled cleanly")

        size = sum(p.stat().st_size for p in folder.rglob("*")
                   if p.is_file() and not p.is_symlink())
        print(f"\nfigures: bundle {size / 1e6:.1f} MB unpacked"
              + (f", archive {target.stat().st_size / 1e6:.1f} MB" if target.is_file() else "")
              + f"; window after {first:.2f} s (first start), {second:.2f} s (next)")
    print("SMOKE TEST PASSED")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1]).resolve()))
