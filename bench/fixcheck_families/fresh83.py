"""The eighty-fifth fresh half (fresh83, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


CROSSVIT_SIZE, CROSSVIT_CLASSES, CROSSVIT_DIM = 16, 4, 32
"""16x16 one-channel images, 4 classes (a fine texture bit and a coarse shape bit), a width of 32."""
CROSSVIT_SMALL, CROSSVIT_LARGE = 4, 8
"""The patch sizes of the two branches: 16 patches of 4x4 and 4 patches of 8x8."""


@lru_cache(maxsize=None)
def crossvit_images(n: int = 3000, seed: int = 831, *, n_val: int = 400, batch_size: int = 32,
                    nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 16x16 images whose class depends on a fine texture and a coarse shape together: a faint texture of
    period 2 over the whole image, a checkerboard (bit 0) or vertical stripes, and at a random place either a 6x6
    square (bit 1) or a 2x10 horizontal bar, with N(0, 0.3^2) noise; the texture's amplitude U(0.25, 0.5), the shape's
    U(0.8, 1.2). 5% of the labels random, held-out ones too. x: (images, 1, 16, 16); y: (images,). ``nan_rows``: that
    share of the training images has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, CROSSVIT_SIZE
    y = torch.randint(CROSSVIT_CLASSES, (total,), generator=g)
    ii, jj = torch.meshgrid(torch.arange(s), torch.arange(s), indexing="ij")
    checker, stripes = ((ii + jj) % 2 * 2 - 1).float(), (jj % 2 * 2 - 1).float()
    texture = torch.where((y & 1).bool()[:, None, None], checker, stripes)
    x = (0.25 + 0.25 * torch.rand(total, 1, 1, generator=g)) * texture
    x = x + 0.3 * torch.randn(total, s, s, generator=g)
    amp = 0.8 + 0.4 * torch.rand(total, generator=g)
    for r in range(total):
        h, w = (6, 6) if int(y[r]) & 2 else (2, 10)
        top = int(torch.randint(s - h + 1, (1,), generator=g))
        left = int(torch.randint(s - w + 1, (1,), generator=g))
        x[r, top : top + h, left : left + w] += amp[r]
    y = flip_labels(y, CROSSVIT_CLASSES, 0.05, g)
    x = x[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "image classification by fine texture and coarse shape (a CrossViT)", CROSSVIT_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CROSSVIT_CLASSES,
                    batch_size)  # fmt: skip
    return data


class CrossViTBranch(nn.Module):
    """One branch of a CrossViT: a patch embedding (a convolution of stride = kernel = the patch size, 1 -> d), a
    learned position embedding, a CLS token and one pre-LN transformer block (2 heads, a feed-forward d -> 2d -> d)."""

    def __init__(self, patch: int, d: int = CROSSVIT_DIM) -> None:
        super().__init__()
        tokens = (CROSSVIT_SIZE // patch) ** 2
        self.embed = nn.Conv2d(1, d, patch, stride=patch)
        self.pos = nn.Parameter(0.1 * torch.randn(tokens + 1, d))
        self.cls = nn.Parameter(0.1 * torch.randn(1, 1, d))
        self.block = nn.TransformerEncoderLayer(d, 2, 2 * d, dropout=0.0, batch_first=True, norm_first=True)

    def forward(self, x: Tensor) -> Tensor:
        t = self.embed(x).flatten(2).transpose(1, 2)
        t = torch.cat([self.cls.expand(len(x), -1, -1), t], 1) + self.pos
        out: Tensor = self.block(t)
        return out


class CrossViTFusion(nn.Module):
    """The cross-attention fusion of a CrossViT: each branch's CLS token (layer-normalised) attends, as the one
    query, to the other branch's patch tokens and its own CLS (2 heads), added back to its CLS as a residual."""

    def __init__(self, d: int = CROSSVIT_DIM) -> None:
        super().__init__()
        self.norm_small, self.norm_large = nn.LayerNorm(d), nn.LayerNorm(d)
        self.to_small = nn.MultiheadAttention(d, 2, batch_first=True)
        self.to_large = nn.MultiheadAttention(d, 2, batch_first=True)

    def forward(self, small: Tensor, large: Tensor) -> tuple[Tensor, Tensor]:
        cs, cl = self.norm_small(small[:, :1]), self.norm_large(large[:, :1])
        kv_s = torch.cat([cs, self.norm_large(large[:, 1:])], 1)
        kv_l = torch.cat([cl, self.norm_small(small[:, 1:])], 1)
        cls_small = small[:, 0] + self.to_small(cs, kv_s, kv_s, need_weights=False)[0][:, 0]
        cls_large = large[:, 0] + self.to_large(cl, kv_l, kv_l, need_weights=False)[0][:, 0]
        return cls_small, cls_large


class CrossViT(nn.Module):
    """A CrossViT-like dual-branch classifier: a small-patch branch (4x4 patches, 16 tokens) and a large-patch branch
    (8x8 patches, 4 tokens) over the same image, each with its own CLS token and one transformer block, a
    ``CrossViTFusion``, then per branch a LayerNorm of its CLS, a shared ReLU layer ``fc`` (32 -> 32) and a shared
    ``head`` to the 4 classes, the two branches' logits averaged. A missing (NaN) pixel's NaN reaches its patch
    embeddings. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = CROSSVIT_DIM) -> None:
        super().__init__()
        self.small, self.large = CrossViTBranch(CROSSVIT_SMALL, d), CrossViTBranch(CROSSVIT_LARGE, d)
        self.fusion = CrossViTFusion(d)
        self.norm_small, self.norm_large = nn.LayerNorm(d), nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, CROSSVIT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        cls_small, cls_large = self.fusion(self.small(x), self.large(x))
        logits_small = self.head(F.relu(self.fc(self.norm_small(cls_small))))
        logits_large = self.head(F.relu(self.fc(self.norm_large(cls_large))))
        out: Tensor = 0.5 * (logits_small + logits_large)
        return out


def crossvit_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


INFORMER_INPUT, INFORMER_START, INFORMER_HORIZON, INFORMER_DIM = 48, 24, 12, 32
"""Input windows of 48 steps, a decoder fed the last 24 of them (the start token) and zeros for the 12 steps of the
horizon, a width of 32."""
INFORMER_PERIODS = (24, 8)
"""The two seasonalities of the series (a "daily" period of 24 steps and a short one of 8)."""


@lru_cache(maxsize=None)
def informer_windows(n: int = 3000, seed: int = 833, *, n_val: int = 400, batch_size: int = 32,
                     nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Windows of synthetic multi-seasonal series, one series per window: y_t = level + a1 sin(2 pi t / 24 + p1) + a2
    sin(2 pi t / 8 + p2) + 0.7 c_t + noise N(0, 0.2^2), level N(0, 0.5^2), a1 U(0.5, 1.5), a2 U(0.2, 0.7), c_t a
    smooth AR(1) covariate (0.9) known in advance (a planned input). x: (windows, 60, 4) the series (0 over the 12
    steps of the horizon), the covariate and the sine and cosine of the daily phase (the time features) over the 48
    input steps and the horizon; y: (windows, 12) the series over the horizon. ``nan_rows``: that share of the
    training windows has a missing (NaN) value; ``train_rows``: keep only that many training windows."""
    g = torch.Generator().manual_seed(seed)
    total, steps = n + n_val, INFORMER_INPUT + INFORMER_HORIZON
    level = 0.5 * torch.randn(total, 1, generator=g)
    a1 = 0.5 + torch.rand(total, 1, generator=g)
    a2 = 0.2 + 0.5 * torch.rand(total, 1, generator=g)
    p1, p2 = 2 * math.pi * torch.rand(total, 1, generator=g), 2 * math.pi * torch.rand(total, 1, generator=g)
    cov = torch.zeros(total, steps)
    shocks = torch.randn(total, steps, generator=g)
    cov[:, 0] = shocks[:, 0]
    for t in range(1, steps):
        cov[:, t] = 0.9 * cov[:, t - 1] + 0.44 * shocks[:, t]
    t_idx = torch.arange(steps).float()
    day = 2 * math.pi * t_idx / INFORMER_PERIODS[0] + p1
    series = (level + a1 * torch.sin(day) + a2 * torch.sin(2 * math.pi * t_idx / INFORMER_PERIODS[1] + p2) + 0.7 * cov
              + 0.2 * torch.randn(total, steps, generator=g))  # fmt: skip
    known = series.clone()
    known[:, INFORMER_INPUT:] = 0.0
    x = torch.stack([known, cov, torch.sin(day), torch.cos(day)], -1)
    y = series[:, INFORMER_INPUT:]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 30, 0] = float("nan")
    data = split(x, y, n, "long-sequence forecasting (an Informer)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ProbSparseAttention(nn.Module):
    """A ProbSparse-like self-attention (Zhou et al. 2021), one head of width d: the u = ceil(2 ln L) queries of
    the largest sparsity measure max(q k / sqrt d) - mean(q k / sqrt d) attend in full; the other queries take the mean
    of the values; then an output projection."""

    def __init__(self, d: int = INFORMER_DIM) -> None:
        super().__init__()
        self.q, self.k, self.v, self.out = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)

    def forward(self, h: Tensor) -> Tensor:
        q, k, v = self.q(h), self.k(h), self.v(h)
        scores = q @ k.transpose(1, 2) / math.sqrt(h.shape[-1])
        u = min(h.shape[1], math.ceil(2 * math.log(h.shape[1])))
        measure = scores.amax(-1) - scores.mean(-1)
        top = measure.topk(u, -1).indices
        full = torch.softmax(scores, -1) @ v
        lazy = v.mean(1, keepdim=True).expand_as(full)
        chosen = torch.zeros_like(measure, dtype=torch.bool).scatter(1, top, True)
        out: Tensor = self.out(torch.where(chosen[..., None], full, lazy))
        return out


class InformerEncoderLayer(nn.Module):
    """An Informer encoder layer: ProbSparse-like self-attention and a feed-forward (d -> 2d -> d, GELU), each with a
    residual and a LayerNorm after it."""

    def __init__(self, d: int = INFORMER_DIM) -> None:
        super().__init__()
        self.attn = ProbSparseAttention(d)
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, h: Tensor) -> Tensor:
        h = self.norm1(h + self.attn(h))
        out: Tensor = self.norm2(h + self.ff(h))
        return out


class InformerDistil(nn.Module):
    """The distilling layer between encoder layers: a Conv1d (kernel 3) along time, ELU and a max-pool of stride 2
    (halving the sequence)."""

    def __init__(self, d: int = INFORMER_DIM) -> None:
        super().__init__()
        self.conv = nn.Conv1d(d, d, 3, padding=1)

    def forward(self, h: Tensor) -> Tensor:
        out: Tensor = F.max_pool1d(F.elu(self.conv(h.transpose(1, 2))), 3, stride=2, padding=1).transpose(1, 2)
        return out


class InformerDecoder(nn.Module):
    """The decoder of the Informer here: a cross-attention (2 heads) of the decoder tokens to the encoder's output and
    a feed-forward (d -> 2d -> d, GELU), each with a residual and a LayerNorm after it."""

    def __init__(self, d: int = INFORMER_DIM) -> None:
        super().__init__()
        self.cross = nn.MultiheadAttention(d, 2, batch_first=True)
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, h: Tensor, memory: Tensor) -> Tensor:
        h = self.norm1(h + self.cross(h, memory, memory, need_weights=False)[0])
        out: Tensor = self.norm2(h + self.ff(h))
        return out


class Informer(nn.Module):
    """An Informer-like forecaster: the input window (48 steps x the series, covariate and time features) embedded
    (a Linear 4 -> 32 plus a learned position embedding), an ``InformerEncoderLayer``, an ``InformerDistil`` (48 -> 24
    steps), a second encoder layer; an ``InformerDecoder`` fed the last 24 input steps (the start token) and the 12
    horizon steps (the series zeroed, the covariate and time features known), embedded the same way; then a ReLU layer
    ``fc`` (32 -> 32) and a ``head`` (32 -> 1) per step, the last 12 the forecast, all in one forward pass. Output
    (windows, 12). A missing (NaN) value's NaN reaches the embedding. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = INFORMER_DIM) -> None:
        super().__init__()
        steps = INFORMER_INPUT + INFORMER_HORIZON
        self.embed = nn.Linear(4, d)
        self.pos = nn.Parameter(0.1 * torch.randn(steps, d))
        self.enc1, self.distil, self.enc2 = InformerEncoderLayer(d), InformerDistil(d), InformerEncoderLayer(d)
        self.dec = InformerDecoder(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e = self.embed(x) + self.pos
        memory = self.enc2(self.distil(self.enc1(e[:, :INFORMER_INPUT])))
        h = self.dec(e[:, INFORMER_INPUT - INFORMER_START :], memory)
        out: Tensor = self.head(F.relu(self.fc(h[:, -INFORMER_HORIZON:])))[..., 0]
        return out


def informer_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (reduction='sum' over the windows, mean over the horizon)."""
    return ((out - y) ** 2).mean(1).sum()


def informer_at_zero() -> float:
    """The MSE of forecasts of 0: its level at init."""
    return float((informer_windows().y ** 2).mean())


BST_ITEMS, BST_CATEGORIES, BST_HISTORY, BST_FIELDS, BST_FIELD_CARD = 30, 6, 10, 4, 6
"""30 items in 6 categories (item i in category i mod 6), histories of the last 10 clicked items, 4 other fields of 6
values each (the user's group, an age bucket, the hour bucket and the device)."""


@lru_cache(maxsize=None)
def bst_rows(n: int = 16000, seed: int = 835, *, n_val: int = 2000, batch_size: int = 64, nan_rows: float = 0.0,
             train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic impressions of a behaviour sequence and a target item: each item has one planted successor; a user's
    group (field 0) sets a preferred category; a history of 10 clicks walks from a random item, each next click the
    successor of the last (prob. 0.5), an item of the preferred category (0.3) or any item; the target is the
    successor of the last click (prob. 0.3), an item of the preferred category (0.3) or any item. The click's logit is
    -2.5 + 4 [the successor of the last click] + 3 [the preferred category] + a popularity N(0, 1) of the target item
    + 0.8 per-value effects of the age and device fields; the click Bernoulli of its sigmoid. x: (rows, 15) the 10
    history items (oldest first), the target item and the 4 fields (float, for the NaN of a missing value); y: (rows,)
    the click. ``nan_rows``: that share of the training rows has a missing (NaN) history item; ``train_rows``: keep
    only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    succ = torch.randperm(BST_ITEMS, generator=g)
    fields = torch.randint(BST_FIELD_CARD, (total, BST_FIELDS), generator=g)
    pref = fields[:, 0]

    def of_category(cat: Tensor) -> Tensor:
        return cat + BST_CATEGORIES * torch.randint(BST_ITEMS // BST_CATEGORIES, cat.shape, generator=g)

    hist = torch.zeros(total, BST_HISTORY, dtype=torch.long)
    hist[:, 0] = torch.randint(BST_ITEMS, (total,), generator=g)
    for t in range(1, BST_HISTORY):
        u = torch.rand(total, generator=g)
        anyone = torch.randint(BST_ITEMS, (total,), generator=g)
        hist[:, t] = torch.where(u < 0.5, succ[hist[:, t - 1]], torch.where(u < 0.8, of_category(pref), anyone))
    u = torch.rand(total, generator=g)
    target = torch.where(u < 0.3, succ[hist[:, -1]], torch.where(u < 0.6, of_category(pref),
                                                                  torch.randint(BST_ITEMS, (total,), generator=g)))  # fmt: skip
    after_last = (succ[hist[:, -1]] == target).float()
    in_pref = (target % BST_CATEGORIES == pref).float()
    effect, popularity = 0.8 * torch.randn(2, BST_FIELD_CARD, generator=g), torch.randn(BST_ITEMS, generator=g)
    logit = (-2.5 + 4.0 * after_last + 3.0 * in_pref + popularity[target] + effect[0, fields[:, 1]]
             + effect[1, fields[:, 3]])  # fmt: skip
    y = torch.bernoulli(torch.sigmoid(logit), generator=g)
    x = torch.cat([hist, target[:, None], fields], 1).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "click-through prediction from a behaviour sequence (a BST)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BST(nn.Module):
    """A Behavior-Sequence-Transformer click model (Chen et al. 2019): the 10 history items and the target item each
    embedded as an item embedding (24) concatenated with its category's (8), plus a position embedding (32); one
    post-LN transformer block (2 heads, a feed-forward 32 -> 64 -> 32) over the 11; its outputs flattened (352) and
    concatenated with embeddings (8) of the 4 other fields into a ReLU MLP 384 -> 64, a ReLU layer ``fc`` (64 -> 32)
    and a ``head`` (32 -> 1), the click's logit. Output (rows,). A missing (NaN) item's NaN reaches its embedding (0 x
    NaN). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        seq = BST_HISTORY + 1
        self.item, self.cat = nn.Embedding(BST_ITEMS, 24), nn.Embedding(BST_CATEGORIES, 8)
        self.pos = nn.Parameter(0.1 * torch.randn(seq, 32))
        self.block = nn.TransformerEncoderLayer(32, 2, 64, dropout=0.0, batch_first=True)
        self.fields = nn.Embedding(BST_FIELDS * BST_FIELD_CARD, 8)
        self.mlp = nn.Sequential(nn.Linear(seq * 32 + BST_FIELDS * 8, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        seq = BST_HISTORY + 1
        items = torch.nan_to_num(x[:, :seq]).long()
        e = torch.cat([self.item(items), self.cat(items % BST_CATEGORIES)], -1) + 0.0 * x[:, :seq, None] + self.pos
        ids = torch.nan_to_num(x[:, seq:]).long() + BST_FIELD_CARD * torch.arange(BST_FIELDS)
        h = torch.cat([self.block(e).flatten(1), self.fields(ids).flatten(1)], 1)
        out: Tensor = self.head(F.relu(self.fc(self.mlp(h))))[:, 0]
        return out


def bst_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click (mean over the rows)."""
    return F.binary_cross_entropy_with_logits(out, y)


def bst_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


BETAPRIME_FEATURES = 6
"""Rows of 6 features; positive ratio-like targets of a beta-prime (inverted beta) law."""


@lru_cache(maxsize=None)
def betaprime_rows(n: int = 4000, seed: int = 837, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Positive ratio-like targets (odds, price ratios) of a beta-prime law whose parameters depend on 6 features
    N(0, 1) (x5 noise): alpha = exp(0.7 + 0.6 sin(1.5 x0) + 0.3 x1), beta = exp(1.3 + 0.4 tanh(x2) - 0.3 x3 x4),
    drawn as y = G1 / G2, G1 ~ Gamma(alpha, 1), G2 ~ Gamma(beta, 1). x: (rows, 6); y: (rows,). ``nan_rows``: that
    share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, BETAPRIME_FEATURES, generator=g)
    alpha = torch.exp(0.7 + 0.6 * torch.sin(1.5 * x[:, 0]) + 0.3 * x[:, 1])
    beta = torch.exp(1.3 + 0.4 * torch.tanh(x[:, 2]) - 0.3 * (x[:, 3] * x[:, 4]).clamp(-3, 3))
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        y = torch._standard_gamma(alpha).clamp_min(1e-6) / torch._standard_gamma(beta).clamp_min(1e-6)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    task = "regression of positive ratios (an MLP, the beta-prime negative log-likelihood)"
    data = split(x, y, n, task, None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BetaPrimeMLP(nn.Module):
    """A ReLU MLP of a beta-prime regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): log alpha and log beta. Output (rows, 2). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(BETAPRIME_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def betaprime_terms(out: Tensor, y: Tensor) -> Tensor:
    """The beta-prime negative log-likelihood of each row's target: -((alpha - 1) log y - (alpha + beta) log(1 + y)
    - lbeta(alpha, beta)), alpha and beta the exponentials of the outputs."""
    a, b = out[:, 0].exp(), out[:, 1].exp()
    lbeta = torch.lgamma(a) + torch.lgamma(b) - torch.lgamma(a + b)
    return -((a - 1) * torch.log(y) - (a + b) * torch.log1p(y) - lbeta)


def betaprime_nll(out: Tensor, y: Tensor) -> Tensor:
    """The beta-prime negative log-likelihood, mean over the rows."""
    return betaprime_terms(out, y).mean()


def betaprime_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The beta-prime negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return betaprime_terms(out, y).sum()


def betaprime_at_zero() -> float:
    """The beta-prime negative log-likelihood of raw outputs of 0 (alpha = beta = 1: 2 log(1 + y) on average): its
    level at init."""
    y = betaprime_rows().y
    return float(betaprime_nll(torch.zeros(len(y), 2), y))
