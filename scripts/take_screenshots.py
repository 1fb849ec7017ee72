"""Drive the real window on a (virtual) screen and save screenshots.

Run by scripts/screenshots under Xvfb: main window with results, the preview
at a matching page, and the request dialog with its deflection list.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from ui.app import create_application
from ui.widgets.main_window import MainWindow


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the expected state")
        QApplication.processEvents()
        time.sleep(0.02)


def settle(seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def save(widget: QWidget, path: Path) -> None:
    settle()
    widget.grab().save(str(path))
    print(f"wrote {path}")


def main(home: Path, out: Path, settings_file: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = create_application([sys.argv[0]])
    window = MainWindow(QSettings(str(settings_file), QSettings.Format.IniFormat))
    window.resize(1360, 840)
    window.show()
    window.start(home, "sam", build_demo=False)
    wait_until(lambda: window.ctx.opened is not None and window.search.outcome is not None)

    window.search.box.setText("case study enterprise healthcare cutting costs")
    window.search.commit_now()
    wait_until(
        lambda: bool(window.search.outcome and window.search.outcome.query.startswith("case"))
    )
    view = window.search.view
    view.setCurrentIndex(window.search.model.index(0, 0))
    settle(2.0)
    save(window, out / "main-window.png")
    save(window.preview, out / "preview.png")

    window.request_material("GDPR data processing agreement", {"segment": ["Enterprise"]})
    wait_until(lambda: getattr(window, "request_dialog", None) is not None)
    settle(2.0)
    save(window.request_dialog, out / "request-dialog.png")
    window.request_dialog.close()
    window.close()

    # The admin's Library health window after a check.
    admin = MainWindow(QSettings(str(settings_file), QSettings.Format.IniFormat))
    admin.resize(1360, 840)
    admin.show()
    admin.start(home, "olivia", build_demo=False)
    wait_until(lambda: admin.ctx.opened is not None and admin.search.outcome is not None)
    health = admin.marketing.show("libraryHealth")
    assert health is not None
    before = health.summary.text()
    health.check()
    wait_until(lambda: health.summary.text() != before, timeout=120)
    settle(1.0)
    save(health, out / "library-health.png")
    health.close()
    admin.close()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
