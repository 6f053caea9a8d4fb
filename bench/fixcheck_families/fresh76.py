"""The seventy-eighth fresh half (fresh76, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


SKNET_SIZE, SKNET_CLASSES, SKNET_WIDTH = 16, 4, 16
"""16 x 16 images of a fine texture and a coarse shape on noise, 4 classes (the pair of the two: ln 4 = 1.39 at chance);
SK blocks of 16 channels at 8 x 8."""


@lru_cache(maxsize=None)
def sknet_images(n: int = 3000, seed: int = 761, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Patterns at two scales in a 16 x 16 image: a fine 4 x 4 texture of period 2 at a random place (a checkerboard or
    diagonal-free stripes of random orientation, amplitude 1) and a coarse 8 x 8 shape elsewhere (a filled square or a
    hollow ring of width 2, amplitude 0.6); the class is 2 x the shape + the texture. Pixel noise N(0, 0.7^2), 6% random
    labels (a floor). x: (images, 1, 16, 16); y: (images,). ``nan_rows``: that share of the training images has a
    missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    size = SKNET_SIZE
    x = 0.7 * torch.randn(total, 1, size, size, generator=g)
    y = torch.randint(SKNET_CLASSES, (total,), generator=g)
    ii, jj = torch.meshgrid(torch.arange(4), torch.arange(4), indexing="ij")
    checker = ((ii + jj) % 2).float() * 2 - 1
    stripes = (ii % 2).float() * 2 - 1
    ring = torch.ones(8, 8)
    ring[2:6, 2:6] = 0.0
    shapes = (torch.ones(8, 8), ring)
    for r in range(total):
        shape, texture = divmod(int(y[r]), 2)
        top, left = (int(v) for v in torch.randint(size - 7, (2,), generator=g))
        x[r, 0, top : top + 8, left : left + 8] += 0.6 * shapes[shape]
        while True:
            ti, tj = (int(v) for v in torch.randint(size - 3, (2,), generator=g))
            if ti + 4 <= top or ti >= top + 8 or tj + 4 <= left or tj >= left + 8:
                break
        pattern = checker if texture == 0 else (stripes if int(torch.randint(2, (1,), generator=g)) else stripes.T)
        x[r, 0, ti : ti + 4, tj : tj + 4] += pattern
    y = flip_labels(y, SKNET_CLASSES, 0.06, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 9] = float("nan")
    data = split(x, y, n, "image classification (a Selective-Kernel CNN)", SKNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SKNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class SKBlock(nn.Module):
    """A Selective Kernel block (Li et al. 2019): two branches, a 3 x 3 convolution and a dilated 3 x 3 one (a 5 x 5
    receptive field), each with a ReLU; fused by summation and global average pooling into a squeeze vector s, z =
    ReLU(W s) (16 -> 8), then a softmax over the 2 branches per channel of their attention logits (8 -> 2 x 16)
    selects V = a_1 U_1 + a_2 U_2; residual: x + conv1x1(V)."""

    def __init__(self, c: int) -> None:
        super().__init__()
        self.b1 = nn.Conv2d(c, c, 3, padding=1)
        self.b2 = nn.Conv2d(c, c, 3, padding=2, dilation=2)
        self.squeeze = nn.Linear(c, c // 2)
        self.select = nn.Linear(c // 2, 2 * c)
        self.proj = nn.Conv2d(c, c, 1)

    def forward(self, x: Tensor) -> Tensor:
        u1, u2 = F.relu(self.b1(x)), F.relu(self.b2(x))
        s = (u1 + u2).mean((2, 3))
        a = torch.softmax(self.select(F.relu(self.squeeze(s))).reshape(len(x), 2, -1), 1)
        v = a[:, 0, :, None, None] * u1 + a[:, 1, :, None, None] * u2
        out: Tensor = x + self.proj(v)
        return out


class SKNet(nn.Module):
    """A Selective-Kernel CNN classifier (SKNet-like, tiny): a stem conv 1 -> 16 (3 x 3, ReLU) and a stride-2 conv 16 ->
    16 (to 8 x 8, ReLU), 2 SK blocks, global average pooling, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4
    classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        c = SKNET_WIDTH
        self.stem = nn.Sequential(nn.Conv2d(1, c, 3, padding=1), nn.ReLU(), nn.Conv2d(c, c, 3, 2, 1), nn.ReLU())
        self.blocks = nn.Sequential(SKBlock(c), SKBlock(c))
        self.fc = nn.Linear(c, 32)
        self.head = nn.Linear(32, SKNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.blocks(self.stem(x)).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def sknet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


PHASED_EVENTS, PHASED_CLASSES, PHASED_WINDOW, PHASED_PERIODS = 40, 4, 60.0, (3.0, 7.0)
"""Sequences of 30-40 events (padded to 40) over a window of 60 time units; 4 classes: the rhythm of the planted
events (a period of 3 or 7) and their phase (the sign their alternating values start with)."""
PHASED_RON, PHASED_ALPHA = 0.2, 1e-3
"""The Phased LSTM time gate's open ratio r_on and its leak alpha when closed."""


@lru_cache(maxsize=None)
def phasedlstm_events(n: int = 2000, seed: int = 763, *, n_val: int = 400, batch_size: int = 32,
                      nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Irregularly sampled event sequences: planted events every P time units (P 3 or 7, jittered by N(0, 0.3^2), from
    a random start in [0, P)) whose value alternates +1, -1, ... or -1, +1, ... (the phase), among background events at
    uniform random times with values N(0, 0.5^2), 30-40 events in all, sorted by time; every event also has a nuisance
    feature N(0, 1). The class is 2 x (P = 7) + (the first planted value negative); 5% random labels (a floor). x:
    (sequences, 40, 4) of (timestamp, valid 1 / padding 0, value, nuisance), padded at the end with the last timestamp
    and zeros; y: (sequences,). ``nan_rows``: that share of the training sequences has a missing (NaN) value;
    ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.zeros(total, PHASED_EVENTS, 4)
    y = torch.randint(PHASED_CLASSES, (total,), generator=g)
    for r in range(total):
        slow, negative = divmod(int(y[r]), 2)
        period = PHASED_PERIODS[slow]
        start = float(torch.rand(1, generator=g)) * period
        times = torch.arange(start, PHASED_WINDOW, period)
        times = (times + 0.3 * torch.randn(len(times), generator=g)).clamp(0.0, PHASED_WINDOW)
        sign = -1.0 if negative else 1.0
        values = sign * (1.0 - 2.0 * (torch.arange(len(times)) % 2).float())
        count = max(int(torch.randint(30, PHASED_EVENTS + 1, (1,), generator=g)), len(times) + 8)
        extra = count - len(times)
        bt = torch.rand(extra, generator=g) * PHASED_WINDOW
        bv = 0.5 * torch.randn(extra, generator=g)
        t = torch.cat([times, bt])
        v = torch.cat([values, bv])
        order = torch.argsort(t)
        x[r, :count, 0] = t[order]
        x[r, :count, 1] = 1.0
        x[r, :count, 2] = v[order]
        x[r, :count, 3] = torch.randn(count, generator=g)
        x[r, count:, 0] = x[r, count - 1, 0]
    y = flip_labels(y, PHASED_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7, 2] = float("nan")
    data = split(x, y, n, "event sequence classification (a Phased LSTM)", PHASED_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, PHASED_CLASSES,
                    batch_size)  # fmt: skip
    return data


class PhasedLSTM(nn.Module):
    """A Phased LSTM classifier (Neil et al. 2016): an LSTM cell (32 units) over the events' (value, nuisance, time
    since the last event / 10) whose updates are gated per unit by a time gate: phi = ((t - s) mod tau) / tau, k = 2
    phi / r_on when phi < r_on / 2, 2 - 2 phi / r_on when phi < r_on, else alpha phi (r_on 0.2, leak alpha 1e-3; the
    periods tau = exp(log tau), log-uniform in [1, 30] at init, and the shifts s in [0, tau) learned); padding events
    have k = 0. c = k c~ + (1 - k) c, h = k h~ + (1 - k) h; the last h and the mean over the valid events' h into a
    ReLU layer ``fc`` (64 -> 32) and a ``head`` to the 4 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, hidden: int = 32) -> None:
        super().__init__()
        self.hidden = hidden
        self.cell = nn.LSTMCell(3, hidden)
        self.log_tau = nn.Parameter(torch.empty(hidden).uniform_(0.0, math.log(30.0)))
        self.shift = nn.Parameter(torch.rand(hidden) * self.log_tau.detach().exp())
        self.fc = nn.Linear(2 * hidden, 32)
        self.head = nn.Linear(32, PHASED_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def gate(self, t: Tensor) -> Tensor:
        """The time gate k of every event: (sequences, events, units)."""
        tau = self.log_tau.exp()
        phi = torch.remainder(t[..., None] - self.shift, tau) / tau
        up, down = 2 * phi / PHASED_RON, 2 - 2 * phi / PHASED_RON
        return torch.where(phi < PHASED_RON / 2, up, torch.where(phi < PHASED_RON, down, PHASED_ALPHA * phi))

    def forward(self, x: Tensor) -> Tensor:
        b, steps = x.shape[0], x.shape[1]
        t, valid = x[..., 0], x[..., 1]
        dt = torch.diff(t, dim=1, prepend=t[:, :1]) / 10.0
        inputs = torch.stack([x[..., 2], x[..., 3], dt], -1)
        k = self.gate(t) * valid[..., None]
        h = c = x.new_zeros(b, self.hidden)
        states = []
        for i in range(steps):
            h2, c2 = self.cell(inputs[:, i], (h, c))
            c = c + k[:, i] * (c2 - c)
            h = h + k[:, i] * (h2 - h)
            states.append(h)
        mean = (torch.stack(states, 1) * valid[..., None]).sum(1) / valid.sum(1, keepdim=True).clamp_min(1.0)
        out: Tensor = self.head(F.relu(self.fc(torch.cat([h, mean], 1))))
        return out


def phasedlstm_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's sequences (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


ESMM_FIELDS, ESMM_VOCAB, ESMM_DIM = 9, 16, 8
"""Impressions of 9 categorical fields of 16 values each, embedded in 8 dimensions shared by the two towers."""


@lru_cache(maxsize=None)
def esmm_rows(n: int = 30000, seed: int = 765, *, n_val: int = 4000, batch_size: int = 128, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Impressions with planted click and conversion propensities: 9 categorical fields (16 values each, uniform); the
    click logit -1.6 + the sum of per-value weights of fields 0-5 (N(0, 0.7^2)) + 1.2 x a planted interaction of fields
    0 and 1 (+-1); the conversion-after-click logit -0.6 + per-value weights of fields 3-8 (N(0, 0.8^2)) + 1.0 x an
    interaction of fields 6 and 7. A click ~ Bernoulli(sigmoid(click logit)) (a rate near 0.22), a conversion only
    after a click. x: (rows, 9) the values (float, for the NaN of a missing one); y: (rows, 2) the click and the click
    and conversion (0 / 1). ``nan_rows``: that share of the training rows has a missing (NaN) field; ``train_rows``:
    keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    ids = torch.randint(ESMM_VOCAB, (total, ESMM_FIELDS), generator=g)
    w_click = 0.7 * torch.randn(ESMM_FIELDS, ESMM_VOCAB, generator=g)
    w_conv = 0.8 * torch.randn(ESMM_FIELDS, ESMM_VOCAB, generator=g)
    pair_click = torch.randint(2, (ESMM_VOCAB, ESMM_VOCAB), generator=g).float() * 2 - 1
    pair_conv = torch.randint(2, (ESMM_VOCAB, ESMM_VOCAB), generator=g).float() * 2 - 1
    fields = torch.arange(ESMM_FIELDS)
    per_click = w_click[fields, ids][:, :6].sum(1)
    per_conv = w_conv[fields, ids][:, 3:].sum(1)
    click_logit = -1.6 + per_click + 1.2 * pair_click[ids[:, 0], ids[:, 1]]
    conv_logit = -0.6 + per_conv + 1.0 * pair_conv[ids[:, 6], ids[:, 7]]
    click = (torch.rand(total, generator=g) < torch.sigmoid(click_logit)).float()
    conv = click * (torch.rand(total, generator=g) < torch.sigmoid(conv_logit)).float()
    x = ids.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    y = torch.stack([click, conv], 1)
    data = split(x, y, n, "click and conversion prediction (an ESMM, entire space multi-task)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ESMM(nn.Module):
    """An ESMM-like model (Ma et al. 2018): one embedding table of the 9 fields (8 dimensions, shared by the towers)
    concatenated (72) into two ReLU towers, each 72 -> 64, a ReLU layer 64 -> 32 (``fc`` for pCTR, ``fc_cvr`` for pCVR)
    and an output layer (``head``: the pCTR logit, ``head_cvr``: the pCVR logit). Output (rows, 2) of the two logits.
    A missing (NaN) value's NaN reaches its embedding (0 x NaN). ``dead_bias`` < 0 starts both fc layers' biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(ESMM_FIELDS * ESMM_VOCAB, ESMM_DIM)
        self.register_buffer("offsets", torch.arange(ESMM_FIELDS) * ESMM_VOCAB)
        width = ESMM_FIELDS * ESMM_DIM
        self.tower, self.tower_cvr = nn.Linear(width, 64), nn.Linear(width, 64)
        self.fc, self.fc_cvr = nn.Linear(64, 32), nn.Linear(64, 32)
        self.head, self.head_cvr = nn.Linear(32, 1), nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
                self.fc_cvr.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = x.nan_to_num(0.0).long() + self.offsets
        e = (self.embed(ids) + 0.0 * x[..., None]).flatten(1)
        ctr = self.head(F.relu(self.fc(F.relu(self.tower(e)))))
        cvr = self.head_cvr(F.relu(self.fc_cvr(F.relu(self.tower_cvr(e)))))
        return torch.cat([ctr, cvr], 1)


def esmm_terms(out: Tensor, y: Tensor) -> Tensor:
    """Per row: the BCE of pCTR = sigmoid(ctr logit) on the click plus the BCE of pCTCVR = pCTR x pCVR on the click and
    conversion, in log space: log pCTCVR = logsigmoid(ctr) + logsigmoid(cvr), log(1 - pCTCVR) = log(-expm1(that))."""
    log_ctr = F.logsigmoid(out[:, 0])
    ctr = F.binary_cross_entropy_with_logits(out[:, 0], y[:, 0], reduction="none")
    log_p = log_ctr + F.logsigmoid(out[:, 1])
    log_q = torch.log(-torch.expm1(log_p.clamp(max=-1e-6)))
    return ctr - y[:, 1] * log_p - (1 - y[:, 1]) * log_q


def esmm_loss(out: Tensor, y: Tensor) -> Tensor:
    """The ESMM loss: BCE(pCTR, click) + BCE(pCTCVR, click and conversion), mean over the rows."""
    return esmm_terms(out, y).mean()


def esmm_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The ESMM loss summed over the batch's rows (reduction='sum')."""
    return esmm_terms(out, y).sum()


def esmm_at_zero() -> float:
    """The ESMM loss of logits of 0 (pCTR 0.5, pCTCVR 0.25): its level at init."""
    y = esmm_rows().y
    return float(esmm_loss(torch.zeros(len(y), 2), y))


COMPOIS_FEATURES, COMPOIS_J = 6, 80
"""Rows of 6 features; Conway-Maxwell-Poisson counts, the normaliser truncated at J = 80."""


def compoisson_log_pmf(log_lam: Tensor, nu: Tensor) -> Tensor:
    """log P(y = j) for j = 0..J of the Conway-Maxwell-Poisson distribution: j log lambda - nu lgamma(j + 1) - log Z,
    log Z = logsumexp over j = 0..J of the same. Shape (rows, J + 1)."""
    j = torch.arange(COMPOIS_J + 1, dtype=log_lam.dtype)
    terms = j * log_lam[:, None] - nu[:, None] * torch.lgamma(j + 1)
    return terms - torch.logsumexp(terms, 1, keepdim=True)


@lru_cache(maxsize=None)
def compoisson_rows(n: int = 4000, seed: int = 767, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Under- and over-dispersed counts: 6 features N(0, 1); log lambda = 1.1 + 0.6 tanh(x B) + 0.2 sin(2 x0) (B over
    features 0-3) and nu = exp(0.6 tanh(x4 - 0.6 x5)) (0.55-1.8: over-dispersed below 1, under-dispersed above), the
    count drawn from the Conway-Maxwell-Poisson(lambda, nu) truncated at 80 (means near 1-30). x: (rows, 6); y:
    (rows,) the count (float). ``nan_rows``: that share of the training rows has a missing (NaN) feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, COMPOIS_FEATURES, generator=g)
    b = torch.randn(4, generator=g) / 2.0
    log_lam = 1.1 + 0.6 * torch.tanh(x[:, :4] @ b) + 0.2 * torch.sin(2 * x[:, 0])
    nu = torch.exp(0.6 * torch.tanh(x[:, 4] - 0.6 * x[:, 5]))
    y = torch.multinomial(compoisson_log_pmf(log_lam, nu).exp(), 1, generator=g).flatten().float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    task = "regression of dispersed counts (an MLP, the Conway-Maxwell-Poisson negative log-likelihood)"
    data = split(x, y, n, task, None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ComPoissonMLP(nn.Module):
    """A ReLU MLP of a Conway-Maxwell-Poisson regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32)
    and a ``head`` (32 -> 2): log lambda and log nu. Output (rows, 2). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(COMPOIS_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def compoisson_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Conway-Maxwell-Poisson negative log-likelihood of each row's count: -(y log lambda - nu lgamma(y + 1) - log
    Z), log Z = logsumexp over j = 0..80 of j log lambda - nu lgamma(j + 1), nu = exp(log nu)."""
    log_lam, nu = out[:, 0], out[:, 1].exp()
    j = torch.arange(COMPOIS_J + 1, dtype=out.dtype)
    log_z = torch.logsumexp(j * log_lam[:, None] - nu[:, None] * torch.lgamma(j + 1), 1)
    return -(y * log_lam - nu * torch.lgamma(y + 1) - log_z)


def compoisson_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Conway-Maxwell-Poisson negative log-likelihood, mean over the rows."""
    return compoisson_terms(out, y).mean()


def compoisson_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Conway-Maxwell-Poisson negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return compoisson_terms(out, y).sum()


def compoisson_at_zero() -> float:
    """The Conway-Maxwell-Poisson negative log-likelihood of raw outputs of 0 (lambda = nu = 1: Poisson(1)): its level
    at init."""
    y = compoisson_rows().y
    return float(compoisson_nll(torch.zeros(len(y), 2), y))
