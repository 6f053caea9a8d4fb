"""The thirty-third fresh half (fresh33, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``denoise`` a two-level U-Net (a skip connection, a per-pixel ReLU layer and head) denoising 16 x 16 images
of shapes, the L1 loss (~0.18 at init, not ln C);
``settf`` a Set Transformer (two induced set attention blocks, pooling by attention) naming the kind of a
set of 24 points (ring, segment, square, two blobs, disc), cross-entropy over 5;
``bpr`` an MLP scorer of user-item pairs (embeddings) trained by Bayesian personalised ranking on triples,
the BPR loss (ln 2 at init);
``poireg`` a Poisson regression MLP of counts (a log-rate head), nn.PoissonNLLLoss (~1.0 at init).
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


DENOISE_SIZE, DENOISE_NOISE = 16, 0.3
"""Images of 16 x 16 pixels; the noise added is N(0, 0.3^2)."""


@lru_cache(maxsize=None)
def denoise_pairs(n: int = 3000, seed: int = 371, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Image denoising: a clean 16 x 16 grey image of 1-3 shapes on a black ground (filled rectangles of 3-8 pixels a side
    or discs of radius 2-4, brightness 0.5-1, the brighter one where two overlap), and the same image plus Gaussian noise
    N(0, 0.3^2). x: (images, 1, 16, 16) the noisy image; y: (images, 16, 16) the clean one. ``nan_rows``: that share of
    the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    grid = torch.arange(DENOISE_SIZE, dtype=torch.float32)
    yy, xx = grid[:, None], grid[None, :]
    clean = torch.zeros(total, DENOISE_SIZE, DENOISE_SIZE)
    count = torch.randint(1, 4, (total,), generator=g)
    for k in range(3):
        disc = torch.rand(total, generator=g) < 0.5
        cy, cx = (torch.rand(total, 2, generator=g) * (DENOISE_SIZE - 4) + 2).unbind(1)
        h, w = (torch.randint(3, 9, (total, 2), generator=g).float() / 2).unbind(1)
        radius = 2 + 2 * torch.rand(total, generator=g)
        bright = 0.5 + 0.5 * torch.rand(total, generator=g)
        rect = ((yy[None] - cy[:, None, None]).abs() <= h[:, None, None]) & ((xx[None] - cx[:, None, None]).abs() <= w[:, None, None])
        round_ = (yy[None] - cy[:, None, None]) ** 2 + (xx[None] - cx[:, None, None]) ** 2 <= radius[:, None, None] ** 2
        shape = torch.where(disc[:, None, None], round_, rect) & (k < count)[:, None, None]
        clean = torch.where(shape, torch.maximum(clean, bright[:, None, None]), clean)
    noisy = (clean + DENOISE_NOISE * torch.randn(total, DENOISE_SIZE, DENOISE_SIZE, generator=g)).unsqueeze(1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        noisy[bad, 0, 7, 4] = float("nan")
    return split(noisy, clean, n, "image denoising (a small U-Net, L1 loss)", None, batch_size)


class UNetDenoiser(nn.Module):
    """A two-level U-Net: ``enc1`` (1 -> 16, 3 x 3, ReLU), max-pool 2, ``enc2`` (16 -> 32, 3 x 3, ReLU), ``up`` (a transposed
    convolution 32 -> 16, stride 2, ReLU), the skip connection concatenated, ``dec`` (32 -> 16, 3 x 3, ReLU), a per-pixel
    ReLU layer ``fc`` (16 -> 16) and a per-pixel ``head`` (16 -> 1): the clean image. Output (images, 16, 16).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.enc1 = nn.Conv2d(1, 16, 3, padding=1)
        self.enc2 = nn.Conv2d(16, 32, 3, padding=1)
        self.up = nn.ConvTranspose2d(32, 16, 2, stride=2)
        self.dec = nn.Conv2d(32, 16, 3, padding=1)
        self.fc = nn.Linear(16, 16)
        self.head = nn.Linear(16, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e1 = F.relu(self.enc1(x))
        e2 = F.relu(self.enc2(F.max_pool2d(e1, 2)))
        d = F.relu(self.dec(torch.cat([F.relu(self.up(e2)), e1], 1)))
        out: Tensor = self.head(F.relu(self.fc(d.permute(0, 2, 3, 1)))).squeeze(-1)
        return out


def denoise_l1(out: Tensor, y: Tensor) -> Tensor:
    """The L1 loss of the denoised image, mean over the batch's pixels."""
    return F.l1_loss(out, y)


def denoise_l1_summed(out: Tensor, y: Tensor) -> Tensor:
    """The L1 loss summed over the batch's pixels (reduction='sum')."""
    return F.l1_loss(out, y, reduction="sum")


SETTF_POINTS, SETTF_CLASSES = 24, 5
"""Sets of 24 points in the plane; 5 kinds of set (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def settf_sets(n: int = 3000, seed: int = 372, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Set classification: 24 points in the plane, in random order, drawn from one of 5 kinds of set: on a ring, on a
    segment, on a square's outline, in two blobs, or filled in a disc; each turned by a random angle, scaled by 0.5-1.5,
    moved by up to 1 each way, plus noise N(0, 0.12^2) per coordinate; 5% of the labels are random (a floor). Only the
    set as a whole tells its kind (a point alone says nothing). x: (sets, 24, 2); y: (sets,). ``nan_rows``: that share of
    the training sets has a missing (NaN) coordinate."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    m = SETTF_POINTS
    y = torch.randint(SETTF_CLASSES, (total,), generator=g)
    u = torch.rand(total, m, generator=g)
    angle = 2 * math.pi * u
    ring = torch.stack([angle.cos(), angle.sin()], -1)
    segment = torch.stack([2 * u - 1, torch.zeros_like(u)], -1)
    side = torch.randint(4, (total, m), generator=g)
    t = 2 * torch.rand(total, m, generator=g) - 1
    one = torch.ones_like(t)
    square = torch.stack([torch.where(side < 2, t, torch.where(side == 2, -one, one)),
                          torch.where(side < 2, torch.where(side == 0, -one, one), t)], -1) * 0.8  # fmt: skip
    which = torch.where(torch.rand(total, m, generator=g) < 0.5, -1.0, 1.0)
    blobs = torch.stack([0.8 * which, torch.zeros_like(u)], -1) + 0.2 * torch.randn(total, m, 2, generator=g)
    disc = ring * torch.rand(total, m, 1, generator=g).sqrt()
    pts = torch.stack([ring, segment, square, blobs, disc], 1)[torch.arange(total), y]
    turn = 2 * math.pi * torch.rand(total, generator=g)
    rot = torch.stack([torch.stack([turn.cos(), -turn.sin()], -1), torch.stack([turn.sin(), turn.cos()], -1)], -2)
    scale = 0.5 + torch.rand(total, 1, 1, generator=g)
    shift = 2 * torch.rand(total, 1, 2, generator=g) - 1
    x = scale * pts @ rot.transpose(1, 2) + shift + 0.12 * torch.randn(total, m, 2, generator=g)
    y = flip_labels(y, SETTF_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, 1] = float("nan")
    return split(x, y, n, "set classification (a Set Transformer: induced set attention, attention pooling)", SETTF_CLASSES,
                 batch_size)  # fmt: skip


class InducedSetAttention(nn.Module):
    """An induced set attention block (Lee et al.'s ISAB): ``inducing`` learned points attend to the set, the set attends
    to them (multi-head attention, residual and LayerNorm each), then a residual ReLU feed-forward layer and LayerNorm."""

    def __init__(self, dim: int, inducing: int, heads: int) -> None:
        super().__init__()
        self.inducing = nn.Parameter(torch.randn(1, inducing, dim) / math.sqrt(dim))
        self.gather = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.scatter = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.ff = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))
        self.norm1, self.norm2, self.norm3 = nn.LayerNorm(dim), nn.LayerNorm(dim), nn.LayerNorm(dim)

    def forward(self, x: Tensor) -> Tensor:
        i = self.inducing.expand(len(x), -1, -1)
        h = self.norm1(i + self.gather(i, x, x, need_weights=False)[0])
        z = self.norm2(x + self.scatter(x, h, h, need_weights=False)[0])
        out: Tensor = self.norm3(z + self.ff(z))
        return out


class SetTransformerNet(nn.Module):
    """A Set Transformer: ``inp`` (2 -> 32), two induced set attention blocks (``isab1``, ``isab2``: 6 inducing points, 4
    heads), pooling by multi-head attention from a learned ``seed`` (PMA), a ReLU layer ``fc`` (32 -> 32) and a ``head``
    to the 5 kinds. Output (sets, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(2, 32)
        self.isab1, self.isab2 = InducedSetAttention(32, 6, 4), InducedSetAttention(32, 6, 4)
        self.seed = nn.Parameter(torch.randn(1, 1, 32) / math.sqrt(32))
        self.pool = nn.MultiheadAttention(32, 4, batch_first=True)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, SETTF_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.isab2(self.isab1(self.inp(x)))
        s = self.seed.expand(len(x), -1, -1)
        pooled = self.pool(s, h, h, need_weights=False)[0].squeeze(1)
        out: Tensor = self.head(F.relu(self.fc(pooled)))
        return out


def settf_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the sets' kinds summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


BPR_USERS, BPR_ITEMS, BPR_FACTORS = 40, 80, 3
"""40 users and 80 items whose true preferences come from 3 latent factors and the items' popularity."""


@lru_cache(maxsize=None)
def bpr_triples(n: int = 20000, seed: int = 373, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None) -> Data:
    """Implicit-feedback ranking: triples (user, preferred item, other item) of 60 users and 100 items; the user's true
    score of an item is the dot product of 4 latent factors N(0, 1) / 2 plus the item's popularity N(0, 0.7^2); the
    preferred item of a pair drawn at random is the one of higher score, swapped in 7% of the triples (a floor).
    x: (triples, 3) ids (user, preferred, other); y: (triples,) zeros (the order is the label). ``train_rows``: keep
    only that many training triples."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    users = torch.randn(BPR_USERS, BPR_FACTORS, generator=g)
    items = torch.randn(BPR_ITEMS, BPR_FACTORS, generator=g)
    pop = torch.randn(BPR_ITEMS, generator=g)
    u = torch.randint(BPR_USERS, (total,), generator=g)
    i = torch.randint(BPR_ITEMS, (total,), generator=g)
    j = (i + torch.randint(1, BPR_ITEMS, (total,), generator=g)) % BPR_ITEMS
    score_i = (users[u] * items[i]).sum(1) / math.sqrt(BPR_FACTORS) + pop[i]
    score_j = (users[u] * items[j]).sum(1) / math.sqrt(BPR_FACTORS) + pop[j]
    swap = (score_i < score_j) ^ (torch.rand(total, generator=g) < 0.07)
    x = torch.stack([u, torch.where(swap, j, i), torch.where(swap, i, j)], 1)
    data = split(x, torch.zeros(total), n, "implicit-feedback ranking (an MLP scorer of user-item pairs, BPR loss)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BPRScorer(nn.Module):
    """A user-item scorer: ``users`` and ``items`` embeddings (16 each), the pair's [user, item, user * item] (48) through
    a ReLU layer ``fc`` (48 -> 32) and a ``head`` (32 -> 1): the score. Output (triples, 2): the scores of the preferred and
    the other item. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.users = nn.Embedding(BPR_USERS, 16)
        self.items = nn.Embedding(BPR_ITEMS, 16)
        self.fc = nn.Linear(48, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        u = self.users(x[:, 0]).unsqueeze(1).expand(-1, 2, -1)
        v = self.items(x[:, 1:])
        out: Tensor = self.head(F.relu(self.fc(torch.cat([u, v, u * v], -1)))).squeeze(-1)
        return out


def bpr_logloss(out: Tensor, y: Tensor) -> Tensor:
    """The BPR loss: -log sigmoid(score of the preferred item - score of the other), mean over the triples."""
    return -F.logsigmoid(out[:, 0] - out[:, 1]).mean()


def bpr_logloss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The BPR loss summed over the batch's triples (reduction='sum')."""
    return -F.logsigmoid(out[:, 0] - out[:, 1]).sum()


POIREG_DIM = 10
"""Rows of 10 features."""


@lru_cache(maxsize=None)
def poireg_rows(n: int = 3000, seed: int = 374, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Count regression: 10 features N(0, 1), a count drawn from a Poisson distribution whose log-rate is a smooth
    function of 8 of them (sin(x0) + x1 x2 / 2 + relu(x3) - x4 / 2 + tanh(2 x5) + 0.3 x6 x7, standardised, times 0.9,
    minus 0.3: rates of ~0.1-5, mean ~1.1). x: (rows, 10); y: (rows,) the counts. ``train_rows``: keep only that many
    training rows; ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, POIREG_DIM, generator=g)
    f = (torch.sin(x[:, 0]) + x[:, 1] * x[:, 2] / 2 + F.relu(x[:, 3]) - x[:, 4] / 2 + torch.tanh(2 * x[:, 5])
         + 0.3 * x[:, 6] * x[:, 7])  # fmt: skip
    rate = torch.exp(0.9 * (f - f.mean()) / f.std() - 0.3)
    y = torch.poisson(rate, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "count regression (an MLP to a log-rate, Poisson negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class PoissonCountNet(nn.Module):
    """A Poisson regression MLP: ``inp`` (10 -> 64, SiLU), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 1): the
    log-rate. Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(POIREG_DIM, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.silu(self.inp(x))))).squeeze(-1)
        return out


def poireg_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Poisson negative log-likelihood of the counts given the log-rate (nn.PoissonNLLLoss's default: log_input=True,
    full=False: exp(out) - y out), mean over the rows."""
    return F.poisson_nll_loss(out, y, log_input=True, full=False)


def poireg_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Poisson negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return F.poisson_nll_loss(out, y, log_input=True, full=False, reduction="sum")
