"""Vanilla RNNs at plain SGD lr 3 and 5 without clipping (real runs of bench/fixcheck_runs.py; sample_logs/fixcheck/
labels.toml has their counterfactuals: clipping at 1.0, +92% each). The gradient norm jumps 10x and 100x above the
first one within two or three steps, before a running median of three norms exists, and the loss blows up with it
for good. Both findings speak: the explosion (clip at the norm before it) and the lr that blew the run up (lowered
so the first SGD step sits where healthy runs' steps do). Retrained (bench/fix_check.py): clipping at the first norm
99.6 -> 1.56 and 184.7 -> 2.70; the advised lr 99.6 -> 1.25 (2.25x the best of a 4-decade grid; lr / 10, advised
before, 2.87x) and 184.7 -> 1.38 (1.01x; lr / 10: 6.21x)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"
SENSOR = RUNS / "sensor-trace-rnn-sgd-lr-3-no-clip-explodes.csv"  # norms 0.58, 5.9, 58: every step logged
ADDING = RUNS / "adding-rnn-sgd-lr-5-no-clip-explodes-log2.csv"  # norms 0.29, 5.7, 9.1 ...: every 2nd step
CLIPPED = RUNS / "adding-lstm-sgd-clipped-log4.csv"  # healthy: an LSTM at SGD with clipping
SEQ2SEQ = RUNS / "seq2seq-rnn-sgd-lr-10-no-clip-explodes.csv"  # norms 0.42, 0.93, 2.0, 3.1, 3.9, 5.8, 9.2: a climb
SHARD = Path(__file__).resolve().parents[2] / "sample_logs" / "cnn-sgdm-unscaled-shard-exploding.csv"  # climbs 14x early, recovers


@pytest.mark.parametrize(("path", "best"), [(SENSOR, 0.03), (ADDING, 0.05)])
def test_an_explosion_in_the_first_steps_is_found_with_the_lr_that_caused_it(path: Path, best: float) -> None:
    report = lrdoctor.analyze(path)
    by_rule = {f.rule: f for f in report.findings}
    first_norm = float(pd.read_csv(path)["grad_norm"].iloc[0])
    assert by_rule["exploding-gradients"].fix["max_grad_norm"] == pytest.approx(first_norm, rel=0.05)
    assert by_rule["exploding-gradients"].step_start <= 5
    lr = by_rule["lr-too-high"].fix["lr"]
    assert best / 3 < lr < best * 3  # not lr / 10 (0.3, 0.5): 10x and 3x above the grid's best
    assert report.recommendation is not None and report.recommendation.lr == lr


def test_a_clipped_rnn_has_no_explosion() -> None:
    assert "exploding-gradients" not in {f.rule for f in lrdoctor.analyze(CLIPPED).findings}


def test_a_steady_climb_from_the_first_norm_that_wrecked_the_run_is_an_explosion() -> None:
    """A seq2seq RNN at SGD lr 10: the norm climbs about x1.5-2 a step (never 10x its running median), 13.7x the
    first one by step 6, while the loss goes from 2.1 to 71 and stays near 37 (clipped at 1.0: +82% held out).
    Clipping is at the first norm: the median of the norms before step 6 is already the climb."""
    report = lrdoctor.analyze(SEQ2SEQ)
    found = next(f for f in report.findings if f.rule == "exploding-gradients")
    first_norm = float(pd.read_csv(SEQ2SEQ)["grad_norm"].iloc[0])
    assert found.fix["max_grad_norm"] == pytest.approx(first_norm, rel=0.05)
    assert found.evidence["first_norm"] == pytest.approx(first_norm, rel=0.01)
    assert found.step_start <= 10
    assert "the first one" in found.message


def test_an_early_climb_the_loss_recovers_from_is_not_a_wreck() -> None:
    """A CNN whose gradient norm climbs 14x its first value early (an unscaled data shard) while the loss comes
    back: no wreck from the first norm; the later jumps are the finding, as before the climb was read."""
    found = next(f for f in lrdoctor.analyze(SHARD).findings if f.rule == "exploding-gradients")
    assert "the first one" not in found.message and "jumped" in found.message
    assert "first_norm" not in found.evidence
