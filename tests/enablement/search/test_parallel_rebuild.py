"""Rebuild in worker processes: same index as in-process, and a dead or stuck worker
falls back to this process instead of hanging."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import enablement.search.build as build_module
import enablement.search.index as index_module
from enablement.search import SearchRequest
from enablement.search.analysis import (
    index_terms,
    prefix_analyzer,
    title_analyzer,
    vocabulary_analyzer,
)
from enablement.search.schema import build_schema

from .conftest import CATEGORIES, DOCS, fresh_index, make_doc


def _docs(n: int) -> list:  # type: ignore[type-arg]
    return [make_doc(i, f"asset number {i}", (f"page text {i} widget",)) for i in range(1, n + 1)]


def die(*_args: object) -> str:
    os._exit(3)  # a worker killed mid-batch (OOM killer, segfault)


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "BATCH_SIZE", 40)
    monkeypatch.setattr(index_module, "PARALLEL_MIN_DOCS", 0)


@pytest.mark.usefixtures("parallel")
def test_workers_build_the_same_index(tmp_path: Path) -> None:
    ix = fresh_index(tmp_path)
    ix.procs = 2
    ix.rebuild(iter(_docs(200)), 200)
    assert not ix.needs_rebuild and ix.indexed_ids() == set(range(1, 201))
    assert ix.search(SearchRequest("widget")).total == 200
    assert [h.asset_id for h in ix.search(SearchRequest('"page text 77"')).hits] == [77]
    assert not (tmp_path / index_module.PARTS_DIR).exists()
    ix.close()


@pytest.mark.usefixtures("parallel")
def test_dead_worker_falls_back_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_module, "build_part", die)
    ix = fresh_index(tmp_path)
    ix.procs = 2
    ix.rebuild(iter(_docs(200)), 200)
    assert not ix.needs_rebuild and ix.indexed_ids() == set(range(1, 201))
    ix.close()


@pytest.mark.usefixtures("parallel")
def test_stuck_worker_times_out_and_falls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_module, "PART_TIMEOUT_BASE", 0.0)
    monkeypatch.setattr(build_module, "PART_TIMEOUT_PER_DOC", 0.0)
    ix = fresh_index(tmp_path)
    ix.procs = 2
    ix.rebuild(iter(_docs(200)), 200)
    assert not ix.needs_rebuild and ix.indexed_ids() == set(range(1, 201))
    ix.close()


def _postings_and_columns(directory: Path) -> dict[object, object]:
    """Everything a reader sees: postings (ids, weights, encoded values), field
    lengths, columns and stored fields."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(directory), "part")
    seen: dict[object, object] = {}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        docs = range(reader.doc_count_all())
        for field in reader.indexed_field_names():
            seen["length", field] = [reader.doc_field_length(d, field) for d in docs]
            seen["total", field] = reader.field_length(field)
            for term in reader.lexicon(field):
                matcher = reader.postings(field, term)
                postings = []
                while matcher.is_active():
                    postings.append((matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
                seen[field, term] = postings
        for column in ("id", "created", "updated", "review_by", "rating", "usage"):
            values = reader.column_reader(column)
            seen["column", column] = [values[d] for d in docs]
        seen["stored"] = [reader.stored_fields(d) for d in docs]
    ix.close()
    return seen


def test_bulk_writer_writes_what_whoosh_writes(tmp_path: Path) -> None:
    # more than one posting block (128) per common term, several languages, tags, columns
    docs = [*DOCS] + [
        make_doc(
            100 + i,
            f"Pricing update {i}",
            (f"Renewal pricing for the region {i % 7}, and the terms.",)
            if i % 2
            else ("Die Preise für die Kunden ändern sich.",),
            tags={"segment": ("Enterprise", "SMB")[: 1 + i % 2], "industry": ("Retail",)},
            rating=(i % 5) + 0.5 if i % 3 else None,
            review_by=date(2026, 1, 1 + i % 28) if i % 4 == 0 else None,
            usage_count=i,
        )
        for i in range(300)
    ]
    schema = build_schema(CATEGORIES)
    seen = []
    for bulk in (False, True):
        directory = tmp_path / ("bulk" if bulk else "whoosh")
        build_module.write_part(str(directory), "part", schema, CATEGORIES, [])
        from whoosh import index as whoosh_index

        ix = whoosh_index.open_dir(str(directory), "part")
        writer = build_module.open_writer(ix, bulk=bulk)
        assert isinstance(writer, build_module.BulkWriter) is bulk
        build_module.write_docs(writer, docs, CATEGORIES)
        writer.commit(merge=False)
        ix.close()
        seen.append(_postings_and_columns(directory))
    assert seen[0] == seen[1]
    longest: dict[object, int] = {}
    for key, postings in seen[0].items():
        if isinstance(key, tuple) and isinstance(key[1], bytes):
            longest[key[0]] = max(longest.get(key[0], 0), len(postings))  # type: ignore[arg-type]
    assert longest["text_en"] > 128 and longest["text_de"] > 128


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aAeéÉßİıǅﬁ'’. -x1Ωω\x1e"), max_size=40) | st.text())
def test_fast_word_terms_match_the_analyser_chains(text: str) -> None:
    # the bulk writer indexes title/prefix/vocab through index_terms(), the
    # query side through the Whoosh chains: they must agree on every input
    for make in (title_analyzer, prefix_analyzer, vocabulary_analyzer):
        chain = make()
        assert index_terms(chain, text) == [t.text for t in chain(text, mode="index")]
