"""Live findings and the final summary reach the loggers the user watches, with the real loggers of real
trainers on tiny models whose loss blows up (the ``loss-not-finite`` live check, then the
``non-finite-loss`` rule): TensorBoard event files read back with TensorBoard's own reader, the MLflow
tracking server queried for the run's tags and artifacts, Lightning's ``metrics.csv`` read as CSV."""

from __future__ import annotations

import csv
import uuid
import warnings
from pathlib import Path
from typing import Any

import pytest
import torch

from lrdoctor.record.live import TrainingWarning

pytest.importorskip("tensorboard")
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator  # noqa: E402

BLOW_UP_LR = 1e3
"""Plain SGD on a least-squares problem at this lr overflows to inf within about fifteen steps."""


def texts(log_dir: Path) -> dict[str, list[tuple[int, str]]]:
    """``{tag: [(step, text)]}`` of the text summaries of a TensorBoard run folder (every event file)."""
    events = EventAccumulator(str(log_dir), size_guidance={"tensors": 0})
    events.Reload()
    return {tag.removesuffix("/text_summary"): [(e.step, e.tensor_proto.string_val[0].decode()) for e in events.Tensors(tag)]
            for tag in events.Tags()["tensors"]}


def regression_batches(n: int = 40) -> list[tuple[torch.Tensor, torch.Tensor]]:
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n * 8, 8, generator=g)
    y = x @ torch.randn(8, 1, generator=g)
    return list(zip(x.split(8), y.split(8)))


def assert_tensorboard_has_the_findings(log_dir: Path) -> None:
    found = texts(log_dir)
    (live_step, live), *_ = found["lrdoctor/live"]
    assert "loss-not-finite" in live and f"at step {live_step}" in live
    ((summary_step, summary),) = found["lrdoctor/summary"]
    assert summary_step >= live_step and "non-finite-loss" in summary and "lrdoctor:" in summary


def assert_mlflow_has_the_findings(client: Any, run_id: str, tmp_path: Path) -> None:
    tags = client.get_run(run_id).data.tags
    assert "loss is" in tags["lrdoctor.live.loss-not-finite"]
    assert tags["lrdoctor.status"] == "error" and "non-finite-loss" in tags["lrdoctor.findings"].split(",")
    assert sorted(a.path for a in client.list_artifacts(run_id, "lrdoctor")) == ["lrdoctor/report.html",
                                                                                "lrdoctor/report.json"]
    report = Path(client.download_artifacts(run_id, "lrdoctor/report.json", str(tmp_path))).read_text()
    assert '"non-finite-loss"' in report


def test_lightning_sends_findings_to_tensorboard_mlflow_and_csv(tmp_path: Path, mlflow_server: str) -> None:
    pl = pytest.importorskip("lightning.pytorch")
    mlflow = pytest.importorskip("mlflow")
    from lightning.pytorch.loggers import CSVLogger, MLFlowLogger, TensorBoardLogger

    from lrdoctor.record.lightning import RecordCallback

    class Regression(pl.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch.nn.Linear(8, 1)

        def training_step(self, batch: Any, batch_idx: int) -> torch.Tensor:
            x, y = batch
            loss = torch.nn.functional.mse_loss(self.net(x), y)
            self.log("train_loss", loss)
            return loss

        def configure_optimizers(self) -> torch.optim.Optimizer:
            return torch.optim.SGD(self.parameters(), lr=BLOW_UP_LR)

    torch.manual_seed(0)
    tensorboard = TensorBoardLogger(str(tmp_path), name="tb")
    mlflow_logger = MLFlowLogger(experiment_name=f"lightning-{uuid.uuid4().hex[:6]}", tracking_uri=mlflow_server)
    csv_logger = CSVLogger(str(tmp_path), name="csv")
    trainer = pl.Trainer(
        max_steps=40, callbacks=[RecordCallback(tmp_path / "run.csv", flush_every=5)],
        logger=[tensorboard, mlflow_logger, csv_logger], log_every_n_steps=5, enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False, accelerator="cpu", devices=1,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        trainer.fit(Regression(), torch.utils.data.DataLoader(regression_batches(), batch_size=None))
    assert any(issubclass(w.category, TrainingWarning) and "loss-not-finite" in str(w.message) for w in caught)

    assert_tensorboard_has_the_findings(Path(tensorboard.log_dir))
    assert_mlflow_has_the_findings(mlflow.MlflowClient(mlflow_server), mlflow_logger.run_id, tmp_path)
    with (Path(csv_logger.log_dir) / "metrics.csv").open(newline="") as f:
        events = [row["event"] for row in csv.DictReader(f) if row.get("event")]
    assert events[0].startswith("lrdoctor: loss-not-finite at step")
    assert events[-1].startswith("lrdoctor: ") and "non-finite-loss (error" in events[-1]

    from lrdoctor import analyze

    by_csv_logger = analyze(Path(csv_logger.log_dir) / "metrics.csv")  # the event column does not stop lrdoctor
    assert "non-finite-loss" in {f.rule for f in by_csv_logger.findings}


def test_hugging_face_sends_findings_to_its_tensorboard_and_mlflow(tmp_path: Path, mlflow_server: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    transformers = pytest.importorskip("transformers")
    mlflow = pytest.importorskip("mlflow")
    from transformers.integrations.integration_utils import MLflowCallback, TensorBoardCallback

    from lrdoctor.record.hf import RecordCallback

    class Regression(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch.nn.Linear(8, 1)

        def forward(self, x: torch.Tensor, labels: torch.Tensor) -> dict[str, torch.Tensor]:
            return {"loss": torch.nn.functional.mse_loss(self.net(x), labels)}

    experiment = f"hf-{uuid.uuid4().hex[:6]}"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_server)
    monkeypatch.setenv("MLFLOW_EXPERIMENT_NAME", experiment)
    torch.manual_seed(0)
    data = [{"x": x, "labels": y} for xs, ys in regression_batches() for x, y in zip(xs, ys)]
    args = transformers.TrainingArguments(
        output_dir=str(tmp_path / "out"), per_device_train_batch_size=8, max_steps=40, learning_rate=BLOW_UP_LR,
        optim="sgd", lr_scheduler_type="constant", max_grad_norm=0.0, logging_steps=5, save_strategy="no",
        report_to=["tensorboard", "mlflow"], use_cpu=True, remove_unused_columns=False, disable_tqdm=True,
        dataloader_num_workers=0,
    )
    trainer = transformers.Trainer(model=Regression(), args=args, train_dataset=data,
                                   callbacks=[RecordCallback(tmp_path / "run.csv", flush_every=5)])
    (board,) = [c for c in trainer.callback_handler.callbacks if isinstance(c, TensorBoardCallback)]
    assert any(isinstance(c, MLflowCallback) for c in trainer.callback_handler.callbacks)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.train()

    assert_tensorboard_has_the_findings(Path(board.logging_dir))
    client = mlflow.MlflowClient(mlflow_server)
    (run,) = client.search_runs([client.get_experiment_by_name(experiment).experiment_id])
    assert_mlflow_has_the_findings(client, run.info.run_id, tmp_path)


def test_a_plain_loop_sends_findings_to_its_summary_writer(tmp_path: Path) -> None:
    from torch.utils.tensorboard import SummaryWriter

    import lrdoctor

    torch.manual_seed(0)
    model = torch.nn.Linear(8, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=BLOW_UP_LR)
    writer = SummaryWriter(str(tmp_path / "tb"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with lrdoctor.record(model, optimizer, tmp_path / "run.csv", tensorboard=writer, flush_every=5) as rec:
            for x, y in regression_batches():
                loss = torch.nn.functional.mse_loss(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                rec.log(loss=loss)
    writer.close()
    assert_tensorboard_has_the_findings(tmp_path / "tb")


def test_a_plain_loop_sends_findings_to_the_active_mlflow_run(tmp_path: Path, tracking: str) -> None:
    mlflow = pytest.importorskip("mlflow")
    import lrdoctor

    mlflow.set_tracking_uri(tracking)
    mlflow.set_experiment(f"loop-{uuid.uuid4().hex[:6]}")
    torch.manual_seed(0)
    model = torch.nn.Linear(8, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=BLOW_UP_LR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with mlflow.start_run() as run, lrdoctor.record(model, optimizer, tmp_path / "run.csv", mlflow=True,
                                                        flush_every=5) as rec:
            for x, y in regression_batches():
                loss = torch.nn.functional.mse_loss(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                rec.log(loss=loss)
    assert_mlflow_has_the_findings(mlflow.MlflowClient(tracking), run.info.run_id, tmp_path)


def test_a_wrong_writer_or_a_missing_mlflow_run_fails_at_once(tmp_path: Path) -> None:
    pytest.importorskip("mlflow")
    import lrdoctor
    from lrdoctor.errors import UsageError

    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(UsageError, match="tensorboard must be a SummaryWriter"):
        lrdoctor.record(model, optimizer, tmp_path / "run.csv", tensorboard=str(tmp_path))
    with pytest.raises(UsageError, match=r"mlflow=True needs an active run"):
        lrdoctor.record(model, optimizer, tmp_path / "run.csv", mlflow=True)
    assert not (tmp_path / "run.csv").exists()
