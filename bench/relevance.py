"""Relevance: MAP, nDCG@10, P@10, Recall@100 of our search vs plain Whoosh BM25F, same run.

Usage:
    python bench/relevance.py DOCS.jsonl QUERIES.jsonl QRELS.tsv
    python bench/relevance.py --make-sample OUTDIR   # a known-item set from the corpus

DOCS.jsonl: {"id", "title", "text" | "pages": [...], optional "description", "tags"}.
QUERIES.jsonl: {"id" | "qid", "text" | "query"}.  QRELS.tsv: ``qid docid rel`` or
TREC ``qid 0 docid rel`` (whitespace separated; rel > 0 is relevant, graded for
nDCG).  Our side writes each document as a Markdown file, imports it through the
normal importer and asks the library's search as its owner (so drafts are
visible and visibility plays no part); the baseline is Whoosh's BM25F over stemmed title and
body fields with ``MultifieldParser`` and OR grouping.

The sample set (--make-sample) is a known-item proxy, not human judgements:
each query is 6–9 content words taken in order from one paragraph (not the
title) of a source page of the business-docs corpus; that page is the one
relevant document.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


DEPTH = 100


def load_docs(path: Path) -> list[dict]:  # type: ignore[type-arg]
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_qrels(path: Path) -> dict[str, dict[str, float]]:
    qrels: dict[str, dict[str, float]] = defaultdict(dict)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4:
            parts = [parts[0], parts[2], parts[3]]
        if len(parts) == 3 and not line.startswith("#"):
            try:
                qrels[parts[0]][parts[1]] = float(parts[2])
            except ValueError:
                continue  # header line
    return qrels


def ours(docs: list[dict], queries: list[tuple[str, str]], work: Path) -> dict[str, list[str]]:  # type: ignore[type-arg]
    """Our search as users get it: files through the importer, queries through the library."""
    from enablement.config import Settings
    from enablement.library import open_library

    home = work / "library"
    files = work / "files"
    files.mkdir(parents=True)
    by_path: dict[str, str] = {}
    for number, row in enumerate(docs, 1):
        pages = row.get("pages") or [row.get("text", "")]
        path = files / f"doc-{number:06}.md"
        body = "\n\n".join([row.get("description", ""), *pages]).strip()
        path.write_text(f"# {row.get('title', '')}\n\n{body}\n", encoding="utf-8")
        by_path[str(path)] = str(row["id"])
    settings = Settings(
        home=home,
        database_url=f"sqlite:///{home / 'library.sqlite3'}",
        store_url=str(home / "blobs"),
        user="bench",
        client="bench",
    )
    with open_library(settings) as library:
        results = library.import_files([files])
        ids = {r.asset_id: by_path[r.path] for r in results if r.asset_id is not None}
        failed = [r for r in results if r.status != "imported"]
        if failed:
            print(f"warning: {len(failed)} documents did not import ({failed[0].reason})")
        runs = {}
        for qid, text in queries:
            outcome = library.search(text, limit=DEPTH, log=False)
            runs[qid] = [ids[h.asset_id] for h in outcome.hits if h.asset_id in ids]
        library.index.close()
    return runs


def baseline(docs: list[dict], queries: list[tuple[str, str]], work: Path) -> dict[str, list[str]]:  # type: ignore[type-arg]
    from whoosh import fields, index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.qparser import MultifieldParser, OrGroup

    schema = fields.Schema(
        id=fields.ID(stored=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer()),
        body=fields.TEXT(analyzer=StemmingAnalyzer()),
    )
    (work / "whoosh").mkdir()
    ix = index.create_in(str(work / "whoosh"), schema)
    with ix.writer(limitmb=256) as writer:
        for row in docs:
            body = "\n".join(
                [row.get("description", ""), *(row.get("pages") or [row.get("text", "")])]
            )
            writer.add_document(id=str(row["id"]), title=row.get("title", ""), body=body)
    parser = MultifieldParser(["title", "body"], schema, group=OrGroup)
    runs = {}
    with ix.searcher() as searcher:
        for qid, text in queries:
            hits = searcher.search(parser.parse(text), limit=DEPTH)
            runs[qid] = [hit["id"] for hit in hits]
    return runs


def metrics(run: list[str], rels: dict[str, float]) -> dict[str, float]:
    relevant = {d for d, r in rels.items() if r > 0}
    hits, precisions = 0, []
    for rank, doc in enumerate(run, 1):
        if doc in relevant:
            hits += 1
            precisions.append(hits / rank)
    dcg = sum((2 ** rels.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(run[:10]))
    ideal = sorted((r for r in rels.values() if r > 0), reverse=True)[:10]
    idcg = sum((2**r - 1) / math.log2(i + 2) for i, r in enumerate(ideal))
    return {
        "MAP": sum(precisions) / len(relevant) if relevant else 0.0,
        "nDCG@10": dcg / idcg if idcg else 0.0,
        "P@10": sum(1 for d in run[:10] if d in relevant) / 10,
        "Recall@100": len(relevant & set(run[:100])) / len(relevant) if relevant else 0.0,
    }


def evaluate(docs_path: Path, queries_path: Path, qrels_path: Path) -> None:
    docs = load_docs(docs_path)
    qrels = load_qrels(qrels_path)
    queries = [
        (str(q.get("id", q.get("qid"))), q.get("text", q.get("query", "")))
        for q in load_docs(queries_path)
    ]
    queries = [(qid, text) for qid, text in queries if qid in qrels]
    work = Path(tempfile.mkdtemp(prefix="relevance-"))
    try:
        systems = {"ours": ours(docs, queries, work), "whoosh BM25F": baseline(docs, queries, work)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(docs)} documents, {len(queries)} judged queries")
    print(f"{'system':14} {'MAP':>7} {'nDCG@10':>8} {'P@10':>7} {'R@100':>7}")
    for name, runs in systems.items():
        per = [metrics(runs.get(qid, []), qrels[qid]) for qid, _ in queries]
        avg = {k: sum(m[k] for m in per) / max(1, len(per)) for k in per[0]} if per else {}
        print(
            f"{name:14} {avg.get('MAP', 0):7.4f} {avg.get('nDCG@10', 0):8.4f}"
            f" {avg.get('P@10', 0):7.4f} {avg.get('Recall@100', 0):7.4f}"
        )


def make_sample(out: Path, nqueries: int = 300, seed: int = 5) -> None:
    from corpus import load_source

    out.mkdir(parents=True, exist_ok=True)
    source = load_source()
    rng = random.Random(seed)
    stop = frozenset(
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
    with (out / "docs.jsonl").open("w", encoding="utf-8") as fh:
        for n, page in enumerate(source, 1):
            fh.write(
                json.dumps(
                    {"id": f"d{n}", "title": page.title, "text": "\n\n".join(page.paragraphs)}
                )
                + "\n"
            )
    with (out / "queries.jsonl").open("w") as qf, (out / "qrels.tsv").open("w") as rf:
        for q, n in enumerate(rng.sample(range(1, len(source) + 1), nqueries), 1):
            paras = source[n - 1].paragraphs[1:] or source[n - 1].paragraphs
            words = [
                w for w in re.findall(r"[A-Za-z]{3,}", rng.choice(paras)) if w.lower() not in stop
            ]
            start = rng.randint(0, max(0, len(words) - 9))
            qf.write(
                json.dumps(
                    {"id": f"q{q}", "text": " ".join(words[start : start + rng.randint(6, 9)])}
                )
                + "\n"
            )
            rf.write(f"q{q}\td{n}\t1\n")
    print(f"wrote {out}/docs.jsonl, queries.jsonl, qrels.tsv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--make-sample", type=Path)
    args = parser.parse_args()
    if args.make_sample:
        make_sample(args.make_sample)
    elif len(args.paths) == 3:
        evaluate(*args.paths)
    else:
        parser.error("need DOCS.jsonl QUERIES.jsonl QRELS.tsv (or --make-sample OUTDIR)")


if __name__ == "__main__":
    main()
