"""The learning-rate range test: ``find_lr`` raises the lr exponentially until the loss blows up.

The model and optimizer get their state back afterwards. The curve can be written as a canonical run
log (``step, loss, lr``) whose sidecar says ``"range_test": true``, so ``lrdoctor analyze`` reads it
and reports the suggestion (rule ``lr-range-test``).
"""

from __future__ import annotations

import copy
import json
import math
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import torch

from lrdoctor.errors import UsageError
from lrdoctor.files import write_atomically
from lrdoctor.range_test import LrSuggestion, diverged_at, smooth_losses, suggest_lr
from lrdoctor.guards.sanity import batch_size, forward


@dataclass(frozen=True)
class LrFinderResult:
    """The range-test curve and its reading. ``lrs[i]`` was used for step ``i + 1``, which scored ``losses[i]``."""

    lrs: list[float]
    losses: list[float]
    smoothed: list[float]
    suggestion: LrSuggestion
    stop_reason: str
    log_path: Path | None = None
    settings: dict[str, float] = field(default_factory=dict)

    @property
    def suggested_lr(self) -> float:
        return self.suggestion.suggested_lr

    def summary(self) -> str:
        """A few lines for a terminal: both readings, the pick and why, how the test ended."""
        s = self.suggestion
        return "\n".join([
            f"suggested lr: {s.suggested_lr:.3g} ({s.method}{'' if s.reliable else ', UNRELIABLE'})",
            f"  steepest descent of the smoothed loss: lr {s.steepest_lr:.3g}",
            f"  minimum of the smoothed loss: {s.min_loss:.4g}, held up to lr {s.min_loss_lr:.3g} (/10 = {s.min_div10_lr:.3g})",
            f"  why: {s.reason}",
            f"  {len(self.lrs)} steps, lr {self.lrs[0]:.3g} -> {self.lrs[-1]:.3g}; {self.stop_reason}",
        ])


class ProgressBar:
    """A one-line progress bar on a terminal; silent when the stream is not a TTY."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and stream.isatty()

    def update(self, done: int, lr: float, loss: float) -> None:
        if not self.enabled:
            return
        width = 30
        filled = round(width * done / self.total)
        self.stream.write(f"\rfind-lr [{'#' * filled}{'.' * (width - filled)}] {done}/{self.total} lr {lr:.2e} loss {loss:.4g} ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def endless(loader: Iterable[tuple[Any, Any]]) -> Iterator[tuple[Any, Any]]:
    """Batches from ``loader``, starting over when it runs out (a one-shot iterator ends the test)."""
    while True:
        empty = True
        for item in loader:
            empty = False
            yield item
        if empty or isinstance(loader, Iterator):
            return


def lr_schedule(start_lr: float, end_lr: float, num_steps: int) -> list[float]:
    """``num_steps`` lrs from ``start_lr`` to ``end_lr``, evenly spaced on a log axis."""
    ratio = end_lr / start_lr
    return [start_lr * ratio ** (i / (num_steps - 1)) for i in range(num_steps)]


def validate(start_lr: float, end_lr: float, num_steps: int, smooth: float, diverge_factor: float) -> None:
    """One-line errors for settings that cannot make a range test."""
    if not (0 < start_lr < end_lr and math.isfinite(end_lr)):
        raise UsageError(f"find_lr: need 0 < start_lr < end_lr; got start_lr={start_lr:g}, end_lr={end_lr:g}")
    if num_steps < 5:
        raise UsageError(f"find_lr: num_steps must be at least 5; got {num_steps}")
    if not 0 <= smooth < 1:
        raise UsageError(f"find_lr: smooth must be in [0, 1); got {smooth:g}")
    if diverge_factor <= 1:
        raise UsageError(f"find_lr: diverge_factor must be above 1; got {diverge_factor:g}")


def find_lr(
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    loader: Iterable[tuple[Any, Any]],
    loss_fn: Callable[[Any, Any], torch.Tensor],
    *,
    start_lr: float = 1e-6,
    end_lr: float = 10.0,
    num_steps: int = 300,
    smooth: float = 0.98,
    diverge_factor: float = 4.0,
    log_path: str | Path | None = None,
    progress: bool = True,
) -> LrFinderResult:
    """Train with an lr rising from ``start_lr`` to ``end_lr`` over ``num_steps`` batches of ``loader``.

    Stops early when the smoothed loss (bias-corrected EMA, weight ``smooth``) passes
    ``diverge_factor`` x its minimum or turns non-finite. Param groups keep their lr ratios to group
    0. Afterwards the model's weights, buffers and train/eval mode and the optimizer's state and lrs
    are as they were. With ``log_path`` the curve is written as a canonical run log plus sidecar.
    """
    validate(start_lr, end_lr, num_steps, smooth, diverge_factor)
    schedule = lr_schedule(start_lr, end_lr, num_steps)
    base = float(optimizer.param_groups[0]["lr"])
    scales = [float(g["lr"]) / base if base > 0 else 1.0 for g in optimizer.param_groups]
    saved_model = copy.deepcopy(model.state_dict())
    saved_optimizer = copy.deepcopy(optimizer.state_dict())
    was_training = model.training
    bar = ProgressBar(num_steps, sys.stderr, progress)
    lrs: list[float] = []
    losses: list[float] = []
    stop_reason = f"reached end_lr {end_lr:g}"
    first_batch: Any = None
    try:
        model.train()
        for lr, (inputs, targets) in zip(schedule, endless(loader)):
            first_batch = inputs if first_batch is None else first_batch
            for group, scale in zip(optimizer.param_groups, scales):
                group["lr"] = lr * scale
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(forward(model, inputs), targets)
            value = float(loss.detach())
            lrs.append(lr)
            losses.append(value)
            bar.update(len(lrs), lr, value)
            if diverged_at(smooth_losses(np.array(losses), smooth), diverge_factor) is not None:
                why = f"the smoothed loss passed {diverge_factor:g}x its minimum" if math.isfinite(value) else f"the loss became {value}"
                stop_reason = f"stopped at lr {lr:.3g}: {why}"
                break
            torch.autograd.backward(loss)
            optimizer.step()
        else:
            if len(lrs) < num_steps:
                stop_reason = f"the loader ran out after {len(lrs)} batches"
    finally:
        bar.close()
        model.load_state_dict(saved_model)
        optimizer.load_state_dict(saved_optimizer)
        optimizer.zero_grad(set_to_none=True)
        model.train(was_training)
    try:
        suggestion = suggest_lr(np.array(lrs), np.array(losses), smooth, diverge_factor)
    except ValueError as error:
        raise UsageError(f"find_lr: {error}; after {len(lrs)} steps the test {stop_reason} (give more batches, "
                         "a lower start_lr, or check the loss at the start)") from None
    settings = {"start_lr": start_lr, "end_lr": end_lr, "num_steps": num_steps, "smooth": smooth, "diverge_factor": diverge_factor}
    path = None
    if log_path is not None:
        meta = range_test_meta(model, optimizer, loss_fn, batch_size(first_batch), settings)
        path = write_range_log(Path(log_path), lrs, losses, meta)
    smoothed = smooth_losses(np.array(losses), smooth)
    return LrFinderResult(lrs, losses, [float(x) for x in smoothed], suggestion, stop_reason, path, settings)


def plain_params(optimizer: torch.optim.Optimizer) -> dict[str, Any]:
    """Group 0's hyper-parameters that JSON can hold (lr, betas, weight_decay, ...)."""
    out: dict[str, Any] = {}
    for key, value in optimizer.param_groups[0].items():
        if key == "params":
            continue
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(value, (bool, int, float, str, list)) or value is None:
            out[key] = value
    return out


def range_test_meta(model: torch.nn.Module, optimizer: torch.optim.Optimizer, loss_fn: Any, batch: int | None,
                    settings: dict[str, float]) -> dict[str, Any]:
    """The sidecar of a range-test log: the canonical keys plus ``range_test`` and its settings."""
    meta: dict[str, Any] = {
        "range_test": True,
        "optimizer": type(optimizer).__name__,
        "optimizer_params": plain_params(optimizer),
        "loss_fn": getattr(loss_fn, "__name__", type(loss_fn).__name__),
        "num_params": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "range_test_settings": settings,
    }
    if batch is not None:
        meta["batch_size"] = batch
    return meta


def write_range_log(path: Path, lrs: list[float], losses: list[float], meta: dict[str, Any]) -> Path:
    """Write ``path`` (CSV: step, loss, lr) and its sidecar ``<stem>.json``, each atomically."""
    if path.suffix != ".csv":
        path = path / "run.csv" if path.is_dir() or not path.suffix else path.with_suffix(".csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = ["step,loss,lr"] + [f"{i + 1},{float(loss)!r},{float(lr)!r}" for i, (lr, loss) in enumerate(zip(lrs, losses))]
    write_atomically(path, "\n".join(rows) + "\n")
    write_atomically(path.with_suffix(".json"), json.dumps(meta, indent=2) + "\n")
    return path


