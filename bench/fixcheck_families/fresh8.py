"""The eighth fresh half (fresh8, held out from all tuning): its model families' data and models (read as ``fd.<name>``
through ``bench/fixcheck_data.py``).

``crf`` a BiGRU-CRF (or BiLSTM-CRF, or vanilla RNN-CRF) sequence tagger of 16-token BIO-tagged sequences of
two entity kinds: emission scores from the recurrent layer, a learnable 5 x 5 transition matrix with
start and end scores, the CRF negative log-likelihood per sequence by the forward algorithm (logsumexp);
``pixelcnn`` a small autoregressive PixelCNN (a 5x5 type-A masked convolution, residual 3x3 type-B ones)
of binary 12x12 images of random shapes, per-pixel binary cross-entropy with logits;
``siren`` a coordinate MLP fitting a 64x64 synthetic image from its pixel coordinates: a SIREN (sine
activations, omega_0 = 30, SIREN's init) or random Fourier features and a ReLU MLP, MSE, the held-out
loss on the pixels not trained on;
``multitask`` a shared ReLU trunk with a 6-class classification head and a regression head, the two
losses weighted by learned log-variances (Kendall et al.'s homoscedastic uncertainty: exp(-s) L + s/2,
which can go below 0).
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


CRF_TAGS, CRF_VOCAB, CRF_LENGTH = 5, 40, 16
"""BIO tags of two entity kinds (O, B-A, I-A, B-B, I-B) over a 40-token vocabulary, 16 tokens a sequence."""
CRF_NEXT = torch.tensor([
    [0.76, 0.12, 0.00, 0.12, 0.00],  # O -> O, B-A, B-B
    [0.35, 0.00, 0.60, 0.05, 0.00],  # B-A -> I-A mostly
    [0.55, 0.04, 0.36, 0.05, 0.00],  # I-A -> I-A, O
    [0.35, 0.05, 0.00, 0.00, 0.60],  # B-B -> I-B mostly
    [0.55, 0.05, 0.00, 0.04, 0.36],  # I-B -> I-B, O
])  # fmt: skip
"""The tag chain: an I- tag only continues an entity of its kind (the constraint a CRF's transitions learn)."""


@lru_cache(maxsize=None)
def tagged_sequences(n: int = 3000, seed: int = 161, *, n_val: int = 800, batch_size: int = 32, noise: float = 0.08,
                     trigger: float = 0.6, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic BIO-tagged token sequences for a sequence tagger: tags from the Markov chain ``CRF_NEXT`` (start O
    0.7, B-A 0.15, B-B 0.15); an O token is one of 16 function words (0-15), an entity token of kind A one of 16-25
    and of kind B one of 21-29 (21-25 shared: ambiguous), the B- and I- tags of a kind drawn from the same words (only
    the context tells where an entity starts). The O token before an entity is its kind's trigger word (30 for A, 31
    for B) with probability ``trigger``; ``noise`` of the tokens are replaced by uniform random ones of 0-31. x: the
    tokens (batch, 16); y: the tags (batch, 16). ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    tags = torch.zeros(total, CRF_LENGTH, dtype=torch.long)
    tags[:, 0] = torch.multinomial(torch.tensor([0.7, 0.15, 0.0, 0.15, 0.0]), total, replacement=True, generator=g)
    for t in range(1, CRF_LENGTH):
        tags[:, t] = torch.multinomial(CRF_NEXT[tags[:, t - 1]], 1, generator=g).squeeze(1)
    kind_a = (tags == 1) | (tags == 2)
    kind_b = (tags == 3) | (tags == 4)
    tokens = torch.randint(0, 16, (total, CRF_LENGTH), generator=g)
    tokens = torch.where(kind_a, torch.randint(16, 26, (total, CRF_LENGTH), generator=g), tokens)
    tokens = torch.where(kind_b, torch.randint(21, 30, (total, CRF_LENGTH), generator=g), tokens)
    before = torch.zeros_like(tags)
    before[:, :-1] = tags[:, 1:]
    cue = (tags == 0) & (torch.rand(total, CRF_LENGTH, generator=g) < trigger)
    tokens = torch.where(cue & (before == 1), torch.full_like(tokens, 30), tokens)
    tokens = torch.where(cue & (before == 3), torch.full_like(tokens, 31), tokens)
    noisy = torch.rand(total, CRF_LENGTH, generator=g) < noise
    tokens = torch.where(noisy, torch.randint(0, 32, (total, CRF_LENGTH), generator=g), tokens)
    data = split(tokens, tags, n, "sequence_labeling (linear-chain CRF)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class RNNCRF(nn.Module):
    """A BiLSTM/BiGRU-CRF tagger: token embeddings (``embed``), a bidirectional GRU or LSTM (``hidden`` a direction;
    with ``kind`` "rnn" a unidirectional vanilla tanh RNN whose recurrent weights start orthogonal times ``gain``), a
    linear head of emission scores over the 5 tags, and the CRF's learnable transition scores (5 x 5) with start and
    end scores. Output (batch, 16 + 5 + 2, 5): the emissions of each position, then the transition matrix and the
    start and end scores (the same for every sequence), which the CRF loss reads."""

    def __init__(self, kind: str = "gru", hidden: int = 24, embed: int = 16, gain: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(CRF_VOCAB, embed)
        self.rnn: nn.Module
        if kind == "rnn":
            rnn = nn.RNN(embed, hidden, batch_first=True)
            out = hidden
            if gain:
                with torch.no_grad():
                    nn.init.orthogonal_(rnn.get_parameter("weight_hh_l0"), gain=gain)
            self.rnn = rnn
        else:
            self.rnn = (nn.GRU if kind == "gru" else nn.LSTM)(embed, hidden, batch_first=True, bidirectional=True)
            out = 2 * hidden
        self.head = nn.Linear(out, CRF_TAGS)
        self.transitions = nn.Parameter(torch.empty(CRF_TAGS, CRF_TAGS).uniform_(-0.1, 0.1))
        self.start = nn.Parameter(torch.zeros(CRF_TAGS))
        self.end = nn.Parameter(torch.zeros(CRF_TAGS))

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.rnn(self.embed(x))
        b = len(x)
        return torch.cat([self.head(h), self.transitions.expand(b, -1, -1), self.start.expand(b, 1, -1),
                          self.end.expand(b, 1, -1)], 1)  # fmt: skip


def _crf_parts(out: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    t = out.shape[1] - CRF_TAGS - 2
    return out[:, :t], out[0, t : t + CRF_TAGS], out[0, t + CRF_TAGS], out[0, t + CRF_TAGS + 1]


def crf_nll_each(out: Tensor, y: Tensor) -> Tensor:
    """Each sequence's CRF negative log-likelihood: log Z (the forward algorithm over all tag paths, in log space with
    logsumexp) minus the score of the gold path (start + emissions + transitions + end)."""
    em, trans, start, end = _crf_parts(out)
    gold = (start[y[:, 0]] + em.gather(2, y[..., None]).squeeze(-1).sum(1) + trans[y[:, :-1], y[:, 1:]].sum(1)
            + end[y[:, -1]])  # fmt: skip
    log_alpha = start + em[:, 0]
    for t in range(1, em.shape[1]):
        log_alpha = torch.logsumexp(log_alpha[:, :, None] + trans[None] + em[:, t, None, :], 1)
    return torch.logsumexp(log_alpha + end, 1) - gold


def crf_nll(out: Tensor, y: Tensor) -> Tensor:
    """The CRF negative log-likelihood per sequence (the batch mean), as torchcrf's reduction='mean'."""
    return crf_nll_each(out, y).mean()


def crf_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The CRF negative log-likelihood summed over the batch (torchcrf's default reduction='sum')."""
    return crf_nll_each(out, y).sum()


def crf_uniform_nll() -> float:
    """The CRF loss of all-zero scores (16 ln 5 ~ 25.8 per sequence): where an untrained tagger starts."""
    return CRF_LENGTH * math.log(CRF_TAGS)


PIXEL_SIZE = 12


def _draw_shape(img: Tensor, g: torch.Generator) -> None:
    """One random shape on a 12x12 canvas: a filled rectangle, a hollow one, a horizontal or vertical bar, or a
    diagonal stroke."""
    kind = int(torch.randint(0, 5, (1,), generator=g))
    r, c = (int(v) for v in torch.randint(0, PIXEL_SIZE - 3, (2,), generator=g))
    h, w = (int(v) for v in torch.randint(3, 7, (2,), generator=g))
    r2, c2 = min(PIXEL_SIZE, r + h), min(PIXEL_SIZE, c + w)
    if kind == 0:
        img[r:r2, c:c2] = 1
    elif kind == 1:
        img[r:r2, c:c2] = 1
        img[r + 1 : r2 - 1, c + 1 : c2 - 1] = 0
    elif kind == 2:
        img[r, c : min(PIXEL_SIZE, c + 2 * w)] = 1
    elif kind == 3:
        img[r : min(PIXEL_SIZE, r + 2 * h), c] = 1
    else:
        for k in range(min(PIXEL_SIZE - r, PIXEL_SIZE - c, h + 3)):
            img[r + k, c + k] = 1


@lru_cache(maxsize=None)
def binary_images(n: int = 3000, seed: int = 162, *, n_val: int = 600, batch_size: int = 32, flip: float = 0.01,
                  train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Binary 12x12 images of 1-3 random shapes (filled and hollow rectangles, bars, diagonal strokes), ``flip`` of
    the pixels flipped. x = y = the image (batch, 12, 12) of 0. / 1. (an autoregressive model's target is its
    input). ``train_rows``: keep only that many training images; ``nan_rows``: that share of the training images is
    corrupt, one pixel NaN (in x and y alike)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.zeros(total, PIXEL_SIZE, PIXEL_SIZE)
    for i in range(total):
        for _ in range(int(torch.randint(1, 4, (1,), generator=g))):
            _draw_shape(x[i], g)
    flips = torch.rand(total, PIXEL_SIZE, PIXEL_SIZE, generator=g) < flip
    x = torch.where(flips, 1 - x, x)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5, 7] = float("nan")
    data = split(x, x.clone(), n, "density_estimation (autoregressive, binary pixels)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MaskedConv2d(nn.Conv2d):
    """A PixelCNN masked convolution: type "A" sees only the pixels above and to the left of the centre, type "B"
    the centre too (its own channel's value at the pixel, computed from the pixels before it)."""

    mask: Tensor

    def __init__(self, kind: str, cin: int, cout: int, k: int) -> None:
        super().__init__(cin, cout, k, padding=k // 2)
        mask = torch.ones_like(self.weight)
        c = k // 2
        mask[:, :, c, c + (kind == "B") :] = 0
        mask[:, :, c + 1 :] = 0
        self.register_buffer("mask", mask)

    def forward(self, x: Tensor) -> Tensor:
        return F.conv2d(x, self.weight * self.mask, self.bias, padding=self.padding)


class PixelCNN(nn.Module):
    """A small autoregressive PixelCNN of binary images: a 5x5 type-A masked convolution (1 -> ``channels``), ``layers``
    residual 3x3 type-B masked convolutions, ReLUs, then a per-pixel ReLU layer and a linear head (channel-last) giving
    each pixel's Bernoulli logit from the pixels before it in raster order: (batch, 12, 12). ``dead_bias`` < 0 starts
    the per-pixel layer's biases there (its units never fire)."""

    def __init__(self, channels: int = 16, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.first = MaskedConv2d("A", 1, channels, 5)
        self.blocks = nn.ModuleList(MaskedConv2d("B", channels, channels, 3) for _ in range(layers))
        self.pixel = nn.Linear(channels, channels)
        if dead_bias:
            with torch.no_grad():
                self.pixel.bias.fill_(dead_bias)
        self.head = nn.Linear(channels, 1)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.first(2 * x[:, None] - 1))
        for block in self.blocks:
            h = h + F.relu(block(h))
        logits: Tensor = self.head(F.relu(self.pixel(h.permute(0, 2, 3, 1))))
        return logits.squeeze(-1)


def pixel_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits per pixel (nats, the mean over the batch's pixels)."""
    return F.binary_cross_entropy_with_logits(out, y)


def pixel_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The per-pixel binary cross-entropy summed over the pixels and the batch (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


@lru_cache(maxsize=None)
def pretrained_pixelcnn_weights() -> dict[str, Tensor]:
    """A PixelCNN trained (unrecorded) for 400 Adam steps on other images of the same kind."""
    from harness import Setup, train

    pretraining = Setup(name="pixelcnn-pretraining", data=binary_images(seed=165), model=PixelCNN,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=400, seed=5, shuffle_offset=3000,
                        loss_fn=pixel_bce)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_pixelcnn() -> PixelCNN:
    """A PixelCNN with the pretrained weights (a fine-tune starts from them)."""
    model = PixelCNN()
    model.load_state_dict(pretrained_pixelcnn_weights())
    return model


SIREN_SIZE = 64


@lru_cache(maxsize=None)
def coordinate_image(seed: int = 163, *, train_share: float = 0.5, batch_size: int = 128, noise: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """A synthetic 64x64 grey image to fit from its pixel coordinates (an implicit neural representation): six
    Gaussian blobs, a sharp-edged disc, and a patch of oblique stripes, standardised. x: the (row, column)
    coordinates in [-1, 1] (pixels, 2); y: the value (pixels, 1). A random ``train_share`` of the pixels trains; the
    held-out loss is on the other pixels (unseen coordinates between the training ones). ``noise``: Gaussian noise of
    that standard deviation on every pixel's value (a noisy photograph); ``train_rows``: keep only that many
    training pixels."""
    g = torch.Generator().manual_seed(seed)
    axis = torch.linspace(-1, 1, SIREN_SIZE)
    r, c = torch.meshgrid(axis, axis, indexing="ij")
    img = torch.zeros(SIREN_SIZE, SIREN_SIZE)
    for _ in range(6):
        cy, cx = (2 * torch.rand(2, generator=g) - 1).tolist()
        width = 0.1 + 0.3 * float(torch.rand(1, generator=g))
        amp = float(torch.randn(1, generator=g))
        img += amp * torch.exp(-((r - cy) ** 2 + (c - cx) ** 2) / (2 * width**2))
    img += 1.0 * (((r - 0.35) ** 2 + (c + 0.3) ** 2) < 0.25**2).float()
    patch = ((r + 0.45).abs() < 0.3) & ((c - 0.4).abs() < 0.35)
    img += 0.6 * patch.float() * torch.sin(14 * (0.8 * r + 0.6 * c))
    img = (img - img.mean()) / img.std()
    img = img + noise * torch.randn(img.shape, generator=g)
    coords = torch.stack([r.flatten(), c.flatten()], 1)
    values = img.flatten()[:, None]
    order = torch.randperm(len(coords), generator=g)
    n = int(train_share * len(coords))
    data = split(coords[order], values[order], n, "regression (implicit neural representation: pixel value from its coordinates)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SineLayer(nn.Module):
    """sin(omega_0 (W x + b)) with SIREN's initialisation: the first layer's weights uniform in +-1/fan_in, the others'
    in +-sqrt(6 / fan_in) / omega_0."""

    def __init__(self, cin: int, cout: int, omega: float, first: bool = False) -> None:
        super().__init__()
        self.omega = omega
        self.linear = nn.Linear(cin, cout)
        bound = 1 / cin if first else math.sqrt(6 / cin) / omega
        with torch.no_grad():
            self.linear.weight.uniform_(-bound, bound)

    def forward(self, x: Tensor) -> Tensor:
        return torch.sin(self.omega * self.linear(x))


class Siren(nn.Module):
    """A SIREN coordinate MLP: ``layers`` sine layers of ``hidden`` units (omega_0 = ``omega``), a linear head (SIREN's
    init): the value at each coordinate, (batch, 1)."""

    def __init__(self, hidden: int = 64, layers: int = 3, omega: float = 30.0) -> None:
        super().__init__()
        self.body = nn.Sequential(SineLayer(2, hidden, omega, first=True),
                                  *(SineLayer(hidden, hidden, omega) for _ in range(layers - 1)))  # fmt: skip
        self.head = nn.Linear(hidden, 1)
        bound = math.sqrt(6 / hidden) / omega
        with torch.no_grad():
            self.head.weight.uniform_(-bound, bound)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(self.body(x))
        return out


class FourierMLP(nn.Module):
    """A coordinate MLP on random Fourier features (Tancik et al.): [sin 2 pi B x, cos 2 pi B x] with B (2 x
    ``features``) Gaussian of standard deviation ``scale``, then ``layers`` ReLU layers of ``hidden`` and a linear
    head: (batch, 1). ``dead_bias`` < 0 starts the last hidden layer's biases there (its units never fire)."""

    freqs: Tensor

    def __init__(self, features: int = 64, scale: float = 2.0, hidden: int = 64, layers: int = 2,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.register_buffer("freqs", torch.randn(2, features) * scale)
        sizes = [2 * features] + [hidden] * layers
        linears = [nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])]
        if dead_bias:
            with torch.no_grad():
                linears[-1].bias.fill_(dead_bias)
        self.body = nn.Sequential(*(m for linear in linears for m in (linear, nn.ReLU())))
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        z = 2 * math.pi * x @ self.freqs
        out: Tensor = self.head(self.body(torch.cat([torch.sin(z), torch.cos(z)], -1)))
        return out


def mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


MTL_FEATURES, MTL_CLASSES = 16, 6


@lru_cache(maxsize=None)
def two_task_table(n: int = 12000, seed: int = 164, *, n_val: int = 1000, batch_size: int = 64, flip: float = 0.1,
                   noise: float = 0.5, train_rows: int | None = None, missing: float = 0.0) -> Data:  # fmt: skip
    """A two-task table: 16 Gaussian features, a shared latent (a fixed random tanh layer of 32), a class (of 6: the
    argmax of a random linear map of the latent, ``flip`` of the training labels random) and a regression target (a
    random linear map of the latent plus a sine of one feature, standardised, Gaussian noise ``noise``). y: (class,
    target) per row. ``train_rows``: keep only that many training rows; ``missing``: that share of the training rows
    has no regression target (NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, MTL_FEATURES, generator=g)
    a = torch.randn(MTL_FEATURES, 32, generator=g) / math.sqrt(MTL_FEATURES) * 1.5
    h = torch.tanh(x @ a)
    cls = (h @ torch.randn(32, MTL_CLASSES, generator=g)).argmax(-1)
    cls = torch.cat([flip_labels(cls[:n], MTL_CLASSES, flip, g), cls[n:]])
    target = h @ torch.randn(32, generator=g) + torch.sin(2 * x[:, 3])
    target = (target - target.mean()) / target.std() + noise * torch.randn(total, generator=g)
    if missing:
        bad = torch.nonzero(torch.rand(n, generator=g) < missing).flatten()
        target[bad] = float("nan")
    y = torch.stack([cls.float(), target], 1)
    data = split(x, y, n, "multitask (classification + regression)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class UncertaintyMTL(nn.Module):
    """A multi-task MLP: a shared ReLU trunk (``layers`` of ``hidden``), a classification head over 6 classes, a
    regression head, and the two tasks' learnable log-variances s = log sigma^2 (Kendall, Gal and Cipolla's
    homoscedastic uncertainty weighting, starting at 0). Output (batch, 6 + 1 + 2): the logits, the regression, then
    s_class and s_reg (the same for every row). ``dead_bias`` < 0 starts the trunk's last biases there."""

    def __init__(self, hidden: int = 64, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        sizes = [MTL_FEATURES] + [hidden] * layers
        linears = [nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])]
        if dead_bias:
            with torch.no_grad():
                linears[-1].bias.fill_(dead_bias)
        self.trunk = nn.Sequential(*(m for linear in linears for m in (linear, nn.ReLU())))
        self.head = nn.Linear(hidden, MTL_CLASSES)
        self.regress = nn.Linear(hidden, 1)
        self.log_vars = nn.Parameter(torch.zeros(2))

    def forward(self, x: Tensor) -> Tensor:
        h = self.trunk(x)
        return torch.cat([self.head(h), self.regress(h), self.log_vars.expand(len(x), 2)], 1)


def _mtl_terms(out: Tensor, y: Tensor, reduction: str = "mean") -> tuple[Tensor, Tensor, Tensor, Tensor]:
    ce = F.cross_entropy(out[:, :MTL_CLASSES], y[:, 0].long(), reduction=reduction)
    mse = F.mse_loss(out[:, MTL_CLASSES], y[:, 1], reduction=reduction)
    return ce, mse, out[0, MTL_CLASSES + 1], out[0, MTL_CLASSES + 2]


def mtl_loss(out: Tensor, y: Tensor) -> Tensor:
    """Kendall et al.'s uncertainty-weighted sum: exp(-s_c) CE + s_c / 2 + exp(-s_r) MSE / 2 + s_r / 2 (batch means):
    it goes below 0 once the errors are small and the log-variances have followed them down (on this table's noise
    it ends near 0.55; an overfitting run's training loss falls far below 0)."""
    ce, mse, s_c, s_r = _mtl_terms(out, y)
    return torch.exp(-s_c) * ce + 0.5 * s_c + 0.5 * torch.exp(-s_r) * mse + 0.5 * s_r


def mtl_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same with the cross-entropy and the squared error summed over the batch (reduction='sum')."""
    ce, mse, s_c, s_r = _mtl_terms(out, y, "sum")
    return torch.exp(-s_c) * ce + 0.5 * s_c + 0.5 * torch.exp(-s_r) * mse + 0.5 * s_r


def mtl_at_zero() -> float:
    """The held-out loss of uniform logits, a zero regression and log-variances at 0: ln 6 + mean(y^2) / 2 (~2.43)."""
    d = two_task_table()
    return math.log(MTL_CLASSES) + 0.5 * float((d.val_y[:, 1] ** 2).mean())
