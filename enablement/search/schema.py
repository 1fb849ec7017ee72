"""The index schema (one function, one version number) and IndexDocument -> index fields.

Only ``id`` is stored.  Searchable text lives in one combined, boosted field per
language (see :mod:`.analysis`); tags go to one keyword field per taxonomy
category (labels verbatim, for facets); per-document numbers the ranking and
visibility need (dates, rating, usage) are columns, read once per segment into
arrays by :mod:`.segments`.  Bump :data:`SCHEMA_VERSION` whenever the output of
:func:`build_schema` or :func:`document_fields` changes: an index with another
version reports ``needs_rebuild``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from whoosh import columns, fields  # type: ignore[import-untyped]
from whoosh.formats import Existence, Frequency  # type: ignore[import-untyped]

from .analysis import (
    LABEL_SEP,
    LANGUAGE_LABELS,
    LANGUAGES,
    SECTION,
    LabelTokenizer,
    SectionPositions,
    detect_language,
    language_code,
    prefix_analyzer,
    text_analyzer,
    title_analyzer,
    vocabulary_analyzer,
)
from .types import IndexDocument

SCHEMA_VERSION = 5
LANGUAGE_CATEGORY = "language"
KEYWORD_FIELDS = ("type", "status")
NO_REVIEW = 0
NO_RATING = -1


def tag_field(category: str) -> str:
    return "tag_" + category.replace("-", "_")


def text_field(lang: str) -> str:
    return "text_" + lang


def build_schema(categories: Sequence[str]) -> Any:
    """The whole schema; categories become keyword fields ``tag_<slug>``."""

    def label_field() -> Any:
        return fields.KEYWORD(analyzer=LabelTokenizer(), scorable=False)

    spec: dict[str, Any] = {
        # id is only ever looked up exactly (updates, deletions): one term, no range steps
        "id": fields.NUMERIC(int, bits=64, stored=True, unique=True, sortable=True, shift_step=0),
        # title: and vocab only ever ask "which documents" / "how many": no lengths, no weights
        "title": fields.FieldType(Existence(), title_analyzer(), scorable=False),
        "prefix": fields.FieldType(Frequency(), prefix_analyzer(), scorable=True),
        "vocab": fields.FieldType(Existence(), vocabulary_analyzer(), scorable=False),
        "created": fields.COLUMN(columns.NumericColumn("q")),
        "updated": fields.COLUMN(columns.NumericColumn("q")),
        "review_by": fields.COLUMN(columns.NumericColumn("i", default=NO_REVIEW)),
        "rating": fields.COLUMN(columns.NumericColumn("f", default=NO_RATING)),
        "usage": fields.COLUMN(columns.NumericColumn("q")),
        "owner": label_field(),
    }
    for name in KEYWORD_FIELDS:
        spec[name] = label_field()
    for category in {*categories, LANGUAGE_CATEGORY}:
        spec[tag_field(category)] = label_field()
    for lang in LANGUAGES:
        spec[text_field(lang)] = fields.TEXT(analyzer=text_analyzer(lang))
        spec[text_field(lang)].format = SectionPositions()
    return fields.Schema(**spec)


def document_language(doc: IndexDocument) -> str:
    """The document's language: explicit, else its language tag, else detected."""
    for candidate in (doc.language, *doc.tags.get(LANGUAGE_CATEGORY, ())):
        code = language_code(candidate)
        if code:
            return code
    sample = " ".join((doc.title, doc.description, *doc.pages[:3]))
    return detect_language(sample)


def _labels(values: Sequence[str]) -> str:
    return LABEL_SEP.join(v for v in values if v and v.strip())


def document_fields(doc: IndexDocument, categories: Sequence[str]) -> dict[str, Any]:
    """Keyword arguments for ``writer.add_document``/``update_document``."""
    lang = document_language(doc)
    all_tags = [label for labels in doc.tags.values() for label in labels]
    text = SECTION.join((doc.title, doc.description, " . ".join(all_tags), *doc.pages))
    out: dict[str, Any] = {
        "id": doc.asset_id,
        "title": doc.title,
        "prefix": " ".join((doc.title, *all_tags)),
        "vocab": " ".join((doc.title, doc.description, *all_tags)),
        text_field(lang): text,
        "type": doc.file_type,
        "status": doc.status,
        "owner": doc.owner,
        "created": _epoch(doc.created),
        "updated": _epoch(doc.updated),
        "review_by": doc.review_by.toordinal() if doc.review_by else NO_REVIEW,
        "rating": float(doc.rating) if doc.rating is not None else float(NO_RATING),
        "usage": int(doc.usage_count),
    }
    for category in categories:
        if category != LANGUAGE_CATEGORY and doc.tags.get(category):
            out[tag_field(category)] = _labels(doc.tags[category])
    out[tag_field(LANGUAGE_CATEGORY)] = _labels(language_labels(doc, lang))
    return out


def language_labels(doc: IndexDocument, lang: str) -> list[str]:
    """Facet labels of the document's languages: its Language tags as the taxonomy
    spells them, plus a readable name ("German") for the language of its text when
    no tag names it — never a bare code, so the UI shows "German (1)"."""
    tags = [" ".join(t.split()) for t in doc.tags.get(LANGUAGE_CATEGORY, ()) if t and t.strip()]
    labels = dict.fromkeys(tags)
    if not any(language_code(t) == lang for t in tags):
        labels[LANGUAGE_LABELS[lang]] = None
    return sorted(labels)


def _epoch(moment: datetime | date) -> int:
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())
