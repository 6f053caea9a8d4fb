"""The sixty-ninth fresh half (fresh67, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


GLOVE_VOCAB, GLOVE_TOPICS, GLOVE_DIM, GLOVE_XMAX = 160, 8, 16, 10.0
"""A vocabulary of 160 words (16 common, 8 topics of 18), word vectors of 16 dimensions, GloVe's weighting capped at
x_max = 10 co-occurrences."""


@lru_cache(maxsize=None)
def glove_pairs(sentences: int = 12000, seed: int = 671, *, val_share: float = 0.2, batch_size: int = 128,
                nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Co-occurrence counts of a synthetic corpus with planted topics: 12,000 sentences of 10 words, each of one topic
    drawn at random; a word is one of the topic's 18 (Zipf weights, 75%) or one of the 16 common words (Zipf weights,
    25%); each pair of words at distance d <= 3 in a sentence adds 1 / d to both (i, j) and (j, i). The nonzero pairs
    are shuffled, a fifth held out. x: (pairs, 2) word ids (float, for the NaN of a missing id); y: (pairs,) the
    co-occurrence counts X_ij. ``nan_rows``: that share of the training pairs has a missing (NaN) id; ``train_rows``:
    keep only that many training pairs."""
    g = torch.Generator().manual_seed(seed)
    common, per = 16, (GLOVE_VOCAB - 16) // GLOVE_TOPICS
    length = 10
    topic = torch.randint(GLOVE_TOPICS, (sentences, 1), generator=g)
    zipf_t = 1.0 / torch.arange(1, per + 1).float()
    zipf_c = 1.0 / torch.arange(1, common + 1).float()
    in_topic = torch.multinomial(zipf_t, sentences * length, replacement=True, generator=g).reshape(sentences, length)
    shared = torch.multinomial(zipf_c, sentences * length, replacement=True, generator=g).reshape(sentences, length)
    words = torch.where(torch.rand(sentences, length, generator=g) < 0.75, common + topic * per + in_topic, shared)
    counts = torch.zeros(GLOVE_VOCAB, GLOVE_VOCAB)
    for d in (1, 2, 3):
        a, b = words[:, :-d].flatten(), words[:, d:].flatten()
        w = torch.full((len(a),), 1.0 / d)
        counts.index_put_((a, b), w, accumulate=True)
        counts.index_put_((b, a), w, accumulate=True)
    i, j = torch.nonzero(counts > 0, as_tuple=True)
    order = torch.randperm(len(i), generator=g)
    i, j = i[order], j[order]
    x = torch.stack([i, j], 1).float()
    y = counts[i, j]
    n = int(round(len(i) * (1 - val_share)))
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "GloVe word vectors of co-occurrence counts (weighted least squares of log counts)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GloVe(nn.Module):
    """GloVe (Pennington et al. 2014): word vectors ``w`` and context vectors ``c`` (160 x 16, uniform in +-0.5 / 16),
    word and context biases (zeros); the prediction of log X_ij is w_i . c_j + b_i + b~_j. A missing (NaN) id predicts
    NaN. Output (pairs,)."""

    def __init__(self, dim: int = GLOVE_DIM) -> None:
        super().__init__()
        self.w, self.c = nn.Embedding(GLOVE_VOCAB, dim), nn.Embedding(GLOVE_VOCAB, dim)
        self.bw, self.bc = nn.Embedding(GLOVE_VOCAB, 1), nn.Embedding(GLOVE_VOCAB, 1)
        with torch.no_grad():
            self.w.weight.uniform_(-0.5 / dim, 0.5 / dim)
            self.c.weight.uniform_(-0.5 / dim, 0.5 / dim)
            self.bw.weight.zero_()
            self.bc.weight.zero_()

    def forward(self, x: Tensor) -> Tensor:
        ids = torch.nan_to_num(x).long()
        i, j = ids[:, 0], ids[:, 1]
        out = (self.w(i) * self.c(j)).sum(-1) + self.bw(i)[:, 0] + self.bc(j)[:, 0]
        return torch.where(torch.isnan(x).any(1), torch.full_like(out, float("nan")), out)


def glove_terms(out: Tensor, y: Tensor) -> Tensor:
    """GloVe's weighted squared error of each pair: f(X_ij) (prediction - log X_ij)^2, f(x) = min(1, (x / x_max)^0.75)."""
    weight = (y / GLOVE_XMAX).pow(0.75).clamp(max=1.0)
    return weight * (out - y.log()) ** 2


def glove_loss(out: Tensor, y: Tensor) -> Tensor:
    """GloVe's weighted least squares of the log co-occurrence counts, mean over the pairs."""
    return glove_terms(out, y).mean()


def glove_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """GloVe's weighted least squares summed over the batch's pairs (reduction='sum')."""
    return glove_terms(out, y).sum()


def glove_at_zero() -> float:
    """GloVe's loss of predictions of 0 (its level at init: the vectors' products near 0, the biases 0)."""
    y = glove_pairs().y
    return float(glove_loss(torch.zeros(len(y)), y))


VIC_DIM, VIC_LATENT, VIC_REP, VIC_EMB = 12, 3, 32, 48
VIC_INV, VIC_VAR, VIC_COV = 25.0, 25.0, 1.0
"""Points of 12 features on a 3-D curved manifold; 32-d representations, 48-d expander embeddings; VICReg's weights 25
(invariance), 25 (variance), 1 (covariance)."""


@lru_cache(maxsize=None)
def vicreg_views(n: int = 3000, seed: int = 673, *, n_val: int = 512, batch_size: int = 64, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Two augmented views of synthetic points for VICReg: a point is [sin, cos] features of 3 latent angles u (uniform
    in [0, 2 pi)) mixed by a random 12 x 6 matrix M (entries N(0, 0.5^2)); each view adds N(0, 0.25^2) noise per feature,
    scales each feature by 0.8-1.2 and shifts the point by a shared N(0, 0.2^2) offset, drawn once per view. x: (points,
    2, 12); y: zeros (the loss is self-supervised). ``nan_rows``: that share of the training points has a missing (NaN)
    feature in its second view; ``train_rows``: keep only that many training points."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    m = 0.5 * torch.randn(VIC_DIM, 2 * VIC_LATENT, generator=g)
    u = 2 * math.pi * torch.rand(total, VIC_LATENT, generator=g)
    clean = torch.cat([u.sin(), u.cos()], 1) @ m.T
    views = []
    for _ in range(2):
        scale = 0.8 + 0.4 * torch.rand(total, VIC_DIM, generator=g)
        shift = 0.2 * torch.randn(total, 1, generator=g)
        views.append(clean * scale + shift + 0.25 * torch.randn(total, VIC_DIM, generator=g))
    x = torch.stack(views, 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1, 4] = float("nan")
    data = split(x, torch.zeros(total), n, "self-supervised (VICReg of two augmented views of points)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class VICReg(nn.Module):
    """VICReg's encoder and expander (Bardes et al. 2022, small), applied to each view alone: the encoder ``inp`` (12 ->
    64, ReLU) and a ReLU layer ``fc`` (64 -> 32: the representation); the expander ``expand`` (32 -> 64, no bias),
    BatchNorm without affine parameters, ReLU, and ``head`` (64 -> 48, no bias). Output (points, 2, 48): the two views'
    embeddings. The layers after fc have no bias, so the embeddings of dead units are exactly 0. ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(VIC_DIM, 64)
        self.fc = nn.Linear(64, VIC_REP)
        self.expand = nn.Linear(VIC_REP, 64, bias=False)
        self.bn = nn.BatchNorm1d(64, affine=False)
        self.head = nn.Linear(64, VIC_EMB, bias=False)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def one(self, v: Tensor) -> Tensor:
        h = F.relu(self.fc(F.relu(self.inp(v))))
        out: Tensor = self.head(F.relu(self.bn(self.expand(h))))
        return out

    def forward(self, x: Tensor) -> Tensor:
        return torch.stack([self.one(x[:, 0]), self.one(x[:, 1])], 1)


def vicreg_std_cov(z: Tensor) -> tuple[Tensor, Tensor]:
    """VICReg's variance term (the mean over dimensions of relu(1 - std), std sqrt(var + 1e-4)) and covariance term (the
    squared off-diagonal covariances summed, over the dimension) of one view's embeddings."""
    z = z - z.mean(0)
    std = (z.var(0) + 1e-4).sqrt()
    cov = z.T @ z / (len(z) - 1)
    off = (cov**2).sum() - (torch.diagonal(cov) ** 2).sum()
    return F.relu(1 - std).mean(), off / z.shape[1]


def vicreg_loss(out: Tensor, y: Tensor) -> Tensor:
    """The VICReg loss of the batch: 25 x the invariance (the mean square difference of the two views' embeddings) + 25
    x the variance term + 1 x the covariance term, each of the last two the sum over the two views."""
    z1, z2 = out[:, 0], out[:, 1]
    (v1, c1), (v2, c2) = vicreg_std_cov(z1), vicreg_std_cov(z2)
    return VIC_INV * F.mse_loss(z1, z2) + VIC_VAR * (v1 + v2) + VIC_COV * (c1 + c2)


NYS_LENGTH, NYS_CLASSES, NYS_LANDMARKS, NYS_DIM, NYS_VOCAB = 32, 4, 8, 32, 8
"""Sequences of 32 tokens of 8 (4 symbols, 4 fillers), 4 classes (ln 4 = 1.39 at chance); 8 landmarks (segments of 4
positions), width 32."""


@lru_cache(maxsize=None)
def nys_sequences(n: int = 4000, seed: int = 675, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """The majority symbol of the second half: 32 tokens; the first 16 hold 7 copies of one symbol (0-3, a distractor),
    the last 16 hold 7 copies of another, the class, and each half 2 copies of each of 2 other symbols, at random places;
    the rest fillers (4-7) at random; 5% random labels (a floor). x: (sequences, 32) token ids (float, for the NaN of a
    missing token); y: (sequences,). ``nan_rows``: that share of the training sequences has a missing (NaN) token;
    ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, half = n + n_val, NYS_LENGTH // 2
    y = torch.randint(NYS_CLASSES, (total,), generator=g)
    distractor = (y + torch.randint(1, NYS_CLASSES, (total,), generator=g)) % NYS_CLASSES
    x = torch.randint(4, NYS_VOCAB, (total, NYS_LENGTH), generator=g)
    for part, major in ((0, distractor), (1, y)):
        others = (major[:, None] + torch.tensor([1, 2, 3])[None, :]) % NYS_CLASSES
        others = others.gather(1, torch.rand(total, 3, generator=g).argsort(1)[:, :2])
        fill = torch.cat([major[:, None].expand(-1, 7), others[:, :1].expand(-1, 2), others[:, 1:].expand(-1, 2)], 1)
        places = torch.rand(total, half, generator=g).argsort(1)[:, : fill.shape[1]] + part * half
        x.scatter_(1, places, fill)
    x = x.float()
    y = flip_labels(y, NYS_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 20] = float("nan")
    data = split(x, y, n, "the majority symbol of the second half (a Nystromformer-like encoder)", NYS_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, NYS_CLASSES, batch_size)
    return data


def nystrom_pinv(a: Tensor, iters: int = 6) -> Tensor:
    """The iterative Moore-Penrose pseudo-inverse of Nystromformer (Razavi et al.): Z_0 = A^T / (max row sum x max column
    sum), Z <- Z (13 I - A Z (15 I - A Z (7 I - A Z))) / 4."""
    eye = torch.eye(a.shape[-1])
    z = a.transpose(-1, -2) / (a.abs().sum(-1).amax(-1) * a.abs().sum(-2).amax(-1))[..., None, None]
    for _ in range(iters):
        az = a @ z
        z = 0.25 * z @ (13 * eye - az @ (15 * eye - az @ (7 * eye - az)))
    return z


class NystromAttention(nn.Module):
    """Nystrom self-attention (Xiong et al. 2021), 2 heads: the landmarks of the queries and keys their means over 8
    segments of 4 positions; softmax(Q K~^T / sqrt d) pinv(softmax(Q~ K~^T / sqrt d)) softmax(Q~ K^T / sqrt d) V, the
    pseudo-inverse by 6 Moore-Penrose iterations; an output projection."""

    def __init__(self, d: int = NYS_DIM, heads: int = 2) -> None:
        super().__init__()
        self.heads, self.dh = heads, d // heads
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)

    def forward(self, h: Tensor) -> Tensor:
        b, n, d = h.shape
        q, k, v = self.qkv(h).reshape(b, n, 3, self.heads, self.dh).permute(2, 0, 3, 1, 4)
        q = q / self.dh**0.5
        ql = q.reshape(b, self.heads, NYS_LANDMARKS, n // NYS_LANDMARKS, self.dh).mean(3)
        kl = k.reshape(b, self.heads, NYS_LANDMARKS, n // NYS_LANDMARKS, self.dh).mean(3)
        f = torch.softmax(q @ kl.transpose(-1, -2), -1)
        a = torch.softmax(ql @ kl.transpose(-1, -2), -1)
        bmat = torch.softmax(ql @ k.transpose(-1, -2), -1)
        mixed = f @ nystrom_pinv(a) @ (bmat @ v)
        out: Tensor = self.out(mixed.transpose(1, 2).reshape(b, n, d))
        return out


class Nystromformer(nn.Module):
    """A Nystromformer-like encoder classifier: token embeddings (8 tokens, width 32) plus learned position embeddings;
    one pre-LN block (Nystrom self-attention, a GELU MLP 32-64-32, each residual); a final LayerNorm, mean pooling over
    the 32 positions, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes. A missing (NaN) token embeds as
    NaN. Output (sequences, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = NYS_DIM) -> None:
        super().__init__()
        self.tok = nn.Embedding(NYS_VOCAB, d)
        self.pos = nn.Parameter(0.1 * torch.randn(NYS_LENGTH, d))
        self.ln1, self.ln2, self.ln3 = nn.LayerNorm(d), nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = NystromAttention(d)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, NYS_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        missing = torch.isnan(x)[..., None]
        h = self.tok(torch.nan_to_num(x).long())
        h = torch.where(missing, torch.full_like(h, float("nan")), h) + self.pos
        h = h + self.attn(self.ln1(h))
        h = h + self.mlp(self.ln2(h))
        out: Tensor = self.head(F.relu(self.fc(self.ln3(h).mean(1))))
        return out


def nys_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


TRUNC_FEATURES = 8
"""Rows of 8 features; the targets truncated below at 0 (rows whose draw fell below 0 never observed)."""


@lru_cache(maxsize=None)
def trunc_rows(n: int = 4000, seed: int = 677, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Targets truncated below at 0: 8 features N(0, 1); a draw N(mu, sigma^2), mu = 1.2 sin(x0) + 0.6 x1 x2 - 0.5 x3 +
    0.3, sigma = exp(0.3 x4 - 0.2); a row kept only where its draw is above 0 (rows drawn until enough are kept, about 70%
    are); x5-x7 noise. x: (rows, 8); y: (rows,) above 0. ``nan_rows``: that share of the training rows has a missing
    (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(3 * total, TRUNC_FEATURES, generator=g)
    mu = 1.2 * torch.sin(x[:, 0]) + 0.6 * x[:, 1] * x[:, 2] - 0.5 * x[:, 3] + 0.3
    sigma = torch.exp(0.3 * x[:, 4] - 0.2)
    y = mu + sigma * torch.randn(3 * total, generator=g)
    keep = torch.nonzero(y > 0).flatten()[:total]
    x, y = x[keep].clone(), y[keep].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "regression of targets truncated below at 0 (an MLP, the truncated-normal negative log-likelihood)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TruncMLP(nn.Module):
    """A ReLU MLP of a truncated-normal regressor: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the normal's mean and its raw scale (through a softplus). Output (rows, 2). ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(TRUNC_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def trunc_terms(out: Tensor, y: Tensor) -> Tensor:
    """The truncated-normal negative log-likelihood of each row: (y - mu)^2 / (2 s^2) + log s + log(2 pi) / 2 + log
    Phi(mu / s), the last the log of the normal's survival function at 0 (the likelihood divided by P(draw > 0));
    mu = out[:, 0], s = softplus(out[:, 1]) + 1e-3."""
    mu, s = out[:, 0], F.softplus(out[:, 1]) + 1e-3
    return (y - mu) ** 2 / (2 * s**2) + s.log() + 0.5 * math.log(2 * math.pi) + torch.special.log_ndtr(mu / s)


def trunc_nll(out: Tensor, y: Tensor) -> Tensor:
    """The truncated-normal negative log-likelihood, mean over the rows."""
    return trunc_terms(out, y).mean()


def trunc_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The truncated-normal negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return trunc_terms(out, y).sum()


def trunc_at_zero() -> float:
    """The truncated-normal negative log-likelihood of raw outputs of 0 (mu = 0, s = ln 2): its level at init."""
    y = trunc_rows().y
    return float(trunc_nll(torch.zeros(len(y), 2), y))


def vicreg_at_init() -> float:
    """The VICReg loss of the default init (seed 0) on the training points, all at once: its level at init."""
    data = vicreg_views()
    with torch.random.fork_rng(), torch.no_grad():
        torch.manual_seed(0)
        return float(vicreg_loss(VICReg()(data.x), data.y))
