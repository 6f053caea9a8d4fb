"""The fortieth fresh half (fresh40, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``resmlp`` a ResMLP-like patch MLP (affine normalisation, a linear mixing of the 16 patches of 3 x 3, a
GELU MLP per patch, layer scale) naming a grating's orientation and period in 12 x 12 images, cross-entropy
over 6;
``bahdanau`` a GRU encoder-decoder with additive (Bahdanau) attention reversing sequences of 6 symbols of 8
(teacher forcing), cross-entropy per symbol;
``lasso`` a sparse logistic regression of 300 features (15 informative), binary cross-entropy plus an L1
penalty on the weights in the loss (the held-out loss without it);
``betareg`` a ReLU MLP regressing proportions in (0, 1) with the Beta negative log-likelihood (a mean and a
precision per row; below 0 when trained).
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


RESMLP_SIZE, RESMLP_PATCH, RESMLP_CLASSES = 12, 3, 6
"""Images of 12 x 12 pixels cut into 16 patches of 3 x 3; 6 classes, a grating's orientation and period (ln 6 = 1.79)."""


@lru_cache(maxsize=None)
def resmlp_gratings(n: int = 6000, seed: int = 411, *, n_val: int = 600, batch_size: int = 32,
                    train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Grating classification: a sinusoidal grating at one of 3 orientations (0, 60, 120 degrees) and 2 periods (3 and 6
    pixels), the class one of those 6, of random phase and amplitude 0.4-0.9, plus N(0, 1) noise per pixel; 5% of the
    labels are random (a floor). x: (images, 1, 12, 12); y: (images,). ``train_rows``: keep only that many training
    images; ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = RESMLP_SIZE
    grid = torch.arange(s, dtype=torch.float32)
    y = torch.randint(RESMLP_CLASSES, (total,), generator=g)
    angle = (y % 3).float() * (math.pi / 3)
    period = torch.where(y < 3, 3.0, 6.0)
    phase = 2 * math.pi * torch.rand(total, generator=g)
    amp = 0.4 + 0.5 * torch.rand(total, generator=g)
    along = grid[None, :, None] * angle.cos()[:, None, None] + grid[None, None, :] * angle.sin()[:, None, None]
    wave = amp[:, None, None] * torch.sin(2 * math.pi * along / period[:, None, None] + phase[:, None, None])
    x = (wave + torch.randn(total, s, s, generator=g))[:, None]
    y = flip_labels(y, RESMLP_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "grating classification of 12 x 12 images (a ResMLP)", RESMLP_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, RESMLP_CLASSES, batch_size)
    return data


class ResMLPAffine(nn.Module):
    """ResMLP's affine normalisation: alpha * x + beta per channel (alpha 1, beta 0 at init), no statistics."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.alpha = nn.Parameter(torch.ones(dim))
        self.beta = nn.Parameter(torch.zeros(dim))

    def forward(self, x: Tensor) -> Tensor:
        return self.alpha * x + self.beta


class ResMLPNet(nn.Module):
    """A ResMLP-like patch MLP: ``embed`` (a 3 x 3 patch, 9 -> 32) of the 16 patches, 2 blocks of (affine, a linear
    mixing of the 16 patches, layer scale 0.1, residual; affine, a GELU MLP 32-64-32 per patch, layer scale 0.1,
    residual), a final affine, the mean over the patches, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 6 classes.
    Output (images, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        tokens, dim = (RESMLP_SIZE // RESMLP_PATCH) ** 2, 32
        self.embed = nn.Linear(RESMLP_PATCH**2, dim)
        self.blocks = nn.ModuleList()
        for _ in range(2):
            self.blocks.append(nn.ModuleDict({
                "aff1": ResMLPAffine(dim), "mix": nn.Linear(tokens, tokens), "aff2": ResMLPAffine(dim),
                "up": nn.Linear(dim, 2 * dim), "down": nn.Linear(2 * dim, dim)}))  # fmt: skip
        self.scales = nn.Parameter(torch.full((2, 2, dim), 0.1))
        self.final = ResMLPAffine(dim)
        self.fc = nn.Linear(dim, 32)
        self.head = nn.Linear(32, RESMLP_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.embed(F.unfold(x, RESMLP_PATCH, stride=RESMLP_PATCH).transpose(1, 2))  # (images, 16, 32)
        for i, b in enumerate(self.blocks):
            h = h + self.scales[i, 0] * b["mix"](b["aff1"](h).transpose(1, 2)).transpose(1, 2)
            h = h + self.scales[i, 1] * b["down"](F.gelu(b["up"](b["aff2"](h))))
        out: Tensor = self.head(F.relu(self.fc(self.final(h).mean(1))))
        return out


def resmlp_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


BAHDANAU_LENGTH, BAHDANAU_VOCAB = 6, 8
"""Sequences of 6 tokens of 8 symbols (ln 8 = 2.08 per token at chance); the decoder's start symbol is 8."""


@lru_cache(maxsize=None)
def bahdanau_pairs(n: int = 6000, seed: int = 412, *, n_val: int = 800, batch_size: int = 32,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Sequence reversal: a source of 6 random symbols (of 8); the target is the source reversed, 10% of the target
    symbols replaced by random ones (a floor). x: (rows, 12) the source then the teacher-forced decoder input (the start
    symbol 8, then the clean target's first 5 symbols); y: (rows, 6). ``train_rows``: keep only that many rows."""
    g = torch.Generator().manual_seed(seed)
    total, t = n + n_val, BAHDANAU_LENGTH
    src = torch.randint(BAHDANAU_VOCAB, (total, t), generator=g)
    rev = src.flip(1)
    tgt = rev
    dec_in = torch.cat([torch.full((total, 1), BAHDANAU_VOCAB), tgt[:, :-1]], 1)
    noisy = torch.where(torch.rand(total, t, generator=g) < 0.1, torch.randint(BAHDANAU_VOCAB, (total, t), generator=g), tgt)
    data = split(torch.cat([src, dec_in], 1), noisy, n, "sequence reversal (a GRU encoder-decoder, additive attention)",
                 BAHDANAU_VOCAB, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, BAHDANAU_VOCAB, batch_size)
    return data


class BahdanauSeq2Seq(nn.Module):
    """A GRU encoder-decoder with additive (Bahdanau) attention: ``embed`` (9 symbols -> 16), a GRU ``encoder`` (16 ->
    32), a GRU cell ``decoder`` fed the previous symbol and the context, the context the encoder states weighted by
    softmax(v^T tanh(W_q q + W_k k)), then a ReLU layer ``fc`` over (state, context) (64 -> 32) and a ``head`` to the 8
    symbols. Output (rows, 6, 8). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(BAHDANAU_VOCAB + 1, 16)
        self.encoder = nn.GRU(16, 32, batch_first=True)
        self.decoder = nn.GRUCell(16 + 32, 32)
        self.w_q, self.w_k, self.v = nn.Linear(32, 32, bias=False), nn.Linear(32, 32), nn.Linear(32, 1, bias=False)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, BAHDANAU_VOCAB)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        src, dec_in = x[:, :BAHDANAU_LENGTH], x[:, BAHDANAU_LENGTH:]
        keys, last = self.encoder(self.embed(src))
        state, projected, emb, outs = last[0], self.w_k(keys), self.embed(dec_in), []
        context = keys.mean(1)
        for i in range(BAHDANAU_LENGTH):
            state = self.decoder(torch.cat([emb[:, i], context], 1), state)
            weights = torch.softmax(self.v(torch.tanh(self.w_q(state)[:, None] + projected)).squeeze(2), 1)
            context = (weights[:, :, None] * keys).sum(1)
            outs.append(F.relu(self.fc(torch.cat([state, context], 1))))
        out: Tensor = self.head(torch.stack(outs, 1))
        return out


def bahdanau_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the target symbols summed over the batch's sequences and positions (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


LASSO_FEATURES, LASSO_ACTIVE, LASSO_PENALTY = 300, 15, 0.01
"""300 features, 15 of them informative; the L1 penalty's weight."""


@lru_cache(maxsize=None)
def lasso_rows(n: int = 1500, seed: int = 413, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Sparse binary classification: 300 features N(0, 1), the logit x . w with 15 nonzero weights (+-0.8), the label
    Bernoulli(sigmoid(logit)) (a floor). x: (rows, 300); y: (rows,) 0/1 floats. ``nan_rows``: that share of the training
    rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    w = torch.zeros(LASSO_FEATURES)
    w[torch.randperm(LASSO_FEATURES, generator=g)[:LASSO_ACTIVE]] = 0.8 * (torch.randint(2, (LASSO_ACTIVE,), generator=g) * 2 - 1)
    x = torch.randn(total, LASSO_FEATURES, generator=g)
    y = (torch.rand(total, generator=g) < torch.sigmoid(x @ w)).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 40] = float("nan")
    return split(x, y, n, "sparse logistic regression of high-dimensional rows (an L1 penalty)", None, batch_size)


class LassoLogistic(nn.Module):
    """A logistic regression ``head`` (300 -> 1). Output (rows, 2): the logit, and the L1 penalty LASSO_PENALTY x sum |w|
    of the weights repeated on every row (the loss adds it)."""

    def __init__(self) -> None:
        super().__init__()
        self.head = nn.Linear(LASSO_FEATURES, 1)

    def forward(self, x: Tensor) -> Tensor:
        logit = self.head(x)
        penalty = LASSO_PENALTY * self.head.weight.abs().sum()
        return torch.cat([logit, penalty.expand(len(x), 1)], 1)


def lasso_objective(out: Tensor, y: Tensor) -> Tensor:
    """The training objective: binary cross-entropy with logits (mean over the rows) plus the L1 penalty."""
    return F.binary_cross_entropy_with_logits(out[:, 0], y) + out[0, 1]


def lasso_logloss(out: Tensor, y: Tensor) -> Tensor:
    """The held-out loss: binary cross-entropy with logits, mean over the rows (no penalty)."""
    return F.binary_cross_entropy_with_logits(out[:, 0], y)


def lasso_objective_summed(out: Tensor, y: Tensor) -> Tensor:
    """The binary cross-entropy summed over the batch's rows, plus the L1 penalty."""
    return F.binary_cross_entropy_with_logits(out[:, 0], y, reduction="sum") + out[0, 1]


def lasso_at_init() -> float:
    """The held-out loss of a model predicting 0.5 (ln 2), plus the L1 penalty of a default init: its level at step 1."""
    torch.manual_seed(0)
    return math.log(2) + float(LASSO_PENALTY * LassoLogistic().head.weight.detach().abs().sum())


BETAREG_FEATURES = 10
"""Rows of 10 features."""


@lru_cache(maxsize=None)
def betareg_rows(n: int = 4000, seed: int = 414, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Regression of proportions: 10 features N(0, 1); f = 1.2 sin(x0) + x1 x2 + 0.6 x3 - 0.4 x4^2, standardised; the
    target y ~ Beta(20 mu, 20 (1 - mu)) with mu = sigmoid(1.8 f), clamped to [0.005, 0.995] (a floor).
    x: (rows, 10); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, BETAREG_FEATURES, generator=g)
    f = 1.2 * torch.sin(x[:, 0]) + x[:, 1] * x[:, 2] + 0.6 * x[:, 3] - 0.4 * x[:, 4] ** 2
    mu = torch.sigmoid(1.8 * (f - f.mean()) / f.std())
    a = torch._standard_gamma(20 * mu, generator=g)
    b = torch._standard_gamma(20 * (1 - mu), generator=g)
    y = (a / (a + b)).clamp(0.005, 0.995)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    return split(x, y, n, "regression of proportions in (0, 1) (an MLP, the Beta negative log-likelihood)", None, batch_size)


class BetaRegMLP(nn.Module):
    """A ReLU MLP to a Beta distribution: ``inp`` (10 -> 64), ``hidden`` (64 -> 64), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the mean's logit and the precision's pre-activation. Output (rows, 2). ``dead_bias`` < 0 starts
    fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(BETAREG_FEATURES, 64)
        self.hidden = nn.Linear(64, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.hidden(F.relu(self.inp(x))))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def betareg_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Beta negative log-likelihood of each row: mean mu = sigmoid(out0) (within 1e-6 of 0 and 1), precision
    phi = 10 softplus(out1) + 1e-3 (~6.9 at init), a = mu phi, b = (1 - mu) phi."""
    mu = torch.sigmoid(out[:, 0]).clamp(1e-6, 1 - 1e-6)
    phi = 10 * F.softplus(out[:, 1]) + 1e-3
    a, b = mu * phi, (1 - mu) * phi
    return torch.lgamma(a) + torch.lgamma(b) - torch.lgamma(phi) - (a - 1) * torch.log(y) - (b - 1) * torch.log1p(-y)


def betareg_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Beta negative log-likelihood, mean over the rows."""
    return betareg_terms(out, y).mean()


def betareg_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Beta negative log-likelihood summed over the batch's rows."""
    return betareg_terms(out, y).sum()


def betareg_at_init() -> float:
    """The Beta negative log-likelihood of the training targets under mu = 0.5 and phi = 10 ln 2: its level at init."""
    y = betareg_rows().y
    return float(betareg_nll(torch.zeros(len(y), 2), y))
