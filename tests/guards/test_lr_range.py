"""The lr range test: restores state, stops on divergence, suggests a sane lr, writes a canonical log."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from lrdoctor.errors import UsageError
from lrdoctor.guards import find_lr
from lrdoctor.range_test import diverged_at, smooth_losses, suggest_lr


def problem(seed: int = 0) -> tuple[nn.Module, list[tuple[torch.Tensor, torch.Tensor]]]:
    """A small separable 4-class problem and a fresh MLP."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(512, 10, generator=g)
    y = (x @ torch.randn(10, 4, generator=g)).argmax(1)
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 4))
    return model, [(x[i:i + 32], y[i:i + 32]) for i in range(0, 512, 32)]


def test_restores_model_and_optimizer_state() -> None:
    model, loader = problem()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for x, y in loader[:3]:  # some Adam state to keep
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    model.eval()
    weights = {k: v.clone() for k, v in model.state_dict().items()}
    moments = {i: s["exp_avg"].clone() for i, s in enumerate(optimizer.state.values())}
    steps = [float(s["step"]) for s in optimizer.state.values()]
    result = find_lr(model, optimizer, loader, nn.CrossEntropyLoss(), num_steps=60, progress=False)
    assert len(result.lrs) > 10
    assert all(torch.equal(weights[k], v) for k, v in model.state_dict().items())
    assert all(torch.equal(moments[i], s["exp_avg"]) for i, s in enumerate(optimizer.state.values()))
    assert [float(s["step"]) for s in optimizer.state.values()] == steps == [3.0] * 4
    assert optimizer.param_groups[0]["lr"] == 1e-3
    assert not model.training


def test_suggests_an_lr_that_trains_the_tiny_problem() -> None:
    model, loader = problem()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    result = find_lr(model, optimizer, loader, nn.CrossEntropyLoss(), progress=False)
    s = result.suggestion
    assert 1e-4 <= s.suggested_lr <= 0.3, result.summary()
    assert s.steepest_lr < s.min_loss_lr
    assert "stopped at lr" in result.stop_reason  # Adam diverges well before lr 10
    assert result.lrs == sorted(result.lrs) and result.lrs[0] == pytest.approx(1e-6)


def test_param_groups_keep_their_lr_ratio() -> None:
    model, loader = problem()
    optimizer = torch.optim.SGD([{"params": model[0].parameters(), "lr": 0.1},
                                 {"params": model[2].parameters(), "lr": 0.01}])
    seen: list[tuple[float, float]] = []

    class Spy(nn.CrossEntropyLoss):
        def forward(self, out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
            seen.append((optimizer.param_groups[0]["lr"], optimizer.param_groups[1]["lr"]))
            return super().forward(out, y)

    find_lr(model, optimizer, loader, Spy(), num_steps=20, end_lr=1e-3, progress=False)
    assert all(b == pytest.approx(a / 10) for a, b in seen)
    assert [g["lr"] for g in optimizer.param_groups] == [0.1, 0.01]


def test_writes_a_canonical_log_with_a_range_test_sidecar(tmp_path: Path) -> None:
    model, loader = problem()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    result = find_lr(model, optimizer, loader, nn.CrossEntropyLoss(), num_steps=30, log_path=tmp_path / "lr" / "run.csv",
                     progress=False)
    assert result.log_path == tmp_path / "lr" / "run.csv"
    lines = result.log_path.read_text().splitlines()
    assert lines[0] == "step,loss,lr" and len(lines) == len(result.lrs) + 1
    step, loss, lr = lines[1].split(",")
    assert (int(step), float(loss), float(lr)) == (1, result.losses[0], 1e-6)
    meta = json.loads((tmp_path / "lr" / "run.json").read_text())
    assert meta["range_test"] is True and meta["optimizer"] == "AdamW" and meta["batch_size"] == 32
    assert meta["optimizer_params"]["lr"] == 1e-3


def test_a_one_shot_iterator_that_runs_out_ends_the_test() -> None:
    model, loader = problem()
    result = find_lr(model, torch.optim.SGD(model.parameters(), lr=0.1), iter(loader), nn.CrossEntropyLoss(), progress=False)
    assert len(result.lrs) == len(loader) and "ran out after 16 batches" in result.stop_reason


@pytest.mark.parametrize(("options", "message"), [
    ({"start_lr": 1.0, "end_lr": 0.1}, "need 0 < start_lr < end_lr"),
    ({"num_steps": 2}, "num_steps must be at least 5"),
    ({"smooth": 1.0}, "smooth must be in [0, 1)"),
    ({"diverge_factor": 1.0}, "diverge_factor must be above 1"),
])
def test_bad_settings_are_usage_errors(options: dict[str, float], message: str) -> None:
    model, loader = problem()
    with pytest.raises(UsageError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
        find_lr(model, torch.optim.SGD(model.parameters(), lr=0.1), loader, nn.CrossEntropyLoss(), **options)  # type: ignore[arg-type]


def test_smoothing_is_bias_corrected_and_divergence_is_detected() -> None:
    assert smooth_losses(np.array([5.0, 5.0, 5.0]), 0.98) == pytest.approx([5.0, 5.0, 5.0])
    assert diverged_at(np.array([3.0, 2.0, 1.0, 3.0, 4.5]), 4.0) == 4
    assert diverged_at(np.array([3.0, 2.0, math.nan]), 4.0) == 2
    assert diverged_at(np.array([3.0, 2.0, 1.0]), 4.0) is None


def test_suggestion_on_a_known_curve() -> None:
    lrs = np.logspace(-6, 0, 61)  # 10 points per decade
    x = np.log10(lrs)
    loss = 2.0 - 1.5 / (1 + np.exp(-3 * (x + 3)))  # falls fastest at 1e-3, flat from ~1e-2
    loss = np.where(x > -1, loss + 30 * (x + 1) ** 2, loss)  # blows up past 1e-1
    s = suggest_lr(lrs, loss, smooth=0.0)
    assert s.steepest_lr == pytest.approx(1e-3, rel=0.3)
    assert 1e-2 <= s.min_loss_lr <= 0.2  # the running median sees the rise a few points late
    assert s.suggested_lr == pytest.approx(s.min_loss_lr / 10) and s.reliable


def test_a_flat_curve_is_flagged_unreliable() -> None:
    lrs = np.logspace(-7, 1, 100)
    loss = 1.386 + np.random.default_rng(0).normal(0, 0.02, 100)
    loss[-8:] += np.linspace(0.5, 20, 8)  # only blows up at the end
    s = suggest_lr(lrs, loss)
    assert not s.reliable and s.reason.startswith("UNRELIABLE")


def test_a_loss_that_is_nan_from_the_start_is_a_usage_error() -> None:
    model, loader = problem()
    with pytest.raises(UsageError, match=r"find_lr: a range test needs at least 3 finite .* the loss became nan"):
        find_lr(model, torch.optim.SGD(model.parameters(), lr=0.1), loader,
                lambda out, y: nn.functional.cross_entropy(out, y) * float("nan"), progress=False)


def test_progress_bar_draws_only_on_a_terminal() -> None:
    import io

    from lrdoctor.guards.lr_range import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown, hidden = Terminal(), io.StringIO()
    for stream in (shown, hidden):
        bar = ProgressBar(10, stream, enabled=True)
        bar.update(5, 1e-3, 2.5)
        bar.close()
    assert "[###############...............] 5/10 lr 1.00e-03 loss 2.5" in shown.getvalue()
    assert hidden.getvalue() == ""
