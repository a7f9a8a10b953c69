"""Start-up to window shown: `slrdesk`'s main window as a ratio to a bare PySide6 window.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7]

Each sample is a fresh process (interpreter start, imports, QApplication, window shown, first
events processed, quit), timed from the outside; medians are compared. Target
(docs/architecture.md, "Quality bar"): 2×, for the patient list and for an open exam.
Uses the offscreen platform unless DISPLAY is set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

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

SLRDESK = """
import sys
from PySide6.QtCore import QTimer
from slrdesk.gui.app import application, build_main_window
app = application()
window = build_main_window(sys.argv[1], demo=sys.argv[2] == "demo")
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
window.store.close()
"""

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


def _first_exam(data_dir: str, preload: str) -> float:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run([sys.executable, "-c", FIRST_EXAM, data_dir, preload], check=True,
                          env=env, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def _sample(code: str, *args: str) -> float:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    t0 = time.perf_counter()
    # stderr is dropped: the offscreen platform chatters about window-manager hints.
    subprocess.run([sys.executable, "-c", code, *args], check=True, env=env,
                   stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        _sample(BARE)  # warm the file cache for both
        _sample(SLRDESK, data_dir, "demo")  # the demo patient is in the list from now on
        bare = [_sample(BARE) for _ in range(args.runs)]
        patients = [_sample(SLRDESK, data_dir, "list") for _ in range(args.runs)]
        demo = [_sample(SLRDESK, data_dir, "demo") for _ in range(args.runs)]
        preloaded = [_first_exam(data_dir, "preload") for _ in range(args.runs)]
        cold = [_first_exam(data_dir, "none") for _ in range(args.runs)]
    b = statistics.median(bare)
    print(f"bare PySide6 window shown:           median {b:.0f} ms (min {min(bare):.0f})")
    for label, samples in (("slrdesk, patient list", patients),
                           ("slrdesk --demo, exam open", demo)):
        m = statistics.median(samples)
        verdict = "met" if m / b <= TARGET else "NOT MET"
        print(f"{label + ' shown:':37}median {m:.0f} ms (min {min(samples):.0f}), "
              f"{m / b:.2f}x bare (target <= {TARGET:g}x: {verdict})")
    print(f"first exam opened from the list:     median {statistics.median(preloaded):.0f} ms "
          f"(without the preloading: {statistics.median(cold):.0f} ms)")


if __name__ == "__main__":
    main()
