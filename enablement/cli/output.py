"""Printing for the command line: JSON, plain tables, a progress bar."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from typing import Any, TextIO


def emit_json(data: Any, stream: TextIO | None = None) -> None:
    # ASCII-escaped so file names that are not valid UTF-8 (carried as lone
    # surrogates) survive as "\udce9" and decode back to the same path.
    out = stream or sys.stdout
    out.write(json.dumps(data, ensure_ascii=True, default=str) + "\n")


def safe_text(text: str) -> str:
    """Terminal-safe: escape controls so a title cannot move the cursor."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode() for ch in text
    )


def table(rows: Sequence[Sequence[object]], headers: Sequence[str]) -> str:
    cells = [[safe_text(str(c)) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    widths = [min(w, 60) for w in widths]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v[:w].ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    return "\n".join(
        [line(list(headers)), line(["-" * w for w in widths])] + [line(r) for r in cells]
    )


class ProgressBar:
    """A one-line bar on stderr: count, rate and the current item."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._label = label
        self._start = time.monotonic()
        self._enabled = self._stream.isatty()
        self._last_draw = 0.0

    def update(self, done: int, total: int, current: str = "") -> None:
        if not self._enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        rate = done / max(now - self._start, 1e-6)
        width = 24
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        name = safe_text(current)[-40:]
        self._stream.write(f"\r{self._label} [{bar}] {done}/{total}  {rate:5.1f}/s  {name:<40}")
        self._stream.flush()

    def finish(self) -> None:
        if self._enabled and self._last_draw:
            self._stream.write("\n")
            self._stream.flush()
