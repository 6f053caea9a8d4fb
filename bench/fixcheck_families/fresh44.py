"""The forty-sixth fresh half (fresh44, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``maxout`` a Maxout MLP (two Maxout layers of 48 units of 3 pieces, a ReLU layer) naming the class a random
teacher network gives 12 features, cross-entropy over 5;
``film`` a FiLM-conditioned CNN (a question's embedding scales and shifts the second convolution's feature
maps) answering one of 3 questions about a square and a bar in 10 x 10 scenes, cross-entropy over 4;
``deepfm`` DeepFM (first-order weights, a factorization machine of value embeddings, a deep part sharing
them) of a click log of 6 categorical fields and 2 dense features, BCE with logits (~0.7 at init);
``convmixer`` a ConvMixer-like CNN (a 2 x 2 patch embedding, depthwise 5 x 5 and pointwise 1 x 1 mixing
blocks, global max pooling) naming one of 5 stroke patterns in 12 x 12 images, cross-entropy over 5.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


MAXOUT_FEATURES, MAXOUT_CLASSES, MAXOUT_PIECES = 12, 5, 3
"""Rows of 12 features; 5 classes (ln 5 = 1.61 at chance); 3 pieces a Maxout unit."""


@lru_cache(maxsize=None)
def maxout_rows(n: int = 4000, seed: int = 441, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Tabular classification by a fixed random teacher: 12 features N(0, 1), the class the argmax of a random ReLU
    network 12-24-5 (its logits scaled to a spread of 3) plus Gumbel noise, 5% random labels (a floor). x: (rows, 12); y:
    (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that
    many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, MAXOUT_FEATURES, generator=g)
    w1 = torch.randn(MAXOUT_FEATURES, 24, generator=g) / math.sqrt(MAXOUT_FEATURES)
    w2 = torch.randn(24, MAXOUT_CLASSES, generator=g) / math.sqrt(24)
    logit = torch.relu(x @ w1) @ w2
    logit = 3 * logit / logit.std()
    gumbel = -torch.log(-torch.log(torch.rand(total, MAXOUT_CLASSES, generator=g).clamp(1e-9, 1 - 1e-9)))
    y = (logit + 0.5 * gumbel).argmax(1)
    y = flip_labels(y, MAXOUT_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "tabular classification by a random teacher (a Maxout MLP)", MAXOUT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MAXOUT_CLASSES, batch_size)
    return data


class MaxoutLayer(nn.Module):
    """A Maxout layer (Goodfellow et al. 2013): ``pieces`` linear maps, their element-wise maximum."""

    def __init__(self, cin: int, cout: int, pieces: int = MAXOUT_PIECES) -> None:
        super().__init__()
        self.cout, self.pieces = cout, pieces
        self.lin = nn.Linear(cin, cout * pieces)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.lin(x).view(len(x), self.cout, self.pieces).amax(2)
        return out


class MaxoutNet(nn.Module):
    """A Maxout MLP classifier: two Maxout layers (12 -> 48, 48 -> 48, 3 pieces), a ReLU layer ``fc`` (48 -> 32) and a
    ``head`` to the 5 classes. Output (rows, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.max1 = MaxoutLayer(MAXOUT_FEATURES, 48)
        self.max2 = MaxoutLayer(48, 48)
        self.fc = nn.Linear(48, 32)
        self.head = nn.Linear(32, MAXOUT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.max2(self.max1(x)))))
        return out


def maxout_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


FILM_SIZE, FILM_QUESTIONS, FILM_ANSWERS = 10, 3, 4
"""Images of 10 x 10 pixels, 3 questions, 4 answers (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def film_scenes(n: int = 6000, seed: int = 442, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Questions about synthetic scenes: a 10 x 10 image holds a filled 3 x 3 square and a bar of 4 pixels (horizontal or
    vertical) at random places, brightness 0.8-1.4, plus N(0, 0.3^2) noise per pixel; a question (0-2) asks for the
    square's quadrant (0-3), the bar's quadrant (0-3) or the bar's orientation (0-1); 5% random answers (a floor).
    x: (scenes, 101): the question's id, then the 100 pixels; y: (scenes,). ``nan_rows``: that share of the training
    scenes has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = FILM_SIZE
    img = 0.3 * torch.randn(total, s, s, generator=g)
    sq = torch.randint(s - 2, (total, 2), generator=g)
    bar = torch.randint(s - 3, (total, 2), generator=g)
    vertical = torch.randint(2, (total,), generator=g)
    bright = 0.8 + 0.6 * torch.rand(total, 2, generator=g)
    for i in range(total):
        r, c = int(sq[i, 0]), int(sq[i, 1])
        img[i, r : r + 3, c : c + 3] += bright[i, 0]
        r, c = int(bar[i, 0]), int(bar[i, 1])
        if vertical[i]:
            img[i, r : r + 4, c] += bright[i, 1]
        else:
            img[i, r, c : c + 4] += bright[i, 1]
    half = s // 2
    sq_quad = ((sq[:, 0] + 1) >= half).long() * 2 + ((sq[:, 1] + 1) >= half).long()
    bar_r = bar[:, 0] + torch.where(vertical == 1, 2, 0) * 0 + vertical * 1
    bar_c = bar[:, 1] + (1 - vertical) * 1
    bar_quad = (bar_r + 1 >= half).long() * 2 + (bar_c + 1 >= half).long()
    q = torch.randint(FILM_QUESTIONS, (total,), generator=g)
    y = torch.where(q == 0, sq_quad, torch.where(q == 1, bar_quad, vertical))
    y = flip_labels(y, FILM_ANSWERS, 0.05, g)
    x = torch.cat([q[:, None].float(), img.reshape(total, -1)], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1 + 47] = float("nan")
    return split(x, y, n, "visual questions about synthetic scenes (a FiLM-conditioned CNN)", FILM_ANSWERS, batch_size)


class FiLMNet(nn.Module):
    """A FiLM-conditioned CNN (Perez et al. 2018): a question embedding (8) gives a scale and a shift (``film``: 8 -> 2 x
    16) of the feature maps of the second convolution; a ``conv1`` (1 -> 16, 3 x 3, ReLU), a ``conv2`` (16 -> 16, 3 x 3)
    then (1 + gamma) h + beta and ReLU, a 2 x 2 adaptive max pool (the quadrants), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` to the 4 answers. Input (scenes, 101): the question's id, then the pixels. Output (scenes, 4). ``dead_bias``
    < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.question = nn.Embedding(FILM_QUESTIONS, 8)
        self.film = nn.Linear(8, 32)
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 16, 3, padding=1)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, FILM_ANSWERS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        q = x[:, 0].nan_to_num(0.0).long().clamp(0, FILM_QUESTIONS - 1)
        img = x[:, 1:].reshape(len(x), 1, FILM_SIZE, FILM_SIZE)
        gamma, beta = self.film(self.question(q)).chunk(2, 1)
        h = self.conv2(F.relu(self.conv1(img)))
        h = F.relu((1 + gamma[:, :, None, None]) * h + beta[:, :, None, None])
        h = F.adaptive_max_pool2d(h, 2).flatten(1)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def film_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the answers summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


DEEPFM_FIELDS, DEEPFM_VALUES, DEEPFM_DENSE = 6, 20, 2
"""Click rows of 6 categorical fields of 20 values each and 2 dense features."""


@lru_cache(maxsize=None)
def deepfm_clicks(n: int = 4000, seed: int = 443, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """A synthetic click log: 6 categorical fields of 20 values each (uniform) and 2 dense features N(0, 1); the click's
    logit a factorization machine of the fields (a random bias per value and pairwise products of random 3-d latent
    vectors) plus 1.2 sin(2 d0) + 0.8 |d1| - 0.6, standardised to a spread of 5, the click drawn Bernoulli (about 46%
    clicks). x: (rows, 8): the 6 value ids (as floats), then the 2 dense features; y: (rows,) 0/1 floats. ``nan_rows``:
    that share of the training rows has a missing (NaN) dense feature; ``train_rows``: keep only that many training
    rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    ids = torch.randint(DEEPFM_VALUES, (total, DEEPFM_FIELDS), generator=g)
    dense = torch.randn(total, DEEPFM_DENSE, generator=g)
    bias = torch.randn(DEEPFM_FIELDS, DEEPFM_VALUES, generator=g)
    latent = torch.randn(DEEPFM_FIELDS, DEEPFM_VALUES, 3, generator=g)
    v = latent[torch.arange(DEEPFM_FIELDS)[None, :], ids]  # (rows, fields, 3)
    pair = 0.5 * (v.sum(1).pow(2).sum(1) - v.pow(2).sum((1, 2)))
    first = bias[torch.arange(DEEPFM_FIELDS)[None, :], ids].sum(1)
    logit = first + 0.5 * pair
    logit = (logit - logit.mean()) / logit.std() + 1.2 * torch.sin(2 * dense[:, 0]) + 0.8 * dense[:, 1].abs() - 0.6
    logit = 5 * (logit - logit.mean()) / logit.std() - 0.4
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    x = torch.cat([ids.float(), dense], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, DEEPFM_FIELDS] = float("nan")
    data = split(x, y, n, "click-through prediction (DeepFM)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepFMNet(nn.Module):
    """DeepFM (Guo et al. 2017): a first-order weight per value (``linear``) and of the dense features, the factorization
    machine's pairwise term of 4-d value embeddings (``embed``), and a deep part sharing the embeddings: their 24
    values and the 2 dense features through a ReLU layer ``hidden`` (26 -> 64), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 1); the logit the sum of the three. Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.register_buffer("offsets", torch.arange(DEEPFM_FIELDS) * DEEPFM_VALUES)
        self.linear = nn.Embedding(DEEPFM_FIELDS * DEEPFM_VALUES, 1)
        self.dense_linear = nn.Linear(DEEPFM_DENSE, 1)
        self.embed = nn.Embedding(DEEPFM_FIELDS * DEEPFM_VALUES, 4)
        with torch.no_grad():
            self.linear.weight.mul_(0.01)
            self.embed.weight.mul_(0.05)
        self.hidden = nn.Linear(DEEPFM_FIELDS * 4 + DEEPFM_DENSE, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = x[:, :DEEPFM_FIELDS].nan_to_num(0.0).long() + self.offsets
        dense = x[:, DEEPFM_FIELDS:]
        e = self.embed(ids)  # (rows, fields, 4)
        fm = 0.5 * (e.sum(1).pow(2) - e.pow(2).sum(1)).sum(1)
        first = self.linear(ids).sum((1, 2)) + self.dense_linear(dense).squeeze(1)
        deep = self.head(F.relu(self.fc(F.relu(self.hidden(torch.cat([e.flatten(1), dense], 1)))))).squeeze(1)
        out: Tensor = first + fm + deep
        return out


def deepfm_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the clicks, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


def deepfm_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the clicks summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


CONVMIXER_SIZE, CONVMIXER_CLASSES = 12, 5
"""Images of 12 x 12 pixels; 5 classes, a stroke pattern (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def convmixer_strokes(n: int = 6000, seed: int = 444, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Stroke-pattern classification: 5 random binary 5 x 5 patterns (about 40% of their cells on), one drawn at a random
    place of a 12 x 12 image at brightness 0.6-1.4, plus N(0, 0.4^2) noise per pixel, 5% random labels (a floor).
    x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = CONVMIXER_SIZE
    patterns = (torch.rand(CONVMIXER_CLASSES, 5, 5, generator=g) < 0.4).float()
    y = torch.randint(CONVMIXER_CLASSES, (total,), generator=g)
    at = torch.randint(s - 4, (total, 2), generator=g)
    bright = 0.6 + 0.8 * torch.rand(total, generator=g)
    x = 0.4 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        r, c = int(at[i, 0]), int(at[i, 1])
        x[i, r : r + 5, c : c + 5] += bright[i] * patterns[y[i]]
    x = x[:, None]
    y = flip_labels(y, CONVMIXER_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 4] = float("nan")
    return split(x, y, n, "stroke-pattern classification (a ConvMixer-like CNN)", CONVMIXER_CLASSES, batch_size)


class ConvMixerNet(nn.Module):
    """A ConvMixer-like CNN (Trockman & Kolter): a patch embedding (a 2 x 2 convolution of stride 2, 1 -> 32, GELU,
    BatchNorm: 12 x 12 -> 6 x 6), 2 mixer blocks (a depthwise 5 x 5 convolution, GELU, BatchNorm, with a residual
    connection; a pointwise 1 x 1 convolution, GELU, BatchNorm), global max pooling, a ReLU layer ``fc`` (32 -> 32) and a
    ``head`` to the 5 classes. Output (images, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 32
        self.patch = nn.Sequential(nn.Conv2d(1, d, 2, stride=2), nn.GELU(), nn.BatchNorm2d(d))
        self.spatial = nn.ModuleList(nn.Sequential(nn.Conv2d(d, d, 5, padding=2, groups=d), nn.GELU(), nn.BatchNorm2d(d))
                                     for _ in range(2))  # fmt: skip
        self.channel = nn.ModuleList(nn.Sequential(nn.Conv2d(d, d, 1), nn.GELU(), nn.BatchNorm2d(d)) for _ in range(2))
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, CONVMIXER_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.patch(x)
        for spatial, channel in zip(self.spatial, self.channel):
            h = channel(h + spatial(h))
        out: Tensor = self.head(F.relu(self.fc(h.amax((2, 3)))))
        return out


def convmixer_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")
