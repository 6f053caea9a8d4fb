"""The sixty-eighth fresh half (fresh66, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


ROPE_VOCAB, ROPE_PREFIX, ROPE_REPEATS, ROPE_DIM = 16, 8, 3, 32
"""Sequences of a random prefix of 8 tokens of 16 (ln 16 = 2.77 at chance) repeated 3 times, 23 next-token targets;
a 2-layer causal transformer of width 32 with rotary position embeddings."""


@lru_cache(maxsize=None)
def rope_sequences(n: int = 4000, seed: int = 661, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """A copy language: 8 tokens drawn uniformly from 16, then the same 8 tokens again, twice (24 tokens), 3% of the
    tokens of the copies replaced by random ones (a floor); the next-token targets of the first 23 tokens: the prefix
    is unpredictable (ln 16 a token), the copies predictable by looking back 8 or 16 positions (an induction / copy
    pattern). x: (sequences, 23) token ids (float, for the NaN of a missing token); y: (sequences, 23) the next tokens.
    ``nan_rows``: that share of the training sequences has a missing (NaN) token; ``train_rows``: keep only that many
    training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    prefix = torch.randint(ROPE_VOCAB, (total, ROPE_PREFIX), generator=g)
    seq = prefix.repeat(1, ROPE_REPEATS)
    noisy = (torch.rand(total, seq.shape[1], generator=g) < 0.03) & (torch.arange(seq.shape[1]) >= ROPE_PREFIX)
    seq = torch.where(noisy, torch.randint(ROPE_VOCAB, seq.shape, generator=g), seq)
    x, y = seq[:, :-1].float(), seq[:, 1:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "next-token prediction of a copy language (a causal transformer LM with rotary embeddings)", ROPE_VOCAB,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, ROPE_VOCAB, batch_size)
    return data


def rotary(x: Tensor) -> Tensor:
    """Rotary position embeddings (Su et al. 2021) of a (batch, heads, positions, head_dim) tensor: each pair of
    dimensions (i, i + head_dim / 2) at position p rotated by the angle p / 10000^(2i / head_dim)."""
    t, dh = x.shape[-2], x.shape[-1]
    freq = 10000.0 ** (-torch.arange(0, dh, 2).float() / dh)
    angle = torch.arange(t).float()[:, None] * freq[None, :]
    cos, sin = angle.cos(), angle.sin()
    a, b = x[..., : dh // 2], x[..., dh // 2 :]
    return torch.cat([a * cos - b * sin, a * sin + b * cos], -1)


class RopeBlock(nn.Module):
    """A pre-LN causal transformer block: LayerNorm, self-attention of ``heads`` heads with rotary embeddings on the
    queries and keys (no position embedding elsewhere) and a causal mask, residual; LayerNorm, a GELU MLP d-2d-d,
    residual."""

    def __init__(self, d: int, heads: int = 2) -> None:
        super().__init__()
        self.heads = heads
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, h: Tensor) -> Tensor:
        b, t, d = h.shape
        q, k, v = self.qkv(self.ln1(h)).reshape(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        a = F.scaled_dot_product_attention(rotary(q), rotary(k), v, is_causal=True)
        h = h + self.proj(a.transpose(1, 2).reshape(b, t, d))
        return h + self.mlp(self.ln2(h))


class RopeLM(nn.Module):
    """A causal transformer LM with rotary position embeddings: token embeddings (16, width 32), 2 pre-LN RopeBlocks (2
    heads), a final LayerNorm, per position a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 16 tokens. A missing
    (NaN) token embeds as NaN. Output (sequences, 23, 16). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = ROPE_DIM) -> None:
        super().__init__()
        self.tok = nn.Embedding(ROPE_VOCAB, d)
        self.blocks = nn.ModuleList([RopeBlock(d), RopeBlock(d)])
        self.ln_f = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, ROPE_VOCAB)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        missing = torch.isnan(x)
        h = self.tok(torch.nan_to_num(x).long())
        if missing.any():
            h = torch.where(missing[..., None], torch.full_like(h, float("nan")), h)
        for block in self.blocks:
            h = block(h)
        out: Tensor = self.head(F.relu(self.fc(self.ln_f(h))))
        return out


def rope_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The next-token cross-entropy summed over the batch's tokens, every sequence's 23 of them (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


NVLAD_SIZE, NVLAD_CLASSES, NVLAD_CLUSTERS = 12, 4, 6
"""12 x 12 grey images of 5 small glyphs (3 of the class's kind), 4 classes (ln 4 = 1.39 at chance); 6 NetVLAD cluster centres."""


@lru_cache(maxsize=None)
def nvlad_images(n: int = 3000, seed: int = 663, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Scattered 3 x 3 glyphs, the class the kind of 3 of them: 5 glyphs at random places (they may overlap, the
    brighter pixel kept), 3 of the class's kind, a plus (0), an x (1), a hollow square (2) or a pair of bars (3), and 2
    distractors common to all classes, an L or a diagonal (at random), each of brightness 0.7-1.2, on N(0, 0.45^2) noise
    per pixel; 5% random labels (a floor). Only local descriptors pooled over the image tell the class (a NetVLAD's task). x:
    (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel;
    ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, NVLAD_SIZE
    glyphs = torch.tensor([[[0, 1, 0], [1, 1, 1], [0, 1, 0]], [[1, 0, 1], [0, 1, 0], [1, 0, 1]],
                           [[1, 1, 1], [1, 0, 1], [1, 1, 1]], [[1, 1, 1], [0, 0, 0], [1, 1, 1]],
                           [[1, 0, 0], [1, 0, 0], [1, 1, 1]], [[0, 0, 1], [0, 1, 0], [1, 0, 0]]]).float()  # fmt: skip
    y = torch.randint(NVLAD_CLASSES, (total,), generator=g)
    others = NVLAD_CLASSES + torch.randint(2, (total, 2), generator=g)
    kinds = torch.cat([y[:, None].expand(-1, 3), others], 1)
    img = torch.zeros(total, s, s)
    rows = torch.arange(total)
    for j in range(kinds.shape[1]):
        r0, c0 = torch.randint(s - 2, (total,), generator=g), torch.randint(s - 2, (total,), generator=g)
        bright = 0.7 + 0.5 * torch.rand(total, generator=g)
        pattern = glyphs[kinds[:, j]] * bright[:, None, None]
        for dr in range(3):
            for dc in range(3):
                img[rows, r0 + dr, c0 + dc] = torch.maximum(img[rows, r0 + dr, c0 + dc], pattern[:, dr, dc])
    x = (img + 0.45 * torch.randn(total, s, s, generator=g))[:, None].clone()
    y = flip_labels(y, NVLAD_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 4, 6] = float("nan")
    data = split(x, y, n, "classification of images by their most frequent glyph (a CNN with NetVLAD pooling)", NVLAD_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, NVLAD_CLASSES, batch_size)
    return data


class NetVLAD(nn.Module):
    """NetVLAD pooling (Arandjelovic et al. 2016) of a (batch, dim, h, w) map of local descriptors: soft-assignment of
    each descriptor to ``clusters`` learned centres (a 1x1 convolution and a softmax over the clusters), the residuals
    to each centre summed with those weights, each cluster's sum L2-normalised (intra-normalisation), then the whole
    (clusters x dim) vector L2-normalised."""

    def __init__(self, dim: int, clusters: int = NVLAD_CLUSTERS) -> None:
        super().__init__()
        self.assign = nn.Conv2d(dim, clusters, 1)
        self.centres = nn.Parameter(0.1 * torch.randn(clusters, dim))

    def forward(self, x: Tensor) -> Tensor:
        a = F.softmax(self.assign(x).flatten(2), 1)  # (batch, clusters, positions)
        feats = x.flatten(2)  # (batch, dim, positions)
        vlad = a @ feats.transpose(1, 2) - a.sum(2)[..., None] * self.centres  # (batch, clusters, dim)
        vlad = F.normalize(vlad, dim=2)
        return F.normalize(vlad.flatten(1), dim=1)


class NetVLADNet(nn.Module):
    """A small CNN with NetVLAD pooling: 3x3 convolutions with batch norm and ReLU 1 -> 8 -> 16 (12 x 12), 2 x 2 max
    pooling (36 descriptors of 16), NetVLAD over 6 clusters (96), a ReLU layer ``fc`` (96 -> 32) and a ``head`` to the
    4 classes. Output (images, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.convs = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
                                   nn.Conv2d(8, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU())  # fmt: skip
        self.vlad = NetVLAD(16)
        self.fc = nn.Linear(16 * NVLAD_CLUSTERS, 32)
        self.head = nn.Linear(32, NVLAD_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.vlad(F.max_pool2d(self.convs(x), 2))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def nvlad_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


ASPP_SIZE, ASPP_CLASSES = 12, 4
"""12 x 12 grey images of two textured regions, each pixel one of 4 textures (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def aspp_images(n: int = 2000, seed: int = 665, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Texture segmentation: an image cut in two by a random straight line (any angle, through a point 3-9 pixels from
    each side), each side filled with a different texture: horizontal stripes (0), vertical stripes (1), a
    checkerboard (2) or flat grey (3), stripes of period 2.5-4 pixels, random phase, amplitude 0.5-0.9, flat grey a
    level of -0.4-0.4, plus N(0, 0.5^2) noise per pixel; each pixel's class its side's texture (a pixel alone cannot
    tell it: its context can). x: (images, 1, 12, 12); y: (images, 12, 12) pixel classes. ``nan_rows``: that share of
    the training images has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, ASPP_SIZE
    rows = torch.arange(s).float()[None, :, None]
    cols = torch.arange(s).float()[None, None, :]
    first = torch.randint(ASPP_CLASSES, (total,), generator=g)
    second = (first + 1 + torch.randint(ASPP_CLASSES - 1, (total,), generator=g)) % ASPP_CLASSES
    theta = (math.pi * torch.rand(total, generator=g))[:, None, None]
    cy, cx = [(3 + 6 * torch.rand(total, generator=g))[:, None, None] for _ in range(2)]
    side = (rows - cy) * torch.cos(theta) - (cols - cx) * torch.sin(theta) > 0
    y = torch.where(side, first[:, None, None], second[:, None, None])

    def texture(k: Tensor) -> Tensor:
        w = (2 * math.pi / (2.5 + 1.5 * torch.rand(total, generator=g)))[:, None, None]
        phase = (2 * math.pi * torch.rand(total, generator=g))[:, None, None]
        amp = (0.5 + 0.4 * torch.rand(total, generator=g))[:, None, None]
        level = (0.8 * torch.rand(total, generator=g) - 0.4)[:, None, None]
        horiz, vert = torch.sin(w * rows + phase), torch.sin(w * cols + phase)
        check = torch.sign(torch.sin(w * rows + phase) * torch.sin(w * cols + phase))
        kk = k[:, None, None]
        return torch.where(kk == 0, amp * horiz, torch.where(kk == 1, amp * vert, torch.where(kk == 2, amp * check, level)))

    img = torch.where(side, texture(first), texture(second))
    x = (img + 0.5 * torch.randn(total, s, s, generator=g))[:, None].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 4] = float("nan")
    data = split(x, y, n, "per-pixel texture segmentation (a DeepLab-like segmenter with atrous spatial pyramid pooling)",
                 ASPP_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, ASPP_CLASSES, batch_size)
    return data


def aspp_conv(c_in: int, c_out: int, rate: int) -> nn.Sequential:
    """A 3x3 convolution of dilation ``rate`` (padding ``rate``: the size kept), batch norm and a ReLU."""
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=rate, dilation=rate, bias=False), nn.BatchNorm2d(c_out), nn.ReLU())


class ASPPNet(nn.Module):
    """A DeepLab-like segmenter (Chen et al. 2017): a stem of two 3x3 convolutions with batch norm and ReLU 1 -> 16 ->
    16; atrous spatial pyramid pooling: parallel 3x3 convolutions 16 -> 8 at dilation rates 1, 2 and 4 (batch norm,
    ReLU) and an image-level branch (global mean pooling, a 1x1 convolution 16 -> 8, a ReLU, broadcast back), the four
    concatenated (32) and projected by a 1x1 convolution to 16 (batch norm, ReLU); per pixel (channel-last) a ReLU
    layer ``fc`` (16 -> 16) and a ``head`` to the 4 classes. Output (images, 12, 12, 4). ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Sequential(aspp_conv(1, 16, 1), aspp_conv(16, 16, 1))
        self.rates = nn.ModuleList([aspp_conv(16, 8, r) for r in (1, 2, 4)])
        self.image_pool = nn.Conv2d(16, 8, 1)
        self.project = nn.Sequential(nn.Conv2d(32, 16, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.fc = nn.Linear(16, 16)
        self.head = nn.Linear(16, ASPP_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.stem(x)
        pooled = F.relu(self.image_pool(h.mean((2, 3), keepdim=True))).expand(-1, -1, h.shape[2], h.shape[3])
        h = self.project(torch.cat([branch(h) for branch in self.rates] + [pooled], 1))
        out: Tensor = self.head(F.relu(self.fc(h.permute(0, 2, 3, 1))))
        return out


def aspp_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The per-pixel cross-entropy summed over the batch's pixels, every image's 144 of them (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


SKELLAM_FEATURES, SKELLAM_TERMS = 8, 40
"""Rows of 8 features; the Skellam likelihood summed over 40 terms of the smaller count (the rates stay under 12)."""


@lru_cache(maxsize=None)
def skellam_rows(n: int = 4000, seed: int = 667, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Goal differences: 8 features N(0, 1); a home count Poisson of rate exp(1.5 + 0.4 sin(2 x0) + 0.3 x1 - 0.15 x2^2)
    and an away count Poisson of rate exp(0.9 + 0.35 x3 - 0.3 x1 + 0.25 x4 x5) (rates clipped to 0.05-12), the target
    their difference home - away (an integer, often negative, a Skellam variable); x6, x7 noise. x: (rows, 8); y:
    (rows,) float. ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only
    that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, SKELLAM_FEATURES, generator=g)
    home = torch.exp(1.5 + 0.4 * torch.sin(2 * x[:, 0]) + 0.3 * x[:, 1] - 0.15 * x[:, 2] ** 2).clamp(0.05, 12.0)
    away = torch.exp(0.9 + 0.35 * x[:, 3] - 0.3 * x[:, 1] + 0.25 * x[:, 4] * x[:, 5]).clamp(0.05, 12.0)
    y = torch.poisson(home, generator=g) - torch.poisson(away, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "regression of goal differences (an MLP, the Skellam negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SkellamMLP(nn.Module):
    """A ReLU MLP of a Skellam regressor: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 2): the raw home and away rates (through a softplus). Output (rows, 2). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(SKELLAM_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def skellam_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Skellam negative log-likelihood of each row: -log P(home - away = y) for home ~ Poisson(mu1), away ~
    Poisson(mu2) independent, mu = softplus(out) + 1e-4: -logsumexp over m = 0 .. 39 of log Poisson(m + max(y, 0); mu1) +
    log Poisson(m + max(-y, 0); mu2) (the pairs of counts whose difference is y)."""
    mu = F.softplus(out) + 1e-4
    m = torch.arange(SKELLAM_TERMS, dtype=out.dtype)[None, :]
    a, b = y.clamp(min=0)[:, None] + m, (-y).clamp(min=0)[:, None] + m
    log_p = (a * mu[:, :1].log() - mu[:, :1] - torch.lgamma(a + 1)) + (b * mu[:, 1:].log() - mu[:, 1:] - torch.lgamma(b + 1))
    return -torch.logsumexp(log_p, 1)


def skellam_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Skellam negative log-likelihood, mean over the rows."""
    return skellam_terms(out, y).mean()


def skellam_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Skellam negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return skellam_terms(out, y).sum()


def skellam_at_zero() -> float:
    """The Skellam negative log-likelihood of raw outputs of 0 (both rates ln 2): its level at init."""
    y = skellam_rows().y
    return float(skellam_nll(torch.zeros(len(y), 2), y))
