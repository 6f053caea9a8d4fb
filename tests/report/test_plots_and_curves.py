"""What a report draws: curves decimated by the engine (long runs stay small, spikes survive), and
plots placed by the catalogue (findings land on the right plot)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_runs import SAMPLE_LOGS

from lrdoctor import analyze
from lrdoctor.curves import HEATMAP_ROWS, MAX_BUCKETS, bucket_columns, decimate
from lrdoctor.findings import RunReport
from lrdoctor.report.plots import finding_plots, label_text, run_plots


def test_decimate_keeps_spikes_dips_and_order_of_a_million_points() -> None:
    rng = np.random.default_rng(0)
    x = np.arange(1_000_000, dtype=float)
    y = 1.0 + rng.normal(0, 0.01, x.size)
    y[123_457] = 50.0
    y[876_543] = -7.0
    y[5] = np.nan
    xs, ys = decimate(x, y)
    assert xs.size <= 2 * MAX_BUCKETS
    assert ys.max() == 50.0 and ys.min() == -7.0
    assert 123_457 in xs and 876_543 in xs
    assert np.all(np.diff(xs) > 0) and np.isfinite(ys).all()


def test_decimate_leaves_short_series_alone_but_drops_non_finite() -> None:
    x = np.arange(10, dtype=float)
    y = np.array([1, 2, np.nan, 4, np.inf, 6, 7, 8, 9, 10], dtype=float)
    xs, ys = decimate(x, y)
    assert xs.tolist() == [0, 1, 3, 5, 6, 7, 8, 9] and ys.tolist() == [1, 2, 4, 6, 7, 8, 9, 10]


def test_bucket_columns_averages_logged_values_and_keeps_gaps() -> None:
    steps = np.arange(8, dtype=float)
    values = np.array([[1, np.nan], [3, np.nan], [5, np.nan], [7, np.nan], [np.nan, 2], [np.nan, 4], [1, np.nan], [1, 6]])
    starts, means = bucket_columns(steps, values, buckets=4)
    assert starts.tolist() == [0, 2, 4, 6]
    assert means[:, 0].tolist()[:2] == [2.0, 6.0] and np.isnan(means[2, 0]) and means[3, 0] == 1.0
    assert np.isnan(means[0, 1]) and means[2, 1] == 3.0 and means[3, 1] == 6.0


def test_label_text_disarms_mathtext_and_hidden_labels() -> None:
    assert label_text("cost $x$") == r"cost \$x\$"
    assert not label_text("_hidden").startswith("_")


def test_findings_land_on_the_plot_of_their_quantity(faulty_report: RunReport) -> None:
    where = finding_plots(faulty_report, ["lr", "grad_norm"])
    by_rule = {f.rule: where[i] for i, f in enumerate(faulty_report.findings, 1)}
    assert by_rule["exploding-gradients"] == "grad_norm"
    assert by_rule["non-finite-loss"] == "loss" and by_rule["optimizer-reset"] == "loss"
    assert set(finding_plots(faulty_report, []).values()) == {"loss"}  # no grad-norm plot: on the loss


def test_run_plots_follow_the_logged_columns() -> None:
    rng = np.random.default_rng(0)
    n = 500
    step = np.arange(n)
    df = pd.DataFrame({
        "step": step, "loss": 2 * np.exp(-step / 100) + 0.3 + rng.normal(0, 0.01, n), "lr": 1e-3, "lr/head": 1e-1,
        "update_ratio": 1e-3, "update_ratio/layer.0.weight": 1e-3, "update_ratio/layer.1.weight": 1e-4,
        "val_acc": np.where(step % 50 == 49, step / n, np.nan),
    })
    report = analyze(df, curves=True)
    plots = run_plots(report)
    assert [p.key for p in plots] == ["loss", "lr", "update_ratio", "layers_update_ratio", "accuracy"]
    assert all(p.svg.lstrip().startswith(b"<svg") and b"<svg" in p.svg and len(p.svg) < 250_000 for p in plots)


def test_a_report_carries_bounded_curves_never_the_run_table() -> None:
    """A million steps become a few thousand points per curve; without ``curves`` nothing is drawn."""
    rng = np.random.default_rng(1)
    n = 1_000_000
    step = np.arange(n)
    df = pd.DataFrame({"step": step, "loss": 2 * np.exp(-step / 2e5) + 0.3 + rng.normal(0, 0.01, n),
                       "lr": 1e-3, "grad_norm": 1 + rng.gamma(2, 0.1, n)})
    report = analyze(df, curves=True)
    c = report.curves
    assert c is not None and c.span == (0, n - 1)
    for series in (c.loss, c.smooth, c.grad_norm, *c.lr):
        assert series is not None and series.x.size <= 2 * MAX_BUCKETS
    assert not hasattr(report, "run") and analyze(df.head(1000)).curves is None


def test_a_per_layer_heatmap_of_a_long_dense_log_matches_the_mean_of_every_row() -> None:
    """A heatmap cell averages at most ``HEATMAP_ROWS`` evenly spaced logged rows: on a real run's per-layer update
    ratios logged on every one of 60,000 steps (each logged value of the sample held for its stretch, times the
    lognormal noise of a step), every cell is within 0.15 (log10) of the mean of all its rows."""
    sample = pd.read_csv(SAMPLE_LOGS / "mlp-adamw-warmup-cosine.csv")
    layers = [c for c in sample.columns if c.startswith("update_ratio/")]
    held = sample[["step", "loss", *layers]].ffill().bfill()
    frame = held.loc[held.index.repeat(40)].reset_index(drop=True)
    frame["step"] = np.arange(1, len(frame) + 1)
    rng = np.random.default_rng(7)
    frame[layers] = frame[layers].to_numpy() * np.exp(rng.normal(0, 0.7, (len(frame), len(layers))))
    heat = analyze(frame, curves=True).curves.layers["update_ratio"]
    starts, exact = bucket_columns(frame["step"].to_numpy(dtype=float), np.log10(frame[layers].to_numpy()))
    assert len(frame) / len(starts) > 2 * HEATMAP_ROWS  # the cells are thinned
    assert heat.values.shape == exact.shape and heat.names == [c.split("/", 1)[1] for c in layers]
    assert np.abs(heat.values - exact).max() < 0.15
