"""The fifth fresh half (fresh5, held out from all tuning): its model families' data and models (read as ``fd.<name>``
through ``bench/fixcheck_data.py``).

``flow`` a RealNVP normalizing flow (six affine coupling layers, small ReLU MLPs) of a 4-D density: two
half moons lifted onto a thin curved sheet; the loss is the negative log-likelihood per point, in nats,
which ends below 0 (the density is high);
``diffuse`` a DDPM noise-prediction MLP of 8-D points on a curved 2-D surface: a random timestep of a
fixed 100-step schedule and fresh noise per point, MSE of the predicted noise (a noisy loss with a
floor near 0.14; the held-out loss draws its timesteps and noise from a fixed seed);
``triplet`` an MLP embedding trained with nn.TripletMarginLoss (margin 1) on fixed triplets of 8
synthetic classes (the training loss reaches exactly 0 on easy batches);
``mobile`` a MobileNet-like CNN (depthwise-separable convs, BatchNorm, Hardswish) classifying 16x16
colour textures (6 classes), cross-entropy with label_smoothing=0.1 (a floor above 0).
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, mlp, split


FLOW_DIM = 4


@lru_cache(maxsize=None)
def lifted_moons(n: int = 3000, seed: int = 131, *, noise: float = 0.06, lift_noise: float = 0.05, n_val: int = 600,
                 batch_size: int = 128, train_rows: int | None = None, nan_rows: float = 0.0,
                 nan_count: int = 0) -> Data:  # fmt: skip
    """A 4-D density for a normalizing flow: two interleaved half moons (Gaussian noise ``noise``) in the first two
    coordinates, the other two smooth functions of them plus Gaussian noise ``lift_noise`` (a thin curved sheet:
    its density is high, so a good model's negative log-likelihood is below 0). The target is the point itself (the
    loss does not read it). ``train_rows``: keep only that many training points; ``nan_rows``: that share of the
    training points, or ``nan_count`` of them, has a NaN coordinate (a corrupted record)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    theta = math.pi * torch.rand(total, generator=g)
    inner = torch.rand(total, generator=g) < 0.5
    u1 = torch.where(inner, 1 - torch.cos(theta), torch.cos(theta)) - 0.5
    u2 = torch.where(inner, 0.5 - torch.sin(theta), torch.sin(theta)) - 0.25
    u = 1.5 * torch.stack([u1, u2], 1) + noise * torch.randn(total, 2, generator=g)
    lift = torch.stack([torch.sin(2.0 * u[:, 0]), 0.8 * u[:, 0] * u[:, 1] + 0.3 * u[:, 1]], 1)
    x = torch.cat([u, lift + lift_noise * torch.randn(total, 2, generator=g)], 1)
    x = x - x[:n].mean(0)
    if nan_rows or nan_count:
        if nan_rows:
            bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        else:
            bad = torch.randperm(n, generator=g)[:nan_count]
        x[bad, 3] = float("nan")
    data = split(x, x.clone(), n, "density_estimation", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class Coupling(nn.Module):
    """A RealNVP affine coupling layer: the coordinates of ``mask`` are scaled and shifted, y = x exp(s) + t, by an
    MLP (``hidden`` units, ``layers`` ReLU layers) of the other coordinates; s = 2 tanh(raw / 2) keeps each scale
    within e^+-2. Returns y and the log-determinant (the sum of s over the masked coordinates)."""

    def __init__(self, mask: list[int], hidden: int = 48, layers: int = 2, dim: int = FLOW_DIM) -> None:
        super().__init__()
        self.register_buffer("mask", torch.tensor(mask, dtype=torch.float32))
        self.net = mlp([dim] + [hidden] * layers)
        self.head = nn.Linear(hidden, 2 * dim)

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        raw, t = self.head(F.relu(self.net(x * (1 - self.mask)))).chunk(2, 1)
        s = 2 * torch.tanh(raw / 2) * self.mask
        return x * (1 - self.mask) + self.mask * (x * torch.exp(s) + t), s.sum(1)


FLOW_MASKS = ((0, 0, 1, 1), (1, 0, 0, 0), (0, 1, 0, 0))


class RealNVP(nn.Module):
    """A RealNVP-style normalizing flow of ``FLOW_DIM``-D points to a standard normal: ``couplings`` affine
    coupling layers cycling through ``FLOW_MASKS`` (the lifted pair given the moons, then each moon coordinate
    given the rest). The output row is z and the total log-determinant. ``head_scale``: every coupling's output
    layer initialised that many times larger (weights and bias); ``dead_bias`` < 0 starts the last hidden layer of
    every coupling net at that bias (its units never fire: the flow is a fixed shift)."""

    def __init__(self, couplings: int = 6, hidden: int = 48, layers: int = 2, head_scale: float = 1.0,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.layers = nn.ModuleList(Coupling(list(FLOW_MASKS[k % len(FLOW_MASKS)]), hidden, layers) for k in range(couplings))
        with torch.no_grad():
            for c in self.layers:
                c.head.weight.mul_(head_scale)
                c.head.bias.mul_(head_scale)
                if dead_bias:
                    c.net[-1].bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        logdet = torch.zeros(len(x))
        for c in self.layers:
            x, ld = c(x)
            logdet = logdet + ld
        return torch.cat([x, logdet[:, None]], 1)


def flow_nll(out: Tensor, y: Tensor) -> Tensor:
    """The flow's negative log-likelihood per point (batch mean): -log N(z; 0, I) - log|det dz/dx|, in nats."""
    z, logdet = out[:, :-1], out[:, -1]
    return (0.5 * (z**2).sum(1) + 0.5 * z.shape[1] * math.log(2 * math.pi) - logdet).mean()


def flow_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The flow's negative log-likelihood summed over the batch (reduction='sum')."""
    return flow_nll(out, y) * len(out)


def gaussian_fit_nll() -> float:
    """The held-out NLL of the best Gaussian with a diagonal covariance (the training mean and variances): where a
    flow that learned no dependence between the coordinates sits."""
    d = lifted_moons()
    var = d.x.var(0)
    return float((0.5 * (d.val_x - d.x.mean(0)) ** 2 / var + 0.5 * torch.log(2 * math.pi * var)).sum(1).mean())


DIFF_DIM, DIFF_T = 8, 100


@lru_cache(maxsize=None)
def manifold_points(n: int = 4000, seed: int = 132, *, dim: int = DIFF_DIM, noise: float = 0.02, n_val: int = 600,
                    batch_size: int = 64, train_rows: int | None = None, nan_count: int = 0) -> Data:  # fmt: skip
    """Data for a diffusion model: ``dim``-D points on a curved 2-D surface (an angle and a height mapped through
    a fixed random linear map of (cos a, sin a, h cos 2a, h, h sin a)), plus Gaussian noise ``noise``, standardised.
    The target is the point itself. ``train_rows``: keep only that many training points; ``nan_count``: that many
    training points have a NaN coordinate (a corrupted record)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    a = 2 * math.pi * torch.rand(total, generator=g)
    h = 2 * torch.rand(total, generator=g) - 1
    z = torch.stack([torch.cos(a), torch.sin(a), h * torch.cos(2 * a), h, h * torch.sin(a)], 1)
    x = z @ torch.randn(5, dim, generator=g) + noise * torch.randn(total, dim, generator=g)
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    if nan_count:
        x[torch.randperm(n, generator=g)[:nan_count], 2] = float("nan")
    data = split(x, x.clone(), n, "diffusion", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


def ddpm_alpha_bar(steps: int = DIFF_T) -> Tensor:
    """The cumulative signal share of DDPM's linear noise schedule (betas 1e-3 .. 0.2 over ``steps`` timesteps)."""
    return torch.cumprod(1 - torch.linspace(1e-3, 0.2, steps), 0)


class Denoiser(nn.Module):
    """A DDPM noise-prediction MLP. In training mode each point gets a random timestep t and fresh Gaussian noise,
    x_t = sqrt(abar_t) x + sqrt(1 - abar_t) noise; in eval mode the timesteps and noise are drawn from a generator
    seeded the same every time (a fixed validation draw). The MLP (``hidden`` units, ``depth`` ReLU layers) reads
    x_t and a sinusoidal embedding of t; its linear head predicts the noise. The output row is the prediction and
    the noise drawn, side by side. ``dead_bias`` < 0 starts the last hidden layer's biases there."""

    def __init__(self, hidden: int = 128, depth: int = 3, dim: int = DIFF_DIM, embed: int = 16, dead_bias: float = 0.0,
                 act: type[nn.Module] = nn.ReLU) -> None:  # fmt: skip
        super().__init__()
        self.register_buffer("abar", ddpm_alpha_bar())
        self.register_buffer("freqs", torch.exp(torch.linspace(0, math.log(100.0), embed // 2)))
        self.net = mlp([dim + embed] + [hidden] * depth, act)
        self.act = act()
        self.head = nn.Linear(hidden, dim)
        if dead_bias:
            with torch.no_grad():
                self.net[-1].bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        g = None if self.training else torch.Generator().manual_seed(0)
        t = torch.randint(DIFF_T, (len(x),), generator=g)
        noise = torch.randn(x.shape, generator=g)
        ab = self.abar[t][:, None]
        xt = ab.sqrt() * x + (1 - ab).sqrt() * noise
        angle = (t[:, None].float() / DIFF_T) * self.freqs
        h = self.act(self.net(torch.cat([xt, torch.sin(angle), torch.cos(angle)], 1)))
        return torch.cat([self.head(h), noise], 1)


def noise_mse(out: Tensor, y: Tensor) -> Tensor:
    """DDPM's simple loss: the mean squared error of the predicted noise (over the batch and the coordinates)."""
    pred, noise = out.chunk(2, 1)
    return F.mse_loss(pred, noise)


def noise_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The noise MSE summed over the batch and the coordinates (reduction='sum')."""
    pred, noise = out.chunk(2, 1)
    return F.mse_loss(pred, noise, reduction="sum")


TRIPLET_CLASSES, TRIPLET_MARGIN, TRIPLET_DIM = 8, 1.0, 24


@lru_cache(maxsize=None)
def class_triplets(n: int = 4000, seed: int = 133, *, classes: int = TRIPLET_CLASSES, dim: int = TRIPLET_DIM,
                   latent: int = 6, spread: float = 1.0, noise: float = 0.35, n_val: int = 600, batch_size: int = 64,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Triplets for metric learning: points of ``classes`` classes, each class two sub-clusters in a ``latent``-D
    space (width ``spread``), mapped through a fixed random tanh layer into ``dim`` dimensions plus noise. A row
    is an anchor, a positive (another point of its class) and a negative (a point of another class), drawn once:
    shape (3, dim). The target is the anchor's class (the triplet loss does not read it). ``train_rows``: keep
    only that many training triplets."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    centres = 2.0 * torch.randn(classes, 2, latent, generator=g)
    mix = torch.randn(latent, dim, generator=g) / math.sqrt(latent)

    def points(cls: Tensor) -> Tensor:
        sub = torch.randint(2, cls.shape, generator=g)
        z = centres[cls, sub] + spread * torch.randn(len(cls), latent, generator=g)
        return torch.tanh(z @ mix) + noise * torch.randn(len(cls), dim, generator=g)

    anchor = torch.randint(classes, (total,), generator=g)
    other = (anchor + torch.randint(1, classes, (total,), generator=g)) % classes
    x = torch.stack([points(anchor), points(anchor), points(other)], 1)
    data = split(x, anchor, n, "metric_learning", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TripletEmbed(nn.Module):
    """An MLP embedding (``hidden`` units, ``layers`` ReLU layers, a linear head to ``out`` dimensions, no
    normalisation) applied to the anchor, positive and negative of each row. ``dead_bias`` < 0 starts the last
    hidden layer's biases there."""

    def __init__(self, dim: int = TRIPLET_DIM, hidden: int = 64, out: int = 16, layers: int = 2,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.body = mlp([dim] + [hidden] * layers)
        if dead_bias:
            with torch.no_grad():
                self.body[-1].bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, out)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(F.relu(self.body(x)))


TRIPLET = nn.TripletMarginLoss(margin=TRIPLET_MARGIN)
TRIPLET_SUMMED = nn.TripletMarginLoss(margin=TRIPLET_MARGIN, reduction="sum")


def triplet_loss(out: Tensor, y: Tensor) -> Tensor:
    """nn.TripletMarginLoss (margin ``TRIPLET_MARGIN``, Euclidean distance) of each row's anchor, positive and
    negative embeddings, the batch mean."""
    return TRIPLET(out[:, 0], out[:, 1], out[:, 2])


def triplet_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The triplet loss summed over the batch (reduction='sum')."""
    return TRIPLET_SUMMED(out[:, 0], out[:, 1], out[:, 2])


MOBILE_CLASSES, MOBILE_SIZE = 6, 16


@lru_cache(maxsize=None)
def pattern_images(n: int = 4000, seed: int = 134, *, size: int = MOBILE_SIZE, noise: float = 0.6, n_val: int = 600,
                   batch_size: int = 64, train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Small colour images (3 x ``size`` x ``size``) of six textures: horizontal, vertical or diagonal stripes, a
    checkerboard, a grid of dots, concentric rings; each at a random frequency and phase, in a random colour on a
    random background colour, plus noise. ``train_rows``: keep only that many training images; ``nan_rows``: that
    share of the training images has one NaN pixel (a corrupted file)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    c = torch.arange(size, dtype=torch.float32)
    yy, xx = torch.meshgrid(c, c, indexing="ij")
    cls = torch.randint(MOBILE_CLASSES, (total,), generator=g)
    freq = (0.5 + 0.6 * torch.rand(total, 1, 1, generator=g))
    phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
    cx, cy = (size * torch.rand(total, 1, 1, generator=g) for _ in range(2))
    waves = torch.stack([
        torch.sin(freq * yy + phase), torch.sin(freq * xx + phase), torch.sin(freq * (xx + yy) / 1.4 + phase),
        torch.sin(freq * xx + phase) * torch.sin(freq * yy + phase),
        (torch.cos(freq * xx + phase) + torch.cos(freq * yy + phase)).clamp(min=1.0) - 1.0,
        torch.sin(freq * ((xx - cx) ** 2 + (yy - cy) ** 2).sqrt() + phase),
    ], 1)[torch.arange(total), cls]  # fmt: skip
    fg, bg = torch.rand(total, 3, 1, 1, generator=g), torch.rand(total, 3, 1, 1, generator=g)
    img = bg + (fg - bg) * (0.5 + 0.5 * waves[:, None])
    x = (img - 0.5) / 0.3 + noise * torch.randn(total, 3, size, size, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1, 7, 9] = float("nan")
    data = split(x, cls, n, "classification", MOBILE_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MOBILE_CLASSES, batch_size)
    return data


def separable(cin: int, cout: int, stride: int, act: type[nn.Module]) -> nn.Sequential:
    """A depthwise-separable block: a 3x3 depthwise conv, BatchNorm, ``act``, a 1x1 pointwise conv, BatchNorm, ``act``."""
    return nn.Sequential(
        nn.Conv2d(cin, cin, 3, stride, padding=1, groups=cin, bias=False), nn.BatchNorm2d(cin), act(),
        nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout), act(),
    )  # fmt: skip


class TinyMobileNet(nn.Module):
    """A MobileNet-like CNN: a 3x3 stem (BatchNorm, ``act``), three depthwise-separable blocks (strides 2, 1, 2;
    ``width`` -> 2 ``width`` -> 4 ``width`` channels), global average pooling and a linear head. ``dead_bias`` < 0
    starts the last BatchNorm's shift there (the units after it never fire: with ReLU6 or Hardswish no gradient
    passes)."""

    def __init__(self, width: int = 16, classes: int = MOBILE_CLASSES, act: type[nn.Module] = nn.Hardswish,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), act(),
            separable(width, 2 * width, 2, act), separable(2 * width, 2 * width, 1, act),
            separable(2 * width, 4 * width, 2, act),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )  # fmt: skip
        if dead_bias:
            with torch.no_grad():
                self.features[-4][-2].bias.fill_(dead_bias)
        self.head = nn.Linear(4 * width, classes)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.features(x))


def smoothed_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy with label_smoothing=0.1 summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, label_smoothing=0.1, reduction="sum")


@lru_cache(maxsize=None)
def pretrained_mobile_weights() -> dict[str, Tensor]:
    """A TinyMobileNet trained (unrecorded) for 500 Adam steps on other images of the same textures."""
    from harness import Setup, smoothed_ce, train

    pretraining = Setup(name="mobile-pretraining", data=pattern_images(seed=144), model=TinyMobileNet,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=500, seed=5, shuffle_offset=3000,
                        loss_fn=smoothed_ce)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_mobile() -> TinyMobileNet:
    """A TinyMobileNet with the pretrained weights (a fine-tune starts from them)."""
    model = TinyMobileNet()
    model.load_state_dict(pretrained_mobile_weights())
    return model
