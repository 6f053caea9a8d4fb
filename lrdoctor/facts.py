"""The facts of a run and the comparison of several: computed once by the engine, rendered by reporters.

``RunFacts`` are read off a run's ``Signals`` (the smoothed loss, the evaluations, the lr) and its
sidecar metadata; ``Comparison`` ranks runs by those facts and reads an lr sweep. Both are plain data
with ``to_dict()``, so the JSON report carries them and every other reporter renders the same values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from lrdoctor.findings import SEVERITY_RANK, Finding, plain
from lrdoctor.optim import Family

if TYPE_CHECKING:
    from lrdoctor.signals import Signals

#: Sidecar ``optimizer_params`` shown as hyper-parameters (besides ``lr``), in this order.
KEY_PARAMS = ("momentum", "betas", "weight_decay", "eps", "nesterov")
#: Sidecar keys that runs of one lr sweep share (when the sidecars give them).
SETUP_KEYS = ("task", "optimizer", "loss_fn", "num_params", "dataset_size", "batch_size")
END_SHARE = 0.25
"""A run is still improving when its loss falls significantly over this last share of it..."""
MIN_LATE_EVALS = 2
"""...and, with this many evaluations in that share, its validation loss ends lower than it started there."""
#: Hyper-parameters a comparison may show, in column order.
TABLE_KEYS = ("optimizer", "momentum", "betas", "weight_decay", "scheduler", "batch_size")


@dataclass(frozen=True, slots=True)
class RunFacts:
    """What a reader compares first: the run's extent, lr, losses and best evaluation.

    Losses are the smoothed training loss (its last and lowest value) and the logged validation loss;
    ``lr`` is the sidecar's ``optimizer_params.lr``, else the peak of the logged lr; ``diverged``: the
    loss ended non-finite.
    """

    steps: tuple[int, int]
    rows: int
    epochs: tuple[float, float] | None = None
    lr: float | None = None
    final_loss: float | None = None
    best_loss: float | None = None
    diverged: bool = False
    best_val_loss: float | None = None
    best_val_step: int | None = None
    optimizer_family: Family | None = None
    update_band: tuple[float, float] | None = None
    hyper: dict[str, str] = field(default_factory=dict)
    setup: dict[str, str] = field(default_factory=dict)
    problems: dict[str, int] = field(default_factory=dict)
    improving_at_end: bool = False
    lr_too_high: bool = False

    def score(self, by_val: bool) -> float:
        """What a comparison sorts by: best validation loss or final loss; diverged runs last."""
        value = self.best_val_loss if by_val else self.final_loss
        return math.inf if value is None or self.diverged else value

    def to_dict(self) -> dict[str, Any]:
        return {
            "steps": list(self.steps), "rows": self.rows, "epochs": None if self.epochs is None else list(self.epochs),
            "lr": plain(self.lr), "final_loss": plain(self.final_loss), "best_loss": plain(self.best_loss),
            "diverged": self.diverged, "best_val_loss": plain(self.best_val_loss), "best_val_step": self.best_val_step,
            "optimizer_family": self.optimizer_family,
            "update_band": None if self.update_band is None else list(self.update_band),
            "hyper": dict(self.hyper), "setup": dict(self.setup), "problems": dict(self.problems),
            "improving_at_end": bool(self.improving_at_end), "lr_too_high": bool(self.lr_too_high),
        }


def number(value: Any) -> float | None:
    """A finite float, or None."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def shown(value: Any) -> str:
    """A hyper-parameter as short text."""
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(shown(v) for v in value) + ")"
    return str(value)


def hyper_parameters(meta: Mapping[str, Any]) -> dict[str, str]:
    """Optimizer, key optimizer parameters, schedule and batch size from the sidecar, as text."""
    out: dict[str, str] = {}
    if meta.get("optimizer"):
        out["optimizer"] = str(meta["optimizer"])
    params = meta.get("optimizer_params")
    if isinstance(params, dict):
        out.update({k: shown(params[k]) for k in KEY_PARAMS if params.get(k) is not None and params.get(k) is not False})
    for key in ("scheduler", "batch_size"):
        if meta.get(key) not in (None, ""):
            out[key] = shown(meta[key])
    return out


def count_problems(findings: Sequence[Finding]) -> dict[str, int]:
    """Findings per severity, worst first, severities without findings left out."""
    return {s: n for s in SEVERITY_RANK if (n := sum(f.severity == s for f in findings))}


def run_facts(s: Signals, findings: Sequence[Finding]) -> RunFacts:
    """The facts of one analysed run."""
    import numpy as np

    meta = s.meta
    params = meta.get("optimizer_params")
    lr = number(params.get("lr")) if isinstance(params, dict) else None
    if lr is None and s.has_lr:
        lr = number(s.lr_max)
    final = best = best_val = None
    best_val_step = None
    diverged = s.died
    if s.n > 0:
        final = s.to_loss(float(s.smooth[-1]))
        best = s.to_loss(float(np.min(s.smooth)))
    val_steps, val = s.val_finite
    if val.size:
        i = int(np.argmin(val))
        best_val, best_val_step = float(val[i]), int(val_steps[i])
    _, epoch = s.column("epoch")
    improving = False
    if s.n > 0:
        tail_start = s.last_step - END_SHARE * s.span_steps
        val_steps, val_level, _ = s.val_level
        late_val = val_steps >= tail_start
        trend = s.loss_trend(tail_start, s.last_step + 1)
        improving = bool(trend.falling and (late_val.sum() < MIN_LATE_EVALS or val_level[late_val][-1] < val_level[late_val][0]))
    return RunFacts(
        steps=(s.first_step, s.last_step),
        rows=len(s.df),
        epochs=(float(epoch.min()), float(epoch.max())) if epoch.size else None,
        lr=lr,
        final_loss=final,
        best_loss=best,
        diverged=diverged,
        best_val_loss=best_val,
        best_val_step=best_val_step,
        optimizer_family=s.optimizer_family,
        update_band=s.update_band,
        hyper=hyper_parameters(meta),
        setup={k: str(meta[k]) for k in SETUP_KEYS if meta.get(k) not in (None, "")},
        problems=count_problems(findings),
        improving_at_end=improving,
        lr_too_high=any(f.lr is not None and f.lr.lower for f in findings),
    )


@dataclass(frozen=True, slots=True)
class SweepVerdict:
    """Which learning rate of a sweep did best, and what to do next: ``extend`` the sweep one more step
    of its own spacing (``next_lr``) beyond the edge the best lr sits at, when the evidence says the
    best lies beyond it; otherwise the sweep found its best, and ``sharpen`` says what would make the
    verdict firmer."""

    best_lr: float
    best_run: str
    lrs: tuple[float, ...]
    edge: str | None  # "lowest" | "highest" | None
    next_lr: float | None
    extend: bool = False
    sharpen: str = ""

    @property
    def advice(self) -> str:
        """One or two sentences: the best lr and whether to extend the sweep."""
        swept = ", ".join(f"{lr:.3g}" for lr in self.lrs)
        head = f"Best lr: {self.best_lr:.3g} (run {self.best_run}) of the swept {swept}."
        if self.edge is None:
            return head + " It lies inside the swept range." + (f" {self.sharpen}" if self.sharpen else "")
        if self.extend and self.next_lr is not None:
            way = "downwards" if self.edge == "lowest" else "upwards"
            return head + f" It is the {self.edge} lr tried: extend the sweep {way} (try {self.next_lr:.3g})."
        return head + f" It is the {self.edge} lr tried, but the sweep found its best: {self.sharpen}"

    def to_dict(self) -> dict[str, Any]:
        return {"best_lr": self.best_lr, "best_run": self.best_run, "lrs": list(self.lrs), "edge": self.edge,
                "next_lr": self.next_lr, "extend": self.extend, "advice": self.advice}


@dataclass(frozen=True, slots=True)
class Comparison:
    """Several runs side by side: their short names (in input order), the order best first, what it
    is sorted by, the lr-sweep verdict, and which hyper-parameters vary (the rest all runs share)."""

    names: list[str]
    order: list[int]
    by_val: bool
    sweep: SweepVerdict | None
    varying: list[str]
    shared: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "order": [self.names[i] for i in self.order],
            "sorted_by": "best_val_loss" if self.by_val else "final_loss",
            "sweep": None if self.sweep is None else self.sweep.to_dict(),
            "varying": list(self.varying),
            "shared": dict(self.shared),
        }


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


def same_setup(facts: Sequence[RunFacts]) -> bool:
    """Whether no setup key has two different values among the runs that state it."""
    return all(len({f.setup[k] for f in facts if k in f.setup}) <= 1 for k in SETUP_KEYS)


def lr_sweep(facts: Sequence[RunFacts], names: Sequence[str], order: Sequence[int], by_val: bool) -> SweepVerdict | None:
    """For runs that differ in lr (two or more distinct values) and share their setup (task,
    optimizer, model size... where the sidecars say), the best lr and whether it is the lowest or
    highest tried."""
    lrs = tuple(sorted({f.lr for f in facts if f.lr is not None and f.lr > 0}))
    scored = [i for i in order if (lr := facts[i].lr) is not None and lr > 0 and math.isfinite(facts[i].score(by_val))]
    if len(lrs) < 2 or not scored or not same_setup(facts):
        return None
    best = facts[scored[0]]
    assert best.lr is not None
    if best.lr not in (lrs[0], lrs[-1]):
        neighbours = [f for f in facts if f.lr is not None and f.lr != best.lr]
        sharpen = ("Sweep more finely around it (the neighbours are a step of the sweep away)."
                   if neighbours else "")
        return SweepVerdict(best.lr, names[scored[0]], lrs, None, None, sharpen=sharpen)
    lowest = best.lr == lrs[0]
    edge = "lowest" if lowest else "highest"
    next_lr = best.lr / (lrs[1] / lrs[0]) if lowest else best.lr * (lrs[-1] / lrs[-2])
    neighbour_lr = lrs[1] if lowest else lrs[-2]
    neighbour = [f for f in facts if f.lr == neighbour_lr]
    if lowest:
        if best.improving_at_end:
            return SweepVerdict(best.lr, names[scored[0]], lrs, edge, next_lr, sharpen=(
                "its run was still improving when it stopped, so a lower lr would only be slower; train the best two "
                "lrs longer (to the same loss) before sweeping further down."))
        if not any(f.lr_too_high or f.diverged for f in neighbour):
            return SweepVerdict(best.lr, names[scored[0]], lrs, edge, next_lr, sharpen=(
                f"the next lr up ({neighbour_lr:.3g}) was worse without any sign of a too-high lr, so the gap may be "
                f"noise or length; repeat the two with another seed before trying {next_lr:.3g}."))
        return SweepVerdict(best.lr, names[scored[0]], lrs, edge, next_lr, extend=True)
    if best.lr_too_high or best.diverged:
        return SweepVerdict(best.lr, names[scored[0]], lrs, edge, next_lr, sharpen=(
            "its run already shows signs of a too-high lr, so a higher lr would not help; sweep between it and the "
            f"next lr down ({neighbour_lr:.3g})."))
    return SweepVerdict(best.lr, names[scored[0]], lrs, edge, next_lr, extend=True)


def table_keys(facts: Sequence[RunFacts]) -> tuple[list[str], dict[str, str]]:
    """The hyper-parameters that differ between runs and those all runs share."""
    varying: list[str] = []
    shared: dict[str, str] = {}
    for key in TABLE_KEYS:
        values = [f.hyper.get(key, "–") for f in facts]
        if len(set(values)) > 1:
            varying.append(key)
        elif values and values[0] != "–":
            shared[key] = values[0]
    return varying, shared


def compare(facts: Sequence[RunFacts], paths: Sequence[str]) -> Comparison:
    """Rank runs best first, by best validation loss when every run has one, else by final loss
    (diverged runs and runs without a loss last), and read the lr sweep if they form one."""
    names = run_names(paths)
    by_val = bool(facts) and all(f.best_val_loss is not None for f in facts)
    order = sorted(range(len(facts)), key=lambda i: facts[i].score(by_val))
    varying, shared = table_keys(facts)
    return Comparison(names=names, order=order, by_val=by_val, sweep=lr_sweep(facts, names, order, by_val),
                      varying=varying, shared=shared)
