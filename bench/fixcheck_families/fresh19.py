"""The nineteenth fresh half (fresh19, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``fno`` a 1-D Fourier neural operator (spectral convolutions keeping the 8 lowest modes by rfft / irfft,
pointwise paths, GELU) mapping an initial condition to the solution of advection-diffusion, MSE;
``kan`` a Kolmogorov-Arnold network (8 Gaussian radial basis functions plus a SiLU base path per edge)
regressing a symbolic function of 5 inputs, MSE;
``qat`` a binarized CNN trained by the straight-through estimator (latent float weights, sign x mean |w|
in the forward) classifying 12x12 images of 8 glyphs, cross-entropy;
``lstmlm`` a word-level LSTM LM trained with truncated backpropagation through time (the state carried
from chunk to chunk, detached) on text from a probabilistic grammar, cross-entropy per word.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


FNO_GRID, FNO_MODES = 64, 8
"""The Fourier neural operator maps fields on a periodic grid of 64 points and keeps their 8 lowest Fourier modes."""


@lru_cache(maxsize=None)
def advection_solutions(n: int = 4000, seed: int = 271, *, n_val: int = 500, batch_size: int = 32,
                        train_rows: int | None = None, flat_rows: float = 0.0, noise: float = 0.0) -> Data:  # fmt: skip
    """Initial conditions u0 on a periodic grid of 64 points in [0, 1) (Fourier modes 1-5 with amplitudes N(0, 1) / k,
    random phases) and the solution of the advection-diffusion equation u_t + c u_x = nu u_xx at t = 0.3 (exact, mode by
    mode: damped by exp(-nu (2 pi k)^2 t), shifted by c t), c uniform in [0.5, 1.5] and nu in [0.005, 0.02] for each
    field. x: (fields, 64, 4) the initial condition, c, nu x 100 and the grid coordinate; y: (fields, 64) the solution.
    ``train_rows``: keep only that many training fields; ``flat_rows``: that share of the training fields starts flat
    (u0 = 0, so is the solution); ``noise``: measurement noise (std) on the training and validation fields."""
    g = torch.Generator().manual_seed(seed)
    total, t_end = n + n_val, 0.3
    grid = torch.arange(FNO_GRID).float() / FNO_GRID
    k = torch.arange(1, 6).float()
    amp = torch.randn(total, 5, generator=g) / k
    phase = 2 * math.pi * torch.rand(total, 5, generator=g)
    c = 0.5 + torch.rand(total, 1, generator=g)
    nu = 0.005 + 0.015 * torch.rand(total, 1, generator=g)
    angle = 2 * math.pi * k[None, :, None] * grid[None, None, :]
    u0 = (amp[..., None] * torch.sin(angle + phase[..., None])).sum(1)
    damp = torch.exp(-nu * (2 * math.pi * k) ** 2 * t_end)
    shift = 2 * math.pi * k[None, :, None] * (c * t_end)[..., None]
    u = ((amp * damp)[..., None] * torch.sin(angle - shift + phase[..., None])).sum(1)
    if flat_rows:
        flat = torch.nonzero(torch.rand(n, generator=g) < flat_rows).flatten()
        u0[flat], u[flat] = 0.0, 0.0
    if noise:
        u0 = u0 + noise * torch.randn(u0.shape, generator=g)
        u = u + noise * torch.randn(u.shape, generator=g)
    x = torch.stack([u0, c.expand(-1, FNO_GRID), 100 * nu.expand(-1, FNO_GRID), grid.expand(total, -1)], -1)
    data = split(x, u, n, "operator learning (a Fourier neural operator of 1-D advection-diffusion)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SpectralConv1d(nn.Module):
    """A spectral convolution (Li et al. 2021): rfft of the field, the lowest ``modes`` Fourier modes mixed across
    channels by learned complex weights (the higher modes dropped), irfft back to the grid."""

    def __init__(self, channels: int, modes: int = FNO_MODES) -> None:
        super().__init__()
        self.modes = modes
        scale = 1 / channels
        self.weight = nn.Parameter(scale * torch.randn(channels, channels, modes, dtype=torch.cfloat))

    def forward(self, h: Tensor) -> Tensor:  # (fields, grid, channels)
        spectrum = torch.fft.rfft(h, dim=1)
        low = torch.einsum("bmi,iom->bmo", spectrum[:, : self.modes], self.weight)
        return torch.fft.irfft(low, n=h.shape[1], dim=1)


class FourierOperator(nn.Module):
    """A 1-D Fourier neural operator: a pointwise lift of (u0, c, nu, x) to 32 channels, 3 Fourier layers (a spectral
    convolution keeping 8 modes plus a pointwise linear path, GELU between them), a pointwise ReLU ``fc`` layer of 64
    and a linear ``head`` to the solution at each grid point: (fields, 64). ``dead_bias`` < 0 starts fc's biases there
    (its units never fire, so nothing behind it learns)."""

    def __init__(self, width: int = 32, layers: int = 3, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.lift = nn.Linear(4, width)
        self.spectral = nn.ModuleList([SpectralConv1d(width) for _ in range(layers)])
        self.pointwise = nn.ModuleList([nn.Linear(width, width) for _ in range(layers)])
        self.fc = nn.Linear(width, 2 * width)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(2 * width, 1)

    def forward(self, x: Tensor) -> Tensor:
        h = self.lift(x)
        for i, (spectral, pointwise) in enumerate(zip(self.spectral, self.pointwise)):
            h = spectral(h) + pointwise(h)
            if i < len(self.spectral) - 1:
                h = F.gelu(h)
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(-1)
        return out


def fno_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the grid and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def fno_relative_l2_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The relative L2 error written by hand, field by field: ||out - y|| / ||y||, mean over the batch. A flat field
    (y = 0) divides by zero: the loss is inf and the gradients NaN."""
    return ((out - y).norm(dim=1) / y.norm(dim=1)).mean()


def fno_relative_l2(out: Tensor, y: Tensor) -> Tensor:
    """The relative L2 error of the batch as a whole: ||out - y|| / ||y|| over every field (finite while any field of
    the batch is not flat)."""
    return (out - y).norm() / y.norm().clamp(min=1e-6)


def fno_at_zero() -> float:
    """The held-out mse of predicting a flat solution (u = 0): the mean square of the solutions, ~0.4."""
    return float((advection_solutions().val_y ** 2).mean())


KAN_FEATURES = 5
"""The Kolmogorov-Arnold network regresses a function of 5 inputs."""


@lru_cache(maxsize=None)
def kan_regression(n: int = 4000, seed: int = 272, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                   nan_rows: float = 0.0, noise: float = 0.05) -> Data:  # fmt: skip
    """Inputs uniform in [-1, 1]^5 and a smooth symbolic target, exp(0.6 sin(pi (x1^2 + x2^2)) + 0.6 sin(pi (x3^2 +
    x4^2))) + 0.5 tanh(2 x5) (after the KAN paper's example), standardised, plus noise (std ``noise``). ``train_rows``:
    keep only that many training rows; ``nan_rows``: that share of the training rows has a missing (NaN) input."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = 2 * torch.rand(total, KAN_FEATURES, generator=g) - 1
    y = torch.exp(0.6 * torch.sin(math.pi * (x[:, 0] ** 2 + x[:, 1] ** 2)) + 0.6 * torch.sin(math.pi * (x[:, 2] ** 2 + x[:, 3] ** 2)))
    y = y + 0.5 * torch.tanh(2 * x[:, 4])
    y = (y - y[:n].mean()) / y[:n].std()
    y = (y + noise * torch.randn(total, generator=g))[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "regression (a Kolmogorov-Arnold network of a symbolic function of 5 inputs)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class KANLayer(nn.Module):
    """A Kolmogorov-Arnold layer (Liu et al. 2024, in the radial-basis form of FastKAN): each edge i -> o carries a
    learnable univariate function, a combination of 8 Gaussian bumps on a grid over [-2, 2] (their coefficients the
    ``spline`` layer over the flattened basis) plus a SiLU ``base`` path; the outputs sum the edges."""

    def __init__(self, n_in: int, n_out: int, grid: int = 8) -> None:
        super().__init__()
        self.register_buffer("centres", torch.linspace(-2, 2, grid))
        self.width = 4 / (grid - 1)
        self.spline = nn.Linear(n_in * grid, n_out)
        self.base = nn.Linear(n_in, n_out, bias=False)

    def forward(self, x: Tensor) -> Tensor:
        basis = torch.exp(-(((x[..., None] - self.centres) / self.width) ** 2))
        out: Tensor = self.spline(basis.flatten(1)) + self.base(F.silu(x))
        return out


class KANet(nn.Module):
    """A Kolmogorov-Arnold network 5-16-16-1 of ``KANLayer``s; the last layer's spline coefficients are the ``head``."""

    def __init__(self, hidden: int = 16) -> None:
        super().__init__()
        self.layers = nn.Sequential(KANLayer(KAN_FEATURES, hidden), KANLayer(hidden, hidden), KANLayer(hidden, 1))
        self.head = self.layers[-1].spline

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.layers(x)
        return out


def kan_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


QAT_SIZE, QAT_CLASSES = 12, 8
"""The quantized CNN classifies 12x12 grey images of 8 glyphs."""


@lru_cache(maxsize=None)
def bar_glyphs(n: int = 4000, seed: int = 273, *, n_val: int = 800, batch_size: int = 32, train_rows: int | None = None,
               nan_rows: float = 0.0, noise: float = 0.5, flip: float = 0.0) -> Data:  # fmt: skip
    """12x12 grey images of one of 8 glyphs (a horizontal bar, a vertical bar, a diagonal, an anti-diagonal, a plus, an
    X, a square outline, a filled disc) of random size (half-width 2-4) at a random place (centre 4-7 a side) and
    brightness (0.7-1.3), plus Gaussian noise (std ``noise``); the class is the glyph. x: (images, 1, 12, 12).
    ``train_rows``: keep only that many training images; ``nan_rows``: that share of the training images has a missing
    (NaN) pixel; ``flip``: that share of the training labels is replaced by a random class."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    coords = torch.arange(QAT_SIZE).float()
    yy, xx = torch.meshgrid(coords, coords, indexing="ij")
    y = torch.randint(0, QAT_CLASSES, (total,), generator=g)
    cx = 4 + 3 * torch.rand(total, 1, 1, generator=g)
    cy = 4 + 3 * torch.rand(total, 1, 1, generator=g)
    r = 2 + 2 * torch.rand(total, 1, 1, generator=g)
    dx, dy = xx - cx, yy - cy
    inside = (dx.abs() <= r) & (dy.abs() <= r)
    strokes = torch.stack([
        inside & (dy.abs() < 0.8), inside & (dx.abs() < 0.8), inside & ((dx - dy).abs() < 0.9),
        inside & ((dx + dy).abs() < 0.9), inside & ((dx.abs() < 0.8) | (dy.abs() < 0.8)),
        inside & (((dx - dy).abs() < 0.9) | ((dx + dy).abs() < 0.9)), inside & ((dx.abs() > r - 1) | (dy.abs() > r - 1)),
        dx**2 + dy**2 <= r**2,
    ], 1).float()  # fmt: skip
    img = strokes[torch.arange(total), y] * (0.7 + 0.6 * torch.rand(total, 1, 1, generator=g))
    x = (img + noise * torch.randn(total, QAT_SIZE, QAT_SIZE, generator=g))[:, None]
    if flip:
        y = torch.cat([flip_labels(y[:n], QAT_CLASSES, flip, g), y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 5] = float("nan")
    data = split(x, y, n, "image classification (a binarized CNN of 8 glyphs)", QAT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, QAT_CLASSES, batch_size)
    return data


def binarized(w: Tensor) -> Tensor:
    """Weights binarized by the straight-through estimator (XNOR-Net style): sign(w) times the mean |w| of each output
    unit in the forward; the backward passes the gradient straight through to the latent float weights where |w| <= 1
    (hardtanh's gradient) and zero beyond."""
    clipped = w.clamp(-1, 1)
    scale = w.abs().mean(dim=tuple(range(1, w.dim())), keepdim=True)
    return clipped + (torch.sign(w) * scale - clipped).detach()


class BinaryConv2d(nn.Conv2d):
    """A 3x3 convolution whose latent float weights are binarized in the forward (``binarized``)."""

    def forward(self, x: Tensor) -> Tensor:
        return F.conv2d(x, binarized(self.weight), self.bias, self.stride, self.padding)


class BinaryLinear(nn.Linear):
    """A linear layer whose latent float weights are binarized in the forward (``binarized``)."""

    def forward(self, x: Tensor) -> Tensor:
        return F.linear(x, binarized(self.weight), self.bias)


class BinaryCNN(nn.Module):
    """A binarized CNN trained by the straight-through estimator: a float 3x3 convolution of 16 (the first layer kept
    in full precision), BatchNorm, ReLU, pooling; a binarized 3x3 convolution of 32, BatchNorm, ReLU, pooling; a
    binarized ReLU ``fc`` layer of 64 and a float linear ``head`` to the 8 logits. ``dead_bias`` < 0 starts fc's biases
    there (its units never fire, so nothing behind it learns)."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            BinaryConv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        )  # fmt: skip
        self.fc = BinaryLinear(32 * 3 * 3, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, QAT_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.features(x))))
        return out


def qat_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


LM_WORDS = {
    "det_s": ["the", "a", "one", "this"], "det_p": ["the", "some", "two", "these"],
    "adj": ["red", "small", "old", "quiet", "bright", "lazy"],
    "noun_s": ["cat", "dog", "bird", "child", "robot", "farmer"], "noun_p": ["cats", "dogs", "birds", "children", "robots", "farmers"],
    "verb_s": ["sees", "likes", "chases", "helps", "follows"], "verb_p": ["see", "like", "chase", "help", "follow"],
    "prep": ["near", "behind", "with"], "conj": ["and", "but"],
}  # fmt: skip
LM_VOCAB = sorted({w for words in LM_WORDS.values() for w in words} | {"."})
"""The word-level LM's vocabulary: the grammar's words and the full stop (41 tokens)."""


def grammar_words(count: int, seed: int) -> list[str]:
    """Words of sentences from a small probabilistic grammar with number agreement: a noun phrase (a determiner of its
    number, an adjective with probability 0.4, a noun), a verb agreeing with it, a second noun phrase with a
    prepositional phrase (probability 0.3), a second clause after a conjunction (probability 0.25), a full stop."""
    g = torch.Generator().manual_seed(seed)

    def pick(kind: str) -> str:
        words = LM_WORDS[kind]
        return words[int(torch.randint(len(words), (1,), generator=g))]

    def chance(p: float) -> bool:
        return float(torch.rand(1, generator=g)) < p

    def phrase(plural: bool) -> list[str]:
        n = "p" if plural else "s"
        return [pick(f"det_{n}")] + ([pick("adj")] if chance(0.4) else []) + [pick(f"noun_{n}")]

    def clause() -> list[str]:
        plural = chance(0.5)
        obj = phrase(chance(0.5))
        if chance(0.3):
            obj += [pick("prep")] + phrase(chance(0.5))
        return phrase(plural) + [pick("verb_p" if plural else "verb_s")] + obj

    words: list[str] = []
    while len(words) < count:
        words += clause() + ([pick("conj")] + clause() if chance(0.25) else []) + ["."]
    return words[:count]


@dataclass(frozen=True)
class TokenStream(Data):
    """A token stream batched for truncated backpropagation through time: the training text cut into ``batch_size``
    parallel streams, each cut into chunks of ``x.shape[1]`` tokens; row k * batch_size + b of x (y: the same shifted
    by one token) is chunk k of stream b. Each epoch's minibatches are the chunks in order (chunk k of every stream,
    then chunk k + 1: each continues the last), starting at a chunk drawn by the seeded generator and wrapping around."""

    def batches(self, seed: int) -> Iterator[tuple[Tensor, Tensor, float]]:
        g = torch.Generator().manual_seed(seed)
        per, b = self.steps_per_epoch(), self.batch_size
        epoch = 0
        while True:
            start = int(torch.randint(per, (1,), generator=g))
            for k in range(per):
                chunk = (start + k) % per
                rows = slice(chunk * b, (chunk + 1) * b)
                yield self.x[rows], self.y[rows], epoch + k / per
            epoch += 1


@lru_cache(maxsize=None)
def grammar_stream(tokens: int = 32000, seed: int = 274, *, val_tokens: int = 6400, batch_size: int = 16, bptt: int = 20,
                   val_len: int = 32) -> TokenStream:  # fmt: skip
    """Word-level language modelling of ``grammar_words`` text, batched for truncated BPTT (``TokenStream``):
    ``tokens`` training words in ``batch_size`` streams cut into chunks of ``bptt``; the validation text in windows of
    ``val_len`` words, each read from a fresh state."""
    words = grammar_words(tokens + val_tokens + 2, seed)
    ids = torch.tensor([LM_VOCAB.index(w) for w in words])
    train_ids, val_ids = ids[: tokens + 1], ids[tokens + 1 :]
    per = tokens // (batch_size * bptt)
    length = per * bptt
    streams_x = train_ids[: batch_size * length].view(batch_size, length)
    streams_y = train_ids[1 : batch_size * length + 1].view(batch_size, length)
    x = streams_x.view(batch_size, per, bptt).transpose(0, 1).reshape(per * batch_size, bptt)
    y = streams_y.view(batch_size, per, bptt).transpose(0, 1).reshape(per * batch_size, bptt)
    windows = (len(val_ids) - 1) // val_len
    vx = val_ids[: windows * val_len].view(windows, val_len)
    vy = val_ids[1 : windows * val_len + 1].view(windows, val_len)
    return TokenStream(x, y, vx, vy, "language_model", len(LM_VOCAB), batch_size)


class LSTMLanguageModel(nn.Module):
    """A word-level LSTM LM trained with truncated backpropagation through time: an embedding of 32, a one-layer LSTM of
    64, a ReLU ``fc`` layer of 64 and a linear ``head`` to the 41 logits: (batch, tokens, 41). In training the (h, c)
    state left by a batch starts the next one, detached (the gradient stops at the chunk's start); in evaluation each
    window starts from zeros. ``dead_bias`` < 0 starts fc's biases there (its units never fire, so nothing behind it
    learns)."""

    def __init__(self, d: int = 32, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(len(LM_VOCAB), d)
        self.lstm = nn.LSTM(d, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, hidden)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, len(LM_VOCAB))
        self.state: tuple[Tensor, Tensor] | None = None

    def forward(self, x: Tensor) -> Tensor:
        carried = self.training and self.state is not None and self.state[0].shape[1] == x.shape[0]
        h, state = self.lstm(self.embed(x), self.state if carried else None)
        if self.training:
            self.state = (state[0].detach(), state[1].detach())
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def lm_unigram_entropy() -> float:
    """The entropy of the training text's word frequencies (nats): what an LM that ignores the context reaches."""
    counts = torch.bincount(grammar_stream().y.flatten(), minlength=len(LM_VOCAB)).float()
    p = counts[counts > 0] / counts.sum()
    return float(-(p * p.log()).sum())


@lru_cache(maxsize=None)
def short_grammar_stream(tokens: int, seed: int = 275) -> TokenStream:
    """``grammar_stream`` of only ``tokens`` training words (the same validation text): a short text an LSTM can
    memorise."""
    base = grammar_stream()
    short = grammar_stream(tokens, seed)
    return TokenStream(short.x, short.y, base.val_x, base.val_y, base.task, base.num_classes, base.batch_size)
