"""Regenerate the format fixtures in this folder with the real libraries (run by hand, ~30 s).

    python tests/data/formats/make_formats.py

Needs torch, tensorboard, lightning, transformers, accelerate and mlflow. Each fixture is a tiny
real run: a linear model on synthetic data, a few dozen steps, logged by the library's own logger.
Model weights and optimizer states are deleted from the outputs to keep the folder small.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import torch

HERE = Path(__file__).parent


def data(n: int = 256, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Synthetic 4-class classification data."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 8, generator=g)
    y = (x[:, :2] > 0).long() @ torch.tensor([1, 2])
    return x, y


def make_tensorboard() -> None:
    """torch's SummaryWriter: loss/lr/grad norm every step, validation loss every 10 steps."""
    from torch.utils.tensorboard import SummaryWriter

    out = HERE / "tensorboard" / "run"
    shutil.rmtree(out.parent, ignore_errors=True)
    x, y = data()
    model = torch.nn.Linear(8, 4)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    writer = SummaryWriter(str(out))
    for step in range(1, 41):
        i = (step * 32) % 256
        loss = torch.nn.functional.cross_entropy(model(x[i : i + 32]), y[i : i + 32])
        opt.zero_grad()
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1e9)
        opt.step()
        writer.add_scalar("train/loss", loss.item(), step)
        writer.add_scalar("train/learning_rate", opt.param_groups[0]["lr"], step)
        writer.add_scalar("train/grad_norm", norm.item(), step)
        if step % 10 == 0:
            with torch.no_grad():
                writer.add_scalar("eval/loss", torch.nn.functional.cross_entropy(model(x), y).item(), step)
    writer.close()


def make_lightning() -> None:
    """A Lightning Trainer with CSVLogger and LearningRateMonitor: step and epoch losses, val loss."""
    import lightning as L
    from lightning.pytorch.callbacks import LearningRateMonitor
    from lightning.pytorch.loggers import CSVLogger
    from torch.utils.data import DataLoader, TensorDataset

    class Tiny(L.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch.nn.Linear(8, 4)

        def training_step(self, batch: tuple[torch.Tensor, torch.Tensor], _: int) -> torch.Tensor:
            loss = torch.nn.functional.cross_entropy(self.net(batch[0]), batch[1])
            self.log("train_loss", loss, on_step=True, on_epoch=True)
            return loss

        def validation_step(self, batch: tuple[torch.Tensor, torch.Tensor], _: int) -> None:
            self.log("val_loss", torch.nn.functional.cross_entropy(self.net(batch[0]), batch[1]))

        def configure_optimizers(self) -> torch.optim.Optimizer:
            return torch.optim.AdamW(self.parameters(), lr=0.01)

    out = HERE / "lightning"
    shutil.rmtree(out, ignore_errors=True)
    x, y = data()
    train = DataLoader(TensorDataset(x, y), batch_size=16)
    val = DataLoader(TensorDataset(x[:64], y[:64]), batch_size=64)
    trainer = L.Trainer(
        max_epochs=4, logger=CSVLogger(str(out), name="", version=0), log_every_n_steps=5,
        callbacks=[LearningRateMonitor()], enable_checkpointing=False, enable_progress_bar=False,
        enable_model_summary=False, accelerator="cpu",
    )
    trainer.fit(Tiny(), train, val)


def make_hf_trainer() -> None:
    """A real transformers Trainer run: train + eval entries, checkpoints, its TensorBoard copy."""
    from torch.utils.data import Dataset
    from transformers import Trainer, TrainingArguments

    class Pairs(Dataset[dict[str, torch.Tensor]]):
        def __init__(self, n: int) -> None:
            self.x, self.y = data(n)

        def __len__(self) -> int:
            return len(self.y)

        def __getitem__(self, i: int) -> dict[str, torch.Tensor]:
            return {"x": self.x[i], "labels": self.y[i]}

    class Tiny(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = torch.nn.Linear(8, 4)

        def forward(self, x: torch.Tensor, labels: torch.Tensor) -> dict[str, torch.Tensor]:
            logits = self.net(x)
            return {"loss": torch.nn.functional.cross_entropy(logits, labels), "logits": logits}

    out = HERE / "hf_output"
    shutil.rmtree(out, ignore_errors=True)
    args = TrainingArguments(
        output_dir=str(out), max_steps=30, per_device_train_batch_size=16, learning_rate=0.05,
        warmup_steps=5, logging_steps=2, eval_strategy="steps", eval_steps=10, save_steps=15,
        report_to=["tensorboard"], use_cpu=True,
        disable_tqdm=True, seed=0,
    )
    trainer = Trainer(model=Tiny(), args=args, train_dataset=Pairs(256), eval_dataset=Pairs(64))
    trainer.train()
    trainer.save_state()
    for file in out.rglob("*"):
        if file.is_file() and file.suffix in (".safetensors", ".bin", ".pt", ".pth"):
            file.unlink()


def make_mlflow() -> None:
    """An MLflow file-store run filled with mlflow.log_metric / log_param."""
    import mlflow

    out = HERE / "mlruns"
    shutil.rmtree(out, ignore_errors=True)
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
    with tempfile.TemporaryDirectory() as tmp:
        mlflow.set_tracking_uri(Path(tmp, "mlruns").as_uri())
        mlflow.set_experiment("tiny")
        with mlflow.start_run(run_name="tiny-sgd"):
            mlflow.log_params({"lr": 0.1, "optimizer": "SGD"})
            for step in range(1, 31):
                mlflow.log_metric("train/loss", 2.0 / step, step=step)
                mlflow.log_metric("lr", 0.1, step=step)
                if step % 10 == 0:
                    mlflow.log_metric("val_loss", 2.5 / step, step=step)
        shutil.copytree(Path(tmp, "mlruns"), out, ignore=shutil.ignore_patterns(".trash"))


def make_jsonl() -> None:
    """A DETR-style log.txt (json.dumps per epoch, as DETR's main.py writes it)."""
    out = HERE / "detr" / "log.txt"
    out.parent.mkdir(exist_ok=True)
    with out.open("w") as handle:
        for epoch in range(12):
            lr = 1e-4 if epoch < 8 else 1e-5
            stats = {"train_lr": lr, "train_loss": 10 / (epoch + 1), "train_loss_ce_0": 1.0,
                     "test_loss": 11 / (epoch + 1), "test_coco_eval_bbox": [0.1, 0.2], "epoch": epoch,
                     "n_parameters": 41302368}
            handle.write(json.dumps(stats) + "\n")


if __name__ == "__main__":
    make_tensorboard()
    make_lightning()
    make_hf_trainer()
    make_mlflow()
    make_jsonl()
