"""The fifty-fourth fresh half (fresh52, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


HYENA_LENGTH, HYENA_VOCAB, HYENA_CLASSES = 48, 12, 4
"""Sequences of 48 tokens of 12 (the signal tokens 0-3 and 8 fillers), 4 classes."""


@lru_cache(maxsize=None)
def hyena_tokens(n: int = 5000, seed: int = 521, *, n_val: int = 600, batch_size: int = 32,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Long-range sequence classification: 48 tokens, fillers drawn uniformly from tokens 4-11; the class c plants its
    signal token c at a random position in the first quarter and again (the echo) a random 16-32 steps later, and 3
    distractor signal tokens (other than c) at random positions, each alone; the class is the signal token that
    occurs twice, ~16-32 steps apart. 5% random labels (a floor). x: (sequences, 48); y: (sequences,). ``train_rows``:
    keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, HYENA_LENGTH
    y = torch.randint(HYENA_CLASSES, (total,), generator=g)
    x = torch.randint(4, HYENA_VOCAB, (total, length), generator=g)
    first = torch.randint(0, length // 4, (total,), generator=g)
    gap = torch.randint(16, 33, (total,), generator=g)
    rows = torch.arange(total)
    x[rows, first] = y
    x[rows, (first + gap).clamp(max=length - 1)] = y
    for _ in range(3):
        pos = torch.randint(0, length, (total,), generator=g)
        other = (y + torch.randint(1, HYENA_CLASSES, (total,), generator=g)) % HYENA_CLASSES
        free = x[rows, pos] >= 4
        x[rows[free], pos[free]] = other[free]
    y = flip_labels(y, HYENA_CLASSES, 0.05, g)
    data = split(x, y, n, "long-range sequence classification (a Hyena-like implicit long convolution)", HYENA_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, HYENA_CLASSES, batch_size)
    return data


class HyenaFilter(nn.Module):
    """The implicit long-convolution filter of a Hyena operator: a small MLP ``mlp`` (positional features 9 -> 16,
    sin activation, 16 -> d) maps each of the 48 positions to a kernel value per channel, times an exponential decay
    window (a rate per channel from 0.3 to 3 over the sequence)."""

    def __init__(self, d: int) -> None:
        super().__init__()
        t = torch.linspace(0, 1, HYENA_LENGTH)[:, None]
        bands = torch.arange(1, 5).float()[None, :]
        self.register_buffer("feats", torch.cat([t, torch.sin(math.pi * bands * t), torch.cos(math.pi * bands * t)], 1))
        self.register_buffer("decay", torch.exp(-t * torch.logspace(math.log10(0.3), math.log10(3.0), d)[None, :] * 3))
        self.mlp1 = nn.Linear(9, 16)
        self.mlp2 = nn.Linear(16, d)

    def forward(self) -> Tensor:
        k: Tensor = self.mlp2(torch.sin(self.mlp1(self.feats))) * self.decay  # (48, d)
        return k


class HyenaOperator(nn.Module):
    """A Hyena operator of order 2 (Poli et al. 2023): a linear ``proj`` of the input to 3 branches v, x1, x2 (each
    with a short depthwise convolution of width 3 ``short``), the implicit long filter h (``filter``) applied to
    x1 * v as a causal convolution over the whole sequence (by FFT), gated by x2, then a linear ``out``."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.d = d
        self.proj = nn.Linear(d, 3 * d)
        self.short = nn.Conv1d(3 * d, 3 * d, 3, padding=2, groups=3 * d)
        self.filter = HyenaFilter(d)
        self.bias = nn.Parameter(torch.zeros(d))
        self.out = nn.Linear(d, d)

    def forward(self, u: Tensor) -> Tensor:
        length = u.shape[1]
        z = self.short(self.proj(u).transpose(1, 2))[..., :length]  # (batch, 3d, length), causal
        v, x1, x2 = z.split(self.d, 1)
        h = self.filter().t()  # (d, length)
        s = x1 * v
        n = 2 * length
        conv = torch.fft.irfft(torch.fft.rfft(s, n=n) * torch.fft.rfft(h, n=n), n=n)[..., :length]
        y = x2 * (conv + s * self.bias[:, None])
        out: Tensor = self.out(y.transpose(1, 2))
        return out


class HyenaNet(nn.Module):
    """A tiny Hyena-like classifier: token embeddings (12 -> 16), 2 pre-LN residual blocks of a Hyena operator and a
    GELU MLP 16 -> 32 -> 16, a LayerNorm, the mean over positions through a ReLU layer ``fc`` (16 -> 32) and a
    ``head`` to the 4 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 16
        self.embed = nn.Embedding(HYENA_VOCAB, d)
        self.mixers = nn.ModuleList(HyenaOperator(d) for _ in range(2))
        self.mlps = nn.ModuleList(nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d)) for _ in range(2))
        self.ln1 = nn.ModuleList(nn.LayerNorm(d) for _ in range(2))
        self.ln2 = nn.ModuleList(nn.LayerNorm(d) for _ in range(2))
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, HYENA_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, tokens: Tensor) -> Tensor:
        x = self.embed(tokens)
        for mixer, mlp_, ln1, ln2 in zip(self.mixers, self.mlps, self.ln1, self.ln2):
            x = x + mixer(ln1(x))
            x = x + mlp_(ln2(x))
        out: Tensor = self.head(F.relu(self.fc(self.norm(x).mean(1))))
        return out


def hyena_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


EDGECONV_POINTS, EDGECONV_CLASSES, EDGECONV_K = 32, 4, 6
"""Point clouds of 32 points in 3-D, 4 shape classes; each point's 6 nearest neighbours."""


@lru_cache(maxsize=None)
def edgeconv_clouds(n: int = 4000, seed: int = 523, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Point-cloud shape classification: 32 points sampled on one of 4 shapes (a circle, a square's outline, a
    two-armed cross, a helix segment), scaled by 0.7-1.3, rotated at random about the z axis and tilted by up to 0.5
    rad about the x axis, shifted by N(0, 0.2^2), plus N(0, 0.08^2) jitter; 5% random labels (a floor). x: (clouds, 32,
    3); y: (clouds,). ``nan_rows``: that share of the training clouds has a missing (NaN) coordinate; ``train_rows``:
    keep only that many training clouds."""
    g = torch.Generator().manual_seed(seed)
    total, p = n + n_val, EDGECONV_POINTS
    y = torch.randint(EDGECONV_CLASSES, (total,), generator=g)
    s = torch.rand(total, p, generator=g)
    angle = 2 * math.pi * s
    circle = torch.stack([torch.cos(angle), torch.sin(angle), torch.zeros_like(s)], -1)
    side = (4 * s).floor()
    along = 8 * s - 2 * side - 1
    sq_x = torch.where(side == 0, along, torch.where(side == 1, torch.ones_like(s), torch.where(side == 2, -along, -torch.ones_like(s))))
    sq_y = torch.where(side == 0, -torch.ones_like(s), torch.where(side == 1, along, torch.where(side == 2, torch.ones_like(s), -along)))
    square = torch.stack([0.8 * sq_x, 0.8 * sq_y, torch.zeros_like(s)], -1)
    arm = s < 0.5
    pos = 4 * (s % 0.5) - 1
    cross = torch.stack([torch.where(arm, pos, torch.zeros_like(s)), torch.where(arm, torch.zeros_like(s), pos), torch.zeros_like(s)], -1)
    helix = torch.stack([0.7 * torch.cos(3 * angle), 0.7 * torch.sin(3 * angle), 2 * s - 1], -1)
    shapes = torch.stack([circle, square, cross, helix], 1)  # (clouds, 4, points, 3)
    pts = shapes[torch.arange(total), y] * (0.7 + 0.6 * torch.rand(total, 1, 1, generator=g))
    rot = 2 * math.pi * torch.rand(total, generator=g)
    tilt = 0.5 * torch.rand(total, generator=g)
    c, sn, ct, st = torch.cos(rot), torch.sin(rot), torch.cos(tilt), torch.sin(tilt)
    x0, y0, z0 = pts.unbind(-1)
    x1, y1 = c[:, None] * x0 - sn[:, None] * y0, sn[:, None] * x0 + c[:, None] * y0
    y2, z2 = ct[:, None] * y1 - st[:, None] * z0, st[:, None] * y1 + ct[:, None] * z0
    x = torch.stack([x1, y2, z2], -1) + 0.2 * torch.randn(total, 1, 3, generator=g) + 0.08 * torch.randn(total, p, 3, generator=g)
    y = flip_labels(y, EDGECONV_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5, 1] = float("nan")
    data = split(x, y, n, "point-cloud shape classification (a DGCNN-like EdgeConv network)", EDGECONV_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, EDGECONV_CLASSES, batch_size)
    return data


class EdgeConv(nn.Module):
    """An EdgeConv layer (Wang et al. 2019): a k-nearest-neighbour graph (k = 6) built in the input's own feature space
    each call, an edge MLP ``mlp`` (2 d_in -> d_out, ReLU) over (x_i, x_j - x_i) of each neighbour j, max over the
    neighbours."""

    def __init__(self, d_in: int, d_out: int) -> None:
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(2 * d_in, d_out), nn.ReLU())

    def forward(self, x: Tensor) -> Tensor:
        b, p, d = x.shape
        dist = torch.cdist(x, x)
        idx = dist.topk(EDGECONV_K + 1, largest=False).indices[..., 1:]  # (b, p, k), not the point itself
        nbr = torch.gather(x[:, None].expand(b, p, p, d), 2, idx[..., None].expand(b, p, EDGECONV_K, d))
        centre = x[:, :, None].expand_as(nbr)
        out: Tensor = self.mlp(torch.cat([centre, nbr - centre], -1)).amax(2)
        return out


class EdgeConvNet(nn.Module):
    """A DGCNN-like point-cloud classifier: 2 EdgeConv layers (``convs``: 3 -> 16 -> 32; the second builds its graph
    in the first's feature space), their outputs concatenated (48) and max-pooled over the points, a ReLU layer ``fc``
    (48 -> 32) and a ``head`` to the 4 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.convs = nn.ModuleList([EdgeConv(3, 16), EdgeConv(16, 32)])
        self.fc = nn.Linear(48, 32)
        self.head = nn.Linear(32, EDGECONV_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, pts: Tensor) -> Tensor:
        h1 = self.convs[0](pts)
        h2 = self.convs[1](h1)
        pooled = torch.cat([h1, h2], -1).amax(1)
        out: Tensor = self.head(F.relu(self.fc(pooled)))
        return out


def edgeconv_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


POOLFORMER_SIZE, POOLFORMER_CLASSES, POOLFORMER_PATCH = 16, 4, 4
"""Images of 16x16 pixels, one channel, 4 classes; patches of 4x4 (a 4x4 grid of tokens)."""


@lru_cache(maxsize=None)
def poolformer_images(n: int = 4000, seed: int = 525, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                      train_rows: int | None = None) -> Data:  # fmt: skip
    """Texture classification: 16x16 gratings of one of 4 orientations (0, 45, 90, 135 degrees) with a random period
    of 3-6 pixels, a random phase and contrast 0.5-1.0, on a random brightness N(0, 0.3^2), plus N(0, 0.5^2) pixel
    noise; 5% random labels (a floor). x: (images, 1, 16, 16); y: (images,). ``nan_rows``: that share of the training
    images has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, size = n + n_val, POOLFORMER_SIZE
    y = torch.randint(POOLFORMER_CLASSES, (total,), generator=g)
    theta = y.float() * math.pi / 4 + 0.15 * torch.randn(total, generator=g)
    period = 3 + 3 * torch.rand(total, generator=g)
    phase = 2 * math.pi * torch.rand(total, generator=g)
    contrast = 0.5 + 0.5 * torch.rand(total, generator=g)
    r = torch.arange(size).float()
    rows, cols = r[:, None].expand(size, size), r[None, :].expand(size, size)
    proj = torch.cos(theta)[:, None, None] * cols + torch.sin(theta)[:, None, None] * rows
    img = contrast[:, None, None] * torch.sin(2 * math.pi * proj / period[:, None, None] + phase[:, None, None])
    img = img + 0.3 * torch.randn(total, 1, 1, generator=g) + 0.5 * torch.randn(total, size, size, generator=g)
    x = img[:, None]
    y = flip_labels(y, POOLFORMER_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 9] = float("nan")
    data = split(x, y, n, "texture classification (a PoolFormer-like MetaFormer)", POOLFORMER_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, POOLFORMER_CLASSES, batch_size)
    return data


class PoolFormerBlock(nn.Module):
    """A PoolFormer block (Yu et al. 2022): x + (avgpool3x3(GN(x)) - GN(x)) as the token mixer, then x + a channel MLP
    (1x1 convolutions d -> 2d -> d, GELU) of GN(x); group norms of 1 group."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.norm1, self.norm2 = nn.GroupNorm(1, d), nn.GroupNorm(1, d)
        self.pool = nn.AvgPool2d(3, 1, 1, count_include_pad=False)
        self.mlp = nn.Sequential(nn.Conv2d(d, 2 * d, 1), nn.GELU(), nn.Conv2d(2 * d, d, 1))

    def forward(self, x: Tensor) -> Tensor:
        h = self.norm1(x)
        x = x + self.pool(h) - h
        out: Tensor = x + self.mlp(self.norm2(x))
        return out


class PoolFormerNet(nn.Module):
    """A tiny PoolFormer-like classifier: a patch embedding ``embed`` (a 4x4 convolution of stride 4, 1 -> 24
    channels: a 4x4 grid of tokens), 2 PoolFormer blocks (``blocks``), a group norm, the mean over the tokens through a
    ReLU layer ``fc`` (24 -> 32) and a ``head`` to the 4 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 24
        self.embed = nn.Conv2d(1, d, POOLFORMER_PATCH, POOLFORMER_PATCH)
        self.blocks = nn.Sequential(PoolFormerBlock(d), PoolFormerBlock(d))
        self.norm = nn.GroupNorm(1, d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, POOLFORMER_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, img: Tensor) -> Tensor:
        x = self.norm(self.blocks(self.embed(img))).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(x)))
        return out


def poolformer_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


EXPECTILE_FEATURES, EXPECTILE_TAU = 8, 0.8
"""Rows of 8 features; the 0.8-expectile."""


@lru_cache(maxsize=None)
def expectile_rows(n: int = 4000, seed: int = 527, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Heteroscedastic regression: 8 features N(0, 1); a target 0.8 sin(2 x0) + 0.5 x1 - 0.4 x2 x3 + 0.3 |x4| + 0.5
    plus Gaussian noise of scale 0.1 + 0.5 sigmoid(2 x5) + 0.15 |x6| (the noise, and so the expectile's distance above
    the mean, depends on the input). x: (rows, 8); y: (rows,). ``nan_rows``: that share of the training rows has a
    missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, EXPECTILE_FEATURES, generator=g)
    mean = 0.8 * torch.sin(2 * x[:, 0]) + 0.5 * x[:, 1] - 0.4 * x[:, 2] * x[:, 3] + 0.3 * x[:, 4].abs() + 0.5
    scale = 0.1 + 0.5 * torch.sigmoid(2 * x[:, 5]) + 0.15 * x[:, 6].abs()
    y = mean + scale * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "heteroscedastic regression (an MLP, the 0.8-expectile loss)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ExpectileMLP(nn.Module):
    """A ReLU MLP expectile regressor: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 1). Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(EXPECTILE_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x)))).squeeze(-1)
        return out


def expectile_terms(out: Tensor, y: Tensor) -> Tensor:
    """The asymmetric squared error of each row at tau = 0.8: |tau - 1(y < prediction)| (y - prediction)^2."""
    r = y - out
    return torch.where(r < 0, 1 - EXPECTILE_TAU, EXPECTILE_TAU) * r.pow(2)


def expectile_loss(out: Tensor, y: Tensor) -> Tensor:
    """The expectile loss at tau = 0.8, mean over the rows."""
    return expectile_terms(out, y).mean()


def expectile_summed(out: Tensor, y: Tensor) -> Tensor:
    """The expectile loss at tau = 0.8 summed over the batch's rows (reduction='sum')."""
    return expectile_terms(out, y).sum()


def expectile_at_zero() -> float:
    """The expectile loss of a prediction of 0: its level at init."""
    return float(expectile_loss(torch.zeros(len(expectile_rows().y)), expectile_rows().y))


@lru_cache(maxsize=None)
def pretrained_expectile_weights() -> dict[str, Tensor]:
    """An expectile MLP trained (unrecorded) for 600 Adam steps on the first 3000 rows of the table (a checkpoint that a
    fine-tune on all of it starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="expectile-pretraining", data=expectile_rows(train_rows=3000), model=ExpectileMLP,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=600, seed=5, shuffle_offset=3000,
                        loss_fn=expectile_loss)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_expectile() -> ExpectileMLP:
    """An expectile MLP with the pretrained weights (a fine-tune starts from them)."""
    model = ExpectileMLP()
    model.load_state_dict(pretrained_expectile_weights())
    return model
