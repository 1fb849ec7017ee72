"""Tag synonyms and the taxonomy details the marketer's taxonomy manager shows.

A tag's synonyms ("WFH" for "Remote work") are kept one per line in
`Tag.synonyms`. `expand` rewrites a seller's query before it reaches the
index: when the query contains a tag's label or one of its synonyms as a
phrase, the label and the other synonyms are added as alternative words (the
query language OR-s plain words), so "WFH" also finds assets tagged or
mentioning "remote work". Query-time only: nothing needs re-indexing when
synonyms change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import InvalidInput
from ..models import Tag, TagCategory, asset_tags
from ..permissions import Action, Actor
from .taxonomy import find_tag

_WORD = re.compile(r"\w+", re.UNICODE)
_NOT_TEXT = re.compile(r'(?:^|\s)-(?:"[^"]*"|\S+)|\b[\w-]+:(?:"[^"]*"|\S+)')
MAX_SYNONYMS = 50


@dataclass(frozen=True)
class TagDetail:
    id: int
    category: str  # category slug
    category_label: str
    slug: str
    label: str
    parent_id: int | None
    retired: bool
    synonyms: tuple[str, ...]
    usage: int  # assets carrying the tag


def split_lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def clean_synonyms(label: str, lines: Iterable[str]) -> tuple[str, ...]:
    """Stripped, one space between words, no repeats (ignoring case), not the label."""
    seen = {" ".join(label.split()).lower()}
    out = []
    for line in lines:
        phrase = " ".join(line.split())
        if not phrase or phrase.lower() in seen:
            continue
        if not _WORD.search(phrase):
            raise InvalidInput(f"'{phrase}' has no letters or digits to search for")
        seen.add(phrase.lower())
        out.append(phrase[:100])
    if len(out) > MAX_SYNONYMS:
        raise InvalidInput(f"a tag can have at most {MAX_SYNONYMS} synonyms")
    return tuple(out)


def list_tags(session: Session, actor: Actor) -> list[TagDetail]:
    """Every tag with its category, parent, synonyms and usage, in taxonomy order."""
    actor.require(Action.MANAGE_TAXONOMY)
    usage: dict[int, int] = dict(
        session.execute(
            select(asset_tags.c.tag_id, func.count()).group_by(asset_tags.c.tag_id)
        ).all()
    )
    rows = session.execute(
        select(Tag, TagCategory)
        .join(TagCategory, TagCategory.id == Tag.category_id)
        .order_by(TagCategory.position, Tag.position, Tag.id)
    )
    return [_detail(tag, category, int(usage.get(tag.id, 0))) for tag, category in rows]


def _detail(tag: Tag, category: TagCategory, usage: int) -> TagDetail:
    return TagDetail(
        tag.id,
        category.slug,
        category.label,
        tag.slug,
        tag.label,
        tag.parent_id,
        tag.retired,
        split_lines(tag.synonyms),
        usage,
    )


def set_synonyms(
    session: Session, actor: Actor, category: str, tag: str, lines: Iterable[str]
) -> TagDetail:
    actor.require(Action.MANAGE_TAXONOMY)
    found = find_tag(session, category, tag)
    found.synonyms = "\n".join(clean_synonyms(found.label, lines))
    session.flush()
    usage = session.scalar(
        select(func.count()).select_from(asset_tags).where(asset_tags.c.tag_id == found.id)
    )
    return _detail(found, found.category, int(usage or 0))


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _contains(words: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return n > 0 and any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def expand(session: Session, text: str) -> str:
    """`text` with the labels and synonyms of every tag it names added as alternatives.

    Excluded clauses (-word) and field filters (segment:SMB) do not trigger an
    expansion. The added words go in front, so the word being typed stays the
    last one (prefix matching as you type is unchanged).
    """
    words = _words(_NOT_TEXT.sub(" ", text))
    if not words:
        return text
    rows = session.execute(select(Tag.label, Tag.synonyms).where(Tag.synonyms != ""))
    present = set(words)
    extra: list[str] = []
    for label, synonyms in rows:
        phrases = [label, *split_lines(synonyms)]
        if not any(_contains(words, _words(p)) for p in phrases):
            continue
        for phrase in phrases:
            for word in _words(phrase):
                if word not in present:
                    present.add(word)
                    extra.append(word)
    return f"{' '.join(extra)} {text}" if extra else text
