"""A `lrdoctor sanity` factory for regression: outputs and targets of the same shape.

    lrdoctor sanity examples/regression_factory.py:factory
"""

import torch
from torch import nn

from lrdoctor.guards import Setup


def factory() -> dict:
    torch.manual_seed(0)
    inputs = torch.randn(64, 8)
    targets = inputs @ torch.randn(8, 1) + 0.1 * torch.randn(64, 1)
    return {                                                # a dict with Setup's keys works too
        "model": nn.Sequential(nn.Linear(8, 32), nn.Tanh(), nn.Linear(32, 1)),
        "make_optimizer": lambda m: torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9),
        "batch": (inputs, targets),
        "loss_fn": nn.MSELoss(),
    }
