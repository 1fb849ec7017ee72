"""From "import" to "found": the delay through the real library, and a rebuild from its catalogue.

Usage: python bench/import_to_search.py [--assets 20000] [--imports 20]

Two solo libraries, built in the same run: an empty one (the baseline) and one
whose catalogue holds `--assets` published assets of realistic text
(bench/corpus.py: Business Central documentation, ~3.7 KB per asset), written
straight into the database and then indexed by the library's own rebuild
(`Library.reindex`, which reads the catalogue as a real rebuild does; the
rebuild's docs/s is printed). In each library, `--imports` DOCX files with a
word no other asset has are imported one at a time through the importer
(sandboxed extraction, content store, catalogue, index), and the library's
search is asked for that word until it answers; the delay is from the start of
the import call to the first search that finds the asset. The first import of
each library also starts the extraction workers; it is printed apart.

Target (issue: search): an imported asset is searchable within 1 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import build_documents  # noqa: E402

from enablement.config import Settings  # noqa: E402
from enablement.ingest import ImportOptions  # noqa: E402
from enablement.library import Library, open_library  # noqa: E402
from tests.enablement.factories import write_docx  # noqa: E402

TARGET_S = 1.0


def settings(home: Path) -> Settings:
    return Settings(
        home=home,
        database_url=f"sqlite:///{home / 'library.sqlite3'}",
        store_url=str(home / "blobs"),
        user="bench",
        client="bench",
    )


def seed_catalogue(library: Library, count: int) -> None:
    """`count` published assets with their page text, as the importer would leave them."""
    from sqlalchemy import insert, select

    from enablement.models import Asset, AssetVersion, PageText, User

    now = datetime.now(UTC)
    with library.writer.begin() as session:
        owner = session.scalars(select(User.id).order_by(User.id)).first()
        assert owner is not None
        batch: list[Any] = []

        def flush() -> None:
            first = (session.scalar(select(Asset.id).order_by(Asset.id.desc())) or 0) + 1
            session.execute(
                insert(Asset),
                [
                    {
                        "id": first + i,
                        "title": doc.title,
                        "description": doc.description,
                        "owner_id": owner,
                        "status": "published",
                        "published_at": now,
                    }
                    for i, doc in enumerate(batch)
                ],
            )
            session.execute(
                insert(AssetVersion),
                [
                    {
                        "id": first + i,
                        "asset_id": first + i,
                        "number": 1,
                        "blob_digest": f"{first + i:064x}",
                        "filename": f"asset-{first + i}.pdf",
                        "media_type": "application/pdf",
                        "kind": "pdf",
                        "size": sum(len(p) for p in doc.pages),
                        "page_count": len(doc.pages),
                        "created_by_id": owner,
                    }
                    for i, doc in enumerate(batch)
                ],
            )
            session.execute(
                insert(PageText),
                [
                    {"version_id": first + i, "page_number": n, "text": text}
                    for i, doc in enumerate(batch)
                    for n, text in enumerate(doc.pages, 1)
                ],
            )
            batch.clear()

        for doc in build_documents(count):
            batch.append(doc)
            if len(batch) == 2000:
                flush()
        if batch:
            flush()


def import_delays(library: Library, files: Path, imports: int, label: str) -> list[float]:
    delays = []
    for n in range(imports):
        word = f"zq{label}{n:03d}marker"
        path = write_docx(files / f"{label}-{n}.docx", f"Launch brief {n}", [f"{word} pricing"])
        start = time.perf_counter()
        [result] = library.import_files([path], ImportOptions(publish=True))
        assert result.asset_id is not None, result.reason
        while not any(h.asset_id == result.asset_id for h in library.search(word, log=False).hits):
            if time.perf_counter() - start > 30:
                raise SystemExit(f"{label}: asset {result.asset_id} not searchable after 30 s")
            time.sleep(0.005)
        delays.append(time.perf_counter() - start)
    return delays


def pct(values: list[float], q: int) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=20_000)
    parser.add_argument("--imports", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="import-to-search-"))
    try:
        files = work / "files"
        files.mkdir()
        rows = []
        for label, size in (("empty", 0), ("full", args.assets)):
            with open_library(settings(work / label)) as library:
                rate = ""
                if size:
                    t = time.perf_counter()
                    seed_catalogue(library, size)
                    seeded = time.perf_counter() - t
                    t = time.perf_counter()
                    library.reindex()
                    took = time.perf_counter() - t
                    rate = f"seeded in {seeded:.0f} s; rebuild {size / took:.0f} docs/s"
                    assert len(library.index.indexed_ids()) == size
                # The first import of a session also starts the extraction workers.
                first = import_delays(library, files, 1, f"{label}first")[0]
                rate = f"{rate}{'; ' if rate else ''}first import {first:.2f} s"
                delays = import_delays(library, files, args.imports, label)
                library.index.close()
            rows.append((label, size, delays, rate))
        print(f"import -> searchable, {args.imports} imports each (seconds)")
        print(f"{'library':<8}{'assets':>8}{'p50':>8}{'p95':>8}{'max':>8}")
        for label, size, delays, rate in rows:
            p50, p95 = pct(delays, 50), pct(delays, 95)
            print(f"{label:<8}{size:>8}{p50:>8.3f}{p95:>8.3f}{max(delays):>8.3f}  {rate}")
        base, full = rows[0][2], rows[-1][2]
        ratio = pct(full, 50) / pct(base, 50)
        verdict = "ok" if pct(full, 95) <= TARGET_S else "over"
        print(f"ratio p50 full/empty: {ratio:.2f}x; p95 at {args.assets} assets vs 1 s: {verdict}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
