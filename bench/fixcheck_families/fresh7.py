"""The seventh fresh half (fresh7, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``pinn`` a physics-informed tanh MLP u(x) solving u'' = f on [0, 1], u(0) = u(1) = 0 (the solution
sin(pi x) + 0.3 sin(3 pi x)): the forward differentiates u twice with autograd at the collocation points;
the loss is the mean squared residual (u'' - f) / pi^2 plus the squared boundary values, the held-out
loss the same at 512 other points (it ends near 1e-4);
``survival`` a DeepSurv-like ReLU MLP scoring the log-risk of censored patients (a nonlinear hazard,
exponential event and censoring times), the Cox negative log partial likelihood per event over risk sets
of 64 patients (a batch; the held-out set in blocks of 64), logcumsumexp;
``moe`` a mixture of 6 ReLU MLP experts behind a shared ReLU stem with a softmax (or top-2) gate,
classifying 10 classes of 4 interleaved Gaussian clusters each: cross-entropy plus 0.01 x the Switch
load-balancing loss (carried in an extra output column);
``sae`` a sparse autoencoder (96 ReLU latents) of 24-D rows made of ~2.6 of 64 superposed sparse feature
directions: the squared reconstruction error plus 0.03 x the latents' L1 norm.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, mlp, split


PINN_SCALE = math.pi**2
"""The residual u'' - f is divided by pi^2 so that an untrained network's loss is a few units."""


def pinn_solution(x: Tensor) -> Tensor:
    """The boundary value problem's analytic solution: u(x) = sin(pi x) + 0.3 sin(3 pi x), zero at 0 and 1."""
    return torch.sin(math.pi * x) + 0.3 * torch.sin(3 * math.pi * x)


def pinn_source(x: Tensor) -> Tensor:
    """Its right-hand side f = u'' = -pi^2 sin(pi x) - 2.7 pi^2 sin(3 pi x)."""
    return -PINN_SCALE * (torch.sin(math.pi * x) + 2.7 * torch.sin(3 * math.pi * x))


@lru_cache(maxsize=None)
def collocation(n: int = 2048, seed: int = 151, *, n_val: int = 512, batch_size: int = 64,
                train_rows: int | None = None, endpoints: bool = False) -> Data:  # fmt: skip
    """A physics-informed problem u'' = f on [0, 1], u(0) = u(1) = 0: ``n`` training collocation points drawn
    uniformly (with ``endpoints``: two of them exactly 0 and 1, where f is 0), ``n_val`` held-out points on a
    shifted even grid. x: the point (batch, 1); y: f and the analytic u at the point (batch, 2). ``train_rows``:
    keep only that many training points."""
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, generator=g)
    if endpoints:
        x[:2] = torch.tensor([0.0, 1.0])
        x = x[torch.randperm(n, generator=g)]
    vx = (torch.arange(n_val) + 0.5) / n_val
    xs = torch.cat([x, vx])[:, None]
    y = torch.cat([pinn_source(xs), pinn_solution(xs)], 1)
    data = split(xs, y, n, "physics_informed_regression (PDE residual)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class PINN(nn.Module):
    """A physics-informed MLP u(x) (``hidden`` units, ``layers`` layers of ``act``, the input mapped to [-1, 1]):
    its forward differentiates u twice with autograd at the points (also under ``torch.no_grad``, for the
    evaluation) and evaluates u at the boundary points 0 and 1: (batch, 4) = u, u'', u(0), u(1)."""

    def __init__(self, hidden: int = 32, layers: int = 3, act: type[nn.Module] = nn.Tanh) -> None:
        super().__init__()
        self.net = mlp([1] + [hidden] * layers + [1], act)
        self.head = self.net[-1]

    def forward(self, x: Tensor) -> Tensor:
        with torch.enable_grad():
            x = x.detach().requires_grad_(True)
            u = self.net(2 * x - 1)
            (du,) = torch.autograd.grad(u.sum(), x, create_graph=True)
            (d2u,) = torch.autograd.grad(du.sum(), x, create_graph=torch.is_grad_enabled() and self.training)
        ub = self.net(torch.tensor([[-1.0], [1.0]]))
        if not self.training:
            u, d2u = u.detach(), d2u.detach()
        return torch.cat([u, d2u, ub[0].expand_as(u), ub[1].expand_as(u)], 1)


def pinn_loss(out: Tensor, y: Tensor) -> Tensor:
    """The physics-informed loss: the mean squared residual (u'' - f) / pi^2 at the points plus the squared
    boundary values u(0)^2 + u(1)^2."""
    r = (out[:, 1] - y[:, 0]) / PINN_SCALE
    return (r * r).mean() + out[0, 2] ** 2 + out[0, 3] ** 2


def pinn_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The residual's squares summed over the batch (reduction='sum'), plus the boundary terms."""
    r = (out[:, 1] - y[:, 0]) / PINN_SCALE
    return (r * r).sum() + out[0, 2] ** 2 + out[0, 3] ** 2


def pinn_loss_relative(out: Tensor, y: Tensor) -> Tensor:
    """A "relative" residual written by hand, (u'' - f) / f: where f is exactly 0 (the boundary points) it is
    a division by zero (inf, NaN)."""
    r = (out[:, 1] - y[:, 0]) / y[:, 0]
    return (r * r).mean() + out[0, 2] ** 2 + out[0, 3] ** 2


def pinn_error(out: Tensor, y: Tensor) -> Tensor:
    """The mean squared error of u against the analytic solution (not a training loss)."""
    return ((out[:, 0] - y[:, 1]) ** 2).mean()


SURV_FEATURES, SURV_GROUP = 12, 64
"""Survival data: 12 covariates; the Cox loss is taken over risk sets of 64 patients (a batch, and the held-out
set in blocks of 64)."""


@lru_cache(maxsize=None)
def survival_cohort(n: int = 4096, seed: int = 152, *, n_val: int = 1024, spread: float = 2.5,
                    train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Synthetic censored survival data: 12 Gaussian covariates, a log-hazard given by a fixed random tanh network
    of them (standard deviation 3), event times exponential at that hazard, independent exponential censoring
    times of mean ``spread`` x the median event time (about 46% of the patients censored). y: (time, event) per
    patient. ``train_rows``: keep only that many training patients; ``nan_rows``: that share of the training
    patients has a missing (NaN) covariate."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, SURV_FEATURES, generator=g)
    a = torch.randn(SURV_FEATURES, 32, generator=g) / math.sqrt(SURV_FEATURES) * 1.5
    b = torch.randn(32, generator=g)
    risk = torch.tanh(x @ a) @ b
    risk = 3.0 * (risk - risk.mean()) / risk.std()
    t_event = -torch.log(torch.rand(total, generator=g)) / torch.exp(risk)
    t_cens = -torch.log(torch.rand(total, generator=g)) * float(t_event.median()) * spread
    y = torch.stack([torch.minimum(t_event, t_cens), (t_event <= t_cens).float()], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "survival_analysis (Cox proportional hazards)", None, SURV_GROUP)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, SURV_GROUP)
    return data


class CoxMLP(nn.Module):
    """A DeepSurv-like risk model: an MLP (``hidden`` units, ``layers`` ReLU layers, optional dropout) and a linear
    head giving one log-risk score per patient: (batch,). ``dead_bias`` < 0 starts the last hidden layer's biases
    there (its units never fire)."""

    def __init__(self, hidden: int = 64, layers: int = 2, dropout: float = 0.0, dead_bias: float = 0.0) -> None:
        super().__init__()
        sizes = [SURV_FEATURES] + [hidden] * layers
        blocks: list[nn.Module] = []
        for a, b in zip(sizes, sizes[1:]):
            blocks += [nn.Linear(a, b), nn.ReLU()] + ([nn.Dropout(dropout)] if dropout else [])
        self.body = nn.Sequential(*blocks)
        if dead_bias:
            with torch.no_grad():
                last = [m for m in self.body if isinstance(m, nn.Linear)][-1]
                last.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.body(x)).squeeze(-1)


def _cox_terms(out: Tensor, y: Tensor, by_hand: bool = False) -> tuple[Tensor, Tensor]:
    """Per risk-set block of 64: the summed negative log partial likelihood of the events, and the event count."""
    risk, time, event = out.reshape(-1, SURV_GROUP), y[:, 0].reshape(-1, SURV_GROUP), y[:, 1].reshape(-1, SURV_GROUP)
    order = torch.argsort(time, -1, descending=True)
    r, e = risk.gather(1, order), event.gather(1, order)
    at_risk = torch.log(torch.cumsum(torch.exp(r), -1)) if by_hand else torch.logcumsumexp(r, -1)
    return -((r - at_risk) * e).sum(-1), e.sum(-1)


def cox_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Cox negative log partial likelihood per event (Breslow, no ties), over risk sets of 64 patients: the
    mean over the blocks of each block's sum over its events divided by its event count."""
    nll, events = _cox_terms(out, y)
    return (nll / events.clamp_min(1.0)).mean()


def cox_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Cox negative log partial likelihood summed over the events (not divided by their count)."""
    return _cox_terms(out, y)[0].sum()


def cox_at_zero() -> float:
    """The held-out Cox loss of a model that scores every patient the same (~3.6): where an untrained one starts."""
    d = survival_cohort()
    return float(cox_nll(torch.zeros(len(d.val_x)), d.val_y))


MOE_CLASSES, MOE_FEATURES, MOE_EXPERTS = 10, 16, 6
AUX_OFFSET = 1000.0
"""The mixture-of-experts output carries its load-balancing loss in an extra last column, stored as
-(AUX_OFFSET + aux) so that it never wins an argmax over the class logits (accuracy stays right)."""


@lru_cache(maxsize=None)
def cluster_classes(n: int = 6000, seed: int = 153, *, n_val: int = 1000, batch_size: int = 64, flip: float = 0.05,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """A multi-cluster classification task for a mixture of experts: 10 classes, each the union of 4 Gaussian
    clusters in 16 dimensions (40 centres scattered at random, so classes interleave), cluster noise 1.0, then a
    fixed random rotation and a mild tanh warp; ``flip`` of the training labels random. ``train_rows``: keep only
    that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    centres = torch.randn(MOE_CLASSES * 4, MOE_FEATURES, generator=g) * 1.3
    which = torch.randint(0, MOE_CLASSES * 4, (total,), generator=g)
    x = centres[which] + 1.0 * torch.randn(total, MOE_FEATURES, generator=g)
    q, _ = torch.linalg.qr(torch.randn(MOE_FEATURES, MOE_FEATURES, generator=g))
    x = x @ q
    x = x + 0.5 * torch.tanh(x.roll(1, -1))
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    y = which % MOE_CLASSES
    y = torch.cat([flip_labels(y[:n], MOE_CLASSES, flip, g), y[n:]])
    data = split(x, y, n, "classification", MOE_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MOE_CLASSES,
                    batch_size)  # fmt: skip
    return data


class MixtureOfExperts(nn.Module):
    """A mixture-of-experts classifier: a shared ReLU stem (16 -> ``stem``), a linear gate over ``experts`` experts
    (a softmax over all of them, or with ``top_k`` only the k largest renormalised), each expert a ReLU MLP
    (stem -> ``hidden`` -> 10 logits); the gated sum of the experts' logits, and the Switch-style load-balancing
    loss E sum_e f_e P_e (f_e: the share of the batch whose top gate is e, P_e: e's mean gate probability; 1 when
    balanced) in the last column as -(AUX_OFFSET + aux): (batch, 11). ``dead_bias`` < 0 starts the stem's biases
    there (its units never fire, so nothing behind it learns)."""

    def __init__(self, experts: int = MOE_EXPERTS, top_k: int = 0, stem: int = 64, hidden: int = 32,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.stem = nn.Linear(MOE_FEATURES, stem)
        if dead_bias:
            with torch.no_grad():
                self.stem.bias.fill_(dead_bias)
        self.gate = nn.Linear(stem, experts)
        self.experts = nn.ModuleList(mlp([stem, hidden, MOE_CLASSES]) for _ in range(experts))
        self.top_k = top_k

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.stem(x))
        probs = self.gate(h).softmax(-1)
        weights = probs
        if self.top_k:
            top = probs.topk(self.top_k, -1)
            weights = torch.zeros_like(probs).scatter(-1, top.indices, top.values)
            weights = weights / weights.sum(-1, keepdim=True)
        logits = torch.einsum("be,bec->bc", weights, torch.stack([e(h) for e in self.experts], 1))
        share = F.one_hot(probs.argmax(-1), probs.shape[-1]).float().mean(0)
        aux = probs.shape[-1] * (share * probs.mean(0)).sum()
        return torch.cat([logits, (-(AUX_OFFSET + aux)).expand(len(x), 1)], 1)


def scaled_experts(model: MixtureOfExperts, factor: float) -> MixtureOfExperts:
    """``model`` with each expert's output layer initialised ``factor`` times larger (bias too): confident random
    logits at step 1."""
    with torch.no_grad():
        for expert in model.experts:
            expert[-1].weight.mul_(factor)
            expert[-1].bias.mul_(factor)
    return model


MOE_AUX_WEIGHT = 0.01


def moe_loss(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy of the gated logits plus 0.01 x the load-balancing loss (batch mean)."""
    aux = -out[0, -1] - AUX_OFFSET
    return F.cross_entropy(out[:, :-1], y) + MOE_AUX_WEIGHT * aux


def moe_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch (reduction='sum'), plus the load-balancing term."""
    aux = -out[0, -1] - AUX_OFFSET
    return F.cross_entropy(out[:, :-1], y, reduction="sum") + MOE_AUX_WEIGHT * aux


def moe_loss_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy written by hand from the softmax, -log(softmax[y]): once a wrong logit leads by ~104 the
    probability underflows to exactly 0.0 in float32 and its log is -inf."""
    aux = -out[0, -1] - AUX_OFFSET
    p = out[:, :-1].softmax(-1).gather(1, y[:, None]).squeeze(1)
    return -torch.log(p).mean() + MOE_AUX_WEIGHT * aux


SAE_DIM, SAE_FEATURES, SAE_LATENTS = 24, 64, 96
"""Sparse superposition: 64 ground-truth feature directions in 24 dimensions, a dictionary of 96 latents."""


@lru_cache(maxsize=None)
def sparse_features(n: int = 6000, seed: int = 154, *, n_val: int = 1000, batch_size: int = 64, rate: float = 0.04,
                    noise: float = 0.03, train_rows: int | None = None) -> Data:  # fmt: skip
    """Data made of sparse superposed features (a sparse autoencoder's toy model): 64 fixed random unit directions
    in 24 dimensions (the same for every ``seed``, which draws the rows), each active in a row with probability
    ``rate`` (about 2.6 a row) at a magnitude uniform in [0.5, 1.5], plus Gaussian noise ``noise``. x = y = the row
    (the target is the input). ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    d = F.normalize(torch.randn(SAE_FEATURES, SAE_DIM, generator=torch.Generator().manual_seed(154)), dim=1)
    active = (torch.rand(total, SAE_FEATURES, generator=g) < rate).float()
    mags = 0.5 + torch.rand(total, SAE_FEATURES, generator=g)
    x = (active * mags) @ d + noise * torch.randn(total, SAE_DIM, generator=g)
    data = split(x, x.clone(), n, "sparse_autoencoder (reconstruction)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SparseAutoencoder(nn.Module):
    """A sparse autoencoder: a linear encoder with ReLU latents (``latents``, ``pre_bias``: the decoder's bias
    subtracted first, as in Anthropic's recipe), a linear decoder; output (batch, 24 + latents): the
    reconstruction and the latent activations. ``dead_bias`` < 0 starts the encoder's biases there (no latent
    fires)."""

    def __init__(self, latents: int = SAE_LATENTS, dead_bias: float = 0.0, pre_bias: bool = True) -> None:
        super().__init__()
        self.encoder = nn.Linear(SAE_DIM, latents)
        self.decoder = nn.Linear(latents, SAE_DIM)
        self.head = self.decoder
        self.pre_bias = pre_bias
        if dead_bias:
            with torch.no_grad():
                self.encoder.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        acts = F.relu(self.encoder(x - self.decoder.bias if self.pre_bias else x))
        return torch.cat([self.decoder(acts), acts], 1)


SAE_L1 = 0.03


def sae_loss(out: Tensor, y: Tensor) -> Tensor:
    """The reconstruction's squared error summed over the 24 dimensions plus 0.03 x the latents' L1 norm, both a
    batch mean."""
    recon, acts = out[:, :SAE_DIM], out[:, SAE_DIM:]
    return ((recon - y) ** 2).sum(-1).mean() + SAE_L1 * acts.abs().sum(-1).mean()


def sae_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same loss summed over the batch (reduction='sum')."""
    recon, acts = out[:, :SAE_DIM], out[:, SAE_DIM:]
    return ((recon - y) ** 2).sum() + SAE_L1 * acts.abs().sum()


def sae_zero_loss() -> float:
    """The held-out loss of a reconstruction of zeros with no active latent: the rows' mean squared norm."""
    d = sparse_features()
    return float((d.val_y**2).sum(-1).mean())
