"""One tiny function per user action, run on the library worker (Anki's operations).

Each function returns a `LibraryOp`: the work (a function of the worker's
`JobContext`), what it changes, and callbacks for success and failure. After a
mutation the op emits one `changes_applied` with the `Changes` record, and each
view refreshes what it shows. Where the library's mutation reports its own
`Changes` (`result.changes`), the op forwards it (`changes=forward`) rather
than guessing; a mutation that changed nothing announces nothing. Failures
of user actions go to the one error place (status bar + message box) unless
the caller handles them.

`run(receiver=widget)` names the dialog or widget the callbacks belong to:
if it is destroyed before the answer arrives, the changes are still
announced but its callbacks are dropped (a failure is then reported in the
one error place instead).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from ..errors import report
from ..qtcompat import emit
from ..tasks import Job, JobContext, Receiver

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from enablement.changes import Changes

    from ..context import AppContext

T = TypeVar("T")


class LibraryOp(Generic[T]):
    def __init__(
        self,
        ctx: AppContext,
        work: Callable[[JobContext], T],
        *,
        changes: Changes | Callable[[T], Changes] | None = None,
        label: str = "",
        cancellable: bool = False,
        action: bool = True,
    ) -> None:
        self._ctx = ctx
        self._work = work
        self._changes = changes
        self._label = label
        self._cancellable = cancellable
        self._action = action
        self._success: list[Callable[[T], None]] = []
        self._failure: Callable[[BaseException], None] | None = None
        self._receiver = Receiver(None)

    def success(self, callback: Callable[[T], None]) -> LibraryOp[T]:
        self._success.append(callback)
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> LibraryOp[T]:
        self._failure = callback
        return self

    def run(self, *, receiver: QObject | None = None) -> Job:
        """Submit to the worker; callbacks are dropped once `receiver` is destroyed."""
        self._receiver = Receiver(receiver)
        return self._ctx.tasks.submit(
            self._work,
            self._done,
            self._failed,
            label=self._label,
            cancellable=self._cancellable,
        )

    def _done(self, result: Any) -> None:
        if self._changes is not None:
            changes = self._changes(result) if callable(self._changes) else self._changes
            if changes:
                emit(self._ctx.hub.changes_applied, changes)
        if not self._receiver.alive:
            return
        for callback in self._success:
            callback(result)

    def _failed(self, error: BaseException) -> None:
        if self._failure is not None and self._receiver.alive:
            self._failure(error)
        else:
            report(error, action=self._action)


class Changed(Protocol):
    """A mutation's result that says what it changed (`enablement.changes`)."""

    @property
    def changes(self) -> Changes: ...


def forward(result: Changed) -> Changes:
    """The `changes` of an op whose work returns the library's result as is."""
    return result.changes


def changes(**kwargs: Any) -> Changes:
    from enablement.changes import Changes

    return Changes(**kwargs)
