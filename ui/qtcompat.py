"""Work-arounds for defects of the Qt binding, each detected rather than assumed.

PySide6 6.12.0 on CPython 3.11 returns the result of `SignalInstance.emit()`
(a bool) without taking a reference for the caller. Every emit from Python
thus loses one reference to `True`; after a few hundred emits the interpreter
aborts with "bool_dealloc: deallocating True or False". `emit()` below is what
all UI code calls instead: it detects the defect once and gives the reference
back after each emit. Where the binding is fixed, it is a plain `emit`.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from typing import Any

_PROBES = 4
_lock = threading.Lock()
_drops_ref: bool | None = None


def _detect() -> bool:
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    for _ in range(max(0, lost)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost >= _PROBES


def emit_drops_reference() -> bool:
    global _drops_ref
    if _drops_ref is None:
        with _lock:
            if _drops_ref is None:
                _drops_ref = _detect()
    return _drops_ref


def emit(signal: Any, *args: Any) -> None:
    """`signal.emit(*args)`, returning the reference the binding takes away, if it does."""
    result = signal.emit(*args)
    if isinstance(result, bool) and emit_drops_reference():
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
