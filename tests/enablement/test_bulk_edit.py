"""Bulk edit of the review-by date: set, clear, refuse both, and undo per asset."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from enablement.errors import InvalidInput
from enablement.ingest import ImportOptions
from enablement.library import Library
from enablement.services.assets import BulkChange

TAGS = (("situation", "Discovery"), ("segment", "SMB"))
PAST = date.today() - timedelta(days=3)
LATER = date.today() + timedelta(days=60)


def _import(lib: Library, folder: Path, name: str, text: str) -> int:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    [result] = lib.import_files([path], ImportOptions(tags=TAGS, publish=True))
    assert result.status == "imported" and result.asset_id is not None, result
    return result.asset_id


@pytest.fixture
def three(library: Library, tmp_path: Path) -> dict[int, date | None]:
    """Three published assets: one overdue, one due later, one without a date."""
    ids = [
        _import(library, tmp_path, f"{word}.txt", f"Quarterly {word} briefing on zeppelins.")
        for word in ("alpha", "bravo", "charlie")
    ]
    wanted = dict(zip(ids, (PAST, LATER, None), strict=True))
    for asset_id, when in wanted.items():
        if when is not None:
            library.assets.update(asset_id, review_by=when)
    return wanted


def _dates(lib: Library, ids: object) -> dict[int, date | None]:
    return {i: lib.assets.get(i).review_by for i in ids}  # type: ignore[attr-defined]


def _seller_sees(open_as: Callable[[str], Library]) -> set[int]:
    return {h.asset_id for h in open_as("sam").search("zeppelins", log=False).hits}


def test_clearing_removes_every_date_and_undo_puts_each_back(
    library: Library, open_as: Callable[[str], Library], three: dict[int, date | None]
) -> None:
    overdue = next(i for i, d in three.items() if d == PAST)
    assert overdue not in _seller_sees(open_as)  # past its review date: hidden from sellers
    owners = {i: library.assets.get(i).owner for i in three}

    snapshots = library.assets.bulk_update(list(three), BulkChange(clear_review_by=True))

    assert _dates(library, three) == dict.fromkeys(three)
    assert {i: library.assets.get(i).owner for i in three} == owners
    assert _seller_sees(open_as) == set(three)  # the index learnt the cleared date too

    library.assets.undo_bulk(snapshots)
    assert _dates(library, three) == three
    assert overdue not in _seller_sees(open_as)


def test_setting_a_date_and_undo(library: Library, three: dict[int, date | None]) -> None:
    target = date.today() + timedelta(days=365)
    snapshots = library.assets.bulk_update(list(three), BulkChange(review_by=target))
    assert _dates(library, three) == dict.fromkeys(three, target)
    library.assets.undo_bulk(snapshots)
    assert _dates(library, three) == three


def test_other_changes_keep_the_dates(library: Library, three: dict[int, date | None]) -> None:
    library.assets.bulk_update(list(three), BulkChange(add=(("industry", "Logistics"),)))
    assert _dates(library, three) == three
    assert all("Logistics" in library.assets.get(i).tags["industry"] for i in three)


def test_set_and_clear_together_is_refused(library: Library, three: dict[int, date | None]) -> None:
    change = BulkChange(review_by=LATER, clear_review_by=True, owner="maria")
    with pytest.raises(InvalidInput, match="review-by"):
        library.assets.bulk_update(list(three), change)
    assert _dates(library, three) == three
    assert all(library.assets.get(i).owner != "maria" for i in three)
