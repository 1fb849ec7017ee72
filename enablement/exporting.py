"""Copying asset files out of the library under safe names.

Stored file names come from other people's disks, so a name never becomes a
path as it is: separators, reserved characters and leading dots or dashes are
replaced, and an existing file at the destination is never overwritten.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|\u202a-\u202e\u2066-\u2069]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def safe_file_name(name: str, fallback: str) -> str:
    text = unicodedata.normalize("NFC", name)
    text = _UNSAFE.sub("_", text).strip().rstrip(".")
    text = text.lstrip(".-").strip()
    if _RESERVED.match(text):
        text = f"_{text}"
    encoded = text.encode("utf-8")
    if len(encoded) > 200:
        stem, dot, ext = text.rpartition(".")
        keep = (
            (stem if dot else text).encode("utf-8")[: 200 - len(ext) - 1].decode("utf-8", "ignore")
        )
        text = f"{keep}.{ext}" if dot else keep
    return text or fallback


def free_destination(folder: Path, name: str) -> Path:
    candidate = folder / name
    stem, dot, ext = name.rpartition(".")
    base, suffix = (stem, f".{ext}") if dot and stem else (name, "")
    counter = 2
    while candidate.exists():
        candidate = folder / f"{base} ({counter}){suffix}"
        counter += 1
    return candidate
