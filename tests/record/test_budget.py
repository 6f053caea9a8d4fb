"""The recorder's time budget: which steps take the gradient and weight norms, and that a log thinned
the way the budget thins it gives the analyzer the same findings (no timing is asserted)."""

from __future__ import annotations

import functools
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
import torch

import lrdoctor
from lrdoctor.engine import analyze
from lrdoctor.errors import UsageError
from lrdoctor.record import budget as budget_module
from lrdoctor.record.budget import ALERT_STEPS, FIRST_STEPS, MAX_EVERY, Budget
from sample_runs import read_labels
from tests.record.conftest import Tiny, read_rows, train_step

SAMPLES = Path(__file__).resolve().parents[2] / "sample_logs"
CADENCES = (2, 4, 8, MAX_EVERY)


def taken(rows: list[dict[str, float | str]], name: str) -> list[int]:
    """The steps whose ``name`` cell holds a number."""
    return [int(r["step"]) for r in rows if not math.isnan(float(r[name]))]


def fixed_cadence(monkeypatch: pytest.MonkeyPatch, every: int) -> None:
    """Make every review choose ``every`` (the real choice depends on the machine's timing)."""
    monkeypatch.setattr(Budget, "choose", lambda self, interval, rest, per_pass, current: every)
    monkeypatch.setattr(budget_module, "REVIEW_STEPS", 10)


def test_choose_is_the_densest_power_of_two_within_the_budget() -> None:
    b = Budget(0.005)
    step = 0.060  # 60 ms a step: 0.3 ms of budget
    assert b.choose(step, 0.0, 0.2e-3, 1) == 1
    assert b.choose(step, 0.1e-3, 1.0e-3, 1) == 8  # 0.2 ms of room: 1 ms every 8 steps
    assert b.choose(step, 0.1e-3, 1.0e-3, 16) == 8
    assert b.choose(1.0, 0.0, 1.0e-3, 1) == 1  # a long step keeps every step
    assert b.choose(step, 0.4e-3, 1.0e-3, 1) == MAX_EVERY  # no room at all: the sparsest
    assert b.choose(step, 0.0, 5.0, 1) == MAX_EVERY


def test_choose_keeps_a_sparser_cadence_near_the_limit() -> None:
    b = Budget(0.005)
    # 4 fits with 0.075 of 0.3 ms... but 0.95 of the room: stay at 8 rather than flip back
    assert b.choose(0.060, 0.0, 0.285e-3 * 4, 8) == 8
    assert b.choose(0.060, 0.0, 0.1e-3 * 4, 8) == 2  # well within it: back to 2 at once


def test_default_takes_the_first_steps_then_the_cadence(tmp_path: Path, model: Tiny, batch, monkeypatch) -> None:
    fixed_cadence(monkeypatch, 4)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    with lrdoctor.record(model, opt, tmp_path / "run.csv", on_problem="ignore") as rec:
        for _ in range(200):
            rec.log(loss=train_step(model, opt, batch))
        changes = rec._budget.changes
    rows = read_rows(tmp_path / "run.csv")
    assert [int(r["step"]) for r in rows] == list(range(1, 201))
    assert all(not math.isnan(float(r["lr"])) for r in rows)  # the lr on every step
    assert changes and changes[0][1] == 4 and changes[0][0] >= FIRST_STEPS
    since = changes[0][0]
    grads = taken(rows, "grad_norm")
    assert grads[:FIRST_STEPS] == list(range(1, FIRST_STEPS + 1))
    assert [s for s in grads if s > since + 1] == [s for s in range(since + 2, 201) if (s - 1) % 4 == 0]
    assert all(float(r["grad_norm"]) > 0 for r in rows if int(r["step"]) in grads)  # missing is empty, never 0
    weights = taken(rows, "weight_norm")
    stretched = [s for s in range(since + 2, 201) if (s - 1) % 40 == 0]
    assert [s for s in weights if s > since + 1] == stretched
    assert taken(rows, "grad_norm/body.weight") == [1, 101]  # layers_every is not stretched
    ratios = taken(rows, "update_ratio")  # a ratio needs no weight norm of its own: 101, a layers step, reads none
    assert [s for s in ratios if s > since + 1] == sorted({*stretched, 101})
    info = (tmp_path / "run.json").read_text()
    assert '"overhead_budget": 0.005' in info and '"stats_every": null' in info


def test_a_bad_loss_takes_the_gradient_norm_on_the_next_steps(tmp_path: Path, model: Tiny, batch, monkeypatch) -> None:
    fixed_cadence(monkeypatch, 8)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    with lrdoctor.record(model, opt, tmp_path / "run.csv", on_problem="ignore") as rec:
        for i in range(1, 161):
            loss = train_step(model, opt, batch)
            rec.log(loss=loss * 50 if i == 120 else loss)  # far above the level at step 120
    grads = taken(read_rows(tmp_path / "run.csv"), "grad_norm")
    assert set(range(121, 121 + ALERT_STEPS)) <= set(grads)
    assert not set(range(101, 120)) <= set(grads)  # sparse before it


def test_a_clipping_norm_is_recorded_on_every_step(tmp_path: Path, model: Tiny, batch, monkeypatch) -> None:
    fixed_cadence(monkeypatch, 8)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    x, y = batch
    with lrdoctor.record(model, opt, tmp_path / "run.csv", on_problem="ignore") as rec:
        for _ in range(120):
            loss = torch.nn.functional.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1e6)
            opt.step()
            rec.log(loss=loss)
    assert taken(read_rows(tmp_path / "run.csv"), "grad_norm") == list(range(1, 121))


@pytest.mark.parametrize("options", [{"overhead_budget": None}, {"overhead_budget": 0}, {"stats_every": 1}])
def test_no_budget_takes_every_step(tmp_path: Path, model: Tiny, batch, monkeypatch, options) -> None:
    fixed_cadence(monkeypatch, 8)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    with lrdoctor.record(model, opt, tmp_path / "run.csv", on_problem="ignore", **options) as rec:
        for _ in range(80):
            rec.log(loss=train_step(model, opt, batch))
    assert taken(read_rows(tmp_path / "run.csv"), "grad_norm") == list(range(1, 81))


@pytest.mark.parametrize("value", [-0.1, 1.0, "1%", True])
def test_a_bad_budget_is_refused(tmp_path: Path, model: Tiny, value) -> None:
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    with pytest.raises(UsageError, match="overhead_budget"):
        lrdoctor.record(model, opt, tmp_path / "run.csv", overhead_budget=value)


def thinned(frame: pd.DataFrame, every: int) -> pd.DataFrame:
    """A log as the budget would have written it at a cadence of ``every`` after the first 50 rows:
    ``grad_norm`` on every ``every``-th row and on the rows with per-layer gradient norms (a layers step
    takes the gradient norm, and ``layers_every`` is not stretched); ``weight_norm`` and
    ``update_ratio`` on every ``10 * every``-th row (``weight_every`` and ``ratio_every`` stretched)."""
    frame = frame.copy()
    layers = [c for c in frame.columns if c.startswith("grad_norm/")]
    on_layers = (frame[layers] != "").any(axis=1) if layers else pd.Series(False, index=frame.index)
    for columns, spacing in ((["grad_norm"], every), (["weight_norm", "update_ratio"], 10 * every)):
        keep = pd.Series(False, index=frame.index)
        keep.iloc[:FIRST_STEPS] = True
        keep.iloc[FIRST_STEPS::spacing] = True
        keep |= on_layers
        for column in columns:
            if column in frame:
                frame[column] = frame[column].where(keep, "")
    return frame


def rules_fired(path: Path) -> list[str]:
    return sorted({f.rule for f in analyze(str(path), curves=False).findings})


def sample_logs() -> list[Path]:
    return sorted(SAMPLES.glob("*.csv")) + sorted((SAMPLES / "fixcheck").glob("*.csv"))


@functools.cache
def optional_by_log() -> dict[Path, frozenset[str]]:
    """Each labelled sample log's ``may_fire``: the rules its label says may fire or not, both right."""
    return {run.path: frozenset(run.may_fire) for folder in (SAMPLES, SAMPLES / "fixcheck") for run in read_labels(folder)}


def optional_rules(log: Path) -> frozenset[str]:
    """The rules the log's label leaves optional (none for an unlabelled log)."""
    return optional_by_log().get(log, frozenset())


@pytest.mark.parametrize("log", sample_logs(), ids=lambda p: str(p.relative_to(SAMPLES)))
def test_thinned_logs_give_the_same_findings(log: Path, tmp_path: Path) -> None:
    """Every sample log, with the gradient and weight norms thinned to each cadence the budget can
    choose, fires the same rules as in full, but for the rules its label leaves optional (``may_fire``:
    a DDPM blown up at SGD 3 has gradient bursts 10-16x their running level, at exploding-gradients'
    threshold, whose running level a thinner series reads over fewer steps)."""
    optional = optional_rules(log)
    full = [rule for rule in rules_fired(log) if rule not in optional]
    frame = pd.read_csv(log, dtype=str, keep_default_na=False)
    differ = {}
    for every in CADENCES:
        out = tmp_path / f"every{every}" / log.name
        out.parent.mkdir()
        thinned(frame, every).to_csv(out, index=False)
        if log.with_suffix(".json").exists():
            shutil.copy(log.with_suffix(".json"), out.with_suffix(".json"))
        got = [rule for rule in rules_fired(out) if rule not in optional]
        if got != full:
            differ[every] = got
    assert not differ, f"full log: {full}; thinned: {differ}"
