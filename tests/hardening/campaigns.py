"""Kill campaigns shared by the crash test and bench/reliability.py.

A campaign SIGKILLs an importing child process (and its extraction workers)
at random moments, reopens the library in this process after every kill and
checks the invariants of ``helpers.problems_in`` plus two of its own: every
import the child reported as done is in the catalogue with the right content,
and a killed child leaves at most one asset it never reported (the one whose
transaction committed just before the kill, before it could say so).
"""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from enablement.extraction import ExtractionPool
from enablement.library import open_library, prepare_database

from .driver import settings_for
from .helpers import Zygote, killed, make_file, marker, problems_in, read_log, sha256, wait_for

OWNER = "olivia"


@dataclass
class CrashStats:
    rounds: int = 0
    kills: int = 0
    files_tried: int = 0
    reimported: int = 0
    problems: list[str] = field(default_factory=list)


def crash_campaign(
    work: Path, kills: int, seed: int, pool: ExtractionPool, *, max_rounds: int | None = None
) -> CrashStats:
    rng = random.Random(seed)
    home, files, logs = work / "library", work / "files", work / "logs"
    for folder in (files, logs):
        folder.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(home, ignore_errors=True)
    prepare_database(settings_for(home, OWNER)).dispose()
    stats = CrashStats()
    digests: dict[str, Path] = {}  # every content ever handed to the importer
    words: dict[str, str] = {}  # digest -> marker word
    reported: dict[str, int] = {}  # digest -> asset id the child reported
    known_ids: set[int] = set()
    zygote = Zygote()
    try:
        while stats.kills < kills and (max_rounds is None or stats.rounds < max_rounds):
            stats.rounds += 1
            batch = [make_file(files, stats.files_tried + i) for i in range(rng.randint(1, 4))]
            for i, path in enumerate(batch):
                digest = sha256(path)
                digests[digest] = path
                words[digest] = marker(stats.files_tried + i)
            stats.files_tried += len(batch)
            if digests and rng.random() < 0.5:
                batch.append(rng.choice(list(digests.values())))  # a re-import
            steps: list[list[Any]] = []
            if rng.random() < 0.15:
                steps.append(["reindex"])
            if known_ids and rng.random() < 0.3:
                steps.append(["rate", rng.choice(sorted(known_ids)), rng.randint(1, 5)])
            mode = rng.choice(["import", "import-each"])
            steps.append([mode, [str(p) for p in batch], rng.random() < 0.5])
            log = logs / f"round-{stats.rounds}.jsonl"
            pid = zygote.start({"home": str(home), "user": OWNER, "log": str(log),
                                "steps": steps})
            # Mostly kill during the work; sometimes while the library opens.
            early = rng.random() < 0.2
            wait_for(log, "ready" if early else "opened")
            time.sleep(rng.uniform(0.0, 0.35 if early else 0.9))
            Zygote.kill(pid)
            status = zygote.wait(pid)
            stats.kills += killed(status)
            records = read_log(log)
            crash = [r for r in records if r["step"] == "crash"]
            stats.problems += [f"round {stats.rounds}: child crashed: {c}" for c in crash]
            round_reported = set()
            for r in records:
                if r["step"] == "import" and r["status"] in ("imported", "duplicate"):
                    digest = sha256(Path(r["path"]))
                    reported.setdefault(digest, r["asset_id"])
                    round_reported.add(r["asset_id"])
                elif r["step"] == "import":
                    stats.problems.append(f"round {stats.rounds}: import failed: {r}")
            stats.problems += [
                f"round {stats.rounds}: {p}"
                for p in _check_after_restart(home, pool, digests, words, reported, known_ids,
                                              round_reported)
            ]
        stats.problems += _reimport_everything(home, pool, digests, stats)
    finally:
        zygote.close()
    return stats


def _check_after_restart(
    home: Path,
    pool: ExtractionPool,
    digests: dict[str, Path],
    words: dict[str, str],
    reported: dict[str, int],
    known_ids: set[int],
    round_reported: set[int],
) -> list[str]:
    library = open_library(settings_for(home, OWNER), pool=pool)
    try:
        problems = problems_in(library, digests)
        catalogue = library_ids = {a: d for a, d, *_ in _versions(library)}
        for digest, asset_id in reported.items():
            if catalogue.get(asset_id) != digest:
                problems.append(f"reported asset {asset_id} lost or changed")
        new = set(library_ids) - known_ids
        unreported = new - round_reported
        if len(unreported) > 1:
            problems.append(f"{len(unreported)} assets committed but never reported: {unreported}")
        for asset_id in sorted(new):
            word = words[catalogue[asset_id]]
            hits = [h.asset_id for h in library.search(word, log=False).hits]
            if hits != [asset_id]:
                problems.append(f"search for {word} finds {hits}, not asset {asset_id}")
        known_ids |= set(library_ids)
        return problems
    finally:
        _close(library)


def _reimport_everything(
    home: Path, pool: ExtractionPool, digests: dict[str, Path], stats: CrashStats
) -> list[str]:
    """After all the kills, every file imports again or is a duplicate; verify is clean."""
    library = open_library(settings_for(home, OWNER), pool=pool)
    try:
        results = library.import_files(list(digests.values()))
        stats.reimported = len(results)
        problems = [f"re-import: {r.as_json()}" for r in results
                    if r.status not in ("imported", "duplicate")]
        library.store.cleanup_temp()
        problems += [f"final verify: {p}" for p in library.verify()]
        problems += problems_in(library, digests)
        before = {w: [h.asset_id for h in library.search(w, log=False).hits]
                  for w in ("discovery", "pricing", "closing", "page")}
        library.reindex()
        after = {w: [h.asset_id for h in library.search(w, log=False).hits] for w in before}
        if before != after:
            problems.append(f"searches differ after a rebuild: {before} vs {after}")
        return problems
    finally:
        _close(library)


def _versions(library: Any) -> list[tuple[int, str]]:
    from .helpers import read_catalogue

    return [(a, d) for a, d, *_ in read_catalogue(library).versions]


def _close(library: Any) -> None:
    library.close()
    library.index.close()
    library.engine.dispose()
