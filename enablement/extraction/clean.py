"""Text hygiene applied to every extractor's output before it leaves the worker.

Extracted text goes to SQLite/PostgreSQL and the search index, so it must not carry
control characters (PostgreSQL rejects NUL), must be in one Unicode normal form (NFC,
so "Café" typed on macOS and Windows match; Latin ligatures such as "ﬁ" are spelled
out) and must stay bounded: the total stored text and the length of a single "word"
are capped, each with a warning for the user.
"""

from __future__ import annotations

import re
import unicodedata

from .result import Draft, Extracted

MAX_TOTAL_CHARS = 5_000_000
MAX_TOKEN_CHARS = 200
MAX_TITLE_CHARS = 300

# C0 and C1 controls and DEL, except tab and newline (carriage returns become newlines).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LONG_TOKEN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")

# Latin presentation ligatures (PDF fonts) spelled out, so "de\ufb01nition" finds "definition".
_LIGATURES = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
})

WARN_TRUNCATED = "text truncated to the first 5 million characters"
WARN_LONG_TOKENS = f"very long words were shortened to {MAX_TOKEN_CHARS} characters"


def clean_text(text: str) -> str:
    """Normalise one chunk: newlines, no controls, NFC, no runs of blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text).translate(_LIGATURES)
    text = _TRAILING_SPACE.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def clean_title(title: str | None) -> str | None:
    """A single-line, bounded title, or None when nothing useful is left."""
    if title is None:
        return None
    text = " ".join(clean_text(title).split())
    return text[:MAX_TITLE_CHARS] or None


def _shorten_tokens(text: str) -> tuple[str, bool]:
    if not _LONG_TOKEN.search(text):
        return text, False
    return _LONG_TOKEN.sub(lambda m: m.group(0)[:MAX_TOKEN_CHARS], text), True


def finish(draft: Draft, media_type: str, kind: str) -> Extracted:
    """Clean a draft into the public result, applying the size caps."""
    warnings = list(draft.warnings)
    pages: list[str] = []
    budget = MAX_TOTAL_CHARS
    shortened = False
    for raw in draft.pages:
        page, was_long = _shorten_tokens(clean_text(raw[: 2 * budget]))
        shortened = shortened or was_long
        if len(page) > budget:
            page = page[:budget]
            if WARN_TRUNCATED not in warnings:
                warnings.append(WARN_TRUNCATED)
        budget -= len(page)
        pages.append(page)
    if shortened:
        warnings.append(WARN_LONG_TOKENS)
    return Extracted(
        media_type=media_type,
        kind=kind,
        title=clean_title(draft.title),
        pages=tuple(pages),
        warnings=tuple(warnings),
    )
