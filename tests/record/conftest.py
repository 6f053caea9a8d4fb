"""Helpers for the recorder tests: a tiny seeded model, its data, and reading a run.csv back."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
import torch
from torch import nn


def read_rows(path: Path) -> list[dict[str, float | str]]:
    """The rows of a run.csv: numbers as floats (empty cells, and cells a row written before its column
    was added lacks, as NaN), ``event`` as text, with the columns of ``<stem>.extra.csv`` (first seen
    late) joined to the rows of their steps. A line of spaces after the header is skipped."""
    with path.open(newline="") as f:
        rows = [row for row in csv.DictReader(f) if (row["step"] or "").strip()]
    out: list[dict[str, float | str]] = []
    for row in rows:
        cells = {k: v or "" for k, v in row.items() if k is not None}
        out.append({k: (v if k == "event" else (float(v) if v != "" else math.nan)) for k, v in cells.items()})
    extra = path.with_name(path.stem + ".extra.csv")
    if extra.exists():
        with extra.open(newline="") as f:
            late = list(csv.DictReader(f))
        names = list(dict.fromkeys(r["column"] for r in late))
        by_step = {int(float(r["step"])): r for r in out}
        for r in out:
            r.update({name: math.nan for name in names if name not in r})
        for line in late:
            row = by_step.get(int(float(line["step"])))
            if row is not None:
                row[line["column"]] = float(line["value"]) if line["value"] != "" else math.nan
    return out


def column(rows: list[dict[str, float | str]], name: str) -> list[float]:
    return [float(r[name]) for r in rows]


class Tiny(nn.Module):
    """A two-layer MLP with named parts, enough for every statistic to be non-trivial."""

    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Linear(8, 16)
        self.head = nn.Linear(16, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(torch.relu(self.body(x)))


@pytest.fixture
def model() -> Tiny:
    torch.manual_seed(0)
    return Tiny()


@pytest.fixture
def batch() -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(1)
    return torch.randn(32, 8, generator=g), torch.randint(0, 3, (32,), generator=g)


def train_step(model: nn.Module, opt: torch.optim.Optimizer, batch: tuple[torch.Tensor, torch.Tensor]) -> torch.Tensor:
    x, y = batch
    loss = nn.functional.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss
