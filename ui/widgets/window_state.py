"""What the main window remembers between runs: geometry, layout, sort and filters.

Stored in the application's `QSettings`; filters are kept as JSON and read
back defensively (a hand-edited or old settings file yields no filters).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .main_window import MainWindow


def restore(window: MainWindow) -> None:
    s = window.ctx.settings
    geometry = s.value("window/geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    else:
        window.resize(1280, 800)
    state = s.value("window/state")
    if state is not None:
        window.restoreState(state)
    splitter = s.value("window/splitter")
    if splitter is not None:
        window.splitter.restoreState(splitter)
    window.search.set_sort(str(s.value("search/sort", "relevance")))


def saved_filters(window: MainWindow) -> dict[str, list[str]]:
    try:
        value = json.loads(str(window.ctx.settings.value("search/filters", "{}")))
    except ValueError:
        return {}
    return {str(k): [str(x) for x in v] for k, v in value.items() if isinstance(v, list)}


def save(window: MainWindow) -> None:
    s = window.ctx.settings
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/state", window.saveState())
    s.setValue("window/splitter", window.splitter.saveState())
    s.setValue("search/sort", window.search.sort_key())
    if window.ctx.opened is not None:
        filters = {k: list(v) for k, v in window.facets.model.filters().items()}
        s.setValue("search/filters", json.dumps(filters))
    s.sync()
