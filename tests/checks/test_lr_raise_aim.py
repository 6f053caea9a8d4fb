"""lr-too-low aims its raise by the update ratio whenever that asks for more than the curve's fixed factor, not only
when the steps are below the band: a GRU seq2seq at SGD lr 0.03 crawling (a real run of bench/fixcheck_runs.py;
sample_logs/fixcheck/labels.toml has its counterfactual, lr 1.0: +72%), its median ratio 3e-4, low in the SGD band.
Retrained (bench/fix_check.py) at the 10x raise advised before, 0.3, it ended 2.16x the held-out loss of the best lr
of a 4-decade grid (3, its top); at the ratio-aimed 0.63, 1.23x."""

from __future__ import annotations

from pathlib import Path

import lrdoctor

RUN = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck" / "seq2seq-gru-sgd-lr-0p03-30x-low-log5.csv"


def test_a_crawl_with_steps_low_in_the_band_is_raised_to_where_healthy_steps_are() -> None:
    (found,) = [f for f in lrdoctor.analyze(RUN).findings if f.rule == "lr-too-low"]
    assert found.fix["lr"] > 0.03 * 10 * 1.5  # more than the fixed 10x
    assert found.fix["lr"] < 3  # not above the grid's best
