"""Searches are logged through the batched usage log, never in a write transaction."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from enablement.ingest import ImportOptions
from enablement.library import Library
from enablement.models import UsageEvent
from enablement.reports import ReportFilters
from enablement.usage_log import UsageLog

from .conftest import SELLER
from .factories import write_pdf


class NoWrites:
    """Stands in for the library's writer: any write transaction fails the test.

    The usage log keeps the writer it was built with, so its batches still work.
    """

    def __init__(self) -> None:
        self.opened = 0

    def begin(self) -> AbstractContextManager[Session]:
        self.opened += 1
        raise AssertionError("a search opened a write transaction")


def searches(library: Library) -> list[UsageEvent]:
    with library.reader() as session:
        found = session.scalars(select(UsageEvent).where(UsageEvent.kind == "search"))
        return list(found)


@pytest.fixture
def asset_id(library: Library, tmp_path: Path) -> int:
    pdf = write_pdf(tmp_path / "pricing.pdf", ["Pricing sheet for enterprise renewals"])
    tags = (("situation", "Negotiation"), ("segment", "Enterprise"))
    [result] = library.import_files([pdf], ImportOptions(tags=tags, publish=True))
    assert result.asset_id is not None and not result.warnings, result
    return result.asset_id


def test_a_logged_search_opens_no_write_transaction(
    library: Library, asset_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No background writer, so "queued, not yet written" below is certain.
    monkeypatch.setattr(library, "usage_log", UsageLog(library.writer.begin, background=False))
    spy = NoWrites()
    monkeypatch.setattr(library, "writer", spy)
    outcome = library.search("pricing", filters={"segment": ["Enterprise"]})
    assert spy.opened == 0
    assert outcome.search_key is not None
    # Queued, not yet written: the search returned before any database write.
    assert library.usage_log.pending() == 1 and searches(library) == []
    library.usage.flush()
    [event] = searches(library)
    assert event.event_key == outcome.search_key
    assert (event.query, event.normalized_query) == ("pricing", "pricing")
    assert event.filters == '{"segment": ["enterprise"]}'
    assert event.result_count == outcome.total
    assert event.role == "admin" and event.client == "test"


def test_typed_ahead_and_unlogged_searches_are_not_recorded(library: Library) -> None:
    library.search("pric", as_you_type=True)
    library.search("pricing", log=False)
    assert library.usage_log.pending() == 0
    library.usage.flush()
    assert searches(library) == []


def test_a_click_links_to_its_search_in_the_same_batch(library: Library, asset_id: int) -> None:
    seller = library.as_user(SELLER)
    first = seller.search("pricing")
    other = seller.search("no such thing anywhere")
    assert first.hits and first.hits[0].asset_id == asset_id and other.total == 0
    seller.usage.record("click", asset_id=asset_id, search_key=first.search_key, rank=1)
    seller.usage.flush()  # search and click reach the database together
    used = {e.event_key: e.search_used for e in searches(seller)}
    assert used == {first.search_key: True, other.search_key: False}
    with seller.reader() as session:
        click = session.scalars(select(UsageEvent).where(UsageEvent.kind == "click")).one()
    assert (click.search_key, click.rank) == (first.search_key, 1)


def test_search_gaps_read_the_batched_searches(library: Library, asset_id: int) -> None:
    seller = library.as_user(SELLER)
    used = seller.search("pricing")
    seller.usage.record("open", asset_id=asset_id, search_key=used.search_key)
    seller.search("Pricing")  # found, but nothing opened
    seller.search("battlecard  Acme")
    seller.search("battlecard acme")
    seller.usage.flush()
    report = library.reports.run("search-gaps", ReportFilters(today=date.today()))
    gaps = {
        r["normalized_query"]: (r["searches"], r["zero_results"], r["no_click"])
        for r in report.records()
    }
    assert gaps == {"battlecard acme": (2, 2, 0), "pricing": (2, 0, 1)}


def test_searches_are_written_on_a_normal_close(
    open_as: Callable[[str], Library], library_home: Path
) -> None:
    from enablement.library import open_library

    from .conftest import settings_for

    seller = open_library(settings_for(library_home, SELLER))
    seller.usage_log.close()
    seller.usage_log = UsageLog(seller.writer.begin, background=False)  # writes on close only
    keys = {seller.search(q).search_key for q in ("pricing", "case study", "roi")}
    assert seller.usage_log.pending() == 3
    seller.close()
    seller.index.close()
    seller.engine.dispose()
    with open_as(SELLER).reader() as session:
        logged = set(session.scalars(select(UsageEvent.event_key)))
        total = session.scalar(select(func.count()).select_from(UsageEvent))
    assert keys <= logged and total == 3
