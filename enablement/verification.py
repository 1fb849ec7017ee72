"""Checking that catalogue, blobs and search index agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from content_store import Digest
from content_store import verify as verify_store

from .models import Asset, AssetVersion

if TYPE_CHECKING:
    from .library import Library


def verify_library(library: Library) -> list[dict[str, object]]:
    problems: list[dict[str, object]] = []
    with library.reader() as session:
        rows = session.execute(select(AssetVersion.blob_digest, AssetVersion.asset_id)).all()
        assets = session.scalars(select(Asset)).all()
        # Every asset is indexed whatever its status; visibility is applied
        # at query time, so a publish never has to wait for a re-index.
        expected_in_index = {a.id for a in assets}
    owners: dict[str, int] = {}
    for digest, asset_id in rows:
        owners.setdefault(digest, asset_id)
    for problem in verify_store(library.store, [Digest.parse(d) for d in owners]):
        problems.append(
            {
                "kind": f"blob-{problem.kind}",
                "asset_id": owners.get(problem.digest),
                # an orphan has no asset to name it by: name the blob itself
                "detail": problem.detail
                if problem.kind != "orphaned"
                else f"blob {problem.digest} is stored but no asset uses it",
            }
        )
    library.indexer.sync()
    indexed = library.index.indexed_ids()
    for asset_id in sorted(expected_in_index - indexed):
        problems.append(
            {"kind": "index-missing", "asset_id": asset_id, "detail": "not in the search index"}
        )
    for asset_id in sorted(indexed - expected_in_index):
        problems.append(
            {
                "kind": "index-stale",
                "asset_id": asset_id,
                "detail": "in the search index but not in the catalogue",
            }
        )
    return problems
