"""Shared tools of the hardening suite: test files, a child-process driver, invariants."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from enablement.library import Library
from enablement.models import Asset, AssetVersion, PageText
from tests.enablement.factories import write_docx, write_pdf, write_pptx

REPO = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("driver.py")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def marker(n: int) -> str:
    """A made-up word unique to file n (letters only, so it is one search token)."""
    word = ""
    n += 26 * 26
    while n:
        n, r = divmod(n, 26)
        word += LETTERS[r]
    return f"zx{word}q"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_file(folder: Path, n: int) -> Path:
    """File n of a family of small valid files, each with its own marker word."""
    word = marker(n)
    kind = n % 5
    if kind == 0:
        return write_docx(folder / f"f{n}.docx", f"Brief {word}", [f"{word} discovery notes"])
    if kind == 1:
        return write_pptx(folder / f"f{n}.pptx", f"Deck {word}", [f"{word} pricing. slide"])
    if kind == 2:
        path = folder / f"f{n}.txt"
        path.write_text(f"Checklist {word}\nclosing steps for {word}\n", "utf-8")
        return path
    return write_pdf(folder / f"f{n}.pdf", [f"{word} page one", f"second page {n}"])


@dataclass
class Catalogue:
    """What the database holds, read in one go."""

    versions: list[tuple[int, str, int, int]]  # asset id, digest, page_count, page rows
    asset_ids: set[int]
    statuses: dict[int, str] = field(default_factory=dict)

    @property
    def digests(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for asset_id, digest, _, _ in self.versions:
            out.setdefault(digest, []).append(asset_id)
        return out


def read_catalogue(library: Library) -> Catalogue:
    pages = (
        select(PageText.version_id, func.count().label("n"))
        .group_by(PageText.version_id)
        .subquery()
    )
    with library.reader() as session:
        rows = session.execute(
            select(
                AssetVersion.asset_id,
                AssetVersion.blob_digest,
                AssetVersion.page_count,
                func.coalesce(pages.c.n, 0),
            ).outerjoin(pages, pages.c.version_id == AssetVersion.id)
        ).all()
        statuses = dict(session.execute(select(Asset.id, Asset.status)).all())
    versions = [(int(a), str(d), int(p), int(n)) for a, d, p, n in rows]
    return Catalogue(versions, set(statuses), {int(k): str(v) for k, v in statuses.items()})


def problems_in(library: Library, known_digests: Iterable[str] = ()) -> list[str]:
    """Broken invariants of a library, in words (empty when all hold).

    Every version's blob reads back with its hash; page rows are complete; no two
    assets hold the same content; every asset has a version; rows only for content
    that was imported; once caught up the index holds exactly the catalogue's
    assets; verify finds nothing but orphans (a blob stored just before a crash
    or a failed commit), and those only for content that was imported.
    """
    problems: list[str] = []
    catalogue = read_catalogue(library)
    for asset_id, digest, page_count, page_rows in catalogue.versions:
        try:
            with library.store.open_verified(digest):
                pass
        except Exception as exc:
            problems.append(f"asset {asset_id}: blob unreadable: {exc}")
        if page_count != page_rows:
            problems.append(f"asset {asset_id}: {page_rows} of {page_count} pages")
    for digest, ids in catalogue.digests.items():
        if len(set(ids)) > 1:
            problems.append(f"duplicate assets {sorted(set(ids))} for {digest[:12]}")
    if {a for a, *_ in catalogue.versions} != catalogue.asset_ids:
        problems.append("an asset without a file version")
    known = set(known_digests)
    if known and set(catalogue.digests) - known:
        problems.append(f"rows for content nobody imported: {set(catalogue.digests) - known}")
    library.catch_up_index()
    if library.index.needs_rebuild:
        problems.append("index still needs a rebuild after catching up")
    indexed = library.index.indexed_ids()
    if indexed != catalogue.asset_ids:
        problems.append(
            f"index differs: missing {sorted(catalogue.asset_ids - indexed)}, "
            f"extra {sorted(indexed - catalogue.asset_ids)}"
        )
    for problem in library.verify():
        if problem["kind"] != "blob-orphaned":
            problems.append(f"verify: {problem}")
    orphans = {str(d) for d in library.store.iter_digests()} - set(catalogue.digests)
    if known and orphans - known:
        problems.append(f"orphan blobs of unknown content: {orphans - known}")
    return problems


def assert_consistent(library: Library, known_digests: Iterable[str] = ()) -> Catalogue:
    problems = problems_in(library, known_digests)
    assert not problems, problems
    return read_catalogue(library)


# -- the child-process driver ---------------------------------------------------


class Zygote:
    """A pre-warmed process that forks one child per job (see driver.py)."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.proc = subprocess.Popen(
            [sys.executable, str(DRIVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
            start_new_session=True,
        )

    def start(self, job: dict[str, Any]) -> int:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline().split()
        assert line[:1] == ["started"], line
        return int(line[1])

    def wait(self, pid: int) -> int:
        """Wait for the child; return its wait status."""
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        assert line[:2] == ["ended", str(pid)], line
        return int(line[2])

    @staticmethod
    def kill(pid: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def killed(status: int) -> bool:
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def read_log(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    records = []
    for line in path.read_text("utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:  # a line cut by the kill
            break
    return records


def wait_for(path: Path, step: str, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(r.get("step") in (step, "done", "crash") for r in read_log(path)):
            return True
        time.sleep(0.005)
    return False
