"""Turning untrusted files into text, safely.

The importer calls :class:`ExtractionPool` (``sandbox``), which runs the pipeline in
``registry`` inside time- and memory-capped worker processes: content sniffing
(``mime``), container checks (``ooxml``), one extractor per kind (``pdf``, ``docx``,
``pptx``, ``text``) and text hygiene (``clean``). Every failure is an
:class:`ExtractionError` with a code and a plain-words reason. This package never
imports Qt, ``ui`` or ``content_store``.
"""

from __future__ import annotations

from .errors import ExtractionError
from .mime import sniff
from .result import Extracted
from .sandbox import ExtractionPool

__all__ = ["Extracted", "ExtractionError", "ExtractionPool", "sniff"]
