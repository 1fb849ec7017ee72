"""Ninety days of usage: searches, clicks, views, opens, exports and shares.

Sellers run search sessions on working days, a little more each week as the
library catches on. What they search for comes from the relevance set and
from each asset's own title, weighted by the asset's popularity and by
whether it fits the seller's segments, so some pieces are used heavily and
some never. Every search is answered by the real index once, so result
counts, clicked ranks and zero-result gaps match what the library finds
today. Events are written in one transaction with `search_key` tying each
click to its search.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from enablement.library import Library
from enablement.models import UsageEvent
from enablement.permissions import Actor
from enablement.services import usage
from enablement.services import users as user_service

from .collateral import ASSETS
from .people import GAP_QUERIES, PEOPLE
from .relevance import CASES

DAYS = 90
GAP_SHARE = 0.08  # share of searches for content that does not exist
RESULTS_SEEN = 5  # sellers click within the first few hits; fewer hits, fewer snippets to build
FOLLOW_UPS = (("open", 0.45), ("export", 0.25), ("share", 0.07), ("drag-out", 0.05))


@dataclass(frozen=True)
class Intent:
    """Something a seller looks for: a query, optional filters, the assets meant."""

    query: str
    targets: tuple[int, ...]
    segments: frozenset[str]
    weight: float
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    total: int
    hits: tuple[int, ...]


def title_query(title: str) -> str:
    """What a seller would type for an asset: a few words of its title, lower case."""
    core = title.split(":", 1)[-1] if ":" in title and not title.startswith("Case") else title
    words = re.findall(r"[\w'&-]+", core.lower())
    return " ".join(words[:4])


def intents(ids: Mapping[str, int]) -> list[Intent]:
    specs = {s.title: s for s in ASSETS if s.status == "published"}
    found: list[Intent] = []
    for case in CASES:
        targets = [s for t in case.expected if (s := specs.get(t))]
        if case.as_you_type or not targets:
            continue
        found.append(
            Intent(
                case.query,
                tuple(ids[s.title] for s in targets),
                frozenset(g for s in targets for g in s.segment),
                max(s.popularity for s in targets),
                case.filters,
            )
        )
    covered = {t for i in found for t in i.targets}
    for spec in specs.values():  # assets no relevance case asks for: sellers type the title
        if spec.popularity > 0 and ids[spec.title] not in covered:
            found.append(
                Intent(
                    title_query(spec.title),
                    (ids[spec.title],),
                    frozenset(spec.segment),
                    spec.popularity,
                )
            )
    return found


def add_usage(
    library: Library,
    ids: Mapping[str, int],
    now: datetime,
    rng: random.Random,
    report: Callable[[str, int, int], None],
) -> int:
    """Write the usage log; return how many events the library now holds."""
    wanted = intents(ids)
    seller = library.as_user(next(p.name for p in PEOPLE if p.role == "seller"))
    answers = {_key(i.query, i.filters): _answer(seller, i.query, i.filters) for i in wanted}
    answers.update({_key(q, {}): _answer(seller, q, {}) for q in GAP_QUERIES})
    versions = {a.id: a.current.id for a in library.assets.list() if a.current}
    with library.writer.begin() as session:
        log = _Log(session, versions, rng)
        actors = {p.name: user_service.actor_for(session, p.name, "desktop") for p in PEOPLE}
        for day in range(DAYS, 0, -1):
            date = now - timedelta(days=day)
            for person in PEOPLE:
                actor = actors[person.name]
                for _ in range(_sessions(rng, person.activity, day, date)):
                    start = date.replace(hour=rng.randint(7, 17), minute=rng.randint(0, 59))
                    _session(log, actor, person.segments, wanted, answers, start)
            report("Recording usage", DAYS - day + 1, DAYS)
        session.flush()
        return session.scalar(select(func.count()).select_from(UsageEvent)) or 0


def _key(query: str, filters: Mapping[str, tuple[str, ...]]) -> str:
    return query + "|" + repr(sorted(filters.items()))


def _answer(library: Library, query: str, filters: Mapping[str, tuple[str, ...]]) -> Answer:
    outcome = library.search(query, filters=filters or None, log=False, limit=RESULTS_SEEN)
    return Answer(outcome.total, tuple(h.asset_id for h in outcome.hits))


def _sessions(rng: random.Random, activity: float, day: int, date: datetime) -> int:
    """Search sessions on one day: fewer at weekends, growing as adoption grows."""
    if date.weekday() >= 5 and rng.random() > 0.1:
        return 0
    mean = 2.0 * activity * (0.6 + 0.8 * (DAYS - day) / DAYS)
    return sum(1 for _ in range(6) if rng.random() < mean / 6)


def _session(
    log: _Log,
    actor: Actor,
    segments: tuple[str, ...],
    wanted: list[Intent],
    answers: Mapping[str, Answer],
    start: datetime,
) -> None:
    rng = log.rng
    if rng.random() < GAP_SHARE:
        query = rng.choice(GAP_QUERIES)
        log.search(actor, query, {}, answers[_key(query, {})].total, start)
        return
    weights = [i.weight * (2.0 if _fits(i, segments) else 0.6) for i in wanted]
    intent = rng.choices(wanted, weights)[0]
    answer = answers[_key(intent.query, intent.filters)]
    key = log.search(actor, intent.query, intent.filters, answer.total, start)
    if not answer.hits or rng.random() < 0.12:  # searched, found nothing useful
        return
    ranked = [i for i, hit in enumerate(answer.hits) if hit in intent.targets]
    index = (
        ranked[0]
        if ranked and rng.random() < 0.85
        else min(int(rng.expovariate(0.9)), len(answer.hits) - 1)
    )
    asset_id, moment = answer.hits[index], start + timedelta(seconds=rng.randint(4, 40))
    log.event(actor, "click", asset_id, moment, rank=index + 1, search_key=key)
    moment += timedelta(seconds=2)
    log.event(actor, "view", asset_id, moment, search_key=key)
    for kind, chance in FOLLOW_UPS:
        if rng.random() < chance:
            moment += timedelta(seconds=rng.randint(20, 400))
            log.event(actor, kind, asset_id, moment, search_key=key)


def _fits(intent: Intent, segments: tuple[str, ...]) -> bool:
    labels = {s.lower().replace(" ", "-") for s in intent.segments}
    return not segments or bool(labels & set(segments))


class _Log:
    """Writes events through `usage.record` with seeded, reproducible keys."""

    def __init__(self, session: Session, versions: Mapping[int, int], rng: random.Random) -> None:
        self.session = session
        self.versions = versions
        self.rng = rng

    def _key(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def search(
        self,
        actor: Actor,
        query: str,
        filters: Mapping[str, tuple[str, ...]],
        total: int,
        when: datetime,
    ) -> str:
        key = self._key()
        usage.record(
            self.session,
            actor,
            "search",
            query=query,
            filters=filters or None,
            result_count=total,
            event_key=key,
            occurred_at=when,
        )
        return key

    def event(
        self,
        actor: Actor,
        kind: str,
        asset_id: int,
        when: datetime,
        *,
        rank: int | None = None,
        search_key: str | None = None,
    ) -> None:
        usage.record(
            self.session,
            actor,
            kind,
            asset_id=asset_id,
            version_id=self.versions.get(asset_id),
            rank=rank,
            search_key=search_key,
            event_key=self._key(),
            occurred_at=when,
        )
