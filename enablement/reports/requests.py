"""The request queue as marketing's workload: volume, age, speed and deflection.

Answers "we are inundated with ad-hoc requests" with numbers: how many come
in, for which situation and segment, how long they wait, how fast they are
fulfilled (median and p90, nearest rank in SQL windows), who asks most, and
how often a seller added +1 to an existing request instead of filing anew.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from ..models import REQUEST_STATUSES, MaterialRequest, RequestVote, Tag, User
from . import sql
from .model import Cell, Chart, Column, Report, ReportFilters

OPEN_STATUSES = ("open", "in-progress")
AGE_BANDS = ((7, "< 7 days"), (30, "7–29 days"), (90, "30–89 days"))
OLDEST_BAND = "90+ days"


def tag_conditions(filters: ReportFilters) -> list[Any]:
    conditions = []
    if filters.situation:
        tag_id = sql.tag_slug_id("situation", filters.situation)
        conditions.append(MaterialRequest.situation_tag_id == tag_id)
    if filters.segment:
        conditions.append(
            MaterialRequest.segment_tag_id == sql.tag_slug_id("segment", filters.segment)
        )
    return conditions


def _count_by(session: Session, label: Any, scope: list[Any], *joins: Any) -> list[tuple[str, int]]:
    query = select(label, func.count()).select_from(MaterialRequest)
    for target, onclause in joins:
        query = query.outerjoin(target, onclause)
    found = session.execute(
        query.where(*scope).group_by(label).order_by(func.count().desc(), label)
    )
    return [(str(value), int(n)) for value, n in found]


def _by_tag(session: Session, scope: list[Any], column: Any) -> list[tuple[str, int]]:
    tag = aliased(Tag)
    label = func.coalesce(tag.slug, sql.NONE_LABEL)
    return _count_by(session, label, scope, (tag, tag.id == column))


def _fulfilment_days(session: Session, filters: ReportFilters) -> tuple[float | None, float | None]:
    days = sql.days_between(
        sql.dialect_of(session), MaterialRequest.created, MaterialRequest.resolved_at
    )
    ranked = (
        select(
            days.label("days"),
            func.row_number().over(order_by=days).label("rn"),
            func.count().over().label("n"),
        )
        .where(
            MaterialRequest.status == "fulfilled",
            MaterialRequest.resolved_at.is_not(None),
            sql.in_window(MaterialRequest.resolved_at, filters),
            *tag_conditions(filters),
        )
        .subquery()
    )
    median, p90 = session.execute(
        select(
            func.max(case((ranked.c.rn == sql.nearest_rank(ranked.c.n, 50), ranked.c.days))),
            func.max(case((ranked.c.rn == sql.nearest_rank(ranked.c.n, 90), ranked.c.days))),
        )
    ).one()
    return (
        round(float(median), 2) if median is not None else None,
        round(float(p90), 2) if p90 is not None else None,
    )


def requests(session: Session, filters: ReportFilters) -> Report:
    scope = [sql.in_window(MaterialRequest.created, filters), *tag_conditions(filters)]
    by_status = dict(_count_by(session, MaterialRequest.status, scope))
    created = MaterialRequest.created
    age = case(
        *((created > filters.end - timedelta(days=d), label) for d, label in AGE_BANDS),
        else_=OLDEST_BAND,
    )
    open_scope = [*scope, MaterialRequest.status.in_(OPEN_STATUSES)]
    by_age = dict(_count_by(session, age, open_scope))
    requesters = _count_by(
        session, User.name, scope, (User, User.id == MaterialRequest.requester_id)
    )
    rows: list[tuple[Cell, ...]] = [("status", s, by_status.get(s, 0)) for s in REQUEST_STATUSES]
    rows += [
        ("situation", v, n) for v, n in _by_tag(session, scope, MaterialRequest.situation_tag_id)
    ]
    rows += [("segment", v, n) for v, n in _by_tag(session, scope, MaterialRequest.segment_tag_id)]
    bands = [label for _, label in AGE_BANDS] + [OLDEST_BAND]
    rows += [("open age", b, by_age.get(b, 0)) for b in bands]
    rows += [("requester", v, n) for v, n in requesters[: filters.row_limit]]

    votes = session.execute(
        select(func.count())
        .select_from(RequestVote)
        .join(MaterialRequest, MaterialRequest.id == RequestVote.request_id)
        .where(sql.in_window(RequestVote.created, filters), *tag_conditions(filters))
    ).scalar_one()
    new = sum(by_status.values())
    median, p90 = _fulfilment_days(session, filters)
    return Report(
        name="requests",
        title="Material requests: volume, age and time to fulfil",
        columns=(
            Column("breakdown", "By"),
            Column("value", "Value"),
            Column("requests", "Requests", "int"),
        ),
        rows=tuple(rows),
        chart=Chart(
            kind="bar",
            x="status",
            y=("requests",),
            columns=(Column("status", "Status"), Column("requests", "Requests", "int")),
            rows=tuple((s, by_status.get(s, 0)) for s in REQUEST_STATUSES),
        ),
        summary=(
            ("new requests", new),
            ("open", sum(by_status.get(s, 0) for s in OPEN_STATUSES)),
            ("median days to fulfil", median),
            ("p90 days to fulfil", p90),
            ("+1 votes", int(votes)),
            ("deflection", round(votes / (votes + new), 4) if votes + new else 0.0),
        ),
        filters=filters,
    )
