"""Benchmark: time from launch to a usable main window, beside a bare PySide6 window.

Both run as fresh subprocesses in the same run. "Usable" means the search box
is shown and focused, so typing lands in it; the app reports that moment
through ENABLEMENT_STARTUP_PROBE (it writes the wall-clock time and quits).
The baseline is a bare QMainWindow with one QLineEdit, shown and focused.
The library folder is a fresh empty one (no demo build), so the numbers show
the window, not the catalogue; the library opens on the worker after show.

    .venv/bin/python bench/startup.py [--runs 5] [--library DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
box = QLineEdit()
window.setCentralWidget(box)
window.resize(1280, 800)
window.show()
box.setFocus()
def probe():
    app.processEvents()
    open(sys.argv[1], "w").write(f"{time.time():.6f} ready\n")
    window.close()
QTimer.singleShot(0, probe)
app.exec()
"""


def launch(command: list[str], probe: Path, env: dict[str, str]) -> float:
    probe.unlink(missing_ok=True)
    started = time.time()
    subprocess.run(command, env=env, check=True, timeout=120, capture_output=True)
    stamp, state, *_ = probe.read_text().split()
    if state != "ready":
        raise RuntimeError(f"{command[2:4]}: the window was not usable: {probe.read_text()}")
    return float(stamp) - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--library", type=Path, default=None, help="library folder (default: a fresh one)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="enablement-startup-") as scratch:
        root = Path(scratch)
        probe = root / "probe.txt"
        library = args.library or root / "library"
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env["XDG_CONFIG_HOME"] = str(root / "config")  # keep the user's QSettings untouched
        env["ENABLEMENT_STARTUP_PROBE"] = str(probe)
        ours_cmd = [sys.executable, "-m", "ui", "--library", str(library), "--no-demo"]
        base_cmd = [sys.executable, "-c", BASELINE, str(probe)]
        launch(base_cmd, probe, env)  # warm the OS file cache for both
        launch(ours_cmd, probe, env)
        ours, base = [], []
        for _ in range(args.runs):
            base.append(launch(base_cmd, probe, env))
            ours.append(launch(ours_cmd, probe, env))
    b, o = statistics.median(base), statistics.median(ours)
    print(f"bare PySide6 QMainWindow : median {b * 1000:7.1f} ms  (runs: {_fmt(base)})")
    print(f"enablement-app           : median {o * 1000:7.1f} ms  (runs: {_fmt(ours)})")
    verdict = "OK" if o <= 1.0 else "OVER"
    print(f"ratio ours/bare          : {o / b:.2f}x   budget: 1000 ms -> {verdict}")
    return 0


def _fmt(values: list[float]) -> str:
    return ", ".join(f"{v * 1000:.0f}" for v in values)


if __name__ == "__main__":
    raise SystemExit(main())
