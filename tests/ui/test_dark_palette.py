# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot helpers are untyped)
"""With a dark system scheme the results list stays readable, selected or not.

The system's scheme cannot be switched on the headless platform, so the test
stands in for it at `ui.app.is_dark` and applies the palette as `setup_look`
does when the system says dark. It then paints a result with the real
delegate and measures the contrast (WCAG) of what was drawn against the
background it was drawn on.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import ui.app
from enablement.services.searching import Hit
from ui.models.results import ResultsModel
from ui.widgets.results_view import ICON, PAD, ResultsView

READABLE = 4.5  # WCAG AA for normal text


def luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in (color.redF(), color.greenF(), color.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def best_contrast(image: QImage, rect: QRect, background: QColor) -> float:
    """The strongest contrast any pixel in `rect` has against `background` (the text core)."""
    best = 1.0
    for y in range(rect.top(), rect.bottom() + 1):
        for x in range(rect.left(), rect.right() + 1):
            best = max(best, contrast(image.pixelColor(x, y), background))
    return best


@pytest.fixture
def dark_system(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[QPalette]:
    original = qapp.palette()
    monkeypatch.setattr(ui.app, "is_dark", lambda _app: True)
    ui.app.apply_palette(qapp)
    yield qapp.palette()
    monkeypatch.undo()
    qapp.setPalette(original)
    ui.app.apply_palette(qapp)  # icons re-tinted for the restored scheme


def test_dark_scheme_gives_the_dark_palette(dark_system: QPalette) -> None:
    base = dark_system.color(QPalette.ColorRole.Base)
    assert luminance(base) < 0.05, base.name()
    role = QPalette.ColorRole
    for text, background in (
        (role.Text, role.Base),
        (role.PlaceholderText, role.Base),
        (role.HighlightedText, role.Highlight),
        (role.WindowText, role.Window),
        (role.Link, role.Base),
    ):
        ratio = contrast(dark_system.color(text), dark_system.color(background))
        assert ratio >= READABLE, (text.name, background.name, round(ratio, 2))


def test_results_delegate_is_readable_on_a_dark_palette(
    qtbot: QtBot, dark_system: QPalette
) -> None:
    model = ResultsModel()
    hit = Hit(1, "Enterprise pricing", "pdf", "published", 1.0, (2,), "per <b>seat</b> price",
              {"segment": ("Enterprise",)}, 4.0, 2, datetime(2026, 1, 5, tzinfo=UTC), False,
              "")  # fmt: skip
    model.set_hits([hit])
    view = ResultsView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(560, 160)
    view.show()
    qtbot.waitExposed(view)
    row = view.visualRect(model.index(0))
    line = view.fontMetrics().height()
    left = row.left() + PAD * 2 + ICON
    lines = [QRect(left, row.top() + PAD + n * (line + 2), row.width() - left, line)
             for n in range(3)]  # title, type and tags, first snippet line  # fmt: skip
    for selected, background_role in (
        (False, QPalette.ColorRole.Base),
        (True, QPalette.ColorRole.Highlight),
    ):
        if selected:
            view.setCurrentIndex(model.index(0))
        image = view.viewport().grab().toImage()
        background = dark_system.color(background_role)
        painted = image.pixelColor(row.right() - 2, row.bottom() - 2)
        assert contrast(painted, background) < 1.1, (selected, painted.name(), background.name())
        for n, rect in enumerate(lines):
            ratio = best_contrast(image, rect, background)
            assert ratio >= READABLE, (selected, n, round(ratio, 2))
