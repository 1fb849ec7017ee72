# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot key/mouse helpers and ModelTester.check are untyped)
"""Application set-up: look, icons, and the start-up path of the real entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ui.app import ICON_DIR, icon, kind_icon, setup_look


def test_look_and_icons_load_without_warnings(qapp: QApplication) -> None:
    setup_look(qapp)
    for name in ("app", "search", "star", "request", "kit"):
        assert not icon(name).pixmap(24, 24).isNull(), name
    assert not kind_icon("pptx").pixmap(16, 16).isNull()
    assert all(path.read_text().startswith("<svg") for path in ICON_DIR.glob("*.svg"))
    qapp.setStyleSheet("")


def test_entry_point_shows_a_usable_window_before_loading_the_library(tmp_path: Path) -> None:
    probe = tmp_path / "probe.txt"
    env = dict(os.environ, ENABLEMENT_STARTUP_PROBE=str(probe), QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"))  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "ui", "--library", str(tmp_path / "lib"), "--no-demo"],
        env=env, check=True, timeout=60, capture_output=True,
    )  # fmt: skip
    fields = probe.read_text().split()
    assert fields[1:] == ["ready", "focus=True", "heavy=none"]
