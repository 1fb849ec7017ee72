"""The one error type extraction raises, with a code the importer can act on.

Every failure of an untrusted file ends as an :class:`ExtractionError` with a short
``code`` (``password``, ``invalid``, ``limit``, ``unsupported``) and a ``reason`` in
plain words that never contains the file name; :meth:`ExtractionError.message` puts the
display name in front, so the UI and CLI show one sentence that names the file.
"""

from __future__ import annotations

from typing import Literal

ErrorCode = Literal["password", "invalid", "limit", "unsupported"]


class ExtractionError(Exception):
    """A file could not be turned into text; ``code`` says why in one word."""

    def __init__(self, code: ErrorCode, reason: str, *, label: str | None = None) -> None:
        super().__init__(f"{code}: {reason}")
        self.code: ErrorCode = code
        self.reason = reason
        # What the file claimed or was taken to be, e.g. "PDF", "Word", "PowerPoint".
        self.label = label

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments do not survive the default pickling across processes.
        return (_rebuild, (self.code, self.reason, self.label))

    def message(self, display_name: str) -> str:
        """One sentence for the user, naming the file and the reason."""
        name = f"'{display_name}'"
        if self.code == "password":
            # reason is a predicate: "password-protected", "a password-protected Office file"
            return f"{name} is {self.reason}"
        if self.code == "limit":
            return f"{name} is too large or complex to process safely ({self.reason})"
        if self.code == "unsupported":
            return f"{name} cannot be imported ({self.reason})"
        if self.label:
            return f"{name} is not a valid {self.label} file ({self.reason})"
        return f"{name} could not be read ({self.reason})"


def _rebuild(code: ErrorCode, reason: str, label: str | None) -> ExtractionError:
    return ExtractionError(code, reason, label=label)
