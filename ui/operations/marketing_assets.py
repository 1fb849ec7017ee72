"""The marketer's actions on assets: import, edit, new version, bulk edit, suggested tags.

Each function is one user action run on the library worker. Imports run as a
sequence of small batches (`import_batch`), each its own job, so a search or a
preview asked for meanwhile waits for one batch at most, never for the whole
folder. An editor save is one transaction (fields, tags and status together),
so a refused publish leaves nothing half-saved.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import LibraryOp, changes, forward

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from enablement.changes import Changes
    from enablement.ingest import ImportResult
    from enablement.permissions import Actor
    from enablement.services.assets import AssetInfo, AssetSnapshot, BulkChange
    from enablement.services.suggestions import KeywordRules, Suggestion
    from enablement.services.taxonomy import CategoryInfo
    from enablement.services.users import UserInfo

    from ..context import AppContext
    from ..tasks import JobContext

Pair = tuple[str, str]  # (category slug, tag label)
IMPORT_BATCH = 4  # files per worker job; small enough to let other actions in between


# -- import ----------------------------------------------------------------------


def expand_import(ctx: AppContext, paths: Sequence[Path]) -> LibraryOp[list[Path]]:
    """The files to import: folders walked (sorted, links not followed) off the UI thread."""

    def work(job: JobContext) -> list[Path]:
        from enablement.ingest import expand_paths

        files = []
        for path in expand_paths(paths):
            job.check()
            files.append(path)
        return files

    return LibraryOp(ctx, work, label="Looking for files")


@dataclass(frozen=True)
class ImportSettings:
    tags: tuple[Pair, ...] = ()
    publish: bool = False


def import_batch(
    ctx: AppContext,
    files: Sequence[Path],
    settings: ImportSettings,
    *,
    done_before: int,
    total: int,
    stop: Callable[[], bool],
) -> LibraryOp[list[ImportResult]]:
    """Import a few files; `stop` (the whole run's cancel) is checked between files."""

    def work(job: JobContext) -> list[ImportResult]:
        from enablement.ingest import ImportOptions, ImportProgress

        def progress(p: ImportProgress) -> None:
            job.progress(done_before + p.done, total, p.current)

        job.progress(done_before, total, os.path.basename(files[0]) if files else "")
        return job.lib.import_files(
            list(files),
            ImportOptions(tags=settings.tags, publish=settings.publish),
            progress=progress,
            cancelled=lambda: stop() or job.cancelled(),
        )

    return LibraryOp(
        ctx,
        work,
        changes=lambda results: changes(
            assets=frozenset(r.asset_id for r in results if r.asset_id is not None)
        ),
        label="Importing",
        cancellable=True,
    )


# -- the editor ------------------------------------------------------------------


@dataclass(frozen=True)
class EditorData:
    info: AssetInfo
    users: tuple[UserInfo, ...]
    taxonomy: tuple[CategoryInfo, ...]


def load_for_editing(ctx: AppContext, asset_id: int) -> LibraryOp[EditorData]:
    def work(job: JobContext) -> EditorData:
        lib = job.lib
        return EditorData(
            lib.assets.get(asset_id), tuple(lib.users.list()), tuple(lib.taxonomy.list())
        )

    return LibraryOp(ctx, work, label="Opening the editor")


@dataclass(frozen=True)
class AssetEdit:
    title: str
    description: str
    owner: str
    audience: str
    review_by: date | None
    tags: frozenset[Pair]
    status: str
    expected_version: int


def _save(session: Session, actor: Actor, asset_id: int, edit: AssetEdit) -> AssetInfo:
    """Fields, then tags, then status, in the one transaction `Library.write` opened."""
    from enablement.services import assets

    before = assets.get(session, actor, asset_id)
    assets.update(
        session,
        actor,
        asset_id,
        title=edit.title,
        description=edit.description,
        review_by=edit.review_by,
        clear_review_by=edit.review_by is None,
        audience=edit.audience,
        owner=edit.owner or None,
        expected_version=edit.expected_version,
    )
    had = {(c, t) for c, labels in before.tags.items() for t in labels}
    add, remove = sorted(edit.tags - had), sorted(had - edit.tags)
    if add or remove:
        assets.retag(session, actor, asset_id, add, remove)
    if edit.status != before.status:
        assets.set_status(session, actor, asset_id, edit.status)
    return assets.get(session, actor, asset_id)


def save_asset(ctx: AppContext, asset_id: int, edit: AssetEdit) -> LibraryOp[AssetInfo]:
    return LibraryOp(
        ctx,
        lambda job: job.lib.write(_save, asset_id, edit),
        changes=changes(assets=frozenset({asset_id})),
        label="Saving",
    )


def replace_file(
    ctx: AppContext, asset_id: int, path: Path, note: str
) -> LibraryOp[tuple[ImportResult, AssetInfo]]:
    """A new version of the asset from `path`, with a change note."""

    def work(job: JobContext) -> tuple[ImportResult, AssetInfo]:
        from enablement.ingest import ImportOptions

        [result] = job.lib.import_files(
            [path], ImportOptions(replace=asset_id, change_note=note.strip())
        )
        return result, job.lib.assets.get(asset_id)

    return LibraryOp(
        ctx, work, changes=changes(assets=frozenset({asset_id})), label="Adding a version"
    )


# -- bulk edit -------------------------------------------------------------------


@dataclass(frozen=True)
class BulkData:
    users: tuple[UserInfo, ...]
    taxonomy: tuple[CategoryInfo, ...]
    titles: dict[int, str] = field(default_factory=dict)


def load_for_bulk(ctx: AppContext, asset_ids: Sequence[int]) -> LibraryOp[BulkData]:
    def work(job: JobContext) -> BulkData:
        lib = job.lib
        from enablement.services.assets import get_many

        infos = lib.read(get_many, list(asset_ids))
        return BulkData(
            tuple(lib.users.list()),
            tuple(lib.taxonomy.list()),
            {i: infos[i].title for i in asset_ids if i in infos},
        )

    return LibraryOp(ctx, work, label="Preparing bulk edit")


def bulk_edit(
    ctx: AppContext, asset_ids: Sequence[int], change: BulkChange
) -> LibraryOp[list[AssetSnapshot]]:
    ids = list(asset_ids)
    return LibraryOp(
        ctx,
        lambda job: job.lib.assets.bulk_update(ids, change),
        changes=changes(assets=frozenset(ids)),
        label="Bulk edit",
    )


def undo_bulk(ctx: AppContext, snapshots: list[AssetSnapshot]) -> LibraryOp[None]:
    return LibraryOp(
        ctx,
        lambda job: job.lib.assets.undo_bulk(snapshots),
        changes=changes(assets=frozenset(s.asset_id for s in snapshots)),
        label="Undoing bulk edit",
    )


# -- suggested tags --------------------------------------------------------------


def suggest_tags(ctx: AppContext, asset_ids: Sequence[int]) -> LibraryOp[list[Suggestion]]:
    def work(job: JobContext) -> list[Suggestion]:
        from enablement.services.suggestions import suggest

        return job.lib.read(suggest, list(asset_ids))

    return LibraryOp(ctx, work, label="Looking for tags")


def accept_suggestions(
    ctx: AppContext, picks: Sequence[tuple[int, str, str]]
) -> LibraryOp[Changes]:
    def work(job: JobContext) -> Changes:
        from enablement.services.suggestions import accept

        return job.lib.write(accept, list(picks))

    return LibraryOp(ctx, work, changes=forward, label="Adding tags")


def reject_suggestions(
    ctx: AppContext, picks: Sequence[tuple[int, str, str]]
) -> LibraryOp[Changes]:
    """Record the rejections, so they stay rejected after the library is reopened."""

    def work(job: JobContext) -> Changes:
        from enablement.services.suggestions import reject

        return job.lib.write(reject, list(picks))

    return LibraryOp(ctx, work, changes=forward, label="Rejecting tags")


def keyword_rules(ctx: AppContext) -> LibraryOp[list[KeywordRules]]:
    def work(job: JobContext) -> list[KeywordRules]:
        from enablement.services.suggestions import keyword_rules as rules

        return job.lib.read(rules)

    return LibraryOp(ctx, work, action=False)


def set_keywords(
    ctx: AppContext, category: str, tag: str, lines: list[str]
) -> LibraryOp[KeywordRules]:
    def work(job: JobContext) -> KeywordRules:
        from enablement.services.suggestions import set_keywords as save

        return job.lib.write(save, category, tag, lines)

    return LibraryOp(ctx, work, changes=forward, label="Saving keyword rules")
