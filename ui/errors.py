"""Errors shown in one place: the status bar, plus a message box for actions.

`EnablementError` carries a message written for people. Anything else is a
bug: the person sees a short apology, the traceback goes to the log (stderr),
never into a dialog.
"""

from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from .qtcompat import emit

log = logging.getLogger("enablement.ui")

_hub_ref: list[object] = []


def install(hub: object) -> None:
    """Route errors without an explicit handler to this hub."""
    _hub_ref[:] = [hub]


def message_for(error: BaseException) -> tuple[str, bool]:
    """The text a person sees, and whether it is a known (non-bug) error."""
    from enablement.errors import EnablementError

    if isinstance(error, EnablementError):
        return error.message, True
    log.error(
        "unexpected error\n%s",
        "".join(traceback.format_exception(type(error), error, error.__traceback__)),
    )
    return (
        f"Something went wrong inside Enablement ({type(error).__name__}). "
        "Your data is safe; the details were written to the log.",
        False,
    )


def report(error: BaseException, *, action: bool = False) -> None:
    text, _known = message_for(error)
    if _hub_ref:
        emit(_hub_ref[0].error, text, action)  # type: ignore[attr-defined]
    else:
        log.error("%s", text)


def show_message(parent: QWidget | None, text: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning, "Enablement", text, QMessageBox.StandardButton.Ok, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setObjectName("errorBox")
    box.open()
