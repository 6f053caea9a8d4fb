"""The twenty-first fresh half (fresh21, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``nerf`` a 2-D NeRF-like field (positional encoding of 4 frequencies, a ReLU MLP to softplus density and
intensity) rendering 1-D images of 32 pixels of three discs from 8 views by alpha-compositing 16 samples a
ray, MSE against the exact renders;
``cvae`` a conditional VAE of 8x8 binary glyphs of 6 classes given their class one-hot, negative ELBO (BCE
summed over the pixels + KL, mean over the batch);
``seg1d`` a 1-D U-Net (two poolings, skip connections) labelling each of 64 time steps of noisy signals as
a flat stretch, a burst or a chirp, cross-entropy per step;
``gru4rec`` GRU4Rec (item embeddings, a GRU, a full softmax over 300 items) predicting the next click of
sessions from a Markov chain over item clusters, cross-entropy.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


NERF_FREQS, NERF_SAMPLES, NERF_PIXELS, NERF_VIEWS = 4, 16, 32, 8
"""The 2-D NeRF-like renderer: positional encoding of 4 frequencies, 16 samples along each ray, 1-D images of 32
pixels, 8 training views."""


def nerf_scene_field(points: Tensor) -> tuple[Tensor, Tensor]:
    """The exact scene: three discs in the square [-1, 1]^2 (centres (-0.35, 0.3), (0.4, 0.1), (0.0, -0.45), radii 0.32,
    0.25, 0.22, densities 12, 20, 8, intensities 0.9, 0.5, 0.7), empty elsewhere: (density, intensity) at ``points``
    (..., 2)."""
    centres = torch.tensor([[-0.35, 0.3], [0.4, 0.1], [0.0, -0.45]])
    radii, dens, ints = torch.tensor([0.32, 0.25, 0.22]), torch.tensor([12.0, 20.0, 8.0]), torch.tensor([0.9, 0.5, 0.7])
    inside = ((points[..., None, :] - centres) ** 2).sum(-1) <= radii**2
    sigma = (inside.float() * dens).sum(-1)
    colour = (inside.float() * dens * ints).sum(-1) / sigma.clamp(min=1e-6)
    return sigma, colour


def nerf_rays(angles: Tensor) -> Tensor:
    """Orthographic rays of 1-D cameras at ``angles``: for each view 32 parallel rays across [-1, 1], starting 1.5 away
    from the centre: (views x 32, 4) rows of (origin x, origin y, direction x, direction y)."""
    d = torch.stack([torch.cos(angles), torch.sin(angles)], -1)
    perp = torch.stack([-torch.sin(angles), torch.cos(angles)], -1)
    s = torch.linspace(-1, 1, NERF_PIXELS)
    origin = -1.5 * d[:, None, :] + s[None, :, None] * perp[:, None, :]
    return torch.cat([origin, d[:, None, :].expand_as(origin)], -1).reshape(-1, 4)


def nerf_composite(sigma: Tensor, colour: Tensor, delta: float) -> Tensor:
    """Alpha-compositing along each ray (the last dimension): sum_i T_i (1 - exp(-sigma_i delta)) c_i, T_i = exp(-sum_(j<i)
    sigma_j delta)."""
    alpha = 1 - torch.exp(-sigma * delta)
    trans = torch.exp(-torch.cumsum(torch.cat([torch.zeros_like(sigma[..., :1]), sigma[..., :-1]], -1) * delta, -1))
    return (trans * alpha * colour).sum(-1)


@lru_cache(maxsize=None)
def nerf_views(seed: int = 291, *, views: int = NERF_VIEWS, val_views: int = 8, batch_size: int = 32, noise: float = 0.0,
               nan_rays: float = 0.0) -> Data:  # fmt: skip
    """The rays of ``views`` cameras evenly around the scene (x: (rays, 4)) and their exact pixels (y: (rays, 1), the
    scene rendered with 512 samples a ray), then ``val_views`` cameras halfway between them for validation. ``noise``: Gaussian
    noise on the training pixels; ``nan_rays``: that share of the training rays has a missing (NaN) origin."""
    g = torch.Generator().manual_seed(seed)
    train_angles = 2 * math.pi * torch.arange(views) / views
    val_angles = 2 * math.pi * (torch.arange(val_views) + 0.5) / val_views
    rays = torch.cat([nerf_rays(train_angles), nerf_rays(val_angles)])
    t = (torch.arange(512) + 0.5) * (3.0 / 512)
    pts = rays[:, None, :2] + t[None, :, None] * rays[:, None, 2:]
    sigma, colour = nerf_scene_field(pts)
    y = nerf_composite(sigma, colour, 3.0 / 512)[:, None]
    n = views * NERF_PIXELS
    perm = torch.randperm(n, generator=g)
    x, y = torch.cat([rays[:n][perm], rays[n:]]), torch.cat([y[:n][perm], y[n:]])
    if noise:
        y = torch.cat([y[:n] + noise * torch.randn(n, 1, generator=g), y[n:]])
    if nan_rays:
        x = x.clone()
        x[torch.nonzero(torch.rand(n, generator=g) < nan_rays).flatten(), 0] = float("nan")
    return split(x, y, n, "novel-view rendering (a 2-D NeRF-like MLP, volume rendering of 1-D images, MSE)", None, batch_size)


class TinyNeRF2D(nn.Module):
    """A NeRF-like field (Mildenhall et al. 2020) in 2-D: a 2-D point's positional encoding (the point and sin, cos of
    2^k pi p for 4 frequencies: 18 numbers) through a ReLU MLP 18-64-64 (the second layer ``fc``) to a ``head`` of 2:
    density softplus(out_0), intensity sigmoid(out_1). A ray's pixel is rendered from 16 evenly spaced samples over
    [0, 3] by alpha-compositing. ``dead_bias`` < 0 starts fc's biases there (its units never fire, so nothing behind it
    learns); ``head_scale`` multiplies the head's initial weights and biases."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0, head_scale: float = 1.0) -> None:
        super().__init__()
        self.inp = nn.Linear(2 + 4 * NERF_FREQS, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, 2)
        with torch.no_grad():
            if dead_bias:
                self.fc.bias.fill_(dead_bias)
            if head_scale != 1.0:
                self.head.weight.mul_(head_scale)
                self.head.bias.mul_(head_scale)

    def forward(self, rays: Tensor) -> Tensor:
        t = (torch.arange(NERF_SAMPLES, dtype=rays.dtype) + 0.5) * (3.0 / NERF_SAMPLES)
        pts = rays[:, None, :2] + t[None, :, None] * rays[:, None, 2:]
        freq = (2.0 ** torch.arange(NERF_FREQS, dtype=rays.dtype)) * math.pi
        ang = pts[..., None] * freq
        enc = torch.cat([pts, torch.sin(ang).flatten(-2), torch.cos(ang).flatten(-2)], -1)
        out = self.head(F.relu(self.fc(F.relu(self.inp(enc)))))
        return nerf_composite(F.softplus(out[..., 0]), torch.sigmoid(out[..., 1]), 3.0 / NERF_SAMPLES)[:, None]


def nerf_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the rays of the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def nerf_relative_se_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The relative squared error written by hand, ray by ray: (out - y)^2 / y^2, mean. A ray that misses every disc (its
    exact pixel 0) divides by zero: inf (or NaN)."""
    return ((out - y) ** 2 / y**2).mean()


def nerf_relative_se(out: Tensor, y: Tensor) -> Tensor:
    """The relative squared error of the batch as a whole: sum (out - y)^2 / sum y^2 (finite while any ray of the batch
    hits a disc)."""
    return ((out - y) ** 2).sum() / (y**2).sum().clamp(min=1e-6)


def nerf_at_zero() -> float:
    """The held-out MSE of rendering nothing (every pixel 0)."""
    return float((nerf_views().val_y ** 2).mean())


CVAE_SIZE, CVAE_CLASSES, CVAE_LATENT = 8, 6, 4
"""The conditional VAE models 8x8 binary glyphs of 6 classes with a 4-d latent."""


@lru_cache(maxsize=None)
def cvae_glyphs(n: int = 3000, seed: int = 292, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                nan_rows: float = 0.0, flip: float = 0.0) -> Data:  # fmt: skip
    """8x8 binary glyphs of 6 classes (a vertical bar, a horizontal bar, a box, a diagonal, a cross, an L) shifted by up to
    1 pixel each way, the bar widths 1-2 at random, 4% of the pixels flipped. x and y: the 64 pixels then the class one-hot
    (70; the model reads x, the loss scores y's pixels). ``train_rows``: keep only that many training glyphs; ``nan_rows``: that share of the training glyphs
    has a missing (NaN) pixel in x; ``flip``: that share of the training glyphs shows another class's glyph."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    c = torch.randint(0, CVAE_CLASSES, (total,), generator=g)
    shown = flip_labels(c, CVAE_CLASSES, flip, g) if flip else c
    if flip:
        shown = torch.cat([shown[:n], c[n:]])
    wide = torch.rand(total, generator=g) < 0.5
    dx, dy = torch.randint(-1, 2, (total,), generator=g), torch.randint(-1, 2, (total,), generator=g)
    img = torch.zeros(total, CVAE_SIZE, CVAE_SIZE)
    for i in range(total):
        k, w = int(shown[i]), 2 if wide[i] else 1
        if k == 0:
            img[i, 1:7, 3 : 3 + w] = 1
        elif k == 1:
            img[i, 3 : 3 + w, 1:7] = 1
        elif k == 2:
            img[i, 1:7, 1:7] = 1
            img[i, 1 + w : 7 - w, 1 + w : 7 - w] = 0
        elif k == 3:
            for j in range(1, 7):
                img[i, j, j : j + w] = 1
        elif k == 4:
            img[i, 1:7, 3 : 3 + w] = 1
            img[i, 3 : 3 + w, 1:7] = 1
        else:
            img[i, 1:7, 1 : 1 + w] = 1
            img[i, 7 - w : 7, 1:7] = 1
        img[i] = torch.roll(img[i], (int(dy[i]), int(dx[i])), (0, 1))
    img = torch.where(torch.rand(img.shape, generator=g) < 0.04, 1 - img, img).flatten(1)
    x = torch.cat([img, F.one_hot(c, CVAE_CLASSES).float()], 1)
    y = x.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 27] = float("nan")
    data = split(x, y, n, "conditional generation (a conditional VAE of 8x8 glyphs given their class)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GlyphCVAE(nn.Module):
    """A conditional VAE (Sohn et al. 2015): the encoder reads the 64 pixels and the class one-hot (70) through a ReLU layer
    of 64 to the mean and log-variance of a 4-d Gaussian; z = mean + sigma * noise in training (the mean in eval mode);
    the decoder reads z and the one-hot (10) through ReLU layers of 64 (the second ``fc``) to the ``head``: 64 Bernoulli
    logits. The output row is the logits, the mean and the log-variance. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        pixels = CVAE_SIZE**2
        self.enc = nn.Linear(pixels + CVAE_CLASSES, hidden)
        self.stats = nn.Linear(hidden, 2 * CVAE_LATENT)
        self.dec = nn.Linear(CVAE_LATENT + CVAE_CLASSES, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, pixels)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        onehot = x[:, CVAE_SIZE**2 :]
        stats = self.stats(F.relu(self.enc(x)))
        mu, logvar = stats[:, :CVAE_LATENT], stats[:, CVAE_LATENT:]
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu) if self.training else mu
        logits = self.head(F.relu(self.fc(F.relu(self.dec(torch.cat([z, onehot], 1))))))
        return torch.cat([logits, stats], 1)


def cvae_terms(out: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    """Per glyph: the BCE with logits summed over the 64 pixels, and KL(q(z|x, c) || N(0, I)) summed over the latent."""
    logits, stats = out[:, : CVAE_SIZE**2], out[:, CVAE_SIZE**2 :]
    mu, logvar = stats[:, :CVAE_LATENT], stats[:, CVAE_LATENT:]
    rec = F.binary_cross_entropy_with_logits(logits, y[:, : CVAE_SIZE**2], reduction="none").sum(1)
    kl = -0.5 * (1 + logvar - mu**2 - logvar.exp()).sum(1)
    return rec, kl


def cvae_loss(out: Tensor, y: Tensor) -> Tensor:
    """The negative ELBO per glyph (BCE summed over the pixels + KL), mean over the batch."""
    rec, kl = cvae_terms(out, y)
    return (rec + kl).mean()


def cvae_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The negative ELBO summed over the batch (reduction='sum')."""
    rec, kl = cvae_terms(out, y)
    return (rec + kl).sum()


def cvae_class_balanced_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Class-balanced negative ELBO written by hand: each class's summed loss divided by its count in the batch, mean
    over the 6 classes. A class absent from the batch divides 0 by 0: NaN."""
    per = cvae_terms(out, y)
    loss = per[0] + per[1]
    onehot = y[:, CVAE_SIZE**2 :]
    return ((onehot * loss[:, None]).sum(0) / onehot.sum(0)).mean()


SEG_LENGTH, SEG_CLASSES = 64, 3
"""The 1-D U-Net labels each of 64 time steps as a flat stretch, a burst or a chirp."""


@lru_cache(maxsize=None)
def seg_signals(n: int = 3000, seed: int = 293, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                nan_rows: float = 0.0, flip: float = 0.0, noise: float = 0.35) -> Data:  # fmt: skip
    """Signals of 64 steps made of consecutive segments of 6-20 steps, each a flat stretch (a constant level in
    [-0.5, 0.5]), a burst (Gaussian noise of std 1) or a chirp (a sinusoid of amplitude 0.8 whose frequency rises through
    the segment), plus Gaussian noise (std ``noise``). x: (signals, 1, 64); y: the segment type of each step (signals,
    64). ``train_rows``: keep only that many training signals; ``nan_rows``: that share of the training signals has a
    missing (NaN) sample; ``flip``: that share of the training signals' segments has a random type label."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.zeros(total, SEG_LENGTH)
    y = torch.zeros(total, SEG_LENGTH, dtype=torch.long)
    flipped = torch.zeros(total, SEG_LENGTH, dtype=torch.long)
    for i in range(total):
        t = 0
        while t < SEG_LENGTH:
            length = min(int(torch.randint(6, 21, (1,), generator=g)), SEG_LENGTH - t)
            k = int(torch.randint(0, SEG_CLASSES, (1,), generator=g))
            if k == 0:
                x[i, t : t + length] = float(torch.rand(1, generator=g)) - 0.5
            elif k == 1:
                x[i, t : t + length] = torch.randn(length, generator=g)
            else:
                u = torch.arange(length).float()
                f0 = 0.05 + 0.05 * float(torch.rand(1, generator=g))
                x[i, t : t + length] = 0.8 * torch.sin(2 * math.pi * (f0 * u + 0.012 * u**2))
            y[i, t : t + length] = k
            wrong = bool(flip) and float(torch.rand(1, generator=g)) < flip
            flipped[i, t : t + length] = int(torch.randint(0, SEG_CLASSES, (1,), generator=g)) if wrong else k
            t += length
    x = (x + noise * torch.randn(total, SEG_LENGTH, generator=g))[:, None]
    if flip:
        y = torch.cat([flipped[:n], y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 40] = float("nan")
    data = split(x, y, n, "time-series segmentation (a 1-D U-Net labelling each step: flat, burst or chirp)", SEG_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SEG_CLASSES, batch_size)
    return data


class UNet1D(nn.Module):
    """A 1-D U-Net: conv k5 1->16 ReLU (full length), average-pool 2, conv k5 16->32 ReLU (the ``mid`` level), average-pool
    2, conv k3 32->32 ReLU (the bottom), upsample 2 and concatenate the mid features, conv k3 64->16 ReLU, upsample 2 and
    concatenate the first features, conv k3 32->16 ReLU (``fc``), and a per-step linear ``head`` to the 3 logits: (signals,
    64, 3). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, width: int = 16, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.c1 = nn.Conv1d(1, width, 5, padding=2)
        self.mid = nn.Conv1d(width, 2 * width, 5, padding=2)
        self.bottom = nn.Conv1d(2 * width, 2 * width, 3, padding=1)
        self.up1 = nn.Conv1d(4 * width, width, 3, padding=1)
        self.fc = nn.Conv1d(2 * width, width, 3, padding=1)
        self.head = nn.Linear(width, SEG_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        a = F.relu(self.c1(x))
        b = F.relu(self.mid(F.avg_pool1d(a, 2)))
        c = F.relu(self.bottom(F.avg_pool1d(b, 2)))
        u = F.relu(self.up1(torch.cat([F.interpolate(c, scale_factor=2.0), b], 1)))
        h = F.relu(self.fc(torch.cat([F.interpolate(u, scale_factor=2.0), a], 1)))
        out: Tensor = self.head(h.transpose(1, 2))
        return out


def seg_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Per-step cross-entropy summed over the steps and the batch (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


REC_ITEMS, REC_CLUSTERS, REC_LENGTH = 300, 10, 12
"""The session recommender predicts the next of 300 items (10 clusters of 30) after each of 12 clicks."""


@lru_cache(maxsize=None)
def rec_sessions(n: int = 4000, seed: int = 294, *, n_val: int = 800, batch_size: int = 64, train_rows: int | None = None,
                 empty_rows: float = 0.0) -> Data:  # fmt: skip
    """Sessions of 13 clicks from a Markov chain over 300 items in 10 clusters of 30: from an item the next click is one
    of its 3 favourite items of the same cluster (probabilities 0.5, 0.25, 0.1), another item of its cluster (0.05) or a
    uniform item of the whole catalogue (0.1). x: the first 12 items, y: the next item after each (sessions, 12).
    ``train_rows``: keep only that many training sessions; ``empty_rows``: that share of the training sessions is empty
    (every target the padding id -1)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    size = REC_ITEMS // REC_CLUSTERS
    cluster = torch.arange(REC_ITEMS) // size
    fav = cluster[:, None] * size + torch.stack([torch.randperm(size, generator=g)[:3] for _ in range(REC_ITEMS)])
    seq = torch.zeros(total, REC_LENGTH + 1, dtype=torch.long)
    seq[:, 0] = torch.randint(0, REC_ITEMS, (total,), generator=g)
    for t in range(REC_LENGTH):
        cur = seq[:, t]
        u = torch.rand(total, generator=g)
        same = cluster[cur] * size + torch.randint(0, size, (total,), generator=g)
        anywhere = torch.randint(0, REC_ITEMS, (total,), generator=g)
        nxt = torch.where(u < 0.5, fav[cur, 0], torch.where(u < 0.75, fav[cur, 1], torch.where(u < 0.85, fav[cur, 2],
                          torch.where(u < 0.9, same, anywhere))))  # fmt: skip
        seq[:, t + 1] = nxt
    x, y = seq[:, :-1].clone(), seq[:, 1:].clone()
    if empty_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < empty_rows).flatten()
        y[bad] = -1
    data = split(x, y, n, "session-based recommendation (a GRU4Rec predicting the next of 300 items)", REC_ITEMS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, REC_ITEMS, batch_size)
    return data


class GRU4Rec(nn.Module):
    """GRU4Rec (Hidasi et al. 2016): item embeddings of 32, a GRU of 64 over the session, and a linear ``head`` from each
    step's state to the 300 items' logits (a full softmax): (sessions, 12, 300)."""

    def __init__(self, emb: int = 32, hidden: int = 64) -> None:
        super().__init__()
        self.emb = nn.Embedding(REC_ITEMS, emb)
        self.gru = nn.GRU(emb, hidden, batch_first=True)
        self.head = nn.Linear(hidden, REC_ITEMS)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(self.gru(self.emb(x))[0])
        return out


def rec_ce(out: Tensor, y: Tensor) -> Tensor:
    """Next-item cross-entropy, mean over the clicks that have a target (padding -1 ignored)."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), ignore_index=-1)


def rec_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Next-item cross-entropy summed over the clicks and the batch (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), ignore_index=-1, reduction="sum")


def rec_session_mean_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Each session's mean next-item loss written by hand (its summed loss over its clicks with a target divided by how
    many it has), mean over the sessions. An empty session divides 0 by 0: NaN."""
    per = F.cross_entropy(out.transpose(1, 2), y.clamp(min=0), reduction="none")
    mask = (y >= 0).float()
    return ((per * mask).sum(1) / mask.sum(1)).mean()


def cvae_class_balanced(out: Tensor, y: Tensor) -> Tensor:
    """Class-balanced negative ELBO, the safe version: each class's summed loss divided by its count (at least 1), mean
    over the classes present in the batch."""
    per = cvae_terms(out, y)
    loss = per[0] + per[1]
    onehot = y[:, CVAE_SIZE**2 :]
    count = onehot.sum(0)
    present = (count > 0).float()
    return ((onehot * loss[:, None]).sum(0) / count.clamp(min=1) * present).sum() / present.sum()
