"""The recorder never harms training, keeps what it wrote, and rejects bad arguments at attach time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
import torch

import lrdoctor
from torch.optim.optimizer import _global_optimizer_pre_hooks

from lrdoctor.errors import LrdoctorError
from lrdoctor.io import read_log
from lrdoctor.record import recorder, stats
from tests.record.conftest import Tiny, column, read_rows, train_step

ROOT = Path(__file__).resolve().parents[2]


def test_internal_error_warns_once_and_training_goes_on(model, batch, tmp_path, monkeypatch):
    opt = torch.optim.Adam(model.parameters())
    broken = {"now": False}
    real = recorder.opt_step_of

    def breaks_on_step_4(optimizer):
        if broken["now"]:
            raise RuntimeError("boom")
        return real(optimizer)

    monkeypatch.setattr(recorder, "opt_step_of", breaks_on_step_4)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with lrdoctor.record(model, opt, tmp_path / "run.csv", flush_every=1) as rec:
            for i in range(8):
                broken["now"] = i == 3
                rec.log(loss=train_step(model, opt, batch))
    stopped = [w for w in caught if "recording stopped" in str(w.message)]
    assert len(stopped) == 1 and "boom" in str(stopped[0].message)
    assert stopped[0].filename == str(Path(__file__).with_name("conftest.py"))  # the user's opt.step() line
    assert opt.state[model.head.bias]["step"].item() == 8  # training ran all its steps
    assert column(read_rows(tmp_path / "run.csv"), "step") == [1, 2, 3]


def test_a_statistic_that_fails_stops_only_the_statistics(model, batch, tmp_path, monkeypatch):
    opt = torch.optim.Adam(model.parameters())
    broken = {"now": False}
    real = stats.tensor_norms

    def breaks_from_step_4(tensors, careful=False):
        if broken["now"]:
            raise RuntimeError("boom")
        return real(tensors, careful)

    monkeypatch.setattr(stats, "tensor_norms", breaks_from_step_4)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with lrdoctor.record(model, opt, tmp_path / "run.csv", flush_every=1) as rec:
            for i in range(8):
                broken["now"] = i >= 3
                rec.log(loss=train_step(model, opt, batch))
    said = [str(w.message) for w in caught]
    assert len(said) == 1 and "left out from step 4" in said[0] and "boom" in said[0]
    rows = read_rows(tmp_path / "run.csv")
    assert column(rows, "step") == list(range(1, 9))
    assert all(r["loss"] > 0 and r["lr"] > 0 for r in rows)  # the loss and lr go on
    assert [r["grad_norm"] > 0 for r in rows] == [True] * 3 + [False] * 5  # NaN: left out


def test_strict_reraises_internal_errors(model, batch, tmp_path, monkeypatch):
    opt = torch.optim.Adam(model.parameters())
    monkeypatch.setattr(stats, "tensor_norms", lambda tensors, careful=False: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        with lrdoctor.record(model, opt, tmp_path / "run.csv", strict=True) as rec:
            rec.log(loss=train_step(model, opt, batch))


def test_rows_are_flushed_when_training_raises(model, batch, tmp_path):
    opt = torch.optim.Adam(model.parameters())
    with pytest.raises(KeyboardInterrupt):
        with lrdoctor.record(model, opt, tmp_path / "run.csv", strict=True) as rec:
            for i in range(5):
                rec.log(loss=train_step(model, opt, batch))
            raise KeyboardInterrupt
    assert column(read_rows(tmp_path / "run.csv"), "step") == [1, 2, 3, 4, 5]
    assert not _global_optimizer_pre_hooks  # detached


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda tmp: (torch.nn.ReLU(), torch.optim.SGD([torch.nn.Parameter(torch.ones(1))], lr=1), tmp / "r.csv"), "no parameters"),
        (lambda tmp: (Tiny(), "adam", tmp / "r.csv"), "optimizer must be"),
        (lambda tmp: (Tiny(), None, tmp / "file.txt" / "r.csv"), "cannot write"),
    ],
    ids=["no-parameters", "not-an-optimizer", "unwritable-folder"],
)
def test_bad_arguments_fail_at_attach_time(make, fragment, tmp_path):
    (tmp_path / "file.txt").write_text("x")
    model, opt, path = make(tmp_path)
    if opt is None:
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(LrdoctorError, match=fragment):
        lrdoctor.record(model, opt, path)


def test_bad_option_values_and_names(model, tmp_path):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(TypeError, match="did you mean 'stats_every'"):
        lrdoctor.record(model, opt, tmp_path, stats_evry=5)
    with pytest.raises(LrdoctorError, match="on_problem must be"):
        lrdoctor.record(model, opt, tmp_path, on_problem="stop")
    with pytest.raises(LrdoctorError, match="ratio_every must be"):
        lrdoctor.record(model, opt, tmp_path, ratio_every=-1)
    assert not _global_optimizer_pre_hooks


def test_a_file_that_is_not_a_log_is_never_overwritten(model, tmp_path):
    path = tmp_path / "run.csv"
    path.write_text("name,score\nalice,3\n")
    with pytest.raises(LrdoctorError, match="not a run log"):
        lrdoctor.record(model, torch.optim.SGD(model.parameters(), lr=0.1), path)
    assert path.read_text() == "name,score\nalice,3\n"


def test_sidecar_describes_the_run(model, tmp_path):
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=100)
    with lrdoctor.record(
        model, opt, tmp_path / "exp" / "run.csv", scheduler=sched, num_classes=3, batch_size=32,
        loss_fn=torch.nn.CrossEntropyLoss(), meta={"task": "classification", "seed": 7},
    ):
        pass
    info = json.loads((tmp_path / "exp" / "run.json").read_text())
    assert info["optimizer"] == "SGD" and info["optimizer_params"]["momentum"] == 0.9
    assert info["scheduler"] == "CosineAnnealingLR" and info["scheduler_params"]["T_max"] == 100
    assert info["num_params"] == sum(p.numel() for p in model.parameters())
    assert (info["num_classes"], info["batch_size"], info["loss_fn"]) == (3, 32, "CrossEntropyLoss")
    assert (info["task"], info["seed"], info["torch_version"]) == ("classification", 7, torch.__version__)


SCRIPT = textwrap.dedent(
    """
    import os, signal, sys, torch, lrdoctor
    torch.manual_seed(0)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.Adam(model.parameters())
    rec = lrdoctor.record(model, opt, sys.argv[1], flush_every=int(sys.argv[4]), flush_secs=1e9)
    for step in range(1, 1000):
        loss = model(torch.randn(8, 4)).pow(2).mean()
        opt.zero_grad(); loss.backward(); opt.step()
        rec.log(loss=loss)
        if step == int(sys.argv[2]):
            if sys.argv[3] == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            sys.exit(0)  # no close(): the atexit hook writes the rest
    """
)


def run_script(tmp_path: Path, stop_at: int, how: str, flush_every: int = 10) -> subprocess.CompletedProcess[bytes]:
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [str(tmp_path / "run.csv"), str(stop_at), how, str(flush_every)]
    return subprocess.run([sys.executable, str(script), *args], env=env, timeout=120)


def test_sigkill_leaves_a_readable_log_missing_at_most_one_batch(tmp_path):
    proc = run_script(tmp_path, 57, "kill")
    assert proc.returncode == -signal.SIGKILL
    rows = read_rows(tmp_path / "run.csv")
    steps = column(rows, "step")
    assert steps == list(range(1, len(steps) + 1))
    assert 57 - 10 - 1 <= len(steps) <= 57
    assert all(r["loss"] == r["loss"] for r in rows)  # every written row is complete
    assert json.loads((tmp_path / "run.json").read_text())["optimizer"] == "Adam"


def test_a_run_killed_at_step_5_leaves_a_readable_log(tmp_path):
    proc = run_script(tmp_path, 5, "kill", flush_every=50)
    assert proc.returncode == -signal.SIGKILL
    assert list(read_log(tmp_path / "run.csv").frame["step"]) == [1, 2, 3, 4]


def test_interpreter_exit_flushes_everything(tmp_path):
    proc = run_script(tmp_path, 57, "exit")
    assert proc.returncode == 0
    assert column(read_rows(tmp_path / "run.csv"), "step") == list(range(1, 58))
