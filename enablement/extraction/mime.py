"""What a file really is, from its bytes; the name's extension is only a hint.

:func:`sniff` looks at magic bytes (PDF, PNG, JPEG, GIF, WebP, ZIP, OLE/CFB), the OOXML
``[Content_Types].xml`` for Word vs. PowerPoint, and whether the head decodes as text
(HTML recognised by its tags; Markdown and CSV only by extension, since their bytes
are plain text). :func:`check_claim` rejects a file whose extension promises a
document type (PDF, Word, PowerPoint) that its content is not, naming what it really is.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from . import ooxml
from .errors import ExtractionError

HEAD_BYTES = 64 << 10
EMPTY = "application/x-empty"
OCTET = "application/octet-stream"

_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)
_TEXT_HINTS = {".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".tsv": "csv"}
_TEXT_TYPES = {"text": "text/plain", "markdown": "text/markdown", "csv": "text/csv"}

# extension -> (media type it promises, label used in "is not a valid <label> file")
CLAIMS = {
    ".pdf": ("application/pdf", "PDF"),
    ".docx": (ooxml.DOCX, "Word"),
    ".pptx": (ooxml.PPTX, "PowerPoint"),
}

DESCRIPTIONS = {
    EMPTY: "the file is empty",
    OCTET: "its content is not a recognised document format",
    "application/pdf": "it is a PDF file",
    "application/zip": "it is a ZIP archive",
    "text/html": "it is an HTML page",
    "text/plain": "it is a plain text file",
    "text/markdown": "it is a plain text file",
    "text/csv": "it is a plain text file",
    ooxml.DOCX: "it is a Word document",
    ooxml.DOCM: "it is a macro-enabled Word document (.docm)",
    ooxml.PPTX: "it is a PowerPoint presentation",
    ooxml.PPTM: "it is a macro-enabled PowerPoint presentation (.pptm)",
    ooxml.XLSX: "it is an Excel workbook",
    "application/msword": "it is an old-format Word document (.doc)",
    "application/vnd.ms-powerpoint": "it is an old-format PowerPoint file (.ppt)",
    "application/vnd.ms-excel": "it is an old-format Excel file (.xls)",
    "application/x-ole-storage": "it is an old-format Office file",
}


def suffix_of(path: Path) -> str:
    """Lower-case extension, ignoring trailing dots and spaces Windows would drop."""
    return Path(path.name.rstrip(" .")).suffix.lower()


def sniff(path: Path) -> tuple[str, str]:
    """(media_type, kind) of the file at ``path`` judged by its content."""
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    if not head:
        return EMPTY, "other"
    if b"%PDF-" in head[:1024]:
        return "application/pdf", "pdf"
    for magic, media_type in _IMAGES:
        if head.startswith(magic):
            return media_type, "image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "image"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(path)
    if head.startswith(_CFB):
        return ooxml.classify_cfb(path), "other"
    if _looks_textual(head):
        return _sniff_text(path, head)
    return OCTET, "other"


def _sniff_zip(path: Path) -> tuple[str, str]:
    # Only the entry count is checked here: a zip bomb still sniffs as Word/PowerPoint
    # and is refused with "limit" by the extractor's full check (ooxml.open_checked).
    entries = ooxml.declared_entries(path)
    if entries is None or entries > ooxml.MAX_MEMBERS:
        return "application/zip", "other"
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "application/zip", "other"
    with archive:
        main = ooxml.main_part_type(archive)
    return ooxml.MAIN_TYPES.get(main or "", ("application/zip", "other"))


def _looks_textual(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 0x20 and b not in b"\t\n\r\f\x1b")
    return controls <= len(head) // 100


def _sniff_text(path: Path, head: bytes) -> tuple[str, str]:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<") and _HTML.search(stripped[:4096]):
        return "text/html", "html"
    suffix = suffix_of(path)
    if suffix in (".html", ".htm", ".xhtml"):
        return "text/html", "html"
    kind = _TEXT_HINTS.get(suffix, "text")
    return _TEXT_TYPES[kind], kind


def describe(media_type: str) -> str:
    """Plain words for what a file is, e.g. "it is a PNG image"."""
    if media_type in DESCRIPTIONS:
        return DESCRIPTIONS[media_type]
    if media_type.startswith("image/"):
        return f"it is a {media_type.removeprefix('image/').upper()} image"
    return DESCRIPTIONS[OCTET]


def check_claim(path: Path, media_type: str) -> None:
    """Raise if the extension claims a document type that the content is not."""
    claim = CLAIMS.get(suffix_of(path))
    if claim is None or claim[0] == media_type:
        return
    label = claim[1]
    if media_type == "application/x-ms-office-encrypted" or (
        media_type == "application/x-ole-storage" and label != "PDF"
    ):
        raise ExtractionError("password", "a password-protected Office file", label=label)
    if media_type == "application/zip" and label != "PDF":
        try:
            ooxml.open_checked(path).close()  # damaged or bomb: say that, not "a ZIP"
        except ExtractionError as exc:
            raise ExtractionError(exc.code, exc.reason, label=label) from None
    raise ExtractionError("invalid", describe(media_type), label=label)

