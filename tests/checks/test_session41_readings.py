"""Readings fixed in session 41, on real training runs of the fix-check halves kept in tests/data/fixcheck."""

from __future__ import annotations

from pathlib import Path

import lrdoctor
from lrdoctor.engine import load_run
from lrdoctor.signals import Signals

DATA = Path(__file__).resolve().parents[1] / "data" / "fixcheck"


def test_a_start_a_warmup_tames_is_read_wherever_lr_too_high_finds_the_lr() -> None:
    """A Mamba-like LM at Adam 0.1 from step 1 (fresh60): its first update moved the weights by 0.30 of their norm, and
    lr-too-high read its climb from step 260 of 400; missing-warmup asked for lr-too-high's reading within the first
    15% of the run and was silent, though a 60-step warmup at the same lr retrained 2.75 -> 1.86. A healthy graph
    classifier whose first Adam step was as large (0.10 of the weights' norm) and whose lr nothing finds too high
    stays silent."""
    path = DATA / "mamba-adam-lr-0p1-no-warmup.csv"
    assert Signals(load_run(path)).first_step_tamable
    findings = {f.rule: f for f in lrdoctor.analyze(path).findings}
    assert findings["lr-too-high"].step_start > 0.15 * 400
    warmup = findings["missing-warmup"]
    assert warmup.fix["warmup_steps"] >= 0.14 * 400 and warmup.step_start == 1  # 15% of the 399 steps after the first

    healthy = DATA / "sortpool-adam-cosine-log2.csv"
    assert Signals(load_run(healthy)).first_step_tamable
    assert lrdoctor.analyze(healthy).findings == []
