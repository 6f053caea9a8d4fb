"""The eighty-eighth fresh half (fresh86, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, TinyBlock, flip_labels, split


VOLO_SIZE, VOLO_CLASSES, VOLO_DIM = 16, 4, 16
"""16x16 one-channel images, a stem of stride 2 to an 8x8 token map of width 16, 4 classes (the orientation of the
strokes)."""


@lru_cache(maxsize=None)
def volo_images(n: int = 3000, seed: int = 861, *, n_val: int = 400, batch_size: int = 16, nan_rows: float = 0.0,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 16x16 images whose class is the orientation of their local strokes: 2 short strokes (5 pixels, of
    brightness U(0.8, 1.2)) at random places, both horizontal, vertical, diagonal or anti-diagonal by the class, and a
    decoy blob (a flat 3x3 square of brightness U(0.5, 0.9)) anywhere, with N(0, 0.3^2) noise. 5% of the labels random,
    held-out ones too. x: (images, 1, 16, 16); y: (images,). ``nan_rows``: that share of the training images has a
    missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, VOLO_SIZE
    x = 0.3 * torch.randn(total, s, s, generator=g)
    y = torch.randint(VOLO_CLASSES, (total,), generator=g)
    steps = ((0, 1), (1, 0), (1, 1), (1, -1))
    for r in range(total):
        top, left = (int(v) for v in torch.randint(0, s - 2, (2,), generator=g))
        x[r, top : top + 3, left : left + 3] += 0.5 + 0.4 * float(torch.rand(1, generator=g))
        di, dj = steps[int(y[r])]
        for _ in range(2):
            i0, j0 = (int(v) for v in torch.randint(2, s - 2, (2,), generator=g))
            level = 0.8 + 0.4 * float(torch.rand(1, generator=g))
            for k in range(-2, 3):
                x[r, i0 + k * di, j0 + k * dj] += level
    y = flip_labels(y, VOLO_CLASSES, 0.05, g)
    x = x[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 4] = float("nan")
    data = split(x, y, n, "image classification by the orientation of local strokes (a VOLO)", VOLO_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, VOLO_CLASSES,
                    batch_size)  # fmt: skip
    return data


class VOLOOutlooker(nn.Module):
    """An Outlooker block (Yuan et al. 2021, one head): pre-LN outlook attention, where each token's 3x3 neighbourhood
    of values (unfolded, zero-padded) is aggregated with a 9x9 attention matrix produced directly by a linear layer
    from the centre token (softmax over the 9 neighbours, no query-key products), the 9 results folded back (summed
    where the windows overlap) and projected, residual (no feed-forward: the self-attention block has one)."""

    def __init__(self, d: int = VOLO_DIM, side: int = VOLO_SIZE // 2) -> None:
        super().__init__()
        self.side = side
        self.norm = nn.LayerNorm(d)
        self.v = nn.Linear(d, d)
        self.attn = nn.Linear(d, 81)
        self.proj = nn.Linear(d, d)

    def forward(self, t: Tensor) -> Tensor:
        b, n, d = t.shape
        u = self.norm(t)
        v = self.v(u).transpose(1, 2).reshape(b, d, self.side, self.side)
        v = F.unfold(v, 3, padding=1).reshape(b, d, 9, n)
        a = self.attn(u).reshape(b, n, 9, 9)
        a = torch.exp(a - a.detach().amax(-1, keepdim=True))  # a softmax over the 9 neighbours (faster by hand)
        o = torch.einsum("bnij,bdjn->bdin", a / a.sum(-1, keepdim=True), v).reshape(b, d * 9, n)
        o = F.fold(o, (self.side, self.side), 3, padding=1).flatten(2).transpose(1, 2)
        out: Tensor = t + self.proj(o)
        return out


class VOLO(nn.Module):
    """A VOLO-like classifier (tiny): a conv patch stem (a 3x3 convolution 1 -> 16 with a ReLU, then a 2x2 one of
    stride 2) to an 8x8 token map of width 16 with learned positions, 2 Outlooker blocks, 1 pre-LN self-attention
    block (2 heads, a ReLU feed-forward 16-32-16), a LayerNorm, mean pooling over the 64 tokens, a ReLU layer ``fc``
    (16 -> 32) and a ``head`` to the 4 classes. A missing (NaN) pixel's NaN spreads. ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = VOLO_DIM) -> None:
        super().__init__()
        side = VOLO_SIZE // 2
        self.stem = nn.Sequential(nn.Conv2d(1, d, 3, padding=1), nn.ReLU(), nn.Conv2d(d, d, 2, stride=2))
        self.pos = nn.Parameter(0.1 * torch.randn(side * side, d))
        self.outlookers = nn.Sequential(VOLOOutlooker(d, side), VOLOOutlooker(d, side))
        self.block = TinyBlock(d, 2, 32, pre_ln=True, causal=False)
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, VOLO_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        t = self.outlookers(self.stem(x).flatten(2).transpose(1, 2) + self.pos)
        t = self.norm(self.block(t)).mean(1)
        out: Tensor = self.head(F.relu(self.fc(t)))
        return out


FEDFORMER_INPUT, FEDFORMER_HORIZON, FEDFORMER_CHANNELS, FEDFORMER_MODES = 48, 12, 3, 6
"""Input windows of 48 steps of 3 channels, forecasts of the next 12 steps, 6 of the 25 Fourier modes kept."""


@lru_cache(maxsize=None)
def fedformer_windows(n: int = 3000, seed: int = 863, *, n_val: int = 400, batch_size: int = 32,
                      nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Windows of a synthetic trending multi-seasonal series of 3 channels, one series per window: a per-channel
    linear trend (slope N(0, 0.02^2) per step) and level N(0, 0.5^2), a shared seasonality a1 sin(2 pi t / 16 + p1) +
    a2 sin(2 pi t / 6 + p2) (a1 U(0.5, 1.2), a2 U(0.2, 0.5)) mixed into each channel with its own weight U(0.5, 1.5),
    and a channel-specific sine of period 24 (amplitude U(0, 0.6)), plus N(0, 0.15^2) noise. x: (windows, 48, 3); y:
    (windows, 12, 3) the next 12 steps. ``nan_rows``: that share of the training windows has a missing (NaN) value;
    ``train_rows``: keep only that many training windows."""
    g = torch.Generator().manual_seed(seed)
    total, steps, c = n + n_val, FEDFORMER_INPUT + FEDFORMER_HORIZON, FEDFORMER_CHANNELS
    t = torch.arange(steps).float()
    a1, a2 = 0.5 + 0.7 * torch.rand(total, 1, generator=g), 0.2 + 0.3 * torch.rand(total, 1, generator=g)
    p1, p2 = 2 * math.pi * torch.rand(total, 1, generator=g), 2 * math.pi * torch.rand(total, 1, generator=g)
    shared = a1 * torch.sin(2 * math.pi * t / 16 + p1) + a2 * torch.sin(2 * math.pi * t / 6 + p2)
    weight = 0.5 + torch.rand(total, 1, c, generator=g)
    own = (0.6 * torch.rand(total, 1, c, generator=g)
           * torch.sin(2 * math.pi * t[None, :, None] / 24 + 2 * math.pi * torch.rand(total, 1, c, generator=g)))  # fmt: skip
    trend = 0.02 * torch.randn(total, 1, c, generator=g) * (t[None, :, None] - 24)
    series = shared[:, :, None] * weight + own + trend + 0.5 * torch.randn(total, 1, c, generator=g)
    series = series + 0.15 * torch.randn(total, steps, c, generator=g)
    x = series[:, :FEDFORMER_INPUT].contiguous()
    y = series[:, FEDFORMER_INPUT:].contiguous()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 30, 1] = float("nan")
    data = split(x, y, n, "trending multi-seasonal series forecasting (a FEDformer)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class FEDformer(nn.Module):
    """A FEDformer-like forecaster (Zhou et al. 2022, tiny): a moving-average decomposition (a window of 13,
    replicate-padded) of the 48 input steps into a trend and a seasonal part; a frequency-enhanced block on the
    seasonal part: its rfft along time, a learned complex 3x3 channel map on a fixed random subset of 6 of the 25
    Fourier modes (the others dropped), the irfft back to 48 steps, added to the seasonal part; then per channel over
    time a ReLU layer ``fc`` (48 -> 32) and a ``head`` (32 -> 12) of the seasonal forecast, plus a linear projection
    ``trend_proj`` (48 -> 12) of the trend. Output (windows, 12, 3). A missing (NaN) value spreads its NaN.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        c, m = FEDFORMER_CHANNELS, FEDFORMER_MODES
        g = torch.Generator().manual_seed(864)
        self.register_buffer("modes", torch.randperm(FEDFORMER_INPUT // 2 + 1, generator=g)[:m].sort().values)
        self.w_re = nn.Parameter(torch.eye(c).repeat(m, 1, 1) * 0.5 + 0.1 * torch.randn(m, c, c))
        self.w_im = nn.Parameter(0.1 * torch.randn(m, c, c))
        self.fc = nn.Linear(FEDFORMER_INPUT, 32)
        self.head = nn.Linear(32, FEDFORMER_HORIZON)
        self.trend_proj = nn.Linear(FEDFORMER_INPUT, FEDFORMER_HORIZON)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        z = x.transpose(1, 2)  # (b, c, t)
        trend = F.avg_pool1d(F.pad(z, (6, 6), mode="replicate"), 13, stride=1)
        season = z - trend
        spec = torch.fft.rfft(season, dim=-1)[..., self.modes]  # (b, c, m)
        w = torch.complex(self.w_re, self.w_im)  # (m, c_out, c_in)
        mixed = torch.einsum("bim,moi->bom", spec, w)
        full = torch.zeros(len(x), z.shape[1], FEDFORMER_INPUT // 2 + 1, dtype=mixed.dtype, device=x.device)
        full[..., self.modes] = mixed
        season = season + torch.fft.irfft(full, n=FEDFORMER_INPUT, dim=-1)
        out: Tensor = (self.head(F.relu(self.fc(season))) + self.trend_proj(trend)).transpose(1, 2)
        return out


def fedformer_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (reduction='sum'; mean over the steps and channels)."""
    return (out - y).pow(2).mean((1, 2)).sum()


def fedformer_at_zero() -> float:
    """The MSE of forecasts of 0: its level at init."""
    y = fedformer_windows().y
    return float(y.pow(2).mean())


AUTODIS_NUMERIC, AUTODIS_CARDS, AUTODIS_META, AUTODIS_K = 4, (8, 12, 6, 10, 9), 10, 6
"""4 numerical features and 5 categorical fields (their cardinalities); 10 meta-embeddings per numerical feature; an
embedding of 6."""


@lru_cache(maxsize=None)
def autodis_rows(n: int = 16000, seed: int = 865, *, n_val: int = 2000, batch_size: int = 64, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic impressions whose click depends non-monotonically on 4 numerical features (N(0, 1)) and on field
    interactions of 5 categorical fields (uniform over their values): the click's logit is -0.8 + 1.2 sin(2 x0) +
    0.8 (x1^2 - 1) clamped to +-2 - 1.0 |x2| + 0.5 x3 + a first-order effect per field value (N(0, 0.3^2)) + the dot
    products of rank-2 factors (N(0, 0.8^2) each) of the value pairs of fields (0, 3) and (1, 4) + a bump 1.2 exp(-x3^2)
    for the value pair of field 2's and a numerical feature's sign; the click Bernoulli of its sigmoid. x: (rows, 9)
    the 4 numerical features, then the 5 field values (float, for the NaN of a missing value); y: (rows,) the click.
    ``nan_rows``: that share of the training rows has a missing (NaN) numerical feature; ``train_rows``: keep only
    that many rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    num = torch.randn(total, AUTODIS_NUMERIC, generator=g)
    fields = torch.stack([torch.randint(c, (total,), generator=g) for c in AUTODIS_CARDS], 1)
    logit = (-0.8 + 1.2 * torch.sin(2 * num[:, 0]) + (0.8 * (num[:, 1] ** 2 - 1)).clamp(-2, 2)
             - 1.0 * num[:, 2].abs() + 0.5 * num[:, 3])  # fmt: skip
    for f, c in enumerate(AUTODIS_CARDS):
        logit = logit + (0.3 * torch.randn(c, generator=g))[fields[:, f]]
    for a, b in ((0, 3), (1, 4)):
        ua = 0.8 * torch.randn(AUTODIS_CARDS[a], 2, generator=g)
        ub = 0.8 * torch.randn(AUTODIS_CARDS[b], 2, generator=g)
        logit = logit + (ua[fields[:, a]] * ub[fields[:, b]]).sum(1).clamp(-3, 3)
    sign = torch.where(torch.rand(AUTODIS_CARDS[2], generator=g) < 0.5, -1.0, 1.0)
    logit = logit + 1.2 * sign[fields[:, 2]] * torch.exp(-num[:, 3] ** 2)
    y = torch.bernoulli(torch.sigmoid(logit), generator=g)
    x = torch.cat([num, fields.float()], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "click-through prediction (an AutoDis soft-discretisation model)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class AutoDis(nn.Module):
    """An AutoDis-like click model (Guo et al. 2021): each of the 4 numerical features embedded by soft
    discretisation, its value mapped by its own small MLP (1 -> 16 -> 10, LeakyReLU) to softmax weights (temperature
    0.5) over 10 learned meta-embeddings of 6, the embedding their weighted sum; each of the 5 categorical fields by
    a plain embedding of 6 (N(0, 0.1^2)); the 9 embeddings concatenated (54) into a ReLU MLP 54 -> 64, a ReLU layer
    ``fc`` (64 -> 32) and a ``head`` to the click's logit. Output (rows,). A missing (NaN) numerical value's NaN
    reaches its embedding. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, temperature: float = 0.5) -> None:
        super().__init__()
        m, h, k = AUTODIS_NUMERIC, AUTODIS_META, AUTODIS_K
        self.temperature = temperature
        self.w1 = nn.Parameter(torch.randn(m, 16))
        self.b1 = nn.Parameter(0.5 * torch.randn(m, 16))
        self.w2 = nn.Parameter(torch.randn(m, 16, h) / 4)
        self.meta = nn.Parameter(0.1 * torch.randn(m, h, k))
        self.register_buffer("offsets", torch.tensor([0, *AUTODIS_CARDS[:-1]]).cumsum(0))
        self.embed = nn.Embedding(sum(AUTODIS_CARDS), k)
        nn.init.normal_(self.embed.weight, std=0.1)
        self.body = nn.Sequential(nn.Linear((m + len(AUTODIS_CARDS)) * k, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        num, cat = x[:, :AUTODIS_NUMERIC], x[:, AUTODIS_NUMERIC:]
        hid = F.leaky_relu(num[..., None] * self.w1 + self.b1, 0.1)  # (b, m, 16)
        weights = (torch.einsum("bmj,mjh->bmh", hid, self.w2) / self.temperature).softmax(-1)
        e_num = torch.einsum("bmh,mhk->bmk", weights, self.meta)
        e_cat = self.embed(torch.nan_to_num(cat).long() + self.offsets) + 0.0 * cat[..., None]
        h = self.body(torch.cat([e_num, e_cat], 1).flatten(1))
        out: Tensor = self.head(F.relu(self.fc(h)))[:, 0]
        return out


def autodis_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click (mean over the rows)."""
    return F.binary_cross_entropy_with_logits(out, y)


def autodis_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


BIRNBAUM_FEATURES = 6
"""Rows of 6 features; positive failure times (cycles to crack) of a Birnbaum-Saunders law."""


@lru_cache(maxsize=None)
def birnbaum_rows(n: int = 4000, seed: int = 867, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Positive failure times (thousands of cycles to a fatigue crack) of a Birnbaum-Saunders law whose parameters
    depend on 6 features N(0, 1) (x5 noise): the scale beta = exp(1.0 + 0.5 x0 + 0.4 sin(2 x1) - 0.3 x2 x3), the
    shape alpha = exp(-0.8 + 0.4 tanh(x4)) (0.3-0.67); drawn as t = beta (alpha z / 2 + sqrt((alpha z / 2)^2 + 1))^2,
    z N(0, 1). x: (rows, 6); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, BIRNBAUM_FEATURES, generator=g)
    beta = torch.exp(1.0 + 0.5 * x[:, 0] + 0.4 * torch.sin(2 * x[:, 1]) - 0.3 * (x[:, 2] * x[:, 3]).clamp(-3, 3))
    alpha = torch.exp(-0.8 + 0.4 * torch.tanh(x[:, 4]))
    w = alpha * torch.randn(total, generator=g) / 2
    y = beta * (w + torch.sqrt(w * w + 1)) ** 2
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "regression of fatigue lives (an MLP, the Birnbaum-Saunders negative log-likelihood)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BirnbaumMLP(nn.Module):
    """A ReLU MLP of a Birnbaum-Saunders regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): log alpha (the shape) and log beta (the scale). Output (rows, 2). ``dead_bias`` < 0 starts
    fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(BIRNBAUM_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def birnbaum_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Birnbaum-Saunders negative log-likelihood of each row's target, from f(t) = (sqrt(t / b) + sqrt(b / t)) /
    (2 a t) phi((sqrt(t / b) - sqrt(b / t)) / a), a and b the exponentials of the outputs: -log(sqrt(t / b) + sqrt(b /
    t)) + log 2 + log a + log t + z^2 / 2 + log(2 pi) / 2, z = 2 sinh(log(t / b) / 2) / a."""
    log_a, log_b = out[:, 0], out[:, 1]
    half = (torch.log(y) - log_b) / 2
    z = 2 * torch.sinh(half) * torch.exp(-log_a)
    return (-torch.log(2 * torch.cosh(half)) + math.log(2) + log_a + torch.log(y) + z * z / 2
            + 0.5 * math.log(2 * math.pi))  # fmt: skip


def birnbaum_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Birnbaum-Saunders negative log-likelihood, mean over the rows."""
    return birnbaum_terms(out, y).mean()


def birnbaum_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Birnbaum-Saunders negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return birnbaum_terms(out, y).sum()


def birnbaum_at_zero() -> float:
    """The Birnbaum-Saunders negative log-likelihood of raw outputs of 0 (alpha = beta = 1): its level at init."""
    y = birnbaum_rows().y
    return float(birnbaum_nll(torch.zeros(len(y), 2), y))
