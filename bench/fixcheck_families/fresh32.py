"""The thirty-second fresh half (fresh32, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``postag`` a BiLSTM part-of-speech tagger of sentences of a synthetic grammar (6 tags; ambiguous words told
only by their neighbours), cross-entropy per token;
``robust`` a residual ReLU MLP regressing a smooth function of 12 features, 8% of the training targets
outliers, the Huber loss (held out on clean targets);
``keypoint`` a fully convolutional net (one dilated convolution, a per-pixel ReLU layer and head)
regressing the Gaussian heatmap of a marker's centre among distractors, 10 x the per-pixel MSE;
``bclone`` behaviour cloning: a policy MLP with LayerNorm imitating an expert navigator's 5 actions (goal,
obstacle, 10% random actions), cross-entropy.
"""

from __future__ import annotations

from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


POSTAG_VOCAB, POSTAG_TAGS, POSTAG_LEN = 40, 6, 14
"""Sentences of 14 tokens over 40 words from a grammar of 6 parts of speech; a tag per token: ln 6 = 1.79 at chance."""


@lru_cache(maxsize=None)
def postag_sentences(n: int = 3000, seed: int = 361, *, n_val: int = 600, batch_size: int = 32) -> Data:
    """Part-of-speech tagging of sentences from a probabilistic grammar over 6 tags (DET, ADJ, NOUN, VERB, PREP, ADV):
    sentences are "DET ADJ* NOUN VERB (DET ADJ* NOUN)? (PREP DET NOUN)* ADV?" cut or padded (with ADV fillers) to 14
    tokens. Each tag owns 5 words of its own (words 0-29) and 10 words (30-39) are ambiguous, each shared by two tags (a
    noun or a verb, an adjective or a noun ...), so the tag of an ambiguous word is told only by its neighbours on both
    sides; 3% of the tags are random (an annotator's slip, a floor). x: (sentences, 14) word ids; y: (sentences, 14)
    tags."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    det, adj, noun, verb, prep, adv = range(6)
    pairs = [(noun, verb), (noun, verb), (adj, noun), (adj, noun), (verb, noun), (adv, adj), (prep, adv), (noun, adj),
             (verb, adv), (det, prep)]  # fmt: skip

    def r() -> float:
        return float(torch.rand((), generator=g))

    xs, ys = torch.zeros(total, POSTAG_LEN, dtype=torch.long), torch.zeros(total, POSTAG_LEN, dtype=torch.long)
    for i in range(total):
        tags = [det] + [adj] * int(r() < 0.5) + [adj] * int(r() < 0.2) + [noun, verb]
        if r() < 0.6:
            tags += [det] + [adj] * int(r() < 0.4) + [noun]
        while r() < 0.5:
            tags += [prep, det, noun]
        tags += [adv] * int(r() < 0.4)
        tags = (tags + [adv] * POSTAG_LEN)[:POSTAG_LEN]
        for k, t in enumerate(tags):
            amb = [j for j, p in enumerate(pairs) if t in p]
            if amb and r() < 0.35:
                w = 30 + amb[int(r() * len(amb))]
            else:
                w = 5 * t + int(r() * 5)
            xs[i, k], ys[i, k] = w, t
    ys = flip_labels(ys.flatten(), POSTAG_TAGS, 0.03, g).reshape(total, POSTAG_LEN)
    return split(xs, ys, n, "part-of-speech tagging (a BiLSTM tagger; sentences of a synthetic grammar)", POSTAG_TAGS, batch_size)


class BiLSTMTagger(nn.Module):
    """A BiLSTM tagger: ``embed`` (40 -> 16), a bidirectional LSTM (16 -> 2 x 24), a ReLU layer ``fc`` (48 -> 32) and a
    ``head`` to the 6 tags at every token. Output (sentences, 14, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(POSTAG_VOCAB, 16)
        self.lstm = nn.LSTM(16, 24, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(48, 32)
        self.head = nn.Linear(32, POSTAG_TAGS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.lstm(self.embed(x))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def postag_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The tagging cross-entropy summed over the batch's tokens (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


ROBUST_DIM, ROBUST_DELTA = 12, 1.0
"""Rows of 12 features; the Huber loss's delta (SmoothL1's beta) is 1."""


@lru_cache(maxsize=None)
def robust_rows(n: int = 3000, seed: int = 362, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Tabular regression with outliers: 12 features N(0, 1) (three pairs correlated 0.6), the target a smooth function
    of them (sin(x0) + x1 x2 / 2 + relu(x3 - x4) + tanh(2 x5) - x6^2 / 4 + 0.5 x7 x8 + 0.3 x9, standardised) plus noise
    N(0, 0.1^2); 8% of the training targets are outliers: plus N(0, 5^2) (a heavy tail that the Huber loss bounds; the
    held-out targets are clean, so the held-out loss measures the fit of the function). x: (rows, 12); y: (rows,).
    ``train_rows``: keep only that many training rows; ``nan_rows``: that share of the training rows has a missing (NaN)
    feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, ROBUST_DIM, generator=g)
    for a, b in ((0, 10), (3, 11), (5, 9)):
        x[:, b] = 0.6 * x[:, a] + 0.8 * x[:, b]
    f = (torch.sin(x[:, 0]) + x[:, 1] * x[:, 2] / 2 + F.relu(x[:, 3] - x[:, 4]) + torch.tanh(2 * x[:, 5]) - x[:, 6] ** 2 / 4
         + 0.5 * x[:, 7] * x[:, 8] + 0.3 * x[:, 9])  # fmt: skip
    y = (f - f.mean()) / f.std() + 0.1 * torch.randn(total, generator=g)
    outlier = (torch.rand(total, generator=g) < 0.08) & (torch.arange(total) < n)
    y = torch.where(outlier, y + 5 * torch.randn(total, generator=g), y)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "tabular regression with outliers (a residual MLP, Huber loss)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ResidualHuberNet(nn.Module):
    """A residual MLP: ``inp`` (12 -> 64), two residual blocks x + W2 relu(W1 x) (``blocks``, 64 -> 64 -> 64), a ReLU layer
    ``fc`` (64 -> 32) and a ``head`` (32 -> 1). Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(ROBUST_DIM, 64)
        self.blocks = nn.ModuleList(nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 64)) for _ in range(2))
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.inp(x)
        for block in self.blocks:
            h = h + block(F.relu(h))
        out: Tensor = self.head(F.relu(self.fc(F.relu(h)))).squeeze(-1)
        return out


def robust_huber(out: Tensor, y: Tensor) -> Tensor:
    """The Huber loss (delta 1), mean over the rows."""
    return F.huber_loss(out, y, delta=ROBUST_DELTA)


def robust_huber_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Huber loss summed over the batch's rows (reduction='sum')."""
    return F.huber_loss(out, y, delta=ROBUST_DELTA, reduction="sum")


KEYPT_SIZE, KEYPT_SIGMA, KEYPT_GAIN = 16, 1.2, 10.0
"""Images of 16 x 16 pixels; target heatmaps a Gaussian of sigma 1.2 pixels at the keypoint, peak 1; the loss is 10 x the
per-pixel MSE."""


@lru_cache(maxsize=None)
def keypoint_images(n: int = 3000, seed: int = 363, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                    nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Keypoint heatmap regression: a 16 x 16 grey image of noise N(0, 0.25^2) with a bright plus-shaped marker (arms of 2
    pixels, brightness 0.7-1.2) whose centre is the keypoint, and 2 distractors (filled 2 x 2 squares of the same
    brightness range) that are not; the target is a Gaussian heatmap (sigma 1.2, peak 1) at the marker's centre.
    x: (images, 1, 16, 16); y: (images, 16, 16). ``nan_rows``: that share of the training images has a missing (NaN)
    pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    img = 0.25 * torch.randn(total, 1, KEYPT_SIZE, KEYPT_SIZE, generator=g)
    cy = torch.randint(3, KEYPT_SIZE - 3, (total,), generator=g)
    cx = torch.randint(3, KEYPT_SIZE - 3, (total,), generator=g)
    bright = 0.7 + 0.5 * torch.rand(total, 3, generator=g)
    rows = torch.arange(total)
    for d in range(-2, 3):
        img[rows, 0, cy + d, cx] += bright[:, 0]
        if d:
            img[rows, 0, cy, cx + d] += bright[:, 0]
    for k in (1, 2):
        sy = torch.randint(0, KEYPT_SIZE - 1, (total,), generator=g)
        sx = torch.randint(0, KEYPT_SIZE - 1, (total,), generator=g)
        for dy in (0, 1):
            for dx in (0, 1):
                img[rows, 0, sy + dy, sx + dx] += bright[:, k]
    grid = torch.arange(KEYPT_SIZE, dtype=torch.float32)
    heat = torch.exp(-((grid[None, :, None] - cy[:, None, None]) ** 2 + (grid[None, None, :] - cx[:, None, None]) ** 2)
                     / (2 * KEYPT_SIGMA**2))  # fmt: skip
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        img[bad, 0, 5, 9] = float("nan")
    data = split(img, heat, n, "keypoint heatmap regression (a small fully convolutional net, MSE on Gaussian heatmaps)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class HeatmapNet(nn.Module):
    """A fully convolutional keypoint net: ``conv1`` (1 -> 16, 3 x 3, ReLU), ``conv2`` (16 -> 16, 3 x 3, dilation 2, ReLU),
    ``conv3`` (16 -> 16, 3 x 3, ReLU), a per-pixel ReLU layer ``fc`` (16 -> 16) and a per-pixel ``head`` (16 -> 1): the
    heatmap. Output (images, 16, 16). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 16, 3, padding=2, dilation=2)
        self.conv3 = nn.Conv2d(16, 16, 3, padding=1)
        self.fc = nn.Linear(16, 16)
        self.head = nn.Linear(16, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.conv3(F.relu(self.conv2(F.relu(self.conv1(x))))))
        out: Tensor = self.head(F.relu(self.fc(h.permute(0, 2, 3, 1)))).squeeze(-1)
        return out


def heatmap_mse(out: Tensor, y: Tensor) -> Tensor:
    """10 x the per-pixel MSE of the heatmaps (mean over the batch's pixels)."""
    return KEYPT_GAIN * F.mse_loss(out, y)


BCLONE_STATE, BCLONE_ACTIONS = 10, 5
"""States of 10 features; 5 actions (stay, up, down, left, right): ln 5 = 1.61 at chance."""


@lru_cache(maxsize=None)
def bclone_demos(n: int = 4000, seed: int = 364, *, n_val: int = 800, batch_size: int = 64, train_rows: int | None = None,
                 nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Behaviour cloning of an expert navigator: a state is the agent's position, the goal's, an obstacle's (each in
    [-1, 1]^2), the agent's velocity and 2 noise features N(0, 1); the expert steps along the axis of the larger distance
    to the goal unless the obstacle lies within 0.35 that way (then along the other axis, or stays when within 0.1 of the
    goal); 10% of its actions are random (a demonstrator's noise, a floor). x: (states, 10); y: (states,) the action.
    ``train_rows``: keep only that many training states; ``nan_rows``: that share of the training states has a missing
    (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    agent, goal = 2 * torch.rand(total, 2, generator=g) - 1, 2 * torch.rand(total, 2, generator=g) - 1
    obstacle = agent + 0.6 * (2 * torch.rand(total, 2, generator=g) - 1)
    vel, noise = 0.3 * torch.randn(total, 2, generator=g), torch.randn(total, 2, generator=g)
    d = goal - agent
    moves = torch.tensor([[0.0, 0.0], [0.0, 1.0], [0.0, -1.0], [-1.0, 0.0], [1.0, 0.0]])
    along_x = d[:, 0].abs() >= d[:, 1].abs()
    act_x = torch.where(d[:, 0] < 0, 3, 4)
    act_y = torch.where(d[:, 1] > 0, 1, 2)
    first = torch.where(along_x, act_x, act_y)
    second = torch.where(along_x, act_y, act_x)
    step = agent + 0.35 * moves[first]
    blocked = (step - obstacle).norm(dim=1) < 0.3
    y = torch.where(blocked, second, first)
    y = torch.where(d.norm(dim=1) < 0.1, torch.zeros_like(y), y)
    y = flip_labels(y, BCLONE_ACTIONS, 0.1, g)
    x = torch.cat([agent, goal, obstacle, vel, noise], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "behaviour cloning (a policy MLP imitating an expert's actions)", BCLONE_ACTIONS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, BCLONE_ACTIONS, batch_size)
    return data


class CloningPolicy(nn.Module):
    """A policy MLP: ``inp`` (10 -> 64, LayerNorm, ReLU), a ReLU layer ``fc`` (64 -> 64) and a ``head`` to the 5 actions'
    logits. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(BCLONE_STATE, 64)
        self.norm = nn.LayerNorm(64)
        self.fc = nn.Linear(64, 64)
        self.head = nn.Linear(64, BCLONE_ACTIONS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.norm(self.inp(x))))))
        return out


def bclone_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the expert's actions summed over the batch's states (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")
