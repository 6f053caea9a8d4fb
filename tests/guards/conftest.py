"""Shared helpers for the guard tests: factories by name, results by check name."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FACTORIES = HERE / "factories.py"

torch = pytest.importorskip("torch")
torch.set_num_threads(1)  # tiny models: one thread is fastest, and spinning threads crawl on a busy CI machine
sys.path.insert(0, str(HERE))
