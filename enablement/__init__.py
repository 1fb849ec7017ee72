"""Enablement: the domain library of the sales content library.

Open a library with `open_library(load_settings())` and act through its
sub-APIs. This package never imports Qt. Names are resolved lazily so that
importing a small module (say, `enablement.config`) does not pull in
SQLAlchemy, Whoosh and the parsers: the desktop window starts faster.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import Settings, load_settings
    from .errors import EnablementError, NotFound, PermissionDenied
    from .library import Library, open_library

_LAZY = {
    "Settings": "config",
    "load_settings": "config",
    "EnablementError": "errors",
    "NotFound": "errors",
    "PermissionDenied": "errors",
    "Library": "library",
    "open_library": "library",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)


__all__ = [
    "EnablementError",
    "Library",
    "NotFound",
    "PermissionDenied",
    "Settings",
    "load_settings",
    "open_library",
]
