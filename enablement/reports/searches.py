"""What sellers search for: the gaps they hit and whether searching pays off.

A search "ends in a use" when a later click, view, open or export carries its
`search_key`; one with no results or no such follow-up is a gap. Gaps are
grouped by normalized query with the most common wording and filters, which
is all a request needs, so the UI can turn a gap into a request in one click.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, literal, select
from sqlalchemy.orm import Session, aliased

from ..models import UsageEvent, User
from . import sql
from .model import Cell, Chart, Column, Report, ReportFilters
from .series import fill_series


def followed_up() -> Any:
    """True for a search event that a click/view/open/export points back to."""
    follow = aliased(UsageEvent)
    return exists(
        select(literal(1)).where(
            follow.search_key == UsageEvent.event_key, follow.kind.in_(sql.FOLLOW_UP_KINDS)
        )
    ).correlate(UsageEvent)


def _search_conditions(dialect: str, filters: ReportFilters) -> list[Any]:
    conditions = sql.event_conditions(filters, ("search",))
    for key in ("segment", "situation", "type"):
        value = getattr(filters, key)
        if value:
            conditions.append(sql.json_has(dialect, UsageEvent.filters, key, value))
    return conditions


def _mode(searches: Any, column: str) -> Any:
    """Per normalized query, the most frequent value of `column` among its gaps."""
    ranked = (
        select(
            searches.c.nq,
            searches.c[column],
            func.row_number()
            .over(partition_by=searches.c.nq, order_by=(func.count().desc(), searches.c[column]))
            .label("rn"),
        )
        .where(searches.c.outcome != "used")
        .group_by(searches.c.nq, searches.c[column])
        .subquery()
    )
    return select(ranked.c.nq, ranked.c[column]).where(ranked.c.rn == 1).subquery()


def _searches(dialect: str, filters: ReportFilters) -> Select[Any]:
    outcome = case(
        (UsageEvent.result_count == 0, "zero"), (followed_up(), "used"), else_="no-click"
    )
    return select(
        UsageEvent.user_id,
        UsageEvent.occurred_at,
        func.coalesce(UsageEvent.normalized_query, "").label("nq"),
        func.coalesce(UsageEvent.query, "").label("query"),
        func.coalesce(UsageEvent.filters, "").label("filters"),
        outcome.label("outcome"),
    ).where(*_search_conditions(dialect, filters))


def search_gaps(session: Session, filters: ReportFilters) -> Report:
    searches = _searches(sql.dialect_of(session), filters).subquery()
    gaps = sql.count_if(searches.c.outcome != "used")
    totals = (
        select(
            searches.c.nq,
            func.count().label("searches"),
            sql.count_if(searches.c.outcome == "zero").label("zero"),
            sql.count_if(searches.c.outcome == "no-click").label("no_click"),
            gaps.label("gaps"),
            func.count(func.distinct(searches.c.user_id)).label("users"),
            func.max(searches.c.occurred_at).label("last"),
        )
        .group_by(searches.c.nq)
        .having(gaps > 0)
        .subquery()
    )
    query, used_filters = _mode(searches, "query"), _mode(searches, "filters")
    found = session.execute(
        select(
            query.c.query,
            totals.c.nq,
            *(totals.c[k] for k in ("searches", "zero", "no_click", "gaps", "users", "last")),
            used_filters.c.filters,
        )
        .join(query, query.c.nq == totals.c.nq)
        .join(used_filters, used_filters.c.nq == totals.c.nq)
        .order_by(totals.c.gaps.desc(), totals.c.nq)
        .limit(filters.row_limit)
    ).all()
    rows = tuple(
        (r[0], r[1], *map(int, r[2:7]), sql.as_date(r[7]), r[8], *_first_tags(r[8])) for r in found
    )
    return Report(
        name="search-gaps",
        title="Search gaps: no results or nothing opened",
        columns=(
            Column("query", "Query"),
            Column("normalized_query", "Normalized"),
            Column("searches", "Searches", "int"),
            Column("zero_results", "No results", "int"),
            Column("no_click", "Nothing opened", "int"),
            Column("gaps", "Gaps", "int"),
            Column("users", "Sellers", "int"),
            Column("last_searched", "Last searched", "date"),
            Column("filters", "Usual filters"),
            Column("situation", "Situation"),
            Column("segment", "Segment"),
        ),
        rows=rows,
        summary=(("gap queries", len(rows)), ("gaps", sum(int(r[5]) for r in found))),
        filters=filters,
    )


def _first_tags(filters_json: str) -> tuple[str, str]:
    try:
        data = json.loads(filters_json) if filters_json else {}
    except ValueError:
        data = {}
    picked = []
    for key in ("situation", "segment"):
        values = data.get(key) if isinstance(data, dict) else None
        picked.append(str(values[0]) if isinstance(values, list) and values else "")
    return picked[0], picked[1]


@dataclass(frozen=True)
class RequestDraft:
    """What "request this" pre-fills from a gap row."""

    title: str
    situation: str | None
    segment: str | None
    details: str


def gap_request(row: dict[str, Cell]) -> RequestDraft:
    return RequestDraft(
        title=str(row["query"]).strip() or "Material for an unanswered search",
        situation=str(row["situation"]) or None,
        segment=str(row["segment"]) or None,
        details=f"Searched {row['searches']} times by {row['users']} sellers without finding "
        f"what they needed (no results {row['zero_results']}, nothing opened {row['no_click']}).",
    )


def adoption(session: Session, filters: ReportFilters) -> Report:
    """Active sellers per week, searches per seller, share of searches ending in a use."""
    week = sql.week_bucket(sql.dialect_of(session), UsageEvent.occurred_at)
    is_search = UsageEvent.kind == "search"
    conditions = [UsageEvent.role == "seller", sql.in_window(UsageEvent.occurred_at, filters)]
    if filters.segment:
        covers = (literal(",") + User.segments + literal(",")).like(f"%,{filters.segment},%")
        conditions.append(UsageEvent.user_id.in_(select(User.id).where(covers)))
    found = session.execute(
        select(
            week,
            func.count(func.distinct(UsageEvent.user_id)),
            sql.count_if(is_search),
            sql.count_if(and_(is_search, followed_up())),
        )
        .where(*conditions)
        .group_by(week)
    ).all()
    weeks = fill_series(filters, "week", found, width=3)
    rows = tuple((w, a, s, _ratio(s, a, 2), u, _ratio(u, s, 4)) for w, a, s, u in weeks)
    overall = session.execute(
        select(
            func.count(func.distinct(UsageEvent.user_id)),
            sql.count_if(is_search),
            sql.count_if(and_(is_search, followed_up())),
        ).where(*conditions)
    ).one()
    return Report(
        name="adoption",
        title="Adoption: active sellers and searches that end in a use",
        columns=(
            Column("week", "Week of", "date"),
            Column("active_sellers", "Active sellers", "int"),
            Column("searches", "Searches", "int"),
            Column("searches_per_seller", "Searches per seller", "float"),
            Column("searches_with_use", "Ending in a use", "int"),
            Column("use_share", "Share ending in a use", "percent"),
        ),
        rows=rows,
        chart=Chart(
            kind="line",
            x="week",
            y=("active_sellers", "searches_per_seller"),
            columns=(
                Column("week", "Week of", "date"),
                Column("active_sellers", "Active", "int"),
                Column("searches_per_seller", "Searches per seller", "float"),
            ),
            rows=tuple((r[0], r[1], r[3]) for r in rows),
        ),
        summary=(
            ("active sellers", int(overall[0])),
            ("searches", int(overall[1])),
            ("share ending in a use", _ratio(int(overall[2]), int(overall[1]), 4)),
        ),
        filters=filters,
    )


def _ratio(part: Cell, whole: Cell, digits: int) -> float:
    p, w = int(part or 0), int(whole or 0)  # type: ignore[arg-type]
    return round(p / w, digits) if w else 0.0
