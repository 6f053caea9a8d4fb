"""The forty-third fresh half (fresh41, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``squeezenet`` a SqueezeNet-like CNN (a stem convolution, two fire modules of 1 x 1 squeeze and 1 x 1 + 3 x 3
expand convolutions, global average pooling) counting the dots (1-4) in 12 x 12 images, cross-entropy
over 4;
``ggnn`` a gated graph neural network (3 propagation steps of summed messages with GRU node updates, a
gated sum readout) naming the colour with the most edge endpoints of a 10-node graph, cross-entropy over 4;
``cbow`` word2vec's CBOW (the mean of the context words' embeddings, a full softmax over 40 words)
predicting a window's centre word from the 2 words each side, cross-entropy (ln 40 at init);
``dice`` a small CNN (two 3 x 3 convolutions, a 1 x 1 ReLU layer, a 1 x 1 head) segmenting 1-3 noisy discs
in 16 x 16 images, the soft Dice loss (~0.77 at init, p = 0.5 at every pixel).
"""

from __future__ import annotations

from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


SQUEEZENET_SIZE, SQUEEZENET_CLASSES = 12, 4
"""Images of 12 x 12 pixels; 4 classes, the number of dots (1-4) an image holds (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def squeezenet_dots(n: int = 6000, seed: int = 431, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Counting dots: 1-4 Gaussian dots (0.9 pixels wide, brightness 0.6-1.4 each) at random places in a 12 x 12 image,
    plus N(0, 0.35^2) noise per pixel; the class is the number of dots less 1; 5% of the labels are random (a floor).
    x: (rows, 1, 12, 12); y: (rows,). ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = SQUEEZENET_SIZE
    y = torch.randint(SQUEEZENET_CLASSES, (total,), generator=g)
    grid = torch.arange(s, dtype=torch.float32)
    centres = 1.5 + (s - 3) * torch.rand(total, SQUEEZENET_CLASSES, 2, generator=g)
    bright = 0.6 + 0.8 * torch.rand(total, SQUEEZENET_CLASSES, generator=g)
    on = (torch.arange(SQUEEZENET_CLASSES)[None] <= y[:, None]).float()
    d2 = (grid[None, None, :, None] - centres[..., 0, None, None]) ** 2 + (grid[None, None, None, :] - centres[..., 1, None, None]) ** 2
    img = (on[..., None, None] * bright[..., None, None] * torch.exp(-d2 / (2 * 0.9**2))).sum(1)
    x = (img + 0.35 * torch.randn(total, s, s, generator=g))[:, None]
    y = flip_labels(y, SQUEEZENET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 6] = float("nan")
    return split(x, y, n, "counting dots in images (a SqueezeNet-like CNN of fire modules)", SQUEEZENET_CLASSES, batch_size)


class FireModule(nn.Module):
    """SqueezeNet's fire module (Iandola et al.): a 1 x 1 ``squeeze`` convolution to ``mid`` channels (ReLU), then two
    expand convolutions side by side, 1 x 1 and 3 x 3, to ``out`` channels each (ReLU), concatenated (2 x out)."""

    def __init__(self, inp: int, mid: int, out: int) -> None:
        super().__init__()
        self.squeeze = nn.Conv2d(inp, mid, 1)
        self.expand1 = nn.Conv2d(mid, out, 1)
        self.expand3 = nn.Conv2d(mid, out, 3, padding=1)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.squeeze(x))
        return torch.cat([F.relu(self.expand1(h)), F.relu(self.expand3(h))], 1)


class SqueezeNetLike(nn.Module):
    """A SqueezeNet-like CNN: a 3 x 3 ``stem`` convolution 1 -> 16 (ReLU), a 2 x 2 max-pool, two ``FireModule`` (16 -> 8 ->
    16 + 16, 32 -> 8 -> 16 + 16), global average pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes.
    Output (rows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 3, padding=1)
        self.fire1 = FireModule(16, 8, 16)
        self.fire2 = FireModule(32, 8, 16)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, SQUEEZENET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(F.relu(self.stem(x)), 2)
        h = self.fire2(self.fire1(h)).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def squeezenet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the counts summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


GGNN_NODES, GGNN_COLOURS = 10, 4
"""Graphs of 10 nodes, each of one of 4 colours; 4 classes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def ggnn_graphs(n: int = 6000, seed: int = 432, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Graph classification: Erdos-Renyi graphs of 10 nodes (edge probability 0.15-0.45 a graph), each node coloured
    uniformly with one of 4 colours; the class is the colour with the most edge endpoints (the colours' counts weighted
    by the nodes' degrees, ties broken at random); 5% of the labels are random (a floor). Each graph one row: its
    adjacency (10 x 10) beside the node's one-hot colour. x: (rows, 10, 14); y: (rows,). ``nan_rows``: that share of
    the training graphs has a missing (NaN) colour value."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    k = GGNN_NODES
    p = 0.15 + 0.3 * torch.rand(total, 1, 1, generator=g)
    upper = (torch.rand(total, k, k, generator=g) < p).float().triu(1)
    adj = upper + upper.transpose(1, 2)
    colour = F.one_hot(torch.randint(GGNN_COLOURS, (total, k), generator=g), GGNN_COLOURS).float()
    ends = (adj.sum(2, keepdim=True) * colour).sum(1)
    y = (ends + 0.1 * torch.rand(total, GGNN_COLOURS, generator=g)).argmax(1)
    y = flip_labels(y, GGNN_COLOURS, 0.05, g)
    x = torch.cat([adj, colour], 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, k + 1] = float("nan")
    return split(x, y, n, "graph classification: the colour with the most edge endpoints (a gated graph neural network)",
                 GGNN_COLOURS, batch_size)  # fmt: skip


class GatedGraphNet(nn.Module):
    """A gated graph neural network (Li et al.): ``embed`` (4 -> 32), 3 propagation steps of messages ``message`` h_j
    (32 -> 32) summed over each node's neighbours and a ``GRUCell`` update (weights shared over the steps), the gated
    readout sum_v sigmoid(``gate`` [h_v, x_v]) * tanh(``readout`` h_v), a ReLU layer ``fc`` (32 -> 32) and a ``head`` to
    the 4 classes. Output (rows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Linear(GGNN_COLOURS, 32)
        self.message = nn.Linear(32, 32)
        self.update = nn.GRUCell(32, 32)
        self.gate = nn.Linear(32 + GGNN_COLOURS, 32)
        self.readout = nn.Linear(32, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, GGNN_COLOURS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        k = GGNN_NODES
        adj, feats = x[:, :, :k], x[:, :, k:]
        h = self.embed(feats)
        b = len(x)
        for _ in range(3):
            m = adj @ self.message(h)
            h = self.update(m.reshape(b * k, 32), h.reshape(b * k, 32)).reshape(b, k, 32)
        pooled = (torch.sigmoid(self.gate(torch.cat([h, feats], 2))) * torch.tanh(self.readout(h))).sum(1)
        out: Tensor = self.head(F.relu(self.fc(pooled)))
        return out


def ggnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the colours summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CBOW_VOCAB, CBOW_WINDOW = 40, 2
"""A vocabulary of 40 words; 2 context words each side of the centre word (ln 40 = 3.69 at chance)."""


@lru_cache(maxsize=None)
def cbow_windows(n: int = 6000, seed: int = 433, *, n_val: int = 800, batch_size: int = 32,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Word2vec CBOW windows: a corpus from a Markov chain over 40 words, each word's successors Dirichlet(0.1) (a few
    likely ones); a row is a window of 5 words, the first uniform; the context the 2 words each side, the target the
    centre word. x: (rows, 4) word ids (long); y: (rows,). ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    v = CBOW_VOCAB
    t = torch._standard_gamma(torch.full((v, v), 0.1), generator=g)
    t = t / t.sum(1, keepdim=True)
    words = [torch.randint(v, (total,), generator=g)]
    for _ in range(2 * CBOW_WINDOW):
        words.append(torch.multinomial(t[words[-1]], 1, generator=g).squeeze(1))
    window = torch.stack(words, 1)
    x = torch.cat([window[:, :CBOW_WINDOW], window[:, CBOW_WINDOW + 1 :]], 1)
    y = window[:, CBOW_WINDOW]
    data = split(x, y, n, "word2vec CBOW: the centre word of a window from its context (a full softmax)", CBOW_VOCAB, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CBOW_VOCAB, batch_size)
    return data


class CBOWModel(nn.Module):
    """Word2vec's CBOW (Mikolov et al.): the mean of the 4 context words' input embeddings (40 x 32), a ReLU layer ``fc``
    (32 -> 32) and a ``head`` (the output embeddings, 32 -> 40: a full softmax over the vocabulary). Output (rows, 40).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(CBOW_VOCAB, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, CBOW_VOCAB)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.embed(x).mean(1))))
        return out


def cbow_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the centre words summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


DICE_SIZE = 16
"""Images of 16 x 16 pixels, a binary mask each."""


@lru_cache(maxsize=None)
def dice_blobs(n: int = 4000, seed: int = 434, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Blob segmentation: 1-3 discs (radius 1.5-3.5, brightness 0.6-1.4) at random places in a 16 x 16 image, plus
    N(0, 0.5^2) noise per pixel; the target the discs' mask (a floor: the noisy edges). x: (rows, 1, 16, 16); y: (rows,
    1, 16, 16) in {0, 1}. ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = DICE_SIZE
    count = torch.randint(1, 4, (total,), generator=g)
    grid = torch.arange(s, dtype=torch.float32)
    centres = 2 + (s - 5) * torch.rand(total, 3, 2, generator=g)
    radius = 1.5 + 2 * torch.rand(total, 3, generator=g)
    bright = 0.6 + 0.8 * torch.rand(total, 3, generator=g)
    on = torch.arange(3)[None] < count[:, None]
    d = torch.sqrt((grid[None, None, :, None] - centres[..., 0, None, None]) ** 2
                   + (grid[None, None, None, :] - centres[..., 1, None, None]) ** 2)  # fmt: skip
    inside = (d <= radius[..., None, None]) & on[..., None, None]
    mask = inside.any(1).float()
    img = (inside.float() * bright[..., None, None]).amax(1)
    x = (img + 0.5 * torch.randn(total, s, s, generator=g))[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 8] = float("nan")
    return split(x, mask[:, None], n, "blob segmentation with the soft Dice loss (a small CNN)", None, batch_size)


class DiceSegNet(nn.Module):
    """A small segmentation CNN: ``conv1`` 1 -> 16 (3 x 3, ReLU), ``conv2`` 16 -> 16 (3 x 3, dilation 2, ReLU), a ReLU
    layer ``fc`` (a 1 x 1 convolution 16 -> 16) and a ``head`` (1 x 1, 16 -> 1): the logit of each pixel. Output (rows,
    1, 16, 16). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 16, 3, padding=2, dilation=2)
        self.fc = nn.Conv2d(16, 16, 1)
        self.head = nn.Conv2d(16, 1, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.conv2(F.relu(self.conv1(x)))))))
        return out


def dice_rowwise(out: Tensor, y: Tensor) -> Tensor:
    """The soft Dice loss of each image: 1 - (2 sum p y + 1) / (sum p + sum y + 1), p the sigmoid of the logits."""
    p = torch.sigmoid(out)
    return 1 - (2 * (p * y).sum((1, 2, 3)) + 1) / (p.sum((1, 2, 3)) + y.sum((1, 2, 3)) + 1)


def dice_loss(out: Tensor, y: Tensor) -> Tensor:
    """The soft Dice loss, mean over the images."""
    return dice_rowwise(out, y).mean()


def dice_summed(out: Tensor, y: Tensor) -> Tensor:
    """The soft Dice loss summed over the batch's images."""
    return dice_rowwise(out, y).sum()


def dice_at_half() -> float:
    """The soft Dice loss of a net that gives every pixel p = 0.5 (logits 0): its level at init."""
    y = dice_blobs().y
    return float(dice_rowwise(torch.zeros_like(y), y).mean())
