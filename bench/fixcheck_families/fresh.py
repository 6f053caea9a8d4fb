"""The fresh half (held out from all tuning): its model families' data and models (read as ``fd.<name>`` through
``bench/fixcheck_data.py``).

``signals`` a 1-D conv net (global max pooling) on signals made of two of a class's frequencies;
``ratings`` matrix factorisation (and a two-tower model) of user-item ratings, MSE regression;
``tabres`` a residual MLP with BatchNorm or LayerNorm (or none) on a 64-column table;
``mixer`` a tiny MLP-Mixer on 16x16 images whose class is the layout of bright patches.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


FREQ_PAIRS = ((3, 9), (5, 11), (7, 13), (3, 11), (5, 13))
"""The two frequencies (cycles per window) of each class of ``freq_signals``."""


@lru_cache(maxsize=None)
def freq_signals(n: int = 4000, seed: int = 91, *, length: int = 64, noise: float = 0.9, flip: float = 0.05,
                 n_val: int = 1000, batch_size: int = 32, train_rows: int | None = None) -> Data:  # fmt: skip
    """Single-channel signals of ``length`` samples: the sum of the two sinusoids of the class's frequency
    pair (``FREQ_PAIRS``, each jittered by up to half a cycle, random phases and amplitudes 0.5-1.5), a
    distractor sinusoid of any frequency, and noise; five classes, ``flip`` of the labels random.
    ``train_rows``: keep only that many training signals."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    classes = len(FREQ_PAIRS)
    y = torch.randint(classes, (total,), generator=g)
    t = torch.arange(length, dtype=torch.float32) / length
    pairs = torch.tensor(FREQ_PAIRS, dtype=torch.float32)[y]  # (total, 2)
    freqs = torch.cat([pairs + torch.rand(total, 2, generator=g) - 0.5, 1 + 14 * torch.rand(total, 1, generator=g)], 1)
    amps = torch.cat([0.5 + torch.rand(total, 2, generator=g), 0.6 * torch.rand(total, 1, generator=g)], 1)
    phases = 2 * math.pi * torch.rand(total, 3, generator=g)
    waves = amps[:, :, None] * torch.sin(2 * math.pi * freqs[:, :, None] * t + phases[:, :, None])
    x = waves.sum(1) + noise * torch.randn(total, length, generator=g)
    x = ((x - x[:n].mean()) / x[:n].std()).unsqueeze(1)
    data = split(x, flip_labels(y, classes, flip, g), n, "classification", classes, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, classes, batch_size)
    return data


class SignalCNN(nn.Module):
    """A 1-D conv net: three convolutions (kernel 9, 5, 3; the first two max-pooled), a global max over time
    and a linear head. ``dead_bias`` < 0 starts the last convolution's biases there (its units never fire)."""

    def __init__(self, width: int = 16, classes: int = 5, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv1d(1, width, 9, padding=4), nn.ReLU(), nn.MaxPool1d(2),
            nn.Conv1d(width, 2 * width, 5, padding=2), nn.ReLU(), nn.MaxPool1d(2),
            nn.Conv1d(2 * width, 2 * width, 3, padding=1), nn.ReLU(),
            nn.AdaptiveMaxPool1d(1), nn.Flatten(),
        )  # fmt: skip
        if dead_bias:
            with torch.no_grad():
                self.body[6].bias.fill_(dead_bias)
        self.head = nn.Linear(2 * width, classes)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.body(x))


@lru_cache(maxsize=None)
def user_item_ratings(n: int = 20000, seed: int = 92, *, users: int = 300, items: int = 200, rank: int = 4,
                      noise: float = 0.4, n_val: int = 4000, batch_size: int = 128, train_rows: int | None = None,
                      nan_rows: int = 0) -> Data:  # fmt: skip
    """Ratings of (user, item) pairs drawn at random: 3 + user and item offsets + a rank-``rank`` affinity +
    noise, clipped to [1, 5]; the input is the pair of ids, the target the rating (MSE regression).
    ``train_rows``: keep only that many training ratings; ``nan_rows``: that many training ratings are NaN
    (missing ratings exported as NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    u = torch.randint(users, (total,), generator=g)
    i = torch.randint(items, (total,), generator=g)
    pu, qi = torch.randn(users, rank, generator=g), torch.randn(items, rank, generator=g)
    bu, bi = 0.5 * torch.randn(users, generator=g), 0.5 * torch.randn(items, generator=g)
    r = 3 + bu[u] + bi[i] + (pu[u] * qi[i]).sum(1) / math.sqrt(rank) + noise * torch.randn(total, generator=g)
    x, y = torch.stack([u, i], 1), r.clamp(1, 5)
    if nan_rows:
        y[torch.randperm(n, generator=g)[:nan_rows]] = float("nan")
    data = split(x, y, n, "regression", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class FactorModel(nn.Module):
    """Matrix factorisation: a global offset (starting at 3, the middle rating), user and item offsets, and the
    dot product of ``dim``-dimensional user and item embeddings (N(0, ``init``^2) at start)."""

    def __init__(self, users: int = 300, items: int = 200, dim: int = 16, init: float = 0.1) -> None:
        super().__init__()
        self.user, self.item = nn.Embedding(users, dim), nn.Embedding(items, dim)
        self.user_bias, self.item_bias = nn.Embedding(users, 1), nn.Embedding(items, 1)
        self.offset = nn.Parameter(torch.tensor(3.0))
        with torch.no_grad():
            for e in (self.user, self.item):
                e.weight.normal_(0, init)
            for e in (self.user_bias, self.item_bias):
                e.weight.zero_()

    def forward(self, x: Tensor) -> Tensor:
        u, i = x[:, 0], x[:, 1]
        dot = (self.user(u) * self.item(i)).sum(-1)
        return self.offset + self.user_bias(u)[:, 0] + self.item_bias(i)[:, 0] + dot


class TwoTower(nn.Module):
    """A two-tower model: user and item embeddings each through its own ReLU MLP, the rating their dot product
    plus a global offset starting at 3."""

    def __init__(self, users: int = 300, items: int = 200, dim: int = 16, hidden: int = 32) -> None:
        super().__init__()
        self.user, self.item = nn.Embedding(users, dim), nn.Embedding(items, dim)
        self.user_tower = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, dim))
        self.item_tower = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, dim))
        self.offset = nn.Parameter(torch.tensor(3.0))

    def forward(self, x: Tensor) -> Tensor:
        a, b = self.user_tower(self.user(x[:, 0])), self.item_tower(self.item(x[:, 1]))
        return self.offset + (a * b).sum(-1)


def msle_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Mean squared log error written by hand on the raw prediction: log of a prediction at or below 0 is
    -inf or NaN (a rating model's output is not kept positive)."""
    return ((torch.log(out) - torch.log(y)) ** 2).mean()


def msle_safe(out: Tensor, y: Tensor) -> Tensor:
    """The same error with the prediction kept positive: log(max(prediction, 0.1))."""
    return ((torch.log(out.clamp_min(0.1)) - torch.log(y)) ** 2).mean()


@lru_cache(maxsize=None)
def wide_tabular(n: int = 16000, seed: int = 93, *, features: int = 64, informative: int = 12, classes: int = 4,
                 temp: float = 6.0, n_val: int = 1500, batch_size: int = 64, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """A wide table: ``informative`` latent factors seen through 24 correlated mixtures of them, the rest of
    the ``features`` columns noise, standardised; the class is drawn from a softmax of a random tanh
    network of the factors (at ``temp``: no class is certain). ``nan_rows``: that share of the training rows
    has a NaN in one column (missing values nobody imputed); ``train_rows``: keep only that many rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    z = torch.randn(total, informative, generator=g)
    mixed = z @ torch.randn(informative, 24, generator=g) / math.sqrt(informative)
    x = torch.cat([mixed + 0.3 * torch.randn(total, 24, generator=g), torch.randn(total, features - 24, generator=g)], 1)
    x = x[:, torch.randperm(features, generator=g)]
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    w1 = torch.randn(informative, 32, generator=g) / math.sqrt(informative)
    w2 = torch.randn(32, classes, generator=g) / math.sqrt(32)
    logits = temp * torch.tanh(1.5 * z @ w1) @ w2
    y = torch.multinomial(torch.softmax(logits, 1), 1, generator=g)[:, 0]
    if nan_rows:
        bad = torch.rand(n, generator=g) < nan_rows
        x[:n][bad, 5] = float("nan")
    data = split(x, y, n, "classification", classes, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, classes, batch_size)
    return data


class ResNormMLP(nn.Module):
    """A residual MLP: a linear stem, ``blocks`` pre-activation blocks x + W2 relu(N(W1 relu(N(x)))) with N a
    BatchNorm, a LayerNorm or nothing (``norm`` batch | layer | none), then N, ReLU and a linear head.
    ``branch_gain`` scales every block's weights at init (> 1 without norm: the residual stream grows block
    by block)."""

    def __init__(self, features: int = 64, width: int = 64, blocks: int = 2, classes: int = 4, norm: str = "batch",
                 branch_gain: float = 1.0) -> None:  # fmt: skip
        super().__init__()

        def n() -> nn.Module:
            return {"batch": nn.BatchNorm1d, "layer": nn.LayerNorm, "none": lambda _: nn.Identity()}[norm](width)

        self.stem = nn.Linear(features, width)
        self.blocks = nn.ModuleList(
            nn.Sequential(n(), nn.ReLU(), nn.Linear(width, width), n(), nn.ReLU(), nn.Linear(width, width))
            for _ in range(blocks)
        )
        if branch_gain != 1.0:
            with torch.no_grad():
                for b in self.blocks:
                    for layer in (b[2], b[5]):
                        layer.weight.mul_(branch_gain)
        self.out = nn.Sequential(n(), nn.ReLU())
        self.head = nn.Linear(width, classes)

    def forward(self, x: Tensor) -> Tensor:
        h = self.stem(x)
        for b in self.blocks:
            h = h + b(h)
        return self.head(self.out(h))


LAYOUTS = (
    ((0, 0), (0, 1), (0, 2)), ((0, 0), (1, 0), (2, 0)), ((0, 0), (1, 1), (2, 2)),
    ((0, 2), (1, 1), (2, 0)), ((0, 0), (1, 0), (1, 1)), ((0, 0), (0, 1), (1, 0), (1, 1)),
)  # fmt: skip
"""The patch layouts of ``patch_layouts``' six classes (row, column offsets): a row, a column, a diagonal, an
anti-diagonal, an L and a square."""


@lru_cache(maxsize=None)
def patch_layouts(n: int = 5000, seed: int = 94, *, size: int = 16, patch: int = 4, noise: float = 0.8,
                  distractors: float = 0.5, flip: float = 0.05, n_val: int = 1200, batch_size: int = 32,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """16x16 images as a 4x4 grid of 4x4 patches: the patches of the class's layout (``LAYOUTS``, shifted to
    a random place) are bright (pixels 0.5-1.5), the others dark (0); with probability ``distractors`` a
    stray textured patch elsewhere; pixel noise. The class is the layout (six), told only by where the
    textured patches are: a patch-based model must mix across patches. ``flip`` of the labels random."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    cells = size // patch
    classes = len(LAYOUTS)
    y = torch.randint(classes, (total,), generator=g)
    active = torch.zeros(total, cells, cells)
    for k, layout in enumerate(LAYOUTS):
        rows = torch.nonzero(y == k)[:, 0]
        span_r = max(r for r, _ in layout) + 1
        span_c = max(c for _, c in layout) + 1
        r0 = torch.randint(cells - span_r + 1, (len(rows),), generator=g)
        c0 = torch.randint(cells - span_c + 1, (len(rows),), generator=g)
        for dr, dc in layout:
            active[rows, r0 + dr, c0 + dc] = 1
    stray = torch.rand(total, generator=g) < distractors
    cell = torch.randint(cells * cells, (total,), generator=g)
    flat = active.view(total, -1)
    flat[torch.arange(total)[stray], cell[stray]] = 1
    texture = 0.5 + torch.rand(total, cells, cells, patch, patch, generator=g)
    img = (active[..., None, None] * texture).permute(0, 1, 3, 2, 4).reshape(total, 1, size, size)
    x = img + noise * torch.randn(total, 1, size, size, generator=g)
    data = split(x, flip_labels(y, classes, flip, g), n, "classification", classes, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, classes, batch_size)
    return data


class MixerBlock(nn.Module):
    """An MLP-Mixer block: a token-mixing MLP across the patches, then a channel-mixing MLP, each residual;
    pre-LN (the Mixer's) or post-LN (the LayerNorm after each residual sum)."""

    def __init__(self, tokens: int, d: int, token_hidden: int = 32, channel_hidden: int = 64, post_ln: bool = False) -> None:
        super().__init__()
        self.post_ln = post_ln
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.tokens = nn.Sequential(nn.Linear(tokens, token_hidden), nn.GELU(), nn.Linear(token_hidden, tokens))
        self.channels = nn.Sequential(nn.Linear(d, channel_hidden), nn.GELU(), nn.Linear(channel_hidden, d))

    def forward(self, x: Tensor) -> Tensor:
        if self.post_ln:
            x = self.norm1(x + self.tokens(x.transpose(1, 2)).transpose(1, 2))
            return self.norm2(x + self.channels(x))
        x = x + self.tokens(self.norm1(x).transpose(1, 2)).transpose(1, 2)
        return x + self.channels(self.norm2(x))


class TinyMixer(nn.Module):
    """A tiny MLP-Mixer: 4x4 patches of a 16x16 image embedded linearly, ``layers`` MixerBlocks (pre-LN, or
    post-LN with ``post_ln``), a final LayerNorm (pre-LN only), the mean over patches and a linear head."""

    def __init__(self, d: int = 32, layers: int = 2, classes: int = 6, patch: int = 4, size: int = 16,
                 post_ln: bool = False) -> None:  # fmt: skip
        super().__init__()
        self.patch = patch
        self.embed = nn.Linear(patch * patch, d)
        self.blocks = nn.Sequential(*(MixerBlock((size // patch) ** 2, d, post_ln=post_ln) for _ in range(layers)))
        self.norm: nn.Module = nn.Identity() if post_ln else nn.LayerNorm(d)
        self.head = nn.Linear(d, classes)

    def forward(self, x: Tensor) -> Tensor:
        patches = F.unfold(x, self.patch, stride=self.patch).transpose(1, 2)
        return self.head(self.norm(self.blocks(self.embed(patches))).mean(1))


@lru_cache(maxsize=None)
def pretrained_mixer_weights() -> dict[str, Tensor]:
    """A TinyMixer trained (unrecorded) for 600 Adam steps on the patch layouts."""
    from harness import Setup, train

    pretraining = Setup(name="mixer-pretraining", data=patch_layouts(), model=TinyMixer, optimizer=torch.optim.Adam,
                        lr=3e-3, steps=600, seed=5, shuffle_offset=3000)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_mixer() -> TinyMixer:
    """A TinyMixer with the pretrained weights (a fine-tune starts from them)."""
    model = TinyMixer()
    model.load_state_dict(pretrained_mixer_weights())
    return model
