"""The vocabulary demo collateral is written in: assets made of sections.

Content is data. Each :class:`AssetSpec` says what a file is called, how it is
tagged and published, how popular it will be in the generated usage log, and
what it says, as a tuple of :class:`Section` s. A section is one PDF page, one
slide or one heading-with-body in a Word document, so search hits name a page
whose text really is about the query.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["pdf", "docx", "pptx"]

VENDOR = "Northwind Software"
PRODUCTS = ("Northwind Flow", "Northwind Forms", "Northwind Connect", "Northwind Insights")


@dataclass(frozen=True)
class Section:
    """One page, slide or chapter: a heading with paragraphs, bullets, a table, notes."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class AssetSpec:
    """One demo file and everything the library should know about it."""

    title: str
    kind: Kind
    description: str
    situation: tuple[str, ...]
    segment: tuple[str, ...]
    sections: tuple[Section, ...]
    industry: tuple[str, ...] = ()
    product: tuple[str, ...] = ()
    persona: tuple[str, ...] = ()
    funnel: tuple[str, ...] = ()
    language: str = "English"
    status: Literal["published", "draft", "archived"] = "published"
    audience: Literal["internal", "customer-facing"] = "customer-facing"
    review_in_days: int | None = None  # negative: the review date has passed
    age_days: int = 120  # how long ago it was published
    popularity: float = 1.0  # weight in the generated usage; 0 = never used
    slug: str = field(default="", compare=False)

    @property
    def file_name(self) -> str:
        return f"{self.slug or slugify(self.title)}.{self.kind}"

    def tags(self) -> list[tuple[str, str]]:
        """(category slug, tag label) pairs, the form the library takes."""
        pairs: list[tuple[str, str]] = []
        for category, labels in (
            ("situation", self.situation),
            ("segment", self.segment),
            ("industry", self.industry),
            ("product", self.product),
            ("persona", self.persona),
            ("funnel-stage", self.funnel),
            ("language", (self.language,)),
        ):
            pairs.extend((category, label) for label in labels)
        return pairs


def page(
    heading: str,
    *paragraphs: str,
    bullets: tuple[str, ...] = (),
    table: tuple[tuple[str, ...], ...] = (),
    notes: str = "",
) -> Section:
    """Shorthand for a section, so content modules read like documents."""
    return Section(heading, tuple(paragraphs), bullets, table, notes)


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:80]


ALL_SEGMENTS = ("SMB", "Mid-market", "Enterprise", "Public sector")
