"""SQL building blocks shared by the reports, and the only dialect branches.

Reports run on SQLite (solo) and PostgreSQL (team), so everything
dialect-specific lives in the few helpers below: day/week bucketing, the
length of an interval in days and reading a list out of the JSON filters of a
search event, and where the two planners need a grouping shaped differently
(`groups_by_hashing`). Everything else is plain SQLAlchemy Core that both accept.
Percentiles use the nearest-rank method with row_number()/count() windows,
which both databases have, instead of percentile_cont, which SQLite lacks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Float,
    Select,
    String,
    and_,
    cast,
    exists,
    func,
    literal,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import FromClause

from ..models import Asset, AssetVersion, Tag, TagCategory, UsageEvent, User, asset_tags
from .model import ReportFilters

VIEW_KINDS = ("view",)
OPEN_KINDS = ("open",)
EXPORT_KINDS = ("export", "share", "drag-out", "kit-export")
# Anything a seller does with an asset counts as use for "unused" and coverage.
ASSET_USE_KINDS = ("click", *VIEW_KINDS, *OPEN_KINDS, *EXPORT_KINDS)
NONE_LABEL = "(none)"


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


# What a report's statements get on PostgreSQL, for the transaction only.
# JIT compiling costs a heavy statement 40-90 ms, more than it saves on a
# few hundred thousand rows; with the default work_mem (4 MB) the planner,
# which overestimates these groupings, sorts and spills them to disk instead
# of hashing the few thousand groups there really are.
REPORT_SETTINGS = (("jit", "off"), ("work_mem", "64MB"))


@contextmanager
def report_settings(session: Session) -> Iterator[None]:
    """Run a report's statements with `REPORT_SETTINGS` (PostgreSQL), then restore.

    The settings are transaction-local (set_config(..., true)), and the
    previous values come back once the report has run, so the rest of the
    caller's transaction is unaffected. When the report fails they stay until
    the caller's rollback, which undoes them with everything else.
    """
    if dialect_of(session) != "postgresql":
        yield
        return
    names = [name for name, _ in REPORT_SETTINGS]
    before = session.execute(select(*(func.current_setting(n) for n in names))).one()
    session.execute(select(*(func.set_config(n, v, True) for n, v in REPORT_SETTINGS)))
    yield
    session.execute(
        select(*(func.set_config(n, v, True) for n, v in zip(names, before, strict=True)))
    )


def groups_by_hashing(dialect: str) -> bool:
    """Whether GROUP BY over many rows is cheap without an index order.

    PostgreSQL hashes the groups, so a report groups the events of a time
    window directly. SQLite sorts every row of a GROUP BY that no index
    delivers in order, so there reports walk an index whose order is the
    grouping (assets in id order, one time range per bucket) instead; the
    same shapes run several times slower on PostgreSQL (a nested loop per
    asset or per bucket) and the other way round. The PostgreSQL shapes may
    use what SQLite lacks: GROUPING SETS (several groupings in one read of
    the window) and MATERIALIZED common table expressions.
    """
    return dialect == "postgresql"


def day_bucket(dialect: str, column: Any) -> ColumnElement[date]:
    if dialect == "sqlite":
        return func.date(column, type_=Date)
    return cast(column, Date)


def week_bucket(dialect: str, column: Any) -> ColumnElement[date]:
    """The Monday starting the ISO week the timestamp falls in."""
    if dialect == "sqlite":
        return func.date(column, "-6 days", "weekday 1", type_=Date)
    return cast(func.date_trunc("week", column), Date)


def bucket(dialect: str, kind: str, column: Any) -> ColumnElement[date]:
    return week_bucket(dialect, column) if kind == "week" else day_bucket(dialect, column)


def days_between(dialect: str, start: Any, end: Any) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return cast(func.julianday(end) - func.julianday(start), Float)
    return cast(func.extract("epoch", end - start), Float) / 86400.0


def json_list(dialect: str, column: Any, key: str) -> FromClause:
    """The values of `column`'s JSON list under `key`, as a table with `value`.

    Join it with `outer_join_values` (one row per value, NULL when absent) or
    test it with `json_has`.
    """
    if dialect == "sqlite":
        return func.json_each(column, f"$.{key}").table_valued("value")
    values = func.jsonb_array_elements_text(func.jsonb_extract_path(cast(column, JSONB), key))
    return values.table_valued("value").lateral()


def json_has(dialect: str, column: Any, key: str, value: str) -> ColumnElement[bool]:
    values = json_list(dialect, column, key)
    return exists(
        select(literal(1)).select_from(values).where(cast(values.c.value, String) == value)
    )


def outer_join_values(base: FromClause, values: FromClause) -> FromClause:
    return base.outerjoin(values, true())


def in_window(column: Any, filters: ReportFilters) -> ColumnElement[bool]:
    return and_(column >= filters.start, column < filters.end)


def event_conditions(filters: ReportFilters, kinds: tuple[str, ...]) -> list[ColumnElement[bool]]:
    conditions = [UsageEvent.kind.in_(kinds), in_window(UsageEvent.occurred_at, filters)]
    if filters.roles:
        conditions.append(UsageEvent.role.in_(filters.roles))
    return conditions


def has_tag(asset_id: Any, category: str, slug: str, *, drive: bool = True) -> ColumnElement[bool]:
    """One uncorrelated list of the tag's assets, not a tag lookup per asset.

    SQLite may then walk the list and fetch its assets one by one; where the
    query is cheaper scanning its own table (ratings), `drive=False` hides the
    list from the planner as a way in (`asset_id + 0` matches no index).
    """
    tagged = select(asset_tags.c.asset_id).where(asset_tags.c.tag_id == tag_slug_id(category, slug))
    tested = asset_id if drive else asset_id + 0
    condition: ColumnElement[bool] = tested.in_(tagged)
    return condition


def current_kind() -> ColumnElement[str]:
    """The file type of an asset's newest version (correlated to `Asset`)."""
    return (
        select(AssetVersion.kind)
        .where(AssetVersion.asset_id == Asset.id)
        .order_by(AssetVersion.number.desc())
        .limit(1)
        .correlate(Asset)
        .scalar_subquery()
    )


def asset_conditions(filters: ReportFilters, *, tags: bool = True) -> list[ColumnElement[bool]]:
    """Restrict `Asset` by owner, file type and (unless `tags` is off) tags."""
    conditions: list[ColumnElement[bool]] = []
    if filters.owner:
        owner_id = select(User.id).where(User.name == filters.owner).scalar_subquery()
        conditions.append(Asset.owner_id == owner_id)
    if filters.type:
        conditions.append(current_kind() == filters.type)
    if tags and filters.segment:
        conditions.append(has_tag(Asset.id, "segment", filters.segment))
    if tags and filters.situation:
        conditions.append(has_tag(Asset.id, "situation", filters.situation))
    return conditions


def scoped_assets(filters: ReportFilters, *, by_time: bool = False) -> ColumnElement[bool]:
    """`UsageEvent.asset_id` within the asset filters, as one uncorrelated IN.

    Evaluated once, rather than a tag/owner/type check per event row. With no
    asset filter every event about an asset counts (asset_id is a foreign
    key, so a non-null one names an existing asset). `by_time` keeps SQLite
    from answering the IN with one (asset, time) probe per scoped asset and
    time bucket, which its planner prefers but which is far slower than
    reading the bucket's range of the (kind, time) index: `asset_id + 0`
    means the same but matches no index.
    """
    conditions = asset_conditions(filters)
    if not conditions:
        return UsageEvent.asset_id.is_not(None)
    asset_id = UsageEvent.asset_id + 0 if by_time else UsageEvent.asset_id
    return asset_id.in_(select(Asset.id).where(*conditions))


def tag_slug_id(category: str, slug: str) -> ColumnElement[int]:
    return (
        select(Tag.id)
        .join(TagCategory)
        .where(TagCategory.slug == category, Tag.slug == slug)
        .scalar_subquery()
    )


def category_tags(category: str) -> Select[str]:
    return (
        select(Tag.slug)
        .join(TagCategory)
        .where(TagCategory.slug == category)
        .order_by(Tag.position, Tag.slug)
    )


def nearest_rank(n: ColumnElement[int], percent: int) -> ColumnElement[int]:
    """1-based rank of the p-th percentile among n values: ceil(p * n / 100)."""
    return (n * percent + 99) // 100


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """COUNT(*) FILTER (WHERE ...): SQLite (3.30+) and PostgreSQL both have it,
    and SQLite runs it at about half the cost of SUM(CASE ...)."""
    return func.count().filter(condition)


def as_date(value: object) -> date | None:
    """Dates come back as `date` (PostgreSQL) or ISO text (SQLite)."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])
