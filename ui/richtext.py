"""The one place where text becomes rich text: search snippets with <b> highlights.

Titles, file names, tags and comments are always shown as plain text. A
snippet arrives HTML-escaped with <b>…</b> around matches; `safe_snippet`
keeps exactly those two tags and re-escapes everything else, so a stray
`<img>` or `<a>` in a document can never become markup.
"""

from __future__ import annotations

import html
import re

_BOLD = re.compile(r"(</?b>)", re.IGNORECASE)


def safe_snippet(snippet: str) -> str:
    out: list[str] = []
    depth = 0
    for part in _BOLD.split(snippet):
        low = part.lower()
        if low == "<b>":
            depth += 1
            out.append("<b>")
        elif low == "</b>":
            if depth:
                depth -= 1
                out.append("</b>")
        elif part:
            out.append(html.escape(html.unescape(part), quote=False))
    out.extend("</b>" * depth)
    return "".join(out)


def plain_snippet(snippet: str) -> str:
    """The snippet as plain text (accessible names, tooltips)."""
    return html.unescape(_BOLD.sub("", snippet))


def plain_tooltip(text: str) -> str:
    """A tooltip that Qt cannot mistake for rich text."""
    body = html.escape(text).replace("\n", "<br>")
    return f"<p style='white-space:pre-wrap'>{body}</p>"


def highlight_terms(text: str, terms: list[str]) -> str:
    """Plain page text as escaped HTML with <b> around the given terms."""
    escaped = html.escape(text)
    words = sorted({t for t in terms if len(t) > 1}, key=len, reverse=True)
    if not words:
        return escaped
    pattern = re.compile("|".join(re.escape(html.escape(w)) for w in words), re.IGNORECASE)
    return pattern.sub(
        lambda m: f"<b style='background:#fff2a8;color:#000'>{m.group(0)}</b>", escaped
    )


def snippet_terms(snippet: str) -> list[str]:
    """The highlighted words of a snippet (what the index matched)."""
    found = re.findall(r"<b>(.*?)</b>", snippet, flags=re.IGNORECASE | re.DOTALL)
    return sorted({html.unescape(f).strip() for f in found if f.strip()})


def query_terms(query: str) -> list[str]:
    """Words of a typed query, without operators and category filters."""
    words = re.findall(r"[\w'-]+", re.sub(r"\b\w+:\S+", " ", query))
    return [w for w in words if w.upper() not in {"AND", "OR", "NOT"}]
