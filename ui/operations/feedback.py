"""Rating an asset and filing, +1-ing and following material requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from . import LibraryOp, forward

if TYPE_CHECKING:
    from enablement.services.feedback import RatingInfo
    from enablement.services.requests import RequestInfo
    from enablement.services.searching import Hit

    from ..context import AppContext
    from ..tasks import JobContext


def my_rating(ctx: AppContext, asset_id: int) -> LibraryOp[RatingInfo | None]:
    def work(job: JobContext) -> RatingInfo | None:
        from enablement.offline import Offline

        try:
            return job.lib.ratings.mine(asset_id)
        except Offline:
            return None  # a team library offline: rate afresh, sent when back online

    return LibraryOp(ctx, work, action=False)


def rate(
    ctx: AppContext,
    asset_id: int,
    stars: int,
    *,
    comment: str,
    situation: str | None,
    outcome: str,
) -> LibraryOp[RatingInfo]:
    def work(job: JobContext) -> RatingInfo:
        return job.lib.ratings.rate(
            asset_id, stars, comment=comment, situation=situation, outcome=outcome
        )

    return LibraryOp(ctx, work, changes=forward, label="Saving rating")


@dataclass(frozen=True)
class Deflection:
    text: str
    assets: tuple[Hit, ...]
    requests: tuple[RequestInfo, ...]


def deflect(
    ctx: AppContext, text: str, filters: dict[str, list[str]] | None = None
) -> LibraryOp[Deflection]:
    """Existing materials and open requests that match what is being asked for."""

    def work(job: JobContext) -> Deflection:
        job.check()
        lib = job.lib
        if not text.strip():
            return Deflection(text, (), ())
        found = lib.search(text, filters=filters or None, limit=5, as_you_type=True, log=False)
        if not found.hits and filters:
            found = lib.search(text, limit=5, as_you_type=True, log=False)
        from enablement.offline import Offline

        try:
            similar = tuple(lib.requests.similar(text, 5))
        except Offline:
            similar = ()  # a team library offline: open requests live in the database
        return Deflection(text, found.hits, similar)

    return LibraryOp(ctx, work, action=False)


def create_request(
    ctx: AppContext,
    title: str,
    *,
    details: str,
    situation: str | None,
    segment: str | None,
    needed_by: date | None,
) -> LibraryOp[RequestInfo]:
    def work(job: JobContext) -> RequestInfo:
        return job.lib.requests.create(
            title, details=details, situation=situation, segment=segment, needed_by=needed_by
        )

    return LibraryOp(ctx, work, changes=forward, label="Filing request")


def vote(ctx: AppContext, request_id: int) -> LibraryOp[RequestInfo]:
    return LibraryOp(
        ctx,
        lambda job: job.lib.requests.vote(request_id),
        changes=forward,
        label="Adding your +1",
    )


def my_requests(ctx: AppContext) -> LibraryOp[list[RequestInfo]]:
    return LibraryOp(ctx, lambda job: job.lib.requests.list(mine=True), action=False)


def mark_requests_seen(ctx: AppContext) -> LibraryOp[None]:
    return LibraryOp(ctx, lambda job: job.lib.requests.mark_seen(), action=False)
