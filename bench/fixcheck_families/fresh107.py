"""The one hundred and ninth fresh half (fresh107, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


BILINEAR_SIZE, BILINEAR_CLASSES, BILINEAR_WIDTH = 12, 4, 8
"""12x12 one-channel images of one of 4 stroke orientations (ln 4 = 1.39 at chance), 8 channels pooled bilinearly."""


@lru_cache(maxsize=None)
def bilinear_images(n: int = 3000, seed: int = 10701, *, n_val: int = 600, batch_size: int = 32,
                    nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 one-channel images whose class is the orientation (horizontal, vertical, diagonal,
    anti-diagonal) of a stroke of 4 pixels drawn at a random place with amplitude U(1.0, 1.6), beside 3 bright single
    pixels elsewhere, over N(0, 0.4^2) noise; 5% of the labels random, held-out ones too. x: (images, 1, 12, 12);
    y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel; ``train_rows``: keep
    only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, BILINEAR_SIZE
    y = torch.randint(BILINEAR_CLASSES, (total,), generator=g)
    x = 0.4 * torch.randn(total, s, s, generator=g)
    amp = 1.0 + 0.6 * torch.rand(total, generator=g)
    r0, c0 = (torch.randint(0, s - 3, (total,), generator=g) for _ in range(2))
    idx = torch.arange(total)
    dr = torch.tensor([0, 1, 1, 1])[y]
    dc = torch.tensor([1, 0, 1, -1])[y]
    c0 = torch.where(dc < 0, c0 + 3, c0)
    for k in range(4):
        x[idx, r0 + k * dr, c0 + k * dc] += amp
    for _ in range(3):
        pr, pc = (torch.randint(0, s, (total,), generator=g) for _ in range(2))
        x[idx, pr, pc] += 1.3
    x = x[:, None]
    y = flip_labels(y, BILINEAR_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "naming a stroke's orientation in a noisy image (a bilinear-pooling CNN)",
                 BILINEAR_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, BILINEAR_CLASSES,
                    batch_size)  # fmt: skip
    return data


class BilinearNet(nn.Module):
    """A bilinear CNN (Lin et al. 2015, tiny): a 3x3 conv 1 -> 8 (ReLU) and a 3x3 conv 8 -> 8 (ReLU) at 12x12, the
    outer product of the 8 channels with themselves averaged over the positions (64), a signed square root and an
    L2 normalisation (x4), a ReLU layer ``fc`` (64 -> 32) and a ``head`` to the 4 orientations. A missing (NaN)
    pixel's NaN spreads. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        w = BILINEAR_WIDTH
        self.c1 = nn.Conv2d(1, w, 3, padding=1)
        self.c2 = nn.Conv2d(w, w, 3, padding=1)
        self.fc = nn.Linear(w * w, 32)
        self.head = nn.Linear(32, BILINEAR_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.c2(F.relu(self.c1(x)))).flatten(2)
        b = torch.einsum("bip,bjp->bij", h, h).flatten(1) / h.shape[-1]
        b = torch.sign(b) * torch.sqrt(b.abs() + 1e-6)
        b = 4 * b / (b.norm(dim=1, keepdim=True) + 1e-6)
        out: Tensor = self.head(F.relu(self.fc(b)))
        return out


LEM_STEPS, LEM_CHANNELS, LEM_CLASSES, LEM_HIDDEN = 24, 2, 4, 24
"""Series of 24 steps of 2 channels, 4 classes (ln 4 = 1.39 at chance), a LEM of 24 units."""


@lru_cache(maxsize=None)
def lem_series(n: int = 3000, seed: int = 10703, *, n_val: int = 400, batch_size: int = 32,
               nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 2-channel series of 24 steps, each channel carrying one Gaussian bump (width 1.5 steps) at a
    random step in 3-20 (the two at least 3 steps apart), whose class is 2 x (whether channel 0's bump comes first) +
    (whether channel 0's bump is positive, height U(0.8, 1.3)); channel 1's bump is positive, height U(0.8, 1.3);
    over N(0, 0.4^2) noise; 5% of the labels random, held-out ones too. x: (series, 24, 2); y: (series,).
    ``nan_rows``: that share of the training series has a missing (NaN) value; ``train_rows``: keep only that many
    training series."""
    g = torch.Generator().manual_seed(seed)
    total, t = n + n_val, LEM_STEPS
    y = torch.randint(LEM_CLASSES, (total,), generator=g)
    first = torch.randint(3, 15, (total,), generator=g)
    second = first + 3 + torch.randint(0, 18 - 3 - 0, (total,), generator=g).clamp(max=6)
    second = second.clamp(max=20)
    zero_first = y // 2 == 1
    at0 = torch.where(zero_first, first, second).float()
    at1 = torch.where(zero_first, second, first).float()
    sign = torch.where(y % 2 == 1, 1.0, -1.0)
    h0 = (0.8 + 0.5 * torch.rand(total, generator=g)) * sign
    h1 = 0.8 + 0.5 * torch.rand(total, generator=g)
    steps = torch.arange(t).float()
    x = 0.4 * torch.randn(total, t, LEM_CHANNELS, generator=g)
    x[:, :, 0] += h0[:, None] * torch.exp(-0.5 * ((steps[None] - at0[:, None]) / 1.5) ** 2)
    x[:, :, 1] += h1[:, None] * torch.exp(-0.5 * ((steps[None] - at1[:, None]) / 1.5) ** 2)
    y = flip_labels(y, LEM_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9, 1] = float("nan")
    data = split(x, y, n, "naming which channel's bump comes first and the sign of one bump (a LEM recurrence)",
                 LEM_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, LEM_CLASSES,
                    batch_size)  # fmt: skip
    return data


class LemNet(nn.Module):
    """A Long Expressive Memory network (Rusch et al. 2022) of 24 units: two learned multi-scale step sizes
    dt1 = sigmoid(W1 y + V1 u), dt2 = sigmoid(W2 y + V2 u), z <- (1 - dt1) z + dt1 tanh(Wz y + Vz u),
    y <- (1 - dt2) y + dt2 tanh(Wy z + Vy u); the last and the mean of y (48) through a ReLU layer ``fc``
    (48 -> 32) and a ``head`` to the 4 classes. A missing (NaN) value's NaN spreads. ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        n = LEM_HIDDEN
        self.inp = nn.Linear(LEM_CHANNELS, 4 * n)
        self.rec = nn.Linear(n, 3 * n, bias=False)
        self.rec_z = nn.Linear(n, n, bias=False)
        self.fc = nn.Linear(2 * n, 32)
        self.head = nn.Linear(32, LEM_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        n = LEM_HIDDEN
        u = self.inp(x)
        y = x.new_zeros(x.shape[0], n)
        z = x.new_zeros(x.shape[0], n)
        ys = []
        for t in range(x.shape[1]):
            a1, a2, az, ay = u[:, t].split(n, 1)
            r1, r2, rz = self.rec(y).split(n, 1)
            dt1, dt2 = torch.sigmoid(a1 + r1), torch.sigmoid(a2 + r2)
            z = (1 - dt1) * z + dt1 * torch.tanh(az + rz)
            y = (1 - dt2) * y + dt2 * torch.tanh(ay + self.rec_z(z))
            ys.append(y)
        h = torch.stack(ys, 1)
        out: Tensor = self.head(F.relu(self.fc(torch.cat([h[:, -1], h.mean(1)], 1))))
        return out


DLRM_FIELDS, DLRM_CARD, DLRM_DENSE, DLRM_DIM = 6, 12, 4, 8
"""Rows of 6 categorical fields of 12 values and 4 dense features; 8-d embeddings."""


@lru_cache(maxsize=None)
def dlrm_rows(n: int = 8000, seed: int = 10705, *, n_val: int = 1000, batch_size: int = 64,
              nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic click rows: 6 categorical fields of 12 values (uniform) and 4 dense features N(0, 1); the click's
    logit -0.5 + the dot product of hidden 3-d factors of fields 0 and 1 (x1.5), of fields 2 and 3 (x1.2), a hidden
    weight of field 4's value, 0.8 tanh(2 d0) + 0.6 d1 [field 5 < 6] - 0.5 d2 d3, the click drawn from it. x: (rows,
    10) with the 6 fields' values as floats first; y: (rows,) of 0/1. ``nan_rows``: that share of the training rows
    has a missing (NaN) dense feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    cat = torch.randint(DLRM_CARD, (total, DLRM_FIELDS), generator=g)
    dense = torch.randn(total, DLRM_DENSE, generator=g)
    fac = torch.randn(4, DLRM_CARD, 3, generator=g) / math.sqrt(3)
    w4 = 0.8 * torch.randn(DLRM_CARD, generator=g)
    logit = (-0.5 + 1.5 * (fac[0, cat[:, 0]] * fac[1, cat[:, 1]]).sum(1) * 1.5
             + 1.2 * (fac[2, cat[:, 2]] * fac[3, cat[:, 3]]).sum(1) * 1.5 + w4[cat[:, 4]]
             + 0.8 * torch.tanh(2 * dense[:, 0]) + 0.6 * dense[:, 1] * (cat[:, 5] < 6).float()
             - 0.5 * dense[:, 2] * dense[:, 3])  # fmt: skip
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    x = torch.cat([cat.float(), dense], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, DLRM_FIELDS + 1] = float("nan")
    data = split(x, y, n, "click prediction by a DLRM (embeddings, a bottom MLP and pairwise dot interactions)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DlrmNet(nn.Module):
    """A deep learning recommendation model (DLRM, Naumov et al. 2019, tiny): 8-d embeddings of the 6 fields, a
    bottom MLP of the 4 dense features (4 -> 16 -> 8, ReLU), the 21 pairwise dot products of the 7 vectors
    concatenated with the bottom output (29), a top MLP: a ReLU layer ``fc`` (29 -> 32) and a ``head`` (32 -> 1),
    the click's logit. Output (rows,). A missing (NaN) feature's NaN spreads. ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = DLRM_DIM
        self.emb = nn.Embedding(DLRM_FIELDS * DLRM_CARD, d)
        nn.init.normal_(self.emb.weight, std=0.3)
        self.bottom = nn.Sequential(nn.Linear(DLRM_DENSE, 16), nn.ReLU(), nn.Linear(16, d), nn.ReLU())
        self.register_buffer("offsets", torch.arange(DLRM_FIELDS) * DLRM_CARD)
        k = DLRM_FIELDS + 1
        iu = torch.triu_indices(k, k, 1)
        self.register_buffer("iu", iu)
        self.fc = nn.Linear(iu.shape[1] + d, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        cat = x[:, :DLRM_FIELDS].nan_to_num(0).long() + self.offsets
        b = self.bottom(x[:, DLRM_FIELDS:])
        v = torch.cat([self.emb(cat), b[:, None]], 1)
        dots = torch.einsum("bid,bjd->bij", v, v)[:, self.iu[0], self.iu[1]]
        out: Tensor = self.head(F.relu(self.fc(torch.cat([dots, b], 1)))).squeeze(-1)
        return out


def dlrm_bce(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


def dlrm_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """BCE with logits summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


POILINDLEY_FEATURES = 6
"""Rows of 6 features; a count >= 0 with a Poisson-Lindley law whose parameter depends on them."""


@lru_cache(maxsize=None)
def poilindley_rows(n: int = 6000, seed: int = 10707, *, n_val: int = 1000, batch_size: int = 256,
                    nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Counts k >= 0 with a Poisson-Lindley law, pmf theta^2 (k + theta + 2) / (theta + 1)^(k + 3), a Poisson whose
    rate has a Lindley(theta) law, whose theta depends on the rows: 6 features N(0, 1), log theta = 1.5 sin(1.2 x0)
    + 0.9 x1 x2 - 0.4 |x3| + 0.5 x4 - 0.2 x5^2 - 0.3, clamped to [-3, 3]; drawn by mixing (the rate Exp(theta) with
    probability theta / (theta + 1), else Gamma(2, theta)). x: (rows, 6); y: (rows,) as floats. ``nan_rows``: that
    share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, POILINDLEY_FEATURES, generator=g)
    log_theta = (1.5 * torch.sin(1.2 * x[:, 0]) + 0.9 * x[:, 1] * x[:, 2] - 0.4 * x[:, 3].abs() + 0.5 * x[:, 4]
                 - 0.2 * x[:, 5] ** 2 - 0.3).clamp(-3, 3)  # fmt: skip
    theta = torch.exp(log_theta)
    e1 = -torch.log(torch.rand(total, generator=g).clamp_min(1e-12))
    e2 = -torch.log(torch.rand(total, generator=g).clamp_min(1e-12))
    one = torch.rand(total, generator=g) < theta / (theta + 1)
    rate = torch.where(one, e1, e1 + e2) / theta
    y = torch.poisson(rate, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "count regression by a Poisson-Lindley likelihood (an MLP of log theta)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class PoilindleyMLP(nn.Module):
    """A tanh MLP of a Poisson-Lindley law: ``body`` 6 -> 64 (tanh) -> 64 (tanh), a ReLU layer ``fc`` (64 -> 32)
    and a ``head`` (32 -> 1): log theta. Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(POILINDLEY_FEATURES, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x)))).squeeze(-1)
        return out


def poilindley_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's Poisson-Lindley negative log-likelihood: -(2 log theta + log(k + theta + 2) - (k + 3)
    log(theta + 1)), log theta the output clamped to +-6."""
    lt = out.clamp(-6, 6)
    theta = torch.exp(lt)
    return -(2 * lt + torch.log(y + theta + 2) - (y + 3) * F.softplus(lt))


def poilindley_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Poisson-Lindley NLL, mean over the rows."""
    return poilindley_terms(out, y).mean()


def poilindley_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Poisson-Lindley NLL summed over the batch's rows (reduction='sum')."""
    return poilindley_terms(out, y).sum()


def poilindley_at_zero() -> float:
    """The NLL of raw outputs of 0 (theta = 1), its level at init."""
    y = poilindley_rows().y
    return float(poilindley_nll(torch.zeros(len(y)), y))
