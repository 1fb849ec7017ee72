"""Searching: as-you-type lookups (not logged) and committed searches (logged)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import LibraryOp

if TYPE_CHECKING:
    from enablement.services.searching import Outcome

    from ..context import AppContext
    from ..tasks import JobContext

SORTS: tuple[tuple[str, str], ...] = (
    ("relevance", "Relevance"),
    ("newest", "Newest"),
    ("rating", "Best rated"),
    ("usage", "Most used"),
)


@dataclass(frozen=True)
class Query:
    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    limit: int = 50

    def clean_filters(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.filters.items() if v}


def search(
    ctx: AppContext, query: Query, *, as_you_type: bool, log: bool = True
) -> LibraryOp[Outcome]:
    def work(job: JobContext) -> Outcome:
        job.check()  # a newer query was typed while this one waited
        return job.lib.search(
            query.text,
            filters=query.clean_filters(),
            sort=query.sort,
            limit=query.limit,
            as_you_type=as_you_type,
            log=log and not as_you_type,
        )

    return LibraryOp(ctx, work, label="Searching", action=False)
