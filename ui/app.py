"""The QApplication: identity, a palette that follows the system's light/dark
scheme, the style sheet, and SVG icons tinted to the palette's text colour."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QImageReader,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractButton, QApplication

from .qtcompat import emit_drops_reference

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
ICON_DIR = RESOURCES / "icons"
ORGANIZATION = "Enablement"
APP_NAME = "Enablement"

KIND_ICONS = {
    "pdf": "type-pdf",
    "docx": "type-docx",
    "pptx": "type-pptx",
    "text": "type-text",
    "html": "type-html",
}

_cache: dict[str, QIcon] = {}
_svg_text: dict[str, str] = {}
_bound: list[tuple[QAction | QAbstractButton, str]] = []


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("enablement-app")
    setup_look(app)
    emit_drops_reference()  # detect the binding's emit defect once, on the UI thread
    return app


def setup_look(app: QApplication) -> None:
    app.setStyle("Fusion")
    apply_palette(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_palette(app))
    app.setWindowIcon(icon("app"))
    qss = RESOURCES / "app.qss"
    if qss.is_file():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))


def is_dark(app: QGuiApplication) -> bool:
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_palette(app: QApplication) -> None:
    app.setPalette(dark_palette() if is_dark(app) else app.style().standardPalette())
    _cache.clear()
    alive = []
    for target, name in _bound:
        try:
            target.setIcon(icon(name))
        except RuntimeError:  # the widget or action was deleted
            continue
        alive.append((target, name))
    _bound[:] = alive


def dark_palette() -> QPalette:
    """The dark scheme; text on its background, and selected text on the highlight, keep
    WCAG AA contrast (4.5:1), as tests/ui/test_dark_palette.py checks."""
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colors = {
        role.Window: "#2b2d30", role.WindowText: "#e6e6e6", role.Base: "#1f2023",
        role.AlternateBase: "#2a2b2e", role.ToolTipBase: "#3a3c40", role.ToolTipText: "#f0f0f0",
        role.Text: "#e6e6e6", role.Button: "#35373b", role.ButtonText: "#e6e6e6",
        role.BrightText: "#ff6b6b", role.Highlight: "#3573d1", role.HighlightedText: "#ffffff",
        role.Link: "#79a8ff", role.PlaceholderText: "#9a9a9a", role.Mid: "#4a4c50",
    }  # fmt: skip
    for r, value in colors.items():
        p.setColor(r, QColor(value))
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#7a7a7a"))
    return p


def icon(name: str) -> QIcon:
    """An icon from resources/icons/NAME.svg, drawn in the palette's text colour.

    Pixmaps are rendered on first use at the size asked for, so start-up pays
    only for the icons actually on screen.
    """
    cached = _cache.get(name)
    if cached is not None:
        return cached
    text = _svg_text.get(name)
    if text is None:
        path = ICON_DIR / f"{name}.svg"
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        _svg_text[name] = text
    result = QIcon(_SvgEngine(_tinted(text))) if text else QIcon()
    _cache[name] = result
    return result


def _tinted(text: str) -> QByteArray:
    color = "#333333"
    if isinstance(QGuiApplication.instance(), QGuiApplication):
        color = QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()
    return QByteArray(text.replace("currentColor", color).encode("utf-8"))


class _SvgEngine(QIconEngine):
    def __init__(self, data: QByteArray) -> None:
        super().__init__()
        self._data = data
        self._pixmaps: dict[tuple[int, int, bool], QPixmap] = {}

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        disabled = mode == QIcon.Mode.Disabled
        key = (size.width(), size.height(), disabled)
        found = self._pixmaps.get(key)
        if found is None:
            found = _render(self._data, max(size.width(), size.height()))
            if disabled and not found.isNull():
                found = _faded(found)
            self._pixmaps[key] = found
        return found

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        size = QSize(int(rect.width() * ratio), int(rect.height() * ratio))
        painter.drawPixmap(rect, self.pixmap(size, mode, state))

    def clone(self) -> QIconEngine:
        return _SvgEngine(self._data)


def _faded(pixmap: QPixmap) -> QPixmap:
    out = QPixmap(pixmap.size())
    out.fill(Qt.GlobalColor.transparent)
    painter = QPainter(out)
    painter.setOpacity(0.35)
    painter.drawPixmap(0, 0, pixmap)
    painter.end()
    return out


def _render(data: QByteArray, size: int) -> QPixmap:
    buffer = QBuffer()
    buffer.setData(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(QSize(size, size))
    return QPixmap.fromImage(reader.read())


def kind_icon(kind: str) -> QIcon:
    return icon(KIND_ICONS.get(kind, "type-file"))


def bind_icon(target: QAction | QAbstractButton, name: str) -> None:
    """Set an icon that is re-tinted when the system switches light/dark."""
    target.setIcon(icon(name))
    _bound.append((target, name))
