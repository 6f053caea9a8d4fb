"""``find_runs``: every run below a folder, each counted once."""

from __future__ import annotations

import shutil
from pathlib import Path

from lrdoctor.io import find_runs, read_log

FORMATS = Path(__file__).parents[1] / "data" / "formats"


def test_checkpoints_only_count_the_latest(tmp_path: Path) -> None:
    for n in (15, 30):
        shutil.copytree(FORMATS / "hf_output" / f"checkpoint-{n}", tmp_path / "out" / f"checkpoint-{n}")
    assert find_runs(tmp_path) == [tmp_path / "out" / "checkpoint-30" / "trainer_state.json"]
    assert read_log(tmp_path / "out").frame["step"].max() == 30


def test_lightning_version_dir_with_both_loggers_counts_once(tmp_path: Path) -> None:
    version = tmp_path / "lightning_logs" / "version_0"
    shutil.copytree(FORMATS / "lightning" / "version_0", version)
    (tb_file,) = (FORMATS / "tensorboard" / "run").iterdir()
    shutil.copy(tb_file, version / tb_file.name)
    (version / "hparams.yaml").write_text("lr: 0.01\n")
    assert find_runs(tmp_path) == [version / "metrics.csv"]


def test_prefixed_event_files_are_separate_runs_and_sidecars_are_not_runs(tmp_path: Path) -> None:
    (tb_file,) = (FORMATS / "tensorboard" / "run").iterdir()
    for prefix in ("a__", "b__"):
        shutil.copy(tb_file, tmp_path / f"{prefix}{tb_file.name}")
    (tmp_path / "run.csv").write_text("step,loss\n1,2.0\n")
    (tmp_path / "run.json").write_text('{"num_classes": 3}')
    (tmp_path / "notes.txt").write_text("not a log\n")
    (tmp_path / "config.csv").write_text("name,value\nlr,0.1\n")
    assert [p.name for p in find_runs(tmp_path)] == [f"a__{tb_file.name}", f"b__{tb_file.name}", "run.csv"]
    assert read_log(tmp_path / "run.csv").meta == {"num_classes": 3}


def test_mlflow_store_lists_runs_not_metric_files() -> None:
    runs = find_runs(FORMATS / "mlruns")
    assert len(runs) == 1 and (runs[0] / "meta.yaml").is_file()
