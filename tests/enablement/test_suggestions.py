"""Suggested tags: rules per tag, reasons in plain words, nothing applied unasked."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.orm import Session

from enablement.changes import Changes
from enablement.db import make_engine, upgrade
from enablement.errors import InvalidInput, NotFound, PermissionDenied
from enablement.ingest import ImportOptions
from enablement.library import Library
from enablement.models import Asset, AssetVersion, PageText, SuggestionRejection
from enablement.permissions import Actor
from enablement.services import suggestions, taxonomy, users

from .conftest import MARKETER, OWNER, SELLER
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

    assert changed == Changes(
        assets=frozenset({pricing_deck}), suggestions=frozenset({pricing_deck})
    )
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
    assert saved.changes == Changes(taxonomy=True)
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


# -- rejections are kept --------------------------------------------------------


PRICING = (("situation", "Proposal & pricing"),)


def test_a_rejected_suggestion_stays_rejected_after_reopening(
    open_as: Callable[[str], Library], pricing_deck: int
) -> None:
    marketer = open_as(MARKETER)
    marketer.write(suggestions.set_keywords, "situation", "Proposal & pricing", ["pricing"])
    marketer.write(suggestions.set_keywords, "industry", "Healthcare", ["hospitals"])
    assert {"Proposal & pricing", "Healthcare"} <= set(
        by_tag(marketer.read(suggestions.suggest, [pricing_deck]))
    )

    changed = marketer.write(
        suggestions.reject, [(pricing_deck, "situation", "Proposal & pricing")]
    )

    assert changed == Changes(suggestions=frozenset({pricing_deck}))
    marketer.close()
    for name in (MARKETER, OWNER):  # reopened, and for another editor too
        left = by_tag(open_as(name).read(suggestions.suggest, [pricing_deck]))
        assert "Proposal & pricing" not in left
        assert "Healthcare" in left  # only what was rejected is gone
    assert "situation" not in open_as(OWNER).assets.get(pricing_deck).tags


def test_a_new_version_brings_a_rejected_suggestion_back(
    library: Library, pricing_deck: int, tmp_path: Path
) -> None:
    marketer = library.as_user(MARKETER)
    marketer.write(suggestions.set_keywords, "situation", "Proposal & pricing", ["pricing"])
    marketer.write(suggestions.reject, [(pricing_deck, "situation", "Proposal & pricing")])
    assert "Proposal & pricing" not in by_tag(marketer.read(suggestions.suggest, [pricing_deck]))

    newer = write_pdf(tmp_path / "deck-v2.pdf", ["New pricing for 2027", "Pricing tiers"])
    [result] = marketer.import_files([newer], ImportOptions(replace=pricing_deck))
    assert result.status == "imported", result

    again = by_tag(marketer.read(suggestions.suggest, [pricing_deck]))
    assert again["Proposal & pricing"].reason == "mentions 'pricing' twice on pages 1 and 2"


def test_rejecting_twice_or_for_several_assets_at_once(
    library: Library, pricing_deck: int, tmp_path: Path
) -> None:
    marketer = library.as_user(MARKETER)
    marketer.write(suggestions.set_keywords, "situation", "Proposal & pricing", ["pricing"])
    other = _import(marketer, write_pdf(tmp_path / "sheet.pdf", ["Pricing sheet"]))
    picks = [(pricing_deck, *PRICING[0]), (other, *PRICING[0])]

    first = marketer.write(suggestions.reject, picks)
    second = marketer.write(suggestions.reject, picks[:1])  # already rejected: no error

    assert first == Changes(suggestions=frozenset({pricing_deck, other}))
    assert second == Changes(suggestions=frozenset({pricing_deck}))
    found = marketer.read(suggestions.suggest, [pricing_deck, other])
    assert found and not [s for s in found if s.tag == "Proposal & pricing"]


def test_only_editors_reject_and_only_real_tags(
    open_as: Callable[[str], Library], pricing_deck: int
) -> None:
    with pytest.raises(PermissionDenied):
        open_as(SELLER).write(suggestions.reject, [(pricing_deck, *PRICING[0])])
    marketer = open_as(MARKETER)
    with pytest.raises(NotFound):
        marketer.write(suggestions.reject, [(pricing_deck, "situation", "No such tag")])
    with pytest.raises(NotFound):
        marketer.write(suggestions.reject, [(999_999, *PRICING[0])])


def test_merging_a_rejected_tag_away_drops_its_rejection(
    library: Library, pricing_deck: int
) -> None:
    marketer = library.as_user(MARKETER)
    marketer.write(suggestions.set_keywords, "industry", "Healthcare", ["hospitals"])
    marketer.write(suggestions.reject, [(pricing_deck, "industry", "Healthcare")])

    # The merge deletes the source tag; its rejections must not block that.
    marketer.taxonomy.merge_tags("industry", "Healthcare", "Manufacturing")

    assert "Healthcare" not in by_tag(marketer.read(suggestions.suggest, [pricing_deck]))
    assert marketer.read(_rejections) == 0


def _rejections(session: Session, _actor: object) -> int:
    return session.scalar(select(func.count()).select_from(SuggestionRejection)) or 0


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def migrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database brought to head by the migrations: SQLite (solo) or a fresh
    PostgreSQL schema (team), where rejecting again meets ON CONFLICT."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'rejections.sqlite3'}"
        upgrade(make_engine(url))
        yield url
        return
    base = os.environ.get("ENABLEMENT_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("ENABLEMENT_TEST_POSTGRES_URL is not set (e.g. postgresql+psycopg://...)")
    schema = f"rejections_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        engine = create_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _seed(session: Session) -> tuple[Actor, int]:
    taxonomy.seed_defaults(session)
    users.ensure_first_user(session, OWNER)
    session.flush()
    actor = users.actor_for(session, OWNER, "test")
    asset = Asset(title="Deck", owner_id=actor.user_id)
    asset.versions.append(
        AssetVersion(
            number=1, blob_digest="0" * 64, filename="deck.pdf", media_type="application/pdf",
            kind="pdf", size=1, created_by_id=actor.user_id,
            pages=[PageText(page_number=1, text="Pricing for hospitals")],
        )
    )  # fmt: skip
    session.add(asset)
    session.flush()
    suggestions.set_keywords(session, actor, "situation", "Proposal & pricing", ["pricing"])
    suggestions.set_keywords(session, actor, "industry", "Healthcare", ["hospitals"])
    return actor, asset.id


def test_rejections_persist_on_each_database(migrated_url: str) -> None:
    engine = make_engine(migrated_url)
    with Session(engine) as session, session.begin():
        actor, asset_id = _seed(session)
        assert "Proposal & pricing" in by_tag(suggestions.suggest(session, actor, [asset_id]))
    for _twice in range(2):  # the second finds the row there and leaves it alone
        with Session(engine) as session, session.begin():
            changed = suggestions.reject(session, actor, [(asset_id, *PRICING[0])])
            assert changed.suggestions == {asset_id}
    engine.dispose()

    reopened = make_engine(migrated_url)
    with Session(reopened) as session:
        left = by_tag(suggestions.suggest(session, actor, [asset_id]))
        assert "Proposal & pricing" not in left and "Healthcare" in left
        assert _rejections(session, actor) == 1
    reopened.dispose()
