"""The twenty-third fresh half (fresh23, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``arcface`` an embedding MLP trained with ArcFace's additive angular margin softmax (s = 30, m = 0.3) over
20 synthetic identities, cross-entropy of the margin logits (far above ln 20 at init);
``lista`` LISTA (5 unrolled ISTA layers with a shared W and S and learned thresholds) recovering sparse
codes from noisy measurements y = D x + noise, MSE;
``tpp`` an intensity-free neural temporal point process (a GRU over the log intervals to a mixture of 3
log-normals) of a regime-switching renewal process, NLL per event (below 0 when trained);
``gumbel`` a categorical VAE (straight-through Gumbel-softmax latents, the temperature annealed) of 8x8
binary bar images, negative ELBO.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


ARC_DIM, ARC_IDS, ARC_EMB = 32, 20, 64
ARC_SCALE, ARC_MARGIN = 30.0, 0.3
"""ArcFace embeds 32-d samples of 20 synthetic identities in 64 dimensions; its logits are 30 x cos(angle), the true
identity's 30 x cos(angle + 0.3)."""


@lru_cache(maxsize=None)
def arc_identities(n: int = 3000, seed: int = 305, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
                   flip: float = 0.0, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Samples of 20 synthetic identities: an identity's centre (32 numbers of std 1), a per-sample nuisance of std 0.6
    along 6 directions shared by every identity (pose, light) and Gaussian noise of std 1.2. x: (samples, 32); y: the
    identity. ``train_rows``: keep only that many training samples; ``flip``: that share of the training labels replaced
    by a random identity; ``nan_rows``: that share of the training samples has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    centres = torch.randn(ARC_IDS, ARC_DIM, generator=g)
    nuisance = torch.randn(6, ARC_DIM, generator=g) / math.sqrt(ARC_DIM) * 3
    y = torch.randint(0, ARC_IDS, (total,), generator=g)
    x = centres[y] + 0.6 * torch.randn(total, 6, generator=g) @ nuisance + 1.2 * torch.randn(total, ARC_DIM, generator=g)
    if flip:
        y = torch.cat([flip_labels(y[:n], ARC_IDS, flip, g), y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 11] = float("nan")
    data = split(x, y, n, "metric learning (ArcFace embeddings of 20 identities)", ARC_IDS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, ARC_IDS, batch_size)
    return data


class ArcFaceNet(nn.Module):
    """An embedding MLP (32-128, ReLU; the ReLU layer ``fc`` 128-128; a bias-free linear ``embed`` to 64, L2-normalised)
    and ArcFace's class centres (20 x 64, L2-normalised): the output is the cosine of each sample's embedding with each
    centre (samples, 20). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, hidden: int = 128, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(ARC_DIM, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.embed = nn.Linear(hidden, ARC_EMB, bias=False)
        self.centres = nn.Parameter(torch.randn(ARC_IDS, ARC_EMB) / math.sqrt(ARC_EMB))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e = self.embed(F.relu(self.fc(F.relu(self.inp(x)))))
        return F.normalize(e, dim=1) @ F.normalize(self.centres, dim=1).T


def arcface_loss(out: Tensor, y: Tensor) -> Tensor:
    """ArcFace (Deng et al. 2019), the additive angular margin: the true identity's logit s cos(theta + m), the others'
    s cos(theta), s = 30, m = 0.3, cross-entropy, mean over the batch (at init, cos ~ 0: ~ln 19 + 30 sin 0.3 = 11.8)."""
    cos = out.clamp(-1 + 1e-6, 1 - 1e-6)
    sin = (1 - cos**2).sqrt()
    target = cos * math.cos(ARC_MARGIN) - sin * math.sin(ARC_MARGIN)
    onehot = F.one_hot(y, ARC_IDS).bool()
    return F.cross_entropy(ARC_SCALE * torch.where(onehot, target, cos), y)


def arcface_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The ArcFace loss summed over the batch (reduction='sum')."""
    return arcface_loss(out, y) * len(y)


def arcface_at_init() -> float:
    """The ArcFace loss of cosines of 0 (an untrained embedding): ln(19 + e^(-30 sin 0.3)) + 30 sin 0.3."""
    m = ARC_SCALE * math.sin(ARC_MARGIN)
    return math.log(ARC_IDS - 1 + math.exp(-m)) + m


LISTA_OBS, LISTA_ATOMS, LISTA_K, LISTA_LAYERS = 32, 64, 4, 5
"""LISTA recovers 64-atom codes with 4 nonzeros from 32 noisy measurements through 5 unrolled layers."""


@lru_cache(maxsize=None)
def lista_codes(n: int = 3000, seed: int = 306, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Sparse coding: a dictionary D of 64 unit-norm random atoms in 32 dimensions; each code x has 4 nonzeros at random
    atoms of size 0.5-1.5 and a random sign; the measurement y = D x + Gaussian noise of std 0.05. The network's input
    is y (samples, 32), its target x (samples, 64). ``train_rows``: keep only that many training samples; ``nan_rows``:
    that share of the training measurements has a missing (NaN) reading."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    dic = torch.randn(LISTA_OBS, LISTA_ATOMS, generator=g)
    dic = dic / dic.norm(dim=0, keepdim=True)
    idx = torch.rand(total, LISTA_ATOMS, generator=g).argsort(1)[:, :LISTA_K]
    amp = (0.5 + torch.rand(total, LISTA_K, generator=g)) * torch.where(torch.rand(total, LISTA_K, generator=g) < 0.5, -1.0, 1.0)
    code = torch.zeros(total, LISTA_ATOMS).scatter(1, idx, amp)
    y = code @ dic.T + 0.05 * torch.randn(total, LISTA_OBS, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        y[bad, 7] = float("nan")
    data = split(y, code, n, "sparse coding (LISTA: sparse codes from noisy measurements)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LISTA(nn.Module):
    """Learned ISTA (Gregor & LeCun 2010): z_1 = soft(W y, theta_1), z_t+1 = soft(W y + S z_t, theta_t+1) for 5 layers,
    W (``encode``, 32 -> 64) and S (``mutual``, 64 -> 64) shared by the layers, a learned threshold per layer and atom
    (from 0.1), soft(u, theta) = sign(u) max(|u| - theta, 0); the output is the last code (samples, 64), in a linear
    ``head`` (64 -> 64, from the identity) that rescales it."""

    def __init__(self, layers: int = LISTA_LAYERS) -> None:
        super().__init__()
        self.encode = nn.Linear(LISTA_OBS, LISTA_ATOMS, bias=False)
        self.mutual = nn.Linear(LISTA_ATOMS, LISTA_ATOMS, bias=False)
        self.theta = nn.Parameter(torch.full((layers, LISTA_ATOMS), 0.1))
        self.head = nn.Linear(LISTA_ATOMS, LISTA_ATOMS)
        with torch.no_grad():
            self.head.weight.copy_(torch.eye(LISTA_ATOMS))
            self.head.bias.zero_()

    def forward(self, y: Tensor) -> Tensor:
        b = self.encode(y)
        z = torch.zeros_like(b)
        for t in range(len(self.theta)):
            u = b + self.mutual(z)
            z = torch.sign(u) * F.relu(u.abs() - self.theta[t])
        out: Tensor = self.head(z)
        return out


def lista_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the atoms and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def lista_at_zero() -> float:
    """The held-out MSE of the all-zero code."""
    return float((lista_codes().val_y ** 2).mean())


TPP_EVENTS, TPP_MIX = 32, 3
"""The point process model reads sequences of 32 events and gives each next inter-event time a mixture of 3 log-normals."""


@lru_cache(maxsize=None)
def tpp_sequences(n: int = 2000, seed: int = 307, *, n_val: int = 400, batch_size: int = 32, train_rows: int | None = None,
                  dup_rows: float = 0.0, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Event sequences of a regime-switching renewal process: a hidden regime (bursty or calm, switching with probability
    0.1 after each event) sets the log of the next inter-event time (normal of mean -2.5 or -0.5, std 0.4), and each
    interval also leans on the previous one (0.3 of its log's deviation). x: (sequences, 32, 1) the log of the previous
    interval; y: (sequences, 32) the intervals to predict. ``train_rows``: keep only that many training sequences;
    ``dup_rows``: that share of the training sequences has two events at the same time stamp (an interval of exactly 0,
    the log of it -inf in the input); ``nan_rows``: that share has a missing (NaN) time stamp."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    regime = torch.zeros(total, dtype=torch.long)
    regime[torch.rand(total, generator=g) < 0.5] = 1
    means = torch.tensor([-2.5, -0.5])
    logs = torch.zeros(total, TPP_EVENTS + 1)
    prev = torch.zeros(total)
    for t in range(TPP_EVENTS + 1):
        switch = torch.rand(total, generator=g) < 0.1
        regime = torch.where(switch, 1 - regime, regime)
        mu = means[regime]
        cur = mu + 0.3 * (prev - mu) + 0.4 * torch.randn(total, generator=g)
        logs[:, t] = cur
        prev = cur
    tau = logs.exp()
    if dup_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < dup_rows).flatten()
        tau[bad, 17] = 0.0
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        tau[bad, 11] = float("nan")
    x = torch.log(tau[:, :-1])[:, :, None]
    y = tau[:, 1:]
    data = split(x, y, n, "temporal point process (the next inter-event time of event sequences)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NeuralTPP(nn.Module):
    """An intensity-free neural temporal point process (Shchur et al. 2020): a GRU of ``hidden`` reads the log of each
    previous interval, a ReLU layer ``fc`` and a linear ``head`` give the next interval a mixture of 3 log-normals (the
    weights' logits, the means and the log-scales of its log): (sequences, 32, 9). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, hidden: int = 32, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.gru = nn.GRU(1, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, 3 * TPP_MIX)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.gru(x)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def tpp_nll(out: Tensor, y: Tensor) -> Tensor:
    """The negative log-likelihood of each interval under its log-normal mixture, -log p(tau) = -log sum_k w_k
    N(log tau; mu_k, sigma_k) + log tau, mean over the events (below 0 once the density of the short intervals is
    above 1)."""
    logit, mu, log_sigma = out.split(TPP_MIX, -1)
    log_sigma = log_sigma.clamp(-5, 3)
    lt = torch.log(y)[..., None]
    comp = -0.5 * ((lt - mu) / log_sigma.exp()) ** 2 - log_sigma - 0.5 * math.log(2 * math.pi)
    return -(torch.logsumexp(F.log_softmax(logit, -1) + comp, -1) - lt[..., 0]).mean()


def tpp_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same negative log-likelihood summed over the events and the sequences (reduction='sum')."""
    return tpp_nll(out, y) * y.numel()


def tpp_at_init() -> float:
    """The held-out NLL under one standard log-normal (an untrained head: weights, means and log-scales near 0)."""
    lt = torch.log(tpp_sequences().val_y)
    return float((0.5 * lt**2 + 0.5 * math.log(2 * math.pi) + lt).mean())


GUMBEL_SIZE, GUMBEL_LATENTS, GUMBEL_CATS = 8, 8, 8
"""The categorical VAE encodes 8x8 binary images into 8 categorical latents of 8 categories each."""


@lru_cache(maxsize=None)
def gumbel_bars(n: int = 3000, seed: int = 308, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """A bars problem: 8x8 binary images of one random row bar and one random column bar, each other row drawn as a bar
    too with probability 1/16, and 3% of the pixels flipped. x = y: (images, 64) of 0/1. ``train_rows``: keep only that
    many training images; ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    rows = F.one_hot(torch.randint(0, GUMBEL_SIZE, (total,), generator=g), GUMBEL_SIZE).bool()
    cols = F.one_hot(torch.randint(0, GUMBEL_SIZE, (total,), generator=g), GUMBEL_SIZE).bool()
    rows |= torch.rand(total, GUMBEL_SIZE, generator=g) < 1 / 16
    img = (rows[:, :, None] | cols[:, None, :]).float()
    flip = (torch.rand(total, GUMBEL_SIZE, GUMBEL_SIZE, generator=g) < 0.03).float()
    x = (img - flip).abs().reshape(total, -1)
    y = x.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 27] = float("nan")
        y[bad, 27] = float("nan")
    data = split(x, y, n, "generative modelling (a categorical VAE with Gumbel-softmax latents of binary images)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GumbelVAE(nn.Module):
    """A categorical VAE (Jang et al. 2017): an encoder MLP 64-128 (ReLU; the ReLU layer ``fc`` 128-128) to the logits of
    8 categorical latents of 8 categories, a Gumbel-softmax sample of them at a temperature annealed from 1 by x exp(-3e-3)
    each training step to 0.5 (in evaluation: the most likely category, one-hot), and a decoder MLP 64-128 (ReLU) with a
    linear ``head`` to the 64 pixel logits. Output (images, 128): the pixel logits, then the latents' logits."""

    def __init__(self, hidden: int = 128, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(GUMBEL_SIZE**2, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.logits = nn.Linear(hidden, GUMBEL_LATENTS * GUMBEL_CATS)
        self.dec = nn.Linear(GUMBEL_LATENTS * GUMBEL_CATS, hidden)
        self.head = nn.Linear(hidden, GUMBEL_SIZE**2)
        self.register_buffer("updates", torch.zeros(()))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        q = self.logits(F.relu(self.fc(F.relu(self.inp(x))))).reshape(len(x), GUMBEL_LATENTS, GUMBEL_CATS)
        if self.training:
            tau = max(0.5, math.exp(-3e-3 * float(self.updates)))
            self.updates += 1
            z = F.gumbel_softmax(q, tau=tau, hard=True, dim=-1)
        else:
            z = F.one_hot(q.argmax(-1), GUMBEL_CATS).float()
        recon: Tensor = self.head(F.relu(self.dec(z.reshape(len(x), -1))))
        return torch.cat([recon, q.reshape(len(x), -1)], 1)


def gumbel_elbo(out: Tensor, y: Tensor) -> Tensor:
    """The negative ELBO: the pixels' binary cross-entropy with logits summed over the image plus KL(q || uniform) summed
    over the latents, mean over the batch (64 ln 2 = 44.4 at init)."""
    n = GUMBEL_SIZE**2
    recon, q = out[:, :n], out[:, n:].reshape(len(out), GUMBEL_LATENTS, GUMBEL_CATS)
    logq = F.log_softmax(q, -1)
    kl = (logq.exp() * (logq + math.log(GUMBEL_CATS))).sum((1, 2))
    return (F.binary_cross_entropy_with_logits(recon, y, reduction="none").sum(1) + kl).mean()
