"""wrong-initial-loss: the first loss of a C-class cross-entropy run is far from ln C."""

from __future__ import annotations

import math
from dataclasses import dataclass

from lrdoctor.findings import Hit, NotApplicable
from lrdoctor.signals import Signals

CROSS_ENTROPY = ("cross", "nll", "ce", "softmax", "logloss", "log_loss")
MIN_CLASSES = 2
"""Cross-entropy over fewer classes has no ln C to compare with."""
START_SHARE = 0.02
"""The first logged loss must be within this share of the run (and ``max_first_step``) to be the initial one."""
MIN_SUM_BATCH = 4
"""A batch of at least this size tells a summed loss (batch x ln C) apart from a merely high one."""
INIT_SCALE = 0.1
"""Suggested scale for the last layer's initial weights when the first loss is far too high."""


@dataclass(frozen=True, slots=True)
class Params:
    max_ratio: float
    min_ratio: float
    sum_tolerance: float
    max_first_step: int


def num_classes(s: Signals) -> int:
    """C from the sidecar / --num-classes, or NotApplicable saying what is needed."""
    task = str(s.meta.get("task") or "").lower()
    if task and "class" not in task and task not in ("language_model", "lm", "language-model"):
        raise NotApplicable(f"task is {task!r}, not classification")
    loss_fn = str(s.meta.get("loss_fn") or "").lower()
    if loss_fn and not any(k in loss_fn for k in CROSS_ENTROPY):
        raise NotApplicable(f"loss_fn is {loss_fn!r}, not cross-entropy")
    value = s.meta.get("num_classes")
    if value is None:
        raise NotApplicable("needs num_classes (sidecar 'num_classes' or --num-classes) to know the expected ln C")
    try:
        c = int(value)
    except (TypeError, ValueError):
        raise NotApplicable(f"num_classes is {value!r}, not a number") from None
    if c < MIN_CLASSES:
        raise NotApplicable(f"num_classes is {c}")
    return c


def check(s: Signals, p: Params) -> list[Hit]:
    c = num_classes(s)
    if s.n == 0:
        return []
    first = int(s.steps[0])
    if first > p.max_first_step or first - s.first_step > START_SHARE * s.span_steps + 1:
        raise NotApplicable(f"the first logged loss is at step {first}: too late to see the initial loss")
    initial = float(s.loss[0])  # the first loss is computed before any update: later ones may already blow up
    expected = math.log(c)
    ratio = initial / expected
    batch = s.meta.get("batch_size")
    evidence: dict[str, float] = {"initial_loss": initial, "expected_loss": expected, "ratio": ratio, "num_classes": c}
    if isinstance(batch, (int, float)) and batch >= MIN_SUM_BATCH:
        summed = batch * expected
        evidence["summed_expected"] = summed
        if abs(initial / summed - 1) <= p.sum_tolerance:
            return [Hit(
                step_start=first, step_end=first,
                message=(f"The initial loss {initial:.4g} is about batch_size x ln C = {batch:g} x {expected:.3g} = "
                         f"{summed:.4g}, not ln C = {expected:.3g}: the loss is summed over the batch, not averaged."),
                evidence=evidence,
                suggestion="Use reduction='mean' in the loss (or divide by the batch size): a summed loss multiplies the effective lr by the batch size.",
                fix={"reduction": "mean"},
            )]
    if ratio > p.max_ratio:
        return [Hit(
            step_start=first, step_end=first,
            message=(f"The initial loss {initial:.4g} is {ratio:.1f}x ln C = {expected:.3g} expected for {c} classes: "
                     "the network starts confidently wrong (last-layer weights too large)."),
            evidence=evidence,
            suggestion=(f"Initialise the last layer smaller (scale its weights by ~{INIT_SCALE:g} and zero its bias) so the first "
                        "predictions are near uniform."),
            fix={"last_layer_init_scale": INIT_SCALE},
        )]
    if ratio < p.min_ratio and first <= 1 and s.meta.get("pretrained") is not True:  # a fine-tune may start below ln C
        return [Hit(
            step_start=first, step_end=first,
            message=(f"The initial loss {initial:.4g} is only {ratio:.0%} of ln C = {expected:.3g} for {c} classes: an "
                     "untrained model cannot be that right; labels may leak into the inputs (or the model is pretrained)."),
            evidence=evidence,
            suggestion=("Check the data pipeline for label leakage (targets in the features, train/val overlap) and that the "
                        "loss is computed on the model's output. If the model starts from pretrained weights, say so: "
                        "\"pretrained\": true in run.json (record(..., meta={\"pretrained\": True}))."),
            fix={"check": "label_leakage"},
        )]
    return []
