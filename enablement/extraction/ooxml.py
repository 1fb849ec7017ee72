"""Safety checks for Office containers before any parser sees them.

OOXML files (.docx/.pptx) are ZIP archives. python-docx and python-pptx inflate parts
(python-pptx inflates *every* member) without limits, so a 1 MB file can demand 1 GiB.
:func:`open_checked` reads only the ZIP central directory and refuses archives whose
member count, declared sizes or compression ratio are out of bounds ("limit"), or
whose directory is unreadable ("invalid"). Member names are only ever compared as
strings, never turned into paths, and no member is ever written to disk.

The module also reads ``[Content_Types].xml`` to tell Word from PowerPoint from other
ZIPs, lists relationships that point at missing parts, and classifies OLE/CFB files
(password-protected OOXML vs. legacy .doc/.ppt/.xls).
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
from pathlib import Path
from typing import Any

from .errors import ExtractionError

MAX_MEMBERS = 5_000
MAX_MEMBER_BYTES = 256 << 20
MAX_TOTAL_BYTES = 512 << 20
MAX_RATIO = 100  # uncompressed / compressed, checked for members above RATIO_FLOOR
RATIO_FLOOR = 1 << 20
MAX_XML_BYTES = 8 << 20  # [Content_Types].xml and .rels parts read by this module

_EOCD = b"PK\x05\x06"

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
PPT_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
PPT_MACRO_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCM = "application/vnd.ms-word.document.macroEnabled.12"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PPTM = "application/vnd.ms-powerpoint.presentation.macroEnabled.12"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# main-part content type -> (package media type, kind)
MAIN_TYPES = {
    WORD_MAIN: (DOCX, "docx"),
    WORD_MACRO_MAIN: (DOCM, "other"),  # python-docx refuses macro-enabled documents
    PPT_MAIN: (PPTX, "pptx"),
    PPT_MACRO_MAIN: (PPTM, "pptx"),
    XLSX_MAIN: (XLSX, "other"),
}


def declared_entries(path: Path) -> int | None:
    """Entry count from the end-of-central-directory record, without reading the rest."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - 65_557))
        tail = fh.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) < at + 22:
        return None
    entries: int = struct.unpack_from("<H", tail, at + 10)[0]
    return entries


def open_checked(path: Path) -> zipfile.ZipFile:
    """Open a ZIP after checking its central directory; raise ExtractionError if unsafe."""
    entries = declared_entries(path)
    if entries is None:
        raise ExtractionError("invalid", "the file is damaged or truncated (no ZIP directory)")
    if entries >= 0xFFFF or entries > MAX_MEMBERS:
        raise ExtractionError("limit", "the archive holds too many parts")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ExtractionError("invalid", "the file is damaged or truncated") from exc
    try:
        check_members(archive.infolist())
    except ExtractionError:
        archive.close()
        raise
    return archive


def check_members(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse zip bombs from declared sizes alone (nothing is decompressed here)."""
    if len(infos) > MAX_MEMBERS:
        raise ExtractionError("limit", "the archive holds too many parts")
    total = 0
    for info in infos:
        if info.file_size > MAX_MEMBER_BYTES:
            raise ExtractionError("limit", "a part inflates to more than 256 MB")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise ExtractionError("limit", f"a part is compressed {ratio:.0f}:1 (zip bomb?)")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise ExtractionError("limit", "the archive inflates to more than 512 MB")


def read_member(archive: zipfile.ZipFile, name: str, limit: int = MAX_XML_BYTES) -> bytes | None:
    """Read one small member by exact name, or None if it is absent or too big."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        return None
    with archive.open(info) as fh:
        return fh.read(limit + 1)[:limit]


def _parse(data: bytes) -> Any:
    from lxml import etree  # type: ignore[import-untyped,unused-ignore]

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    return etree.fromstring(data, parser)


def main_part_type(archive: zipfile.ZipFile) -> str | None:
    """Content type of the package's main part, from [Content_Types].xml."""
    data = read_member(archive, "[Content_Types].xml")
    if data is None:
        return None
    try:
        root = _parse(data)
    except Exception:
        return None
    for node in root:
        content_type = str(node.get("ContentType") or "")
        if content_type in MAIN_TYPES:
            return content_type
    return None


def missing_targets(archive: zipfile.ZipFile) -> int:
    """How many internal relationships point at parts that are not in the archive."""
    names = set(archive.namelist())
    missing = 0
    for rels in (n for n in names if n.endswith(".rels")):
        data = read_member(archive, rels)
        try:
            root = _parse(data) if data else None
        except Exception:
            continue
        base = rels.replace("_rels/", "").removesuffix(".rels").rsplit("/", 1)[0]
        for rel in root if root is not None else ():
            target = str(rel.get("Target") or "")
            if rel.get("TargetMode") == "External" or not target or "://" in target:
                continue
            joined = target.lstrip("/") if target.startswith("/") else f"{base}/{target}"
            if posixpath.normpath(joined).lstrip("/") not in names:
                missing += 1
    return missing


_NEEDS_RELS = ("ppt/slides/", "ppt/slideLayouts/", "ppt/slideMasters/")


def missing_rels_items(archive: zipfile.ZipFile) -> int:
    """Slides, layouts and masters whose relationships part is absent (they need one)."""
    names = set(archive.namelist())
    missing = 0
    for name in names:
        folder, _, leaf = name.rpartition("/")
        if name.startswith(_NEEDS_RELS) and leaf.endswith(".xml") and folder.count("/") == 1:
            missing += f"{folder}/_rels/{leaf}.rels" not in names
    return missing


def has_core_properties(archive: zipfile.ZipFile) -> bool:
    """True when docProps/core.xml exists (python-docx/pptx invent a title otherwise)."""
    return "docProps/core.xml" in archive.namelist()


def has_macros(archive: zipfile.ZipFile) -> bool:
    """True when the package carries a VBA project."""
    return any(n.lower().endswith("vbaproject.bin") for n in archive.namelist())


_CFB_MARKERS = {
    "EncryptionInfo": "application/x-ms-office-encrypted",
    "WordDocument": "application/msword",
    "PowerPoint Document": "application/vnd.ms-powerpoint",
    "Workbook": "application/vnd.ms-excel",
}


def classify_cfb(path: Path, scan_bytes: int = 16 << 20) -> str:
    """Media type of an OLE/CFB file from the stream names in its directory."""
    with path.open("rb") as fh:
        data = fh.read(scan_bytes)
    for marker, media_type in _CFB_MARKERS.items():
        if marker.encode("utf-16-le") in data:
            return media_type
    return "application/x-ole-storage"
