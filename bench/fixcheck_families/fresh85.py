"""The eighty-seventh fresh half (fresh85, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


NAT_SIZE, NAT_CLASSES, NAT_DIM, NAT_HEADS = 12, 5, 16, 2
"""12x12 one-channel images of 5 classes (a planted 3x3 motif), tokens of width 16 on a 6x6 map, 2 heads."""
NAT_MOTIFS = (
    ((1, 0, 1), (0, 1, 0), (1, 0, 1)),
    ((0, 1, 0), (1, 1, 1), (0, 1, 0)),
    ((1, 1, 1), (1, 0, 1), (1, 1, 1)),
    ((1, 1, 0), (1, 0, 0), (0, 0, 0)),
    ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
)
"""The 3x3 motifs of the 5 classes: an X, a plus, a ring, a corner and a diagonal."""


@lru_cache(maxsize=None)
def nat_images(n: int = 3000, seed: int = 851, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic 12x12 images whose class is a local pattern: 2 copies of the class's 3x3 motif (an X, a plus, a
    ring, a corner or a diagonal) of amplitude U(1.5, 2.0) at random places (they may overlap), over N(0, 0.25^2)
    noise and a random 3x3 blob of a total brightness of 5. 5% of the labels random, held-out ones
    too. x: (images, 1, 16, 16); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN)
    pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, NAT_SIZE
    motifs = torch.tensor(NAT_MOTIFS, dtype=torch.float32)
    y = torch.randint(NAT_CLASSES, (total,), generator=g)
    x = 0.25 * torch.randn(total, s, s, generator=g)
    amp = 1.5 + 0.5 * torch.rand(total, 2, generator=g)
    where = torch.randint(s - 2, (total, 3, 2), generator=g)
    blobs = torch.rand(total, 3, 3, generator=g)
    for r in range(total):
        for c in range(2):
            i, j = int(where[r, c, 0]), int(where[r, c, 1])
            x[r, i : i + 3, j : j + 3] += amp[r, c] * motifs[int(y[r])]
        i, j = int(where[r, 2, 0]), int(where[r, 2, 1])
        x[r, i : i + 3, j : j + 3] += blobs[r] * 5 / blobs[r].sum()
    y = flip_labels(y, NAT_CLASSES, 0.05, g)
    x = x[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 4] = float("nan")
    data = split(x, y, n, "image classification by local motifs (a neighborhood attention transformer)", NAT_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, NAT_CLASSES,
                    batch_size)  # fmt: skip
    return data


def nat_offsets(h: int, w: int) -> Tensor:
    """For each (query, key) pair of an h x w token map, the index 0-8 of the key's offset in the query's 3x3
    neighbourhood, -1 outside it."""
    ii, jj = torch.meshgrid(torch.arange(h), torch.arange(w), indexing="ij")
    di = ii.flatten()[None, :] - ii.flatten()[:, None]
    dj = jj.flatten()[None, :] - jj.flatten()[:, None]
    near = (di.abs() <= 1) & (dj.abs() <= 1)
    return torch.where(near, (di + 1) * 3 + (dj + 1), -1)


class NeighborhoodAttention(nn.Module):
    """Neighborhood attention (Hassani et al. 2023) over a token map: each token's query attends only to the keys of
    its 3x3 neighbourhood (the scores of all other keys masked to -inf), with a learned relative-position bias per
    head and neighbour offset (9 per head); 2 heads, then an output projection."""

    def __init__(self, d: int = NAT_DIM, heads: int = NAT_HEADS) -> None:
        super().__init__()
        self.heads = heads
        self.qkv, self.out = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.rpb = nn.Parameter(torch.zeros(heads, 9))

    def forward(self, t: Tensor) -> Tensor:
        b, h, w, d = t.shape
        hd = d // self.heads
        q, k, v = self.qkv(t.reshape(b, h * w, d)).reshape(b, h * w, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
        offsets = nat_offsets(h, w)
        bias = torch.where(offsets >= 0, self.rpb[:, offsets.clamp_min(0)], float("-inf"))
        attn = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(hd) + bias, -1)
        out: Tensor = self.out((attn @ v).transpose(1, 2).reshape(b, h, w, d))
        return out


class NATBlock(nn.Module):
    """A pre-LN NAT block: neighborhood attention and a feed-forward (d -> 2d -> d, GELU), each with a residual."""

    def __init__(self, d: int = NAT_DIM) -> None:
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = NeighborhoodAttention(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, t: Tensor) -> Tensor:
        t = t + self.attn(self.norm1(t))
        out: Tensor = t + self.ff(self.norm2(t))
        return out


class NAT(nn.Module):
    """A Neighborhood-Attention-Transformer-like classifier: a stem (a 4x4 convolution of stride 2) to a 6x6 map of
    16-wide tokens, 2 ``NATBlock``s, a downsampler (a LayerNorm and a 3x3 convolution of stride 2) to 3x3, one more
    block, a LayerNorm, mean pooling over the tokens, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 5
    classes. A missing (NaN) pixel's NaN reaches the stem. ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = NAT_DIM) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, d, 4, stride=2, padding=1)
        self.blocks = nn.ModuleList([NATBlock(d), NATBlock(d)])
        self.down_norm, self.down = nn.LayerNorm(d), nn.Conv2d(d, d, 3, stride=2, padding=1)
        self.last = NATBlock(d)
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, NAT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        t = self.stem(x).permute(0, 2, 3, 1)
        for block in self.blocks:
            t = block(t)
        t = self.down(self.down_norm(t).permute(0, 3, 1, 2)).permute(0, 2, 3, 1)
        t = self.norm(self.last(t)).mean((1, 2))
        out: Tensor = self.head(F.relu(self.fc(t)))
        return out


def nat_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


DPCNN_VOCAB, DPCNN_LENGTH, DPCNN_CLASSES, DPCNN_DIM = 40, 40, 4, 32
"""Sequences of 40 tokens of a vocabulary of 40, 4 classes, 32 channels."""
DPCNN_GRAMS = ((3, 7, 11), (7, 3, 15), (11, 15, 3), (15, 11, 7))
"""The trigram of each class, made of the same 4 tokens in different orders (a bag of words cannot tell them
apart)."""


@lru_cache(maxsize=None)
def dpcnn_texts(n: int = 4000, seed: int = 853, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic token sequences whose class depends on which trigram occurs: 40 tokens drawn uniformly from the
    vocabulary, then the class's trigram (the tokens 3, 7, 11 and 15 in an order of the class) written at 2 random
    places, and 2 trigrams of other classes with their middle token replaced by a random one (decoys). 5% of the
    labels random, held-out ones too. x: (sequences, 40) token ids (float, for the NaN of a missing token); y:
    (sequences,). ``nan_rows``: that share of the training sequences has a missing (NaN) token; ``train_rows``: keep
    only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    grams = torch.tensor(DPCNN_GRAMS)
    y = torch.randint(DPCNN_CLASSES, (total,), generator=g)
    x = torch.randint(DPCNN_VOCAB, (total, DPCNN_LENGTH), generator=g)
    where = torch.randint(DPCNN_LENGTH - 2, (total, 4), generator=g)
    other = (y[:, None] + torch.randint(1, DPCNN_CLASSES, (total, 2), generator=g)) % DPCNN_CLASSES
    middle = torch.randint(DPCNN_VOCAB, (total, 2), generator=g)
    for r in range(total):
        for c in range(2):
            decoy = grams[int(other[r, c])].clone()
            decoy[1] = middle[r, c] if int(middle[r, c]) not in (3, 7, 11, 15) else 0
            x[r, int(where[r, 2 + c]) : int(where[r, 2 + c]) + 3] = decoy
        for c in range(2):
            x[r, int(where[r, c]) : int(where[r, c]) + 3] = grams[int(y[r])]
    y = flip_labels(y, DPCNN_CLASSES, 0.05, g)
    xf = x.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        xf[bad, 17] = float("nan")
    data = split(xf, y, n, "text classification by trigrams (a DPCNN)", DPCNN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, DPCNN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class DPCNNBlock(nn.Module):
    """A DPCNN block: a max-pool of kernel 3 and stride 2 (halving the length), then two pre-activation (ReLU then
    conv) 3-wide convolutions of 32 channels with an identity shortcut around them."""

    def __init__(self, d: int = DPCNN_DIM) -> None:
        super().__init__()
        self.conv1, self.conv2 = nn.Conv1d(d, d, 3, padding=1), nn.Conv1d(d, d, 3, padding=1)

    def forward(self, h: Tensor) -> Tensor:
        h = F.max_pool1d(h, 3, stride=2, padding=1)
        out: Tensor = h + self.conv2(F.relu(self.conv1(F.relu(h))))
        return out


class DPCNN(nn.Module):
    """A Deep-Pyramid-CNN text classifier (Johnson and Zhang 2017): token embeddings (40 -> 32), a region embedding (a
    3-wide convolution 32 -> 32), two pre-activation convolutions with a shortcut at full length, 3 ``DPCNNBlock``s
    (40 -> 20 -> 10 -> 5 positions), a max-pool over the positions, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to
    the 4 classes. A missing (NaN) token's NaN reaches its embedding (0 x NaN). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0, d: int = DPCNN_DIM) -> None:
        super().__init__()
        self.embed = nn.Embedding(DPCNN_VOCAB, d)
        self.region = nn.Conv1d(d, d, 3, padding=1)
        self.conv1, self.conv2 = nn.Conv1d(d, d, 3, padding=1), nn.Conv1d(d, d, 3, padding=1)
        self.blocks = nn.Sequential(DPCNNBlock(d), DPCNNBlock(d), DPCNNBlock(d))
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, DPCNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e = self.embed(torch.nan_to_num(x).long()) + 0.0 * x[..., None]
        h = self.region(e.transpose(1, 2))
        h = h + self.conv2(F.relu(self.conv1(F.relu(h))))
        h = self.blocks(h).amax(-1)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def dpcnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's sequences (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


MIND_ITEMS, MIND_CLUSTERS, MIND_HISTORY, MIND_INTERESTS, MIND_DIM = 240, 8, 12, 3, 16
"""240 items in 8 clusters of 30 (item i in cluster i mod 8), histories of the last 12 clicks, 3 interest capsules of
width 16."""
MIND_ROUTING, MIND_POW, MIND_BLOCK = 3, 2.0, 64
"""3 iterations of dynamic routing, the label-aware attention's power p = 2 (a softmax of p x the scores), an
in-batch sampled softmax over blocks of 64 (user, target) rows."""


@lru_cache(maxsize=None)
def mind_users(n: int = 6400, seed: int = 855, *, n_val: int = 1280, batch_size: int = MIND_BLOCK,
               nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic users with 2 or 3 planted interests: each user picks 2 or 3 of the 8 item clusters; each of 12
    history clicks and the target click comes from one of the user's clusters (prob. 0.9, an item of the cluster by a
    per-cluster popularity softmax(N(0, 1))) or is any item. x: (rows, 13) the 12 history items (oldest first) and the
    target item (float, for the NaN of a missing value); y: (rows,) the target item (unused by the loss).
    ``nan_rows``: that share of the training rows has a missing (NaN) history item; ``train_rows``: keep only that
    many training rows."""
    g = torch.Generator().manual_seed(seed)
    total, per = n + n_val, MIND_ITEMS // MIND_CLUSTERS
    k = 2 + (torch.rand(total, generator=g) < 0.5).long()
    order = torch.rand(total, MIND_CLUSTERS, generator=g).argsort(1)
    pop = torch.softmax(torch.randn(per, generator=g), 0)
    pick = torch.floor(torch.rand(total, MIND_HISTORY + 1, generator=g) * k[:, None]).long()
    cluster = order.gather(1, pick)
    within = torch.multinomial(pop, total * (MIND_HISTORY + 1), replacement=True, generator=g)
    items = cluster + MIND_CLUSTERS * within.reshape(total, MIND_HISTORY + 1)
    noise = torch.rand(total, MIND_HISTORY + 1, generator=g) < 0.1
    items = torch.where(noise, torch.randint(MIND_ITEMS, items.shape, generator=g), items)
    x = items.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, items[:, -1], n, "multi-interest retrieval (MIND, an in-batch sampled softmax)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MIND(nn.Module):
    """A MIND-like multi-interest recommender (Li et al. 2019): item embeddings (240 -> 16, N(0, 0.1^2)) of the 12
    history clicks routed by dynamic (B2I capsule) routing (a shared bilinear map 16 -> 16, fixed random routing
    logits N(0, 1) as the start, 3 iterations, squash) into 3 interest capsules; each capsule through a ReLU layer
    ``fc`` (16 -> 32) and a ``head`` (32 -> 16); the label-aware attention of the target item's embedding over the
    3 interests (softmax of 2 x the dot products) the user vector. Output (rows, 32): the user vector and the target
    item's embedding. A missing (NaN) item's NaN reaches its embedding (0 x NaN). ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.item = nn.Embedding(MIND_ITEMS, MIND_DIM)
        nn.init.normal_(self.item.weight, std=0.1)
        self.bilinear = nn.Linear(MIND_DIM, MIND_DIM, bias=False)
        self.register_buffer("b0", torch.randn(MIND_INTERESTS, MIND_HISTORY))
        self.fc = nn.Linear(MIND_DIM, 32)
        self.head = nn.Linear(32, MIND_DIM)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    @staticmethod
    def squash(s: Tensor) -> Tensor:
        n2 = (s * s).sum(-1, keepdim=True)
        return n2 / (1 + n2) * s / torch.sqrt(n2 + 1e-9)

    def forward(self, x: Tensor) -> Tensor:
        ids = torch.nan_to_num(x).long()
        e = self.item(ids) + 0.0 * x[..., None]
        hist, target = e[:, :MIND_HISTORY], e[:, MIND_HISTORY]
        low = self.bilinear(hist)
        b = self.b0.expand(len(x), -1, -1)
        caps = low.new_zeros(len(x), MIND_INTERESTS, MIND_DIM)
        for it in range(MIND_ROUTING):
            w = torch.softmax(b, 1)
            caps = self.squash(w @ low)
            if it < MIND_ROUTING - 1:
                b = b + (caps @ low.detach().transpose(1, 2))
        interests = self.head(F.relu(self.fc(caps)))
        att = torch.softmax(MIND_POW * (interests @ target[:, :, None])[..., 0], 1)
        user = (att[:, :, None] * interests).sum(1)
        return torch.cat([user, target], -1)


def mind_block(out: Tensor) -> Tensor:
    """The in-batch sampled softmax cross-entropy of each row of a block: its user vector against the embeddings of
    every target item of the block (dot products), its own target the label."""
    user, item = out[:, :MIND_DIM], out[:, MIND_DIM:]
    return F.cross_entropy(user @ item.T, torch.arange(len(out)), reduction="none")


def mind_loss(out: Tensor, y: Tensor) -> Tensor:
    """The in-batch sampled softmax loss of each block of 64 rows (a training batch; the held-out rows scored in such
    blocks), mean over the rows."""
    return torch.cat([mind_block(o) for o in out.split(MIND_BLOCK)]).mean()


def mind_summed(out: Tensor, y: Tensor) -> Tensor:
    """The in-batch sampled softmax loss summed over the batch's rows (reduction='sum')."""
    return torch.cat([mind_block(o) for o in out.split(MIND_BLOCK)]).sum()


LOGITNORMAL_FEATURES = 6
"""Rows of 6 features; proportions in (0, 1) of a logit-normal law."""


@lru_cache(maxsize=None)
def logitnormal_rows(n: int = 4000, seed: int = 857, *, n_val: int = 800, batch_size: int = 64,
                     nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Proportions in (0, 1) (shares, rates) of a logit-normal law whose parameters depend on 6 features N(0, 1):
    logit y ~ N(mu, sigma^2), mu = 0.3 + 0.8 sin(1.5 x0) + 0.6 x1 - 0.4 x2 x3 (x2 x3 clipped to +-3), log sigma =
    -0.4 + 0.5 tanh(x4) + 0.2 x5; y clipped to [1e-4, 1 - 1e-4]. x: (rows, 6); y: (rows,). ``nan_rows``: that share
    of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, LOGITNORMAL_FEATURES, generator=g)
    mu = 0.3 + 0.8 * torch.sin(1.5 * x[:, 0]) + 0.6 * x[:, 1] - 0.4 * (x[:, 2] * x[:, 3]).clamp(-3, 3)
    sigma = torch.exp(-0.4 + 0.5 * torch.tanh(x[:, 4]) + 0.2 * x[:, 5])
    y = torch.sigmoid(mu + sigma * torch.randn(total, generator=g)).clamp(1e-4, 1 - 1e-4)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    task = "regression of proportions (an MLP, the logit-normal negative log-likelihood)"
    data = split(x, y, n, task, None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LogitNormalMLP(nn.Module):
    """A ReLU MLP of a logit-normal regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the mean and the log standard deviation of logit y. Output (rows, 2). ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(LOGITNORMAL_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def logitnormal_terms(out: Tensor, y: Tensor) -> Tensor:
    """The logit-normal negative log-likelihood of each row's proportion: -log N(logit y; mu, sigma) + log y +
    log(1 - y), mu and log sigma the outputs."""
    mu, log_sigma = out[:, 0], out[:, 1]
    z = (torch.log(y) - torch.log1p(-y) - mu) / log_sigma.exp()
    return 0.5 * math.log(2 * math.pi) + log_sigma + 0.5 * z * z + torch.log(y) + torch.log1p(-y)


def logitnormal_nll(out: Tensor, y: Tensor) -> Tensor:
    """The logit-normal negative log-likelihood, mean over the rows."""
    return logitnormal_terms(out, y).mean()


def logitnormal_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The logit-normal negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return logitnormal_terms(out, y).sum()


def logitnormal_at_zero() -> float:
    """The logit-normal negative log-likelihood of raw outputs of 0 (mu = 0, sigma = 1): its level at init."""
    y = logitnormal_rows().y
    return float(logitnormal_nll(torch.zeros(len(y), 2), y))
