"""The seller's main window: find, preview, use, rate and request.

Only QtWidgets/QtCore/QtGui are imported here; the library is opened on the
worker after the window is shown (`start`), and QtPdf loads with the first PDF.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QToolButton,
)

from ..app import bind_icon
from ..context import AppContext
from ..errors import install as install_errors
from ..errors import show_message
from ..hub import Hub
from ..qtcompat import emit
from ..richtext import query_terms, snippet_terms
from ..tasks import Job, TaskManager
from .facets import FacetPanel
from .preview import PreviewPane
from .search_panel import SearchPanel

if TYPE_CHECKING:
    from enablement.services.feedback import RatingInfo
    from enablement.services.searching import Hit

    from ..operations.assets import PreviewData
    from ..operations.library import Opened
    from .kits import KitsPanel


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Enablement")
        self.ctx = AppContext(TaskManager(self), Hub(self), settings or QSettings())
        install_errors(self.ctx.hub)
        self._preview_seq = 0
        self._preview_job: Job | None = None
        self._preview_hit: Hit | None = None
        self._drag_copies: dict[int, Path] = {}
        self._clicked: set[tuple[str | None, int]] = set()
        self._progress_job: Job | None = None
        self.actions_by_name: dict[str, QAction] = {}

        self.facets = FacetPanel(self)
        self.search = SearchPanel(self.ctx, self.facets.model, self)
        self.preview = PreviewPane(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        for widget in (self.facets, self.search, self.preview):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([200, 420, 560])
        self.setCentralWidget(self.splitter)
        self._kits: KitsPanel | None = None  # built when first shown
        self.kits_dock = QDockWidget("Pitch kits", self)
        self.kits_dock.setObjectName("kitsDock")
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.kits_dock)
        self.kits_dock.hide()
        self.kits_dock.visibilityChanged.connect(lambda shown: shown and self.kits)

        self._build_status_bar()
        self._build_actions()
        from .bulk_edit import MarketerActions

        self.marketer = MarketerActions(self)  # import, edit, bulk edit, suggested tags
        from .governance import MarketingMenu

        self.marketing = MarketingMenu(self)  # request queue, taxonomy, needs attention, users
        self._connect()
        self._restore()
        self.search.box.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def kits(self) -> KitsPanel:
        if self._kits is None:
            from .kits import KitsPanel

            self._kits = KitsPanel(self.ctx, self)
            self.kits_dock.setWidget(self._kits)
            if self.ctx.opened is not None:
                self._kits.refresh()
        return self._kits

    # -- construction ------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        self.user_label = QLabel(self)
        self.user_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QToolButton(self)
        self.cancel_button.setObjectName("cancelJob")
        self.cancel_button.setToolTip("Cancel (Esc in the status bar)")
        self.cancel_button.setAccessibleName("Cancel the running task")
        bind_icon(self.cancel_button, "cancel")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_long_job)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.user_label)
        bar.showMessage("Opening the library…")

    def _action(
        self,
        name: str,
        text: str,
        slot: Any,
        shortcut: Any = None,
        icon_name: str = "",
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if icon_name:
            bind_icon(action, icon_name)
        action.setToolTip(tip or text.replace("&", "").rstrip("…"))
        action.setStatusTip(action.toolTip())
        action.triggered.connect(lambda _checked=False: slot())
        self.actions_by_name[name] = action
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        find_keys = ["Ctrl+K", QKeySequence.StandardKey.Find]
        find = a("find", "&Find", self.focus_search, find_keys, "search", "Go to search (Ctrl+K)")
        open_ = a("open", "&Open in application", self.open_current, "Ctrl+O", "open")
        export = a("export", "&Export to folder…", self.export_selected, "Ctrl+E", "export")
        quit_ = a("quit", "&Quit", self.close, QKeySequence.StandardKey.Quit)
        clear = a(
            "clearFilters",
            "C&lear filters",
            self.facets.model.clear_filters,
            "Ctrl+Shift+L",
            "clear",
        )
        next_hit = a("nextHit", "&Next match", self.preview.next_hit, "F3", "next")
        prev_hit = a(
            "previousHit", "&Previous match", self.preview.previous_hit, "Shift+F3", "previous"
        )
        results = a("focusResults", "Go to &results", self.search.focus_results, "Ctrl+Down")
        rate = a(
            "rate", "&Rate…", self.rate_current, "Ctrl+R", "rate", "Rate the material (Ctrl+R)"
        )
        kit = a("addToKit", "Add to &kit", self.add_selected_to_kit, "Ctrl+D", "kit-add")
        request = a("request", "Re&quest material…", self.request_material, "Ctrl+Shift+N",
                    "request", "Ask marketing for material that is missing")  # fmt: skip
        mine = a("myRequests", "&My requests", self.show_my_requests, "Ctrl+Shift+M", "requests")
        new = a("newForMe", "&New for me", self.show_new_for_me, "Ctrl+Shift+W", "new",
                "What was published for my segments in the last 30 days")  # fmt: skip
        prep = a("callPrep", "&Call prep…", self.show_call_prep, "Ctrl+Shift+P", "call-prep",
                 "Assemble material for one situation and segment")  # fmt: skip
        reports = a("reports", "&Reports…", self.show_reports, "Ctrl+Shift+R", "",
                    "Usage, ratings, search gaps and requests (Ctrl+Shift+R)")  # fmt: skip
        reports.setVisible(False)  # marketers and admins only, once the library is open
        about = a("about", "&About Enablement", self.about)
        keys = a("shortcuts", "&Keyboard shortcuts", self.show_shortcuts, "F1")
        kits_toggle = self.kits_dock.toggleViewAction()
        kits_toggle.setText("Pitch &kits panel")
        kits_toggle.setShortcut(QKeySequence("Ctrl+Shift+K"))
        bind_icon(kits_toggle, "kit")

        menu = self.menuBar()
        for title, items in (
            ("&File", [open_, export, None, quit_]),
            ("&Edit", [find, results, clear]),
            (
                "&View",
                [self.search.sort_menu, None, next_hit, prev_hit, None, kits_toggle, None, reports],
            ),
            ("&Material", [rate, kit, None, prep, new]),
            ("&Requests", [request, mine]),
            ("&Help", [keys, about]),
        ):
            m = menu.addMenu(title)
            for item in items:
                if item is None:
                    m.addSeparator()
                elif isinstance(item, QAction):
                    m.addAction(item)
                else:
                    m.addMenu(item)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (prep, new, None, open_, export, rate, kit, None, request, mine, kits_toggle):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        view = self.search.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        view.addActions([open_, export, rate, kit])
        for name in (
            "open",
            "export",
            "rate",
            "addToKit",
            "request",
            "myRequests",
            "newForMe",
            "callPrep",
            "reports",
        ):
            self.actions_by_name[name].setEnabled(False)

    def _connect(self) -> None:
        hub, tasks = self.ctx.hub, self.ctx.tasks
        hub.error.connect(self.show_error)
        hub.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        hub.show_asset.connect(self.show_asset)
        tasks.progressed.connect(self._progress)
        tasks.finished.connect(self._job_ended)
        tasks.failed.connect(self._job_ended)
        self.search.current_changed.connect(self._current_changed)
        self.search.activated.connect(self._record_click)
        self.search.request_material.connect(self.request_material)
        self.search.outcome_shown.connect(self._outcome_shown)
        self.search.view.drag_file = self._drag_copies.get
        self.search.view.dragged_out = self._dragged_out
        self.search.view.drag_not_ready = self._drag_not_ready
        self.preview.open_requested.connect(self.open_current)
        self.preview.export_requested.connect(self.export_selected)
        self.preview.rate_requested.connect(self.rate_current)
        self.preview.kit_requested.connect(self.add_selected_to_kit)

    # -- start-up ------------------------------------------------------------------

    def start(
        self, home: Path | None = None, user: str | None = None, *, build_demo: bool = True
    ) -> None:
        """Open the library on the worker; the window is already usable meanwhile."""
        from ..operations.library import open_library

        op = open_library(self.ctx, home, user, build_demo=build_demo)
        op.success(self._opened).failure(self._open_failed)
        self._progress_job = op.run()

    def _opened(self, opened: Opened) -> None:
        self.ctx.opened = opened
        emit(self.ctx.hub.library_opened, opened)
        self.setWindowTitle(f"Enablement — {opened.display_name}")
        self.user_label.setText(f"{opened.display_name} · {opened.actor.role}")
        self.facets.set_categories(opened)
        self.facets.model.set_filters(self._saved_filters())
        for name, action in (("rate", "RATE"), ("addToKit", "MANAGE_OWN_COLLECTIONS"),
                             ("request", "REQUEST_MATERIAL"), ("myRequests", "REQUEST_MATERIAL"),
                             ("newForMe", "SEARCH"), ("callPrep", "SEARCH"), ("open", "VIEW_ASSET"),
                             ("export", "VIEW_ASSET"), ("reports", "VIEW_REPORTS")):  # fmt: skip
            allowed = self.ctx.may(action)
            self.actions_by_name[name].setEnabled(allowed)
            self.actions_by_name[name].setVisible(allowed)
        self.preview.buttons["rate"].setVisible(self.ctx.may("RATE"))
        self.search.ready = True
        self.search.run(as_you_type=bool(self.search.box.text()), log=False)
        if self._kits is not None:
            self._kits.refresh()
        message = "Library ready."
        if opened.demo_built:
            message = "A demo library was created so you can try things out."
        elif opened.empty:
            message = "The library is empty — marketing has not published anything yet."
        self.statusBar().showMessage(message, 8000)

    def _open_failed(self, error: BaseException) -> None:
        from ..errors import message_for

        text, _known = message_for(error)
        self.statusBar().showMessage(f"The library could not be opened: {text}")
        self.preview.clear(f"The library could not be opened.\n\n{text}")
        show_message(self, f"The library could not be opened:\n\n{text}")

    # -- results and preview -------------------------------------------------------

    def _current_changed(self, hit: Hit | None) -> None:
        if hit is None:
            return
        self._load_preview(hit.asset_id, hit)

    def _load_preview(self, asset_id: int, hit: Hit | None) -> None:
        self._preview_seq += 1
        seq = self._preview_seq
        self._preview_hit = hit
        if self._preview_job is not None:
            self._preview_job.cancel()
        if hit is not None:
            self.preview.show_hit_header(hit)
        op = _asset_ops().preview(self.ctx, asset_id)
        op.success(lambda data: self._preview_loaded(seq, hit, data))
        op.failure(lambda error: self._preview_failed(seq, error))
        self._preview_job = op.run()

    def _preview_loaded(self, seq: int, hit: Hit | None, data: PreviewData) -> None:
        self._drag_copies[data.info.id] = data.drag_copy
        if seq != self._preview_seq:
            return
        terms = snippet_terms(hit.snippet) if hit else []
        terms = terms or query_terms(self.search.box.text())
        self.preview.show_data(data, hit, terms)

    def _preview_failed(self, seq: int, error: BaseException) -> None:
        if seq != self._preview_seq:
            return
        from ..errors import message_for

        text, _known = message_for(error)
        self.preview.clear(f"This file cannot be previewed.\n\n{text}")
        self.statusBar().showMessage(text, 8000)

    def _outcome_shown(self, _outcome: object) -> None:
        hit = self.search.current_hit()
        if (
            hit is not None
            and self.preview.data is not None
            and self.preview.data.info.id == hit.asset_id
        ):
            self.preview.show_hit_header(hit)

    def _record_click(self, hit: Hit, rank: int) -> None:
        key = (self.search.search_key, hit.asset_id)
        if key in self._clicked:
            return
        self._clicked.add(key)
        _asset_ops().record_click(self.ctx, hit.asset_id, self.search.search_key, rank).run()

    def _dragged_out(self, asset_id: int) -> None:
        _asset_ops().record_drag_out(self.ctx, asset_id).run()

    def _drag_not_ready(self, asset_id: int) -> None:
        self.statusBar().showMessage(
            "Preparing the file for dragging — try again in a moment.", 4000
        )

    def show_asset(self, asset_id: int) -> None:
        self.raise_()
        self.activateWindow()
        if not self.search.select_asset(asset_id):
            self._load_preview(asset_id, None)

    def current_asset_id(self) -> int | None:
        if self.preview.data is not None:
            return self.preview.data.info.id
        hit = self.search.current_hit()
        return hit.asset_id if hit else None

    # -- actions -------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.box.selectAll()

    def open_current(self) -> None:
        asset_id = self.current_asset_id()
        if asset_id is not None:
            self.open_assets([asset_id])

    def open_assets(self, asset_ids: list[int]) -> None:
        for asset_id in asset_ids:
            op = _asset_ops().export_for_opening(self.ctx, asset_id)
            op.success(self._open_file).run()

    def _open_file(self, path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.show_error(f"No application is set up to open {path.name}.", True)

    def export_selected(self) -> None:
        ids = self.search.selected_ids() if self.search.view.hasFocus() else []
        current = self.current_asset_id()
        self.export_assets(ids or ([current] if current is not None else []))

    def export_assets(self, asset_ids: list[int], folder: Path | None = None) -> None:
        if not asset_ids:
            return
        if folder is None:
            folder = self.choose_folder("Export to folder")
            if folder is None:
                return
        op = _asset_ops().export_assets(self.ctx, asset_ids, folder)
        op.success(
            lambda paths: self.statusBar().showMessage(
                f"Exported {len(paths)} file(s) to {folder}", 8000
            )
        )
        self._progress_job = op.run()

    def choose_folder(self, title: str) -> Path | None:
        """Ask for a folder, starting where the person exported last time."""
        start = str(self.ctx.settings.value("export/folder", str(Path.home())))
        chosen = QFileDialog.getExistingDirectory(self, title, start)
        if not chosen:
            return None
        self.ctx.settings.setValue("export/folder", chosen)
        return Path(chosen)

    def rate_current(self) -> None:
        asset_id = self.current_asset_id()
        if asset_id is None or not self.ctx.may("RATE"):
            return
        title = self.preview.title.text()
        _feedback().my_rating(self.ctx, asset_id).success(
            lambda mine: self._open_rating(asset_id, title, mine)
        ).run()

    def _open_rating(self, asset_id: int, title: str, mine: RatingInfo | None) -> None:
        from .rate_dialog import RateDialog

        situations = self.ctx.opened.tag_labels("situation") if self.ctx.opened else []
        dialog = RateDialog(title, situations, mine, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def save() -> None:
            values = dialog.values()
            op = _feedback().rate(
                self.ctx,
                asset_id,
                int(values["stars"]),  # type: ignore[call-overload]
                comment=str(values["comment"]),
                situation=values["situation"],
                outcome=str(values["outcome"]),
            )
            op.success(
                lambda info: self.statusBar().showMessage(
                    f"Thanks — you rated it {info.stars} of 5.", 8000
                )
            )
            op.run()

        dialog.accepted.connect(save)
        dialog.open()
        self.rate_dialog = dialog

    def add_selected_to_kit(self) -> None:
        ids = self.search.selected_ids()
        if not ids and self.current_asset_id() is not None:
            ids = [self.current_asset_id()]  # type: ignore[list-item]
        if ids:
            self._add_to_kit(ids)

    def _add_to_kit(self, asset_ids: list[int]) -> None:
        self.kits_dock.show()
        self.kits.add(asset_ids)

    def request_material(self, text: str = "", filters: dict[str, list[str]] | None = None) -> None:
        if not self.ctx.may("REQUEST_MATERIAL"):
            return
        from .request_dialog import RequestDialog

        if not text and not filters:
            query = self.search.query()
            text, filters = query.text, query.clean_filters()
        dialog = RequestDialog(self.ctx, title=text, filters=filters, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.request_dialog = dialog

    def show_my_requests(self) -> None:
        from .my_requests import MyRequestsDialog

        dialog = MyRequestsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.my_requests_dialog = dialog

    def show_new_for_me(self) -> None:
        from .feeds import NewForMeDialog

        dialog = NewForMeDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.new_for_me_dialog = dialog

    def show_call_prep(self) -> None:
        from .feeds import CallPrepDialog

        dialog = CallPrepDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_assets.connect(self.open_assets)
        dialog.export_assets.connect(lambda ids: self.export_assets(ids))
        dialog.kit_assets.connect(self._add_to_kit)
        dialog.show()
        self.call_prep_dialog = dialog

    def show_reports(self) -> None:
        if not self.ctx.may("VIEW_REPORTS"):
            return
        from .reports import ReportsWindow

        self.reports_window = ReportsWindow.open_for(self.ctx, self)

    def about(self) -> None:
        QMessageBox.about(self, "About Enablement",
                          "Enablement — find, use, rate and request sales material.")  # fmt: skip

    def show_shortcuts(self) -> None:
        native = QKeySequence.SequenceFormat.NativeText
        lines = [
            f"{a.text().replace('&', '')}: {a.shortcut().toString(native)}"
            for a in self.actions_by_name.values()
            if not a.shortcut().isEmpty()
        ]
        box = QMessageBox(QMessageBox.Icon.Information, "Keyboard shortcuts", "\n".join(lines),
                          QMessageBox.StandardButton.Ok, self)  # fmt: skip
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()

    # -- errors and progress ---------------------------------------------------------

    def show_error(self, text: str, action: bool) -> None:
        self.statusBar().showMessage(text, 15000)
        if action:
            show_message(self, text)

    def _progress(self, job: Job, done: int, total: int, text: str) -> None:
        if not job.cancellable:
            return
        self._progress_job = job
        self.progress.setMaximum(max(total, 0))
        self.progress.setValue(min(done, total) if total else 0)
        self.progress.setFormat(f"{text} %v/%m" if total else text)
        self.progress.show()
        self.cancel_button.show()

    def _job_ended(self, job: Job, _result: object) -> None:
        if job is self._progress_job:
            self._progress_job = None
            self.progress.hide()
            self.cancel_button.hide()

    def cancel_long_job(self) -> None:
        if self._progress_job is not None:
            self._progress_job.cancel()
            self.statusBar().showMessage("Cancelling…", 4000)

    # -- persistence -----------------------------------------------------------------

    def _restore(self) -> None:
        s = self.ctx.settings
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = s.value("window/state")
        if state is not None:
            self.restoreState(state)
        splitter = s.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.search.set_sort(str(s.value("search/sort", "relevance")))

    def _saved_filters(self) -> dict[str, list[str]]:
        try:
            value = json.loads(str(self.ctx.settings.value("search/filters", "{}")))
        except ValueError:
            return {}
        return {str(k): [str(x) for x in v] for k, v in value.items() if isinstance(v, list)}

    def save_settings(self) -> None:
        s = self.ctx.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("search/sort", self.search.sort_key())
        if self.ctx.opened is not None:
            filters = {k: list(v) for k, v in self.facets.model.filters().items()}
            s.setValue("search/filters", json.dumps(filters))
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Finish queued work, close the library on its worker, remove temp copies."""
        if self._progress_job is not None:
            self._progress_job.cancel()
        self.ctx.tasks.shutdown()
        for folder in self.ctx.temp_dirs:
            shutil.rmtree(folder, ignore_errors=True)
        self.ctx.temp_dirs.clear()


def _asset_ops() -> ModuleType:
    """Operations modules load on first use, keeping them out of the start-up path."""
    from ..operations import assets

    return assets


def _feedback() -> ModuleType:
    from ..operations import feedback

    return feedback
