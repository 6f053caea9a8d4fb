"""Keras' TensorBoard callback layout: a log folder with ``train/`` and ``validation/`` folders of event files, the
epoch-level tags (``epoch_loss``, ``epoch_accuracy``, ``epoch_learning_rate``) at the epoch's number, the validation
side's without their ``val_`` prefix; or, with ``update_freq='batch'``, ``batch_loss`` at the global batch and the
validation side's ``evaluation_loss_vs_iterations``. The event files are written with TensorBoard's own writer, the
numbers from a real training; the same run as Keras' ``CSVLogger`` writes it must read the same."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from torch.utils.tensorboard import SummaryWriter

from lrdoctor import analyze
from lrdoctor.engine import load_run
from lrdoctor.io import find_runs

EPOCHS, BATCHES = 40, 4


def train() -> list[dict[str, float]]:
    """A wide MLP memorising 64 noisy examples, Adam 3e-3: per epoch the mean training loss and accuracy, the lr, and
    the loss and accuracy on 512 held-out examples; and each batch's loss."""
    torch.set_num_threads(1)  # a tiny model: one thread is fastest, and spinning threads crawl on a busy machine
    g = torch.Generator().manual_seed(0)
    x = torch.randn(64 + 512, 16, generator=g)
    y = ((x[:, 0] + 0.8 * torch.randn(64 + 512, generator=g)) > 0).long()
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(16, 256), torch.nn.ReLU(), torch.nn.Linear(256, 2))
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    epochs: list[dict[str, float]] = []
    for epoch in range(EPOCHS):
        losses, hits, batch_losses = [], 0, []
        for b in range(BATCHES):
            xb, yb = x[b * 16 : (b + 1) * 16], y[b * 16 : (b + 1) * 16]
            out = model(xb)
            loss = torch.nn.functional.cross_entropy(out, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
            batch_losses.append(loss.item())
            hits += int((out.argmax(1) == yb).sum())
        with torch.no_grad():
            out = model(x[64:])
            val = torch.nn.functional.cross_entropy(out, y[64:]).item()
            val_acc = float((out.argmax(1) == y[64:]).float().mean())
        epochs.append({"loss": float(np.mean(losses)), "accuracy": hits / 64, "learning_rate": 3e-3,
                       "val_loss": val, "val_accuracy": val_acc, "batch_losses": batch_losses})
    return epochs


@pytest.fixture(scope="module")
def epochs() -> list[dict[str, float]]:
    return train()


def write_keras_epochs(folder: Path, epochs: list[dict[str, float]]) -> Path:
    train, validation = SummaryWriter(str(folder / "train")), SummaryWriter(str(folder / "validation"))
    for i, e in enumerate(epochs):
        for name in ("loss", "accuracy", "learning_rate"):
            train.add_scalar(f"epoch_{name}", e[name], i)
        for name in ("loss", "accuracy"):
            validation.add_scalar(f"epoch_{name}", e[f"val_{name}"], i)
    train.close()
    validation.close()
    return folder


def write_csv_logger(path: Path, epochs: list[dict[str, float]]) -> Path:
    names = ("accuracy", "learning_rate", "loss", "val_accuracy", "val_loss")
    path.write_text("epoch," + ",".join(names) + "\n" +
                    "".join(f"{i}," + ",".join(repr(e[n]) for n in names) + "\n" for i, e in enumerate(epochs)))
    return path


def test_a_keras_log_folder_is_one_run_of_one_row_per_epoch(epochs, tmp_path: Path) -> None:
    """Before, each side was a run of its own and neither had a training loss tag: 'no training loss tag'."""
    folder = write_keras_epochs(tmp_path / "logs" / "fit" / "20261203-120000", epochs)
    assert find_runs(tmp_path / "logs") == [folder]
    run, same = load_run(folder), load_run(write_csv_logger(tmp_path / "training.log.csv", epochs))
    assert run.meta.get("step_is_epoch") is True and same.meta.get("step_is_epoch") is True
    assert run.df["step"].tolist() == list(range(EPOCHS))
    for column in ("loss", "val_loss", "lr"):
        np.testing.assert_allclose(run.df[column].to_numpy(), same.df[column].to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(run.df["val_acc"].to_numpy(), [e["val_accuracy"] for e in epochs], rtol=1e-6)
    found = [f.rule for f in analyze(folder).findings]
    assert found == [f.rule for f in analyze(tmp_path / "training.log.csv").findings]
    assert "overfitting" in found  # the validation loss of the memorising MLP climbs for most of the run


def test_a_keras_log_written_per_batch_reads_the_batches(epochs, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    train, validation = SummaryWriter(str(folder / "train")), SummaryWriter(str(folder / "validation"))
    for i, e in enumerate(epochs):
        for b, loss in enumerate(e["batch_losses"]):
            train.add_scalar("batch_loss", loss, i * BATCHES + b)
        validation.add_scalar("evaluation_loss_vs_iterations", e["val_loss"], (i + 1) * BATCHES - 1)
    train.close()
    validation.close()
    run = load_run(folder)
    assert run.meta.get("step_is_epoch") is not True
    assert len(run.df) == EPOCHS * BATCHES
    assert int(run.df["val_loss"].notna().sum()) == EPOCHS


def test_the_train_side_alone_is_read_per_epoch(epochs, tmp_path: Path) -> None:
    folder = write_keras_epochs(tmp_path / "run", epochs)
    run = load_run(folder / "train")
    assert run.meta.get("step_is_epoch") is True
    np.testing.assert_allclose(run.df["loss"].to_numpy(), [e["loss"] for e in epochs], rtol=1e-6)
