"""Opening the seller's dialogs from the main window: rate, request, feeds, reports.

Each dialog module loads on first use, keeping it out of the start-up path.
The dialogs delete themselves when closed; the window keeps the last one of
each kind (`window.rate_dialog`, `window.request_dialog`, …) so tests and the
screenshot script can reach it. A dialog's own operations name the dialog as
their receiver, so a reply arriving after it closed is dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from ..qtcompat import emit

if TYPE_CHECKING:
    from enablement.services.feedback import RatingInfo

    from .feeds import CallPrepDialog, NewForMeDialog
    from .main_window import MainWindow
    from .my_requests import MyRequestsDialog
    from .request_dialog import RequestDialog

D = TypeVar("D", bound=QDialog)


def deleted_on_close(dialog: D) -> D:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


class SellerDialogs(QObject):
    """Builds and opens the dialogs behind the seller's menu entries."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx

    def rate(self, asset_id: int, title: str) -> None:
        """Fetch the person's earlier rating, then open the rating dialog with it."""
        from ..operations import feedback

        op = feedback.my_rating(self.ctx, asset_id)
        op.success(lambda mine: self._open_rating(asset_id, title, mine)).run()

    def _open_rating(self, asset_id: int, title: str, mine: RatingInfo | None) -> None:
        from .rate_dialog import RateDialog

        situations = self.ctx.opened.tag_labels("situation") if self.ctx.opened else []
        dialog = deleted_on_close(RateDialog(title, situations, mine, self.window))
        dialog.accepted.connect(lambda: self._save_rating(asset_id, dialog.values()))
        dialog.open()
        self.window.rate_dialog = dialog

    def _save_rating(self, asset_id: int, values: dict[str, object]) -> None:
        from ..operations import feedback

        op = feedback.rate(
            self.ctx,
            asset_id,
            int(values["stars"]),  # type: ignore[call-overload]
            comment=str(values["comment"]),
            situation=cast("str | None", values["situation"]),
            outcome=str(values["outcome"]),
        )
        op.success(lambda info: emit(self.ctx.hub.status, self._rated(info.stars))).run()

    def _rated(self, stars: int) -> str:
        if not self.ctx.online:
            return (
                f"Thanks — your {stars} of 5 is kept on this computer and sent when the "
                "connection is back."
            )
        return f"Thanks — you rated it {stars} of 5."

    def request(self, text: str, filters: dict[str, list[str]] | None) -> RequestDialog:
        from .request_dialog import RequestDialog

        dialog = RequestDialog(self.ctx, title=text, filters=filters, parent=self.window)
        deleted_on_close(dialog).open()
        return dialog

    def my_requests(self) -> MyRequestsDialog:
        from .my_requests import MyRequestsDialog

        return _shown(MyRequestsDialog(self.ctx, self.window))

    def new_for_me(self) -> NewForMeDialog:
        from .feeds import NewForMeDialog

        return _shown(NewForMeDialog(self.ctx, self.window))

    def call_prep(self) -> CallPrepDialog:
        from .feeds import CallPrepDialog

        dialog = CallPrepDialog(self.ctx, self.window)
        dialog.open_assets.connect(self.window.open_assets)
        dialog.export_assets.connect(lambda ids: self.window.export_assets(ids))
        dialog.kit_assets.connect(self.window.add_to_kit)
        return _shown(dialog)

    def about(self) -> None:
        QMessageBox.about(self.window, "About Enablement",
                          "Enablement — find, use, rate and request sales material.")  # fmt: skip


def _shown(dialog: D) -> D:
    deleted_on_close(dialog).show()
    return dialog
