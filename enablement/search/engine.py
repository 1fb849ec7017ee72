"""Query execution over one :class:`~.segments.View`: masks, scores, facets, hits.

The fast shape for Whoosh's slow path (long OR questions): every query word is a
*slot*; its BM25 scores over the combined boosted text field are accumulated
term-at-a-time into a NumPy vector from cached, block-decoded posting lists.
Slots give OR semantics with a coordination factor (more matched words rank
higher); phrases come from Whoosh's positional ``Phrase`` matcher; filters,
visibility and facet counts are boolean masks over cached per-label docnum
arrays.  Only the hits actually returned get page numbers (from term
positions), snippets and explanations.
"""

from __future__ import annotations

import html
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

import numpy as np
from whoosh.query import Phrase  # type: ignore[import-untyped]
from whoosh.support.levenshtein import damerau_levenshtein  # type: ignore[import-untyped]

from .analysis import (
    FIRST_PAGE_SECTION,
    LANGUAGES,
    PAGE_GAP,
    WORD_RE,
    analyze,
    analyze_word,
    cached_text_analyzer,
    cached_title_analyzer,
    fold,
    same_language,
)
from .query import ParsedQuery
from .schema import LANGUAGE_CATEGORY, text_field
from .segments import Bools, Floats, View, read_positions
from .types import SORTS, SearchHit, SearchRequest, SearchResults

K1, B = 1.2, 0.75
FUZZY_PENALTY = 0.7
PageText = Callable[[int], Sequence[str]]


@dataclass
class Slot:
    label: str  # the word as shown in explanations ("pricing≈pricng")
    scores: Floats
    terms: dict[str, list[str]]  # lang -> analysed terms (for pages and snippets)


def _bm25(view: View, field: str, ids: Any, weights: Any) -> Any:
    count, avgdl = view.field_stats(field)
    df = ids.size
    idf = math.log(1.0 + (max(count, df) - df + 0.5) / (df + 0.5))
    dl = view.lengths(field)[ids]
    return idf * weights * (K1 + 1) / (weights + K1 * (1 - B + B * dl / avgdl))


class Executor:
    """Runs one request; short-lived, created per search under the index lock."""

    def __init__(self, view: View, categories: Sequence[str], today: date) -> None:
        self.view = view
        self.categories = tuple(categories)
        self.today = today
        self.langs = [lang for lang in LANGUAGES if view.has_field(text_field(lang))]
        self.messages: list[str] = []
        self.corrections: dict[str, str] = {}

    # ----- text

    def word_slot(self, word: str, prefix: bool = False) -> Slot | None:
        """Scores of one word in every language field; None for a pure stop word."""
        view, scores = self.view, np.zeros(self.view.size, np.float32)
        terms: dict[str, list[str]] = {}
        found = False
        for lang in self.langs:
            field = text_field(lang)
            terms[lang] = analyze_word(lang, word)
            for term in terms[lang]:
                ids, weights = view.postings(field, term)
                if ids.size:
                    found = True
                    scores[ids] += _bm25(view, field, ids, weights)
        if prefix and len(word) >= 2:
            ids, weights = view.prefix_postings("prefix", fold(word))
            if ids.size:
                found = True
                scores[ids] = np.maximum(scores[ids], _bm25(view, "prefix", ids, weights))
        if found:
            return Slot(word, scores, terms)
        if not any(terms.values()) and self.langs:
            return None  # stop word in every language
        correction = self.correct(word)
        if correction is None:
            return Slot(word, scores, terms)
        slot = self.word_slot(correction)
        if slot is None:
            return Slot(word, scores, terms)
        self.corrections[word] = correction
        return Slot(f"{correction}≈{word}", slot.scores * FUZZY_PENALTY, slot.terms)

    def correct(self, word: str) -> str | None:
        """Closest vocabulary word (edit distance 1–2, same first letter), most frequent."""
        folded = fold(word)
        if len(folded) < 3 or not folded.isalpha():
            return None
        maxdist = 1 if len(folded) <= 5 else 2
        candidates: set[str] = set()
        for part, _ in self.view.parts:
            try:
                candidates.update(part.reader.terms_within("vocab", folded, maxdist, prefix=1))
            except Exception:
                continue
        candidates.discard(folded)
        if not candidates:
            return None
        reader = self.view.searcher.reader()
        return min(
            candidates,
            key=lambda c: (damerau_levenshtein(c, folded), -reader.doc_frequency("vocab", c), c),
        )

    def phrase_mask(self, words: list[str]) -> tuple[Bools, dict[str, list[str]]]:
        mask = np.zeros(self.view.size, np.bool_)
        terms: dict[str, list[str]] = {}
        for lang in self.langs:
            field = text_field(lang)
            terms[lang] = analyze(cached_text_analyzer(lang), " ".join(words))
            if len(terms[lang]) == 1:
                mask[self.view.docs(field, terms[lang][0])] = True
            elif terms[lang]:
                docs = list(Phrase(field, terms[lang]).docs(self.view.searcher))
                mask[np.asarray(docs, dtype=np.int64)] = True
        return mask, terms

    def any_word_mask(self, words: list[str]) -> Bools:
        mask = np.zeros(self.view.size, np.bool_)
        for word in words:
            for lang in self.langs:
                for term in analyze_word(lang, word):
                    mask[self.view.docs(text_field(lang), term)] = True
        return mask

    def title_mask(self, word: str) -> Bools:
        mask = np.zeros(self.view.size, np.bool_)
        terms = analyze(cached_title_analyzer(), word)
        if terms:
            mask[self.view.docs("title", terms[0])] = True
            for term in terms[1:]:
                other = np.zeros(self.view.size, np.bool_)
                other[self.view.docs("title", term)] = True
                mask &= other
        else:
            mask[:] = True
        return mask

    # ----- filters and visibility

    def filter_mask(self, category: str, values: Sequence[str]) -> Bools | None:
        key = category.lower()
        if key != "type" and key not in self.categories and key != LANGUAGE_CATEGORY:
            self.messages.append(f"unknown filter “{category}” ignored")
            return None
        field = self.view.category_field(key)
        table = self.view.labels(field)
        if key == LANGUAGE_CATEGORY:
            wanted = {label for label in table if any(same_language(label, v) for v in values)}
        else:
            folded = {fold(" ".join(v.split())) for v in values}
            wanted = {label for label in table if fold(label) in folded}
        return self.view.label_mask(field, wanted)

    def visible(self, include_unpublished: bool) -> Bools:
        if include_unpublished:
            return self.view.alive.copy()
        published = self.view.label_mask("status", {"published"})
        review = self.view.review
        current = (review == 0) | (review >= self.today.toordinal())
        visible: Bools = self.view.alive & published & current
        return visible

    # ----- facets

    def facets(
        self, base: Bools, constraints: list[tuple[str, Bools]]
    ) -> dict[str, dict[str, int]]:
        """Counts per label; a category's own filter is left out of its counts (OR within)."""
        out: dict[str, dict[str, int]] = {}
        for category in (*self.categories, "type"):
            mask = base.copy()
            for other, cmask in constraints:
                if other != category:
                    mask &= cmask
            counts: dict[str, int] = {}
            for label, ids in self.view.labels(self.view.category_field(category)).items():
                n = int(np.count_nonzero(mask[ids]))
                if n:
                    counts[label] = n
            out[category] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        return out

    # ----- ranking

    def boosts(self, docs: Any, base: Bools) -> Any:
        view = self.view
        rating = view.rating[docs]
        rating_n = np.where(rating >= 0, np.clip((rating - 3.0) / 2.0, -1, 1), 0.0)
        top_usage = float(view.usage[base].max()) if base.any() else 0.0
        usage_n = np.log1p(view.usage[docs]) / math.log1p(max(top_usage, 1.0))
        today_ts = datetime(self.today.year, self.today.month, self.today.day, tzinfo=UTC)
        age_days = np.maximum(0, today_ts.timestamp() - view.updated[docs]) / 86400.0
        fresh = np.exp(-age_days / 365.0)
        return 1.0 + 0.10 * rating_n + 0.10 * usage_n + 0.05 * fresh

    # ----- hits

    def doc_language(self, docnum: int) -> str | None:
        for lang in self.langs:
            if self.view.lengths(text_field(lang))[docnum] > 0:
                return lang
        return None

    def page_counts(self, docnum: int, lang: str, terms: set[str]) -> Counter[int]:
        bases = [base for _, base in self.view.parts]
        part, base = self.view.parts[bisect_right(bases, docnum) - 1]
        local, field, pages = docnum - base, text_field(lang), Counter[int]()
        for term in terms:
            positions = read_positions(part.reader, field, term, local)
            for pos in positions:
                page = pos // PAGE_GAP - FIRST_PAGE_SECTION + 1
                if page >= 1:
                    pages[page] += 1
        return pages

    def hit(
        self,
        docnum: int,
        score: float,
        slots: list[Slot],
        boost: float,
        text: float,
        page_text: PageText | None,
    ) -> SearchHit:
        lang = self.doc_language(docnum) or "en"
        matched = [s for s in slots if s.scores[docnum] > 0]
        terms = {t for s in matched for t in s.terms.get(lang, ())}
        asset_id = int(self.view.ids[docnum])
        snippet = ""
        if page_text is not None:  # page numbers from the text we fetch for the snippet anyway
            texts = list(page_text(asset_id))
            pages = page_matches(texts, lang, terms)
            snippet = make_snippet(texts, pages, lang, terms)
        else:  # from term positions in the index
            pages = self.page_counts(docnum, lang, terms) if terms else Counter[int]()
        return SearchHit(
            asset_id=asset_id,
            score=round(float(score), 4),
            pages=tuple(sorted(pages)),
            snippet=snippet,
            explanation=self.explain(docnum, matched, len(slots), boost, text, score),
        )

    def explain(
        self,
        docnum: int,
        matched: list[Slot],
        nslots: int,
        boost: float,
        text: float,
        score: float,
    ) -> str:
        view = self.view
        rating = float(view.rating[docnum])
        updated = datetime.fromtimestamp(int(view.updated[docnum]), UTC).date().isoformat()
        facts = (
            f"rating {rating:.1f}" if rating >= 0 else "unrated",
            f"used {int(view.usage[docnum])}×",
            f"updated {updated}",
        )
        boost_part = f"boost ×{boost:.2f} ({', '.join(facts)})"
        if not nslots:
            return f"{boost_part} = {score:.3f}"
        words = ", ".join(f"{s.label} {float(s.scores[docnum]):.2f}" for s in matched)
        return (
            f"text BM25 {text:.2f} [{words}] × matched {len(matched)}/{nslots} words"
            f" × {boost_part} = {score:.3f}"
        )


@lru_cache(maxsize=200_000)
def _term_of(lang: str, word: str) -> str | None:
    terms = analyze_word(lang, word)
    return terms[0] if terms else None


def page_matches(texts: Sequence[str], lang: str, terms: set[str]) -> Counter[int]:
    """Matching words per page (1-based)."""
    pages = Counter[int]()
    pattern = _candidates(terms)
    if pattern is None:
        return pages
    for number, text in enumerate(texts, 1):
        lowered = text[:200_000].lower()
        for m in pattern.finditer(lowered):
            if _term_of(lang, m.group()) in terms:
                pages[number] += 1
                if pages[number] >= 5:  # enough to rank pages for the snippet
                    break
    return pages


def _candidates(terms: set[str]) -> re.Pattern[str] | None:
    """Words starting like one of the stems: a C-speed pre-filter for the analyser."""
    stems = sorted({re.escape(t[:4]) for t in terms if t}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(stems) + r")(?:\w|[.'’]\w)*")


def make_snippet(
    texts: Sequence[str],
    pages: Counter[int],
    lang: str,
    terms: set[str],
    width: int = 32,
) -> str:
    """About *width* words around the first match on the best page, matches in <b>."""
    if not texts:
        return ""
    page = max(pages, key=lambda p: (pages[p], -p)) if pages else 1
    text = texts[page - 1][:50_000] if 0 < page <= len(texts) else texts[0][:50_000]
    first = _first_match(text, lang, terms)
    begin = 0 if first is None else _back_words(text, first, 8)
    tokens = []
    for m in WORD_RE.finditer(text, begin):
        tokens.append(m)
        if len(tokens) >= width:
            break
    if not tokens:
        return ""
    out, cursor = [], tokens[0].start()
    for m in tokens:
        if _term_of(lang, m.group().lower()) in terms:
            out.append(html.escape(text[cursor : m.start()]))
            out.append(f"<b>{html.escape(m.group())}</b>")
            cursor = m.end()
    out.append(html.escape(text[cursor : tokens[-1].end()]))
    body = " ".join("".join(out).split())
    more = WORD_RE.search(text, tokens[-1].end()) is not None
    return ("… " if WORD_RE.search(text[:begin]) else "") + body + (" …" if more else "")


def _first_match(text: str, lang: str, terms: set[str]) -> int | None:
    """Offset of the first word whose term is in *terms*; a regex on term stems
    finds candidates at C speed, the analyser confirms them."""
    pattern = _candidates(terms)
    if pattern is None:
        return None
    for m in pattern.finditer(text.lower()):
        whole = WORD_RE.match(text, m.start())
        if whole and _term_of(lang, whole.group().lower()) in terms:
            return m.start()
    return None


def _back_words(text: str, offset: int, count: int) -> int:
    """Offset *count* words before *offset* (start of text at most)."""
    begin = offset
    for _ in range(count):
        prev = text.rfind(" ", 0, max(0, begin - 1))
        if prev < 0:
            return 0
        begin = prev + 1
    return begin


def execute(
    view: View,
    parsed: ParsedQuery,
    request: SearchRequest,
    categories: Sequence[str],
    page_text: PageText | None,
    messages: list[str],
) -> SearchResults:
    """Run *parsed* against *view*; *messages* are prepended to the result message."""
    today = request.today or datetime.now(UTC).date()
    ex = Executor(view, categories, today)
    ex.messages.extend(messages)
    ex.messages.extend(parsed.messages)
    base = ex.visible(request.include_unpublished)

    slots: list[Slot] = []
    required = np.ones(view.size, np.bool_)
    for i, word in enumerate(parsed.words):
        is_prefix = word is parsed.prefix_word and i == len(parsed.words) - 1
        slot = ex.word_slot(word, prefix=is_prefix)
        if slot is not None:
            slots.append(slot)
    for word in parsed.required:
        slot = ex.word_slot(word)
        if slot is not None:
            slots.append(slot)
            required &= slot.scores > 0
    for words in parsed.phrases:
        mask, terms = ex.phrase_mask(words)
        required &= mask
        parts = [s for s in (ex.word_slot(w) for w in words) if s is not None]
        scores = sum((s.scores for s in parts), np.zeros(view.size, np.float32)) * mask
        slots.append(Slot(f'"{" ".join(words)}"', scores, terms))
    for word in parsed.title_words:
        required &= ex.title_mask(word)
    excluded = ex.any_word_mask(parsed.excluded_words)
    for words in parsed.excluded_phrases:
        excluded |= ex.phrase_mask(words)[0]
    for word in parsed.excluded_title_words:
        excluded |= ex.title_mask(word)

    constraints: list[tuple[str, Bools]] = []
    for source in (request.filters, parsed.filters):
        for category, values in source.items():
            cmask = ex.filter_mask(category, tuple(values))
            if cmask is not None:
                constraints.append((category.lower(), cmask))
    for category, values in parsed.excluded_filters.items():
        cmask = ex.filter_mask(category, tuple(values))
        if cmask is not None:
            excluded |= cmask

    text_total = np.zeros(view.size, np.float32)
    matched = np.zeros(view.size, np.float32)
    for slot in slots:
        text_total += slot.scores
        matched += slot.scores > 0
    base &= required & ~excluded
    if slots:
        base &= matched > 0
    final = base.copy()
    for _, cmask in constraints:
        final &= cmask

    docs = np.flatnonzero(final)
    boost = ex.boosts(docs, final)
    text = text_total[docs] * (matched[docs] / len(slots)) if slots else np.ones(docs.size)
    score = text * boost
    sort = request.sort if request.sort in SORTS else "relevance"
    if sort != request.sort:
        ex.messages.append(f"unknown sort “{request.sort}”; sorted by relevance")
    offset, limit = max(0, request.offset), max(0, min(request.limit, 1000))
    if sort == "relevance":
        ranking = np.lexsort((-view.updated[docs], -score))
    else:
        ranking = _order_by(view, docs, score, sort)
    page = ranking[offset : offset + limit]
    hits = tuple(
        ex.hit(int(docs[i]), float(score[i]), slots, float(boost[i]), float(text[i]), page_text)
        for i in page
    )
    suggestion = None
    if ex.corrections:
        suggestion = request.text
        for wrong, right in ex.corrections.items():
            suggestion = suggestion.replace(wrong, right, 1)
    return SearchResults(
        total=int(docs.size),
        hits=hits,
        facets=ex.facets(base, constraints),
        suggestion=suggestion,
        message="; ".join(dict.fromkeys(ex.messages)) or None,
    )


def _order_by(view: View, docs: Any, score: Any, sort: str) -> Any:
    columns: dict[str, Any] = {"newest": view.updated, "rating": view.rating, "usage": view.usage}
    key = columns[sort][docs]
    return np.lexsort((-score, -key))


def facet_only(categories: Sequence[str]) -> Mapping[str, Mapping[str, int]]:
    return {c: {} for c in (*categories, "type")}
