"""The report's figures, drawn with matplotlib (no pyplot state) and returned as SVG: crisp at any
zoom and in print, and twice as fast to write as PNG. Text stays text; heatmaps are rasterised.

Every series is decimated before it is drawn: long runs keep the minimum and the maximum of each
bucket of steps, so a 1,000,000-step run is a few thousand points and its spikes stay visible.
The smoothed loss and its spread come from ``Signals``; nothing here estimates a statistic.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from matplotlib import ticker  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from lrdoctor.findings import Finding, RunReport  # noqa: E402
from lrdoctor.report.compare import RunSummary  # noqa: E402

if TYPE_CHECKING:
    import pandas as pd

    from lrdoctor.signals import Signals

MAX_BUCKETS = 1500  # per drawn series: at most 2 points (min, max) per bucket
HEATMAP_BUCKETS = 300
WIDTH_IN = 9.6
DPI = 130
SEVERITY_COLOURS = {"error": "#c62828", "warning": "#ef8a00", "info": "#1565c0"}
RAW, SMOOTH, VAL, BEST = "#9db7d5", "#0b4f9c", "#d9480f", "#2b8a3e"
UPDATE_RATIO_BAND = (3e-4, 3e-3)


@dataclass(frozen=True, slots=True)
class Plot:
    """One figure of the report: an id (``loss``, ``lr``...), its heading, SVG bytes and a caption."""

    key: str
    title: str
    svg: bytes
    caption: str


def decimate(x: np.ndarray, y: np.ndarray, buckets: int = MAX_BUCKETS) -> tuple[np.ndarray, np.ndarray]:
    """The finite points of a series; beyond ``2 * buckets`` points, each bucket's minimum and
    maximum, in step order (so spikes and dips survive)."""
    keep = np.isfinite(y)
    x, y = x[keep], y[keep]
    n = y.size
    if n <= 2 * buckets:
        return x, y
    size = math.ceil(n / buckets)
    padded = np.concatenate([y, np.repeat(y[-1], (-n) % size)]).reshape(-1, size)
    base = np.arange(padded.shape[0]) * size
    idx = np.unique(np.concatenate([base + padded.argmin(axis=1), base + padded.argmax(axis=1)]))
    idx = idx[idx < n]
    return x[idx], y[idx]


def thin(n: int, limit: int = 2 * MAX_BUCKETS) -> slice:
    """Every k-th point of an already smoothed series of ``n`` points, so at most ``limit`` are drawn."""
    return slice(None, None, max(1, math.ceil(n / limit)))


def bucket_columns(steps: np.ndarray, values: np.ndarray, buckets: int = HEATMAP_BUCKETS) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``values`` (rows x series) averaged over at most ``buckets`` consecutive row buckets,
    ignoring NaN (NaN where a bucket has no value), with each bucket's first step: a heatmap's
    decimation."""
    size = max(1, math.ceil(values.shape[0] / buckets))
    starts = np.arange(0, values.shape[0], size)
    finite = np.isfinite(values)
    sums = np.add.reduceat(np.where(finite, values, 0.0), starts, axis=0)
    counts = np.add.reduceat(finite.astype(np.int64), starts, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return steps[starts], np.where(counts > 0, sums / counts, np.nan)


def label_text(text: str) -> str:
    """A log- or sidecar-provided string made safe for matplotlib (no mathtext, not hidden by a
    leading underscore)."""
    text = text.replace("$", r"\$")
    return "\u200b" + text if text.startswith("_") else text


def _figure(height: float = 3.0, left_in: float = 0.8, right_in: float = 0.15) -> tuple[Figure, Axes]:
    """A report-width figure with one axes and fixed margins (layout engines cost a second a plot)."""
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    fig.subplots_adjust(left=left_in / WIDTH_IN, right=1 - right_in / WIDTH_IN, bottom=0.48 / height,
                        top=1 - 0.12 / height)
    ax = fig.add_subplot()
    ax.grid(True, which="major", color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(which="both", labelsize=8.5)
    return fig, ax


def _svg(fig: Figure) -> bytes:
    """The figure as SVG with text as text (the browser's sans-serif if DejaVu Sans is missing)."""
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "lrdoctor"}):
        fig.savefig(buffer, format="svg", dpi=DPI, metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _wide_range(values: Sequence[float] | np.ndarray, ratio: float) -> bool:
    """Whether positive values span more than ``ratio`` x (then a log axis reads better)."""
    arr = np.asarray(values, dtype=float)
    arr = arr[np.isfinite(arr)]
    return bool(arr.size and arr.min() > 0 and arr.max() / arr.min() > ratio)


def _legend(ax: Axes) -> None:
    """A small legend where it hides the least, if anything is labelled."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, loc="best", frameon=True, framealpha=0.85, edgecolor="#dddddd")


def shade_findings(ax: Axes, numbered: Sequence[tuple[int, Finding]], span: tuple[int, int]) -> None:
    """Each finding's step range as a shaded band (a line when it is narrow), labelled ``#n rule``."""
    width = max(1, span[1] - span[0])
    for k, (number, f) in enumerate(numbered):
        colour = SEVERITY_COLOURS[f.severity]
        if (f.step_end - f.step_start) < 0.004 * width:
            ax.axvline(f.step_start, color=colour, linewidth=1.4, alpha=0.8)
        else:
            ax.axvspan(f.step_start, f.step_end, color=colour, alpha=0.12, linewidth=0)
        right = f.step_start > span[0] + 0.7 * width
        ax.text(
            f.step_end if right else f.step_start, 0.98 - 0.085 * (k % 5), f" #{number} {f.rule} ",
            transform=ax.get_xaxis_transform(), fontsize=7.5, color=colour, va="top",
            ha="right" if right else "left", fontweight="bold",
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75},
        )


def finding_plots(report: RunReport, drawn: Sequence[str]) -> dict[int, str]:
    """For each finding (numbered from 1), the key of the plot that shows its step range: the one its
    rule's catalogue entry names when that plot is drawn, else the loss plot."""
    from lrdoctor.catalogue import load_catalogue

    catalogue = load_catalogue()
    plot_of = {f.rule: catalogue[f.rule].plot if f.rule in catalogue else "loss" for f in report.findings}
    return {i: plot_of[f.rule] if plot_of[f.rule] in drawn else "loss" for i, f in enumerate(report.findings, 1)}


def plain_log_ticks(ax: Axes) -> None:
    """Ticks of a log y axis labelled as plain numbers (0.6, 2, 1e-05): 1-2-5 steps over a couple
    of decades, every digit within one, decades beyond; no minor ticks (costly, and unlabelled)."""
    if ax.get_yscale() != "log":
        return
    low, high = ax.get_ylim()
    subs = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0) if high < 10 * low else (1.0, 2.0, 5.0) if high < 300 * low else (1.0,)
    ax.yaxis.set_major_locator(ticker.LogLocator(subs=subs))
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:g}"))
    ax.yaxis.set_minor_locator(ticker.NullLocator())


def step_ticks(ax: Axes) -> None:
    """Step numbers as 250k, 1.5M rather than 250000."""
    def short(value: float, _: int) -> str:
        for size, suffix in ((1e6, "M"), (1e3, "k")):
            if abs(value) >= size:
                return f"{value / size:g}{suffix}"
        return f"{value:g}"

    if ax.get_xlim()[1] >= 10_000:
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(short))


def _finish(ax: Axes, span: tuple[int, int], ylabel: str) -> None:
    """The run's step range as x limits (plots of one run line up), tick labels, axis labels, legend."""
    if span[1] > span[0]:
        ax.set_xlim(span[0], span[1])
    plain_log_ticks(ax)
    step_ticks(ax)
    ax.set_xlabel("step", fontsize=9)
    ax.set_ylabel(ylabel, fontsize=9)
    _legend(ax)


def level_to_loss(s: Signals, level: np.ndarray) -> np.ndarray:
    """The analysed level back in the loss's own units (vectorised ``Signals.to_loss``)."""
    return np.exp(level) if s.log_scale else level


def loss_plot(report: RunReport, summary: RunSummary, s: Signals, numbered: Sequence[tuple[int, Finding]]) -> Plot:
    """Training loss raw and smoothed with its spread band, validation loss, best eval step."""
    span = (report.first_step, report.last_step)
    fig, ax = _figure(3.4)
    x, y = decimate(s.steps.astype(float), s.loss)
    ax.plot(x, y, color=RAW, linewidth=0.6, label="training loss")
    keep = thin(s.ts.size)
    ts, level, spread = s.ts[keep], s.smooth[keep], 2 * s.local_noise[keep]
    smooth = level_to_loss(s, level)
    ax.fill_between(ts, level_to_loss(s, level - spread), level_to_loss(s, level + spread), color=SMOOTH,
                    alpha=0.13, linewidth=0, label="rolling spread (±2σ)")
    ax.plot(ts, smooth, color=SMOOTH, linewidth=1.5, label="smoothed")
    evals = s.evals
    if len(evals):
        vx, vy = evals["step"].to_numpy(dtype=float), evals["val_loss"].to_numpy(dtype=float)
        ax.plot(vx, vy, color=VAL, linewidth=1.3, marker="o" if vx.size <= 60 else None, markersize=3,
                label="validation loss")
    if summary.best_val_step is not None and summary.best_val_loss is not None:
        ax.axvline(summary.best_val_step, color=BEST, linestyle=":", linewidth=1.2)
        ax.plot([summary.best_val_step], [summary.best_val_loss], marker="*", markersize=11, color=BEST,
                linestyle="none", label=f"best val {summary.best_val_loss:.4g} (step {summary.best_val_step})")
    bad = s.all_steps[s.nonfinite_loss]
    if bad.size:
        shown = bad[:: max(1, bad.size // 400)]
        ax.plot(shown, np.zeros(shown.size), transform=ax.get_xaxis_transform(), marker="|", markersize=9,
                color=SEVERITY_COLOURS["error"], linestyle="none", label=f"non-finite loss ({bad.size} steps)")
    if _wide_range(smooth, 4):
        ax.set_yscale("log")
    shade_findings(ax, numbered, span)
    _finish(ax, span, "loss")
    scale = "log scale" if ax.get_yscale() == "log" else "linear scale"
    caption = (f"Training loss ({scale}): raw (decimated to bucket min/max), robust rolling-median smoothing "
               "and its local spread; validation loss where logged.")
    return Plot("loss", "Loss", _svg(fig), caption)


def lr_plot(report: RunReport, numbered: Sequence[tuple[int, Finding]]) -> Plot | None:
    """The learning rate of every param group (the schedule)."""
    run = report.run
    columns = [c for c in ("lr", *run.columns_like("lr")) if run.has(c)] if run is not None else []
    if run is None or not columns:
        return None
    df = run.df
    span = (report.first_step, report.last_step)
    fig, ax = _figure(2.8)
    steps = df["step"].to_numpy(dtype=float)
    peaks: list[float] = []
    for column in columns:
        x, y = decimate(steps, df[column].to_numpy(dtype=float))
        ax.plot(x, y, linewidth=1.3, drawstyle="steps-post",
                label=label_text("lr (group 0)" if column == "lr" and len(columns) > 1 else column))
        peaks.append(float(y.max()))
    if _wide_range(peaks, 30):  # groups on different scales; a schedule alone reads best linear
        ax.set_yscale("log")
    elif ax.get_ylim()[0] >= 0:
        ax.set_ylim(bottom=0, top=max(peaks) * 1.08)
    shade_findings(ax, numbered, span)
    _finish(ax, span, "learning rate")
    return Plot("lr", "Learning rate", _svg(fig), "Learning rate per parameter group, as logged.")


def series_plot(report: RunReport, column: str) -> tuple[Figure, Axes] | None:
    """A figure with one logged column drawn (decimated), or None when it was not logged."""
    if report.run is None or not report.run.has(column):
        return None
    df = report.run.df
    fig, ax = _figure(2.8)
    x, y = decimate(df["step"].to_numpy(dtype=float), df[column].to_numpy(dtype=float))
    ax.plot(x, y, color="#5f3dc4", linewidth=0.8, label=column)
    if _wide_range(y, 30) or column == "update_ratio" and _wide_range(y, 1):
        ax.set_yscale("log")
    return fig, ax


def grad_norm_plot(report: RunReport, numbered: Sequence[tuple[int, Finding]]) -> Plot | None:
    """The global gradient norm (log axis when it spans more than 30x), with its findings shaded."""
    made = series_plot(report, "grad_norm")
    if made is None:
        return None
    fig, ax = made
    span = (report.first_step, report.last_step)
    shade_findings(ax, numbered, span)
    _finish(ax, span, "gradient norm")
    return Plot("grad_norm", "Gradient norm", _svg(fig), "Global L2 norm of the gradients before clipping.")


def update_ratio_plot(report: RunReport) -> Plot | None:
    """The update-to-weight ratio against the ~1e-3 reference band."""
    made = series_plot(report, "update_ratio")
    if made is None:
        return None
    fig, ax = made
    span = (report.first_step, report.last_step)
    ax.axhspan(*UPDATE_RATIO_BAND, color=BEST, alpha=0.12, linewidth=0, label="typical (~1e-3)")
    ax.axhline(1e-3, color=BEST, linestyle="--", linewidth=0.9)
    if ax.get_yscale() == "log":  # an lr decayed to ~0 would squash the rest into a line
        ax.set_ylim(bottom=max(ax.get_ylim()[0], UPDATE_RATIO_BAND[0] / 1e3))
    _finish(ax, span, "update / weight")
    return Plot("update_ratio", "Update-to-weight ratio", _svg(fig),
                "Size of each update relative to the weights; around 1e-3 is typical, far above means "
                "the lr is too high, far below that it is too low.")


def _short(name: str, width: int = 38) -> str:
    """A long parameter name cut from the left (the end tells layers apart)."""
    return name if len(name) <= width else "…" + name[-(width - 1):]


def layer_heatmap(report: RunReport, prefix: str) -> Plot | None:
    """Per-layer ``<prefix>/<param>`` columns as a heatmap of log10 values over steps."""
    if report.run is None:
        return None
    columns = [c for c in report.run.columns_like(prefix) if report.run.has(c)]
    if not columns:
        return None
    df = report.run.df
    logged = df[columns].notna().any(axis=1).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.log10(df.loc[logged, columns].to_numpy(dtype=float))
    starts, means = bucket_columns(df["step"].to_numpy(dtype=float)[logged], values)
    height = float(np.clip(0.75 + 0.17 * len(columns), 2.2, 9.0))
    labels = [label_text(_short(c[len(prefix) + 1:])) for c in columns]
    fig, ax = _figure(height, left_in=0.3 + 0.062 * max(len(n) for n in labels), right_in=1.1)
    ax.grid(False)
    end = float(df["step"].iloc[-1])
    edges = np.append(starts, end if end > starts[-1] else starts[-1] + 1)
    if prefix == "update_ratio":
        cmap, vmin, vmax, label = "RdBu_r", -5.0, -1.0, "log10 update ratio (white = 1e-3)"
    else:
        finite = means[np.isfinite(means)]
        vmin, vmax = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        cmap, label = "viridis", "log10 gradient norm"
    mesh = ax.pcolormesh(edges, np.arange(len(columns) + 1), means.T, cmap=cmap, vmin=vmin, vmax=vmax, shading="flat",
                         rasterized=True)
    ax.set_ylim(len(columns), 0)
    every = max(1, math.ceil(len(columns) / 45))
    ax.set_yticks(np.arange(0, len(columns), every) + 0.5)
    ax.set_yticklabels(labels[::every], fontsize=7)
    ax.set_xlabel("step", fontsize=9)
    step_ticks(ax)
    box = ax.get_position()
    cax = fig.add_axes((box.x1 + 0.12 / WIDTH_IN, box.y0, 0.14 / WIDTH_IN, box.height))
    fig.colorbar(mesh, cax=cax, extend="both" if prefix == "update_ratio" else "neither").set_label(label, fontsize=8)
    title = "Per-layer update ratio" if prefix == "update_ratio" else "Per-layer gradient norm"
    return Plot(f"layers_{prefix}", title, _svg(fig),
                f"{title} ({len(columns)} parameters), averaged in log space over buckets of steps.")


def accuracy_plot(report: RunReport) -> Plot | None:
    """``train_acc`` and ``val_acc`` where logged."""
    if report.run is None:
        return None
    columns = [c for c in ("train_acc", "val_acc") if report.run.has(c)]
    if not columns:
        return None
    df = report.run.df
    span = (report.first_step, report.last_step)
    fig, ax = _figure(2.6)
    for column, colour in zip(columns, (RAW if len(columns) > 1 else SMOOTH, VAL)):
        x, y = decimate(df["step"].to_numpy(dtype=float), df[column].to_numpy(dtype=float))
        ax.plot(x, y, color=colour, linewidth=1.2, marker="o" if x.size <= 60 else None, markersize=3, label=column)
    _finish(ax, span, "accuracy")
    return Plot("accuracy", "Accuracy", _svg(fig), "Accuracy on the training and validation data, where logged.")


def range_test_plot(report: RunReport) -> Plot | None:
    """A learning-rate range test: the loss against the lr on a log axis, with the lr-range-test
    finding's readings (suggested lr, end of the minimum, steepest descent) marked."""
    run = report.run
    if run is None or report.meta.get("range_test") is not True or not run.has("lr"):
        return None
    df = run.df[np.isfinite(run.df["loss"].to_numpy(dtype=float)) & (run.df["lr"].to_numpy(dtype=float) > 0)]
    fig, ax = _figure(3.0)
    ax.plot(df["lr"].to_numpy(dtype=float), df["loss"].to_numpy(dtype=float), color=SMOOTH, linewidth=1.1, label="loss")
    ax.set_xscale("log")
    losses = df["loss"].to_numpy(dtype=float)
    if losses.size:  # the blow-up at the end would flatten the part worth reading
        ax.set_ylim(min(losses.min(), 0.0) if losses.min() < 0 else losses.min() * 0.95, min(losses.max(), 2.0 * losses[0]) * 1.05)
    found = next((f for f in report.findings if f.rule == "lr-range-test"), None)
    marks = (("suggested_lr", "suggested lr", BEST, "-"), ("min_loss_lr", "end of the minimum", VAL, "--"),
             ("steepest_lr", "steepest descent", "#868e96", ":"))
    for key, label, colour, style in marks:
        value = found.evidence.get(key) if found is not None else None
        if isinstance(value, (int, float)) and value > 0:
            ax.axvline(value, color=colour, linestyle=style, linewidth=1.2, label=f"{label} {value:.2g}")
    ax.set_xlabel("learning rate (log scale)")
    ax.set_ylabel("loss")
    ax.grid(True, which="major", alpha=0.3)
    _legend(ax)
    return Plot("range_test", "Learning-rate range test", _svg(fig),
                "Training loss against the exponentially rising lr; the suggestion sits a decade below the end "
                "of the loss's minimum.")


def run_plots(report: RunReport, summary: RunSummary) -> list[Plot]:
    """Every plot the run's columns allow, each with its findings' step ranges shaded."""
    s = summary.signals
    if s is None:
        return []
    drawn = [key for key, column in (("lr", "lr"), ("grad_norm", "grad_norm")) if report.run and report.run.has(column)]
    where = finding_plots(report, drawn)
    numbered = {key: [(i, f) for i, f in enumerate(report.findings, 1) if where[i] == key] for key in ("loss", *drawn)}
    plots = [
        range_test_plot(report),
        loss_plot(report, summary, s, numbered["loss"]),
        lr_plot(report, numbered.get("lr", [])),
        grad_norm_plot(report, numbered.get("grad_norm", [])),
        update_ratio_plot(report),
        layer_heatmap(report, "update_ratio"),
        layer_heatmap(report, "grad_norm"),
        accuracy_plot(report),
    ]
    return [p for p in plots if p is not None]


def comparison_plot(summaries: Sequence[RunSummary]) -> Plot | None:
    """Smoothed training loss (solid) and validation loss (dashed) of every run, overlaid; for an
    lr sweep the colours follow the lr."""
    pairs = [(sm, sm.signals) for sm in summaries if sm.signals is not None]
    if not pairs:
        return None
    fig, ax = _figure(3.6)
    lrs = [sm.lr for sm, _ in pairs]
    by_lr = all(lr is not None and lr > 0 for lr in lrs) and len(set(lrs)) == len(lrs) > 1
    if by_lr:  # legend and colours in lr order
        pairs.sort(key=lambda pair: pair[0].lr or 0.0)
    cmap = matplotlib.colormaps["plasma" if by_lr else "tab10"]
    levels: list[float] = []
    for k, (summary, s) in enumerate(pairs):
        colour = cmap(0.88 * k / max(1, len(pairs) - 1)) if by_lr else cmap(k % 10)
        keep = thin(s.ts.size)
        smooth = level_to_loss(s, s.smooth[keep])
        lr_text = f" (lr {summary.lr:.3g})" if summary.lr is not None else ""
        ax.plot(s.ts[keep], smooth, color=colour, linewidth=1.5,
                label=label_text(summary.name + lr_text + (" – diverged" if summary.final_diverged else "")))
        evals: pd.DataFrame = s.evals
        if len(evals):
            ax.plot(evals["step"].to_numpy(dtype=float), evals["val_loss"].to_numpy(dtype=float), color=colour,
                    linewidth=1.1, linestyle="--")
        levels += [float(smooth.min()), float(smooth[0])]
    top = max(levels[1::2])
    if _wide_range(levels, 10):
        ax.set_yscale("log")
        ax.set_ylim(top=top * 2)
    else:
        ax.set_ylim(top=top + 0.25 * (top - min(levels[::2])))
    plain_log_ticks(ax)
    step_ticks(ax)
    ax.set_xlabel("step", fontsize=9)
    ax.set_ylabel("loss", fontsize=9)
    ax.legend(fontsize=7.5, loc="upper right", frameon=True, framealpha=0.85, edgecolor="#dddddd",
              ncol=2 if len(pairs) > 6 else 1)
    caption = "Smoothed training loss (solid) and validation loss (dashed) of every run" + (
        "; colour follows the learning rate (dark = low, yellow = high)." if by_lr else ".")
    return Plot("comparison", "Loss of every run", _svg(fig), caption)
