"""Table models for the marketer's screens: request queue, needs attention, users.

Each is a thin adapter over a plain list of the library's frozen dataclasses.
`SortRole` gives the raw value to sort by (votes as a number, age in days,
needed-by as a date), so a `QSortFilterProxyModel` sorts without parsing text.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from .base import RowsModel, SortRole
from .lists import STATUS_LABELS

if TYPE_CHECKING:
    from enablement.services.governance import AttentionRow
    from enablement.services.requests import RequestInfo
    from enablement.services.users import UserInfo

NO_DATE = date.max.toordinal()  # "no needed-by date" sorts last


def age_days(created: datetime, now: datetime | None = None) -> int:
    return max(0, ((now or datetime.now(UTC)) - created).days)


class QueueModel(RowsModel["RequestInfo"]):
    COLUMNS = ("Request", "Status", "Votes", "Age", "Requester", "Situation", "Segment",
               "Needed by", "Assignee")  # fmt: skip
    VOTES, AGE, NEEDED_BY = 2, 3, 7

    def text(self, row: RequestInfo, column: int) -> str:
        if column == 0:
            return row.title
        if column == 1:
            return STATUS_LABELS.get(row.status, row.status)
        if column == self.VOTES:
            return str(row.votes)
        if column == self.AGE:
            days = age_days(row.created)
            return "today" if days == 0 else f"{days} d"
        values = (row.requester, row.situation, row.segment,
                  f"{row.needed_by:%Y-%m-%d}" if row.needed_by else "", row.assignee)  # fmt: skip
        return values[column - 4] or ""

    def sort_value(self, row: RequestInfo, column: int) -> Any:
        if column == self.VOTES:
            return row.votes
        if column == self.AGE:
            return age_days(row.created)
        if column == self.NEEDED_BY:
            return row.needed_by.toordinal() if row.needed_by else NO_DATE
        return super().sort_value(row, column)

    def tooltip(self, row: RequestInfo, column: int) -> str | None:
        return row.details or None


class AttentionModel(RowsModel["AttentionRow"]):
    COLUMNS = ("Asset", "Owner", "Status", "Needs attention because")

    def text(self, row: AttentionRow, column: int) -> str:
        return (row.title, row.owner, row.status, row.reason_text)[column]


ROLE_LABELS = {"seller": "Seller", "marketer": "Marketer", "admin": "Admin"}


class UsersModel(RowsModel["UserInfo"]):
    COLUMNS = ("User", "Name", "Role", "Segments")

    def text(self, row: UserInfo, column: int) -> str:
        if column == 2:
            return ROLE_LABELS.get(row.role, row.role)
        if column == 3:
            return ", ".join(row.segments)
        return (row.name, row.display_name)[column]

    def row_of(self, name: str) -> int:
        return next((i for i, u in enumerate(self._rows) if u.name == name), -1)


__all__ = ["ROLE_LABELS", "AttentionModel", "QueueModel", "SortRole", "UsersModel", "age_days"]
