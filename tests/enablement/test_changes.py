"""Mutations say what they changed: the `Changes` each rating, request and kit
mutation returns names the entities it touched, and nothing for a no-op."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from enablement.changes import NO_CHANGES, Changes
from enablement.ingest import ImportOptions
from enablement.library import Library

from .conftest import MARKETER, OWNER, SELLER

TAGS = (("situation", "Discovery"), ("segment", "SMB"))
Open = Callable[[str], Library]


def _published(lib: Library, folder: Path, name: str) -> int:
    path = folder / name
    path.write_text(f"{name}: a one-pager for discovery calls.", encoding="utf-8")
    [result] = lib.import_files([path], ImportOptions(tags=TAGS, publish=True))
    assert result.status == "imported" and result.asset_id is not None, result
    return result.asset_id


@pytest.fixture
def assets(library: Library, tmp_path: Path) -> tuple[int, int]:
    return _published(library, tmp_path, "one.txt"), _published(library, tmp_path, "two.txt")


def test_a_rating_changes_the_asset_and_the_ratings(open_as: Open, assets: tuple[int, int]) -> None:
    seller = open_as(SELLER)
    rated = seller.ratings.rate(assets[0], 4, comment="useful")
    assert rated.changes == Changes(assets=frozenset({assets[0]}), ratings=True)
    mine = seller.ratings.mine(assets[0])
    assert mine is not None and mine.changes == NO_CHANGES  # a read changes nothing
    assert mine == rated  # `changes` does not take part in equality


def test_request_mutations_name_the_requests_they_touch(
    open_as: Open, assets: tuple[int, int]
) -> None:
    seller, marketer, owner = open_as(SELLER), open_as(MARKETER), open_as(OWNER)
    first = seller.requests.create("A pricing one-pager for hospitals")
    second = seller.requests.create("One page on hospital pricing")
    third = seller.requests.create("A churn battlecard")
    assert first.changes == Changes(requests=frozenset({first.id}))

    assert owner.requests.vote(first.id).changes == Changes(requests=frozenset({first.id}))
    assert owner.requests.vote(first.id).changes == NO_CHANGES  # a second +1 is not a change
    assert marketer.requests.assign(first.id).changes == Changes(requests=frozenset({first.id}))
    merged = marketer.requests.merge(second.id, first.id)
    assert merged.id == first.id
    assert merged.changes == Changes(requests=frozenset({first.id, second.id}))
    fulfilled = marketer.requests.fulfil(first.id, assets[0], "here it is")
    assert fulfilled.changes == Changes(
        requests=frozenset({first.id}), assets=frozenset({assets[0]})
    )
    declined = marketer.requests.decline(third.id, "covered by the battlecard")
    assert declined.changes == Changes(requests=frozenset({third.id}))
    assert seller.requests.get(first.id).changes == NO_CHANGES
    assert all(r.changes == NO_CHANGES for r in seller.requests.list(mine=True))


def test_kit_mutations_name_the_kit(open_as: Open, assets: tuple[int, int]) -> None:
    seller = open_as(SELLER)
    kit = seller.collections.create("Discovery call")
    changed = Changes(collections=frozenset({kit.id}))
    assert kit.changes == changed
    assert seller.collections.add(kit.id, assets[0]).changes == changed
    assert seller.collections.add(kit.id, assets[1]).changes == changed
    assert seller.collections.add(kit.id, assets[0]).changes == NO_CHANGES  # already there
    reordered = seller.collections.reorder(kit.id, [assets[1], assets[0]])
    assert reordered.changes == changed and reordered.asset_ids == (assets[1], assets[0])
    assert seller.collections.remove(kit.id, assets[1]).changes == changed
    assert seller.collections.remove(kit.id, assets[1]).changes == NO_CHANGES  # not in it
    assert seller.collections.get(kit.id).changes == NO_CHANGES


def test_changes_combine_and_say_whether_anything_changed() -> None:
    a = Changes(assets=frozenset({1}), collections=frozenset({7}))
    b = Changes(assets=frozenset({2}), requests=frozenset({3}), ratings=True)
    assert a | b == Changes(
        assets=frozenset({1, 2}), requests=frozenset({3}), ratings=True,
        collections=frozenset({7}),
    )  # fmt: skip
    assert not NO_CHANGES and a and Changes(users=True) and Changes(suggestions=frozenset({4}))
    assert b.changes is b  # a mutation with nothing else to report returns this record
