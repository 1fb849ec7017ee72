"""Using an asset: preview, open in its application, export, drag out, usage events."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import LibraryOp

if TYPE_CHECKING:
    from enablement.services.assets import AssetInfo

    from ..context import AppContext
    from ..tasks import JobContext


@dataclass(frozen=True)
class PreviewData:
    info: AssetInfo
    path: Path  # verified local file (read-only blob); never hand it out
    pages: tuple[str, ...]  # page / slide texts for non-PDF previews
    drag_copy: Path  # a temporary copy under the file's safe name, for drag-out


def preview(ctx: AppContext, asset_id: int) -> LibraryOp[PreviewData]:
    def work(job: JobContext) -> PreviewData:
        job.check()
        lib = job.lib
        info = lib.assets.get(asset_id)
        path = lib.assets.file_path(asset_id)
        pages = () if info.kind == "pdf" else tuple(_page_text(job, asset_id))
        lib.usage.record("view", asset_id=asset_id)
        return PreviewData(info, path, pages, _drag_copy(ctx, info, path))

    return LibraryOp(ctx, work, label="Loading preview", action=False)


def _page_text(job: JobContext, asset_id: int) -> list[str]:
    """The page texts; offline, the copy kept when this asset was last previewed."""
    lib = job.lib
    if lib.offline is None:
        return lib.indexer.page_text(asset_id)
    from enablement.offline import Offline

    try:
        return lib.offline.page_text(asset_id, lambda: lib.indexer.page_text(asset_id))
    except Offline:
        return []  # not previewed online before: the file itself still opens


def _drag_copy(ctx: AppContext, info: AssetInfo, path: Path) -> Path:
    from enablement.exporting import safe_file_name

    name = safe_file_name(info.current.filename if info.current else "", f"asset-{info.id}")
    folder = Path(temp_dir(ctx)) / "drag" / str(info.id)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        shutil.copyfile(path, target)
    return target


def temp_dir(ctx: AppContext) -> str:
    if not ctx.temp_dirs:
        ctx.temp_dirs.append(tempfile.mkdtemp(prefix="enablement-"))
    return ctx.temp_dirs[0]


def record_click(
    ctx: AppContext, asset_id: int, search_key: str | None, rank: int
) -> LibraryOp[None]:
    def work(job: JobContext) -> None:
        job.lib.usage.record("click", asset_id=asset_id, search_key=search_key, rank=rank)

    return LibraryOp(ctx, work, action=False)


def record_drag_out(ctx: AppContext, asset_id: int) -> LibraryOp[None]:
    def work(job: JobContext) -> None:
        job.lib.usage.record("drag-out", asset_id=asset_id)

    return LibraryOp(ctx, work, action=False)


def export_for_opening(ctx: AppContext, asset_id: int) -> LibraryOp[Path]:
    """A fresh temp copy to hand to the system application (recorded as 'open')."""

    def work(job: JobContext) -> Path:
        folder = Path(temp_dir(ctx)) / "open"
        folder.mkdir(parents=True, exist_ok=True)
        return job.lib.assets.export(asset_id, folder, kind="open")

    return LibraryOp(ctx, work, label="Opening")


def export_assets(
    ctx: AppContext, asset_ids: list[int], folder: Path, kind: str = "export"
) -> LibraryOp[list[Path]]:
    def work(job: JobContext) -> list[Path]:
        written = []
        for done, asset_id in enumerate(asset_ids):
            job.check()
            job.progress(done, len(asset_ids), "Exporting")
            written.append(job.lib.assets.export(asset_id, folder, kind=kind))
        job.progress(len(asset_ids), len(asset_ids), "Exported")
        return written

    return LibraryOp(ctx, work, label="Exporting", cancellable=True)
