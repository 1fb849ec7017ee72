"""Pitch kits (collections): create, add, remove, reorder, export as folder or zip."""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import LibraryOp, forward

if TYPE_CHECKING:
    from enablement.changes import Changes
    from enablement.services.collections import CollectionInfo

    from ..context import AppContext
    from ..tasks import JobContext


@dataclass(frozen=True)
class KitItem:
    asset_id: int
    title: str
    kind: str


@dataclass(frozen=True)
class KitView:
    kit: CollectionInfo
    items: tuple[KitItem, ...]
    changes: Changes  # what the action changed; nothing for a plain load


def list_kits(ctx: AppContext) -> LibraryOp[list[CollectionInfo]]:
    return LibraryOp(ctx, lambda job: job.lib.collections.list(), action=False)


def load_kit(ctx: AppContext, kit_id: int) -> LibraryOp[KitView]:
    def work(job: JobContext) -> KitView:
        kit = job.lib.collections.get(kit_id)
        return _view(job, kit)

    return LibraryOp(ctx, work, action=False)


def _view(job: JobContext, kit: CollectionInfo, changes: Changes | None = None) -> KitView:
    items = []
    for asset_id in kit.asset_ids:
        info = job.lib.assets.get(asset_id)
        items.append(KitItem(asset_id, info.title, info.kind))
    return KitView(kit, tuple(items), kit.changes if changes is None else changes)


def create_kit(ctx: AppContext, name: str, shared: bool) -> LibraryOp[KitView]:
    return LibraryOp(
        ctx,
        lambda job: _view(job, job.lib.collections.create(name, shared=shared)),
        changes=forward,
        label="Creating kit",
    )


def add_to_kit(ctx: AppContext, kit_id: int, asset_ids: list[int]) -> LibraryOp[KitView]:
    def work(job: JobContext) -> KitView:
        kit = job.lib.collections.get(kit_id)
        changed = kit.changes
        for asset_id in asset_ids:
            kit = job.lib.collections.add(kit_id, asset_id)
            changed |= kit.changes
        return _view(job, kit, changed)

    return LibraryOp(ctx, work, changes=forward, label="Adding to kit")


def remove_from_kit(ctx: AppContext, kit_id: int, asset_id: int) -> LibraryOp[KitView]:
    return LibraryOp(
        ctx,
        lambda job: _view(job, job.lib.collections.remove(kit_id, asset_id)),
        changes=forward,
        label="Removing from kit",
    )


def reorder_kit(ctx: AppContext, kit_id: int, asset_ids: list[int]) -> LibraryOp[KitView]:
    return LibraryOp(
        ctx,
        lambda job: _view(job, job.lib.collections.reorder(kit_id, asset_ids)),
        changes=forward,
        label="Reordering kit",
    )


def export_kit(ctx: AppContext, kit_id: int, target: Path, *, as_zip: bool) -> LibraryOp[Path]:
    """Export every file of the kit into a folder, or into one zip with safe member names."""

    def work(job: JobContext) -> Path:
        kit = job.lib.collections.get(kit_id)
        total = len(kit.asset_ids)
        if not as_zip:
            target.mkdir(parents=True, exist_ok=True)
            _export_all(job, kit.asset_ids, target, total)
            return target
        with tempfile.TemporaryDirectory(prefix="enablement-kit-") as scratch:
            files = _export_all(job, kit.asset_ids, Path(scratch), total)
            partial = target.with_name(target.name + ".part")
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                for position, path in enumerate(files, start=1):
                    # exported names are already safe single components; number them in kit order
                    archive.write(path, arcname=f"{position:02d} {path.name}")
            partial.replace(target)
        return target

    return LibraryOp(ctx, work, label="Exporting kit", cancellable=True)


def _export_all(
    job: JobContext, asset_ids: tuple[int, ...], folder: Path, total: int
) -> list[Path]:
    files = []
    for done, asset_id in enumerate(asset_ids):
        job.check()
        job.progress(done, total, "Exporting kit")
        files.append(job.lib.assets.export(asset_id, folder, kind="export"))
    job.progress(total, total, "Exported kit")
    return files
