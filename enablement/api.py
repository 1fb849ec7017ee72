"""The library's sub-APIs: one short method per use case.

Each method opens one session through the `Library`, calls a service and
returns plain frozen dataclasses, never live ORM objects. The results of the
rating, request, kit and suggestion mutations carry what they changed
(`result.changes`, an `enablement.changes.Changes`), also when team mode
queues the action offline.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from content_store import Digest, StoreError

from .errors import NotFound, StorageProblem
from .exporting import free_destination, safe_file_name
from .offline import Offline
from .reports import Report, ReportFilters, run_report
from .services import assets, collections, feedback, requests, searching, taxonomy, users

if TYPE_CHECKING:
    from .library import Library


class _Api:
    def __init__(self, library: Library) -> None:
        self._lib = library


class AssetsApi(_Api):
    def list(self, status: str | None = None) -> builtins.list[assets.AssetInfo]:
        return self._lib.read(assets.list_assets, status)

    def get(self, asset_id: int) -> assets.AssetInfo:
        if self._lib.offline is not None:  # team mode: last known details when offline
            return self._lib.offline.asset(asset_id, lambda: self._lib.read(assets.get, asset_id))
        return self._lib.read(assets.get, asset_id)

    def count(self) -> int:
        return self._lib.read(assets.count)

    def update(
        self,
        asset_id: int,
        *,
        title: str | None = None,
        description: str | None = None,
        review_by: date | None = None,
        clear_review_by: bool = False,
        audience: str | None = None,
        owner: str | None = None,
        expected_version: int | None = None,
    ) -> assets.AssetInfo:
        return self._lib.write(
            assets.update,
            asset_id,
            title=title,
            description=description,
            review_by=review_by,
            clear_review_by=clear_review_by,
            audience=audience,
            owner=owner,
            expected_version=expected_version,
        )

    def tag(
        self,
        asset_id: int,
        add: Sequence[tuple[str, str]] = (),
        remove: Sequence[tuple[str, str]] = (),
    ) -> assets.AssetInfo:
        return self._lib.write(assets.retag, asset_id, add, remove)

    def publish(self, asset_id: int) -> assets.AssetInfo:
        return self._lib.write(assets.set_status, asset_id, "published")

    def archive(self, asset_id: int) -> assets.AssetInfo:
        return self._lib.write(assets.set_status, asset_id, "archived")

    def set_status(self, asset_id: int, status: str) -> assets.AssetInfo:
        return self._lib.write(assets.set_status, asset_id, status)

    def bulk_update(
        self, asset_ids: Sequence[int], change: assets.BulkChange
    ) -> builtins.list[assets.AssetSnapshot]:
        return self._lib.write(assets.bulk_update, list(asset_ids), change)

    def undo_bulk(self, snapshots: builtins.list[assets.AssetSnapshot]) -> None:
        self._lib.write(assets.restore, snapshots)

    def bulk_tag_query(
        self,
        query: str,
        add: Sequence[tuple[str, str]],
        remove: Sequence[tuple[str, str]] = (),
    ) -> builtins.list[int]:
        """Tag every asset a search finds, in one transaction."""
        ids: list[int] = []
        offset = 0
        while True:
            page = self._lib.search(query, limit=200, offset=offset, log=False)
            ids.extend(h.asset_id for h in page.hits)
            offset += 200
            if offset >= page.total or not page.hits:
                break
        if ids:
            self.bulk_update(ids, assets.BulkChange(add=tuple(add), remove=tuple(remove)))
        return ids

    def file_path(self, asset_id: int) -> Path:
        """A verified local copy of the current version's file, for preview."""
        info = self.get(asset_id)
        if info.current is None:
            raise NotFound(f"asset {asset_id} has no file")
        return self._lib.blob_path(info.current.digest)

    def export(self, asset_id: int, folder: Path, *, kind: str = "export") -> Path:
        """Copy the current file into `folder` under a safe, unused name."""
        info = self.get(asset_id)
        version = info.current
        if version is None:
            raise NotFound(f"asset {asset_id} has no file")
        name = safe_file_name(version.filename, f"asset-{asset_id}")
        destination = free_destination(folder, name)
        try:
            self._lib.store.export(Digest.parse(version.digest), destination)
        except StoreError as exc:
            raise StorageProblem(f"'{info.title}' could not be exported: {exc}") from exc
        self._lib.usage.record(kind, asset_id=asset_id)
        return destination


class SearchApi(_Api):
    def __call__(
        self,
        text: str,
        *,
        filters: Mapping[str, Sequence[str]] | None = None,
        sort: str = "relevance",
        limit: int = 20,
        offset: int = 0,
        as_you_type: bool = False,
        log: bool = True,
    ) -> searching.Outcome:
        lib = self._lib
        if lib.offline is not None:  # team mode: the local index alone when offline
            try:
                return lib.offline.attempt(
                    lambda: self._online(text, filters, sort, limit, offset, as_you_type, log)
                )
            except Offline:
                return lib.offline.search(
                    text, filters=filters, sort=sort, limit=limit, offset=offset,
                    as_you_type=as_you_type, log=log,
                )  # fmt: skip
        return self._online(text, filters, sort, limit, offset, as_you_type, log)

    def _online(
        self,
        text: str,
        filters: Mapping[str, Sequence[str]] | None,
        sort: str,
        limit: int,
        offset: int,
        as_you_type: bool,
        log: bool,
    ) -> searching.Outcome:
        lib = self._lib
        # Read-only: the search event goes to the batched usage log, so a
        # search never opens a write transaction nor waits for the writer.
        with lib.reader() as session:
            return searching.search(
                session,
                lib.actor,
                lib.index,
                lib.indexer.page_text,
                text,
                filters=filters,
                sort=sort,
                limit=limit,
                offset=offset,
                as_you_type=as_you_type,
                log=lib.usage_log if log else None,
            )


class TaxonomyApi(_Api):
    def list(self) -> builtins.list[taxonomy.CategoryInfo]:
        return self._lib.read(taxonomy.list_taxonomy)

    def add_tag(self, category: str, label: str) -> taxonomy.TagInfo:
        return self._lib.write(taxonomy.add_tag, category, label)

    def rename_tag(self, category: str, tag: str, new_label: str) -> taxonomy.TagInfo:
        return self._lib.write(taxonomy.rename_tag, category, tag, new_label)

    def merge_tags(self, category: str, source: str, target: str) -> taxonomy.TagInfo:
        return self._lib.write(taxonomy.merge_tags, category, source, target)

    def retire_tag(self, category: str, tag: str) -> taxonomy.TagInfo:
        return self._lib.write(taxonomy.retire_tag, category, tag)

    def nest_tag(self, category: str, tag: str, parent: str | None) -> taxonomy.TagInfo:
        return self._lib.write(taxonomy.nest_tag, category, tag, parent)

    def usage_counts(self) -> dict[int, int]:
        return self._lib.read(taxonomy.tag_usage)


class UsersApi(_Api):
    def list(self) -> builtins.list[users.UserInfo]:
        return self._lib.read(users.list_users)

    def me(self) -> users.UserInfo:
        return self._lib.read(users.me)

    def count(self) -> int:
        return self._lib.read(users.count)

    def add(
        self, name: str, role: str, *, display_name: str = "", segments: tuple[str, ...] = ()
    ) -> users.UserInfo:
        return self._lib.write(
            users.add_user, name, role, display_name=display_name, segments=segments
        )

    def set_role(self, name: str, role: str) -> users.UserInfo:
        return self._lib.write(users.set_role, name, role)


class RatingsApi(_Api):
    def rate(
        self,
        asset_id: int,
        stars: int,
        *,
        comment: str = "",
        situation: str | None = None,
        outcome: str = "",
    ) -> feedback.RatingInfo:
        try:
            return self._lib.write(
                feedback.rate, asset_id, stars, comment=comment, situation=situation,
                outcome=outcome,
            )  # fmt: skip
        except Offline:
            if self._lib.offline is None:
                raise
            return feedback.rated(
                self._lib.offline.queue_rating(
                    asset_id, stars, comment=comment, situation=situation, outcome=outcome
                )
            )

    def mine(self, asset_id: int) -> feedback.RatingInfo | None:
        return self._lib.read(feedback.my_rating, asset_id)


class RequestsApi(_Api):
    def create(
        self,
        title: str,
        *,
        details: str = "",
        situation: str | None = None,
        segment: str | None = None,
        needed_by: date | None = None,
    ) -> requests.RequestInfo:
        try:
            return self._lib.write(
                requests.create,
                title,
                details=details,
                situation=situation,
                segment=segment,
                needed_by=needed_by,
            )
        except Offline:  # queued on this computer: status 'queued', sent when back online
            if self._lib.offline is None:
                raise
            queued = self._lib.offline.queue_request(
                title, details=details, situation=situation, segment=segment, needed_by=needed_by
            )
            return requests.changed(queued)

    def similar(self, text: str, limit: int = 5) -> builtins.list[requests.RequestInfo]:
        return self._lib.read(requests.similar, text, limit)

    def vote(self, request_id: int) -> requests.RequestInfo:
        return self._lib.write(requests.vote, request_id)

    def list(
        self, *, mine: bool = False, status: str | None = None
    ) -> builtins.list[requests.RequestInfo]:
        return self._lib.read(requests.list_requests, mine=mine, status=status)

    def get(self, request_id: int) -> requests.RequestInfo:
        return self._lib.read(requests.get, request_id)

    def mark_seen(self) -> None:
        """Not a change to any request (returns no `Changes`): only "changed" flags clear."""
        self._lib.write(requests.mark_seen)

    def assign(self, request_id: int, to: str | None = None) -> requests.RequestInfo:
        return self._lib.write(requests.assign, request_id, to)

    def fulfil(self, request_id: int, asset_id: int, note: str = "") -> requests.RequestInfo:
        return self._lib.write(requests.fulfil, request_id, asset_id, note)

    def decline(self, request_id: int, reason: str) -> requests.RequestInfo:
        return self._lib.write(requests.decline, request_id, reason)

    def merge(self, request_id: int, into_id: int) -> requests.RequestInfo:
        return self._lib.write(requests.merge, request_id, into_id)


class CollectionsApi(_Api):
    def list(self) -> builtins.list[collections.CollectionInfo]:
        return self._lib.read(collections.list_visible)

    def get(self, kit_id: int) -> collections.CollectionInfo:
        return self._lib.read(collections.get, kit_id)

    def create(self, name: str, *, shared: bool = False) -> collections.CollectionInfo:
        return self._lib.write(collections.create, name, shared=shared)

    def add(self, kit_id: int, asset_id: int) -> collections.CollectionInfo:
        return self._lib.write(collections.add, kit_id, asset_id)

    def remove(self, kit_id: int, asset_id: int) -> collections.CollectionInfo:
        return self._lib.write(collections.remove, kit_id, asset_id)

    def reorder(self, kit_id: int, asset_ids: builtins.list[int]) -> collections.CollectionInfo:
        return self._lib.write(collections.reorder, kit_id, asset_ids)


class UsageApi(_Api):
    def record(
        self,
        kind: str,
        *,
        asset_id: int | None = None,
        version_id: int | None = None,
        search_key: str | None = None,
        rank: int | None = None,
    ) -> None:
        """Queue a usage event; it reaches the database in the next batch."""
        lib = self._lib
        if asset_id is not None and version_id is None:
            # Also proves the asset is visible to this person before logging.
            current = lib.assets.get(asset_id).current
            version_id = current.id if current else None
        lib.usage_log.record(
            lib.actor,
            kind,
            asset_id=asset_id,
            version_id=version_id,
            search_key=search_key,
            rank=rank,
        )

    def flush(self) -> None:
        self._lib.usage_log.flush()


class ReportsApi(_Api):
    def run(self, name: str, filters: ReportFilters) -> Report:
        return self._lib.read(run_report, name, filters)
