"""Time axes for charts: every day or week of the window, gaps filled with zeros.

SQL returns only the buckets that had events; a chart needs the quiet ones too
or a line would skip them. Filling walks the calendar of the window (at most a
few hundred buckets), never the events.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Date, column, values
from sqlalchemy.sql.selectable import CTE

from ..models.base import UtcDateTime
from .model import Cell, ReportFilters
from .sql import as_date


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def buckets(filters: ReportFilters, kind: str) -> list[date]:
    first, last = filters.first_day, filters.last_day
    if kind == "week":
        first = week_start(first)
        step = timedelta(days=7)
    else:
        step = timedelta(days=1)
    out = []
    while first <= last:
        out.append(first)
        first += step
    return out


def bucket_ranges(filters: ReportFilters, kind: str) -> CTE:
    """The buckets as a small table (bucket, lo, hi), clipped to the window.

    Reports count events per bucket with one index range scan each
    (`occurred_at >= lo AND occurred_at < hi`) instead of grouping every event
    by a computed date, which SQLite can only do by sorting all of them.
    """
    step = timedelta(days=7 if kind == "week" else 1)
    rows = []
    for first in buckets(filters, kind):
        lo = datetime.combine(first, time(), tzinfo=UTC)
        rows.append((first, max(lo, filters.start), min(lo + step, filters.end)))
    table = values(
        column("bucket", Date),
        column("lo", UtcDateTime()),
        column("hi", UtcDateTime()),
        name="buckets",
    )
    return table.data(rows).cte("buckets")


def fill_series(
    filters: ReportFilters, kind: str, found: Sequence[Sequence[Any]], width: int
) -> tuple[tuple[Cell, ...], ...]:
    """Rows of (bucket, value...) for every bucket; `found` rows start with the bucket."""
    by_bucket = {as_date(row[0]): tuple(row[1:]) for row in found}
    zeros = (0,) * width
    return tuple((b, *by_bucket.get(b, zeros)) for b in buckets(filters, kind))
