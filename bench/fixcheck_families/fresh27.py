"""The twenty-seventh fresh half (fresh27, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``relnet`` a Relation Network (a g-MLP of every ordered pair of a scene's 6 objects with the question,
summed, an f-MLP) answering sort-of-CLEVR-like questions (relational and not) about object lists, cross-
entropy over 10 answers; held out on new scenes;
``grud`` GRU-D (input decay of the last observation towards the mean and hidden-state decay, both from the
time since a variable's last observation, a GRU cell of the imputed values and the mask) classifying
irregularly sampled series of 4 variables with missing values into 4 classes of dynamics, cross-entropy;
``linattn`` a causal linear-attention LM (elu + 1 feature map, a token shift on keys and values) on
multi-query associative recall, next-token cross-entropy at the recalled values;
``tasnet`` a Conv-TasNet-like separator (a conv encoder, a TCN mask estimator, a transposed-conv decoder) of
a chirp and a harmonic tone from their noisy mixture, negative SI-SNR with permutation-invariant training.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, split


RELNET_OBJECTS, RELNET_COLOURS, RELNET_SHAPES, RELNET_TYPES, RELNET_ANSWERS = 6, 6, 2, 4, 10
RELNET_OBJ = 2 + RELNET_COLOURS + RELNET_SHAPES
RELNET_QUESTION = RELNET_COLOURS + RELNET_TYPES
"""A sort-of-CLEVR scene has 6 objects, one of each of 6 colours, each a square or a circle at a position of the plane:
an object is 10 numbers (x, y, the colour one-hot, the shape one-hot), a question 10 (the colour it asks about, one-hot,
and its type, one-hot of 4); the answers are 10 classes (square, circle, yes, no, and the counts 1 to 6)."""


@lru_cache(maxsize=None)
def relnet_scenes(n: int = 6000, seed: int = 321, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Sort-of-CLEVR-like visual question answering from object lists: 6 objects a scene (their order shuffled), at
    positions uniform in [-1, 1]^2, one of each colour, squares or circles at random; one question a scene about the
    object of a colour, of 4 types drawn uniformly: its shape (answer square or circle), whether it is on the left half
    (yes or no), the shape of the object nearest to it (relational), how many objects share its shape (relational: 1 to
    6). x: (scenes, 70) the 6 objects' 10 numbers, then the question's 10; y: (scenes,) the answer class. ``train_rows``:
    keep only that many training scenes; ``nan_rows``: that share of the training scenes has a missing (NaN) position."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    pos = 2 * torch.rand(total, RELNET_OBJECTS, 2, generator=g) - 1
    colour = torch.argsort(torch.rand(total, RELNET_OBJECTS, generator=g), 1)
    shape = torch.randint(0, RELNET_SHAPES, (total, RELNET_OBJECTS), generator=g)
    asked = torch.randint(0, RELNET_COLOURS, (total,), generator=g)
    kind = torch.randint(0, RELNET_TYPES, (total,), generator=g)
    rows = torch.arange(total)
    who = (colour == asked[:, None]).float().argmax(1)  # the index of the object of the asked colour
    dist = (pos - pos[rows, who][:, None]).norm(dim=-1)
    dist[rows, who] = float("inf")
    nearest = dist.argmin(1)
    own = shape[rows, who]
    answer = torch.where(kind == 0, own, torch.where(kind == 1, 3 - (pos[rows, who, 0] < 0).long(),
                         torch.where(kind == 2, shape[rows, nearest], 3 + (shape == own[:, None]).sum(1))))  # fmt: skip
    objects = torch.cat([pos, F.one_hot(colour, RELNET_COLOURS).float(), F.one_hot(shape, RELNET_SHAPES).float()], -1)
    question = torch.cat([F.one_hot(asked, RELNET_COLOURS).float(), F.one_hot(kind, RELNET_TYPES).float()], 1)
    x = torch.cat([objects.reshape(total, -1), question], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, answer, n, "visual question answering (a Relation Network over a sort-of-CLEVR scene's objects)",
                 RELNET_ANSWERS, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, RELNET_ANSWERS, batch_size)
    return data


class RelationNet(nn.Module):
    """A Relation Network (Santoro et al. 2017): a g-MLP (``g_inp`` 30 -> 64, ``g_hid`` 64 -> 64, ``g_out`` 64 -> 64,
    ReLU) of every ordered pair of objects (36, each with itself too) with the question, summed over the pairs, then an
    f-MLP (``fc`` 64 -> 64, ReLU, ``head`` 64 -> 10) to the answer's logits. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.g_inp = nn.Linear(2 * RELNET_OBJ + RELNET_QUESTION, hidden)
        self.g_hid = nn.Linear(hidden, hidden)
        self.g_out = nn.Linear(hidden, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, RELNET_ANSWERS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, k = len(x), RELNET_OBJECTS
        objs, q = x[:, : k * RELNET_OBJ].reshape(b, k, RELNET_OBJ), x[:, k * RELNET_OBJ :]
        pairs = torch.cat([objs[:, :, None].expand(b, k, k, RELNET_OBJ), objs[:, None].expand(b, k, k, RELNET_OBJ),
                           q[:, None, None].expand(b, k, k, RELNET_QUESTION)], -1)  # fmt: skip
        g = F.relu(self.g_out(F.relu(self.g_hid(F.relu(self.g_inp(pairs))))))
        out: Tensor = self.head(F.relu(self.fc(g.sum((1, 2)))))
        return out


def relnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's questions (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


GRUD_VARS, GRUD_STEPS, GRUD_CLASSES, GRUD_HIDDEN, GRUD_SPAN = 4, 24, 4, 32, 12.0
"""GRU-D reads series of 4 variables at 24 irregular times in [0, 12], each variable observed at some of them, into a
GRU of 32 units, and names one of 4 classes of dynamics."""


@lru_cache(maxsize=None)
def grud_series(n: int = 3000, seed: int = 322, *, n_val: int = 800, batch_size: int = 64, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Irregularly sampled multivariate series with missing values, 4 classes of dynamics of a latent signal: a sine of
    period ~2.5 (+-15%), a sine of period ~7, a linear trend (a slope of +-0.15-0.4 per unit of time) and a level shift (of
    +-1-2 at a uniform time); 4 variables load the signal with random weights (N(1, 0.5^2), a sign each), plus an offset
    N(0, 0.5^2) each and noise of std 0.2. 24 sample times uniform in [0, 12], sorted; each variable observed at each
    time with a probability uniform in 0.3-0.8 per series (at least its first time). Values standardised over the
    observed training values. x: (series, 24, 12) the values (0 where missing), the mask (1 observed) and the time since
    the variable's last observation (Che et al.'s delta; 0 at the first time); y: (series,) the class. ``train_rows``:
    keep only that many training series; ``nan_rows``: that share of the training series has one observed value
    missing (NaN) though its mask says observed (a corrupted record)."""
    g = torch.Generator().manual_seed(seed)
    total, v, t_n = n + n_val, GRUD_VARS, GRUD_STEPS
    times = torch.sort(GRUD_SPAN * torch.rand(total, t_n, generator=g), 1).values
    y = torch.randint(0, GRUD_CLASSES, (total,), generator=g)
    u = lambda *shape: torch.rand(*shape, generator=g)  # noqa: E731
    period = torch.where(y == 0, 2.5, 7.0)[:, None] * (0.85 + 0.3 * u(total, 1))
    sine = torch.sin(2 * math.pi * times / period + 2 * math.pi * u(total, 1))
    slope = (0.15 + 0.25 * u(total, 1)) * torch.where(u(total, 1) < 0.5, -1.0, 1.0)
    trend = slope * (times - GRUD_SPAN / 2)
    jump = (1 + u(total, 1)) * torch.where(u(total, 1) < 0.5, -1.0, 1.0)
    shift = jump * ((times > GRUD_SPAN * (0.2 + 0.6 * u(total, 1))).float() - 0.5)
    latent = torch.where((y <= 1)[:, None], sine, torch.where((y == 2)[:, None], trend, shift))
    load = (1 + 0.5 * torch.randn(total, v, generator=g)) * torch.where(u(total, v) < 0.5, -1.0, 1.0)
    vals = latent[:, :, None] * load[:, None] + 0.5 * torch.randn(total, 1, v, generator=g)
    vals = vals + 0.2 * torch.randn(total, t_n, v, generator=g)
    rate = 0.3 + 0.5 * u(total, 1, 1)
    mask = (u(total, t_n, v) < rate).float()
    mask[:, 0] = 1.0
    observed = mask[:n].bool()
    mean, std = vals[:n][observed].mean(), vals[:n][observed].std()
    vals = (vals - mean) / std * mask
    delta = torch.zeros(total, t_n, v)
    for s in range(1, t_n):
        gap = (times[:, s] - times[:, s - 1])[:, None]
        delta[:, s] = gap + (1 - mask[:, s - 1]) * delta[:, s - 1]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        vals[bad, 0, 1] = float("nan")
        mask[bad, 0, 1] = 1.0
    x = torch.cat([vals, mask, delta], -1)
    data = split(x, y, n, "classification of irregularly sampled series with missing values (GRU-D)", GRUD_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, GRUD_CLASSES, batch_size)
    return data


class GRUD(nn.Module):
    """GRU-D (Che et al. 2018): at each time a missing value is imputed by its last observation decayed towards the
    mean (0) by gamma_x = exp(-relu(w delta + b)) (one w, b a variable), the hidden state decayed by gamma_h =
    exp(-relu(``decay_h`` delta)) (a Linear 4 -> 32), then a GRUCell (``cell``) of the imputed values and the mask (8 ->
    32); from the last state a ReLU layer ``fc`` 32 -> 32 and a ``head`` 32 -> 4. ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, hidden: int = GRUD_HIDDEN, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.decay_x_w = nn.Parameter(torch.full((GRUD_VARS,), 0.1))
        self.decay_x_b = nn.Parameter(torch.zeros(GRUD_VARS))
        self.decay_h = nn.Linear(GRUD_VARS, hidden)
        self.cell = nn.GRUCell(2 * GRUD_VARS, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, GRUD_CLASSES)
        self.hidden = hidden
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        v = GRUD_VARS
        vals, mask, delta = x[..., :v], x[..., v : 2 * v], x[..., 2 * v :]
        h = x.new_zeros(len(x), self.hidden)
        last = x.new_zeros(len(x), v)
        for s in range(x.shape[1]):
            m, d = mask[:, s], delta[:, s]
            gamma_x = torch.exp(-F.relu(self.decay_x_w * d + self.decay_x_b))
            seen = m * vals[:, s]
            imputed = seen + (1 - m) * gamma_x * last
            last = seen + (1 - m) * last
            h = torch.exp(-F.relu(self.decay_h(d))) * h
            h = self.cell(torch.cat([imputed, m], 1), h)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def grud_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's series (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


LINATTN_KEYS, LINATTN_PAIRS, LINATTN_QUERIES, LINATTN_D, LINATTN_HEADS = 12, 6, 4, 64, 4
LINATTN_VOCAB = 2 * LINATTN_KEYS
LINATTN_LEN = 2 * (LINATTN_PAIRS + LINATTN_QUERIES) - 1
"""Associative recall: 12 key tokens (0-11) and 12 value tokens (12-23); a sequence binds 6 keys to values, then asks 4
of them again; the linear-attention LM is 64 wide with 4 heads and reads the first 19 of the 20 tokens."""


@lru_cache(maxsize=None)
def recall_sequences(n: int = 6000, seed: int = 323, *, n_val: int = 1000, batch_size: int = 64,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Multi-query associative recall: 6 distinct keys (of 12) each followed by a value (of 12, uniform), then 4 of those
    keys (distinct, in a random order) each followed by its value; the LM must recall the value after each repeated key.
    x: (sequences, 19) the first 19 tokens; y: (sequences, 4) the 4 recalled values (the next token after each query
    key, at positions 12, 14, 16 and 18). ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    keys = torch.argsort(torch.rand(total, LINATTN_KEYS, generator=g), 1)[:, :LINATTN_PAIRS]
    values = LINATTN_KEYS + torch.randint(0, LINATTN_KEYS, (total, LINATTN_PAIRS), generator=g)
    ask = torch.argsort(torch.rand(total, LINATTN_PAIRS, generator=g), 1)[:, :LINATTN_QUERIES]
    q_keys, q_values = keys.gather(1, ask), values.gather(1, ask)
    seq = torch.cat([torch.stack([keys, values], 2).reshape(total, -1), torch.stack([q_keys, q_values], 2).reshape(total, -1)], 1)
    data = split(seq[:, :-1], q_values, n, "language modelling (associative recall by a linear-attention LM)", LINATTN_VOCAB,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, LINATTN_VOCAB, batch_size)
    return data


class LinearAttnLM(nn.Module):
    """A causal linear-attention LM ("transformers are RNNs", Katharopoulos et al. 2020): token embeddings and learned
    positions (64 wide), 2 pre-LN blocks of linear attention (4 heads of 16; the feature map elu + 1; causal: the
    parallel form of the running sums of phi(k) v^T and of phi(k), phi(q_s) . phi(k_t) masked to t <= s; keys and
    values read the token before, a token shift as in RWKV, queries the token itself) and a GELU MLP 64 -> 128 ->
    64, a final LayerNorm, then a ReLU layer ``fc`` 64 -> 64 and a ``head`` to the 24 tokens. Output (sequences, 4,
    24): the logits of the token after each query key. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, d: int = LINATTN_D, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(LINATTN_VOCAB, d)
        self.pos = nn.Parameter(0.1 * torch.randn(LINATTN_LEN, d))
        self.norms = nn.ModuleList(nn.LayerNorm(d) for _ in range(2 * layers))
        self.qkv = nn.ModuleList(nn.Linear(d, 3 * d) for _ in range(layers))
        self.proj = nn.ModuleList(nn.Linear(d, d) for _ in range(layers))
        self.mlp = nn.ModuleList(nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d)) for _ in range(layers))
        self.final = nn.LayerNorm(d)
        self.fc = nn.Linear(d, d)
        self.head = nn.Linear(d, LINATTN_VOCAB)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def attend(self, layer: int, h: Tensor) -> Tensor:
        b, t, d = h.shape
        heads = LINATTN_HEADS
        q, k, v = self.qkv[layer](h).chunk(3, -1)
        shifted = lambda z: torch.cat([torch.zeros_like(z[:, :1]), z[:, :-1]], 1)  # noqa: E731
        k, v = shifted(k), shifted(v)
        q, k, v = (z.reshape(b, t, heads, d // heads) for z in (q, k, v))
        q, k = F.elu(q) + 1, F.elu(k) + 1
        weights = torch.einsum("bshi,bthi->bhst", q, k).tril()  # phi(q_s) . phi(k_t) for t <= s
        num = torch.einsum("bhst,bthj->bshj", weights, v)
        den = weights.sum(-1).transpose(1, 2)[..., None] + 1e-6
        out: Tensor = self.proj[layer]((num / den).reshape(b, t, d))
        return out

    def forward(self, x: Tensor) -> Tensor:
        h = self.embed(x) + self.pos[: x.shape[1]]
        for layer in range(len(self.qkv)):
            h = h + self.attend(layer, self.norms[2 * layer](h))
            h = h + self.mlp[layer](self.norms[2 * layer + 1](h))
        at = torch.arange(2 * LINATTN_PAIRS, LINATTN_LEN, 2)
        out: Tensor = self.head(F.relu(self.fc(self.final(h[:, at]))))
        return out


def linattn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's sequences and recalled tokens (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


TASNET_LEN, TASNET_FILTERS, TASNET_KERNEL, TASNET_BOTTLENECK, TASNET_HIDDEN = 256, 32, 16, 32, 64
TASNET_DILATIONS = (1, 2, 4, 8)
"""The separator reads mixtures of 256 samples: an encoder of 32 filters of 16 samples at a stride of 8 (31 frames), a
TCN of 4 blocks (dilations 1, 2, 4, 8) between a 32-channel bottleneck and 64 hidden channels."""


@lru_cache(maxsize=None)
def tasnet_mixtures(n: int = 3000, seed: int = 324, *, n_val: int = 500, batch_size: int = 16, train_rows: int | None = None,
                    nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Two synthetic sources mixed: a linear chirp (from 0.02-0.06 to 0.10-0.25 cycles a sample, or down the same,
    amplitude 0.5-1, a random phase) and a harmonic tone (a fundamental of 0.01-0.04 cycles a sample and its next 3
    harmonics at amplitudes 1, 1/2, 1/3, 1/4 with random phases, the whole divided by 1.6, scaled by 0.5-1 and under a
    tremolo of depth 0.3, one cycle a mixture), plus white noise of std 0.05 in the mixture only. x: (mixtures, 256) the mixture; y: (mixtures, 2, 256)
    the clean chirp and tone. ``train_rows``: keep only that many training mixtures; ``nan_rows``: that share of the
    training mixtures has a dropped (NaN) sample."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    u = lambda *shape: torch.rand(*shape, generator=g)  # noqa: E731
    t = torch.arange(TASNET_LEN, dtype=torch.float32)
    lo, hi = 0.02 + 0.04 * u(total, 1), 0.10 + 0.15 * u(total, 1)
    up = u(total, 1) < 0.5
    f0, f1 = torch.where(up, lo, hi), torch.where(up, hi, lo)
    chirp = (0.5 + 0.5 * u(total, 1)) * torch.sin(2 * math.pi * (f0 * t + (f1 - f0) * t**2 / (2 * TASNET_LEN))
                                                   + 2 * math.pi * u(total, 1))  # fmt: skip
    base = 0.01 + 0.03 * u(total, 1)
    tone = sum(torch.sin(2 * math.pi * (k * base * t + u(total, 1))) / k for k in range(1, 5))
    tremolo = 1 + 0.3 * torch.sin(2 * math.pi * (t / TASNET_LEN + u(total, 1)))
    tone = (0.5 + 0.5 * u(total, 1)) * tone / 1.6 * tremolo
    y = torch.stack([chirp, tone], 1)
    x = y.sum(1) + 0.05 * torch.randn(total, TASNET_LEN, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 100] = float("nan")
    data = split(x, y, n, "source separation (a Conv-TasNet-like separator of two synthetic sources, SI-SNR with PIT)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TasNetBlock(nn.Module):
    """A Conv-TasNet TCN block: 1x1 conv bottleneck -> hidden, PReLU, global layer norm (GroupNorm of 1 group), a
    depthwise dilated conv of 3, PReLU, norm, 1x1 conv back; residual."""

    def __init__(self, dilation: int) -> None:
        super().__init__()
        h = TASNET_HIDDEN
        self.body = nn.Sequential(nn.Conv1d(TASNET_BOTTLENECK, h, 1), nn.PReLU(), nn.GroupNorm(1, h),
                                  nn.Conv1d(h, h, 3, padding=dilation, dilation=dilation, groups=h), nn.PReLU(),
                                  nn.GroupNorm(1, h), nn.Conv1d(h, TASNET_BOTTLENECK, 1))  # fmt: skip

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = x + self.body(x)
        return out


class TasNet(nn.Module):
    """A tiny Conv-TasNet (Luo and Mesgarani 2019): a learned ``encoder`` (Conv1d 1 -> 32, kernel 16, stride 8, ReLU),
    a mask estimator (global layer norm, a 1x1 conv to a 32-channel bottleneck, 4 TCN blocks of dilations 1, 2, 4, 8,
    a 1x1 conv ``masks`` to 2 x 32 channels, sigmoid), and a ``decoder`` (ConvTranspose1d 32 -> 1, kernel 16, stride 8)
    of each masked representation. Output (mixtures, 2, 256). ``dead_bias`` < 0 starts the encoder's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        n = TASNET_FILTERS
        self.encoder = nn.Conv1d(1, n, TASNET_KERNEL, stride=TASNET_KERNEL // 2)
        self.norm = nn.GroupNorm(1, n)
        self.bottleneck = nn.Conv1d(n, TASNET_BOTTLENECK, 1)
        self.tcn = nn.Sequential(*(TasNetBlock(d) for d in TASNET_DILATIONS))
        self.masks = nn.Conv1d(TASNET_BOTTLENECK, 2 * n, 1)
        self.decoder = nn.ConvTranspose1d(n, 1, TASNET_KERNEL, stride=TASNET_KERNEL // 2)
        if dead_bias:
            with torch.no_grad():
                self.encoder.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b = len(x)
        w = F.relu(self.encoder(x[:, None]))
        m = torch.sigmoid(self.masks(self.tcn(self.bottleneck(self.norm(w))))).reshape(b, 2, TASNET_FILTERS, -1)
        out: Tensor = self.decoder((m * w[:, None]).reshape(2 * b, TASNET_FILTERS, -1)).reshape(b, 2, -1)
        return out


def tasnet_si_snr(est: Tensor, ref: Tensor) -> Tensor:
    """Scale-invariant SNR in dB of each estimate against its reference (both made zero-mean; eps 1e-8)."""
    est, ref = est - est.mean(-1, keepdim=True), ref - ref.mean(-1, keepdim=True)
    target = (est * ref).sum(-1, keepdim=True) / ((ref**2).sum(-1, keepdim=True) + 1e-8) * ref
    noise = est - target
    return 10 * torch.log10((target**2).sum(-1) / ((noise**2).sum(-1) + 1e-8) + 1e-8)


def tasnet_terms(out: Tensor, y: Tensor) -> Tensor:
    """Per mixture: the negative SI-SNR of the better of the 2 pairings of estimates with sources (permutation-invariant
    training), averaged over the 2 sources."""
    straight = tasnet_si_snr(out, y).mean(1)
    swapped = tasnet_si_snr(out, y.flip(1)).mean(1)
    return -torch.maximum(straight, swapped)


def tasnet_loss(out: Tensor, y: Tensor) -> Tensor:
    """Negative SI-SNR with PIT, mean over the batch's mixtures (below 0 once the estimates beat their sources' noise)."""
    return tasnet_terms(out, y).mean()


def tasnet_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch's mixtures (reduction='sum')."""
    return tasnet_terms(out, y).sum()


def tasnet_at_init() -> float:
    """The held-out negative SI-SNR (PIT) of the default separator at init (seed 0)."""
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = TasNet()
    with torch.no_grad():
        return float(tasnet_loss(model(tasnet_mixtures().val_x), tasnet_mixtures().val_y))
