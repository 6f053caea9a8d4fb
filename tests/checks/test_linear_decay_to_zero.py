"""Hugging Face's default schedule, a linear decay of the lr to 0 over the run, logged as its Trainer logs (every 20
steps, an evaluation each epoch): an anneal to the end, not a premature decay. A public LoRA fine-tune's
trainer_state.json (session 29's audit of 54 logs written by other people) got premature-decay's warning: with 21 rows
its window either side of the lr's half point spanned 160 of 375 steps, over which the lr falls x21, and the loss was
still falling there. A decay is read as continuous only when the lr reaches a tenth of its peak within the first half
of the run; cuts and per-step exponentials that get there early are still found (tests/checks/test_rules_on_samples.py
runs the labelled ones)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import lrdoctor

STEPS, EVERY, EPOCH = 375, 20, 125


def train(path: Path, seed: int, lr: float) -> Path:
    """A small MLP on two noisy linear classes, AdamW at ``lr`` decayed linearly to 0 over ``STEPS`` steps (the Trainer's
    ``get_linear_schedule_with_warmup`` without warmup), logged as a ``trainer_state.json``: the mean loss of every
    ``EVERY`` steps with the lr, and the validation loss every ``EPOCH`` steps."""
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(4000, 20, generator=g)
    y = (x @ torch.randn(20, 2, generator=g)).argmax(1)
    flip = torch.rand(4000, generator=g) < 0.15
    y[flip] = 1 - y[flip]
    model = torch.nn.Sequential(torch.nn.Linear(20, 64), torch.nn.ReLU(), torch.nn.Linear(64, 2))
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda k: max(0.0, 1 - k / STEPS))
    history: list[dict[str, float]] = []
    losses: list[float] = []
    for step in range(1, STEPS + 1):
        batch = torch.randint(0, 3000, (16,), generator=g)
        loss = torch.nn.functional.cross_entropy(model(x[batch]), y[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        lr_now = schedule.get_last_lr()[0]
        schedule.step()
        losses.append(loss.item())
        if step % EVERY == 0:
            history.append({"epoch": step / EPOCH, "learning_rate": lr_now, "loss": float(np.mean(losses)), "step": step})
            losses = []
        if step % EPOCH == 0:
            with torch.no_grad():
                held_out = torch.nn.functional.cross_entropy(model(x[3000:]), y[3000:]).item()
            history.append({"epoch": step / EPOCH, "eval_loss": held_out, "step": step})
    path.write_text(json.dumps({"log_history": history, "global_step": STEPS, "max_steps": STEPS}))
    return path


@pytest.mark.parametrize("seed", [0, 1])
def test_a_linear_decay_to_zero_over_the_run_is_no_premature_decay(tmp_path: Path, seed: int) -> None:
    """Before, both seeds drew premature-decay ("decayed continuously x21 around step 180 while the loss was falling
    fast"); a third seed did not."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a tiny model: one thread is fastest, and the same numbers on any machine
    try:
        path = train(tmp_path / "trainer_state.json", seed, 1e-3)
    finally:
        torch.set_num_threads(threads)
    report = lrdoctor.analyze(path)
    assert "premature-decay" not in {f.rule for f in report.findings}
