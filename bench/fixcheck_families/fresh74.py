"""The seventy-sixth fresh half (fresh74, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


LAMBDA_SIZE, LAMBDA_CLASSES, LAMBDA_KEYS, LAMBDA_HEADS, LAMBDA_WINDOW = 16, 4, 16, 4, 5
"""16 x 16 images of a patch of two stripe textures on noise, 4 classes (the arrangement of the two textures: ln 4 =
1.39 at chance); lambda layers of 16 keys, 4 query heads and position lambdas over a local window of 5 x 5."""


@lru_cache(maxsize=None)
def lambdanet_images(n: int = 3000, seed: int = 741, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Textures and their arrangement in a 16 x 16 image: an 8 x 8 patch at a random place holds two halves of stripe
    textures of period 2 and random phase, one horizontal and one vertical (amplitude 1); the class is how they are
    arranged: 0 horizontal above vertical, 1 vertical above horizontal, 2 horizontal left of vertical, 3 vertical left
    of horizontal. Pixel noise N(0, 0.8^2), 6% random labels (a floor). x: (images, 1, 16, 16); y: (images,).
    ``nan_rows``: that share of the training images has a missing (NaN) pixel; ``train_rows``: keep only that many
    training images."""
    g = torch.Generator().manual_seed(seed)
    total, size = n + n_val, LAMBDA_SIZE
    x = 0.8 * torch.randn(total, 1, size, size, generator=g)
    y = torch.randint(LAMBDA_CLASSES, (total,), generator=g)
    idx = torch.arange(8)
    for r in range(total):
        top, left = torch.randint(size - 7, (2,), generator=g).tolist()
        p1, p2 = torch.randint(2, (2,), generator=g).tolist()
        horiz = (2.0 * ((idx[:, None] + p1) % 2) - 1.0).expand(8, 8)
        vert = (2.0 * ((idx[None, :] + p2) % 2) - 1.0).expand(8, 8)
        c = int(y[r])
        first, second = (horiz, vert) if c in (0, 2) else (vert, horiz)
        patch = torch.empty(8, 8)
        if c < 2:
            patch[:4], patch[4:] = first[:4], second[4:]
        else:
            patch[:, :4], patch[:, 4:] = first[:, :4], second[:, 4:]
        x[r, 0, top : top + 8, left : left + 8] += patch
    y = flip_labels(y, LAMBDA_CLASSES, 0.06, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 3, 3] = float("nan")
    data = split(x, y, n, "image classification of texture arrangements (a LambdaNetworks-like model)", LAMBDA_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, LAMBDA_CLASSES,
                    batch_size)  # fmt: skip
    return data


class LambdaLayer(nn.Module):
    """A lambda layer (Bello 2021) over the positions of an H x W feature map: 1 x 1 projections to queries (4 heads of
    16 keys), keys (16, softmax-normalised over the positions) and values (d / 4); the content lambda sum_m softmax(k)_m
    v_m^T (16 x d / 4, shared by every query) and a position lambda per query n, sum_m e_(n - m) v_m^T, from learned
    relative position embeddings e over a local 5 x 5 window (0 outside it); each query head applied to the sum of the
    two lambdas, the heads concatenated (d channels)."""

    def __init__(self, d: int, height: int, width: int, k: int = LAMBDA_KEYS, heads: int = LAMBDA_HEADS,
                 window: int = LAMBDA_WINDOW) -> None:  # fmt: skip
        super().__init__()
        self.k, self.heads, self.v = k, heads, d // heads
        self.q = nn.Conv2d(d, heads * k, 1, bias=False)
        self.key = nn.Conv2d(d, k, 1, bias=False)
        self.value = nn.Conv2d(d, self.v, 1, bias=False)
        self.rel = nn.Parameter(torch.randn(window * window, k) / k**0.5)
        rows, cols = torch.arange(height).repeat_interleave(width), torch.arange(width).repeat(height)
        dy, dx = rows[:, None] - rows[None, :], cols[:, None] - cols[None, :]
        r = window // 2
        inside = (dy.abs() <= r) & (dx.abs() <= r)
        self.register_buffer("idx", torch.where(inside, (dy + r) * window + dx + r, 0))
        self.register_buffer("inside", inside.float()[..., None])

    def forward(self, x: Tensor) -> Tensor:
        b, _, h, w = x.shape
        q = self.q(x).reshape(b, self.heads, self.k, h * w)
        keys = torch.softmax(self.key(x).reshape(b, self.k, h * w), -1)
        v = self.value(x).reshape(b, self.v, h * w)
        content = torch.einsum("bkm,bvm->bkv", keys, v)
        emb = self.rel[self.idx] * self.inside  # (n, m, k)
        position = torch.einsum("bhkn,nmk->bhnm", q, emb)  # q_n^T lambda_n = sum_m (q_n . e_(n - m)) v_m
        out = torch.einsum("bhkn,bkv->bhvn", q, content) + torch.einsum("bhnm,bvm->bhvn", position, v)
        return out.reshape(b, self.heads * self.v, h, w)


class LambdaNet(nn.Module):
    """A LambdaNetworks-like classifier (small): a conv stem (3 x 3, 1 -> 8, ReLU; 3 x 3 stride 2, 8 -> 32, ReLU) to 8
    x 8, 2 residual lambda layers (``LambdaLayer``, each followed by a ReLU), global average pooling, a ReLU layer
    ``fc`` (32 -> 32) and a ``head`` to the 4 classes. A missing (NaN) pixel gives NaN logits (the key softmax spreads
    it). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = 32) -> None:
        super().__init__()
        half = LAMBDA_SIZE // 2
        self.stem1, self.stem2 = nn.Conv2d(1, 8, 3, padding=1), nn.Conv2d(8, d, 3, stride=2, padding=1)
        self.lambdas = nn.ModuleList(LambdaLayer(d, half, half) for _ in range(2))
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, LAMBDA_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.stem2(F.relu(self.stem1(x))))
        for layer in self.lambdas:
            h = F.relu(h + layer(h))
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


def lambdanet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


SRU_VOCAB, SRU_LENGTH, SRU_CLASSES, SRU_DIM = 30, 40, 4, 32
"""Token sequences of 30-40 (padded with 0 to 40) over a vocabulary of 30 (0 the padding, 1 and 2 the markers A and B,
3-29 fillers), 4 classes (ln 4 = 1.39 at chance); SRU layers of 32."""


@lru_cache(maxsize=None)
def sru_sequences(n: int = 3000, seed: int = 743, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Token sequences whose class depends on counting and ordering: a length of 30-40 (the rest padding 0), filler
    tokens 3-29 uniform, and 1-5 markers A (token 1) and 1-5 markers B (token 2), never as many of each, at random
    places; the class is 2 [more A than B] + [the first marker is an A]. 6% random labels (a floor). x:
    (sequences, 40) the token ids (float, for the NaN of a missing token); y: (sequences,). ``nan_rows``: that share of
    the training sequences has a missing (NaN) token; ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.zeros(total, SRU_LENGTH)
    y = torch.zeros(total, dtype=torch.long)
    for r in range(total):
        length = 30 + int(torch.randint(11, (1,), generator=g))
        while True:
            a, b = (torch.randint(5, (2,), generator=g) + 1).tolist()
            if a != b:
                break
        seq = torch.randint(3, SRU_VOCAB, (length,), generator=g)
        places = torch.randperm(length, generator=g)[: a + b]
        marks = torch.tensor([1] * a + [2] * b)[torch.randperm(a + b, generator=g)]
        seq[places] = marks
        first = int(seq[(seq == 1) | (seq == 2)][0])
        x[r, :length] = seq.float()
        y[r] = 2 * int(a > b) + int(first == 1)
    y = flip_labels(y, SRU_CLASSES, 0.06, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "sequence classification by counting and ordering (a Simple Recurrent Unit)", SRU_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SRU_CLASSES,
                    batch_size)  # fmt: skip
    return data


class SRULayer(nn.Module):
    """A Simple Recurrent Unit layer (Lei et al. 2018): one matrix multiplication for all the time steps at once gives
    the candidate x~_t, the forget gate f_t = sigmoid(W_f x_t + b_f) and the reset gate r_t = sigmoid(W_r x_t + b_r);
    then the light elementwise recurrence c_t = f_t * c_(t-1) + (1 - f_t) * x~_t and the highway output h_t = r_t *
    tanh(c_t) + (1 - r_t) * x_t."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.proj = nn.Linear(d, 3 * d)

    def forward(self, x: Tensor) -> Tensor:
        cand, f, r = self.proj(x).chunk(3, -1)
        f, r = torch.sigmoid(f), torch.sigmoid(r)
        c = torch.zeros_like(x[:, 0])
        states = []
        for t in range(x.shape[1]):
            c = f[:, t] * c + (1 - f[:, t]) * cand[:, t]
            states.append(c)
        cs = torch.stack(states, 1)
        return r * torch.tanh(cs) + (1 - r) * x


class SRUNet(nn.Module):
    """An SRU sequence classifier: token embeddings (30 -> 32), 2 stacked SRU layers (``SRULayer``), the mean of the
    outputs over the sequence's tokens and its last token's output concatenated (64), a ReLU layer ``fc`` (64 -> 32)
    and a ``head`` to the 4 classes. A missing (NaN) token's NaN reaches its embedding (0 x NaN) and the recurrence
    carries it on. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = SRU_DIM) -> None:
        super().__init__()
        self.emb = nn.Embedding(SRU_VOCAB, d)
        self.layers = nn.ModuleList(SRULayer(d) for _ in range(2))
        self.fc = nn.Linear(2 * d, 32)
        self.head = nn.Linear(32, SRU_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        tokens = torch.nan_to_num(x).long()
        mask = (x != 0).float()
        h = self.emb(tokens) + 0.0 * x[..., None]
        for layer in self.layers:
            h = layer(h)
        lengths = mask.sum(1).clamp_min(1)
        mean = (h * mask[..., None]).sum(1) / lengths[:, None]
        last = h[torch.arange(len(x)), lengths.long() - 1]
        out: Tensor = self.head(F.relu(self.fc(torch.cat([mean, last], 1))))
        return out


def sru_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's sequences (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


AFM_FIELDS, AFM_CARD, AFM_DIM, AFM_ATTENTION = 10, 8, 8, 16
"""10 categorical fields of 8 values each, embeddings of 8, an attention network of 16 hidden units."""
AFM_PAIRS = ((0, 1), (2, 5), (3, 7), (4, 9), (6, 8), (1, 6), (2, 9), (0, 4))
AFM_WEIGHTS = (2.0, 1.6, 1.2, 1.0, 0.7, 0.5, 0.3, 0.2)
"""The field pairs whose interaction is planted in the clicks, and their unequal importance (each pair's effect
table's scale)."""


@lru_cache(maxsize=None)
def afm_rows(n: int = 16000, seed: int = 745, *, n_val: int = 2000, batch_size: int = 64, nan_rows: float = 0.0,
             train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic clicks from planted pairwise interactions of unequal importance: 10 categorical fields uniform over 8
    values; the click's logit is -0.8 + a first-order effect per field value (N(0, 0.3^2)) + for each of 8 planted
    field pairs the dot product of their two values' latent vectors (4, N(0, 0.5^2)) times the pair's importance (2.0
    down to 0.2); the click Bernoulli of its sigmoid. x: (rows, 10) the field values (float, for the NaN of a missing
    value); y: (rows,) the click. ``nan_rows``: that share of the training rows has a missing (NaN) field value;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    fields = torch.randint(AFM_CARD, (total, AFM_FIELDS), generator=g)
    first = 0.3 * torch.randn(AFM_FIELDS, AFM_CARD, generator=g)
    logit = -0.8 + first[torch.arange(AFM_FIELDS), fields].sum(1)
    latent = torch.randn(AFM_FIELDS, AFM_CARD, 4, generator=g) / 2
    for (i, j), weight in zip(AFM_PAIRS, AFM_WEIGHTS):
        logit = logit + weight * (latent[i, fields[:, i]] * latent[j, fields[:, j]]).sum(1)
    y = torch.bernoulli(torch.sigmoid(logit), generator=g)
    x = fields.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "click-through prediction (an Attentional Factorization Machine)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class AFM(nn.Module):
    """An Attentional Factorization Machine (Xiao et al. 2017): an embedding (8) per field value; the element-wise
    products e_i * e_j of all 45 field pairs; an attention network (``att`` 8 -> 16, ReLU, a score 16 -> 1, softmax over
    the pairs) pooling them into one vector of 8; the click's logit a global bias plus a first-order weight per field
    value plus the ``head`` projection (8 -> 1) of the pooled interactions. Output (rows,). A missing (NaN) value's NaN
    reaches its embedding (0 x NaN) and the logit."""

    def __init__(self, d: int = AFM_DIM) -> None:
        super().__init__()
        self.emb = nn.Embedding(AFM_FIELDS * AFM_CARD, d)
        self.first = nn.Embedding(AFM_FIELDS * AFM_CARD, 1)
        nn.init.zeros_(self.first.weight)
        self.bias = nn.Parameter(torch.zeros(1))
        pairs = [(i, j) for i in range(AFM_FIELDS) for j in range(i + 1, AFM_FIELDS)]
        self.register_buffer("left", torch.tensor([i for i, _ in pairs]))
        self.register_buffer("right", torch.tensor([j for _, j in pairs]))
        self.att = nn.Linear(d, AFM_ATTENTION)
        self.score = nn.Linear(AFM_ATTENTION, 1, bias=False)
        self.head = nn.Linear(d, 1)

    def forward(self, x: Tensor) -> Tensor:
        ids = torch.nan_to_num(x).long() + AFM_CARD * torch.arange(AFM_FIELDS)
        e = self.emb(ids) + 0.0 * x[..., None]
        p = e[:, self.left] * e[:, self.right]  # (rows, 45, 8)
        a = torch.softmax(self.score(F.relu(self.att(p))), 1)
        pooled = (a * p).sum(1)
        out: Tensor = self.bias + self.first(ids).sum((1, 2)) + self.head(pooled)[:, 0]
        return out


def afm_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click (mean over the rows)."""
    return F.binary_cross_entropy_with_logits(out, y)


def afm_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


EXG_FEATURES = 6
"""Rows of 6 features; right-skewed reaction-time-like targets (in units of 100 ms), ex-Gaussian."""


@lru_cache(maxsize=None)
def exgauss_rows(n: int = 4000, seed: int = 747, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Right-skewed reaction-time-like targets (in units of 100 ms): 6 features N(0, 1); an ex-Gaussian, the sum of a
    Gaussian N(mu, sigma^2) and an exponential of mean tau, with mu = 5 + 1.5 sin(1.5 x0) + 0.8 x1, sigma = 0.4 + 0.6
    sigmoid(1.5 x2) and tau = 2.5 exp(0.6 tanh(x3)) + 1.0 sigmoid(2 x4); x5 noise. x: (rows, 6); y: (rows,).
    ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many
    training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, EXG_FEATURES, generator=g)
    mu = 5 + 1.5 * torch.sin(1.5 * x[:, 0]) + 0.8 * x[:, 1]
    sigma = 0.4 + 0.6 * torch.sigmoid(1.5 * x[:, 2])
    tau = 2.5 * torch.exp(0.6 * torch.tanh(x[:, 3])) + 1.0 * torch.sigmoid(2 * x[:, 4])
    expo = -torch.log(torch.rand(total, generator=g).clamp_min(1e-12))
    y = mu + sigma * torch.randn(total, generator=g) + tau * expo
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "regression of right-skewed reaction times (an MLP, the ex-Gaussian negative log-likelihood)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ExGaussMLP(nn.Module):
    """A ReLU MLP of an ex-Gaussian regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 3): the Gaussian's mean mu, its raw scale sigma and the exponential's raw rate lambda (through a
    softplus with a floor, in the loss). Output (rows, 3). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(EXG_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def exgauss_terms(out: Tensor, y: Tensor) -> Tensor:
    """The ex-Gaussian negative log-likelihood of each row, -log(lambda / 2) - lambda / 2 (2 mu + lambda sigma^2 - 2
    y) - log erfc((mu + lambda sigma^2 - y) / (sqrt 2 sigma)), computed stably as -log lambda - lambda (mu - y) -
    lambda^2 sigma^2 / 2 - log_ndtr((y - mu - lambda sigma^2) / sigma) (erfc(z / sqrt 2) = 2 Phi(-z)); mu = out[:, 0],
    sigma = softplus(out[:, 1]) + 0.05, lambda = softplus(out[:, 2]) + 0.02."""
    mu, sigma, lam = out[:, 0], F.softplus(out[:, 1]) + 0.05, F.softplus(out[:, 2]) + 0.02
    z = (y - mu - lam * sigma**2) / sigma
    return -torch.log(lam) - lam * (mu - y) - (lam * sigma) ** 2 / 2 - torch.special.log_ndtr(z)


def exgauss_nll(out: Tensor, y: Tensor) -> Tensor:
    """The ex-Gaussian negative log-likelihood, mean over the rows."""
    return exgauss_terms(out, y).mean()


def exgauss_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The ex-Gaussian negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return exgauss_terms(out, y).sum()


def exgauss_at_zero() -> float:
    """The ex-Gaussian negative log-likelihood of raw outputs of 0 (mu = 0, sigma = ln 2 + 0.05, lambda = ln 2 + 0.02):
    its level at init."""
    y = exgauss_rows().y
    return float(exgauss_nll(torch.zeros(len(y), 3), y))
