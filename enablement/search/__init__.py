"""Full-text search over the asset catalogue, behind a small facade.

Whoosh is an implementation detail of this package: nothing else imports it.
The library layer feeds :class:`IndexDocument` values (drained from its outbox)
into a :class:`SearchIndex` and asks it :class:`SearchRequest` questions; it gets
plain :class:`SearchResults` back.  The index stores only asset ids; snippet text
comes from the ``page_text`` callback for the hits actually shown.
"""

from __future__ import annotations

from .index import IndexLockedError, SearchIndex, SearchIndexError
from .types import IndexDocument, RebuildStats, SearchHit, SearchRequest, SearchResults

__all__ = [
    "IndexDocument",
    "IndexLockedError",
    "RebuildStats",
    "SearchHit",
    "SearchIndex",
    "SearchIndexError",
    "SearchRequest",
    "SearchResults",
]
