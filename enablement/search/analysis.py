"""Text analysis for the search index: analysers per language, language detection, labels.

Every document's searchable text goes into one combined field per language
(``text_en``, ``text_de``…).  The text arrives as *sections* joined by
:data:`SECTION` — title, description, tags, then one section per page — and the
:class:`SectionTokenizer` gives each section its own boost (title, description and
tags weigh more than body text) and its own block of positions, so a term's
position tells which page it is on (``page = pos // PAGE_GAP - FIRST_PAGE_SECTION + 1``)
and phrases never run across a page break.  Stemming is per language; accents are
folded after stemming so "Preisänderung" and "preisanderung" meet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from whoosh.analysis import (  # type: ignore[import-untyped]
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.compat import dumps  # type: ignore[import-untyped]
from whoosh.formats import Positions  # type: ignore[import-untyped]
from whoosh.support.charset import accent_map  # type: ignore[import-untyped]
from whoosh.system import pack_uint  # type: ignore[import-untyped]

LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es")
DEFAULT_LANGUAGE = "en"
SECTION = "\x1e"  # record separator: never typed, never produced by extraction
LABEL_SEP = "\x1f"
PAGE_GAP = 1 << 20  # positions per section
FIRST_PAGE_SECTION = 3  # sections: 0 title, 1 description, 2 tags, 3.. pages
SECTION_BOOSTS: tuple[float, ...] = (3.0, 2.0, 2.0)
WORD_RE = re.compile(r"\w+(?:[.'’]\w+)*", re.UNICODE)

LANGUAGE_LABELS = {"en": "English", "de": "German", "fr": "French", "es": "Spanish"}

_LANGUAGE_NAMES = {
    "en": "en",
    "eng": "en",
    "english": "en",
    "englisch": "en",
    "anglais": "en",
    "de": "de",
    "deu": "de",
    "ger": "de",
    "german": "de",
    "deutsch": "de",
    "allemand": "de",
    "fr": "fr",
    "fra": "fr",
    "fre": "fr",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "französisch": "fr",
    "es": "es",
    "spa": "es",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "spanisch": "es",
}

# A few very frequent function words per language: enough to tell en/de/fr/es apart.
_STOP_SIGNATURES: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "that",
            "for",
            "with",
            "are",
            "this",
            "you",
            "on",
            "as",
            "be",
            "it",
            "by",
            "or",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "mit",
            "den",
            "ein",
            "eine",
            "zu",
            "für",
            "von",
            "sie",
            "auf",
            "dem",
            "des",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "est",
            "des",
            "une",
            "un",
            "pour",
            "dans",
            "que",
            "qui",
            "du",
            "sur",
            "pas",
            "au",
            "avec",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "y",
            "es",
            "que",
            "de",
            "en",
            "por",
            "para",
            "una",
            "un",
            "con",
            "del",
            "se",
            "su",
            "al",
        ]
    ),
}


def language_code(label: str | None) -> str | None:
    """Map a language tag label or code ("German", "de", "Deutsch") to en/de/fr/es."""
    if not label:
        return None
    key = label.strip().casefold()
    return _LANGUAGE_NAMES.get(key) or _LANGUAGE_NAMES.get(key.split("-")[0].split("_")[0])


def same_language(label: str, wanted: str) -> bool:
    """Does facet *label* mean *wanted* (a label or code: "German" ~ "de" ~ "Deutsch")?"""
    if fold(label) == fold(wanted):
        return True
    code = language_code(label)
    return code is not None and code == language_code(wanted)


def detect_language(text: str, sample_chars: int = 4000) -> str:
    """Guess en/de/fr/es from stop-word frequencies; English when unsure."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for match in WORD_RE.finditer(text[:sample_chars]):
        word = match.group().casefold()
        for lang, words in _STOP_SIGNATURES.items():
            if word in words:
                counts[lang] += 1
    best = max(LANGUAGES, key=lambda lang: counts[lang])
    return best if counts[best] >= 2 else DEFAULT_LANGUAGE


def fold(text: str) -> str:
    """Lower-case and strip accents, the normal form of labels and spelling words."""
    return str(accent_map_fold(text.casefold()))


def accent_map_fold(text: str) -> str:
    return text.translate(accent_map)


class TextAnalyzer(Analyzer):  # type: ignore[misc]
    """Fused tokenizer → lower-case → stop words → stem → accent fold → section positions.

    One generator instead of a chain of five Whoosh filters, with a per-word cache
    of the final term: indexing spends most of its time here.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._cache: dict[str, str] = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextAnalyzer) and other.lang == self.lang

    def __hash__(self) -> int:
        return hash((type(self), self.lang))

    def __getstate__(self) -> dict[str, Any]:
        return {"lang": self.lang}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["lang"])  # type: ignore[misc]

    def term(self, word: str) -> str:
        """The index term of one word ("" for a stop word)."""
        cache = self._cache
        term = cache.get(word)
        if term is None:
            term = _make_term(self.lang, word)
            if len(cache) > 500_000:
                cache.clear()
            cache[word] = term
        return term

    def postings(self, value: str) -> dict[str, list[Any]]:
        """term -> [position deltas, summed boost, last position] of indexed *value*:
        the fast path for :class:`SectionPositions` (the same terms, positions and
        boosts as ``__call__`` yields, without a Token per word).  Deltas, not
        positions, because that is what the posting format stores."""
        out: dict[str, list[Any]] = {}
        cache, term_of = self._cache, self.term
        for number, text in enumerate(value.split(SECTION)):
            boost = SECTION_BOOSTS[number] if number < len(SECTION_BOOSTS) else 1.0
            pos = number * PAGE_GAP
            limit = pos + PAGE_GAP - 1
            for word in WORD_RE.findall(text):
                term = cache.get(word)
                if term is None:
                    term = term_of(word)
                if not term:
                    continue
                entry = out.get(term)
                if entry is None:
                    out[term] = [[pos], boost, pos]
                else:
                    entry[0].append(pos - entry[2])
                    entry[1] += boost
                    entry[2] = pos
                if pos < limit:
                    pos += 1
        return out

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Any]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        sections = [value] if mode == "query" else value.split(SECTION)
        term_of = self.term
        for number, text in enumerate(sections):
            boost = SECTION_BOOSTS[number] if number < len(SECTION_BOOSTS) else 1.0
            if mode == "query":
                boost = 1.0
            pos = number * PAGE_GAP
            limit = pos + PAGE_GAP - 1
            for match in WORD_RE.finditer(text):
                term = term_of(match.group())
                if not term:
                    continue
                t.text = term
                t.boost = boost
                t.stopped = False
                if keeporiginal:
                    t.original = match.group()
                if positions:
                    t.pos = pos
                    pos = min(pos + 1, limit)
                if chars:
                    t.startchar = start_char + match.start()
                    t.endchar = start_char + match.end()
                yield t


class SectionPositions(Positions):  # type: ignore[misc]
    """Whoosh's ``Positions`` format (same encoding on disk), fed by
    :meth:`TextAnalyzer.postings` in one pass instead of a Token per word."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[Any]:
        if not isinstance(analyzer, TextAnalyzer) or not isinstance(value, str):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        for term, (deltas, weight, _) in analyzer.postings(value).items():
            yield term, len(deltas), weight * boost, encode_deltas(deltas)


def encode_deltas(deltas: list[int]) -> bytes:
    """``Positions.encode`` byte for byte, given the deltas between positions."""
    return bytes(pack_uint(len(deltas)) + dumps(deltas, 2))


@cache
def _language_tools(lang: str) -> tuple[frozenset[str], Callable[[str], str]]:
    from whoosh.lang import stemmer_for_language, stopwords_for_language  # type: ignore[import-untyped]

    stem = stemmer_for_language("en_porter" if lang == "en" else lang)
    return frozenset(stopwords_for_language(lang)), stem


def _make_term(lang: str, word: str) -> str:
    stops, stem = _language_tools(lang)
    lower = word.lower()
    if len(lower) < 2 or lower in stops:
        return ""
    return str(stem(lower)).translate(accent_map)


def text_analyzer(lang: str) -> Any:
    """Analyser of the combined per-language text field."""
    return TextAnalyzer(lang)


def title_analyzer() -> Any:
    """Language-neutral analyser for ``title:`` filters: words, lower-case, folded, stemmed."""
    return _words_chain(
        "title",
        RegexTokenizer(WORD_RE.pattern)
        | LowercaseFilter()
        | StemFilter(lang="en_porter", cachesize=20_000)
        | CharsetFilter(accent_map),
    )


def prefix_analyzer() -> Any:
    """Whole folded title and tag words (2+ characters), for as-you-type.

    Prefixes are expanded against this field's sorted lexicon at query time
    (:meth:`.segments.SegmentData.prefix_postings`) rather than indexed as edge
    n-grams: that was a hundred postings per document, a third of all indexing work.
    """
    return _words_chain(
        "prefix",
        RegexTokenizer(WORD_RE.pattern)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(minsize=2, maxsize=None, stoplist=frozenset()),
    )


def vocabulary_analyzer() -> Any:
    """Unstemmed, folded words of all text: the dictionary for typo correction."""
    return _words_chain(
        "vocab",
        RegexTokenizer(WORD_RE.pattern)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(minsize=3, maxsize=30, stoplist=frozenset()),
    )


def _words_chain(kind: str, chain: Any) -> Any:
    chain.index_kind = kind  # lets indexing use index_terms() instead of the chain
    return chain


def index_terms(analyzer: Any, value: str) -> list[str] | None:
    """The terms (in order, repeats kept) the chains above yield when indexing
    *value*, computed without a Token per word; None for any other analyser."""
    kind = getattr(analyzer, "index_kind", None)
    if kind is None:
        return None
    words = [w.lower() for w in WORD_RE.findall(value)]
    if kind == "title":
        return [_porter(w).translate(accent_map) for w in words]
    folded = [w.translate(accent_map) for w in words]
    if kind == "prefix":
        return [w for w in folded if len(w) >= 2]
    if kind == "vocab":
        return [w for w in folded if 3 <= len(w) <= 30]
    return None


_PORTER_CACHE: dict[str, str] = {}


def _porter(word: str) -> str:
    stemmed = _PORTER_CACHE.get(word)
    if stemmed is None:
        stemmed = str(_language_tools("en")[1](word))
        if len(_PORTER_CACHE) > 100_000:
            _PORTER_CACHE.clear()
        _PORTER_CACHE[word] = stemmed
    return stemmed


class LabelTokenizer(Tokenizer):  # type: ignore[misc]
    """Whole labels separated by LABEL_SEP, kept verbatim (case included) for facets."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        mode: str = "",
        removestops: bool = True,
        **kwargs: Any,
    ) -> Iterator[Any]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for number, label in enumerate(value.split(LABEL_SEP)):
            label = " ".join(label.split())
            if label:
                t.text = label
                t.boost = 1.0
                t.stopped = False
                if positions:
                    t.pos = number
                yield t


@cache
def cached_text_analyzer(lang: str) -> Any:
    return text_analyzer(lang)


@cache
def cached_title_analyzer() -> Any:
    return title_analyzer()


def analyze(analyzer: Any, text: str) -> list[str]:
    """Terms of *text* as the query side sees them."""
    return [t.text for t in analyzer(text, mode="query")]


def analyze_word(lang: str, word: str) -> list[str]:
    return analyze(cached_text_analyzer(lang), word)
