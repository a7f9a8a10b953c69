"""Start-up to window shown: `slrdesk`'s main window as a ratio to a bare PySide6 window.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7]

Each sample is a fresh process (interpreter start, imports, QApplication, window shown, first
events processed, quit), timed from the outside; medians are compared. SLR Desk is started as
the clinician starts it, the `slrdesk` command line included, with `--quit-when-shown`. The
samples of the bare window, the patient list and the demo exam take turns, so a slow spell of
the machine weighs on all three alike. Target (docs/architecture.md, "Quality bar"): 2×, for
the patient list and for an open exam.

An installed program runs from compiled bytecode (pip compiles it when it installs); this
checkout's modules are compiled first for the same reason, since PYTHONDONTWRITEBYTECODE would
otherwise have every start compile them again.

The last line is the floor: a bare window that also loads the exam model (pydantic) and reads
one exam, with no part of SLR Desk's screen; no exam can open faster than that.
Uses the offscreen platform unless DISPLAY is set.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 2.0  # docs/architecture.md, "Quality bar": within 2× a bare PySide6 window

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.setWindowTitle("bare")
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

# The floor for an open exam: the bare window, with the exam model loaded and one exam read.
FLOOR = """
from slrdesk.core.examples import VIGNETTES, vignette
vignette(VIGNETTES[0])
""" + BARE

SLRDESK = [sys.executable, "-m", "slrdesk", "--quit-when-shown", "--data-dir"]

# The first exam opened from the patient list after a moment there (the clinician finding the
# patient), with the preloading `slrdesk` does beside the shown list; timed inside the process.
FIRST_EXAM = """
import sys, time
from slrdesk.gui.app import application, build_main_window, preload_exam_modules
app = application()
window = build_main_window(sys.argv[1])
window.show()
app.processEvents()
if sys.argv[2] == "preload":
    preload_exam_modules()
end = time.perf_counter() + 1.5
while time.perf_counter() < end:
    app.processEvents()
    time.sleep(0.01)
exam_id = window.store.list_exams(window.patients.selected_patient())[0].exam_id
t0 = time.perf_counter()
window.open_exam(exam_id)
app.processEvents()
print((time.perf_counter() - t0) * 1000)
window.shutdown()
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _first_exam(data_dir: str, preload: str) -> float:
    done = subprocess.run([sys.executable, "-c", FIRST_EXAM, data_dir, preload], check=True,
                          env=_env(), capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def _sample(command: list[str]) -> float:
    t0 = time.perf_counter()
    # stderr is dropped: the offscreen platform chatters about window-manager hints.
    subprocess.run(command, check=True, env=_env(), stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t0) * 1000


def _compile_bytecode() -> None:
    import slrdesk

    compileall.compile_dir(Path(slrdesk.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    _compile_bytecode()
    with tempfile.TemporaryDirectory() as data_dir:
        commands = {
            "bare": [sys.executable, "-c", BARE],
            "list": [*SLRDESK, data_dir],
            "demo": [*SLRDESK, data_dir, "--demo"],
            "floor": [sys.executable, "-c", FLOOR],
        }
        for command in commands.values():  # warms the file cache; the demo patient stays
            _sample(command)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                samples[name].append(_sample(command))
        preloaded = [_first_exam(data_dir, "preload") for _ in range(args.runs)]
        cold = [_first_exam(data_dir, "none") for _ in range(args.runs)]
    b = statistics.median(samples["bare"])
    print(f"bare PySide6 window shown:           median {b:.0f} ms "
          f"(min {min(samples['bare']):.0f})")
    for label, name in (("slrdesk, patient list", "list"), ("slrdesk --demo, exam open", "demo")):
        m = statistics.median(samples[name])
        verdict = "met" if m / b <= TARGET else "NOT MET"
        print(f"{label + ' shown:':37}median {m:.0f} ms (min {min(samples[name]):.0f}), "
              f"{m / b:.2f}x bare (target <= {TARGET:g}x: {verdict})")
    print(f"first exam opened from the list:     median {statistics.median(preloaded):.0f} ms "
          f"(without the preloading: {statistics.median(cold):.0f} ms)")
    f = statistics.median(samples["floor"])
    print(f"floor, bare window + exam model:     median {f:.0f} ms, {f / b:.2f}x bare")


if __name__ == "__main__":
    main()
