"""The eighty-second fresh half (fresh80, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


COATNET_SIZE, COATNET_CLASSES, COATNET_PATCH = 16, 4, 6
"""16x16 one-channel images holding two textured 6x6 patches in adjacent quadrants, 4 classes: where the vertically
striped patch lies from the horizontally striped one."""


@lru_cache(maxsize=None)
def coatnet_images(n: int = 3000, seed: int = 801, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Noisy 16x16 images (N(0, 0.6^2) noise) with a horizontally striped and a vertically striped 6x6 patch (stripes
    of period 2, a random phase and contrast 0.8-1.2) placed at a random offset inside two adjacent quadrants; the
    class names where the vertical patch lies from the horizontal one (right, left, below, above); 5% of the labels
    random, held-out ones too. x: (images, 1, 16, 16); y: (images,). ``nan_rows``: that share of the training images
    has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = 0.6 * torch.randn(total, 1, COATNET_SIZE, COATNET_SIZE, generator=g)
    y = torch.randint(COATNET_CLASSES, (total,), generator=g)
    ramp = torch.arange(COATNET_PATCH)
    for r in range(total):
        k = int(y[r])
        first = int(torch.randint(2, (1,), generator=g))  # the free coordinate of the pair (a row or a column)
        hq, vq = ((first, 0), (first, 1)) if k == 0 else ((first, 1), (first, 0)) if k == 1 else \
            ((0, first), (1, first)) if k == 2 else ((1, first), (0, first))  # fmt: skip
        for (qr, qc), vertical in ((hq, False), (vq, True)):
            oy, ox = (int(v) for v in torch.randint(0, 8 - COATNET_PATCH + 1, (2,), generator=g))
            phase = int(torch.randint(2, (1,), generator=g))
            contrast = 0.8 + 0.4 * float(torch.rand(1, generator=g))
            stripe = ((ramp + phase) % 2).float() * 2 - 1
            patch = stripe[None, :].expand(COATNET_PATCH, -1) if vertical else stripe[:, None].expand(-1, COATNET_PATCH)
            top, left = 8 * qr + oy, 8 * qc + ox
            x[r, 0, top : top + COATNET_PATCH, left : left + COATNET_PATCH] += contrast * patch
    y = flip_labels(y, COATNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 3, 7] = float("nan")
    data = split(x, y, n, "image classification (a CoAtNet-like conv + attention hybrid)", COATNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, COATNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class CoAtNetMBConv(nn.Module):
    """An MBConv block: a 1x1 expansion (x4) with BatchNorm and GELU, a depthwise 3x3 convolution with BatchNorm and
    GELU, squeeze-excitation (reduction 4), a 1x1 projection with BatchNorm, a residual."""

    def __init__(self, width: int) -> None:
        super().__init__()
        wide = 4 * width
        self.expand = nn.Sequential(nn.Conv2d(width, wide, 1, bias=False), nn.BatchNorm2d(wide), nn.GELU())
        self.depthwise = nn.Sequential(nn.Conv2d(wide, wide, 3, padding=1, groups=wide, bias=False), nn.BatchNorm2d(wide),
                                       nn.GELU())  # fmt: skip
        self.se = nn.Sequential(nn.Linear(wide, wide // 4), nn.ReLU(), nn.Linear(wide // 4, wide), nn.Sigmoid())
        self.project = nn.Sequential(nn.Conv2d(wide, width, 1, bias=False), nn.BatchNorm2d(width))

    def forward(self, x: Tensor) -> Tensor:
        h = self.depthwise(self.expand(x))
        h = h * self.se(h.mean((2, 3)))[:, :, None, None]
        out: Tensor = x + self.project(h)
        return out


class CoAtNetRelAttention(nn.Module):
    """Multi-head self-attention over a side x side token map with a learned relative position bias per head (a table
    of (2 side - 1)^2 entries indexed by the row and column offsets of the query and the key)."""

    def __init__(self, width: int, heads: int, side: int) -> None:
        super().__init__()
        self.heads, self.scale = heads, (width // heads) ** -0.5
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.bias = nn.Parameter(torch.zeros(heads, (2 * side - 1) ** 2))
        rows, cols = torch.meshgrid(torch.arange(side), torch.arange(side), indexing="ij")
        pos = torch.stack([rows.flatten(), cols.flatten()], 1)
        rel = pos[:, None, :] - pos[None, :, :] + side - 1
        self.register_buffer("index", rel[..., 0] * (2 * side - 1) + rel[..., 1])

    def forward(self, x: Tensor) -> Tensor:
        b, t, d = x.shape
        q, k, v = self.qkv(x).reshape(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-1, -2)) * self.scale + self.bias[:, self.index]
        out: Tensor = self.proj((att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d))
        return out


class CoAtNet(nn.Module):
    """A CoAtNet-like hybrid (Dai et al. 2021, tiny): a conv stem (3x3 stride 2, 1 -> 16, BatchNorm, GELU) to 8x8, an
    MBConv stage of one block at 8x8, a stride-2 3x3 convolution to a 4x4 map of 32 channels, then a transformer stage
    of one pre-LN block (2 heads of relative-position-biased self-attention over the 16 tokens, a GELU feed-forward
    32-64-32), mean pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes. A missing (NaN) pixel
    spreads its NaN. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16), nn.GELU())
        self.mb = CoAtNetMBConv(16)
        self.down = nn.Conv2d(16, 32, 3, stride=2, padding=1)
        self.norm1, self.norm2, self.norm3 = nn.LayerNorm(32), nn.LayerNorm(32), nn.LayerNorm(32)
        self.attn = CoAtNetRelAttention(32, 2, 4)
        self.ff = nn.Sequential(nn.Linear(32, 64), nn.GELU(), nn.Linear(64, 32))
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, COATNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.down(self.mb(self.stem(x)))
        t = h.flatten(2).transpose(1, 2)
        t = t + self.attn(self.norm1(t))
        t = t + self.ff(self.norm2(t))
        out: Tensor = self.head(F.relu(self.fc(self.norm3(t).mean(1))))
        return out


def coatnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


DEEPHIT_FEATURES, DEEPHIT_BINS = 10, 24
"""Rows of 10 features; survival times cut into 24 bins of a horizon, the network's 25 outputs the logits of an event
in each bin and of surviving past the horizon."""


@lru_cache(maxsize=None)
def deephit_rows(n: int = 4000, seed: int = 803, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Right-censored discrete survival times: 10 features N(0, 1) (x9 noise), a Weibull event time of shape 1.5 and
    log scale 0.2 - 0.6 x0 + 0.4 x1 x2 - 0.5 sin(2 x3) + 0.3 x4 (a hazard that depends on the features), an
    independent censoring time uniform over 0-3 (~30% censored), the horizon 2.4 in 24 bins of 0.1. y: (rows, 2) the
    bin of the observed time (24: past the horizon) and 1 for an event (or a survival past the horizon), 0 for a
    censored row. ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep
    only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, DEEPHIT_FEATURES, generator=g)
    log_scale = 0.2 - 0.6 * x[:, 0] + 0.4 * x[:, 1] * x[:, 2] - 0.5 * torch.sin(2 * x[:, 3]) + 0.3 * x[:, 4]
    u = torch.rand(total, generator=g).clamp(1e-6, 1 - 1e-6)
    event = torch.exp(log_scale) * (-torch.log(u)) ** (1 / 1.5)
    censor = 3.0 * torch.rand(total, generator=g)
    observed = torch.minimum(event, censor)
    width = 0.1
    bins = (observed / width).floor().clamp(max=DEEPHIT_BINS).long()
    flag = ((event <= censor) | (bins == DEEPHIT_BINS)).long()
    y = torch.stack([bins, flag], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9] = float("nan")
    data = split(x, y, n, "discrete-time survival (a DeepHit-like MLP, the censored likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepHitMLP(nn.Module):
    """A DeepHit-like MLP (Lee et al. 2018, single risk): ``body`` 10 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 ->
    32) and a ``head`` to the 25 logits of the softmax over the 24 time bins and the bin past the horizon. Output
    (rows, 25). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(DEEPHIT_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, DEEPHIT_BINS + 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def deephit_terms(out: Tensor, y: Tensor) -> Tensor:
    """The negative log-likelihood of each row: -log p(bin) for an event (or a survival past the horizon, bin 24),
    -log sum of p over the bins after the censoring bin for a censored row (log_softmax, logsumexp)."""
    logp = F.log_softmax(out, -1)
    bins, flag = y[:, 0], y[:, 1].bool()
    at = logp.gather(1, bins[:, None])[:, 0]
    later = torch.arange(DEEPHIT_BINS + 1)[None, :] > bins[:, None]
    survive = torch.logsumexp(logp.masked_fill(~later, -math.inf), 1)
    return -torch.where(flag, at, survive)


def deephit_nll(out: Tensor, y: Tensor) -> Tensor:
    """The DeepHit negative log-likelihood, mean over the rows."""
    return deephit_terms(out, y).mean()


def deephit_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The DeepHit negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return deephit_terms(out, y).sum()


def deephit_at_zero() -> float:
    """The DeepHit negative log-likelihood of raw outputs of 0 (every bin alike): its level at init."""
    y = deephit_rows().y
    return float(deephit_nll(torch.zeros(len(y), DEEPHIT_BINS + 1), y))


TWOTOWER_USER_FIELDS, TWOTOWER_ITEM_FIELDS = (20, 8, 6, 10, 5), (40, 12, 8, 6)
"""The cardinalities of the 5 user fields and the 4 item fields; a batch of 64 (user, clicked item) pairs is scored by
an in-batch softmax at a temperature of 0.1."""
TWOTOWER_DIM, TWOTOWER_TEMP, TWOTOWER_BLOCK = 16, 0.1, 64


@lru_cache(maxsize=None)
def twotower_pairs(n: int = 6400, seed: int = 805, *, n_val: int = 1280, batch_size: int = TWOTOWER_BLOCK,
                   nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """(user, clicked item) pairs with planted latent preferences: each value of each field has a latent vector in
    R^6 (N(0, 1/fields)); a user's taste and an item's profile are the sums over their fields; each user sees 30
    random items and clicks one by a softmax of 3 x taste . profile. x: (pairs, 9) the 5 user and the 4 item field
    values (float, for the NaN of a missing value); y: (pairs,) the index of the clicked item's first field (unused
    by the loss). ``nan_rows``: that share of the training pairs has a missing (NaN) user field; ``train_rows``: keep
    only that many training pairs."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    ulat = [torch.randn(c, 6, generator=g) / len(TWOTOWER_USER_FIELDS) ** 0.5 for c in TWOTOWER_USER_FIELDS]
    ilat = [torch.randn(c, 6, generator=g) / len(TWOTOWER_ITEM_FIELDS) ** 0.5 for c in TWOTOWER_ITEM_FIELDS]
    users = torch.stack([torch.randint(c, (total,), generator=g) for c in TWOTOWER_USER_FIELDS], 1)
    taste = torch.stack([lat[users[:, f]] for f, lat in enumerate(ulat)]).sum(0)
    cands = torch.stack([torch.randint(c, (total, 30), generator=g) for c in TWOTOWER_ITEM_FIELDS], 2)
    profile = torch.stack([lat[cands[..., f]] for f, lat in enumerate(ilat)]).sum(0)
    logits = 3.0 * (profile @ taste[..., None])[..., 0]
    gumbel = -torch.log(-torch.log(torch.rand(total, 30, generator=g).clamp(1e-9, 1 - 1e-9)))
    pick = (logits + gumbel).argmax(1)
    items = cands[torch.arange(total), pick]
    x = torch.cat([users, items], 1).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, items[:, 0], n, "retrieval (a two-tower model, an in-batch sampled softmax)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TwotowerModel(nn.Module):
    """A two-tower retrieval model (DSSM / YouTube-DNN style): a user tower (embeddings of 8 of the 5 user fields, 40
    -> 64 ReLU, a ReLU layer ``fc`` 64 -> 32 and a ``head`` 32 -> 16) and an item tower (embeddings of 8 of the 4
    item fields, 32 -> 64 -> 32 ReLU -> 16), both L2-normalised. Output (pairs, 32): the user and the item vectors. A
    missing (NaN) value's NaN reaches its embedding (0 x NaN). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.user_emb = nn.ModuleList(nn.Embedding(c, 8) for c in TWOTOWER_USER_FIELDS)
        self.item_emb = nn.ModuleList(nn.Embedding(c, 8) for c in TWOTOWER_ITEM_FIELDS)
        self.user_body = nn.Sequential(nn.Linear(8 * len(TWOTOWER_USER_FIELDS), 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, TWOTOWER_DIM)
        self.item_tower = nn.Sequential(nn.Linear(8 * len(TWOTOWER_ITEM_FIELDS), 64), nn.ReLU(), nn.Linear(64, 32),
                                        nn.ReLU(), nn.Linear(32, TWOTOWER_DIM))  # fmt: skip
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = torch.nan_to_num(x).long()
        nu = len(TWOTOWER_USER_FIELDS)
        ue = torch.cat([e(ids[:, f]) + 0.0 * x[:, f, None] for f, e in enumerate(self.user_emb)], -1)
        ie = torch.cat([e(ids[:, nu + f]) + 0.0 * x[:, nu + f, None] for f, e in enumerate(self.item_emb)], -1)
        user = F.normalize(self.head(F.relu(self.fc(self.user_body(ue)))), dim=-1)
        item = F.normalize(self.item_tower(ie), dim=-1)
        return torch.cat([user, item], -1)


def twotower_block(out: Tensor) -> Tensor:
    """The in-batch softmax cross-entropy of each pair of a block: its user against every item of the block, the
    similarities divided by the temperature 0.1, its own clicked item the target."""
    user, item = out[:, :TWOTOWER_DIM], out[:, TWOTOWER_DIM:]
    logits = user @ item.T / TWOTOWER_TEMP
    return F.cross_entropy(logits, torch.arange(len(out)), reduction="none")


def twotower_loss(out: Tensor, y: Tensor) -> Tensor:
    """The in-batch sampled softmax loss of each block of 64 pairs (a training batch; the held-out pairs scored in
    such blocks), mean over the pairs."""
    return torch.cat([twotower_block(o) for o in out.split(TWOTOWER_BLOCK)]).mean()


def twotower_summed(out: Tensor, y: Tensor) -> Tensor:
    """The in-batch sampled softmax loss summed over the batch's pairs (reduction='sum')."""
    return torch.cat([twotower_block(o) for o in out.split(TWOTOWER_BLOCK)]).sum()


DEEPSDF_SHAPES, DEEPSDF_CODE, DEEPSDF_CLAMP, DEEPSDF_REG = 24, 16, 0.1, 1e-4
"""24 training shapes, a latent code of 16 per shape, the SDF clamped at +-0.1, the codes' L2 penalty 1e-4."""


def deepsdf_polygon(p: Tensor, verts: Tensor) -> Tensor:
    """The signed distance of the points ``p`` (N, 2) to the convex polygon ``verts`` (V, 2, counter-clockwise):
    the distance to the nearest edge, negative inside."""
    a, b = verts, verts.roll(-1, 0)
    ab = b - a
    ap = p[:, None, :] - a[None]
    t = ((ap * ab).sum(-1) / (ab * ab).sum(-1)).clamp(0, 1)
    dist = (ap - t[..., None] * ab).norm(dim=-1).min(1).values
    cross = ab[None, :, 0] * ap[..., 1] - ab[None, :, 1] * ap[..., 0]
    inside = (cross >= 0).all(1)
    return torch.where(inside, -dist, dist)


@lru_cache(maxsize=None)
def deepsdf_shapes(seed: int = 807) -> tuple[tuple[str, tuple[float, ...]], ...]:
    """The 24 training shapes: a third circles (centre, radius 0.3-0.6), a third rotated boxes (half sides 0.2-0.55),
    a third rounded regular polygons of 3-6 sides (circumradius 0.3-0.55, rounding 0.02-0.12)."""
    g = torch.Generator().manual_seed(seed)
    out: list[tuple[str, tuple[float, ...]]] = []
    for i in range(DEEPSDF_SHAPES):
        c = (0.3 * (torch.rand(2, generator=g) * 2 - 1)).tolist()
        u = torch.rand(4, generator=g).tolist()
        if i % 3 == 0:
            out.append(("circle", (c[0], c[1], 0.3 + 0.3 * u[0])))
        elif i % 3 == 1:
            out.append(("box", (c[0], c[1], 0.2 + 0.35 * u[0], 0.2 + 0.35 * u[1], math.pi * u[2])))
        else:
            out.append(("polygon", (c[0], c[1], 0.3 + 0.25 * u[0], 3 + int(4 * u[1]) % 4, 2 * math.pi * u[2],
                                    0.02 + 0.1 * u[3])))  # fmt: skip
    return tuple(out)


def deepsdf_sdf(shape: tuple[str, tuple[float, ...]], p: Tensor) -> Tensor:
    """The signed distance of the points ``p`` (N, 2) to one shape."""
    kind, a = shape
    q = p - torch.tensor(a[:2])
    if kind == "circle":
        return q.norm(dim=-1) - a[2]
    if kind == "box":
        cos, sin = math.cos(a[4]), math.sin(a[4])
        r = torch.stack([cos * q[:, 0] + sin * q[:, 1], -sin * q[:, 0] + cos * q[:, 1]], 1)
        d = r.abs() - torch.tensor(a[2:4])
        return d.clamp_min(0).norm(dim=-1) + d.max(1).values.clamp_max(0)
    sides, angle, rounding = int(a[3]), a[4], a[5]
    theta = angle + 2 * math.pi * torch.arange(sides) / sides
    verts = (a[2] - rounding) * torch.stack([torch.cos(theta), torch.sin(theta)], 1)
    return deepsdf_polygon(q, verts) - rounding


@lru_cache(maxsize=None)
def deepsdf_points(n: int = 8000, seed: int = 807, *, n_val: int = 1600, batch_size: int = 64, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """(shape, point) samples of the 24 training shapes (the same shapes whatever ``n``), the points concentrated near
    the surfaces: candidates uniform in [-1, 1]^2 kept with a probability exp(-|sdf| / 0.05) + 0.05. x: (samples,
    3) the shape's index and the point; y: (samples, 1) the signed distance. ``nan_rows``: that share of the training
    samples has a missing (NaN) coordinate; ``train_rows``: keep only that many training samples."""
    shapes = deepsdf_shapes(seed)
    g = torch.Generator().manual_seed(seed + 1)
    total = n + n_val
    per = total // DEEPSDF_SHAPES + 1
    xs, ys = [], []
    for i, shape in enumerate(shapes):
        kept: list[Tensor] = []
        count = 0
        while count < per:
            p = torch.rand(4 * per, 2, generator=g) * 2 - 1
            d = deepsdf_sdf(shape, p)
            keep = torch.rand(len(p), generator=g) < torch.exp(-d.abs() / 0.05) + 0.05
            kept.append(torch.cat([p[keep], d[keep, None]], 1))
            count += int(keep.sum())
        rows = torch.cat(kept)[:per]
        xs.append(torch.cat([torch.full((per, 1), float(i)), rows[:, :2]], 1))
        ys.append(rows[:, 2:])
    x, y = torch.cat(xs), torch.cat(ys)
    order = torch.randperm(len(x), generator=g)[:total]
    x, y = x[order], y[order]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "signed distance regression (a DeepSDF-like auto-decoder)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepSDF(nn.Module):
    """A DeepSDF-like auto-decoder (Park et al. 2019, tiny): a learnable latent code of 16 per training shape
    (``codes``, N(0, 0.01^2) at init) concatenated with the 2-D query point into ``body`` 18 -> 128 -> 128 -> 128
    (ReLU), a ReLU layer ``fc`` (128 -> 32) and a ``head`` (32 -> 1) predicting the signed distance. Output (samples,
    2): the prediction and the squared norm of the sample's code (for the codes' penalty). A missing (NaN)
    coordinate reaches the network. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.codes = nn.Embedding(DEEPSDF_SHAPES, DEEPSDF_CODE)
        nn.init.normal_(self.codes.weight, 0.0, 0.01)
        self.body = nn.Sequential(nn.Linear(DEEPSDF_CODE + 2, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(),
                                  nn.Linear(128, 128), nn.ReLU())  # fmt: skip
        self.fc = nn.Linear(128, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        z = self.codes(torch.nan_to_num(x[:, 0]).long())
        pred = self.head(F.relu(self.fc(self.body(torch.cat([z, x[:, 1:]], -1)))))
        return torch.cat([pred, (z**2).sum(-1, keepdim=True)], -1)


def deepsdf_terms(out: Tensor, y: Tensor) -> Tensor:
    """The clamped L1 of each sample: |0.1 tanh(pred / 0.1) - clamp(sdf, +-0.1)|, the prediction clamped smoothly
    (DeepSDF's tanh output) so that a prediction past the clamp keeps a (tiny) gradient."""
    c = DEEPSDF_CLAMP
    return (c * torch.tanh(out[:, 0] / c) - y[:, 0].clamp(-c, c)).abs()


def deepsdf_l1(out: Tensor, y: Tensor) -> Tensor:
    """The clamped L1, mean over the samples (the held-out loss)."""
    return deepsdf_terms(out, y).mean()


def deepsdf_loss(out: Tensor, y: Tensor) -> Tensor:
    """The clamped L1 plus 1e-4 x the codes' squared norm, mean over the samples."""
    return (deepsdf_terms(out, y) + DEEPSDF_REG * out[:, 1]).mean()


def deepsdf_summed(out: Tensor, y: Tensor) -> Tensor:
    """The clamped L1 plus the codes' penalty summed over the batch's samples (reduction='sum')."""
    return (deepsdf_terms(out, y) + DEEPSDF_REG * out[:, 1]).sum()


def deepsdf_at_zero() -> float:
    """The clamped L1 of predictions of 0: the mean clamped |sdf|, its level at init."""
    y = deepsdf_points().y
    return float(y.clamp(-DEEPSDF_CLAMP, DEEPSDF_CLAMP).abs().mean())
