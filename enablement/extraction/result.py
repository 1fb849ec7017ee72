"""The value every extractor produces: plain text per page plus what to tell the user.

Kept in its own small module so the worker processes, the registry and the public
package can all import it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("pdf", "docx", "pptx", "text", "markdown", "csv", "html", "image", "other")


@dataclass(frozen=True)
class Extracted:
    """Text extracted from one file, already cleaned (see :mod:`.clean`)."""

    media_type: str
    kind: str
    title: str | None
    pages: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass
class Draft:
    """What an extractor returns before cleaning: raw text per page and warnings."""

    title: str | None = None
    pages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def warn(self, text: str) -> None:
        """Record a warning once."""
        if text not in self.warnings:
            self.warnings.append(text)
