"""Run extraction of untrusted files in reusable, resource-capped worker processes.

:class:`ExtractionPool` keeps up to ``workers`` child processes, started with the
"forkserver" method (or "spawn" where there is none) because the application is a Qt
program that must never be forked. Each child caps its own address space with
``RLIMIT_AS`` and then serves files one at a time over a pipe, so parsers are imported
once per worker, not once per file. Each file may use ``time_limit`` seconds of
processor time: the worker sets ``RLIMIT_CPU`` before each file, so the kernel stops a
parser that spins, however busy the machine is. A wall-time limit would misfire on a
loaded machine, where a worker that waits for a core is not slow; the parent only
keeps a generous wall-time backstop (``wall_limit``) for a worker that blocks without
using the processor. A worker that overruns, dies (out of memory, PDFium abort,
segfault) or raises ``MemoryError`` is killed and replaced by a fresh one on the next
file, and the file ends as ``ExtractionError("limit")``. Where there is no
``RLIMIT_CPU`` (Windows) the limit is wall time. The caller's process never parses
anything.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import queue
import signal
import sys
import threading
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType

from .errors import ExtractionError
from .pdf import DEFAULT_BACKEND
from .registry import Options, extract_file
from .result import Extracted

Reply = tuple[str, "Extracted | ExtractionError"]

CPU_LIMITED = sys.platform != "win32" and hasattr(signal, "SIGXCPU")
BACKSTOP_FACTOR = 3  # wall time allowed per second of processor time
BACKSTOP_SLACK = 30.0  # and at least this much more than the limit


def wall_limit(time_limit: float) -> float:
    """How long the parent waits for a file whose processor time is capped at time_limit."""
    if not CPU_LIMITED:
        return time_limit
    return max(BACKSTOP_FACTOR * time_limit, time_limit + BACKSTOP_SLACK)


def _limit_cpu(seconds: float) -> None:
    """Let this process use ``seconds`` more processor time; SIGXCPU ends it after that."""
    if not CPU_LIMITED:
        return
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(used + seconds)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _no_core_dumps() -> None:
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: a Job object would be needed; not implemented
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _serve(conn: Connection, memory_limit: int, options: Options) -> None:
    """Worker main loop: one (path, time limit) in, one reply out, until the pipe closes."""
    _limit_memory(memory_limit)
    _no_core_dumps()  # a worker stopped by SIGXCPU or a parser abort leaves no core file
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        path, time_limit = job
        fatal = False
        reply: Reply
        try:
            _limit_cpu(time_limit)
            reply = ("ok", extract_file(Path(path), options))
        except ExtractionError as exc:
            reply = ("error", exc)
        except MemoryError:
            fatal = True
            reply = ("error", ExtractionError("limit", "it needs more memory than allowed"))
        except BaseException as exc:  # a bug or a parser failure nobody mapped
            reply = ("error", ExtractionError("invalid", f"unexpected {type(exc).__name__}"))
        try:
            conn.send(reply)
        except MemoryError:
            return
        if fatal:
            return  # leave with a clean heap; the parent starts a fresh worker


class _Worker:
    """One child process and the parent's end of its pipe."""

    def __init__(self, ctx: multiprocessing.context.BaseContext, memory_limit: int,
                 options: Options) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process: BaseProcess = ctx.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, memory_limit, options),
            name="enablement-extraction", daemon=True,
        )
        self.process.start()
        child.close()

    def run(self, path: Path, time_limit: float) -> Extracted:
        """Extract one file; kill this worker and raise "limit" if it overruns or dies."""
        try:
            self.conn.send((str(path), time_limit))
            ready = self.conn.poll(wall_limit(time_limit))
            status, value = self.conn.recv() if ready else ("timeout", None)
        except (EOFError, OSError, BrokenPipeError):
            status, value = "crashed", None
        if status == "ok" and isinstance(value, Extracted):
            return value
        if status == "error" and isinstance(value, ExtractionError):
            raise value
        self.kill()
        if status == "timeout" or (
            CPU_LIMITED and self.process.exitcode == -signal.SIGXCPU
        ):
            raise ExtractionError("limit", f"extraction took longer than {time_limit:g} s")
        raise ExtractionError("limit", "the extractor ran out of memory or crashed")

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self, timeout: float = 1.0) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(timeout)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class ExtractionPool:
    """Extract text from untrusted files in sandboxed, reused worker processes."""

    def __init__(self, workers: int | None = None, time_limit: float = 60.0,
                 memory_limit: int = 1 << 30, *, pdf_backend: str = DEFAULT_BACKEND) -> None:
        self._size = max(1, workers or os.cpu_count() or 1)
        self._time_limit = time_limit
        self._memory_limit = memory_limit
        self._options = Options(pdf_backend=pdf_backend)
        methods = multiprocessing.get_all_start_methods()
        method = "forkserver" if "forkserver" in methods else "spawn"  # never "fork": Qt app
        self._ctx = multiprocessing.get_context(method)
        # One slot per worker: an idle worker, or None where one must be (re)started.
        self._slots: queue.SimpleQueue[_Worker | None] = queue.SimpleQueue()
        for _ in range(self._size):
            self._slots.put(None)
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._executor = ThreadPoolExecutor(self._size, thread_name_prefix="extraction")

    def extract(self, path: Path) -> Extracted:
        """Extract one file, blocking; raises ExtractionError."""
        return self.submit(path).result()

    def submit(self, path: Path) -> Future[Extracted]:
        """Queue one file; the future raises ExtractionError on failure."""
        if self._closed:
            raise RuntimeError("the extraction pool is closed")
        return self._executor.submit(self._run, Path(os.path.abspath(path)))

    def worker_pids(self) -> list[int]:
        """Process ids of the live workers (for diagnostics and tests)."""
        with self._lock:
            return sorted(w.process.pid for w in self._live if w.process.pid and w.alive)

    def _run(self, path: Path) -> Extracted:
        worker = self._slots.get()
        try:
            if worker is None or not worker.alive:
                worker = self._start()
            return worker.run(path, self._time_limit)
        except ExtractionError:
            if self._closed:
                raise CancelledError() from None
            raise
        finally:
            if worker is not None and not worker.alive:
                with self._lock:
                    self._live.discard(worker)
                worker = None
            self._slots.put(worker)

    def _start(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise CancelledError()
            worker = _Worker(self._ctx, self._memory_limit, self._options)
            self._live.add(worker)
            return worker

    def close(self) -> None:
        """Cancel queued files, stop the workers and wait for the threads."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            workers = list(self._live)
        self._executor.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.stop()
        self._executor.shutdown(wait=True)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
