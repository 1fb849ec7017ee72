"""Word (.docx) text: body paragraphs and tables in order, then headers, footers, comments.

The container is checked by :func:`.ooxml.open_checked` before python-docx opens it,
so zip bombs end as "limit" without inflating anything. python-docx parses with
lxml's ``resolve_entities=False`` (no XXE) and libxml2's default depth and
amplification limits; parser errors become "invalid". A Word document has no pages
in its file format, so the result is one page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import ooxml
from .errors import ExtractionError
from .result import Draft

LABEL = "Word"
MAX_TABLE_DEPTH = 20
WARN_MISSING_PARTS = "some internal links between parts are broken; they were ignored"
WARN_MACROS = "macros found; they are never run"


def extract_docx(path: Path) -> Draft:
    """One page with all visible text; title from properties or the first heading."""
    draft = Draft()
    has_props = _precheck(path, draft)
    document = _open(path)
    lines: list[str] = []
    heading: str | None = None
    try:
        for block in document.iter_inner_content():
            if hasattr(block, "rows"):
                lines.extend(_table_lines(block, 0))
                continue
            text = block.text
            lines.append(text)
            style = getattr(getattr(block, "style", None), "name", "") or ""
            if heading is None and text.strip() and style.startswith(("Heading", "Title")):
                heading = text
        lines.extend(_margins(document))
        lines.extend(_comments(document))
        props_title = document.core_properties.title if has_props else None
    except RecursionError as exc:
        raise ExtractionError("invalid", "its structure is nested too deeply", label=LABEL) from exc
    draft.title = props_title or heading
    draft.pages = ["\n".join(lines)]
    return draft


def _precheck(path: Path, draft: Draft) -> bool:
    """Container checks; returns whether the file has its own core properties."""
    with ooxml.open_checked(path) as archive:
        if ooxml.missing_targets(archive) or ooxml.missing_rels_items(archive):
            draft.warn(WARN_MISSING_PARTS)
        if ooxml.has_macros(archive):
            draft.warn(WARN_MACROS)
        return ooxml.has_core_properties(archive)


def _open(path: Path) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except PackageNotFoundError as exc:
        raise ExtractionError("invalid", "the file is damaged or truncated", label=LABEL) from exc
    except KeyError as exc:
        raise ExtractionError("invalid", "a required part is missing", label=LABEL) from exc
    except MemoryError:
        raise
    except Exception as exc:
        raise ExtractionError("invalid", _reason(exc), label=LABEL) from exc


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "amplification" in text or "Excessive depth" in text:
        return "its XML is nested or expanded beyond safe limits"
    if type(exc).__name__ == "XMLSyntaxError":
        return "its XML is malformed"
    return "the file is damaged"


def _table_lines(table: Any, depth: int) -> Iterator[str]:
    """Cells row by row (tab-separated), merged cells once, nested tables after."""
    if depth > MAX_TABLE_DEPTH:
        return
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        nested: list[Any] = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text for p in cell.paragraphs if p.text))
            nested.extend(cell.tables)
        yield "\t".join(cells)
        for inner in nested:
            yield from _table_lines(inner, depth + 1)


def _margins(document: Any) -> Iterator[str]:
    """Header and footer text of every section, each distinct text once."""
    seen: set[str] = set()
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header,
                     section.even_page_footer):
            if part.is_linked_to_previous:
                continue
            text = "\n".join(p.text for p in part.paragraphs if p.text)
            for table in part.tables:
                text += "\n" + "\n".join(_table_lines(table, 0))
            if text.strip() and text not in seen:
                seen.add(text)
                yield text


def _comments(document: Any) -> Iterator[str]:
    comments = getattr(document, "comments", None)  # python-docx >= 1.2
    if comments is None:
        return
    for comment in comments:
        text = getattr(comment, "text", "")
        if text:
            yield text
