"""PDF extraction throughput and accuracy: ExtractionPool (pdfium / pypdf) vs. bare pypdf.

Run: .venv/bin/python bench/import_throughput.py [--rounds 3] [--workers N] [CORPUS_DIR]

Every PDF under the corpus (default /work/shared/corpus/pdf-samples) is extracted, in the
same run, by (1) bare single-process pypdf, the baseline: PdfReader + extract_text() per
page, no sandbox; (2) ExtractionPool with the pypdf backend; (3) ExtractionPool with the
pypdfium2 backend (the default). Pools are warmed up (workers started, parsers imported)
before timing. Prints files/s, pages/s and the ratio to the baseline (median of rounds),
then accuracy: page counts against files.json, word-set overlap between the backends
per file, and how many files each one fails on.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

from enablement.extraction import Extracted, ExtractionError, ExtractionPool

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf-samples"
WORD = re.compile(r"\w{2,}")
Outcome = tuple[str, ...] | str  # page texts, or the error code


def bare_pypdf(files: list[Path]) -> dict[Path, Outcome]:
    from pypdf import PdfReader

    out: dict[Path, Outcome] = {}
    for path in files:
        try:
            reader = PdfReader(path, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                out[path] = "password"
                continue
            out[path] = tuple(page.extract_text() or "" for page in reader.pages)
        except Exception as exc:  # the baseline has no error mapping
            out[path] = type(exc).__name__
    return out


def pooled(pool: ExtractionPool, files: list[Path]) -> dict[Path, Outcome]:
    futures = [(p, pool.submit(p)) for p in files]
    out: dict[Path, Outcome] = {}
    for path, future in futures:
        try:
            result: Extracted = future.result()
            out[path] = result.pages
        except ExtractionError as exc:
            out[path] = exc.code
    return out


def warm_up(pool: ExtractionPool, workers: int, sample: Path) -> None:
    for future in [pool.submit(sample) for _ in range(workers * 2)]:
        future.exception()


def pages_of(results: dict[Path, Outcome]) -> int:
    return sum(len(v) for v in results.values() if isinstance(v, tuple))


def words(outcome: Outcome) -> set[str]:
    return set(WORD.findall(" ".join(outcome).lower())) if isinstance(outcome, tuple) else set()


def accuracy(files: list[Path], runs: dict[str, dict[Path, Outcome]], root: Path) -> None:
    meta_file = root / "files.json"
    expected = {}
    if meta_file.is_file():
        data = json.loads(meta_file.read_text())["data"]
        expected = {root / d["path"]: d.get("pages") for d in data}
    print("\naccuracy")
    for name, results in runs.items():
        errors = sorted(p.name for p, v in results.items() if isinstance(v, str))
        right = sum(1 for p in files if isinstance(results[p], tuple)
                    and expected.get(p) == len(results[p]))
        total_words = sum(len(words(results[p])) for p in files)
        run_together = sum(1 for p in files for w in words(results[p]) if len(w) >= 20)
        print(f"  {name:14} errors {len(errors):2} {errors}")
        known = sum(1 for p in files if p in expected)
        print(f"  {'':14} page count = files.json on {right}/{known}"
              f" files; distinct words summed over files {total_words}, of them run-together"
              f" (>= 20 chars, words glued without spaces) {run_together}")
    a, b = runs["pool-pdfium"], runs["pool-pypdf"]
    overlaps = []
    for path in files:
        wa, wb = words(a[path]), words(b[path])
        if not wa and not wb:
            continue
        jaccard = len(wa & wb) / len(wa | wb)
        overlaps.append(jaccard)
        if jaccard < 0.9:
            only_a = sorted(wa - wb)[:6]
            only_b = sorted(wb - wa)[:6]
            print(f"  overlap {jaccard:.2f} {path.relative_to(root)}: pdfium-only {only_a} "
                  f"pypdf-only {only_b}")
    if overlaps:
        print(f"  word-set overlap pdfium vs pypdf: mean {statistics.mean(overlaps):.3f}, "
              f"median {statistics.median(overlaps):.3f}, {len(overlaps)} files with text")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    files = sorted(args.corpus.rglob("*.pdf"))
    if not files:
        print(f"no PDFs under {args.corpus}", file=sys.stderr)
        return 1
    workers = args.workers or 2
    timings: dict[str, list[float]] = {"bare-pypdf": [], "pool-pypdf": [], "pool-pdfium": []}
    runs: dict[str, dict[Path, Outcome]] = {}
    with ExtractionPool(workers, pdf_backend="pypdf") as slow_pool, \
            ExtractionPool(workers, pdf_backend="pdfium") as fast_pool:
        warm_up(slow_pool, workers, files[0])
        warm_up(fast_pool, workers, files[0])
        for _ in range(args.rounds):
            for name, pool in (("bare-pypdf", None), ("pool-pypdf", slow_pool),
                               ("pool-pdfium", fast_pool)):
                start = time.perf_counter()
                runs[name] = bare_pypdf(files) if pool is None else pooled(pool, files)
                timings[name].append(time.perf_counter() - start)
    print(f"{len(files)} PDFs, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB, "
          f"{workers} workers in each pool, median of {args.rounds} rounds")
    base = statistics.median(timings["bare-pypdf"])
    for name, times in timings.items():
        seconds = statistics.median(times)
        pages = pages_of(runs[name])
        print(f"  {name:12} {seconds:7.2f} s  {len(files) / seconds:7.1f} files/s  "
              f"{pages / seconds:8.1f} pages/s  x{base / seconds:5.2f} vs bare pypdf")
    accuracy(files, runs, args.corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
