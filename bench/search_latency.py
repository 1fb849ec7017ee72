"""Search latency and indexing throughput: our SearchIndex beside naive Whoosh, same run.

Usage: python bench/search_latency.py [--sizes 1000,20000,100000] [--queries 200]
       [--naive-queries N | --no-naive] [--procs 0]

Corpus: bench/corpus.py (real Business Central documentation, paragraphs sampled
and recombined to reach the size).  Query kinds: 1–3 title words; as-you-type
(last word cut to a 2–5 letter prefix); long questions (8–10 words taken in order
from a paragraph); filtered (1–2 words plus a segment and an industry filter).
Naive Whoosh = a new searcher per query, ``QueryParser`` over one stemmed body
field with OR grouping (so long questions mean the same thing), ``Prefix`` for
the last word when typing, tag filters as ``filter=``, results limited to 20.
``--naive-queries`` runs naive Whoosh on only the first N queries of each kind
(its prefix queries take seconds each at 100k documents); the ratio then compares
p95 over different query counts, and the table says so.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CATEGORIES, TAXONOMY, build_documents, load_source

from enablement.search import IndexDocument, SearchIndex, SearchRequest
from enablement.search.index import PARALLEL_MIN_DOCS

WORD = re.compile(r"[A-Za-z]{3,}")
STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "from",
        "you",
        "your",
        "are",
        "can",
        "not",
        "use",
        "how",
        "what",
    ]
)
KINDS = ("short", "prefix", "long", "filtered")


def make_queries(docs: list[IndexDocument], n: int, seed: int = 11) -> dict[str, list[dict]]:  # type: ignore[type-arg]
    rng = random.Random(seed)
    out: dict[str, list[dict]] = {k: [] for k in KINDS}  # type: ignore[type-arg]
    for _ in range(n):
        doc = rng.choice(docs)
        title = [w for w in WORD.findall(doc.title) if w.lower() not in STOP] or ["sales"]
        words = rng.sample(title, min(len(title), rng.randint(1, 3)))
        out["short"].append({"text": " ".join(words)})
        last = rng.choice(title)
        partial = last[: rng.randint(2, 5)]
        head = rng.choice(title) + " " if rng.random() < 0.5 else ""
        out["prefix"].append({"text": head + partial, "as_you_type": True})
        para = [w for w in WORD.findall(rng.choice(doc.pages)) if w.lower() not in STOP]
        start = rng.randint(0, max(0, len(para) - 10))
        out["long"].append({"text": " ".join(para[start : start + rng.randint(8, 10)])})
        filters = {
            "segment": (rng.choice(TAXONOMY["segment"]),),
            "industry": (rng.choice(TAXONOMY["industry"]),),
        }
        out["filtered"].append({"text": " ".join(words[:2]), "filters": filters})
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


# ----- naive whoosh


def naive_build(path: Path, docs: list[IndexDocument], procs: int) -> object:
    from whoosh import fields, index
    from whoosh.analysis import StemmingAnalyzer

    schema = fields.Schema(
        id=fields.NUMERIC(stored=True, unique=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer()),
        body=fields.TEXT(analyzer=StemmingAnalyzer()),
        **{c.replace("-", "_"): fields.KEYWORD(lowercase=True, commas=True) for c in CATEGORIES},
    )
    path.mkdir(parents=True)
    ix = index.create_in(str(path), schema)
    writer = ix.writer(procs=procs, limitmb=256, multisegment=procs > 1)
    for d in docs:
        writer.add_document(
            id=d.asset_id,
            title=d.title,
            body="\n".join((d.title, d.description, *d.pages)),
            **{c.replace("-", "_"): ",".join(d.tags.get(c, ())) for c in CATEGORIES},
        )
    writer.commit()
    return ix


def naive_search(ix: object, q: dict) -> None:  # type: ignore[type-arg]
    from whoosh import query
    from whoosh.qparser import OrGroup, QueryParser

    parser = QueryParser("body", ix.schema, group=OrGroup)  # type: ignore[attr-defined]
    text = q["text"] + ("*" if q.get("as_you_type") else "")
    parsed = parser.parse(text)
    flt = None
    if q.get("filters"):
        flt = query.And(
            [query.Term(c, v[0].lower()) for c, v in q["filters"].items()]  # type: ignore[union-attr]
        )
    with ix.searcher() as searcher:  # type: ignore[attr-defined]
        results = searcher.search(parsed, limit=20, filter=flt)
        _ = [hit["id"] for hit in results]


# ----- run


def peak_rss_mb() -> float:
    """This process's high-water mark plus that of its largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def run_size(size: int, nqueries: int, nnaive: int, procs: int, source: list) -> None:  # type: ignore[type-arg]
    docs = list(build_documents(size, source=source))
    pages = {d.asset_id: d.pages for d in docs}
    queries = make_queries(docs, nqueries)
    warm = make_queries(docs, 30, seed=99)
    work = Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        ix = SearchIndex(work / "ours", CATEGORIES)
        if procs:
            ix.procs = procs
        rss_before = peak_rss_mb()
        t0, c0 = time.perf_counter(), cpu_seconds()
        ix.rebuild(iter(docs), len(docs))
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
        print(
            f"\n== {size} documents "
            f"({sum(len(p) for d in docs for p in d.pages) / size / 1024:.1f} KB text each), "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"ours : rebuild {size / wall:7.0f} docs/s wall "
            f"(procs={ix.procs if size >= PARALLEL_MIN_DOCS else 1}), "
            f"{size / cpu:.0f} docs per CPU-second, index {du(work / 'ours') / 2**20:.0f} MB, "
            f"peak RSS {peak_rss_mb():.0f} MB ({rss_before:.0f} MB with the corpus loaded)"
        )

        def ours(q: dict) -> None:  # type: ignore[type-arg]
            ix.search(
                SearchRequest(
                    text=q["text"],
                    filters=q.get("filters", {}),
                    as_you_type=q.get("as_you_type", False),
                ),
                page_text=pages.__getitem__,
            )

        # Ours first and printed at once: at 100k documents naive Whoosh takes most
        # of the run, and a run cut short still reports our figures.
        for kind in KINDS:
            for q in warm[kind]:
                ours(q)
        mine = {kind: [timed(lambda q=q: ours(q)) for q in queries[kind]] for kind in KINDS}
        print(f"ours over {nqueries} queries per kind (load average {os.getloadavg()[0]:.1f}):")
        for kind in KINDS:
            print(f"  {kind:9} p50 {pct(mine[kind], 50):7.1f}ms  p95 {pct(mine[kind], 95):7.1f}ms")
        sys.stdout.flush()

        if nnaive <= 0:
            ix.close()
            return
        t0, c0 = time.perf_counter(), cpu_seconds()
        nix = naive_build(work / "naive", docs, max(procs, 1))
        nwall, ncpu = time.perf_counter() - t0, cpu_seconds() - c0
        print(
            f"naive: index   {size / nwall:7.0f} docs/s wall, "
            f"{size / ncpu:.0f} docs per CPU-second, index {du(work / 'naive') / 2**20:.0f} MB"
        )
        print(
            f"{'kind':9} {'ours p50':>9} {'p95':>7} {'naive p50':>10} {'p95':>7} {'p95 ratio':>9}"
            f"  (ours over {nqueries} queries per kind, naive over {min(nnaive, nqueries)})"
        )
        for kind in KINDS:
            theirs = [timed(lambda q=q: naive_search(nix, q)) for q in queries[kind][:nnaive]]
            ok = mine[kind]
            print(
                f"{kind:9} {pct(ok, 50):8.1f}ms {pct(ok, 95):6.1f}ms {pct(theirs, 50):9.1f}ms"
                f" {pct(theirs, 95):6.1f}ms {pct(theirs, 95) / max(pct(ok, 95), 1e-9):8.1f}x"
            )
            sys.stdout.flush()
        ix.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--naive-queries", type=int, default=0, help="naive Whoosh queries per kind (0: all)"
    )
    parser.add_argument("--no-naive", action="store_true", help="measure our search only")
    parser.add_argument("--procs", type=int, default=0, help="0: the index's default")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    source = load_source()
    for size in (int(s) for s in args.sizes.split(",")):
        nnaive = -1 if args.no_naive else args.naive_queries or args.queries
        run_size(size, args.queries, nnaive, args.procs, source)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
