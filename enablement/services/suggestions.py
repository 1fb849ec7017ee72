"""Suggested tags: rules per tag find which controlled tags an asset's text is about.

A tag's rules are its label (each "/"-separated part of it) plus the lines of
its `keywords` text, one rule per line. A rule matches case-insensitively as a
whole word or phrase; short all-capital rules ("IT", "ROI") are acronyms and
match only as written. Each suggestion carries its reason in plain words
("mentions 'pricing' 7 times on pages 2–4") and is only ever a proposal: the
person accepts it (`accept`) or rejects it (`reject`), nothing is applied
silently. Tags already on the asset, retired tags and rejected suggestions
are never proposed.

A rejection is kept in the database (`SuggestionRejection`), so it outlasts
the session and holds for every marketer. It is keyed by the asset's current
version: suggestions are read from that version's text, so when a new
version brings new text its suggestions are looked at afresh, a rejected
tag included. Merging the rejected tag away (or deleting the version) drops
the rejection with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import Insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from ..changes import NO_CHANGES, Changes
from ..errors import InvalidInput
from ..models import Asset, PageText, SuggestionRejection, Tag, TagCategory
from ..permissions import Action, Actor
from . import assets, taxonomy

MAX_RULE_LENGTH = 100
MAX_RULES = 50


@dataclass(frozen=True)
class Suggestion:
    asset_id: int
    asset_title: str
    category: str  # category slug
    category_label: str
    tag: str  # tag label
    mentions: int
    pages: tuple[int, ...]
    reason: str


@dataclass(frozen=True)
class KeywordRules:
    category: str
    category_label: str
    tag: str
    lines: tuple[str, ...]  # the editable keyword lines (the label always counts too)
    changes: Changes = field(default=NO_CHANGES, compare=False, repr=False)


@dataclass(frozen=True)
class _Rule:
    text: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class _TagRules:
    tag_id: int
    category: str
    category_label: str
    label: str
    rules: tuple[_Rule, ...]


def rule_texts(label: str, keywords: str) -> list[str]:
    """The label's parts, then the keyword lines; blanks and repeats dropped."""
    out: list[str] = []
    seen: set[str] = set()
    for text in [*label.split("/"), *keywords.splitlines()]:
        text = " ".join(text.split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return out


def compile_rule(text: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(word) for word in text.split())
    acronym = len(text) <= 3 and text.isupper()
    return re.compile(rf"(?<!\w){body}(?!\w)", 0 if acronym else re.IGNORECASE)


def _load_rules(session: Session) -> list[_TagRules]:
    tags = session.scalars(
        select(Tag)
        .join(TagCategory, Tag.category_id == TagCategory.id)
        .where(Tag.retired.is_(False))
        .order_by(TagCategory.position, Tag.position)
        .options(selectinload(Tag.category))
    )
    return [
        _TagRules(
            tag.id,
            tag.category.slug,
            tag.category.label,
            tag.label,
            tuple(_Rule(t, compile_rule(t)) for t in rule_texts(tag.label, tag.keywords)),
        )
        for tag in tags
    ]


def _pages(session: Session, asset: Asset) -> list[tuple[int, str]]:
    version = asset.current_version
    if version is None:
        return []
    rows = session.execute(
        select(PageText.page_number, PageText.text)
        .where(PageText.version_id == version.id)
        .order_by(PageText.page_number)
    )
    return [(number, text) for number, text in rows]


def suggest(
    session: Session, actor: Actor, asset_ids: Sequence[int], min_mentions: int = 1
) -> list[Suggestion]:
    """Tags the assets' current text mentions and that they do not have yet."""
    actor.require(Action.EDIT_ASSET)
    rules = _load_rules(session)
    found: list[Suggestion] = []
    for asset_id in asset_ids:
        asset = assets.load(session, actor, asset_id)
        have = {t.id for t in asset.tags} | _rejected(session, asset)
        pages = _pages(session, asset)
        slide = asset.current_version is not None and asset.current_version.kind == "pptx"
        mine = [
            s
            for s in (_match(asset, tag, pages, slide) for tag in rules if tag.tag_id not in have)
            if s is not None and s.mentions >= min_mentions
        ]
        found.extend(sorted(mine, key=lambda s: -s.mentions))
    return found


def _rejected(session: Session, asset: Asset) -> set[int]:
    """Ids of the tags rejected for the asset's current version."""
    version = asset.current_version
    if version is None:
        return set()
    rows = session.scalars(
        select(SuggestionRejection.tag_id).where(SuggestionRejection.version_id == version.id)
    )
    return set(rows)


def _match(
    asset: Asset, tag: _TagRules, pages: list[tuple[int, str]], slide: bool
) -> Suggestion | None:
    hits: list[tuple[str, int, list[int]]] = []
    for rule in tag.rules:
        count, where = 0, []
        for number, text in pages:
            n = len(rule.pattern.findall(text))
            if n:
                count += n
                where.append(number)
        if count:
            hits.append((rule.text, count, where))
    if not hits:
        return None
    hits.sort(key=lambda h: -h[1])
    unit = "slide" if slide else "page"
    parts = [f"'{text}' {times(n)} on {page_phrase(where, unit)}" for text, n, where in hits[:3]]
    reason = "mentions " + _join(parts)
    if len(hits) > 3:
        reason += f" (and {len(hits) - 3} more rule{'s' if len(hits) > 4 else ''})"
    pages_hit = sorted({p for _t, _n, where in hits for p in where})
    return Suggestion(
        asset.id,
        asset.title,
        tag.category,
        tag.category_label,
        tag.label,
        sum(n for _t, n, _w in hits),
        tuple(pages_hit),
        reason,
    )


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def page_phrase(pages: Iterable[int], unit: str = "page") -> str:
    """[2, 3, 4, 7] → 'pages 2–4 and 7'; [3] → 'page 3'."""
    numbers = sorted(set(pages))
    runs: list[list[int]] = []
    for p in numbers:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    spans = [f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs]
    plural = len(numbers) > 1
    return f"{unit}{'s' if plural else ''} {_join(', '.join(spans).split(', '))}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def accept(session: Session, actor: Actor, picks: Sequence[tuple[int, str, str]]) -> Changes:
    """Apply accepted suggestions, (asset id, category, tag) each, in one transaction."""
    by_asset: dict[int, list[tuple[str, str]]] = {}
    for asset_id, category, tag in picks:
        by_asset.setdefault(asset_id, []).append((category, tag))
    for asset_id, add in by_asset.items():
        assets.retag(session, actor, asset_id, add=add)
    ids = frozenset(by_asset)
    return Changes(assets=ids, suggestions=ids)


def reject(session: Session, actor: Actor, picks: Sequence[tuple[int, str, str]]) -> Changes:
    """Reject suggestions, (asset id, category, tag) each: they are not proposed
    again for the asset's current version, whoever asks and however often the
    library is opened. Rejecting twice is harmless (two marketers at once too).
    """
    actor.require(Action.EDIT_ASSET)
    rows: dict[tuple[int, int], int] = {}  # (version id, tag id) -> asset id
    for asset_id, category, label in picks:
        version = assets.load(session, actor, asset_id).current_version
        if version is None:
            continue  # no text, so nothing was suggested
        rows[(version.id, taxonomy.find_tag(session, category, label).id)] = asset_id
    if not rows:
        return Changes()
    values = [{"version_id": v, "tag_id": t, "rejected_by_id": actor.user_id} for v, t in rows]
    session.execute(_insert_new(session).values(values))
    session.flush()
    return Changes(suggestions=frozenset(rows.values()))


def _insert_new(session: Session) -> Insert:
    """INSERT that leaves rows already there alone: no UPDATE right needed in
    team mode, no error when two marketers reject the same suggestion."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(SuggestionRejection).on_conflict_do_nothing()
    return sqlite.insert(SuggestionRejection).on_conflict_do_nothing()


def keyword_rules(session: Session, actor: Actor) -> list[KeywordRules]:
    """Every assignable tag with its keyword lines, in taxonomy order."""
    actor.require(Action.EDIT_ASSET)
    tags = session.scalars(
        select(Tag)
        .join(TagCategory, Tag.category_id == TagCategory.id)
        .where(Tag.retired.is_(False))
        .order_by(TagCategory.position, Tag.position)
        .options(selectinload(Tag.category))
    )
    return [_rules_info(tag) for tag in tags]


def _rules_info(tag: Tag) -> KeywordRules:
    lines = tuple(line for line in tag.keywords.splitlines() if line.strip())
    return KeywordRules(tag.category.slug, tag.category.label, tag.label, lines)


def set_keywords(
    session: Session, actor: Actor, category: str, tag: str, lines: Iterable[str]
) -> KeywordRules:
    """Replace a tag's keyword rules: one word or phrase per line."""
    actor.require(Action.MANAGE_TAXONOMY)
    found = taxonomy.find_tag(session, category, tag)
    clean: list[str] = []
    seen: set[str] = set()
    for raw in lines:
        line = " ".join(raw.split())
        if not line or line.casefold() in seen:
            continue
        if len(line) > MAX_RULE_LENGTH:
            raise InvalidInput(
                f"the keyword '{line[:30]}…' is too long (at most {MAX_RULE_LENGTH} characters)"
            )
        if not re.search(r"\w", line):
            raise InvalidInput(f"the keyword '{line}' has no letters or digits to look for")
        seen.add(line.casefold())
        clean.append(line)
    if len(clean) > MAX_RULES:
        raise InvalidInput(f"a tag can have at most {MAX_RULES} keyword rules")
    found.keywords = "\n".join(clean)
    session.flush()
    return replace(_rules_info(found), changes=Changes(taxonomy=True))
