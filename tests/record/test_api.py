"""The public entry points: lazy loading from ``import lrdoctor``, a callable ``lrdoctor.record``."""

from __future__ import annotations

import subprocess
import sys

import torch

import lrdoctor
import lrdoctor.record
from lrdoctor.record.clock import StepClock
from lrdoctor.catalogue import load_catalogue
from lrdoctor.record.live import DETECTORS, LiveChecks


def test_import_lrdoctor_does_not_load_torch():
    code = "import sys, lrdoctor; assert 'torch' not in sys.modules, 'import lrdoctor loaded torch'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_record_is_both_the_function_and_the_module(tmp_path):
    model = torch.nn.Linear(2, 1)
    rec = lrdoctor.record(model, torch.optim.SGD(model.parameters(), lr=0.1), tmp_path)
    rec.close()
    assert isinstance(rec, lrdoctor.Recorder) and lrdoctor.record.Recorder is lrdoctor.Recorder
    assert issubclass(lrdoctor.record.TrainingProblem, lrdoctor.errors.LrdoctorError)
    assert (tmp_path / "run.csv").read_text().startswith("step,epoch,loss,lr,")


def test_clock_pairs_losses_in_either_order_and_numbers_skipped_steps():
    after = StepClock()
    assert [after.on_step(), after.on_loss(), after.on_loss(), after.on_step(), after.on_loss()] == [
        1, (1, False), (2, True), 3, (3, False)
    ]
    before = StepClock(start=10)
    assert [before.on_loss(), before.on_step(), before.on_loss(), before.on_loss(), before.on_step()] == [
        (11, False), 11, (12, False), (13, True), 13
    ]


def rows(losses, grads=None):
    return [{"step": i + 1, "loss": l, "grad_norm": None if grads is None else grads[i]} for i, l in enumerate(losses)]


def test_live_checks_find_each_problem_once_at_its_step():
    checks = LiveChecks()
    steady = [2.0 - 0.01 * i for i in range(30)]
    assert checks.feed(rows(steady, [1.0] * 30)) == []
    found = checks.feed([{"step": 31, "loss": 1.7, "grad_norm": 50.0}, {"step": 32, "loss": 1.7, "grad_norm": 60.0}])
    assert [(p.check, p.rule, p.step) for p in found] == [("grad-norm-jump", "exploding-gradients", 31)]
    skipped_amp_step = {"step": 32, "loss": 1.7, "grad_norm": float("inf")}
    assert checks.feed([skipped_amp_step]) == []
    rising = [{"step": 33 + i, "loss": 4.0 + i, "grad_norm": 1.0} for i in range(20)]
    (diverged,) = checks.feed(rising)  # once half of the recent window is far above the start
    assert (diverged.check, diverged.rule) == ("loss-rising", "lr-too-high") and 40 <= diverged.step <= 44
    nan = [{"step": 60, "loss": float("nan")}, {"step": 61, "loss": float("inf")}, {"step": 62, "event": "optimizer_reset"}]
    assert [(p.check, p.step) for p in checks.feed(nan)] == [("loss-not-finite", 60), ("optimizer-state-lost", 62)]


def test_live_checks_come_from_the_catalogue_and_carry_their_own_names():
    catalogue = load_catalogue()
    declared = {spec.live.name: name for name, spec in catalogue.items() if spec.live is not None}
    assert LiveChecks().names == list(declared)
    assert not set(declared) & set(catalogue), "a live check must not pose as the rule it foreshadows"
    for spec in catalogue.values():
        if spec.live is not None:
            assert spec.live.about and spec.live.kind in DETECTORS


def test_on_problem_raise_stops_the_loop_with_a_catchable_problem(tmp_path):
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    caught = None
    with lrdoctor.record(model, opt, tmp_path, on_problem="raise", flush_every=1) as rec:
        try:
            for step in range(10):
                loss = model(torch.ones(1, 2)).sum() * (float("nan") if step == 3 else 1.0)
                opt.zero_grad()
                loss.backward()
                opt.step()
                rec.log(loss=loss)
        except lrdoctor.record.TrainingProblem as problem:
            caught = problem
    assert caught is not None and (caught.check, caught.rule, caught.step) == ("loss-not-finite", "non-finite-loss", 4)
    assert "loss-not-finite at step 4" in str(caught)
