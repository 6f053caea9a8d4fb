"""The twelfth fresh half (fresh12, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``gpt`` a tiny decoder-only causal transformer LM (GPT-2 style: learned positional embeddings, 2 blocks of
width 32 with 2 heads, pre-LN or post-LN, the head tied to the token embedding or not) of Dyck-2 bracket
sequences (two kinds of brackets, at most 4 deep), next-token cross-entropy;
``deepsets`` a Deep Sets regressor (a per-point ReLU MLP, masked sum or mean pooling, a ReLU layer and a
linear head) of the number of a 2-D point set's points inside the unit circle (sum pooling) or of its
spread (mean pooling), MSE or Huber;
``mixup`` a small BatchNorm CNN of 12x12 texture patches (gratings at 4 angles, checks, rings, dots,
blotches) trained with mixup (Beta(0.4, 0.4), the batch mixed with itself rolled by one) and label
smoothing 0.1 (a training loss with a floor well above 0), held out on the plain cross-entropy of clean
patches;
``fqi`` fitted Q-iteration of a 6x6 grid world (walls, a goal, a pit, slippery moves): a DQN-style Q MLP
with a target network refreshed every K steps, a smooth L1 TD loss on a fixed replay buffer (it jumps at
each refresh), held out on the MSE of Q against Q* by value iteration.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, split


DYCK_LENGTH, DYCK_DEPTH, DYCK_VOCAB = 24, 4, 5
"""The GPT reads sequences of 24 brackets of Dyck-2 (at most 4 deep) after a BOS token: 5 tokens (0 BOS, 1 '(', 2 ')',
3 '[', 4 ']')."""


@lru_cache(maxsize=None)
def dyck_sequences(n: int = 3000, seed: int = 201, *, n_val: int = 300, batch_size: int = 24, p_open: float = 0.5,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Balanced sequences of Dyck-2 (two kinds of brackets, properly nested) of exactly 24 tokens, at most 4 deep, drawn
    left to right: where both are allowed, an opening bracket (of either kind, evenly) with probability ``p_open``, else
    the closing bracket of the innermost open one; at depth 0 it must open, at depth 4 or with only enough tokens left
    to close it must close. x: BOS and the first 23 tokens (sequences, 24); y: the next token at each position
    (sequences, 24): only the choice to open and the kind opened are uncertain, every closing bracket's kind is
    determined by the stack. ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    seqs = torch.zeros(total, DYCK_LENGTH + 1, dtype=torch.long)
    stack = torch.zeros(total, DYCK_DEPTH, dtype=torch.long)
    depth = torch.zeros(total, dtype=torch.long)
    rows = torch.arange(total)
    for t in range(DYCK_LENGTH):
        remaining = DYCK_LENGTH - t
        must_open = depth == 0
        must_close = (depth >= remaining) | (depth == DYCK_DEPTH)
        opens = must_open | (~must_close & (torch.rand(total, generator=g) < p_open))
        opening = 1 + 2 * torch.randint(0, 2, (total,), generator=g)
        closing = stack[rows, (depth - 1).clamp(min=0)] + 1
        token = torch.where(opens, opening, closing)
        slot = depth.clamp(max=DYCK_DEPTH - 1)
        stack[rows, slot] = torch.where(opens, opening, stack[rows, slot])
        depth = depth + torch.where(opens, 1, -1)
        seqs[:, t + 1] = token
    data = split(seqs[:, :-1], seqs[:, 1:], n, "language modelling (Dyck-2 brackets, next token)", DYCK_VOCAB,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, DYCK_VOCAB, batch_size)
    return data


class GPTBlock(nn.Module):
    """A GPT-2 block: causal multi-head self-attention (``F.scaled_dot_product_attention``) and a 4x GELU MLP, each
    residual, pre-LN (GPT-2's) or post-LN (the original Transformer's)."""

    def __init__(self, d: int, heads: int, pre_ln: bool) -> None:
        super().__init__()
        self.heads, self.pre_ln = heads, pre_ln
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.fc, self.out = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

    def attend(self, h: Tensor) -> Tensor:
        b, t, d = h.shape
        q, k, v = self.qkv(h).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        out: Tensor = self.proj(a.transpose(1, 2).reshape(b, t, d))
        return out

    def mlp(self, h: Tensor) -> Tensor:
        out: Tensor = self.out(F.gelu(self.fc(h)))
        return out

    def forward(self, x: Tensor) -> Tensor:
        if self.pre_ln:
            x = x + self.attend(self.ln1(x))
            return x + self.mlp(self.ln2(x))
        x = self.ln1(x + self.attend(x))
        out: Tensor = self.ln2(x + self.mlp(x))
        return out


class TinyGPT(nn.Module):
    """A tiny decoder-only causal transformer LM (GPT-2 style): token embeddings plus learned positional embeddings,
    ``layers`` blocks of width ``d`` with ``heads`` heads (pre-LN with a final LayerNorm, or post-LN), a linear ``head``
    to the 5 tokens whose weight is the token embedding's (``tied``) or its own. GPT-2's init: normal(0, 0.02), the
    residual projections scaled by 1 / sqrt(2 layers), positions normal(0, 0.01). ``gain`` scales every block's weights
    at init. Output: (batch, 24, 5) logits."""

    def __init__(self, d: int = 32, heads: int = 2, layers: int = 2, tied: bool = True, pre_ln: bool = True,
                 gain: float = 1.0) -> None:  # fmt: skip
        super().__init__()
        self.tok = nn.Embedding(DYCK_VOCAB, d)
        self.pos = nn.Parameter(0.01 * torch.randn(DYCK_LENGTH, d))
        self.blocks = nn.ModuleList(GPTBlock(d, heads, pre_ln) for _ in range(layers))
        self.norm = nn.LayerNorm(d) if pre_ln else nn.Identity()
        self.head = nn.Linear(d, DYCK_VOCAB)
        with torch.no_grad():
            for name, p in self.named_parameters():
                if name.endswith("bias"):
                    p.zero_()
                elif p.dim() == 2 and name != "pos":
                    std = 0.02 / math.sqrt(2 * layers) if name.endswith(("proj.weight", "out.weight")) else 0.02
                    p.normal_(0, std * (gain if name.startswith("blocks") else 1.0))
        if tied:
            self.head.weight = self.tok.weight

    def forward(self, x: Tensor) -> Tensor:
        h = self.tok(x) + self.pos[: x.shape[1]]
        for block in self.blocks:
            h = block(h)
        out: Tensor = self.head(self.norm(h))
        return out


def dyck_entropy() -> float:
    """The held-out cross-entropy of the process that draws the sequences (nats per token): the floor of any LM."""
    d = dyck_sequences()
    x = d.val_x
    depth = torch.zeros(len(x), dtype=torch.long)
    total = 0.0
    h_open = -(0.5 * math.log(0.5) + 0.5 * math.log(0.5))
    for t in range(DYCK_LENGTH):
        tok = d.val_y[:, t]
        remaining = DYCK_LENGTH - t
        forced_open = depth == 0
        forced_close = (depth >= remaining) | (depth == DYCK_DEPTH)
        free = ~forced_open & ~forced_close
        opens = tok % 2 == 1
        # a free choice costs ln 2 (open or close), an opening one ln 2 more (its kind); a forced opening ln 2 (its kind)
        total += float((free.float() * h_open + opens.float() * math.log(2)).sum())
        depth = depth + torch.where(opens, 1, -1)
    return total / (len(x) * DYCK_LENGTH)


def lm_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Next-token cross-entropy summed over the positions and the batch (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


def lm_smoothed_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Label-smoothed (0.1) next-token cross-entropy written by hand: -(target * log(softmax(logits))).sum(-1). Once a
    token's logit trails the leader by ~104 its probability underflows to exactly 0.0 in float32, its log is -inf, and
    0.1 / 5 x -inf is -inf (the loss inf, its gradient NaN)."""
    t = F.one_hot(y, out.shape[-1]).float() * 0.9 + 0.1 / out.shape[-1]
    return -(t * torch.log(out.softmax(-1))).sum(-1).mean()


def lm_smoothed(out: Tensor, y: Tensor) -> Tensor:
    """The same by ``F.cross_entropy(label_smoothing=0.1)`` (log_softmax: safe)."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), label_smoothing=0.1)


@lru_cache(maxsize=None)
def pretrained_gpt_weights() -> dict[str, Tensor]:
    """A TinyGPT trained (unrecorded) for 600 AdamW steps on Dyck-2 drawn from another seed and p_open 0.6 (a checkpoint
    that a fine-tune starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="gpt-pretraining", data=dyck_sequences(seed=206, n=3000, p_open=0.6), model=TinyGPT,
                        optimizer=torch.optim.AdamW, lr=3e-3, steps=600, seed=5, shuffle_offset=3000)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_gpt() -> TinyGPT:
    """A TinyGPT with the pretrained weights (a fine-tune starts from them)."""
    model = TinyGPT()
    model.load_state_dict(pretrained_gpt_weights())
    return model


SET_MAX, SET_MIN = 24, 4
"""Deep Sets reads sets of 4-24 points in the plane, padded to 24."""


@lru_cache(maxsize=None)
def point_sets(n: int = 6000, seed: int = 202, *, n_val: int = 1000, batch_size: int = 64, target: str = "count",
               train_rows: int | None = None, empty_rows: float = 0.0) -> Data:  # fmt: skip
    """Sets of 4-24 points in the plane: a cluster around a centre uniform in [-1.5, 1.5]^2, of scale 0.3-1.5 and
    anisotropy up to 2:1, each point Gaussian. x: (sets, 24, 3): the points' x, y and a mask (1 for a point, 0 for
    padding, whose coordinates are 0), the points in random order; y (sets,): with ``target`` "count" the number of its
    points inside the unit circle (0-24, a sum over the set), with "spread" the RMS distance of its points from their
    centroid (a mean over the set). ``train_rows``: keep only that many training sets; ``empty_rows``: that share of
    the training sets is empty (every point padding: a query that returned nothing)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    size = torch.randint(SET_MIN, SET_MAX + 1, (total,), generator=g)
    centre = (torch.rand(total, 1, 2, generator=g) - 0.5) * 3
    scale = 0.3 + 1.2 * torch.rand(total, 1, 1, generator=g)
    stretch = torch.cat([torch.ones(total, 1, 1), 0.5 + 0.5 * torch.rand(total, 1, 1, generator=g)], 2)
    angle = torch.rand(total, generator=g) * math.pi
    rot = torch.stack([torch.stack([angle.cos(), -angle.sin()], -1), torch.stack([angle.sin(), angle.cos()], -1)], -2)
    pts = centre + (scale * stretch * torch.randn(total, SET_MAX, 2, generator=g)) @ rot.transpose(1, 2)
    mask = (torch.arange(SET_MAX)[None] < size[:, None]).float()
    if empty_rows:
        bad = torch.nonzero(torch.rand(total, generator=g) < empty_rows).flatten()
        mask[bad[bad < n]] = 0.0
    pts = pts * mask[..., None]
    if target == "count":
        y = (((pts**2).sum(-1) < 1).float() * mask).sum(1)
    else:
        m = mask.sum(1).clamp(min=1)
        centroid = (pts * mask[..., None]).sum(1, keepdim=True) / m[:, None, None]
        y = torch.sqrt((((pts - centroid) ** 2).sum(-1) * mask).sum(1) / m)
    x = torch.cat([pts, mask[..., None]], -1)
    task = "set regression (Deep Sets, " + ("points inside the unit circle)" if target == "count" else "spread of the set)")
    data = split(x, y, n, task, None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepsetsModel(nn.Module):
    """Deep Sets (Zaheer et al.): a per-point ReLU MLP ``phi`` (2 -> hidden -> hidden) of each point, masked, pooled over
    the set by its sum or its mean (the sum divided by the number of points, by hand: 0 / 0 = NaN for an empty set),
    then a ReLU layer ``rho`` and a linear ``head`` to one number: permutation-invariant. ``dead_bias`` < 0 starts
    rho's biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, hidden: int = 64, pooling: str = "sum", dead_bias: float = 0.0) -> None:
        super().__init__()
        self.pooling = pooling
        self.phi = nn.Sequential(nn.Linear(2, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
        self.rho = nn.Linear(hidden, hidden)
        if dead_bias:
            with torch.no_grad():
                self.rho.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        mask = x[..., 2:3]
        h = self.phi(x[..., :2]) * mask
        pooled = h.sum(1) if self.pooling == "sum" else h.sum(1) / mask.sum(1)
        out: Tensor = self.head(F.relu(self.rho(pooled))).squeeze(-1)
        return out


def set_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """Squared error summed over the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def set_huber(out: Tensor, y: Tensor) -> Tensor:
    """Huber loss (delta 1)."""
    return F.huber_loss(out, y, delta=1.0)


def sets_at_mean(target: str = "count") -> float:
    """The held-out MSE of predicting the training targets' mean for every set (their variance, about)."""
    d = point_sets(target=target)
    return float(((d.val_y - d.y.mean()) ** 2).mean())


def sets_at_zero(target: str = "count") -> float:
    """The held-out MSE of predicting 0 for every set (where an untrained Deep Sets starts, about)."""
    return float((point_sets(target=target).val_y ** 2).mean())


TEX_SIZE, TEX_CLASSES = 12, 8
"""The mixup CNN classifies 12x12 texture patches of 8 kinds."""
TEX_NAMES = ("stripes-0", "stripes-45", "stripes-90", "stripes-135", "checks", "rings", "dots", "blotches")


@lru_cache(maxsize=None)
def texture_images(n: int = 4000, seed: int = 203, *, n_val: int = 500, batch_size: int = 32, noise: float = 0.6,
                   train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """12x12 grey texture patches of 8 kinds: sine gratings at 0, 45, 90 and 135 degrees (+-12 degrees, 2.5-5 pixels a
    period, any phase), a checkerboard (cells of 2-3 pixels, any offset, rotated +-10 degrees), concentric rings around
    a random centre, a lattice of dots and smooth random blotches (low-passed noise), at a contrast of 0.4-1 plus
    Gaussian pixel noise ``noise``. x: (images, 1, 12, 12); y: the kind (images,). ``train_rows``: keep only that many
    training images; ``nan_rows``: that share of the training images has a missing (NaN) pixel block."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(0, TEX_CLASSES, (total,), generator=g)
    c = torch.arange(TEX_SIZE).float() - (TEX_SIZE - 1) / 2
    py, px = torch.meshgrid(c, c, indexing="ij")

    def rnd(lo: float, hi: float) -> Tensor:
        return lo + (hi - lo) * torch.rand(total, 1, 1, generator=g)

    phase = rnd(0, 2 * math.pi)
    period = rnd(2.5, 5.0)
    base = (y % 4).float()[:, None, None] * (math.pi / 4) + rnd(-1, 1) * (12 * math.pi / 180)
    u = torch.cos(base) * px + torch.sin(base) * py
    grating = torch.sin(2 * math.pi * u / period + phase)
    tilt = rnd(-1, 1) * (10 * math.pi / 180)
    cell = rnd(2.0, 3.0)
    cu, cv = torch.cos(tilt) * px + torch.sin(tilt) * py, -torch.sin(tilt) * px + torch.cos(tilt) * py
    checks = torch.sign(torch.sin(math.pi * (cu + rnd(0, 3)) / cell) * torch.sin(math.pi * (cv + rnd(0, 3)) / cell))
    cx, cy = rnd(-3, 3), rnd(-3, 3)
    rings = torch.sin(2 * math.pi * torch.sqrt((px - cx) ** 2 + (py - cy) ** 2) / period + phase)
    spacing = rnd(3.5, 4.5)
    dots = 2 * (torch.exp(-(torch.sin(math.pi * (px + rnd(0, 4)) / spacing) ** 2 + torch.sin(math.pi * (py + rnd(0, 4))
                                                                                           / spacing) ** 2) / 0.15)) - 1  # fmt: skip
    coarse = torch.randn(total, 1, 4, 4, generator=g)
    blotches = F.interpolate(coarse, size=(TEX_SIZE, TEX_SIZE), mode="bicubic", align_corners=False)[:, 0]
    blotches = blotches / blotches.flatten(1).std(1)[:, None, None]
    kinds = torch.stack([grating, grating, grating, grating, checks, rings, dots, blotches])
    img = kinds[y, torch.arange(total)] * rnd(0.4, 1.0) + noise * torch.randn(total, TEX_SIZE, TEX_SIZE, generator=g)
    x = img[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, :, 4:7, 4:7] = float("nan")
    data = split(x, y, n, "image classification (texture patches, mixup)", TEX_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, TEX_CLASSES, batch_size)
    return data


MIX_ALPHA, MIX_SMOOTHING, MIX_OFFSET = 0.4, 0.1, 100.0
"""Mixup draws its weight from Beta(0.4, 0.4); the targets are label-smoothed by 0.1. The training output carries the
weight in a last column shifted down by 100 (below every logit), so that its argmax is still the predicted class."""


class MixupCNN(nn.Module):
    """A small BatchNorm CNN (two 3x3 conv - BatchNorm - ReLU - 2x2 max-pool stages of ``width`` and 2 x ``width``
    channels, a ReLU ``fc`` layer of 64, a linear ``head`` to the 8 kinds) trained with mixup: in training mode it mixes
    each batch with itself rolled by one (torchvision's RandomMixup) at a weight lam ~ Beta(0.4, 0.4) drawn from torch's
    generator, and returns the logits plus lam - ``MIX_OFFSET`` as a last column (batch, 9); in eval mode the logits
    of the clean images (batch, 8). ``mix`` False: no mixup (the logits alone). ``dead_bias`` < 0 starts fc's biases
    there (its units never fire, so nothing behind it learns)."""

    def __init__(self, width: int = 8, mix: bool = True, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.mix = mix
        self.features = nn.Sequential(
            nn.Conv2d(1, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(width, 2 * width, 3, padding=1), nn.BatchNorm2d(2 * width), nn.ReLU(), nn.MaxPool2d(2),
        )  # fmt: skip
        self.fc = nn.Linear(2 * width * 9, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, TEX_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        mixing = self.training and self.mix
        if mixing:
            lam = torch.distributions.Beta(torch.tensor(MIX_ALPHA), torch.tensor(MIX_ALPHA)).sample()
            x = lam * x + (1 - lam) * x.roll(1, 0)
        out: Tensor = self.head(F.relu(self.fc(self.features(x).flatten(1))))
        if mixing:
            out = torch.cat([out, torch.full_like(out[:, :1], float(lam) - MIX_OFFSET)], 1)
        return out


def mixup_targets(out: Tensor, y: Tensor, smoothing: float = MIX_SMOOTHING) -> tuple[Tensor, Tensor]:
    """The logits and the soft targets of a (mixed) batch: lam x the label-smoothed one-hot of y plus (1 - lam) x that
    of y rolled by one."""
    logits = out[:, :TEX_CLASSES]
    t = F.one_hot(y, TEX_CLASSES).float() * (1 - smoothing) + smoothing / TEX_CLASSES
    if out.shape[1] > TEX_CLASSES:
        lam = out[0, TEX_CLASSES] + MIX_OFFSET
        t = lam * t + (1 - lam) * t.roll(1, 0)
    return logits, t


def mixup_ce(out: Tensor, y: Tensor) -> Tensor:
    """Mixup cross-entropy with label smoothing 0.1: lam CE(logits, y) + (1 - lam) CE(logits, y rolled) (log_softmax)."""
    logits, t = mixup_targets(out, y)
    return -(t * F.log_softmax(logits, -1)).sum(-1).mean()


def mixup_ce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The same written by hand, -(t * log(softmax(logits))).sum(): once a class's logit trails the leader by ~104 its
    probability underflows to exactly 0.0 in float32 and its log is -inf; every target is above 0 (label smoothing), so
    the loss is inf and its gradient NaN."""
    logits, t = mixup_targets(out, y)
    return -(t * torch.log(logits.softmax(-1))).sum(-1).mean()


def mixup_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The mixup cross-entropy summed over the batch (reduction='sum')."""
    return mixup_ce(out, y) * len(y)


def plain_ce(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy of the logits (a mixed batch's lam column left out): the held-out loss of clean images."""
    return F.cross_entropy(out[:, :TEX_CLASSES], y)


@lru_cache(maxsize=None)
def pretrained_mixup_cnn_weights() -> dict[str, Tensor]:
    """A MixupCNN trained (unrecorded) with mixup for 500 Adam steps on textures drawn from another seed (a checkpoint
    that a fine-tune starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="mixup-pretraining", data=texture_images(seed=207, n=3000), model=MixupCNN,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=500, seed=5, shuffle_offset=3000, loss_fn=mixup_ce,
                        val_loss_fn=plain_ce)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_mixup_cnn() -> MixupCNN:
    """A MixupCNN with the pretrained weights (a fine-tune starts from them)."""
    model = MixupCNN()
    model.load_state_dict(pretrained_mixup_cnn_weights())
    return model


GRID_SIDE, GRID_ACTIONS, GRID_GAMMA, GRID_SLIP = 6, 4, 0.9, 0.2
"""The grid world of fitted Q-iteration: 6x6 cells, 4 moves (up, right, down, left), discount 0.9, a move slips to a
random other direction 20% of the time."""
GRID_WALLS = ((1, 1), (1, 2), (1, 3), (3, 3), (4, 3), (3, 1))
GRID_GOAL, GRID_PIT = (5, 5), (2, 4)
GRID_STEP_REWARD = -0.04
GRID_FEATURES = GRID_SIDE * GRID_SIDE + 2
"""A state's features: the one-hot of its cell (36) and its row and column scaled to [-1, 1]."""


def grid_model() -> tuple[Tensor, Tensor, Tensor]:
    """The MDP as tensors: P (36, 4, 36) the transition probabilities, R (36,) the reward of entering a cell (+1 the
    goal, -1 the pit, -0.04 any other), terminal (36,) the goal and the pit (episodes end on entering them). A move into
    a wall or off the grid stays put."""
    n = GRID_SIDE * GRID_SIDE
    walls = {r * GRID_SIDE + c for r, c in GRID_WALLS}
    moves = ((-1, 0), (0, 1), (1, 0), (0, -1))
    P = torch.zeros(n, GRID_ACTIONS, n)
    for s in range(n):
        r, c = divmod(s, GRID_SIDE)
        for a in range(GRID_ACTIONS):
            for b in range(GRID_ACTIONS):
                p = 1 - GRID_SLIP if a == b else GRID_SLIP / (GRID_ACTIONS - 1)
                rr, cc = r + moves[b][0], c + moves[b][1]
                t = rr * GRID_SIDE + cc
                if not (0 <= rr < GRID_SIDE and 0 <= cc < GRID_SIDE) or t in walls:
                    t = s
                P[s, a, t] += p
    R = torch.full((n,), GRID_STEP_REWARD)
    R[GRID_GOAL[0] * GRID_SIDE + GRID_GOAL[1]] = 1.0
    R[GRID_PIT[0] * GRID_SIDE + GRID_PIT[1]] = -1.0
    terminal = torch.zeros(n, dtype=torch.bool)
    terminal[GRID_GOAL[0] * GRID_SIDE + GRID_GOAL[1]] = True
    terminal[GRID_PIT[0] * GRID_SIDE + GRID_PIT[1]] = True
    return P, R, terminal


@lru_cache(maxsize=None)
def true_q() -> Tensor:
    """Q* of the grid world by value iteration (to 1e-10): Q(s, a) = sum_s' P(s'|s, a) (R(s') + gamma V(s') [s' not
    terminal]), V = max_a Q. (36, 4)."""
    P, R, terminal = grid_model()
    q = torch.zeros(P.shape[0], GRID_ACTIONS, dtype=torch.float64)
    P64, R64, live = P.double(), R.double(), (~terminal).double()
    for _ in range(2000):
        v = q.max(1).values * live
        new = torch.einsum("sat,t->sa", P64, R64 + GRID_GAMMA * v)
        if (new - q).abs().max() < 1e-10:
            q = new
            break
        q = new
    return q.float()


def grid_features(s: Tensor) -> Tensor:
    """The features of cells ``s`` (any shape): one-hot (36) and row, column in [-1, 1]."""
    r, c = (s // GRID_SIDE).float(), (s % GRID_SIDE).float()
    return torch.cat([F.one_hot(s, GRID_SIDE * GRID_SIDE).float(), torch.stack([r, c], -1) / (GRID_SIDE - 1) * 2 - 1], -1)


@lru_cache(maxsize=None)
def replay_buffer(n: int = 20000, seed: int = 204, *, batch_size: int = 64, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """A fixed replay buffer of ``n`` transitions of the grid world: a state uniform over the free, non-terminal cells,
    an action uniform over the 4, the next state drawn from the dynamics. x: (transitions, 38 + 1 + 38 + 1): the state's
    features, the action, the next state's features, done (the next state is terminal); y: the reward. The validation
    set is every (free, non-terminal state, action) pair (28 x 4), x in the same layout (its next state itself, done 1)
    and y its true Q* (value iteration): the held-out loss is the MSE of Q against Q*. ``train_rows``: keep only that
    many transitions; ``nan_rows``: that share of the transitions has a NaN reward (a logging bug)."""
    g = torch.Generator().manual_seed(seed)
    P, R, terminal = grid_model()
    walls = torch.zeros(GRID_SIDE * GRID_SIDE, dtype=torch.bool)
    for r, c in GRID_WALLS:
        walls[r * GRID_SIDE + c] = True
    states = torch.nonzero(~walls & ~terminal).flatten()
    s = states[torch.randint(0, len(states), (n,), generator=g)]
    a = torch.randint(0, GRID_ACTIONS, (n,), generator=g)
    s2 = torch.multinomial(P[s, a], 1, generator=g).squeeze(1)
    reward = R[s2].clone()
    done = terminal[s2].float()
    x = torch.cat([grid_features(s), a[:, None].float(), grid_features(s2), done[:, None]], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        reward[bad] = float("nan")
    vs = states.repeat_interleave(GRID_ACTIONS)
    va = torch.arange(GRID_ACTIONS).repeat(len(states))
    val_x = torch.cat([grid_features(vs), va[:, None].float(), grid_features(vs), torch.ones(len(vs), 1)], 1)
    val_y = true_q()[vs, va]
    if train_rows:
        x, reward = x[:train_rows], reward[:train_rows]
    return Data(x, reward, val_x, val_y, "fitted Q-iteration (grid world, TD regression)", None, batch_size)


class FittedQ(nn.Module):
    """A DQN-style Q network of fitted Q-iteration: a ReLU MLP (38 -> hidden -> hidden, a linear ``head`` to the 4
    actions' Q) and a target network, a copy of it that takes no gradient (kept out of the parameters and the state
    dict) and is refreshed from it every ``refresh`` training forward passes (optimizer steps), the first at step 1. On
    a batch of transitions the output is (batch, 2): Q(s, a) and gamma x max_a' Q_target(s', a') (0 where done), the
    TD target less the reward. ``double``: the next action chosen by the online network (double DQN). ``dead_bias`` < 0
    starts the second hidden layer's biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, hidden: int = 64, refresh: int = 50, double: bool = False, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.refresh, self.double, self.calls = refresh, double, 0
        self.body = nn.Sequential(nn.Linear(GRID_FEATURES, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
        if dead_bias:
            with torch.no_grad():
                self.body[2].bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, GRID_ACTIONS)
        self._target = [nn.Sequential(nn.Linear(GRID_FEATURES, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                                      nn.Linear(hidden, GRID_ACTIONS)).requires_grad_(False)]  # fmt: skip

    def q(self, feats: Tensor) -> Tensor:
        out: Tensor = self.head(self.body(feats))
        return out

    def sync(self) -> None:
        target = self._target[0]
        with torch.no_grad():
            for mine, theirs in zip([*self.body.parameters(), *self.head.parameters()], target.parameters()):
                theirs.copy_(mine)

    def forward(self, x: Tensor) -> Tensor:
        f = GRID_FEATURES
        s, a, s2, done = x[:, :f], x[:, f].long(), x[:, f + 1 : 2 * f + 1], x[:, 2 * f + 1]
        if self.training:
            if self.calls % self.refresh == 0:
                self.sync()
            self.calls += 1
        q_sa = self.q(s).gather(1, a[:, None]).squeeze(1)
        with torch.no_grad():
            q_next = self._target[0](s2)
            best = q_next.gather(1, self.q(s2).argmax(1, keepdim=True)).squeeze(1) if self.double else q_next.max(1).values
            bootstrap = GRID_GAMMA * best * (1 - done)
        return torch.stack([q_sa, bootstrap], 1)


def td_huber(out: Tensor, y: Tensor) -> Tensor:
    """The TD loss: smooth L1 (Huber, beta 1) of Q(s, a) against reward + gamma max Q_target(s', .)."""
    return F.smooth_l1_loss(out[:, 0], y + out[:, 1])


def td_mse(out: Tensor, y: Tensor) -> Tensor:
    """The TD loss by the squared error."""
    return F.mse_loss(out[:, 0], y + out[:, 1])


def td_huber_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Huber TD loss summed over the batch (reduction='sum')."""
    return F.smooth_l1_loss(out[:, 0], y + out[:, 1], reduction="sum")


def q_mse(out: Tensor, y: Tensor) -> Tensor:
    """The MSE of Q(s, a) against Q*(s, a): the held-out loss."""
    return F.mse_loss(out[:, 0], y)


def q_at_zero() -> float:
    """The held-out MSE of Q = 0 everywhere (the mean square of Q*)."""
    return float((replay_buffer().val_y ** 2).mean())
