"""Coverage: the situation × segment grid of supply (assets, use) and demand.

Demand is open requests and searches that found nothing. A zero-result
search lands in a cell through the situation/segment filters it was run
with; one without such a filter counts under "(none)". A cell with demand and
no assets is where marketing should produce next. Each metric is one GROUP BY
over its own table; the grid is assembled from the tag lists afterwards.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session, aliased

from ..models import Asset, MaterialRequest, Tag, TagCategory, UsageEvent, asset_tags
from . import sql
from .model import Chart, Column, Report, ReportFilters
from .requests import OPEN_STATUSES, tag_conditions

Cells = dict[tuple[str, str], int]


def _tagged(category: str) -> Any:
    return (
        select(asset_tags.c.asset_id, Tag.slug)
        .join(Tag, Tag.id == asset_tags.c.tag_id)
        .join(TagCategory)
        .where(TagCategory.slug == category)
        .subquery()
    )


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


def _asset_cells(session: Session, filters: ReportFilters) -> tuple[Cells, Cells]:
    sit, seg = _tagged("situation"), _tagged("segment")
    uses = (
        select(UsageEvent.asset_id.label("asset_id"), func.count().label("n"))
        .where(*sql.event_conditions(filters, sql.ASSET_USE_KINDS))
        .group_by(UsageEvent.asset_id)
        .subquery()
    )
    query = (
        select()
        .select_from(Asset)
        .outerjoin(sit, sit.c.asset_id == Asset.id)
        .outerjoin(seg, seg.c.asset_id == Asset.id)
        .outerjoin(uses, uses.c.asset_id == Asset.id)
        .where(
            Asset.status == "published",
            *sql.asset_conditions(filters, tags=False),
            *_pinned(filters, sit.c.slug, seg.c.slug),
        )
    )
    assets = _cells(session, query, sit.c.slug, seg.c.slug, func.count(func.distinct(Asset.id)))
    used = _cells(session, query, sit.c.slug, seg.c.slug, func.sum(uses.c.n))
    return assets, used


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
    sit = sql.json_list(dialect, UsageEvent.filters, "situation")
    seg = sql.json_list(dialect, UsageEvent.filters, "segment")
    sit_value, seg_value = cast(sit.c.value, String), cast(seg.c.value, String)
    conditions = [*sql.event_conditions(filters, ("search",)), UsageEvent.result_count == 0]
    if filters.type:
        conditions.append(sql.json_has(dialect, UsageEvent.filters, "type", filters.type))
    source = sql.outer_join_values(sql.outer_join_values(UsageEvent.__table__, sit), seg)
    query = select().select_from(source).where(*conditions, *_pinned(filters, sit_value, seg_value))
    return _cells(session, query, sit_value, seg_value, func.count())


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
