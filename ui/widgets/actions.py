"""The main window's actions: one registry, the seller's menus, toolbar and context menu.

`WindowActions` makes each `QAction` (name, text, shortcut, icon, tip) and
keeps it by name, so the marketer's additions, the permission check after the
library opens and the shortcut list all find it. `install_main_actions` lays
out the seller's menus, toolbar and the results' context menu.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from ..app import bind_icon

if TYPE_CHECKING:
    from ..context import AppContext
    from .main_window import MainWindow

# action name -> permission (an `Action` member name) that shows and enables it
SELLER_PERMISSIONS = {
    "rate": "RATE",
    "addToKit": "MANAGE_OWN_COLLECTIONS",
    "request": "REQUEST_MATERIAL",
    "myRequests": "REQUEST_MATERIAL",
    "newForMe": "SEARCH",
    "callPrep": "SEARCH",
    "open": "VIEW_ASSET",
    "export": "VIEW_ASSET",
    "reports": "VIEW_REPORTS",
}

MenuItem = QAction | QMenu | None  # None is a separator


class WindowActions:
    """Every action of one window, by object name."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.by_name: dict[str, QAction] = {}

    def add(
        self,
        name: str,
        text: str,
        slot: Callable[[], Any],
        shortcut: Any = None,
        icon_name: str = "",
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if icon_name:
            bind_icon(action, icon_name)
        action.setToolTip(tip or text.replace("&", "").rstrip("…"))
        action.setStatusTip(action.toolTip())
        action.triggered.connect(lambda _checked=False: slot())
        self.by_name[name] = action
        self.window.addAction(action)
        return action

    def set_enabled(self, names: Sequence[str], enabled: bool) -> None:
        for name in names:
            self.by_name[name].setEnabled(enabled)

    def apply_permissions(self, ctx: AppContext, permissions: dict[str, str]) -> None:
        """Show and enable each named action only when the person may use it."""
        for name, permission in permissions.items():
            allowed = ctx.may(permission)
            self.by_name[name].setEnabled(allowed)
            self.by_name[name].setVisible(allowed)

    def show_shortcuts(self) -> None:
        native = QKeySequence.SequenceFormat.NativeText
        lines = [
            f"{a.text().replace('&', '')}: {a.shortcut().toString(native)}"
            for a in self.by_name.values()
            if not a.shortcut().isEmpty()
        ]
        box = QMessageBox(QMessageBox.Icon.Information, "Keyboard shortcuts", "\n".join(lines),
                          QMessageBox.StandardButton.Ok, self.window)  # fmt: skip
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()


def fill_menu(menu: QMenu, items: Sequence[MenuItem]) -> None:
    for item in items:
        if item is None:
            menu.addSeparator()
        elif isinstance(item, QAction):
            menu.addAction(item)
        else:
            menu.addMenu(item)


def install_main_actions(window: MainWindow) -> WindowActions:
    """The seller's actions, menus, toolbar and result context menu; all off until opened."""
    actions = WindowActions(window)
    a = actions.add
    find_keys = ["Ctrl+K", QKeySequence.StandardKey.Find]
    find = a("find", "&Find", window.focus_search, find_keys, "search", "Go to search (Ctrl+K)")
    open_ = a("open", "&Open in application", window.open_current, "Ctrl+O", "open")
    export = a("export", "&Export to folder…", window.export_selected, "Ctrl+E", "export")
    quit_ = a("quit", "&Quit", window.close, QKeySequence.StandardKey.Quit)
    clear = a("clearFilters", "C&lear filters", window.facets.model.clear_filters,
              "Ctrl+Shift+L", "clear")  # fmt: skip
    next_hit = a("nextHit", "&Next match", window.preview.next_hit, "F3", "next")
    prev_hit = a("previousHit", "&Previous match", window.preview.previous_hit, "Shift+F3",
                 "previous")  # fmt: skip
    results = a("focusResults", "Go to &results", window.search.focus_results, "Ctrl+Down")
    rate = a("rate", "&Rate…", window.rate_current, "Ctrl+R", "rate", "Rate the material (Ctrl+R)")
    kit = a("addToKit", "Add to &kit", window.add_selected_to_kit, "Ctrl+D", "kit-add")
    request = a("request", "Re&quest material…", window.request_material, "Ctrl+Shift+N",
                "request", "Ask marketing for material that is missing")  # fmt: skip
    mine = a("myRequests", "&My requests", window.show_my_requests, "Ctrl+Shift+M", "requests")
    new = a("newForMe", "&New for me", window.show_new_for_me, "Ctrl+Shift+W", "new",
            "What was published for my segments in the last 30 days")  # fmt: skip
    prep = a("callPrep", "&Call prep…", window.show_call_prep, "Ctrl+Shift+P", "call-prep",
             "Assemble material for one situation and segment")  # fmt: skip
    reports = a("reports", "&Reports…", window.show_reports, "Ctrl+Shift+R", "",
                "Usage, ratings, search gaps and requests (Ctrl+Shift+R)")  # fmt: skip
    reports.setVisible(False)  # marketers and admins only, once the library is open
    about = a("about", "&About Enablement", window.about)
    keys = a("shortcuts", "&Keyboard shortcuts", actions.show_shortcuts, "F1")
    kits_toggle = window.kits_dock.toggleViewAction()
    kits_toggle.setText("Pitch &kits panel")
    kits_toggle.setShortcut(QKeySequence("Ctrl+Shift+K"))
    bind_icon(kits_toggle, "kit")
    view_items = [window.search.sort_menu, None, next_hit, prev_hit, None, kits_toggle, None,
                  reports]  # fmt: skip
    for title, items in (
        ("&File", [open_, export, None, quit_]),
        ("&Edit", [find, results, clear]),
        ("&View", view_items),
        ("&Material", [rate, kit, None, prep, new]),
        ("&Requests", [request, mine]),
        ("&Help", [keys, about]),
    ):
        fill_menu(window.menuBar().addMenu(title), items)
    _toolbar(window, [prep, new, None, open_, export, rate, kit, None, request, mine, kits_toggle])
    view = window.search.view
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    view.addActions([open_, export, rate, kit])
    actions.set_enabled(list(SELLER_PERMISSIONS), False)
    return actions


def _toolbar(window: QMainWindow, items: Sequence[QAction | None]) -> None:
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action in items:
        if action is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(action)
