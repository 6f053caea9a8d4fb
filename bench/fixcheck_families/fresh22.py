"""The twenty-second fresh half (fresh22, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``convnext`` a tiny ConvNeXt (patchify stem, blocks of a depthwise 7x7 conv, LayerNorm and a GELU inverted
bottleneck with a layer scale) classifying 16x16 noisy textures of 6 classes, cross-entropy;
``simsiam`` SimSiam (an encoder MLP with BatchNorm, a projection and a predictor) on pairs of augmented
views of vectors around 12 prototypes, the symmetric negative cosine with a stop-gradient (down to -1);
``ncf`` neural collaborative filtering (user and item embeddings through a ReLU MLP to one logit) on
implicit feedback from a latent-factor model with 4 sampled negatives per click, binary cross-entropy;
``lstmae`` an LSTM sequence autoencoder (encoder LSTM, a linear code, a decoder LSTM reading the code and
the position) of 4-channel lagged noisy sinusoids, MSE.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


CNX_SIZE, CNX_CLASSES = 16, 6
"""The tiny ConvNeXt classifies 16x16 single-channel texture images of 6 classes."""


@lru_cache(maxsize=None)
def convnext_textures(n: int = 3000, seed: int = 301, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                   nan_rows: float = 0.0, flip: float = 0.0, noise: float = 0.8) -> Data:  # fmt: skip
    """16x16 texture patches of 6 classes: horizontal stripes, vertical stripes, a checkerboard, diagonal stripes, dots on
    a grid, concentric rings, each at a random period (3-5 pixels) and phase, contrast 0.6-1.2, plus Gaussian noise (std
    ``noise``). x: (images, 1, 16, 16); y: the class. ``train_rows``: keep only that many training images; ``nan_rows``: that
    share of the training images has a missing (NaN) pixel; ``flip``: that share of the training labels is random."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(0, CNX_CLASSES, (total,), generator=g)
    period = 3 + 2 * torch.rand(total, generator=g)
    phase = 2 * math.pi * torch.rand(total, 2, generator=g)
    contrast = 0.6 + 0.6 * torch.rand(total, generator=g)
    r = torch.arange(CNX_SIZE).float()
    yy, xx = torch.meshgrid(r, r, indexing="ij")
    w = (2 * math.pi / period)[:, None, None]
    px, py = phase[:, 0, None, None], phase[:, 1, None, None]
    cx = 4 + 8 * torch.rand(total, generator=g)[:, None, None]
    cy = 4 + 8 * torch.rand(total, generator=g)[:, None, None]
    patterns = torch.stack([
        torch.sin(w * yy + py),
        torch.sin(w * xx + px),
        torch.sign(torch.sin(w * xx + px) * torch.sin(w * yy + py)),
        torch.sin(w * (xx + yy) / math.sqrt(2) + px),
        (torch.cos(w * xx + px) * torch.cos(w * yy + py) > 0.6).float() * 2 - 1,
        torch.sin(w * torch.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) + px),
    ], 1)  # fmt: skip
    img = patterns[torch.arange(total), y] * contrast[:, None, None]
    x = (img + noise * torch.randn(total, CNX_SIZE, CNX_SIZE, generator=g))[:, None]
    if flip:
        y = torch.cat([flip_labels(y[:n], CNX_CLASSES, flip, g), y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 9] = float("nan")
    data = split(x, y, n, "image classification (a tiny ConvNeXt on 16x16 textures of 6 classes)", CNX_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CNX_CLASSES, batch_size)
    return data


class ConvNeXtBlock(nn.Module):
    """A ConvNeXt block (Liu et al. 2022): depthwise conv 7x7, LayerNorm over the channels, pointwise 4x expansion, GELU,
    pointwise projection, a layer scale (0.1), and the residual."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.dw = nn.Conv2d(dim, dim, 7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim)
        self.pw1 = nn.Linear(dim, 4 * dim)
        self.pw2 = nn.Linear(4 * dim, dim)
        self.scale = nn.Parameter(torch.full((dim,), 0.1))

    def forward(self, x: Tensor) -> Tensor:
        h = self.dw(x).permute(0, 2, 3, 1)
        h = self.pw2(F.gelu(self.pw1(self.norm(h)))) * self.scale
        return x + h.permute(0, 3, 1, 2)


class TinyConvNeXt(nn.Module):
    """A tiny ConvNeXt: a patchify stem (conv 2x2 stride 2, 1->16, LayerNorm) to 8x8, two ConvNeXt blocks of 16, global
    average pooling, LayerNorm, a ReLU layer ``fc`` of 32 and the linear ``head`` to the 6 logits. ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dim: int = 16, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, dim, 2, stride=2)
        self.stem_norm = nn.LayerNorm(dim)
        self.blocks = nn.Sequential(ConvNeXtBlock(dim), ConvNeXtBlock(dim))
        self.norm = nn.LayerNorm(dim)
        self.fc = nn.Linear(dim, 2 * dim)
        self.head = nn.Linear(2 * dim, CNX_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.stem_norm(self.stem(x).permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        h = self.blocks(h).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(self.norm(h))))
        return out


SIAM_DIM, SIAM_PROTOS = 32, 12
"""SimSiam learns representations of 32-d vectors drawn around 12 prototypes, from pairs of augmented views."""


@lru_cache(maxsize=None)
def siam_views(n: int = 3000, seed: int = 302, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
               nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Vectors of 32 numbers around 12 random prototypes (a prototype of norm ~2.8 plus within-prototype variation of std
    0.5 along 4 directions of its own), and two augmented views of each: a random 25% of the features zeroed, each view's
    features scaled by 0.8-1.2 and Gaussian noise of std 0.3 added. x: the two views (vectors, 2, 32); y: the prototype
    (unused by the loss). ``train_rows``: keep only that many training pairs; ``nan_rows``: that share of the training pairs
    has a missing (NaN) feature in its first view."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    protos = 0.5 * torch.randn(SIAM_PROTOS, SIAM_DIM, generator=g)
    dirs = torch.randn(SIAM_PROTOS, 4, SIAM_DIM, generator=g) / math.sqrt(SIAM_DIM)
    k = torch.randint(0, SIAM_PROTOS, (total,), generator=g)
    base = protos[k] + torch.einsum("nf,nfd->nd", 0.5 * torch.randn(total, 4, generator=g), dirs[k]) * math.sqrt(SIAM_DIM) / 2

    def view() -> Tensor:
        keep = (torch.rand(total, SIAM_DIM, generator=g) > 0.25).float()
        scale = 0.8 + 0.4 * torch.rand(total, 1, generator=g)
        return base * keep * scale + 0.3 * torch.randn(total, SIAM_DIM, generator=g)

    x = torch.stack([view(), view()], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5] = float("nan")
    data = split(x, k, n, "self-supervised representation learning (SimSiam on pairs of augmented views)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SimSiam(nn.Module):
    """SimSiam (Chen & He 2021) on vectors: an encoder MLP 32-128-128 (BatchNorm, ReLU; the second layer ``fc``) to a
    projection of 64 (BatchNorm), and a predictor MLP 64-32-64 (BatchNorm, ReLU). On the two views (batch, 2, 32) it outputs
    (batch, 4, 64): the predictions p1, p2 and the projections z1, z2."""

    def __init__(self, hidden: int = 128, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(SIAM_DIM, hidden)
        self.bn1 = nn.BatchNorm1d(hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.bn2 = nn.BatchNorm1d(hidden)
        self.proj = nn.Linear(hidden, 64)
        self.bn3 = nn.BatchNorm1d(64)
        self.pred1 = nn.Linear(64, 32)
        self.bnp = nn.BatchNorm1d(32)
        self.head = nn.Linear(32, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def encode(self, v: Tensor) -> Tensor:
        h = F.relu(self.bn1(self.inp(v)))
        h = F.relu(self.bn2(self.fc(h)))
        out: Tensor = self.bn3(self.proj(h))
        return out

    def forward(self, x: Tensor) -> Tensor:
        z1, z2 = self.encode(x[:, 0]), self.encode(x[:, 1])
        p1, p2 = (self.head(F.relu(self.bnp(self.pred1(z)))) for z in (z1, z2))
        return torch.stack([p1, p2, z1, z2], 1)


def simsiam_loss(out: Tensor, y: Tensor) -> Tensor:
    """SimSiam's symmetric negative cosine similarity with a stop-gradient: -(cos(p1, sg(z2)) + cos(p2, sg(z1))) / 2, mean
    over the batch (from about 0 at init down to -1)."""
    p1, p2, z1, z2 = out.unbind(1)
    return -(F.cosine_similarity(p1, z2.detach(), dim=-1).mean() + F.cosine_similarity(p2, z1.detach(), dim=-1).mean()) / 2


NCF_USERS, NCF_ITEMS, NCF_NEG = 500, 400, 4
"""Neural collaborative filtering over 500 users and 400 items, 4 sampled negatives per observed interaction."""


@lru_cache(maxsize=None)
def ncf_interactions(n_pos: int = 6000, seed: int = 303, *, val_pos: int = 1200, batch_size: int = 128,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Implicit feedback from a latent-factor model: users and items have 6-d taste vectors (items in 8 genres); a user
    clicks items with probability proportional to exp(3 u.v). Each observed click (user, item, 1) comes with 4 sampled
    negatives (user, a uniform item, 0). x: (rows, 2) user and item ids; y: the 0/1 label (rows, 1). Training and
    validation clicks are distinct draws. ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    genres = torch.randn(8, 6, generator=g)
    items = genres[torch.randint(0, 8, (NCF_ITEMS,), generator=g)] + 0.4 * torch.randn(NCF_ITEMS, 6, generator=g)
    users = torch.randn(NCF_USERS, 6, generator=g) * 0.7
    probs = torch.softmax(3 * users @ items.T, 1)
    total = n_pos + val_pos
    u = torch.randint(0, NCF_USERS, (total,), generator=g)
    pos = torch.multinomial(probs[u], 1, generator=g).flatten()
    neg = torch.randint(0, NCF_ITEMS, (total, NCF_NEG), generator=g)
    uu = torch.cat([u[:, None], u[:, None].expand(-1, NCF_NEG)], 1)
    ii = torch.cat([pos[:, None], neg], 1)
    lab = torch.cat([torch.ones(total, 1), torch.zeros(total, NCF_NEG)], 1)
    x = torch.stack([uu, ii], -1)
    tr, va = x[:n_pos].reshape(-1, 2), x[n_pos:].reshape(-1, 2)
    ytr, yva = lab[:n_pos].reshape(-1, 1), lab[n_pos:].reshape(-1, 1)
    perm = torch.randperm(len(tr), generator=g)
    tr, ytr = tr[perm], ytr[perm]
    data = Data(tr, ytr, va, yva, "implicit-feedback recommendation (NCF: click or sampled negative)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NCF(nn.Module):
    """Neural collaborative filtering (He et al. 2017, the MLP tower): user and item embeddings of ``emb`` concatenated,
    a ReLU MLP 2 emb-64-32 (the second layer ``fc``) and a linear ``head`` to one logit. ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, emb: int = 16, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.user = nn.Embedding(NCF_USERS, emb)
        self.item = nn.Embedding(NCF_ITEMS, emb)
        nn.init.normal_(self.user.weight, std=0.1)
        nn.init.normal_(self.item.weight, std=0.1)
        self.inp = nn.Linear(2 * emb, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = torch.cat([self.user(x[:, 0]), self.item(x[:, 1])], 1)
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.inp(h)))))
        return out


def ncf_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


def ncf_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits summed over the batch (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def ncf_bce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy written by hand from the sigmoid: -(y log p + (1 - y) log(1 - p)). Once a logit passes ~17, p
    is exactly 1.0 in float32 and log(1 - p) = -inf (0 x -inf = NaN for a click)."""
    p = torch.sigmoid(out)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


AE_CHANNELS, AE_LENGTH, AE_LATENT = 4, 16, 8
"""The LSTM autoencoder reconstructs sequences of 16 steps of 4 channels through an 8-d code."""


@lru_cache(maxsize=None)
def ae_sequences(n: int = 3000, seed: int = 304, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                 nan_rows: float = 0.0, idle_rows: float = 0.0, noise: float = 0.1) -> Data:  # fmt: skip
    """Multivariate sequences (16 steps, 4 channels): a sinusoid of random frequency (0.04-0.15 cycles a step), phase and
    amplitude (0.5-1.5) seen by each channel with its own lag (channel c lags c x a random 0-90 degrees) around its own
    level (std 0.3), plus Gaussian noise (std ``noise``). x = y: (sequences, 16, 4). ``train_rows``: keep only that many training sequences;
    ``nan_rows``: that share of the training sequences has a missing (NaN) reading; ``idle_rows``: that share of the
    training sequences is a sensor at rest (every reading 0)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.arange(AE_LENGTH).float()
    freq = 0.04 + 0.11 * torch.rand(total, 1, 1, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
    amp = 0.5 + torch.rand(total, 1, 1, generator=g)
    lag = 0.5 * math.pi * torch.rand(total, 1, 1, generator=g) * torch.arange(AE_CHANNELS).float()[None, None, :]
    level = 0.3 * torch.randn(total, 1, AE_CHANNELS, generator=g)
    x = amp * torch.sin(2 * math.pi * freq * t[None, :, None] + phase + lag) + level
    x = x + noise * torch.randn(total, AE_LENGTH, AE_CHANNELS, generator=g)
    if idle_rows:
        idle = torch.nonzero(torch.rand(n, generator=g) < idle_rows).flatten()
        x[idle] = 0.0
    y = x.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9, 2] = float("nan")
    data = split(x, y, n, "sequence reconstruction (an LSTM autoencoder of multivariate series)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LSTMAutoencoder(nn.Module):
    """An LSTM sequence autoencoder (Srivastava et al. 2015): an encoder LSTM of ``hidden`` reads the 16 steps, its last
    state goes through a linear ``code`` of 8, the decoder LSTM of ``hidden`` reads the code and the step's position (t /
    16) at each step, and a per-step linear ``head`` gives the 4 channels: (sequences, 16, 4)."""

    def __init__(self, hidden: int = 32) -> None:
        super().__init__()
        self.enc = nn.LSTM(AE_CHANNELS, hidden, batch_first=True)
        self.code = nn.Linear(hidden, AE_LATENT)
        self.dec = nn.LSTM(AE_LATENT + 1, hidden, batch_first=True)
        self.head = nn.Linear(hidden, AE_CHANNELS)

    def forward(self, x: Tensor) -> Tensor:
        _, (h, _) = self.enc(x)
        z = self.code(h[-1])
        pos = (torch.arange(x.shape[1], dtype=x.dtype) / x.shape[1])[None, :, None].expand(len(x), -1, 1)
        out, _ = self.dec(torch.cat([z[:, None, :].expand(-1, x.shape[1], -1), pos], -1))
        result: Tensor = self.head(out)
        return result


def ae_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the steps, the channels and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def ae_normalised_mse_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Each sequence's squared error divided by its own variance written by hand (a scale-free reconstruction error),
    mean over the batch. A sequence at rest (every reading 0) divides by zero: inf or NaN."""
    se = ((out - y) ** 2).mean((1, 2))
    return (se / y.var((1, 2))).mean()


def ae_normalised_mse(out: Tensor, y: Tensor) -> Tensor:
    """The batch's squared error divided by the batch's variance as a whole (finite while any sequence moves)."""
    return ((out - y) ** 2).mean() / y.var().clamp(min=1e-6)


def ae_at_zero() -> float:
    """The held-out MSE of reconstructing every sequence as 0."""
    return float((ae_sequences().val_y ** 2).mean())


def tex_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


def ncf_bce_per_click_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The binary cross-entropy summed over the batch and divided by the batch's clicks, written by hand (normalised by
    the positives, as a detector's focal loss is by its positive anchors). A batch without a click divides by zero: inf
    or NaN."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum") / y.sum()


def ncf_bce_per_click(out: Tensor, y: Tensor) -> Tensor:
    """The same normalised by the batch's clicks, the safe version: divided by at least 1."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum") / y.sum().clamp(min=1.0)
