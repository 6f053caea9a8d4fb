"""The forty-ninth fresh half (fresh47, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


TABTF_FIELDS, TABTF_VALUES, TABTF_NUMERIC, TABTF_CLASSES = 4, 6, 4, 4
"""Table rows of 4 categorical fields of 6 values each and 4 numeric features; 4 classes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def tabtf_rows(n: int = 4000, seed: int = 471, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Tabular classification with categorical interactions: 4 categorical fields of 6 values (uniform) and 4 numeric
    features N(0, 1); the class the argmax of a random teacher's logits (a random vector per value, a random vector per
    value pair of the fields (0, 1) and (2, 3), a random linear map of the numeric features, standardised to a spread of
    5) plus 0.3 x Gumbel noise, 5% random labels (a floor). x: (rows, 8): the 4 value ids (as floats), then the 4 numeric
    features; y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) numeric feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    f, v, c = TABTF_FIELDS, TABTF_VALUES, TABTF_CLASSES
    ids = torch.randint(v, (total, f), generator=g)
    num = torch.randn(total, TABTF_NUMERIC, generator=g)
    per_value = torch.randn(f, v, c, generator=g)
    pairs = torch.randn(2, v, v, c, generator=g)
    w = torch.randn(TABTF_NUMERIC, c, generator=g)
    logit = per_value[torch.arange(f)[None, :], ids].sum(1) + pairs[0, ids[:, 0], ids[:, 1]] + pairs[1, ids[:, 2], ids[:, 3]]
    logit = logit + num @ w
    logit = 5 * (logit - logit.mean(0)) / logit.std()
    gumbel = -torch.log(-torch.log(torch.rand(total, c, generator=g).clamp(1e-9, 1 - 1e-9)))
    y = (logit + 0.3 * gumbel).argmax(1)
    y = flip_labels(y, c, 0.05, g)
    x = torch.cat([ids.float(), num], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, f + 2] = float("nan")
    data = split(x, y, n, "tabular classification with categorical interactions (a TabTransformer-like classifier)", c, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, c, batch_size)
    return data


class TabTransformerNet(nn.Module):
    """A TabTransformer-like classifier (Huang et al. 2020): 16-d embeddings of the 4 categorical values (``embed``) plus
    a learned embedding of their column (``column``), one pre-LN transformer block over the 4 column tokens (2 heads,
    a GELU feed-forward 16-32-16), the contextual embeddings flattened (64) and concatenated with the LayerNorm'd numeric
    features (4), a ReLU layer ``hidden`` (68 -> 64), a ReLU layer ``fc`` (64 -> 32) and a ``head`` to the 4 classes.
    Output (rows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        f, v, d = TABTF_FIELDS, TABTF_VALUES, 16
        self.register_buffer("offsets", torch.arange(f) * v)
        self.embed = nn.Embedding(f * v, d)
        self.column = nn.Parameter(0.1 * torch.randn(f, d))
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, 2, batch_first=True)
        self.ff = nn.Sequential(nn.Linear(d, 32), nn.GELU(), nn.Linear(32, d))
        self.num_norm = nn.LayerNorm(TABTF_NUMERIC)
        self.hidden = nn.Linear(f * d + TABTF_NUMERIC, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, TABTF_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        raw = x[:, :TABTF_FIELDS].nan_to_num(0.0).long()
        h = self.embed(raw + self.offsets) + self.column
        a = self.ln1(h)
        h = h + self.attn(a, a, a, need_weights=False)[0]
        h = h + self.ff(self.ln2(h))
        z = torch.cat([h.flatten(1), self.num_norm(x[:, TABTF_FIELDS:])], 1)
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.hidden(z)))))
        return out


def tabtf_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CONFORMER_FRAMES, CONFORMER_BANDS, CONFORMER_CLASSES = 24, 8, 5
"""Clips of 24 frames of 8 filterbank-like bands; 5 keywords (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def conformer_clips(n: int = 6000, seed: int = 472, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Keyword spotting in synthetic "audio" features: 5 random keyword templates of 6 frames x 8 bands (N(0, 1), smoothed
    over time), one placed at a random frame of a 24-frame clip at a gain of 0.6-1.2, over a background of a random
    per-band level (N(0, 0.3^2)) plus N(0, 0.6^2) noise per frame and band; 5% random labels (a floor). x: (clips, 24,
    8); y: (clips,). ``nan_rows``: that share of the training clips has a missing (NaN) value."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t, b = CONFORMER_FRAMES, CONFORMER_BANDS
    raw = torch.randn(CONFORMER_CLASSES, 7, b, generator=g)
    templates = (raw[:, 1:] + raw[:, :-1]) / math.sqrt(2)
    y = torch.randint(CONFORMER_CLASSES, (total,), generator=g)
    at = torch.randint(t - 5, (total,), generator=g)
    gain = 0.6 + 0.6 * torch.rand(total, generator=g)
    x = 0.3 * torch.randn(total, 1, b, generator=g) + 0.6 * torch.randn(total, t, b, generator=g)
    for i in range(total):
        s = int(at[i])
        x[i, s : s + 6] += gain[i] * templates[y[i]]
    y = flip_labels(y, CONFORMER_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 11, 3] = float("nan")
    return split(x, y, n, "keyword spotting in synthetic audio features (a Conformer-like classifier)", CONFORMER_CLASSES, batch_size)


class ConformerBlock(nn.Module):
    """A Conformer block (Gulati et al. 2020) of width ``d``: half a feed-forward module (LayerNorm, d -> 2d, SiLU,
    2d -> d, x 0.5), multi-head self-attention (LayerNorm, 4 heads), the convolution module (LayerNorm, a pointwise
    convolution d -> 2d, GLU, a depthwise convolution of width 5, BatchNorm, SiLU, a pointwise convolution d -> d), the
    other half feed-forward module, each with a residual connection, and a final LayerNorm. Input and output
    (rows, frames, d)."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.ff1 = nn.Sequential(nn.LayerNorm(d), nn.Linear(d, 2 * d), nn.SiLU(), nn.Linear(2 * d, d))
        self.ln_attn = nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, 4, batch_first=True)
        self.ln_conv = nn.LayerNorm(d)
        self.pw1 = nn.Conv1d(d, 2 * d, 1)
        self.dw = nn.Conv1d(d, d, 5, padding=2, groups=d)
        self.bn = nn.BatchNorm1d(d)
        self.pw2 = nn.Conv1d(d, d, 1)
        self.ff2 = nn.Sequential(nn.LayerNorm(d), nn.Linear(d, 2 * d), nn.SiLU(), nn.Linear(2 * d, d))
        self.ln_out = nn.LayerNorm(d)

    def forward(self, x: Tensor) -> Tensor:
        x = x + 0.5 * self.ff1(x)
        a = self.ln_attn(x)
        x = x + self.attn(a, a, a, need_weights=False)[0]
        c = F.glu(self.pw1(self.ln_conv(x).transpose(1, 2)), 1)
        x = x + self.pw2(F.silu(self.bn(self.dw(c)))).transpose(1, 2)
        x = x + 0.5 * self.ff2(x)
        out: Tensor = self.ln_out(x)
        return out


class ConformerNet(nn.Module):
    """A tiny Conformer-like sequence classifier: a linear input projection ``inp`` (8 bands -> 32), one Conformer block,
    mean pooling over the frames, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 5 keywords. Output (clips, 5).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(CONFORMER_BANDS, 32)
        self.block = ConformerBlock(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, CONFORMER_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.block(self.inp(x)).mean(1)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def conformer_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the keywords summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


GCNII_NODES, GCNII_BLOCKS, GCNII_FEATURES, GCNII_LAYERS = 1000, 4, 12, 8
"""GCNII classifies the 1000 nodes of a stochastic block model graph of 4 communities from 12 noisy features, through 8
graph convolution layers."""
GCNII_ALPHA, GCNII_LAMBDA = 0.1, 0.5
"""GCNII's initial-residual share alpha and the lambda of its identity mapping, beta_l = ln(lambda / l + 1)."""


@lru_cache(maxsize=None)
def gcnii_graph(seed: int = 473) -> tuple[Tensor, Tensor]:
    """A stochastic block model graph of 1000 nodes in 4 equal communities (expected degree 5 inside a node's community,
    2 outside) as its symmetrically normalised adjacency with self-loops, D^-1/2 (A + I) D^-1/2 (dense, (nodes, nodes)),
    and the nodes' features (0.4 x the community's random centre plus N(0, 1) noise, 12 of them) and communities, packed
    as (adjacency, torch.cat([features, communities]))."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = GCNII_NODES, GCNII_BLOCKS
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(5.0 / size), torch.tensor(2.0 / (nodes - size)))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = ((upper | upper.T) | torch.eye(nodes, dtype=torch.bool)).float()
    d = adj.sum(1).rsqrt()
    norm = d[:, None] * adj * d[None, :]
    centres = torch.randn(blocks, GCNII_FEATURES, generator=g)
    x = 0.4 * centres[block] + torch.randn(nodes, GCNII_FEATURES, generator=g)
    return norm, torch.cat([x, block[:, None].float()], 1)


@lru_cache(maxsize=None)
def gcnii_nodes(n: int = 600, seed: int = 473, *, n_val: int = 400, batch_size: int = 32) -> Data:
    """Node classification on ``gcnii_graph(seed)``: the input is a node's id, the target its community (5% of the
    training labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive)."""
    block = gcnii_graph(seed)[1][:, -1].long()
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    y = torch.cat([flip_labels(y[:n], GCNII_BLOCKS, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (GCNII on a stochastic block model graph)", GCNII_BLOCKS, batch_size)


class GCNIINet(nn.Module):
    """A GCNII-like deep graph convolution node classifier (Chen et al. 2020) reading node ids: ``inp`` (12 -> 32, ReLU)
    gives h0; 8 layers h <- ReLU(((1 - beta_l) I + beta_l W_l) ((1 - alpha) S h + alpha h0)), S the normalised adjacency,
    alpha = 0.1 (the initial residual), beta_l = ln(0.5 / l + 1) (the identity mapping), ``convs`` the W_l (32 -> 32, no
    bias); the whole graph computed each step, then a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 communities of
    the nodes asked. Output (nodes, 4). ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that share of the nodes
    has a missing (NaN) feature."""

    def __init__(self, seed: int = 473, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        norm, packed = gcnii_graph(seed)
        x = packed[:, :GCNII_FEATURES].clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 3] = float("nan")
        self.register_buffer("norm", norm)
        self.register_buffer("feats", x)
        self.inp = nn.Linear(GCNII_FEATURES, 32)
        self.convs = nn.ModuleList(nn.Linear(32, 32, bias=False) for _ in range(GCNII_LAYERS))
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, GCNII_BLOCKS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h0 = F.relu(self.inp(self.feats))
        h = h0
        for layer, conv in enumerate(self.convs, 1):
            beta = math.log(GCNII_LAMBDA / layer + 1)
            support = (1 - GCNII_ALPHA) * (self.norm @ h) + GCNII_ALPHA * h0
            h = F.relu((1 - beta) * support + beta * conv(support))
        out: Tensor = self.head(F.relu(self.fc(h[ids])))
        return out


def gcnii_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the communities summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CAUCHYREG_FEATURES, CAUCHYREG_SCALE = 8, 1.0
"""Rows of 8 features; the Cauchy (Lorentzian) loss's scale c = 1."""


@lru_cache(maxsize=None)
def cauchyreg_rows(n: int = 4000, seed: int = 474, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Regression under heavy-tailed noise: 8 features N(0, 1); the clean target sin(1.5 x0) + 0.6 x1 x2 - 0.4 x3^2 +
    0.5 x4 + 0.3 tanh(2 x5) + 0.4, scaled by 1.5; the target it plus 0.25 x a standard Cauchy variate (no mean, no
    variance: outliers of any size) plus N(0, 0.1^2). x: (rows, 8); y: (rows,). ``nan_rows``: that share of the training
    rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, CAUCHYREG_FEATURES, generator=g)
    clean = torch.sin(1.5 * x[:, 0]) + 0.6 * x[:, 1] * x[:, 2] - 0.4 * x[:, 3] ** 2 + 0.5 * x[:, 4] + 0.3 * torch.tanh(2 * x[:, 5]) + 0.4
    cauchy = torch.tan(math.pi * (torch.rand(total, generator=g) - 0.5))
    y = 1.5 * clean + 0.25 * cauchy + 0.1 * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    return split(x, y, n, "regression under heavy-tailed (Cauchy) noise (an MLP, the Cauchy loss)", None, batch_size)


class CauchyRegMLP(nn.Module):
    """A ReLU MLP regressor: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 1).
    Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(CAUCHYREG_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x)))).squeeze(1)
        return out


def cauchyreg_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Cauchy (Lorentzian) loss of each row: c^2 / 2 ln(1 + ((y - out) / c)^2), c = 1; quadratic for small
    residuals, logarithmic for outliers."""
    c = CAUCHYREG_SCALE
    return 0.5 * c * c * torch.log1p(((y - out) / c) ** 2)


def cauchyreg_loss(out: Tensor, y: Tensor) -> Tensor:
    """The Cauchy loss, mean over the rows."""
    return cauchyreg_terms(out, y).mean()


def cauchyreg_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Cauchy loss summed over the batch's rows (reduction='sum')."""
    return cauchyreg_terms(out, y).sum()


def cauchyreg_at_zero() -> float:
    """The Cauchy loss of a prediction of 0: its level at init."""
    return float(cauchyreg_loss(torch.zeros(len(cauchyreg_rows().y)), cauchyreg_rows().y))
