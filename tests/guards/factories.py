"""Tiny setups for the guard tests: one healthy model and one per defect the sanity checks must catch.

Each function is a factory (``tests/guards/factories.py:good`` on the command line).
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from lrdoctor.guards import Setup

CLASSES = 5


class Net(nn.Module):
    """A 2-layer MLP classifier, with switches for the defects."""

    def __init__(self, *, detach_body: bool = False, ignore_input: bool = False, mix_batch: bool = False) -> None:
        super().__init__()
        self.body = nn.Linear(12, 32)
        self.head = nn.Linear(32, CLASSES)
        self.unused = nn.Linear(32, 32)  # only used when it should be: see forward
        self.detach_body = detach_body
        self.ignore_input = ignore_input
        self.mix_batch = mix_batch

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.ignore_input:
            x = torch.zeros_like(x)
        h = torch.relu(self.body(x))
        if self.detach_body:
            h = h.detach()
        if self.mix_batch:
            h = h + h.mean(0, keepdim=True)
        return self.head(h)


class Healthy(Net):
    """Net without the unused layer."""

    def __init__(self) -> None:
        super().__init__()
        del self.unused


def batch(n: int = 16) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(1)
    return torch.randn(n, 12, generator=g), torch.randint(0, CLASSES, (n,), generator=g)


def make(model: nn.Module, **changes: object) -> Setup:
    parts: dict[str, object] = {
        "model": model,
        "make_optimizer": lambda m: torch.optim.Adam(m.parameters(), lr=1e-2),
        "batch": batch(),
        "loss_fn": nn.CrossEntropyLoss(),
    }
    parts.update(changes)
    return Setup(**parts)  # type: ignore[arg-type]


def good() -> Setup:
    torch.manual_seed(0)
    return make(Healthy())


def good_dict() -> dict[str, object]:
    torch.manual_seed(0)
    return {"model": Healthy(), "make_optimizer": lambda m: torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9),
            "batch": batch(), "loss_fn": nn.CrossEntropyLoss()}


def large_last_layer_init() -> Setup:
    torch.manual_seed(0)
    model = Healthy()
    with torch.no_grad():
        model.head.weight.mul_(30)
    return make(model)


def sum_reduced_loss() -> Setup:
    torch.manual_seed(0)
    return make(Healthy(), loss_fn=nn.CrossEntropyLoss(reduction="sum"))


def disconnected_layer() -> Setup:
    torch.manual_seed(0)
    return make(Net())


def detached_body() -> Setup:
    torch.manual_seed(0)
    model = Net(detach_body=True)
    del model.unused
    return make(model)


def layer_not_in_optimizer() -> Setup:
    torch.manual_seed(0)
    return make(Healthy(), make_optimizer=lambda m: torch.optim.Adam(m.head.parameters(), lr=1e-2))


def input_ignored() -> Setup:
    torch.manual_seed(0)
    model = Net(ignore_input=True)
    del model.unused
    return make(model)


def batch_mixing() -> Setup:
    torch.manual_seed(0)
    model = Net(mix_batch=True)
    del model.unused
    return make(model)


def label_leakage() -> Setup:
    torch.manual_seed(0)
    model = Healthy()
    x, y = batch()
    with torch.no_grad():  # the label is written into the input, and the model reads it off
        x[:, :CLASSES] = 20 * nn.functional.one_hot(y, CLASSES)
        model.body.weight.zero_()
        model.body.weight[:CLASSES, :CLASSES] = torch.eye(CLASSES)
        model.head.weight.zero_()
        model.head.weight[:, :CLASSES] = torch.eye(CLASSES)
    return make(model, batch=(x, y))


def lr_far_too_high() -> Setup:
    torch.manual_seed(0)
    return make(Healthy(), make_optimizer=lambda m: torch.optim.Adam(m.parameters(), lr=10.0))


def lr_far_too_low() -> Setup:
    torch.manual_seed(0)
    return make(Healthy(), make_optimizer=lambda m: torch.optim.Adam(m.parameters(), lr=1e-7))


def save_weights_only(model: nn.Module, optimizer: torch.optim.Optimizer, path: Path) -> None:
    torch.save(model.state_dict(), path)


def load_weights_only(model: nn.Module, optimizer: torch.optim.Optimizer, path: Path) -> None:
    model.load_state_dict(torch.load(path, weights_only=True))


def save_both(model: nn.Module, optimizer: torch.optim.Optimizer, path: Path) -> None:
    torch.save({"model": model.state_dict(), "optim": optimizer.state_dict()}, path)


def load_both(model: nn.Module, optimizer: torch.optim.Optimizer, path: Path) -> None:
    state = torch.load(path, weights_only=True)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optim"])


def checkpoint_without_optimizer() -> Setup:
    torch.manual_seed(0)
    return make(Healthy(), save_checkpoint=save_weights_only, load_checkpoint=load_weights_only)


def checkpoint_with_optimizer() -> Setup:
    torch.manual_seed(0)
    return make(Healthy(), save_checkpoint=save_both, load_checkpoint=load_both)


def language_model() -> Setup:
    torch.manual_seed(0)
    vocab = 11
    model = nn.Sequential(nn.Embedding(vocab, 16), nn.Linear(16, vocab))  # position-wise: causal by construction
    start = torch.randint(0, vocab, (8, 1), generator=torch.Generator().manual_seed(2))
    tokens = (start * 5 ** torch.arange(10) + 3) % vocab  # a fixed next-token rule a bigram model can learn
    return Setup(model=model, make_optimizer=lambda m: torch.optim.Adam(m.parameters(), lr=3e-2),
                 batch=(tokens[:, :-1], tokens[:, 1:]),
                 loss_fn=lambda out, y: nn.functional.cross_entropy(out.flatten(0, 1), y.flatten()))


def regression() -> Setup:
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(3)
    x = torch.randn(32, 6, generator=g)
    y = x @ torch.randn(6, 1, generator=g)
    return Setup(model=nn.Sequential(nn.Linear(6, 32), nn.Tanh(), nn.Linear(32, 1)),
                 make_optimizer=lambda m: torch.optim.Adam(m.parameters(), lr=1e-2), batch=(x, y), loss_fn=nn.MSELoss())


def raises() -> Setup:
    raise RuntimeError("dataset not found")


def returns_wrong_type() -> int:
    return 3
