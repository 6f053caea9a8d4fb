"""Each format read from files that the real libraries wrote (tests/data/formats/make_formats.py)."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from lrdoctor.errors import LogReadError
from lrdoctor.io import detect_format, find_runs, read_log

FORMATS = Path(__file__).parents[1] / "data" / "formats"
MLFLOW_RUN = next(p.parent for p in (FORMATS / "mlruns").glob("*/*/meta.yaml"))


def test_tensorboard_run_folder_from_summary_writer() -> None:
    log = read_log(FORMATS / "tensorboard" / "run")
    df = log.frame
    assert log.format == "TensorBoard"
    assert {"step", "loss", "lr", "grad_norm", "val_loss"} <= set(df.columns)
    assert df["step"].tolist() == list(range(1, 41))
    assert df["lr"].eq(0.5).all()
    assert df["val_loss"].notna().sum() == 4 and df.loc[df["val_loss"].notna(), "step"].tolist() == [10, 20, 30, 40]
    assert df["loss"].iloc[-1] < df["loss"].iloc[0]


def test_lightning_csvlogger_rows_merged_by_step() -> None:
    log = read_log(FORMATS / "lightning" / "version_0" / "metrics.csv")
    df = log.frame
    assert log.format == "Lightning metrics.csv"
    assert df["step"].is_unique and df["step"].is_monotonic_increasing
    assert "train_loss_epoch" in df.columns  # kept under its own name; loss is the per-step value
    assert df["loss"].notna().sum() == 12  # 4 epochs x 3 logged steps
    val_steps = df.loc[df["val_loss"].notna(), "step"].tolist()
    assert val_steps[:2] == [14, 31]  # epoch 0's val row (step 15) moved onto the training row at 14
    assert df.loc[df["step"] == 14, ["loss", "lr"]].notna().all(axis=None)
    assert any("moved 2 evaluation/epoch rows" in note for note in log.notes)


def test_hf_trainer_output_dir_reads_its_trainer_state() -> None:
    log = read_log(FORMATS / "hf_output")
    df = log.frame
    assert log.source == FORMATS / "hf_output" / "trainer_state.json"
    assert log.format == "HF trainer_state.json"
    assert df["step"].tolist() == list(range(2, 31, 2))  # eval entries merged, summary dropped
    assert df.loc[df["val_loss"].notna(), "step"].tolist() == [10, 20, 30]
    assert df.loc[df["step"] == 10, ["loss", "val_loss", "lr", "grad_norm"]].notna().all(axis=None)
    assert "train_loss" not in df.columns and "train_runtime" not in df.columns
    assert log.meta["max_steps"] == 30 and log.meta["batch_size"] == 16


def test_hf_checkpoint_dir_and_its_tensorboard_copy_agree() -> None:
    checkpoint = read_log(FORMATS / "hf_output" / "checkpoint-15").frame
    full = read_log(FORMATS / "hf_output").frame
    (tb_dir,) = (FORMATS / "hf_output" / "runs").iterdir()
    tb = read_log(tb_dir).frame
    assert checkpoint["step"].max() == 14
    assert np.allclose(checkpoint["loss"], full["loss"].iloc[: len(checkpoint)])
    merged = full.merge(tb, on="step", suffixes=("", "_tb"))
    assert len(merged) == len(full)
    assert np.allclose(merged["loss"], merged["loss_tb"], rtol=1e-6)
    assert np.allclose(merged["lr"], merged["lr_tb"], rtol=1e-6)


def test_mlflow_file_store_run_folder() -> None:
    log = read_log(MLFLOW_RUN)
    df = log.frame
    assert log.format == "MLflow"
    assert df["step"].tolist() == list(range(1, 31))
    assert df["loss"].iloc[0] == 2.0 and df["lr"].eq(0.1).all()
    assert df.loc[df["val_loss"].notna(), "step"].tolist() == [10, 20, 30]
    assert log.meta["params"] == {"lr": "0.1", "optimizer": "SGD"}
    assert log.meta["optimizer"] == "SGD"  # a param the rules use, under its sidecar name
    assert log.meta["run_name"] == "tiny-sgd"


def test_detr_log_txt_uses_epoch_as_step() -> None:
    log = read_log(FORMATS / "detr" / "log.txt")
    df = log.frame
    assert log.format == "JSON lines"
    assert df["step"].tolist() == list(range(12))
    assert df["loss"].iloc[0] == 10 and df["val_loss"].iloc[0] == 11  # train_loss / test_loss
    assert df["lr"].iloc[-1] == pytest.approx(1e-5)
    assert "test_coco_eval_bbox" not in df.columns  # a list, not a scalar
    assert any("epoch is used as the step" in note for note in log.notes)


def test_find_runs_counts_each_run_once() -> None:
    runs = find_runs(FORMATS)
    assert [p.relative_to(FORMATS).as_posix() for p in runs] == [
        "detr/log.txt",
        "hf_output/trainer_state.json",
        "lightning/version_0/metrics.csv",
        MLFLOW_RUN.relative_to(FORMATS).as_posix(),
        "tensorboard/run",
    ]


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("detr/log.txt", "jsonl"),
        ("hf_output/trainer_state.json", "hf"),
        ("lightning/version_0/metrics.csv", "lightning"),
    ],
)
def test_detect_format(path: str, fmt: str) -> None:
    assert detect_format(FORMATS / path) == fmt


def test_canonical_csv_with_sidecar_and_messy_values(tmp_path: Path) -> None:
    (tmp_path / "run.csv").write_text(
        "step,epoch,loss,lr,lr/head,grad_norm,val_loss,event\n"
        "1,0,2.30,0.1,0.01,1.5,,\n"
        "2,0,nan,0.1,0.01,inf,,optimizer_reset\n"
        "3,0,Infinity,0.1,0.01,-Infinity,2.5,\n"
        "4,0,NaN,0.1,0.01,1.2,,\n"
        "5,1,2.0"
    )
    (tmp_path / "run.json").write_text('{"task": "classification", "num_classes": 10, "optimizer": "SGD"}')
    log = read_log(tmp_path / "run.csv")
    df = log.frame
    assert log.format == "CSV"
    assert df["step"].tolist() == [1, 2, 3, 4]
    assert math.isnan(df["loss"][1]) and df["loss"][2] == math.inf and math.isnan(df["loss"][3])
    assert df["grad_norm"][2] == -math.inf
    assert df["lr/head"].eq(0.01).all() and df["lr"].dtype == np.float64
    assert df["event"].tolist() == ["", "optimizer_reset", "", ""]
    assert log.meta == {"task": "classification", "num_classes": 10, "optimizer": "SGD"}
    assert any("last line" in note for note in log.notes)


def test_truncated_number_on_last_line_is_dropped(tmp_path: Path) -> None:
    (tmp_path / "run.csv").write_text("step,loss\n1,2.3\n2,2.2\n3,2.1e")
    log = read_log(tmp_path / "run.csv")
    assert log.frame["step"].tolist() == [1, 2]
    assert any("last line" in note for note in log.notes)


def test_wandb_export_and_other_names(tmp_path: Path) -> None:
    (tmp_path / "export.csv").write_text(
        '"Step","_step","train/loss","train/learning_rate","eval/loss","Name"\n'
        '1,1,2.3,0.001,,run-a\n2,2,2.1,0.001,1.9,run-a\n'
    )
    df = read_log(tmp_path / "export.csv").frame
    assert df["step"].tolist() == [1, 2]
    assert df["loss"].tolist() == [2.3, 2.1] and df["lr"].tolist() == [0.001, 0.001]
    assert df["val_loss"].iloc[1] == 1.9 and "Name" not in df.columns


def test_extra_names_map_the_users_columns(tmp_path: Path) -> None:
    (tmp_path / "mine.csv").write_text("it_no,objective,my_lr\n0,1.0,0.1\n1,0.9,0.1\n")
    log = read_log(tmp_path / "mine.csv", extra_names={"step": ["it_no"], "loss": ["objective"], "lr": ["my_lr"]})
    assert list(log.frame.columns) == ["step", "loss", "lr"]


def test_truncated_json_lines_tail_is_a_note(tmp_path: Path) -> None:
    (tmp_path / "log.jsonl").write_text('{"step": 1, "loss": 2.0}\n{"step": 2, "loss": NaN}\n{"step": 3, "lo')
    log = read_log(tmp_path / "log.jsonl")
    assert log.frame["step"].tolist() == [1, 2] and math.isnan(log.frame["loss"][1])
    assert any("last line" in note for note in log.notes)


def test_truncated_tensorboard_tail_is_a_note(tmp_path: Path) -> None:
    (source,) = (FORMATS / "tensorboard" / "run").iterdir()
    cut = tmp_path / source.name
    cut.write_bytes(source.read_bytes()[:-7])
    log = read_log(cut)
    assert log.frame["step"].max() == 40 and len(log.frame) == 40
    assert any("cut short" in note for note in log.notes)


def test_mlflow_metric_file_cut_short_is_a_note(tmp_path: Path) -> None:
    run = tmp_path / "run"
    shutil.copytree(MLFLOW_RUN, run)
    with (run / "metrics" / "lr").open("a") as handle:
        handle.write("17956188")
    log = read_log(run)
    assert log.frame["step"].tolist() == list(range(1, 31))
    assert any("cut short" in note for note in log.notes)


def test_json_array_of_records(tmp_path: Path) -> None:
    (tmp_path / "history.json").write_text('[{"iteration": 0, "loss": 1.5}, {"iteration": 10, "loss": 1.2, "lr": 0.1}]')
    df = read_log(tmp_path / "history.json").frame
    assert df["step"].tolist() == [0, 10] and df["loss"].tolist() == [1.5, 1.2]


def test_wandb_panel_export_of_one_run(tmp_path: Path) -> None:
    (tmp_path / "wandb_export.csv").write_text(
        '"Step","fancy-run-7 - train/loss","fancy-run-7 - train/loss__MIN","fancy-run-7 - train/loss__MAX",'
        '"fancy-run-7 - train/lr"\n'
        '10,2.5,2.4,2.6,0.001\n20,2.1,2.0,2.2,0.001\n'
    )
    log = read_log(tmp_path / "wandb_export.csv")
    assert list(log.frame.columns) == ["step", "loss", "lr"]
    assert log.frame["loss"].tolist() == [2.5, 2.1]
    assert "W&B export of run 'fancy-run-7'" in log.notes


def test_wandb_panel_export_of_several_runs_asks_for_one(tmp_path: Path) -> None:
    (tmp_path / "wandb_export.csv").write_text(
        '"Step","a - loss","a - loss__MIN","b - loss","b - loss__MIN"\n1,2.0,2.0,3.0,3.0\n'
    )
    with pytest.raises(LogReadError, match=r"W&B export of 2 runs \(a, b\); export one run per file"):
        read_log(tmp_path / "wandb_export.csv")


def test_excel_byte_order_mark(tmp_path: Path) -> None:
    (tmp_path / "run.csv").write_bytes(b"\xef\xbb\xbfstep,loss\n1,2.0\n2,1.9\n")
    assert read_log(tmp_path / "run.csv").frame["step"].tolist() == [1, 2]
