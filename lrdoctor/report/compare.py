"""Run facts and the comparison of several runs: pure functions of ``RunReport`` objects.

The numbers are read off the report (its sidecar ``meta`` and its run table) or taken from
``Signals`` (the smoothed loss), never estimated here; the HTML and Markdown reporters render them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from lrdoctor.findings import SEVERITY_RANK, RunReport

if TYPE_CHECKING:
    from lrdoctor.signals import Signals

#: Sidecar ``optimizer_params`` shown as hyper-parameters (besides ``lr``), in this order.
KEY_PARAMS = ("momentum", "betas", "weight_decay", "eps", "nesterov")
#: Sidecar keys that runs of one lr sweep share (when the sidecars give them).
SETUP_KEYS = ("task", "optimizer", "loss_fn", "num_params", "dataset_size", "batch_size")


@dataclass(frozen=True, slots=True)
class RunSummary:
    """The facts of one run that a reader compares first."""

    name: str
    steps: tuple[int, int]
    rows: int
    epochs: tuple[float, float] | None
    lr: float | None
    hyper: dict[str, str]
    final_loss: float | None
    final_diverged: bool
    best_loss: float | None
    best_val_loss: float | None
    best_val_step: int | None
    problems: dict[str, int]
    setup: dict[str, str] = field(default_factory=dict)
    signals: Signals | None = field(default=None, repr=False, compare=False)  # for the plots

    def score(self, by_val: bool) -> float:
        """What the comparison sorts by: best validation loss or final loss; diverged runs last."""
        value = self.best_val_loss if by_val else self.final_loss
        return math.inf if value is None or self.final_diverged else value


@dataclass(frozen=True, slots=True)
class SweepVerdict:
    """Which learning rate of a sweep did best, and whether it sits at the edge of the swept range
    (then ``next_lr`` is one more step of the sweep's own spacing beyond that edge)."""

    best_lr: float
    best_run: str
    lrs: tuple[float, ...]
    edge: str | None  # "lowest" | "highest" | None
    next_lr: float | None

    @property
    def advice(self) -> str:
        """One sentence: the best lr and whether to extend the sweep."""
        swept = ", ".join(f"{lr:.3g}" for lr in self.lrs)
        head = f"Best lr: {self.best_lr:.3g} (run {self.best_run}) of the swept {swept}."
        if self.edge is None or self.next_lr is None:
            return head + " It lies inside the swept range."
        way = "downwards" if self.edge == "lowest" else "upwards"
        return head + f" It is the {self.edge} lr tried: extend the sweep {way} (try {self.next_lr:.3g})."


def run_names(paths: Sequence[str]) -> list[str]:
    """Short names that tell the runs apart: the file stem, with as many parent folders as needed."""
    parts = [PurePath(p).parts or (p,) for p in paths]
    depth = max((len(p) for p in parts), default=1)
    names: list[str] = []
    for k in range(1, depth + 1):
        names = ["/".join([*p[-k:-1], PurePath(p[-1]).stem]) for p in parts]
        if len(set(names)) == len(names):
            return names
    return [f"{name} ({i + 1})" for i, name in enumerate(names)]


def _number(value: Any) -> float | None:
    """A finite float, or None."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _shown(value: Any) -> str:
    """A hyper-parameter as short text."""
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_shown(v) for v in value) + ")"
    return str(value)


def run_lr(report: RunReport) -> float | None:
    """The run's learning rate: the sidecar's ``optimizer_params.lr``, else the peak of ``lr``."""
    params = report.meta.get("optimizer_params")
    if isinstance(params, dict) and _number(params.get("lr")) is not None:
        return _number(params.get("lr"))
    if report.run is not None and report.run.has("lr"):
        return _number(report.run.df["lr"].max())
    return None


def hyper_parameters(report: RunReport) -> dict[str, str]:
    """Optimizer, key optimizer parameters, schedule and batch size from the sidecar, as text."""
    meta = report.meta
    out: dict[str, str] = {}
    if meta.get("optimizer"):
        out["optimizer"] = str(meta["optimizer"])
    params = meta.get("optimizer_params")
    if isinstance(params, dict):
        out.update({k: _shown(params[k]) for k in KEY_PARAMS if params.get(k) is not None and params.get(k) is not False})
    for key in ("scheduler", "batch_size"):
        if meta.get(key) not in (None, ""):
            out[key] = _shown(meta[key])
    return out


def loss_signals(report: RunReport) -> Signals | None:
    """The run's ``Signals`` (for its smoothed loss), or None without a run table or a finite loss."""
    if report.run is None:
        return None
    from lrdoctor.signals import Signals

    signals = Signals(report.run)
    return signals if signals.n > 0 else None


def summarize(report: RunReport, name: str) -> RunSummary:
    """The facts of one run; losses are the smoothed training loss and the logged ``val_loss``."""
    import numpy as np

    final = best = best_val = None
    best_val_step = None
    epochs = None
    diverged = False
    signals = loss_signals(report)
    if signals is not None:
        final = signals.to_loss(float(signals.smooth[-1]))
        best = signals.to_loss(float(np.min(signals.smooth)))
        diverged = bool(signals.nonfinite_loss[-1]) if signals.nonfinite_loss.size else False
        evals = signals.evals
        if len(evals):
            i = int(np.argmin(evals["val_loss"].to_numpy(dtype=float)))
            best_val = float(evals["val_loss"].iloc[i])
            best_val_step = int(evals["step"].iloc[i])
        _, epoch = signals.column("epoch")
        if epoch.size:
            epochs = (float(epoch.min()), float(epoch.max()))
    return RunSummary(
        name=name,
        steps=(report.first_step, report.last_step),
        rows=report.rows,
        epochs=epochs,
        lr=run_lr(report),
        hyper=hyper_parameters(report),
        final_loss=final,
        final_diverged=diverged,
        best_loss=best,
        best_val_loss=best_val,
        best_val_step=best_val_step,
        problems={s: n for s in SEVERITY_RANK if (n := sum(f.severity == s for f in report.findings))},
        setup={k: str(report.meta[k]) for k in SETUP_KEYS if report.meta.get(k) not in (None, "")},
        signals=signals,
    )


def summaries_of(reports: Sequence[RunReport]) -> list[RunSummary]:
    """One summary per run, in the order of ``reports``, named so that the runs are told apart."""
    return [summarize(r, n) for r, n in zip(reports, run_names([r.path for r in reports]))]


def ranked(summaries: Sequence[RunSummary]) -> tuple[list[RunSummary], bool]:
    """Best first, and whether by best validation loss (when every run has one) or by final loss.
    Diverged runs and runs without a loss come last."""
    by_val = bool(summaries) and all(s.best_val_loss is not None for s in summaries)
    return sorted(summaries, key=lambda s: s.score(by_val)), by_val


def lr_sweep(summaries: Sequence[RunSummary], by_val: bool) -> SweepVerdict | None:
    """For runs that differ in lr (two or more distinct values) and share their setup (task,
    optimizer, model size... where the sidecars say), the best lr and whether it is the lowest or
    highest tried. ``summaries`` are sorted best first, by validation loss if ``by_val``."""
    lrs = tuple(sorted({s.lr for s in summaries if s.lr is not None and s.lr > 0}))
    scored = [s for s in summaries if s.lr is not None and s.lr > 0 and math.isfinite(s.score(by_val))]
    if len(lrs) < 2 or not scored or not same_setup(summaries):
        return None
    best = scored[0]
    assert best.lr is not None
    if best.lr == lrs[0]:
        edge, next_lr = "lowest", best.lr / (lrs[1] / lrs[0])
    elif best.lr == lrs[-1]:
        edge, next_lr = "highest", best.lr * (lrs[-1] / lrs[-2])
    else:
        edge, next_lr = None, None
    return SweepVerdict(best_lr=best.lr, best_run=best.name, lrs=lrs, edge=edge, next_lr=next_lr)


def same_setup(summaries: Sequence[RunSummary]) -> bool:
    """Whether no setup key has two different values among the runs that state it."""
    return all(len({s.setup[k] for s in summaries if k in s.setup}) <= 1 for k in SETUP_KEYS)


#: Hyper-parameters a comparison table may show, in column order.
TABLE_KEYS = ("optimizer", "momentum", "betas", "weight_decay", "scheduler", "batch_size")


def table_keys(summaries: Sequence[RunSummary]) -> tuple[list[str], dict[str, str]]:
    """The hyper-parameters that differ between runs (table columns) and those all runs share."""
    varying: list[str] = []
    shared: dict[str, str] = {}
    for key in TABLE_KEYS:
        values = [s.hyper.get(key, "–") for s in summaries]
        if len(set(values)) > 1:
            varying.append(key)
        elif values and values[0] != "–":
            shared[key] = values[0]
    return varying, shared


def format_loss(value: float | None) -> str:
    """A loss for a table cell."""
    return "–" if value is None else f"{value:.4g}"


def format_problems(summary: RunSummary) -> str:
    """'none' or '1 error, 2 warnings'."""
    if not summary.problems:
        return "none"
    return ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in summary.problems.items())
