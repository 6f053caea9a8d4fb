"""A factory for `lrdoctor sanity` and `lrdoctor find-lr`. Copy it next to your training code.

    lrdoctor sanity examples/sanity_factory.py:factory
    lrdoctor find-lr examples/sanity_factory.py:factory

The factory takes no arguments and returns an `lrdoctor.guards.Setup` (or a dict with its keys):
build the model, optimizer and loss exactly as your training script does, and give one small batch.
"""

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from lrdoctor.guards import Setup


def factory() -> Setup:
    torch.manual_seed(0)
    num_classes = 10
    inputs = torch.randn(2048, 20)                     # stands in for your dataset
    targets = (inputs @ torch.randn(20, num_classes)).argmax(1)
    loader = DataLoader(TensorDataset(inputs, targets), batch_size=32, shuffle=True)
    model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, num_classes))
    return Setup(
        model=model,
        make_optimizer=lambda m: torch.optim.AdamW(m.parameters(), lr=1e-3, weight_decay=0.01),
        batch=next(iter(loader)),                        # one (inputs, targets) batch, batch dimension first
        loss_fn=nn.CrossEntropyLoss(),                   # called as loss_fn(model(inputs), targets)
        task="classification",                           # optional: inferred from the batch
        num_classes=num_classes,                         # optional: inferred from the outputs
        batches=loader,                                  # optional, for find-lr (else the batch is repeated)
        # save_checkpoint=my_save, load_checkpoint=my_load,  # optional: your checkpoint code, called
        #     as my_save(model, optimizer, path) / my_load(model, optimizer, path), tested for a round trip
    )
