"""Turning file names from disk into text that is safe to show and store.

Names can hold bytes that are not UTF-8, control characters, bidi overrides
and decomposed accents. What the user sees is NFC text with every control
and direction override shown escaped, so "invoice\\u202egnp.exe.pdf" cannot
pretend to be a PNG and a newline cannot forge a log line.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

_BIDI_CONTROLS = {
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
    "\u2066", "\u2067", "\u2068", "\u2069",
}  # fmt: skip


def display_name(path: Path | str) -> str:
    raw = os.path.basename(os.fspath(path))
    # Undecodable bytes arrive as lone surrogates (surrogateescape); show them
    # as the replacement character rather than crash an encoder later.
    text = raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = unicodedata.normalize("NFC", text)
    out = []
    for char in text:
        if char in _BIDI_CONTROLS or (
            unicodedata.category(char) in {"Cc", "Cf"} and char != "\u200d"
        ):
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out) or "(unnamed file)"


def title_from_name(path: Path | str) -> str:
    name = display_name(path)
    stem, dot, ext = name.rpartition(".")
    base = stem if dot and stem and len(ext) <= 5 else name
    return base.replace("_", " ").strip() or name
