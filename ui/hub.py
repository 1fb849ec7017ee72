"""One signal hub: views redraw from `changes_applied`, errors go to one place.

After each mutation the operation emits the library's `Changes` record; each
view looks at the fields it shows and refreshes only those (Anki's OpChanges).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Hub(QObject):
    changes_applied = Signal(object)  # enablement.changes.Changes
    library_opened = Signal(object)  # ui.operations.library.Opened
    error = Signal(str, bool)  # message, came from an explicit user action
    status = Signal(str)
    show_asset = Signal(int)  # ask the main window to select and preview an asset
