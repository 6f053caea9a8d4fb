"""Logs whose step counter starts again in each epoch: mmdetection's JSON log (``iter`` within the epoch, validation
records beside the training ones) and a loop's own ``epoch,batch,loss`` CSV. Each is a real training, logged the same
way with a global step too: both must read as the same run."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch
from click.testing import CliRunner

from lrdoctor import analyze
from lrdoctor.cli import main
from lrdoctor.engine import load_run

EPOCHS, BATCHES, EVERY = 6, 40, 5


def train() -> list[dict[str, float]]:
    """A small MLP on 4-class data, SGD with momentum: one record per ``EVERY`` batches, with the epoch, the batch
    counted from 1 within the epoch, the global step, the loss and the lr; and the validation loss after each epoch."""
    torch.set_num_threads(1)  # a tiny model: one thread is fastest, and spinning threads crawl on a busy machine
    g = torch.Generator().manual_seed(0)
    x = torch.randn(BATCHES * 32, 8, generator=g)
    y = (x[:, :2] > 0).long() @ torch.tensor([1, 2])
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 4))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    records: list[dict[str, float]] = []
    for epoch in range(1, EPOCHS + 1):
        for batch in range(1, BATCHES + 1):
            i = (batch - 1) * 32
            loss = torch.nn.functional.cross_entropy(model(x[i : i + 32]), y[i : i + 32])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if batch % EVERY == 0:
                step = (epoch - 1) * BATCHES + batch
                records.append({"epoch": epoch, "iter": batch, "step": step, "loss": loss.item(), "lr": 0.05})
        with torch.no_grad():
            val = torch.nn.functional.cross_entropy(model(x), y).item()
        records.append({"epoch": epoch, "iter": BATCHES, "step": epoch * BATCHES, "val_loss": val, "lr": 0.05,
                        "mode": "val"})
    return records


@pytest.fixture(scope="module")
def records() -> list[dict[str, float]]:
    return train()


def write_mmdet(path: Path, records: list[dict[str, float]]) -> Path:
    """mmdetection's ``*.log.json``: an environment line, then train records (``mode``, ``epoch``, ``iter``, ``lr``,
    ``loss``, timings) and a val record at each epoch's last iteration with the epoch's metrics and no loss."""
    lines = [json.dumps({"env_info": "sys.platform: linux", "seed": 0})]
    for r in records:
        if "val_loss" in r:
            lines.append(json.dumps({"mode": "val", "epoch": r["epoch"], "iter": r["iter"], "lr": r["lr"],
                                     "bbox_mAP": 1 - r["val_loss"], "val_loss": r["val_loss"]}))
        else:
            lines.append(json.dumps({"mode": "train", "epoch": r["epoch"], "iter": r["iter"], "lr": r["lr"],
                                     "memory": 120, "data_time": 0.01, "loss": r["loss"], "time": 0.02}))
    path.write_text("\n".join(lines) + "\n")
    return path


def write_global(path: Path, records: list[dict[str, float]]) -> Path:
    """The same run with its global step, one row per step (the validation loss on the epoch's last row)."""
    rows: dict[int, dict[str, float]] = {}
    for r in records:
        rows.setdefault(int(r["step"]), {"step": r["step"]}).update(
            {k: r[k] for k in ("loss", "lr", "val_loss") if k in r})
    path.write_text("\n".join(json.dumps(row) for row in rows.values()) + "\n")
    return path


def test_an_mmdetection_log_counts_its_iterations_on_across_the_epochs(records, tmp_path: Path) -> None:
    """Before, ``iter`` read as the step merged every epoch onto the first one's steps (6 epochs into 8 rows), and each
    val record's missing loss replaced its step's logged one: 'non-finite-loss' on a healthy run."""
    run = load_run(write_mmdet(tmp_path / "20261203_120000.log.json", records))
    same = load_run(write_global(tmp_path / "global.jsonl", records))
    assert run.df["step"].tolist() == same.df["step"].tolist()
    np.testing.assert_allclose(run.df["loss"].to_numpy(), same.df["loss"].to_numpy())
    np.testing.assert_allclose(run.df["val_loss"].to_numpy(), same.df["val_loss"].to_numpy())
    assert any("starts again in each of the 6 epochs" in note for note in run.notes)
    assert [f.rule for f in analyze(tmp_path / "20261203_120000.log.json").findings] == \
        [f.rule for f in analyze(tmp_path / "global.jsonl").findings]
    result = CliRunner().invoke(main, ["check", str(tmp_path / "20261203_120000.log.json")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("counter", ["iter", "batch"])
def test_a_csv_of_epoch_and_batch_reads_as_the_run_it_logged(records, counter: str, tmp_path: Path) -> None:
    """A loop's ``epoch,<counter>,loss`` CSV: the counter starts again in each epoch. Before, ``iter`` (a step name)
    merged the epochs onto one another's steps, and without a step name the log was taken for one row per epoch,
    which turns off every rule that reads the steps."""
    train_rows = [r for r in records if "loss" in r]
    path = tmp_path / "log.csv"
    path.write_text(f"epoch,{counter},loss\n" + "".join(f"{r['epoch']},{r['iter']},{r['loss']}\n" for r in train_rows))
    run = load_run(path)
    assert run.df["step"].tolist() == [int(r["step"]) for r in train_rows]
    assert run.meta.get("step_is_epoch") is not True


def test_a_counter_that_does_not_start_again_with_the_epoch_is_left_alone(records, tmp_path: Path) -> None:
    """A resumed run whose global step starts again once, mid-epoch, is not a counter within epochs: it is sorted and
    its repeated steps merged, as before."""
    rows = [r for r in records if "loss" in r]
    resumed = rows[: 2 * len(rows) // 3] + rows[len(rows) // 2:]
    path = tmp_path / "resumed.csv"
    path.write_text("step,epoch,loss\n" + "".join(f"{r['step']},{r['epoch']},{r['loss']}\n" for r in resumed))
    run = load_run(path)
    assert run.df["step"].tolist() == sorted({int(r["step"]) for r in rows})
    assert not any("starts again in each" in note for note in run.notes)


SAMPLES = Path(__file__).resolve().parents[2] / "sample_logs" / "per_epoch"


def test_runs_appended_to_one_csvlogger_file_read_as_the_last_one(tmp_path: Path) -> None:
    """Keras' CSVLogger with ``append=True`` writes a second ``fit`` below the first, its epoch column starting again at
    0 (a public digit classifier's log, session 29's audit: its second run's first epoch mean, 0.263 after the first's
    last 0.046, was told it "jumped x5.8", an lr too high). The last run is read on its own, with a note, and gets the
    findings it gets alone: here two shipped per-epoch runs, an overfitting MLP and a healthy cosine one, appended."""
    import pandas as pd

    first = pd.read_csv(SAMPLES / "keras-mlp-adam-overfit-noisy-labels.csv")
    last = pd.read_csv(SAMPLES / "keras-mlp-sgdm-cosine.csv")
    columns = [c for c in last.columns if c in first.columns]
    path = tmp_path / "training_log.csv"
    pd.concat([first[columns], last[columns]]).to_csv(path, index=False)
    alone = tmp_path / "alone.csv"
    last[columns].to_csv(alone, index=False)
    report = analyze(path)
    assert report.rows == len(last)
    assert any("2 runs appended to one file" in note for note in report.notes)
    assert [(f.rule, f.step_start) for f in report.findings] == [(f.rule, f.step_start) for f in analyze(alone).findings]


def test_an_epoch_that_stays_put_is_read_in_file_order(tmp_path: Path) -> None:
    """``fit(epochs=1)`` called in a loop writes epoch 0 on every row: no run to pick, the rows are the epochs."""
    path = tmp_path / "history.csv"
    path.write_text("epoch,loss,val_loss\n" + "".join(f"0,{1 / (i + 1):.4f},{1.1 / (i + 1):.4f}\n" for i in range(8)))
    report = analyze(path)
    assert report.rows == 8
    assert not any("appended" in note for note in report.notes)
    assert any("epoch 0 on every row" in note and "each row is an epoch" in note for note in report.notes)


def epoch_zero(frame: pd.DataFrame) -> pd.DataFrame:
    """A per-epoch log as ``fit(epochs=1)`` called in a loop writes it: epoch 0 on every row."""
    return frame.assign(epoch=0)


def test_an_epoch_that_stays_put_is_one_row_per_epoch(tmp_path: Path) -> None:
    """A shipped overfitting run written by a ``fit(epochs=1)`` loop (epoch 0 on every row) is read as one row per
    epoch, as a public crop classifier's log of 26 such rows now is (it was read as 26 batches of one epoch and told it
    had plateaued), and gets the findings it gets with its epochs numbered: no rows dropped, no new model seen."""
    frame = pd.read_csv(SAMPLES / "keras-mlp-adam-overfit-noisy-labels.csv")
    numbered, looped = tmp_path / "numbered.csv", tmp_path / "looped.csv"
    frame.to_csv(numbered, index=False)
    epoch_zero(frame).to_csv(looped, index=False)
    expected = [(f.rule, f.severity, f.step_start) for f in analyze(numbered).findings]
    assert [f.rule for f in analyze(numbered).findings] == ["overfitting"]
    assert [(f.rule, f.severity, f.step_start) for f in analyze(looped).findings] == expected
    assert analyze(looped).rows == len(frame)
    assert load_run(looped).meta.get("step_is_epoch")


def test_a_new_model_appended_to_a_loop_log_is_read_alone(tmp_path: Path) -> None:
    """Two models' ``fit(epochs=1)`` loops appended to one CSVLogger file (epoch 0 on every row): where both losses
    start again above every earlier row's, a new model started; its rows are read alone and get the findings they get
    alone (the crop classifier's second model was told lr-too-high, "jumped x5.6"). Here a shipped CNN run followed by
    a shipped healthy cosine run. Its look-alike, one run whose losses never climb above every earlier row's, is read
    whole (the test above)."""
    first = pd.read_csv(SAMPLES / "keras-cnn-sgdm-step-decay.csv")
    last = pd.read_csv(SAMPLES / "keras-mlp-sgdm-cosine.csv")
    columns = [c for c in last.columns if c in first.columns]
    path, alone = tmp_path / "training_log.csv", tmp_path / "alone.csv"
    epoch_zero(pd.concat([first[columns], last[columns]])).to_csv(path, index=False)
    epoch_zero(last[columns]).to_csv(alone, index=False)
    report = analyze(path)
    assert report.rows == len(last)
    assert any(f"rows {len(first) + 1}-{len(first) + len(last)} are analysed" in note for note in report.notes)
    assert [(f.rule, f.step_start) for f in report.findings] == [(f.rule, f.step_start) for f in analyze(alone).findings]
