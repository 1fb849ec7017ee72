"""The controlled vocabulary: default categories and tags, lookup by label or slug."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import InvalidInput, NotFound
from ..models import Tag, TagCategory
from ..permissions import Action, Actor

DEFAULT_TAXONOMY: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Situation",
        (
            "Prospecting",
            "Discovery",
            "Demo/Presentation",
            "Objection handling",
            "Proposal & pricing",
            "Negotiation",
            "Closing",
            "Onboarding",
            "Renewal & upsell",
        ),
    ),
    ("Segment", ("SMB", "Mid-market", "Enterprise", "Public sector")),
    (
        "Industry",
        (
            "Healthcare",
            "Financial services",
            "Manufacturing",
            "Retail",
            "Technology",
            "Education",
            "Logistics",
        ),
    ),
    ("Product", ()),
    ("Persona", ("Executive", "IT", "Finance", "Operations", "Procurement", "Sales leader")),
    ("Funnel stage", ("Awareness", "Consideration", "Decision", "Expansion")),
    ("Region", ("North America", "EMEA", "APAC", "LATAM")),
    ("Language", ("English", "German", "French", "Spanish")),
)


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


@dataclass(frozen=True)
class TagInfo:
    id: int
    category: str
    slug: str
    label: str
    retired: bool


@dataclass(frozen=True)
class CategoryInfo:
    slug: str
    label: str
    tags: tuple[TagInfo, ...]


def seed_defaults(session: Session) -> None:
    if session.scalar(select(func.count()).select_from(TagCategory)):
        return
    for position, (label, tags) in enumerate(DEFAULT_TAXONOMY):
        category = TagCategory(slug=slugify(label), label=label, position=position)
        session.add(category)
        for tag_position, tag_label in enumerate(tags):
            category.tags.append(
                Tag(slug=slugify(tag_label), label=tag_label, position=tag_position)
            )
    session.flush()


def category_slugs(session: Session) -> list[str]:
    return list(session.scalars(select(TagCategory.slug).order_by(TagCategory.position)))


def list_taxonomy(session: Session, actor: Actor) -> list[CategoryInfo]:
    actor.require(Action.SEARCH)
    categories = session.scalars(select(TagCategory).order_by(TagCategory.position))
    return [
        CategoryInfo(
            c.slug,
            c.label,
            tuple(TagInfo(t.id, c.slug, t.slug, t.label, t.retired) for t in c.tags),
        )
        for c in categories
    ]


def find_category(session: Session, name: str) -> TagCategory:
    key = slugify(name)
    # Tags are looked up while an asset's tag list is being edited; flushing
    # that half-done edit before every lookup made bulk tagging crawl, and
    # new tags are flushed by add_tag itself.
    with session.no_autoflush:
        category = session.scalar(
            select(TagCategory).where(
                (TagCategory.slug == key) | (func.lower(TagCategory.label) == name.strip().lower())
            )
        )
    if category is None:
        known = ", ".join(category_slugs(session))
        raise NotFound(f"there is no tag category '{name}' (known: {known})")
    return category


def find_tag(session: Session, category_name: str, tag_name: str) -> Tag:
    category = find_category(session, category_name)
    key = slugify(tag_name)
    with session.no_autoflush:
        tag = session.scalar(
            select(Tag).where(
                Tag.category_id == category.id,
                (Tag.slug == key) | (func.lower(Tag.label) == tag_name.strip().lower()),
            )
        )
    if tag is None:
        known = ", ".join(t.label for t in category.tags if not t.retired) or "none yet"
        raise NotFound(f"there is no {category.label.lower()} tag '{tag_name}' (known: {known})")
    return tag


def parse_assignment(text: str) -> tuple[str, str]:
    """Split "Category=Tag" as typed on the command line."""
    category, sep, tag = text.partition("=")
    if not sep or not category.strip() or not tag.strip():
        raise InvalidInput(f"'{text}' is not CATEGORY=TAG (for example situation=Discovery)")
    return category.strip(), tag.strip()


def add_tag(session: Session, actor: Actor, category_name: str, label: str) -> TagInfo:
    actor.require(Action.MANAGE_TAXONOMY)
    category = find_category(session, category_name)
    label = label.strip()
    slug = slugify(label)
    if not slug:
        raise InvalidInput(f"'{label}' cannot be used as a tag name")
    clash = session.scalar(select(Tag).where(Tag.category_id == category.id, Tag.slug == slug))
    if clash is not None:
        raise InvalidInput(f"{category.label} already has a tag '{clash.label}'")
    tag = Tag(category_id=category.id, slug=slug, label=label, position=len(category.tags))
    session.add(tag)
    session.flush()
    return TagInfo(tag.id, category.slug, tag.slug, tag.label, tag.retired)


def _affected_assets(session: Session, tag_id: int) -> list[int]:
    from ..models import asset_tags

    return list(session.scalars(select(asset_tags.c.asset_id).where(asset_tags.c.tag_id == tag_id)))


def _reindex(session: Session, asset_ids: list[int]) -> None:
    from .assets import enqueue_index

    enqueue_index(session, asset_ids)


def rename_tag(
    session: Session, actor: Actor, category_name: str, tag_name: str, new_label: str
) -> TagInfo:
    actor.require(Action.MANAGE_TAXONOMY)
    tag = find_tag(session, category_name, tag_name)
    new_label = new_label.strip()
    slug = slugify(new_label)
    if not slug:
        raise InvalidInput(f"'{new_label}' cannot be used as a tag name")
    clash = session.scalar(
        select(Tag).where(Tag.category_id == tag.category_id, Tag.slug == slug, Tag.id != tag.id)
    )
    if clash is not None:
        raise InvalidInput(f"there is already a tag '{clash.label}'; merge the two instead")
    tag.label, tag.slug = new_label, slug
    _reindex(session, _affected_assets(session, tag.id))
    session.flush()
    return TagInfo(tag.id, tag.category.slug, tag.slug, tag.label, tag.retired)


def retire_tag(session: Session, actor: Actor, category_name: str, tag_name: str) -> TagInfo:
    """A retired tag stays on the assets that have it but cannot be assigned anew."""
    actor.require(Action.MANAGE_TAXONOMY)
    tag = find_tag(session, category_name, tag_name)
    tag.retired = True
    session.flush()
    return TagInfo(tag.id, tag.category.slug, tag.slug, tag.label, tag.retired)


def merge_tags(
    session: Session, actor: Actor, category_name: str, source_name: str, target_name: str
) -> TagInfo:
    """Move every use of `source` to `target`, then delete `source`."""
    from sqlalchemy import delete, insert, update

    from ..models import MaterialRequest, Rating, asset_tags

    actor.require(Action.MANAGE_TAXONOMY)
    source = find_tag(session, category_name, source_name)
    target = find_tag(session, category_name, target_name)
    if source.id == target.id:
        raise InvalidInput("a tag cannot be merged into itself")
    moved = _affected_assets(session, source.id)
    already = set(_affected_assets(session, target.id))
    rows = [{"asset_id": a, "tag_id": target.id} for a in moved if a not in already]
    if rows:
        session.execute(insert(asset_tags), rows)
    session.execute(delete(asset_tags).where(asset_tags.c.tag_id == source.id))
    session.execute(
        update(Rating)
        .where(Rating.situation_tag_id == source.id)
        .values(situation_tag_id=target.id)
    )
    for column in (MaterialRequest.situation_tag_id, MaterialRequest.segment_tag_id):
        session.execute(
            update(MaterialRequest).where(column == source.id).values({column: target.id})
        )
    session.execute(update(Tag).where(Tag.parent_id == source.id).values(parent_id=target.id))
    target.synonyms = "\n".join(filter(None, [target.synonyms, source.label, source.synonyms]))
    session.delete(source)
    _reindex(session, moved)
    session.flush()
    return TagInfo(target.id, target.category.slug, target.slug, target.label, target.retired)


def nest_tag(
    session: Session, actor: Actor, category_name: str, tag_name: str, parent_name: str | None
) -> TagInfo:
    actor.require(Action.MANAGE_TAXONOMY)
    tag = find_tag(session, category_name, tag_name)
    parent = find_tag(session, category_name, parent_name) if parent_name else None
    ancestor = parent
    while ancestor is not None:
        if ancestor.id == tag.id:
            raise InvalidInput(f"'{tag.label}' cannot be nested under its own descendant")
        ancestor = session.get(Tag, ancestor.parent_id) if ancestor.parent_id else None
    tag.parent_id = parent.id if parent else None
    session.flush()
    return TagInfo(tag.id, tag.category.slug, tag.slug, tag.label, tag.retired)


def tag_usage(session: Session, actor: Actor) -> dict[int, int]:
    from ..models import asset_tags

    actor.require(Action.SEARCH)
    rows = session.execute(select(asset_tags.c.tag_id, func.count()).group_by(asset_tags.c.tag_id))
    return {tag_id: count for tag_id, count in rows}
