"""Sparse gradients, complex parameters and param groups added mid-run are recorded like any other."""

from __future__ import annotations

import math
import os
import warnings

import pytest
import torch
from torch import nn

import lrdoctor
from lrdoctor.io import read_log
from tests.record.conftest import Tiny, column, read_rows


def global_norm(tensors: list[torch.Tensor]) -> float:
    """The L2 norm of all tensors together, computed the plain way (dense, flattened)."""
    flat = [(t.to_dense() if t.is_sparse else t).detach().reshape(-1) for t in tensors]
    return torch.cat([torch.view_as_real(f).reshape(-1) if f.is_complex() else f for f in flat]).norm().item()


def record_and_reference(model: nn.Module, opt, forward, path, steps: int = 12, **options) -> tuple[list[dict], list[str]]:
    """Train under the recorder; the reference grad and weight norms of each step, and the warnings given."""
    reference = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with lrdoctor.record(model, opt, path, **options) as rec:
            for _ in range(steps):
                loss = forward()
                opt.zero_grad()
                loss.backward()
                params = [p for g in opt.param_groups for p in g["params"]]  # what the optimizer steps
                grads = [p.grad for p in params if p.grad is not None]
                reference.append({"grad_norm": global_norm(grads), "weight_norm": global_norm(params)})
                opt.step()
                rec.log(loss=loss)
    return reference, [str(w.message) for w in caught]


def assert_matches(rows, reference) -> None:
    assert column(rows, "step") == list(range(1, len(reference) + 1))
    for row, ref in zip(rows, reference):
        assert row["grad_norm"] == pytest.approx(ref["grad_norm"], rel=1e-5)
        assert row["weight_norm"] == pytest.approx(ref["weight_norm"], rel=1e-5)


class Bag(nn.Module):
    """An embedding with sparse gradients and a dense head: tokens repeat, so the sparse gradient has
    repeated indices that must add up."""

    def __init__(self) -> None:
        super().__init__()
        self.embed = nn.Embedding(50, 8, sparse=True)
        self.head = nn.Linear(8, 1)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.head(self.embed(tokens)).pow(2).mean()


@pytest.mark.parametrize("optimizer", ["sgd", "sparse_adam"])
def test_sparse_gradients_are_recorded(tmp_path, optimizer):
    torch.manual_seed(0)
    model = Bag()
    if optimizer == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
    else:
        opt = torch.optim.SparseAdam([model.embed.weight], lr=0.01)
    tokens = torch.tensor([[1, 2, 2, 3, 1], [4, 2, 9, 9, 9]])
    reference, said = record_and_reference(model, opt, lambda: model(tokens), tmp_path / "run.csv", ratio_every=1, layers_every=1, weight_every=1)
    assert said == []
    rows = read_rows(tmp_path / "run.csv")
    assert_matches(rows, reference)
    assert all(r["update_ratio"] > 0 and r["grad_norm/embed.weight"] > 0 for r in rows)
    assert len(read_log(tmp_path / "run.csv").frame) == 12


class ComplexNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.mix = nn.Linear(4, 4, dtype=torch.complex64)
        self.out = nn.Linear(8, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        z = self.mix(x.to(torch.complex64))
        return self.out(torch.cat([z.real, z.imag], dim=1)).pow(2).mean()


def test_complex_parameters_are_recorded(tmp_path):
    torch.manual_seed(0)
    model = ComplexNet()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    x = torch.randn(16, 4)
    reference, said = record_and_reference(model, opt, lambda: model(x), tmp_path / "run.csv", ratio_every=1, layers_every=1, weight_every=1)
    assert said == []
    rows = read_rows(tmp_path / "run.csv")
    assert_matches(rows, reference)
    assert all(0 < r["update_ratio"] < 1 and r["update_ratio/mix.weight"] > 0 for r in rows)


def test_a_param_group_added_mid_run_is_followed(tmp_path, batch):
    torch.manual_seed(0)
    model = Tiny()
    model.head.requires_grad_(False)  # a frozen head, unfrozen at step 6 (fine-tuning)
    opt = torch.optim.AdamW(model.body.parameters(), lr=0.01)
    x, y = batch
    path = tmp_path / "run.csv"
    reference = []
    with lrdoctor.record(model, opt, path, layers_every=1, strict=True) as rec:
        for step in range(1, 13):
            if step == 6:
                model.head.requires_grad_(True)
                opt.add_param_group({"params": model.head.parameters(), "lr": 0.003, "name": "head"})
                inode = os.stat(path).st_ino
            loss = nn.functional.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            reference.append(global_norm([p.grad for p in model.parameters() if p.grad is not None]))
            opt.step()
            rec.log(loss=loss)
    rows = read_rows(path)
    assert column(rows, "step") == list(range(1, 13))
    assert [r["grad_norm"] for r in rows] == pytest.approx(reference, rel=1e-5)
    assert [math.isnan(r["lr/head"]) for r in rows] == [True] * 5 + [False] * 7
    assert [r["lr/head"] for r in rows[5:]] == [0.003] * 7
    assert all(r["grad_norm/head.weight"] > 0 for r in rows[5:])
    assert os.stat(path).st_ino == inode  # the new columns cost no rewrite of the file
    frame = read_log(path).frame
    assert list(frame["lr/head"].notna()) == [False] * 5 + [True] * 7
