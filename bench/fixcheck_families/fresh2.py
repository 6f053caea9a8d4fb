"""The second fresh half (fresh2, held out from all tuning): its model families' data and models (read as ``fd.<name>``
through ``bench/fixcheck_data.py``).

``graph`` a 2-layer graph convolution network classifying the nodes of a stochastic block model
graph (dense normalised adjacency);
``contrast`` an MLP encoder of two noisy views of an item, trained with InfoNCE over the batch
(the held-out loss: InfoNCE of the validation items in batch-sized blocks);
``forecast`` a dilated causal TCN (or a GRU, or a vanilla RNN) forecasting the next 8 values of
multi-seasonal series, Huber loss;
``multilabel`` an EmbeddingBag MLP tagging token documents with 1-4 of 24 tags, BCE with logits.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, mlp, split


@lru_cache(maxsize=None)
def block_graph(nodes: int = 2000, seed: int = 101, *, blocks: int = 5, degree_in: float = 5.0, degree_out: float = 4.0,
                features: int = 24, signal: float = 0.35) -> tuple[Tensor, Tensor, Tensor]:  # fmt: skip
    """A stochastic block model: ``nodes`` in ``blocks`` communities, on average ``degree_in`` edges to nodes of
    the same block and ``degree_out`` to others; node features ``signal`` x the block's random centre plus unit
    noise. Returns the dense normalised adjacency D^-1/2 (A + I) D^-1/2, the features and each node's block."""
    g = torch.Generator().manual_seed(seed)
    block = torch.randint(blocks, (nodes,), generator=g)
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(degree_in / size), torch.tensor(degree_out / (nodes - size)))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    a = (upper | upper.T).float() + torch.eye(nodes)
    d = a.sum(1).rsqrt()
    centres = torch.randn(blocks, features, generator=g)
    x = signal * centres[block] + torch.randn(nodes, features, generator=g)
    return d[:, None] * a * d[None, :], x, block


@lru_cache(maxsize=None)
def graph_nodes(n: int = 1000, seed: int = 101, *, n_val: int = 500, flip: float = 0.05, batch_size: int = 32,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Node classification on ``block_graph(seed=seed)``: the input is a node's id, the target its block (``flip``
    of the labels random); ``n`` labelled training nodes, ``n_val`` validation nodes, all in the same graph
    (transductive). ``train_rows``: keep only that many labelled nodes."""
    _, _, block = block_graph(seed=seed)
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    classes = int(block.max()) + 1
    data = split(ids, flip_labels(block[ids], classes, flip, g), n, "classification", classes, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, classes, batch_size)
    return data


class GraphConvNet(nn.Module):
    """A 2-layer graph convolution network over the whole of ``block_graph(seed=seed)``: relu(A X W1) then
    A H W2 (the head), read at the batch's nodes. ``dead_bias`` < 0 starts the first layer's biases there (its
    units never fire); ``hidden_layers`` > 0 adds that many A H W graph convolutions (ReLU) in between."""

    def __init__(self, hidden: int = 32, classes: int = 5, seed: int = 101, dead_bias: float = 0.0,
                 hidden_layers: int = 0) -> None:  # fmt: skip
        super().__init__()
        adj, x, _ = block_graph(seed=seed)
        self.register_buffer("adj", adj)
        self.register_buffer("ax", adj @ x)
        self.conv = nn.Linear(x.shape[1], hidden)
        if dead_bias:
            with torch.no_grad():
                self.conv.bias.fill_(dead_bias)
        self.mid = nn.ModuleList(nn.Linear(hidden, hidden) for _ in range(hidden_layers))
        self.head = nn.Linear(hidden, classes)

    def forward(self, ids: Tensor) -> Tensor:
        h = F.relu(self.conv(self.ax))
        for layer in self.mid:
            h = F.relu(layer(self.adj @ h))
        return self.head(self.adj[ids] @ h)


@lru_cache(maxsize=None)
def paired_views(n: int = 6000, seed: int = 102, *, latent: int = 32, dim: int = 32, noise: float = 0.3,
                 drop: float = 0.3, n_val: int = 512, batch_size: int = 64, train_rows: int | None = None) -> Data:  # fmt: skip
    """Items made from a latent vector z (``latent`` dimensions) as tanh(z M) in ``dim`` dimensions, seen
    through two views: each its own noise and a random ``drop`` of its features zeroed. The input of row r is
    its two views (r, 2, dim), the target the item's index (the loss pairs the two views of a row; no label).
    ``train_rows``: keep only that many training items."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    z = torch.randn(total, latent, generator=g)
    item = torch.tanh(z @ torch.randn(latent, dim, generator=g) / math.sqrt(latent) * 2)
    views = item[:, None, :] + noise * torch.randn(total, 2, dim, generator=g)
    views = views * (torch.rand(total, 2, dim, generator=g) >= drop)
    data = split(views, torch.arange(total), n, "contrastive", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class PairEncoder(nn.Module):
    """A ReLU MLP encoder applied to both views of each row, then a linear projection (the head) and, unless
    ``normalize`` is off, L2 normalisation. ``dead_bias`` < 0 starts the last hidden layer's biases there."""

    def __init__(self, dim: int = 32, hidden: int = 64, out: int = 16, layers: int = 2, normalize: bool = True,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.body = mlp([dim] + [hidden] * layers)
        if dead_bias:
            with torch.no_grad():
                self.body[-1].bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, out)
        self.normalize = normalize

    def forward(self, x: Tensor) -> Tensor:
        z = self.head(F.relu(self.body(x)))
        return F.normalize(z, dim=-1) if self.normalize else z


TEMPERATURE = 0.1
"""The InfoNCE temperature of the contrastive family."""


def info_nce(out: Tensor, y: Tensor) -> Tensor:
    """Symmetric InfoNCE over the batch: cross-entropy of each row's first view against every row's second
    view (similarities / ``TEMPERATURE``), the row's own second view the target, and the other way round."""
    logits = out[:, 0] @ out[:, 1].T / TEMPERATURE
    target = torch.arange(len(logits))
    return 0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target))


def info_nce_summed(out: Tensor, y: Tensor) -> Tensor:
    """InfoNCE summed over the batch's rows (reduction='sum')."""
    return info_nce(out, y) * len(out)


def info_nce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """InfoNCE written by hand: exp of the similarities without subtracting their max, so a similarity past
    ~88 x the temperature is inf in float32 and inf / inf is NaN (the embeddings must not be normalised)."""
    e = torch.exp(out[:, 0] @ out[:, 1].T / TEMPERATURE)
    return -torch.log(torch.diagonal(e) / e.sum(1)).mean()


def info_nce_first_view(out: Tensor, y: Tensor) -> Tensor:
    """One-sided InfoNCE (first view against the second), with log-sum-exp: the safe ``info_nce_by_hand``."""
    logits = out[:, 0] @ out[:, 1].T / TEMPERATURE
    return F.cross_entropy(logits, torch.arange(len(logits)))


def held_out_info_nce(out: Tensor, y: Tensor, block: int = 64) -> Tensor:
    """InfoNCE of the validation set in blocks of ``block`` rows (a training batch's size), averaged: the
    contrastive family's held-out loss."""
    parts = [info_nce(out[k : k + block], y) for k in range(0, len(out) - block + 1, block)]
    return torch.stack(parts).mean()


@lru_cache(maxsize=None)
def seasonal_windows(n: int = 6000, seed: int = 103, *, window: int = 32, horizon: int = 8, periods: tuple[int, ...] = (7, 24),
                     noise: float = 0.35, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                     nan_rows: int = 0) -> Data:  # fmt: skip
    """Windows of multi-seasonal series: per window a cycle of each of ``periods`` (random amplitude 0.3-1.3 and
    phase), a random linear trend and AR(1) noise (coefficient 0.6, scale ``noise``); the input is the first
    ``window`` values, the target the ``horizon`` next ones (forecasting), standardised by the training std.
    ``train_rows``: keep only that many training windows; ``nan_rows``: that many training targets hold a NaN
    (a gap in the series exported as NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.arange(window + horizon, dtype=torch.float32)
    s = torch.zeros(total, window + horizon)
    for p in periods:
        amp = 0.3 + torch.rand(total, 1, generator=g)
        phase = 2 * math.pi * torch.rand(total, 1, generator=g)
        s += amp * torch.sin(2 * math.pi * t / p + phase)
    s += 0.5 * torch.randn(total, 1, generator=g) * t / len(t) + 0.3 * torch.randn(total, 1, generator=g)
    eps = noise * torch.randn(total, window + horizon, generator=g)
    ar = torch.zeros(total)
    for k in range(window + horizon):
        ar = 0.6 * ar + eps[:, k]
        s[:, k] += ar
    s = s / s[:n].std()
    x, y = s[:, :window], s[:, window:].clone()
    if nan_rows:
        y[torch.randperm(n, generator=g)[:nan_rows], -1] = float("nan")
    data = split(x, y, n, "regression", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class CausalTCN(nn.Module):
    """A temporal convolution network: a 1x1 input convolution, ``levels`` causal convolutions (kernel 3,
    dilation 1, 2, 4, ...; ReLU; residual) and a linear head from the last time step's features to the
    ``horizon`` next values."""

    def __init__(self, width: int = 16, levels: int = 4, horizon: int = 8) -> None:
        super().__init__()
        self.inp = nn.Conv1d(1, width, 1)
        self.convs = nn.ModuleList(nn.Conv1d(width, width, 3, dilation=2**k) for k in range(levels))
        self.head = nn.Linear(width, horizon)

    def forward(self, x: Tensor) -> Tensor:
        h = self.inp(x.unsqueeze(1))
        for conv in self.convs:
            h = h + F.relu(conv(F.pad(h, (2 * conv.dilation[0], 0))))
        return self.head(h[:, :, -1])


class SeriesRNN(nn.Module):
    """A recurrent forecaster (rnn | gru) over the window's values, a linear head from its last state to the
    ``horizon`` next values; a vanilla RNN's recurrent weights start orthogonal times ``gain``."""

    def __init__(self, kind: str = "gru", hidden: int = 32, horizon: int = 8, gain: float = 1.0) -> None:
        super().__init__()
        self.rnn = {"gru": nn.GRU, "rnn": nn.RNN}[kind](1, hidden, batch_first=True)
        if kind == "rnn":
            with torch.no_grad():
                nn.init.orthogonal_(self.rnn.weight_hh_l0, gain=gain)
        self.head = nn.Linear(hidden, horizon)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.rnn(x.unsqueeze(-1))
        return self.head(h[:, -1])


def huber(out: Tensor, y: Tensor) -> Tensor:
    return F.huber_loss(out, y)


@lru_cache(maxsize=None)
def tagged_docs(n: int = 6000, seed: int = 104, *, vocab: int = 400, tags: int = 24, length: int = 32, keywords: int = 10,
                topical: float = 0.3, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                tag_seed: int = 104) -> Data:  # fmt: skip
    """Documents of ``length`` token ids with 1 to 4 of ``tags`` tags each: every tag owns ``keywords`` tokens
    (a few shared with another tag); each token of a document is, with probability ``topical``, a keyword of
    one of its tags, else a Zipf-distributed background token. The target is the multi-hot tag vector (float):
    multi-label classification, binary cross-entropy per tag. ``train_rows``: keep only that many documents.
    The tags' keywords are drawn with ``tag_seed``, the documents with ``seed`` (another seed: new documents
    of the same tags)."""
    owned = torch.randint(vocab, (tags, keywords), generator=torch.Generator().manual_seed(tag_seed))
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    count = 1 + torch.randint(4, (total,), generator=g)
    scores = torch.rand(total, tags, generator=g)
    rank = scores.argsort(1).argsort(1)
    y = (rank < count[:, None]).float()
    # each position: a keyword of one of the doc's tags (chosen uniformly among them) or background
    pick = torch.multinomial(y, length, replacement=True, generator=g)
    keyword = owned[pick, torch.randint(keywords, (total, length), generator=g)]
    zipf = 1.0 / torch.arange(1, vocab + 1, dtype=torch.float32)
    background = torch.multinomial(zipf, total * length, replacement=True, generator=g).view(total, length)
    x = torch.where(torch.rand(total, length, generator=g) < topical, keyword, background)
    data = split(x, y, n, "multilabel", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TagBagMLP(nn.Module):
    """An EmbeddingBag (the mean of the token embeddings), ``layers`` ReLU hidden layers and a linear head with
    one logit per tag. ``dead_bias`` < 0 starts the last hidden layer's biases there (its units never fire)."""

    def __init__(self, vocab: int = 400, tags: int = 24, dim: int = 32, hidden: int = 64, layers: int = 1,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.bag = nn.EmbeddingBag(vocab, dim, mode="mean")
        self.body = nn.Sequential(*(m for k in range(layers) for m in (nn.Linear(dim if k == 0 else hidden, hidden), nn.ReLU())))
        if dead_bias:
            with torch.no_grad():
                self.body[-2].bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, tags)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.body(self.bag(x)))


def bce_logits(out: Tensor, y: Tensor) -> Tensor:
    return F.binary_cross_entropy_with_logits(out, y)


def bce_logits_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy summed over rows and tags (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def bce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy per tag written by hand: once a logit passes ~17 (or -88), sigmoid is exactly 1.0
    (0.0) in float32 and ``log(1 - p)`` (``log(p)``) is log(0) = -inf; times a target of 0 that is NaN."""
    p = torch.sigmoid(out)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


@lru_cache(maxsize=None)
def pretrained_tagger_weights() -> dict[str, Tensor]:
    """A TagBagMLP trained (unrecorded) for 800 Adam steps on the tagged documents."""
    from harness import Setup, train

    pretraining = Setup(name="tagger-pretraining", data=tagged_docs(), model=TagBagMLP, optimizer=torch.optim.Adam,
                        lr=0.01, steps=800, seed=5, shuffle_offset=3000, loss_fn=bce_logits)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_tagger() -> TagBagMLP:
    """A TagBagMLP with the pretrained weights (a fine-tune starts from them)."""
    model = TagBagMLP()
    model.load_state_dict(pretrained_tagger_weights())
    return model
