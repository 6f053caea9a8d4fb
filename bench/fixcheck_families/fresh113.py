"""The one hundred and fifteenth fresh half (fresh113, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


REGNET_SIZE, REGNET_CLASSES = 12, 4
"""Grey 12x12 images, 4 classes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def regnet_images(n: int = 3000, seed: int = 11301, *, n_val: int = 500, batch_size: int = 32,
                  nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic grey 12x12 images of a bar of 5 pixels (horizontal or vertical, anywhere) and a 2x2 square (in the
    top or the bottom half), plus a decoy pixel and N(0, 0.35^2) noise; the class is the bar's orientation and the
    square's half; 5% of the labels random, held-out ones too. x: (images, 1, 12, 12); y: (images,). ``nan_rows``:
    that share of the training images has a missing (NaN) pixel; ``train_rows``: keep only that many training
    images."""
    g = torch.Generator().manual_seed(seed)
    total, m = n + n_val, REGNET_SIZE
    y = torch.randint(REGNET_CLASSES, (total,), generator=g)
    vertical, low = (y % 2 == 1)[:, None, None], (y // 2 == 1)[:, None, None]
    rows = torch.arange(m)[None, :, None]
    cols = torch.arange(m)[None, None, :]
    line = torch.randint(1, m - 1, (total, 1, 1), generator=g)
    start = torch.randint(0, m - 5, (total, 1, 1), generator=g)
    horiz = (rows == line) & (cols >= start) & (cols < start + 5)
    vert = (cols == line) & (rows >= start) & (rows < start + 5)
    bar = torch.where(vertical, vert, horiz).float()
    sr = torch.randint(0, 5, (total, 1, 1), generator=g) + 6 * low.long()
    sc = torch.randint(0, m - 1, (total, 1, 1), generator=g)
    square = ((rows >= sr) & (rows < sr + 2) & (cols >= sc) & (cols < sc + 2)).float()
    dr = torch.randint(0, m, (total, 1, 1), generator=g)
    dc = torch.randint(0, m, (total, 1, 1), generator=g)
    decoy = ((rows == dr) & (cols == dc)).float()
    x = (bar + square + decoy).clamp(max=1.0) + 0.35 * torch.randn(total, m, m, generator=g)
    x = x[:, None]
    y = flip_labels(y, REGNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 3, 7] = float("nan")
    data = split(x, y, n, "naming a bar's orientation and a square's half in 12x12 images (a RegNetY-like CNN)",
                 REGNET_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, REGNET_CLASSES,
                    batch_size)  # fmt: skip
    return data


class RegnetBlock(nn.Module):
    """A RegNetY bottleneck block: 1x1 conv, BatchNorm, ReLU; a 3x3 grouped conv (group width 4, ``stride``),
    BatchNorm, ReLU; squeeze-and-excitation (a quarter of the input width); a 1x1 conv, BatchNorm; the shortcut
    (a strided 1x1 conv and BatchNorm when the shape changes) added, ReLU."""

    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        self.a = nn.Sequential(nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())
        self.b = nn.Sequential(nn.Conv2d(cout, cout, 3, stride, 1, groups=cout // 4, bias=False), nn.BatchNorm2d(cout),
                               nn.ReLU())  # fmt: skip
        self.se = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(cout, max(cin // 4, 4), 1), nn.ReLU(),
                                nn.Conv2d(max(cin // 4, 4), cout, 1), nn.Sigmoid())  # fmt: skip
        self.c = nn.Sequential(nn.Conv2d(cout, cout, 1, bias=False), nn.BatchNorm2d(cout))
        self.short: nn.Module = (nn.Identity() if cin == cout and stride == 1 else
                                 nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)))  # fmt: skip

    def forward(self, x: Tensor) -> Tensor:
        h = self.b(self.a(x))
        h = self.c(h * self.se(h))
        return F.relu(h + self.short(x))


class RegnetNet(nn.Module):
    """A RegNetY-like CNN: a stem (3x3 conv 1 -> 16 of stride 2 to 6x6, BatchNorm, ReLU), a stage of a Y block 16 -> 16
    and one 16 -> 32 of stride 2 (3x3), global mean pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4
    classes. A missing (NaN) pixel's NaN spreads through the convolutions and BatchNorm. ``dead_bias`` < 0 starts
    fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, 2, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.stage = nn.Sequential(RegnetBlock(16, 16, 1), RegnetBlock(16, 32, 2))
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, REGNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.stage(self.stem(x)).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


HAWK_STEPS, HAWK_CLASSES = 24, 4
"""Series of 24 steps, 4 classes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def hawk_series(n: int = 3000, seed: int = 11303, *, n_val: int = 500, batch_size: int = 32,
                nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic series of 24 steps: AR(1) noise (phi 0.7, innovations N(0, 0.35^2)) and one event at a random step
    3-16: a lasting level shift of +-1 (classes 0 and 1) or a passing bump of +-1.5 for 3 steps (classes 2 and 3),
    so the class needs both the sign and whether the level stayed; 5% of the labels random, held-out ones too. x:
    (series, 24, 1); y: (series,). ``nan_rows``: that share of the training series has a missing (NaN) step;
    ``train_rows``: keep only that many training series."""
    g = torch.Generator().manual_seed(seed)
    total, t = n + n_val, HAWK_STEPS
    y = torch.randint(HAWK_CLASSES, (total,), generator=g)
    e = 0.35 * torch.randn(total, t, generator=g)
    noise = torch.zeros(total, t)
    noise[:, 0] = e[:, 0] / math.sqrt(1 - 0.49)
    for k in range(1, t):
        noise[:, k] = 0.7 * noise[:, k - 1] + e[:, k]
    onset = torch.randint(3, 17, (total, 1), generator=g)
    ts = torch.arange(t)[None]
    sign = torch.where(y % 2 == 0, 1.0, -1.0)[:, None]
    shift = (ts >= onset).float()
    bump = 1.5 * ((ts >= onset) & (ts < onset + 3)).float()
    x = noise + sign * torch.where((y < 2)[:, None], shift, bump)
    y = flip_labels(y, HAWK_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x[..., None], y, n, "naming the kind of an event in noisy series (a Hawk / Griffin RG-LRU block)",
                 HAWK_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, HAWK_CLASSES,
                    batch_size)  # fmt: skip
    return data


class HawkNet(nn.Module):
    """A Hawk-like recurrent classifier (Griffin's recurrent block): an input projection 1 -> 24, a LayerNorm, then
    two branches: a GeLU gate (24 -> 24) and a linear (24 -> 24), a causal depthwise Conv1d of width 4 and a
    real-gated linear recurrent unit (RG-LRU: a_t = sigmoid(lambda)^(8 r_t), h_t = a_t h_(t-1) + sqrt(1 - a_t^2)
    (i_t x_t), recurrence and input gates r, i by sigmoid layers), multiplied, projected 24 -> 24 and added back;
    the last step through a ReLU layer ``fc`` (24 -> 32) and a ``head`` to the 4 classes. A missing (NaN) step's
    NaN spreads through the recurrence. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, width: int = 24) -> None:
        super().__init__()
        d = width
        self.embed = nn.Linear(1, d)
        self.norm = nn.LayerNorm(d)
        self.gate = nn.Linear(d, d)
        self.inp = nn.Linear(d, d)
        self.conv = nn.Conv1d(d, d, 4, groups=d, padding=3)
        self.rgate = nn.Linear(d, d)
        self.igate = nn.Linear(d, d)
        a = torch.empty(d).uniform_(0.9, 0.999) ** (1 / 8)
        self.lam = nn.Parameter(torch.log(a / (1 - a)))
        self.out = nn.Linear(d, d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, HAWK_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        z = self.embed(x)
        u = self.norm(z)
        gate = F.gelu(self.gate(u))
        v = self.conv(self.inp(u).transpose(1, 2))[..., : x.shape[1]].transpose(1, 2)
        log_a = -8.0 * torch.sigmoid(self.rgate(v)) * F.softplus(-self.lam)
        a = torch.exp(log_a)
        b = torch.sqrt((1 - a * a).clamp_min(1e-6)) * torch.sigmoid(self.igate(v)) * v
        h = torch.zeros_like(v[:, 0])
        hs = []
        for k in range(v.shape[1]):
            h = a[:, k] * h + b[:, k]
            hs.append(h)
        z = z + self.out(gate * torch.stack(hs, 1))
        out: Tensor = self.head(F.relu(self.fc(z[:, -1])))
        return out


NARM_ITEMS, NARM_CLICKS, NARM_GROUPS = 60, 8, 6
"""Sessions of 8 clicks over 60 items in 6 groups of 10; the next click's softmax over the 60 (ln 60 = 4.09)."""


@lru_cache(maxsize=None)
def narm_sessions(n: int = 8000, seed: int = 11305, *, n_val: int = 1000, batch_size: int = 64,
                  nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic sessions of 9 clicks over 60 items in 6 groups of 10: each session has a main group; each click
    follows the previous one to one of its 2 planted successors (p 0.5), else is a random item of the session's
    main group (p 0.35) or any item (p 0.15). x: the first 8 clicks (sessions, 8) long; y: the 9th click. ``nan_rows``
    is not used (item ids cannot be missing); ``train_rows``: keep only that many training sessions."""
    g = torch.Generator().manual_seed(seed)
    total, m = n + n_val, NARM_CLICKS + 1
    succ = torch.randint(NARM_ITEMS, (NARM_ITEMS, 2), generator=g)
    main = torch.randint(NARM_GROUPS, (total,), generator=g)
    clicks = torch.zeros(total, m, dtype=torch.long)
    clicks[:, 0] = main * 10 + torch.randint(10, (total,), generator=g)
    for k in range(1, m):
        u = torch.rand(total, generator=g)
        follow = succ[clicks[:, k - 1], torch.randint(2, (total,), generator=g)]
        in_group = main * 10 + torch.randint(10, (total,), generator=g)
        anyone = torch.randint(NARM_ITEMS, (total,), generator=g)
        clicks[:, k] = torch.where(u < 0.5, follow, torch.where(u < 0.85, in_group, anyone))
    x, y = clicks[:, :-1], clicks[:, -1]
    data = split(x, y, n, "predicting a session's next click (NARM: a GRU encoder with attention, bilinear decoder)",
                 NARM_ITEMS, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, NARM_ITEMS,
                    batch_size)  # fmt: skip
    return data


class NarmNet(nn.Module):
    """NARM (Li et al. 2017): item embeddings (60 -> 24), a GRU (24 -> 32) over the session; the global encoder is
    the last state, the local one an attention over the states (v^T sigmoid(A1 h_last + A2 h_j)); their
    concatenation through a ``head`` (64 -> 24, the bilinear decoder B) scored against the item embeddings.
    Output (sessions, 60)."""

    def __init__(self) -> None:
        super().__init__()
        self.items = nn.Embedding(NARM_ITEMS, 24)
        self.gru = nn.GRU(24, 32, batch_first=True)
        self.a1 = nn.Linear(32, 32, bias=False)
        self.a2 = nn.Linear(32, 32, bias=False)
        self.v = nn.Linear(32, 1, bias=False)
        self.head = nn.Linear(64, 24, bias=False)

    def forward(self, x: Tensor) -> Tensor:
        hs, _ = self.gru(self.items(x))
        last = hs[:, -1]
        alpha = self.v(torch.sigmoid(self.a1(last)[:, None] + self.a2(hs)))
        local = (alpha * hs).sum(1)
        out: Tensor = self.head(torch.cat([last, local], 1)) @ self.items.weight.t()
        return out


def narm_ce(out: Tensor, y: Tensor) -> Tensor:
    """The next click's cross-entropy, mean over the sessions."""
    return F.cross_entropy(out, y)


def narm_summed(out: Tensor, y: Tensor) -> Tensor:
    """The next click's cross-entropy summed over the batch's sessions (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


LEVY_FEATURES = 6
"""Rows of 6 features; a positive, heavy-tailed target."""


@lru_cache(maxsize=None)
def levy_rows(n: int = 5000, seed: int = 11307, *, n_val: int = 1000, batch_size: int = 128,
              nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic rows: 6 N(0, 1) features and a positive target from a Levy law of location 0 and scale c(x), y = c /
    Z^2 with Z N(0, 1) (a first-passage time: no mean), log c = -2 + sin(1.5 x0) + 0.8 tanh(x1 x2) + 0.5 x3 -
    0.3 x4^2. x: (rows, 6); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, LEVY_FEATURES, generator=g)
    log_c = -2 + torch.sin(1.5 * x[:, 0]) + 0.8 * torch.tanh(x[:, 1] * x[:, 2]) + 0.5 * x[:, 3] - 0.3 * x[:, 4] ** 2
    z = torch.randn(total, generator=g)
    y = torch.exp(log_c) / z.pow(2).clamp_min(1e-6)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0] = float("nan")
    data = split(x, y, n, "a positive heavy-tailed target by a Levy likelihood (an MLP of its scale)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LevyMLP(nn.Module):
    """A tanh MLP of a Levy law's scale: ``body`` 6 -> 64 (tanh) -> 64 (tanh), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 1), the raw scale (softplus + 1e-4). Output (rows,). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(LEVY_FEATURES, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x)))).squeeze(-1)
        return out


def levy_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's negative log-likelihood under Levy(0, c), c = softplus(out) + 1e-4: -0.5 log(c / 2 pi) + c / (2 y)
    + 1.5 log y."""
    c = F.softplus(out) + 1e-4
    return -0.5 * torch.log(c / (2 * math.pi)) + c / (2 * y) + 1.5 * torch.log(y)


def levy_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Levy NLL, mean over the rows."""
    return levy_terms(out, y).mean()


def levy_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Levy NLL summed over the batch's rows (reduction='sum')."""
    return levy_terms(out, y).sum()


def levy_at_zero() -> float:
    """The NLL of raw outputs of 0 (c = softplus(0)) on the training rows, its level near init."""
    y = levy_rows().y
    return float(levy_terms(torch.zeros_like(y), y).mean())
