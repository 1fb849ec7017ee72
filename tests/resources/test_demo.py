"""The demo library generator: what `enablement demo` builds, checked once per module."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from enablement.library import Library, open_library
from enablement.models import MaterialRequest, PageText, Rating, UsageEvent
from resources.demo.__main__ import main
from resources.demo.build import DemoSummary, build_demo, demo_settings
from resources.demo.place import STAGING_PREFIX, LibraryNotEmpty

pytestmark = pytest.mark.slow  # builds the whole demo library once

SITUATIONS = {
    "Prospecting", "Discovery", "Demo/Presentation", "Objection handling", "Proposal & pricing",
    "Negotiation", "Closing", "Onboarding", "Renewal & upsell",
}  # fmt: skip
SEGMENTS = {"SMB", "Mid-market", "Enterprise", "Public sector"}


@pytest.fixture(scope="module")
def demo(demo_template: tuple[Path, DemoSummary], demo_copy: Path) -> tuple[Path, DemoSummary]:
    return demo_copy, demo_template[1]


@pytest.fixture(scope="module")
def library(demo: tuple[Path, DemoSummary]) -> Iterator[Library]:
    lib = open_library(demo_settings(demo[0], "olivia"))
    yield lib
    lib.close()
    lib.index.close()
    lib.engine.dispose()


def scalar(library: Library, statement: object) -> int:
    with library.session() as session:
        return int(session.scalar(statement) or 0)  # type: ignore[call-overload]


def test_summary_counts(
    demo_template: tuple[Path, DemoSummary], demo: tuple[Path, DemoSummary]
) -> None:
    summary = demo[1]
    home = demo_template[0]
    assert summary.home == home.resolve()  # the folder asked for, not where it was built
    assert not [p for p in home.iterdir() if p.name.startswith(STAGING_PREFIX)]
    assert summary.assets >= 45
    assert summary.published >= 40 and summary.drafts >= 1 and summary.archived == 1
    assert summary.users == 8 and summary.ratings >= 20 and summary.requests >= 8


def test_published_assets_cover_every_situation_and_segment(library: Library) -> None:
    published = library.assets.list(status="published")
    assert len(published) >= 40
    assert {s for a in published for s in a.tags.get("situation", ())} == SITUATIONS
    assert {s for a in published for s in a.tags.get("segment", ())} == SEGMENTS
    assert all(a.description and a.tags.get("language") for a in published)
    assert sum(1 for a in published if a.tags.get("product")) >= 35
    assert sum(1 for a in published if a.tags.get("industry")) >= 15
    languages = {label for a in published for label in a.tags["language"]}
    assert {"English", "German", "French", "Spanish"} <= languages


def test_marketer_screens_have_drafts_archive_and_expired_reviews(library: Library) -> None:
    assets = library.assets.list()
    statuses = Counter(a.status for a in assets)
    assert statuses["draft"] >= 2 and statuses["archived"] == 1
    assert any(a.review_by and a.review_by < date.today() for a in assets)
    assert {a.owner for a in assets} >= {"maria", "tom"}


def test_pdfs_are_multi_page_with_text_on_every_page(library: Library) -> None:
    import pypdf

    pdfs = [a for a in library.assets.list(status="published") if a.kind == "pdf"]
    assert len(pdfs) >= 15
    for asset in pdfs:
        reader = pypdf.PdfReader(library.assets.file_path(asset.id))
        assert len(reader.pages) >= 2, asset.title
        assert reader.metadata is not None and reader.metadata.title == asset.title
        for number, page in enumerate(reader.pages, start=1):
            words = (page.extract_text() or "").split()
            assert len(words) >= 15, f"{asset.title} page {number}: {words}"


def test_pages_hold_distinct_text(library: Library) -> None:
    asset = next(a for a in library.assets.list() if a.title.startswith("Case Study: St. Aldric"))
    assert asset.current is not None
    with library.session() as session:
        texts = list(
            session.scalars(
                select(PageText.text)
                .where(PageText.version_id == asset.current.id)
                .order_by(PageText.page_number)
            )
        )
    assert len(texts) == 3 and len(set(texts)) == 3
    assert "Epic" in texts[1] and "4.2 days" in texts[2]


def test_docx_and_pptx_are_real_office_files(library: Library) -> None:
    import docx
    import pptx

    assets = library.assets.list(status="published")
    documents = [a for a in assets if a.kind == "docx"]
    decks = [a for a in assets if a.kind == "pptx"]
    assert len(documents) >= 10 and len(decks) >= 5
    document = docx.Document(str(library.assets.file_path(documents[0].id)))
    assert document.core_properties.title == documents[0].title
    assert any(p.style and p.style.name.startswith("Heading") for p in document.paragraphs)
    assert any(len(docx.Document(str(library.assets.file_path(a.id))).tables) for a in documents)
    deck = pptx.Presentation(str(library.assets.file_path(decks[0].id)))
    assert len(deck.slides) >= 4
    assert any(s.has_notes_slide and s.notes_slide.notes_text_frame.text for s in deck.slides)


def test_people_ratings_and_requests(library: Library) -> None:
    roles = Counter(u.role for u in library.users.list())
    assert roles == {"seller": 5, "marketer": 2, "admin": 1}
    assert scalar(library, select(func.count()).select_from(Rating).where(Rating.stars <= 2)) >= 3
    assert (
        scalar(library, select(func.count()).select_from(Rating).where(Rating.comment != "")) >= 15
    )
    with library.session() as session:
        statuses = Counter(session.scalars(select(MaterialRequest.status)))
    assert {"open", "in-progress", "fulfilled", "declined"} <= set(statuses)
    assert any(r.votes >= 2 for r in library.requests.list())


def test_usage_spans_ninety_days_with_uneven_use(library: Library) -> None:
    with library.session() as session:
        first, last = session.execute(
            select(func.min(UsageEvent.occurred_at), func.max(UsageEvent.occurred_at))
        ).one()
        kinds = Counter(session.scalars(select(UsageEvent.kind)))
        per_asset = Counter(
            session.scalars(select(UsageEvent.asset_id).where(UsageEvent.kind == "view"))
        )
        gaps = set(
            session.scalars(
                select(UsageEvent.normalized_query).where(
                    UsageEvent.kind == "search", UsageEvent.result_count == 0
                )
            )
        )
        searched = {
            k
            for (k,) in session.execute(
                select(UsageEvent.event_key).where(
                    UsageEvent.kind == "search",
                    UsageEvent.normalized_query == "gdpr data processing agreement",
                )
            )
        }
        clicked = set(
            session.scalars(select(UsageEvent.search_key).where(UsageEvent.kind == "click"))
        )
    assert (last - first).days >= 85
    assert {"search", "click", "view", "open", "export", "rate", "request-created"} <= set(kinds)
    assert kinds["search"] >= 500
    assert {"gdpr dpa", "vpat", "pipewell"} <= gaps
    assert searched and not searched & clicked  # found loosely related pieces, opened none
    published = {a.id for a in library.assets.list(status="published")}
    never_used = published - set(per_asset)
    assert never_used, "some published asset should never have been viewed"
    assert max(per_asset.values()) >= 10 * min(per_asset.values())


def test_clicks_point_back_to_their_search(library: Library) -> None:
    with library.session() as session:
        searches = set(
            session.scalars(select(UsageEvent.event_key).where(UsageEvent.kind == "search"))
        )
        clicks = session.execute(
            select(UsageEvent.search_key, UsageEvent.rank).where(UsageEvent.kind == "click")
        ).all()
    assert clicks and all(key in searches and (rank or 0) >= 1 for key, rank in clicks)


def test_refuses_a_non_empty_folder_without_force(
    demo: tuple[Path, DemoSummary], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(LibraryNotEmpty):
        build_demo(demo[0])
    assert main(["--library", str(demo[0]), "--quiet"]) == 1
    assert "--force" in capsys.readouterr().err
