"""The twenty-ninth fresh half (fresh29, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, split


VRNN_STEPS, VRNN_LATENT, VRNN_HIDDEN = 16, 4, 32
"""Trajectories of 16 steps in the plane; the variational RNN's latent has 4 dimensions a step, its GRU state 32."""


@lru_cache(maxsize=None)
def vrnn_trajectories(n: int = 3000, seed: int = 331, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
                      nan_rows: float = 0.0) -> Data:  # fmt: skip
    """2-D paths of 16 steps, a third of each kind: spirals (radius 0.2-0.5 growing by 0.02-0.05 a step, turning by
    0.2-0.4 rad a step either way, about a centre within +-0.3), balls bouncing in the box [-1, 1]^2 (speed N(0, 0.15^2)
    a coordinate) and smooth random walks (velocity v <- 0.8 v + N(0, 0.06^2)), observed with noise 0.03. x = y:
    (paths, 16, 2). ``train_rows``: keep only that many training paths; ``nan_rows``: that share of the training paths
    has a missing (NaN) coordinate."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    u = lambda *shape: torch.rand(*shape, generator=g)  # noqa: E731
    kind = torch.randint(0, 3, (total,), generator=g)
    t = torch.arange(VRNN_STEPS, dtype=torch.float32)
    r = (0.2 + 0.3 * u(total, 1)) + (0.02 + 0.03 * u(total, 1)) * t
    omega = (0.2 + 0.2 * u(total, 1)) * torch.where(u(total, 1) < 0.5, -1.0, 1.0)
    ang = 2 * math.pi * u(total, 1) + omega * t
    spiral = torch.stack([r * torch.cos(ang), r * torch.sin(ang)], -1) + 0.3 * (2 * u(total, 1, 2) - 1)
    pos, vel = 0.8 * (2 * u(total, 2) - 1), 0.15 * torch.randn(total, 2, generator=g)
    bounce = []
    for _ in range(VRNN_STEPS):
        bounce.append(pos)
        pos = pos + vel
        over = pos.abs() > 1
        pos = torch.where(over, torch.sign(pos) * 2 - pos, pos)
        vel = torch.where(over, -vel, vel)
    bounce_t = torch.stack(bounce, 1)
    steps = torch.zeros(total, 2)
    vel = torch.zeros(total, 2)
    walk = []
    start = 0.5 * (2 * u(total, 2) - 1)
    for _ in range(VRNN_STEPS):
        walk.append(start + steps)
        vel = 0.8 * vel + 0.06 * torch.randn(total, 2, generator=g)
        steps = steps + vel
    walk_t = torch.stack(walk, 1)
    x = torch.where((kind == 0)[:, None, None], spiral, torch.where((kind == 1)[:, None, None], bounce_t, walk_t))
    x = x + 0.03 * torch.randn(x.shape, generator=g)
    y = x.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5, 0] = float("nan")
    data = split(x, y, n, "sequence generation (a variational RNN of 2-D trajectories, negative ELBO)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class VariationalRNN(nn.Module):
    """A variational RNN (Chung et al. 2015) of 2-D points: ``phi_x`` (2 -> 16, ReLU) and ``phi_z`` (4 -> 16, ReLU)
    feature maps; from the GRU state h (32) of the steps before, a prior (``prior_hid`` 32 -> 32, ReLU, ``prior_out``
    -> mean and log-variance of z), an encoder (``enc_hid`` of phi(x) and h -> 32, ReLU, ``enc_out`` -> mean and
    log-variance of z), z = mean + sigma * noise (the mean in eval mode), a decoder (a ReLU layer ``fc`` of phi(z) and h
    -> 32, a ``head`` -> the mean and log-variance of a diagonal Gaussian over the point), then h <- GRUCell(phi(x),
    phi(z); h). Output (paths, 16, 20): per step the point's mean and log-variance (2 + 2), q's mean and log-variance
    (4 + 4), the prior's (4 + 4). ``dead_bias`` < 0 starts the biases of enc_hid, prior_hid and fc (the hidden layers of the encoder, the prior and the
    decoder) there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        h, zd = VRNN_HIDDEN, VRNN_LATENT
        self.phi_x = nn.Linear(2, 16)
        self.phi_z = nn.Linear(zd, 16)
        self.prior_hid = nn.Linear(h, 32)
        self.prior_out = nn.Linear(32, 2 * zd)
        self.enc_hid = nn.Linear(16 + h, 32)
        self.enc_out = nn.Linear(32, 2 * zd)
        self.fc = nn.Linear(16 + h, 32)
        self.head = nn.Linear(32, 4)
        self.cell = nn.GRUCell(32, h)
        if dead_bias:
            with torch.no_grad():
                for layer in (self.enc_hid, self.prior_hid, self.fc):
                    layer.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = x.new_zeros(len(x), VRNN_HIDDEN)
        outs = []
        for t in range(x.shape[1]):
            fx = F.relu(self.phi_x(x[:, t]))
            prior = self.prior_out(F.relu(self.prior_hid(h)))
            post = self.enc_out(F.relu(self.enc_hid(torch.cat([fx, h], 1))))
            mu, logvar = post[:, :VRNN_LATENT], post[:, VRNN_LATENT:]
            z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu) if self.training else mu
            fz = F.relu(self.phi_z(z))
            dec = self.head(F.relu(self.fc(torch.cat([fz, h], 1))))
            outs.append(torch.cat([dec, post, prior], 1))
            h = self.cell(torch.cat([fx, fz], 1), h)
        return torch.stack(outs, 1)


def vrnn_terms(out: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    """Per path and step: the Gaussian negative log-likelihood of the point (summed over its 2 coordinates) and
    KL(q(z | x, h) || p(z | h)) summed over the latent. ``out``'s last axis: the point's mean (2) and log-variance (2),
    q's mean and log-variance (4 + 4), the prior's (4 + 4)."""
    zd = VRNN_LATENT
    mu_x, lv_x = out[..., :2], out[..., 2:4]
    mu_q, lv_q = out[..., 4 : 4 + zd], out[..., 4 + zd : 4 + 2 * zd]
    mu_p, lv_p = out[..., 4 + 2 * zd : 4 + 3 * zd], out[..., 4 + 3 * zd :]
    nll = 0.5 * (lv_x + (y - mu_x) ** 2 / lv_x.exp() + math.log(2 * math.pi)).sum(-1)
    kl = 0.5 * (lv_p - lv_q + (lv_q.exp() + (mu_q - mu_p) ** 2) / lv_p.exp() - 1).sum(-1)
    return nll, kl


def vrnn_nelbo(out: Tensor, y: Tensor) -> Tensor:
    """The negative ELBO per step (reconstruction NLL + KL), mean over the paths and steps."""
    nll, kl = vrnn_terms(out, y)
    return (nll + kl).mean()


def vrnn_nelbo_summed(out: Tensor, y: Tensor) -> Tensor:
    """The negative ELBO per step summed over the batch's paths (mean over the steps; reduction='sum')."""
    nll, kl = vrnn_terms(out, y)
    return (nll + kl).mean(1).sum()


HAN_SENTENCES, HAN_WORDS, HAN_VOCAB, HAN_KEYWORDS = 6, 8, 40, 4
HAN_PAIRS: tuple[tuple[int, int], ...] = ((1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4))
HAN_CLASSES = len(HAN_PAIRS)
"""Documents of 6 sentences of 8 tokens, a vocabulary of 40 (tokens 1-4 the keywords, 5-39 filler, 0 unused); a
document's topic is the keyword pair that co-occurs within one of its sentences (6 pairs of 4 keywords: 6 classes)."""


@lru_cache(maxsize=None)
def han_documents(n: int = 4000, seed: int = 332, *, n_val: int = 800, batch_size: int = 64, train_rows: int | None = None,
                  nan_rows: float = 0.0, flip: float = 0.05) -> Data:  # fmt: skip
    """Synthetic documents for a hierarchical attention network: 6 sentences of 8 filler tokens (Zipf-like over 5-39);
    one random sentence holds the class's two keywords at random positions; every other sentence holds one random
    keyword with probability 0.7 (so each keyword may appear in a document of any class, and only the pair within one
    sentence tells the class). ``flip``: that share of the training documents carries a random class (label noise).
    x: (documents, 6, 8) token ids as floats (an Embedding reads them as longs); y: (documents,) the class.
    ``train_rows``: keep only that many training documents; ``nan_rows``: that share of the training documents has a
    missing (NaN) token."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    fill = torch.arange(1, HAN_VOCAB - HAN_KEYWORDS, dtype=torch.float32) ** -0.8
    tok = torch.multinomial(fill / fill.sum(), total * HAN_SENTENCES * HAN_WORDS, replacement=True, generator=g) + HAN_KEYWORDS + 1
    x = tok.reshape(total, HAN_SENTENCES, HAN_WORDS)
    y = torch.randint(0, HAN_CLASSES, (total,), generator=g)
    pairs = torch.tensor(HAN_PAIRS)
    where = torch.randint(0, HAN_SENTENCES, (total,), generator=g)
    single = torch.randint(1, HAN_KEYWORDS + 1, (total, HAN_SENTENCES), generator=g)
    has = torch.rand(total, HAN_SENTENCES, generator=g) < 0.7
    pos1 = torch.randint(0, HAN_WORDS, (total, HAN_SENTENCES), generator=g)
    rows = torch.arange(total)
    for s in range(HAN_SENTENCES):
        keep = has[:, s] & (where != s)
        x[rows[keep], s, pos1[keep, s]] = single[keep, s]
    perm = torch.argsort(torch.rand(total, HAN_WORDS, generator=g), 1)
    x[rows, where, perm[:, 0]] = pairs[y, 0]
    x[rows, where, perm[:, 1]] = pairs[y, 1]
    if flip:
        noisy = torch.rand(total, generator=g) < flip
        noisy[n:] = False
        y = torch.where(noisy, torch.randint(0, HAN_CLASSES, (total,), generator=g), y)
    xf = x.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        xf[bad, 2, 3] = float("nan")
    data = split(xf, y, n, "document classification (a hierarchical attention network, word and sentence attention)",
                 HAN_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, HAN_CLASSES, batch_size)
    return data


class HierAttnNet(nn.Module):
    """A hierarchical attention network (Yang et al. 2016): an ``embed`` (40 -> 16), a word-level GRU (16 -> 24) over each
    sentence, additive attention (``word_proj`` 24 -> 24, tanh, a learned context ``word_ctx``) into a sentence vector;
    a sentence-level GRU (24 -> 24) over the 6 sentences, attention (``sent_proj``, ``sent_ctx``) into a document vector;
    a ReLU layer ``fc`` 24 -> 32 and a ``head`` to the 6 classes. A NaN token id embeds to NaN (the row of the embedding
    table read through a float mask). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(HAN_VOCAB, 16)
        self.word_gru = nn.GRU(16, 24, batch_first=True)
        self.word_proj = nn.Linear(24, 24)
        self.word_ctx = nn.Parameter(torch.randn(24) / math.sqrt(24))
        self.sent_gru = nn.GRU(24, 24, batch_first=True)
        self.sent_proj = nn.Linear(24, 24)
        self.sent_ctx = nn.Parameter(torch.randn(24) / math.sqrt(24))
        self.fc = nn.Linear(24, 32)
        self.head = nn.Linear(32, HAN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    @staticmethod
    def attend(h: Tensor, proj: nn.Linear, ctx: Tensor) -> Tensor:
        w = torch.softmax(torch.tanh(proj(h)) @ ctx, 1)
        return (w[..., None] * h).sum(1)

    def forward(self, x: Tensor) -> Tensor:
        b = len(x)
        bad = torch.isnan(x)
        e = self.embed(torch.nan_to_num(x).long().flatten(1)).reshape(b * HAN_SENTENCES, HAN_WORDS, -1)
        e = e + torch.where(bad, float("nan"), 0.0).reshape(b * HAN_SENTENCES, HAN_WORDS, 1)
        hw, _ = self.word_gru(e)
        sents = self.attend(hw, self.word_proj, self.word_ctx).reshape(b, HAN_SENTENCES, -1)
        hs, _ = self.sent_gru(sents)
        doc = self.attend(hs, self.sent_proj, self.sent_ctx)
        out: Tensor = self.head(F.relu(self.fc(doc)))
        return out


def han_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's documents (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


STGCN_NODES, STGCN_HISTORY, STGCN_HORIZON, STGCN_DAY = 20, 12, 3, 24
"""A road-like graph of 20 sensors; 12 past steps in, the next 3 out at every node; the drives repeat every 24 steps."""


def stgcn_adjacency() -> Tensor:
    """The graph: a ring of 20 nodes with chords i -- i + 5 at every even i, self-loops added, symmetrically
    normalised (D^-1/2 (A + I) D^-1/2)."""
    a = torch.eye(STGCN_NODES)
    for i in range(STGCN_NODES):
        for j in [(i + 1) % STGCN_NODES] + ([(i + 5) % STGCN_NODES] if i % 2 == 0 else []):
            a[i, j] = a[j, i] = 1.0
    d = a.sum(1).rsqrt()
    return d[:, None] * a * d[None, :]


@lru_cache(maxsize=None)
def stgcn_traffic(n: int = 3000, seed: int = 333, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Node signals on the graph: s(t + 1) = 0.6 A s(t) + drive(t) + noise 0.15, the drive a daily-like periodic
    profile per node (two harmonics of period 24 with random amplitudes 0.3-1.0 and phases, and rush-hour bumps at
    nodes of one half of the ring) plus slow random incidents (a node's drive raised by 1.5 for 6-12 steps, 2% a step
    and node); standardised on the training stretch. A sample is 12 steps of all nodes and the next 3: x (samples, 12,
    20), y (samples, 3, 20). Training windows come from the first 80% of one long series, held-out ones from the rest.
    ``train_rows``: keep only that many training windows; ``nan_rows``: that share of them has a missing (NaN) reading."""
    g = torch.Generator().manual_seed(seed)
    a = stgcn_adjacency()
    length = int((n + n_val) / 0.9) + 200
    t = torch.arange(length, dtype=torch.float32)[:, None]
    amp1, amp2 = 0.3 + 0.7 * torch.rand(STGCN_NODES, generator=g), 0.2 + 0.4 * torch.rand(STGCN_NODES, generator=g)
    ph1, ph2 = 2 * math.pi * torch.rand(STGCN_NODES, generator=g), 2 * math.pi * torch.rand(STGCN_NODES, generator=g)
    day = 2 * math.pi * t / STGCN_DAY
    drive = amp1 * torch.sin(day + ph1) + amp2 * torch.sin(2 * day + ph2)
    rush = (torch.arange(STGCN_NODES) < STGCN_NODES // 2).float() * torch.exp(-(((t % STGCN_DAY) - 8) ** 2) / 4)
    drive = drive + rush
    start = torch.rand(length, STGCN_NODES, generator=g) < 0.02
    dur = torch.randint(6, 13, (length, STGCN_NODES), generator=g)
    incident = torch.zeros(length, STGCN_NODES)
    for i, j in torch.nonzero(start).tolist():
        incident[i : i + int(dur[i, j]), j] = 1.5
    s = torch.zeros(STGCN_NODES)
    series = []
    noise = 0.15 * torch.randn(length, STGCN_NODES, generator=g)
    for i in range(length):
        s = 0.6 * a @ s + drive[i] + incident[i] + noise[i]
        series.append(s)
    sig = torch.stack(series)[100:]
    cut = int(0.8 * len(sig))
    sig = (sig - sig[:cut].mean()) / sig[:cut].std()
    span = STGCN_HISTORY + STGCN_HORIZON
    tr = torch.randint(0, cut - span, (n,), generator=g)
    va = torch.randint(cut, len(sig) - span, (n_val,), generator=g)
    idx = torch.cat([tr, va])[:, None] + torch.arange(span)
    win = sig[idx]  # (samples, 15, nodes)
    x, y = win[:, :STGCN_HISTORY].clone(), win[:, STGCN_HISTORY:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4, 7] = float("nan")
    data = split(x, y, n, "spatio-temporal forecasting (a graph-convolutional network of a road-like sensor graph)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SpatioTemporalGCN(nn.Module):
    """An STGCN-like forecaster: per node a temporal conv ``tconv1`` (Conv1d 1 -> 16, kernel 3, ReLU) over the 12 steps,
    a graph convolution (the normalised adjacency mixing the nodes, then ``gconv`` 16 -> 16, ReLU), a temporal conv
    ``tconv2`` (16 -> 16, kernel 3, ReLU), the 8 remaining steps flattened into a ReLU layer ``fc`` (128 -> 32) and a
    ``head`` to the next 3 steps of each node. Output (samples, 3, 20). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.register_buffer("adj", stgcn_adjacency())
        self.tconv1 = nn.Conv1d(1, 16, 3)
        self.gconv = nn.Linear(16, 16)
        self.tconv2 = nn.Conv1d(16, 16, 3)
        self.fc = nn.Linear(16 * (STGCN_HISTORY - 4), 32)
        self.head = nn.Linear(32, STGCN_HORIZON)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, steps, nodes = x.shape
        z = F.relu(self.tconv1(x.transpose(1, 2).reshape(b * nodes, 1, steps)))  # (b * nodes, 16, 10)
        z = z.reshape(b, nodes, 16, -1).permute(0, 3, 1, 2)  # (b, 10, nodes, 16)
        z = F.relu(self.gconv(self.adj @ z))
        z = z.permute(0, 2, 3, 1).reshape(b * nodes, 16, -1)
        z = F.relu(self.tconv2(z)).reshape(b, nodes, -1)  # (b, nodes, 128)
        out: Tensor = self.head(F.relu(self.fc(z))).transpose(1, 2)
        return out


def stgcn_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (mean over the steps and nodes; reduction='sum')."""
    return F.mse_loss(out, y, reduction="none").mean((1, 2)).sum()


DENS_SIZE, DENS_MAX_HEADS, DENS_SCALE = 24, 30, 20.0
"""Crowd images of 24x24 pixels with 0-30 heads; the density target is scaled by 20 (so the pixel MSE is O(1) at
init, as crowd-counting code does)."""


@lru_cache(maxsize=None)
def density_crowds(n: int = 3000, seed: int = 334, *, n_val: int = 400, batch_size: int = 32, train_rows: int | None = None,
                   nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Crowd-counting images: 0-30 small Gaussian "heads" (std 0.9-1.3 pixels, brightness 0.6-1.0) at random places
    of a 24x24 grey canvas over textured clutter (smoothed noise of std ~0.25, a few bright bars) and pixel noise 0.1;
    the target a density map: a normalised Gaussian (std 1 pixel, integral 1) at each head, times 20. x: (images, 1,
    24, 24); y: (images, 1, 24, 24); the count is y's sum / 20. ``train_rows``: keep only that many training images;
    ``nan_rows``: that share of the training images has a dead (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    k = DENS_MAX_HEADS
    count = torch.randint(0, k + 1, (total,), generator=g)
    present = (torch.arange(k)[None] < count[:, None]).float()
    centre = 1.0 + (DENS_SIZE - 2.0) * torch.rand(total, k, 2, generator=g)
    coords = torch.arange(DENS_SIZE, dtype=torch.float32) + 0.5
    py, px = torch.meshgrid(coords, coords, indexing="ij")
    d2 = (px[None, None] - centre[..., 0, None, None]) ** 2 + (py[None, None] - centre[..., 1, None, None]) ** 2
    width = 0.9 + 0.4 * torch.rand(total, k, 1, 1, generator=g)
    bright = 0.6 + 0.4 * torch.rand(total, k, 1, 1, generator=g)
    heads = (present[..., None, None] * bright * torch.exp(-d2 / (2 * width**2))).sum(1)
    dens = (present[..., None, None] * torch.exp(-d2 / 2) / (2 * math.pi)).sum(1)
    rough = torch.randn(total, 1, DENS_SIZE // 4, DENS_SIZE // 4, generator=g)
    clutter = 0.25 * F.interpolate(rough, size=(DENS_SIZE, DENS_SIZE), mode="bilinear", align_corners=False)[:, 0]
    bar_row = torch.randint(0, DENS_SIZE, (total,), generator=g)
    bars = 0.5 * (torch.rand(total, generator=g) < 0.5).float()[:, None] * (torch.arange(DENS_SIZE)[None] == bar_row[:, None]).float()
    x = heads + clutter + bars[:, :, None] + 0.1 * torch.randn(total, DENS_SIZE, DENS_SIZE, generator=g)
    x, y = x[:, None], DENS_SCALE * dens[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 11, 11] = float("nan")
    data = split(x, y, n, "crowd counting (a fully convolutional network regressing density maps)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DensityFCN(nn.Module):
    """A fully convolutional density-map regressor: ``conv1`` (1 -> 8) and ``conv2`` (8 -> 16), 3x3, ReLU, a max pool of
    2, ``conv3`` (16 -> 32, ReLU) on the 12x12 grid, a bilinear upsampling back to 24x24, a ReLU layer ``fc`` (a 3x3 conv
    32 -> 12) and a ``head`` (a 1x1 conv 12 -> 1): the density at each pixel. ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.conv3 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc = nn.Conv2d(32, 12, 3, padding=1)
        self.head = nn.Conv2d(12, 1, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        z = F.max_pool2d(F.relu(self.conv2(F.relu(self.conv1(x)))), 2)
        z = F.interpolate(F.relu(self.conv3(z)), scale_factor=2, mode="bilinear", align_corners=False)
        out: Tensor = self.head(F.relu(self.fc(z)))
        return out


def density_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The pixel squared error summed over the batch's images (mean over the pixels; reduction='sum')."""
    return F.mse_loss(out, y, reduction="none").mean((1, 2, 3)).sum()


def density_fcn_scaled_head(factor: float) -> DensityFCN:
    """A DensityFCN whose 1x1 conv ``head`` starts ``factor`` times larger (its bias as it is): huge density maps at step
    1 (``scaled_head`` takes linear heads only)."""
    model = DensityFCN()
    with torch.no_grad():
        model.head.weight.mul_(factor)
    return model
