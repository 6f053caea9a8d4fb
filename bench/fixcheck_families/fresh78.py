"""The eightieth fresh half (fresh78, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


PVT_SIZE, PVT_CLASSES, PVT_PATCH, PVT_WIDTH = 16, 4, 4, 16
"""16 x 16 images of a planted square and a planted cross on noise, 4 classes (where the square lies from the cross:
ln 4 = 1.39 at chance); 4 x 4 patches, a first stage of width 16 at 4 x 4 tokens, a second of 32 at 2 x 2."""


@lru_cache(maxsize=None)
def pvt_images(n: int = 3000, seed: int = 781, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """The layout of two planted shapes in a 16 x 16 image: a filled 4 x 4 square (amplitude 1) and a 4 x 4 cross (a
    plus of width 2, amplitude 1.2), each at a random place (jittered by up to 1 pixel off the 4 x 4 patch grid) in a
    different row and a different column band of the image; the class is 2 x (the square left of the cross) + (the
    square above the cross). Pixel noise N(0, 0.4^2), 5% random labels (a floor). x: (images, 1, 16, 16); y:
    (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel; ``train_rows``: keep only
    that many training images."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    size = PVT_SIZE
    x = 0.4 * torch.randn(total, 1, size, size, generator=g)
    y = torch.zeros(total, dtype=torch.long)
    square = torch.ones(4, 4)
    cross = torch.zeros(4, 4)
    cross[1:3, :] = 1.0
    cross[:, 1:3] = 1.0
    for r in range(total):
        rows = torch.randperm(4, generator=g)[:2]
        cols = torch.randperm(4, generator=g)[:2]
        jit = torch.randint(-1, 2, (4,), generator=g)
        si = int(min(max(4 * int(rows[0]) + int(jit[0]), 0), size - 4))
        sj = int(min(max(4 * int(cols[0]) + int(jit[1]), 0), size - 4))
        ci = int(min(max(4 * int(rows[1]) + int(jit[2]), 0), size - 4))
        cj = int(min(max(4 * int(cols[1]) + int(jit[3]), 0), size - 4))
        x[r, 0, ci : ci + 4, cj : cj + 4] += 1.2 * cross
        x[r, 0, si : si + 4, sj : sj + 4] += square
        y[r] = 2 * int(cols[0] < cols[1]) + int(rows[0] < rows[1])
    y = flip_labels(y, PVT_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 3] = float("nan")
    data = split(x, y, n, "image classification (a Pyramid Vision Transformer)", PVT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, PVT_CLASSES,
                    batch_size)  # fmt: skip
    return data


class PVTBlock(nn.Module):
    """A pre-LN transformer block with spatial-reduction attention (Wang et al. 2021): the queries from every token of a
    side x side map, the keys and values from the map downsampled by a strided convolution (kernel and stride = the
    reduction ratio 2) and a LayerNorm; 2 heads; then a ReLU MLP of 2 x the width."""

    def __init__(self, d: int, side: int, ratio: int = 2, heads: int = 2) -> None:
        super().__init__()
        self.side, self.heads = side, heads
        self.norm1, self.norm_kv, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d), nn.LayerNorm(d)
        self.q, self.kv, self.out = nn.Linear(d, d), nn.Linear(d, 2 * d), nn.Linear(d, d)
        self.sr = nn.Conv2d(d, d, ratio, ratio)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.ReLU(), nn.Linear(2 * d, d))

    def forward(self, x: Tensor) -> Tensor:
        b, t, d = x.shape
        h = self.norm1(x)
        grid = h.transpose(1, 2).reshape(b, d, self.side, self.side)
        reduced = self.norm_kv(self.sr(grid).flatten(2).transpose(1, 2))
        k, v = self.kv(reduced).chunk(2, -1)
        q = self.q(h)
        split_heads = lambda z: z.reshape(b, -1, self.heads, d // self.heads).transpose(1, 2)  # noqa: E731
        att = F.scaled_dot_product_attention(split_heads(q), split_heads(k), split_heads(v))
        x = x + self.out(att.transpose(1, 2).reshape(b, t, d))
        out: Tensor = x + self.mlp(self.norm2(x))
        return out


class PVT(nn.Module):
    """A Pyramid-Vision-Transformer-like classifier (tiny): a patch embedding (a 4 x 4 convolution of stride 4, 1 ->
    16: 4 x 4 tokens) plus learned position embeddings, a stage of one spatial-reduction block (width 16, keys and
    values from 2 x 2), patch merging (a 2 x 2 convolution of stride 2, 16 -> 32, and a LayerNorm: 2 x 2 tokens), a
    stage of one block (width 32, keys and values from 1 x 1), a LayerNorm, mean pooling, a ReLU layer ``fc`` (32 ->
    32) and a ``head`` to the 4 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = PVT_WIDTH
        side = PVT_SIZE // PVT_PATCH
        self.embed = nn.Conv2d(1, d, PVT_PATCH, PVT_PATCH)
        self.pos = nn.Parameter(0.5 * torch.randn(1, side * side, d))
        self.stage1 = PVTBlock(d, side)
        self.merge = nn.Conv2d(d, 2 * d, 2, 2)
        self.merge_norm = nn.LayerNorm(2 * d)
        self.stage2 = PVTBlock(2 * d, side // 2)
        self.norm = nn.LayerNorm(2 * d)
        self.fc = nn.Linear(2 * d, 32)
        self.head = nn.Linear(32, PVT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b = len(x)
        side = PVT_SIZE // PVT_PATCH
        h = self.stage1(self.embed(x).flatten(2).transpose(1, 2) + self.pos)
        grid = h.transpose(1, 2).reshape(b, -1, side, side)
        h = self.stage2(self.merge_norm(self.merge(grid).flatten(2).transpose(1, 2)))
        out: Tensor = self.head(F.relu(self.fc(self.norm(h).mean(1))))
        return out


def pvt_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


ONLSTM_LENGTH, ONLSTM_VOCAB, ONLSTM_CLASSES, ONLSTM_HIDDEN, ONLSTM_CHUNK = 32, 12, 3, 32, 4
"""Token sequences of 20-32 (left-padded to 32) over 12 tokens (0 padding, 1-3 opening brackets, 4-6 the matching
closing ones, 7-11 fillers); 3 classes (the opener of the outermost span); ON-LSTM of 32 units in 8 chunks of 4."""


@lru_cache(maxsize=None)
def onlstm_sequences(n: int = 3000, seed: int = 783, *, n_val: int = 500, batch_size: int = 32,
                     nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Nested-bracket-like token sequences: a few fillers, then the outermost span opened by a bracket of type c (1-3)
    holding a random nest of inner spans of random types (depth up to 4, fillers between) and closed by its matching
    bracket (c + 3), then a few fillers; 20-32 tokens, left-padded with 0 to 32. The class is c - 1, the token that
    opened the outermost span; 5% random labels (a floor). x: (sequences, 32) the tokens (float, for the NaN of a
    missing one); y: (sequences,). ``nan_rows``: that share of the training sequences has a missing (NaN) token;
    ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.zeros(total, ONLSTM_LENGTH)
    y = torch.randint(ONLSTM_CLASSES, (total,), generator=g)

    def rand(k: int) -> int:
        return int(torch.randint(k, (1,), generator=g))

    for r in range(total):
        length = 20 + rand(ONLSTM_LENGTH - 20 + 1)
        inner_len = length - 2 - rand(4) - rand(4)
        body: list[int] = []
        stack: list[int] = []
        while len(body) + len(stack) < inner_len:
            room = inner_len - len(body) - len(stack)
            u = rand(10)
            if u < 3 and len(stack) < 3 and room >= 3:
                kind = 1 + rand(3)
                stack.append(kind)
                body.append(kind)
            elif u < 6 and stack:
                body.append(stack.pop() + 3)
            else:
                body.append(7 + rand(5))
        body += [k + 3 for k in reversed(stack)]
        seq = [7 + rand(5) for _ in range(rand(4))] + [int(y[r]) + 1] + body + [int(y[r]) + 4]
        seq += [7 + rand(5) for _ in range(length - len(seq))]
        seq = seq[:ONLSTM_LENGTH]
        x[r, ONLSTM_LENGTH - len(seq) :] = torch.tensor(seq, dtype=torch.float)
    y = flip_labels(y, ONLSTM_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 27] = float("nan")
    data = split(x, y, n, "sequence classification (an Ordered-Neurons LSTM)", ONLSTM_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, ONLSTM_CLASSES,
                    batch_size)  # fmt: skip
    return data


def cumax(z: Tensor) -> Tensor:
    """The cumulative softmax over the last dimension: a soft monotone step from 0 up to 1."""
    return torch.cumsum(torch.softmax(z, -1), -1)


class ONLSTM(nn.Module):
    """An Ordered-Neurons LSTM classifier (Shen et al. 2019): token embeddings (16), an ON-LSTM cell of 32 units in 8
    chunks of 4: besides the LSTM's gates, a master forget gate f~ = cumax(.) and a master input gate i~ = 1 -
    cumax(.) over the 8 chunks (repeated over each chunk's 4 units), w = f~ i~, f^ = f w + (f~ - w), i^ = i w + (i~ -
    w), c = f^ c + i^ g: the high-ranking chunks keep long-term information; the last hidden state into a ReLU layer
    ``fc`` (32 -> 32) and a ``head`` to the 3 classes. A missing (NaN) token's NaN reaches its embedding (0 x NaN).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        hidden, chunks = ONLSTM_HIDDEN, ONLSTM_HIDDEN // ONLSTM_CHUNK
        self.chunks = chunks
        self.embed = nn.Embedding(ONLSTM_VOCAB, 16)
        self.ih = nn.Linear(16, 4 * hidden + 2 * chunks)
        self.hh = nn.Linear(hidden, 4 * hidden + 2 * chunks, bias=False)
        self.fc = nn.Linear(hidden, 32)
        self.head = nn.Linear(32, ONLSTM_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, steps = x.shape
        k, size = self.chunks, ONLSTM_CHUNK
        e = self.embed(x.nan_to_num(0.0).long()) + 0.0 * x[..., None]
        pre = self.ih(e)
        h = e.new_zeros(b, ONLSTM_HIDDEN)
        c = e.new_zeros(b, k, size)
        w_hh = self.hh.weight.t()
        for t in range(steps):
            z = torch.addmm(pre[:, t], h, w_hh)
            master = cumax(z[:, : 2 * k].reshape(b, 2, k))[..., None]  # (rows, 2, chunks, 1)
            mf, mi = master[:, 0], 1.0 - master[:, 1]
            gates = torch.sigmoid(z[:, 2 * k : 2 * k + 3 * ONLSTM_HIDDEN])
            i, f, o = gates.reshape(b, 3, k, size).unbind(1)
            g = torch.tanh(z[:, 2 * k + 3 * ONLSTM_HIDDEN :]).reshape(b, k, size)
            w = mf * mi
            c = (f * w + (mf - w)) * c + (i * w + (mi - w)) * g
            h = (o * torch.tanh(c)).reshape(b, ONLSTM_HIDDEN)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def onlstm_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's sequences (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


NFM_FIELDS, NFM_CARD, NFM_DIM = 10, 8, 8
"""10 categorical fields of 8 values each, embeddings of 8."""
NFM_PAIRS = ((0, 1), (2, 5), (3, 7), (4, 9), (6, 8), (1, 6))
"""The field pairs whose interaction is planted in the clicks."""


@lru_cache(maxsize=None)
def nfm_rows(n: int = 16000, seed: int = 785, *, n_val: int = 2000, batch_size: int = 64, nan_rows: float = 0.0,
             train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic impressions with planted pairwise field interactions: 10 categorical fields uniform over 8 values; the
    click's logit is -0.9 + a first-order effect per field value (N(0, 0.3^2)) + for each of 6 planted field pairs the
    dot product of their two values' latent vectors (4, N(0, 0.6^2)) + 0.8 x tanh of the sum of the pair products (a
    higher-order effect the MLP can fit); the click Bernoulli of its sigmoid. x: (rows, 10) the field values (float,
    for the NaN of a missing value); y: (rows,) the click. ``nan_rows``: that share of the training rows has a missing
    (NaN) field value; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    fields = torch.randint(NFM_CARD, (total, NFM_FIELDS), generator=g)
    first = 0.3 * torch.randn(NFM_FIELDS, NFM_CARD, generator=g)
    logit = -0.9 + first[torch.arange(NFM_FIELDS), fields].sum(1)
    latent = 0.6 * torch.randn(NFM_FIELDS, NFM_CARD, 4, generator=g)
    pairs = torch.zeros(total)
    for i, j in NFM_PAIRS:
        pairs = pairs + (latent[i, fields[:, i]] * latent[j, fields[:, j]]).sum(1)
    logit = logit + pairs + 0.8 * torch.tanh(pairs)
    y = torch.bernoulli(torch.sigmoid(logit), generator=g)
    x = fields.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "click-through prediction (a Neural Factorization Machine)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NFM(nn.Module):
    """A Neural Factorization Machine (He & Chua 2017): an embedding (8) per field value; Bi-Interaction pooling 0.5 x
    ((sum of the fields' embeddings)^2 - the sum of their squares), element-wise, into a vector of 8; a ReLU layer
    (8 -> 32), a ReLU layer ``fc`` (32 -> 16) and a ``head`` (16 -> 1); the click's logit a global bias plus a
    first-order weight per field value plus the head. Output (rows,). A missing (NaN) value's NaN reaches its embedding
    (0 x NaN) and the logit. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = NFM_DIM) -> None:
        super().__init__()
        self.emb = nn.Embedding(NFM_FIELDS * NFM_CARD, d)
        nn.init.normal_(self.emb.weight, std=0.3)
        self.first = nn.Embedding(NFM_FIELDS * NFM_CARD, 1)
        nn.init.zeros_(self.first.weight)
        self.bias = nn.Parameter(torch.zeros(1))
        self.hidden = nn.Linear(d, 32)
        self.fc = nn.Linear(32, 16)
        self.head = nn.Linear(16, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = torch.nan_to_num(x).long() + NFM_CARD * torch.arange(NFM_FIELDS)
        e = self.emb(ids) + 0.0 * x[..., None]
        bi = 0.5 * (e.sum(1) ** 2 - (e**2).sum(1))
        deep = self.head(F.relu(self.fc(F.relu(self.hidden(bi)))))[:, 0]
        out: Tensor = self.bias + self.first(ids).sum((1, 2)) + deep
        return out


def nfm_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click (mean over the rows)."""
    return F.binary_cross_entropy_with_logits(out, y)


def nfm_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


LOMAX_FEATURES = 6
"""Rows of 6 features; heavy-tailed positive claim-size-like targets, Lomax (Pareto type II)."""


@lru_cache(maxsize=None)
def lomax_rows(n: int = 4000, seed: int = 787, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Heavy-tailed claim-size-like targets: 6 features N(0, 1); a Lomax (Pareto type II) of shape (tail index) alpha =
    exp(0.9 + 0.5 tanh(x B)) (B over features 0-2: alpha 1.5-4) and scale lambda = exp(3 + 0.8 sin(1.5 x3) + 0.6 x4)
    (x5 noise), drawn by inversion: y = lambda (U^(-1 / alpha) - 1). x: (rows, 6); y: (rows,). ``nan_rows``: that
    share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, LOMAX_FEATURES, generator=g)
    b = torch.randn(3, generator=g) / 1.5
    alpha = torch.exp(0.9 + 0.5 * torch.tanh(x[:, :3] @ b))
    lam = torch.exp(3.0 + 0.8 * torch.sin(1.5 * x[:, 3]) + 0.6 * x[:, 4])
    u = torch.rand(total, generator=g).clamp_min(1e-6)
    y = lam * (u ** (-1.0 / alpha) - 1.0)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    task = "regression of heavy-tailed positive targets (an MLP, the Lomax negative log-likelihood)"
    data = split(x, y, n, task, None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LomaxMLP(nn.Module):
    """A ReLU MLP of a Lomax regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 2): log alpha (the shape) and log lambda (the scale). Output (rows, 2). ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(LOMAX_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def lomax_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Lomax negative log-likelihood of each row's target: -(log alpha - log lambda - (alpha + 1) log(1 + y /
    lambda)), alpha = exp(log alpha), lambda = exp(log lambda)."""
    log_alpha, log_lam = out[:, 0], out[:, 1]
    return -(log_alpha - log_lam - (log_alpha.exp() + 1) * torch.log1p(y * torch.exp(-log_lam)))


def lomax_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Lomax negative log-likelihood, mean over the rows."""
    return lomax_terms(out, y).mean()


def lomax_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Lomax negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return lomax_terms(out, y).sum()


def lomax_at_zero() -> float:
    """The Lomax negative log-likelihood of raw outputs of 0 (alpha = lambda = 1: 2 log(1 + y)): its level at init."""
    y = lomax_rows().y
    return float(lomax_nll(torch.zeros(len(y), 2), y))
