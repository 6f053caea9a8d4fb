"""Every log in ../shared/real_logs (written by other people's trainers) reads, with the right shape.

The folder sits beside the checkout (locally and in CI); in a clone without it these tests are
skipped, with the reason in pytest's summary (``-ra``).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from lrdoctor.io import RawLog, find_runs, read_log

REAL_LOGS = Path(__file__).resolve().parents[2].parent / "shared" / "real_logs"
ALL_FILES = sorted(p for p in REAL_LOGS.glob("*") if p.is_file() and p.name != "SOURCES.md")

pytestmark = pytest.mark.skipif(not REAL_LOGS.is_dir(), reason=f"{REAL_LOGS} is not beside this checkout")

@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name[:40])
def test_every_real_log_reads(path: Path) -> None:
    log = read_log(path)
    df = log.frame
    assert len(df) >= 20
    assert {"step", "loss"} <= set(df.columns)
    assert df["step"].notna().all()
    assert df["loss"].notna().sum() >= 15
    assert all(df[c].dtype == np.float64 for c in df.columns if c not in ("event", "step"))
    assert df["step"].dtype in (np.float64, np.int64)  # a file's whole steps stay integers


def test_find_runs_finds_each_file_once() -> None:
    assert find_runs(REAL_LOGS) == ALL_FILES


def _read(prefix: str) -> RawLog:
    (path,) = [p for p in ALL_FILES if p.name.startswith(prefix)]
    return read_log(path)


def test_hf_nan_grad_norm_and_zero_lr_are_values() -> None:
    df = _read("hf-kgllm").frame
    first = df.set_index("step").loc[[1.0, 2.0, 6.0]]
    assert first["grad_norm"].isna().all()
    assert first.loc[[1.0, 2.0], "lr"].eq(0.0).all()
    assert len(df) == 120


def test_hf_eval_entries_merged_and_summary_ignored() -> None:
    df = _read("hf-whisper-largev2").frame
    assert len(df) == 200 and df["step"].max() == 5000
    evals = df[df["val_loss"].notna()]
    assert evals["step"].tolist() == [1000, 2000, 3000, 4000, 5000]
    assert evals["loss"].notna().all()
    assert df["val_loss"].iloc[-1] == pytest.approx(0.42, abs=1e-3)


def test_lightning_nan_losses_after_divergence_are_kept() -> None:
    df = _read("pl-yolov3-voc-v1").frame
    train = df[df["lr"].notna()]
    assert "lr" in df.columns and train["loss"].isna().sum() >= 550
    assert train.loc[train["step"] < 4599, "loss"].notna().all()
    assert math.isnan(train.loc[train["step"] == 4599, "loss"].item())


def test_lightning_prefers_step_loss_over_epoch_loss() -> None:
    df = _read("pl-slm-wikitext103").frame
    assert df["loss"].notna().sum() == 2814
    assert df["val_loss"].notna().sum() == 10


def test_yolo_losses_are_summed_per_epoch() -> None:
    log = _read("yolo-ppe-person")
    df = log.frame
    assert df["step"].tolist() == list(range(1, 101))
    parts = df[["train/box_loss", "train/cls_loss", "train/dfl_loss"]].sum(axis=1)
    assert np.allclose(df["loss"], parts)
    assert df["loss"].iloc[0] == pytest.approx(1.2305 + 3.4078 + 1.2686)
    assert {"lr", "lr/1", "lr/2", "val_loss"} <= set(df.columns)


def test_tensorboard_lightning_event_file() -> None:
    df = _read("tb-lstm-textgen").frame
    assert df["loss"].notna().sum() == 7691
    assert df["val_loss"].notna().sum() == 29
    assert df["step"].max() > 380_000


def test_detr_log_per_epoch() -> None:
    df = _read("detr-holtin").frame
    assert df["step"].tolist() == list(range(300))
    assert df["val_loss"].notna().all() and df["lr"].iloc[250] < df["lr"].iloc[100]


def test_the_real_logs_folder_is_complete() -> None:
    """When the folder is there, an empty or partial glob must not pass silently."""
    assert len(ALL_FILES) >= 20, REAL_LOGS
