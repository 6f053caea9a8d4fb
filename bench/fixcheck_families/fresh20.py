"""The twentieth fresh half (fresh20, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``made`` a MADE (masked autoregressive MLP 16-64-64-16, natural ordering) of 16-bit binary vectors from a
mixture of 8 Bernoulli prototypes, NLL in nats per vector (16 BCE-with-logits terms summed);
``espcn`` an ESPCN super-resolution CNN (conv 5x5, conv 3x3, conv 3x3 to 4 channels, PixelShuffle(2))
upscaling 8x8 grey images of textures and shapes to 16x16, L1;
``sage`` GraphSAGE (mean aggregation, 2 layers) classifying the nodes of a stochastic block model graph from
minibatches of nodes with sampled neighbourhoods (fan-out 5, 5), cross-entropy;
``vit`` a tiny Vision Transformer (4x4 patches, [CLS], learned positions, 2 pre-LN blocks of 4 heads)
classifying noisy 16x16 images of 6 pattern classes, cross-entropy.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


MADE_BITS, MADE_PROTOTYPES = 16, 8
"""The MADE models 16-bit binary vectors drawn from a mixture of 8 Bernoulli prototypes."""


@lru_cache(maxsize=None)
def made_bits(n: int = 4000, seed: int = 281, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
              nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Binary vectors of 16 bits from a mixture of 8 Bernoulli prototypes (mixture weights from a Dirichlet-like draw; each
    prototype's bit probabilities sigmoid(2.5 z), z ~ N(0, 1), so most bits are fairly sure and some are coin flips). x and
    y: the same (vectors, 16) floats of 0 and 1 (the model reads x, the loss scores y). ``train_rows``: keep only that many
    training vectors; ``nan_rows``: that share of the training vectors has a missing (NaN) bit in x."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    probs = torch.sigmoid(2.5 * torch.randn(MADE_PROTOTYPES, MADE_BITS, generator=g))
    weights = torch.rand(MADE_PROTOTYPES, generator=g) + 0.3
    comp = torch.multinomial(weights / weights.sum(), total, replacement=True, generator=g)
    y = (torch.rand(total, MADE_BITS, generator=g) < probs[comp]).float()
    x = y.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "density estimation (a MADE of 16-bit binary vectors, NLL in nats per vector)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MADELinear(nn.Linear):
    """A linear layer whose weight is multiplied by a fixed 0/1 ``mask`` (a buffer) in the forward: MADE's masked layer."""

    def __init__(self, n_in: int, n_out: int, mask: Tensor) -> None:
        super().__init__(n_in, n_out)
        self.register_buffer("mask", mask.float())

    def forward(self, x: Tensor) -> Tensor:
        return F.linear(x, self.weight * self.mask, self.bias)


class MADENet(nn.Module):
    """MADE (Germain et al. 2015) 16-64-64-16 with the natural ordering of the bits: input degrees 1-16, hidden degrees
    (k mod 15) + 1, hidden masks m_l[k] >= m_(l-1)[j], output mask d > m_L[k], so logit d sees only bits before d. ReLU
    between; the second hidden layer is ``fc``, the output layer the ``head`` (16 logits: each bit's Bernoulli given the
    bits before it). ``dead_bias`` < 0 starts fc's biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        m_in = torch.arange(1, MADE_BITS + 1)
        m_h = torch.arange(hidden) % (MADE_BITS - 1) + 1
        self.inp = MADELinear(MADE_BITS, hidden, m_h[:, None] >= m_in[None, :])
        self.fc = MADELinear(hidden, hidden, m_h[:, None] >= m_h[None, :])
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = MADELinear(hidden, MADE_BITS, m_in[:, None] > m_h[None, :])

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.inp(x)))))
        return out


def made_nll(out: Tensor, y: Tensor) -> Tensor:
    """The negative log-likelihood of each vector in nats (the sum of its 16 bits' BCE with logits), mean over the batch."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="none").sum(1).mean()


def made_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The negative log-likelihood summed over the bits and the batch (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def made_at_marginals() -> float:
    """The held-out NLL of each bit's own frequency (bits taken as independent): what a MADE that ignores the bits
    before each one reaches."""
    data = made_bits()
    p = data.y.mean(0).clamp(1e-4, 1 - 1e-4)
    v = data.val_y
    return float(-(v * p.log() + (1 - v) * (1 - p).log()).sum(1).mean())


SR_SIZE, SR_SCALE = 16, 2
"""The super-resolution CNN maps 8x8 grey images to 16x16 (upscaling factor 2)."""


@lru_cache(maxsize=None)
def sr_textures(n: int = 3000, seed: int = 282, *, n_val: int = 500, batch_size: int = 32, train_rows: int | None = None,
                flat_rows: float = 0.0, noise: float = 0.03) -> Data:  # fmt: skip
    """16x16 grey images of synthetic textures and shapes: 0.5 plus two sinusoidal gratings (random orientation, period
    2.5-6 pixels, amplitudes 0.1-0.25) plus a disc or a square (radius 2-5, brightness +-0.3) at a random place, clipped to
    [0, 1] (y: (images, 1, 16, 16)); x the same image downsampled by 2x2 average pooling plus Gaussian noise (std
    ``noise``): (images, 1, 8, 8). ``train_rows``: keep only that many training images; ``flat_rows``: that share of the
    training images is black (y = 0, x only noise)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    coords = torch.arange(SR_SIZE).float()
    yy, xx = torch.meshgrid(coords, coords, indexing="ij")
    img = torch.full((total, SR_SIZE, SR_SIZE), 0.5)
    for _ in range(2):
        angle = math.pi * torch.rand(total, 1, 1, generator=g)
        period = 2.5 + 3.5 * torch.rand(total, 1, 1, generator=g)
        phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
        amp = 0.1 + 0.15 * torch.rand(total, 1, 1, generator=g)
        img = img + amp * torch.sin(2 * math.pi * (xx * torch.cos(angle) + yy * torch.sin(angle)) / period + phase)
    cx, cy = 3 + 10 * torch.rand(total, 1, 1, generator=g), 3 + 10 * torch.rand(total, 1, 1, generator=g)
    r = 2 + 3 * torch.rand(total, 1, 1, generator=g)
    disc = ((xx - cx) ** 2 + (yy - cy) ** 2 <= r**2).float()
    square = (((xx - cx).abs() <= r) & ((yy - cy).abs() <= r)).float()
    shape = torch.where(torch.rand(total, 1, 1, generator=g) < 0.5, disc, square)
    img = (img + 0.3 * torch.sign(torch.rand(total, 1, 1, generator=g) - 0.5) * shape).clamp(0, 1)
    if flat_rows:
        flat = torch.nonzero(torch.rand(n, generator=g) < flat_rows).flatten()
        img[flat] = 0.0
    y = img[:, None]
    x = F.avg_pool2d(y, SR_SCALE) + noise * torch.randn(total, 1, SR_SIZE // SR_SCALE, SR_SIZE // SR_SCALE, generator=g)
    data = split(x, y, n, "super-resolution (an ESPCN upscaling 8x8 grey images to 16x16, L1)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ESPCNet(nn.Module):
    """An ESPCN (Shi et al. 2016): a 5x5 convolution of 32, ReLU, a 3x3 ``mid`` convolution of 16, ReLU, a 3x3 ``head``
    convolution to r^2 = 4 channels, all on the 8x8 low-resolution grid, and PixelShuffle(2) to the 16x16 image.
    ``dead_bias`` < 0 starts mid's biases there (its units never fire, so nothing behind it learns); ``head_scale``
    multiplies the head's initial weights and biases."""

    def __init__(self, width: int = 32, mid: int = 16, dead_bias: float = 0.0, head_scale: float = 1.0) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, width, 5, padding=2)
        self.mid = nn.Conv2d(width, mid, 3, padding=1)
        self.head = nn.Conv2d(mid, SR_SCALE**2, 3, padding=1)
        self.shuffle = nn.PixelShuffle(SR_SCALE)
        with torch.no_grad():
            if dead_bias:
                self.mid.bias.fill_(dead_bias)
            if head_scale != 1.0:
                self.head.weight.mul_(head_scale)
                self.head.bias.mul_(head_scale)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.shuffle(self.head(F.relu(self.mid(F.relu(self.conv(x))))))
        return out


def espcn_l1_summed(out: Tensor, y: Tensor) -> Tensor:
    """The absolute error summed over the pixels and the batch (reduction='sum')."""
    return F.l1_loss(out, y, reduction="sum")


def espcn_relative_l1_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The relative L1 error written by hand, image by image: mean |out - y| / mean |y|, mean over the batch. A black
    image (y = 0) divides by zero: inf."""
    err = (out - y).abs().flatten(1).mean(1)
    return (err / y.abs().flatten(1).mean(1)).mean()


def espcn_relative_l1(out: Tensor, y: Tensor) -> Tensor:
    """The relative L1 error of the batch as a whole: mean |out - y| / mean |y| over every image (finite while any image
    of the batch is not black)."""
    return (out - y).abs().mean() / y.abs().mean().clamp(min=1e-6)


def espcn_at_zero() -> float:
    """The held-out L1 error of predicting black images: the mean brightness, ~0.5."""
    return float(sr_textures().val_y.abs().mean())


SAGE_NODES, SAGE_BLOCKS, SAGE_FEATURES = 1000, 5, 16
"""GraphSAGE classifies the 1000 nodes of a stochastic block model graph of 5 communities from 16 noisy features."""


@lru_cache(maxsize=None)
def sage_graph(seed: int = 283, *, degree_in: float = 6.0, degree_out: float = 3.0, signal: float = 0.3) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """A stochastic block model graph of 1000 nodes in 5 equal communities (expected degree 6 inside a node's community,
    3 outside), its features (0.3 x the community's random centre plus N(0, 1) noise, 16 of them) and communities:
    (padded neighbour lists (nodes, max degree), degrees, features (nodes, 16), communities (nodes,)). A node without a
    neighbour is its own."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = SAGE_NODES, SAGE_BLOCKS
    block = torch.arange(nodes) % blocks
    block = block[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(degree_in / size), torch.tensor(degree_out / (nodes - size)))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = upper | upper.T
    lonely = ~adj.any(1)
    adj[lonely, lonely] = True
    deg = adj.sum(1)
    nbr = torch.zeros(nodes, int(deg.max()), dtype=torch.long)
    for v in range(nodes):
        nb = torch.nonzero(adj[v]).flatten()
        nbr[v, : len(nb)] = nb
    centres = torch.randn(blocks, SAGE_FEATURES, generator=g)
    x = signal * centres[block] + torch.randn(nodes, SAGE_FEATURES, generator=g)
    return nbr, deg, x, block


@lru_cache(maxsize=None)
def sage_nodes(n: int = 600, seed: int = 283, *, n_val: int = 400, flip: float = 0.0, batch_size: int = 32,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Node classification on ``sage_graph(seed)``: the input is a node's id, the target its community (``flip`` of the
    training labels random); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive). ``train_rows``: keep only that many labelled nodes."""
    _, _, _, block = sage_graph(seed)
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    if flip:
        y = torch.cat([flip_labels(y[:n], SAGE_BLOCKS, flip, g), y[n:]])
    data = split(ids, y, n, "node classification (GraphSAGE on a stochastic block model graph)", SAGE_BLOCKS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SAGE_BLOCKS, batch_size)
    return data


class SAGENet(nn.Module):
    """GraphSAGE (Hamilton et al. 2017) with mean aggregation, 2 layers of 16 (h' = relu(W_self h_v + W_neigh mean of the
    neighbours' h)) and a linear ``head`` to the 5 classes, reading node ids. In training each target node's neighbourhood
    is sampled with a fixed fan-out (``fanout`` neighbours a layer, drawn with replacement by torch's seeded generator: 5
    then 5 x 5); in evaluation every neighbour is averaged. ``dead_bias`` < 0 starts the second layer's self biases
    there (its units never fire, so nothing behind it learns); ``nan_nodes``: that share of the nodes has a missing
    (NaN) feature."""

    def __init__(self, hidden: int = 16, fanout: int = 5, seed: int = 283, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        nbr, deg, x, _ = sage_graph(seed)
        x = x.clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 3] = float("nan")
        mean_adj = torch.zeros(len(x), len(x))
        for v in range(len(x)):
            mean_adj[v, nbr[v, : int(deg[v])]] = 1.0 / float(deg[v])
        self.register_buffer("feats", x)
        self.register_buffer("nbr", nbr)
        self.register_buffer("deg", deg)
        self.register_buffer("mean_adj", mean_adj)
        self.fanout = fanout
        self.self1, self.neigh1 = nn.Linear(SAGE_FEATURES, hidden), nn.Linear(SAGE_FEATURES, hidden, bias=False)
        self.self2, self.neigh2 = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden, bias=False)
        if dead_bias:
            with torch.no_grad():
                self.self2.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, SAGE_BLOCKS)

    def sample(self, ids: Tensor) -> Tensor:
        pick = (torch.rand(len(ids), self.fanout) * self.deg[ids, None]).long()
        return self.nbr[ids[:, None], pick]

    def forward(self, ids: Tensor) -> Tensor:
        x = self.feats
        if self.training:
            n1 = self.sample(ids)
            n2 = self.sample(n1.flatten())
            h = F.relu(self.self1(x[ids]) + self.neigh1(x[n1].mean(1)))
            h1 = F.relu(self.self1(x[n1.flatten()]) + self.neigh1(x[n2].mean(1)))
            agg = h1.view(len(ids), self.fanout, -1).mean(1)
        else:
            full = F.relu(self.self1(x) + self.neigh1(self.mean_adj @ x))
            h, agg = full[ids], (self.mean_adj @ full)[ids]
        out: Tensor = self.head(F.relu(self.self2(h) + self.neigh2(agg)))
        return out


def sage_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


VIT_SIZE, VIT_PATCH, VIT_CLASSES = 16, 4, 6
"""The tiny ViT classifies 16x16 grey images, cut into 4x4 patches, into 6 classes."""


@lru_cache(maxsize=None)
def vit_images(n: int = 6000, seed: int = 284, *, n_val: int = 1000, batch_size: int = 32, train_rows: int | None = None,
               nan_rows: float = 0.0, flip: float = 0.0, noise: float = 0.9) -> Data:  # fmt: skip
    """16x16 grey images of 6 classes plus Gaussian noise (std ``noise``): gratings at 0, 45, 90 and 135 degrees (period
    3-6 pixels, random phase, amplitude 0.6-1), a Gaussian blob (width 1.5-3) and a plus glyph (arms 2-5 pixels) at a
    random place. x: (images, 1, 16, 16). ``train_rows``: keep only that many training images; ``nan_rows``: that share of
    the training images has a missing (NaN) pixel; ``flip``: that share of the training labels is a random class."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    coords = torch.arange(VIT_SIZE).float()
    yy, xx = torch.meshgrid(coords, coords, indexing="ij")
    y = torch.randint(0, VIT_CLASSES, (total,), generator=g)
    period = 3 + 3 * torch.rand(total, 1, 1, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
    amp = 0.6 + 0.4 * torch.rand(total, 1, 1, generator=g)
    cx, cy = 3 + 10 * torch.rand(total, 1, 1, generator=g), 3 + 10 * torch.rand(total, 1, 1, generator=g)
    width = 1.5 + 1.5 * torch.rand(total, 1, 1, generator=g)
    arm = 2 + 3 * torch.rand(total, 1, 1, generator=g)
    dx, dy = xx - cx, yy - cy
    kinds = torch.stack([
        torch.sin(2 * math.pi * yy / period + phase), torch.sin(2 * math.pi * (xx + yy) / (period * 1.41) + phase),
        torch.sin(2 * math.pi * xx / period + phase), torch.sin(2 * math.pi * (xx - yy) / (period * 1.41) + phase),
        2 * torch.exp(-(dx**2 + dy**2) / (2 * width**2)) - 0.5,
        1.5 * ((((dx.abs() < 0.8) & (dy.abs() <= arm)) | ((dy.abs() < 0.8) & (dx.abs() <= arm))).float()) - 0.3,
    ], 1)  # fmt: skip
    img = kinds[torch.arange(total), y] * amp
    x = (img + noise * torch.randn(total, VIT_SIZE, VIT_SIZE, generator=g))[:, None]
    if flip:
        y = torch.cat([flip_labels(y[:n], VIT_CLASSES, flip, g), y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 9, 6] = float("nan")
    data = split(x, y, n, "image classification (a tiny vision transformer of 6 pattern classes)", VIT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, VIT_CLASSES, batch_size)
    return data


class TinyViTBlock(nn.Module):
    """A pre-LN transformer encoder block: x + MHA(LN(x)), then x + MLP(LN(x)) with GELU (width 2 x d)."""

    def __init__(self, d: int = 32, heads: int = 4) -> None:
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, x: Tensor) -> Tensor:
        h = self.ln1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        out: Tensor = x + self.mlp(self.ln2(x))
        return out


class TinyViT(nn.Module):
    """A tiny Vision Transformer (Dosovitskiy et al. 2021): 4x4 patches of a 16x16 image embedded linearly to 32, a
    learned [CLS] token, learned positional embeddings (17 x 32, N(0, 0.02)), 2 pre-LN encoder blocks of 4 heads with a
    GELU MLP, a final LayerNorm and a linear ``head`` of the [CLS] token to the 6 logits."""

    def __init__(self, d: int = 32, depth: int = 2, heads: int = 4) -> None:
        super().__init__()
        patches = (VIT_SIZE // VIT_PATCH) ** 2
        self.embed = nn.Linear(VIT_PATCH * VIT_PATCH, d)
        self.cls = nn.Parameter(torch.zeros(1, 1, d))
        self.pos = nn.Parameter(0.02 * torch.randn(1, patches + 1, d))
        self.blocks = nn.Sequential(*[TinyViTBlock(d, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, VIT_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        b = x.shape[0]
        p = x.unfold(2, VIT_PATCH, VIT_PATCH).unfold(3, VIT_PATCH, VIT_PATCH).reshape(b, -1, VIT_PATCH * VIT_PATCH)
        h = torch.cat([self.cls.expand(b, -1, -1), self.embed(p)], 1) + self.pos
        out: Tensor = self.head(self.norm(self.blocks(h))[:, 0])
        return out


def vit_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")
