"""Fuzz every reader within a fixed budget of examples: a clean run or one line naming the file.

Deterministic (``derandomize=True``, no example database), so CI sees the same examples every run;
the cases and the contract are in ``fuzz_inputs.py``. ``python bench/fuzz_readers.py`` runs the same
cases far longer, randomised, and counts the crashes instead of stopping at the first. Raise the
budget here with ``LRDOCTOR_FUZZ_SCALE`` (a factor on ``BUDGET``; ``LRDOCTOR_FUZZ_EXAMPLES`` is
the recorder writer fuzz's count of examples).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from fuzz_inputs import STRATEGIES, Case, outcome, seeds
from hypothesis import HealthCheck, given, settings

BUDGET = {"arbitrary_bytes": 300, "mutated_logs": 400, "odd_tables": 250, "extreme_tables": 150}
"""Examples per case kind: about a minute of CPU in all."""
SCALE = float(os.environ.get("LRDOCTOR_FUZZ_SCALE", "1"))


ANALYSED = {"extreme_tables": 100, "mutated_logs": 60}
"""Examples per case kind that are also diagnosed (every rule): numbers near the float limit must not
make numpy warn on stderr."""


def check(case: Case, analyse: bool = False) -> None:
    with tempfile.TemporaryDirectory() as folder:
        result = outcome(Path(folder), case, analyse=analyse)
    assert result.kind != "crash", f"{result.site}: {result.detail} ({case.label}; files: {list(case.files)})"


def fuzz(kind: str, examples: int, analyse: bool = False) -> None:
    @settings(max_examples=max(1, round(examples * SCALE)), derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(case=STRATEGIES[kind]())
    def one(case: Case) -> None:
        check(case, analyse)

    one()


@pytest.mark.parametrize("kind", list(STRATEGIES))
def test_readers_survive_fuzzing(kind: str) -> None:
    fuzz(kind, BUDGET[kind])


@pytest.mark.parametrize("kind", list(ANALYSED))
def test_the_analysis_survives_fuzzing(kind: str) -> None:
    fuzz(kind, ANALYSED[kind], analyse=True)


def test_the_seeds_include_every_format() -> None:
    names = {seed.name for seed in seeds()} | {seed.role for seed in seeds()}
    assert {"run.csv", "metrics.csv", "trainer_state.json", "log.txt", "sidecar", "mlflow"} <= names
    assert any("tfevents" in name for name in names)
