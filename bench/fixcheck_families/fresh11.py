"""The eleventh fresh half (fresh11, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``capsule`` a small capsule network (Sabour et al.: a ReLU convolution, primary capsules, class capsules
reached by 3 iterations of dynamic routing by agreement, squashing) classifying 12x12 images of 6 stroke
glyphs by the margin loss of the class capsules' lengths, optionally plus a reconstruction decoder's
weighted squared error;
``vqvae`` a VQ-VAE of 1-D signals made of motifs: a conv encoder, 16 latents snapped to the nearest of 32
codes (unit-normalised, the codebook started from encodings), the straight-through estimator, a
transposed-conv decoder; reconstruction MSE + codebook loss + 0.25 x commitment loss (the held-out loss:
the reconstruction MSE of unseen signals);
``tcn`` a temporal convolutional network (residual blocks of dilated causal Conv1d, weight-normalised on some
runs) classifying 3-channel series into 6 classes by which channel's burst comes first and the period of an
oscillation, cross-entropy;
``fasttext`` a fastText classifier: the mean (nn.EmbeddingBag) of the embeddings of a document's words and
hashed bigrams and a linear layer, cross-entropy over 8 topics whose twins differ only in word order.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


GLYPH_SIZE, GLYPH_CLASSES = 12, 6
"""The capsule network classifies 12x12 images of 6 stroke glyphs: a plus, an X, a box, a ring, a T and an L."""
GLYPH_NAMES = ("plus", "x", "box", "ring", "tee", "ell")


@lru_cache(maxsize=None)
def glyph_images(n: int = 3000, seed: int = 191, *, n_val: int = 600, batch_size: int = 64, noise: float = 0.12,
                 train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """12x12 grey images of one of 6 glyphs drawn with a soft stroke: a plus, an X, a box outline, a ring, a T and an L,
    each at a random centre (+-1.5 pixels), half-size 2.5-4.5, stroke half-width 0.7-1.2, rotation +-20 degrees and
    intensity 0.6-1, plus Gaussian pixel noise ``noise``. x: (images, 1, 12, 12); y: the glyph (images,).
    ``train_rows``: keep only that many training images; ``nan_rows``: that share of the training images has a
    missing (NaN) pixel block (a sensor dropout)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(0, GLYPH_CLASSES, (total,), generator=g)
    coords = torch.arange(GLYPH_SIZE).float() - (GLYPH_SIZE - 1) / 2
    py, px = torch.meshgrid(coords, coords, indexing="ij")
    cx = (torch.rand(total, 1, 1, generator=g) - 0.5) * 3
    cy = (torch.rand(total, 1, 1, generator=g) - 0.5) * 3
    size = 2.5 + 2 * torch.rand(total, 1, 1, generator=g)
    width = 0.7 + 0.5 * torch.rand(total, 1, 1, generator=g)
    angle = (torch.rand(total, 1, 1, generator=g) - 0.5) * (40 * math.pi / 180)
    dx, dy = px - cx, py - cy
    u = torch.cos(angle) * dx + torch.sin(angle) * dy
    v = -torch.sin(angle) * dx + torch.cos(angle) * dy

    def segment(a: Tensor, b: Tensor, lo: Tensor, hi: Tensor) -> Tensor:
        """Distance to the segment along axis ``a`` from lo to hi at b = 0."""
        return torch.sqrt((a - a.clamp(min=lo, max=hi)) ** 2 + b**2)

    far = torch.full_like(u, 1e3)
    s = size
    hor, ver = segment(u, v, -s, s), segment(v, u, -s, s)
    d1, d2 = (u + v) / math.sqrt(2), (u - v) / math.sqrt(2)
    dist = torch.stack([
        torch.minimum(hor, ver),  # plus
        torch.minimum(segment(d1, d2, -s, s), segment(d2, d1, -s, s)),  # X
        (torch.maximum(u.abs(), v.abs()) - 0.8 * s).abs(),  # box
        (torch.sqrt(u**2 + v**2) - 0.9 * s).abs(),  # ring
        torch.minimum(segment(u, v + s, -s, s), segment(v, u, -s, s)),  # T
        torch.minimum(segment(v, u + s, -s, s), segment(u, v - s, -s, s)),  # L
        far,
    ])[y, torch.arange(total)]
    intensity = 0.6 + 0.4 * torch.rand(total, 1, 1, generator=g)
    img = intensity * torch.sigmoid((width - dist) / 0.3) + noise * torch.randn(total, GLYPH_SIZE, GLYPH_SIZE, generator=g)
    x = img[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, :, 2:5, 2:5] = float("nan")
    data = split(x, y, n, "image classification (capsule network, margin loss)", GLYPH_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, GLYPH_CLASSES,
                    batch_size)  # fmt: skip
    return data


CAPS_RECON_OFFSET = 2.0
"""The capsule network's reconstruction and its input ride in its output shifted down by 2 (below every capsule length,
which is in [0, 1)), so that the output's argmax is still the predicted class."""
CAPS_RECON_WEIGHT = 0.0005 * 784 / (GLYPH_SIZE * GLYPH_SIZE)
"""Sabour et al. weigh the summed squared reconstruction error of a 28x28 image by 0.0005: the same per pixel here."""


def squash(s: Tensor, dim: int = -1) -> Tensor:
    """Sabour et al.'s squashing non-linearity: |s|^2 / (1 + |s|^2) s / |s| (a small epsilon under the root)."""
    sq = (s**2).sum(dim, keepdim=True)
    return sq / (1 + sq) * s / torch.sqrt(sq + 1e-8)


class CapsNet(nn.Module):
    """A small capsule network (Sabour et al.): a 5x5 ReLU convolution of ``channels``, a primary-capsule 3x3 convolution
    of stride 2 giving ``types`` capsule types of ``caps_dim`` dimensions at each of the 3x3 positions (54 capsules,
    squashed), and a class-capsule layer of 6 capsules of ``out_dim`` dimensions reached by dynamic routing by agreement
    (``iters`` iterations) through a transform matrix per (input capsule, class). The output is the 6 class capsules'
    lengths (batch, 6); with ``recon`` also a decoder (a ReLU MLP 6 x out_dim -> 64 -> 144, sigmoid) of the class
    capsules masked to the longest, and the reconstruction and the input image flattened, both shifted down by
    ``CAPS_RECON_OFFSET``: (batch, 6 + 144 + 144). ``dead_bias`` < 0 starts the first convolution's biases there."""

    def __init__(self, channels: int = 16, types: int = 6, caps_dim: int = 4, out_dim: int = 8, iters: int = 3,
                 recon: bool = False, dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.conv = nn.Conv2d(1, channels, 5)
        if dead_bias:
            with torch.no_grad():
                self.conv.bias.fill_(dead_bias)
        self.primary = nn.Conv2d(channels, types * caps_dim, 3, stride=2)
        self.types, self.caps_dim, self.iters = types, caps_dim, iters
        n_in = types * 9
        self.W = nn.Parameter(0.3 * torch.randn(n_in, GLYPH_CLASSES, out_dim, caps_dim))
        self.decoder = (nn.Sequential(nn.Linear(GLYPH_CLASSES * out_dim, 64), nn.ReLU(), nn.Linear(64, GLYPH_SIZE**2))
                        if recon else None)  # fmt: skip

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.conv(x))
        p = self.primary(h)  # (batch, types * caps_dim, 3, 3)
        b_ = p.shape[0]
        u = squash(p.view(b_, self.types, self.caps_dim, -1).permute(0, 1, 3, 2).reshape(b_, -1, self.caps_dim))
        u_hat = torch.einsum("nkdc,bnc->bknd", self.W, u)  # (batch, classes, inputs, out_dim): the predictions
        logits = torch.zeros(u_hat.shape[:3], device=x.device)  # routing logits (batch, classes, inputs)
        for it in range(self.iters):
            c = logits.softmax(1)  # each input capsule's coupling over the classes
            v = squash((c.unsqueeze(2) @ u_hat).squeeze(2))  # (batch, classes, out_dim)
            if it < self.iters - 1:
                logits = logits + (u_hat @ v.unsqueeze(-1)).squeeze(-1)  # agreement
        lengths = v.norm(dim=-1)
        if self.decoder is None:
            return lengths
        mask = F.one_hot(lengths.argmax(-1), GLYPH_CLASSES).float().detach()
        recon = torch.sigmoid(self.decoder((v * mask[..., None]).flatten(1)))
        return torch.cat([lengths, recon - CAPS_RECON_OFFSET, x.flatten(1) - CAPS_RECON_OFFSET], 1)


def margin_loss(out: Tensor, y: Tensor) -> Tensor:
    """The capsules' margin loss (m+ 0.9, m- 0.1, lambda 0.5) summed over the classes, the mean over the batch; with a
    reconstruction in the output, plus ``CAPS_RECON_WEIGHT`` x its summed squared error."""
    lengths = out[:, :GLYPH_CLASSES]
    t = F.one_hot(y, GLYPH_CLASSES).float()
    loss = (t * F.relu(0.9 - lengths) ** 2 + 0.5 * (1 - t) * F.relu(lengths - 0.1) ** 2).sum(1).mean()
    if out.shape[1] > GLYPH_CLASSES:
        pixels = GLYPH_SIZE * GLYPH_SIZE
        recon, target = out[:, GLYPH_CLASSES : GLYPH_CLASSES + pixels], out[:, GLYPH_CLASSES + pixels :]
        loss = loss + CAPS_RECON_WEIGHT * ((recon - target) ** 2).sum(1).mean()
    return loss


def margin_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same margin loss summed over the batch as well (reduction='sum')."""
    return margin_loss(out, y) * len(y)


def margin_at_constant() -> float:
    """The margin loss of the best constant capsule lengths (every class the same length, whatever the image: 11/30):
    what a capsule network that ignores its input reaches."""
    best = 2.2 / 6
    return (0.9 - best) ** 2 + 0.5 * (GLYPH_CLASSES - 1) * (best - 0.1) ** 2


@lru_cache(maxsize=None)
def pretrained_capsnet_weights() -> dict[str, Tensor]:
    """A CapsNet trained (unrecorded) for 400 Adam steps on glyph images drawn from another seed (a checkpoint that a
    fine-tune starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="capsule-pretraining", data=glyph_images(seed=196, n=2000), model=CapsNet,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=400, seed=5, shuffle_offset=3000,
                        loss_fn=margin_loss)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_capsnet() -> CapsNet:
    """A CapsNet with the pretrained weights (a fine-tune starts from them)."""
    model = CapsNet()
    model.load_state_dict(pretrained_capsnet_weights())
    return model


VQ_LENGTH, VQ_SEGMENTS = 64, 4
"""The VQ-VAE reconstructs 1-D signals of 64 samples made of 4 segments of 16."""


@lru_cache(maxsize=None)
def motif_signals(n: int = 4000, seed: int = 192, *, n_val: int = 800, batch_size: int = 64, noise: float = 0.05,
                  train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """1-D signals of 64 samples, each of its 4 segments of 16 samples one of 8 motifs (a sine burst of 1 or 2.5
    periods, a rising or a falling ramp, a square pulse, a Gaussian bump, a triangle, silence) at a random amplitude
    (0.5-1.5, either sign) and shift (+-2 samples), plus Gaussian noise ``noise``. x: (signals, 1, 64); y: the same
    signal (signals, 64): the target of the reconstruction. ``train_rows``: keep only that many training signals;
    ``nan_rows``: that share of the training signals has a dropped (NaN) sample."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    seg = VQ_LENGTH // VQ_SEGMENTS
    t = torch.arange(seg).float()
    motif = torch.randint(0, 8, (total, VQ_SEGMENTS), generator=g)
    shift = torch.randint(-2, 3, (total, VQ_SEGMENTS, 1), generator=g).float()
    tt = (t - shift).clamp(0, seg - 1) / (seg - 1)  # (total, segments, 16) in [0, 1]
    shapes = torch.stack([
        torch.sin(2 * math.pi * tt), torch.sin(5 * math.pi * tt), 2 * tt - 1, 1 - 2 * tt,
        ((tt > 0.3) & (tt < 0.7)).float(), torch.exp(-((tt - 0.5) ** 2) / 0.02), 1 - 2 * (tt - 0.5).abs() * 2,
        torch.zeros_like(tt),
    ])  # (8, total, segments, 16)
    picked = torch.gather(shapes.permute(1, 2, 0, 3), 2, motif[..., None, None].expand(-1, -1, 1, seg)).squeeze(2)
    amp = (0.5 + torch.rand(total, VQ_SEGMENTS, 1, generator=g)) * torch.where(
        torch.rand(total, VQ_SEGMENTS, 1, generator=g) < 0.5, -1.0, 1.0)  # fmt: skip
    signal = (amp * picked).reshape(total, VQ_LENGTH) + noise * torch.randn(total, VQ_LENGTH, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        signal[bad, 20] = float("nan")
    x, y = signal[:, None].clone(), signal.clone()
    data = split(x, y, n, "reconstruction (VQ-VAE of 1-D signals)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class VQVAE(nn.Module):
    """A VQ-VAE (van den Oord et al.) of 1-D signals: an encoder of two ReLU convolutions of stride 2 (``hidden``
    channels) and a 1x1 convolution to ``dim`` dimensions at each of the 16 latent positions, a codebook of ``codes``
    vectors (an nn.Embedding started at the encodings of random latent positions of 256 training signals), latents and
    codes unit-normalised (a cosine codebook), each latent snapped to its nearest code, the straight-through estimator,
    a decoder of two ReLU transposed convolutions and a per-sample linear ``head``. The output is the reconstruction
    (batch, 64) followed by two columns: the codebook loss |sg[z_e] - e|^2 and the commitment loss |z_e - sg[e]|^2 of
    each signal (means over its latents): (batch, 66)."""

    def __init__(self, codes: int = 32, dim: int = 16, hidden: int = 32) -> None:
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv1d(1, hidden, 4, 2, 1), nn.ReLU(), nn.Conv1d(hidden, hidden, 4, 2, 1), nn.ReLU(),
                                     nn.Conv1d(hidden, dim, 1))  # fmt: skip
        self.codebook = nn.Embedding(codes, dim)
        with torch.no_grad():  # the codes start at the encodings of random latent positions of 256 training signals
            z = self.encoder(motif_signals().x[:256]).transpose(1, 2).reshape(-1, dim)
            self.codebook.weight.copy_(z[torch.randperm(len(z))[:codes]])
        self.decoder = nn.Sequential(nn.ConvTranspose1d(dim, hidden, 4, 2, 1), nn.ReLU(),
                                     nn.ConvTranspose1d(hidden, hidden, 4, 2, 1), nn.ReLU())  # fmt: skip
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        z_e = F.normalize(self.encoder(x).transpose(1, 2), dim=-1)  # (batch, 16, dim), unit vectors
        codes = F.normalize(self.codebook.weight, dim=-1)
        idx = (z_e.reshape(-1, z_e.shape[-1]) @ codes.T).argmax(1)  # the nearest code
        z_q = codes[idx].view_as(z_e)
        codebook = ((z_q - z_e.detach()) ** 2).mean((1, 2))
        commit = ((z_e - z_q.detach()) ** 2).mean((1, 2))
        z = z_e + (z_q - z_e).detach()
        h = self.decoder(z.transpose(1, 2)).transpose(1, 2)  # (batch, 64, hidden)
        recon = self.head(h).squeeze(-1)
        return torch.cat([recon, codebook[:, None], commit[:, None]], 1)


VQ_BETA = 0.25
"""The commitment loss's weight (beta)."""


def vq_loss(out: Tensor, y: Tensor) -> Tensor:
    """The VQ-VAE loss: the reconstruction MSE plus the codebook loss plus 0.25 x the commitment loss (batch means)."""
    return F.mse_loss(out[:, :VQ_LENGTH], y) + out[:, VQ_LENGTH].mean() + VQ_BETA * out[:, VQ_LENGTH + 1].mean()


def vq_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same with the reconstruction's squared error summed over the samples and the batch (reduction='sum')."""
    return F.mse_loss(out[:, :VQ_LENGTH], y, reduction="sum") + out[:, VQ_LENGTH].sum() + VQ_BETA * out[:, VQ_LENGTH + 1].sum()


def vq_recon_mse(out: Tensor, y: Tensor) -> Tensor:
    """The reconstruction MSE alone: the held-out loss."""
    return F.mse_loss(out[:, :VQ_LENGTH], y)


def signals_at_zero() -> float:
    """The held-out reconstruction MSE of predicting 0 for every sample (the signals' mean square)."""
    return float((motif_signals().val_y ** 2).mean())


@lru_cache(maxsize=None)
def pretrained_vqvae_weights() -> dict[str, Tensor]:
    """A VQVAE trained (unrecorded) for 500 Adam steps on signals drawn from another seed (a checkpoint that a fine-tune
    starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="vqvae-pretraining", data=motif_signals(seed=197, n=2000), model=VQVAE,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=500, seed=5, shuffle_offset=3000,
                        loss_fn=vq_loss)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_vqvae() -> VQVAE:
    """A VQVAE with the pretrained weights (a fine-tune starts from them)."""
    model = VQVAE()
    model.load_state_dict(pretrained_vqvae_weights())
    return model


TCN_CHANNELS, TCN_STEPS, TCN_CLASSES = 3, 48, 6
"""The TCN classifies series of 3 channels and 48 time steps into 6 classes."""


@lru_cache(maxsize=None)
def event_series(n: int = 4000, seed: int = 193, *, n_val: int = 600, batch_size: int = 64, noise: float = 0.2,
                 train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Multivariate series of 3 channels and 48 steps: a Gaussian burst (amplitude 1-2, width 2) in channel 0 and one
    in channel 1, at times 4-36 at least 6 apart, and an oscillation in channel 2 (period 16, 9 or 5 steps, random
    phase, amplitude 0.8-1.3), over AR(1) noise of scale ``noise`` in every channel. The class (6): which channel's burst
    comes first, times which period. x: (series, 3, 48); y: the class (series,). ``train_rows``: keep only that many
    training series; ``nan_rows``: that share of the training series has a dropped (NaN) reading in channel 1."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.arange(TCN_STEPS).float()
    lead = torch.randint(0, 2, (total,), generator=g)
    period_class = torch.randint(0, 3, (total,), generator=g)
    first = 4 + torch.rand(total, generator=g) * 26
    gap = 6 + torch.rand(total, generator=g) * (30 - first)
    second = first + gap
    t0 = torch.where(lead == 0, first, second)
    t1 = torch.where(lead == 0, second, first)
    a0 = 1 + torch.rand(total, 1, generator=g)
    a1 = 1 + torch.rand(total, 1, generator=g)
    ch0 = a0 * torch.exp(-((t - t0[:, None]) ** 2) / 8)
    ch1 = a1 * torch.exp(-((t - t1[:, None]) ** 2) / 8)
    period = torch.tensor([16.0, 9.0, 5.0])[period_class]
    phase = torch.rand(total, 1, generator=g) * 2 * math.pi
    ch2 = (0.8 + 0.5 * torch.rand(total, 1, generator=g)) * torch.sin(2 * math.pi * t / period[:, None] + phase)
    eps = torch.randn(total, TCN_CHANNELS, TCN_STEPS, generator=g)
    ar = torch.zeros_like(eps)
    for k in range(TCN_STEPS):
        ar[..., k] = (0.7 * ar[..., k - 1] if k else 0) + math.sqrt(1 - 0.49) * eps[..., k]
    x = torch.stack([ch0, ch1, ch2], 1) + noise * ar
    y = lead * 3 + period_class
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1, 30] = float("nan")
    data = split(x, y, n, "time-series classification (TCN, 6 classes)", TCN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, TCN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class CausalConv(nn.Module):
    """A causal dilated Conv1d: the input padded on the left by (kernel - 1) x dilation, so that output t sees only
    inputs up to t; with ``weight_norm``, weight-normalised (torch.nn.utils.parametrizations.weight_norm)."""

    def __init__(self, c_in: int, c_out: int, kernel: int, dilation: int, weight_norm: bool = False) -> None:
        super().__init__()
        self.pad = (kernel - 1) * dilation
        conv = nn.Conv1d(c_in, c_out, kernel, dilation=dilation)
        self.conv = nn.utils.parametrizations.weight_norm(conv) if weight_norm else conv

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.conv(F.pad(x, (self.pad, 0)))
        return out


class TCN(nn.Module):
    """A temporal convolutional network (Bai et al.): a 1x1 input convolution to ``channels``, ``levels`` residual blocks
    of two causal dilated ReLU convolutions (kernel 3, dilations 1, 2, 4, 8: a receptive field of 61 steps; optionally
    weight-normalised), the last step's features through a ReLU ``readout`` layer and a linear ``head``: 6 logits.
    ``gain`` scales the blocks' convolution weights at init; ``dead_bias`` < 0 starts the readout's biases there (its
    units never fire, so nothing behind it learns)."""

    def __init__(self, channels: int = 16, levels: int = 4, weight_norm: bool = False, gain: float = 1.0,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.inp = nn.Conv1d(TCN_CHANNELS, channels, 1)
        self.blocks = nn.ModuleList(
            nn.ModuleList([CausalConv(channels, channels, 3, 2**k, weight_norm), CausalConv(channels, channels, 3, 2**k, weight_norm)])
            for k in range(levels))  # fmt: skip
        if gain != 1.0:
            with torch.no_grad():
                for block in self.blocks:
                    for conv in block:
                        if weight_norm:
                            conv.conv.parametrizations.weight.original0.mul_(gain)
                        else:
                            conv.conv.weight.mul_(gain)
        self.readout = nn.Linear(channels, channels)
        if dead_bias:
            with torch.no_grad():
                self.readout.bias.fill_(dead_bias)
        self.head = nn.Linear(channels, TCN_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        h = self.inp(x)
        for first, second in self.blocks:
            h = F.relu(h + second(F.relu(first(h))))
        out: Tensor = self.head(F.relu(self.readout(h[:, :, -1])))
        return out


def tcn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


FT_VOCAB, FT_TOPICS, FT_BUCKETS, FT_MAX_WORDS = 2500, 8, 8000, 48
"""fastText: documents of at most 48 words of a 2500-word vocabulary (ids 1-2500, 0 pads), 8 topics, word bigrams hashed
into 8000 buckets after the words (ids 2501-10500)."""


@lru_cache(maxsize=None)
def topic_documents(n: int = 8000, seed: int = 194, *, n_val: int = 2000, batch_size: int = 64, flip: float = 0.03,
                    train_rows: int | None = None, empty_rows: float = 0.0) -> Data:  # fmt: skip
    """Synthetic documents of 12-48 words for fastText: background words from a Zipf law over the 2500-word vocabulary,
    and with probability 0.3 at each even position a topic event of two words. The 8 topics come in 4 pairs; the two
    topics of a pair share 30 keywords and differ only in their order: a topic's events are the bigrams (k_2i, k_2i+1)
    of its pair's keywords, its twin's the reversed (k_2i+1, k_2i), so only the bigrams tell the twins apart; each topic
    also has 10 own keywords, which replace the second word of an event a third of the time. 3% of the training labels
    are flipped. x: (documents, 48 + 47): the word ids (0 pads), then the ids of their bigrams hashed into the buckets
    after the vocabulary (0 where a word is padding); y: the topic (documents,). ``train_rows``: keep only that many
    training documents; ``empty_rows``: that share of the training documents is empty (every id 0: a text that failed
    to parse)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    length = torch.randint(12, FT_MAX_WORDS + 1, (total,), generator=g)
    zipf = 1.0 / torch.arange(1, FT_VOCAB + 1).float() ** 1.05
    words = 1 + torch.multinomial(zipf / zipf.sum(), total * FT_MAX_WORDS, replacement=True, generator=g)
    words = words.view(total, FT_MAX_WORDS)
    y = torch.randint(0, FT_TOPICS, (total,), generator=g)
    keywords = 1 + 200 + torch.randperm(FT_VOCAB - 200, generator=g)[: 4 * 30 + FT_TOPICS * 10]  # mid-frequency words
    pair_kw = keywords[: 4 * 30].view(4, 15, 2)
    own_kw = keywords[4 * 30 :].view(FT_TOPICS, 10)
    half = FT_MAX_WORDS // 2
    event = torch.rand(total, half, generator=g) < 0.3
    which = torch.randint(0, 15, (total, half), generator=g)
    pair = (y // 2)[:, None].expand(-1, half)
    a, b = pair_kw[pair, which, 0], pair_kw[pair, which, 1]
    twin = (y % 2 == 1)[:, None]
    first, second = torch.where(twin, b, a), torch.where(twin, a, b)
    own = own_kw[y[:, None].expand(-1, half), torch.randint(0, 10, (total, half), generator=g)]
    second = torch.where(torch.rand(total, half, generator=g) < 1 / 3, own, second)
    words[:, 0::2] = torch.where(event, first, words[:, 0::2])
    words[:, 1::2] = torch.where(event, second, words[:, 1::2])
    pad = torch.arange(FT_MAX_WORDS)[None] >= length[:, None]
    words[pad] = 0
    bigrams = 1 + FT_VOCAB + (words[:, :-1] * 7919 + words[:, 1:] * 104729) % FT_BUCKETS
    bigrams[(words[:, :-1] == 0) | (words[:, 1:] == 0)] = 0
    x = torch.cat([words, bigrams], 1)
    y = torch.cat([flip_labels(y[:n], FT_TOPICS, flip, g), y[n:]])
    if empty_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < empty_rows).flatten()
        x[bad] = 0
    data = split(x, y, n, "text classification (fastText, 8 topics)", FT_TOPICS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, FT_TOPICS, batch_size)
    return data


class FastText(nn.Module):
    """A fastText classifier (Joulin et al.): the mean (nn.EmbeddingBag, mode 'mean', the padding id 0 left out) of the
    ``dim``-dimensional embeddings of a document's words and, with ``bigrams``, of its hashed bigrams (initialised
    uniform in +-1/dim as fastText does), and a linear ``head`` to the 8 topics."""

    def __init__(self, dim: int = 16, bigrams: bool = True) -> None:
        super().__init__()
        self.bigrams = bigrams
        self.bag = nn.EmbeddingBag(1 + FT_VOCAB + FT_BUCKETS, dim, mode="mean", padding_idx=0)
        with torch.no_grad():
            self.bag.weight.uniform_(-1 / dim, 1 / dim)
            self.bag.weight[0].zero_()
        self.head = nn.Linear(dim, FT_TOPICS)

    def forward(self, x: Tensor) -> Tensor:
        ids = x.long() if self.bigrams else x[:, :FT_MAX_WORDS].long()
        out: Tensor = self.head(self.bag(ids))
        return out


class FastTextByHand(FastText):
    """The same with the mean written by hand: the embeddings (an nn.Embedding) of the non-padding ids summed and divided
    by their count, which is 0 for an empty document: 0 / 0 = NaN."""

    def __init__(self, dim: int = 16) -> None:
        super().__init__(dim)
        self.embed = nn.Embedding(1 + FT_VOCAB + FT_BUCKETS, dim, padding_idx=0)
        with torch.no_grad():
            self.embed.weight.copy_(self.bag.weight)
        del self.bag

    def forward(self, x: Tensor) -> Tensor:
        ids = x.long()
        mask = (ids != 0).float()[..., None]
        mean = (self.embed(ids) * mask).sum(1) / mask.sum(1)
        out: Tensor = self.head(mean)
        return out


def topic_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


def topic_ce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy written by hand, -log(softmax(out)[y]): once a wrong topic's logit leads the true one's by ~104 the
    probability underflows to exactly 0.0 in float32 and its log is -inf (the loss inf, its gradient NaN)."""
    p = out.softmax(-1).gather(1, y[:, None]).squeeze(1)
    return -torch.log(p).mean()
