"""Assembled views: "new for me" and call prep (best-rated, most-used, fresh)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import LibraryOp

if TYPE_CHECKING:
    from enablement.services.searching import Hit

    from ..context import AppContext
    from ..tasks import JobContext


def new_for_me(ctx: AppContext, segments: tuple[str, ...]) -> LibraryOp[list[Hit]]:
    """Assets published or updated in the last 30 days for my segments, newest first."""

    def work(job: JobContext) -> list[Hit]:
        filters = {"segment": list(segments)} if segments else None
        found = job.lib.search("", filters=filters, sort="newest", limit=100, log=False)
        return [hit for hit in found.hits if hit.is_new]

    return LibraryOp(ctx, work, label="Looking for new material", action=False)


@dataclass(frozen=True)
class CallPrep:
    filters: dict[str, list[str]]
    hits: tuple[Hit, ...]  # best-rated first, then most-used, then freshest; no repeats
    reasons: dict[int, str]  # why each asset is in the kit


def call_prep(
    ctx: AppContext, filters: dict[str, list[str]], per_list: int = 8
) -> LibraryOp[CallPrep]:
    def work(job: JobContext) -> CallPrep:
        seen: dict[int, Hit] = {}
        reasons: dict[int, str] = {}
        for sort, reason in (("rating", "best rated"), ("usage", "most used"), ("newest", "fresh")):
            job.check()
            found = job.lib.search("", filters=filters, sort=sort, limit=per_list, log=False)
            for hit in found.hits:
                if hit.asset_id not in seen:
                    seen[hit.asset_id] = hit
                    reasons[hit.asset_id] = reason
        return CallPrep(filters, tuple(seen.values()), reasons)

    return LibraryOp(ctx, work, label="Preparing the call", action=False)
