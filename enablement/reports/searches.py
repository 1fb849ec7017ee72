"""What sellers search for: the gaps they hit and whether searching pays off.

A search "ends in a use" when a later click, view, open or export carries its
`search_key`; the log resolves that once, when the follow-up is recorded
(`UsageEvent.search_used`). A search with no results or no such follow-up is
a gap. Gaps are grouped by normalized query with the most common wording and
filters, which is all a request needs, so the UI can turn a gap into a
request in one click.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, false, func, literal, or_, select, tuple_
from sqlalchemy.orm import Session

from ..models import UsageEvent, User
from . import sql
from .model import Cell, Chart, Column, Report, ReportFilters
from .series import bucket_ranges


def _search_conditions(dialect: str, filters: ReportFilters) -> list[Any]:
    conditions = sql.event_conditions(filters, ("search",))
    for key in ("segment", "situation", "type"):
        value = getattr(filters, key)
        if value:
            conditions.append(sql.json_has(dialect, UsageEvent.filters, key, value))
    return conditions


def _mode(groups: Any, column: str, weight: str) -> Any:
    """Per normalized query, the value of `column` most frequent among its gaps.

    `groups` counts the gaps of each (nq, `column`, ...) in column `weight`;
    a value with no gaps ranks below every value with some, and a query with
    no gaps at all is not in the report.
    """
    gaps = func.sum(groups.c[weight])
    ranked = (
        select(
            groups.c.nq,
            groups.c[column],
            func.row_number()
            .over(partition_by=groups.c.nq, order_by=(gaps.desc(), groups.c[column]))
            .label("rn"),
        )
        .group_by(groups.c.nq, groups.c[column])
        .subquery()
    )
    return select(ranked.c.nq, ranked.c[column]).where(ranked.c.rn == 1).subquery()


def _outcomes() -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """(no results, a gap): a gap is a search with no results or no follow-up."""
    zero = UsageEvent.result_count == 0
    return zero, or_(zero, UsageEvent.search_used == false())


def _keys() -> tuple[Any, Any, Any]:
    """(normalized query, wording, filters) of a search, '' for none."""
    return (
        func.coalesce(UsageEvent.normalized_query, "").label("nq"),
        func.coalesce(UsageEvent.query, "").label("query"),
        func.coalesce(UsageEvent.filters, "").label("filters"),
    )


def _gaps_grouped_once(conditions: list[Any]) -> tuple[Any, Any, Any]:
    """(totals, wording, filters) per normalized query from one read of the window.

    PostgreSQL hashes two groupings of the window's searches in one pass
    (GROUPING SETS): per (query, seller) for the totals, whose sellers are
    then counted among a few thousand groups instead of sorting every search
    for a DISTINCT, and per (query, wording, filters) for both modes. The raw
    columns are grouped, which the planner has statistics for (grouping their
    COALESCE it overestimates the groups and sorts instead); NULL and '' meet
    in the roll-ups.
    """
    zero, gap = _outcomes()
    nq, query_text, used = UsageEvent.normalized_query, UsageEvent.query, UsageEvent.filters
    sets = (
        select(
            nq.label("nq"),
            query_text.label("query"),
            used.label("filters"),
            UsageEvent.user_id.label("user_id"),
            func.grouping(UsageEvent.user_id).label("no_user"),
            func.count().label("n"),
            sql.count_if(zero).label("zero"),
            sql.count_if(gap).label("gaps"),
            func.max(UsageEvent.occurred_at).label("last"),
        )
        .where(*conditions)
        .group_by(func.grouping_sets(tuple_(nq, UsageEvent.user_id), tuple_(nq, query_text, used)))
        .cte("sets")
    )
    key = func.coalesce(sets.c.nq, "").label("nq")
    per_user = sets.c.no_user == 0
    gaps = func.sum(sets.c.gaps)
    totals = (
        select(
            key,
            func.sum(sets.c.n).label("searches"),
            func.sum(sets.c.zero).label("zero"),
            (gaps - func.sum(sets.c.zero)).label("no_click"),
            gaps.label("gaps"),
            func.count(func.distinct(sets.c.user_id)).label("users"),
            func.max(sets.c.last).label("last"),
        )
        .where(per_user)
        .group_by(key)
        .having(gaps > 0)
        .subquery()
    )
    wordings = (
        select(
            key,
            func.coalesce(sets.c.query, "").label("query"),
            func.coalesce(sets.c.filters, "").label("filters"),
            sets.c.gaps,
        )
        .where(per_user == false())
        .subquery()
    )
    return totals, _mode(wordings, "query", "gaps"), _mode(wordings, "filters", "gaps")


def _gaps_by_query(conditions: list[Any]) -> tuple[Any, Any, Any]:
    """(totals, wording, filters) per normalized query, as SQLite runs them best.

    SQLite sorts for every grouping here, and sorting the window once by
    query beats sorting it by the wider (query, wording, filters, seller)
    key; the modes group the gaps alone.
    """
    nq, query_text, used = _keys()
    zero, gap = _outcomes()
    gaps = sql.count_if(gap)
    totals = (
        select(
            nq,
            func.count().label("searches"),
            sql.count_if(zero).label("zero"),
            (gaps - sql.count_if(zero)).label("no_click"),
            gaps.label("gaps"),
            func.count(func.distinct(UsageEvent.user_id)).label("users"),
            func.max(UsageEvent.occurred_at).label("last"),
        )
        .where(*conditions)
        .group_by(nq)
        .having(gaps > 0)
        .subquery()
    )
    # One pass groups the gaps by wording and filters; both modes read it.
    wordings = (
        select(nq, query_text, used, func.count().label("n"))
        .where(*conditions, gap)
        .group_by(nq, query_text, used)
        .cte("wordings")
    )
    return totals, _mode(wordings, "query", "n"), _mode(wordings, "filters", "n")


def search_gaps(session: Session, filters: ReportFilters) -> Report:
    dialect = sql.dialect_of(session)
    conditions = _search_conditions(dialect, filters)
    shape = _gaps_grouped_once if sql.groups_by_hashing(dialect) else _gaps_by_query
    totals, query, used_filters = shape(conditions)
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


def _active(segment: str | None, lo: Any, hi: Any) -> Any:
    """How many sellers (covering `segment`) logged anything in [lo, hi).

    One index probe per user rather than a DISTINCT over every event.
    """
    active = exists(
        select(literal(1))
        .where(
            UsageEvent.user_id == User.id,
            UsageEvent.occurred_at >= lo,
            UsageEvent.occurred_at < hi,
            UsageEvent.role == "seller",
        )
        .correlate_except(UsageEvent)
    )
    conditions: list[Any] = [active]
    if segment:
        covers = (literal(",") + User.segments + literal(",")).like(f"%,{segment},%")
        conditions.append(covers)
    count = select(func.count()).select_from(User).where(*conditions)
    return count.correlate_except(User).scalar_subquery()


def _searches_in(segment: str | None, lo: Any, hi: Any, *, used: bool) -> Any:
    conditions: list[Any] = [
        UsageEvent.kind == "search",
        UsageEvent.occurred_at >= lo,
        UsageEvent.occurred_at < hi,
        UsageEvent.role == "seller",
    ]
    if used:
        conditions.append(UsageEvent.search_used)
    if segment:
        covers = (literal(",") + User.segments + literal(",")).like(f"%,{segment},%")
        conditions.append(UsageEvent.user_id.in_(select(User.id).where(covers)))
    return select(func.count()).where(*conditions).correlate_except(UsageEvent).scalar_subquery()


def adoption(session: Session, filters: ReportFilters) -> Report:
    """Active sellers per week, searches per seller, share of searches ending in a use."""
    weeks = bucket_ranges(filters, "week")
    segment = filters.segment
    found = session.execute(
        select(
            weeks.c.bucket,
            _active(segment, weeks.c.lo, weeks.c.hi),
            _searches_in(segment, weeks.c.lo, weeks.c.hi, used=False),
            _searches_in(segment, weeks.c.lo, weeks.c.hi, used=True),
        ).order_by(weeks.c.bucket)
    ).all()
    rows = tuple(
        (sql.as_date(w), a, s, _ratio(s, a, 2), u, _ratio(u, s, 4)) for w, a, s, u in found
    )
    active = session.execute(select(_active(segment, filters.start, filters.end))).scalar_one()
    # The weeks partition the window, so the totals are the sums of the weeks.
    searches, used = sum(int(r[2]) for r in found), sum(int(r[3]) for r in found)
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
            ("active sellers", int(active)),
            ("searches", searches),
            ("share ending in a use", _ratio(used, searches, 4)),
        ),
        filters=filters,
    )


def _ratio(part: Cell, whole: Cell, digits: int) -> float:
    p, w = int(part or 0), int(whole or 0)  # type: ignore[arg-type]
    return round(p / w, digits) if w else 0.0
