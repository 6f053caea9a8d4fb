"""Live checks act on the step they see (``on_problem="raise"``), cost no per-step sync otherwise, and
their warnings point at the user's line."""

from __future__ import annotations

import warnings

import pytest
import torch

import lrdoctor
from lrdoctor.record import stats
from lrdoctor.record.live import TrainingProblem, TrainingWarning
from tests.record.conftest import read_rows


def loop(rec, model, opt, steps: int, *, order: str, bad_step: int, bad: float, done: list[int] | None = None) -> None:
    """Train with the loss scaled by ``bad`` at ``bad_step``; logs before or after ``optimizer.step()``.
    ``done`` gets each step whose loop body completed."""
    done = [] if done is None else done
    for step in range(1, steps + 1):
        loss = model(torch.ones(4, 2)).pow(2).mean() * (bad if step == bad_step else 1.0)
        if order == "before":
            rec.log(loss=loss)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if order == "after":
            rec.log(loss=loss)
        done.append(step)


@pytest.mark.parametrize("order", ["after", "before"])
def test_raise_stops_the_loop_at_the_non_finite_loss(tmp_path, order):
    torch.manual_seed(0)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    done: list[int] = []
    with pytest.raises(TrainingProblem) as raised:
        with lrdoctor.record(model, opt, tmp_path, on_problem="raise") as rec:  # flush_every=50
            loop(rec, model, opt, 100, order=order, bad_step=40, bad=float("nan"), done=done)
    assert (raised.value.rule, raised.value.step) == ("non-finite-loss", 40)
    if order == "before":  # raised before the NaN reaches the weights
        assert all(torch.isfinite(p).all() for p in model.parameters())
    steps = [int(r["step"]) for r in read_rows(tmp_path / "run.csv")]
    assert steps[-1] == 40 and done == list(range(1, 40))  # stopped in step 40's rec.log call


@pytest.mark.parametrize("order", ["after", "before"])
def test_raise_stops_the_loop_at_the_gradient_explosion(tmp_path, order):
    torch.manual_seed(0)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=1e-4)
    with pytest.raises(TrainingProblem) as raised:
        with lrdoctor.record(model, opt, tmp_path, on_problem="raise") as rec:
            loop(rec, model, opt, 100, order=order, bad_step=30, bad=1e4)
    assert (raised.value.rule, raised.value.step) == ("exploding-gradients", 30)
    last_logged = max(int(r["step"]) for r in read_rows(tmp_path / "run.csv") if r["loss"] == r["loss"])
    assert last_logged == (30 if order == "after" else 31)  # raised by the first log call after the step


class CountingToHost:
    """``stats.to_host`` that counts its calls (each one is a host-device sync on a GPU)."""

    def __init__(self) -> None:
        self.calls = 0
        self.real = stats.to_host

    def __call__(self, tensors):
        self.calls += 1
        return self.real(tensors)


@pytest.mark.parametrize(("on_problem", "most"), [("warn", 2), ("ignore", 2), ("raise", 32)])
def test_only_raise_syncs_every_step(tmp_path, monkeypatch, on_problem, most):
    counter = CountingToHost()
    monkeypatch.setattr(stats, "to_host", counter)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    with lrdoctor.record(model, opt, tmp_path, on_problem=on_problem) as rec:
        loop(rec, model, opt, 30, order="after", bad_step=0, bad=1.0)
    assert counter.calls <= most  # warn, ignore: the early rows and the rest at close; raise: + 1 per step


def test_a_live_warning_points_at_the_users_line(tmp_path):
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with lrdoctor.record(model, opt, tmp_path, flush_every=5) as rec:
            loop(rec, model, opt, 12, order="after", bad_step=3, bad=float("nan"))
    (warning,) = [w for w in caught if issubclass(w.category, TrainingWarning)]
    assert "loss-not-finite at step 3" in str(warning.message)
    assert warning.filename == __file__


@pytest.mark.parametrize("order", ["after", "before"])
def test_a_live_warning_points_at_the_users_line_not_into_accelerate(tmp_path, order):
    """Under accelerate the optimizer is an ``AcceleratedOptimizer``: a check that runs inside its
    ``step()`` (the rows flushed by the post-step hook) still names the user's line."""
    accelerate = pytest.importorskip("accelerate")
    torch.manual_seed(0)
    accelerator = accelerate.Accelerator(cpu=True)
    model = accelerator.prepare(torch.nn.Linear(2, 1))
    opt = accelerator.prepare(torch.optim.SGD(model.parameters(), lr=0.01))
    assert type(opt).__module__.startswith("accelerate")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with lrdoctor.record(model, opt, tmp_path, flush_every=1) as rec:
            loop(rec, model, opt, 12, order=order, bad_step=3, bad=float("nan"))
    (warning,) = [w for w in caught if issubclass(w.category, TrainingWarning)]
    assert "loss-not-finite at step 3" in str(warning.message)
    assert warning.filename == __file__
