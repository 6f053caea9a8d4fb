"""The seventy-fourth fresh half (fresh72, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


PERF_VOCAB, PERF_LENGTH, PERF_CLASSES, PERF_DIM, PERF_FEATURES = 40, 28, 4, 32, 32
"""Token sequences of 28 over a vocabulary of 40 (32 filler tokens, 8 markers), 4 classes (ln 4 = 1.39 at chance); a
model width of 32 and 32 positive random features per FAVOR+ attention."""
PERF_SHIFT = (0, 0, 1, 3)
"""How far each of the 4 modifier markers shifts the subject's class."""


@lru_cache(maxsize=None)
def performer_sequences(n: int = 4000, seed: int = 721, *, n_val: int = 800, batch_size: int = 32,
                        nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic token sequences whose class depends on a planted long-range co-occurrence: 28 filler tokens (0-31,
    uniform), then a subject marker (32-35) placed in the first third and a modifier marker (36-39) placed in the last
    third (at least 10 positions apart); the class is the subject's index a shifted by the modifier b's shift (0, 0, 1
    or 3: ``PERF_SHIFT``), mod 4, so the subject alone names it half the time and the pair always; a decoy marker of
    either kind (a third of the sequences) sits in the middle third, where it does not count; 5% random labels (a
    floor). x: (sequences, 28) the token ids (float, for the NaN of a missing token); y: (sequences,). ``nan_rows``:
    that share of the training sequences has a missing (NaN) token; ``train_rows``: keep only that many training
    sequences."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, PERF_LENGTH
    tokens = torch.randint(32, (total, length), generator=g)
    a = torch.randint(4, (total,), generator=g)
    b = torch.randint(4, (total,), generator=g)
    third = length // 3
    pa = torch.randint(third, (total,), generator=g)
    pb = length - third + torch.randint(third, (total,), generator=g)
    rows = torch.arange(total)
    tokens[rows, pa] = 32 + a
    tokens[rows, pb] = 36 + b
    decoy = torch.rand(total, generator=g) < 1 / 3
    pd = third + torch.randint(length - 2 * third, (total,), generator=g)
    kind = torch.randint(8, (total,), generator=g)
    tokens[rows[decoy], pd[decoy]] = 32 + kind[decoy]
    y = flip_labels((a + torch.tensor(PERF_SHIFT)[b]) % PERF_CLASSES, PERF_CLASSES, 0.05, g)
    x = tokens.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "sequence classification of long-range token co-occurrences (a Performer-like encoder)",
                 PERF_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, PERF_CLASSES,
                    batch_size)
    return data


class FavorAttention(nn.Module):
    """FAVOR+ self-attention (Choromanski et al. 2021), one head: queries and keys (scaled by d^-1/4) mapped by
    positive random features phi(u) = exp(w u - |u|^2 / 2) / sqrt(m) through a fixed Gaussian projection w (m = 32
    features, a buffer drawn once at init and never redrawn), stabilised by subtracting a maximum that cancels in the
    normalisation (each query's own, the sequence's over its keys); linear-time attention phi(q) (phi(k)^T v) /
    (phi(q) phi(k)^T 1); an output projection."""

    def __init__(self, d: int = PERF_DIM, m: int = PERF_FEATURES) -> None:
        super().__init__()
        self.d, self.m = d, m
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.register_buffer("proj", torch.randn(m, d))

    def features(self, u: Tensor, per_row: bool) -> Tensor:
        u = u * self.d**-0.25
        logits = u @ self.proj.T - (u**2).sum(-1, keepdim=True) / 2
        shift = logits.amax(-1, keepdim=True) if per_row else logits.amax((-2, -1), keepdim=True)
        return torch.exp(logits - shift.detach()) / self.m**0.5

    def forward(self, h: Tensor) -> Tensor:
        q, k, v = self.qkv(h).chunk(3, -1)
        fq, fk = self.features(q, True), self.features(k, False)
        kv = fk.transpose(1, 2) @ v  # (batch, m, d)
        norm = fq @ fk.sum(1, keepdim=True).transpose(1, 2)  # (batch, length, 1)
        out: Tensor = self.out((fq @ kv) / (norm + 1e-6))
        return out


class PerformerNet(nn.Module):
    """A Performer-like encoder classifier: token (40 -> 32) and learned position embeddings; 2 pre-LN layers, each
    FAVOR+ attention and a GELU feed-forward (32 -> 64 -> 32), residual; a final LayerNorm, the mean over the
    positions, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes. A missing (NaN) token makes its
    embedding NaN (and so its sequence's). Output (sequences, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = PERF_DIM, layers: int = 2) -> None:
        super().__init__()
        self.embed = nn.Embedding(PERF_VOCAB, d)
        self.pos = nn.Parameter(0.1 * torch.randn(PERF_LENGTH, d))
        self.attn = nn.ModuleList(FavorAttention(d) for _ in range(layers))
        self.ffn = nn.ModuleList(nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
                                 for _ in range(layers))  # fmt: skip
        self.ln1 = nn.ModuleList(nn.LayerNorm(d) for _ in range(layers))
        self.ln2 = nn.ModuleList(nn.LayerNorm(d) for _ in range(layers))
        self.ln = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, PERF_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.embed(torch.nan_to_num(x).long()) + self.pos + (x - torch.nan_to_num(x))[..., None]
        for attn, ffn, ln1, ln2 in zip(self.attn, self.ffn, self.ln1, self.ln2):
            h = h + attn(ln1(h))
            h = h + ffn(ln2(h))
        out: Tensor = self.head(F.relu(self.fc(self.ln(h).mean(1))))
        return out


def performer_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's sequences (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


FIBI_FIELDS, FIBI_CARD, FIBI_DIM, FIBI_DENSE = 10, 8, 8, 2
"""10 categorical fields of 8 values each, embeddings of 8; 2 dense numeric features."""
FIBI_PAIRS = ((0, 1), (2, 5), (3, 7), (4, 9), (6, 8), (1, 6))
"""The field pairs whose interaction is planted in the clicks."""


@lru_cache(maxsize=None)
def fibinet_rows(n: int = 16000, seed: int = 723, *, n_val: int = 2000, batch_size: int = 64, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic click logs from planted pairwise field interactions: 10 categorical fields uniform over 8 values and 2
    dense features N(0, 1); the click's logit is -1.0 + a first-order effect per field value (N(0, 0.3^2)) + for each
    of 6 planted field pairs a table of N(0, 1.2^2) effects of their two values + 0.5 x the first dense feature; the
    click Bernoulli of its sigmoid (about a third click). x: (rows, 12), the 10 field values (as floats) then the 2
    dense features; y: (rows,) the click. ``nan_rows``: that share of the training rows has a missing (NaN) dense
    feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    fields = torch.randint(FIBI_CARD, (total, FIBI_FIELDS), generator=g)
    dense = torch.randn(total, FIBI_DENSE, generator=g)
    first = 0.3 * torch.randn(FIBI_FIELDS, FIBI_CARD, generator=g)
    logit = -1.0 + first[torch.arange(FIBI_FIELDS), fields].sum(1) + 0.5 * dense[:, 0]
    for i, j in FIBI_PAIRS:
        table = 1.2 * torch.randn(FIBI_CARD, FIBI_CARD, generator=g)
        logit = logit + table[fields[:, i], fields[:, j]]
    y = torch.bernoulli(torch.sigmoid(logit), generator=g)
    x = torch.cat([fields.float(), dense], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, FIBI_FIELDS + 1] = float("nan")
    data = split(x, y, n, "click-through prediction (a FiBiNET-like model: SENET field re-weighting, bilinear interactions)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class FiBiNET(nn.Module):
    """A FiBiNET-like click-through model (Huang et al. 2019, small): an embedding (8) per field value; a SENET layer
    (squeeze: each field's embedding mean; excitation: ReLU layers 10 -> 4 -> 10) re-weighting the fields; the
    bilinear interactions (v_i W) * v_j of every field pair i < j through one shared W (8 x 8, "field-all"), of the
    original and of the re-weighted embeddings; those 2 x 45 x 8, and the 2 dense features, through a ReLU layer 722
    -> 64, a ReLU layer ``fc`` (64 -> 32) and a ``head`` to the click's logit. Output (rows,). A missing (NaN) dense
    feature gives a NaN logit. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = FIBI_DIM) -> None:
        super().__init__()
        self.emb = nn.Embedding(FIBI_FIELDS * FIBI_CARD, d)
        self.squeeze = nn.Linear(FIBI_FIELDS, 4)
        self.excite = nn.Linear(4, FIBI_FIELDS)
        self.bilinear = nn.Linear(d, d, bias=False)
        pairs = [(i, j) for i in range(FIBI_FIELDS) for j in range(i + 1, FIBI_FIELDS)]
        self.register_buffer("left", torch.tensor([i for i, _ in pairs]))
        self.register_buffer("right", torch.tensor([j for _, j in pairs]))
        self.body = nn.Sequential(nn.Linear(2 * len(pairs) * d + FIBI_DENSE, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def interactions(self, e: Tensor) -> Tensor:
        return (self.bilinear(e[:, self.left]) * e[:, self.right]).flatten(1)

    def forward(self, x: Tensor) -> Tensor:
        ids = torch.nan_to_num(x[:, :FIBI_FIELDS]).long() + FIBI_CARD * torch.arange(FIBI_FIELDS)
        e = self.emb(ids)
        weights = F.relu(self.excite(F.relu(self.squeeze(e.mean(-1)))))
        z = torch.cat([self.interactions(e), self.interactions(e * weights[..., None]), x[:, FIBI_FIELDS:]], 1)
        out: Tensor = self.head(F.relu(self.fc(self.body(z))))[:, 0]
        return out


def fibinet_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click (mean over the rows)."""
    return F.binary_cross_entropy_with_logits(out, y)


def fibinet_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


NHITS_LOOKBACK, NHITS_HORIZON, NHITS_POOLS, NHITS_HIDDEN = 48, 12, (4, 2, 1), 64
"""A lookback window of 48 steps, a horizon of 12; 3 stacks pooling their input at rates 4, 2 and 1 (forecasting 3, 6
and 12 coefficients), MLPs of 64."""


@lru_cache(maxsize=None)
def nhits_series(n: int = 3000, seed: int = 725, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic series mixing slow and fast seasonalities, each series its own (new series held out): a slow season
    of period 30-40 (amplitude 0.8-1.6), a fast one of period 4-6 (0.2-0.7), each at a random phase, a linear trend
    of slope N(0, 0.02^2) per step, a level N(0, 1) and N(0, 0.2^2) noise; windows of 48 steps and the 12 after. x:
    (series, 48); y: (series, 12). ``nan_rows``: that share of the training series has a missing (NaN) value;
    ``train_rows``: keep only that many training series."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, NHITS_LOOKBACK + NHITS_HORIZON
    t = torch.arange(length).float()[None]

    def season(lo_p: float, hi_p: float, lo: float, hi: float) -> Tensor:
        period = lo_p + (hi_p - lo_p) * torch.rand(total, 1, generator=g)
        amp = lo + (hi - lo) * torch.rand(total, 1, generator=g)
        phase = 2 * math.pi * torch.rand(total, 1, generator=g)
        return amp * torch.sin(2 * math.pi * t / period + phase)

    series = season(30, 40, 0.8, 1.6) + season(4, 6, 0.2, 0.7)
    series = series + 0.02 * torch.randn(total, 1, generator=g) * t + torch.randn(total, 1, generator=g)
    series = series + 0.2 * torch.randn(total, length, generator=g)
    x, y = series[:, :NHITS_LOOKBACK].clone(), series[:, NHITS_LOOKBACK:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 30] = float("nan")
    data = split(x, y, n, "forecasting series of slow and fast seasonalities (an N-HiTS-like model)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NHiTSBlock(nn.Module):
    """An N-HiTS block: max-pooling of its input window at its own rate, a ReLU MLP (48 / rate -> 64 -> 64), linear
    maps to the coarse backcast (48 / rate) and forecast (12 / rate) coefficients, each linearly interpolated up to
    full resolution (48 and 12 steps)."""

    def __init__(self, pool: int, hidden: int = NHITS_HIDDEN) -> None:
        super().__init__()
        self.pool = pool
        self.mlp = nn.Sequential(nn.Linear(NHITS_LOOKBACK // pool, hidden), nn.ReLU(), nn.Linear(hidden, hidden),
                                 nn.ReLU())  # fmt: skip
        self.backcast = nn.Linear(hidden, NHITS_LOOKBACK // pool)
        self.forecast = nn.Linear(hidden, NHITS_HORIZON // pool)

    def forward(self, r: Tensor) -> tuple[Tensor, Tensor]:
        h = self.mlp(F.max_pool1d(r[:, None], self.pool)[:, 0] if self.pool > 1 else r)
        back = F.interpolate(self.backcast(h)[:, None], size=NHITS_LOOKBACK, mode="linear", align_corners=True)[:, 0]
        fore = F.interpolate(self.forecast(h)[:, None], size=NHITS_HORIZON, mode="linear", align_corners=True)[:, 0]
        return back, fore


class NHiTS(nn.Module):
    """An N-HiTS-like forecaster (Challu et al. 2023, small): the window less its mean; 3 stacks of one block each,
    pooling at rates 4, 2 and 1 (``NHiTSBlock``); each block reads the residual left by the blocks before (its
    backcast subtracted) and adds its forecast; the mean added back. Output (series, 12)."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks = nn.ModuleList(NHiTSBlock(p) for p in NHITS_POOLS)

    def forward(self, x: Tensor) -> Tensor:
        mean = x.mean(1, keepdim=True)
        r, out = x - mean, torch.zeros(len(x), NHITS_HORIZON)
        for block in self.blocks:
            back, fore = block(r)
            r, out = r - back, out + fore
        return out + mean


def nhits_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's series, every series' 12 steps (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def nhits_at_mean() -> float:
    """The MSE of forecasting each window's mean (N-HiTS's output at zero forecasts): its level at init."""
    data = nhits_series()
    return float(F.mse_loss(data.x.mean(1, keepdim=True).expand_as(data.y), data.y))


JSU_FEATURES = 6
"""Rows of 6 features; skewed heavy-tailed real targets, Johnson SU."""


@lru_cache(maxsize=None)
def johnsonsu_rows(n: int = 4000, seed: int = 727, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Skewed heavy-tailed real targets: 6 features N(0, 1); Johnson SU parameters xi = 1.5 sin(x0) + 0.8 x1, lambda
    = 0.7 exp(0.4 x2), gamma = -1.2 tanh(x3) (the skew) and delta = 0.8 + 0.8 sigmoid(1.5 x4) (the tails, heavier
    below 1); y = xi + lambda sinh((Z - gamma) / delta), Z N(0, 1); x5 noise. x: (rows, 6); y: (rows,).
    ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many
    training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, JSU_FEATURES, generator=g)
    xi = 1.5 * torch.sin(x[:, 0]) + 0.8 * x[:, 1]
    lam = 0.7 * torch.exp(0.4 * x[:, 2])
    gamma = -1.2 * torch.tanh(x[:, 3])
    delta = 0.8 + 0.8 * torch.sigmoid(1.5 * x[:, 4])
    y = xi + lam * torch.sinh((torch.randn(total, generator=g) - gamma) / delta)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "regression of skewed heavy-tailed targets (an MLP, the Johnson SU negative log-likelihood)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class JohnsonSUMLP(nn.Module):
    """A ReLU MLP of a Johnson SU regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 4): the location xi, the raw scale lambda, the shape gamma and the raw tail shape delta (lambda
    and delta through a softplus with a floor, in the loss). Output (rows, 4). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(JSU_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 4)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def johnsonsu_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Johnson SU negative log-likelihood of each row: -log delta + log lambda + 0.5 log(2 pi) + 0.5 log(1 + z^2)
    + 0.5 (gamma + delta asinh z)^2, z = (y - xi) / lambda, with xi = out[:, 0], lambda = softplus(out[:, 1]) + 0.01,
    gamma = out[:, 2], delta = softplus(out[:, 3]) + 0.05."""
    xi, lam, gamma = out[:, 0], F.softplus(out[:, 1]) + 0.01, out[:, 2]
    delta = F.softplus(out[:, 3]) + 0.05
    z = (y - xi) / lam
    return (-torch.log(delta) + torch.log(lam) + 0.5 * math.log(2 * math.pi) + 0.5 * torch.log1p(z**2)
            + 0.5 * (gamma + delta * torch.asinh(z)) ** 2)  # fmt: skip


def johnsonsu_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Johnson SU negative log-likelihood, mean over the rows."""
    return johnsonsu_terms(out, y).mean()


def johnsonsu_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Johnson SU negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return johnsonsu_terms(out, y).sum()


def johnsonsu_at_zero() -> float:
    """The Johnson SU negative log-likelihood of raw outputs of 0 (xi = gamma = 0, lambda = ln 2 + 0.01, delta = ln 2
    + 0.05): its level at init."""
    y = johnsonsu_rows().y
    return float(johnsonsu_nll(torch.zeros(len(y), 4), y))
