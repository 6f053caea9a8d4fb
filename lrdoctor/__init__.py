"""lrdoctor: tells you what is wrong with a PyTorch training run and what to change.

``import lrdoctor`` loads only the standard library; pandas/scipy load when ``analyze`` runs,
torch only when recording starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lrdoctor._version import __version__

if TYPE_CHECKING:
    from lrdoctor.engine import analyze as analyze
    from lrdoctor.engine import analyze_many as analyze_many
    from lrdoctor.guards.lr_range import find_lr as find_lr
    from lrdoctor.record import Recorder as Recorder
    from lrdoctor.record import record as record

__all__ = ["Recorder", "__version__", "analyze", "analyze_many", "find_lr", "record"]

_LAZY = {"analyze": "lrdoctor.engine", "analyze_many": "lrdoctor.engine", "find_lr": "lrdoctor.guards.lr_range", "Recorder": "lrdoctor.record"}


def __getattr__(name: str) -> Any:
    import importlib

    if name == "record":  # the module itself is callable: lrdoctor.record(model, optimizer, path)
        return importlib.import_module("lrdoctor.record")
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'lrdoctor' has no attribute {name!r}")
