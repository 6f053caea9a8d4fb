"""The eighty-first fresh half (fresh79, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


STACKRNN_LENGTH, STACKRNN_CLASSES, STACKRNN_DEPTH, STACKRNN_WIDTH = 20, 4, 12, 8
"""Bracket strings of 16-20 tokens over 2 bracket types (1 '(', 2 ')', 3 '[', 4 ']', 0 padding after the string), 4
classes; a continuous stack of depth 12 holding vectors of 8."""


def stackrnn_string(g: torch.Generator, length: int) -> tuple[list[int], int]:
    """A balanced bracket string of ``length`` (even) of 2 types, opened with a probability drawn per string (so its
    nesting depth varies), and its maximal depth."""
    p_open = 0.2 + 0.5 * float(torch.rand(1, generator=g))
    out: list[int] = []
    stack: list[int] = []
    depth = 0
    for i in range(length):
        left = length - i
        if stack and (len(stack) >= left or float(torch.rand(1, generator=g)) >= p_open):
            out.append(stack.pop() + 1)
        else:
            kind = 1 if float(torch.rand(1, generator=g)) < 0.5 else 3
            out.append(kind)
            stack.append(kind)
            depth = max(depth, len(stack))
    return out, depth


@lru_cache(maxsize=None)
def stackrnn_strings(n: int = 3000, seed: int = 791, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic Dyck-like strings of 2 bracket types, lengths 16-20: class 0 balanced with a maximal depth of at most
    2, class 1 balanced with a depth of 3, class 2 balanced with a depth of 4 or more, class 3 unbalanced (the type of
    one closing bracket swapped: the counts still match, only a stack sees it); 5% of the labels random, held-out ones
    too. x: (strings, 20) the tokens (float, for the NaN of a missing token); y: (strings,). ``nan_rows``: that share
    of the training strings has a missing (NaN) token; ``train_rows``: keep only that many training strings."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.zeros(total, STACKRNN_LENGTH)
    y = torch.zeros(total, dtype=torch.long)
    for r in range(total):
        length = 2 * int(torch.randint(8, STACKRNN_LENGTH // 2 + 1, (1,), generator=g))
        s, depth = stackrnn_string(g, length)
        if float(torch.rand(1, generator=g)) < 0.25:
            closers = [i for i, t in enumerate(s) if t in (2, 4)]
            i = closers[int(torch.randint(len(closers), (1,), generator=g))]
            s[i] = 6 - s[i]
            y[r] = 3
        else:
            y[r] = 0 if depth <= 2 else 1 if depth == 3 else 2
        x[r, :length] = torch.tensor(s, dtype=torch.float)
    y = flip_labels(y, STACKRNN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "bracket-string classification (a stack-augmented RNN)", STACKRNN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, STACKRNN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class StackRNN(nn.Module):
    """A stack-augmented RNN (Joulin & Mikolov 2015, tiny): token embeddings of 16 and a GRU cell controller of 32
    that reads the token and the top of a continuous stack (depth 12, vectors of 8); at each token it outputs soft
    push / pop / no-op probabilities (a softmax) and a value (tanh) to push, the stack becoming the probability-weighted
    mix of the pushed, popped and kept stacks; the final hidden state and the mean of the hidden states into a ReLU
    layer ``fc`` (64 -> 32) and a ``head`` to the 4 classes. A missing (NaN) token's NaN reaches its embedding
    (0 x NaN). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, hidden: int = 32) -> None:
        super().__init__()
        self.emb = nn.Embedding(5, 16)
        self.cell = nn.GRUCell(16 + STACKRNN_WIDTH, hidden)
        self.action = nn.Linear(hidden, 3)
        self.value = nn.Linear(hidden, STACKRNN_WIDTH)
        self.fc = nn.Linear(2 * hidden, 32)
        self.head = nn.Linear(32, STACKRNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        tokens = torch.nan_to_num(x).long()
        e = self.emb(tokens) + 0.0 * x[..., None]
        b = x.shape[0]
        h = e.new_zeros(b, self.cell.hidden_size)
        stack = e.new_zeros(b, STACKRNN_DEPTH, STACKRNN_WIDTH)
        states = []
        for t in range(x.shape[1]):
            h = self.cell(torch.cat([e[:, t], stack[:, 0]], -1), h)
            a = torch.softmax(self.action(h), -1)[:, :, None, None]
            v = torch.tanh(self.value(h))[:, None]
            pushed = torch.cat([v, stack[:, :-1]], 1)
            popped = torch.cat([stack[:, 1:], stack.new_zeros(b, 1, STACKRNN_WIDTH)], 1)
            stack = a[:, 0] * pushed + a[:, 1] * popped + a[:, 2] * stack
            states.append(h)
        feats = torch.cat([h, torch.stack(states, 1).mean(1)], -1)
        out: Tensor = self.head(F.relu(self.fc(feats)))
        return out


def stackrnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's strings (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


TAGCN_NODES, TAGCN_BLOCKS, TAGCN_FEATURES, TAGCN_HOPS = 400, 4, 16, 3
"""A TAGCN classifies the 400 nodes of a stochastic block model graph of 4 classes from 16 noisy features, each
layer summing the hop powers A^0 .. A^3 of the normalised adjacency, each with its own weights."""


@lru_cache(maxsize=None)
def tagcn_graph(seed: int = 793) -> Tensor:
    """A stochastic block model graph of 400 nodes in 4 equal classes (an edge with probability 5 / 100 inside a
    class, 1 / 100 across), returned packed as one tensor: the symmetric-normalised adjacency D^-1/2 A D^-1/2 (no
    self-loops, 400 columns), then the nodes' features (0.25 x the class's random centre plus N(0, 1) noise, 16 of
    them) and their classes."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = TAGCN_NODES, TAGCN_BLOCKS
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    same = block[None, :] == block[:, None]
    p = torch.where(same, torch.tensor(5.0 / size), torch.tensor(1.0 / size))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = (upper | upper.T).float()
    inv = adj.sum(1).clamp_min(1.0).rsqrt()
    norm = inv[:, None] * adj * inv[None, :]
    centres = torch.randn(blocks, TAGCN_FEATURES, generator=g)
    x = 0.25 * centres[block] + torch.randn(nodes, TAGCN_FEATURES, generator=g)
    return torch.cat([norm, x, block[:, None].float()], 1)


@lru_cache(maxsize=None)
def tagcn_nodes(n: int = 240, seed: int = 793, *, n_val: int = 160, batch_size: int | None = None) -> Data:
    """Full-batch node classification on ``tagcn_graph(seed)``: the input is a node's id, the target its class (5% of
    the training labels random: a floor); ``n`` labelled training nodes (the train mask: every step takes all of them,
    ``batch_size`` None) and ``n_val`` held-out nodes of the same graph (transductive)."""
    block = tagcn_graph(seed)[:, -1].long()
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    y = torch.cat([flip_labels(y[:n], TAGCN_BLOCKS, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (a TAGCN on a stochastic block model graph)", TAGCN_BLOCKS,
                 batch_size or n)  # fmt: skip


class TAGCN(nn.Module):
    """A TAGCN-like node classifier (Du et al. 2017) reading node ids: 2 topology adaptive graph convolutions (16 ->
    32 -> 32), each sum_k A^k H W_k over the hops k = 0 .. 3 of the symmetric-normalised adjacency A, a weight matrix
    per hop, ReLU and dropout 0.5 before each; a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes; the
    rows of the nodes asked. Output (nodes, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, seed: int = 793, dead_bias: float = 0.0, dropout: float = 0.5) -> None:
        super().__init__()
        self.dropout = dropout
        packed = tagcn_graph(seed)
        self.register_buffer("adj", packed[:, :TAGCN_NODES].clone())
        self.register_buffer("feats", packed[:, TAGCN_NODES : TAGCN_NODES + TAGCN_FEATURES].clone())
        self.convs = nn.ModuleList([
            nn.ModuleList(nn.Linear(TAGCN_FEATURES, 32, bias=k == 0) for k in range(TAGCN_HOPS + 1)),
            nn.ModuleList(nn.Linear(32, 32, bias=k == 0) for k in range(TAGCN_HOPS + 1)),
        ])  # fmt: skip
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, TAGCN_BLOCKS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h = self.feats
        for hops in self.convs:
            h = F.dropout(h, self.dropout, self.training)
            total, power = hops[0](h), h
            for lin in list(hops)[1:]:
                power = self.adj @ power
                total = total + lin(power)
            h = F.relu(total)
        out: Tensor = self.head(F.relu(self.fc(h)))[ids]
        return out


def tagcn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's nodes (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


PL_ITEMS, PL_FEATURES = 10, 12
"""Query lists of 10 items of 12 features each, ranked by the Plackett-Luce model."""


@lru_cache(maxsize=None)
def plackettluce_lists(n: int = 3000, seed: int = 795, *, n_val: int = 400, batch_size: int = 32,
                       nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Ranked query lists: 10 items of 12 features N(0, 1) (3 of them noise), a planted utility u = 1.5 (x a + tanh(x
    B) c + 0.5 x0 x1) per item (the same whatever ``n``), the observed ranking the order of u + Gumbel noise (a
    Plackett-Luce sample of utilities u). x: (queries, 10, 12); y: (queries, 10) the items' indices from the first
    ranked to the last.
    ``nan_rows``: that share of the training queries has a missing (NaN) feature in its first item; ``train_rows``:
    keep only that many training queries."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    a = torch.randn(PL_FEATURES, generator=g) / PL_FEATURES**0.5
    b = torch.randn(PL_FEATURES, 6, generator=g) / PL_FEATURES**0.5
    c = torch.randn(6, generator=g)
    a[-3:], b[-3:] = 0.0, 0.0
    x = torch.randn(total, PL_ITEMS, PL_FEATURES, generator=g)
    u = 1.5 * (x @ a + torch.tanh(x @ b) @ c + 0.5 * x[..., 0] * x[..., 1])
    gumbel = -torch.log(-torch.log(torch.rand(total, PL_ITEMS, generator=g).clamp(1e-9, 1 - 1e-9)))
    y = torch.argsort(u + gumbel, dim=1, descending=True)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 4] = float("nan")
    data = split(x, y, n, "listwise learning to rank (an MLP scorer, the Plackett-Luce likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class PlackettLuceMLP(nn.Module):
    """A ReLU MLP scoring each item of a query list: ``body`` 12 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32)
    and a ``head`` (32 -> 1). Output (queries, 10) the items' scores. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(PL_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))[..., 0]
        return out


def plackettluce_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Plackett-Luce negative log-likelihood of each query's observed ranking: the scores put in ranked order,
    sum over the positions of logsumexp of the scores of the items not yet ranked minus the chosen item's score."""
    s = out.gather(1, y)
    rest = torch.logcumsumexp(s.flip(1), 1).flip(1)
    return (rest - s).sum(1)


def plackettluce_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Plackett-Luce negative log-likelihood, mean over the queries."""
    return plackettluce_terms(out, y).mean()


def plackettluce_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Plackett-Luce negative log-likelihood summed over the batch's queries (reduction='sum')."""
    return plackettluce_terms(out, y).sum()


def plackettluce_at_zero() -> float:
    """The Plackett-Luce negative log-likelihood of equal scores: ln 10! (every ranking alike)."""
    return float(sum(math.log(k) for k in range(1, PL_ITEMS + 1)))


BIVNORM_FEATURES = 8
"""Rows of 8 features; the network's 5 outputs are the two means, the two log standard deviations and the raw
correlation (rho = tanh(raw)) of a bivariate normal."""


@lru_cache(maxsize=None)
def bivnorm_rows(n: int = 4000, seed: int = 797, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """2-D targets of a bivariate normal whose parameters depend on 8 features N(0, 1) (x7 noise): mu1 = sin(1.5 x0)
    + 0.5 x1, mu2 = 0.8 x2 x3 - 0.4 x0, log s1 = -0.6 + 0.4 tanh(x4), log s2 = -0.4 + 0.5 tanh(x5 - x1), rho = 0.85
    tanh(x6 + 0.5 x2). x: (rows, 8); y: (rows, 2). ``nan_rows``: that share of the training rows has a missing (NaN)
    feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, BIVNORM_FEATURES, generator=g)
    mu1 = torch.sin(1.5 * x[:, 0]) + 0.5 * x[:, 1]
    mu2 = 0.8 * x[:, 2] * x[:, 3] - 0.4 * x[:, 0]
    s1 = torch.exp(-0.6 + 0.4 * torch.tanh(x[:, 4]))
    s2 = torch.exp(-0.4 + 0.5 * torch.tanh(x[:, 5] - x[:, 1]))
    rho = 0.85 * torch.tanh(x[:, 6] + 0.5 * x[:, 2])
    z1, z2 = torch.randn(total, generator=g), torch.randn(total, generator=g)
    y = torch.stack([mu1 + s1 * z1, mu2 + s2 * (rho * z1 + (1 - rho**2).sqrt() * z2)], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "bivariate-normal regression (an MLP, the bivariate normal negative log-likelihood)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BivNormMLP(nn.Module):
    """A ReLU MLP of a bivariate normal: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 5): two means, two log standard deviations and the raw correlation. Output (rows, 5). ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(BIVNORM_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 5)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def bivnorm_terms(out: Tensor, y: Tensor) -> Tensor:
    """The bivariate normal negative log-likelihood of each row: log 2 pi + log s1 + log s2 + 0.5 log(1 - rho^2) +
    (z1^2 - 2 rho z1 z2 + z2^2) / (2 (1 - rho^2)), z the standardised residuals, rho = tanh(raw) (within +-1 only
    through the tanh)."""
    mu, log_s, rho = out[:, :2], out[:, 2:4], torch.tanh(out[:, 4])
    z = (y - mu) * torch.exp(-log_s)
    one = 1 - rho**2
    quad = (z[:, 0] ** 2 - 2 * rho * z[:, 0] * z[:, 1] + z[:, 1] ** 2) / (2 * one)
    return math.log(2 * math.pi) + log_s.sum(1) + 0.5 * torch.log(one) + quad


def bivnorm_nll(out: Tensor, y: Tensor) -> Tensor:
    """The bivariate normal negative log-likelihood, mean over the rows."""
    return bivnorm_terms(out, y).mean()


def bivnorm_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The bivariate normal negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return bivnorm_terms(out, y).sum()


def bivnorm_at_zero() -> float:
    """The bivariate normal negative log-likelihood of raw outputs of 0 (means 0, standard deviations 1, rho 0): its
    level at init."""
    y = bivnorm_rows().y
    return float(bivnorm_nll(torch.zeros(len(y), 5), y))
