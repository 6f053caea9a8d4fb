"""The sixty-first fresh half (fresh59, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


TFT_LOOKBACK, TFT_HORIZON, TFT_VARIABLES, TFT_QUANTILES = 24, 6, 5, (0.1, 0.5, 0.9)
"""Windows of 24 steps of 5 input variables (the target's history, 2 informative covariates, 2 noise ones) forecast 6
steps of the target at the quantiles 0.1, 0.5 and 0.9."""


@lru_cache(maxsize=None)
def tft_series(n: int = 4000, seed: int = 591, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Multivariate series for a quantile forecaster: per window a cycle of period 12 (amplitude 0.5-1.0, a random
    phase), a leading covariate c1 (an AR(1) process, phi 0.9) that drives the target 3 steps later (x 0.6), a regime
    covariate c2 (+1 or -1, flipping with probability 0.05 a step) that sets the noise's spread (0.15 or 0.5), 2 noise
    variables N(0, 1); the target the sum plus its noise. The first 24 steps of all 5 variables the input (the target's
    history first), the next 6 steps of the target the forecast. x: (windows, 24, 5); y: (windows, 6). ``nan_rows``:
    that share of the training windows has a missing (NaN) value; ``train_rows``: keep only that many training
    windows."""
    g = torch.Generator().manual_seed(seed)
    total, steps = n + n_val, TFT_LOOKBACK + TFT_HORIZON
    t = torch.arange(steps).float()[None, :]
    amp = 0.5 + 0.5 * torch.rand(total, 1, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, generator=g)
    innov = torch.randn(total, steps + 3, generator=g)
    c1 = torch.zeros(total, steps + 3)
    for k in range(steps + 3):
        c1[:, k] = 0.45 * innov[:, k] + (0.9 * c1[:, k - 1] if k else 0.0)
    flips = torch.rand(total, steps, generator=g) < 0.05
    start = torch.where(torch.rand(total, 1, generator=g) < 0.5, -1.0, 1.0)
    c2 = start * torch.cumprod(torch.where(flips, -1.0, 1.0), 1)
    spread = torch.where(c2 > 0, 0.5, 0.15)
    target = amp * torch.sin(2 * math.pi * t / 12 + phase) + 0.6 * c1[:, :steps] + spread * torch.randn(total, steps, generator=g)
    noise = torch.randn(total, steps, 2, generator=g)
    inputs = torch.stack([target, c1[:, 3:], c2, noise[..., 0], noise[..., 1]], 2)
    x, y = inputs[:, :TFT_LOOKBACK].clone(), target[:, TFT_LOOKBACK:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 10, 1] = float("nan")
    data = split(x, y, n, "quantile forecasting (a Temporal-Fusion-Transformer-like model, pinball loss)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GatedResidual(nn.Module):
    """A gated residual network (TFT's GRN): ELU(W1 a + b1) -> W2 -> a GLU gate, added to a (projected) skip of the
    input, a LayerNorm."""

    def __init__(self, d_in: int, d: int, d_out: int | None = None) -> None:
        super().__init__()
        d_out = d_out or d
        self.skip = nn.Linear(d_in, d_out) if d_in != d_out else nn.Identity()
        self.w1, self.w2 = nn.Linear(d_in, d), nn.Linear(d, d)
        self.gate = nn.Linear(d, 2 * d_out)
        self.norm = nn.LayerNorm(d_out)

    def forward(self, a: Tensor) -> Tensor:
        out: Tensor = self.norm(self.skip(a) + F.glu(self.gate(self.w2(F.elu(self.w1(a)))), -1))
        return out


class TFTNet(nn.Module):
    """A tiny Temporal-Fusion-Transformer-like forecaster (Lim et al. 2021): each of the 5 variables embedded linearly
    to 16 (``embed``), a variable selection network (a GRN of the flattened embeddings onto 5 weights, a softmax over
    the variables; a GRN per variable) weighting and summing them, an LSTM encoder (16), a gated skip and a LayerNorm,
    an interpretable multi-head attention layer (2 heads with their own queries and keys and shared values, the heads
    averaged, causal), a gated skip and a LayerNorm, a position-wise GRN; the last step through a ReLU layer ``fc``
    (16 -> 32) and a ``head`` (32 -> 6 x 3) onto the 3 quantiles of the 6 steps. Output (windows, 6, 3). ``dead_bias``
    < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d, v = 16, TFT_VARIABLES
        self.heads = 2
        self.embed = nn.Parameter(0.5 * torch.randn(v, d))
        self.embed_bias = nn.Parameter(torch.zeros(v, d))
        self.select = GatedResidual(v * d, d, v)
        self.per_var = nn.ModuleList(GatedResidual(d, d) for _ in range(v))
        self.lstm = nn.LSTM(d, d, batch_first=True)
        self.lstm_gate, self.lstm_norm = nn.Linear(d, 2 * d), nn.LayerNorm(d)
        self.q, self.k = nn.Linear(d, d), nn.Linear(d, d)
        self.v, self.o = nn.Linear(d, d // self.heads), nn.Linear(d // self.heads, d)
        self.att_gate, self.att_norm = nn.Linear(d, 2 * d), nn.LayerNorm(d)
        self.post = GatedResidual(d, d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, TFT_HORIZON * len(TFT_QUANTILES))
        self.register_buffer("causal", torch.triu(torch.ones(TFT_LOOKBACK, TFT_LOOKBACK, dtype=torch.bool), 1))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, length, v = x.shape
        e = x[..., None] * self.embed + self.embed_bias  # (b, T, v, d)
        weights = torch.softmax(self.select(e.flatten(2)), -1)  # (b, T, v)
        h = torch.stack([grn(e[:, :, i]) for i, grn in enumerate(self.per_var)], 2)
        s = (weights[..., None] * h).sum(2)  # (b, T, d)
        enc, _ = self.lstm(s)
        s = self.lstm_norm(s + F.glu(self.lstm_gate(enc), -1))
        dh = s.shape[-1] // self.heads
        q = self.q(s).view(b, length, self.heads, dh).transpose(1, 2)
        k = self.k(s).view(b, length, self.heads, dh).transpose(1, 2)
        scores = (q @ k.transpose(-1, -2) / math.sqrt(dh)).masked_fill(self.causal, float("-inf"))
        att = (torch.softmax(scores, -1) @ self.v(s)[:, None]).mean(1)  # shared values, heads averaged
        s = self.att_norm(s + F.glu(self.att_gate(self.o(att)), -1))
        last = self.post(s[:, -1])
        out: Tensor = self.head(F.relu(self.fc(last))).view(b, TFT_HORIZON, len(TFT_QUANTILES))
        return out


def tft_pinball_terms(out: Tensor, y: Tensor) -> Tensor:
    """The pinball (quantile) loss of each window, averaged over its 6 steps and 3 quantiles."""
    q = torch.tensor(TFT_QUANTILES, device=out.device)
    err = y[..., None] - out
    return torch.maximum(q * err, (q - 1) * err).mean((1, 2))


def tft_pinball(out: Tensor, y: Tensor) -> Tensor:
    """The pinball loss over the 3 quantiles, mean over the windows."""
    return tft_pinball_terms(out, y).mean()


def tft_pinball_summed(out: Tensor, y: Tensor) -> Tensor:
    """The pinball loss summed over the batch's windows (reduction='sum')."""
    return tft_pinball_terms(out, y).sum()


def tft_at_zero() -> float:
    """The pinball loss of forecasts of 0 at every quantile: its level at init."""
    y = tft_series().y
    return float(tft_pinball(torch.zeros(*y.shape, len(TFT_QUANTILES)), y))


OCTCONV_SIZE, OCTCONV_CLASSES = 16, 4
"""16 x 16 grey images, 4 classes (ln 4 = 1.39 at chance): a coarse shape's side and a fine texture's direction."""


@lru_cache(maxsize=None)
def octconv_images(n: int = 4000, seed: int = 593, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Images whose class needs both frequencies: a broad Gaussian blob (sigma 2.5-3.5 pixels, brightness 0.6-1.0) in the
    left or the right half (bit 1, low frequency) and, in a random 6 x 6 patch, stripes of period 2 either horizontal
    or vertical (bit 0, high frequency, contrast 0.5-0.9), plus N(0, 0.35^2) noise per pixel; 5% random labels (a
    floor). x: (images, 1, 16, 16); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN)
    pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, OCTCONV_SIZE
    y = torch.randint(OCTCONV_CLASSES, (total,), generator=g)
    rows = torch.arange(s).float()[None, :, None]
    cols = torch.arange(s).float()[None, None, :]
    right = (y >= 2).float()
    cx = 2 + 4 * torch.rand(total, generator=g) + 8 * right
    cy = 3 + 10 * torch.rand(total, generator=g)
    sigma = 2.5 + torch.rand(total, generator=g)
    bright = 0.6 + 0.4 * torch.rand(total, generator=g)
    blob = bright[:, None, None] * torch.exp(-((rows - cy[:, None, None]) ** 2 + (cols - cx[:, None, None]) ** 2)
                                             / (2 * sigma[:, None, None] ** 2))  # fmt: skip
    horizontal = (y % 2 == 0)[:, None, None]
    stripes = torch.where(horizontal, (rows.long() % 2).float().expand(total, s, s), (cols.long() % 2).float().expand(total, s, s))
    stripes = 2 * stripes - 1
    r0 = torch.randint(0, s - 6, (total,), generator=g)
    c0 = torch.randint(0, s - 6, (total,), generator=g)
    inside = ((rows >= r0[:, None, None]) & (rows < r0[:, None, None] + 6) & (cols >= c0[:, None, None])
              & (cols < c0[:, None, None] + 6)).float()  # fmt: skip
    contrast = 0.5 + 0.4 * torch.rand(total, generator=g)
    img = blob + contrast[:, None, None] * stripes * inside + 0.35 * torch.randn(total, s, s, generator=g)
    x = img[:, None].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 3] = float("nan")
    y = flip_labels(y, OCTCONV_CLASSES, 0.05, g)
    data = split(x, y, n, "image classification of a coarse shape and a fine texture (an Octave-Convolution CNN)", OCTCONV_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, OCTCONV_CLASSES, batch_size)
    return data


class OctaveConv(nn.Module):
    """An octave convolution (Chen et al. 2019): high-frequency maps at full resolution, low-frequency ones at half;
    H -> H and L -> L by 3 x 3 convolutions, H -> L by a convolution of the 2 x 2 average-pooled high maps, L -> H by a
    convolution of the low maps upsampled (nearest) x2; ReLU after the sums."""

    def __init__(self, c_high: int, c_low: int, out_high: int, out_low: int) -> None:
        super().__init__()
        self.hh, self.hl = nn.Conv2d(c_high, out_high, 3, padding=1), nn.Conv2d(c_high, out_low, 3, padding=1)
        self.ll, self.lh = nn.Conv2d(c_low, out_low, 3, padding=1), nn.Conv2d(c_low, out_high, 3, padding=1)

    def forward(self, high: Tensor, low: Tensor) -> tuple[Tensor, Tensor]:
        new_high = self.hh(high) + F.interpolate(self.lh(low), scale_factor=2, mode="nearest")
        new_low = self.ll(low) + self.hl(F.avg_pool2d(high, 2))
        return F.relu(new_high), F.relu(new_low)


class OctConvNet(nn.Module):
    """A tiny Octave-Convolution CNN: a first octave layer from the image (3 x 3 convolutions 1 -> 8 high at 16 x 16 and,
    of the pooled image, 1 -> 8 low at 8 x 8), an octave convolution (8 + 8 -> 8 + 8, alpha 0.5), both maps
    max-pooled (to 8 x 8 and 4 x 4) for a second octave convolution, global average pooling of both (16), a ReLU layer
    ``fc`` (16 -> 32) and a ``head`` to the 4 classes. Output (images, 4). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.first_high, self.first_low = nn.Conv2d(1, 8, 3, padding=1), nn.Conv2d(1, 8, 3, padding=1)
        self.oct1, self.oct2 = OctaveConv(8, 8, 8, 8), OctaveConv(8, 8, 8, 8)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, OCTCONV_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        high, low = F.relu(self.first_high(x)), F.relu(self.first_low(F.avg_pool2d(x, 2)))
        high, low = self.oct1(high, low)
        high, low = self.oct2(F.max_pool2d(high, 2), F.max_pool2d(low, 2))
        pooled = torch.cat([high.mean((2, 3)), low.mean((2, 3))], 1)
        out: Tensor = self.head(F.relu(self.fc(pooled)))
        return out


def octconv_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


SIGN_NODES, SIGN_BLOCKS, SIGN_FEATURES, SIGN_HOPS = 2400, 4, 12, 3
"""SIGN classifies the nodes of a 2400-node stochastic block model graph of 4 communities from 12 noisy features
propagated over 0-3 hops."""


@lru_cache(maxsize=None)
def sign_nodes(n: int = 1600, seed: int = 595, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Node classification on a stochastic block model graph of 2400 nodes in 4 equal communities (an edge with
    probability 6 / 600 inside a community, 3 / 1800 outside); each node's 12 features 0.3 x its community's random
    centre plus N(0, 1) noise; the features propagated over the symmetrically normalised adjacency with self-loops,
    D^-1/2 (A + I) D^-1/2, 0, 1, 2 and 3 times and concatenated (SIGN's precomputation, done once). The rows are
    nodes: ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph (5% of the training labels
    random: a floor). x: (nodes, 4 x 12); y: (nodes,). ``nan_rows``: that share of the training nodes has a missing
    (NaN) raw feature; ``train_rows``: keep only that many training nodes."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = SIGN_NODES, SIGN_BLOCKS
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(6.0 / size), torch.tensor(3.0 / (nodes - size)))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = (upper | upper.T).float() + torch.eye(nodes)
    inv = adj.sum(1).rsqrt()
    norm = inv[:, None] * adj * inv[None, :]
    centres = torch.randn(blocks, SIGN_FEATURES, generator=g)
    feats = 0.3 * centres[block] + torch.randn(nodes, SIGN_FEATURES, generator=g)
    hops = [feats]
    for _ in range(SIGN_HOPS):
        hops.append(norm @ hops[-1])
    x = torch.cat(hops, 1)
    ids = torch.randperm(nodes, generator=g)[: n + n_val]
    x, y = x[ids].clone(), block[ids]
    y = torch.cat([flip_labels(y[:n], blocks, 0.05, g), y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "node classification (SIGN: precomputed multi-hop features of a stochastic block model graph)", blocks, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, blocks, batch_size)
    return data


class SIGNNet(nn.Module):
    """SIGN (Frasca et al. 2020) on precomputed features: a separate ReLU MLP layer per hop (``hop`` 12 -> 16 each, 0-3
    hops), concatenated (64), a ReLU layer ``fc`` (64 -> 32) and a ``head`` to the 4 communities. Output (nodes, 4).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.hop = nn.ModuleList(nn.Linear(SIGN_FEATURES, 16) for _ in range(SIGN_HOPS + 1))
        self.fc = nn.Linear(16 * (SIGN_HOPS + 1), 32)
        self.head = nn.Linear(32, SIGN_BLOCKS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        parts = x.view(len(x), SIGN_HOPS + 1, SIGN_FEATURES)
        h = torch.cat([F.relu(layer(parts[:, i])) for i, layer in enumerate(self.hop)], 1)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def sign_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the communities summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


MIXLOG_FEATURES, MIXLOG_K = 8, 3
"""Rows of 8 features; a mixture of 3 discretised logistics over the 256 levels of an 8-bit target."""


@lru_cache(maxsize=None)
def mixlogistic_rows(n: int = 4000, seed: int = 597, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """8-bit targets of 8 features N(0, 1): a value 0.5 tanh(x0 + 0.5 x1 x2) + 0.3 sin(2 x3), moved by +-0.35 (the
    side set by the sign of x4 + N(0, 0.3^2) noise: bimodal near x4 = 0), plus N(0, 0.03^2) noise, clipped to
    [-1, 1] and quantised to the 256 levels (y = the level rescaled to [-1, 1]). x: (rows, 8); y: (rows,). ``nan_rows``:
    that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, MIXLOG_FEATURES, generator=g)
    side = torch.where(x[:, 4] + 0.3 * torch.randn(total, generator=g) > 0, 0.35, -0.35)
    value = 0.5 * torch.tanh(x[:, 0] + 0.5 * x[:, 1] * x[:, 2]) + 0.3 * torch.sin(2 * x[:, 3]) + side
    value = (value + 0.03 * torch.randn(total, generator=g)).clamp(-1.0, 1.0)
    y = torch.round((value + 1) * 127.5) / 127.5 - 1
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "regression of 8-bit targets (an MLP, a discretised mixture-of-logistics likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MixLogisticMLP(nn.Module):
    """A ReLU MLP to a discretised mixture of 3 logistics (PixelCNN++'s output): ``body`` 8 -> 64 -> 64 (ReLU), a ReLU
    layer ``fc`` (64 -> 32) and a ``head`` (32 -> 9): 3 mixture logits, 3 means, 3 log-scales. Output (rows, 9).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(MIXLOG_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3 * MIXLOG_K)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def mixlogistic_terms(out: Tensor, y: Tensor) -> Tensor:
    """The discretised mixture-of-logistics negative log-likelihood of each row (nats; PixelCNN++'s
    discretized_mix_logistic_loss for one channel): for each component the logistic's mass on the target's bin of width
    2/255 (the edge bins take the tails; where the mass is under 1e-5, the density at the bin's centre x its width),
    mixed by the softmax of the logits; log-scales clamped below at -7."""
    logits, means, log_scales = out[:, :MIXLOG_K], out[:, MIXLOG_K : 2 * MIXLOG_K], out[:, 2 * MIXLOG_K :].clamp(min=-7.0)
    centred = y[:, None] - means
    inv_s = torch.exp(-log_scales)
    plus_in, min_in = inv_s * (centred + 1.0 / 255), inv_s * (centred - 1.0 / 255)
    cdf_plus, cdf_min = torch.sigmoid(plus_in), torch.sigmoid(min_in)
    log_cdf_plus = plus_in - F.softplus(plus_in)  # the bottom edge bin: log F(x + 1/255)
    log_one_minus_cdf_min = -F.softplus(min_in)  # the top edge bin: log(1 - F(x - 1/255))
    cdf_delta = cdf_plus - cdf_min
    mid_in = inv_s * centred
    log_pdf_mid = mid_in - log_scales - 2.0 * F.softplus(mid_in)
    inner = torch.where(cdf_delta > 1e-5, torch.log(cdf_delta.clamp(min=1e-12)), log_pdf_mid - math.log(127.5))
    yy = y[:, None].expand_as(centred)
    log_probs = torch.where(yy < -0.999, log_cdf_plus, torch.where(yy > 0.999, log_one_minus_cdf_min, inner))
    return -torch.logsumexp(log_probs + torch.log_softmax(logits, -1), -1)


def mixlogistic_nll(out: Tensor, y: Tensor) -> Tensor:
    """The discretised mixture-of-logistics negative log-likelihood, mean over the rows."""
    return mixlogistic_terms(out, y).mean()


def mixlogistic_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The discretised mixture-of-logistics negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return mixlogistic_terms(out, y).sum()


def mixlogistic_at_zero() -> float:
    """The negative log-likelihood of raw outputs of 0 (equal weights, means 0, scales 1): its level at init."""
    y = mixlogistic_rows().y
    return float(mixlogistic_nll(torch.zeros(len(y), 3 * MIXLOG_K), y))
