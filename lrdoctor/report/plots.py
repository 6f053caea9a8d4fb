"""The report's figures, drawn with matplotlib (no pyplot state) and returned as SVG: crisp at any
zoom and in print, and twice as fast to write as PNG. Text stays text; heatmaps are rasterised.

Everything drawn comes from the report's ``Curves`` (already decimated by the engine) and ``facts``;
nothing here reads a run's table or estimates a statistic.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from matplotlib import ticker  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from lrdoctor.catalogue import load_catalogue  # noqa: E402
from lrdoctor.curves import Curves, Heatmap, Series  # noqa: E402
from lrdoctor.findings import Finding, RunReport  # noqa: E402
from lrdoctor.optim import family_label  # noqa: E402

if TYPE_CHECKING:
    from lrdoctor.facts import RunFacts

WIDTH_IN = 9.6
DPI = 130
SEVERITY_COLOURS = {"error": "#c62828", "warning": "#ef8a00", "info": "#1565c0"}
RAW, SMOOTH, VAL, BEST = "#9db7d5", "#0b4f9c", "#d9480f", "#2b8a3e"


@dataclass(frozen=True, slots=True)
class Plot:
    """One figure of the report: an id (``loss``, ``lr``...), its heading, SVG bytes and a caption."""

    key: str
    title: str
    svg: bytes
    caption: str


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
    """The figure as SVG with text as text (the browser's sans-serif if DejaVu Sans is missing), made
    compact (``compact_svg``)."""
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "lrdoctor"}):
        fig.savefig(buffer, format="svg", dpi=DPI, metadata={"Date": None, "Creator": None})
    return compact_svg(buffer.getvalue())


_DECIMALS = re.compile(rb"(\d+\.\d)\d+")
_FONTS = re.compile(rb"font-family: [^;\"]*")
_BREAKS = re.compile(rb"\s*\n\s*")
_ATTRIBUTE = re.compile(rb'="[^"]*"')


def compact_svg(svg: bytes) -> bytes:
    """matplotlib's SVG without what changes nothing drawn: the XML prolog and metadata, digits of the
    coordinates in attributes beyond 0.1 pt, the long font fallback list of every text (one sans-serif
    list instead), line breaks inside paths. About half the size."""
    start = svg.find(b"<svg")
    svg = svg[start:] if start >= 0 else svg
    svg = re.sub(rb"<metadata>.*?</metadata>", b"", svg, flags=re.S)
    svg = _FONTS.sub(b"font-family: 'DejaVu Sans', Arial, sans-serif", svg)
    svg = _ATTRIBUTE.sub(lambda value: _DECIMALS.sub(rb"\1", value.group()), svg)  # numbers in text stay whole
    return _BREAKS.sub(b" ", svg).strip()


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


def loss_plot(c: Curves, facts: RunFacts | None, numbered: Sequence[tuple[int, Finding]]) -> Plot:
    """Training loss raw and smoothed with its spread band, validation loss, best eval step."""
    fig, ax = _figure(3.4)
    ax.plot(c.loss.x, c.loss.y, color=RAW, linewidth=0.6, label=c.loss.name)
    low, high = c.spread
    ax.fill_between(c.smooth.x, low, high, color=SMOOTH, alpha=0.13, linewidth=0, label="rolling spread (±2σ)")
    ax.plot(c.smooth.x, c.smooth.y, color=SMOOTH, linewidth=1.5, label=c.smooth.name)
    if c.val_loss is not None:
        ax.plot(c.val_loss.x, c.val_loss.y, color=VAL, linewidth=1.3, marker="o" if c.val_loss.x.size <= 60 else None,
                markersize=3, label=c.val_loss.name)
    if facts is not None and facts.best_val_step is not None and facts.best_val_loss is not None:
        ax.axvline(facts.best_val_step, color=BEST, linestyle=":", linewidth=1.2)
        ax.plot([facts.best_val_step], [facts.best_val_loss], marker="*", markersize=11, color=BEST,
                linestyle="none", label=f"best val {facts.best_val_loss:.4g} (step {facts.best_val_step})")
    if c.nonfinite_count:
        ax.plot(c.nonfinite_steps, np.zeros(c.nonfinite_steps.size), transform=ax.get_xaxis_transform(), marker="|",
                markersize=9, color=SEVERITY_COLOURS["error"], linestyle="none",
                label=f"non-finite loss ({c.nonfinite_count} steps)")
    if _wide_range(c.smooth.y, 4):
        ax.set_yscale("log")
    shade_findings(ax, numbered, c.span)
    _finish(ax, c.span, "loss")
    scale = "log scale" if ax.get_yscale() == "log" else "linear scale"
    caption = (f"Training loss ({scale}): raw (decimated to bucket min/max), robust rolling-median smoothing "
               "and its local spread; validation loss where logged.")
    return Plot("loss", "Loss", _svg(fig), caption)


def lr_plot(c: Curves, numbered: Sequence[tuple[int, Finding]]) -> Plot | None:
    """The learning rate of every param group (the schedule)."""
    if not c.lr:
        return None
    fig, ax = _figure(2.8)
    peaks: list[float] = []
    for series in c.lr:
        ax.plot(series.x, series.y, linewidth=1.3, drawstyle="steps-post", label=label_text(series.name))
        peaks.append(float(series.y.max()))
    if _wide_range(peaks, 30):  # groups on different scales; a schedule alone reads best linear
        ax.set_yscale("log")
    elif ax.get_ylim()[0] >= 0:
        ax.set_ylim(bottom=0, top=max(peaks) * 1.08)
    shade_findings(ax, numbered, c.span)
    _finish(ax, c.span, "learning rate")
    return Plot("lr", "Learning rate", _svg(fig), "Learning rate per parameter group, as logged.")


def series_plot(series: Series, log_if_wide: float = 30) -> tuple[Figure, Axes]:
    """A figure with one logged column drawn."""
    fig, ax = _figure(2.8)
    ax.plot(series.x, series.y, color="#5f3dc4", linewidth=0.8, label=series.name)
    if _wide_range(series.y, log_if_wide):
        ax.set_yscale("log")
    return fig, ax


def grad_norm_plot(c: Curves, numbered: Sequence[tuple[int, Finding]]) -> Plot | None:
    """The global gradient norm (log axis when it spans more than 30x), with its findings shaded."""
    if c.grad_norm is None:
        return None
    fig, ax = series_plot(c.grad_norm)
    shade_findings(ax, numbered, c.span)
    _finish(ax, c.span, "gradient norm")
    return Plot("grad_norm", "Gradient norm", _svg(fig), "Global L2 norm of the gradients before clipping.")


def update_ratio_plot(c: Curves, facts: RunFacts | None) -> Plot | None:
    """The update-to-weight ratio against the usual band of the optimizer's family."""
    if c.update_ratio is None:
        return None
    fig, ax = series_plot(c.update_ratio, log_if_wide=1)
    band = facts.update_band if facts is not None else None
    if band is not None:
        family = family_label(facts.optimizer_family) if facts is not None else ""
        ax.axhspan(*band, color=BEST, alpha=0.12, linewidth=0, label=f"{family} band {band[0]:g}–{band[1]:g}")
        if ax.get_yscale() == "log":  # an lr decayed to ~0 would squash the rest into a line
            ax.set_ylim(bottom=max(ax.get_ylim()[0], band[0] / 1e3))
    _finish(ax, c.span, "update / weight")
    return Plot("update_ratio", "Update-to-weight ratio", _svg(fig),
                "Size of each update relative to the weights, against the usual band of the optimizer's family: far "
                "above it the lr is too high, far below it too low.")


def _short(name: str, width: int = 38) -> str:
    """A long parameter name cut from the left (the end tells layers apart)."""
    return name if len(name) <= width else "…" + name[-(width - 1):]


def layer_heatmap(heat: Heatmap, prefix: str) -> Plot:
    """Per-layer ``<prefix>/<param>`` values (log10, bucket means) as a heatmap over steps."""
    labels = [label_text(_short(n)) for n in heat.names]
    height = float(np.clip(0.75 + 0.17 * len(labels), 2.2, 9.0))
    fig, ax = _figure(height, left_in=0.3 + 0.062 * max(len(n) for n in labels), right_in=1.1)
    ax.grid(False)
    if prefix == "update_ratio":
        cmap, vmin, vmax, label = "RdBu_r", -5.0, -1.0, "log10 update ratio (white = 1e-3)"
    else:
        finite = heat.values[np.isfinite(heat.values)]
        vmin, vmax = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        cmap, label = "viridis", "log10 gradient norm"
    mesh = ax.pcolormesh(heat.edges, np.arange(len(labels) + 1), heat.values.T, cmap=cmap, vmin=vmin, vmax=vmax,
                         shading="flat", rasterized=True)
    ax.set_ylim(len(labels), 0)
    every = max(1, math.ceil(len(labels) / 45))
    ax.set_yticks(np.arange(0, len(labels), every) + 0.5)
    ax.set_yticklabels(labels[::every], fontsize=7)
    ax.set_xlabel("step", fontsize=9)
    step_ticks(ax)
    box = ax.get_position()
    cax = fig.add_axes((box.x1 + 0.12 / WIDTH_IN, box.y0, 0.14 / WIDTH_IN, box.height))
    fig.colorbar(mesh, cax=cax, extend="both" if prefix == "update_ratio" else "neither").set_label(label, fontsize=8)
    title = "Per-layer update ratio" if prefix == "update_ratio" else "Per-layer gradient norm"
    return Plot(f"layers_{prefix}", title, _svg(fig),
                f"{title} ({len(labels)} parameters), averaged in log space over buckets of steps.")


def accuracy_plot(c: Curves) -> Plot | None:
    """``train_acc`` and ``val_acc`` where logged."""
    if not c.accuracy:
        return None
    fig, ax = _figure(2.6)
    colours = (RAW if len(c.accuracy) > 1 else SMOOTH, VAL)
    for series, colour in zip(c.accuracy, colours):
        ax.plot(series.x, series.y, color=colour, linewidth=1.2, marker="o" if series.x.size <= 60 else None,
                markersize=3, label=series.name)
    _finish(ax, c.span, "accuracy")
    return Plot("accuracy", "Accuracy", _svg(fig), "Accuracy on the training and validation data, where logged.")


def range_test_plot(report: RunReport, c: Curves) -> Plot | None:
    """A learning-rate range test: the loss against the lr on a log axis, with the lr-range-test
    finding's readings (suggested lr, end of the minimum, steepest descent) marked."""
    if c.range_test is None:
        return None
    fig, ax = _figure(3.0)
    lrs, losses = c.range_test.x, c.range_test.y
    ax.plot(lrs, losses, color=SMOOTH, linewidth=1.1, label="loss")
    ax.set_xscale("log")
    if losses.size:  # the blow-up at the end would flatten the part worth reading
        ax.set_ylim(min(losses.min(), 0.0) if losses.min() < 0 else losses.min() * 0.95, min(losses.max(), 2.0 * losses[0]) * 1.05)
    found = next((f for f in report.findings if "suggested_lr" in f.evidence), None)  # the range test's reading
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


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """numpy's and matplotlib's float warnings silenced: values near the float limit (a 1e308 spike)
    overflow in axis arithmetic, which changes nothing drawn but must not reach stderr."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def run_plots(report: RunReport) -> list[Plot]:
    """Every plot the run's curves allow, each with its findings' step ranges shaded."""
    with quiet():
        return _run_plots(report)


def _run_plots(report: RunReport) -> list[Plot]:
    c = report.curves
    if c is None:
        return []
    drawn = [key for key, present in (("lr", bool(c.lr)), ("grad_norm", c.grad_norm is not None)) if present]
    where = finding_plots(report, drawn)
    numbered = {key: [(i, f) for i, f in enumerate(report.findings, 1) if where[i] == key] for key in ("loss", *drawn)}
    plots = [
        range_test_plot(report, c),
        loss_plot(c, report.facts, numbered["loss"]),
        lr_plot(c, numbered.get("lr", [])),
        grad_norm_plot(c, numbered.get("grad_norm", [])) if not c.compact or numbered.get("grad_norm") else None,
    ]
    if not c.compact:
        plots += [
            update_ratio_plot(c, report.facts),
            *(layer_heatmap(c.layers[key], key) for key in ("update_ratio", "grad_norm") if key in c.layers),
            accuracy_plot(c),
        ]
    return [p for p in plots if p is not None]


def comparison_plot(reports: Sequence[RunReport], names: Sequence[str]) -> Plot | None:
    """Smoothed training loss (solid) and validation loss (dashed) of every run, overlaid; for an
    lr sweep the colours follow the lr."""
    with quiet():
        return _comparison_plot(reports, names)


def _comparison_plot(reports: Sequence[RunReport], names: Sequence[str]) -> Plot | None:
    runs = [(name, r.curves, r.facts) for name, r in zip(names, reports) if r.curves is not None]
    if not runs:
        return None
    fig, ax = _figure(3.6)
    lrs = [facts.lr if facts is not None else None for _, _, facts in runs]
    by_lr = all(lr is not None and lr > 0 for lr in lrs) and len(set(lrs)) == len(lrs) > 1
    if by_lr:  # legend and colours in lr order
        runs.sort(key=lambda run: (run[2].lr if run[2] is not None else None) or 0.0)
    cmap = matplotlib.colormaps["plasma" if by_lr else "tab10"]
    levels: list[float] = []
    for k, (name, c, facts) in enumerate(runs):
        colour = cmap(0.88 * k / max(1, len(runs) - 1)) if by_lr else cmap(k % 10)
        lr_text = f" (lr {facts.lr:.3g})" if facts is not None and facts.lr is not None else ""
        diverged = " – diverged" if facts is not None and facts.diverged else ""
        ax.plot(c.smooth.x, c.smooth.y, color=colour, linewidth=1.5, label=label_text(name + lr_text + diverged))
        if c.val_loss is not None:
            ax.plot(c.val_loss.x, c.val_loss.y, color=colour, linewidth=1.1, linestyle="--")
        levels += [float(c.smooth.y.min()), float(c.smooth.y[0])]
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
              ncol=2 if len(runs) > 6 else 1)
    caption = "Smoothed training loss (solid) and validation loss (dashed) of every run" + (
        "; colour follows the learning rate (dark = low, yellow = high)." if by_lr else ".")
    return Plot("comparison", "Loss of every run", _svg(fig), caption)
