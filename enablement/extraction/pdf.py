"""PDF text per page, with two interchangeable backends: pypdfium2 and pypdf.

pypdf (pure Python, >= 7.1 for its decompression and recursion limits) always opens the
file first: it decides encryption (empty password -> warning, otherwise "password"),
reads the title and flags active content and attachments, and reports repairs of the
cross-reference table. Page text then comes from the chosen backend: ``"pdfium"``
(default; the PDFium C++ engine, much faster and better at word boundaries and
ligatures, see bench/import_throughput.py) falls back to pypdf when PDFium cannot open
or read the file, and for right-to-left scripts, which PDFium returns in visual order;
``"pypdf"`` uses pypdf only.
Heavy imports stay inside functions so importing this module costs nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import ExtractionError
from .result import Draft

BACKENDS = ("pdfium", "pypdf")
DEFAULT_BACKEND = "pdfium"
LABEL = "PDF"

WARN_EMPTY_PASSWORD = "encrypted with an empty password"
WARN_RESTRICTED = "permissions restricted (copying text is not allowed)"
WARN_XREF = "repaired a broken cross-reference table"
WARN_REPAIRED = "repaired a damaged file structure"
WARN_JS = "active content (JavaScript) found; it is never run"
WARN_LAUNCH = "an action that launches a program found; it is never run"
WARN_ATTACHMENTS = "embedded file attachments found; they are never opened"
SCAN_BYTES = 64 << 20
# PDFium returns right-to-left scripts in visual (reversed) order, pypdf in logical order.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


class _LogCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _pypdf_log() -> Iterator[_LogCollector]:
    logger = logging.getLogger("pypdf")
    collector = _LogCollector()
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)


def extract_pdf(path: Path, backend: str = DEFAULT_BACKEND) -> Draft:
    """Text per page plus warnings; raises ExtractionError for password/invalid/limit."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown PDF backend {backend!r}")
    draft = Draft()
    with _pypdf_log() as log:
        reader, failure = _open_pypdf(path, draft)
        if reader is not None:
            _inspect(reader, path, draft)
        if backend == "pdfium":
            if reader is not None:
                _page_count(reader)  # PDFium is lenient; refuse page trees pypdf cannot walk
            pages = _pdfium_pages(path, reader is None)
            if pages is not None and reader is not None and any(map(_RTL.search, pages)):
                pages = None  # Arabic/Hebrew: pypdf keeps the reading order, PDFium does not
            if pages is not None:
                draft.pages = pages
                if reader is None:
                    draft.warn(WARN_REPAIRED)
                _note_repairs(log.messages, draft)
                return draft
        if reader is None:
            assert failure is not None
            raise failure
        draft.pages = _pypdf_pages(reader, draft)
        _note_repairs(log.messages, draft)
    return draft


def _note_repairs(messages: list[str], draft: Draft) -> None:
    if any(w in m.lower() for m in messages for w in ("xref", "trailer")):
        draft.warn(WARN_XREF)


def _open_pypdf(path: Path, draft: Draft) -> tuple[Any, ExtractionError | None]:
    """A decrypted PdfReader, or (None, the error to raise if no backend can read it)."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import EmptyFileError, LimitReachedError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise ExtractionError("password", "password-protected", label=LABEL)
            draft.warn(WARN_EMPTY_PASSWORD)
            _note_permissions(reader, draft)
        return reader, None
    except ExtractionError:
        raise
    except EmptyFileError:
        return None, ExtractionError("invalid", "the file is empty", label=LABEL)
    except LimitReachedError as exc:
        return None, ExtractionError("limit", _limit_reason(exc), label=LABEL)
    except RecursionError:
        return None, ExtractionError("invalid", "its structure is nested too deeply", label=LABEL)
    except MemoryError:
        raise
    except Exception:
        return None, ExtractionError("invalid", "the file is damaged or truncated", label=LABEL)


def _note_permissions(reader: Any, draft: Draft) -> None:
    from pypdf.constants import UserAccessPermissions

    try:
        permissions = reader.user_access_permissions
    except Exception:
        return
    if permissions is not None and not permissions & UserAccessPermissions.EXTRACT:
        draft.warn(WARN_RESTRICTED)


def _limit_reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "decompress" in text:
        return "a content stream is too highly compressed"
    if "token" in text:
        return "a page holds too many text operations"
    return "the file declares absurd sizes"


def _inspect(reader: Any, path: Path, draft: Draft) -> None:
    """Title, active content and attachments; damage here is never fatal."""
    try:
        meta = reader.metadata
        title = meta.title if meta is not None else None
        draft.title = str(title) if title else None
    except Exception:
        draft.title = None
    with path.open("rb") as fh:
        raw = fh.read(SCAN_BYTES)
    try:
        root = reader.trailer["/Root"].get_object()
        names = root.get("/Names")
        names = names.get_object() if names is not None else {}
        action = root.get("/OpenAction")
        action = action.get_object() if action is not None else None
        kind = action.get("/S") if action is not None and hasattr(action, "get") else None
        js = "/JavaScript" in names or "/AA" in root or kind == "/JavaScript"
        launch = kind == "/Launch"
        files = "/EmbeddedFiles" in names
    except Exception:
        js = launch = files = False
    if js or b"/JavaScript" in raw or b"/JS " in raw or b"/JS(" in raw:
        draft.warn(WARN_JS)
    if launch or b"/Launch" in raw:
        draft.warn(WARN_LAUNCH)
    if files or b"/EmbeddedFile" in raw:
        draft.warn(WARN_ATTACHMENTS)


def _page_count(reader: Any) -> int:
    from pypdf.errors import LimitReachedError

    try:
        return len(reader.pages)
    except LimitReachedError as exc:
        raise ExtractionError("limit", _limit_reason(exc), label=LABEL) from exc
    except RecursionError as exc:
        raise ExtractionError("invalid", "its page tree is nested too deeply", label=LABEL) from exc
    except Exception as exc:
        raise ExtractionError("invalid", "its page tree is damaged", label=LABEL) from exc


def _pypdf_pages(reader: Any, draft: Draft) -> list[str]:
    from pypdf.errors import LimitReachedError

    count = _page_count(reader)
    pages: list[str] = []
    failed = 0
    for index in range(count):
        try:
            pages.append(reader.pages[index].extract_text() or "")
        except LimitReachedError as exc:
            raise ExtractionError("limit", _limit_reason(exc), label=LABEL) from exc
        except (MemoryError, ExtractionError):
            raise
        except Exception:
            failed += 1
            pages.append("")
    if failed:
        draft.warn(f"text of {failed} damaged page(s) could not be read")
    return pages


def _pdfium_pages(path: Path, pypdf_failed: bool) -> list[str] | None:
    """Page texts via PDFium, or None to fall back to pypdf."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped,unused-ignore]

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if pypdf_failed and "password" in str(exc).lower():
            raise ExtractionError("password", "password-protected", label=LABEL) from exc
        return None
    try:
        pages: list[str] = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return pages
    except pdfium.PdfiumError:
        return None
    finally:
        document.close()
