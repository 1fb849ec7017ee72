"""One extractor per kind, chosen by the sniffed media type; the in-process pipeline.

:func:`extract_file` is what a sandbox worker runs for one file: sniff the content,
refuse a file whose extension claims another document type, call the extractor that the
registry holds for the kind, then clean and bound the text (:mod:`.clean`). Extractor
modules import their parsers lazily, so importing the registry is cheap. Unexpected
exceptions from parsers become ``ExtractionError("invalid")``; ``MemoryError`` becomes
``"limit"``.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import mime
from .clean import finish
from .docx import extract_docx
from .errors import ExtractionError
from .pdf import DEFAULT_BACKEND, extract_pdf
from .pptx import extract_pptx
from .result import Draft, Extracted
from .text import extract_html, extract_markdown, extract_text

Extractor = Callable[[Path], Draft]

WARN_NO_TEXT = "no extractable text (scanned or image-only?)"
WARN_NOT_EXTRACTED = "no text extracted"
MAX_IMAGE_PIXELS = 100_000_000
TEXT_KINDS = ("pdf", "docx", "pptx", "text", "markdown", "csv", "html")


@dataclass(frozen=True)
class Options:
    """Per-pool settings a worker needs for every file."""

    pdf_backend: str = DEFAULT_BACKEND


def registry(options: Options) -> dict[str, Extractor]:
    """The extractor for every kind that has text."""
    return {
        "pdf": partial(extract_pdf, backend=options.pdf_backend),
        "docx": extract_docx,
        "pptx": extract_pptx,
        "text": extract_text,
        "markdown": extract_markdown,
        "csv": extract_text,
        "html": extract_html,
    }


def extract_file(path: Path, options: Options | None = None) -> Extracted:
    """Sniff, check, extract and clean one file in this process."""
    options = options or Options()
    media_type, kind = mime.sniff(path)
    mime.check_claim(path, media_type)
    extractor = registry(options).get(kind)
    if extractor is None:
        return _textless(path, media_type, kind)
    try:
        draft = extractor(path)
    except ExtractionError:
        raise
    except MemoryError as exc:
        raise ExtractionError("limit", "it needs more memory than allowed") from exc
    except RecursionError as exc:
        raise ExtractionError("invalid", "its structure is nested too deeply") from exc
    except Exception as exc:
        raise ExtractionError("invalid", f"the file is damaged ({type(exc).__name__})") from exc
    result = finish(draft, media_type, kind)
    if not any(page.strip() for page in result.pages):
        return Extracted(media_type, kind, result.title, result.pages,
                         (*result.warnings, WARN_NO_TEXT))
    return result


def _textless(path: Path, media_type: str, kind: str) -> Extracted:
    """Files kept for their name and tags only (images, archives, unknown types)."""
    warnings = [WARN_NOT_EXTRACTED]
    if media_type == mime.EMPTY:
        raise ExtractionError("invalid", "the file is empty")
    if media_type in ("image/png", "image/gif"):
        size = _image_size(path, media_type)
        if size is not None and size[0] * size[1] > MAX_IMAGE_PIXELS:
            raise ExtractionError("limit", f"the image declares {size[0]} × {size[1]} pixels")
    if media_type == "application/msword" or media_type == "application/vnd.ms-powerpoint":
        warnings.append("old binary Office format; save it as .docx/.pptx to make it searchable")
    return Extracted(media_type, kind, None, (), tuple(warnings))


def _image_size(path: Path, media_type: str) -> tuple[int, int] | None:
    with path.open("rb") as fh:
        head = fh.read(32)
    if media_type == "image/png" and len(head) >= 24 and head[12:16] == b"IHDR":
        width, height = struct.unpack(">II", head[16:24])
        return int(width), int(height)
    if media_type == "image/gif" and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return int(width), int(height)
    return None
