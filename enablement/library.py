"""The `Library` facade: one object that owns the database, blobs and index.

Callers (CLI, UI, tests) open a library from settings and act through its
sub-APIs (`library.assets`, `library.search`, ...). Each call is one use
case: it opens a session, hands it to the services, commits, and brings the
search index up to date. Methods stay short and delegate.

`open_library` opens a solo (SQLite) library or a team (PostgreSQL) one. A
team library always comes with offline mode attached (`enablement.offline`),
and opens from what this computer saved at its last good open when the
database cannot be reached.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from content_store import ContentStore, Digest, StoreError, open_store

from .config import Settings
from .db import check_schema, make_engine, session_factory, upgrade
from .errors import EnablementError, StorageProblem
from .indexing import Indexer
from .ingest import DEFAULT_OPTIONS, Importer, ImportOptions, ImportProgress, ImportResult
from .models import AssetVersion
from .permissions import Action, Actor
from .search import SearchIndex
from .services import taxonomy as taxonomy_service
from .services import users as user_service
from .usage_log import UsageLog

if TYPE_CHECKING:
    from .extraction import ExtractionPool
    from .offline import OfflineMode, Outbox

T = TypeVar("T")
USAGE_FLUSH_SECONDS = 2.0


class Library:
    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        store: ContentStore,
        index: SearchIndex,
        pool: ExtractionPool | None = None,
        usage_log: UsageLog | None = None,
        *,
        actor: Actor | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.store = store
        self.index = index
        self.reader = session_factory(engine)
        self.writer = session_factory(engine, writer=True)
        self.indexer = Indexer(self.reader, index, settings.index_dir)
        # A pool handed in is shared (tests, a second user in the same
        # process) and stays open when this library closes.
        self._pool: ExtractionPool | None = pool
        self._owns_pool = pool is None
        self._pool_lock = threading.Lock()
        if actor is not None:  # opened offline: the person as last seen online
            self.actor = actor
        else:
            with self.reader() as session:
                name = settings.user
                if not settings.is_embedded:
                    # Team mode: the database login is the person; a client cannot
                    # claim to be someone else by changing a setting.
                    name = session.scalar(text("SELECT current_user")) or settings.user
                self.actor = user_service.actor_for(session, name, settings.client)
        from .api import (
            AssetsApi,
            CollectionsApi,
            RatingsApi,
            ReportsApi,
            RequestsApi,
            SearchApi,
            TaxonomyApi,
            UsageApi,
            UsersApi,
        )

        self.assets = AssetsApi(self)
        self.search = SearchApi(self)
        self.taxonomy = TaxonomyApi(self)
        self.users = UsersApi(self)
        self.ratings = RatingsApi(self)
        self.requests = RequestsApi(self)
        self.collections = CollectionsApi(self)
        self.usage = UsageApi(self)
        self.reports = ReportsApi(self)
        # Views, opens and clicks are queued and written in batches off the
        # caller's path; a normal close writes whatever is left.
        # Shared with `as_user` copies: each event carries its own actor.
        self._owns_usage_log = usage_log is None
        self.usage_log = usage_log or UsageLog(self.writer.begin, interval=USAGE_FLUSH_SECONDS)
        # Team mode: cached answers and a local outbox while the database is away.
        self.offline: OfflineMode | None = None
        # Used by catch-ups that are not handed their own (a team sync round's):
        # the desktop shows "catching up N of M" and cancels a rebuild on quit.
        self.catch_up_progress: Callable[[int, int], None] | None = None
        self.catch_up_cancelled: Callable[[], bool] | None = None

    # -- plumbing shared by the sub-APIs ------------------------------------

    def write(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run one service call in its own write transaction, then re-index."""
        with self.writer.begin() as session:
            result = work(session, self.actor, *args, **kwargs)
        self._absorb()
        return result

    def _absorb(self) -> None:
        """Index this client's own change now, unless the index is being
        rebuilt, was left part-built (a cancelled rebuild resumes at the next
        start or rebuild), or in team mode is about to be by a sync round: a
        rebuild takes minutes, reads the change from the catalogue anyway, and
        the change (and every search queued behind it on the desktop's worker)
        must not wait for it. A solo library whose index is missing builds it here."""
        if self.indexer.rebuilding or (
            self.index.needs_rebuild and (self.indexer.interrupted or self.offline is not None)
        ):
            return
        self.indexer.sync()

    def read(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.reader() as session:
            return work(session, self.actor, *args, **kwargs)

    def session(self) -> Session:
        return self.reader()

    @property
    def pool(self) -> ExtractionPool:
        with self._pool_lock:
            if self._pool is None:
                from .extraction import ExtractionPool

                self._pool = ExtractionPool()
                self._owns_pool = True
            return self._pool

    # -- use cases that span services ---------------------------------------

    def import_files(
        self,
        paths: Sequence[Path],
        options: ImportOptions = DEFAULT_OPTIONS,
        progress: Callable[[ImportProgress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        on_result: Callable[[ImportResult], None] | None = None,
    ) -> list[ImportResult]:
        importer = Importer(self.writer, self.store, self.pool, self.actor)
        results = importer.run(paths, options, progress, cancelled, on_result)
        self._absorb()
        return results

    def reindex(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.actor.require(Action.REINDEX)
        self.indexer.rebuild(progress, cancelled)

    def catch_up_index(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Bring the index up to the catalogue: rebuild it if it is missing,
        damaged or outdated (with progress), else absorb pending changes.

        A team library working offline keeps the index it has (returns 0) and
        waits for the next sync round, which probes the database itself.
        """
        offline = self.offline
        if offline is not None and not offline.online and not offline.probing:
            return 0
        if self.index.needs_rebuild:
            self.indexer.rebuild(
                progress or self.catch_up_progress,
                cancelled or self.catch_up_cancelled,
                only_if_needed=True,
            )
            return -1
        return self.indexer.sync()

    def catch_up_in_background(
        self, progress: Callable[[int, int], None] | None = None
    ) -> threading.Thread:
        """Catch up on a thread of its own; searches meanwhile answer with
        "index rebuilding" instead of waiting."""
        thread = threading.Thread(
            target=self.catch_up_index, args=(progress,), name="index-catch-up", daemon=True
        )
        thread.start()
        return thread

    def tidy_index(self) -> int:
        """Merge the index's small segments when the person is idle (0: nothing to do).

        Interactive commits never merge, so saving stays instant; the desktop
        calls this after a quiet spell. Every client's index is its own
        derived data, so no permission is involved.
        """
        return self.indexer.tidy()

    def blob_path(self, digest: str) -> Path:
        try:
            return self.store.local_path(Digest.parse(digest))
        except StoreError as exc:
            raise StorageProblem(f"the file could not be read from the library: {exc}") from exc

    def verify(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[dict[str, object]]:
        from .verification import verify_library

        self.actor.require(Action.VERIFY)
        return verify_library(self, progress, cancelled)

    def as_user(self, name: str) -> Library:
        """The same library acting for another existing user (tests, --as)."""
        return Library(
            replace(self.settings, user=name),
            self.engine,
            self.store,
            self.index,
            self._pool,
            self.usage_log,
        )

    def close(self) -> None:
        if self._owns_usage_log:
            self.usage_log.close()  # offline: what is left goes to the outbox
            if self.offline is not None:
                self.offline.outbox.close()
        else:
            self.usage_log.flush()
        with self._pool_lock:
            if self._pool is not None and self._owns_pool:
                self._pool.close()
            self._pool = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def prepare_database(settings: Settings) -> Engine:
    """Create or upgrade the schema and seed what an empty library needs."""
    engine = make_engine(settings.database_url)
    state = check_schema(engine)
    if state != "current":
        upgrade(engine)
    with session_factory(engine, writer=True).begin() as session:
        taxonomy_service.seed_defaults(session)
        if settings.is_embedded:
            user_service.ensure_first_user(session, settings.user)
    return engine


def open_library(
    settings: Settings,
    *,
    create: bool = True,
    pool: ExtractionPool | None = None,
    refresh_cache: bool = True,
) -> Library:
    """Open the library the settings name.

    A team library (PostgreSQL) is opened as the database login, with offline
    mode attached; its schema is `enablement team init`'s, so `create` only
    applies to solo libraries. When the database cannot be reached it opens
    from this computer's cache (`Library.offline.online` is then False), or
    raises `NothingCached` when this computer never opened it before. Online,
    it sends what the outbox holds and, with `refresh_cache`, brings the cached
    asset details up to date (the desktop leaves that to its first sync round).
    """
    if not settings.is_embedded:
        return _open_team(settings, pool, refresh_cache)
    return _open_connected(settings, create=create, pool=pool)


def _open_connected(settings: Settings, *, create: bool, pool: ExtractionPool | None) -> Library:
    settings.home.mkdir(parents=True, exist_ok=True)
    if create:
        engine = prepare_database(settings)
    else:
        engine = make_engine(settings.database_url)
        if check_schema(engine) != "current":
            command = "enablement init" if settings.is_embedded else "enablement team init"
            raise EnablementError(
                f"the library database needs to be created or upgraded: run '{command}'"
            )
    try:
        store = open_store(settings.store_url, cache_dir=settings.cache_dir)
    except StoreError as exc:
        raise StorageProblem(f"cannot open the file store {settings.store_url}: {exc}") from exc
    with session_factory(engine)() as session:
        categories = taxonomy_service.category_slugs(session)
    index = SearchIndex(settings.index_dir, categories)
    return Library(settings, engine, store, index, pool)


def _open_team(settings: Settings, pool: ExtractionPool | None, refresh_cache: bool) -> Library:
    from .offline import OUTBOX_FILE, Offline, Outbox, attach
    from .team.identity import team_settings, with_network_timeouts

    settings.home.mkdir(parents=True, exist_ok=True)
    outbox = Outbox(settings.home / OUTBOX_FILE)
    try:
        try:
            library = _open_connected(team_settings(settings), create=False, pool=pool)
        except Exception as exc:
            if not _unreachable(exc):
                raise
            url = with_network_timeouts(settings.database_url)
            return _open_offline(replace(settings, database_url=url), outbox, pool, exc)
    except BaseException:
        outbox.close()
        raise
    mode = attach(library, outbox)  # the library closes the outbox from now on
    try:
        mode.remember_profile()  # what opening offline next time needs
        mode.deliver()  # what this computer queued last time goes out now
        if refresh_cache:
            mode.refresh()  # what offline search answers from next time
    except Offline:
        pass  # lost again just after opening: the outbox keeps it
    except BaseException:
        library.close()
        library.index.close()
        library.engine.dispose()
        raise
    return library


def _open_offline(
    settings: Settings, outbox: Outbox, pool: ExtractionPool | None, cause: BaseException
) -> Library:
    """The library as this computer last saw it: cached identity, taxonomy and index."""
    from .offline import NothingCached, attach, cached_profile

    profile = cached_profile(outbox, settings.database_url)
    if profile is None:
        raise NothingCached(_first_line(cause)) from cause
    settings = replace(settings, user=profile.login)
    try:
        store = open_store(settings.store_url, cache_dir=settings.cache_dir)
    except StoreError as exc:
        raise StorageProblem(f"cannot open the file store {settings.store_url}: {exc}") from exc
    engine = make_engine(settings.database_url)
    index = SearchIndex(settings.index_dir, list(profile.categories))
    actor = replace(profile.actor, client=settings.client)
    library = Library(settings, engine, store, index, pool, actor=actor)
    mode = attach(library, outbox)
    mode.online = False
    return library


def _unreachable(exc: BaseException) -> bool:
    """The error, or one it wraps, says the database could not be reached."""
    from .offline import is_unreachable

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if is_unreachable(current) or is_unreachable(getattr(current, "orig", None)):
            return True
        current = current.__cause__ or current.__context__
    return False


def _first_line(exc: BaseException) -> str:
    text_lines = str(exc).strip().splitlines()
    return text_lines[0][:200] if text_lines else type(exc).__name__


def known_digests(session: Session) -> set[Digest]:
    return {Digest.parse(d) for d in session.scalars(select(AssetVersion.blob_digest).distinct())}


__all__ = ["Library", "known_digests", "open_library", "prepare_database"]
