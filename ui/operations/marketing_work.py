"""The marketer's desktop: request queue, taxonomy, governance and user admin.

One tiny function per user action, each run on the library worker. Reads
return the library's frozen dataclasses; mutations name what they changed so
the open screens (and the seller's "My requests") refresh from one signal.
The services check permissions; the screens only hide what a role cannot use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import LibraryOp, changes, forward

if TYPE_CHECKING:
    from enablement.services.governance import AttentionRow
    from enablement.services.requests import RequestInfo
    from enablement.services.searching import Hit
    from enablement.services.synonyms import TagDetail
    from enablement.services.taxonomy import TagInfo
    from enablement.services.users import UserInfo

    from ..context import AppContext
    from ..tasks import JobContext

ACTIVE = "active"  # the queue's default filter: open and in progress


# -- request queue ---------------------------------------------------------------


def request_queue(ctx: AppContext, status: str | None = ACTIVE) -> LibraryOp[list[RequestInfo]]:
    def work(job: JobContext) -> list[RequestInfo]:
        if status == ACTIVE:
            rows = job.lib.requests.list()
            return [r for r in rows if r.status in ("open", "in-progress")]
        return job.lib.requests.list(status=status or None)

    return LibraryOp(ctx, work, label="Loading the request queue", action=False)


def assign(ctx: AppContext, request_id: int, to: str | None = None) -> LibraryOp[RequestInfo]:
    """Assign (to me when `to` is None); the request moves to "in progress"."""
    return LibraryOp(
        ctx,
        lambda job: job.lib.requests.assign(request_id, to),
        changes=forward,
        label="Assigning",
    )


def fulfil(ctx: AppContext, request_id: int, asset_id: int, note: str) -> LibraryOp[RequestInfo]:
    return LibraryOp(
        ctx,
        lambda job: job.lib.requests.fulfil(request_id, asset_id, note),
        changes=forward,
        label="Fulfilling the request",
    )


@dataclass(frozen=True)
class Fulfilled:
    request: RequestInfo
    asset_id: int
    published: bool  # False: imported as a draft the requester cannot open yet
    duplicate: bool  # the file was already in the library; that asset was linked


def import_and_fulfil(
    ctx: AppContext, request: RequestInfo, path: Path, note: str
) -> LibraryOp[Fulfilled]:
    """Import a new file tagged like the request, then fulfil the request with it."""

    def work(job: JobContext) -> Fulfilled:
        from enablement.errors import InvalidInput
        from enablement.ingest import ImportOptions

        tags = tuple(
            (category, label)
            for category, label in (("situation", request.situation), ("segment", request.segment))
            if label
        )
        publish = len(tags) == 2  # publishing needs a situation and a segment tag
        options = ImportOptions(tags=tags, publish=publish)
        [result] = job.lib.import_files([path], options, cancelled=job.cancelled)
        if result.asset_id is None:
            raise InvalidInput(f"{result.name} could not be imported: {result.reason}")
        done = job.lib.requests.fulfil(request.id, result.asset_id, note)
        info = job.lib.assets.get(result.asset_id)
        duplicate = result.status == "duplicate"
        return Fulfilled(done, result.asset_id, info.status == "published", duplicate)

    return LibraryOp(
        ctx,
        work,
        # the fulfilment names the request and the imported (or linked) asset
        changes=lambda r: r.request.changes,
        label="Importing and fulfilling",
    )


def decline(ctx: AppContext, request_id: int, reason: str) -> LibraryOp[RequestInfo]:
    return LibraryOp(
        ctx,
        lambda job: job.lib.requests.decline(request_id, reason),
        changes=forward,
        label="Declining the request",
    )


def merge(ctx: AppContext, request_id: int, into_id: int) -> LibraryOp[RequestInfo]:
    return LibraryOp(
        ctx,
        lambda job: job.lib.requests.merge(request_id, into_id),
        changes=forward,
        label="Merging requests",
    )


def find_assets(ctx: AppContext, text: str) -> LibraryOp[list[Hit]]:
    """Candidates for the fulfil picker (not logged as a seller search)."""

    def work(job: JobContext) -> list[Hit]:
        job.check()
        return list(job.lib.search(text, limit=40, as_you_type=bool(text), log=False).hits)

    return LibraryOp(ctx, work, action=False)


# -- taxonomy --------------------------------------------------------------------


def taxonomy_details(ctx: AppContext) -> LibraryOp[list[TagDetail]]:
    from enablement.services.synonyms import list_tags

    return LibraryOp(ctx, lambda job: job.lib.read(list_tags), action=False)


def category_labels(ctx: AppContext) -> LibraryOp[list[tuple[str, str]]]:
    def work(job: JobContext) -> list[tuple[str, str]]:
        return [(c.slug, c.label) for c in job.lib.taxonomy.list()]

    return LibraryOp(ctx, work, action=False)


_TAXONOMY = changes(taxonomy=True)


def add_tag(ctx: AppContext, category: str, label: str) -> LibraryOp[TagInfo]:
    return LibraryOp(
        ctx, lambda job: job.lib.taxonomy.add_tag(category, label), changes=_TAXONOMY,
        label="Adding a tag",
    )  # fmt: skip


def rename_tag(ctx: AppContext, category: str, tag: str, new_label: str) -> LibraryOp[TagInfo]:
    return LibraryOp(
        ctx, lambda job: job.lib.taxonomy.rename_tag(category, tag, new_label),
        changes=_TAXONOMY, label="Renaming a tag",
    )  # fmt: skip


def nest_tag(ctx: AppContext, category: str, tag: str, parent: str | None) -> LibraryOp[TagInfo]:
    return LibraryOp(
        ctx, lambda job: job.lib.taxonomy.nest_tag(category, tag, parent),
        changes=_TAXONOMY, label="Nesting a tag",
    )  # fmt: skip


def merge_tags(ctx: AppContext, category: str, source: str, target: str) -> LibraryOp[TagInfo]:
    return LibraryOp(
        ctx, lambda job: job.lib.taxonomy.merge_tags(category, source, target),
        changes=_TAXONOMY, label="Merging tags",
    )  # fmt: skip


def retire_tag(ctx: AppContext, category: str, tag: str) -> LibraryOp[TagInfo]:
    return LibraryOp(
        ctx, lambda job: job.lib.taxonomy.retire_tag(category, tag),
        changes=_TAXONOMY, label="Retiring a tag",
    )  # fmt: skip


def set_synonyms(
    ctx: AppContext, category: str, tag: str, lines: list[str]
) -> LibraryOp[TagDetail]:
    from enablement.services.synonyms import set_synonyms as service

    return LibraryOp(
        ctx, lambda job: job.lib.write(service, category, tag, lines),
        changes=_TAXONOMY, label="Saving synonyms",
    )  # fmt: skip


# -- governance ------------------------------------------------------------------


def needs_attention(ctx: AppContext) -> LibraryOp[list[AttentionRow]]:
    from enablement.services.governance import needs_attention as service

    return LibraryOp(ctx, lambda job: job.lib.read(service), label="Checking the library",
                     action=False)  # fmt: skip


# -- users -----------------------------------------------------------------------


def list_users(ctx: AppContext) -> LibraryOp[list[UserInfo]]:
    return LibraryOp(ctx, lambda job: job.lib.users.list(), action=False)


def segment_tags(ctx: AppContext) -> LibraryOp[list[tuple[str, str]]]:
    """(slug, label) of the segment tags a user can be given."""

    def work(job: JobContext) -> list[tuple[str, str]]:
        for category in job.lib.taxonomy.list():
            if category.slug == "segment":
                return [(t.slug, t.label) for t in category.tags if not t.retired]
        return []

    return LibraryOp(ctx, work, action=False)


_USERS = changes(users=True)


def add_user(
    ctx: AppContext, name: str, role: str, display_name: str, segments: tuple[str, ...]
) -> LibraryOp[UserInfo]:
    return LibraryOp(
        ctx,
        lambda job: job.lib.users.add(name, role, display_name=display_name, segments=segments),
        changes=_USERS,
        label="Adding a user",
    )


def set_role(ctx: AppContext, name: str, role: str) -> LibraryOp[UserInfo]:
    return LibraryOp(
        ctx, lambda job: job.lib.users.set_role(name, role), changes=_USERS, label="Changing role"
    )
