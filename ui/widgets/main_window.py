"""The seller's main window: find, preview, use, rate and request.

The window lays out facets, results and preview, opens the library on the
worker after it is shown (`start`) and wires the panels together: the current
result loads its preview, and opening, exporting and kits act on the current
or selected results. Its actions and menus live in `actions.py`, the status
bar in `status.py`, the dialogs it opens in `seller_dialogs.py`, the
marketer's additions in `marketer.py` and what it remembers in
`window_state.py`. Only QtWidgets/QtCore/QtGui are imported here; QtPdf loads
with the first PDF.

A team library also gets its sync rounds (`ui.team.TeamSyncController`),
the connection indicator in the status bar and, while the database cannot be
reached, a one-line banner above the results.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..errors import install as install_errors
from ..errors import message_for, show_message
from ..hub import Hub
from ..qtcompat import emit
from ..tasks import TaskManager
from . import window_state
from .actions import SELLER_PERMISSIONS, install_main_actions
from .facets import FacetPanel
from .marketer import MarketerActions, MarketingMenu
from .preview import PreviewPane
from .result_preview import ResultPreview
from .search_panel import SearchPanel
from .seller_dialogs import SellerDialogs
from .status import StatusArea

if TYPE_CHECKING:
    from enablement.services.searching import Outcome
    from enablement.team.sync import SyncStatus

    from ..idle import IdleUpkeep
    from ..operations.library import Opened
    from ..team import TeamState, TeamSyncController
    from .feeds import CallPrepDialog, NewForMeDialog
    from .kits import KitsPanel
    from .my_requests import MyRequestsDialog
    from .rate_dialog import RateDialog
    from .reports import ReportsWindow
    from .request_dialog import RequestDialog


OFFLINE_BANNER = (
    "Working offline — the team database cannot be reached. Search and previews use what "
    "this computer has; your ratings, requests and usage are kept here and sent when the "
    "connection is back."
)


class MainWindow(QMainWindow):
    # The last dialog of each kind the window opened (set when it opens).
    rate_dialog: RateDialog
    request_dialog: RequestDialog
    my_requests_dialog: MyRequestsDialog
    new_for_me_dialog: NewForMeDialog
    call_prep_dialog: CallPrepDialog
    reports_window: ReportsWindow

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Enablement")
        self.ctx = AppContext(TaskManager(self), Hub(self), settings or QSettings())
        install_errors(self.ctx.hub)
        self._build_panels()
        self.status_area = StatusArea(self, self.ctx)
        self.result_preview = ResultPreview(self.ctx, self.search, self.preview, self.status_area)
        self.progress, self.cancel_button = (
            self.status_area.progress,
            self.status_area.cancel_button,
        )
        self.dialogs = SellerDialogs(self)
        self.commands = install_main_actions(self)
        self.actions_by_name = self.commands.by_name
        self.marketer = MarketerActions(self)  # import, edit, bulk edit, suggested tags
        self.marketing = MarketingMenu(self)  # request queue, taxonomy, needs attention, users
        self._connect()
        window_state.restore(self)
        self.search.box.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_panels(self) -> None:
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
        self.banner = QLabel(OFFLINE_BANNER, self)
        self.banner.setObjectName("offlineBanner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Working offline")
        self.banner.setStyleSheet(
            "QLabel#offlineBanner { background: palette(tool-tip-base); "
            "color: palette(tool-tip-text); padding: 4px 8px; }"
        )
        self.banner.hide()
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.team: TeamSyncController | None = None  # team libraries only
        self.upkeep: IdleUpkeep | None = None  # once a library is open
        self._kept_offline = 0  # items queued while offline, for the "back online" message
        self._kits: KitsPanel | None = None  # built when first shown
        self.kits_dock = QDockWidget("Pitch kits", self)
        self.kits_dock.setObjectName("kitsDock")
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.kits_dock)
        self.kits_dock.hide()
        self.kits_dock.visibilityChanged.connect(lambda shown: shown and self.kits)

    @property
    def kits(self) -> KitsPanel:
        if self._kits is None:
            from .kits import KitsPanel

            self._kits = KitsPanel(self.ctx, self)
            self.kits_dock.setWidget(self._kits)
            if self.ctx.opened is not None:
                self._kits.refresh()
        return self._kits

    def _connect(self) -> None:
        self.ctx.hub.show_asset.connect(self.show_asset)
        self.search.request_material.connect(self.request_material)
        self.preview.open_requested.connect(self.open_current)
        self.preview.export_requested.connect(self.export_selected)
        self.preview.rate_requested.connect(self.rate_current)
        self.preview.kit_requested.connect(self.add_selected_to_kit)
        self.search.outcome_shown.connect(self._outcome_shown)
        self.ctx.hub.changes_applied.connect(self._changed_locally)
        self.status_area.connection.clicked.connect(self.sync_now)

    # -- start-up ------------------------------------------------------------------

    def start(
        self, home: Path | None = None, user: str | None = None, *, build_demo: bool = True
    ) -> None:
        """Open the library on the worker; the window is already usable meanwhile."""
        from ..operations.library import open_library

        op = open_library(self.ctx, home, user, build_demo=build_demo)
        op.success(self._opened).failure(self._open_failed)
        self.status_area.track(op.run())

    def _opened(self, opened: Opened) -> None:
        self.ctx.opened = opened
        emit(self.ctx.hub.library_opened, opened)
        self.setWindowTitle(f"Enablement — {opened.display_name}")
        self.status_area.user_label.setText(f"{opened.display_name} · {opened.actor.role}")
        self.facets.set_categories(opened)
        self.facets.model.set_filters(window_state.saved_filters(self))
        self.commands.apply_permissions(self.ctx, SELLER_PERMISSIONS)
        self.preview.buttons["rate"].setVisible(self.ctx.may("RATE"))
        self.search.ready = True
        self.search.run(as_you_type=bool(self.search.box.text()), log=False)
        if self._kits is not None:
            self._kits.refresh()
        message = "Library ready."
        if opened.demo_built:
            message = "A demo library was created so you can try things out."
        elif not opened.online:
            message = "Working offline with what this computer has."
        elif opened.rebuilding:
            message = "Indexing the team library — results fill in as it goes."
        elif opened.empty:
            message = "The library is empty — marketing has not published anything yet."
        self.status_area.show(message, 8000)
        if opened.team:
            self._start_team_sync(opened)
        self._start_upkeep()

    def _start_upkeep(self) -> None:
        from ..idle import IdleUpkeep

        if self.upkeep is None:
            self.upkeep = IdleUpkeep(self.ctx, self)
            self.upkeep.watch(self.search.box.textChanged)
        self.upkeep.committed()  # what catching up at open may have written

    # -- team library: sync rounds and the connection ------------------------------

    def _start_team_sync(self, opened: Opened) -> None:
        from ..team import TeamSyncController

        library = self.ctx.tasks.library
        if library is None or self.team is not None:
            return
        self.team = TeamSyncController(
            library, online=opened.online, queued=opened.queued, parent=self
        )
        self.team.state_changed.connect(self._team_state)
        self.team.synced.connect(self._team_synced)
        self._team_state(self.team.state)
        self.team.start()

    def sync_now(self) -> None:
        """Check the connection and bring the team library up to date now."""
        if self.team is not None:
            self.team.sync_now()
            self.status_area.show("Checking the team library…", 4000)

    def _team_state(self, state: TeamState) -> None:
        was_online, kept = self.ctx.online, self._kept_offline
        self.ctx.online = state.online
        self._kept_offline = state.queued if not state.online else 0
        self.status_area.show_team_state(state)
        self.banner.setVisible(not state.online)
        if state.online == was_online:
            return
        if not state.online:
            text = "Working offline with what this computer has."
        elif state.queued:
            text = "Back online — sending what was kept on this computer."
        elif kept:
            text = "Back online — everything kept on this computer has been sent."
        else:
            text = "Back online."
        self.status_area.show(text, 8000)
        self.search.run(as_you_type=True, log=False)  # live details, or cached ones

    def _team_synced(self, status: SyncStatus) -> None:
        if status.indexed and self.upkeep is not None:
            self.upkeep.committed()
        if status.indexed or status.delivered:
            self.search.run(as_you_type=True, log=False)

    def _outcome_shown(self, outcome: Outcome) -> None:
        from enablement.offline import OFFLINE_MESSAGE

        if self.team is not None and outcome.message == OFFLINE_MESSAGE:
            self.team.note_offline()

    def _changed_locally(self, _changes: object) -> None:
        if self.team is not None and not self.team.state.online:
            self.team.sync_now()  # counts what the outbox now holds

    def _open_failed(self, error: BaseException) -> None:
        text, _known = message_for(error)
        self.status_area.show(f"The library could not be opened: {text}")
        self.preview.clear(f"The library could not be opened.\n\n{text}")
        show_message(self, f"The library could not be opened:\n\n{text}")

    # -- results and preview -------------------------------------------------------

    def show_asset(self, asset_id: int) -> None:
        self.raise_()
        self.activateWindow()
        if not self.search.select_asset(asset_id):
            self.result_preview.load(asset_id, None)

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
            self.status_area.show_error(f"No application is set up to open {path.name}.", True)

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
            lambda paths: self.status_area.show(f"Exported {len(paths)} file(s) to {folder}", 8000)
        )
        self.status_area.track(op.run())

    def choose_folder(self, title: str) -> Path | None:
        """Ask for a folder, starting where the person exported last time."""
        start = str(self.ctx.settings.value("export/folder", str(Path.home())))
        chosen = QFileDialog.getExistingDirectory(self, title, start)
        if not chosen:
            return None
        self.ctx.settings.setValue("export/folder", chosen)
        return Path(chosen)

    def add_selected_to_kit(self) -> None:
        ids = self.search.selected_ids()
        if not ids and self.current_asset_id() is not None:
            ids = [self.current_asset_id()]  # type: ignore[list-item]
        if ids:
            self.add_to_kit(ids)

    def add_to_kit(self, asset_ids: list[int]) -> None:
        self.kits_dock.show()
        self.kits.add(asset_ids)

    # -- dialogs (built in seller_dialogs) -------------------------------------------

    def rate_current(self) -> None:
        asset_id = self.current_asset_id()
        if asset_id is not None and self.ctx.may("RATE"):
            self.dialogs.rate(asset_id, self.preview.title.text())

    def request_material(self, text: str = "", filters: dict[str, list[str]] | None = None) -> None:
        if not self.ctx.may("REQUEST_MATERIAL"):
            return
        if not text and not filters:
            query = self.search.query()
            text, filters = query.text, query.clean_filters()
        self.request_dialog = self.dialogs.request(text, filters)

    def show_my_requests(self) -> None:
        self.my_requests_dialog = self.dialogs.my_requests()

    def show_new_for_me(self) -> None:
        self.new_for_me_dialog = self.dialogs.new_for_me()

    def show_call_prep(self) -> None:
        self.call_prep_dialog = self.dialogs.call_prep()

    def show_reports(self) -> None:
        if self.ctx.may("VIEW_REPORTS"):
            from .reports import ReportsWindow

            self.reports_window = ReportsWindow.open_for(self.ctx, self)

    def about(self) -> None:
        self.dialogs.about()

    # -- closing ---------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        window_state.save(self)
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Finish queued work, close the library on its worker, remove temp copies."""
        if self.status_area.job is not None:
            self.status_area.job.cancel()
        if self.team is not None:
            self.team.stop()  # before the worker closes the library under it
        self.ctx.tasks.shutdown()
        for folder in self.ctx.temp_dirs:
            shutil.rmtree(folder, ignore_errors=True)
        self.ctx.temp_dirs.clear()


def _asset_ops() -> ModuleType:
    """Operations modules load on first use, keeping them out of the start-up path."""
    from ..operations import assets

    return assets
