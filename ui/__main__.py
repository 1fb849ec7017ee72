"""Entry point of the desktop app (`enablement-app`, `python -m ui`).

Start-up order matters for the time to a usable window: only QtCore, QtGui
and QtWidgets are imported before the window is shown; the library
(SQLAlchemy, Whoosh, parsers) opens on the worker afterwards. With
ENABLEMENT_STARTUP_PROBE=FILE the app writes the wall-clock time at which the
search box accepted input into FILE and quits (used by bench/startup.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

# Must not be imported before the window is usable (checked by the start-up probe).
HEAVY_MODULES = ("sqlalchemy", "whoosh", "enablement.library", "PySide6.QtPdf", "PySide6.QtCharts")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="enablement-app", description="Enablement desktop app")
    parser.add_argument(
        "--library", type=Path, default=None, help="library folder (default: user data folder)"
    )
    parser.add_argument("--as", dest="user", default=None, help="act as this existing user")
    parser.add_argument(
        "--no-demo", action="store_true", help="do not build the demo library on first run"
    )
    known, _qt_args = parser.parse_known_args(argv)
    return known


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from PySide6.QtCore import QTimer

    from .app import create_application
    from .widgets.main_window import MainWindow

    app = create_application([sys.argv[0]])
    window = MainWindow()
    window.show()
    probe = os.environ.get("ENABLEMENT_STARTUP_PROBE")
    if probe:
        QTimer.singleShot(0, lambda: _write_probe(window, Path(probe)))
    else:
        QTimer.singleShot(
            0, lambda: window.start(args.library, args.user, build_demo=not args.no_demo)
        )
    return app.exec()


def _write_probe(window: object, path: Path) -> None:
    """Record when the search box is visible and focused (it accepts typing), then quit."""
    from PySide6.QtWidgets import QApplication

    from .widgets.main_window import MainWindow

    assert isinstance(window, MainWindow)
    box = window.search.box
    QApplication.processEvents()
    ready = box.isVisible() and box.isEnabled() and not box.isReadOnly()
    stamp = time.time()
    heavy = ",".join(m for m in HEAVY_MODULES if m in sys.modules) or "none"
    state = "ready" if ready else "not-ready"
    path.write_text(f"{stamp:.6f} {state} focus={box.hasFocus()} heavy={heavy}\n")
    window.close()


if __name__ == "__main__":
    raise SystemExit(main())
