"""The fourteenth fresh half (fresh14, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``lora`` LoRA (rank-4 adapters, B zero at init, on both layers of a frozen ReLU MLP 16-64-64 pretrained in
code on 8 classes, and a new head) fine-tuned to 6 classes of a teacher's features moved by a rank-2
shift, cross-entropy;
``hyper`` a hypernetwork (a ReLU MLP and a linear head) generating every weight of a 1-16-16-1 tanh MLP
from the description of a damped sinusoid, the generated net evaluated at 24 query points, MSE;
``perceiver`` a Perceiver (8 latents cross-attending to tokens of a series' irregular samples, value and
Fourier features of the time, then a latent self-attention block) naming a noisy waveform's shape (5);
``koopman`` a Koopman autoencoder (an encoder of a pendulum's first state, a linear map K applied 0-10
times, a decoder) predicting the damped pendulum's standardised trajectory, MSE.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, mlp, split


LORA_IN, LORA_HIDDEN, LORA_BASE_CLASSES, LORA_CLASSES = 16, 64, 8, 6
"""The LoRA fine-tune: a ReLU MLP 16-64-64 pretrained on 8 classes, adapted to 6 new classes of a shifted task."""


@lru_cache(maxsize=None)
def lora_teacher(seed: int = 221) -> dict[str, Tensor]:
    """The teacher of both tasks: tanh features of 24 units of the 16 inputs (``w``), a readout of the pretraining
    task's 8 classes (``base``); the fine-tuning task's features move by a rank-2 shift of ``w`` (``shift``) and read
    out 6 new classes (``new``)."""
    g = torch.Generator().manual_seed(seed)
    w = torch.randn(24, LORA_IN, generator=g) / math.sqrt(LORA_IN) * 1.5
    shift = torch.randn(24, 2, generator=g) @ torch.randn(2, LORA_IN, generator=g) / math.sqrt(LORA_IN)
    return {"w": w, "shift": shift, "base": torch.randn(LORA_BASE_CLASSES, 24, generator=g) * 2.0,
            "new": torch.randn(LORA_CLASSES, 24, generator=g) * 2.0}  # fmt: skip


@lru_cache(maxsize=None)
def shifted_task(n: int = 4000, seed: int = 222, *, n_val: int = 1000, batch_size: int = 64, base: bool = False,
                 train_rows: int | None = None, flip: float = 0.03) -> Data:  # fmt: skip
    """Inputs ~N(0, I) of 16 dimensions and the teacher's class: with ``base``, the pretraining task (8 classes of
    tanh(w x)); else the fine-tuning task (6 new classes of tanh((w + shift) x), the features moved by a rank-2
    shift), ``flip`` of the labels replaced by random ones. x: (rows, 16); y: the class (rows,). ``train_rows``: keep
    only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    t = lora_teacher()
    total = n + n_val
    x = torch.randn(total, LORA_IN, generator=g)
    if base:
        logits = torch.tanh(x @ t["w"].T) @ t["base"].T
        classes = LORA_BASE_CLASSES
    else:
        logits = torch.tanh(x @ (t["w"] + t["shift"]).T) @ t["new"].T
        classes = LORA_CLASSES
    y = flip_labels(logits.argmax(-1), classes, flip, g)
    task = "classification (pretraining task)" if base else "classification (LoRA fine-tune to a shifted task)"
    data = split(x, y, n, task, classes, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, classes, batch_size)
    return data


@lru_cache(maxsize=None)
def pretrained_lora_base() -> dict[str, Tensor]:
    """The base network, a ReLU MLP 16-64-64-8, trained (unrecorded) for 600 Adam steps on the pretraining task: the
    frozen weights that the LoRA adapters fine-tune. Trained in a forked RNG: the adapters and the head that a
    LoRAClassifier draws after it get the same init whether or not this process trained it already."""
    from harness import Setup, train

    pretraining = Setup(name="lora-pretraining", data=shifted_task(seed=226, base=True),
                        model=lambda: mlp([LORA_IN, LORA_HIDDEN, LORA_HIDDEN, LORA_BASE_CLASSES]),
                        optimizer=torch.optim.Adam, lr=3e-3, steps=600, seed=5, shuffle_offset=3000)  # fmt: skip
    with torch.random.fork_rng():
        return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


class LoRAClassifier(nn.Module):
    """LoRA (Hu et al. 2021) on a frozen pretrained ReLU MLP 16-64-64: each of its two linear layers W x + b becomes
    (W + (alpha / r) B A) x + b, A (r x in) from N(0, 1/in) and B (out x r) zero at init (the adapted net starts as
    the pretrained one); the frozen W and b are buffers, only A, B and a new linear ``head`` to the 6 classes train.
    ``b_std`` > 0 draws B from N(0, b_std) instead of zeros (the adapters perturb the pretrained features at step 1)."""

    w1: Tensor
    b1: Tensor
    w2: Tensor
    b2: Tensor

    def __init__(self, rank: int = 4, alpha: float = 8.0, b_std: float = 0.0) -> None:
        super().__init__()
        base = pretrained_lora_base()
        for k, name in ((0, "1"), (2, "2")):
            self.register_buffer("w" + name, base[f"{k}.weight"].clone())
            self.register_buffer("b" + name, base[f"{k}.bias"].clone())
        self.scale = alpha / rank
        self.a1 = nn.Parameter(torch.randn(rank, LORA_IN) / math.sqrt(LORA_IN))
        self.a2 = nn.Parameter(torch.randn(rank, LORA_HIDDEN) / math.sqrt(LORA_HIDDEN))
        self.bb1 = nn.Parameter(torch.randn(LORA_HIDDEN, rank) * b_std)
        self.bb2 = nn.Parameter(torch.randn(LORA_HIDDEN, rank) * b_std)
        self.head = nn.Linear(LORA_HIDDEN, LORA_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(F.linear(x, self.w1 + self.scale * self.bb1 @ self.a1, self.b1))
        h = F.relu(F.linear(h, self.w2 + self.scale * self.bb2 @ self.a2, self.b2))
        out: Tensor = self.head(h)
        return out


def lora_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


def lora_ce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy written by hand, -log(softmax(out)[y]): once a wrong class's logit leads the true one's by ~104
    the probability underflows to exactly 0.0 in float32 and its log is -inf (the loss inf, its gradient NaN)."""
    p = out.softmax(-1).gather(1, y[:, None]).squeeze(1)
    return -torch.log(p).mean()


HYPER_COND, HYPER_QUERIES, HYPER_WIDTH = 6, 24, 16
"""The hypernetwork reads 6 numbers describing a function and generates the weights of a 1-16-16-1 tanh MLP, which is
evaluated at 24 query points."""


@lru_cache(maxsize=None)
def function_tasks(n: int = 4000, seed: int = 223, *, n_val: int = 800, batch_size: int = 32, train_rows: int | None = None,
                   nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Damped sinusoids a sin(w t + phi) exp(-d t) + c of t in [0, 3], a ~U(0.5, 2), w ~U(1, 4), phi ~U(0, 2 pi), d
    ~U(0, 0.8), c ~U(-1, 1), sampled at 24 random points with noise of std 0.05. x: (functions, 30): the description
    (a, w / 4, sin phi, cos phi, d, c), then the 24 query points t; y: (functions, 24) the values there. ``train_rows``:
    keep only that many training functions; ``nan_rows``: that share of the training functions has a missing (NaN)
    description."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val

    def rnd(lo: float, hi: float) -> Tensor:
        return lo + (hi - lo) * torch.rand(total, 1, generator=g)

    a, w, phi, d, c = rnd(0.5, 2), rnd(1, 4), rnd(0, 2 * math.pi), rnd(0, 0.8), rnd(-1, 1)
    t = 3 * torch.rand(total, HYPER_QUERIES, generator=g)
    y = a * torch.sin(w * t + phi) * torch.exp(-d * t) + c + 0.05 * torch.randn(total, HYPER_QUERIES, generator=g)
    x = torch.cat([a, w / 4, torch.sin(phi), torch.cos(phi), d, c, t], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "regression (a hypernetwork generating a function's MLP)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class HyperNet(nn.Module):
    """A hypernetwork (Ha et al. 2016): a ReLU MLP 6-64-64 of a function's description and a linear ``head`` that
    generates every weight and bias of a target MLP 1-16-16-1 (tanh), which is then evaluated at the query points
    (batch, 24). The head's bias starts at a standard (fan-in) init of the target net and its weights at 0.1 x the
    default, so the generated nets start near a standard init (hyperfan-style). ``dead_bias`` < 0 starts the second
    layer's biases there (its units never fire, so nothing behind it learns: every function gets the same net)."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        h = HYPER_WIDTH
        self.shapes = [(h, 1), (h,), (h, h), (h,), (1, h), (1,)]
        sizes = [math.prod(s) for s in self.shapes]
        first, second = nn.Linear(HYPER_COND, hidden), nn.Linear(hidden, hidden)
        if dead_bias:
            with torch.no_grad():
                second.bias.fill_(dead_bias)
        self.body = nn.Sequential(first, nn.ReLU(), second, nn.ReLU())
        self.head = nn.Linear(hidden, sum(sizes))
        init = [torch.randn(s) / math.sqrt(s[-1]) if len(s) == 2 else torch.zeros(s) for s in self.shapes]
        with torch.no_grad():
            self.head.weight.mul_(0.1)
            self.head.bias.copy_(torch.cat([p.flatten() for p in init]))

    def forward(self, x: Tensor) -> Tensor:
        z, t = x[:, :HYPER_COND], x[:, HYPER_COND:]
        params = self.head(self.body(z))
        parts, at = [], 0
        for s in self.shapes:
            k = math.prod(s)
            parts.append(params[:, at : at + k].reshape(len(x), *s))
            at += k
        w1, b1, w2, b2, w3, b3 = parts
        h = torch.tanh(w1 @ t[:, None, :] + b1[..., None])
        h = torch.tanh(w2 @ h + b2[..., None])
        out: Tensor = (w3 @ h).squeeze(1) + b3
        return out


def function_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the query points and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def functions_at_zero() -> float:
    """The held-out MSE of predicting 0 everywhere (the values' mean square)."""
    return float((function_tasks().val_y ** 2).mean())


PERC_POINTS, PERC_CLASSES = 40, 5
"""The Perceiver reads 40 irregularly timed samples of a waveform and names its shape (5 classes)."""


@lru_cache(maxsize=None)
def irregular_waves(n: int = 4000, seed: int = 224, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                    noise: float = 0.15, flip: float = 0.0) -> Data:  # fmt: skip
    """Periodic waveforms of 5 shapes (sine, square, triangle, sawtooth, a narrow pulse train) of 1.5-3.5 cycles, a
    random phase, amplitude 0.7-1.3 and offset -0.3-0.3, sampled at 40 random sorted times in [0, 1] with Gaussian noise
    (std ``noise``). x: (series, 40, 2): the time and the value of each sample; y: the shape (series,). ``train_rows``:
    keep only that many training series; ``flip``: that share of the labels replaced by random ones."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.rand(total, PERC_POINTS, generator=g).sort(1).values
    cycles = 1.5 + 2 * torch.rand(total, 1, generator=g)
    u = cycles * t + torch.rand(total, 1, generator=g)
    frac = u - u.floor()
    waves = torch.stack([torch.sin(2 * math.pi * u), torch.sign(torch.sin(2 * math.pi * u)), 4 * (frac - 0.5).abs() - 1,
                         2 * frac - 1, 2 * (frac < 0.2).float() - 1], 1)  # fmt: skip
    y = torch.randint(0, PERC_CLASSES, (total,), generator=g)
    amp = 0.7 + 0.6 * torch.rand(total, 1, generator=g)
    v = amp * waves[torch.arange(total), y] + 0.6 * (torch.rand(total, 1, generator=g) - 0.5)
    v = v + noise * torch.randn(total, PERC_POINTS, generator=g)
    if flip:
        y = flip_labels(y, PERC_CLASSES, flip, g)
    x = torch.stack([t, v], -1)
    data = split(x, y, n, "classification (irregularly sampled series, 5 waveform shapes)", PERC_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, PERC_CLASSES, batch_size)
    return data


class PerceiverBlock(nn.Module):
    """Attention of ``queries`` to ``keys`` (multi-head) and a GELU feed-forward of 2 d, each residual; pre-LN (the
    queries and the keys normalised before the attention) or post-LN."""

    def __init__(self, d: int, heads: int, pre_ln: bool) -> None:
        super().__init__()
        self.pre_ln = pre_ln
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)
        self.norm_q, self.norm_kv, self.norm_ff = nn.LayerNorm(d), nn.LayerNorm(d), nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, q: Tensor, kv: Tensor) -> Tensor:
        if self.pre_ln:
            kv = self.norm_kv(kv)
            q = q + self.attn(self.norm_q(q), kv, kv, need_weights=False)[0]
            out: Tensor = q + self.ff(self.norm_ff(q))
            return out
        q = self.norm_q(q + self.attn(q, kv, kv, need_weights=False)[0])
        out = self.norm_ff(q + self.ff(q))
        return out


class Perceiver(nn.Module):
    """A Perceiver (Jaegle et al. 2021): each sample a token (its value and Fourier features of its time, sin and cos
    at 5 frequencies, projected to ``d``); ``latents`` learned latent vectors cross-attend to the tokens, then attend to
    each other (a latent self-attention block), each block with a GELU feed-forward, pre-LN (or post-LN); the latents
    averaged, a ReLU ``fc`` layer of 64 and a linear ``head`` to the 5 shapes. ``dead_bias`` < 0 starts fc's biases
    there (its units never fire, so nothing behind it learns)."""

    freqs: Tensor

    def __init__(self, d: int = 32, latents: int = 8, heads: int = 2, pre_ln: bool = True, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.register_buffer("freqs", math.pi * 2.0 ** torch.arange(5).float())
        self.embed = nn.Linear(11, d)
        self.latents = nn.Parameter(torch.randn(latents, d) * 0.2)
        self.cross = PerceiverBlock(d, heads, pre_ln)
        self.latent_block = PerceiverBlock(d, heads, pre_ln)
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, PERC_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        t, v = x[..., :1], x[..., 1:]
        angles = t * self.freqs
        tokens = self.embed(torch.cat([v, torch.sin(angles), torch.cos(angles)], -1))
        z = self.cross(self.latents.expand(len(x), -1, -1), tokens)
        z = self.latent_block(z, z)
        out: Tensor = self.head(F.relu(self.fc(self.norm(z.mean(1)))))
        return out


def waves_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


@lru_cache(maxsize=None)
def pretrained_perceiver_weights() -> dict[str, Tensor]:
    """A Perceiver trained (unrecorded) for 300 AdamW steps on series of another seed with stronger noise (std 0.3): a
    checkpoint that a fine-tune to the cleaner series starts from."""
    from harness import Setup, train

    pretraining = Setup(name="perceiver-pretraining", data=irregular_waves(seed=227, noise=0.3), model=Perceiver,
                        optimizer=torch.optim.AdamW, lr=3e-3, steps=300, seed=5, shuffle_offset=3000)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_perceiver() -> Perceiver:
    """A Perceiver with the pretrained weights (a fine-tune starts from them)."""
    model = Perceiver()
    model.load_state_dict(pretrained_perceiver_weights())
    return model


KOOP_HORIZON, KOOP_LATENT = 10, 8
"""The Koopman autoencoder encodes a pendulum's state into 8 latents and predicts 10 steps ahead linearly."""


@lru_cache(maxsize=None)
def koopman_trajectories(n: int = 3000, seed: int = 225, *, n_val: int = 600, batch_size: int = 64,
                         train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """A damped pendulum (theta'' = -sin theta - 0.1 theta'), started at theta ~U(-2.5, 2.5), theta' ~U(-1.5, 1.5),
    integrated by RK4 (dt 0.05) and sampled every 0.2 for 10 steps, each coordinate standardised by its training std.
    x and y: the trajectory (trajectories, 11, 2) (the model reads x's first state; y is what it must reproduce).
    ``train_rows``: keep only that many training trajectories; ``nan_rows``: that share of the training trajectories
    has a missing (NaN) state (a sensor dropout)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = torch.stack([5 * torch.rand(total, generator=g) - 2.5, 3 * torch.rand(total, generator=g) - 1.5], 1)

    def f(s: Tensor) -> Tensor:
        return torch.stack([s[:, 1], -torch.sin(s[:, 0]) - 0.1 * s[:, 1]], 1)

    states = [s]
    for _ in range(KOOP_HORIZON):
        for _ in range(4):
            k1 = f(s)
            k2 = f(s + 0.025 * k1)
            k3 = f(s + 0.025 * k2)
            k4 = f(s + 0.05 * k3)
            s = s + 0.05 / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        states.append(s)
    traj = torch.stack(states, 1)
    traj = traj / traj[:n].reshape(-1, 2).std(0)
    y = traj.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        y[bad, KOOP_HORIZON // 2, 1] = float("nan")
    data = split(traj, y, n, "dynamics regression (a Koopman autoencoder of a pendulum)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class KoopmanAE(nn.Module):
    """A Koopman autoencoder (Lusch et al. 2018): an encoder MLP 2-64-64-8 (tanh) of the first state, a linear map
    ``K`` (8 x 8, from the identity plus N(0, 0.01)) applied 0-10 times, a decoder (a ReLU ``dec`` layer of 64, a
    linear ``head`` to the state) of each latent: the predicted trajectory (batch, 11, 2). ``dead_bias`` < 0 starts the
    decoder's ReLU biases there (its units never fire, so nothing behind it learns); ``gain`` scales the head at
    init."""

    def __init__(self, latent: int = KOOP_LATENT, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(2, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, latent))
        self.K = nn.Linear(latent, latent, bias=False)
        with torch.no_grad():
            self.K.weight.copy_(torch.eye(latent) + 0.01 * torch.randn(latent, latent))
        self.dec = nn.Linear(latent, 64)
        if dead_bias:
            with torch.no_grad():
                self.dec.bias.fill_(dead_bias)
        self.head = nn.Linear(64, 2)

    def forward(self, x: Tensor) -> Tensor:
        z = self.enc(x[:, 0])
        zs = [z]
        for _ in range(x.shape[1] - 1):
            z = self.K(z)
            zs.append(z)
        out: Tensor = self.head(F.relu(self.dec(torch.stack(zs, 1))))
        return out


def koopman_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the states, the steps and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")
