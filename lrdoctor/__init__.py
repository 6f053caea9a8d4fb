"""lrdoctor: tells you what is wrong with a PyTorch training run and what to change.

``import lrdoctor`` loads only the standard library; pandas/scipy load when ``analyze`` runs,
torch only when recording starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from lrdoctor.engine import analyze as analyze
    from lrdoctor.record import Recorder as Recorder
    from lrdoctor.record import record as record

__all__ = ["Recorder", "__version__", "analyze", "record"]


def __getattr__(name: str) -> Any:
    if name == "analyze":
        from lrdoctor.engine import analyze

        return analyze
    if name in ("record", "Recorder"):
        import importlib

        module = importlib.import_module("lrdoctor.record")  # callable: lrdoctor.record(model, ...)
        return module if name == "record" else module.Recorder
    raise AttributeError(f"module 'lrdoctor' has no attribute {name!r}")
