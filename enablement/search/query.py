"""The seller-facing query language, parsed leniently into a :class:`ParsedQuery`.

Plain words are OR-ed (more matched words rank higher); ``"exact phrase"`` and
``+word`` are required; ``-word`` / ``-"phrase"`` / ``-field:value`` exclude;
``field:value`` filters only for whitelisted fields (``title`` and the tag
categories and ``type``).  Any other ``name:value`` is plain text, so hidden
fields (status, owner, id…) can never be reached.  The parser never raises:
unbalanced quotes and stray operators become notes in ``messages``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .analysis import WORD_RE

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"'})
_OPERATORS = frozenset({"OR", "AND", "NOT", "||", "&&"})
_FIELD_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)  # OR-ed, scored
    required: list[str] = field(default_factory=list)  # +word and quoted single words
    phrases: list[list[str]] = field(default_factory=list)  # required and scored
    excluded_words: list[str] = field(default_factory=list)
    excluded_phrases: list[list[str]] = field(default_factory=list)
    title_words: list[str] = field(default_factory=list)  # all required in the title
    excluded_title_words: list[str] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)  # OR within, AND across
    excluded_filters: dict[str, list[str]] = field(default_factory=dict)
    prefix_word: str | None = None  # the last plain word, when typing
    messages: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.required or self.phrases or self.title_words)


def words_of(text: str) -> list[str]:
    return [m.group() for m in WORD_RE.finditer(text)]


def _scan(text: str) -> Iterable[tuple[bool, str | None, str, bool, bool]]:
    """Yield (negated, field name, value, quoted, closed) clauses."""
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return
        negated = required = False
        if text[i] in "-+" and i + 1 < n and not text[i + 1].isspace():
            negated, required = text[i] == "-", text[i] == "+"
            i += 1
        name = None
        j = i
        while j < n and text[j].lower() in _FIELD_NAME_CHARS:
            j += 1
        if j > i and j + 1 < n and text[j] == ":" and not text[j + 1].isspace():
            name, i = text[i:j], j + 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            closed = end >= 0
            value = text[i + 1 : end] if closed else text[i + 1 :]
            i = end + 1 if closed else n
            yield negated, name, value, True, closed
        else:
            j = i
            while j < n and not text[j].isspace():
                j += 1
            yield negated, name, ("+" if required else "") + text[i:j], False, True
            i = j


def parse(text: str, whitelist: Iterable[str], as_you_type: bool = False) -> ParsedQuery:
    """Parse *text*; *whitelist* holds the filterable field names (lower case)."""
    allowed = {name.lower() for name in whitelist}
    query = ParsedQuery()
    text = text.translate(_QUOTES)
    last_plain: str | None = None
    negate_next = False
    for negated, name, value, quoted, closed in _scan(text):
        last_plain = None
        if name is None and not quoted and value in _OPERATORS:
            negate_next = value == "NOT"  # OR is the default, AND is not enforced
            continue
        negated, negate_next = negated or negate_next, False
        if not closed:
            query.messages.append("unclosed quote: searched as a phrase to the end")
        key = name.lower() if name else None
        if key is not None and key not in allowed:
            query.messages.append(f"“{name}:” is not a search field; searched as text")
            value = f"{name} {value}"
            key = None
        if key == "title":
            (query.excluded_title_words if negated else query.title_words).extend(words_of(value))
            continue
        if key is not None:
            label = " ".join(value.split())
            if label:
                target = query.excluded_filters if negated else query.filters
                target.setdefault(key, []).append(label)
            continue
        required = value.startswith("+")
        words = words_of(value)
        if not words:
            continue
        if negated:
            if quoted and len(words) > 1:
                query.excluded_phrases.append(words)
            else:
                query.excluded_words.extend(words)
        elif quoted and len(words) > 1:
            query.phrases.append(words)
        elif quoted or required:
            query.required.extend(words)
        else:
            query.words.extend(words)
            last_plain = words[-1]
    if as_you_type and last_plain and text and not text[-1].isspace():
        query.prefix_word = last_plain
    return query
