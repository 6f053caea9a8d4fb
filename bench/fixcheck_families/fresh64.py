"""The sixty-sixth fresh half (fresh64, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


LINFORMER_VOCAB, LINFORMER_LENGTH, LINFORMER_CLASSES, LINFORMER_RANK = 16, 32, 4, 8
"""Sequences of 32 tokens of 16; 4 classes (ln 4 = 1.39 at chance); the keys and values projected to rank 8 along the
sequence."""


@lru_cache(maxsize=None)
def linformer_tokens(n: int = 4000, seed: int = 641, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Token sequences whose class depends on two tokens far apart: filler tokens 4-15 drawn uniformly, one key token (1
    or 2) at a random position in the first 10 and one (1 or 2) in the last 10; the class is 2 x [the two keys are equal]
    + [the first key is 2], 5% random labels (a floor); token 0 never occurs and 3 marks the middle (position 16). x:
    (sequences, 32) token ids; y: (sequences,). ``nan_rows`` is accepted for symmetry (token ids cannot be NaN: that share
    of the training sequences gets an out-of-range id of -1 at position 20 instead, which the model turns into a NaN
    embedding); ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, LINFORMER_LENGTH
    x = torch.randint(4, LINFORMER_VOCAB, (total, length), generator=g)
    x[:, length // 2] = 3
    first = 1 + torch.randint(2, (total,), generator=g)
    second = 1 + torch.randint(2, (total,), generator=g)
    p1 = torch.randint(10, (total,), generator=g)
    p2 = length - 10 + torch.randint(10, (total,), generator=g)
    rows = torch.arange(total)
    x[rows, p1] = first
    x[rows, p2] = second
    y = 2 * (first == second).long() + (first == 2).long()
    y = flip_labels(y, LINFORMER_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 20] = -1
    data = split(x, y, n, "classification of token sequences by two distant tokens (a Linformer-like encoder)", LINFORMER_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, LINFORMER_CLASSES, batch_size)
    return data


class LinformerAttention(nn.Module):
    """Linformer's self-attention (Wang et al. 2020): queries, keys and values projected (``heads`` heads); the keys and
    the values projected along the sequence axis from its ``length`` positions to ``rank`` by learned matrices E and F
    (shared by the heads), softmax(Q (E K)^T / sqrt(d_head)) (F V), an output projection. Input and output (batch,
    length, d)."""

    def __init__(self, d: int, length: int, rank: int = LINFORMER_RANK, heads: int = 2) -> None:
        super().__init__()
        self.q, self.k, self.v, self.o = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)
        self.e = nn.Parameter(torch.randn(rank, length) / math.sqrt(length))
        self.f = nn.Parameter(torch.randn(rank, length) / math.sqrt(length))
        self.heads = heads

    def forward(self, x: Tensor) -> Tensor:
        b, length, d = x.shape
        h, dh = self.heads, d // self.heads
        q = self.q(x).reshape(b, length, h, dh).transpose(1, 2)  # (b, h, length, dh)
        k = (self.e @ self.k(x)).reshape(b, -1, h, dh).transpose(1, 2)  # (b, h, rank, dh)
        v = (self.f @ self.v(x)).reshape(b, -1, h, dh).transpose(1, 2)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(dh), -1)
        out: Tensor = self.o((att @ v).transpose(1, 2).reshape(b, length, d))
        return out


class LinformerNet(nn.Module):
    """A tiny Linformer-like encoder classifier: token and learned position embeddings (d = 32), 2 pre-LN blocks
    (Linformer attention of 2 heads at rank 8, a GELU MLP 32-64-32, residuals), a final LayerNorm, mean pooling over the
    positions, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes. Output (sequences, 4). An id of -1 (a
    corrupt token) embeds as NaN. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = 32, layers: int = 2) -> None:
        super().__init__()
        self.tok = nn.Embedding(LINFORMER_VOCAB, d)
        self.pos = nn.Parameter(0.1 * torch.randn(LINFORMER_LENGTH, d))
        self.attn = nn.ModuleList([LinformerAttention(d, LINFORMER_LENGTH) for _ in range(layers)])
        self.ln1 = nn.ModuleList([nn.LayerNorm(d) for _ in range(layers)])
        self.ln2 = nn.ModuleList([nn.LayerNorm(d) for _ in range(layers)])
        self.mlp = nn.ModuleList([nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d)) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, LINFORMER_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        bad = x < 0
        h = self.tok(x.clamp(min=0))
        if bool(bad.any()):
            h = torch.where(bad[..., None], torch.full_like(h, float("nan")), h)
        h = h + self.pos
        for attn, ln1, ln2, mlp_ in zip(self.attn, self.ln1, self.ln2, self.mlp):
            h = h + attn(ln1(h))
            h = h + mlp_(ln2(h))
        out: Tensor = self.head(F.relu(self.fc(self.ln_f(h).mean(1))))
        return out


def linformer_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


def without_corrupt_tokens(data: Data) -> Data:
    """The data without its training sequences that hold a corrupt (negative) token id."""
    ok = (data.x >= 0).all(1)
    return Data(data.x[ok], data.y[ok], data.val_x, data.val_y, data.task, data.num_classes, data.batch_size)


UNET_SIZE, UNET_CLASSES = 12, 4
"""12 x 12 grey images, each pixel background or one of 3 shapes: 4 classes per pixel (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def unet_images(n: int = 2000, seed: int = 643, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Images of two shapes each, segmented per pixel: background (0), a filled square (1), a filled disc (2) or a ring
    (3), each of half-size 1.5-3 at a random centre (2.5-9.5 in each axis), of brightness 0.6-1.2, the later shape drawn over
    the earlier one, plus a smooth background gradient and N(0, 0.45^2) noise per pixel. x: (images, 1, 12, 12); y:
    (images, 12, 12) pixel classes. ``nan_rows``: that share of the training images has a missing (NaN) pixel;
    ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, UNET_SIZE
    rows = torch.arange(s).float()[None, :, None]
    cols = torch.arange(s).float()[None, None, :]
    img = torch.zeros(total, s, s)
    y = torch.zeros(total, s, s, dtype=torch.long)
    for _ in range(2):
        k = 1 + torch.randint(3, (total,), generator=g)
        cy = (2.5 + 7 * torch.rand(total, generator=g))[:, None, None]
        cx = (2.5 + 7 * torch.rand(total, generator=g))[:, None, None]
        r = (1.5 + 1.5 * torch.rand(total, generator=g))[:, None, None]
        bright = (0.6 + 0.6 * torch.rand(total, generator=g))[:, None, None]
        dy, dx = (rows - cy).abs(), (cols - cx).abs()
        dist = (dy**2 + dx**2).sqrt()
        kk = k[:, None, None]
        square = torch.maximum(dy, dx) <= r
        disc = dist <= r
        ring = (dist <= r + 0.5) & (dist >= r - 1.0)
        mask = torch.where(kk == 1, square, torch.where(kk == 2, disc, ring))
        img = torch.where(mask, bright, img)
        y = torch.where(mask, kk, y)
    slope = 0.3 * torch.randn(total, 2, generator=g)
    grad = slope[:, 0, None, None] * (rows - 5.5) / 6 + slope[:, 1, None, None] * (cols - 5.5) / 6
    x = (img + grad + 0.45 * torch.randn(total, s, s, generator=g))[:, None].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "per-pixel segmentation of noisy shapes (a small U-Net)", UNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, UNET_CLASSES, batch_size)
    return data


def unet_double_conv(c_in: int, c_out: int) -> nn.Sequential:
    """Two 3x3 convolutions, each followed by batch norm and a ReLU."""
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU(),
                         nn.Conv2d(c_out, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU())  # fmt: skip


class UNetSmall(nn.Module):
    """A small 2-D U-Net (Ronneberger et al. 2015): double convs (BN, ReLU) 1 -> 8 (12x12), max-pool, 8 -> 16 (6x6),
    max-pool, a bottleneck 16 -> 32 (3x3); up by 2x2 transposed convolutions 32 -> 16 (6x6), concatenated with the skip
    and a double conv 32 -> 16, then 16 -> 8 (12x12), concatenated, a double conv 16 -> 8; per pixel (channel-last) a
    ReLU layer ``fc`` (8 -> 16) and a ``head`` to the 4 classes. Output (images, 12, 12, 4). ``dead_bias`` < 0 starts
    fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.down1, self.down2, self.bottom = unet_double_conv(1, 8), unet_double_conv(8, 16), unet_double_conv(16, 32)
        self.up2, self.dec2 = nn.ConvTranspose2d(32, 16, 2, stride=2), unet_double_conv(32, 16)
        self.up1, self.dec1 = nn.ConvTranspose2d(16, 8, 2, stride=2), unet_double_conv(16, 8)
        self.fc = nn.Linear(8, 16)
        self.head = nn.Linear(16, UNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        s1 = self.down1(x)
        s2 = self.down2(F.max_pool2d(s1, 2))
        h = self.bottom(F.max_pool2d(s2, 2))
        h = self.dec2(torch.cat([self.up2(h), s2], 1))
        h = self.dec1(torch.cat([self.up1(h), s1], 1))
        out: Tensor = self.head(F.relu(self.fc(h.permute(0, 2, 3, 1))))
        return out


def unet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The per-pixel cross-entropy summed over the batch's pixels, every image's 144 of them (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


XDEEPFM_FIELDS, XDEEPFM_VOCAB, XDEEPFM_EMBED = 10, 16, 8
"""Click rows of 10 categorical fields of 16 values each, embedded in 8 dimensions."""


@lru_cache(maxsize=None)
def xdeepfm_clicks(n: int = 8000, seed: int = 645, *, n_val: int = 1500, batch_size: int = 64, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic clicks with planted interactions: 10 fields, each value drawn from a Zipf-like law over 16 values, each
    value a random 3-d latent vector and a main effect; the click logit the main effects (N(0, 0.5^2)) plus the dot
    products of the latent vectors of the field pairs (0, 1), (2, 3), (4, 7) and (5, 8) plus a third-order term, the sum
    over the latent dimensions of the product of fields 1, 6 and 9's vectors; standardised to a spread of 4.5 and shifted
    to about 38% clicks, the click Bernoulli of its sigmoid. x: (rows, 10) value ids (float, cast by the model); y:
    (rows,) 0/1. ``nan_rows``: that share of the training rows has a missing (NaN) field; ``train_rows``: keep only that
    many training rows."""
    g = torch.Generator().manual_seed(seed)
    total, f, v = n + n_val, XDEEPFM_FIELDS, XDEEPFM_VOCAB
    weights = 1.0 / torch.arange(1, v + 1).float() ** 0.7
    x = torch.multinomial(weights, total * f, replacement=True, generator=g).reshape(total, f)
    latent = torch.randn(f, v, 3, generator=g)[torch.arange(f)[None, :], x]  # (rows, fields, 3)
    logit = 0.5 * torch.randn(f, v, generator=g)[torch.arange(f)[None, :], x].sum(1)
    for a, b in ((0, 1), (2, 3), (4, 7), (5, 8)):
        logit = logit + (latent[:, a] * latent[:, b]).sum(1)
    logit = logit + (latent[:, 1] * latent[:, 6] * latent[:, 9]).sum(1)
    logit = 4.5 * (logit - logit.mean()) / logit.std() - 0.8
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    xf = x.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        xf[bad, 4] = float("nan")
    data = split(xf, y, n, "click-through-rate prediction with planted field interactions (an xDeepFM-like model)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class CIN(nn.Module):
    """xDeepFM's compressed interaction network (Lian et al. 2018): from the field embeddings X0 (batch, m, D), each
    layer takes the outer products of its input's H_{k-1} rows with X0's m rows per embedding dimension (batch, H_{k-1}
    x m, D) and compresses them by a 1x1 convolution to H_k feature maps; every layer's maps summed over D (sum pooling)
    and concatenated."""

    def __init__(self, fields: int, sizes: tuple[int, ...] = (16, 16)) -> None:
        super().__init__()
        prev, convs = fields, []
        for size in sizes:
            convs.append(nn.Conv1d(prev * fields, size, 1))
            prev = size
        self.convs = nn.ModuleList(convs)
        self.out_dim = sum(sizes)

    def forward(self, x0: Tensor) -> Tensor:
        b, m, d = x0.shape
        h, pooled = x0, []
        for conv in self.convs:
            z = (h[:, :, None, :] * x0[:, None, :, :]).reshape(b, -1, d)
            h = conv(z)
            pooled.append(h.sum(-1))
        return torch.cat(pooled, 1)


class XDeepFMNet(nn.Module):
    """A tiny xDeepFM-like click model: field embeddings (10 fields x 24 values, d = 8, N(0, 0.1^2)); a linear part (a
    weight per field value, summed, a bias); a CIN of 2 layers of 16 maps, its pooled 32 features to a logit; a deep
    part: the flattened embeddings through a ReLU MLP ``body`` 80 -> 64, a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 1); the three logits summed. Output (rows,). A missing (NaN) field id embeds as NaN. ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        f, v, d = XDEEPFM_FIELDS, XDEEPFM_VOCAB, XDEEPFM_EMBED
        self.embed = nn.Embedding(f * v, d)
        self.linear = nn.Embedding(f * v, 1)
        with torch.no_grad():
            self.embed.weight.normal_(0.0, 0.1)
            self.linear.weight.zero_()
        self.bias = nn.Parameter(torch.zeros(1))
        self.register_buffer("offsets", torch.arange(f) * v)
        self.cin = CIN(f)
        self.cin_out = nn.Linear(self.cin.out_dim, 1)
        self.body = nn.Sequential(nn.Linear(f * d, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        offsets: Tensor = self.offsets
        ids = torch.nan_to_num(x).long() + offsets
        e = self.embed(ids) * (x - torch.nan_to_num(x) + 1)[..., None]  # (rows, fields, d); a missing id: NaN
        logit = self.bias + self.linear(ids).sum((1, 2)) + self.cin_out(self.cin(e))[:, 0]
        out: Tensor = logit + self.head(F.relu(self.fc(self.body(e.flatten(1)))))[:, 0]
        return out


def xdeepfm_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the clicks (mean over the rows)."""
    return F.binary_cross_entropy_with_logits(out, y)


def xdeepfm_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def xdeepfm_at_rate() -> float:
    """The BCE of predicting the training click rate for every row: what a model that ignores its input reaches."""
    y = xdeepfm_clicks().y
    p = float(y.mean())
    return -(p * math.log(p) + (1 - p) * math.log(1 - p))


LOGLOG_FEATURES = 8
"""Rows of 8 features; the targets positive and heavy-tailed."""


@lru_cache(maxsize=None)
def loglogistic_rows(n: int = 4000, seed: int = 647, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Positive heavy-tailed targets: 8 features N(0, 1); a target from a log-logistic distribution of scale alpha =
    exp(0.8 sin(x0) + 0.5 x1 - 0.3 x2 x3) and shape beta = exp(0.9 + 0.35 tanh(x4) - 0.2 x5) (inverse CDF of a uniform:
    alpha (u / (1 - u))^(1 / beta)); x6 and x7 noise. x: (rows, 8); y: (rows,). ``nan_rows``: that share of the
    training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, LOGLOG_FEATURES, generator=g)
    alpha = torch.exp(0.8 * torch.sin(x[:, 0]) + 0.5 * x[:, 1] - 0.3 * x[:, 2] * x[:, 3])
    beta = torch.exp(0.9 + 0.35 * torch.tanh(x[:, 4]) - 0.2 * x[:, 5])
    u = torch.rand(total, generator=g).clamp(1e-6, 1 - 1e-6)
    y = alpha * (u / (1 - u)) ** (1 / beta)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "regression of positive heavy-tailed targets (an MLP, the log-logistic negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LogLogisticMLP(nn.Module):
    """A ReLU MLP of a log-logistic regressor: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the raw scale alpha and shape beta (through a softplus). Output (rows, 2). ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(LOGLOG_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def loglogistic_terms(out: Tensor, y: Tensor) -> Tensor:
    """The log-logistic negative log-likelihood of each row, -log beta + log t - beta z + 2 softplus(beta z) with z =
    log t - log alpha, alpha = softplus(out[:, 0]) + 1e-3, beta = softplus(out[:, 1]) + 1e-3, t = y (kept above
    1e-8)."""
    alpha, beta = F.softplus(out[:, 0]) + 1e-3, F.softplus(out[:, 1]) + 1e-3
    log_t = y.clamp(min=1e-8).log()
    bz = beta * (log_t - alpha.log())
    return -beta.log() + log_t - bz + 2 * F.softplus(bz)


def loglogistic_nll(out: Tensor, y: Tensor) -> Tensor:
    """The log-logistic negative log-likelihood, mean over the rows."""
    return loglogistic_terms(out, y).mean()


def loglogistic_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The log-logistic negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return loglogistic_terms(out, y).sum()


def loglogistic_at_zero() -> float:
    """The log-logistic negative log-likelihood of raw outputs of 0 (alpha = beta = ln 2): its level at init."""
    y = loglogistic_rows().y
    return float(loglogistic_nll(torch.zeros(len(y), 2), y))
