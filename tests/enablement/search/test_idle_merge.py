"""Merging the small segments interactive commits leave, when the person is idle."""

from __future__ import annotations

from pathlib import Path

from enablement.search import SearchRequest
from enablement.search.index import SMALL_SEGMENT_DOCS

from .conftest import DOCS, fresh_index, make_doc

QUERIES = ("pricing", "healthcare case study", "enterprise costs", "gadget", "retail")


def answers(ix: object, queries: tuple[str, ...] = QUERIES) -> list[list[int]]:
    return [[h.asset_id for h in ix.search(SearchRequest(q)).hits] for q in queries]  # type: ignore[attr-defined]


def test_small_segments_merge_into_one_with_the_same_answers(tmp_path: Path) -> None:
    ix = fresh_index(tmp_path)
    ix.rebuild(iter(DOCS), len(DOCS))
    for n in range(6):  # one commit each, as saves and ratings make them
        ix.upsert([make_doc(100 + n, f"Gadget brochure {n}", ("gadget pricing",))])
    ix.delete([100])
    before = answers(ix)
    assert ix.small_segments() >= 7
    assert 100 not in ix.indexed_ids()

    merged = ix.merge_small_segments()

    assert merged >= 7
    assert ix.small_segments() == 1
    assert answers(ix) == before
    assert 100 not in ix.indexed_ids() and 105 in ix.indexed_ids()
    assert ix.merge_small_segments() == 0  # nothing left to do
    ix.close()
    reopened = fresh_index(tmp_path)  # what was merged is what is on disk
    assert answers(reopened) == before
    reopened.close()


def test_rebuild_batches_are_left_alone(tmp_path: Path) -> None:
    ix = fresh_index(tmp_path)
    big = [make_doc(i, f"Datasheet {i}", ("widget",)) for i in range(1, SMALL_SEGMENT_DOCS + 2)]
    ix.rebuild(iter(big), len(big))
    ix.upsert([make_doc(5000, "Gadget brochure", ("gadget",))])
    assert ix.small_segments() == 1  # the rebuild's batch is not small
    assert ix.merge_small_segments() == 0
    ix.close()
