"""Per-asset reports: what is used, what is never used, what is rated badly.

These answer the marketer's "we create materials that sellers ignore": each
is a handful of GROUP BY queries over the usage log, ratings and assets,
scoped by owner, file type and tags, and never a loop over events in Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import (
    Float,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    not_,
    null,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session

from ..models import Asset, Rating, UsageEvent, User
from . import sql
from .model import Cell, Chart, Column, Report, ReportFilters
from .series import bucket_ranges, fill_series

USAGE_KINDS = (*sql.VIEW_KINDS, *sql.OPEN_KINDS, *sql.EXPORT_KINDS)
AGE_BANDS = ((30, "< 30 days"), (90, "30–89 days"), (180, "90–179 days"), (365, "180–364 days"))
OLDEST_BAND = "365+ days"

ASSET_COLUMNS = (
    Column("asset_id", "Asset", "int"),
    Column("title", "Title"),
    Column("owner", "Owner"),
    Column("type", "Type"),
)
COUNT_COLUMNS = (
    Column("views", "Views", "int"),
    Column("opens", "Opens", "int"),
    Column("exports", "Exports", "int"),
    Column("total", "Total", "int"),
)


def _event_counts(prefix: str = "") -> list[Any]:
    return [
        sql.count_if(UsageEvent.kind.in_(sql.VIEW_KINDS)).label(f"{prefix}views"),
        sql.count_if(UsageEvent.kind.in_(sql.OPEN_KINDS)).label(f"{prefix}opens"),
        sql.count_if(UsageEvent.kind.in_(sql.EXPORT_KINDS)).label(f"{prefix}exports"),
    ]


def _asset_head() -> list[Any]:
    return [Asset.id, Asset.title, User.name, sql.current_kind()]


def _per_asset(filters: ReportFilters) -> Any:
    """Views, opens and exports per scoped asset that has any (asset_id, counts).

    Driven by the scoped assets: each one's events in the window are one
    range of the (asset, time) index, already grouped, so SQLite sorts nothing.
    """
    counted = and_(UsageEvent.asset_id == Asset.id, *sql.event_conditions(filters, USAGE_KINDS))
    return (
        select(Asset.id.label("asset_id"), *_event_counts())
        .join(UsageEvent, counted)
        .where(*sql.asset_conditions(filters))
        .group_by(Asset.id)
        .cte("per_asset")
    )


def _grouped_once(dialect: str, filters: ReportFilters, kind: str) -> tuple[Any, Any]:
    """(per asset, per bucket) counts from one read of the window's events.

    PostgreSQL hashes both groupings in the same pass (GROUPING SETS), so the
    per-asset table and the series no longer each read every event.
    """
    slot = sql.bucket(dialect, kind, UsageEvent.occurred_at)
    both = (
        select(
            UsageEvent.asset_id.label("asset_id"),
            slot.label("bucket"),
            func.grouping(UsageEvent.asset_id).label("by_bucket"),
            *_event_counts(),
        )
        .where(*sql.event_conditions(filters, USAGE_KINDS), sql.scoped_assets(filters))
        .group_by(func.grouping_sets(tuple_(UsageEvent.asset_id), tuple_(slot)))
        .cte("grouped")
    )
    counts = (both.c.views, both.c.opens, both.c.exports)
    per_asset = select(both.c.asset_id, *counts).where(both.c.by_bucket == 0).subquery("per_asset")
    per_bucket = select(both.c.bucket, *counts).where(both.c.by_bucket == 1).subquery("series")
    return per_asset, per_bucket


def usage(session: Session, filters: ReportFilters) -> Report:
    """Top and bottom assets by views/opens/exports, and the totals over time."""
    dialect = sql.dialect_of(session)
    kind = filters.resolved_bucket()
    per_bucket = None
    if sql.groups_by_hashing(dialect):
        per_asset, per_bucket = _grouped_once(dialect, filters, kind)
    else:
        per_asset = _per_asset(filters)
    counts = [
        func.coalesce(per_asset.c[k], 0).label(f"c{i}")
        for i, k in enumerate(("views", "opens", "exports"), start=1)
    ]
    total = counts[0] + counts[1] + counts[2]
    base = (
        select(Asset.id.label("id"), *counts, total.label("total"))
        .where(*sql.asset_conditions(filters))
        .limit(filters.row_limit)
    )
    joined = per_asset.c.asset_id == Asset.id
    top = base.join(per_asset, joined).order_by(total.desc(), Asset.id).subquery()
    bottom = (
        base.outerjoin(per_asset, joined)
        .where(Asset.status == "published")
        .order_by(total, Asset.id)
        .subquery()
    )
    # One statement, so the per-asset counts are computed once for both ends;
    # titles, owners and file types are looked up for the chosen rows only.
    ends = union_all(select(literal(0).label("end"), top), select(literal(1), bottom)).subquery()
    head = (
        select(
            ends.c.end,
            *_asset_head(),
            *(ends.c[k] for k in ("c1", "c2", "c3", "total")),
            null().label("bucket"),
            case((ends.c.end == 0, -ends.c.total), else_=ends.c.total).label("rank"),
        )
        .join_from(ends, Asset, Asset.id == ends.c.id)
        .join(User, Asset.owner_id == User.id)
    )
    if per_bucket is not None:
        # The series rides along as rows with end 2: the same grouping made it.
        counts_only = select(
            literal(2),
            *(null() for _ in _asset_head()),
            *(per_bucket.c[k] for k in ("views", "opens", "exports")),
            null(),
            per_bucket.c.bucket,
            literal(0),
        )
        head = union_all(head, counts_only).subquery().select()
    end, asset_id, *_, rank = head.selected_columns
    everything = session.execute(head.order_by(end, rank, asset_id)).all()
    found = [r for r in everything if r[0] != 2]
    series: Sequence[Any]
    if per_bucket is None:
        series = _usage_by_ranges(session, filters, kind)
    else:  # (bucket, views, opens, exports)
        series = [(r[9], *r[5:8]) for r in everything if r[0] == 2]
    rows = [("top" if r[0] == 0 else "bottom", *r[1:9]) for r in found]
    chart = Chart(
        kind="line",
        x="bucket",
        y=("views", "opens", "exports"),
        columns=(Column("bucket", kind.capitalize(), "date"), *COUNT_COLUMNS[:3]),
        rows=fill_series(filters, kind, series, width=3),
    )
    totals = [sum(int(v) for r in chart.rows if isinstance(v := r[i], int)) for i in (1, 2, 3)]
    return Report(
        name="usage",
        title="Asset usage: views, opens and exports",
        columns=(Column("group", "Group"), *ASSET_COLUMNS, *COUNT_COLUMNS),
        rows=tuple(tuple(r) for r in rows),
        chart=chart,
        summary=(("views", totals[0]), ("opens", totals[1]), ("exports", totals[2])),
        filters=filters,
    )


def _usage_by_ranges(session: Session, filters: ReportFilters, kind: str) -> Sequence[Any]:
    slots = bucket_ranges(filters, kind)
    # Each bucket is one range of the (kind, time) index; the rows arrive
    # bucket by bucket, so grouping them sorts only a narrow key.
    in_slot = [
        UsageEvent.kind.in_(USAGE_KINDS),
        UsageEvent.occurred_at >= slots.c.lo,
        UsageEvent.occurred_at < slots.c.hi,
        sql.scoped_assets(filters, by_time=True),
    ]
    if filters.roles:
        in_slot.append(UsageEvent.role.in_(filters.roles))
    return session.execute(
        select(slots.c.bucket, *_event_counts())
        .select_from(slots)
        .join(UsageEvent, and_(*in_slot))
        .group_by(slots.c.bucket)
    ).all()


def _recent_use(filters: ReportFilters) -> Any:
    since = filters.end - timedelta(days=filters.days)
    conditions = [
        UsageEvent.asset_id == Asset.id,
        UsageEvent.kind.in_(sql.ASSET_USE_KINDS),
        UsageEvent.occurred_at >= since,
        UsageEvent.occurred_at < filters.end,
    ]
    if filters.roles:
        conditions.append(UsageEvent.role.in_(filters.roles))
    return exists(select(literal(1)).where(*conditions).correlate(Asset))


def _age_band(published: Any, filters: ReportFilters) -> Any:
    whens = [(published > filters.end - timedelta(days=d), label) for d, label in AGE_BANDS]
    return case(*whens, else_=OLDEST_BAND)


def unused(session: Session, filters: ReportFilters) -> Report:
    """Published assets nobody used in the last `days` days, by owner and age."""
    published = func.coalesce(Asset.published_at, Asset.created)
    scope = [Asset.status == "published", published < filters.end, *sql.asset_conditions(filters)]
    idle = not_(_recent_use(filters))
    last_conditions = [
        UsageEvent.asset_id == Asset.id,
        UsageEvent.kind.in_(sql.ASSET_USE_KINDS),
        UsageEvent.occurred_at < filters.end,
    ]
    if filters.roles:
        last_conditions.append(UsageEvent.role.in_(filters.roles))
    last_used = select(func.max(UsageEvent.occurred_at)).where(*last_conditions).scalar_subquery()
    band = _age_band(published, filters)
    found = session.execute(
        select(*_asset_head(), published, band, last_used)
        .join_from(Asset, User, Asset.owner_id == User.id)
        .where(*scope, idle)
        .order_by(User.name, published, Asset.id)
    ).all()
    rows = tuple(
        (*r[:4], r[4].date(), (filters.end - r[4]).days, r[5], sql.as_date(r[6])) for r in found
    )
    # The idle assets are all in `rows`: count them per owner and age band
    # there, and ask the database only for each owner's published total.
    published_by_owner = session.execute(
        select(User.name, func.count())
        .join_from(Asset, User, Asset.owner_id == User.id)
        .where(*scope)
        .group_by(User.name)
        .order_by(User.name)
    ).all()
    idle_by_owner = Counter(str(r[2]) for r in rows)
    by_owner = [(o, int(p), idle_by_owner[str(o)]) for o, p in published_by_owner]
    by_band = Counter(str(r[6]) for r in rows)
    library_size = sum(int(r[1]) for r in by_owner)
    summary: list[tuple[str, Cell]] = [
        ("unused", len(rows)),
        ("published", library_size),
        ("share", round(len(rows) / library_size, 4) if library_size else 0.0),
        *(
            (label, int(by_band.get(label, 0)))
            for label in [*(b for _, b in AGE_BANDS), OLDEST_BAND]
        ),
    ]
    return Report(
        name="unused",
        title=f"Published assets with no use in {filters.days} days",
        columns=(
            *ASSET_COLUMNS,
            Column("published", "Published", "date"),
            Column("age_days", "Age (days)", "int"),
            Column("age_band", "Age"),
            Column("last_used", "Last used", "date"),
        ),
        rows=rows,
        chart=Chart(
            kind="bar",
            x="owner",
            y=("unused",),
            columns=(
                Column("owner", "Owner"),
                Column("published", "Published", "int"),
                Column("unused", "Unused", "int"),
                Column("share", "Share unused", "percent"),
            ),
            rows=tuple((o, int(p), int(u), round(int(u) / int(p), 4)) for o, p, u in by_owner),
        ),
        summary=tuple(summary),
        filters=filters,
    )


def _rating_conditions(filters: ReportFilters) -> list[Any]:
    conditions = [
        sql.in_window(Rating.updated, filters),
        *sql.asset_conditions(filters, tags=False),
    ]
    if filters.segment:
        conditions.append(sql.has_tag(Asset.id, "segment", filters.segment, drive=False))
    if filters.situation:  # the situation the seller rated it for, not the asset's tags
        conditions.append(
            Rating.situation_tag_id == sql.tag_slug_id("situation", filters.situation)
        )
    return conditions


def ratings(session: Session, filters: ReportFilters) -> Report:
    """Average and 1–5 distribution per asset, lowest first, with the worst comment."""
    scope = _rating_conditions(filters)
    stars = [sql.count_if(Rating.stars == n).label(f"s{n}") for n in range(1, 6)]
    stats = (
        select(
            Rating.asset_id.label("asset_id"),
            func.count().label("n"),
            func.avg(cast(Rating.stars, Float)).label("average"),
            *stars,
            sql.count_if(Rating.outcome == "helped").label("helped"),
            sql.count_if(Rating.outcome == "did-not-help").label("not_helped"),
        )
        .join(Asset, Asset.id == Rating.asset_id)
        .where(*scope)
        .group_by(Rating.asset_id)
        .subquery()
    )
    order = (Rating.stars, Rating.updated.desc(), Rating.id.desc())
    worst = (
        select(
            Rating.asset_id.label("asset_id"),
            Rating.comment.label("comment"),
            func.row_number().over(partition_by=Rating.asset_id, order_by=order).label("rn"),
        )
        .join(Asset, Asset.id == Rating.asset_id)
        .where(*scope, Rating.comment != "")
        .subquery()
    )
    found = session.execute(
        select(
            *_asset_head(),
            *[
                stats.c[k]
                for k in ("n", "average", "s1", "s2", "s3", "s4", "s5", "helped", "not_helped")
            ],
            worst.c.comment,
        )
        .select_from(stats)
        .join(Asset, Asset.id == stats.c.asset_id)
        .join(User, User.id == Asset.owner_id)
        .outerjoin(worst, and_(worst.c.asset_id == stats.c.asset_id, worst.c.rn == 1))
        .order_by(stats.c.average, stats.c.n.desc(), Asset.id)
        .limit(filters.row_limit)
    ).all()
    rows = tuple((*r[:5], round(float(r[5]), 2), *map(int, r[6:13]), r[13] or "") for r in found)
    spread = {
        int(s): int(n)
        for s, n in session.execute(
            select(Rating.stars, func.count())
            .join(Asset, Asset.id == Rating.asset_id)
            .where(*scope)
            .group_by(Rating.stars)
        )
    }
    # Every rating in scope is in the spread: the totals follow from it.
    count = sum(spread.values())
    average = round(sum(s * n for s, n in spread.items()) / count, 2) if count else None
    return Report(
        name="ratings",
        title="Ratings: lowest rated assets first",
        columns=(
            *ASSET_COLUMNS,
            Column("ratings", "Ratings", "int"),
            Column("average", "Average", "float"),
            *(Column(f"stars_{n}", f"{n}★", "int") for n in range(1, 6)),
            Column("helped", "Helped", "int"),
            Column("did_not_help", "Did not help", "int"),
            Column("comment", "Lowest rated comment"),
        ),
        rows=rows,
        chart=Chart(
            kind="bar",
            x="stars",
            y=("ratings",),
            columns=(Column("stars", "Stars", "int"), Column("ratings", "Ratings", "int")),
            rows=tuple((n, int(spread.get(n, 0))) for n in range(1, 6)),
        ),
        summary=(
            ("ratings", count),
            ("average", average),
        ),
        filters=filters,
    )
