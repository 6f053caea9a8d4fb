"""The thirty-first fresh half (fresh31, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``caption`` an image captioner (a CNN encoder with BatchNorm, a GRU decoder fed the image's features, teacher
forcing) of synthetic scenes of 1-3 coloured shapes, cross-entropy per caption token over 11;
``barlow`` Barlow Twins (a ReLU MLP encoder and a BatchNorm projector) of two augmented views of rows driven
by latent factors, the loss of the batch-standardised cross-correlation (~5.2 at init);
``textcnn`` a Kim-style CNN sentence classifier (Conv1d of widths 3/4/5, max over time, dropout) of
sentences classed by a planted trigram, cross-entropy over 4;
``siamese`` a siamese ReLU MLP on pairs of noisy class prototypes, the contrastive margin loss (Hadsell et
al.; ~0.16 at init, not ln 2).
"""

from __future__ import annotations

from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


CAPT_H, CAPT_W, CAPT_SLOT, CAPT_LEN = 10, 24, 8, 10
CAPT_WORDS = ("<bos>", "<eos>", "red", "green", "blue", "square", "circle", "cross", "left", "middle", "right")
"""Scenes of 10 x 24 pixels, three slots of 8 columns (left, middle, right); captions of at most 3 x 3 words and <eos>
over a vocabulary of 11 tokens (<bos> fed to the decoder, never a target): ln 11 = 2.40 at chance."""


@lru_cache(maxsize=None)
def caption_scenes(n: int = 3000, seed: int = 351, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                   nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Image captioning of synthetic scenes: each of three slots (left, middle, right) holds a shape with probability
    0.55 (at least one a scene): a filled square, a disc or a cross of 5 x 5 pixels, red, green or blue (brightness 0.6-1,
    moved up to 1 pixel in its slot, 2 rows), on noise N(0, 0.3^2). The caption names the shapes left to right, each by
    its colour, shape and position word, then <eos>; an annotator's slip swaps a colour or a shape word for a random
    one with probability 0.08 each (a floor on the held-out loss). x: (scenes, 3 x 10 x 24 + 10), the pixels and the
    decoder's input tokens (<bos>, then the caption shifted; <eos> after its end), as floats; y: (scenes, 10) the caption's
    tokens, -100 after <eos> (ignored). ``train_rows``: keep only that many training scenes; ``nan_rows``: that share of
    the training scenes has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    r = torch.arange(5, dtype=torch.float32) - 2
    masks = torch.stack([torch.ones(5, 5), ((r[:, None] ** 2 + r[None] ** 2) <= 5.0).float(),
                         ((r[:, None] == 0) | (r[None] == 0)).float()])  # fmt: skip
    img = 0.3 * torch.randn(total, 3, CAPT_H, CAPT_W, generator=g)
    present = torch.rand(total, 3, generator=g) < 0.55
    none = ~present.any(1)
    present[none, torch.randint(0, 3, (int(none.sum()),), generator=g)] = True
    colour = torch.randint(0, 3, (total, 3), generator=g)
    shape = torch.randint(0, 3, (total, 3), generator=g)
    bright = 0.6 + 0.4 * torch.rand(total, 3, generator=g)
    dy = torch.randint(0, 4, (total, 3), generator=g)
    dx = torch.randint(0, 3, (total, 3), generator=g)
    slip_c = torch.rand(total, 3, generator=g) < 0.08
    slip_s = torch.rand(total, 3, generator=g) < 0.08
    said_c = torch.where(slip_c, torch.randint(0, 3, (total, 3), generator=g), colour)
    said_s = torch.where(slip_s, torch.randint(0, 3, (total, 3), generator=g), shape)
    y = torch.full((total, CAPT_LEN), -100, dtype=torch.long)
    for i in range(total):
        words = []
        for k in range(3):
            if not present[i, k]:
                continue
            top, left = int(dy[i, k]) + 1, k * CAPT_SLOT + int(dx[i, k]) + 1
            img[i, int(colour[i, k]), top : top + 5, left : left + 5] += bright[i, k] * masks[int(shape[i, k])]
            words += [2 + int(said_c[i, k]), 5 + int(said_s[i, k]), 8 + k]
        words.append(1)
        y[i, : len(words)] = torch.tensor(words)
    dec_in = torch.cat([torch.zeros(total, 1, dtype=torch.long), y[:, :-1]], 1)
    dec_in = torch.where(dec_in < 0, 1, dec_in)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        img[bad, 1, 4, 12] = float("nan")
    x = torch.cat([img.flatten(1), dec_in.float()], 1)
    data = split(x, y, n, "image captioning (a CNN encoder, a GRU decoder, teacher forcing; synthetic scenes)",
                 len(CAPT_WORDS), batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, len(CAPT_WORDS), batch_size)
    return data


class CaptionNet(nn.Module):
    """A CNN encoder and a GRU decoder (Show and Tell, small): ``conv1`` (3 -> 16, 3 x 3, BatchNorm, ReLU, max pool 2),
    ``conv2`` (16 -> 32, 3 x 3, BatchNorm, ReLU), an average pool to one cell per slot (1 x 3), ``enc`` (96 -> 32, tanh): the image's features,
    the decoder's first hidden state and, with ``embed`` (11 -> 16) of the input token, its input at every step; a GRU
    (48 -> 32), a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 11 tokens. Output (scenes, 10, 11). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.bn1, self.bn2 = nn.BatchNorm2d(16), nn.BatchNorm2d(32)
        self.enc = nn.Linear(96, 32)
        self.embed = nn.Embedding(len(CAPT_WORDS), 16)
        self.gru = nn.GRU(16 + 32, 32, batch_first=True)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, len(CAPT_WORDS))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        pixels = 3 * CAPT_H * CAPT_W
        img = x[:, :pixels].reshape(-1, 3, CAPT_H, CAPT_W)
        tokens = x[:, pixels:].long()
        h = F.max_pool2d(F.relu(self.bn1(self.conv1(img))), 2)
        h = F.adaptive_avg_pool2d(F.relu(self.bn2(self.conv2(h))), (1, 3)).flatten(1)
        feats = torch.tanh(self.enc(h))
        steps = torch.cat([self.embed(tokens), feats[:, None].expand(-1, tokens.shape[1], -1)], 2)
        out, _ = self.gru(steps, feats[None].contiguous())
        logits: Tensor = self.head(F.relu(self.fc(out)))
        return logits


def caption_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the caption tokens summed over the batch's tokens (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


BARLOW_DIM, BARLOW_LATENT, BARLOW_CODE, BARLOW_LAMBDA = 24, 6, 16, 0.05
"""Rows of 24 features driven by 6 latent factors; the projector's 16-d codes; lambda 0.05 on the off-diagonal terms."""


@lru_cache(maxsize=None)
def barlow_views(n: int = 3000, seed: int = 352, *, n_val: int = 600, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Two augmented views of rows for Barlow Twins: a row is tanh(A z + b) of 6 standard normal latent factors (A 24 x 6
    with entries N(0, 0.6^2), b N(0, 0.3^2)); each view scales it by 0.7-1.3, zeroes (masks) each feature with probability
    0.2 and adds noise N(0, 0.2^2), drawn once per view. x: (rows, 2, 24); y: zeros (the loss is self-supervised).
    ``nan_rows``: that share of the training rows has a missing (NaN) feature in its first view."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    a = 0.6 * torch.randn(BARLOW_DIM, BARLOW_LATENT, generator=g)
    b = 0.3 * torch.randn(BARLOW_DIM, generator=g)
    clean = torch.tanh(torch.randn(total, BARLOW_LATENT, generator=g) @ a.T + b)
    views = []
    for _ in range(2):
        scale = 0.7 + 0.6 * torch.rand(total, 1, generator=g)
        keep = (torch.rand(total, BARLOW_DIM, generator=g) >= 0.2).float()
        views.append(clean * scale * keep + 0.2 * torch.randn(total, BARLOW_DIM, generator=g))
    x = torch.stack(views, 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7] = float("nan")
    return split(x, torch.zeros(total), n, "self-supervised (Barlow Twins of two augmented views)", None, batch_size)


class BarlowTwins(nn.Module):
    """An encoder and projector applied to each view alone (Zbontar et al. 2021, small): ``inp`` (24 -> 64, ReLU), a ReLU
    layer ``fc`` (64 -> 64), the projector ``proj`` (64 -> 64, no bias), BatchNorm without affine parameters, ReLU, and
    ``head`` (64 -> 16, no bias). Output (rows, 2, 16): the two views' codes. The layers after fc have no bias, so codes of
    dead units are exactly 0. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(BARLOW_DIM, 64)
        self.fc = nn.Linear(64, 64)
        self.proj = nn.Linear(64, 64, bias=False)
        self.bn = nn.BatchNorm1d(64, affine=False)
        self.head = nn.Linear(64, BARLOW_CODE, bias=False)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def one(self, v: Tensor) -> Tensor:
        h = F.relu(self.fc(F.relu(self.inp(v))))
        out: Tensor = self.head(F.relu(self.bn(self.proj(h))))
        return out

    def forward(self, x: Tensor) -> Tensor:
        return torch.stack([self.one(x[:, 0]), self.one(x[:, 1])], 1)


def barlow_cross(out: Tensor) -> Tensor:
    """The unnormalised cross-correlation sum_b z1_bi z2_bj of the two views' codes, each standardised over the batch."""
    z = (out - out.mean(0)) / (out.var(0, unbiased=False) + 1e-5).sqrt()
    return z[:, 0].T @ z[:, 1]


def barlow_terms(c: Tensor) -> Tensor:
    """On-diagonal invariance sum_i (1 - C_ii)^2 plus lambda x the off-diagonal redundancy sum_{i != j} C_ij^2."""
    diag = torch.diagonal(c)
    return ((1 - diag) ** 2).sum() + BARLOW_LAMBDA * ((c**2).sum() - (diag**2).sum())


def barlow_loss(out: Tensor, y: Tensor) -> Tensor:
    """The Barlow Twins loss of the batch: C the cross-correlation divided by the batch size (entries in [-1, 1])."""
    return barlow_terms(barlow_cross(out) / len(out))


def barlow_unscaled(out: Tensor, y: Tensor) -> Tensor:
    """The Barlow Twins loss with C summed over the batch, not divided by its size (the batch's mean dropped)."""
    return barlow_terms(barlow_cross(out))


TCNN_VOCAB, TCNN_LEN, TCNN_CLASSES = 60, 24, 4
"""Sentences of 24 tokens over 60; 4 classes by their n-gram patterns."""


@lru_cache(maxsize=None)
def textcnn_sentences(n: int = 3000, seed: int = 353, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None) -> Data:
    """Sentence classification by short n-grams: background tokens uniform over 8..59 with 4 keywords (tokens 0-7) strewn
    at random places; the class is that of the one pattern planted at a random place: class c has two trigrams over the
    keywords (the same keywords in a class-specific order, so no single token tells the class) . 6% of the labels are
    random (a floor on the held-out loss). x: (sentences, 24) token ids; y: (sentences,) the class."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    pats = torch.tensor([[[0, 1, 2], [3, 4, 5]], [[2, 1, 0], [5, 4, 3]], [[1, 0, 2], [4, 3, 5]], [[0, 2, 1], [3, 5, 4]]])
    x = torch.randint(8, TCNN_VOCAB, (total, TCNN_LEN), generator=g)
    strew = torch.randint(0, TCNN_LEN, (total, 4), generator=g)
    x.scatter_(1, strew, torch.randint(0, 8, (total, 4), generator=g))
    y = torch.randint(0, TCNN_CLASSES, (total,), generator=g)
    which = torch.randint(0, 2, (total,), generator=g)
    at = torch.randint(0, TCNN_LEN - 3, (total,), generator=g)
    for k in range(3):
        x[torch.arange(total), at + k] = pats[y, which, k]
    y = flip_labels(y, TCNN_CLASSES, 0.06, g)
    data = split(x, y, n, "sentence classification (a Kim-style CNN, n-gram patterns)", TCNN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, TCNN_CLASSES, batch_size)
    return data


class KimTextCNN(nn.Module):
    """A Kim (2014) CNN sentence classifier: ``embed`` (60 -> 16), ``convs`` Conv1d 16 -> 16 of widths 3, 4 and 5 in
    parallel, ReLU, max over time, concatenated (48), dropout 0.3 and a linear ``head`` to 4 classes. ``dead_bias`` < 0
    starts the convs' biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(TCNN_VOCAB, 16)
        self.convs = nn.ModuleList(nn.Conv1d(16, 16, w) for w in (3, 4, 5))
        self.drop = nn.Dropout(0.3)
        self.head = nn.Linear(48, TCNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                for conv in self.convs:
                    conv.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e = self.embed(x).transpose(1, 2)
        h = torch.cat([F.relu(conv(e)).amax(2) for conv in self.convs], 1)
        out: Tensor = self.head(self.drop(h))
        return out


def textcnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's sentences (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


SIAMESE_DIM, SIAMESE_CLASSES, SIAMESE_MARGIN = 16, 10, 1.0
"""Samples of 16 features from 10 classes; the contrastive loss's margin m = 1."""


@lru_cache(maxsize=None)
def siamese_pairs(n: int = 4000, seed: int = 354, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Pairs of noisy class prototypes: 10 prototypes N(0, 1) in 16 dimensions; a sample is its prototype scaled by
    0.6-1.4 plus noise N(0, 0.8^2); half the pairs are of one class (y 1), half of two (y 0). x: (pairs, 2, 16); y: (pairs,)
    1.0 or 0.0. ``train_rows``: keep only that many training pairs; ``nan_rows``: that share of the training pairs has a
    missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    protos = torch.randn(SIAMESE_CLASSES, SIAMESE_DIM, generator=g)
    first = torch.randint(0, SIAMESE_CLASSES, (total,), generator=g)
    same = torch.rand(total, generator=g) < 0.5
    other = (first + torch.randint(1, SIAMESE_CLASSES, (total,), generator=g)) % SIAMESE_CLASSES
    second = torch.where(same, first, other)
    cls = torch.stack([first, second], 1)
    x = protos[cls] * (0.6 + 0.8 * torch.rand(total, 2, 1, generator=g)) + 0.8 * torch.randn(total, 2, SIAMESE_DIM, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1, 3] = float("nan")
    data = split(x, same.float(), n, "metric learning (a siamese network, contrastive loss on pairs)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SiameseNet(nn.Module):
    """One ReLU MLP embedding both samples of a pair (shared weights): ``inp`` (16 -> 64, ReLU), a ReLU layer ``fc``
    (64 -> 64) and a ``head`` to 8 dimensions. Output (pairs, 2, 8). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(SIAMESE_DIM, 64)
        self.fc = nn.Linear(64, 64)
        self.head = nn.Linear(64, 8)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.inp(x)))))
        return out


def siamese_terms(out: Tensor, y: Tensor) -> Tensor:
    """The contrastive loss of each pair (Hadsell, Chopra and LeCun 2006): 1/2 d^2 for a pair of one class, 1/2 max(0,
    m - d)^2 for a pair of two, d the Euclidean distance of the embeddings (sqrt(. + 1e-9): finite gradients at 0)."""
    d = ((out[:, 0] - out[:, 1]) ** 2).sum(-1).add(1e-9).sqrt()
    return 0.5 * (y * d**2 + (1 - y) * F.relu(SIAMESE_MARGIN - d) ** 2)


def siamese_mean(out: Tensor, y: Tensor) -> Tensor:
    """The contrastive loss, mean over the pairs (~0.2 at init: small embeddings, d ~ 0.2-0.5, so the pairs of two
    classes give about 1/2 (1 - d)^2 and those of one class about 0; not ln 2)."""
    return siamese_terms(out, y).mean()


def siamese_summed(out: Tensor, y: Tensor) -> Tensor:
    """The contrastive loss summed over the batch's pairs (reduction='sum')."""
    return siamese_terms(out, y).sum()
