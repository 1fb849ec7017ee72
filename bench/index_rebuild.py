"""Index rebuild throughput and import-to-searchable delay: our SearchIndex beside plain Whoosh.

Usage: python bench/index_rebuild.py [--docs 20000] [--procs N] [--upserts 40] [--no-plain]

Corpus: bench/corpus.py (~3.7 KB of real documentation text per asset), generated
while it is indexed (40 µs a document), as a rebuild streams the catalogue.  Each
side is built in a fresh child process, so its peak RSS is its own: the child's
high-water mark plus that of its largest worker process; the RSS once the source
text is loaded (before indexing) is shown beside it.  docs/CPU-s counts the CPU time
of the child and its workers: on a shared machine it is steadier than wall time.
Plain Whoosh = one writer with default settings over a stemmed title and body
field plus one keyword field per tag category, the same documents, one commit.
Then the import-to-searchable delay: upsert one new document into the rebuilt
index and search for a word only it contains, timed until the hit comes back.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CATEGORIES, build_documents, load_source

from enablement.search import SearchIndex, SearchRequest


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the rebuild workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ours(path: str, n: int, procs: int, upserts: int, out: dict[str, float]) -> None:
    source = load_source()
    ix = SearchIndex(Path(path), CATEGORIES)
    if procs:
        ix.procs = procs
    base = peak_rss_mb()
    start, cpu = time.perf_counter(), cpu_seconds()
    ix.rebuild(build_documents(n, source=source), n)
    out["seconds"] = time.perf_counter() - start
    out["cpu"] = cpu_seconds() - cpu
    out["rss"] = peak_rss_mb()
    out["rss_before"] = base
    out["procs"] = ix.procs
    ix.search(SearchRequest("warm up the caches"))
    docs = list(build_documents(upserts, source=source))  # the corpus's first documents
    delays = []
    for i in range(upserts):
        word = f"zqxmarker{i}"
        doc = replace(docs[i], asset_id=n + 1 + i, title=f"{docs[i].title} {word}")
        t0 = time.perf_counter()
        ix.upsert([doc])
        hits = ix.search(SearchRequest(word, include_unpublished=True)).hits
        delays.append((time.perf_counter() - t0) * 1000)
        assert [h.asset_id for h in hits] == [doc.asset_id], hits
    out["upsert_p50"], out["upsert_p95"] = pct(delays, 50), pct(delays, 95)
    ix.close()


def plain(path: str, n: int, upserts: int, out: dict[str, float]) -> None:
    from whoosh import fields, index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.qparser import QueryParser

    source = load_source()
    schema = fields.Schema(
        id=fields.NUMERIC(stored=True, unique=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer()),
        body=fields.TEXT(analyzer=StemmingAnalyzer()),
        **{c.replace("-", "_"): fields.KEYWORD(lowercase=True, commas=True) for c in CATEGORIES},
    )
    Path(path).mkdir(parents=True)
    ix = index.create_in(path, schema)
    base = peak_rss_mb()

    def fields_of(d):  # type: ignore[no-untyped-def]
        return dict(
            id=d.asset_id,
            title=d.title,
            body="\n".join((d.title, d.description, *d.pages)),
            **{c.replace("-", "_"): ",".join(d.tags.get(c, ())) for c in CATEGORIES},
        )

    start, cpu = time.perf_counter(), cpu_seconds()
    writer = ix.writer()
    for d in build_documents(n, source=source):
        writer.add_document(**fields_of(d))
    writer.commit()
    out["seconds"] = time.perf_counter() - start
    out["cpu"] = cpu_seconds() - cpu
    out["rss"] = peak_rss_mb()
    out["rss_before"] = base
    docs = list(build_documents(upserts, source=source))
    delays = []
    for i in range(upserts):
        word = f"zqxmarker{i}"
        doc = replace(docs[i], asset_id=n + 1 + i, title=f"{docs[i].title} {word}")
        t0 = time.perf_counter()
        with ix.writer() as w:
            w.update_document(**fields_of(doc))
        with ix.searcher() as s:
            hits = [h["id"] for h in s.search(QueryParser("body", ix.schema).parse(word))]
        delays.append((time.perf_counter() - t0) * 1000)
        assert hits == [doc.asset_id], hits
    out["upsert_p50"], out["upsert_p95"] = pct(delays, 50), pct(delays, 95)


def run_child(target: object, *args: object) -> dict[str, float]:
    """Run *target* in a fresh process (its own peak RSS); fail loudly, never hang."""
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        out = manager.dict()
        process = context.Process(target=target, args=(*args, out))
        process.start()
        process.join(timeout=4 * 3600)
        if process.is_alive():
            process.kill()
            raise SystemExit("benchmark child timed out")
        if process.exitcode != 0:
            raise SystemExit(f"benchmark child failed with exit code {process.exitcode}")
        return dict(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--procs", type=int, default=0, help="worker processes (0: default)")
    parser.add_argument("--upserts", type=int, default=40)
    parser.add_argument(
        "--no-plain",
        action="store_true",
        help="skip plain Whoosh (at 100k documents it takes a quarter of an hour)",
    )
    args = parser.parse_args()
    n = args.docs
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; {n} documents")
    work = Path(tempfile.mkdtemp(prefix="rebuild-bench-"))
    try:
        mine = run_child(ours, str(work / "ours"), n, args.procs, args.upserts)
        theirs = None if args.no_plain else run_child(plain, str(work / "plain"), n, args.upserts)
        print(
            f"{'':16} {'docs/s':>8} {'docs/CPU-s':>10} {'peak RSS':>9} {'(source loaded)':>15}"
            f" {'index':>8} {'upsert→found p50':>17} {'p95':>7}"
        )
        rows = [(f"ours (procs={int(mine['procs'])})", mine, work / "ours")]
        if theirs is not None:
            rows.append(("plain Whoosh", theirs, work / "plain"))
        for name, res, path in rows:
            print(
                f"{name:16} {n / res['seconds']:8.0f} {n / res['cpu']:10.0f} {res['rss']:7.0f}MB"
                f" {res['rss_before']:13.0f}MB {du(path) / 2**20:6.0f}MB"
                f" {res['upsert_p50']:15.1f}ms {res['upsert_p95']:5.1f}ms"
            )
        if theirs is not None:
            print(
                f"rebuild speed ratio ours/plain: {theirs['seconds'] / mine['seconds']:.2f}x wall,"
                f" {theirs['cpu'] / mine['cpu']:.2f}x CPU"
            )
        print(f"load average now {os.getloadavg()[0]:.1f}")
        print(json.dumps({"ours": mine, "plain": theirs}))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
