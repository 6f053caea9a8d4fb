"""The seventeenth fresh half (fresh17, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``cnp`` a conditional neural process (an encoder MLP of 10 context (x, y) pairs, their mean, a decoder MLP
giving a mean and a scale at 20 target x) of 1-D functions (a sinusoid plus Gaussian bumps), Gaussian
negative log-likelihood;
``deq`` a deep equilibrium model (the fixed point of z = tanh(W z + U x + b) by forward iterations, the
gradient through the last few) naming the spiral sector (5) of tabular rows, cross-entropy;
``bnn`` a Bayes-by-backprop MLP (mean-field Gaussian weights, the reparameterisation trick) regressing a
smooth function of 4 features, the negative ELBO (mse + KL / N; held out: the mse of the weights' means);
``slots`` a slot-attention autoencoder (3 slots, 3 iterations with a GRU update, a spatial-broadcast
decoder with masks over the slots) of 10x10 scenes of 2 coloured blobs, MSE.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


CNP_CONTEXT, CNP_TARGETS = 10, 20
"""A conditional neural process sees 10 (x, y) context points of a function and predicts it at 20 target x."""


@lru_cache(maxsize=None)
def cnp_functions(n: int = 4000, seed: int = 251, *, n_val: int = 500, batch_size: int = 32, train_rows: int | None = None,
                   nan_rows: float = 0.0) -> Data:  # fmt: skip
    """1-D regression tasks for a neural process: each a function on [-2, 2], a sinusoid (amplitude 0.4-1, frequency 1-3,
    a random phase) plus 0-2 Gaussian bumps (heights N(0, 0.6), widths 0.2-0.6), observed with noise
    (std 0.05) at 10 context and 20 target points drawn uniformly. x: (tasks, 30, 2), the context's (x, y) pairs then
    the targets' (x, 0); y: (tasks, 20) the targets' values. ``train_rows``: keep only that many training tasks;
    ``nan_rows``: that share of the training tasks has a missing (NaN) context value."""
    g = torch.Generator().manual_seed(seed)
    total, points = n + n_val, CNP_CONTEXT + CNP_TARGETS
    t = 4 * torch.rand(total, points, generator=g) - 2
    amp = 0.4 + 0.6 * torch.rand(total, 1, generator=g)
    freq = 1 + 2 * torch.rand(total, 1, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, generator=g)
    f = amp * torch.sin(freq * t + phase)
    bumps = torch.randint(0, 3, (total, 1), generator=g)
    for k in range(2):
        centre = 4 * torch.rand(total, 1, generator=g) - 2
        width = 0.2 + 0.4 * torch.rand(total, 1, generator=g)
        height = 0.6 * torch.randn(total, 1, generator=g)
        f = f + (k < bumps).float() * height * torch.exp(-0.5 * ((t - centre) / width) ** 2)
    y = f + 0.05 * torch.randn(total, points, generator=g)
    x = torch.stack([t, y], -1)
    x[:, CNP_CONTEXT:, 1] = 0.0
    target = y[:, CNP_CONTEXT:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 1] = float("nan")
    data = split(x, target, n, "meta-regression (a conditional neural process of 1-D functions)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class CNP(nn.Module):
    """A conditional neural process (Garnelo et al. 2018): an encoder MLP 2-64-64-64 (ReLU) of each context (x, y) pair,
    the mean of the codes, a decoder of the code and a target x (a ReLU layer of 64, a ReLU ``fc`` layer of 64 and a
    linear ``head``) giving the mean and a raw scale at each target: (tasks, 20, 2). ``dead_bias`` < 0 starts fc's
    biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, d: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(2, d), nn.ReLU(), nn.Linear(d, d), nn.ReLU(), nn.Linear(d, d))
        self.decoder = nn.Linear(d + 1, d)
        self.fc = nn.Linear(d, d)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(d, 2)

    def forward(self, x: Tensor) -> Tensor:
        context, target_x = x[:, :CNP_CONTEXT], x[:, CNP_CONTEXT:, :1]
        r = self.encoder(context).mean(1, keepdim=True).expand(-1, target_x.shape[1], -1)
        h = F.relu(self.decoder(torch.cat([r, target_x], -1)))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def cnp_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Gaussian negative log-likelihood of the targets, the std 0.05 + 0.95 softplus(raw) (mean over the targets)."""
    std = 0.05 + 0.95 * F.softplus(out[..., 1])
    return (torch.log(std) + 0.5 * ((y - out[..., 0]) / std) ** 2 + 0.5 * math.log(2 * math.pi)).mean()


def cnp_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same negative log-likelihood summed over the targets and the batch (reduction='sum')."""
    std = 0.05 + 0.95 * F.softplus(out[..., 1])
    return (torch.log(std) + 0.5 * ((y - out[..., 0]) / std) ** 2 + 0.5 * math.log(2 * math.pi)).sum()


def cnp_nll_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The Gaussian negative log-likelihood written by hand with a ReLU variance: where the raw output is at or below 0
    the variance is exactly 0, its log -inf and the squared error over it inf (the loss NaN)."""
    var = F.relu(out[..., 1])
    return (0.5 * torch.log(var) + 0.5 * (y - out[..., 0]) ** 2 / var + 0.5 * math.log(2 * math.pi)).mean()


DEQ_FEATURES, DEQ_CLASSES = 8, 5
"""The deep equilibrium classifier reads 8 features and names one of 5 classes."""


@lru_cache(maxsize=None)
def twisted_sectors(n: int = 5000, seed: int = 252, *, n_val: int = 1500, batch_size: int = 128, train_rows: int | None = None,
                    label_noise: float = 0.03, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Rows of 8 features: a latent 2-D Gaussian point, its class the angular sector (of 5) of its angle twisted by 0.8 x
    its radius (spiral sectors); the features a random linear mix of the point, tanh of random projections of it and 3
    noise features. ``label_noise`` of the labels replaced at random; ``train_rows``: keep only that many training rows;
    ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    z = torch.randn(total, 2, generator=g)
    r, angle = z.norm(dim=1), torch.atan2(z[:, 1], z[:, 0])
    y = (((angle + 0.8 * r) % (2 * math.pi)) / (2 * math.pi / DEQ_CLASSES)).long().clamp(0, DEQ_CLASSES - 1)
    y = flip_labels(y, DEQ_CLASSES, label_noise, g)
    mix = torch.randn(2, 2, generator=g)
    proj = torch.randn(2, 3, generator=g)
    x = torch.cat([z @ mix, torch.tanh(z @ proj), 0.5 * torch.randn(total, 3, generator=g)], 1)
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "classification (a deep equilibrium model of tabular rows)", DEQ_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, DEQ_CLASSES, batch_size)
    return data


class DEQClassifier(nn.Module):
    """A deep equilibrium model (Bai et al. 2019): the fixed point of z = tanh(W z + U x + b) (width 48, W started at a
    spectral norm near 0.7 so the map contracts) found by ``solve`` forward iterations from z = 0 without a graph, then
    ``backprop`` more iterations with one (the gradient through the last iterations: a truncated, phantom gradient); a
    ReLU ``fc`` layer of 64 and a linear ``head`` to the 5 classes. ``dead_bias`` < 0 starts fc's biases there (its
    units never fire, so nothing behind it learns)."""

    def __init__(self, d: int = 48, solve: int = 18, backprop: int = 4, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.solve, self.backprop = solve, backprop
        self.inject = nn.Linear(DEQ_FEATURES, d)
        self.mix = nn.Linear(d, d, bias=False)
        with torch.no_grad():
            self.mix.weight.normal_(0.0, 0.35 / math.sqrt(d))
        self.fc = nn.Linear(d, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, DEQ_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        u = self.inject(x)
        z = torch.zeros_like(u)
        with torch.no_grad():
            for _ in range(self.solve):
                z = torch.tanh(self.mix(z) + u)
        for _ in range(self.backprop):
            z = torch.tanh(self.mix(z) + u)
        out: Tensor = self.head(F.relu(self.fc(z)))
        return out


def deq_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


BNN_FEATURES, BNN_ROWS = 4, 10000
"""The Bayesian MLP regresses a target of 4 features; its KL term is divided by the 10000 training rows."""


@lru_cache(maxsize=None)
def smooth_regression(n: int = BNN_ROWS, seed: int = 253, *, n_val: int = 1000, batch_size: int = 64,
                      train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Rows of 4 features uniform in [-2, 2], the target sin(1.5 x0) x1 + 0.5 cos(x2) + 0.3 x3^2 + 0.4 x0 x3, standardised,
    plus noise (std 0.1). ``train_rows``: keep only that many training rows (the KL term stays divided by 10000);
    ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = 4 * torch.rand(total, BNN_FEATURES, generator=g) - 2
    f = torch.sin(1.5 * x[:, 0]) * x[:, 1] + 0.5 * torch.cos(x[:, 2]) + 0.3 * x[:, 3] ** 2 + 0.4 * x[:, 0] * x[:, 3]
    y = (f - f[:n].mean()) / f[:n].std() + 0.1 * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "regression (a Bayes-by-backprop Bayesian MLP, ELBO)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BayesLinear(nn.Module):
    """A mean-field Gaussian linear layer (Blundell et al. 2015): weights and biases N(mu, softplus(rho)^2), sampled by
    the reparameterisation trick in training (their means in eval mode); ``kl()`` the KL divergence to a N(0, prior^2)
    prior."""

    def __init__(self, n_in: int, n_out: int, prior: float = 1.0, rho: float = -5.0) -> None:
        super().__init__()
        bound = 1 / math.sqrt(n_in)
        self.weight_mu = nn.Parameter(torch.empty(n_out, n_in).uniform_(-bound, bound) * math.sqrt(3))
        self.weight_rho = nn.Parameter(torch.full((n_out, n_in), rho))
        self.bias_mu = nn.Parameter(torch.empty(n_out).uniform_(-bound, bound))
        self.bias_rho = nn.Parameter(torch.full((n_out,), rho))
        self.prior = prior

    def forward(self, x: Tensor) -> Tensor:
        w: Tensor = self.weight_mu
        b: Tensor = self.bias_mu
        if self.training:
            w = w + F.softplus(self.weight_rho) * torch.randn_like(w)
            b = b + F.softplus(self.bias_rho) * torch.randn_like(b)
        return F.linear(x, w, b)

    def kl(self) -> Tensor:
        total = torch.zeros(())
        for mu, rho in ((self.weight_mu, self.weight_rho), (self.bias_mu, self.bias_rho)):
            sigma = F.softplus(rho)
            total = total + (math.log(self.prior) - torch.log(sigma) + (sigma**2 + mu**2) / (2 * self.prior**2) - 0.5).sum()
        return total


class BayesMLP(nn.Module):
    """A Bayes-by-backprop MLP 4-64-64-1 (ReLU; every layer a ``BayesLinear``, the last the ``head``). Its output:
    (rows, 2), the prediction and the KL divergence of all the weights to the prior divided by the 10000 training rows
    (the same in every row), so the loss is the ELBO per row: the squared error plus KL / N."""

    def __init__(self, hidden: int = 64, prior: float = 1.0) -> None:
        super().__init__()
        self.layers = nn.ModuleList([BayesLinear(BNN_FEATURES, hidden, prior), BayesLinear(hidden, hidden, prior)])
        self.head = BayesLinear(hidden, 1, prior)

    def forward(self, x: Tensor) -> Tensor:
        h = x
        for layer in self.layers:
            h = F.relu(layer(h))
        kl = (sum((m.kl() for m in self.modules() if isinstance(m, BayesLinear)), torch.zeros(())) / BNN_ROWS)
        pred = self.head(h).squeeze(-1)
        return torch.stack([pred, kl.expand_as(pred)], -1)


def bnn_elbo(out: Tensor, y: Tensor) -> Tensor:
    """The negative ELBO per row: the mean squared error of the sampled prediction plus KL / N."""
    return F.mse_loss(out[:, 0], y) + out[0, 1]


def bnn_elbo_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch (reduction='sum') plus KL / N."""
    return F.mse_loss(out[:, 0], y, reduction="sum") + out[0, 1]


def bnn_mse(out: Tensor, y: Tensor) -> Tensor:
    """The held-out loss: the mean squared error of the prediction of the weights' means."""
    return F.mse_loss(out[:, 0], y)


SLOT_SIZE, SLOT_COUNT = 10, 3
"""The slot-attention autoencoder reconstructs 10x10 RGB scenes with 3 slots."""


@lru_cache(maxsize=None)
def blob_scenes(n: int = 3000, seed: int = 254, *, n_val: int = 400, batch_size: int = 16, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """10x10 RGB scenes of 2 soft blobs (Gaussian discs, radius 1.2-2.2 pixels, at random places, each one of 6
    saturated colours) on a dark background, overlapping blobs the later on top. x = y: (scenes, 3, 12, 12) in [0, 1]
    (an autoencoder's target is its input). ``train_rows``: keep only that many training scenes; ``nan_rows``: that
    share of the training scenes has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    palette = torch.tensor([[1.0, 0.2, 0.2], [0.2, 1.0, 0.2], [0.2, 0.3, 1.0], [1.0, 1.0, 0.2], [1.0, 0.2, 1.0], [0.2, 1.0, 1.0]])
    coords = torch.arange(SLOT_SIZE).float()
    yy, xx = torch.meshgrid(coords, coords, indexing="ij")
    img = torch.full((total, 3, SLOT_SIZE, SLOT_SIZE), 0.05)
    count = torch.full((total,), 2)
    for k in range(2):
        cx = 1.5 + (SLOT_SIZE - 3) * torch.rand(total, 1, 1, generator=g)
        cy = 1.5 + (SLOT_SIZE - 3) * torch.rand(total, 1, 1, generator=g)
        radius = 1.2 + 1.0 * torch.rand(total, 1, 1, generator=g)
        colour = palette[torch.randint(0, len(palette), (total,), generator=g)]
        alpha = torch.exp(-0.5 * (((xx - cx) ** 2 + (yy - cy) ** 2) / radius**2) ** 2) * (k < count).float()[:, None, None]
        img = img * (1 - alpha[:, None]) + colour[:, :, None, None] * alpha[:, None]
    x = img.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 0, 0] = float("nan")
    data = split(x, img, n, "object-centric reconstruction (a slot-attention autoencoder of 10x10 scenes)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


def pixel_grid() -> Tensor:
    """The 4-d position of each of the 10x10 pixels: (x, y, 1 - x, 1 - y) in [0, 1]: (100, 4)."""
    c = torch.linspace(0, 1, SLOT_SIZE)
    yy, xx = torch.meshgrid(c, c, indexing="ij")
    return torch.stack([xx, yy, 1 - xx, 1 - yy], -1).reshape(-1, 4)


class SlotAutoencoder(nn.Module):
    """A slot-attention autoencoder (Locatello et al. 2020): a CNN encoder (a 5x5 ReLU convolution of 24) plus a
    position embedding, a LayerNorm and an MLP per pixel; 3 slots of 24 started from learned embeddings, 3 iterations of
    slot attention (softmax over the slots, a weighted mean of the values) with a GRU update and a residual MLP; a
    spatial-broadcast decoder per slot and pixel (the slot plus a position embedding, a ReLU layer of 24, a ReLU ``fc``
    layer of 24 and a linear ``head`` to RGB and a mask logit), the masks a softmax over the slots, the image their
    mixture. ``dead_bias`` < 0 starts fc's biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, d: int = 24, iters: int = 3, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.iters, self.d = iters, d
        self.conv = nn.Sequential(nn.Conv2d(3, d, 5, padding=2), nn.ReLU())
        self.enc_pos = nn.Linear(4, d)
        self.enc_norm = nn.LayerNorm(d)
        self.enc_mlp = nn.Sequential(nn.Linear(d, d), nn.ReLU(), nn.Linear(d, d))
        self.slots0 = nn.Parameter(0.5 * torch.randn(SLOT_COUNT, d))
        self.norm_in, self.norm_slots, self.norm_mlp = nn.LayerNorm(d), nn.LayerNorm(d), nn.LayerNorm(d)
        self.to_q, self.to_k, self.to_v = nn.Linear(d, d, bias=False), nn.Linear(d, d, bias=False), nn.Linear(d, d, bias=False)
        self.gru = nn.GRUCell(d, d)
        self.mlp = nn.Sequential(nn.Linear(d, d), nn.ReLU(), nn.Linear(d, d))
        self.dec_pos = nn.Linear(4, d)
        self.decoder = nn.Linear(d, d)
        self.fc = nn.Linear(d, d)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(d, 4)
        self.register_buffer("grid", pixel_grid())

    def forward(self, img: Tensor) -> Tensor:
        b = img.shape[0]
        grid = self.get_buffer("grid")
        feats = self.conv(img).flatten(2).transpose(1, 2) + self.enc_pos(grid)  # (b, pixels, d)
        inputs = self.norm_in(self.enc_mlp(self.enc_norm(feats)))
        k, v = self.to_k(inputs), self.to_v(inputs)
        slots = self.slots0.expand(b, -1, -1)
        for _ in range(self.iters):
            q = self.to_q(self.norm_slots(slots))
            attn = torch.softmax(k @ q.transpose(1, 2) / math.sqrt(self.d), -1) + 1e-8  # (b, pixels, slots)
            updates = (attn / attn.sum(1, keepdim=True)).transpose(1, 2) @ v  # (b, slots, d)
            slots = self.gru(updates.reshape(-1, self.d), slots.reshape(-1, self.d)).reshape(b, SLOT_COUNT, self.d)
            slots = slots + self.mlp(self.norm_mlp(slots))
        h = slots[:, :, None] + self.dec_pos(grid)  # (b, slots, pixels, d)
        out = self.head(F.relu(self.fc(F.relu(self.decoder(h)))))  # (b, slots, pixels, 4)
        masks = out[..., 3:].softmax(1)
        recon = (masks * out[..., :3]).sum(1)  # (b, pixels, 3)
        result: Tensor = recon.transpose(1, 2).reshape(b, 3, SLOT_SIZE, SLOT_SIZE)
        return result


def slots_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the pixels, the channels and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")
