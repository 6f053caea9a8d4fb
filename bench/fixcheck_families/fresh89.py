"""The ninety-first fresh half (fresh89, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


SINCNET_SAMPLES, SINCNET_CLASSES, SINCNET_FILTERS, SINCNET_KERNEL = 256, 5, 16, 33
"""Raw one-channel waveforms of 256 samples (frequencies in cycles per sample, Nyquist 0.5), 5 'keyword' classes; 16
learned band-pass sinc filters of 33 taps."""


@lru_cache(maxsize=None)
def sincnet_waves(n: int = 3000, seed: int = 891, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 'keyword' waveforms: a 96-sample event under a Hann envelope at a random onset among N(0, 0.3^2)
    noise; class 0 an up-chirp (0.04 -> 0.16 cycles per sample), 1 a down-chirp (0.16 -> 0.04), 2 a tone burst in the
    high band (U(0.28, 0.34)), 3 two short tone bursts in the low band (U(0.06, 0.1)), 4 a noise burst of random tones
    in 0.36-0.46; amplitudes U(0.6, 1.2), random phases. 5% of the labels random, held-out ones too. x: (waves, 1,
    256); y: (waves,). ``nan_rows``: that share of the training waves has a missing (NaN) sample; ``train_rows``: keep
    only that many training waves."""
    g = torch.Generator().manual_seed(seed)
    total, length, ev = n + n_val, SINCNET_SAMPLES, 96
    y = torch.randint(SINCNET_CLASSES, (total,), generator=g)
    t = torch.arange(ev).float()
    env = torch.hann_window(ev, periodic=False)
    x = 0.3 * torch.randn(total, length, generator=g)
    amp = 0.6 + 0.6 * torch.rand(total, generator=g)
    phase = 2 * math.pi * torch.rand(total, 4, generator=g)
    f = torch.rand(total, 4, generator=g)
    onset = torch.randint(length - ev, (total,), generator=g)
    for r in range(total):
        c = int(y[r])
        if c in (0, 1):
            f0, f1 = (0.04, 0.16) if c == 0 else (0.16, 0.04)
            inst = f0 + (f1 - f0) * t / ev
            w = torch.sin(2 * math.pi * torch.cumsum(inst, 0) + phase[r, 0])
        elif c == 2:
            w = torch.sin(2 * math.pi * (0.28 + 0.06 * f[r, 0]) * t + phase[r, 0])
        elif c == 3:
            w = torch.sin(2 * math.pi * (0.06 + 0.04 * f[r, 0]) * t + phase[r, 0]) * ((t % 48) < 30).float()
        else:
            w = sum(torch.sin(2 * math.pi * (0.36 + 0.1 * f[r, k]) * t + phase[r, k]) for k in range(4)) / 2
        i = int(onset[r])
        x[r, i : i + ev] += amp[r] * env * w
    y = flip_labels(y, SINCNET_CLASSES, 0.05, g)
    x = x[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 130] = float("nan")
    data = split(x, y, n, "waveform classification (a SincNet)", SINCNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SINCNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class SincConv(nn.Module):
    """SincNet's first layer (Ravanelli and Bengio 2018): ``filters`` band-pass filters, each the difference of two
    low-pass sinc filters, 2 f2 sinc(2 pi f2 n) - 2 f1 sinc(2 pi f1 n), under a Hamming window, whose low cut-off f1 =
    |low| and band f2 - f1 = |band| (cycles per sample) are the learned parameters (initialised evenly over 0.01-0.45),
    each filter divided by 2 x its band."""

    def __init__(self, filters: int = SINCNET_FILTERS, kernel: int = SINCNET_KERNEL) -> None:
        super().__init__()
        edges = torch.linspace(0.01, 0.45, filters + 1)
        self.low = nn.Parameter(edges[:-1].clone())
        self.band = nn.Parameter(edges[1:] - edges[:-1])
        self.register_buffer("n", torch.arange(kernel).float() - kernel // 2)
        self.register_buffer("window", torch.hamming_window(kernel, periodic=False))

    def filters(self) -> Tensor:
        f1 = self.low.abs() + 1e-3
        f2 = (f1 + self.band.abs() + 1e-3).clamp(max=0.5)
        n: Tensor = self.n
        lp2 = 2 * f2[:, None] * torch.sinc(2 * f2[:, None] * n)
        lp1 = 2 * f1[:, None] * torch.sinc(2 * f1[:, None] * n)
        out: Tensor = (lp2 - lp1) * self.window / (2 * (f2 - f1)[:, None])
        return out

    def forward(self, x: Tensor) -> Tensor:
        return F.conv1d(x, self.filters()[:, None], padding=SINCNET_KERNEL // 2)


class SincNet(nn.Module):
    """A SincNet-like classifier: a ``SincConv`` layer (16 filters), |.|, a max-pool of 4 (256 -> 64), a LayerNorm over
    the filters, LeakyReLU, 2 Conv1d layers (16 -> 24, 24 -> 24, 5 wide, stride 2) with LeakyReLU, global mean
    pooling, a ReLU layer ``fc`` (24 -> 32) and a ``head`` to the 5 classes. A missing (NaN) sample's NaN reaches the
    filters' outputs. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.sinc = SincConv()
        self.norm = nn.LayerNorm(SINCNET_FILTERS)
        self.conv1 = nn.Conv1d(SINCNET_FILTERS, 24, 5, stride=2, padding=2)
        self.conv2 = nn.Conv1d(24, 24, 5, stride=2, padding=2)
        self.fc = nn.Linear(24, 32)
        self.head = nn.Linear(32, SINCNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool1d(self.sinc(x).abs(), 4)
        h = F.leaky_relu(self.norm(h.transpose(1, 2)).transpose(1, 2), 0.2)
        h = F.leaky_relu(self.conv2(F.leaky_relu(self.conv1(h), 0.2)), 0.2)
        out: Tensor = self.head(F.relu(self.fc(h.mean(2))))
        return out


def sincnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's waves (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


PYRAFORMER_INPUT, PYRAFORMER_HORIZON, PYRAFORMER_CHANNELS = 48, 12, 3
PYRAFORMER_STRIDE, PYRAFORMER_DIM = 4, 16
"""48 past steps of 3 channels, 12 steps ahead; a pyramid of 48, 12 and 3 nodes (strided convolutions of 4) of
width 16."""


@lru_cache(maxsize=None)
def pyraformer_windows(n: int = 3000, seed: int = 893, *, n_val: int = 400, batch_size: int = 32,
                       nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Windows of a synthetic multi-scale series of 3 channels, one series per window: a slow trend (a random slope
    N(0, 0.01^2) per step), a daily-like cycle of period 6 and a weekly-like cycle of period 24 (amplitudes U(0.3,
    0.8) and U(0.5, 1.2), random phases) shared by the channels with weights per channel (1, 0.5 / 0.8, 1 / -0.6,
    0.7: channel 2 is out of phase), a level per channel N(0, 0.3^2), plus N(0, 0.15^2) noise. x: (windows, 48, 3); y:
    (windows, 12, 3) the next 12 steps. ``nan_rows``: that share of the training windows has a missing (NaN) value;
    ``train_rows``: keep only that many training windows."""
    g = torch.Generator().manual_seed(seed)
    total, steps = n + n_val, PYRAFORMER_INPUT + PYRAFORMER_HORIZON
    t = torch.arange(steps).float()[None, :]

    def sine(period: float, lo: float, hi: float) -> Tensor:
        a = lo + (hi - lo) * torch.rand(total, 1, generator=g)
        return a * torch.sin(2 * math.pi * t / period + 2 * math.pi * torch.rand(total, 1, generator=g))

    trend = 0.01 * torch.randn(total, 1, generator=g) * (t - PYRAFORMER_INPUT)
    day, week = sine(6, 0.3, 0.8), sine(24, 0.5, 1.2)
    weights = torch.tensor([[1.0, 0.5], [0.8, 1.0], [-0.6, 0.7]])
    series = trend[..., None] + day[..., None] * weights[:, 0] + week[..., None] * weights[:, 1]
    series = series + 0.3 * torch.randn(total, 1, PYRAFORMER_CHANNELS, generator=g)
    series = series + 0.15 * torch.randn(total, steps, PYRAFORMER_CHANNELS, generator=g)
    x = series[:, :PYRAFORMER_INPUT].contiguous()
    y = series[:, PYRAFORMER_INPUT:].contiguous()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 30, 1] = float("nan")
    data = split(x, y, n, "multi-scale series forecasting (a Pyraformer)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


def pyraformer_mask() -> Tensor:
    """The pyramidal attention mask over the concatenated 48 + 12 + 3 nodes (True: may not attend): each node attends
    to itself and its neighbours at its own scale, its parent and its children."""
    sizes = [PYRAFORMER_INPUT // PYRAFORMER_STRIDE**k for k in range(3)]
    starts = [0, sizes[0], sizes[0] + sizes[1]]
    allowed = torch.zeros(sum(sizes), sum(sizes), dtype=torch.bool)
    for k, (size, start) in enumerate(zip(sizes, starts)):
        for i in range(size):
            allowed[start + i, start + max(i - 1, 0) : start + min(i + 2, size)] = True
            if k < 2:
                parent = starts[k + 1] + i // PYRAFORMER_STRIDE
                allowed[start + i, parent] = allowed[parent, start + i] = True
    return ~allowed


class Pyraformer(nn.Module):
    """A Pyraformer-like forecaster (Liu et al. 2022): a linear embedding of each step (3 -> 16) plus a position
    embedding, a coarser-scale construction module (2 strided Conv1d layers of stride 4 building 12 and 3 coarser
    nodes), one post-LN layer of pyramidal attention (2 heads, the fixed ``pyraformer_mask``) and an MLP (16 -> 32 ->
    16), then the last 4 finest-scale nodes flattened (64) through a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 ->
    36) to the horizon. Output (windows, 12, 3). A missing (NaN) value's NaN reaches its step's embedding. ``dead_bias``
    < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = PYRAFORMER_DIM) -> None:
        super().__init__()
        self.embed = nn.Linear(PYRAFORMER_CHANNELS, d)
        self.pos = nn.Parameter(0.1 * torch.randn(PYRAFORMER_INPUT, d))
        self.down1 = nn.Conv1d(d, d, PYRAFORMER_STRIDE, stride=PYRAFORMER_STRIDE)
        self.down2 = nn.Conv1d(d, d, PYRAFORMER_STRIDE, stride=PYRAFORMER_STRIDE)
        self.attn = nn.MultiheadAttention(d, 2, batch_first=True)
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.register_buffer("mask", pyraformer_mask())
        self.fc = nn.Linear(4 * d, 32)
        self.head = nn.Linear(32, PYRAFORMER_HORIZON * PYRAFORMER_CHANNELS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h0 = self.embed(x) + self.pos
        h1 = self.down1(h0.transpose(1, 2))
        h2 = self.down2(h1)
        h = torch.cat([h0, h1.transpose(1, 2), h2.transpose(1, 2)], 1)
        h = self.norm1(h + self.attn(h, h, h, attn_mask=self.mask, need_weights=False)[0])
        h = self.norm2(h + self.mlp(h))
        last = h[:, PYRAFORMER_INPUT - 4 : PYRAFORMER_INPUT].flatten(1)
        out: Tensor = self.head(F.relu(self.fc(last)))
        return out.reshape(len(x), PYRAFORMER_HORIZON, PYRAFORMER_CHANNELS)


def pyraformer_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error, mean over the horizon steps and channels of a window, summed over the batch's windows
    (reduction='sum')."""
    return F.mse_loss(out, y, reduction="none").mean((1, 2)).sum()


def pyraformer_at_zero() -> float:
    """The MSE of forecasts of 0 on the held-out windows (the mean square of the targets)."""
    return float(pyraformer_windows().val_y.pow(2).mean())


SASGNN_ITEMS, SASGNN_LENGTH, SASGNN_DIM = 80, 8, 24
"""A catalogue of 80 items, sessions of 8 clicks (the 9th the target), width 24."""


@lru_cache(maxsize=None)
def sasgnn_sessions(n: int = 4000, seed: int = 895, *, n_val: int = 800, batch_size: int = 32,
                    nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic click sessions from planted item transitions: each item has 2 preferred successors (the next click
    one of them with prob. 0.55 and 0.25), a return to the session's previous item (0.1) or any item by a popularity
    softmax(N(0, 1)) (0.1); the first click by that popularity. x: (sessions, 8) the item ids of the first 8 clicks
    (float, for the NaN of a missing item); y: (sessions,) the 9th. ``nan_rows``: that share of the training sessions
    has a missing (NaN) item; ``train_rows``: keep only that many training sessions."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    succ = torch.randint(SASGNN_ITEMS, (SASGNN_ITEMS, 2), generator=g)
    pop = torch.softmax(torch.randn(SASGNN_ITEMS, generator=g), 0)
    clicks = torch.zeros(total, SASGNN_LENGTH + 1, dtype=torch.long)
    clicks[:, 0] = torch.multinomial(pop, total, replacement=True, generator=g)
    u = torch.rand(total, SASGNN_LENGTH + 1, generator=g)
    anyi = torch.multinomial(pop, total * (SASGNN_LENGTH + 1), replacement=True, generator=g).reshape(total, -1)
    for i in range(1, SASGNN_LENGTH + 1):
        cur = clicks[:, i - 1]
        prev = clicks[:, max(i - 2, 0)]
        nxt = torch.where(u[:, i] < 0.55, succ[cur, 0], succ[cur, 1])
        nxt = torch.where(u[:, i] < 0.8, nxt, torch.where(u[:, i] < 0.9, prev, anyi[:, i]))
        clicks[:, i] = nxt
    x = clicks[:, :SASGNN_LENGTH].float()
    y = clicks[:, SASGNN_LENGTH].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "session-based recommendation (an SR-GNN)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


def sasgnn_graph(items: Tensor) -> tuple[Tensor, Tensor]:
    """The session's directed item graph over its click positions: A_out[i, j] > 0 when item s_i is followed by item
    s_j somewhere in the session, each distinct item counted once (divided by its number of positions), normalised by
    the out-degree; A_in the same for the incoming edges."""
    same = (items[:, :, None] == items[:, None, :]).float()
    follow = torch.zeros(SASGNN_LENGTH, SASGNN_LENGTH)
    follow[torch.arange(SASGNN_LENGTH - 1), torch.arange(1, SASGNN_LENGTH)] = 1.0
    edge = (same @ follow @ same > 0).float()
    count = same.sum(1)
    out_adj = edge / count[:, None, :]
    in_adj = edge.transpose(1, 2) / count[:, None, :]
    out_adj = out_adj / out_adj.sum(2, keepdim=True).clamp(min=1.0)
    in_adj = in_adj / in_adj.sum(2, keepdim=True).clamp(min=1.0)
    return out_adj, in_adj


class SRGNN(nn.Module):
    """An SR-GNN-like session recommender (Wu et al. 2019): item embeddings (80 -> 24, N(0, 0.1^2)), 1 step of gated
    graph propagation over the session's item graph (``sasgnn_graph``: messages A_in W_in h and A_out W_out h into a
    GRU cell), a soft-attention readout (q^T sigmoid(W1 h_last + W2 h_i)) of the session combined with its last item
    (a linear layer 48 -> 24), a ReLU layer ``fc`` (24 -> 32) and a ``head`` (32 -> 24) scored against the tied item
    embeddings plus a bias per item. Output (sessions, 80). A missing (NaN) item's NaN reaches its embedding (0 x
    NaN). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = SASGNN_DIM) -> None:
        super().__init__()
        self.item = nn.Embedding(SASGNN_ITEMS, d)
        nn.init.normal_(self.item.weight, std=0.1)
        self.w_in, self.w_out = nn.Linear(d, d), nn.Linear(d, d)
        self.gru = nn.GRUCell(2 * d, d)
        self.w1, self.w2 = nn.Linear(d, d), nn.Linear(d, d, bias=False)
        self.q = nn.Linear(d, 1, bias=False)
        self.combine = nn.Linear(2 * d, d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, d)
        self.bias = nn.Parameter(torch.zeros(SASGNN_ITEMS))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        items = torch.nan_to_num(x).long()
        b, length = items.shape
        h = self.item(items) + 0.0 * x[..., None]
        out_adj, in_adj = sasgnn_graph(items)
        msg = torch.cat([in_adj @ self.w_in(h), out_adj @ self.w_out(h)], 2)
        h = self.gru(msg.reshape(b * length, -1), h.reshape(b * length, -1)).reshape(b, length, -1)
        last = h[:, -1]
        alpha = self.q(torch.sigmoid(self.w1(last)[:, None] + self.w2(h)))
        session = self.combine(torch.cat([last, (alpha * h).sum(1)], 1))
        out: Tensor = self.head(F.relu(self.fc(session))) @ self.item.weight.T + self.bias
        return out


def sasgnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The next-item cross-entropy summed over the batch's sessions (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


ZAGA_FEATURES = 6
"""Rows of 6 features; semicontinuous amounts (exact zeros, else positive) of a zero-adjusted gamma law."""


@lru_cache(maxsize=None)
def zaga_rows(n: int = 4000, seed: int = 897, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Semicontinuous amounts (claims, rainfall) of a zero-adjusted gamma law whose parameters depend on 6 features
    N(0, 1): the zero probability p0 = sigmoid(-0.2 + 0.9 x0 - 0.5 x1 x2 (clipped to +-3)), the positive part's mean
    mu = exp(0.8 + 0.5 x3 + 0.4 sin(x4)) and shape k = exp(0.4 + 0.5 tanh(x5)); y = 0 with prob. p0, else Gamma(k, mu /
    k), clipped to [1e-4, 1e3] (about 45% exact zeros). x: (rows, 6); y: (rows,). ``nan_rows``: that share of the
    training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, ZAGA_FEATURES, generator=g)
    p0 = torch.sigmoid(-0.2 + 0.9 * x[:, 0] - 0.5 * (x[:, 1] * x[:, 2]).clamp(-3, 3))
    mu = torch.exp(0.8 + 0.5 * x[:, 3] + 0.4 * torch.sin(x[:, 4]))
    k = torch.exp(0.4 + 0.5 * torch.tanh(x[:, 5]))
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        pos = torch.distributions.Gamma(k, k / mu).sample().clamp(1e-4, 1e3)
    y = torch.where(torch.rand(total, generator=g) < p0, 0.0, pos)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "regression of semicontinuous amounts (an MLP, the zero-adjusted gamma NLL)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ZagaMLP(nn.Module):
    """A ReLU MLP of a zero-adjusted gamma regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and
    a ``head`` (32 -> 3): the logit of a zero, the log mean and the log shape of the positive part. Output (rows, 3).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(ZAGA_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def zaga_terms(out: Tensor, y: Tensor) -> Tensor:
    """The zero-adjusted gamma negative log-likelihood of each row: -log p0 for a zero, -log(1 - p0) - log Gamma(y;
    shape k, mean mu) for a positive amount (rate k / mu), with the outputs logit p0, log mu and log k."""
    logit, log_mu, log_k = out[:, 0], out[:, 1], out[:, 2]
    k = log_k.exp()
    positive = y > 0
    log_y = torch.log(torch.where(positive, y, torch.ones_like(y)))
    log_rate = log_k - log_mu
    gamma_ll = k * log_rate - torch.lgamma(k) + (k - 1) * log_y - torch.exp(log_rate) * y
    return torch.where(positive, F.softplus(logit) - gamma_ll, F.softplus(-logit))


def zaga_nll(out: Tensor, y: Tensor) -> Tensor:
    """The zero-adjusted gamma negative log-likelihood, mean over the rows."""
    return zaga_terms(out, y).mean()


def zaga_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The zero-adjusted gamma negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return zaga_terms(out, y).sum()


def zaga_at_zero() -> float:
    """The zero-adjusted gamma negative log-likelihood of raw outputs of 0 (p0 = 1/2, mu = k = 1): its level at
    init."""
    y = zaga_rows().y
    return float(zaga_nll(torch.zeros(len(y), 3), y))
