"""The fifty-ninth fresh half (fresh57, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from fixcheck_families.fresh7 import AUX_OFFSET
from harness import Data, flip_labels, split


PATCHTST_LOOKBACK, PATCHTST_HORIZON, PATCHTST_CHANNELS, PATCHTST_PATCH = 48, 12, 4, 8
"""Windows of 48 steps of 4 channels forecast 12 steps ahead; patches of 8 steps (6 per window)."""


@lru_cache(maxsize=None)
def patchtst_series(n: int = 4000, seed: int = 571, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Multivariate series of 4 channels that share no parameters: each window and channel a level N(0, 2^2) (instance
    normalisation removes it), a slope N(0, 0.02^2), a cycle of the channel's own period (6, 8, 12 or 16 steps,
    amplitude 0.6-1.2, a random phase per window), a second harmonic of a third of its amplitude and AR(1) noise (phi
    0.6, innovations N(0, 0.2^2)); the first 48 steps the input, the last 12 the target. x: (windows, 48, 4); y:
    (windows, 12, 4). ``nan_rows``: that share of the training windows has a missing (NaN) value; ``train_rows``: keep
    only that many training windows."""
    g = torch.Generator().manual_seed(seed)
    total, c = n + n_val, PATCHTST_CHANNELS
    steps = PATCHTST_LOOKBACK + PATCHTST_HORIZON
    t = torch.arange(steps).float()[None, :, None]
    period = torch.tensor([6.0, 8.0, 12.0, 16.0])[None, None, :]
    amp = 0.6 + 0.6 * torch.rand(total, 1, c, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, c, generator=g)
    level = 2.0 * torch.randn(total, 1, c, generator=g)
    slope = 0.02 * torch.randn(total, 1, c, generator=g)
    wave = amp * (torch.sin(2 * math.pi * t / period + phase) + torch.sin(4 * math.pi * t / period + 2 * phase) / 3)
    noise = torch.zeros(total, steps, c)
    innov = 0.2 * torch.randn(total, steps, c, generator=g)
    for k in range(steps):
        noise[:, k] = innov[:, k] + (0.6 * noise[:, k - 1] if k else 0.0)
    series = level + slope * t + wave + noise
    x, y = series[:, :PATCHTST_LOOKBACK].clone(), series[:, PATCHTST_LOOKBACK:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 20, 1] = float("nan")
    data = split(x, y, n, "multivariate forecasting (a PatchTST-like channel-independent patch transformer)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class PatchEncoderLayer(nn.Module):
    """A transformer encoder layer over the patches: multi-head self-attention (2 heads), pre-LN, a residual; a GELU MLP
    (16-32-16), pre-LN, a residual."""

    def __init__(self, d: int = 16, heads: int = 2) -> None:
        super().__init__()
        self.heads, self.dh = heads, d // heads
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, h: Tensor) -> Tensor:
        b, n, d = h.shape
        q, k, v = self.qkv(self.ln1(h)).view(b, n, 3, self.heads, self.dh).permute(2, 0, 3, 1, 4)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(self.dh), -1) @ v
        h = h + self.out(att.transpose(1, 2).reshape(b, n, d))
        out: Tensor = h + self.mlp(self.ln2(h))
        return out


class PatchTSTNet(nn.Module):
    """A tiny PatchTST-like forecaster (Nie et al. 2023): each channel on its own (channel independence, shared weights),
    its window normalised by its own mean and standard deviation (instance normalisation, RevIN without the affine
    part), cut into 6 patches of 8 steps embedded linearly (``embed`` 8 -> 16) plus learned positions, a transformer
    encoder layer, a LayerNorm, the flattened patches through a ReLU layer ``fc`` (96 -> 32) and a ``head`` (32 -> 12)
    onto the horizon, de-normalised. Output (windows, 12, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d, patches = 16, PATCHTST_LOOKBACK // PATCHTST_PATCH
        self.embed = nn.Linear(PATCHTST_PATCH, d)
        self.pos = nn.Parameter(0.1 * torch.randn(patches, d))
        self.encoder = PatchEncoderLayer(d)
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(patches * d, 32)
        self.head = nn.Linear(32, PATCHTST_HORIZON)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, length, c = x.shape
        s = x.transpose(1, 2).reshape(b * c, length)
        mu = s.mean(1, keepdim=True)
        sd = (s.var(1, keepdim=True, unbiased=False) + 1e-5).sqrt()
        z = ((s - mu) / sd).view(b * c, length // PATCHTST_PATCH, PATCHTST_PATCH)
        h = self.encoder(self.embed(z) + self.pos)
        f = self.head(F.relu(self.fc(self.norm(h).flatten(1))))
        out: Tensor = (f * sd + mu).view(b, c, PATCHTST_HORIZON).transpose(1, 2)
        return out


def patchtst_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (the mean over each window's 48 values, summed)."""
    return F.mse_loss(out, y, reduction="sum") / (PATCHTST_HORIZON * PATCHTST_CHANNELS)


def patchtst_at_mean() -> float:
    """The MSE of forecasting each channel's window mean (what an untrained PatchTST with a small head gives): its level
    at init."""
    d = patchtst_series()
    return float((d.y - d.x.mean(1, keepdim=True)).pow(2).mean())


@lru_cache(maxsize=None)
def pretrained_patchtst_weights() -> dict[str, Tensor]:
    """A PatchTST-like forecaster trained (unrecorded) for 500 Adam steps on the first 3000 windows (a checkpoint that
    a fine-tune on all of them starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="patchtst-pretraining", data=patchtst_series(train_rows=3000), model=PatchTSTNet,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=500, seed=5, shuffle_offset=3000,
                        loss_fn=F.mse_loss)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_patchtst() -> PatchTSTNet:
    """A PatchTST-like forecaster with the pretrained weights (a fine-tune starts from them)."""
    model = PatchTSTNet()
    model.load_state_dict(pretrained_patchtst_weights())
    return model


CLOCKWORK_LENGTH, CLOCKWORK_INPUTS, CLOCKWORK_CLASSES, CLOCKWORK_PERIODS = 16, 2, 4, (1, 2, 4, 8)
"""Sequences of 16 steps of 2 inputs, 4 classes (ln 4 = 1.39 at chance); 4 modules of 8 units with periods 1-8."""


@lru_cache(maxsize=None)
def clockwork_sequences(n: int = 4000, seed: int = 573, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                        train_rows: int | None = None) -> Data:  # fmt: skip
    """Sequence classification over 16 steps of 2 inputs, the class 2 bits: input 0 a cycle of period 16 or of period 4
    (bit 1; amplitude 0.8-1.2, a random phase), input 1 a pulse of +1 or -1 (bit 0) held 8 steps from a random step in the
    first 8 (remembered to the end); N(0, 0.3^2) noise on both; 5% random labels (a floor). x: (sequences, 16, 2);
    y: (sequences,). ``nan_rows``: that share of the training sequences has a missing (NaN) input; ``train_rows``: keep
    only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, CLOCKWORK_LENGTH
    y = torch.randint(CLOCKWORK_CLASSES, (total,), generator=g)
    t = torch.arange(length).float()[None, :]
    period = torch.where(y >= 2, 4.0, 16.0)[:, None]
    amp = 0.8 + 0.4 * torch.rand(total, 1, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, generator=g)
    x = 0.3 * torch.randn(total, length, CLOCKWORK_INPUTS, generator=g)
    x[:, :, 0] += amp * torch.sin(2 * math.pi * t / period + phase)
    at = torch.randint(0, 8, (total,), generator=g)
    sign = torch.where(y % 2 == 1, 1.0, -1.0)
    held = (t >= at[:, None].float()) & (t < at[:, None].float() + 8)
    x[:, :, 1] += held.float() * sign[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 10, 0] = float("nan")
    y = flip_labels(y, CLOCKWORK_CLASSES, 0.05, g)
    data = split(x, y, n, "sequence classification (a Clockwork RNN)", CLOCKWORK_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CLOCKWORK_CLASSES, batch_size)
    return data


class ClockworkNet(nn.Module):
    """A Clockwork RNN classifier (Koutnik et al. 2014): a hidden state of 4 modules of 8 units with periods 1, 2, 4, 8;
    at step t a module whose period divides t takes h_i = tanh(W_in x_t + sum over modules j no faster than i of W_ij
    h_j + b) (``inp`` 2 -> 32, ``rec`` 32 x 32 masked block-upper-triangular, so a module reads only from itself and
    slower ones), the others keep their state; the final state through a ReLU layer ``fc`` (32 -> 32) and a ``head``
    to the 4 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        size, m = 8, len(CLOCKWORK_PERIODS)
        hidden = size * m
        self.inp = nn.Linear(CLOCKWORK_INPUTS, hidden)
        self.rec = nn.Parameter(torch.empty(hidden, hidden))
        nn.init.orthogonal_(self.rec)
        module = torch.arange(hidden) // size
        self.register_buffer("mask", (module[None, :] >= module[:, None]).float())
        self.register_buffer("period", torch.tensor(CLOCKWORK_PERIODS).repeat_interleave(size))
        self.fc = nn.Linear(hidden, 32)
        self.head = nn.Linear(32, CLOCKWORK_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, length, _ = x.shape
        w = self.rec * self.mask
        drive = self.inp(x)  # (b, length, hidden)
        h = x.new_zeros(b, w.shape[0])
        for t in range(length):
            active = (t % self.period) == 0
            h = torch.where(active, torch.tanh(drive[:, t] + h @ w.T), h)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def clockwork_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


DIFFPOOL_NODES, DIFFPOOL_FEATURES, DIFFPOOL_CLASSES, DIFFPOOL_CLUSTERS, DIFFPOOL_AUX = 16, 3, 4, 4, 0.05
"""Graphs of 16 nodes with 3 features, 4 classes (ln 4 = 1.39 at chance); pooled to 4 clusters; the auxiliary loss's
weight."""


@lru_cache(maxsize=None)
def diffpool_graphs(n: int = 3000, seed: int = 575, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Graph classification of 16-node graphs by their number of communities (1-4, the class): the nodes split into
    that many near-equal communities, edges with probability 0.6 inside a community (0.3 for the single one) and 0.04
    between them; 2 random edges flipped, the nodes shuffled. Each node carries 3 features: N(0, 1) noise, its degree /
    6 plus N(0, 0.3^2) noise, and its community's share of the nodes plus N(0, 0.3^2) noise; 5% random labels (a floor).
    x: (graphs, 16, 16 + 3), the adjacency then the features; y: (graphs,). ``nan_rows``: that share of the training
    graphs has a missing (NaN) node feature; ``train_rows``: keep only that many training graphs."""
    g = torch.Generator().manual_seed(seed)
    total, nn_ = n + n_val, DIFFPOOL_NODES
    y = torch.randint(DIFFPOOL_CLASSES, (total,), generator=g)
    adjs = torch.zeros(total, nn_, nn_)
    share = torch.zeros(total, nn_)
    for i in range(total):
        k = int(y[i]) + 1
        comm = torch.arange(nn_) * k // nn_
        same = comm[:, None] == comm[None, :]
        p = torch.where(same, 0.3 if k == 1 else 0.6, 0.04)
        a = (torch.rand(nn_, nn_, generator=g) < p).float().triu(1)
        a = a + a.T
        for _ in range(2):
            u, w = torch.randint(nn_, (2,), generator=g).tolist()
            if u != w:
                a[u, w] = a[w, u] = 1 - a[u, w]
        perm = torch.randperm(nn_, generator=g)
        adjs[i] = a[perm][:, perm]
        share[i] = (same.float().sum(1) / nn_)[perm]
    deg = adjs.sum(2)
    feats = torch.stack([torch.randn(total, nn_, generator=g), deg / 6 + 0.3 * torch.randn(total, nn_, generator=g),
                         share + 0.3 * torch.randn(total, nn_, generator=g)], 2)  # fmt: skip
    x = torch.cat([adjs, feats], 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5, nn_] = float("nan")
    y = flip_labels(y, DIFFPOOL_CLASSES, 0.05, g)
    data = split(x, y, n, "graph classification (DiffPool: a GNN with differentiable hierarchical pooling)", DIFFPOOL_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, DIFFPOOL_CLASSES, batch_size)
    return data


def _mean_adjacency(a: Tensor) -> Tensor:
    """A + I normalised by its row sums (mean aggregation over a node and its neighbours)."""
    a = a + torch.eye(a.shape[-1], device=a.device)
    return a / a.sum(-1, keepdim=True)


class DiffPoolNet(nn.Module):
    """A tiny DiffPool-like graph classifier (Ying et al. 2018): an embedding GNN (2 mean-aggregation layers, ``embed1``
    3 -> 16, ``embed2`` 16 -> 16, ReLU) Z, an assignment GNN (``assign1`` 3 -> 16, ``assign2`` 16 -> 4) and a softmax
    over the 4 clusters S; the coarsened graph X' = S^T Z, A' = S^T A S through a third GNN layer (``coarse`` 16 -> 16,
    ReLU), pooled again (a mean over the clusters), a LayerNorm, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4
    classes. The auxiliary loss per graph, the link-prediction error mean((A - S S^T)^2) plus the mean entropy of the
    nodes' assignments, rides in an extra last column as -(AUX_OFFSET + aux) (never an argmax): (graphs, 5).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 16
        self.embed1, self.embed2 = nn.Linear(DIFFPOOL_FEATURES, d), nn.Linear(d, d)
        self.assign1, self.assign2 = nn.Linear(DIFFPOOL_FEATURES, d), nn.Linear(d, DIFFPOOL_CLUSTERS)
        self.coarse = nn.Linear(d, d)
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, DIFFPOOL_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        adj, feats = x[..., :DIFFPOOL_NODES], x[..., DIFFPOOL_NODES:]
        a = _mean_adjacency(adj)
        z = F.relu(self.embed2(a @ F.relu(self.embed1(a @ feats))))
        s = torch.softmax(self.assign2(a @ F.relu(self.assign1(a @ feats))), -1)  # (graphs, nodes, clusters)
        pooled_x = s.transpose(1, 2) @ z
        pooled_a = s.transpose(1, 2) @ adj @ s
        h = F.relu(self.coarse(_mean_adjacency(pooled_a) @ pooled_x)).mean(1)
        logits = self.head(F.relu(self.fc(self.norm(h))))
        link = (adj - s @ s.transpose(1, 2)).pow(2).mean((1, 2))
        entropy = -(s * torch.log(s + 1e-9)).sum(-1).mean(1)
        out: Tensor = torch.cat([logits, (-(AUX_OFFSET + link + entropy))[:, None]], 1)
        return out


def diffpool_loss(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy of the classes plus 0.05 x the auxiliary link-prediction and entropy loss (batch means)."""
    aux = -out[:, -1] - AUX_OFFSET
    return F.cross_entropy(out[:, :-1], y) + DIFFPOOL_AUX * aux.mean()


def diffpool_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy and the auxiliary loss summed over the batch's graphs (reduction='sum')."""
    aux = -out[:, -1] - AUX_OFFSET
    return F.cross_entropy(out[:, :-1], y, reduction="sum") + DIFFPOOL_AUX * aux.sum()


AUTOINT_FIELDS, AUTOINT_VALUES, AUTOINT_NUMERIC = 6, 16, 2
"""Click rows of 6 categorical fields of 16 values each and 2 numeric fields."""


@lru_cache(maxsize=None)
def autoint_clicks(n: int = 4000, seed: int = 577, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """A synthetic click log: 6 categorical fields of 16 values each (uniform) and 2 numeric fields N(0, 1); the click's
    logit a random bias per value (N(0, 1)), the dot products of random 2-d latent vectors of the values of fields 0
    and 1 and of fields 2 and 3, a third-order term (field 4's random sign times field 5's random sign times numeric 0)
    and 0.8 tanh(2 numeric 1), standardised to a spread of 6, the click drawn Bernoulli (about 45% clicks). x: (rows, 8): the
    6 value ids (as floats), then the 2 numeric fields; y: (rows,) 0/1 floats. ``nan_rows``: that share of the training
    rows has a missing (NaN) numeric field; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total, v = n + n_val, AUTOINT_VALUES
    ids = torch.randint(v, (total, AUTOINT_FIELDS), generator=g)
    num = torch.randn(total, AUTOINT_NUMERIC, generator=g)
    bias = torch.randn(AUTOINT_FIELDS, v, generator=g)
    latent = torch.randn(AUTOINT_FIELDS, v, 2, generator=g)
    pair01 = latent[0] @ latent[1].T
    pair23 = latent[2] @ latent[3].T
    sign4 = torch.where(torch.rand(v, generator=g) < 0.5, -1.0, 1.0)
    sign5 = torch.where(torch.rand(v, generator=g) < 0.5, -1.0, 1.0)
    logit = (bias[torch.arange(AUTOINT_FIELDS)[None, :], ids].sum(1) + pair01[ids[:, 0], ids[:, 1]]
             + pair23[ids[:, 2], ids[:, 3]] + sign4[ids[:, 4]] * sign5[ids[:, 5]] * num[:, 0] + 0.8 * torch.tanh(2 * num[:, 1]))  # fmt: skip
    logit = 6 * (logit - logit.mean()) / logit.std() - 0.2
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    x = torch.cat([ids.float(), num], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, AUTOINT_FIELDS] = float("nan")
    data = split(x, y, n, "click-through prediction (AutoInt: self-attentive feature interactions)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class InteractingLayer(nn.Module):
    """AutoInt's interacting layer: multi-head self-attention over the field embeddings (2 heads of 4, no biases), a
    residual projection ``res`` of the input, a ReLU."""

    def __init__(self, d: int = 8, heads: int = 2) -> None:
        super().__init__()
        self.heads, self.dh = heads, d // heads
        self.q, self.k, self.v = nn.Linear(d, d, bias=False), nn.Linear(d, d, bias=False), nn.Linear(d, d, bias=False)
        self.res = nn.Linear(d, d, bias=False)

    def forward(self, e: Tensor) -> Tensor:
        b, f, d = e.shape
        q, k, v = (m(e).view(b, f, self.heads, self.dh).transpose(1, 2) for m in (self.q, self.k, self.v))
        att = (torch.softmax(q @ k.transpose(-1, -2), -1) @ v).transpose(1, 2).reshape(b, f, d)
        return F.relu(att + self.res(e))


class AutoIntNet(nn.Module):
    """AutoInt (Song et al. 2019): an 8-d embedding per categorical value (``embed``) and per numeric field (``numeric``,
    scaled by the value), 2 stacked interacting layers over the 8 field embeddings, the flattened result (64) through a
    ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 1) to the click's logit. Output (rows,). ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 8
        self.register_buffer("offsets", torch.arange(AUTOINT_FIELDS) * AUTOINT_VALUES)
        self.embed = nn.Embedding(AUTOINT_FIELDS * AUTOINT_VALUES, d)
        self.numeric = nn.Parameter(torch.randn(AUTOINT_NUMERIC, d))
        self.layers = nn.ModuleList(InteractingLayer(d) for _ in range(2))
        self.fc = nn.Linear((AUTOINT_FIELDS + AUTOINT_NUMERIC) * d, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = x[:, :AUTOINT_FIELDS].nan_to_num(0.0).long() + self.offsets
        num = x[:, AUTOINT_FIELDS:]
        e = torch.cat([self.embed(ids), num[:, :, None] * self.numeric], 1)  # (rows, 8 fields, 8)
        for layer in self.layers:
            e = layer(e)
        out: Tensor = self.head(F.relu(self.fc(e.flatten(1)))).squeeze(1)
        return out


def autoint_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the clicks, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


def autoint_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the clicks summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")
