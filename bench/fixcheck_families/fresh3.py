"""The third fresh half (fresh3, held out from all tuning): its model families' data and models (read as ``fd.<name>``
through ``bench/fixcheck_data.py``).

``segment`` a two-level U-Net segmenting 12x12 images of rectangles and discs per pixel (3 classes,
per-pixel cross-entropy, logits channel-last);
``seq2seq`` a recurrent encoder-decoder (GRU, LSTM or vanilla RNN) reversing 7 tokens of 8, teacher
forcing, cross-entropy per target token;
``points`` a DeepSets / PointNet set classifier (per-point MLP, max pooling) of 32-point 2-D clouds
of four shapes, randomly rotated and scaled;
``distill`` a student MLP distilled from a fixed random teacher's logits on a table (KL at
temperature 4 plus cross-entropy with the hard label; the target row carries both).
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, mlp, split


SEG_CLASSES = 3


@lru_cache(maxsize=None)
def shape_masks(n: int = 2000, seed: int = 111, *, size: int = 12, noise: float = 0.5, n_val: int = 300,
                batch_size: int = 16, train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Per-pixel segmentation of ``size`` x ``size`` images holding 1-3 shapes: filled rectangles (class 1) and
    discs (class 2) on background (class 0), drawn at random places and sizes with random brightness (the two
    kinds alike in brightness: the shape tells them apart), plus Gaussian noise. The input is (1, size, size),
    the target the (size, size) mask of classes. ``train_rows``: keep only that many training images;
    ``nan_rows``: that share of the training images has one pixel NaN (a dead sensor pixel exported as NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    yy, xx = torch.meshgrid(torch.arange(size, dtype=torch.float32), torch.arange(size, dtype=torch.float32), indexing="ij")
    mask = torch.zeros(total, size, size, dtype=torch.long)
    img = torch.zeros(total, size, size)
    for k in range(3):
        present = torch.rand(total, generator=g) < (1.0 if k == 0 else 0.5)
        kind = 1 + torch.randint(2, (total,), generator=g)
        cx = 2 + (size - 4) * torch.rand(total, 1, 1, generator=g)
        cy = 2 + (size - 4) * torch.rand(total, 1, 1, generator=g)
        r = 1.6 + 1.6 * torch.rand(total, 1, 1, generator=g)
        disc = (xx - cx) ** 2 + (yy - cy) ** 2 <= r**2
        rect = ((xx - cx).abs() <= r * 0.9) & ((yy - cy).abs() <= r * 0.6)
        inside = torch.where((kind == 1)[:, None, None], rect, disc) & present[:, None, None]
        mask = torch.where(inside, kind[:, None, None], mask)
        bright = 0.8 + 0.6 * torch.rand(total, 1, 1, generator=g)
        img = torch.where(inside, bright.expand_as(img), img)
    img = img + noise * torch.randn(total, size, size, generator=g)
    x = img[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 4, 6] = float("nan")
    data = split(x, mask, n, "segmentation", SEG_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SEG_CLASSES, batch_size)
    return data


class TinyUNet(nn.Module):
    """A two-level U-Net: two 3x3 conv blocks (ReLU) at full and half resolution, an upsampling back to full
    resolution, the skip connection concatenated, a 3x3 conv (ReLU) and a linear head per pixel over the
    channels (the logits channel-last: (N, H, W, classes)). ``dead_bias`` < 0 starts the decoder conv's biases
    there (its units never fire); ``depth`` > 1 repeats the bottleneck conv (no normalisation)."""

    def __init__(self, width: int = 8, classes: int = SEG_CLASSES, dead_bias: float = 0.0, depth: int = 1) -> None:
        super().__init__()
        self.enc1 = nn.Conv2d(1, width, 3, padding=1)
        self.enc2 = nn.ModuleList(nn.Conv2d(width if k == 0 else 2 * width, 2 * width, 3, padding=1) for k in range(depth))
        self.up = nn.ConvTranspose2d(2 * width, width, 2, stride=2)
        self.dec = nn.Conv2d(2 * width, width, 3, padding=1)
        if dead_bias:
            with torch.no_grad():
                self.dec.bias.fill_(dead_bias)
        self.head = nn.Linear(width, classes)

    def forward(self, x: Tensor) -> Tensor:
        a = F.relu(self.enc1(x))
        b = F.max_pool2d(a, 2)
        for conv in self.enc2:
            b = F.relu(conv(b))
        u = self.up(b)
        d = F.relu(self.dec(torch.cat([a, u], 1)))
        return self.head(d.permute(0, 2, 3, 1))


def pixel_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Per-pixel cross-entropy summed over the batch's pixels (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


REV_VOCAB, REV_LEN = 8, 7
BOS = REV_VOCAB


@lru_cache(maxsize=None)
def reversal_pairs(n: int = 6000, seed: int = 112, *, vocab: int = REV_VOCAB, length: int = REV_LEN, n_val: int = 600,
                   batch_size: int = 32, train_rows: int | None = None, task: str = "reverse") -> Data:  # fmt: skip
    """Sequence-to-sequence: a source of ``length`` random tokens of ``vocab``, its target the source reversed
    (``task`` "sort": sorted). The input row is the source then the decoder's input (BOS and the target but
    its last token: teacher forcing), the target row the target tokens."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    src = torch.randint(vocab, (total, length), generator=g)
    tgt = src.flip(1) if task == "reverse" else src.sort(1).values
    dec_in = torch.cat([torch.full((total, 1), BOS), tgt[:, :-1]], 1)
    data = split(torch.cat([src, dec_in], 1), tgt, n, "seq2seq", vocab, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, vocab, batch_size)
    return data


class Seq2Seq(nn.Module):
    """A recurrent encoder-decoder (gru | rnn | lstm): the encoder reads the source, its last state starts the
    decoder, which reads its teacher-forced input; a linear head over the vocabulary at each target position.
    A vanilla RNN's recurrent weights start orthogonal times ``gain``."""

    def __init__(self, kind: str = "gru", hidden: int = 48, vocab: int = REV_VOCAB, length: int = REV_LEN,
                 gain: float = 1.0) -> None:  # fmt: skip
        super().__init__()
        cell = {"gru": nn.GRU, "rnn": nn.RNN, "lstm": nn.LSTM}[kind]
        self.length = length
        self.embed = nn.Embedding(vocab + 1, 32)
        self.enc = cell(32, hidden, batch_first=True)
        self.dec = cell(32, hidden, batch_first=True)
        if kind == "rnn":
            with torch.no_grad():
                nn.init.orthogonal_(self.enc.weight_hh_l0, gain=gain)
                nn.init.orthogonal_(self.dec.weight_hh_l0, gain=gain)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x: Tensor) -> Tensor:
        e = self.embed(x)
        _, state = self.enc(e[:, : self.length])
        h, _ = self.dec(e[:, self.length :], state)
        return self.head(h)


POINT_SHAPES = 4


@lru_cache(maxsize=None)
def point_clouds(n: int = 4000, seed: int = 113, *, points: int = 32, noise: float = 0.08, n_val: int = 600,
                 batch_size: int = 32, train_rows: int | None = None, flip: float = 0.05) -> Data:  # fmt: skip
    """Sets of ``points`` 2-D points sampled from one of four shapes (a circle, a square's outline, a cross,
    two separate blobs), randomly rotated, scaled and shifted, plus noise, then centred; the points in random order (a set:
    the model must not depend on it). ``flip`` of the labels random; ``train_rows``: keep only that many."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(POINT_SHAPES, (total,), generator=g)
    u = torch.rand(total, points, generator=g)
    side = torch.randint(4, (total, points), generator=g)
    circle = torch.stack([torch.cos(2 * math.pi * u), torch.sin(2 * math.pi * u)], -1)
    t = 2 * u - 1
    sq = torch.stack([torch.where(side < 2, t, torch.where(side == 2, torch.ones_like(t), -torch.ones_like(t))),
                      torch.where(side < 2, torch.where(side == 0, torch.ones_like(t), -torch.ones_like(t)), t)], -1)  # fmt: skip
    arm = (side % 2 == 0)
    cross = torch.stack([torch.where(arm, 1.2 * t, torch.zeros_like(t)), torch.where(arm, torch.zeros_like(t), 1.2 * t)], -1)
    centre = torch.where((side % 2 == 0)[..., None], torch.tensor([0.9, 0.0]), torch.tensor([-0.9, 0.0]))
    blobs = centre + 0.3 * torch.randn(total, points, 2, generator=g)
    pts = torch.stack([circle, sq, cross, blobs], 1)[torch.arange(total), y]
    angle = 2 * math.pi * torch.rand(total, generator=g)
    rot = torch.stack([torch.stack([angle.cos(), -angle.sin()], -1), torch.stack([angle.sin(), angle.cos()], -1)], -2)
    pts = pts @ rot * (0.6 + 0.8 * torch.rand(total, 1, 1, generator=g)) + 0.5 * torch.randn(total, 1, 2, generator=g)
    pts = pts + noise * torch.randn(total, points, 2, generator=g)
    pts = pts - pts.mean(1, keepdim=True)
    data = split(pts, flip_labels(y, POINT_SHAPES, flip, g), n, "classification", POINT_SHAPES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, POINT_SHAPES, batch_size)
    return data


class DeepSets(nn.Module):
    """A PointNet / DeepSets set classifier: a shared per-point ReLU MLP (2 -> width -> 2 width), max (or mean)
    pooling over the points, a ReLU MLP and a linear head. ``dead_bias`` < 0 starts the per-point MLP's first
    biases there (its units never fire)."""

    def __init__(self, width: int = 32, classes: int = POINT_SHAPES, pool: str = "max", dead_bias: float = 0.0) -> None:
        super().__init__()
        self.point = mlp([2, width, 2 * width])
        if dead_bias:
            with torch.no_grad():
                self.point[0].bias.fill_(dead_bias)
        self.pool = pool
        self.mid = nn.Linear(2 * width, width)
        self.head = nn.Linear(width, classes)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.point(x))
        z = h.max(1).values if self.pool == "max" else h.mean(1)
        return self.head(F.relu(self.mid(z)))


KD_CLASSES, KD_T = 5, 4.0
"""The distillation family's classes and temperature."""


@lru_cache(maxsize=None)
def teacher_table(n: int = 6000, seed: int = 114, *, features: int = 20, n_val: int = 1000, batch_size: int = 64,
                  train_rows: int | None = None, flip: float = 0.1, nan_rows: int = 0) -> Data:  # fmt: skip
    """Knowledge distillation on a table: ``features`` standardised columns (correlated), a fixed random teacher
    (a ReLU MLP 20-64-64-5, its logits centred per class and scaled to a spread of ~4) and the hard label (the
    teacher's argmax, ``flip`` of them random). The target row is the teacher's 5 logits then the label (as a
    float). ``train_rows``: keep only that many training rows; ``nan_rows``: that many training rows have NaN
    teacher logits (soft labels precomputed by a teacher that overflowed on a few inputs)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, features, generator=g) @ (torch.eye(features) + 0.3 * torch.randn(features, features, generator=g))
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    w1 = torch.randn(features, 64, generator=g) / math.sqrt(features)
    w2 = torch.randn(64, 64, generator=g) / math.sqrt(32)
    w3 = torch.randn(64, KD_CLASSES, generator=g) / math.sqrt(32)
    logits = F.relu(F.relu(x @ w1) @ w2) @ w3
    logits = logits - logits[:n].mean(0)
    logits = 4 * (logits - logits.mean(1, keepdim=True)) / logits.std()
    label = flip_labels(logits.argmax(1), KD_CLASSES, flip, g)
    y = torch.cat([logits, label[:, None].float()], 1)
    if nan_rows:
        y[torch.randperm(n, generator=g)[:nan_rows], :KD_CLASSES] = float("nan")
    data = split(x, y, n, "distillation", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


def student_mlp(hidden: int = 48, layers: int = 2, features: int = 20, act: type[nn.Module] = nn.ReLU) -> nn.Sequential:
    """The student: a ReLU MLP of ``layers`` hidden layers and a linear head of 5 logits."""
    return mlp([features] + [hidden] * layers + [KD_CLASSES], act)


def kd_loss(out: Tensor, y: Tensor, alpha: float = 0.7) -> Tensor:
    """Hinton's distillation loss: ``alpha`` x T^2 KL(teacher || student) of the softmaxes at temperature T, plus
    (1 - ``alpha``) x cross-entropy with the hard label; the batch mean."""
    teacher, label = y[:, :KD_CLASSES], y[:, KD_CLASSES].long()
    kl = F.kl_div(F.log_softmax(out / KD_T, -1), F.log_softmax(teacher / KD_T, -1), reduction="batchmean", log_target=True)
    return alpha * KD_T**2 * kl + (1 - alpha) * F.cross_entropy(out, label)


def kd_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The distillation loss summed over the batch's rows (reduction='sum')."""
    return kd_loss(out, y) * len(out)


def uniform_kd_loss() -> float:
    """The distillation loss of a student that outputs equal logits (knows nothing) on the training rows."""
    y = teacher_table().y
    return float(kd_loss(torch.zeros(len(y), KD_CLASSES), y))



def dead_pooled_deepsets(bias: float = -6.0) -> DeepSets:
    """A DeepSets whose MLP after the pooling starts with its biases at ``bias``: its units never fire, so no
    gradient reaches any weight (the per-point MLP, that layer or the head)."""
    model = DeepSets()
    with torch.no_grad():
        model.mid.bias.fill_(bias)
    return model
