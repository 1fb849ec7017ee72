"""Opening the library on the worker, and building the demo library on first run.

A team library (PostgreSQL) may open offline, from what this computer saved
at its last good open; `Opened.team`/`online` tell the window, which then
runs the team sync (`ui.team`) and shows the connection in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from . import LibraryOp

if TYPE_CHECKING:
    from enablement.library import Library
    from enablement.permissions import Actor
    from enablement.services.taxonomy import CategoryInfo
    from enablement.services.users import UserInfo

    from ..context import AppContext
    from ..tasks import JobContext


@dataclass(frozen=True)
class Opened:
    actor: Actor
    home: Path
    display_name: str
    segments: tuple[str, ...]  # labels of the person's segments
    taxonomy: tuple[CategoryInfo, ...]
    empty: bool
    demo_built: bool = False
    team: bool = False  # a shared PostgreSQL library, kept up to date by sync rounds
    online: bool = True  # False: opened from this computer's cache
    queued: int = 0  # ratings, requests and usage waiting in the offline outbox
    rebuilding: bool = False  # the local index is being built; results fill in

    def category_label(self, slug: str) -> str:
        for category in self.taxonomy:
            if category.slug == slug:
                return category.label
        return "Type" if slug == "type" else slug.replace("-", " ").capitalize()

    def tag_labels(self, slug: str) -> list[str]:
        for category in self.taxonomy:
            if category.slug == slug:
                return [t.label for t in category.tags if not t.retired]
        return []


def open_library(
    ctx: AppContext, home: Path | None, user: str | None, *, build_demo: bool = True
) -> LibraryOp[Opened]:
    def work(job: JobContext) -> Opened:
        from enablement.config import load_settings
        from enablement.library import open_library as open_lib

        settings = load_settings(home=home, user=user, client="desktop")
        job.set_library(open_lib(settings, refresh_cache=False))
        if not settings.is_embedded:
            # The window's first sync round brings a team library up to date
            # off this worker (a new laptop's first index build takes minutes).
            return describe(job, False, _is_empty(job))
        _catch_up_index(job)
        empty = _is_empty(job)
        built = False
        if empty and build_demo and _demo_builder() is not None and _is_first_run(job):
            built = _build_demo(job, settings.home, settings.user)
            job.set_library(open_lib(settings))
            empty = _is_empty(job)
        return describe(job, built, empty)

    return LibraryOp(ctx, work, label="Opening the library", cancellable=True)


def describe(job: JobContext, demo_built: bool, empty: bool) -> Opened:
    lib = job.lib
    offline = lib.offline
    taxonomy, me = _taxonomy_and_me(lib)
    slugs = me.segments
    labels = {t.slug: t.label for c in taxonomy if c.slug == "segment" for t in c.tags}
    return Opened(
        actor=lib.actor,
        home=lib.settings.home,
        display_name=me.display_name,
        segments=tuple(labels.get(s, s) for s in slugs),
        taxonomy=taxonomy,
        empty=empty and not lib.index.needs_rebuild,
        demo_built=demo_built,
        team=offline is not None,
        online=offline is None or offline.online,
        queued=offline.outbox.pending() if offline is not None else 0,
        rebuilding=lib.index.needs_rebuild,
    )


def _taxonomy_and_me(lib: Library) -> tuple[tuple[CategoryInfo, ...], UserInfo]:
    """From the database, or offline as this person last saw the library."""
    from enablement.offline import Offline

    offline = lib.offline
    if offline is None or offline.online:
        try:
            return tuple(lib.taxonomy.list()), lib.users.me()
        except Offline:
            if offline is None:
                raise
    profile = offline.profile()
    if profile is None:
        from enablement.offline import NothingCached

        raise NothingCached()
    return profile.taxonomy, profile.me


def _catch_up_index(job: JobContext) -> None:
    """Absorb pending catalogue changes now; rebuild a lost index on its own thread.

    A rebuild can take minutes on a large library, so the window does not wait
    for it: searches answer "index rebuilding" meanwhile and refresh by
    themselves (see SearchPanel).
    """
    lib = job.lib
    if lib.index.needs_rebuild:
        lib.catch_up_in_background()
    else:
        lib.catch_up_index()


def _is_empty(job: JobContext) -> bool:
    """Nothing to show: no search results for this person."""
    return job.lib.search("", limit=1, log=False).total == 0


def _is_first_run(job: JobContext) -> bool:
    """A brand-new library: one user (its creator, who may see everything) and no assets.

    Only then may the demo generator take over the folder and replace the library in it.
    """
    from enablement.permissions import Action

    lib = job.lib
    if not lib.actor.may(Action.SEE_UNPUBLISHED) or lib.users.count() != 1:
        return False
    return lib.assets.count() == 0


class DemoBuilder(Protocol):
    """`resources.demo.build.build_demo`, as the first run calls it."""

    def __call__(
        self,
        home: Path,
        progress: Callable[[str, int, int], None] | None = ...,
        *,
        force: bool = ...,
        owner: str = ...,
        cancelled: Callable[[], bool] | None = ...,
    ) -> object: ...


def _demo_builder() -> DemoBuilder | None:
    try:
        from resources.demo.build import build_demo
    except ImportError:
        return None
    return build_demo


def _build_demo(job: JobContext, home: Path, owner: str) -> bool:
    """Close the (empty) library and let the demo generator fill its folder.

    The generator builds aside and moves the result into place only when
    complete, so a cancel leaves the empty library as it was; the caller
    reopens the folder either way.
    """
    from resources.demo.build import DemoCancelled

    builder = _demo_builder()
    assert builder is not None
    library = job.lib
    job.set_library(None)
    library.close()
    library.index.close()
    library.engine.dispose()

    def progress(stage: str, done: int, total: int) -> None:
        job.progress(done, total, stage or "Building the demo library")

    try:
        # force: the folder holds only the empty library `_is_first_run` checked
        builder(home, progress, force=True, owner=owner, cancelled=job.cancelled)
    except DemoCancelled:
        return False
    return True
