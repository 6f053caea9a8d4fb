"""The Lightning callback writes the canonical log, validation metrics included (real Lightning)."""

from __future__ import annotations

import math
import warnings

import pytest
import torch

pl = pytest.importorskip("lightning.pytorch")

from lrdoctor.record.lightning import RecordCallback  # noqa: E402
from lrdoctor.record.live import TrainingWarning  # noqa: E402
from tests.record.conftest import column, read_rows  # noqa: E402


class Module(pl.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.cross_entropy(self.net(x), y)

    def validation_step(self, batch, batch_idx):
        x, y = batch
        logits = self.net(x)
        self.log("val_loss", torch.nn.functional.cross_entropy(logits, y))
        self.log("val/accuracy", (logits.argmax(1) == y).float().mean())

    def configure_optimizers(self):
        opt = torch.optim.AdamW(self.parameters(), lr=1e-2)
        return {"optimizer": opt, "lr_scheduler": torch.optim.lr_scheduler.StepLR(opt, 1, 0.5)}


def loader(n: int) -> torch.utils.data.DataLoader:
    g = torch.Generator().manual_seed(0)
    data = torch.utils.data.TensorDataset(torch.randn(n, 8, generator=g), torch.randint(0, 3, (n,), generator=g))
    return torch.utils.data.DataLoader(data, batch_size=8)


@pytest.mark.parametrize("accumulate", [1, 2])
def test_lightning_run_is_recorded(tmp_path, accumulate):
    torch.manual_seed(0)
    trainer = pl.Trainer(
        max_epochs=2, accumulate_grad_batches=accumulate, gradient_clip_val=None,
        callbacks=[RecordCallback(tmp_path / "run.csv", strict=True, layers_every=1)],
        logger=False, enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False,
        num_sanity_val_steps=0, accelerator="cpu", devices=1,
    )
    trainer.fit(Module(), loader(64), loader(16))
    rows = read_rows(tmp_path / "run.csv")
    steps_per_epoch = 8 // accumulate
    assert column(rows, "step") == list(range(1, 2 * steps_per_epoch + 1))
    assert column(rows, "opt_step") == column(rows, "step")
    assert column(rows, "epoch") == [0] * steps_per_epoch + [1] * steps_per_epoch
    assert column(rows, "lr") == [0.01] * steps_per_epoch + [0.005] * steps_per_epoch
    assert all(math.isfinite(r["loss"]) and r["grad_norm"] > 0 and r["grad_norm/net.2.bias"] > 0 for r in rows)
    evals = [(int(r["step"]), r["val_acc"]) for r in rows if not math.isnan(r["val_loss"])]
    assert [s for s, _ in evals] == [steps_per_epoch, 2 * steps_per_epoch]
    assert all(0 <= acc <= 1 for _, acc in evals)


class Blows(Module):
    """The loss turns NaN at the third step."""

    def training_step(self, batch, batch_idx):
        loss = super().training_step(batch, batch_idx)
        return loss * float("nan") if self.global_step == 2 else loss


def trainer(tmp_path, epochs: int, **options) -> pl.Trainer:
    return pl.Trainer(
        max_epochs=epochs, callbacks=[RecordCallback(tmp_path / "run.csv", **options)], logger=False,
        enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False,
        num_sanity_val_steps=0, accelerator="cpu", devices=1,
    )


def test_a_live_warning_points_at_the_fit_call_not_into_lightning(tmp_path):
    torch.manual_seed(0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        trainer(tmp_path, 1, flush_every=2).fit(Blows(), loader(64))
    (warning,) = [w for w in caught if issubclass(w.category, TrainingWarning)]
    assert "at step 3" in str(warning.message) and warning.filename == __file__


class Plain(Module):
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=1e-2)  # no state: only the trainer knows the step


def test_a_fit_resumed_from_a_checkpoint_continues_the_log(tmp_path):
    torch.manual_seed(0)
    first = trainer(tmp_path, 1, strict=True)
    first.fit(Plain(), loader(64))
    first.save_checkpoint(tmp_path / "last.ckpt")
    trainer(tmp_path, 2, strict=True).fit(Plain(), loader(64), ckpt_path=tmp_path / "last.ckpt")
    assert column(read_rows(tmp_path / "run.csv"), "step") == list(range(1, 17))
    assert not (tmp_path / "run.1.csv").exists()
