"""Optimizer re-creation and resuming show up in the log: opt_step restarts and event=optimizer_reset."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import pytest
import torch

import lrdoctor
from tests.record.conftest import Tiny, column, read_rows, train_step

ROOT = Path(__file__).resolve().parents[2]


def events(rows) -> list[tuple[int, str]]:
    return [(int(r["step"]), r["event"]) for r in rows if r["event"]]


def test_optimizer_recreated_in_the_loop_is_followed(model, batch, tmp_path):
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    with lrdoctor.record(model, opt, tmp_path / "run.csv", on_problem="ignore", strict=True) as rec:
        for epoch in range(3):
            opt = torch.optim.Adam(model.parameters(), lr=1e-2)  # the classic bug
            for _ in range(4):
                rec.log(loss=train_step(model, opt, batch), epoch=epoch)
    rows = read_rows(tmp_path / "run.csv")
    assert column(rows, "step") == list(range(1, 13))
    assert column(rows, "opt_step") == [1, 2, 3, 4] * 3
    # the first optimizer never stepped: the reset is seen when the second and third take over
    assert events(rows) == [(5, "optimizer_reset"), (9, "optimizer_reset")]


def test_unrelated_optimizer_is_ignored(model, batch, tmp_path):
    other = torch.nn.Linear(2, 2)
    opt = torch.optim.Adam(model.parameters())
    other_opt = torch.optim.Adam(other.parameters())
    with lrdoctor.record(model, opt, tmp_path / "run.csv", strict=True) as rec:
        for _ in range(3):
            other(torch.ones(1, 2)).sum().backward()
            other_opt.step()
            rec.log(loss=train_step(model, opt, batch))
    rows = read_rows(tmp_path / "run.csv")
    assert column(rows, "opt_step") == [1, 2, 3]
    assert events(rows) == []


def train_and_checkpoint(path: Path, batch, steps: int) -> dict:
    torch.manual_seed(0)
    model = Tiny()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    with lrdoctor.record(model, opt, path, strict=True) as rec:
        for _ in range(steps):
            rec.log(loss=train_step(model, opt, batch))
    return {"model": model.state_dict(), "optimizer": opt.state_dict()}


def test_resume_without_optimizer_state_appends_and_marks_the_reset(batch, tmp_path):
    log = tmp_path / "run.csv"
    ckpt = train_and_checkpoint(log, batch, 6)
    model = Tiny()
    model.load_state_dict(ckpt["model"])  # optimizer state forgotten
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    with lrdoctor.record(model, opt, log, resume=True, on_problem="ignore", strict=True) as rec:
        for _ in range(3):
            rec.log(loss=train_step(model, opt, batch))
    rows = read_rows(log)
    assert column(rows, "step") == list(range(1, 10))
    assert column(rows, "opt_step") == [1, 2, 3, 4, 5, 6, 1, 2, 3]
    assert events(rows) == [(7, "optimizer_reset")]


def test_resume_with_optimizer_state_is_not_a_reset(batch, tmp_path):
    log = tmp_path / "run.csv"
    ckpt = train_and_checkpoint(log, batch, 6)
    model = Tiny()
    model.load_state_dict(ckpt["model"])
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    opt.load_state_dict(ckpt["optimizer"])
    with lrdoctor.record(model, opt, log, strict=True) as rec:
        for _ in range(3):
            rec.log(loss=train_step(model, opt, batch))
    rows = read_rows(log)
    assert column(rows, "opt_step") == list(range(1, 10))
    assert events(rows) == []


def test_resume_from_an_earlier_checkpoint_appends_after_that_step(batch, tmp_path):
    log = tmp_path / "run.csv"
    train_and_checkpoint(log, batch, 6)
    model = Tiny()
    opt = torch.optim.Adam(model.parameters())
    with lrdoctor.record(model, opt, log, start_step=4, on_problem="ignore", strict=True) as rec:
        for _ in range(2):
            rec.log(loss=train_step(model, opt, batch))
    assert column(read_rows(log), "step") == [1, 2, 3, 4, 5, 6, 5, 6]  # the reader keeps the latest


def test_overwrite_starts_the_log_again(model, batch, tmp_path):
    log = tmp_path / "run.csv"
    train_and_checkpoint(log, batch, 6)
    opt = torch.optim.Adam(model.parameters())
    with lrdoctor.record(model, opt, log, overwrite=True, strict=True) as rec:
        rec.log(loss=train_step(model, opt, batch))
    rows = read_rows(log)
    assert column(rows, "step") == [1]
    assert events(rows) == []


def test_optimizer_reset_rule_fires_on_a_recorded_reset(tmp_path):
    torch.manual_seed(0)
    model = Tiny()
    g = torch.Generator().manual_seed(2)
    x, y = torch.randn(512, 8, generator=g), torch.randint(0, 3, (512,), generator=g)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    with lrdoctor.record(model, opt, tmp_path / "run.csv", on_problem="ignore") as rec:
        for epoch in range(4):
            if epoch == 2:
                opt = torch.optim.Adam(model.parameters(), lr=3e-3)
            for i in range(0, 512, 8):
                rec.log(loss=train_step(model, opt, (x[i : i + 8], y[i : i + 8])), epoch=epoch)
    report = lrdoctor.analyze(tmp_path / "run.csv", select=["optimizer-reset"])
    assert [f.rule for f in report.findings] == ["optimizer-reset"]
    assert abs(report.findings[0].step_start - 129) <= 2


def short_run(path: Path, batch, steps: int, opt_class=torch.optim.SGD, **options) -> list[str]:
    """A fresh model and optimizer trained under the recorder; the warnings it gave."""
    torch.manual_seed(0)
    model = Tiny()
    opt = opt_class(model.parameters(), lr=1e-2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with lrdoctor.record(model, opt, path, on_problem="ignore", **options) as rec:
            for _ in range(steps):
                rec.log(loss=train_step(model, opt, batch))
    return [str(w.message) for w in caught]


def test_running_a_script_again_keeps_the_earlier_run_aside(batch, tmp_path):
    log = tmp_path / "run.csv"
    short_run(log, batch, 6, meta={"seed": 1})
    (said,) = short_run(log, batch, 4, meta={"seed": 2})
    assert "held another run (up to step 6)" in said and "kept as run.1.csv (with run.1.json)" in said
    assert "resume=True" in said
    assert column(read_rows(log), "step") == [1, 2, 3, 4] and events(read_rows(log)) == []
    assert column(read_rows(tmp_path / "run.1.csv"), "step") == [1, 2, 3, 4, 5, 6]
    assert json.loads((tmp_path / "run.1.json").read_text())["seed"] == 1
    assert json.loads((tmp_path / "run.json").read_text())["seed"] == 2
    short_run(log, batch, 2)
    assert column(read_rows(tmp_path / "run.2.csv"), "step") == [1, 2, 3, 4]
    assert lrdoctor.analyze(log, select=["optimizer-reset"]).findings == []


def test_a_fresh_adam_on_an_earlier_log_starts_a_new_one(batch, tmp_path):
    log = tmp_path / "run.csv"
    short_run(log, batch, 6, torch.optim.Adam)
    (said,) = short_run(log, batch, 3, torch.optim.Adam)
    assert "kept as run.1.csv" in said
    assert column(read_rows(log), "opt_step") == [1, 2, 3] and events(read_rows(log)) == []


def test_resume_true_appends_even_without_optimizer_state(batch, tmp_path):
    log = tmp_path / "run.csv"
    short_run(log, batch, 6)
    assert short_run(log, batch, 2, resume=True) == []
    assert column(read_rows(log), "step") == list(range(1, 9)) and not (tmp_path / "run.1.csv").exists()


def test_resume_false_starts_a_new_log_even_with_optimizer_state(batch, tmp_path):
    log = tmp_path / "run.csv"
    ckpt = train_and_checkpoint(log, batch, 6)
    model = Tiny()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    opt.load_state_dict(ckpt["optimizer"])
    with pytest.warns(UserWarning, match="kept as run.1.csv"):
        with lrdoctor.record(model, opt, log, resume=False, strict=True) as rec:
            rec.log(loss=train_step(model, opt, batch))
    assert column(read_rows(log), "step") == [1] and column(read_rows(log), "opt_step") == [7]


def test_a_log_without_rows_is_simply_replaced(batch, tmp_path):
    log = tmp_path / "run.csv"
    log.write_text("step,loss,lr\n")
    assert short_run(log, batch, 2) == []
    assert column(read_rows(log), "step") == [1, 2] and sorted(p.name for p in tmp_path.iterdir()) == ["run.csv", "run.json"]


def test_resume_and_overwrite_together_are_refused(model, tmp_path):
    with pytest.raises(lrdoctor.errors.LrdoctorError, match="contradict"):
        lrdoctor.record(model, torch.optim.SGD(model.parameters(), lr=0.1), tmp_path, resume=True, overwrite=True)
