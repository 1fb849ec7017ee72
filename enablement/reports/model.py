"""The plain values reports are made of: filters in, a table (plus chart data) out.

Reports hand the UI and the exporters frozen dataclasses of plain Python
values, never rows or ORM objects, so a report can be rendered, exported or
compared in a test without a database session. The filters resolve the
reporting window once, here, so every report measures "now" the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from sqlalchemy.orm import Session

Cell = str | int | float | date | None
ColumnKind = Literal["text", "int", "float", "percent", "date"]
ChartKind = Literal["bar", "line", "heatmap"]
FILTER_NAMES = ("segment", "situation", "owner", "type", "roles", "days", "bucket")

DEFAULT_WINDOW_DAYS = 90


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: ColumnKind = "text"


@dataclass(frozen=True)
class Chart:
    """Data for one chart: a small table plus which columns go on which axis.

    `x` is the category or time axis; `y` the plotted series (bar/line) or,
    for a heatmap, the row axis, with `value` naming the colour column.
    """

    kind: ChartKind
    x: str
    y: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    value: str | None = None


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    chart: Chart | None = None
    summary: tuple[tuple[str, Cell], ...] = ()
    filters: ReportFilters | None = None

    def records(self) -> list[dict[str, Cell]]:
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]

    def column(self, key: str) -> list[Cell]:
        index = [c.key for c in self.columns].index(key)
        return [row[index] for row in self.rows]


@dataclass(frozen=True)
class ReportFilters:
    """What to report on. Dates are inclusive UTC days; None means the default.

    The window defaults to the 90 days ending today. Ages ("open for 12
    days", "published 200 days ago") are measured at the end of `until`, so a
    report over a past period reads the same tomorrow. `today` exists so tests
    and the bench can pin the clock.
    """

    since: date | None = None
    until: date | None = None
    segment: str | None = None
    situation: str | None = None
    owner: str | None = None
    type: str | None = None
    roles: tuple[str, ...] = ()
    days: int = 90
    bucket: Literal["auto", "day", "week"] = "auto"
    limit: int = 20
    today: date | None = None

    @property
    def last_day(self) -> date:
        return self.until or self.today or datetime.now(UTC).date()

    @property
    def first_day(self) -> date:
        return self.since or self.last_day - timedelta(days=DEFAULT_WINDOW_DAYS - 1)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time(), tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """Exclusive end of the window and the moment ages are measured at."""
        return datetime.combine(self.last_day + timedelta(days=1), time(), tzinfo=UTC)

    @property
    def row_limit(self) -> int | None:
        return self.limit if self.limit > 0 else None

    def resolved_bucket(self) -> Literal["day", "week"]:
        if self.bucket != "auto":
            return self.bucket
        return "day" if (self.last_day - self.first_day).days < 62 else "week"

    def describe(self) -> dict[str, str]:
        out = {"since": self.first_day.isoformat(), "until": self.last_day.isoformat()}
        for name in ("segment", "situation", "owner", "type"):
            value = getattr(self, name)
            if value:
                out[name] = str(value)
        if self.roles:
            out["roles"] = ",".join(self.roles)
        return out


ReportFunction = Callable[[Session, ReportFilters], Report]


@dataclass(frozen=True)
class ReportSpec:
    name: str
    title: str
    description: str
    run: ReportFunction
    # The optional filters this report honours; the CLI refuses the others.
    filters: frozenset[str] = field(default_factory=frozenset)
