"""``lrdoctor sanity``: six checks that catch a broken model or training setup before training.

Each check takes the user's :class:`~lrdoctor.guards.setup.Setup`, resets the model to its initial
weights first, and returns one :class:`CheckResult` with the numbers it saw and a fix. The model is
left with its initial weights at the end; the global RNG state is untouched (checks run seeded).
"""

from __future__ import annotations

import math
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import torch

from lrdoctor.errors import LrdoctorError
from lrdoctor.guards.setup import Setup, Task
from lrdoctor.optim import Family, family_label, family_of, first_step_band

Status = Literal["pass", "fail", "skip"]
StateDict = dict[str, Any]

CHECKPOINT_TRAIN_STEPS = 3


class SanityTimeout(LrdoctorError):
    """The sanity run went past its time limit."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of one sanity check: what was measured, and what to change when it failed."""

    name: str
    status: Status
    message: str
    fix: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "fail"


class Deadline:
    """Raises SanityTimeout, naming the check that was running, once ``limit_s`` has passed."""

    def __init__(self, limit_s: float) -> None:
        self.limit_s = limit_s
        self.start = time.monotonic()

    def check(self, where: str) -> None:
        elapsed = time.monotonic() - self.start
        if elapsed > self.limit_s:
            raise SanityTimeout(
                f"sanity: stopped after {elapsed:.0f} s (time limit {self.limit_s:g} s) during {where}; "
                "use a smaller model or batch, or raise --time-limit"
            )


def forward(model: torch.nn.Module, inputs: Any) -> Any:
    """``model(**inputs)`` for a dict, ``model(*inputs)`` for a tuple or list, else ``model(inputs)``."""
    if isinstance(inputs, Mapping):
        return model(**inputs)
    if isinstance(inputs, (tuple, list)):
        return model(*inputs)
    return model(inputs)


def batch_size(inputs: Any) -> int | None:
    """The size of the first dimension of the (first) input tensor, if there is one."""
    if isinstance(inputs, torch.Tensor) and inputs.ndim > 0:
        return int(inputs.shape[0])
    if isinstance(inputs, Mapping):
        inputs = list(inputs.values())
    if isinstance(inputs, (tuple, list)) and inputs:
        return batch_size(inputs[0])
    return None


def select_rows(inputs: Any, index: torch.Tensor) -> Any:
    """The batch rows ``index`` of every tensor in ``inputs`` (same nesting as ``inputs``)."""
    if isinstance(inputs, torch.Tensor):
        return inputs[index]
    if isinstance(inputs, Mapping):
        return {k: select_rows(v, index) for k, v in inputs.items()}
    if isinstance(inputs, (tuple, list)):
        return type(inputs)(select_rows(v, index) for v in inputs)
    return inputs


def infer_task(outputs: Any, targets: Any) -> Task:
    """Integer targets with one dim fewer than the outputs -> classification (2-D: language model)."""
    if isinstance(targets, torch.Tensor) and isinstance(outputs, torch.Tensor):
        if not targets.is_floating_point() and outputs.ndim == targets.ndim + 1:
            return "language_model" if targets.ndim == 2 else "classification"
    return "regression"


def snapshot(model: torch.nn.Module) -> StateDict:
    """A deep copy of the model's parameters and buffers."""
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def restore(model: torch.nn.Module, state: StateDict) -> None:
    """Put the model back to ``state`` and into train mode, with no gradients left over."""
    model.load_state_dict(state)
    model.train()
    model.zero_grad(set_to_none=True)


def loss_value(setup: Setup, outputs: Any, targets: Any) -> float:
    """``loss_fn(outputs, targets)`` as a float."""
    return float(setup.loss_fn(outputs, targets).detach())


def names_list(names: list[str], limit: int = 4) -> str:
    """``a, b, c, d and 3 more``."""
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def reduction_ratio(setup: Setup, outputs: Any, targets: Any) -> float | None:
    """loss(batch) / (loss(first half) + loss(second half)): 0.5 for a mean, 1.0 for a sum.

    Exact for any loss that is a mean or a sum of per-sample terms, whatever the data. None when the
    outputs and targets cannot be split along the batch dimension.
    """
    if not (isinstance(outputs, torch.Tensor) and isinstance(targets, torch.Tensor)):
        return None
    n = int(outputs.shape[0]) // 2 * 2 if outputs.ndim else 0
    if n < 2 or targets.ndim == 0 or int(targets.shape[0]) != int(outputs.shape[0]):
        return None
    h = n // 2
    full = loss_value(setup, outputs[:n], targets[:n])
    halves = loss_value(setup, outputs[:h], targets[:h]) + loss_value(setup, outputs[h:n], targets[h:n])
    return full / halves if halves > 0 else None


def check_initial_loss(setup: Setup, state: StateDict) -> CheckResult:
    """The loss at initialisation against what an untrained model should score."""
    model = setup.model
    restore(model, state)
    inputs, targets = setup.batch
    with torch.no_grad():
        outputs = forward(model, inputs)
        initial = loss_value(setup, outputs, targets)
        ratio = reduction_ratio(setup, outputs, targets)
    task = setup.task or infer_task(outputs, targets)
    n = batch_size(inputs)
    if not math.isfinite(initial):
        return CheckResult("initial-loss", "fail", f"initial loss is {initial}", "check the inputs for NaN/inf and the loss function")
    if ratio is not None and ratio > 0.75:
        return CheckResult(
            "initial-loss", "fail",
            f"initial loss {initial:.4g}: loss(batch) / (loss(half 1) + loss(half 2)) = {ratio:.2f} "
            f"(1.0 = summed over the batch, 0.5 = averaged); it grows with the batch size ({n})",
            "average the loss over the batch: reduction='mean' (the default), or divide the sum by the batch size",
        )
    if task == "regression":
        return regression_initial_loss(setup, outputs, targets, initial)
    classes = setup.num_classes or (int(outputs.shape[-1]) if isinstance(outputs, torch.Tensor) else None)
    if classes is None or classes < 2:
        return CheckResult("initial-loss", "skip", f"initial loss {initial:.4g}; no num_classes to compare with ln C")
    return classification_initial_loss(initial, classes, task)


def classification_initial_loss(initial: float, classes: int, task: Task) -> CheckResult:
    """Cross-entropy at init should be close to ln C (uniform predictions over C classes)."""
    expected = math.log(classes)
    ratio = initial / expected
    what = f"initial loss {initial:.4g} vs ln({classes}) = {expected:.4g} (x{ratio:.2f}; {task}, {classes} classes)"
    if ratio > 1.5:
        return CheckResult(
            "initial-loss", "fail", what + ": too high, the untrained model is confidently wrong",
            "the last layer's init is too large: scale its weights down (e.g. x0.01) and zero its bias so "
            "the first predictions are near uniform; check the loss is cross-entropy on logits",
        )
    if ratio < 0.5:
        return CheckResult(
            "initial-loss", "fail", what + ": far too low for an untrained model",
            "look for label leakage (the targets inside the inputs, or a causal mask missing in a language "
            "model), or a pretrained model/wrong num_classes",
        )
    return CheckResult("initial-loss", "pass", what)


def regression_initial_loss(setup: Setup, outputs: Any, targets: Any, initial: float) -> CheckResult:
    """Regression at init should score near predicting the mean, and not far worse than predicting 0."""
    if not (isinstance(outputs, torch.Tensor) and isinstance(targets, torch.Tensor) and outputs.shape == targets.shape):
        return CheckResult("initial-loss", "skip", f"initial loss {initial:.4g}; outputs and targets differ in shape, no baseline")
    with torch.no_grad():
        mean_loss = loss_value(setup, torch.full_like(outputs, float(targets.float().mean())), targets)
        zero_loss = loss_value(setup, torch.zeros_like(outputs), targets)
    what = f"initial loss {initial:.4g} vs {mean_loss:.4g} for predicting the target mean, {zero_loss:.4g} for predicting 0 (regression)"
    if initial > 3 * max(mean_loss, zero_loss):
        return CheckResult(
            "initial-loss", "fail", what + ": the outputs are far larger than the targets",
            "scale the last layer's init down, or standardise the targets (subtract the mean, divide by the std)",
        )
    if mean_loss > 0 and initial < 0.1 * mean_loss:
        return CheckResult(
            "initial-loss", "fail", what + ": far better than the mean before any training",
            "look for leakage: the targets (or a copy of them) inside the inputs",
        )
    return CheckResult("initial-loss", "pass", what)


def check_gradients(setup: Setup, state: StateDict) -> CheckResult:
    """Every trainable parameter is in the optimizer and gets a finite, non-zero gradient."""
    model = setup.model
    restore(model, state)
    optimizer = setup.make_optimizer(model)
    in_optimizer = {id(p) for group in optimizer.param_groups for p in group["params"]}
    inputs, targets = setup.batch
    torch.autograd.backward(setup.loss_fn(forward(model, inputs), targets))
    problems: dict[str, list[str]] = {"no gradient (disconnected from the loss)": [], "non-finite gradient": [],
                                      "zero gradient": [], "not in the optimizer (never updated)": []}
    frozen: list[str] = []
    trainable = 0
    for name, p in model.named_parameters():
        if not p.requires_grad:
            frozen.append(name)
            continue
        trainable += 1
        if id(p) not in in_optimizer:
            problems["not in the optimizer (never updated)"].append(name)
        if p.grad is None:
            problems["no gradient (disconnected from the loss)"].append(name)
        elif not bool(torch.isfinite(p.grad).all()):
            problems["non-finite gradient"].append(name)
        elif not bool(p.grad.any()):
            problems["zero gradient"].append(name)
    model.zero_grad(set_to_none=True)
    note = f"; {len(frozen)} frozen (requires_grad=False): {names_list(frozen)}" if frozen else ""
    found = {kind: names for kind, names in problems.items() if names}
    if not found:
        return CheckResult("gradients", "pass", f"all {trainable} trainable tensors get a finite, non-zero gradient{note}")
    message = "; ".join(f"{len(names)} of {trainable} trainable tensors: {kind}: {names_list(names)}" for kind, names in found.items())
    fixes = {
        "no gradient (disconnected from the loss)": "use every layer in forward() and do not .detach() or .item() on the way to the loss",
        "non-finite gradient": "look for log(0), division by zero or overflow in forward() and the loss",
        "zero gradient": "check for dead activations or all-zero init of consecutive layers",
        "not in the optimizer (never updated)": "build the optimizer from model.parameters() after all layers exist",
    }
    return CheckResult("gradients", "fail", message + note, "; ".join(fixes[kind] for kind in found))


def rows_differ(inputs: Any, i: int, j: int) -> bool:
    """Whether batch rows ``i`` and ``j`` of the (first) input tensor differ."""
    first = inputs
    while not isinstance(first, torch.Tensor):
        if isinstance(first, Mapping):
            first = list(first.values())
        if not isinstance(first, (tuple, list)) or not first:
            return False
        first = first[0]
    return not torch.equal(first[i], first[j])


def check_input_dependence(setup: Setup, state: StateDict) -> CheckResult:
    """Outputs differ between samples whose inputs differ, and a sample's output ignores other rows."""
    model = setup.model
    restore(model, state)
    model.eval()
    inputs = setup.batch[0]
    n = batch_size(inputs)
    if n is None or n < 2:
        return CheckResult("input-dependence", "skip", "needs a batch of at least 2 samples with the batch on the first dimension")
    with torch.no_grad():
        outputs = forward(model, inputs)
        if not isinstance(outputs, torch.Tensor):
            return CheckResult("input-dependence", "skip", f"the model returns {type(outputs).__name__}, not a tensor")
        differing = [i for i in range(1, n) if rows_differ(inputs, 0, i)]
        if not differing:
            return CheckResult("input-dependence", "skip", f"all {n} samples of the batch have the same input")
        flat = outputs.float().reshape(n, -1)
        scale = float(flat.abs().max()) or 1.0
        spread = max(float((flat[i] - flat[0]).abs().max()) for i in differing) / scale
        if spread < 1e-6:
            return CheckResult(
                "input-dependence", "fail",
                f"outputs are identical for all {n} samples (relative spread {spread:.1e}) though their inputs differ",
                "the model ignores its input: check that forward() uses its argument (not a stored tensor, "
                "a zeroed mask or x*0) and that the input is not overwritten",
            )
        mixing = batch_mixing(model, inputs, outputs, n)
    if mixing is not None and mixing > 1e-4:
        return CheckResult(
            "input-dependence", "fail",
            f"sample 0's output changed by {mixing:.1e} (relative) when only the other samples changed",
            "samples mix across the batch: look for a view/reshape/transpose that moves the batch dimension, "
            "or a reduction over dim 0 in forward()",
        )
    checked = "; sample 0 is unaffected by the other rows" if mixing is not None else ""
    return CheckResult("input-dependence", "pass", f"outputs differ across {n} samples (relative spread {spread:.2g}){checked}")


def batch_mixing(model: torch.nn.Module, inputs: Any, outputs: torch.Tensor, n: int) -> float | None:
    """Relative change of sample 0's output when the batch is cut to its first half and reversed
    behind sample 0 (eval mode): zero unless samples mix. None for a batch under 4."""
    if n < 4:
        return None
    index = torch.cat([torch.zeros(1, dtype=torch.long), torch.arange(1, n // 2 + 1).flip(0)])
    moved = forward(model, select_rows(inputs, index))
    if not isinstance(moved, torch.Tensor) or moved.shape[1:] != outputs.shape[1:]:
        return None
    scale = float(outputs[0].abs().max()) or 1.0
    return float((moved[0].float() - outputs[0].float()).abs().max()) / scale


def train_step(setup: Setup, optimizer: torch.optim.Optimizer) -> float:
    """One optimizer step on the setup's batch; returns the loss before the step."""
    inputs, targets = setup.batch
    optimizer.zero_grad(set_to_none=True)
    loss = setup.loss_fn(forward(setup.model, inputs), targets)
    torch.autograd.backward(loss)
    optimizer.step()
    return float(loss.detach())


def lr_of(optimizer: torch.optim.Optimizer) -> str:
    """The first param group's lr, for messages."""
    lr = optimizer.param_groups[0].get("lr")
    return f"{float(lr):.3g}" if isinstance(lr, (int, float, torch.Tensor)) else "?"


def check_overfit(setup: Setup, state: StateDict, deadline: Deadline, max_steps: int, factor: float) -> CheckResult:
    """The model fits its one batch: the loss falls ``factor``-fold within ``max_steps`` steps."""
    restore(setup.model, state)
    optimizer = setup.make_optimizer(setup.model)
    first = last = train_step(setup, optimizer)
    steps = 1
    while steps < max_steps and math.isfinite(last) and last > first / factor:
        deadline.check(f"overfit-one-batch (step {steps}/{max_steps})")
        last = train_step(setup, optimizer)
        steps += 1
    fold = f" (/{first / last:.3g})" if last > 0 and math.isfinite(last) else ""
    what = f"loss {first:.4g} -> {last:.4g}{fold} in {steps} steps at lr {lr_of(optimizer)}"
    if math.isfinite(last) and last <= first / factor:
        return CheckResult("overfit-one-batch", "pass", what)
    if not math.isfinite(last) or last > first:
        return CheckResult("overfit-one-batch", "fail", what + ": the loss rose on a single repeated batch",
                           "the lr is too high for this model: lower it (x0.1), or add warmup / gradient clipping")
    return CheckResult(
        "overfit-one-batch", "fail", what + f"; needs /{factor:g} to pass",
        "a model that cannot memorise one batch has a bug or a bad lr: check that targets match inputs, "
        "raise the lr (x3-x10), turn off dropout / weight decay for this test",
    )


def optimizer_family(optimizer: torch.optim.Optimizer) -> Family | None:
    """The optimizer's family from its class name, else from the state its first step created."""
    return family_of(type(optimizer).__name__, (k for state in optimizer.state.values() for k in state))


def check_update_ratio(setup: Setup, state: StateDict) -> CheckResult:
    """‖Δθ‖/‖θ‖ of the first step, for weight matrices, inside the band of the optimizer's family."""
    model = setup.model
    restore(model, state)
    optimizer = setup.make_optimizer(model)
    before = {name: p.detach().clone() for name, p in model.named_parameters() if p.requires_grad and p.ndim >= 2}
    train_step(setup, optimizer)
    params = dict(model.named_parameters())
    ratios = {name: float((params[name].detach() - w).norm() / w.norm()) for name, w in before.items() if float(w.norm()) > 0}
    if not ratios:
        return CheckResult("update-ratio", "skip", "no trainable weight matrix with a non-zero norm")
    kind = optimizer_family(optimizer)
    low, high = first_step_band(kind)
    family = f"{family_label(kind)} first-step band {low:g}..{high:g} ({type(optimizer).__name__})"
    ordered = sorted(ratios, key=ratios.__getitem__)
    median = statistics.median(ratios.values())
    what = (f"first-step update/weight: median {median:.2g} over {len(ratios)} weight matrices "
            f"(min {ratios[ordered[0]]:.2g} {ordered[0]}, max {ratios[ordered[-1]]:.2g} {ordered[-1]}); {family}")
    lr = lr_of(optimizer)
    if median > high:
        return CheckResult("update-ratio", "fail", what + ": too large", f"the lr ({lr}) is too high: lower it until the median ratio is near {math.sqrt(low * high):.0e}")
    if median < low:
        return CheckResult("update-ratio", "fail", what + ": too small", f"the lr ({lr}) is too low: raise it until the median ratio is near {math.sqrt(low * high):.0e}")
    return CheckResult("update-ratio", "pass", what)


def default_save(model: torch.nn.Module, optimizer: torch.optim.Optimizer, path: Path) -> None:
    """Save model and optimizer state: what a resumable checkpoint needs."""
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, path)


def default_load(model: torch.nn.Module, optimizer: torch.optim.Optimizer, path: Path) -> None:
    """Load what ``default_save`` wrote."""
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])


def same_value(a: Any, b: Any) -> bool:
    """Tensors equal in shape and value; anything else by ==."""
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        return isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and a.shape == b.shape and torch.equal(a.cpu(), b.cpu())
    return bool(a == b)


def state_differences(saved: StateDict, loaded: StateDict) -> dict[str, int]:
    """Per optimizer-state key (exp_avg, step, ...): how many parameters lost or changed it."""
    lost: dict[str, int] = {}
    for index, entry in saved["state"].items():
        got = loaded["state"].get(index, {})
        for key, value in entry.items():
            if key not in got or not same_value(value, got[key]):
                lost[key] = lost.get(key, 0) + 1
    return lost


def check_checkpoint(setup: Setup, state: StateDict) -> CheckResult:
    """Save after a few steps, load into a fresh model + optimizer: weights AND optimizer state survive."""
    model = setup.model
    save = setup.save_checkpoint or default_save
    load = setup.load_checkpoint or default_load
    whose = "your save_checkpoint/load_checkpoint" if setup.save_checkpoint else "lrdoctor's torch.save of both state_dicts"
    restore(model, state)
    optimizer = setup.make_optimizer(model)
    for _ in range(CHECKPOINT_TRAIN_STEPS):
        train_step(setup, optimizer)
    saved_model = snapshot(model)
    saved_optimizer: StateDict = optimizer.state_dict()
    saved_optimizer = {"state": {i: {k: v.clone() if isinstance(v, torch.Tensor) else v for k, v in s.items()}
                                 for i, s in saved_optimizer["state"].items()},
                       "param_groups": [dict(g) for g in saved_optimizer["param_groups"]]}
    with tempfile.TemporaryDirectory(prefix="lrdoctor-sanity-") as folder:
        path = Path(folder) / "checkpoint.pt"
        save(model, optimizer, path)
        restore(model, state)
        fresh = setup.make_optimizer(model)
        load(model, fresh, path)
    loaded = fresh.state_dict()
    wrong_weights = [k for k, v in saved_model.items() if not same_value(v, model.state_dict()[k])]
    lost = state_differences(saved_optimizer, loaded)
    lr_changed = [i for i, (a, b) in enumerate(zip(saved_optimizer["param_groups"], loaded["param_groups"])) if not same_value(a.get("lr"), b.get("lr"))]
    tensors = len(saved_optimizer["state"])
    keys = sorted({k for s in saved_optimizer["state"].values() for k in s})
    problems = []
    if wrong_weights:
        problems.append(f"{len(wrong_weights)} model tensors differ after loading ({names_list(wrong_weights)})")
    if lost:
        restored = tensors - max(lost.values())
        problems.append(f"optimizer state lost: {', '.join(f'{k} ({n} of {tensors} params)' for k, n in sorted(lost.items()))}; "
                        f"{restored} of {tensors} restored")
    if lr_changed:
        problems.append(f"lr of param group(s) {', '.join(map(str, lr_changed))} not restored")
    if problems:
        return CheckResult(
            "checkpoint", "fail", f"round trip with {whose} after {CHECKPOINT_TRAIN_STEPS} steps: " + "; ".join(problems),
            "save {'model': model.state_dict(), 'optimizer': optimizer.state_dict()} (and the scheduler's) and load "
            "both on resume; saving the model weights alone restarts Adam's moments and step count",
        )
    kept = f"optimizer state kept ({', '.join(keys)} for {tensors} params)" if keys else f"{type(optimizer).__name__} keeps no per-parameter state"
    return CheckResult("checkpoint", "pass", f"round trip with {whose}: weights and {kept}")


def guarded(name: str, run: Callable[[], CheckResult], seed: int) -> CheckResult:
    """Run one check seeded, with the caller's RNG state kept; an exception from the user's code is a failure."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        try:
            return run()
        except LrdoctorError:
            raise
        except Exception as error:  # the model, loss or checkpoint code of the user failed
            if os.environ.get("LRDOCTOR_DEBUG"):
                raise
            return CheckResult(name, "fail", f"raised {type(error).__name__}: {error}",
                               "the factory's model, batch, loss_fn and optimizer do not work together (LRDOCTOR_DEBUG=1 shows the traceback)")


def run_sanity(
    setup: Setup, *, overfit_steps: int = 200, overfit_factor: float = 10.0, time_limit: float = 60.0, seed: int = 0
) -> Iterator[CheckResult]:
    """Run every check in order, yielding each result as soon as it is known.

    Raises SanityTimeout once ``time_limit`` seconds have passed. The model ends with its initial
    weights; the caller's RNG state is restored.
    """
    deadline = Deadline(time_limit)
    state = snapshot(setup.model)
    checks: list[tuple[str, Callable[[], CheckResult]]] = [
        ("initial-loss", lambda: check_initial_loss(setup, state)),
        ("gradients", lambda: check_gradients(setup, state)),
        ("input-dependence", lambda: check_input_dependence(setup, state)),
        ("overfit-one-batch", lambda: check_overfit(setup, state, deadline, overfit_steps, overfit_factor)),
        ("update-ratio", lambda: check_update_ratio(setup, state)),
        ("checkpoint", lambda: check_checkpoint(setup, state)),
    ]
    try:
        for name, run in checks:
            deadline.check(name)
            yield guarded(name, run, seed)
    finally:
        restore(setup.model, state)
