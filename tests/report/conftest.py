"""Fixtures of the report tests: reports of runs built in code (see ``report_runs.py``).

The real sample runs (``sample_logs/*.csv``) are used where they exist (test_html_report.py,
test_compare_runs.py); these make the structure, escaping and comparison tests independent of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from report_runs import faulty_frame, sweep_frame

from lrdoctor import analyze
from lrdoctor.findings import RunReport


@pytest.fixture(scope="session")
def faulty_report() -> RunReport:
    meta = {"optimizer": "SGD", "optimizer_params": {"lr": 0.1, "momentum": 0.9}, "task": "classification",
            "num_classes": 10, "num_params": 1_234_567, "scheduler": "StepLR(step_size=500, gamma=0.1)"}
    return analyze(faulty_frame(), meta=meta, curves=True)


@pytest.fixture(scope="session")
def make_sweep() -> Callable[..., list[RunReport]]:
    """``make_sweep(lrs)``: one report per lr, ``optimizer_params.lr`` in the meta."""

    def build(lrs: tuple[float, ...], **meta: Any) -> list[RunReport]:
        return [analyze(sweep_frame(lr, seed=i), meta={"optimizer": "Adam", "optimizer_params": {"lr": lr}, **meta}, curves=True)
                for i, lr in enumerate(lrs)]

    return build
