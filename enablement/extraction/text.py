"""Plain text, Markdown, CSV and HTML: decode with a detected encoding, keep what people read.

The encoding comes from a BOM, else strict UTF-8, else charset-normalizer. HTML goes
through the standard library's ``html.parser`` (no network, no entities beyond HTML's
own): text inside ``script``, ``style``, ``template``, ``noscript`` and similar is
dropped, block elements become line breaks, and the title is ``<title>`` or the first
``<h1>``. Markdown's title is its first ``#`` heading. Input is read up to a size cap
and text beyond it is cut with a warning.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from .result import Draft

MAX_READ_BYTES = 32 << 20
WARN_TRUNCATED_INPUT = "only the first 32 MB of the file were read"
WARN_JS = "active content (JavaScript) found; it is never run"

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_HIDDEN = {"script", "style", "template", "noscript", "svg", "object", "iframe"}
_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "dd", "dt",
}


def read_text(path: Path, draft: Draft) -> str:
    """The decoded file content (capped), warning when the cap cut it."""
    with path.open("rb") as fh:
        data = fh.read(MAX_READ_BYTES + 1)
    if len(data) > MAX_READ_BYTES:
        data = data[:MAX_READ_BYTES]
        draft.warn(WARN_TRUNCATED_INPUT)
    return decode(data)


def decode(data: bytes) -> str:
    """Bytes to text: BOM, then strict UTF-8, then charset-normalizer's best guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:  # a multi-byte character cut by the size cap
            return data[: exc.start].decode("utf-8")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("latin-1")


def extract_text(path: Path) -> Draft:
    """Plain text or CSV as one page."""
    draft = Draft()
    draft.pages = [read_text(path, draft)]
    return draft


def extract_markdown(path: Path) -> Draft:
    """Markdown source as one page; title from the first heading."""
    draft = extract_text(path)
    match = _MD_HEADING.search(draft.pages[0][:100_000])
    draft.title = match.group(1) if match else None
    return draft


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.title: str | None = None
        self.h1: str | None = None
        self.scripts = False
        self._capture: str | None = None
        self._captured: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" or any(k.startswith("on") for k, _ in attrs):
            self.scripts = True
        if tag in ("title", "h1") and self._capture is None:
            self._capture, self._captured = tag, []
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._capture:
            text = " ".join("".join(self._captured).split()) or None
            if tag == "title" and self.title is None:
                self.title = text
            if tag == "h1" and self.h1 is None:
                self.h1 = text
            self._capture = None
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._capture is not None:
            self._captured.append(data)
        if not self.hidden and self._capture != "title":
            self.parts.append(data)


def extract_html(path: Path) -> Draft:
    """Visible text of an HTML page as one page."""
    draft = Draft()
    parser = _VisibleText()
    parser.feed(read_text(path, draft))
    parser.close()
    text = "".join(parser.parts)
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    draft.pages = [text]
    draft.title = parser.title or parser.h1
    if parser.scripts:
        draft.warn(WARN_JS)
    return draft
