"""The ninth fresh half (fresh9, held out from all tuning): its model families' data and models (read as ``fd.<name>``
through ``bench/fixcheck_data.py``).

``kge`` TransE knowledge-graph embeddings (entity and relation vectors, the distance ||e_h + w_r - e_t||) of
a synthetic graph of 300 entities and 10 relations whose tails follow hidden translations, the margin
ranking loss against 4 corrupted triples a positive one (drawn afresh in training, fixed when held out);
``quantile`` a ReLU MLP predicting 5 quantiles (0.05 to 0.95) of a heteroscedastic, skewed regression
target, the pinball loss;
``convgru`` a ConvGRU (or a vanilla tanh conv RNN) with a per-pixel ReLU layer and a linear head predicting
the next 10x10 frame of clips of two bouncing Gaussian blobs, MSE;
``node`` a latent neural ODE: a linear encoder of a damped pendulum's first observed state, a tanh vector
field MLP integrated by a fixed-step RK4 solver (backpropagated through) and a linear decoder, MSE of the
trajectory's 9 observed states.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, split


KGE_ENTITIES, KGE_RELATIONS, KGE_NEGATIVES, KGE_MARGIN = 300, 10, 4, 1.0
"""A knowledge graph of 300 entities and 10 relations; 4 corrupted triples a positive one; the ranking margin."""


@lru_cache(maxsize=None)
def kg_triples(seed: int = 171, *, latent: int = 6, val_share: float = 0.2, batch_size: int = 64,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """The triples (head, relation, tail) of a synthetic knowledge graph: each entity has a hidden position in
    ``latent`` dimensions and each relation a hidden translation; the tail of (h, r) is the entity nearest to h's
    position plus r's translation (every entity has one tail a relation: 3000 triples, many-to-one, as TransE assumes).
    A random ``val_share`` of the triples is held out (link prediction of unseen triples). x: (head, relation, tail,
    then 4 corrupted entities: the 1st and 3rd replace the head, the 2nd and 4th the tail); the held-out triples'
    corruptions are fixed, a training batch's are drawn afresh by the model. y: unused (0). ``train_rows``: keep only
    that many training triples."""
    g = torch.Generator().manual_seed(seed)
    z = torch.randn(KGE_ENTITIES, latent, generator=g)
    shift = 0.8 * torch.randn(KGE_RELATIONS, latent, generator=g)
    parts = []
    for r in range(KGE_RELATIONS):
        d = torch.cdist(z + shift[r], z)
        d.fill_diagonal_(math.inf)
        tails = d.argmin(1)
        parts.append(torch.stack([torch.arange(KGE_ENTITIES), torch.full((KGE_ENTITIES,), r), tails], 1))
    triples = torch.cat(parts)[torch.randperm(KGE_ENTITIES * KGE_RELATIONS, generator=g)]
    corrupt = torch.randint(KGE_ENTITIES, (len(triples), KGE_NEGATIVES), generator=g)
    x = torch.cat([triples, corrupt], 1)
    n = int((1 - val_share) * len(x))
    data = split(x, torch.zeros(len(x)), n, "knowledge_graph_completion (margin ranking over corrupted triples)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TransE(nn.Module):
    """TransE (Bordes et al.): entity and relation embeddings of ``dim`` (uniform init in +-6/sqrt(dim)) and the distance
    ||e_h + w_r - e_t|| (the L``p`` norm) of the triples in x. Output (batch, 1 + 4): the positive triple's distance,
    then its 4 corrupted triples' (the corruptions of x when evaluating, fresh uniform ones when training: negative
    sampling)."""

    def __init__(self, dim: int = 32, p: int = 2) -> None:
        super().__init__()
        self.p = p
        self.entities = nn.Embedding(KGE_ENTITIES, dim)
        self.relations = nn.Embedding(KGE_RELATIONS, dim)
        with torch.no_grad():
            for table in (self.entities, self.relations):
                table.weight.uniform_(-6 / math.sqrt(dim), 6 / math.sqrt(dim))

    def distance(self, h: Tensor, r: Tensor, t: Tensor) -> Tensor:
        return (self.entities(h) + self.relations(r) - self.entities(t)).norm(p=self.p, dim=-1)

    def forward(self, x: Tensor) -> Tensor:
        h, r, t, neg = x[:, :1], x[:, 1:2], x[:, 2:3], x[:, 3:]
        if self.training:
            neg = torch.randint(KGE_ENTITIES, neg.shape)
        heads = torch.arange(neg.shape[1]) % 2 == 0
        ch = torch.where(heads, neg, h)
        ct = torch.where(heads, t, neg)
        return torch.cat([self.distance(h, r, t), self.distance(ch, r.expand_as(neg), ct)], 1)


def margin_ranking(out: Tensor, y: Tensor) -> Tensor:
    """The margin ranking loss of TransE: max(0, margin + d(positive) - d(corrupted)), the mean over the batch and the
    corruptions."""
    return F.relu(KGE_MARGIN + out[:, :1] - out[:, 1:]).mean()


def margin_ranking_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch and the corruptions (reduction='sum', as the original TransE code)."""
    return F.relu(KGE_MARGIN + out[:, :1] - out[:, 1:]).sum()


QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
QR_FEATURES = 8


@lru_cache(maxsize=None)
def heteroscedastic_table(n: int = 6000, seed: int = 172, *, n_val: int = 1500, batch_size: int = 64,
                          train_rows: int | None = None, missing: float = 0.0) -> Data:  # fmt: skip
    """A regression table for quantile regression: 8 Gaussian features, a nonlinear mean (a sine, a product, a tanh of
    a random projection) and a noise whose scale depends on a feature (0.2 to 0.8) and which is skewed (a centred
    chi-square-like mix), the target standardised. y: (rows,). ``train_rows``: keep only that many training rows;
    ``missing``: that share of the training targets is missing (NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, QR_FEATURES, generator=g)
    w = torch.randn(QR_FEATURES, generator=g) / math.sqrt(QR_FEATURES)
    mean = torch.sin(2 * x[:, 0]) + 0.5 * x[:, 1] * x[:, 2] + torch.tanh(2 * x @ w)
    scale = 0.2 + 0.6 * torch.sigmoid(2 * x[:, 3])
    e = torch.randn(total, generator=g)
    y = mean + scale * (e + 0.4 * (e**2 - 1))
    y = (y - y[:n].mean()) / y[:n].std()
    if missing:
        bad = torch.nonzero(torch.rand(n, generator=g) < missing).flatten()
        y[bad] = float("nan")
    data = split(x, y, n, "quantile regression (5 quantiles)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class QuantileMLP(nn.Module):
    """A ReLU MLP (``layers`` of ``hidden``) with a linear head giving the 5 quantiles of the target: (batch, 5).
    ``dead_bias`` < 0 starts the last hidden layer's biases there (its units never fire)."""

    def __init__(self, hidden: int = 64, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        sizes = [QR_FEATURES] + [hidden] * layers
        linears = [nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])]
        if dead_bias:
            with torch.no_grad():
                linears[-1].bias.fill_(dead_bias)
        self.body = nn.Sequential(*(m for linear in linears for m in (linear, nn.ReLU())))
        self.head = nn.Linear(hidden, len(QUANTILES))

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(self.body(x))
        return out


def _pinball_each(out: Tensor, y: Tensor) -> Tensor:
    tau = torch.tensor(QUANTILES)
    u = y[:, None] - out
    return torch.maximum(tau * u, (tau - 1) * u)


def pinball(out: Tensor, y: Tensor) -> Tensor:
    """The pinball (quantile) loss, the mean over the batch and the 5 quantiles."""
    return _pinball_each(out, y).mean()


def pinball_summed(out: Tensor, y: Tensor) -> Tensor:
    """The pinball loss summed over the batch and the quantiles (reduction='sum')."""
    return _pinball_each(out, y).sum()


def pinball_at_constant() -> float:
    """The held-out pinball loss of the training targets' own 5 quantiles predicted for every row (what a model that
    ignores its input reaches: its "chance level")."""
    d = heteroscedastic_table()
    q = torch.quantile(d.y, torch.tensor(QUANTILES))
    return float(pinball(q.expand(len(d.val_y), -1), d.val_y))


@lru_cache(maxsize=None)
def pretrained_quantile_weights() -> dict[str, Tensor]:
    """A quantile MLP trained (unrecorded) for 600 Adam steps on the first 3000 rows of the table (a checkpoint that a
    fine-tune on all of it starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="quantile-pretraining", data=heteroscedastic_table(train_rows=3000), model=QuantileMLP,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=600, seed=5, shuffle_offset=3000,
                        loss_fn=pinball)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_quantile() -> QuantileMLP:
    """A quantile MLP with the pretrained weights (a fine-tune starts from them)."""
    model = QuantileMLP()
    model.load_state_dict(pretrained_quantile_weights())
    return model


FRAME_SIZE, FRAME_COUNT = 10, 6


@lru_cache(maxsize=None)
def moving_blobs(n: int = 1600, seed: int = 173, *, n_val: int = 400, batch_size: int = 16, blobs: int = 2,
                 train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Clips of 6 frames of 10x10 in which ``blobs`` Gaussian blobs (width 1.1 pixels, brightness 1, clipped at 1)
    move at a constant speed of up to 1 pixel a frame and bounce off the edges. x: frames 1-5, y: frames 2-6 (next-frame
    prediction), (clips, 5, 10, 10). ``train_rows``: keep only that many training clips; ``nan_rows``: that share of
    the training clips has one NaN pixel (a corrupt frame, in x and y alike)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    edge = FRAME_SIZE - 1
    start = 1 + (edge - 2) * torch.rand(total, 1, blobs, 2, generator=g)
    speed = 2 * torch.rand(total, 1, blobs, 2, generator=g) - 1
    t = torch.arange(FRAME_COUNT, dtype=torch.float)[None, :, None, None]
    q = torch.remainder(start + speed * t, 2 * edge)
    pos = torch.where(q > edge, 2 * edge - q, q)  # (clips, frames, blobs, 2): bounced
    axis = torch.arange(FRAME_SIZE, dtype=torch.float)
    dr = (axis[None, None, None, :, None] - pos[..., 0, None, None]) ** 2
    dc = (axis[None, None, None, None, :] - pos[..., 1, None, None]) ** 2
    frames = torch.exp(-(dr + dc) / (2 * 1.1**2)).sum(2).clamp(max=1.0)
    x, y = frames[:, :-1].contiguous(), frames[:, 1:].contiguous()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, 5, 5] = float("nan")
        y[bad, 2, 5, 5] = float("nan")
    data = split(x, y, n, "video prediction (next frame of moving blobs)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ConvRecurrentPredictor(nn.Module):
    """A ConvGRU next-frame predictor (``kind`` "gru": update and reset gates and the candidate from 3x3 convolutions of
    the frame and of the hidden state, ``hidden`` channels; "rnn": a vanilla tanh conv RNN whose recurrent convolution
    starts ``gain`` times its default init), then a per-pixel ReLU layer and a linear head (channel-last) giving each
    pixel of the next frame: (batch, 5, 10, 10). ``dead_bias`` < 0 starts the per-pixel layer's biases there."""

    def __init__(self, kind: str = "gru", hidden: int = 8, gain: float = 1.0, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.kind, self.hidden = kind, hidden
        gates = 3 if kind == "gru" else 1
        self.inp = nn.Conv2d(1, gates * hidden, 3, padding=1)
        self.rec = nn.Conv2d(hidden, gates * hidden, 3, padding=1, bias=False)
        if gain != 1.0:
            with torch.no_grad():
                self.rec.weight.mul_(gain)
        self.pixel = nn.Linear(hidden, hidden)
        if dead_bias:
            with torch.no_grad():
                self.pixel.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        b, steps = x.shape[:2]
        h = x.new_zeros(b, self.hidden, FRAME_SIZE, FRAME_SIZE)
        states = []
        for t in range(steps):
            a, r = self.inp(x[:, t, None]), self.rec(h)
            if self.kind == "gru":
                az, ar, an = a.chunk(3, 1)
                rz, rr, rn = r.chunk(3, 1)
                z, reset = torch.sigmoid(az + rz), torch.sigmoid(ar + rr)
                h = (1 - z) * torch.tanh(an + reset * rn) + z * h
            else:
                h = torch.tanh(a + r)
            states.append(h)
        hs = torch.stack(states, 1).permute(0, 1, 3, 4, 2)
        out: Tensor = self.head(F.relu(self.pixel(hs)))
        return out.squeeze(-1)


def frame_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the pixels, frames and clips of the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def frames_variance() -> float:
    """The held-out loss of the best constant frame (the pixels' variance): what a predictor that ignores its input
    reaches."""
    return float(moving_blobs().val_y.var())


ODE_TIMES, ODE_DT = 9, 0.5
"""The trajectories' 9 observation times, 0.5 apart (t = 0 to 4); the solver takes one RK4 step between two."""


def _pendulum(s: Tensor) -> Tensor:
    """A damped pendulum: theta' = omega, omega' = -sin(theta) - 0.15 omega."""
    return torch.stack([s[:, 1], -torch.sin(s[:, 0]) - 0.15 * s[:, 1]], 1)


def rk4(f: Any, s: Tensor, dt: float) -> Tensor:
    """One classical Runge-Kutta step of ds/dt = f(s)."""
    k1 = f(s)
    k2 = f(s + 0.5 * dt * k1)
    k3 = f(s + 0.5 * dt * k2)
    k4 = f(s + dt * k3)
    return s + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


@lru_cache(maxsize=None)
def pendulum_trajectories(n: int = 4000, seed: int = 174, *, n_val: int = 800, batch_size: int = 64, noise: float = 0.05,
                          train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Trajectories of a damped pendulum from random initial states (theta in +-1.6, omega in +-1), integrated
    finely (20 RK4 steps between observations) and observed at 9 times with Gaussian noise ``noise``. x: the first
    observation (2,); y: the 9 observations (9, 2), which the model must predict from the first. ``train_rows``:
    keep only that many training trajectories; ``nan_rows``: that share of the training trajectories has a gap
    (NaN) in its 5th observation."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = torch.stack([1.6 * (2 * torch.rand(total, generator=g) - 1), 1.0 * (2 * torch.rand(total, generator=g) - 1)], 1)
    path = [s]
    for _ in range(ODE_TIMES - 1):
        for _ in range(20):
            s = rk4(_pendulum, s, ODE_DT / 20)
        path.append(s)
    y = torch.stack(path, 1) + noise * torch.randn(total, ODE_TIMES, 2, generator=g)
    x = y[:, 0].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        y[bad, 4] = float("nan")
    data = split(x, y, n, "trajectory regression (neural ODE: the 9 states from the first)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LatentODE(nn.Module):
    """A neural ODE fitting trajectories: a linear encoder of the first observation into a ``latent`` state, a vector
    field MLP (``latent`` -> ``hidden`` -> ``latent``, tanh or softplus), integrated by a fixed-step RK4 solver (one
    step of 0.5 between two observation times, backpropagated through), and a linear decoder (``head``) of each
    state: (batch, 9, 2)."""

    def __init__(self, latent: int = 8, hidden: int = 64, act: str = "tanh") -> None:
        super().__init__()
        self.encode = nn.Linear(2, latent)
        self.field = nn.Sequential(nn.Linear(latent, hidden), nn.Tanh() if act == "tanh" else nn.Softplus(),
                                   nn.Linear(hidden, latent))  # fmt: skip
        self.head = nn.Linear(latent, 2)

    def forward(self, x: Tensor) -> Tensor:
        z = self.encode(x)
        states = [z]
        for _ in range(ODE_TIMES - 1):
            z = rk4(self.field, z, ODE_DT)
            states.append(z)
        out: Tensor = self.head(torch.stack(states, 1))
        return out


def trajectory_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the states, times and trajectories of the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def trajectory_variance() -> float:
    """The held-out loss of the mean trajectory (the states' variance per time, averaged): where a model that ignores
    the first observation ends."""
    y = pendulum_trajectories().val_y
    return float(((y - y.mean(0)) ** 2).mean())


def pinball_at_zero() -> float:
    """The held-out pinball loss of predicting 0 for every quantile (where an untrained quantile MLP starts)."""
    d = heteroscedastic_table()
    return float(pinball(torch.zeros(len(d.val_y), len(QUANTILES)), d.val_y))


def frames_at_zero() -> float:
    """The held-out loss of an all-black prediction (the pixels' mean square): where an untrained predictor starts."""
    return float((moving_blobs().val_y ** 2).mean())


def trajectories_at_zero() -> float:
    """The held-out loss of predicting the state 0 at every time (the states' mean square)."""
    return float((pendulum_trajectories().val_y ** 2).mean())
