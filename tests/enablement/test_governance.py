"""The "needs attention" list: one test per reason, and who may see it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from enablement.errors import PermissionDenied
from enablement.ingest import ImportOptions
from enablement.library import Library
from enablement.models import Asset, AssetVersion, Collection, UsageEvent
from enablement.services import governance, usage

TAGS = (("situation", "Discovery"), ("segment", "SMB"))
LONG_AGO = datetime.now(UTC) - timedelta(days=200)


def _import(
    lib: Library,
    folder: Path,
    name: str,
    text: str,
    tags: tuple[tuple[str, str], ...] = TAGS,
    publish: bool = True,
) -> int:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    [result] = lib.import_files([path], ImportOptions(tags=tuple(tags), publish=publish))
    assert result.status == "imported" and result.asset_id is not None, result
    return result.asset_id


def _attention(lib: Library) -> dict[int, tuple[str, ...]]:
    return {row.asset_id: row.reasons for row in lib.read(governance.needs_attention)}


def _set(lib: Library, model: type, where: object, **values: object) -> None:
    with lib.writer.begin() as session:
        session.execute(update(model).where(where).values(**values))  # type: ignore[arg-type]


def test_a_fresh_well_tagged_asset_needs_nothing(library: Library, tmp_path: Path) -> None:
    asset = _import(library, tmp_path, "fine.txt", "A fine, fresh one-pager.")
    assert asset not in _attention(library)


def test_each_reason_is_found(
    library: Library, open_as: Callable[[str], Library], tmp_path: Path
) -> None:
    expired = _import(library, tmp_path, "expired.txt", "Old price list.")
    library.assets.update(expired, review_by=date.today() - timedelta(days=1))
    untagged = _import(library, tmp_path, "draft.txt", "No tags yet.", tags=(), publish=False)
    rated = _import(library, tmp_path, "weak.txt", "A weak battlecard.")
    open_as("sam").ratings.rate(rated, 2)
    open_as("maria").ratings.rate(rated, 3)
    once = _import(library, tmp_path, "once.txt", "Rated once only.")
    open_as("sam").ratings.rate(once, 1)
    unused = _import(library, tmp_path, "unused.txt", "Nobody opens this.")
    used = _import(library, tmp_path, "used.txt", "Everybody opens this.")
    _set(library, Asset, Asset.id.in_([unused, used]), published_at=LONG_AGO)
    open_as("sam").write(lambda session, actor: usage.record(session, actor, "open", asset_id=used))
    first = _import(library, tmp_path, "Pricing FAQ.txt", "Pricing questions.")
    second = _import(library, tmp_path, "pricing-faq-2.txt", "Other pricing questions.")
    library.assets.update(second, title="  pricing faq ")

    found = _attention(library)
    assert found[expired] == ("expired",)
    assert found[untagged] == ("missing-situation", "missing-segment")
    assert found[rated] == ("low-rating",)
    assert once not in found
    assert found[unused] == ("unused",)
    assert used not in found
    assert found[first] == found[second] == ("duplicate",)
    row = next(r for r in library.read(governance.needs_attention) if r.asset_id == rated)
    assert row.owner == "olivia" and "2.5 of 5 by 2" in row.reason_text


def test_archived_assets_are_left_out(library: Library, tmp_path: Path) -> None:
    asset = _import(library, tmp_path, "gone.txt", "Archived.")
    library.assets.update(asset, review_by=date.today() - timedelta(days=3))
    library.assets.archive(asset)
    assert asset not in _attention(library)


def test_same_file_in_two_assets_is_a_duplicate(library: Library, tmp_path: Path) -> None:
    one = _import(library, tmp_path, "a.txt", "Same words.")
    two = _import(library, tmp_path, "b.txt", "Other words.")
    with library.writer.begin() as session:
        digest = session.get(Asset, one).versions[0].blob_digest  # type: ignore[union-attr]
    _set(library, AssetVersion, AssetVersion.asset_id == two, blob_digest=digest)
    rows = {r.asset_id: r for r in library.read(governance.needs_attention)}
    assert rows[one].reasons == rows[two].reasons == ("duplicate",)
    assert f"same file as asset {two}" in rows[one].reason_text


def test_kit_holding_a_replaced_asset(library: Library, tmp_path: Path) -> None:
    asset = _import(library, tmp_path, "deck.txt", "Version one of the deck.")
    stays = _import(library, tmp_path, "other.txt", "Never replaced.")
    kit = library.collections.create("Acme", shared=True)
    library.collections.add(kit.id, asset)
    library.collections.add(kit.id, stays)
    _set(library, Collection, Collection.id == kit.id, updated=LONG_AGO)
    assert asset not in _attention(library)  # one version only
    newer = tmp_path / "deck-v2.txt"
    newer.write_text("Version two of the deck.", encoding="utf-8")
    [result] = library.import_files([newer], ImportOptions(replace=asset))
    assert result.status == "imported", result
    found = _attention(library)
    assert found[asset] == ("superseded-in-kit",) and stays not in found


def test_only_marketers_and_admins(open_as: Callable[[str], Library]) -> None:
    assert open_as("maria").read(governance.needs_attention) == []
    with pytest.raises(PermissionDenied):
        open_as("sam").read(governance.needs_attention)


def test_usage_kind_list_matches_the_log() -> None:
    from enablement.models import EVENT_KINDS

    assert set(governance.USE_KINDS) <= set(EVENT_KINDS)
    assert UsageEvent.__tablename__ == "usage_events"
