"""The twenty-eighth fresh half (fresh28, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``stn`` a spatial transformer network (a localisation MLP predicting an affine transform, the identity at
init, affine_grid and grid_sample, a small CNN) classifying turned, scaled and moved 16x16 glyphs of 8
classes, cross-entropy;
``dann`` domain-adversarial training (a feature MLP, a label head, a domain classifier behind a gradient-
reversal layer) of 6 spiral arms, the label cross-entropy plus 0.3 x the domain BCE; held out on the
turned and shifted target domain;
``protonet`` a prototypical network (an embedding MLP, prototypes the support means, squared Euclidean
distances) on 5-way 5-shot episodes of synthetic classes, held out on episodes of unseen classes;
``kws`` a keyword-spotting CRNN (a Conv2d over frequency and time, a GRU) of synthetic spectrograms of
formant tracks, 10 keywords, silence and unknown, cross-entropy.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, split


STN_SIZE, STN_CLASSES = 16, 8
STN_GLYPHS: tuple[tuple[tuple[float, float, float, float], ...], ...] = (
    ((-0.5, -0.6, -0.5, 0.6), (-0.5, 0.6, 0.5, 0.6)),  # L
    ((-0.6, -0.6, 0.6, -0.6), (0.0, -0.6, 0.0, 0.6)),  # T
    ((-0.6, 0.0, 0.6, 0.0), (0.0, -0.6, 0.0, 0.6)),  # plus
    ((-0.5, -0.5, 0.5, -0.5), (0.5, -0.5, 0.5, 0.5), (0.5, 0.5, -0.5, 0.5), (-0.5, 0.5, -0.5, -0.5)),  # square
    ((0.0, -0.6, 0.6, 0.5), (0.6, 0.5, -0.6, 0.5), (-0.6, 0.5, 0.0, -0.6)),  # triangle
    ((-0.5, -0.6, 0.5, -0.6), (0.5, -0.6, -0.5, 0.6), (-0.5, 0.6, 0.5, 0.6)),  # Z
    ((0.5, -0.5, -0.5, -0.5), (-0.5, -0.5, -0.5, 0.5), (-0.5, 0.5, 0.5, 0.5)),  # C
    ((-0.6, -0.3, 0.6, -0.3), (-0.6, 0.3, 0.6, 0.3)),  # equals
)
"""The spatial transformer's glyphs: 8 classes of 16x16 stroke patterns (L, T, plus, square, triangle, Z, C, equals), each
a few line segments (x0, y0, x1, y1) in [-1, 1]^2, none a rotation of another within the +-35 degrees they are turned."""


@lru_cache(maxsize=None)
def stn_glyphs(n: int = 6000, seed: int = 325, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
               nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Glyph images for a spatial transformer: a class's strokes turned by +-35 degrees, scaled by 0.45-1.0 (and by
    0.85-1.15 more along one axis), moved by +-0.35 in each direction, drawn as Gaussian lines of width ~0.09 on a
    16x16 canvas over [-1, 1]^2, plus pixel noise of std 0.25. x: (images, 1, 16, 16); y: (images,) the class.
    ``train_rows``: keep only that many training images; ``nan_rows``: that share of the training images has a dead
    (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    u = lambda *shape: torch.rand(*shape, generator=g)  # noqa: E731
    y = torch.randint(0, STN_CLASSES, (total,), generator=g)
    most = max(len(s) for s in STN_GLYPHS)
    segs = torch.zeros(STN_CLASSES, most, 4)
    used = torch.zeros(STN_CLASSES, most, dtype=torch.bool)
    for k, strokes in enumerate(STN_GLYPHS):
        segs[k, : len(strokes)] = torch.tensor(strokes)
        used[k, : len(strokes)] = True
    angle = math.radians(35) * (2 * u(total) - 1)
    scale = (0.45 + 0.55 * u(total))[:, None] * (0.85 + 0.3 * u(total, 2))
    shift = 0.35 * (2 * u(total, 2) - 1)
    cos, sin = torch.cos(angle), torch.sin(angle)
    rot = torch.stack([torch.stack([cos, -sin], -1), torch.stack([sin, cos], -1)], -2)  # (images, 2, 2)
    ends = segs[y].reshape(total, most, 2, 2) * scale[:, None, None]
    ends = torch.einsum("nij,nsej->nsei", rot, ends) + shift[:, None, None]
    coords = (torch.arange(STN_SIZE, dtype=torch.float32) + 0.5) / STN_SIZE * 2 - 1
    py, px = torch.meshgrid(coords, coords, indexing="ij")
    pix = torch.stack([px, py], -1).reshape(1, 1, -1, 2)  # (1, 1, 256, 2)
    a, b = ends[:, :, 0, None], ends[:, :, 1, None]  # (images, segments, 1, 2)
    ab = b - a
    t = (((pix - a) * ab).sum(-1) / (ab**2).sum(-1).clamp_min(1e-6)).clamp(0, 1)
    dist = (pix - (a + t[..., None] * ab)).norm(dim=-1)  # (images, segments, 256)
    ink = torch.exp(-((dist / 0.09) ** 2)) * used[y][..., None]
    x = ink.amax(1).reshape(total, 1, STN_SIZE, STN_SIZE) + 0.25 * torch.randn(total, 1, STN_SIZE, STN_SIZE, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 7] = float("nan")
    data = split(x, y, n, "image classification (a spatial transformer network of turned, scaled and moved glyphs)",
                 STN_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, STN_CLASSES, batch_size)
    return data


class SpatialTransformerNet(nn.Module):
    """A spatial transformer network (Jaderberg et al. 2015): a localisation MLP (``loc_in`` 256 -> 32, ReLU, ``loc_out``
    32 -> 6, its weights zero and its bias the identity transform at init) predicts an affine transform, applied by
    ``F.affine_grid`` and ``F.grid_sample`` (bilinear, zero padding); then a small CNN (``conv1`` 1 -> 8, 3x3, ReLU, max
    pool 2; ``conv2`` 8 -> 16, 3x3, ReLU, max pool 2), a ReLU layer ``fc`` 256 -> 64 and a ``head`` 64 -> 8.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.loc_in = nn.Linear(STN_SIZE * STN_SIZE, 32)
        self.loc_out = nn.Linear(32, 6)
        with torch.no_grad():
            self.loc_out.weight.zero_()
            self.loc_out.bias.copy_(torch.tensor([1.0, 0.0, 0.0, 0.0, 1.0, 0.0]))
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16 * (STN_SIZE // 4) ** 2, 64)
        self.head = nn.Linear(64, STN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        theta = self.loc_out(F.relu(self.loc_in(x.flatten(1)))).reshape(-1, 2, 3)
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)
        z = F.grid_sample(x, grid, align_corners=False)
        z = F.max_pool2d(F.relu(self.conv1(z)), 2)
        z = F.max_pool2d(F.relu(self.conv2(z)), 2)
        out: Tensor = self.head(F.relu(self.fc(z.flatten(1))))
        return out


def stn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


DANN_DIM, DANN_CLASSES, DANN_LAMBDA, DANN_TURN, DANN_SHIFT = 12, 6, 0.3, 6.0, 0.6
"""Domain adaptation: 12 features, 6 classes; the training loss is the label cross-entropy plus 0.3 x the domain BCE;
the target domain is the source's latent plane turned by 25 degrees and its features shifted."""


@lru_cache(maxsize=None)
def dann_domains(n: int = 4000, seed: int = 326, *, n_val: int = 1000, batch_size: int = 128, train_rows: int | None = None,
                 nan_rows: float = 0.0) -> Data:  # fmt: skip
    """A labelled source domain and an unlabelled target domain: 6 classes of Gaussian clusters (std 0.45) in a latent
    plane at angles 60 k degrees, radius 2 (plus radius noise), read through a fixed random map to 12 features, tanh(A z
    + b) + 0.3 A' z, plus noise 0.1; the target's latent is turned by 25 degrees and scaled by 1.1, and its features
    shifted by a fixed random vector of norm 1.5. A row pairs a source point with a target point: x (rows, 24) the
    source's 12 features then the target's; y (rows,) the source's class in training, the target's class held out.
    ``train_rows``: keep only that many training rows; ``nan_rows``: that share of the training rows has a missing
    (NaN) source feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    a = torch.randn(2, DANN_DIM, generator=g)
    a2 = torch.randn(2, DANN_DIM, generator=g)
    b = 0.5 * torch.randn(DANN_DIM, generator=g)
    offset = torch.randn(DANN_DIM, generator=g)
    offset = DANN_SHIFT * offset / offset.norm()

    def points(turn: float, stretch: float) -> tuple[Tensor, Tensor]:
        cls = torch.randint(0, DANN_CLASSES, (total,), generator=g)
        t = 0.25 + torch.rand(total, generator=g)
        ang = math.radians(turn) + cls.float() * (2 * math.pi / DANN_CLASSES) + 3.0 * t
        z = torch.stack([t * torch.cos(ang), t * torch.sin(ang)], 1) + 0.04 * torch.randn(total, 2, generator=g)
        z = stretch * 2 * z
        feats = torch.tanh(z @ a + b) + 0.3 * z @ a2 + 0.1 * torch.randn(total, DANN_DIM, generator=g)
        return feats, cls

    xs, ys = points(0.0, 1.0)
    xt, yt = points(DANN_TURN, 1.1)
    xt = xt + offset
    x = torch.cat([xs, xt], 1)
    y = torch.cat([ys[:n], yt[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "unsupervised domain adaptation (domain-adversarial training, DANN)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DannReverse(torch.autograd.Function):
    """The gradient-reversal layer: the identity forward, the gradient negated backward."""

    @staticmethod
    def forward(ctx: object, x: Tensor) -> Tensor:  # type: ignore[override]
        return x.view_as(x)

    @staticmethod
    def backward(ctx: object, grad: Tensor) -> Tensor:  # type: ignore[override]
        return -grad


class DANN(nn.Module):
    """Domain-adversarial neural network (Ganin and Lempitsky 2015): a feature MLP (``feat_in`` 12 -> 64, ``feat_out``
    64 -> 64, ReLU), a label predictor (a ReLU layer ``fc`` 64 -> 32 and a ``head`` 32 -> 6) and, behind a gradient-
    reversal layer, a domain classifier (``dom_hid`` 64 -> 32, ReLU, ``dom_out`` 32 -> 1). Training (model.train()):
    output (rows, 8): the source's 6 class logits, then the domain logits of the source and of the target point.
    Evaluation (model.eval()): the target's 6 class logits. ``dead_bias`` < 0 starts the biases of fc and dom_hid
    (the two heads' hidden layers) there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.feat_in = nn.Linear(DANN_DIM, 64)
        self.feat_out = nn.Linear(64, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, DANN_CLASSES)
        self.dom_hid = nn.Linear(64, 32)
        self.dom_out = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
                self.dom_hid.bias.fill_(dead_bias)

    def features(self, x: Tensor) -> Tensor:
        return F.relu(self.feat_out(F.relu(self.feat_in(x))))

    def classify(self, f: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(f)))
        return out

    def forward(self, x: Tensor) -> Tensor:
        if not self.training:
            return self.classify(self.features(x[:, DANN_DIM:]))
        fs, ft = self.features(x[:, :DANN_DIM]), self.features(x[:, DANN_DIM:])
        dom = self.dom_out(F.relu(self.dom_hid(DannReverse.apply(torch.cat([fs, ft])))))
        return torch.cat([self.classify(fs), dom[: len(x)], dom[len(x) :]], 1)


def dann_terms(out: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    """Per row: the source's label cross-entropy and the domain BCE with logits (source 0, target 1) of its two points."""
    ce = F.cross_entropy(out[:, :DANN_CLASSES], y, reduction="none")
    dom = out[:, DANN_CLASSES:]
    bce = F.binary_cross_entropy_with_logits(dom, torch.tensor([0.0, 1.0]).expand_as(dom), reduction="none").mean(1)
    return ce, bce


def dann_loss(out: Tensor, y: Tensor) -> Tensor:
    """DANN's training loss: label cross-entropy + 0.3 x domain BCE, means over the batch."""
    ce, bce = dann_terms(out, y)
    return ce.mean() + DANN_LAMBDA * bce.mean()


def dann_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch's rows (reduction='sum')."""
    ce, bce = dann_terms(out, y)
    return ce.sum() + DANN_LAMBDA * bce.sum()


def dann_target_ce(out: Tensor, y: Tensor) -> Tensor:
    """The held-out loss: the target domain's label cross-entropy (the model's evaluation output)."""
    return F.cross_entropy(out, y)


PNET_DIM, PNET_LATENT, PNET_WAYS, PNET_SHOTS, PNET_QUERIES = 24, 8, 5, 5, 5
PNET_TRAIN_CLASSES, PNET_VAL_CLASSES = 64, 20
"""Few-shot episodes: 24 features from an 8-D latent; 5-way 5-shot with 5 queries a class; 64 classes to train on, 20
unseen ones held out."""


@lru_cache(maxsize=None)
def pnet_episodes(n: int = 4000, seed: int = 327, *, n_val: int = 400, batch_size: int = 8, nan_rows: float = 0.0) -> Data:
    """N-way K-shot episodes of synthetic classes: 84 class centres N(0, I) in an 8-D latent, samples the centre plus
    noise of std 0.7 (a per-class scale of 0.8-1.2), pushed through a fixed random 2-layer tanh map to 24 features
    plus noise 0.05. An episode draws 5 classes (of the 64 training classes, or of the 20 unseen ones for the held-out
    episodes), 5 support and 5 query points each. x: (episodes, 50, 24) the 25 support points (class by class) then the
    25 queries; y: (episodes, 25) each query's way (0-4). ``nan_rows``: that share of the training episodes has a
    missing (NaN) feature in a support point."""
    g = torch.Generator().manual_seed(seed)
    classes = PNET_TRAIN_CLASSES + PNET_VAL_CLASSES
    centres = torch.randn(classes, PNET_LATENT, generator=g)
    spread = 0.7 * (0.8 + 0.4 * torch.rand(classes, generator=g))
    w1 = torch.randn(PNET_LATENT, 32, generator=g) / math.sqrt(PNET_LATENT)
    w2 = torch.randn(32, PNET_DIM, generator=g) / math.sqrt(32)

    def episodes(count: int, first: int, pool: int) -> tuple[Tensor, Tensor]:
        ways = torch.argsort(torch.rand(count, pool, generator=g), 1)[:, :PNET_WAYS] + first
        per = PNET_SHOTS + PNET_QUERIES
        cls = ways[:, :, None].expand(count, PNET_WAYS, per)
        z = centres[cls] + spread[cls][..., None] * torch.randn(count, PNET_WAYS, per, PNET_LATENT, generator=g)
        feats = torch.tanh(torch.tanh(1.5 * z) @ w1 * 1.5) @ w2 * 2
        feats = feats + 0.05 * torch.randn(feats.shape, generator=g)
        support = feats[:, :, :PNET_SHOTS].reshape(count, -1, PNET_DIM)
        query = feats[:, :, PNET_SHOTS:].reshape(count, -1, PNET_DIM)
        labels = torch.arange(PNET_WAYS).repeat_interleave(PNET_QUERIES).expand(count, -1)
        order = torch.argsort(torch.rand(count, PNET_WAYS * PNET_QUERIES, generator=g), 1)
        return torch.cat([support, query.gather(1, order[..., None].expand_as(query))], 1), labels.gather(1, order)

    x, y = episodes(n, 0, PNET_TRAIN_CLASSES)
    vx, vy = episodes(n_val, PNET_TRAIN_CLASSES, PNET_VAL_CLASSES)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 2] = float("nan")
    return Data(x, y, vx, vy, "few-shot classification (prototypical networks, 5-way 5-shot episodes)", PNET_WAYS,
                batch_size)  # fmt: skip


class ProtoNet(nn.Module):
    """A prototypical network (Snell et al. 2017): an embedding MLP (``inp`` 24 -> 64, ReLU, ``fc`` 64 -> 64, ReLU,
    ``head`` 64 -> 32) of every point of an episode; a way's prototype is the mean embedding of its 5 support points; a
    query's logits are the negative squared Euclidean distances to the 5 prototypes. Output (episodes, 25, 5).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(PNET_DIM, 64)
        self.fc = nn.Linear(64, 64)
        self.head = nn.Linear(64, 32)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e = self.head(F.relu(self.fc(F.relu(self.inp(x)))))
        k = PNET_WAYS * PNET_SHOTS
        protos = e[:, :k].reshape(len(x), PNET_WAYS, PNET_SHOTS, -1).mean(2)
        out: Tensor = -((e[:, k:, None] - protos[:, None]) ** 2).sum(-1)
        return out


def pnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's episodes and queries (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, PNET_WAYS), y.reshape(-1), reduction="sum")


KWS_BINS, KWS_FRAMES, KWS_WORDS, KWS_OTHERS = 20, 32, 10, 20
KWS_CLASSES = KWS_WORDS + 2
"""Keyword spotting: 20 frequency bins by 32 frames; 10 keywords, silence (class 10) and unknown words (class 11, 20 other
words)."""


@lru_cache(maxsize=None)
def kws_spectrograms(n: int = 6000, seed: int = 328, *, n_val: int = 1000, batch_size: int = 64,
                     train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Synthetic log-mel-like spectrograms of spoken words: a word is 2 formant tracks, each a piecewise-linear path
    through 4 frequencies (uniform over bins 1-18) over 3 equal segments; an utterance says it over 14-24 frames
    (time warping) from a random onset, the formants jittered by +-1 bin, each drawn as a Gaussian ridge (width 1.1
    bins) with an amplitude of 0.6-1.2, the energy fading in and out, over background noise |N(0, 0.35^2)| plus a
    random low hum. 12 classes: the 10 keywords, silence (noise and hum alone, 1/12 of the utterances) and unknown
    (one of 20 other words, 1/12). x: (utterances, 1, 20, 32); y: (utterances,). ``train_rows``: keep only that many
    training utterances; ``nan_rows``: that share of the training utterances has a dropped (NaN) frame bin."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    u = lambda *shape: torch.rand(*shape, generator=g)  # noqa: E731
    words = 1 + 17 * u(KWS_WORDS + KWS_OTHERS, 2, 4)  # (words, formants, anchors)
    y = torch.randint(0, KWS_CLASSES, (total,), generator=g)
    word = torch.where(y < KWS_WORDS, y, KWS_WORDS + torch.randint(0, KWS_OTHERS, (total,), generator=g))
    word = word.clamp(max=KWS_WORDS + KWS_OTHERS - 1)
    length = 14 + 10 * u(total, 1)
    onset = (KWS_FRAMES - length) * u(total, 1)
    frames = torch.arange(KWS_FRAMES, dtype=torch.float32)[None]
    pos = (frames - onset) / length  # (utterances, frames), inside the word for 0 <= pos < 1
    inside = ((pos >= 0) & (pos < 1)).float() * torch.sin(math.pi * pos.clamp(0, 1)).clamp_min(0) ** 0.5
    p = 3 * pos.clamp(0, 0.9999)
    i = p.floor().long()
    frac = p - i
    anchors = words[word] + 2 * u(total, 2, 1) - 1  # (utterances, formants, 4)
    lo = anchors.gather(2, i[:, None].expand(-1, 2, -1))
    hi = anchors.gather(2, (i + 1)[:, None].expand(-1, 2, -1))
    track = lo + frac[:, None] * (hi - lo)  # (utterances, formants, frames)
    bins = torch.arange(KWS_BINS, dtype=torch.float32)[None, None, :, None]
    ridge = torch.exp(-((bins - track[:, :, None]) ** 2) / (2 * 1.1**2))  # (utterances, formants, bins, frames)
    amp = 0.6 + 0.6 * u(total, 2, 1, 1)
    speech = (amp * ridge).sum(1) * inside[:, None] * (y != KWS_WORDS).float()[:, None, None]
    hum = 0.5 * u(total, 1, 1) * torch.exp(-bins[0] / 1.5)
    x = speech + hum + (0.35 * torch.randn(total, KWS_BINS, KWS_FRAMES, generator=g)).abs()
    x = x[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 20] = float("nan")
    data = split(x, y, n, "keyword spotting (a CRNN over spectrogram-like features, 10 keywords, silence, unknown)",
                 KWS_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, KWS_CLASSES, batch_size)
    return data


class KeywordCRNN(nn.Module):
    """A keyword-spotting CRNN: ``conv`` (Conv2d 1 -> 16, 5x3 over frequency by time, ReLU, max pool of 4 over
    frequency), the 80 channel-bins of each frame into a ``gru`` (GRU 80 -> 48), from its last state a ReLU layer ``fc``
    48 -> 48 and a ``head`` to the 12 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 16, (5, 3), padding=(2, 1))
        self.gru = nn.GRU(16 * (KWS_BINS // 4), 48, batch_first=True)
        self.fc = nn.Linear(48, 48)
        self.head = nn.Linear(48, KWS_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        z = F.max_pool2d(F.relu(self.conv(x)), (4, 1))  # (utterances, 16, 5, frames)
        z = z.flatten(1, 2).transpose(1, 2)  # (utterances, frames, 80)
        _, h = self.gru(z)
        out: Tensor = self.head(F.relu(self.fc(h[-1])))
        return out


def kws_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's utterances (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")
