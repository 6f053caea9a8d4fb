"""Guards before training: ``lrdoctor sanity`` checks and the learning-rate range test.

``from lrdoctor.guards import Setup`` loads only the standard library; ``find_lr`` and
``run_sanity`` import torch when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lrdoctor.guards.setup import Setup

if TYPE_CHECKING:
    from lrdoctor.guards.lr_range import LrFinderResult as LrFinderResult
    from lrdoctor.guards.lr_range import find_lr as find_lr
    from lrdoctor.guards.sanity import CheckResult as CheckResult
    from lrdoctor.guards.sanity import run_sanity as run_sanity

__all__ = ["CheckResult", "LrFinderResult", "Setup", "find_lr", "run_sanity"]

_LAZY = {"find_lr": "lr_range", "LrFinderResult": "lr_range", "run_sanity": "sanity", "CheckResult": "sanity"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"lrdoctor.guards.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'lrdoctor.guards' has no attribute {name!r}")
