"""A child-process driver for crash and concurrency tests: a small "zygote".

Started once per test (``python driver.py``), it imports the library code and
then reads one JSON job per line on stdin. For each job it forks a child that
becomes the leader of its own process group (so a test can SIGKILL it together
with its extraction workers), prints ``started PID``, and once the child ends
prints ``ended PID STATUS``. The child opens the library with its own
extraction pool and appends one JSON line per finished step to the job's log
file (flushed, so a line written before a kill survives it).

Job fields: home, user, log, steps — a list of
``["import", [paths...], publish?]``, ``["import-each", [paths...]]``, ``["reindex"]``,
``["publish", asset_id]``, ``["rate", asset_id, stars]``, ``["search", text]``.

Workers are forked from this pre-warmed process unless a job says
``"fork_workers": false``; see ``child``.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import sys
import traceback
from pathlib import Path
from typing import Any, TextIO

from enablement.config import Settings
from enablement.errors import EnablementError
from enablement.extraction import ExtractionPool
from enablement.ingest import ImportOptions
from enablement.library import Library, open_library

TAGS = (("situation", "Discovery"), ("segment", "Enterprise"))


def settings_for(home: Path, user: str) -> Settings:
    return Settings(
        home=home,
        database_url=f"sqlite:///{home / 'library.sqlite3'}",
        store_url=str(home / "blobs"),
        user=user,
        client="driver",
    )


def emit(log: TextIO, **record: Any) -> None:
    record["t"] = round(__import__("time").time(), 3)
    log.write(json.dumps(record) + "\n")
    log.flush()


def run_step(library: Library, step: list[Any], log: TextIO) -> None:
    kind = step[0]
    if kind in ("import", "import-each"):
        batches = [[p] for p in step[1]] if kind == "import-each" else [step[1]]
        publish = len(step) > 2 and bool(step[2])
        options = ImportOptions(tags=TAGS, publish=True) if publish else ImportOptions()
        for batch in batches:
            library.import_files(
                [Path(p) for p in batch],
                options,
                on_result=lambda r: emit(
                    log, step="import", path=r.path, status=r.status, asset_id=r.asset_id,
                    reason=r.reason,
                ),
            )
            emit(log, step="indexed")
    elif kind == "reindex":
        library.reindex()
        emit(log, step="reindexed")
    elif kind == "publish":
        library.assets.publish(step[1])
        emit(log, step="published", asset_id=step[1])
    elif kind == "rate":
        library.ratings.rate(step[1], step[2])
        emit(log, step="rated", asset_id=step[1], stars=step[2])
    elif kind == "search":
        outcome = library.search(step[1])
        emit(log, step="searched", total=outcome.total, message=outcome.message)
    else:
        raise ValueError(f"unknown step {kind}")


def child(job: dict[str, Any]) -> int:
    with open(job["log"], "a", encoding="utf-8") as log:
        emit(log, step="ready")
        pool = ExtractionPool(workers=job.get("workers", 1), time_limit=30)
        if job.get("fork_workers", True):
            # Speed only: workers forked from this pre-warmed process start in
            # milliseconds instead of seconds. They still are separate, capped
            # processes in the importer's process group, which is what a kill
            # test needs; job {"fork_workers": false} keeps the real start method.
            pool._ctx = multiprocessing.get_context("fork")
        library = open_library(settings_for(Path(job["home"]), job["user"]), pool=pool)
        try:
            emit(log, step="opened")
            for step in job["steps"]:
                try:
                    run_step(library, step, log)
                except EnablementError as exc:
                    emit(log, step="error", kind=type(exc).__name__, message=exc.message)
            emit(log, step="done")
        except BaseException:
            emit(log, step="crash", traceback=traceback.format_exc())
            return 3
        finally:
            library.close()
            pool.close()
    return 0


def main() -> None:
    import enablement.extraction.registry  # noqa: F401 - pre-warm forked children

    for line in sys.stdin:
        job = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            os.setpgid(0, 0)
            code = 3
            try:
                code = child(job)
            finally:
                os._exit(code)
        with contextlib.suppress(OSError):  # both sides set it: a kill right away works
            os.setpgid(pid, pid)
        print(f"started {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"ended {pid} {status}", flush=True)


if __name__ == "__main__":
    main()
