"""The training harness's per-epoch log and zero-gradient count (``sample_logs/harness.py``), on a tiny run."""

from __future__ import annotations

import csv
import sys
from dataclasses import replace
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sample_logs"))

from harness import Setup, blobs, mlp, train  # noqa: E402


def tiny(**knobs: object) -> Setup:
    setup = Setup(name="tiny", data=blobs(256, 0, dim=6, classes=3, n_val=64, batch_size=32),
                  model=lambda: mlp([6, 8, 3]), optimizer=torch.optim.SGD, lr=0.1, steps=24)  # fmt: skip
    return replace(setup, **knobs)


def test_per_epoch_log_is_a_keras_csv(tmp_path: Path) -> None:
    t = train(tiny(out=tmp_path, log_per_epoch=True))
    with (tmp_path / "tiny.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["epoch", "loss", "val_loss", "accuracy", "val_accuracy"]
    assert [r["epoch"] for r in rows] == ["0", "1", "2"]  # 24 steps of 8 per epoch
    assert float(rows[-1]["val_loss"]) == pytest.approx(t.val_loss, rel=1e-4)
    assert not (tmp_path / "tiny.json").exists()  # a CSVLogger writes no sidecar


def test_zero_weight_gradients_are_counted() -> None:
    def dead() -> torch.nn.Sequential:
        model = mlp([6, 8, 3])
        with torch.no_grad():
            model[0].bias.fill_(-100.0)  # the hidden ReLUs never fire: no weight gets a gradient
        return model

    t = train(tiny(model=dead, track_zero_grads=True))
    assert t.weight_tensors == 2 and t.zero_weight_grads == [2] * 24
    assert set(train(tiny(track_zero_grads=True)).zero_weight_grads) == {0}
