"""The twenty-fifth fresh half (fresh25, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``bandit`` a policy MLP over the 8 arms of a contextual bandit trained by REINFORCE with a learned
baseline, the pulled arm's regret as the loss; held out, the policy's expected regret on new contexts;
``dual`` a CLIP-style dual encoder of paired "image" and "text" views of a latent concept (two towers,
L2-normalised, a learned temperature), symmetric InfoNCE over the batch;
``svdd`` Deep SVDD: a bias-free ReLU MLP trained one-class to pull normal points' codes to a fixed centre,
the mean squared distance;
``sinkhorn`` a set decoder predicting 16 points of a circle, a segment or two blobs from the shape's
description, the entropic optimal-transport cost by log-domain Sinkhorn iterations.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, split


BANDIT_DIM, BANDIT_ARMS, BANDIT_NOISE = 10, 8, 0.1
"""The contextual bandit's contexts have 10 features; the policy picks one of 8 arms, whose reward is its mean for the
context plus Gaussian noise of std 0.1."""


@lru_cache(maxsize=None)
def bandit_contexts(n: int = 4000, seed: int = 313, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                    nan_rows: float = 0.0) -> Data:  # fmt: skip
    """A contextual bandit: 10-feature contexts, 8 arms. A fixed random projection takes a context to a point u of the
    plane; arm a's mean reward is exp(-|u - c_a|^2 / 2) for 8 centres c_a on a circle of radius 1.2, plus 0.3 tanh of
    an arm's own linear function of the context (so the best arm needs more than the angle of u). x: (contexts, 10);
    y: (contexts, 8) each arm's mean reward (the loss draws the reward of the arm it pulls around it; the regret is
    measured against the best arm). ``train_rows``: keep only that many training contexts; ``nan_rows``: that share of
    the training contexts has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, BANDIT_DIM, generator=g)
    proj = torch.randn(BANDIT_DIM, 2, generator=g) / math.sqrt(BANDIT_DIM)
    u = x @ proj * 1.5
    angles = 2 * math.pi * torch.arange(BANDIT_ARMS) / BANDIT_ARMS
    centres = 1.2 * torch.stack([angles.cos(), angles.sin()], 1)
    own = torch.randn(BANDIT_DIM, BANDIT_ARMS, generator=g) / math.sqrt(BANDIT_DIM)
    y = torch.exp(-0.5 * torch.cdist(u, centres) ** 2) + 0.3 * torch.tanh(x @ own)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "contextual bandit (a policy trained by REINFORCE with a learned baseline)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BanditPolicy(nn.Module):
    """A policy MLP: ``inp`` (10 -> 64), a ReLU layer ``fc`` (64 -> 64), a linear ``head`` to the 8 arms' logits and a
    linear ``value`` to the baseline (the expected reward of the context). Output (contexts, 9): the logits, then the
    baseline. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(BANDIT_DIM, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, BANDIT_ARMS)
        self.value = nn.Linear(hidden, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.fc(F.relu(self.inp(x))))
        return torch.cat([self.head(h), self.value(h)], -1)


def bandit_terms(out: Tensor, y: Tensor) -> Tensor:
    """Per context: the regret of the arm the policy pulls (drawn by the Gumbel-max trick from its softmax), whose
    gradient is REINFORCE's (the log-probability of the pulled arm times its noisy reward less the baseline), plus half
    the squared error of the baseline against that reward (which trains the baseline)."""
    logits, base = out[:, :BANDIT_ARMS], out[:, BANDIT_ARMS]
    logp = F.log_softmax(logits, -1)
    gumbel = -torch.log(-torch.log(torch.rand_like(logits).clamp(1e-9, 1 - 1e-9)))
    arm = (logits.detach() + gumbel).argmax(-1, keepdim=True)
    mean = y.gather(1, arm)[:, 0]
    reward = mean + BANDIT_NOISE * torch.randn_like(mean)
    pg = -(reward - base.detach()) * logp.gather(1, arm)[:, 0]
    return (y.max(1).values - mean) + (pg - pg.detach()) + 0.5 * (base - reward) ** 2


def bandit_loss(out: Tensor, y: Tensor) -> Tensor:
    """The mean over the batch of ``bandit_terms``: the pulled arms' regret (REINFORCE's gradient) and the baseline's."""
    return bandit_terms(out, y).mean()


def bandit_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch (reduction='sum')."""
    return bandit_terms(out, y).sum()


def bandit_regret(out: Tensor, y: Tensor) -> Tensor:
    """The held-out loss: the policy's expected regret, the best arm's mean reward less the policy's expectation."""
    probs = torch.softmax(out[:, :BANDIT_ARMS], -1)
    return (y.max(1).values - (probs * y).sum(1)).mean()


DUAL_A, DUAL_B, DUAL_EMBED, DUAL_LATENT = 16, 12, 32, 6
"""The dual encoder pairs a 16-feature view ("image") with a 12-feature view ("text") of the same 6-D latent concept,
each encoded to 32-D unit vectors."""


@lru_cache(maxsize=None)
def dual_pairs(n: int = 3000, seed: int = 314, *, n_val: int = 768, batch_size: int = 64, train_rows: int | None = None,
               nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Paired views of a 6-D latent N(0, 1): the "image" tanh(z A) B (16 features) and the "text" softplus(z C) D - 0.5 (12
    features), random maps, each plus noise of std 0.3. x: (pairs, 28) the image's 16 features, then the text's 12; y:
    zeros (the pairing is the row). ``train_rows``: keep only that many training pairs; ``nan_rows``: that share of the
    training pairs has a missing (NaN) text feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    z = torch.randn(total, DUAL_LATENT, generator=g)
    a = torch.randn(DUAL_LATENT, 24, generator=g) / math.sqrt(DUAL_LATENT)
    b = torch.randn(24, DUAL_A, generator=g) / math.sqrt(24) * 2
    c = torch.randn(DUAL_LATENT, 24, generator=g) / math.sqrt(DUAL_LATENT) * 2
    d = torch.randn(24, DUAL_B, generator=g) / math.sqrt(24) * 2
    img = torch.tanh(z @ a) @ b + 0.3 * torch.randn(total, DUAL_A, generator=g)
    txt = F.softplus(z @ c) @ d - 0.5 + 0.3 * torch.randn(total, DUAL_B, generator=g)
    x = torch.cat([img, txt], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, DUAL_A + 3] = float("nan")
    data = split(x, torch.zeros(total), n, "contrastive image-text pretraining (a CLIP-style dual encoder)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DualEncoder(nn.Module):
    """A CLIP-style dual encoder (Radford et al. 2021): an image tower (``inp`` 16 -> 64, a ReLU layer ``fc`` 64 -> 64,
    ``head`` 64 -> 32) and a text tower (``txt_inp`` 12 -> 64, ``txt_head`` 64 -> 32), each L2-normalised, and a learned
    log temperature ``log_scale`` (ln(1/0.07) at init, the scale clamped at 100). Output (pairs, 65): the image
    embedding, the text embedding, the log scale."""

    def __init__(self, hidden: int = 64) -> None:
        super().__init__()
        self.inp = nn.Linear(DUAL_A, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, DUAL_EMBED)
        self.txt_inp = nn.Linear(DUAL_B, hidden)
        self.txt_head = nn.Linear(hidden, DUAL_EMBED)
        self.log_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

    def forward(self, x: Tensor) -> Tensor:
        img = F.normalize(self.head(F.relu(self.fc(F.relu(self.inp(x[:, :DUAL_A]))))), dim=-1)
        txt = F.normalize(self.txt_head(F.relu(self.txt_inp(x[:, DUAL_A:]))), dim=-1)
        return torch.cat([img, txt, self.log_scale.expand(len(x), 1)], -1)


def dual_terms(out: Tensor) -> Tensor:
    """Per pair of a batch: the symmetric InfoNCE (image-to-text and text-to-image cross-entropy over the batch, halved)
    of the scaled cosine similarities."""
    img, txt = out[:, :DUAL_EMBED], out[:, DUAL_EMBED : 2 * DUAL_EMBED]
    logits = out[0, -1].clamp(max=math.log(100)).exp() * img @ txt.T
    target = torch.arange(len(out))
    return 0.5 * (F.cross_entropy(logits, target, reduction="none") + F.cross_entropy(logits.T, target, reduction="none"))


def dual_infonce(out: Tensor, y: Tensor) -> Tensor:
    """CLIP's loss, mean over the batch (ln 64 = 4.16 at chance for a batch of 64); held out, over fixed batches of 64."""
    return torch.cat([dual_terms(part) for part in out.split(64)]).mean()


def dual_infonce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch (reduction='sum')."""
    return dual_terms(out).sum()


SVDD_DIM, SVDD_CODE = 16, 8
"""Deep SVDD maps 16-feature points to an 8-D code, scored by its squared distance to a fixed centre."""


@lru_cache(maxsize=None)
def svdd_points(n: int = 3000, seed: int = 315, *, n_val: int = 800, batch_size: int = 64, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Normal points only (one-class training): a 6-D latent N(0, 1) through tanh of a random 6 x 12 map (entries
    N(0, 0.5^2)) and a random 12 x 16 map, offset by a random mean, plus noise of std 0.2. x: (points, 16); y: zeros (unused). ``train_rows``:
    keep only that many training points; ``nan_rows``: that share of the training points has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    z = torch.randn(total, 6, generator=g)
    a = torch.randn(6, 12, generator=g) / 2
    b = torch.randn(12, SVDD_DIM, generator=g) / math.sqrt(12)
    offset = 0.5 * torch.randn(SVDD_DIM, generator=g)
    x = torch.tanh(z @ a) @ b + offset + 0.2 * torch.randn(total, SVDD_DIM, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, torch.zeros(total), n, "one-class anomaly detection (Deep SVDD: distance to a fixed centre)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepSVDD(nn.Module):
    """Deep SVDD (Ruff et al. 2018): a bias-free ReLU MLP (``inp`` 16 -> 64, ``fc`` 64 -> 32, ``head`` 32 -> 8, no
    biases, so that a constant map is not free); the centre c is the mean code of the first 512 training points at
    init (entries below 0.1 in size moved to +-0.1). Output (points, 8): the code less c. ``dead``: fc's weights made
    all <= 0 (-|w|), so that fc's ReLUs never open on the non-negative ReLU outputs before them."""

    def __init__(self, dead: bool = False) -> None:
        super().__init__()
        self.inp = nn.Linear(SVDD_DIM, 64, bias=False)
        self.fc = nn.Linear(64, 32, bias=False)
        self.head = nn.Linear(32, SVDD_CODE, bias=False)
        if dead:
            with torch.no_grad():
                self.fc.weight.copy_(-self.fc.weight.abs())
        with torch.no_grad():
            c = self.code(svdd_points().x[:512]).mean(0)
            c = torch.where(c.abs() < 0.1, torch.where(c < 0, -0.1, 0.1), c)
        self.register_buffer("centre", c)

    def code(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.inp(x)))))
        return out

    def forward(self, x: Tensor) -> Tensor:
        return self.code(x) - self.centre


def svdd_distance(out: Tensor, y: Tensor) -> Tensor:
    """Deep SVDD's one-class loss: the squared distance of the code to the centre, mean over the points."""
    return (out**2).sum(-1).mean()


def svdd_distance_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the points (reduction='sum')."""
    return (out**2).sum()


SINK_POINTS, SINK_DESC, SINK_EPS, SINK_ITERS = 16, 8, 0.05, 30
"""The set decoder predicts 16 points of the plane from an 8-number description of a shape; the entropic OT loss runs
30 log-domain Sinkhorn iterations at a blur of 0.05."""


@lru_cache(maxsize=None)
def sinkhorn_shapes(n: int = 3000, seed: int = 316, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
                    nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Point sets of 3 kinds of shape: a circle, a segment, two blobs (std 0.1); centre uniform in [-1, 1]^2, size
    0.3-1, angle uniform; 16 points drawn from the shape (in random order). x: (sets, 8) the description (the kind
    one-hot, the centre, the size, cos and sin of the angle); y: (sets, 16, 2) the points. ``train_rows``: keep only
    that many training sets; ``nan_rows``: that share of the training sets has a missing (NaN) description entry."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    kind = torch.randint(0, 3, (total,), generator=g)
    centre = -1 + 2 * torch.rand(total, 2, generator=g)
    size = 0.3 + 0.7 * torch.rand(total, 1, generator=g)
    angle = 2 * math.pi * torch.rand(total, 1, generator=g)
    t = torch.rand(total, SINK_POINTS, generator=g)
    direction = torch.cat([angle.cos(), angle.sin()], 1)
    circle = torch.stack([torch.cos(2 * math.pi * t + angle), torch.sin(2 * math.pi * t + angle)], -1)
    segment = (2 * t - 1)[..., None] * direction[:, None, :]
    side = torch.where(t < 0.5, -1.0, 1.0)[..., None]
    blobs = side * direction[:, None, :] + 0.1 / size[:, :, None] * torch.randn(total, SINK_POINTS, 2, generator=g)
    shape = torch.where(kind[:, None, None] == 0, circle, torch.where(kind[:, None, None] == 1, segment, blobs))
    y = centre[:, None, :] + size[:, :, None] * shape
    x = torch.cat([F.one_hot(kind, 3).float(), centre, size, direction], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "set prediction with an entropic optimal-transport (Sinkhorn) loss", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SetDecoder(nn.Module):
    """An MLP decoding a description into a set of 16 points: ``inp`` (8 -> 128), a ReLU layer ``fc`` (128 -> 128), a
    linear ``head`` to the 32 coordinates. Output (sets, 16, 2). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, hidden: int = 128, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(SINK_DESC, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, 2 * SINK_POINTS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(F.relu(self.fc(F.relu(self.inp(x))))).reshape(len(x), SINK_POINTS, 2)


def sinkhorn_cost(out: Tensor, y: Tensor) -> Tensor:
    """Per set: the entropic optimal-transport cost <P, C> between the predicted and the true points (uniform weights,
    C the squared distances), P from 30 log-domain Sinkhorn iterations at eps 0.05, differentiated through them."""
    cost = ((out[:, :, None, :] - y[:, None, :, :]) ** 2).sum(-1)
    log_w = torch.full(cost.shape[:2], -math.log(SINK_POINTS))
    f = torch.zeros_like(log_w)
    g = torch.zeros_like(log_w)
    for _ in range(SINK_ITERS):
        f = -SINK_EPS * torch.logsumexp((g[:, None, :] - cost) / SINK_EPS + log_w[:, None, :], -1)
        g = -SINK_EPS * torch.logsumexp((f[:, :, None] - cost) / SINK_EPS + log_w[:, :, None], -2)
    plan = torch.exp((f[:, :, None] + g[:, None, :] - cost) / SINK_EPS + log_w[:, :, None] + log_w[:, None, :])
    return (plan * cost).sum((1, 2))


def sinkhorn_loss(out: Tensor, y: Tensor) -> Tensor:
    """The mean over the batch of ``sinkhorn_cost``."""
    return sinkhorn_cost(out, y).mean()


def sinkhorn_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch (reduction='sum')."""
    return sinkhorn_cost(out, y).sum()


def svdd_at_init() -> float:
    """The held-out loss of the default Deep SVDD at init (seed 0): the points' mean squared distance to the centre."""
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = DeepSVDD()
    with torch.no_grad():
        return float(svdd_distance(model(svdd_points().val_x), svdd_points().val_y))


def sinkhorn_at_zero() -> float:
    """The held-out OT cost of predicting every point at the origin: the mean square norm of the points."""
    return float((sinkhorn_shapes().val_y ** 2).sum(-1).mean())
