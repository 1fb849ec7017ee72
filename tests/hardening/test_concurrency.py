"""Two app processes on one solo library, importing, rating and searching at once."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from enablement.ingest import ImportOptions
from enablement.library import Library
from enablement.models import Rating, UsageEvent, User

from .helpers import Zygote, assert_consistent, make_file, marker, read_log, sha256

TAGS = (("situation", "Discovery"), ("segment", "Enterprise"))
USERS = ("olivia", "maria")
ROUNDS = 8


def plan(shared: list[Path], own: list[Path], rated: list[int], seed: int) -> list[list[Any]]:
    """One process's work: the shared files (in its own order), ratings, searches."""
    rng = random.Random(seed)
    order = shared[:]  # the same order: both meet on every file
    steps: list[list[Any]] = []
    for i in range(ROUNDS):
        steps.append(["import-each", [str(p) for p in order[2 * i : 2 * i + 2]]])
        steps.append(["rate", rated[i % len(rated)], rng.randint(1, 5)])
        steps.append(["search", rng.choice(["discovery", "pricing", "closing steps"])])
    steps.append(["import", [str(p) for p in own], True])
    return steps


@pytest.mark.slow
def test_two_processes_lose_nothing_and_duplicate_nothing(
    open_as: Callable[[str], Library], library_home: Path, tmp_path: Path
) -> None:
    library = open_as("olivia")
    seed_files = [make_file(tmp_path, n) for n in range(6)]
    rated = [r.asset_id for r in library.import_files(seed_files, ImportOptions(TAGS, True))]
    assert all(rated)
    shared = [make_file(tmp_path, n) for n in range(100, 100 + 2 * ROUNDS)]
    own = {u: [make_file(tmp_path, n) for n in range(200 + 10 * i, 204 + 10 * i)]
           for i, u in enumerate(USERS)}
    steps = {u: plan(shared, own[u], [a for a in rated if a], i) for i, u in enumerate(USERS)}
    logs = {u: tmp_path / f"{u}.jsonl" for u in USERS}

    zygotes = {u: Zygote() for u in USERS}
    try:
        pids = {
            u: zygotes[u].start({"home": str(library_home), "user": u, "log": str(logs[u]),
                                 "steps": steps[u]})
            for u in USERS
        }
        statuses = {u: zygotes[u].wait(pids[u]) for u in USERS}
    finally:
        for zygote in zygotes.values():
            zygote.close()

    records = {u: read_log(logs[u]) for u in USERS}
    for user in USERS:
        trouble = [r for r in records[user] if r["step"] in ("error", "crash")]
        assert trouble == [], trouble
        assert records[user][-1]["step"] == "done" and statuses[user] == 0
    for path in shared:
        outcomes = [(r["status"], r["asset_id"]) for u in USERS for r in records[u]
                    if r["step"] == "import" and r["path"] == str(path)]
        assert sorted(s for s, _ in outcomes) == ["duplicate", "imported"], (path, outcomes)
        assert len({a for _, a in outcomes}) == 1, (path, outcomes)

    files = [*seed_files, *shared, *own["olivia"], *own["maria"]]
    catalogue = assert_consistent(library, {sha256(p) for p in files})
    assert len(catalogue.asset_ids) == len(files)
    for n in [*range(100, 100 + 2 * ROUNDS), 200, 213]:
        assert len(library.search(marker(n), log=False).hits) == 1, n
    with library.reader() as session:
        ratings = {
            (name, asset): stars
            for name, asset, stars in session.execute(
                select(User.name, Rating.asset_id, Rating.stars).join(User)
            )
        }
        searches = session.scalar(
            select(func.count()).select_from(UsageEvent).where(UsageEvent.kind == "search")
        )
    for user in USERS:
        last: dict[int, int] = {}
        for r in records[user]:
            if r["step"] == "rated":
                last[r["asset_id"]] = r["stars"]
        assert {a: ratings[(user, a)] for a in last} == last
    assert searches == 2 * ROUNDS
