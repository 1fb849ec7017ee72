"""Suggested tags: rules per tag, reasons in plain words, nothing applied unasked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from enablement.errors import InvalidInput, PermissionDenied
from enablement.ingest import ImportOptions
from enablement.library import Library
from enablement.services import suggestions

from .conftest import MARKETER, SELLER
from .factories import write_pdf


def _import(library: Library, path: Path, tags: tuple[tuple[str, str], ...] = ()) -> int:
    [result] = library.import_files([path], ImportOptions(tags=tags))
    assert result.status == "imported", result
    assert result.asset_id is not None
    return result.asset_id


@pytest.fixture
def pricing_deck(library: Library, tmp_path: Path) -> int:
    pdf = write_pdf(
        tmp_path / "deck.pdf",
        [
            "Welcome. Our IT team and it works.",
            "Pricing: list pricing and discount pricing",
            "More pricing detail, Pricing tiers",
            "Pricing FAQ for hospitals. Enterprise plans.",
            "Repricing is not a match, nor is pricingx.",
        ],
    )
    return _import(library, pdf, (("segment", "Enterprise"),))


def by_tag(found: list[suggestions.Suggestion]) -> dict[str, suggestions.Suggestion]:
    return {s.tag: s for s in found}


def test_keyword_rules_propose_tags_with_a_reason(library: Library, pricing_deck: int) -> None:
    marketer = library.as_user(MARKETER)
    marketer.write(suggestions.set_keywords, "situation", "Proposal & pricing", ["pricing", ""])
    marketer.write(suggestions.set_keywords, "industry", "Healthcare", ["hospital", "hospitals"])

    found = by_tag(marketer.read(suggestions.suggest, [pricing_deck]))

    pricing = found["Proposal & pricing"]
    assert pricing.mentions == 6 and pricing.pages == (2, 3, 4)
    assert pricing.reason == "mentions 'pricing' 6 times on pages 2–4"
    assert found["Healthcare"].reason == "mentions 'hospitals' once on page 4"
    assert found["IT"].reason == "mentions 'IT' once on page 1"  # acronym: "it" does not count
    assert "Enterprise" not in found  # already on the asset
    assert next(s.tag for s in marketer.read(suggestions.suggest, [pricing_deck])) == (
        "Proposal & pricing"  # most mentions first
    )


def test_nothing_is_applied_until_accepted(library: Library, pricing_deck: int) -> None:
    marketer = library.as_user(MARKETER)
    marketer.write(suggestions.set_keywords, "situation", "Proposal & pricing", ["pricing"])
    marketer.read(suggestions.suggest, [pricing_deck])
    assert "situation" not in marketer.assets.get(pricing_deck).tags

    changed = marketer.write(
        suggestions.accept, [(pricing_deck, "situation", "Proposal & pricing")]
    )

    assert changed == [pricing_deck]
    assert marketer.assets.get(pricing_deck).tags["situation"] == ("Proposal & pricing",)
    left = by_tag(marketer.read(suggestions.suggest, [pricing_deck]))
    assert "Proposal & pricing" not in left


def test_retired_tags_are_never_suggested(library: Library, pricing_deck: int) -> None:
    library.taxonomy.retire_tag("persona", "IT")
    assert "IT" not in by_tag(library.read(suggestions.suggest, [pricing_deck]))


def test_keyword_rules_are_cleaned_and_listed(library: Library) -> None:
    marketer = library.as_user(MARKETER)
    saved = marketer.write(
        suggestions.set_keywords,
        "segment",
        "SMB",
        ["  small   business ", "Small Business", "", "startup"],
    )
    assert saved.lines == ("small business", "startup")
    listed = {(r.category, r.tag): r for r in marketer.read(suggestions.keyword_rules)}
    assert listed[("segment", "SMB")].lines == ("small business", "startup")
    with pytest.raises(InvalidInput, match="no letters"):
        marketer.write(suggestions.set_keywords, "segment", "SMB", ["--"])


def test_sellers_may_not_see_or_edit_rules(
    open_as: Callable[[str], Library], pricing_deck: int
) -> None:
    seller = open_as(SELLER)
    with pytest.raises(PermissionDenied):
        seller.write(suggestions.set_keywords, "segment", "SMB", ["startup"])
    with pytest.raises(PermissionDenied):
        seller.read(suggestions.suggest, [pricing_deck])


def test_phrases_match_whole_words_across_spacing() -> None:
    pattern = suggestions.compile_rule("small business")
    assert pattern.findall("Small\n business, small businesses, a smallbusiness") == [
        "Small\n business"
    ]
    assert suggestions.page_phrase([7, 1, 2, 4, 5, 6]) == "pages 1, 2 and 4–7"
    assert suggestions.page_phrase([3], "slide") == "slide 3"
    assert suggestions.rule_texts("Demo/Presentation", "demo\nwalkthrough") == [
        "Demo",
        "Presentation",
        "walkthrough",
    ]
