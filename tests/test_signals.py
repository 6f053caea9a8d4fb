"""Signal functions on small seeded arrays with known answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lrdoctor.frame import RunFrame
import lrdoctor.signals as signals_module
from lrdoctor.frame import column_array, holds_value
from lrdoctor.signals import (
    Signals,
    bucket_reduce,
    carried,
    growing_medians,
    median_of,
    medians_and_peaks,
    order_statistics,
    prefix_medians,
    robust_noise,
    rolling_median,
    running_median,
    sorted_medians,
    theil_sen,
    trailing_min,
)


def signals(**columns: object) -> Signals:
    df = pd.DataFrame(columns)
    return Signals(RunFrame(df=df, source=__import__("pathlib").Path("x.csv")))


def test_robust_noise_recovers_gaussian_sigma_despite_trend_and_spikes() -> None:
    rng = np.random.default_rng(0)
    y = np.linspace(3, 1, 5000) + rng.normal(0, 0.05, 5000)
    y[::500] += 5  # spikes
    assert robust_noise(y) == pytest.approx(0.05, rel=0.1)


def test_rolling_median_edges_shrink_symmetrically() -> None:
    y = np.array([10.0, 8.0, 6.0, 4.0, 2.0, 0.0])
    out = rolling_median(y, 5)
    assert out[0] == 10.0 and out[-1] == 0.0  # a straight line is its own median
    assert np.allclose(out, y)


@pytest.mark.parametrize("size", [1, 2, 7, 50, 51])
@pytest.mark.parametrize("window", [1, 2, 5, 30, 101])
def test_rolling_median_edges_are_the_medians_of_the_centred_prefixes(size: int, window: int) -> None:
    y = np.random.default_rng(size * window).normal(size=size)
    out = rolling_median(y, window)
    for i in range(min(window // 2, (size - 1) // 2)):
        assert out[i] == np.median(y[: 2 * i + 1]) and out[-1 - i] == np.median(y[size - 1 - 2 * i :])


def test_growing_medians_are_the_odd_prefixes_medians() -> None:
    y = np.random.default_rng(3).integers(0, 5, 41).astype(float)  # ties
    assert list(growing_medians(y)) == [np.median(y[: 2 * i + 1]) for i in range(21)]


@pytest.mark.parametrize("nan_at", [None, 0, 12, 39])
@pytest.mark.parametrize("start", [1, 2, 5])
def test_prefix_medians_are_numpys(start: int, nan_at: int | None) -> None:
    y = np.random.default_rng(start).integers(0, 6, 40).astype(float)  # ties, odd and even counts
    if nan_at is not None:
        y[nan_at] = np.nan
    expected = [np.median(y[:i]) for i in range(start, 41)]
    np.testing.assert_array_equal(prefix_medians(y, start, 41), expected)


@pytest.mark.parametrize("values", [[1.0, 2.0], [np.nan, 2.0, np.nan, np.inf, np.nan], [np.nan, np.nan, 3.0], [4.0, np.nan],
                                    [np.nan, np.nan], []], ids=["full", "gaps", "leading", "trailing", "empty", "none"])
def test_carried_is_pandas_ffill_bfill(values: list[float]) -> None:
    y = np.array(values, dtype=float)
    np.testing.assert_array_equal(carried(y), pd.Series(y, dtype=float).ffill().bfill().to_numpy())


@pytest.mark.parametrize("values", [np.array([np.nan, 1.0]), np.array([np.nan]), np.array([], dtype=float),
                                    np.array(["", None], dtype=object), np.array([None], dtype=object)])
def test_holds_value_is_pandas_notna_any(values: np.ndarray) -> None:
    assert holds_value(values) == bool(pd.Series(values).notna().any())


@pytest.mark.parametrize("private_taker", [True, False])
def test_column_array_is_the_columns_numpy_values(private_taker: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The table's own arrays for numeric columns, what ``to_numpy`` gives for text ones, with or without pandas'
    private column taker (a pandas without it takes the public way)."""
    if not private_taker:
        monkeypatch.delattr(pd.DataFrame, "_get_column_array", raising=False)
    df = pd.read_csv(__import__("io").StringIO("step,loss,event,lr\n1,2.5,,0.1\n2,,restart,0.1\n3,1.5,,0.2\n"))
    for column in df.columns:
        found, expected = column_array(df, column), df[column].to_numpy()
        assert isinstance(found, np.ndarray) and found.dtype == expected.dtype
        assert pd.Series(found).equals(pd.Series(expected)), column


@pytest.mark.parametrize("rows", [np.arange(24.0).reshape(4, 6), np.arange(21.0).reshape(3, 7),
                                  np.array([[3.0, 1.0, 2.0], [1.0, 5.0, 0.0]]), np.array([[1.0, np.nan, 3.0]])],
                         ids=["sorted even", "sorted odd", "unsorted", "nan"])
def test_sorted_medians_are_numpys(rows: np.ndarray) -> None:
    np.testing.assert_array_equal(sorted_medians(rows), np.median(rows, axis=1))


@pytest.mark.parametrize("size", [2, 3, 10, 11, 20, 499, 500, 501])
@pytest.mark.parametrize("kind", ["normal", "tiny", "ties", "nan"])
def test_medians_and_peaks_are_numpys_median_and_quantile(size: int, kind: str) -> None:
    """One partition gives numpy's numbers exactly (its linear interpolation, both branches of its lerp)."""
    rng = np.random.default_rng(size)
    rows = {"normal": rng.normal(size=(9, size)), "tiny": rng.exponential(size=(9, size)) * 1e-9,
            "ties": np.round(rng.normal(size=(9, size)), 1), "nan": rng.normal(size=(9, size))}[kind]
    if kind == "nan":
        rows[3, size // 2] = np.nan
    middle, top = medians_and_peaks(rows)
    np.testing.assert_array_equal(middle, np.median(rows, axis=1))
    np.testing.assert_array_equal(top, np.quantile(rows, signals_module.PEAK_QUANTILE, axis=1))


@pytest.mark.parametrize("kind", ["steps", "cosine", "gaps", "noise"])
def test_lr_changes_read_in_blocks_are_the_pairs_of_the_whole_series(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``change_candidates`` block by block (blocks of 8 here, a tail), and ``rises_again`` with its running minimum
    carried across blocks: the positions and the answer of one pass over the whole series, with NaN, zeros, inf."""
    monkeypatch.setattr(signals_module, "CHANGE_BLOCK", 8)
    rng = np.random.default_rng({"steps": 1, "cosine": 2, "gaps": 3, "noise": 4}[kind])
    for size in (2, 15, 16, 17, 97):
        lr = {"steps": np.repeat(10.0 ** -rng.integers(1, 4, size=size), 3)[:size],
              "cosine": 1e-3 * (1 + np.cos(np.linspace(0, 3 * np.pi, size))) / 2,
              "gaps": rng.choice([0.0, 1e-3, 2e-3, np.nan, np.inf], size=size),
              "noise": np.exp(rng.normal(size=size))}[kind]
        whole = signals_module.moved_by_net(lr[:-1], lr[1:])
        np.testing.assert_array_equal(signals_module.change_candidates(lr), whole)
        with np.errstate(over="ignore", invalid="ignore"):
            rises = bool((lr[1:] > signals_module.STEADY_LR_RATIO * np.minimum.accumulate(lr)[:-1]).any())
        assert signals_module.rises_again(lr) is rises


@pytest.mark.parametrize("steps", [np.arange(0, 50, 5), np.array([0, 1, 2, 4, 8, 9, 10, 11, 12, 13, 20]),
                                   np.array([0.0, 1.0, np.nan, 3.0, 4.0, 5.0, 6.0])], ids=["even", "uneven", "nan"])
def test_step_gaps_a_slab_at_a_time_are_the_whole_series_gaps(steps: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(signals_module, "GAP_SLAB", 3)
    gaps = np.diff(steps)
    low, high = signals_module.gap_range(steps)
    np.testing.assert_array_equal([low, high], [gaps.min(), gaps.max()])
    assert signals_module.evenly_spaced(steps) is bool(gaps.min() > 0 and gaps.max() <= signals_module.UNEVEN_SPANS * gaps.min())


def test_medians_and_peaks_sorted_slab_by_slab_are_numpys_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Buckets sorted a few at a time in one reused buffer, the last slab short: the same numbers."""
    monkeypatch.setattr(signals_module, "SORT_SLAB_VALUES", 40)
    rows = np.random.default_rng(7).normal(size=(23, 6))  # 6 buckets a slab, 4 slabs, the last of 5
    middle, top = medians_and_peaks(rows)
    np.testing.assert_array_equal(middle, np.median(rows, axis=1))
    np.testing.assert_array_equal(top, np.quantile(rows, signals_module.PEAK_QUANTILE, axis=1))


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("steps", [np.array([0, 1, 2, 5, 9, 10, 40, 41]), np.array([-7, -3, 0, 12]), np.array([3])],
                         ids=["uneven", "negative", "one"])
def test_step_index_and_positions_are_numpys_search_with_float_keys(steps: np.ndarray, side: str) -> None:
    """Whole keys (a float key's ceiling or floor) land where the float keys do, inf and NaN included."""
    s = signals(step=steps, loss=np.linspace(2.0, 1.0, steps.size))
    rng = np.random.default_rng(steps.size)
    keys = np.concatenate([steps - 0.5, steps, steps + 0.25, rng.uniform(-60, 60, 50),
                           [-np.inf, np.inf, np.nan, -1e300, 1e300, 2.0**60]])
    expected = np.searchsorted(steps.astype(np.float64), keys, side=side)
    np.testing.assert_array_equal(s.step_positions(keys, side), expected)
    assert [s.step_index(float(k), side) for k in keys] == expected.tolist()


def test_readings_that_keep_every_row_are_the_read_only_column_itself() -> None:
    """No copy of a long log's column for a dense loss; the cached column is read-only, so no rule can change
    what the next one reads; a reading that drops rows is a copy of its own."""
    s = signals(step=[1, 2, 3, 4], loss=[2.0, 1.5, 1.2, 1.0], grad_norm=[1.0, np.nan, 0.5, 0.4])
    column = s.run.values("loss")
    assert not column.flags.writeable and np.shares_memory(s.loss, column)
    with pytest.raises(ValueError):
        s.loss[0] = 9.0
    steps, norms = s.column("grad_norm")
    assert list(steps) == [1, 3, 4] and norms.flags.writeable and not np.shares_memory(norms, s.run.values("grad_norm"))
    s.df.loc[0, "loss"] = 5.0  # the table itself stays writable
    assert s.df["loss"].iloc[0] == 5.0


def test_bucket_reduce_peaks_keep_a_spike_but_not_a_lone_outlier() -> None:
    """A bucket's peak is its 90% quantile: a spike covering 3 of its 20 rows raises it, one outlier row does
    not (so a long run's heavy-tailed batches cannot add up to "spikes"); one row a bucket: the rows themselves."""
    x = np.arange(60.0)
    y = np.zeros(60)
    y[5] = 9.0  # a lone outlier in the first bucket
    y[30:33] = 5.0  # a spike over three rows of the second
    xs, ys, peaks = bucket_reduce(x, y, 20)
    assert list(xs) == [9.5, 29.5, 49.5]
    assert list(ys) == [0, 0, 0] and list(peaks) == [0, 5, 0]
    same = bucket_reduce(x, y, 1)
    assert same[2] is y and same[1] is y


def test_theil_sen_slope_and_interval() -> None:
    rng = np.random.default_rng(1)
    x = np.arange(1000.0)
    slope, low, high = theil_sen(x, -0.002 * x + rng.normal(0, 0.1, 1000))
    assert low < -0.002 < high and slope == pytest.approx(-0.002, rel=0.2)


def test_lr_cuts_find_steps_not_glides() -> None:
    steps = np.arange(0, 1000, 10)
    step_lr = np.where(steps < 500, 0.1, 0.01)
    cosine = 0.05 * (1 + np.cos(np.pi * steps / 1000))
    loss = np.linspace(2, 1, steps.size)
    (cut,) = signals(step=steps, loss=loss, lr=step_lr).lr_cuts
    assert cut.step == 500 and cut.factor == pytest.approx(10)
    assert signals(step=steps, loss=loss, lr=cosine).lr_cuts == []


def test_warmup_end_and_resets() -> None:
    steps = np.arange(100)
    lr = np.minimum(1.0, (steps + 1) / 20) * 1e-3
    opt = np.concatenate([np.arange(1, 51), np.arange(1, 51)])
    s = signals(step=steps, loss=np.linspace(2, 1, 100), lr=lr, opt_step=opt)
    assert s.warmup_end_step == 17
    (reset,) = s.resets
    assert reset.step == 50 and reset.opt_step_before == 50 and reset.opt_step_after == 1


def test_nan_in_sparse_loss_is_missing_but_dense_nan_is_real() -> None:
    steps = np.arange(20)
    dense = np.r_[np.linspace(2, 1, 10), [np.nan] * 10]
    sparse = np.where(steps % 2 == 0, np.linspace(2, 1, 20), np.nan)
    assert signals(step=steps, loss=dense).nonfinite_loss.sum() == 10
    assert signals(step=steps, loss=sparse, lr=np.ones(20)).nonfinite_loss.sum() == 0


def test_eval_only_rows_are_not_training_rows() -> None:
    s = signals(step=[1, 2, 2.5, 3], loss=[2.0, 1.5, np.nan, 1.2], val_loss=[np.nan, np.nan, 1.7, np.nan])
    assert list(s.all_steps) == [1, 2, 3]
    assert list(s.evals["step"]) == [2.5]


def test_spikes_are_found_against_local_noise() -> None:
    rng = np.random.default_rng(2)
    y = np.exp(np.linspace(1, 0, 2000) + rng.normal(0, 0.02, 2000))
    y[[400, 1200]] *= 3
    found = signals(step=np.arange(2000), loss=y).spikes(8, 0.5)
    assert [sp.step for sp in found] == [400, 1200]


@pytest.mark.parametrize("seed", range(5))
def test_theil_sen_matches_scipy(seed: int) -> None:
    from scipy import stats

    rng = np.random.default_rng(seed)
    x = np.sort(rng.choice(500, size=150, replace=False)).astype(float)
    y = np.round(0.01 * x + rng.standard_t(3, x.size), 1)  # heavy tails and ties
    slope, low, high = theil_sen(x, y)
    ref = stats.theilslopes(y, x, alpha=0.95)
    assert (slope, low, high) == pytest.approx((ref.slope, ref.low_slope, ref.high_slope))


@pytest.mark.parametrize("seed", range(4))
def test_median_of_and_order_statistics_give_numpys_numbers(seed: int) -> None:
    """The cheaper median and order statistics give exactly np.median's and np.sort's values: odd and even counts,
    ties, infinities and NaN (a NaN median), integers; the caller's array is left as it was by median_of."""
    rng = np.random.default_rng(seed)
    for n in [1, 2, 3, 4, 5, 20, 21, 200, 1999]:
        for kind in ("normal", "ties", "inf", "nan", "int"):
            a = rng.normal(size=n)
            if kind == "ties":
                a = np.round(a)
            elif kind == "inf":
                a[rng.integers(0, n)] = np.inf if rng.random() < 0.5 else -np.inf
            elif kind == "nan":
                a[rng.integers(0, n)] = np.nan
            elif kind == "int":
                a = rng.integers(-3, 3, size=n)
            kept = a.copy()
            with np.errstate(invalid="ignore"):
                expected = np.median(a)
            found = median_of(a)
            assert (found == expected) or (np.isnan(found) and np.isnan(expected)), (n, kind)
            assert np.array_equal(a, kept, equal_nan=True)
            ranks = sorted({0, n // 2, (n - 1) // 2, n - 1, int(rng.integers(0, n))})
            values = a.astype(float)
            assert np.array_equal(order_statistics(values.copy(), ranks), np.sort(values)[ranks], equal_nan=True)


def test_robust_noise_uses_the_normal_mad_scale() -> None:
    from scipy import stats

    y = np.random.default_rng(3).normal(0, 1, 400)
    expected = stats.median_abs_deviation(np.diff(y, 2), scale="normal") / np.sqrt(6)
    assert robust_noise(y) == pytest.approx(expected, rel=1e-4)


@pytest.fixture(params=["pandas", "rank filters"])
def rollings_from(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Rolling medians and minima from pandas (a process's first ones), or from scipy.ndimage's rank filters."""
    monkeypatch.setattr(signals_module, "RANK_FILTER_AFTER", 10**9 if request.param == "pandas" else 0)
    monkeypatch.setattr(signals_module, "_pandas_rollings", 0)
    return str(request.param)


@pytest.mark.parametrize("size", [0, 1, 6, 40, 41, 300])
@pytest.mark.parametrize("window", [1, 2, 5, 8, 41, 100])
@pytest.mark.parametrize("centred", [False, True], ids=["trailing", "centred"])
def test_running_median_is_pandas_rolling_median(size: int, window: int, centred: bool, rollings_from: str) -> None:
    y = np.random.default_rng(size + window).integers(-3, 4, size).astype(float)  # ties, zeros
    lead = window // 2 if centred else window - 1
    for min_count in sorted(m for m in {1, 3, max(3, window // 2), window} if m <= window):
        expected = pd.Series(y).rolling(window, center=centred, min_periods=min_count).median().to_numpy()
        np.testing.assert_array_equal(running_median(y, window, lead, min_count), expected)


@pytest.mark.parametrize("steps", [150, 400, 2_000, 30_000])
def test_grad_level_and_trend_sharing_one_rank_filter_are_their_rolling_medians(steps: int, rollings_from: str) -> None:
    """``grad_level`` (trailing) and ``grad_trend`` (centred) share their whole-window medians where their windows
    agree: each is still pandas' rolling median of the (bucketed) log grad norm over its own window."""
    rng = np.random.default_rng(steps)
    norms = np.exp(rng.normal(size=steps).round(1)) * np.linspace(3, 1, steps)  # ties, a slow trend
    s = signals(step=np.arange(1, steps + 1), loss=np.linspace(2, 1, steps), grad_norm=norms)
    g = pd.Series(s.grad_norm_reduced[1])
    trailing_window = int(np.clip(g.size // 20, 10, 500))
    level = g.shift(1).rolling(trailing_window, min_periods=max(3, trailing_window // 2)).median().to_numpy()
    trend_window = s.grad_trend_window
    trend = g.rolling(trend_window, center=True, min_periods=max(3, trend_window // 2)).median().to_numpy()
    np.testing.assert_array_equal(s.grad_level, level)
    np.testing.assert_array_equal(s.grad_trend, trend)
    assert (s.grad_windows is not None) == (rollings_from == "rank filters")


@pytest.mark.parametrize("special", [np.nan, np.inf, -0.0])
def test_running_median_of_a_series_pandas_treats_apart_is_pandas(special: float, rollings_from: str) -> None:
    y = np.random.default_rng(7).normal(size=60)
    y[[5, 30]] = special
    y[31] = 0.0
    expected = pd.Series(y).rolling(9, center=True, min_periods=3).median().to_numpy()
    np.testing.assert_array_equal(running_median(y, 9, 4, 3), expected)
    assert np.array_equal(np.signbit(running_median(y, 9, 4, 3)), np.signbit(expected))


@pytest.mark.parametrize("size", [3, 50, 81, 82, 500])
@pytest.mark.parametrize("window", [3, 25, 81, 325])
def test_rolling_median_whole_windows_are_pandas_centred_medians(size: int, window: int, rollings_from: str) -> None:
    y = np.random.default_rng(size * window).normal(size=size).round(1)  # ties
    expected = pd.Series(y).rolling(window, center=True, min_periods=1).median().to_numpy()
    half = min(window // 2, (size - 1) // 2)
    np.testing.assert_array_equal(rolling_median(y, window)[half : size - half], expected[half : size - half])


@pytest.mark.parametrize("size", [0, 1, 5, 200])
@pytest.mark.parametrize("window", [1, 2, 7, 64])
@pytest.mark.parametrize("special", [None, np.nan, np.inf, -0.0])
def test_trailing_min_is_pandas_rolling_min(size: int, window: int, special: float | None, rollings_from: str) -> None:
    y = np.random.default_rng(size + window).integers(0, 5, size).astype(float)  # ties, zeros
    if special is not None and size:
        y[size // 2] = special
    expected = pd.Series(y).rolling(window, min_periods=1).min().to_numpy()
    np.testing.assert_array_equal(trailing_min(y, window), expected)
    assert np.array_equal(np.signbit(trailing_min(y, window)), np.signbit(expected))


def test_rank_filters_take_over_after_a_process_s_first_rolling_medians(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(signals_module, "RANK_FILTER_AFTER", 2)
    monkeypatch.setattr(signals_module, "_pandas_rollings", 0)
    assert [signals_module.rank_filters_pay() for _ in range(4)] == [False, False, True, True]


def test_a_sweep_large_enough_takes_the_rank_filters_from_its_first_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(signals_module, "RANK_FILTER_AFTER", 40)
    monkeypatch.setattr(signals_module, "_pandas_rollings", 0)
    signals_module.expect_runs(40 // signals_module.ROLLINGS_PER_RUN - 1)  # too few to pay for the import
    assert not signals_module.rank_filters_pay()
    signals_module.expect_runs(40 // signals_module.ROLLINGS_PER_RUN)
    assert signals_module.rank_filters_pay()


def test_the_cli_over_a_sweep_takes_the_rank_filters_from_its_first_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``lrdoctor analyze DIR`` says how many runs each process will analyse before it starts (as ``analyze_many``
    does), so a sweep large enough to pay for scipy.ndimage's import takes its rank filters from the first run, and
    forked workers inherit the import instead of each paying for pandas' rolling medians first."""
    from click.testing import CliRunner

    from lrdoctor.cli import main

    sample = Path(__file__).resolve().parents[1] / "sample_logs" / "mlp-adamw-warmup-cosine.csv"
    for i in range(3):
        shutil.copy(sample, tmp_path / f"run{i}.csv")
    monkeypatch.setattr(signals_module, "RANK_FILTER_AFTER", 3 * signals_module.ROLLINGS_PER_RUN)
    monkeypatch.setattr(signals_module, "_pandas_rollings", 0)
    seen: list[int] = []
    paid = signals_module.rank_filters_pay

    def first_call_sees() -> bool:
        seen.append(signals_module._pandas_rollings)
        return paid()

    monkeypatch.setattr(signals_module, "rank_filters_pay", first_call_sees)
    result = CliRunner().invoke(main, ["analyze", str(tmp_path), "--jobs", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert seen and seen[0] == signals_module.RANK_FILTER_AFTER  # the first rolling median already from scipy


def test_running_median_near_the_float_limit_is_pandas_without_a_warning(rollings_from: str) -> None:
    import warnings

    y = np.full(20, 1.7e308)
    y[::2] = 1.6e308  # the mean of the middle two of an even window overflows to inf, as in pandas
    expected = pd.Series(y).rolling(4, center=True, min_periods=2).median().to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(running_median(y, 4, 2, 2), expected)


def test_a_shared_reading_is_computed_once_per_run_and_its_not_applicable_raised_again() -> None:
    """dead-units' findings, which lr-too-high and missing-warmup consult, are read once per run (a second pass over
    every per-layer gradient column of a 1,000,000-step log cost 60 ms)."""
    from pathlib import Path

    from lrdoctor.checks import dead_units
    from lrdoctor.engine import load_run
    from lrdoctor.findings import NotApplicable

    sample = Path(__file__).resolve().parents[1] / "sample_logs" / "mlp-adam-dead-relu.csv"
    s = Signals(load_run(sample))
    calls: list[int] = []
    first = s.shared("key", lambda: calls.append(1) or [1, 2])
    assert s.shared("key", lambda: calls.append(1) or [3]) is first and calls == [1]
    params = s.rule_params("dead-units")
    assert dead_units.check(s, params) is dead_units.check(s, params) and dead_units.check(s, params)
    empty = signals(step=np.arange(1, 50), loss=np.linspace(2.0, 1.0, 49))
    for _ in range(2):
        with pytest.raises(NotApplicable):
            dead_units.check(empty, empty.rule_params("dead-units"))


def test_a_median_over_an_uneven_cadence_counts_each_point_for_the_steps_it_stands_for() -> None:
    """The recorder's budget logs the first 50 steps densely, then every Nth: Adagrad's update ratios, which shrink
    as its sums grow, read over the rows would be the start's; over the steps they are the run's."""
    from lrdoctor.signals import step_spans, step_weighted_median

    steps = np.r_[np.arange(1.0, 51.0), np.arange(70.0, 1001.0, 20.0)]
    values = np.where(steps <= 50, 1.0, 0.0) + np.linspace(0, 1e-3, steps.size)  # high at the start only
    spans = step_spans(steps)
    assert spans[:49].max() == 1.0 and spans[-1] == 20.0
    assert np.median(values) > 0.5  # the 50 dense rows are over half of the 97 points: they hold the median up
    assert step_weighted_median(values, spans) < 0.01  # over the steps, the start is 5% of the run
    even = np.arange(0.0, 100.0, 5.0)
    rng = np.random.default_rng(3)
    for n in (7, 8):  # evenly spaced: np.median itself, the even count's mean of the middle two included
        v = rng.normal(size=n)
        assert step_weighted_median(v, step_spans(even[:n])) == np.median(v)


def test_a_log_whose_gaps_are_even_skips_the_spans_and_reads_the_same_median() -> None:
    """``evenly_spaced`` lets a long, evenly logged run take the plain median without the spans of every point; it
    holds only where every subset of the spans is even, so the two medians agree wherever it says so."""
    from lrdoctor.signals import evenly_spaced, step_spans, step_weighted_median

    rng = np.random.default_rng(5)
    cadences = {
        "every step": np.arange(1.0, 300.0),
        "every 7th": np.arange(7.0, 2000.0, 7.0),
        "jittered": np.cumsum(rng.uniform(4.0, 7.9, 200)),
        "dense, then sparse": np.r_[np.arange(1.0, 51.0), np.arange(70.0, 1001.0, 20.0)],
        "a repeated step": np.r_[np.arange(1.0, 20.0), 19.0, np.arange(20.0, 40.0)],
    }
    said = {name: evenly_spaced(steps) for name, steps in cadences.items()}
    assert said == {"every step": True, "every 7th": True, "jittered": True, "dense, then sparse": False,
                    "a repeated step": False}
    for name, steps in cadences.items():
        values = rng.lognormal(size=steps.size)
        if said[name]:
            for keep in (slice(None), slice(steps.size // 3, None), rng.random(steps.size) < 0.5):
                assert step_weighted_median(values[keep], step_spans(steps)[keep]) == np.median(values[keep])


def test_step_potential_carries_a_weight_norm_taken_less_often_than_the_ratio() -> None:
    """The recorder takes the weight norm every 10th step and the update ratio every step: the last weight
    norm stands for the steps between (it changes slowly), so every step with a ratio counts."""
    steps = np.arange(1, 41)
    weight = np.where((steps - 1) % 10 == 0, 2.0, np.nan)
    s = signals(step=steps, loss=np.ones(40), grad_norm=np.full(40, 3.0), update_ratio=np.linspace(0.01, 0.04, 40),
                weight_norm=weight)
    assert s.step_potential(0) == pytest.approx(3.0 * 2.0 * np.median(np.linspace(0.01, 0.04, 40)))
    assert s.step_potential(25) == pytest.approx(3.0 * 2.0 * np.median(np.linspace(0.01, 0.04, 40)[24:]))
