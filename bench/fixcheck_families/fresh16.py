"""The sixteenth fresh half (fresh16, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``trees`` an ensemble of soft oblivious decision trees (NODE-like: a softmax feature choice, a learned
threshold and temperature per level, leaf responses weighted by the product of soft choices) naming the
class of tabular rows set by axis-aligned rules (3), cross-entropy;
``egnn`` an E(n)-equivariant graph network (messages of the features and squared distances, equivariant
position updates) regressing the standardised energy of 8-particle systems, MSE;
``memnet`` an end-to-end memory network (3 hops, position and temporal encodings) answering bAbI-like
"where is the person?" questions over stories of up to 10 sentences (6 places), cross-entropy;
``wavenet`` a small WaveNet (gated dilated causal convolutions, residual and skip paths) predicting each
next mu-law level (16) of synthetic audio clips, cross-entropy per sample.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


TREE_FEATURES, TREE_CLASSES = 10, 3
"""The soft-tree ensemble reads 10 tabular features and names one of 3 classes."""


@lru_cache(maxsize=None)
def tabular_rules(n: int = 6000, seed: int = 241, *, n_val: int = 2000, batch_size: int = 64, train_rows: int | None = None,
                  label_noise: float = 0.05, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Tabular rows of 10 features (6 informative, Gaussian, uniform, a heavy-tailed one and 4 of noise), the class set
    by axis-aligned rules a tree would find: a score of threshold tests and their interactions (x0 > 0.3 and x1 < 0,
    x2 > 0.5 or x3 < -0.8, x4 in a band, |x5| large) plus a little of the raw features, cut at its terciles; ``label_noise``
    of the labels replaced at random. ``train_rows``: keep only that many training rows; ``nan_rows``: that share of the
    training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, TREE_FEATURES, generator=g)
    x[:, 3] = 2 * torch.rand(total, generator=g) - 1
    x[:, 5] = torch.randn(total, generator=g) * torch.exp(0.5 * torch.randn(total, generator=g))
    score = (1.6 * ((x[:, 0] > 0.3) & (x[:, 1] < 0)).float() + 1.2 * ((x[:, 2] > 0.5) | (x[:, 3] < -0.6)).float()
             - 1.4 * ((x[:, 4] > -0.5) & (x[:, 4] < 0.7)).float() + 0.9 * (x[:, 5].abs() > 1.2).float()
             + 0.25 * x[:, 0] - 0.2 * x[:, 2])  # fmt: skip
    cuts = torch.quantile(score, torch.tensor([1 / 3, 2 / 3]))
    y = torch.bucketize(score, cuts)
    y = flip_labels(y, TREE_CLASSES, label_noise, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "tabular classification (soft oblivious decision trees)", TREE_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, TREE_CLASSES, batch_size)
    return data


class SoftTrees(nn.Module):
    """An ensemble of differentiable oblivious decision trees (NODE-like, Popov et al. 2019): ``trees`` trees of depth
    ``depth``; each level of a tree picks a feature by a softmax over learned logits (the same choice across the level:
    oblivious), compares it with a learned threshold at a learned temperature (a sigmoid), and a row's weight on each of
    the 2^depth leaves is the product of its soft left / right choices; each leaf holds a learned response vector of 4.
    The trees' responses concatenated, a ReLU ``fc`` layer of 64 and a linear ``head`` to the 3 classes. ``dead_bias`` <
    0 starts fc's biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, trees: int = 16, depth: int = 4, response: int = 4, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.depth = depth
        self.select = nn.Parameter(torch.randn(trees, depth, TREE_FEATURES))
        self.threshold = nn.Parameter(0.5 * torch.randn(trees, depth))
        self.log_temp = nn.Parameter(torch.full((trees, depth), math.log(0.5)))
        self.leaves = nn.Parameter(torch.randn(trees, 2**depth, response))
        bits = torch.tensor([[(leaf >> level) & 1 for level in range(depth)] for leaf in range(2**depth)]).float()
        self.register_buffer("bits", bits)  # (leaves, depth): right (1) or left (0) at each level
        self.fc = nn.Linear(trees * response, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, TREE_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        feature = torch.einsum("bf,tdf->btd", x, self.select.softmax(-1))
        right = torch.sigmoid((feature - self.threshold) / self.log_temp.exp())  # (batch, trees, depth)
        bits: Tensor = self.bits
        choice = right[:, :, None, :] * bits + (1 - right[:, :, None, :]) * (1 - bits)  # (batch, trees, leaves, depth)
        weight = choice.prod(-1)
        out = torch.einsum("btl,tlr->btr", weight, self.leaves).flatten(1)
        result: Tensor = self.head(F.relu(self.fc(out)))
        return result


def trees_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


EGNN_PARTICLES, EGNN_TYPES = 8, 2
"""The equivariant graph network reads systems of 8 particles of 2 types in 3-D."""


@lru_cache(maxsize=None)
def particle_energies(n: int = 4000, seed: int = 242, *, n_val: int = 1000, batch_size: int = 32, train_rows: int | None = None,
                      nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Systems of 8 particles (positions in a box of side 2.4 jittered off a loose lattice, each of 2 types); the energy
    a sum over pairs of Gaussian bumps c exp(-r^2 / 2 s^2) (repulsive between like types, attractive between
    unlike ones; c and the reach s by the pair's types) and a harmonic pull of each particle to the centre of mass, standardised over the systems (y: (systems,)). x: (systems, 8,
    5): the position and the one-hot type. The target is invariant to rotations, translations and particle order.
    ``train_rows``: keep only that many training systems; ``nan_rows``: that share of the training systems has a missing
    (NaN) coordinate."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    grid = torch.stack(torch.meshgrid(*(torch.tensor([-0.6, 0.6]),) * 3, indexing="ij"), -1).reshape(8, 3)
    pos = grid[torch.argsort(torch.rand(total, 8, generator=g), 1)] + 0.35 * torch.randn(total, 8, 3, generator=g)
    kind = torch.randint(0, EGNN_TYPES, (total, 8), generator=g)
    strength = torch.tensor([[1.0, -0.8], [-0.8, 1.5]])[kind[:, :, None], kind[:, None, :]]
    reach = torch.tensor([[0.8, 1.1], [1.1, 0.7]])[kind[:, :, None], kind[:, None, :]]
    r = torch.cdist(pos, pos)
    pairs = strength * torch.exp(-0.5 * (r / reach) ** 2)
    off = ~torch.eye(8, dtype=torch.bool)
    energy = 0.5 * (pairs * off).sum((1, 2)) + 0.1 * ((pos - pos.mean(1, keepdim=True)) ** 2).sum((1, 2))
    y = (energy - energy[:n].mean()) / energy[:n].std()
    x = torch.cat([pos, F.one_hot(kind, EGNN_TYPES).float()], -1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 0] = float("nan")
    data = split(x, y, n, "regression (the energy of a particle system, an E(n)-equivariant graph network)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class EGNNLayer(nn.Module):
    """An E(n)-equivariant graph layer (Satorras et al. 2021) on a complete graph: messages m_ij = phi_e(h_i, h_j,
    |x_i - x_j|^2) (SiLU MLP), positions x_i += mean_j (x_i - x_j) phi_x(m_ij), features h_i += phi_h(h_i, sum_j m_ij)."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.edge = nn.Sequential(nn.Linear(2 * d + 1, d), nn.SiLU(), nn.Linear(d, d), nn.SiLU())
        self.coord = nn.Sequential(nn.Linear(d, d), nn.SiLU(), nn.Linear(d, 1))
        self.node = nn.Sequential(nn.Linear(2 * d, d), nn.SiLU(), nn.Linear(d, d))

    def forward(self, h: Tensor, x: Tensor) -> tuple[Tensor, Tensor]:
        k = h.shape[1]
        diff = x[:, :, None] - x[:, None]  # (batch, i, j, 3)
        d2 = (diff**2).sum(-1, keepdim=True)
        pair = torch.cat([h[:, :, None].expand(-1, -1, k, -1), h[:, None].expand(-1, k, -1, -1), d2], -1)
        m = self.edge(pair) * (1 - torch.eye(k))[None, :, :, None]
        x = x + (diff * self.coord(m)).sum(2) / (k - 1)
        h = h + self.node(torch.cat([h, m.sum(2)], -1))
        return h, x


class EGNNRegressor(nn.Module):
    """An EGNN: the particle types embedded to 32, 2 EGNN layers on the complete graph, the mean of the particles'
    features, a ReLU ``fc`` layer of 64 and a linear ``head`` to the energy (invariant to rotations, translations and
    particle order). ``dead_bias`` < 0 starts fc's biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, d: int = 32, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Linear(EGNN_TYPES, d)
        self.layers = nn.ModuleList(EGNNLayer(d) for _ in range(layers))
        self.fc = nn.Linear(d, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, 1)

    def forward(self, s: Tensor) -> Tensor:
        x, h = s[..., :3], self.embed(s[..., 3:])
        for layer in self.layers:
            h, x = layer(h, x)
        out: Tensor = self.head(F.relu(self.fc(h.sum(1) / EGNN_PARTICLES))).squeeze(-1)
        return out


def energy_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


MEM_PEOPLE, MEM_PLACES, MEM_SENTENCES, MEM_WORDS = 5, 6, 10, 4
"""The memory network reads stories of up to 10 sentences of 4 words about 5 people and 6 places."""
MEM_VERBS = 3
MEM_VOCAB = 1 + MEM_PEOPLE + MEM_PLACES + MEM_VERBS + 2  # padding 0, the people, the places, 3 verbs, "to" and "where"


@lru_cache(maxsize=None)
def babi_stories(n: int = 6000, seed: int = 243, *, n_val: int = 1500, batch_size: int = 32, train_rows: int | None = None,
                 label_noise: float = 0.0, empty_rows: float = 0.0) -> Data:  # fmt: skip
    """bAbI-like stories (task 1, "where is the person?"): 4-10 sentences, each "<person> <went|moved|travelled> to
    <place>" (words as indices, 0 the padding, stories padded at the end to 10 sentences), then the question "where
    <person>" about a person the story mentions; the answer: the place of that person's last move (6 classes). x:
    (stories, 11, 4) the sentences and the question as the 11th row; y: the place. ``train_rows``: keep only that many
    training stories; ``label_noise``: that share of the training answers replaced at random; ``empty_rows``: that share
    of the training stories lost its sentences (all padding: a memory network's attention over no memory is NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.zeros(total, MEM_SENTENCES + 1, MEM_WORDS, dtype=torch.long)
    y = torch.zeros(total, dtype=torch.long)
    person0, place0, verb0 = 1, 1 + MEM_PEOPLE, 1 + MEM_PEOPLE + MEM_PLACES
    to, where = verb0 + MEM_VERBS, verb0 + MEM_VERBS + 1
    lengths = torch.randint(4, MEM_SENTENCES + 1, (total,), generator=g)
    who = torch.randint(0, MEM_PEOPLE, (total, MEM_SENTENCES), generator=g)
    place = torch.randint(0, MEM_PLACES, (total, MEM_SENTENCES), generator=g)
    verb = torch.randint(0, MEM_VERBS, (total, MEM_SENTENCES), generator=g)
    pick = torch.rand(total, generator=g)
    for i in range(total):
        k = int(lengths[i])
        x[i, :k, 0] = who[i, :k] + person0
        x[i, :k, 1] = verb[i, :k] + verb0
        x[i, :k, 2] = to
        x[i, :k, 3] = place[i, :k] + place0
        asked = int(who[i, int(pick[i] * k)])
        last = max(j for j in range(k) if int(who[i, j]) == asked)
        x[i, MEM_SENTENCES, :2] = torch.tensor([where, asked + person0])
        y[i] = place[i, last]
    if label_noise:
        y[:n] = flip_labels(y[:n], MEM_PLACES, label_noise, g)
    if empty_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < empty_rows).flatten()
        x[bad, :MEM_SENTENCES] = 0
    data = split(x, y, n, "question answering (an end-to-end memory network, bAbI-like task 1)", MEM_PLACES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MEM_PLACES, batch_size)
    return data


class MemN2N(nn.Module):
    """An end-to-end memory network (Sukhbaatar et al. 2015): ``hops`` hops with adjacent weight tying; each sentence
    a bag of word embeddings with position encoding plus a learned temporal encoding, memories (A) and outputs (C); the
    question embedded by the first A; each hop u += softmax(u . m) . c. Then a ReLU ``fc`` layer of 64 and a linear
    ``head`` to the 6 places. ``dead_bias`` < 0 starts fc's biases there (its units never fire, so nothing behind it
    learns)."""

    def __init__(self, d: int = 32, hops: int = 3, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.hops = hops
        self.embeds = nn.ModuleList(nn.Embedding(MEM_VOCAB, d, padding_idx=0) for _ in range(hops + 1))
        for e in self.embeds:
            nn.init.normal_(e.weight, std=0.1)
        self.temporal = nn.Parameter(0.1 * torch.randn(hops + 1, MEM_SENTENCES, d))
        j = torch.arange(1, MEM_WORDS + 1).float()[:, None] / MEM_WORDS
        k = torch.arange(1, d + 1).float()[None] / d
        self.register_buffer("position", (1 - j) - k * (1 - 2 * j))  # (words, d), the paper's position encoding
        self.fc = nn.Linear(d, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, MEM_PLACES)

    def memory(self, k: int, story: Tensor) -> Tensor:
        position: Tensor = self.position
        out: Tensor = (self.embeds[k](story) * position).sum(2) + self.temporal[k]
        return out

    def forward(self, x: Tensor) -> Tensor:
        story, question = x[:, :MEM_SENTENCES], x[:, MEM_SENTENCES]
        position: Tensor = self.position
        u = (self.embeds[0](question) * position).sum(1)
        present = (story[..., 0] > 0).float()
        for k in range(self.hops):
            m, c = self.memory(k, story), self.memory(k + 1, story)
            scores = (m * u[:, None]).sum(-1).masked_fill(present == 0, float("-inf"))
            u = u + (scores.softmax(-1)[..., None] * c).sum(1)
        out: Tensor = self.head(F.relu(self.fc(u)))
        return out


def memnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


WAVE_LEVELS, WAVE_LENGTH = 16, 48
"""The WaveNet predicts each next sample of 48-sample clips quantised (mu-law) to 16 levels."""


def mu_law(x: Tensor, levels: int = WAVE_LEVELS) -> Tensor:
    """mu-law companding of x in [-1, 1], quantised to ``levels`` integer levels."""
    mu = levels - 1
    y = torch.sign(x) * torch.log1p(mu * x.abs()) / math.log1p(mu)
    return ((y + 1) / 2 * mu + 0.5).long().clamp(0, mu)


@lru_cache(maxsize=None)
def audio_clips(n: int = 3000, seed: int = 244, *, n_val: int = 600, batch_size: int = 16, train_rows: int | None = None,
                noise: float = 0.05) -> Data:  # fmt: skip
    """Synthetic audio: clips of 49 samples, each 1-3 sinusoids (periods 6-30 samples, random phases and amplitudes)
    under a decaying or swelling envelope, plus Gaussian noise (std ``noise``), scaled into [-0.95, 0.95] and mu-law
    quantised to 16 levels. x: the first 48 levels, y: the next 48 (next-sample prediction, cross-entropy per sample).
    ``train_rows``: keep only that many training clips."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.arange(WAVE_LENGTH + 1).float()
    wave = torch.zeros(total, WAVE_LENGTH + 1)
    parts = torch.randint(1, 4, (total, 1), generator=g)
    for k in range(3):
        period = 6 + 24 * torch.rand(total, 1, generator=g)
        phase = 2 * math.pi * torch.rand(total, 1, generator=g)
        amp = 0.3 + 0.7 * torch.rand(total, 1, generator=g)
        wave += (k < parts).float() * amp * torch.sin(2 * math.pi * t / period + phase)
    rate = (torch.rand(total, 1, generator=g) - 0.5) * 0.06
    wave = wave * torch.exp(rate * (t - WAVE_LENGTH / 2)) + noise * torch.randn(total, WAVE_LENGTH + 1, generator=g)
    wave = 0.95 * wave / wave.abs().amax(1, keepdim=True)
    q = mu_law(wave)
    data = split(q[:, :-1], q[:, 1:], n, "next-sample prediction (a WaveNet of mu-law audio, 16 levels)", WAVE_LEVELS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, WAVE_LEVELS, batch_size)
    return data


class WaveNet(nn.Module):
    """A small WaveNet (van den Oord et al. 2016): the levels embedded to 24 channels, 4 residual blocks of a gated
    dilated causal convolution (tanh x sigmoid, kernel 2, dilations 1, 2, 4, 8: a receptive field of 16 samples)
    with a 1x1 convolution to the residual and the skip (24 channels each); the skips summed, ReLU, a ReLU ``fc`` layer of 64 and a linear
    ``head`` to the 16 levels at each sample. ``dead_bias`` < 0 starts fc's biases there (its units never fire, so
    nothing behind it learns)."""

    def __init__(self, channels: int = 24, dilations: tuple[int, ...] = (1, 2, 4, 8), dead_bias: float = 0.0) -> None:
        super().__init__()
        self.dilations = dilations
        self.embed = nn.Embedding(WAVE_LEVELS, channels)
        self.convs = nn.ModuleList(nn.Conv1d(channels, 2 * channels, 2, dilation=d) for d in dilations)
        self.outs = nn.ModuleList(nn.Conv1d(channels, 2 * channels, 1) for _ in dilations)  # residual and skip
        self.fc = nn.Linear(channels, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, WAVE_LEVELS)

    def forward(self, x: Tensor) -> Tensor:
        h = self.embed(x).transpose(1, 2)  # (batch, channels, samples)
        skip = torch.zeros_like(h)
        for d, conv, outs in zip(self.dilations, self.convs, self.outs):
            a, b = conv(F.pad(h, (d, 0))).chunk(2, 1)
            res, sk = outs(torch.tanh(a) * torch.sigmoid(b)).chunk(2, 1)
            h, skip = h + res, skip + sk
        out: Tensor = self.head(F.relu(self.fc(F.relu(skip).transpose(1, 2))))
        return out  # (batch, samples, levels): cross-entropy per sample


def wave_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the samples and the batch (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, WAVE_LEVELS), y.reshape(-1), reduction="sum")


def wave_ce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy written by hand as -log(softmax) picked at the target: once a logit gap passes ~104 the target's
    softmax underflows to exactly 0.0 in float32 and its log is -inf (the loss inf, its gradient NaN)."""
    p = torch.exp(out - out.max(-1, keepdim=True).values)
    p = p / p.sum(-1, keepdim=True)
    return -torch.log(p.gather(-1, y[..., None])).mean()


def wave_unigram_entropy() -> float:
    """The entropy of the training clips' levels (nats): the loss of a WaveNet that predicts the levels' frequencies and
    ignores the past (where one stuck at chance ends, a little below ln 16)."""
    y = audio_clips().y.flatten()
    p = torch.bincount(y, minlength=WAVE_LEVELS).float() / len(y)
    return float(-(p[p > 0] * p[p > 0].log()).sum())
