"""Build the demo library: render the collateral, import it, then add people and history.

`build_demo` is the one entry point (the CLI runs it through ``python -m
resources.demo`` in a subprocess, because rendering PDFs needs Qt and
`enablement` never imports Qt). Everything goes through the library's own
import and services, so the demo exercises the same rules real use does;
only timestamps are moved into the past afterwards, to give reports 90 days
of history. Random choices come from one seeded generator: the same build
date gives the same library.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from enablement.config import Settings
from enablement.ingest import Importer, ImportOptions, ImportResult
from enablement.library import Library, open_library
from enablement.models import Asset
from enablement.permissions import Actor
from enablement.services import assets as asset_service

from . import feedback, traffic
from .collateral import ASSETS
from .people import PEOPLE
from .place import check_home, discard, make_staging, move_into_place
from .render_docx import render_docx
from .render_pdf import render_pdf
from .render_pptx import render_pptx
from .spec import PRODUCTS, AssetSpec

Progress = Callable[[str, int, int], None]
SEED = 20250106
RENDERERS = {"pdf": render_pdf, "docx": render_docx, "pptx": render_pptx}
# Which marketer looks after which kind of content (for the per-owner reports).
CONTENT_OWNERS = {"Closing": "tom", "Onboarding": "tom", "Renewal & upsell": "tom"}


class DemoCancelled(Exception):
    """The build was cancelled; the target folder is as it was before."""


@dataclass(frozen=True)
class DemoSummary:
    home: Path
    assets: int
    published: int
    drafts: int
    archived: int
    users: int
    ratings: int
    requests: int
    usage_events: int
    seconds: float

    def lines(self) -> list[str]:
        return [
            f"Demo library built in {self.home} in {self.seconds:.1f} s",
            (
                f"  {self.assets} assets: {self.published} published, {self.drafts} drafts, "
                f"{self.archived} archived"
            ),
            f"  {self.users} users, {self.ratings} ratings, {self.requests} requests",
            f"  {self.usage_events} usage events over 90 days",
        ]


def demo_settings(home: Path, user: str) -> Settings:
    """A solo library in `home`, ignoring any configured database or store."""
    home = home.expanduser().resolve()
    return Settings(
        home=home,
        database_url=f"sqlite:///{home / 'library.sqlite3'}",
        store_url=str(home / "blobs"),
        user=user,
        client="desktop",
    )


def build_demo(
    home: Path,
    progress: Progress | None = None,
    *,
    force: bool = False,
    owner: str = "olivia",
    cancelled: Callable[[], bool] | None = None,
) -> DemoSummary:
    """Create the demo library in `home` and say what is in it.

    `home` may be missing, empty or hold a brand-new library; anything else
    is refused unless `force`. `cancelled` is asked between steps; once it
    answers True the build stops with `DemoCancelled`. A cancelled or failed
    build leaves `home` as it was (see `place`).
    """
    started = time.monotonic()
    home = home.expanduser().resolve()
    report = _reporter(progress, cancelled)
    check_home(home, force)
    home_was_there = home.exists()
    staging = make_staging(home)
    try:
        summary = _fill(staging, owner, report)
        report("Moving the library into place", 0, 1)  # the last moment to cancel
        move_into_place(staging, home)
    except BaseException:
        discard(staging, home, home_was_there)
        raise
    discard(staging, home, home_was_there=True)  # only the emptied staging folder
    return replace(summary, home=home, seconds=time.monotonic() - started)


def _reporter(progress: Progress | None, cancelled: Callable[[], bool] | None) -> Progress:
    def report(stage: str, done: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise DemoCancelled("the demo library was not built: cancelled")
        if progress is not None:
            progress(stage, done, total)

    return report


def _fill(folder: Path, owner: str, report: Progress) -> DemoSummary:
    """Build the whole demo library in `folder` (a staging folder)."""
    rng = random.Random(SEED)
    now = datetime.now(UTC).replace(microsecond=0)
    library = open_library(demo_settings(folder, owner))
    try:
        add_people(library)
        with tempfile.TemporaryDirectory(prefix="enablement-demo-") as scratch:
            files = render_all(Path(scratch), report)
            ids = import_all(library, files, report)
        describe_assets(library, ids, now, report)
        report("Adding ratings and requests", 0, 1)
        counts = feedback.add_feedback(library, ids, now)
        report("Indexing", 0, 1)
        library.catch_up_index()
        events = traffic.add_usage(library, ids, now, rng, report)
        set_review_dates(library, ids, now.date())
        library.catch_up_index()
        return DemoSummary(
            home=folder,
            assets=len(ids),
            published=sum(1 for s in ASSETS if s.status == "published"),
            drafts=sum(1 for s in ASSETS if s.status == "draft"),
            archived=sum(1 for s in ASSETS if s.status == "archived"),
            users=len(PEOPLE) + 1,
            ratings=counts.ratings,
            requests=counts.requests,
            usage_events=events,
            seconds=0.0,
        )
    finally:
        library.close()
        library.index.close()
        library.engine.dispose()


def add_people(library: Library) -> None:
    for product in PRODUCTS:
        library.taxonomy.add_tag("product", product)
    for person in PEOPLE:
        library.users.add(
            person.name, person.role, display_name=person.display_name, segments=person.segments
        )


def render_all(folder: Path, report: Progress) -> dict[str, Path]:
    """Write every asset's file into `folder`; file name -> path."""
    files: dict[str, Path] = {}
    for done, spec in enumerate(ASSETS, start=1):
        files[spec.file_name] = RENDERERS[spec.kind](spec, folder / spec.file_name)
        report("Writing collateral", done, len(ASSETS))
    return files


def import_all(library: Library, files: dict[str, Path], report: Progress) -> dict[str, int]:
    """Import through the real importer; asset title -> id. A failed file is a bug here."""
    # The importer itself rather than `library.import_files`, which would index the
    # bare files now and again after tagging; the index is brought up to date once, later.
    importer = Importer(library.writer, library.store, library.pool, library.actor)
    results: list[ImportResult] = importer.run(
        list(files.values()),
        ImportOptions(change_note="Demo collateral"),
        progress=lambda p: report("Importing", p.done, p.total),
    )
    failed = [r.reason for r in results if r.status != "imported"]
    if failed:
        raise RuntimeError("demo collateral did not import: " + "; ".join(map(str, failed)))
    by_file = {r.name: r.asset_id for r in results}
    return {spec.title: by_file[spec.file_name] for spec in ASSETS}  # type: ignore[misc]


def describe_assets(library: Library, ids: dict[str, int], now: datetime, report: Progress) -> None:
    """Title, description, tags, owner and status, as a marketer would set them; backdated."""
    actor: Actor = library.actor
    for done, spec in enumerate(ASSETS):
        report("Describing and tagging", done, len(ASSETS))
        asset_id = ids[spec.title]
        with library.writer.begin() as session:  # one short transaction per asset, as in the UI
            asset_service.update(
                session,
                actor,
                asset_id,
                title=spec.title,
                description=spec.description,
                audience=spec.audience,
                owner=owner_of(spec),
            )
            asset_service.retag(session, actor, asset_id, add=spec.tags())
            if spec.status != "draft":
                asset_service.set_status(session, actor, asset_id, "published")
            if spec.status == "archived":
                asset_service.set_status(session, actor, asset_id, "archived")
            backdate(session.get_one(Asset, asset_id), spec, now)


def owner_of(spec: AssetSpec) -> str:
    if spec.status == "draft":
        return "maria"
    return next((CONTENT_OWNERS[s] for s in spec.situation if s in CONTENT_OWNERS), "maria")


def set_review_dates(library: Library, ids: dict[str, int], today: date) -> None:
    """Last, because an expired asset is hidden from the sellers who rated it earlier."""
    with library.writer.begin() as session:
        for spec in ASSETS:
            if spec.review_in_days is not None:
                review_by = today + timedelta(days=spec.review_in_days)
                asset_service.update(session, library.actor, ids[spec.title], review_by=review_by)
    library.catch_up_index()


def backdate(asset: Asset, spec: AssetSpec, now: datetime) -> None:
    published = now - timedelta(days=spec.age_days, hours=3)
    asset.created = published - timedelta(days=2)
    asset.published_at = published if spec.status != "draft" else None
    asset.updated = (
        now - timedelta(days=max(1, spec.age_days // 3)) if spec.status == "archived" else published
    )
    for version in asset.versions:
        version.created = asset.created
