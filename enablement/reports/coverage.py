"""Coverage: the situation × segment grid of supply (assets, use) and demand.

Demand is open requests and searches that found nothing. A zero-result
search lands in a cell through the situation/segment filters it was run
with; one without such a filter counts under "(none)". A cell with demand and
no assets is where marketing should produce next. Each metric is one GROUP BY
over its own table; the grid is assembled from the tag lists afterwards.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, and_, cast, func, select
from sqlalchemy.orm import Session, aliased

from ..models import Asset, MaterialRequest, Tag, TagCategory, UsageEvent, asset_tags
from . import sql
from .model import Chart, Column, Report, ReportFilters
from .requests import OPEN_STATUSES, tag_conditions

Cells = dict[tuple[str, str], int]


def _link(link: Any, asset_id: Any, category: str) -> Any:
    """Join condition: `link` is one of the asset's tags in `category`.

    A probe of the (asset, tag) key per asset, not a join to every tagging.
    """
    in_category = select(Tag.id).join(TagCategory).where(TagCategory.slug == category)
    return and_(link.c.asset_id == asset_id, link.c.tag_id.in_(in_category))


def _cells(session: Session, query: Any, situation: Any, segment: Any, value: Any) -> Cells:
    sit = func.coalesce(situation, sql.NONE_LABEL)
    seg = func.coalesce(segment, sql.NONE_LABEL)
    found = session.execute(query.add_columns(sit, seg, value).group_by(sit, seg)).all()
    return {(str(a), str(b)): int(n or 0) for a, b, n in found}


def _pinned(filters: ReportFilters, situation: Any, segment: Any) -> list[Any]:
    conditions = []
    if filters.situation:
        conditions.append(situation == filters.situation)
    if filters.segment:
        conditions.append(segment == filters.segment)
    return conditions


def _tagged(category: str) -> Any:
    """(asset_id, slug) for every tagging in `category`, for a hash join."""
    return (
        select(asset_tags.c.asset_id, Tag.slug)
        .join(Tag, Tag.id == asset_tags.c.tag_id)
        .join(TagCategory, TagCategory.id == Tag.category_id)
        .where(TagCategory.slug == category)
        .subquery()
    )


def _asset_cells(session: Session, filters: ReportFilters) -> tuple[Cells, Cells]:
    uses = _uses(session, filters)
    query = select().select_from(uses)
    if sql.groups_by_hashing(sql.dialect_of(session)):
        sit_tags, seg_tags = _tagged("situation"), _tagged("segment")
        query = query.outerjoin(sit_tags, sit_tags.c.asset_id == uses.c.asset_id).outerjoin(
            seg_tags, seg_tags.c.asset_id == uses.c.asset_id
        )
        sit_slug, seg_slug = sit_tags.c.slug, seg_tags.c.slug
    else:
        sit_link, seg_link = asset_tags.alias("sit_link"), asset_tags.alias("seg_link")
        sit, seg = aliased(Tag), aliased(Tag)
        query = (
            query.outerjoin(sit_link, _link(sit_link, uses.c.asset_id, "situation"))
            .outerjoin(sit, sit.id == sit_link.c.tag_id)
            .outerjoin(seg_link, _link(seg_link, uses.c.asset_id, "segment"))
            .outerjoin(seg, seg.id == seg_link.c.tag_id)
        )
        sit_slug, seg_slug = sit.slug, seg.slug
    situation = func.coalesce(sit_slug, sql.NONE_LABEL)
    segment = func.coalesce(seg_slug, sql.NONE_LABEL)
    # An asset holds each tag once, so it is counted once per cell.
    found = session.execute(
        query.add_columns(situation, segment, func.count(), func.sum(uses.c.n))
        .where(*_pinned(filters, sit_slug, seg_slug))
        .group_by(situation, segment)
    ).all()
    assets = {(str(a), str(b)): int(n) for a, b, n, _ in found}
    used = {(str(a), str(b)): int(u or 0) for a, b, _, u in found}
    return assets, used


def _uses(session: Session, filters: ReportFilters) -> Any:
    """Uses per published asset (asset_id, n), the tag joins then fan that out.

    One count per published asset over its range of the narrow (asset, time,
    kind, role) index. On PostgreSQL that reads a fifth fewer and narrower
    entries than hashing every use in the window (unpublished assets' too)
    from the covering index; MATERIALIZED keeps it at one count per asset
    rather than one per tag pair. SQLite (which may predate MATERIALIZED)
    gets the same walk as an outer join grouped in asset order, sorting nothing.
    """
    scope = [Asset.status == "published", *sql.asset_conditions(filters, tags=False)]
    use = and_(UsageEvent.asset_id == Asset.id, *sql.event_conditions(filters, sql.ASSET_USE_KINDS))
    if sql.groups_by_hashing(sql.dialect_of(session)):
        used = select(func.count()).where(use).correlate(Asset).scalar_subquery()
        return (
            select(Asset.id.label("asset_id"), used.label("n"))
            .where(*scope)
            .cte("uses")
            .prefix_with("MATERIALIZED")
        )
    return (
        select(Asset.id.label("asset_id"), func.count(UsageEvent.id).label("n"))
        .outerjoin(UsageEvent, use)
        .where(*scope)
        .group_by(Asset.id)
        .subquery()
    )


def _request_cells(session: Session, filters: ReportFilters) -> Cells:
    sit, seg = aliased(Tag), aliased(Tag)
    query = (
        select()
        .select_from(MaterialRequest)
        .outerjoin(sit, sit.id == MaterialRequest.situation_tag_id)
        .outerjoin(seg, seg.id == MaterialRequest.segment_tag_id)
        .where(
            MaterialRequest.status.in_(OPEN_STATUSES),
            MaterialRequest.created < filters.end,
            *tag_conditions(filters),
        )
    )
    return _cells(session, query, sit.slug, seg.slug, func.count())


def _search_cells(session: Session, filters: ReportFilters) -> Cells:
    dialect = sql.dialect_of(session)
    conditions = [*sql.event_conditions(filters, ("search",)), UsageEvent.result_count == 0]
    if filters.type:
        conditions.append(sql.json_has(dialect, UsageEvent.filters, "type", filters.type))
    # Searches share a handful of filter combinations: count per combination,
    # then read each combination's JSON once rather than once per search.
    combos = (
        select(UsageEvent.filters.label("filters"), func.count().label("n"))
        .where(*conditions)
        .group_by(UsageEvent.filters)
        .subquery()
    )
    sit = sql.json_list(dialect, combos.c.filters, "situation")
    seg = sql.json_list(dialect, combos.c.filters, "segment")
    sit_value, seg_value = cast(sit.c.value, String), cast(seg.c.value, String)
    source = sql.outer_join_values(sql.outer_join_values(combos, sit), seg)
    query = select().select_from(source).where(*_pinned(filters, sit_value, seg_value))
    return _cells(session, query, sit_value, seg_value, func.sum(combos.c.n))


def coverage(session: Session, filters: ReportFilters) -> Report:
    situations = [*session.scalars(sql.category_tags("situation")), sql.NONE_LABEL]
    segments = [*session.scalars(sql.category_tags("segment")), sql.NONE_LABEL]
    if filters.situation:
        situations = [filters.situation]
    if filters.segment:
        segments = [filters.segment]
    assets, used = _asset_cells(session, filters)
    requests = _request_cells(session, filters)
    searches = _search_cells(session, filters)
    rows = tuple(
        (a, b, *(m.get((a, b), 0) for m in (assets, used, requests, searches)))
        for a in situations
        for b in segments
    )
    columns = (
        Column("situation", "Situation"),
        Column("segment", "Segment"),
        Column("assets", "Published assets", "int"),
        Column("uses", "Uses", "int"),
        Column("open_requests", "Open requests", "int"),
        Column("zero_result_searches", "Searches with no result", "int"),
    )
    unmet = sum(1 for r in rows if r[2] == 0 and (r[4] or r[5]))
    return Report(
        name="coverage",
        title="Coverage: situation × segment",
        columns=columns,
        rows=rows,
        chart=Chart(
            kind="heatmap",
            x="segment",
            y=("situation",),
            columns=columns,
            rows=rows,
            value="assets",
        ),
        summary=(("cells with demand but no assets", unmet),),
        filters=filters,
    )
