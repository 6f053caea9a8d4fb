"""Files written right now by the real libraries, where they are installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from lrdoctor.errors import LogReadError
from lrdoctor.io import find_runs, read_log


def test_summary_writer_run_with_resume(tmp_path: Path) -> None:
    tensorboard = pytest.importorskip("torch.utils.tensorboard")
    for start, stop in ((0, 30), (20, 50)):  # a resumed run writes a second event file, overlapping steps
        writer = tensorboard.SummaryWriter(str(tmp_path / "run"))
        for step in range(start, stop):
            writer.add_scalar("Loss/train", 1.0 + start, step)  # tells the two files apart
            writer.add_scalar("lr-SGD", 0.1, step)
        writer.close()
    log = read_log(tmp_path / "run", extra_names={"loss": ["Loss/train"]})
    df = log.frame
    assert df["step"].tolist() == list(range(50))
    assert df.loc[df["step"] >= 20, "loss"].eq(21.0).all()  # later file wins at the same step
    assert df["lr"].to_numpy() == pytest.approx(0.1)  # stored as float32
    assert find_runs(tmp_path) == [tmp_path / "run"]


@pytest.fixture(scope="module")
def mlflow_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    mlflow = pytest.importorskip("mlflow")
    store = tmp_path_factory.mktemp("mlflow") / "mlruns"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
        mlflow.set_tracking_uri(store.as_uri())
        mlflow.set_experiment("lrdoctor-test")
        with mlflow.start_run() as run:
            mlflow.log_param("optimizer", "AdamW")
            for step in range(25):
                mlflow.log_metric("train_loss", 3.0 - 0.1 * step, step=step)
                mlflow.log_metric("learning_rate", 1e-3, step=step)
            mlflow.log_metric("eval_loss", 2.0, step=24)
    return run.info.run_id, store


def test_mlflow_client_reads_a_run_by_id(mlflow_run: tuple[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    run_id, store = mlflow_run
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    monkeypatch.setenv("MLFLOW_TRACKING_URI", store.as_uri())
    log = read_log(f"mlflow:{run_id}")
    df = log.frame
    assert log.format == "MLflow"
    assert df["step"].tolist() == list(range(25))
    assert df["loss"].iloc[-1] == pytest.approx(0.6)
    assert df["lr"].eq(1e-3).all() and df["val_loss"].iloc[-1] == 2.0
    assert log.meta["params"] == {"optimizer": "AdamW"}


def test_mlflow_folder_of_the_same_run_matches(mlflow_run: tuple[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    run_id, store = mlflow_run
    (folder,) = store.glob(f"*/{run_id}")
    by_folder = read_log(folder).frame
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    monkeypatch.setenv("MLFLOW_TRACKING_URI", store.as_uri())
    by_client = read_log(Path(f"mlflow:{run_id}")).frame  # as the CLI passes it
    assert by_folder[["step", "loss", "lr", "val_loss"]].equals(by_client[["step", "loss", "lr", "val_loss"]])
    assert find_runs(store) == [folder]


def test_mlflow_client_read_of_an_untidy_run_matches_the_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Steps logged out of order and again (the last logged wins), metrics at different steps: the
    client's table (built from float arrays) is the folder reader's (built from {step: value} dicts)."""
    mlflow = pytest.importorskip("mlflow")
    store = tmp_path / "mlruns"
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    monkeypatch.setenv("MLFLOW_TRACKING_URI", store.as_uri())
    mlflow.set_tracking_uri(store.as_uri())
    mlflow.set_experiment("untidy")
    with mlflow.start_run() as run:
        for step in range(20):
            mlflow.log_metric("train_loss", 3.0 - 0.1 * step, step=step)
            mlflow.log_metric("grad_norm", 1.0 + step, step=19 - step)
        mlflow.log_metric("train_loss", 9.0, step=5)
        mlflow.log_metric("learning_rate", 1e-3, step=0)
        mlflow.log_metric("learning_rate", 1e-4, step=12)
        for step in (6, 13, 19):
            mlflow.log_metric("eval_loss", 2.0 + step, step=step)
    (folder,) = store.glob(f"*/{run.info.run_id}")
    by_client = read_log(f"mlflow:{run.info.run_id}").frame
    assert by_client.sort_index(axis=1).equals(read_log(folder).frame.sort_index(axis=1))  # columns: another order
    assert by_client["step"].tolist() == list(range(20))
    assert by_client.loc[5, "loss"] == 9.0 and by_client.loc[19, "grad_norm"] == 1.0
    assert by_client["lr"].notna().sum() == 2 and by_client["val_loss"].notna().sum() == 3


def test_mlflow_unknown_run_id(mlflow_run: tuple[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    _, store = mlflow_run
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    monkeypatch.setenv("MLFLOW_TRACKING_URI", store.as_uri())
    with pytest.raises(LogReadError, match=r"^mlflow:0123456789abcdef: MLflow: "):
        read_log("mlflow:0123456789abcdef")


def test_tensor_scalars_as_tf2_writes_them(tmp_path: Path) -> None:
    tensorboard = pytest.importorskip("torch.utils.tensorboard")
    summary_v2 = pytest.importorskip("tensorboard.plugins.scalar.summary_v2")
    writer = tensorboard.SummaryWriter(str(tmp_path))
    for step in range(5):
        writer.file_writer.add_summary(summary_v2.scalar_pb("epoch_loss", 2.0 - step / 4), step)
        writer.file_writer.add_summary(summary_v2.scalar_pb("epoch_learning_rate", 0.01), step)
    writer.close()
    df = read_log(tmp_path, extra_names={"loss": ["epoch_loss"], "lr": ["epoch_learning_rate"]}).frame
    assert df["step"].tolist() == [0, 1, 2, 3, 4]
    assert df["loss"].tolist() == [2.0, 1.75, 1.5, 1.25, 1.0]
    assert df["lr"].to_numpy() == pytest.approx(0.01)
