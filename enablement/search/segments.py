"""Per-segment arrays read once, and the searcher-generation view stitched from them.

Whoosh segments are immutable apart from deletions, so everything the query
engine needs per document — ids, visibility columns, field lengths, the
docnums of each tag label, and decoded posting lists — is read once per
segment (keyed by segment id and deletion count) into NumPy arrays.  After a
commit only new segments are read.  A :class:`View` concatenates the segments
of one searcher generation under global docnums, which is what makes facet
counts and candidate scoring a handful of vector operations instead of
Whoosh's per-document Python loops.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.reading import TermNotFound  # type: ignore[import-untyped]

from .schema import KEYWORD_FIELDS, tag_field

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float32]
Bools = npt.NDArray[np.bool_]
Postings = tuple[Ints, Floats]
_POSTINGS_CACHE = 4096
_EMPTY_POSTINGS: Postings = (np.zeros(0, np.int64), np.zeros(0, np.float32))


def _read_postings(reader: Any, field: str, term: str) -> Postings:
    """Decode one posting list block by block (fast path) or posting by posting."""
    try:
        btext = reader._text_to_bytes(field, term)
        matcher = reader._terms.matcher(field, btext, reader.schema[field].format)
    except (TermNotFound, KeyError, AttributeError, ValueError):
        return _EMPTY_POSTINGS
    ids: list[Any] = []
    weights: list[Any] = []
    if type(matcher).__name__ == "W3LeafMatcher":
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.append(np.asarray(matcher._ids, dtype=np.int64))
            weights.append(np.asarray(matcher._weights, dtype=np.float32))
            matcher._next_block()
        if not ids:
            return _EMPTY_POSTINGS
        return np.concatenate(ids), np.concatenate(weights)
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)


def read_positions(reader: Any, field: str, term: str, docnum: int) -> list[int]:
    """Positions of *term* in one document (segment-local docnum); [] if absent.

    Skips whole blocks by their headers and bisects inside the block, instead of
    Whoosh's posting-by-posting ``skip_to``.
    """
    try:
        btext = reader._text_to_bytes(field, term)
        matcher = reader._terms.matcher(field, btext, reader.schema[field].format)
    except (TermNotFound, KeyError, AttributeError, ValueError):
        return []
    if type(matcher).__name__ == "W3LeafMatcher":
        if not matcher.is_active():
            return []
        if docnum > matcher.block_max_id():
            matcher._skip_to_block(lambda: docnum > matcher.block_max_id())
        if not matcher.is_active():
            return []
        matcher._read_ids()
        ids = matcher._ids
        i = bisect_left(ids, docnum)
        if i >= len(ids) or ids[i] != docnum:
            return []
        matcher._i = i
    else:
        if not matcher.is_active():
            return []
        matcher.skip_to(docnum)
        if not matcher.is_active() or matcher.id() != docnum:
            return []
    return list(matcher.value_as("positions"))


def _column(reader: Any, field: str, size: int, dtype: Any, default: float) -> Any:
    if not reader.has_column(field):
        return np.full(size, default, dtype=dtype)
    column = reader.column_reader(field, translate=True)
    return np.fromiter((column[i] for i in range(size)), dtype=dtype, count=size)


class SegmentData:
    """Arrays of one segment; deleted documents have ``alive`` False."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.size: int = reader.doc_count_all()
        n = self.size
        self.alive: Bools = np.ones(n, dtype=np.bool_)
        if reader.has_deletions():
            for docnum in range(n):
                if reader.is_deleted(docnum):
                    self.alive[docnum] = False
        self.ids: Ints = _column(reader, "id", n, np.int64, -1)
        self.created: Ints = _column(reader, "created", n, np.int64, 0)
        self.updated: Ints = _column(reader, "updated", n, np.int64, 0)
        self.usage: Ints = _column(reader, "usage", n, np.int64, 0)
        self.review: Ints = _column(reader, "review_by", n, np.int64, 0)
        self.rating: Floats = _column(reader, "rating", n, np.float32, -1)
        self._lengths: dict[str, Floats] = {}
        self._labels: dict[str, dict[str, Ints]] = {}
        self._postings: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self._prefixes: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self._lexicons: dict[str, list[str]] = {}

    def lengths(self, field: str) -> Floats:
        if field not in self._lengths:
            length = self.reader.doc_field_length
            self._lengths[field] = np.fromiter(
                (length(i, field, 0) or 0 for i in range(self.size)), np.float32, self.size
            )
        return self._lengths[field]

    def labels(self, field: str) -> dict[str, Ints]:
        if field not in self._labels:
            table: dict[str, Ints] = {}
            if field in self.reader.schema:
                for btext in self.reader.lexicon(field):
                    label = btext.decode("utf-8")
                    ids, _ = self.postings(field, label)
                    if ids.size:
                        table[label] = ids
            self._labels[field] = table
        return self._labels[field]

    def lexicon(self, field: str) -> list[str]:
        """The field's terms, sorted (read once per segment)."""
        if field not in self._lexicons:
            terms: list[str] = []
            if field in self.reader.schema:
                terms = [b.decode("utf-8") for b in self.reader.lexicon(field)]
            self._lexicons[field] = terms
        return self._lexicons[field]

    def prefix_postings(self, field: str, prefix: str) -> Postings:
        """Postings of every term starting with *prefix*, frequencies summed per document."""
        key = (field, prefix)
        hit = self._prefixes.get(key)
        if hit is not None:
            self._prefixes.move_to_end(key)
            return hit
        terms = self.lexicon(field)
        lo = bisect_left(terms, prefix)
        hi = bisect_left(terms, prefix + "\U0010ffff", lo)
        found = [_read_postings(self.reader, field, t) for t in terms[lo:hi]]
        found = [p for p in found if p[0].size]
        if not found:
            hit = _EMPTY_POSTINGS
        elif len(found) == 1:
            hit = found[0]
        else:
            ids = np.concatenate([p[0] for p in found])
            weights = np.concatenate([p[1] for p in found])
            docs, inverse = np.unique(ids, return_inverse=True)
            hit = (docs, np.bincount(inverse, weights=weights).astype(np.float32))
        self._prefixes[key] = hit
        if len(self._prefixes) > _POSTINGS_CACHE:
            self._prefixes.popitem(last=False)
        return hit

    def postings(self, field: str, term: str) -> Postings:
        key = (field, term)
        hit = self._postings.get(key)
        if hit is None:
            hit = _read_postings(self.reader, field, term)
            self._postings[key] = hit
            if len(self._postings) > _POSTINGS_CACHE:
                self._postings.popitem(last=False)
        else:
            self._postings.move_to_end(key)
        return hit


class SegmentCache:
    """Keeps SegmentData across searcher generations while segments survive."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, int], SegmentData] = {}

    def view(self, searcher: Any) -> View:
        leaves = list(searcher.reader().leaf_readers())
        fresh: dict[tuple[str, int], SegmentData] = {}
        parts: list[tuple[SegmentData, int]] = []
        for reader, base in leaves:
            segment = getattr(reader, "segment", lambda: None)()
            segid = segment.segment_id() if segment is not None else str(id(reader))
            key = (segid, reader.doc_count())
            data = self._data.get(key)
            if data is None:
                data = SegmentData(reader)
            elif data.reader is not reader:
                data.reader = reader  # same segment and deletions, new reader object
            fresh[key] = data
            parts.append((data, base))
        self._data = fresh
        return View(searcher, parts)


def _concat(parts: list[Any], dtype: Any) -> Any:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


class View:
    """One searcher generation under global docnums."""

    def __init__(self, searcher: Any, parts: list[tuple[SegmentData, int]]) -> None:
        self.searcher = searcher
        self.parts = parts
        self.size = sum(p.size for p, _ in parts)
        self.alive: Bools = _concat([p.alive for p, _ in parts], np.bool_)
        self.ids: Ints = _concat([p.ids for p, _ in parts], np.int64)
        self.created: Ints = _concat([p.created for p, _ in parts], np.int64)
        self.updated: Ints = _concat([p.updated for p, _ in parts], np.int64)
        self.usage: Ints = _concat([p.usage for p, _ in parts], np.int64)
        self.review: Ints = _concat([p.review for p, _ in parts], np.int64)
        self.rating: Floats = _concat([p.rating for p, _ in parts], np.float32)
        self._lengths: dict[str, Floats] = {}
        self._labels: dict[str, dict[str, Ints]] = {}
        self._stats: dict[str, tuple[int, float]] = {}

    def postings(self, field: str, term: str) -> Postings:
        return self._across_parts(lambda part: part.postings(field, term))

    def prefix_postings(self, field: str, prefix: str) -> Postings:
        return self._across_parts(lambda part: part.prefix_postings(field, prefix))

    def _across_parts(self, lookup: Callable[[SegmentData], Postings]) -> Postings:
        """One lookup in every segment, with doc numbers shifted to this view's."""
        ids, weights = [], []
        for part, base in self.parts:
            pid, pw = lookup(part)
            if pid.size:
                ids.append(pid + base)
                weights.append(pw)
        if not ids:
            return _EMPTY_POSTINGS
        return np.concatenate(ids), np.concatenate(weights)

    def docs(self, field: str, term: str) -> Ints:
        return self.postings(field, term)[0]

    def lengths(self, field: str) -> Floats:
        if field not in self._lengths:
            self._lengths[field] = _concat([p.lengths(field) for p, _ in self.parts], np.float32)
        return self._lengths[field]

    def field_stats(self, field: str) -> tuple[int, float]:
        """(documents with the field, their average length) among live documents."""
        if field not in self._stats:
            lengths = self.lengths(field)[self.alive]
            count = int(np.count_nonzero(lengths))
            self._stats[field] = (count, float(lengths.sum()) / count if count else 1.0)
        return self._stats[field]

    def has_field(self, field: str) -> bool:
        return any(p.reader.field_length(field) > 0 for p, _ in self.parts)

    def labels(self, field: str) -> dict[str, Ints]:
        """label -> global docnums (live or not; callers mask)."""
        if field not in self._labels:
            table: dict[str, list[Ints]] = {}
            for part, base in self.parts:
                for label, ids in part.labels(field).items():
                    table.setdefault(label, []).append(ids + base)
            self._labels[field] = {k: np.concatenate(v) for k, v in table.items()}
        return self._labels[field]

    def label_mask(self, field: str, labels: set[str]) -> Bools:
        mask = np.zeros(self.size, dtype=np.bool_)
        for label, ids in self.labels(field).items():
            if label in labels:
                mask[ids] = True
        return mask

    def category_field(self, category: str) -> str:
        return category if category in KEYWORD_FIELDS else tag_field(category)
