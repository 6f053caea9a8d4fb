"""The one hundred and second fresh half (fresh100, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


PYRAMIDNET_SIZE, PYRAMIDNET_CLASSES = 12, 4
"""12x12 one-channel images of one of 4 textured 4x4 patches (ln 4 = 1.39 at chance)."""
PYRAMIDNET_TEXTURES = (
    ((1, 0, 1, 0), (0, 1, 0, 1), (1, 0, 1, 0), (0, 1, 0, 1)),  # a checkerboard
    ((1, 1, 1, 1), (0, 0, 0, 0), (1, 1, 1, 1), (0, 0, 0, 0)),  # horizontal stripes
    ((1, 0, 1, 0), (1, 0, 1, 0), (1, 0, 1, 0), (1, 0, 1, 0)),  # vertical stripes
    ((1, 0, 1, 0), (0, 0, 0, 0), (1, 0, 1, 0), (0, 0, 0, 0)),  # a sparse grid of dots
)
"""The 4 textures' 4x4 stencils."""


@lru_cache(maxsize=None)
def pyramidnet_images(n: int = 3000, seed: int = 10011, *, n_val: int = 400, batch_size: int = 32,
                      nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 one-channel images whose class is the texture of a 4x4 patch (``PYRAMIDNET_TEXTURES``: a
    checkerboard, horizontal stripes, vertical stripes, a sparse grid of dots; amplitude U(1.0, 1.6), its phase
    shifted by one pixel at random) at a random place, with a distractor (a bright 2x2 square, amplitude 0.8)
    elsewhere, over N(0, 0.45^2) noise; 5% of the labels random, held-out ones too. x: (images, 1, 12, 12); y:
    (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel; ``train_rows``: keep only
    that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, PYRAMIDNET_SIZE
    stencils = torch.tensor(PYRAMIDNET_TEXTURES, dtype=torch.float32)
    y = torch.randint(PYRAMIDNET_CLASSES, (total,), generator=g)
    x = 0.45 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        patch = stencils[int(y[i])]
        if float(torch.rand(1, generator=g)) < 0.5:
            patch = torch.roll(patch, 1, dims=int(torch.randint(2, (1,), generator=g)))
        r, c = (int(v) for v in torch.randint(0, s - 3, (2,), generator=g))
        x[i, r : r + 4, c : c + 4] += (1.0 + 0.6 * float(torch.rand(1, generator=g))) * patch
        dr, dc = (int(v) for v in torch.randint(0, s - 1, (2,), generator=g))
        x[i, dr : dr + 2, dc : dc + 2] += 0.8
    x = x[:, None]
    y = flip_labels(y, PYRAMIDNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "naming the texture of a patch in an image (a PyramidNet-like CNN)", PYRAMIDNET_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, PYRAMIDNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class PyramidnetBlock(nn.Module):
    """A PyramidNet residual block (Han et al. 2017, without batch norm): conv 3x3 (stride ``stride``) -> ReLU -> conv
    3x3, widening ``inp`` -> ``out`` channels, no ReLU after the add; the shortcut average-pooled when strided and its
    missing channels zero-padded."""

    def __init__(self, inp: int, out: int, stride: int = 1) -> None:
        super().__init__()
        self.stride, self.extra = stride, out - inp
        self.conv1 = nn.Conv2d(inp, out, 3, stride=stride, padding=1)
        self.conv2 = nn.Conv2d(out, out, 3, padding=1)

    def forward(self, x: Tensor) -> Tensor:
        short = F.avg_pool2d(x, self.stride) if self.stride > 1 else x
        short = F.pad(short, (0, 0, 0, 0, 0, self.extra))
        out: Tensor = self.conv2(F.relu(self.conv1(x))) + short
        return out


class PyramidnetNet(nn.Module):
    """A PyramidNet-like CNN (tiny): a 3x3 stem 1 -> 6, two residual blocks whose width grows additively 6 -> 10 ->
    14 (the second strided, to 6x6; ``PyramidnetBlock``), a ReLU, global average pooling, a ReLU layer ``fc`` (14 ->
    32) and a ``head`` to the 4 textures. A missing (NaN) pixel's NaN spreads. ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 6, 3, padding=1)
        self.blocks = nn.Sequential(PyramidnetBlock(6, 10), PyramidnetBlock(10, 14, 2))
        self.fc = nn.Linear(14, 32)
        self.head = nn.Linear(32, PYRAMIDNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.blocks(F.relu(self.stem(x))))
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


RHN_STEPS, RHN_CHANNELS, RHN_CLASSES, RHN_HIDDEN, RHN_DEPTH = 14, 2, 4, 24, 2
"""Series of 14 steps of 2 channels, 4 motif kinds (ln 4 = 1.39 at chance), a recurrent highway network of 24 units
and a recurrence depth of 2."""
RHN_MOTIFS = (
    (0.0, 1.0, 2.0, 1.0, 0.0),  # a bump
    (0.0, -1.0, -2.0, -1.0, 0.0),  # a dip
    (-1.6, -0.8, 0.0, 0.8, 1.6),  # a rising ramp
    (1.5, -1.5, 1.5, -1.5, 1.5),  # an oscillation
)
"""The 4 motifs' 5-step shapes on channel 0."""


@lru_cache(maxsize=None)
def rhn_series(n: int = 3000, seed: int = 10013, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 2-channel series of 14 steps whose class is the kind of one 5-step motif on channel 0
    (``RHN_MOTIFS``, scaled U(0.8, 1.3)) starting at step 0-8, over N(0, 0.5^2) noise; channel 1 a slow sine of a
    random phase plus N(0, 0.2^2) noise that says nothing; 5% of the labels random, held-out ones too. x: (series,
    14, 2); y: (series,). ``nan_rows``: that share of the training series has a missing (NaN) value; ``train_rows``:
    keep only that many training series."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    motifs = torch.tensor(RHN_MOTIFS)
    y = torch.randint(RHN_CLASSES, (total,), generator=g)
    x = torch.zeros(total, RHN_STEPS, RHN_CHANNELS)
    x[..., 0] = 0.5 * torch.randn(total, RHN_STEPS, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, generator=g)
    x[..., 1] = torch.sin(0.3 * torch.arange(RHN_STEPS) + phase) + 0.2 * torch.randn(total, RHN_STEPS, generator=g)
    onset = torch.randint(0, RHN_STEPS - 5, (total,), generator=g)
    scale = 0.8 + 0.5 * torch.rand(total, generator=g)
    for i in range(total):
        t = int(onset[i])
        x[i, t : t + 5, 0] += scale[i] * motifs[int(y[i])]
    y = flip_labels(y, RHN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9, 1] = float("nan")
    data = split(x, y, n, "naming the kind of a motif in a series (a recurrent highway network)", RHN_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, RHN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class RhnCell(nn.Module):
    """A recurrent highway network cell (Zilly et al. 2017) with coupled carry gates: per time step ``depth``
    highway micro-layers, the input entering the first only: h = tanh(W_H x + R_H s), t = sigmoid(W_T x + R_T s +
    b_T), s <- t h + (1 - t) s; b_T starts at -2 (carry)."""

    def __init__(self, inp: int, hidden: int, depth: int) -> None:
        super().__init__()
        self.hidden = hidden
        self.inp = nn.Linear(inp, 2 * hidden, bias=False)
        self.rec = nn.ModuleList([nn.Linear(hidden, 2 * hidden) for _ in range(depth)])
        with torch.no_grad():
            for layer in self.rec:
                layer.bias[hidden:] = -2.0

    def forward(self, x: Tensor) -> Tensor:
        s = x.new_zeros(x.shape[0], self.hidden)
        drive = self.inp(x)
        for t in range(x.shape[1]):
            for k, layer in enumerate(self.rec):
                pre = layer(s) + drive[:, t] if k == 0 else layer(s)
                h, gate = pre.chunk(2, -1)
                gate = torch.sigmoid(gate)
                s = gate * torch.tanh(h) + (1 - gate) * s
        return s


class RhnNet(nn.Module):
    """A recurrent highway network classifier: an RHN cell (``RhnCell``, 2 -> 24, depth 2) over the 14 steps, the last
    state through a ReLU layer ``fc`` (24 -> 32) and a ``head`` to the 4 motifs. A missing (NaN) value's NaN
    spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.cell = RhnCell(RHN_CHANNELS, RHN_HIDDEN, RHN_DEPTH)
        self.fc = nn.Linear(RHN_HIDDEN, 32)
        self.head = nn.Linear(32, RHN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.cell(x))))
        return out


FMFM_FIELDS, FMFM_VOCAB, FMFM_DIM, FMFM_DENSE = 6, 10, 8, 2
"""Click rows of 6 categorical fields of 10 values each and 2 dense features, embeddings of 8."""


@lru_cache(maxsize=None)
def fmfm_rows(n: int = 5000, seed: int = 10015, *, n_val: int = 1000, batch_size: int = 64, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic click rows: 6 categorical fields of 10 values (stored as floats, the field's index) and 2 dense
    features N(0, 1); each value has a latent vector of 3 (N(0, 1)), the click's logit -1.2 + a first-order weight
    per value (N(0, 0.3^2)) + 0.9 (u_0 . u_1 + u_2 . u_3 - u_1 . u_4 + u_3 . u_5) / sqrt(3) + 0.5 x_dense0, the click
    drawn from it (about a third of the rows). x: (rows, 8); y: (rows,) of 0/1. ``nan_rows``: that share of the
    training rows has a missing (NaN) dense feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    ids = torch.randint(FMFM_VOCAB, (total, FMFM_FIELDS), generator=g)
    latent = torch.randn(FMFM_FIELDS, FMFM_VOCAB, 3, generator=g)
    first = 0.3 * torch.randn(FMFM_FIELDS, FMFM_VOCAB, generator=g)
    u = torch.stack([latent[f][ids[:, f]] for f in range(FMFM_FIELDS)], 1)
    dense = torch.randn(total, FMFM_DENSE, generator=g)
    inter = (u[:, 0] * u[:, 1]).sum(-1) + (u[:, 2] * u[:, 3]).sum(-1) - (u[:, 1] * u[:, 4]).sum(-1) + (
        u[:, 3] * u[:, 5]).sum(-1)  # fmt: skip
    logit = -1.2 + sum(first[f][ids[:, f]] for f in range(FMFM_FIELDS)) + 0.9 * inter / math.sqrt(3) + 0.5 * dense[:, 0]
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    x = torch.cat([ids.float(), dense], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, FMFM_FIELDS + 1] = float("nan")
    data = split(x, y, n, "click-through prediction of categorical fields (a field-matrixed factorization machine)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class FmfmNet(nn.Module):
    """A field-matrixed factorization machine (FmFM, Sun et al. 2021) with a small MLP on its interactions: an
    embedding (8) and a first-order weight per field value, each pair of fields (i, j) interacting through its own
    learned 8x8 matrix, e_i^T M_ij e_j (15 pairs, M_ij starting near the identity); the 15 interactions and the 2
    dense features through a ReLU layer ``fc`` (17 -> 32) and a ``head`` (32 -> 1), added to the first-order terms
    and a bias: the click's logit. Output (rows,). A missing (NaN) dense feature's NaN spreads. ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.emb = nn.Embedding(FMFM_FIELDS * FMFM_VOCAB, FMFM_DIM)
        nn.init.normal_(self.emb.weight, std=0.3)
        self.first = nn.Embedding(FMFM_FIELDS * FMFM_VOCAB, 1)
        nn.init.zeros_(self.first.weight)
        pairs = [(i, j) for i in range(FMFM_FIELDS) for j in range(i + 1, FMFM_FIELDS)]
        self.register_buffer("left", torch.tensor([i for i, _ in pairs]))
        self.register_buffer("right", torch.tensor([j for _, j in pairs]))
        self.mats = nn.Parameter(torch.eye(FMFM_DIM).repeat(len(pairs), 1, 1)
                                 + 0.1 * torch.randn(len(pairs), FMFM_DIM, FMFM_DIM))  # fmt: skip
        self.register_buffer("offsets", torch.arange(FMFM_FIELDS) * FMFM_VOCAB)
        self.fc = nn.Linear(len(pairs) + FMFM_DENSE, 32)
        self.head = nn.Linear(32, 1)
        self.bias = nn.Parameter(torch.zeros(()))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = x[:, :FMFM_FIELDS].nan_to_num(0).long() + self.offsets
        e = self.emb(ids)
        inter = torch.einsum("bpd,pde,bpe->bp", e[:, self.left], self.mats, e[:, self.right])
        h = F.relu(self.fc(torch.cat([inter, x[:, FMFM_FIELDS:]], -1)))
        out: Tensor = self.head(h).squeeze(-1) + self.first(ids).sum((1, 2)) + self.bias
        return out


def fmfm_bce(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


def fmfm_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


RAYLEIGH_FEATURES = 5
"""Rows of 5 features; a positive target with a Rayleigh law whose scale depends on them."""


@lru_cache(maxsize=None)
def rayleigh_rows(n: int = 4000, seed: int = 10017, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Positive targets with a Rayleigh law (density y / sigma^2 exp(-y^2 / (2 sigma^2)), a wind speed's law) whose
    scale depends on the rows: 5 features N(0, 1), log sigma = 0.3 + 0.6 sin(1.5 x0) + 0.4 x1 x2 - 0.3 x3 + 0.2
    tanh(x4), y drawn as sigma sqrt(-2 log u). x: (rows, 5); y: (rows,). ``nan_rows``: that share of the training rows
    has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, RAYLEIGH_FEATURES, generator=g)
    log_sigma = (0.3 + 0.6 * torch.sin(1.5 * x[:, 0]) + 0.4 * x[:, 1] * x[:, 2] - 0.3 * x[:, 3]
                 + 0.2 * torch.tanh(x[:, 4]))  # fmt: skip
    u = torch.rand(total, generator=g).clamp(1e-6, 1 - 1e-6)
    y = torch.exp(log_sigma) * torch.sqrt(-2 * torch.log(u))
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "positive regression by a Rayleigh likelihood (an MLP of its log scale)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class RayleighMLP(nn.Module):
    """A ReLU MLP of a Rayleigh law: ``body`` 5 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32
    -> 1): the log scale. Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(RAYLEIGH_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x)))).squeeze(-1)
        return out


def rayleigh_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's Rayleigh negative log-likelihood: 2 log sigma - log y + y^2 / (2 sigma^2), the log scale clamped to
    +-6."""
    log_sigma = out.clamp(-6, 6)
    return 2 * log_sigma - torch.log(y) + 0.5 * (y * torch.exp(-log_sigma)) ** 2


def rayleigh_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Rayleigh NLL, mean over the rows."""
    return rayleigh_terms(out, y).mean()


def rayleigh_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Rayleigh NLL summed over the batch's rows (reduction='sum')."""
    return rayleigh_terms(out, y).sum()


def rayleigh_at_zero() -> float:
    """The NLL of raw outputs of 0 (sigma 1), its level at init."""
    y = rayleigh_rows().y
    return float(rayleigh_nll(torch.zeros(len(y)), y))
