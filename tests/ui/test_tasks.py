# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot helpers are untyped)
"""The worker drops the callbacks of a receiver destroyed before the answer arrives.

A dialog closed (and deleted) while its operation still runs must not be
called back ("Internal C++ object already deleted"); the changes the
operation made are still announced, and a failure goes to the one error place.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from enablement.errors import EnablementError
from ui.context import AppContext
from ui.errors import install
from ui.hub import Hub
from ui.operations import LibraryOp, changes
from ui.tasks import JobContext, TaskManager


@pytest.fixture
def ctx(tmp_path: object) -> Iterator[AppContext]:
    context = AppContext(
        TaskManager(), Hub(), QSettings(f"{tmp_path}/s.ini", QSettings.Format.IniFormat)
    )
    yield context
    context.tasks.shutdown()


def _held(gate: threading.Event, result: object = "done") -> Callable[[JobContext], object]:
    def work(_job: JobContext) -> object:
        gate.wait(10)
        if isinstance(result, BaseException):
            raise result
        return result

    return work


def test_callbacks_of_a_destroyed_receiver_are_dropped(qtbot: QtBot, ctx: AppContext) -> None:
    gate, calls = threading.Event(), list[object]()
    widget, keeper = QWidget(), QWidget()
    qtbot.addWidget(keeper)
    dropped = ctx.tasks.submit(_held(gate), calls.append, receiver=widget)
    kept = ctx.tasks.submit(lambda _job: "kept", calls.append, receiver=keeper)
    shiboken6.delete(widget)  # closed with WA_DeleteOnClose while the job runs
    with qtbot.waitSignal(
        ctx.tasks.finished, timeout=10000, check_params_cb=lambda j, _r: j is kept
    ):
        gate.set()
    assert dropped is not kept and calls == ["kept"]


def test_an_op_announces_its_changes_even_when_its_receiver_is_gone(
    qtbot: QtBot, ctx: AppContext
) -> None:
    gate, calls = threading.Event(), list[object]()
    widget = QWidget()
    op: LibraryOp[object] = LibraryOp(ctx, _held(gate), changes=changes(ratings=True))
    op.success(calls.append).run(receiver=widget)
    shiboken6.delete(widget)
    with qtbot.waitSignal(ctx.hub.changes_applied, timeout=10000) as announced:
        gate.set()
    assert announced.args is not None and announced.args[0].ratings
    qtbot.waitUntil(lambda: not ctx.tasks.busy)
    assert calls == []


def test_a_failure_for_a_gone_receiver_goes_to_the_error_place(
    qtbot: QtBot, ctx: AppContext
) -> None:
    install(ctx.hub)
    gate, calls = threading.Event(), list[object]()
    widget = QWidget()
    op: LibraryOp[object] = LibraryOp(ctx, _held(gate, EnablementError("the file is locked")))
    op.failure(calls.append).run(receiver=widget)
    shiboken6.delete(widget)
    with qtbot.waitSignal(ctx.hub.error, timeout=10000) as shown:
        gate.set()
    assert shown.args is not None and "locked" in shown.args[0]
    assert calls == []
