"""The fifty-eighth fresh half (fresh56, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


FNET_LENGTH, FNET_VOCAB, FNET_CLASSES = 16, 16, 4
"""Sequences of 16 tokens of 16 (the cue tokens 0-3 and 12 fillers), 4 classes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def fnet_tokens(n: int = 4000, seed: int = 561, *, n_val: int = 600, batch_size: int = 32,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Sequence classification: 16 tokens, fillers drawn uniformly from tokens 4-15; each cue token 0-3 is planted 0-2
    times at random positions and the class's cue 2 times more (the class is the cue planted most often); 5% random
    labels (a floor). x: (sequences, 16); y: (sequences,). ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, FNET_LENGTH
    y = torch.randint(FNET_CLASSES, (total,), generator=g)
    x = torch.randint(FNET_CLASSES, FNET_VOCAB, (total, length), generator=g)
    counts = torch.randint(0, 3, (total, FNET_CLASSES), generator=g)
    counts[torch.arange(total), y] += 2
    order = torch.argsort(torch.rand(total, length, generator=g), 1)
    for i in range(total):
        k = 0
        for cue in range(FNET_CLASSES):
            c = int(counts[i, cue])
            x[i, order[i, k : k + c]] = cue
            k += c
    y = flip_labels(y, FNET_CLASSES, 0.05, g)
    data = split(x, y, n, "sequence classification (an FNet-like Fourier-mixing classifier)", FNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, FNET_CLASSES, batch_size)
    return data


class FNetBlock(nn.Module):
    """An FNet encoder block (Lee-Thorp et al. 2022): token mixing by the 2-D discrete Fourier transform over the
    sequence and the hidden dimensions, keeping the real part (no parameters), a residual and a LayerNorm; then a GELU
    feed-forward (16-32-16), a residual and a LayerNorm (post-LN, as in the paper)."""

    def __init__(self, d: int = 16) -> None:
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, x: Tensor) -> Tensor:
        x = self.ln1(x + torch.fft.fft2(x, dim=(-2, -1)).real)
        out: Tensor = self.ln2(x + self.ff(x))
        return out


class FNetNet(nn.Module):
    """A tiny FNet-like classifier: token and learned position embeddings (16), 2 FNet blocks (``blocks``), a mean
    over the tokens, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 classes. ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 16
        self.embed = nn.Embedding(FNET_VOCAB, d)
        self.pos = nn.Parameter(0.1 * torch.randn(FNET_LENGTH, d))
        self.blocks = nn.ModuleList(FNetBlock(d) for _ in range(2))
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, FNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, tokens: Tensor) -> Tensor:
        x = self.embed(tokens) + self.pos
        for block in self.blocks:
            x = block(x)
        out: Tensor = self.head(F.relu(self.fc(x.mean(1))))
        return out


def fnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


SCHNET_ATOMS, SCHNET_TYPES, SCHNET_RBF, SCHNET_CUTOFF = 8, 3, 16, 4.0
"""Molecules of 8 atoms of 3 types; 16 radial basis functions of the distance, a cosine cutoff at 4."""


@lru_cache(maxsize=None)
def schnet_molecules(n: int = 3000, seed: int = 563, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Regression of an energy-like property of synthetic 3-D 'molecules': 8 atoms of 3 types at N(0, 1.2^2) positions
    (each coordinate); the property a per-type atom energy (-1, 0.5, 1) plus, per pair, a type-pair depth times a Morse-
    like well exp(-2 (d - r0)) - 2 exp(-(d - r0)) (r0 1.5) and a repulsion 0.3 / d^2 above 0.4, standardised (mean 0,
    std 1 on the training molecules), plus N(0, 0.05^2) noise. x: (molecules, 8, 4), the atom type (as a float) then the
    3 coordinates; y: (molecules,). ``nan_rows``: that share of the training molecules has a missing (NaN) coordinate;
    ``train_rows``: keep only that many training molecules."""
    g = torch.Generator().manual_seed(seed)
    total, a = n + n_val, SCHNET_ATOMS
    types = torch.randint(SCHNET_TYPES, (total, a), generator=g)
    pos = 1.2 * torch.randn(total, a, 3, generator=g)
    d = torch.cdist(pos, pos).clamp_min(0.4)
    depth = torch.tensor([[1.0, 0.5, 0.2], [0.5, 0.8, 0.3], [0.2, 0.3, 1.2]])
    pair_depth = depth[types[:, :, None], types[:, None, :]]
    well = torch.exp(-2 * (d - 1.5)) - 2 * torch.exp(-(d - 1.5))
    pair = (pair_depth * well + 0.3 / d**2) * (1 - torch.eye(a))
    atom = torch.tensor([-1.0, 0.5, 1.0])[types].sum(1)
    e = atom + pair.sum((1, 2)) / 2
    e = (e - e[:n].mean()) / e[:n].std()
    y = e + 0.05 * torch.randn(total, generator=g)
    x = torch.cat([types[..., None].float(), pos], 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2, 1] = float("nan")
    data = split(x, y, n, "molecular property regression (a SchNet-like continuous-filter convolution network)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


def shifted_softplus(x: Tensor) -> Tensor:
    """SchNet's activation: softplus(x) - ln 2 (0 at 0)."""
    return F.softplus(x) - math.log(2.0)


class CFConv(nn.Module):
    """A SchNet interaction (Schuett et al. 2017): the distances expanded in 16 Gaussian radial basis functions
    (centres 0-4, width 0.25), a filter-generating MLP (16 -> 16, shifted softplus, 16 -> 16) times a cosine cutoff
    0.5 (cos(pi d / 4) + 1) (0 beyond 4, and on an atom's own pair), the continuous-filter convolution sum_j x_j * W(d_ij)
    of the atoms' features after an ``in2f`` projection, then ``f2out`` (shifted softplus, a dense layer) and a
    residual."""

    def __init__(self, d: int = 16) -> None:
        super().__init__()
        self.filter = nn.Sequential(nn.Linear(SCHNET_RBF, d), nn.Softplus(), nn.Linear(d, d))
        self.in2f = nn.Linear(d, d, bias=False)
        self.f2out = nn.Sequential(nn.Linear(d, d), nn.Softplus(), nn.Linear(d, d))

    def forward(self, h: Tensor, dist: Tensor) -> Tensor:
        centres = torch.linspace(0.0, SCHNET_CUTOFF, SCHNET_RBF, device=dist.device)
        rbf = torch.exp(-((dist[..., None] - centres) ** 2) / (2 * 0.25**2))  # (b, a, a, rbf)
        cut = 0.5 * (torch.cos(math.pi * dist / SCHNET_CUTOFF) + 1) * (dist < SCHNET_CUTOFF).float()
        cut = cut * (1 - torch.eye(dist.shape[-1], device=dist.device))
        w = self.filter(rbf) * cut[..., None]
        v = (w * self.in2f(h)[:, None, :, :]).sum(2)
        out: Tensor = h + self.f2out(v)
        return out


class SchNetNet(nn.Module):
    """A tiny SchNet-like regressor: atom-type embeddings (3 -> 16), 2 continuous-filter interaction blocks
    (``interactions``) over the pairwise distances, per atom a ReLU layer ``fc`` (16 -> 32) and a ``head`` (32 -> 1),
    summed over the atoms (a sum readout). Output (molecules,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(SCHNET_TYPES, 16)
        self.interactions = nn.ModuleList(CFConv(16) for _ in range(2))
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        types, pos = x[..., 0].long(), x[..., 1:]
        diff = pos[:, :, None, :] - pos[:, None, :, :]
        dist = torch.sqrt((diff**2).sum(-1) + 1e-9)
        h = self.embed(types)
        for block in self.interactions:
            h = block(h, dist)
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(-1).sum(1)
        return out


def schnet_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error of the property summed over the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def schnet_at_zero() -> float:
    """The MSE of a prediction of 0 (the mean square of the standardised property): its level at init."""
    return float(schnet_molecules().y.pow(2).mean())


RES2NET_SIZE, RES2NET_CLASSES = 12, 4
"""12x12 one-channel images of one of 4 textures, 4 classes."""


@lru_cache(maxsize=None)
def res2net_images(n: int = 4000, seed: int = 565, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Texture classification: a 12x12 image holding a 6x6 patch at a random place filled with one of 4 textures
    (horizontal stripes, vertical stripes, diagonal stripes, a checkerboard; period 2, a random phase) at a contrast of
    0.6-1.2, plus a random 2x2 distractor blob and N(0, 0.35^2) noise; 5% random labels (a floor). x: (images, 1, 12,
    12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel; ``train_rows``: keep
    only that many."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, RES2NET_SIZE
    r, c = torch.arange(6)[:, None], torch.arange(6)[None, :]
    textures = torch.stack([(r % 2 == 0).expand(6, 6), (c % 2 == 0).expand(6, 6), ((r + c) % 3 == 0), ((r + c) % 2 == 0)]).float()
    y = torch.randint(RES2NET_CLASSES, (total,), generator=g)
    x = 0.35 * torch.randn(total, 1, s, s, generator=g)
    at = torch.randint(0, s - 5, (total, 2), generator=g)
    contrast = 0.6 + 0.6 * torch.rand(total, generator=g)
    phase = torch.randint(0, 2, (total,), generator=g)
    blob = torch.randint(0, s - 1, (total, 2), generator=g)
    for i in range(total):
        tex = textures[int(y[i])]
        if int(phase[i]):
            tex = tex.roll(1, 0 if int(y[i]) != 1 else 1)
        rr, cc = int(at[i, 0]), int(at[i, 1])
        x[i, 0, rr : rr + 6, cc : cc + 6] += contrast[i] * (tex - 0.5)
        br, bc = int(blob[i, 0]), int(blob[i, 1])
        x[i, 0, br : br + 2, bc : bc + 2] += 0.8
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 5] = float("nan")
    y = flip_labels(y, RES2NET_CLASSES, 0.05, g)
    data = split(x, y, n, "image classification (a Res2Net-like multi-scale CNN)", RES2NET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, RES2NET_CLASSES, batch_size)
    return data


class Res2NetBlock(nn.Module):
    """A Res2Net bottleneck block (Gao et al. 2019): a 1x1 conv (ReLU), the channels split into ``scale`` groups, the
    first passed through, each later group i a 3x3 conv (ReLU) of its split plus the previous group's output (a
    hierarchical residual), the groups concatenated, a 1x1 conv, a residual and a ReLU."""

    def __init__(self, c: int, scale: int = 4) -> None:
        super().__init__()
        self.scale, self.width = scale, c // scale
        self.reduce = nn.Conv2d(c, c, 1)
        self.convs = nn.ModuleList(nn.Conv2d(self.width, self.width, 3, padding=1) for _ in range(scale - 1))
        self.expand = nn.Conv2d(c, c, 1)

    def forward(self, x: Tensor) -> Tensor:
        parts = torch.split(F.relu(self.reduce(x)), self.width, 1)
        outs: list[Tensor] = [parts[0]]
        prev: Tensor | None = None
        for i, conv in enumerate(self.convs):
            inp = parts[i + 1] if prev is None else parts[i + 1] + prev
            prev = F.relu(conv(inp))
            outs.append(prev)
        return F.relu(x + self.expand(torch.cat(outs, 1)))


class Res2NetNet(nn.Module):
    """A tiny Res2Net-like CNN: a 3x3 convolution stem ``stem`` (1 -> 16, ReLU), a 2x2 max pool, 2 Res2Net blocks (16
    channels, scale 4), a global average pool, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 textures.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 3, padding=1)
        self.block1, self.block2 = Res2NetBlock(16), Res2NetBlock(16)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, RES2NET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(F.relu(self.stem(x)), 2)
        h = self.block2(self.block1(h))
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


def res2net_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the textures summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


DIRICHLET_FEATURES, DIRICHLET_PARTS = 8, 3
"""Rows of 8 features; compositions of 3 parts."""


@lru_cache(maxsize=None)
def dirichlet_rows(n: int = 4000, seed: int = 567, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Compositional regression: 8 features N(0, 1); the true mean composition softmax of (1.5 sin(x0) + 0.8 x1,
    -0.7 x1 + 0.6 x2 x3, 0.5 x4^2 - 0.5 + 0.6 x5), the true precision 4 + 16 sigmoid(1.5 x6); a target drawn from that
    Dirichlet (through Gamma draws), kept above 1e-3 and renormalised. x: (rows, 8); y: (rows, 3), rows on the simplex.
    ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, DIRICHLET_FEATURES, generator=g)
    logits = torch.stack([1.5 * torch.sin(x[:, 0]) + 0.8 * x[:, 1], -0.7 * x[:, 1] + 0.6 * x[:, 2] * x[:, 3],
                          0.5 * x[:, 4] ** 2 - 0.5 + 0.6 * x[:, 5]], 1)  # fmt: skip
    alpha = torch.softmax(logits, 1) * (4 + 16 * torch.sigmoid(1.5 * x[:, 6]))[:, None]
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        draws = torch._standard_gamma(alpha)
    y = draws.clamp_min(1e-3)
    y = y / y.sum(1, keepdim=True)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "compositional regression (an MLP to Dirichlet concentrations, the Dirichlet negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DirichletMLP(nn.Module):
    """A Dirichlet regressor: a ReLU MLP ``body`` 8 -> 64 -> 64, a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 ->
    3) to the raw concentrations (before their softplus). Output (rows, 3). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(DIRICHLET_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, DIRICHLET_PARTS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def dirichlet_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's Dirichlet negative log-likelihood of its composition y, the concentrations alpha = softplus(out) +
    0.01: -(lgamma(sum alpha) - sum lgamma(alpha) + sum (alpha - 1) log y)."""
    alpha = F.softplus(out) + 0.01
    log_p = torch.lgamma(alpha.sum(1)) - torch.lgamma(alpha).sum(1) + ((alpha - 1) * torch.log(y)).sum(1)
    return -log_p


def dirichlet_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Dirichlet negative log-likelihood, mean over the rows."""
    return dirichlet_terms(out, y).mean()


def dirichlet_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Dirichlet negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return dirichlet_terms(out, y).sum()


def dirichlet_at_zero() -> float:
    """The loss of raw outputs of 0 (every concentration softplus(0) + 0.01 = 0.70): its level at init."""
    return float(dirichlet_nll(torch.zeros(len(dirichlet_rows().y), DIRICHLET_PARTS), dirichlet_rows().y))


@lru_cache(maxsize=None)
def pretrained_dirichlet_weights() -> dict[str, Tensor]:
    """A Dirichlet MLP trained (unrecorded) for 600 Adam steps on the first 3000 rows of the table (a checkpoint that a
    fine-tune on all of it starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="dirichlet-pretraining", data=dirichlet_rows(train_rows=3000), model=DirichletMLP,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=600, seed=5, shuffle_offset=3000,
                        loss_fn=dirichlet_nll)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_dirichlet() -> DirichletMLP:
    """A Dirichlet MLP with the pretrained weights (a fine-tune starts from them)."""
    model = DirichletMLP()
    model.load_state_dict(pretrained_dirichlet_weights())
    return model
