"""The report registry and the one service entry that runs a report.

`run_report` is where permission and filter checks live, so the UI, the CLI
and the tests all get the same refusal for a seller and the same clear error
for a misspelt tag or owner, instead of an empty report that looks like news.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import InvalidInput, NotFound
from ..models import Tag, TagCategory, User
from ..permissions import Action, Actor
from . import assets, coverage, requests, searches, sql
from .model import Report, ReportFilters, ReportSpec

_ASSET = frozenset({"segment", "situation", "owner", "type", "roles"})

REPORTS: dict[str, ReportSpec] = {
    spec.name: spec
    for spec in (
        ReportSpec(
            "usage",
            "Usage",
            "Views, opens and exports per asset over time; top and bottom assets.",
            assets.usage,
            _ASSET | {"bucket"},
        ),
        ReportSpec(
            "unused",
            "Unused",
            "Published assets with no use in N days, by owner and "
            "age, and their share of the library.",
            assets.unused,
            _ASSET | {"days"},
        ),
        ReportSpec(
            "ratings",
            "Ratings",
            "Average and 1–5 distribution per asset, lowest first, "
            "with comments and outcomes; --situation is the rated situation.",
            assets.ratings,
            _ASSET - {"roles"},
        ),
        ReportSpec(
            "search-gaps",
            "Search gaps",
            "Searches with no results or nothing opened, "
            "by normalized query, with the usual filters.",
            searches.search_gaps,
            frozenset({"segment", "situation", "type", "roles"}),
        ),
        ReportSpec(
            "requests",
            "Requests",
            "Requests by status, situation, segment and age; "
            "time to fulfil; top requesters; +1 deflection.",
            requests.requests,
            frozenset({"segment", "situation"}),
        ),
        ReportSpec(
            "coverage",
            "Coverage",
            "Situation × segment grid of published assets, "
            "use, open requests and zero-result searches.",
            coverage.coverage,
            _ASSET,
        ),
        ReportSpec(
            "adoption",
            "Adoption",
            "Active sellers per week, searches per seller and "
            "the share of searches ending in a use.",
            searches.adoption,
            frozenset({"segment"}),
        ),
    )
}


def get_spec(name: str) -> ReportSpec:
    try:
        return REPORTS[name]
    except KeyError:
        known = ", ".join(REPORTS)
        raise NotFound(f"there is no report '{name}'; the reports are {known}") from None


def check_filters(session: Session, filters: ReportFilters) -> None:
    """Refuse filters that name nothing, rather than return an empty report."""
    if filters.since and filters.until and filters.since > filters.until:
        raise InvalidInput("--since must be on or before --until")
    if filters.days < 1:
        raise InvalidInput("--days must be at least 1")
    for category in ("segment", "situation"):
        slug = getattr(filters, category)
        if slug is None:
            continue
        found = session.scalar(
            select(Tag.id).join(TagCategory).where(TagCategory.slug == category, Tag.slug == slug)
        )
        if found is None:
            known = session.scalars(
                select(Tag.slug).join(TagCategory).where(TagCategory.slug == category)
            )
            raise InvalidInput(f"no {category} tag '{slug}'; known: {', '.join(known)}")
    if filters.owner and session.scalar(select(User.id).where(User.name == filters.owner)) is None:
        raise InvalidInput(f"no user '{filters.owner}'")


def run_report(session: Session, actor: Actor, name: str, filters: ReportFilters) -> Report:
    actor.require(Action.VIEW_REPORTS)
    spec = get_spec(name)
    check_filters(session, filters)
    with sql.report_settings(session):
        return spec.run(session, filters)
