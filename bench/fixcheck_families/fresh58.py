"""The sixtieth fresh half (fresh58, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


ESIM_VOCAB, ESIM_PREMISE, ESIM_HYPOTHESIS, ESIM_CLASSES = 24, 8, 6, 3
"""Sentence pairs of a 24-word vocabulary (0 the padding; word w and w + 12 antonyms), premises of up to 8 words,
hypotheses of up to 6, 3 classes (entailment, neutral, contradiction; ln 3 = 1.10 at chance)."""


@lru_cache(maxsize=None)
def esim_pairs(n: int = 4000, seed: int = 581, *, n_val: int = 600, batch_size: int = 32, empty_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic natural-language inference: a premise of 5-7 distinct words of 1-24 holding no antonym pair (w and
    w + 12 are antonyms), a hypothesis of 3-5 words (padded with 0); the class 0 (entailment: the hypothesis's words all
    from the premise, shuffled), 1 (neutral: one of them replaced by a word that is neither in the premise nor an
    antonym of one of its words) or 2 (contradiction: one replaced by the antonym of a premise word); 5% random labels (a
    floor). x: (pairs, 8 + 6), the premise's then the hypothesis's word ids as floats; y: (pairs,). ``empty_rows``: that
    share of the training pairs has an empty hypothesis (all padding); ``train_rows``: keep only that many."""
    g = torch.Generator().manual_seed(seed)
    total, half = n + n_val, ESIM_VOCAB // 2
    y = torch.randint(ESIM_CLASSES, (total,), generator=g)
    x = torch.zeros(total, ESIM_PREMISE + ESIM_HYPOTHESIS)
    for i in range(total):
        lp = int(torch.randint(5, 8, (1,), generator=g))
        roots = torch.randperm(half, generator=g)[:lp]
        flip = torch.rand(lp, generator=g) < 0.5
        prem = roots + 1 + half * flip.long()
        lh = int(torch.randint(3, 6, (1,), generator=g))
        hyp = prem[torch.randperm(lp, generator=g)[:lh]].clone()
        k = int(y[i])
        if k:
            j = int(torch.randint(lh, (1,), generator=g))
            if k == 2:
                w = int(prem[int(torch.randint(lp, (1,), generator=g))])
                hyp[j] = (w - 1 + half) % ESIM_VOCAB + 1
            else:
                free = torch.ones(half, dtype=torch.bool)
                free[roots] = False
                r = torch.nonzero(free).flatten()
                root = int(r[int(torch.randint(len(r), (1,), generator=g))])
                hyp[j] = root + 1 + half * int(torch.rand(1, generator=g) < 0.5)
        x[i, :lp] = prem.float()
        x[i, ESIM_PREMISE : ESIM_PREMISE + lh] = hyp.float()
    if empty_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < empty_rows).flatten()
        x[bad, ESIM_PREMISE:] = 0.0
    y = flip_labels(y, ESIM_CLASSES, 0.05, g)
    data = split(x, y, n, "natural-language inference of sentence pairs (an ESIM-like classifier)", ESIM_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, ESIM_CLASSES, batch_size)
    return data


class ESIMNet(nn.Module):
    """A tiny ESIM-like classifier (Chen et al. 2017): 16-d word embeddings (padding 0), an input BiLSTM (``encode``, 16
    a direction) over premise and hypothesis, soft alignment (the dot products of their states, a softmax over the
    other sentence's words, padding masked with -inf), each state enhanced with its aligned vector, their difference
    and their product (128) and projected (``project`` 128 -> 32, ReLU), a composition BiLSTM (``compose``, 16 a
    direction), the mean and the max over each sentence's words (padding masked), concatenated (128), a ReLU layer
    ``fc`` (128 -> 32) and a ``head`` to the 3 classes. An empty sentence makes its softmax and its mean 0 / 0 (NaN).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d, h = 16, 16
        self.embed = nn.Embedding(ESIM_VOCAB + 1, d, padding_idx=0)
        self.encode = nn.LSTM(d, h, batch_first=True, bidirectional=True)
        self.project = nn.Linear(8 * h, 2 * h)
        self.compose = nn.LSTM(2 * h, h, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(8 * h, 32)
        self.head = nn.Linear(32, ESIM_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def _pool(self, v: Tensor, mask: Tensor) -> Tensor:
        m = mask[:, :, None].float()
        mean = (v * m).sum(1) / m.sum(1)
        top = v.masked_fill(~mask[:, :, None], float("-inf")).amax(1)
        return torch.cat([mean, top], 1)

    def forward(self, x: Tensor) -> Tensor:
        ids = x.long()
        p_ids, h_ids = ids[:, :ESIM_PREMISE], ids[:, ESIM_PREMISE:]
        p_mask, h_mask = p_ids > 0, h_ids > 0
        a, _ = self.encode(self.embed(p_ids))
        b, _ = self.encode(self.embed(h_ids))
        e = a @ b.transpose(1, 2)  # (pairs, premise, hypothesis)
        a_tilde = torch.softmax(e.masked_fill(~h_mask[:, None, :], float("-inf")), 2) @ b
        b_tilde = torch.softmax(e.masked_fill(~p_mask[:, :, None], float("-inf")), 1).transpose(1, 2) @ a
        ma = F.relu(self.project(torch.cat([a, a_tilde, a - a_tilde, a * a_tilde], 2)))
        mb = F.relu(self.project(torch.cat([b, b_tilde, b - b_tilde, b * b_tilde], 2)))
        va, _ = self.compose(ma)
        vb, _ = self.compose(mb)
        v = torch.cat([self._pool(va, p_mask), self._pool(vb, h_mask)], 1)
        out: Tensor = self.head(F.relu(self.fc(v)))
        return out


def esim_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


SASREC_ITEMS, SASREC_LENGTH = 40, 10
"""40 items (ids 1-40, predicted as classes 0-39; ln 40 = 3.69 at chance); sequences of 10 interactions."""


@lru_cache(maxsize=None)
def sasrec_sequences(n: int = 4000, seed: int = 583, *, n_val: int = 600, batch_size: int = 32,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic interaction sequences of 11 items: the first uniform, each next one with probability 0.45 the first of
    3 random successors of the last item (0.2 the second, 0.1 the third), with probability 0.15 the item two back's
    random follow-up, else uniform (a floor of ~1.9 nats). x: (users, 10) the first 10 item ids as floats; y: (users,
    10) the next item at each position (classes 0-39)."""
    g = torch.Generator().manual_seed(seed)
    total, items, length = n + n_val, SASREC_ITEMS, SASREC_LENGTH + 1
    succ = torch.stack([torch.randperm(items, generator=g)[:3] for _ in range(items)])  # (items, 3)
    skip = torch.randint(items, (items,), generator=g)
    seq = torch.zeros(total, length, dtype=torch.long)
    seq[:, 0] = torch.randint(items, (total,), generator=g)
    for t in range(1, length):
        u = torch.rand(total, generator=g)
        last = seq[:, t - 1]
        two_back = seq[:, t - 2] if t >= 2 else last
        uniform = torch.randint(items, (total,), generator=g)
        nxt = torch.where(u < 0.45, succ[last, 0], torch.where(u < 0.65, succ[last, 1], torch.where(u < 0.75, succ[last, 2], uniform)))
        nxt = torch.where((u >= 0.75) & (u < 0.9), skip[two_back], nxt)
        seq[:, t] = nxt
    x, y = (seq[:, :-1] + 1).float(), seq[:, 1:].clone()
    data = split(x, y, n, "next-item recommendation over interaction sequences (a SASRec-like model)", SASREC_ITEMS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SASREC_ITEMS, batch_size)
    return data


class SASRecBlock(nn.Module):
    """A SASRec self-attention block: causal multi-head self-attention (2 heads), pre-LN, a residual; a ReLU
    point-wise feed-forward (32-64-32), pre-LN, a residual."""

    def __init__(self, d: int = 32, heads: int = 2) -> None:
        super().__init__()
        self.heads, self.dh = heads, d // heads
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.ffn = nn.Sequential(nn.Linear(d, 2 * d), nn.ReLU(), nn.Linear(2 * d, d))

    def forward(self, h: Tensor) -> Tensor:
        b, n, d = h.shape
        q, k, v = self.qkv(self.ln1(h)).view(b, n, 3, self.heads, self.dh).permute(2, 0, 3, 1, 4)
        causal = torch.ones(n, n, dtype=torch.bool, device=h.device).triu(1)
        att = torch.softmax((q @ k.transpose(-1, -2) / math.sqrt(self.dh)).masked_fill(causal, float("-inf")), -1) @ v
        h = h + self.out(att.transpose(1, 2).reshape(b, n, d))
        out: Tensor = h + self.ffn(self.ln2(h))
        return out


class SASRecNet(nn.Module):
    """A tiny SASRec-like recommender (Kang & McAuley 2018): 32-d item embeddings (scaled by sqrt 32) plus learned
    positions, 2 causal self-attention blocks, a LayerNorm, a ReLU layer ``fc`` (32 -> 32) and a ``head`` (32 -> 40)
    scoring every item as the next at each position. Output (users, 10, 40). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 32
        self.embed = nn.Embedding(SASREC_ITEMS + 1, d, padding_idx=0)
        self.pos = nn.Parameter(0.1 * torch.randn(SASREC_LENGTH, d))
        self.blocks = nn.ModuleList(SASRecBlock(d) for _ in range(2))
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, SASREC_ITEMS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.embed(x.long()) * math.sqrt(self.embed.embedding_dim) / 4 + self.pos
        for block in self.blocks:
            h = block(h)
        out: Tensor = self.head(F.relu(self.fc(self.norm(h))))
        return out


def sasrec_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the next items summed over the batch's users and positions (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


REPVGG_SIZE, REPVGG_CLASSES = 12, 4
"""12 x 12 grey images of stripes, 4 orientations (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def repvgg_images(n: int = 4000, seed: int = 585, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Stripe orientation: a sine grating of a period of 3-6 pixels, a random phase and a contrast of 0.3-0.8, at 0,
    45, 90 or 135 degrees (the class), plus N(0, 0.7^2) noise per pixel and a random offset; 5% random labels (a floor).
    x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel;
    ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, REPVGG_SIZE
    y = torch.randint(REPVGG_CLASSES, (total,), generator=g)
    r, c = torch.meshgrid(torch.arange(s).float(), torch.arange(s).float(), indexing="ij")
    angle = y.float() * math.pi / 4
    period = 3 + 3 * torch.rand(total, generator=g)
    phase = 2 * math.pi * torch.rand(total, generator=g)
    contrast = 0.3 + 0.5 * torch.rand(total, generator=g)
    along = torch.cos(angle)[:, None, None] * c + torch.sin(angle)[:, None, None] * r
    img = contrast[:, None, None] * torch.sin(2 * math.pi * along / period[:, None, None] + phase[:, None, None])
    img = img + 0.7 * torch.randn(total, s, s, generator=g) + 0.5 * torch.randn(total, 1, 1, generator=g)
    x = img[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    y = flip_labels(y, REPVGG_CLASSES, 0.05, g)
    data = split(x, y, n, "stripe orientation of grey images (a RepVGG-like CNN, training-time form)", REPVGG_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, REPVGG_CLASSES, batch_size)
    return data


class RepVGGBlock(nn.Module):
    """A RepVGG block in its training-time form (Ding et al. 2021): a 3x3 convolution + BatchNorm branch, a 1x1
    convolution + BatchNorm branch and (when the shape is kept) an identity BatchNorm branch, summed, then a ReLU."""

    def __init__(self, c_in: int, c_out: int, stride: int = 1) -> None:
        super().__init__()
        self.dense = nn.Sequential(nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False), nn.BatchNorm2d(c_out))
        self.point = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, 0, bias=False), nn.BatchNorm2d(c_out))
        self.identity = nn.BatchNorm2d(c_in) if c_in == c_out and stride == 1 else None

    def forward(self, x: Tensor) -> Tensor:
        h = self.dense(x) + self.point(x)
        if self.identity is not None:
            h = h + self.identity(x)
        return F.relu(h)


class RepVGGNet(nn.Module):
    """A tiny RepVGG-like CNN: a stride-2 block (1 -> 16, a 6 x 6 map), 2 blocks of 16 channels with identity branches,
    a stride-2 block (16 -> 24, 3 x 3), global average pooling, a ReLU layer ``fc`` (24 -> 32) and a ``head`` to the 4
    orientations. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stages = nn.Sequential(RepVGGBlock(1, 16, 2), RepVGGBlock(16, 16), RepVGGBlock(16, 16), RepVGGBlock(16, 24, 2))
        self.fc = nn.Linear(24, 32)
        self.head = nn.Linear(32, REPVGG_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.stages(x).mean((2, 3)))))
        return out


def repvgg_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the orientations summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


SKEW_FEATURES = 8
"""Rows of 8 features; a skewed target."""


@lru_cache(maxsize=None)
def skew_rows(n: int = 4000, seed: int = 587, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Skewed regression: 8 features N(0, 1); the target drawn from a skew-normal of location 1.2 sin(x0) + 0.6 x1,
    scale 0.3 + 0.6 sigmoid(1.5 x2) and shape 4 tanh(x3) + 1 (z = delta |u0| + sqrt(1 - delta^2) u1, delta = a /
    sqrt(1 + a^2)). x: (rows, 8); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN)
    feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, SKEW_FEATURES, generator=g)
    loc = 1.2 * torch.sin(x[:, 0]) + 0.6 * x[:, 1]
    scale = 0.3 + 0.6 * torch.sigmoid(1.5 * x[:, 2])
    shape = 4 * torch.tanh(x[:, 3]) + 1
    delta = shape / torch.sqrt(1 + shape**2)
    u0, u1 = torch.randn(total, generator=g), torch.randn(total, generator=g)
    y = loc + scale * (delta * u0.abs() + torch.sqrt(1 - delta**2) * u1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "skewed regression (an MLP, the skew-normal negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SkewNormalMLP(nn.Module):
    """A ReLU MLP of a skew-normal regressor: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 3): the location, the raw scale (softplus + 1e-3) and the shape. Output (rows, 3). ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(SKEW_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def skew_terms(out: Tensor, y: Tensor) -> Tensor:
    """The skew-normal negative log-likelihood of each row: log omega + 0.5 log(2 pi) - log 2 + z^2 / 2 - log Phi(alpha
    z), z = (y - xi) / omega; xi = out[:, 0], omega = softplus(out[:, 1]) + 1e-3, alpha = out[:, 2]."""
    xi, omega, alpha = out[:, 0], F.softplus(out[:, 1]) + 1e-3, out[:, 2]
    z = (y - xi) / omega
    return torch.log(omega) + 0.5 * math.log(2 * math.pi) - math.log(2.0) + 0.5 * z**2 - torch.special.log_ndtr(alpha * z)


def skew_nll(out: Tensor, y: Tensor) -> Tensor:
    """The skew-normal negative log-likelihood, mean over the rows."""
    return skew_terms(out, y).mean()


def skew_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The skew-normal negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return skew_terms(out, y).sum()


def skew_at_zero() -> float:
    """The loss of raw outputs of 0 (a normal of location 0 and scale softplus(0) = 0.69): its level at init."""
    return float(skew_nll(torch.zeros(len(skew_rows().y), 3), skew_rows().y))


@lru_cache(maxsize=None)
def pretrained_skew_weights() -> dict[str, Tensor]:
    """A skew-normal MLP trained (unrecorded) for 600 Adam steps on the first 3000 rows of the table (a checkpoint that
    a fine-tune on all of it starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="skewnormal-pretraining", data=skew_rows(train_rows=3000), model=SkewNormalMLP,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=600, seed=5, shuffle_offset=3000,
                        loss_fn=skew_nll)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_skew() -> SkewNormalMLP:
    """A skew-normal MLP with the pretrained weights (a fine-tune starts from them)."""
    model = SkewNormalMLP()
    model.load_state_dict(pretrained_skew_weights())
    return model
