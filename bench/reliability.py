"""Benchmark: reliability figures — kills, I/O faults and fuzzed inputs, and what broke.

Runs the hardening campaigns of ``tests/hardening`` at a larger scale than the
test suite and prints what was tried beside what went wrong. The baseline is
the expected value: every "went wrong" figure should be 0.

    .venv/bin/python bench/reliability.py [--kills 150] [--mutants 200] [--queries 2000]
        [--only crash,faults,mutants,leaks] [--index-call-stride 1]

The fault campaign fails every k of every kind, including each of the ~500
write() calls Whoosh makes into its buffers per import ("index-call"), which
the test suite only samples (every fifth). That part alone imports ~1000 files
into one growing library and takes about half an hour on a loaded two-core
machine; ``--index-call-stride N`` tries every N-th call instead.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from enablement.extraction import ExtractionPool  # noqa: E402
from enablement.ingest import ImportOptions  # noqa: E402
from enablement.library import Library, open_library, prepare_database  # noqa: E402
from tests.hardening.campaigns import crash_campaign  # noqa: E402
from tests.hardening.driver import settings_for  # noqa: E402
from tests.hardening.faults import KINDS, fault_campaign  # noqa: E402
from tests.hardening.helpers import make_file, marker  # noqa: E402
from tests.hardening.test_fuzz import mutation_campaign  # noqa: E402

TAGS = (("situation", "Discovery"), ("segment", "Enterprise"))
SYNTAX = ['"', "-", "+", ":", "status:", "owner:", "id:", "title:", "OR", "NOT", "(", "*", "~"]


def fresh_library(home: Path, pool: ExtractionPool) -> Library:
    prepare_database(settings_for(home, "olivia")).dispose()
    library = open_library(settings_for(home, "olivia"), pool=pool)
    library.users.add("sam", "seller")
    return library


def close(library: Library) -> None:
    library.close()
    library.index.close()
    library.engine.dispose()


def leak_campaign(library: Library, folder: Path, queries: int, seed: int) -> dict[str, int]:
    """Random queries as a seller over published, draft and archived twins."""
    rng = random.Random(seed)
    visible = set()
    for n in range(12):
        [r] = library.import_files([make_file(folder, 500 + n)], ImportOptions(TAGS, n % 3 != 1))
        assert r.asset_id is not None
        if n % 3 == 2:
            library.assets.archive(r.asset_id)
        elif n % 3 == 0:
            visible.add(r.asset_id)
    seller = library.as_user("sam")
    hidden = [marker(500 + n) for n in range(12) if n % 3]
    words = [*hidden, *SYNTAX, "discovery", "pricing", "page", "status:draft", "status:archived"]
    leaks = crashes = 0
    for _ in range(queries):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 5)))
        try:
            found = seller.search(text, log=False, limit=50, as_you_type=rng.random() < 0.3)
        except Exception:
            crashes += 1
            continue
        shown = " ".join(h.snippet + h.title for h in found.hits) + (found.suggestion or "")
        leaks += any(h.asset_id not in visible for h in found.hits)
        leaks += found.total > len(visible)
        leaks += any(w in shown for w in hidden)
    return {"queries": queries, "leaks": leaks, "crashes": crashes}


def fault_row(
    work: Path, pool: ExtractionPool, index_call_stride: int
) -> tuple[str, str, int, str, int]:
    """Every k of every kind of operation, with ENOSPC and with EIO."""
    tried = fired = 0
    problems: list[str] = []
    for i, kind in enumerate(KINDS):
        started = time.monotonic()
        (work / "faults" / kind).mkdir(parents=True)
        library = fresh_library(work / "faults" / kind / "library", pool)
        stride = index_call_stride if kind == "index-call" else 1
        stats = fault_campaign(
            library, work / "faults" / kind, kind, first=1000 * (i + 1), stride=stride
        )
        close(library)
        tried, fired = tried + stats.tried, fired + stats.fired
        problems += stats.problems
        print(
            f"faults {kind:12} {stats.per_import:4} per import, {stats.fired:5} failed "
            f"({stats.tried} imports), {len(stats.problems)} problems, "
            f"{time.monotonic() - started:.0f} s"
        )
    for p in problems:
        print("fault problem:", p[:300])
    print(f"fault campaign: {tried} imports, {fired} with a fault")
    return (
        "ENOSPC/EIO at the k-th operation",
        "faults",
        fired,
        "unclear messages / inconsistent states",
        len(problems),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=150)
    parser.add_argument("--mutants", type=int, default=200, help="per format")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--only", default="crash,faults,mutants,leaks", help="comma-separated campaigns to run"
    )
    parser.add_argument("--index-call-stride", type=int, default=1, metavar="N")
    args = parser.parse_args()
    only = set(args.only.split(","))
    rows: list[tuple[str, str, int, str, int]] = []
    with tempfile.TemporaryDirectory() as tmp, ExtractionPool(workers=2, time_limit=30) as pool:
        work = Path(tmp)
        if "crash" in only:
            started = time.monotonic()
            crash = crash_campaign(work / "crash", args.kills, args.seed, pool)
            for p in crash.problems:
                print("crash problem:", p[:300])
            rows.append(
                (
                    "kill -9 of importer/indexer",
                    "kills",
                    crash.kills,
                    "lost rows / broken invariants",
                    len(crash.problems),
                )
            )
            print(f"crash campaign: {crash.rounds} rounds, {time.monotonic() - started:.0f} s")
        if "faults" in only:
            rows.append(fault_row(work, pool, args.index_call_stride))
        if "mutants" in only:
            (work / "mutants").mkdir()
            library = fresh_library(work / "mutants" / "library", pool)
            figures = mutation_campaign(library, work / "mutants", args.mutants, args.seed, pool)
            rows.append(
                (
                    "mutated PDF/DOCX/PPTX",
                    "inputs",
                    figures["inputs"],
                    "hangs + unnamed failures + lost results",
                    figures["hangs"] + figures["unnamed"] + figures["inputs"] - figures["results"],
                )
            )
            print(
                f"mutants: {figures['imported']} imported, {figures['failed']} failed by name, "
                f"{figures['seconds']} s"
            )
            close(library)
        if "leaks" in only:
            (work / "leaks").mkdir()
            library = fresh_library(work / "leaks" / "library", pool)
            leaks = leak_campaign(library, work / "leaks", args.queries, args.seed)
            rows.append(
                (
                    "seller queries over hidden twins",
                    "queries",
                    leaks["queries"],
                    "leaks + crashes",
                    leaks["leaks"] + leaks["crashes"],
                )
            )
            close(library)

    print()
    print(f"{'campaign':36} {'tried':>14} {'went wrong':>44} {'expected':>8}")
    for name, unit, tried, what, wrong in rows:
        print(f"{name:36} {tried:>7} {unit:<6} {what + ':':>40} {wrong:>3} {0:>8}")


if __name__ == "__main__":
    main()
