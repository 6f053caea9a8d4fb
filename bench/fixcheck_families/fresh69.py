"""The seventy-first fresh half (fresh69, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


SAINT_NUM, SAINT_CATS, SAINT_CLASSES, SAINT_DIM, SAINT_CHUNK = 6, (5, 4, 6), 4, 16, 64
"""Rows of 6 numeric and 3 categorical features (5, 4 and 6 levels), 4 classes (ln 4 = 1.39 at chance); feature
embeddings of 16 dimensions; intersample attention over blocks of 64 rows (the training batch)."""


@lru_cache(maxsize=None)
def saint_rows(n: int = 4096, seed: int = 691, *, n_val: int = 768, batch_size: int = SAINT_CHUNK,
               nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic tabular rows: 6 numeric features N(0, 1) and 3 categorical ones (uniform over 5, 4 and 6 levels); each
    class's score 0.8 x a random linear function of the numeric features + 1.2 x a product x0 x1 times a random weight +
    a random table per categorical feature (entries N(0, 1)), the class drawn from the softmax of 2 x the scores (a
    Gumbel maximum); 5% random labels (a floor). x: (rows, 9), the numeric features then the 3 levels (float, for the
    NaN of a missing value); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) numeric
    feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    num = torch.randn(total, SAINT_NUM, generator=g)
    cats = torch.stack([torch.randint(k, (total,), generator=g) for k in SAINT_CATS], 1)
    w = torch.randn(SAINT_NUM, SAINT_CLASSES, generator=g) / math.sqrt(SAINT_NUM)
    v = torch.randn(SAINT_CLASSES, generator=g)
    score = 0.8 * num @ w + 1.2 * (num[:, 0] * num[:, 1])[:, None] * v
    for j, k in enumerate(SAINT_CATS):
        score = score + torch.randn(k, SAINT_CLASSES, generator=g)[cats[:, j]]
    gumbel = -torch.log(-torch.log(torch.rand(total, SAINT_CLASSES, generator=g).clamp_min(1e-9)))
    y = flip_labels((2.0 * score + gumbel).argmax(1), SAINT_CLASSES, 0.05, g)
    x = torch.cat([num, cats.float()], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "tabular classification (a SAINT-like transformer: attention across features and rows)",
                 SAINT_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SAINT_CLASSES,
                    batch_size)
    return data


class RowAttention(nn.Module):
    """Multi-head self-attention of ``(batch, tokens, dim)`` over its tokens (the features of a row, or the rows of a
    batch): a qkv projection to ``inner`` per part, softmax attention, an output projection back to ``dim``."""

    def __init__(self, dim: int, inner: int, heads: int = 2) -> None:
        super().__init__()
        self.heads, self.dh = heads, inner // heads
        self.qkv = nn.Linear(dim, 3 * inner)
        self.out = nn.Linear(inner, dim)

    def forward(self, h: Tensor) -> Tensor:
        b, n, _ = h.shape
        q, k, v = self.qkv(h).reshape(b, n, 3, self.heads, self.dh).permute(2, 0, 3, 1, 4)
        att = torch.softmax(q @ k.transpose(-1, -2) / self.dh**0.5, -1)
        out: Tensor = self.out((att @ v).transpose(1, 2).reshape(b, n, self.heads * self.dh))
        return out


class SAINT(nn.Module):
    """A SAINT-like tabular classifier (Somepalli et al. 2021, small): each numeric feature embedded by its own linear
    map (a weight and a bias vector of 16), each categorical one by its own embedding table, a [CLS] token first; one
    block of self-attention across the 10 tokens of a row and a GELU MLP (16-32-16), then one of intersample attention
    (each row's 10 tokens flattened to 160 values, attention across the rows of the block, width 32) and a GELU MLP,
    each pre-LN and residual; the [CLS] token's LayerNorm, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4
    classes. Rows attend to each other in blocks of 64 (the training batch; the held-out rows are scored in such blocks
    too). A missing (NaN) value embeds as NaN. Output (rows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = SAINT_DIM) -> None:
        super().__init__()
        tokens = 1 + SAINT_NUM + len(SAINT_CATS)
        self.num_w = nn.Parameter(torch.randn(SAINT_NUM, d))
        self.num_b = nn.Parameter(torch.zeros(SAINT_NUM, d))
        self.cat = nn.ModuleList(nn.Embedding(k, d) for k in SAINT_CATS)
        self.cls = nn.Parameter(torch.randn(1, 1, d))
        self.ln1, self.ln2, self.ln4 = nn.LayerNorm(d), nn.LayerNorm(d), nn.LayerNorm(d)
        self.ln3 = nn.LayerNorm(tokens * d)
        self.attn = RowAttention(d, d)
        self.mlp1 = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.inter = RowAttention(tokens * d, 32)
        self.mlp2 = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.ln5 = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, SAINT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def block(self, x: Tensor) -> Tensor:
        b = len(x)
        num = x[:, :SAINT_NUM, None] * self.num_w + self.num_b
        ids = torch.nan_to_num(x[:, SAINT_NUM:]).long()
        cat = torch.stack([emb(ids[:, j]) for j, emb in enumerate(self.cat)], 1)
        h = torch.cat([self.cls.expand(b, 1, -1), num, cat], 1)
        h = h + self.attn(self.ln1(h))
        h = h + self.mlp1(self.ln2(h))
        flat = h.reshape(1, b, -1)
        h = h + self.inter(self.ln3(flat)).reshape(h.shape)
        h = h + self.mlp2(self.ln4(h))
        out: Tensor = self.head(F.relu(self.fc(self.ln5(h[:, 0]))))
        return out

    def forward(self, x: Tensor) -> Tensor:
        return torch.cat([self.block(part) for part in x.split(SAINT_CHUNK)])


def saint_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's rows (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


MMOE_FEATURES, MMOE_EXPERTS = 10, 4
"""Rows of 10 features; 4 shared experts, a softmax gate and a tower per task (2 tasks)."""


@lru_cache(maxsize=None)
def mmoe_rows(n: int = 4000, seed: int = 693, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Two related tasks on the same rows: 10 features N(0, 1); a shared part s = sin(x0 + 0.5 x1) + 0.5 x2 x3; task A a
    click, Bernoulli of sigmoid(2 (s + 0.8 x4 - 0.5 x5^2 + 0.5)); task B a value s + cos(1.5 x6) + 0.5 x7 + N(0, 0.3^2)
    noise; x8, x9 noise. x: (rows, 10); y: (rows, 2), the click (0 or 1) and the value. ``nan_rows``: that share of the
    training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, MMOE_FEATURES, generator=g)
    s = torch.sin(x[:, 0] + 0.5 * x[:, 1]) + 0.5 * x[:, 2] * x[:, 3]
    click = torch.bernoulli(torch.sigmoid(2 * (s + 0.8 * x[:, 4] - 0.5 * x[:, 5] ** 2 + 0.5)), generator=g)
    value = s + torch.cos(1.5 * x[:, 6]) + 0.5 * x[:, 7] + 0.3 * torch.randn(total, generator=g)
    y = torch.stack([click, value], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "multitask: a click (BCE) and a value (MSE) from shared experts (MMoE)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MMoE(nn.Module):
    """Multi-gate Mixture-of-Experts (Ma et al. 2018): 4 shared expert MLPs (10 -> 32 -> 16, ReLU), one softmax gate per
    task (10 -> 4) mixing the experts' outputs, a tower per task (16 -> 16 -> 1, ReLU). Output (rows, 2): task A's click
    logit and task B's value."""

    def __init__(self) -> None:
        super().__init__()
        expert = [MMOE_FEATURES, 32, 16]
        self.experts = nn.ModuleList(
            nn.Sequential(nn.Linear(expert[0], expert[1]), nn.ReLU(), nn.Linear(expert[1], expert[2]), nn.ReLU())
            for _ in range(MMOE_EXPERTS)
        )
        self.gates = nn.ModuleList(nn.Linear(MMOE_FEATURES, MMOE_EXPERTS) for _ in range(2))
        self.towers = nn.ModuleList(nn.Sequential(nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1)) for _ in range(2))

    def forward(self, x: Tensor) -> Tensor:
        e = torch.stack([expert(x) for expert in self.experts], 1)
        mixed = [(torch.softmax(gate(x), -1)[..., None] * e).sum(1) for gate in self.gates]
        return torch.cat([tower(m) for tower, m in zip(self.towers, mixed)], 1)


def mmoe_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's two task losses summed: BCE with logits of the click plus the squared error of the value."""
    return F.binary_cross_entropy_with_logits(out[:, 0], y[:, 0], reduction="none") + (out[:, 1] - y[:, 1]) ** 2


def mmoe_loss(out: Tensor, y: Tensor) -> Tensor:
    """The two tasks' losses summed (BCE + MSE), mean over the rows."""
    return mmoe_terms(out, y).mean()


def mmoe_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The two tasks' losses summed over the batch's rows as well (reduction='sum')."""
    return mmoe_terms(out, y).sum()


def mmoe_at_zero() -> float:
    """The summed loss of outputs of 0 (ln 2 + the value's mean square): its level at init."""
    y = mmoe_rows().y
    return float(mmoe_loss(torch.zeros(len(y), 2), y))


CASER_ITEMS, CASER_USERS, CASER_GENRES, CASER_L, CASER_DIM = 200, 300, 10, 5, 16
"""200 items in 10 genres of 20, 300 users; the last 5 items as a 5 x 16 image; ln 200 = 5.30 at chance."""


@lru_cache(maxsize=None)
def caser_sequences(seed: int = 695, *, train_len: int = 60, val_len: int = 8, batch_size: int = 64,
                    nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic users' item sequences with planted preferences and sequential patterns: each user has 2 favourite
    genres; the first item one of them at random; each next item with probability 0.5 the next item of the previous
    one's genre (a sequential pattern, wrapping), 0.15 the item after the one two back (a skip pattern), 0.2 a random
    item of a favourite genre, 0.15 any item. Each user's first ``train_len`` + 5 items give the training windows, the
    next ``val_len`` targets the held-out ones (the user's later sequence). x: (windows, 6), the user id then the last 5
    item ids (float, for the NaN of a missing item); y: (windows,) the next item. ``nan_rows``: that share of the
    training windows has a missing (NaN) item; ``train_rows``: keep only that many training windows."""
    g = torch.Generator().manual_seed(seed)
    per = CASER_ITEMS // CASER_GENRES
    length = CASER_L + train_len + val_len
    fav = torch.rand(CASER_USERS, CASER_GENRES, generator=g).argsort(1)[:, :2]
    users = torch.arange(CASER_USERS)

    def favourite() -> Tensor:
        genre = fav[users, torch.randint(2, (CASER_USERS,), generator=g)]
        return genre * per + torch.randint(per, (CASER_USERS,), generator=g)

    def after(item: Tensor) -> Tensor:
        return item // per * per + (item % per + 1) % per

    seq = [favourite()]
    for t in range(1, length):
        u = torch.rand(CASER_USERS, generator=g)
        nxt = torch.where(u < 0.5, after(seq[-1]), after(seq[-2] if t > 1 else seq[-1]))
        nxt = torch.where(u >= 0.65, favourite(), nxt)
        nxt = torch.where(u >= 0.85, torch.randint(CASER_ITEMS, (CASER_USERS,), generator=g), nxt)
        seq.append(nxt)
    items = torch.stack(seq, 1)
    windows = items.unfold(1, CASER_L + 1, 1)  # (users, length - L, L + 1)
    x = torch.cat([users[:, None, None].expand(-1, windows.shape[1], 1), windows[..., :CASER_L]], 2).float()
    y = windows[..., CASER_L]
    tx, ty = x[:, :train_len].reshape(-1, CASER_L + 1), y[:, :train_len].flatten()
    order = torch.randperm(len(tx), generator=g)
    tx, ty = tx[order], ty[order]
    vx, vy = x[:, train_len:].reshape(-1, CASER_L + 1), y[:, train_len:].flatten()
    if nan_rows:
        bad = torch.nonzero(torch.rand(len(tx), generator=g) < nan_rows).flatten()
        tx[bad, 3] = float("nan")
    data = split(torch.cat([tx, vx]), torch.cat([ty, vy]), len(tx), "next-item recommendation (a Caser-like CNN)",
                 CASER_ITEMS, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CASER_ITEMS,
                    batch_size)
    return data


class Caser(nn.Module):
    """A Caser-like sequential recommender (Tang and Wang 2018, small): the last 5 items' embeddings (16 dimensions,
    N(0, 0.3^2) at init, as are the users') as a 5 x 16 image; horizontal convolutions (8 filters of each height 1-5,
    full width, ReLU, max-pooled over time) and a vertical one (4 filters of height 5); their outputs and the user's
    embedding (16) through a ReLU layer ``fc`` (-> 32) and a ``head`` scoring the 200 items. A missing (NaN) item scores
    NaN. Output (windows, 200). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = CASER_DIM, n_h: int = 8, n_v: int = 4) -> None:
        super().__init__()
        self.items, self.users = nn.Embedding(CASER_ITEMS, d), nn.Embedding(CASER_USERS, d)
        with torch.no_grad():
            self.items.weight.mul_(0.3)
            self.users.weight.mul_(0.3)
        self.hconv = nn.ModuleList(nn.Conv2d(1, n_h, (h, d)) for h in range(1, CASER_L + 1))
        self.vconv = nn.Conv2d(1, n_v, (CASER_L, 1))
        self.fc = nn.Linear(n_h * CASER_L + n_v * d + d, 32)
        self.head = nn.Linear(32, CASER_ITEMS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = torch.nan_to_num(x).long()
        e = self.items(ids[:, 1:])[:, None]
        hs = [F.relu(conv(e)).squeeze(3).amax(2) for conv in self.hconv]
        z = torch.cat([*hs, self.vconv(e).flatten(1), self.users(ids[:, 0])], 1)
        out: Tensor = self.head(F.relu(self.fc(z)))
        return torch.where(torch.isnan(x).any(1, keepdim=True), torch.full_like(out, float("nan")), out)


def caser_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The next-item cross-entropy summed over the batch's windows (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


GPD_FEATURES = 6
"""Rows of 6 features; the targets exceedances over a threshold, generalized Pareto."""


@lru_cache(maxsize=None)
def gpd_rows(n: int = 4000, seed: int = 697, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
             train_rows: int | None = None) -> Data:  # fmt: skip
    """Heavy-tailed exceedances: 6 features N(0, 1); a scale sigma = 4 exp(1.2 x0 + sin(2 x1) + 0.8 x2 x3) and a shape
    xi = 0.25 + 0.18 tanh(1.5 x4) (0.07-0.43); y = sigma / xi (U^-xi - 1), U uniform in [1e-4, 1) (the generalized
    Pareto's inverse CDF); x5 noise. x: (rows, 6); y: (rows,) at or above 0. ``nan_rows``: that share of the training
    rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, GPD_FEATURES, generator=g)
    sigma = 4 * torch.exp(1.2 * x[:, 0] + torch.sin(2 * x[:, 1]) + 0.8 * x[:, 2] * x[:, 3])
    xi = 0.25 + 0.18 * torch.tanh(1.5 * x[:, 4])
    u = torch.rand(total, generator=g).clamp_min(1e-4)
    y = sigma / xi * (u.pow(-xi) - 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    task = "regression of heavy-tailed exceedances (an MLP, the generalized Pareto negative log-likelihood)"
    data = split(x, y, n, task, None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ParetoMLP(nn.Module):
    """A ReLU MLP of a generalized Pareto regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the raw scale (through a softplus) and the raw shape (through 0.5 sigmoid). Output (rows, 2).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(GPD_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def gpd_terms(out: Tensor, y: Tensor) -> Tensor:
    """The generalized Pareto negative log-likelihood of each row: log s + (1 + 1 / xi) log(1 + xi y / s), s =
    softplus(out[:, 0]) + 1e-3, xi = 0.5 sigmoid(out[:, 1]) in (0, 0.5); where xi < 1e-4, (1 / xi) log(1 + xi z) is
    taken as its expansion at 0, z (1 - xi z / 2) (the exponential's NLL at xi = 0), so it stays finite near 0."""
    s, xi = F.softplus(out[:, 0]) + 1e-3, 0.5 * torch.sigmoid(out[:, 1])
    z = y / s
    log1p = torch.log1p(xi * z)
    small = xi < 1e-4
    ratio = torch.where(small, z * (1 - 0.5 * xi * z), log1p / torch.where(small, torch.ones_like(xi), xi))
    return s.log() + log1p + ratio


def gpd_nll(out: Tensor, y: Tensor) -> Tensor:
    """The generalized Pareto negative log-likelihood, mean over the rows."""
    return gpd_terms(out, y).mean()


def gpd_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The generalized Pareto negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return gpd_terms(out, y).sum()


def gpd_at_zero() -> float:
    """The generalized Pareto negative log-likelihood of raw outputs of 0 (s = ln 2, xi = 0.25): its level at init."""
    y = gpd_rows().y
    return float(gpd_nll(torch.zeros(len(y), 2), y))
