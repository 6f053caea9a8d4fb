"""The sixty-second fresh half (fresh60, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


MAMBA_VOCAB, MAMBA_LENGTH = 16, 16
"""Sequences of 17 tokens of a vocabulary of 16 (ln 16 = 2.77 at chance): the first 16 read, the next token of each
predicted."""


@lru_cache(maxsize=None)
def mamba_tokens(n: int = 3000, seed: int = 601, *, n_val: int = 500, batch_size: int = 32,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Token sequences of a noisy second-order grammar: a fixed random table sends each pair of the last two tokens to a
    next token, followed with probability 0.7 (else a uniform random token), and every 8th token repeats the token 8
    back (a copy the model must remember across the noise). x: (sequences, 16); y: (sequences, 16), x shifted by one.
    ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, v, steps = n + n_val, MAMBA_VOCAB, MAMBA_LENGTH + 1
    table = torch.randint(v, (v, v), generator=g)
    seq = torch.zeros(total, steps, dtype=torch.long)
    seq[:, :2] = torch.randint(v, (total, 2), generator=g)
    for t in range(2, steps):
        follow = table[seq[:, t - 2], seq[:, t - 1]]
        rand = torch.randint(v, (total,), generator=g)
        nxt = torch.where(torch.rand(total, generator=g) < 0.7, follow, rand)
        if t % 8 == 0 and t >= 8:
            nxt = seq[:, t - 8]
        seq[:, t] = nxt
    data = split(seq[:, :-1].clone(), seq[:, 1:].clone(), n, "next-token prediction on a noisy grammar (a Mamba-like selective state-space LM)",
                 v, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, v, batch_size)
    return data


class RMSNorm(nn.Module):
    """RMSNorm: x / sqrt(mean(x^2) + 1e-5) times a learned gain."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * self.weight
        return out


class MambaBlock(nn.Module):
    """A Mamba block (Gu & Dao 2023), pre-norm: RMSNorm, an input projection (d -> 2 x 2d: the stream and its gate), a
    causal depthwise convolution of 4 steps and SiLU on the stream, a selective scan (the step size delta by a softplus
    of a rank-4 projection, B and C of the input, 4 states per channel, A = -exp(A_log) diagonal and negative real,
    zero-order hold: h <- exp(delta A) h + delta B x, y = C h + D x), gated by SiLU of the gate, an output projection
    back to d, added to the residual."""

    def __init__(self, d: int = 16, states: int = 4, rank: int = 4, kernel: int = 4) -> None:
        super().__init__()
        inner = 2 * d
        self.states, self.rank = states, rank
        self.norm = RMSNorm(d)
        self.in_proj = nn.Linear(d, 2 * inner)
        self.conv = nn.Conv1d(inner, inner, kernel, groups=inner, padding=kernel - 1)
        self.x_proj = nn.Linear(inner, rank + 2 * states)
        self.dt_proj = nn.Linear(rank, inner)
        self.A_log = nn.Parameter(torch.log(torch.arange(1, states + 1).float()).repeat(inner, 1))
        self.D = nn.Parameter(torch.ones(inner))
        self.out_proj = nn.Linear(inner, d)

    def forward(self, h: Tensor) -> Tensor:
        b, length, _ = h.shape
        x, z = self.in_proj(self.norm(h)).chunk(2, -1)
        x = F.silu(self.conv(x.transpose(1, 2))[..., :length].transpose(1, 2))
        dt, bb, cc = self.x_proj(x).split([self.rank, self.states, self.states], -1)
        delta = F.softplus(self.dt_proj(dt))  # (b, T, inner)
        a = -torch.exp(self.A_log)  # (inner, states)
        decay = torch.exp(delta[..., None] * a)  # (b, T, inner, states)
        drive = delta[..., None] * bb[:, :, None, :] * x[..., None]
        s = torch.zeros(b, x.shape[-1], self.states)
        ys = []
        for t in range(length):
            s = decay[:, t] * s + drive[:, t]
            ys.append((s * cc[:, t, None, :]).sum(-1))
        y = (torch.stack(ys, 1) + x * self.D) * F.silu(z)
        out: Tensor = h + self.out_proj(y)
        return out


class MambaLM(nn.Module):
    """A tiny Mamba-like language model: token embeddings (16 -> 16), 2 Mamba blocks (``MambaBlock``), a final RMSNorm,
    a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 16 tokens at every position. Output (sequences, 16, 16).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 16
        self.embed = nn.Embedding(MAMBA_VOCAB, d)
        self.blocks = nn.ModuleList(MambaBlock(d) for _ in range(2))
        self.norm = RMSNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, MAMBA_VOCAB)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.embed(x)
        for block in self.blocks:
            h = block(h)
        out: Tensor = self.head(F.relu(self.fc(self.norm(h))))
        return out


def mamba_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The next-token cross-entropy summed over the batch's sequences and positions (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


DIN_ITEMS, DIN_CATEGORIES, DIN_HISTORY = 60, 6, 10
"""60 items in 6 categories; a user's last 10 behaviours (items) and a candidate item; a click or not (ln 2 = 0.69 at a
probability of 0.5)."""


@lru_cache(maxsize=None)
def din_clicks(n: int = 8000, seed: int = 603, *, n_val: int = 1000, batch_size: int = 64, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic clicks that depend on the user's interest in the candidate: each item a category (10 each) and a
    popularity N(0, 0.5^2); a user 2 favourite categories, each behaviour of the history from them (80%) or any item;
    an activity level N(0, 1). The click's logit -2.5 + 7 x (the recency-weighted share of the history in the
    candidate's category, weights 0.5-1.5 from oldest to newest) + the candidate's popularity + 0.3 x the activity,
    the click drawn from it. x: (rows, 12) as floats: the activity, the candidate's id, the 10 behaviours' ids (oldest
    first); y: (rows,) clicks 0/1. ``nan_rows``: that share of the training rows has a missing (NaN) activity;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total, k = n + n_val, DIN_HISTORY
    category = torch.arange(DIN_ITEMS) % DIN_CATEGORIES
    popularity = 0.5 * torch.randn(DIN_ITEMS, generator=g)
    per_cat = DIN_ITEMS // DIN_CATEGORIES
    favourite = torch.stack([torch.randperm(DIN_CATEGORIES, generator=g)[:2] for _ in range(total)])
    pick = favourite.gather(1, torch.randint(2, (total, k), generator=g))
    liked = pick + DIN_CATEGORIES * torch.randint(per_cat, (total, k), generator=g)
    anything = torch.randint(DIN_ITEMS, (total, k), generator=g)
    history = torch.where(torch.rand(total, k, generator=g) < 0.8, liked, anything)
    candidate = torch.randint(DIN_ITEMS, (total,), generator=g)
    activity = torch.randn(total, generator=g)
    weights = torch.linspace(0.5, 1.5, k)
    share = ((category[history] == category[candidate][:, None]).float() * weights).sum(1) / weights.sum()
    logit = -2.5 + 7 * share + popularity[candidate] + 0.3 * activity
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    x = torch.cat([activity[:, None], candidate[:, None].float(), history.float()], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0] = float("nan")
    data = split(x, y, n, "click-through-rate prediction from a user's behaviours (a Deep-Interest-Network-like model)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DINNet(nn.Module):
    """A tiny Deep-Interest-Network-like CTR model (Zhou et al. 2018): item embeddings (60 -> 12) of the candidate and
    of the 10 behaviours, an activation unit per behaviour (an MLP over [candidate, behaviour, their difference, their
    product] 48 -> 24, PReLU, -> 1, no softmax) weighting it, the weighted sum pooled; an MLP over [pooled interest,
    candidate, activity] (25 -> 32, PReLU), a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the click's logit. Output
    (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 12
        self.embed = nn.Embedding(DIN_ITEMS, d)
        self.att_in, self.att_act, self.att_out = nn.Linear(4 * d, 24), nn.PReLU(24), nn.Linear(24, 1)
        self.mlp, self.prelu = nn.Linear(2 * d + 1, 32), nn.PReLU(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        activity, ids = x[:, :1], x[:, 1:].long()
        c, hist = self.embed(ids[:, 0]), self.embed(ids[:, 1:])
        cc = c[:, None].expand_as(hist)
        a = self.att_in(torch.cat([cc, hist, cc - hist, cc * hist], -1))
        w = self.att_out(self.att_act(a.reshape(-1, a.shape[-1])).reshape(a.shape))  # (rows, 10, 1)
        pooled = (w * hist).sum(1)
        h = self.prelu(self.mlp(torch.cat([pooled, c, activity], 1)))
        out: Tensor = self.head(F.relu(self.fc(h)))[:, 0]
        return out


def din_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the clicks, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


def din_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the clicks summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


DPN_SIZE, DPN_CLASSES = 16, 4
"""16 x 16 grey images of 4 shapes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def dpn_images(n: int = 4000, seed: int = 605, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Which shape an image holds: a ring, a filled disc, a square outline or a filled square (the class), of radius
    (half side) 3-5 pixels at a random centre, at a brightness of 0.6-1.2, plus N(0, 0.45^2) noise per pixel; 5% random
    labels (a floor). x: (images, 1, 16, 16); y: (images,). ``nan_rows``: that share of the training images has a
    missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, DPN_SIZE
    y = torch.randint(DPN_CLASSES, (total,), generator=g)
    rows = torch.arange(s).float()[None, :, None]
    cols = torch.arange(s).float()[None, None, :]
    radius = (3 + 2 * torch.rand(total, generator=g))[:, None, None]
    cy = (radius[:, 0, 0] + 0.5 + (s - 1 - 2 * radius[:, 0, 0]) * torch.rand(total, generator=g))[:, None, None]
    cx = (radius[:, 0, 0] + 0.5 + (s - 1 - 2 * radius[:, 0, 0]) * torch.rand(total, generator=g))[:, None, None]
    round_d = torch.sqrt((rows - cy) ** 2 + (cols - cx) ** 2)
    square_d = torch.maximum((rows - cy).abs(), (cols - cx).abs())
    dist = torch.where((y < 2)[:, None, None], round_d, square_d)
    filled = (dist <= radius).float()
    outline = ((dist <= radius) & (dist > radius - 1.2)).float()
    shape = torch.where((y % 2 == 1)[:, None, None], filled, outline)
    bright = (0.6 + 0.6 * torch.rand(total, generator=g))[:, None, None]
    x = (bright * shape + 0.45 * torch.randn(total, s, s, generator=g))[:, None].clone()
    y = flip_labels(y, DPN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 11] = float("nan")
    data = split(x, y, n, "shape classification (a Dual-Path-Network-like CNN)", DPN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, DPN_CLASSES, batch_size)
    return data


class MatConv2d(nn.Conv2d):
    """A stride-1 zero-padded convolution (nn.Conv2d's parameters and init) computed as unfold + a matrix product: on a
    CPU, oneDNN's convolutions slow down ~50x on non-finite values, which a blown-up run is full of."""

    def forward(self, x: Tensor) -> Tensor:
        b, _, hh, ww = x.shape
        k, g = self.kernel_size[0], self.groups
        cols = F.unfold(x, k, padding=k // 2).view(b, g, -1, hh * ww)
        w = self.weight.view(g, self.out_channels // g, -1)
        out = torch.einsum("bgil,goi->bgol", cols, w).reshape(b, self.out_channels, hh, ww)
        if self.bias is not None:
            out = out + self.bias[:, None, None]
        return out


class DualPathBlock(nn.Module):
    """A Dual Path Network block (Chen et al. 2017): a 1 x 1 convolution of the whole input (the residual part and the
    dense part concatenated) to a bottleneck, a grouped 3 x 3 convolution (4 groups), a 1 x 1 convolution to the
    residual width + the dense growth, the first two followed by ReLU; the first
    ``res`` output channels added to the input's residual part, the rest concatenated to its dense part."""

    def __init__(self, res: int, dense_in: int, growth: int, width: int = 16) -> None:
        super().__init__()
        self.res = res
        self.body = nn.Sequential(MatConv2d(res + dense_in, width, 1), nn.ReLU(), MatConv2d(width, width, 3, padding=1, groups=4),
                                  nn.ReLU(), MatConv2d(width, res + growth, 1))  # fmt: skip

    def forward(self, residual: Tensor, dense: Tensor) -> tuple[Tensor, Tensor]:
        out = self.body(torch.cat([residual, dense], 1))
        return F.relu(residual + out[:, : self.res]), torch.cat([dense, out[:, self.res :]], 1)


class DPNNet(nn.Module):
    """A tiny Dual-Path-Network-like CNN: a stem (3 x 3 convolution 1 -> 16, ReLU, a 2 x 2 max pooling, split into a
    residual part of 12 channels and a dense part of 4), 2 dual path blocks at 8 x 8 (growth 4), a 2 x 2 max pooling, 2
    more at 4 x 4, the residual and dense parts concatenated (12 + 20), global average pooling, a ReLU layer ``fc`` (32 -> 32)
    and a ``head`` to the 4 classes. Output (images, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Sequential(MatConv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.blocks = nn.ModuleList(DualPathBlock(12, 4 + 4 * i, 4) for i in range(4))
        self.fc = nn.Linear(12 + 4 + 4 * 4, 32)
        self.head = nn.Linear(32, DPN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.stem(x)
        residual, dense = h[:, :12], h[:, 12:]
        for i, block in enumerate(self.blocks):
            if i == 2:
                residual, dense = F.max_pool2d(residual, 2), F.max_pool2d(dense, 2)
            residual, dense = block(residual, dense)
        pooled = torch.cat([residual, dense], 1).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(pooled)))
        return out


def dpn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


BETABIN_FEATURES = 8
"""Rows of 8 features; a count of successes out of 5-40 trials."""


@lru_cache(maxsize=None)
def betabinomial_rows(n: int = 4000, seed: int = 607, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                      train_rows: int | None = None) -> Data:  # fmt: skip
    """Overdispersed counts: 8 features N(0, 1); a number of trials uniform in 5-40; a mean sigmoid(1.5 sin(x0) + 1.2 x1
    - 0.8 x2 x3) and a concentration exp(1.5 + 0.6 x4); a success probability drawn from that beta (through Gamma draws),
    the count from a binomial of it. x: (rows, 8); y: (rows, 2): the count and the trials. ``nan_rows``: that share of
    the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, BETABIN_FEATURES, generator=g)
    trials = torch.randint(5, 41, (total,), generator=g).float()
    mean = torch.sigmoid(1.5 * torch.sin(x[:, 0]) + 1.2 * x[:, 1] - 0.8 * x[:, 2] * x[:, 3])
    conc = torch.exp(1.5 + 0.6 * x[:, 4])
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        ga = torch._standard_gamma(mean * conc)
        gb = torch._standard_gamma((1 - mean) * conc)
    p = (ga / (ga + gb).clamp_min(1e-12)).clamp(0.0, 1.0)
    count = (torch.rand(total, 40, generator=g) < p[:, None]).float()
    count = (count * (torch.arange(40)[None, :] < trials[:, None]).float()).sum(1)
    y = torch.stack([count, trials], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "regression of overdispersed counts (an MLP, the beta-binomial negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BetaBinomialMLP(nn.Module):
    """A ReLU MLP of a beta-binomial: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 2): the logit of the mean and the raw concentration. Output (rows, 2). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(BETABIN_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def betabinomial_terms(out: Tensor, y: Tensor) -> Tensor:
    """The beta-binomial negative log-likelihood of each row (nats): -[log C(n, k) + log B(k + a, n - k + b) - log B(a, b)], a = mu phi, b = (1 - mu) phi, mu = sigmoid(out[:, 0])
    (kept in [1e-4, 1 - 1e-4]), phi = softplus(out[:, 1]) + 1e-3; k = y[:, 0], n = y[:, 1]."""
    mu = torch.sigmoid(out[:, 0]).clamp(1e-4, 1 - 1e-4)
    phi = F.softplus(out[:, 1]) + 1e-3
    a, b = mu * phi, (1 - mu) * phi
    k, trials = y[:, 0], y[:, 1]

    def log_beta(p: Tensor, q: Tensor) -> Tensor:
        return torch.lgamma(p) + torch.lgamma(q) - torch.lgamma(p + q)

    log_choose = torch.lgamma(trials + 1) - torch.lgamma(k + 1) - torch.lgamma(trials - k + 1)
    return -(log_choose + log_beta(k + a, trials - k + b) - log_beta(a, b))


def betabinomial_nll(out: Tensor, y: Tensor) -> Tensor:
    """The beta-binomial negative log-likelihood, mean over the rows."""
    return betabinomial_terms(out, y).mean()


def betabinomial_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The beta-binomial negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return betabinomial_terms(out, y).sum()


def betabinomial_at_zero() -> float:
    """The negative log-likelihood of raw outputs of 0 (a mean of 0.5, a concentration of ln 2): its level at init."""
    y = betabinomial_rows().y
    return float(betabinomial_nll(torch.zeros(len(y), 2), y))
