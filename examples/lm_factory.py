"""A `lrdoctor sanity` factory for a language model: outputs (batch, time, vocab), targets (batch, time).

    lrdoctor sanity examples/lm_factory.py:factory
"""

import torch
from torch import nn
from torch.nn import functional as F

from lrdoctor.guards import Setup


class TinyCausalLM(nn.Module):
    """Embedding -> causal GRU -> vocabulary logits."""

    def __init__(self, vocab: int, width: int = 64) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, width)
        self.rnn = nn.GRU(width, width, batch_first=True)
        self.head = nn.Linear(width, vocab)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        hidden, _ = self.rnn(self.embed(tokens))
        return self.head(hidden)


def factory() -> Setup:
    torch.manual_seed(0)
    vocab = 40
    text = torch.randint(0, vocab, (16, 33))               # 16 sequences of 33 tokens
    return Setup(
        model=TinyCausalLM(vocab),
        make_optimizer=lambda m: torch.optim.Adam(m.parameters(), lr=3e-3),
        batch=(text[:, :-1], text[:, 1:]),                 # predict the next token
        loss_fn=lambda logits, y: F.cross_entropy(logits.flatten(0, 1), y.flatten()),
        task="language_model",
        num_classes=vocab,
    )
