"""The eighty-third fresh half (fresh81, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


SYNTHESIZER_LENGTH, SYNTHESIZER_VOCAB, SYNTHESIZER_CLASSES, SYNTHESIZER_DIM = 20, 24, 4, 32
"""Token sequences of 20 over a vocabulary of 24 (0 unused), 4 classes, a width of 32."""
SYNTHESIZER_EARLY, SYNTHESIZER_LATE = (1, 2, 3), (4, 5, 6)
"""The marker tokens: one of the first in the first half of a sequence, one of the second in its second half."""


@lru_cache(maxsize=None)
def synthesizer_sequences(n: int = 3000, seed: int = 811, *, n_val: int = 400, batch_size: int = 32,
                          nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic token sequences of 20 whose class depends on which tokens occur where: filler tokens 7-23 uniform,
    then (by the class drawn first) an early marker (1-3) planted at 1-2 positions of the first half (bit 0) and a late
    marker (4-6) at 1-2 positions of the second half (bit 1); decoys: a late marker in the first half and an early one
    in the second half, each with probability 1/2, mean nothing. 5% of the labels random, held-out ones too. x:
    (sequences, 20) the tokens (float, for the NaN of a missing token); y: (sequences,). ``nan_rows``: that share of
    the training sequences has a missing (NaN) token; ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, half = n + n_val, SYNTHESIZER_LENGTH // 2
    x = torch.randint(7, SYNTHESIZER_VOCAB, (total, SYNTHESIZER_LENGTH), generator=g)
    y = torch.randint(SYNTHESIZER_CLASSES, (total,), generator=g)

    def plant(r: int, markers: tuple[int, ...], lo: int) -> None:
        for _ in range(1 + int(torch.randint(2, (1,), generator=g))):
            pos = lo + int(torch.randint(half, (1,), generator=g))
            x[r, pos] = markers[int(torch.randint(len(markers), (1,), generator=g))]

    for r in range(total):
        if float(torch.rand(1, generator=g)) < 0.5:
            plant(r, SYNTHESIZER_LATE, 0)
        if float(torch.rand(1, generator=g)) < 0.5:
            plant(r, SYNTHESIZER_EARLY, half)
        if int(y[r]) & 1:
            plant(r, SYNTHESIZER_EARLY, 0)
        if int(y[r]) & 2:
            plant(r, SYNTHESIZER_LATE, half)
    early = torch.isin(x[:, :half], torch.tensor(SYNTHESIZER_EARLY)).any(1)
    late = torch.isin(x[:, half:], torch.tensor(SYNTHESIZER_LATE)).any(1)
    y = flip_labels(early.long() + 2 * late.long(), SYNTHESIZER_CLASSES, 0.05, g)
    xf = x.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        xf[bad, 3] = float("nan")
    data = split(xf, y, n, "token-sequence classification (a dense Synthesizer)", SYNTHESIZER_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SYNTHESIZER_CLASSES,
                    batch_size)  # fmt: skip
    return data


class SynthesizerBlock(nn.Module):
    """A dense Synthesizer block (Tay et al. 2020): attention weights over the 20 positions predicted from each token
    alone by a two-layer MLP (d -> d -> 20, ReLU, softmax), applied to value projections, an output projection and a
    residual; then a feed-forward (d -> 2d -> d, ReLU) with a residual; LayerNorm before each."""

    def __init__(self, d: int = SYNTHESIZER_DIM) -> None:
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.synth = nn.Sequential(nn.Linear(d, d), nn.ReLU(), nn.Linear(d, SYNTHESIZER_LENGTH))
        self.value, self.proj = nn.Linear(d, d), nn.Linear(d, d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.ReLU(), nn.Linear(2 * d, d))

    def forward(self, h: Tensor) -> Tensor:
        z = self.norm1(h)
        weights = torch.softmax(self.synth(z)[:, :, : h.shape[1]], -1)
        h = h + self.proj(weights @ self.value(z))
        out: Tensor = h + self.ff(self.norm2(h))
        return out


class Synthesizer(nn.Module):
    """A dense-Synthesizer text classifier: token and position embeddings (32), 2 ``SynthesizerBlock``s, a final
    LayerNorm, mean pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes. A missing (NaN) token's
    NaN reaches its embedding (0 x NaN). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = SYNTHESIZER_DIM) -> None:
        super().__init__()
        self.emb = nn.Embedding(SYNTHESIZER_VOCAB, d)
        self.pos = nn.Parameter(0.1 * torch.randn(SYNTHESIZER_LENGTH, d))
        self.blocks = nn.Sequential(SynthesizerBlock(d), SynthesizerBlock(d))
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, SYNTHESIZER_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e = self.emb(torch.nan_to_num(x).long()) + 0.0 * x[..., None] + self.pos[: x.shape[1]]
        h = self.norm(self.blocks(e)).mean(1)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def synthesizer_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's sequences (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


MQRNN_HISTORY, MQRNN_HORIZON, MQRNN_QUANTILES, MQRNN_PERIOD = 24, 8, (0.1, 0.5, 0.9), 12
"""History windows of 24 steps (the series, a known covariate and the phase of a period of 12), forecasts of the
next 8 steps at the quantiles 0.1, 0.5 and 0.9."""


@lru_cache(maxsize=None)
def mqrnn_windows(n: int = 3000, seed: int = 813, *, n_val: int = 400, batch_size: int = 32,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Windows of synthetic seasonal series, one series per window: y_t = level + amplitude sin(2 pi t / 12 + phase)
    + 0.6 c_t + noise, level N(0, 0.5^2), amplitude U(0.5, 1.5), phase uniform, c_t an AR(1) covariate (0.8, unknown in
    the future), the noise N(0, s^2) with s U(0.1, 0.6) per series (so the quantiles' spread is read from the history).
    x: (windows, 24, 4) the series, the covariate and the sine and cosine of the phase of the step; y: (windows, 8) the
    next 8 values of the series. ``train_rows``: keep only that many training windows."""
    g = torch.Generator().manual_seed(seed)
    total, steps = n + n_val, MQRNN_HISTORY + MQRNN_HORIZON
    level = 0.5 * torch.randn(total, 1, generator=g)
    amp = 0.5 + torch.rand(total, 1, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, generator=g)
    scale = 0.1 + 0.5 * torch.rand(total, 1, generator=g)
    cov = torch.zeros(total, steps)
    shocks = torch.randn(total, steps, generator=g)
    cov[:, 0] = shocks[:, 0]
    for t in range(1, steps):
        cov[:, t] = 0.8 * cov[:, t - 1] + 0.6 * shocks[:, t]
    start = torch.randint(MQRNN_PERIOD, (total, 1), generator=g)
    angle = 2 * math.pi * (start + torch.arange(steps)) / MQRNN_PERIOD
    series = level + amp * torch.sin(angle + phase) + 0.6 * cov + scale * torch.randn(total, steps, generator=g)
    hist = slice(0, MQRNN_HISTORY)
    x = torch.stack([series[:, hist], cov[:, hist], torch.sin(angle[:, hist]), torch.cos(angle[:, hist])], -1)
    y = series[:, MQRNN_HISTORY:]
    data = split(x, y, n, "multi-horizon quantile forecasting (an MQ-RNN)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MQRNN(nn.Module):
    """An MQ-RNN-like forecaster (Wen et al. 2017): a GRU encoder (4 -> 32) over the history window, its last state
    into a global MLP decoder: a ReLU layer (32 -> 64), a ReLU layer ``fc`` (64 -> 32) and a ``head`` to the 8 x 3
    quantiles of the horizons. Output (windows, 8, 3). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, hidden: int = 32) -> None:
        super().__init__()
        self.gru = nn.GRU(4, hidden, batch_first=True)
        self.hidden = nn.Linear(hidden, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, MQRNN_HORIZON * len(MQRNN_QUANTILES))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        _, h = self.gru(x)
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.hidden(h[-1])))))
        return out.view(len(x), MQRNN_HORIZON, len(MQRNN_QUANTILES))


def mqrnn_terms(out: Tensor, y: Tensor) -> Tensor:
    """The pinball (quantile) loss of each window, mean over its horizons and quantiles: max(q e, (q - 1) e), e the
    target minus the forecast of quantile q."""
    q = torch.tensor(MQRNN_QUANTILES)
    e = y[:, :, None] - out
    return torch.maximum(q * e, (q - 1) * e).mean((1, 2))


def mqrnn_pinball(out: Tensor, y: Tensor) -> Tensor:
    """The pinball loss, mean over the windows, horizons and quantiles."""
    return mqrnn_terms(out, y).mean()


def mqrnn_pinball_summed(out: Tensor, y: Tensor) -> Tensor:
    """The pinball loss summed over the batch's windows (reduction='sum'; mean over horizons and quantiles)."""
    return mqrnn_terms(out, y).sum()


def mqrnn_at_zero() -> float:
    """The pinball loss of forecasts of 0 at every quantile: its level at init."""
    y = mqrnn_windows().y
    return float(mqrnn_pinball(torch.zeros(len(y), MQRNN_HORIZON, len(MQRNN_QUANTILES)), y))


MASKNET_FIELDS, MASKNET_CARD, MASKNET_DIM = 10, 8, 8
"""10 categorical fields of 8 values each, embeddings of 8 (80 in all)."""
MASKNET_TRIPLES = ((0, 1, 2), (3, 4, 5), (6, 7, 8), (1, 5, 9))
"""The field triples whose multiplicative interaction is planted in the clicks."""


@lru_cache(maxsize=None)
def masknet_rows(n: int = 16000, seed: int = 815, *, n_val: int = 2000, batch_size: int = 64, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic impressions with planted multiplicative field interactions: 10 categorical fields uniform over 8
    values; the click's logit is -1 + a first-order effect per field value (N(0, 0.3^2)) + for each of 4 planted field
    triples 2 x the product of a value factor (N(0, 1)) per field; the click Bernoulli of its sigmoid. x: (rows,
    10) the field values (float, for the NaN of a missing value); y: (rows,) the click. ``nan_rows``: that share of the
    training rows has a missing (NaN) field value; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    fields = torch.randint(MASKNET_CARD, (total, MASKNET_FIELDS), generator=g)
    first = 0.3 * torch.randn(MASKNET_FIELDS, MASKNET_CARD, generator=g)
    logit = -1.0 + first[torch.arange(MASKNET_FIELDS), fields].sum(1)
    factor = torch.randn(MASKNET_FIELDS, MASKNET_CARD, generator=g)
    for triple in MASKNET_TRIPLES:
        prod = torch.ones(total)
        for f in triple:
            prod = prod * factor[f, fields[:, f]]
        logit = logit + 2.0 * prod.clamp(-3, 3)
    y = torch.bernoulli(torch.sigmoid(logit), generator=g)
    x = fields.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "click-through prediction (a MaskNet)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MaskBlock(nn.Module):
    """A MaskBlock (Wang et al. 2021): an instance-guided mask, a two-layer MLP over the whole embedding (80 -> 128 ->
    the input's width, ReLU), multiplied element-wise into the layer-normalised hidden input; then a linear layer,
    LayerNorm and ReLU."""

    def __init__(self, width: int, out: int, emb: int = MASKNET_FIELDS * MASKNET_DIM) -> None:
        super().__init__()
        self.mask = nn.Sequential(nn.Linear(emb, 128), nn.ReLU(), nn.Linear(128, width))
        self.norm_in = nn.LayerNorm(width)
        self.lin = nn.Linear(width, out)
        self.norm_out = nn.LayerNorm(out)

    def forward(self, h: Tensor, e: Tensor) -> Tensor:
        out: Tensor = F.relu(self.norm_out(self.lin(self.mask(e) * self.norm_in(h))))
        return out


class MaskNet(nn.Module):
    """A serial MaskNet click model: an embedding (8) per field value, the fields' embeddings concatenated (80); 2
    serial ``MaskBlock``s (80 -> 64 -> 64), each masked from the whole embedding; a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 1), the click's logit. Output (rows,). A missing (NaN) value's NaN reaches its embedding (0 x
    NaN). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = MASKNET_DIM) -> None:
        super().__init__()
        self.emb = nn.Embedding(MASKNET_FIELDS * MASKNET_CARD, d)
        nn.init.normal_(self.emb.weight, std=0.3)
        self.blocks = nn.ModuleList([MaskBlock(MASKNET_FIELDS * d, 64), MaskBlock(64, 64)])
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = torch.nan_to_num(x).long() + MASKNET_CARD * torch.arange(MASKNET_FIELDS)
        e = (self.emb(ids) + 0.0 * x[..., None]).flatten(1)
        h = e
        for block in self.blocks:
            h = block(h, e)
        out: Tensor = self.head(F.relu(self.fc(h)))[:, 0]
        return out


def masknet_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click (mean over the rows)."""
    return F.binary_cross_entropy_with_logits(out, y)


def masknet_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


GENGAMMA_FEATURES = 6
"""Rows of 6 features; positive duration-like targets of a generalized gamma law (Stacy's parameterisation)."""


@lru_cache(maxsize=None)
def gengamma_rows(n: int = 4000, seed: int = 817, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Positive duration-like targets of a generalized gamma law (Stacy) whose parameters depend on 6 features N(0, 1)
    (x5 noise): the scale a = exp(0.5 sin(1.5 x0) + 0.4 x1), d = exp(0.5 + 0.4 tanh(x2)), p = exp(0.3 tanh(x3 - 0.5 x4)
    + 0.2); drawn as y = a G^(1 / p), G ~ Gamma(d / p, 1). x: (rows, 6); y: (rows,). ``nan_rows``: that share of the
    training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, GENGAMMA_FEATURES, generator=g)
    a = torch.exp(0.5 * torch.sin(1.5 * x[:, 0]) + 0.4 * x[:, 1])
    d = torch.exp(0.5 + 0.4 * torch.tanh(x[:, 2]))
    p = torch.exp(0.3 * torch.tanh(x[:, 3] - 0.5 * x[:, 4]) + 0.2)
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        gam = torch._standard_gamma(d / p)
    y = a * gam.clamp_min(1e-6) ** (1 / p)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    task = "regression of positive durations (an MLP, the generalized gamma negative log-likelihood)"
    data = split(x, y, n, task, None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GenGammaMLP(nn.Module):
    """A ReLU MLP of a generalized gamma regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 3): log a (the scale), log d and log p (the shapes). Output (rows, 3). ``dead_bias`` < 0 starts
    fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(GENGAMMA_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def gengamma_terms(out: Tensor, y: Tensor) -> Tensor:
    """The generalized gamma negative log-likelihood of each row's target: -(log p - d log a + (d - 1) log y - (y /
    a)^p - lgamma(d / p)), a, d, p the exponentials of the outputs."""
    log_a, log_d, log_p = out[:, 0], out[:, 1], out[:, 2]
    d, p, log_y = log_d.exp(), log_p.exp(), torch.log(y)
    return -(log_p - d * log_a + (d - 1) * log_y - torch.exp(p * (log_y - log_a)) - torch.lgamma(d / p))


def gengamma_nll(out: Tensor, y: Tensor) -> Tensor:
    """The generalized gamma negative log-likelihood, mean over the rows."""
    return gengamma_terms(out, y).mean()


def gengamma_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The generalized gamma negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return gengamma_terms(out, y).sum()


def gengamma_at_zero() -> float:
    """The generalized gamma negative log-likelihood of raw outputs of 0 (a = d = p = 1, an exponential law of mean 1:
    the mean of y): its level at init."""
    y = gengamma_rows().y
    return float(gengamma_nll(torch.zeros(len(y), 3), y))
