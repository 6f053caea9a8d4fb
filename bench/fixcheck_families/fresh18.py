"""The eighteenth fresh half (fresh18, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``mae`` a tiny masked autoencoder (3x3 patches of 12x12 images of gratings and a disc, 12 of 16 patches
masked, a pre-LN transformer block encoding the visible ones, a decoder block with mask tokens), MSE of the
masked patches;
``hnn`` a Hamiltonian neural network (a tanh MLP H(q, p), its symplectic gradient by autograd) fitted to
the measured time derivatives of a pendulum's states, MSE;
``nbeats`` N-BEATS (3 generic blocks of ReLU layers, backcast and forecast residual links) forecasting 8
steps of seasonal series with a trend from 24, MSE;
``negbin`` a negative-binomial count regression (a ReLU MLP to a log-mean with a log exposure offset and
a log-dispersion) of overdispersed event counts, negative log-likelihood.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, mlp, split


MAE_SIZE, MAE_PATCH, MAE_VISIBLE = 12, 3, 4
MAE_PATCHES = (MAE_SIZE // MAE_PATCH) ** 2
"""The masked autoencoder cuts 12x12 images into 16 patches of 3x3 pixels and sees 4 of them (75% masked)."""


@lru_cache(maxsize=None)
def masked_images(n: int = 4000, seed: int = 261, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """12x12 grey images: 2 random low-frequency cosine gratings (frequencies 0-1 a side, random phases and amplitudes)
    plus a bright Gaussian disc (radius 1.5-3), standardised. Cut into 16 patches of 9 pixels with a fixed random mask
    per image (12 patches masked: their pixels zeroed). x: (images, 16, 10), the 9 pixels of each patch then its mask
    flag (1 = masked); y: the same with every pixel kept (the targets of the masked patches). ``train_rows``: keep only
    that many training images; ``nan_rows``: that share of the training images has a missing (NaN) visible pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    coords = torch.arange(MAE_SIZE).float()
    yy, xx = torch.meshgrid(coords, coords, indexing="ij")
    img = torch.zeros(total, MAE_SIZE, MAE_SIZE)
    for _ in range(2):
        u = torch.randint(0, 2, (total, 1, 1), generator=g).float()
        v = torch.randint(0, 2, (total, 1, 1), generator=g).float()
        phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
        amp = 0.3 + 0.7 * torch.rand(total, 1, 1, generator=g)
        img = img + amp * torch.cos(2 * math.pi * (u * xx + v * yy) / MAE_SIZE + phase)
    cx = 2 + (MAE_SIZE - 4) * torch.rand(total, 1, 1, generator=g)
    cy = 2 + (MAE_SIZE - 4) * torch.rand(total, 1, 1, generator=g)
    radius = 1.5 + 1.5 * torch.rand(total, 1, 1, generator=g)
    img = img + 1.5 * torch.exp(-0.5 * ((xx - cx) ** 2 + (yy - cy) ** 2) / radius**2)
    img = (img - img[:n].mean()) / img[:n].std()
    side = MAE_SIZE // MAE_PATCH
    patches = img.reshape(total, side, MAE_PATCH, side, MAE_PATCH).permute(0, 1, 3, 2, 4).reshape(total, MAE_PATCHES, -1)
    masked = (torch.rand(total, MAE_PATCHES, generator=g).argsort(1).argsort(1) >= MAE_VISIBLE).float()
    y = torch.cat([patches, masked[..., None]], -1)
    x = torch.cat([patches * (1 - masked[..., None]), masked[..., None]], -1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        first_visible = (1 - masked[bad]).argmax(1)
        x[bad, first_visible, 0] = float("nan")
    data = split(x, y, n, "masked image modelling (a masked autoencoder of 12x12 images, 75% of the patches masked)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MaskedAutoencoder(nn.Module):
    """A tiny masked autoencoder (He et al. 2022): the 4 visible patches embedded (a linear layer of 32 plus a learned
    position embedding) and encoded by a pre-LN transformer block (2 heads, feed-forward 64); the decoder fills the 12
    masked places with a learned mask token, adds its own position embedding, runs a pre-LN transformer block, then a
    ReLU ``fc`` layer of 32 and a linear ``head`` to the 9 pixels of every patch: (images, 16, 9). ``dead_bias`` < 0
    starts fc's biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, d: int = 32, dead_bias: float = 0.0) -> None:
        super().__init__()
        pixels = MAE_PATCH * MAE_PATCH
        self.embed = nn.Linear(pixels, d)
        self.enc_pos = nn.Parameter(0.1 * torch.randn(MAE_PATCHES, d))
        self.encoder = nn.TransformerEncoderLayer(d, 2, 2 * d, dropout=0.0, batch_first=True, norm_first=True)
        self.enc_norm = nn.LayerNorm(d)
        self.mask_token = nn.Parameter(torch.zeros(d))
        self.dec_pos = nn.Parameter(0.1 * torch.randn(MAE_PATCHES, d))
        self.decoder = nn.TransformerEncoderLayer(d, 2, 2 * d, dropout=0.0, batch_first=True, norm_first=True)
        self.fc = nn.Linear(d, d)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(d, pixels)

    def forward(self, x: Tensor) -> Tensor:
        b, d = x.shape[0], self.embed.out_features
        order = x[..., -1].argsort(dim=1, stable=True)  # the visible patches first
        visible = order[:, :MAE_VISIBLE]
        patches = torch.gather(x[..., :-1], 1, visible[..., None].expand(-1, -1, x.shape[-1] - 1))
        z = self.enc_norm(self.encoder(self.embed(patches) + self.enc_pos[visible]))
        full = self.mask_token.expand(b, MAE_PATCHES, d).scatter(1, visible[..., None].expand(-1, -1, d), z)
        h = self.decoder(full + self.dec_pos)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def mae_mse(out: Tensor, y: Tensor) -> Tensor:
    """The mean squared error of the masked patches' pixels (the visible ones not scored)."""
    masked = y[..., -1]
    per_patch = ((out - y[..., :-1]) ** 2).mean(-1)
    return (per_patch * masked).sum() / masked.sum()


def mae_sse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error of the masked patches' pixels summed over the pixels, the patches and the batch."""
    return (((out - y[..., :-1]) ** 2).sum(-1) * y[..., -1]).sum()


HNN_STIFFNESS = 2.0
"""The pendulum's H(q, p) = p^2 / 2 + 2 (1 - cos q)."""


@lru_cache(maxsize=None)
def pendulum_states(n: int = 4000, seed: int = 262, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                    nan_rows: float = 0.0) -> Data:  # fmt: skip
    """States (q, p) of a frictionless pendulum, q uniform in [-0.9 pi, 0.9 pi] and p in [-2.5, 2.5], and their time
    derivatives (dq/dt, dp/dt) = (p, -2 sin q) measured with noise (std 0.05). ``train_rows``: keep only that many
    training states; ``nan_rows``: that share of the training states has a missing (NaN) coordinate."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    q = 0.9 * math.pi * (2 * torch.rand(total, generator=g) - 1)
    p = 2.5 * (2 * torch.rand(total, generator=g) - 1)
    x = torch.stack([q, p], 1)
    y = torch.stack([p, -HNN_STIFFNESS * torch.sin(q)], 1) + 0.05 * torch.randn(total, 2, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "vector-field regression (a Hamiltonian neural network of a pendulum)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class HamiltonianNet(nn.Module):
    """A Hamiltonian neural network (Greydanus et al. 2019): a tanh MLP 2-64-64-1 (its last layer the ``head``) giving
    a scalar H(q, p); the forward differentiates H with autograd (also under ``torch.no_grad``, for the evaluation) and
    returns its symplectic gradient (dH/dp, -dH/dq): (states, 2), the predicted time derivatives."""

    def __init__(self, hidden: int = 64) -> None:
        super().__init__()
        self.net = mlp([2, hidden, hidden, 1], nn.Tanh)
        self.head = self.net[-1]

    def forward(self, x: Tensor) -> Tensor:
        with torch.enable_grad():
            x = x.detach().requires_grad_(True)
            h = self.net(x)
            (dh,) = torch.autograd.grad(h.sum(), x, create_graph=torch.is_grad_enabled() and self.training)
        out = torch.stack([dh[:, 1], -dh[:, 0]], 1)
        return out if self.training else out.detach()


def hnn_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over both derivatives and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def hnn_at_zero() -> float:
    """The held-out mse of predicting no motion (both derivatives 0): ~2.1."""
    return float((pendulum_states().val_y ** 2).mean())


NBEATS_BACK, NBEATS_HORIZON = 24, 8
"""N-BEATS reads 24 past values of a series and forecasts the next 8."""


@lru_cache(maxsize=None)
def nbeats_series(n: int = 5000, seed: int = 263, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                     nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Windows of 32 steps of synthetic series: a level (N(0, 0.5)), a linear trend (slope N(0, 0.03) a step), a seasonal
    pattern of period 6, 8 or 12 (two harmonics, amplitudes 0.3-1 and 0-0.4, random phases) and noise (std 0.1). x:
    (windows, 24) the lookback, y: (windows, 8) the horizon. ``train_rows``: keep only that many training windows;
    ``nan_rows``: that share of the training windows has a missing (NaN) value."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, NBEATS_BACK + NBEATS_HORIZON
    t = torch.arange(length).float()
    level = 0.5 * torch.randn(total, 1, generator=g)
    slope = 0.03 * torch.randn(total, 1, generator=g)
    period = torch.tensor([6.0, 8.0, 12.0])[torch.randint(0, 3, (total,), generator=g)][:, None]
    a1 = 0.3 + 0.7 * torch.rand(total, 1, generator=g)
    a2 = 0.4 * torch.rand(total, 1, generator=g)
    p1 = 2 * math.pi * torch.rand(total, 1, generator=g)
    p2 = 2 * math.pi * torch.rand(total, 1, generator=g)
    w = 2 * math.pi * t / period
    series = level + slope * (t - NBEATS_BACK) + a1 * torch.sin(w + p1) + a2 * torch.sin(2 * w + p2)
    series = series + 0.1 * torch.randn(total, length, generator=g)
    x, y = series[:, :NBEATS_BACK].clone(), series[:, NBEATS_BACK:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "forecasting (N-BEATS of seasonal series with a trend)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NBeatsBlock(nn.Module):
    """A generic N-BEATS block: 3 ReLU layers of ``d``, a linear expansion to ``theta`` coefficients (no bias), and
    linear backcast (24) and forecast (8) layers of them. ``dead_bias`` < 0 starts the ReLU layers' biases there."""

    def __init__(self, d: int = 64, theta: int = 8, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(NBEATS_BACK, d), nn.Linear(d, d), nn.Linear(d, d)])
        if dead_bias:
            with torch.no_grad():
                for layer in self.layers:
                    layer.bias.fill_(dead_bias)
        self.theta = nn.Linear(d, theta, bias=False)
        self.backcast = nn.Linear(theta, NBEATS_BACK)
        self.forecast = nn.Linear(theta, NBEATS_HORIZON)

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        h = x
        for layer in self.layers:
            h = F.relu(layer(h))
        theta = self.theta(h)
        return self.backcast(theta), self.forecast(theta)


class NBeats(nn.Module):
    """N-BEATS (Oreshkin et al. 2020), generic: 3 stacked blocks with double residual links (each block reads what the
    blocks before it did not explain of the lookback: x minus their backcasts; the forecast is the sum of the blocks'
    forecasts). The last block's forecast layer is the ``head``. ``dead_bias`` < 0 starts every ReLU layer's biases
    there (no unit fires, so nothing learns but the backcast and forecast biases)."""

    def __init__(self, blocks: int = 3, d: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.blocks = nn.ModuleList([NBeatsBlock(d, dead_bias=dead_bias) for _ in range(blocks)])
        self.head = self.blocks[-1].forecast

    def forward(self, x: Tensor) -> Tensor:
        residual, forecast = x, torch.zeros(x.shape[0], NBEATS_HORIZON)
        for block in self.blocks:
            back, fore = block(residual)
            residual, forecast = residual - back, forecast + fore
        return forecast


def nbeats_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the horizon and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


NB_FEATURES = 6
"""The negative-binomial regression reads 6 features and a log exposure."""


@lru_cache(maxsize=None)
def overdispersed_counts(n: int = 6000, seed: int = 264, *, n_val: int = 1500, batch_size: int = 64,
                         train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Counts of events of 6 Gaussian features over an exposure uniform in [0.5, 3]: mean exposure x exp(0.5 +
    sin(x0) x1 + 0.6 x2 - 0.4 x3^2 + 0.5 tanh(x4 x5)), overdispersed by a gamma-Poisson mixture (a negative binomial,
    dispersion 0.1-0.4 rising with x4). x: (rows, 7) the features and the log exposure; y: (rows,) the counts.
    ``train_rows``: keep only that many training rows; ``nan_rows``: that share of the training rows has a missing
    (NaN) feature."""
    import numpy as np

    g = torch.Generator().manual_seed(seed)
    rng = np.random.default_rng(seed)
    total = n + n_val
    f = torch.randn(total, NB_FEATURES, generator=g)
    exposure = 0.5 + 2.5 * torch.rand(total, generator=g)
    log_mu = 0.5 + 1.0 * torch.sin(f[:, 0]) * f[:, 1] + 0.6 * f[:, 2] - 0.4 * f[:, 3] ** 2 + 0.5 * torch.tanh(f[:, 4] * f[:, 5])
    mu = exposure * torch.exp(log_mu)
    alpha = 0.1 + 0.3 * torch.sigmoid(f[:, 4])
    rate = rng.gamma(shape=(1 / alpha).numpy(), scale=(alpha * mu).numpy())
    y = torch.from_numpy(rng.poisson(rate)).float()
    x = torch.cat([f, exposure.log()[:, None]], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "count regression (negative binomial, log link with an exposure offset)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NegBinMLP(nn.Module):
    """A ReLU MLP 6-64-64 of the features, a ReLU ``fc`` layer of 64 and a linear ``head`` to the log-mean (the log
    exposure added: an offset) and the log-dispersion of a negative binomial: (rows, 2). ``dead_bias`` < 0 starts fc's
    biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, d: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(NB_FEATURES, d), nn.ReLU(), nn.Linear(d, d), nn.ReLU())
        self.fc = nn.Linear(d, d)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(d, 2)

    def forward(self, x: Tensor) -> Tensor:
        raw = self.head(F.relu(self.fc(self.body(x[:, :NB_FEATURES]))))
        return torch.stack([raw[:, 0] + x[:, NB_FEATURES], raw[:, 1]], 1)


def _negbin_nll(log_mu: Tensor, log_alpha: Tensor, y: Tensor) -> Tensor:
    r = torch.exp(-log_alpha)
    log_r_mu = torch.logaddexp(-log_alpha, log_mu)
    return -(torch.lgamma(y + r) - torch.lgamma(r) - torch.lgamma(y + 1) + r * (-log_alpha - log_r_mu) + y * (log_mu - log_r_mu))


def negbin_nll(out: Tensor, y: Tensor) -> Tensor:
    """The negative binomial negative log-likelihood of the counts (NB2: variance mu + alpha mu^2), mean over the rows."""
    return _negbin_nll(out[:, 0], out[:, 1], y).mean()


def negbin_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same negative log-likelihood summed over the batch (reduction='sum')."""
    return _negbin_nll(out[:, 0], out[:, 1], y).sum()


def negbin_nll_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The negative log-likelihood written by hand with a ReLU mean (mu = exposure x relu(raw), not exp(raw)): where the
    raw output is at or below 0 the mean is exactly 0 and log(mu) -inf (the loss NaN or inf)."""
    mu = F.relu(out[:, 0])
    r = torch.exp(-out[:, 1])
    return -(torch.lgamma(y + r) - torch.lgamma(r) - torch.lgamma(y + 1) + r * torch.log(r / (r + mu))
             + y * torch.log(mu / (r + mu))).mean()  # fmt: skip


def negbin_at_constant() -> float:
    """The held-out negative log-likelihood of a constant rate per exposure and a constant dispersion fitted to the
    training counts (by moments): what a model that ignores the features reaches."""
    data = overdispersed_counts()
    exposure = data.x[:, NB_FEATURES].exp()
    rate = data.y.sum() / exposure.sum()
    mu = rate * exposure
    alpha = ((data.y - mu) ** 2 - mu).sum() / (mu**2).sum()
    val_mu = rate * data.val_x[:, NB_FEATURES].exp()
    return float(_negbin_nll(val_mu.log(), torch.full_like(val_mu, float(alpha.clamp(min=1e-3).log())), data.val_y).mean())


@lru_cache(maxsize=None)
def noisy_nbeats_series(train_rows: int, noise: float = 0.5, seed: int = 265, *, batch_size: int = 16) -> Data:
    """``nbeats_series`` cut to its first ``train_rows`` training windows, with extra measurement noise (std ``noise``)
    on every value of the training and validation windows: a few noisy windows a network can memorise."""
    g = torch.Generator().manual_seed(seed)
    base = nbeats_series()
    x, y = base.x[:train_rows], base.y[:train_rows]
    return Data(x + noise * torch.randn(x.shape, generator=g), y + noise * torch.randn(y.shape, generator=g),
                base.val_x + noise * torch.randn(base.val_x.shape, generator=g),
                base.val_y + noise * torch.randn(base.val_y.shape, generator=g), base.task, None, batch_size)  # fmt: skip
