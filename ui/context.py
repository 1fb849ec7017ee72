"""What every window and operation shares: the worker, the hub, settings, who is using it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from .hub import Hub
from .tasks import TaskManager

if TYPE_CHECKING:
    from .operations.library import Opened


@dataclass
class AppContext:
    tasks: TaskManager
    hub: Hub
    settings: QSettings
    opened: Opened | None = None
    temp_dirs: list[str] = field(default_factory=list)
    online: bool = True  # a team library that can reach its database (solo: always)

    def may(self, action_name: str) -> bool:
        """Whether the current person may do `action_name` (an `Action` member name)."""
        if self.opened is None:
            return False
        from enablement.permissions import Action

        return self.opened.actor.may(Action[action_name])
