"""The fifteenth fresh half (fresh15, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``ssm`` an S4D state-space model (diagonal complex linear recurrences run as FFT convolutions, 2 pre-LN
blocks) naming the symbols of two events 70-95 steps apart in noisy series (9 classes), cross-entropy;
``gat`` a graph attention network (2 GAT layers over a random geometric graph's training edges) scoring
node pairs by their embeddings' dot product, link prediction, BCE over edges and as many non-edges;
``nca`` a neural cellular automaton (fixed Sobel perception, a per-cell MLP, 8 synchronous updates)
repairing 12x12 patterns with a hole and noise, MSE;
``ebm`` an energy-based model of the plane (an energy MLP and a learned log-normaliser) trained by
noise-contrastive estimation against Gaussian noise, BCE of data against noise.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, split


SSM_LENGTH, SSM_CHANNELS, SSM_SYMBOLS = 96, 4, 3
"""The state-space model reads series of 96 steps of 4 channels and names the two events' symbols (3 x 3 classes)."""
SSM_CLASSES = SSM_SYMBOLS * SSM_SYMBOLS


@lru_cache(maxsize=None)
def distant_events(n: int = 4000, seed: int = 231, *, n_val: int = 1000, batch_size: int = 32, train_rows: int | None = None,
                   noise: float = 0.4, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Series of 96 steps and 4 channels of Gaussian noise (std ``noise``) with two events: a pulse of 3 steps (height
    1.5) in one of the 3 symbol channels early (its start in steps 0-23) and another late (steps 60-92), and distractor
    pulses in the fourth channel anywhere (4.5 a series on average). y: the class 3 x (the early symbol) + (the late
    symbol), 9 classes (a long-range dependency: the early event lies 70-95 steps before the end). x: (series, 96, 4).
    ``train_rows``: keep only that many training series; ``nan_rows``: that share of the training series has a missing
    (NaN) sample."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = noise * torch.randn(total, SSM_LENGTH, SSM_CHANNELS, generator=g)
    first = torch.randint(0, SSM_SYMBOLS, (total,), generator=g)
    second = torch.randint(0, SSM_SYMBOLS, (total,), generator=g)
    t1 = torch.randint(0, 24, (total,), generator=g)
    t2 = torch.randint(60, SSM_LENGTH - 3, (total,), generator=g)
    rows = torch.arange(total)
    for k in range(3):
        x[rows, t1 + k, first] += 1.5
        x[rows, t2 + k, second] += 1.5
    for _ in range(6):
        on = torch.rand(total, generator=g) < 0.75
        t = torch.randint(0, SSM_LENGTH - 3, (total,), generator=g)
        for k in range(3):
            x[rows[on], t[on] + k, SSM_CHANNELS - 1] += 1.5
    y = first * SSM_SYMBOLS + second
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, SSM_LENGTH // 2, 0] = float("nan")
    data = split(x, y, n, "sequence classification (long-range: the symbols of two distant events)", SSM_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SSM_CLASSES, batch_size)
    return data


class S4DLayer(nn.Module):
    """A diagonal state-space layer (S4D, Gu et al. 2022): for each of ``h`` channels, ``n`` complex modes x' = A x + u,
    y = 2 Re(C x) + D u (B folded into C), A = -exp(log_a) + i a_imag (S4D-Lin at init: -0.5 + i pi k), discretised by
    zero-order hold with a learned step dt (log-uniform in [1e-3, 1e-1] at init); the linear recurrence run as a causal
    convolution with its kernel K_l = 2 Re(C (exp(dt A) - 1) / A exp(dt A l)), through the FFT."""

    def __init__(self, h: int, n: int = 16) -> None:
        super().__init__()
        self.log_dt = nn.Parameter(torch.rand(h) * (math.log(0.1) - math.log(1e-3)) + math.log(1e-3))
        self.log_a = nn.Parameter(torch.full((h, n), math.log(0.5)))
        self.a_imag = nn.Parameter(math.pi * torch.arange(n).float().repeat(h, 1))
        self.c = nn.Parameter(torch.randn(h, n, 2) * math.sqrt(0.5))
        self.d = nn.Parameter(torch.randn(h))

    def kernel(self, length: int) -> Tensor:
        dt = self.log_dt.exp()[:, None]
        a = torch.complex(-self.log_a.exp(), self.a_imag)
        dta = a * dt
        c = torch.view_as_complex(self.c) * (dta.exp() - 1) / a
        powers = (dta[..., None] * torch.arange(length, dtype=torch.float32)).exp()
        k: Tensor = 2 * torch.einsum("hn,hnl->hl", c, powers).real
        return k

    def forward(self, u: Tensor) -> Tensor:
        """The outputs at every step of ``u`` (batch, length, h)."""
        length = u.shape[1]
        k = self.kernel(length)
        uf = torch.fft.rfft(u.transpose(1, 2), n=2 * length)
        y = torch.fft.irfft(uf * torch.fft.rfft(k, n=2 * length), n=2 * length)[..., :length].transpose(1, 2)
        out: Tensor = y + u * self.d
        return out

    def last(self, u: Tensor) -> Tensor:
        """The output at the last step only (batch, h): the kernel against the reversed input."""
        out: Tensor = torch.einsum("hl,blh->bh", self.kernel(u.shape[1]), u.flip(1)) + u[:, -1] * self.d
        return out


class SSMClassifier(nn.Module):
    """A stack of S4D blocks (pre-LN: x + W GELU(S4D(LayerNorm x))) of width ``h`` on a linear encoding of the series;
    the last step's features, LayerNorm, a ReLU ``fc`` layer of 64 and a linear ``head`` to the 9 classes (a causal
    model: the last step must remember the early event). ``dead_bias`` < 0 starts fc's biases there (its units never
    fire, so nothing behind it learns)."""

    def __init__(self, h: int = 32, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.encode = nn.Linear(SSM_CHANNELS, h)
        self.norms = nn.ModuleList(nn.LayerNorm(h) for _ in range(layers))
        self.ssms = nn.ModuleList(S4DLayer(h) for _ in range(layers))
        self.mixes = nn.ModuleList(nn.Linear(h, h) for _ in range(layers))
        self.norm = nn.LayerNorm(h)
        self.fc = nn.Linear(h, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, SSM_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        z = self.encode(x)
        blocks = list(zip(self.norms, self.ssms, self.mixes))
        for norm, ssm, mix in blocks[:-1]:
            z = z + mix(F.gelu(ssm(norm(z))))
        norm, ssm, mix = blocks[-1]
        assert isinstance(ssm, S4DLayer)
        last = z[:, -1] + mix(F.gelu(ssm.last(norm(z))))  # only the last step is read: the last block computes it alone
        out: Tensor = self.head(F.relu(self.fc(self.norm(last))))
        return out


GAT_NODES, GAT_FEATURES = 400, 16
"""The graph attention network predicts the links of a 400-node graph whose nodes have 16 noisy features."""


@lru_cache(maxsize=None)
def latent_graph(seed: int = 232) -> dict[str, Tensor]:
    """A random geometric graph: 400 nodes with latent positions z in 2-D (4 Gaussian clusters), an edge between i and j
    with probability 0.6 exp(-|z_i - z_j|^2 / 0.18); node features a random linear map of z (and of sin / cos of
    its coordinates) to 16 dimensions with noise (std 1): the graph and the features both only hint at z. 15% of the
    edges (``val_edges``) are held out from the message-passing graph (``adj``: the training edges and self-loops)."""
    g = torch.Generator().manual_seed(seed)
    centres = torch.randn(4, 2, generator=g) * 1.2
    z = centres[torch.randint(0, 4, (GAT_NODES,), generator=g)] + 0.6 * torch.randn(GAT_NODES, 2, generator=g)
    d2 = ((z[:, None] - z[None]) ** 2).sum(-1)
    p = 0.6 * torch.exp(-d2 / 0.18)
    upper = torch.triu(torch.rand(GAT_NODES, GAT_NODES, generator=g) < p, diagonal=1)
    edges = torch.nonzero(upper)
    order = torch.randperm(len(edges), generator=g)
    n_val = int(0.15 * len(edges))
    val_edges, train_edges = edges[order[:n_val]], edges[order[n_val:]]
    adj = torch.eye(GAT_NODES, dtype=torch.bool)
    adj[train_edges[:, 0], train_edges[:, 1]] = True
    adj[train_edges[:, 1], train_edges[:, 0]] = True
    basis = torch.cat([z, torch.sin(2 * z), torch.cos(2 * z)], 1)
    feats = basis @ torch.randn(6, GAT_FEATURES, generator=g) + torch.randn(GAT_NODES, GAT_FEATURES, generator=g)
    feats = (feats - feats.mean(0)) / feats.std(0)
    return {"z": z, "features": feats, "adj": adj, "train_edges": train_edges, "val_edges": val_edges,
            "linked": upper | upper.T}  # fmt: skip


def _non_edges(linked: Tensor, count: int, g: torch.Generator) -> Tensor:
    """``count`` distinct node pairs (i < j) that are not linked."""
    pairs = torch.randint(0, GAT_NODES, (4 * count, 2), generator=g)
    keep = (pairs[:, 0] < pairs[:, 1]) & ~linked[pairs[:, 0], pairs[:, 1]]
    pairs = torch.unique(pairs[keep], dim=0)
    out: Tensor = pairs[torch.randperm(len(pairs), generator=g)[:count]]
    return out


@lru_cache(maxsize=None)
def graph_links(seed: int = 234, *, batch_size: int = 64, train_rows: int | None = None, negatives: int = 1) -> Data:
    """Link prediction on ``latent_graph``: x the node pairs (pairs, 2), y 1.0 for an edge and 0.0 for a non-edge. The
    training pairs: the message-passing graph's edges and ``negatives`` x as many non-edges; the held-out pairs: the
    held-out edges and as many other non-edges. ``train_rows``: keep only that many training pairs."""
    g = torch.Generator().manual_seed(seed)
    graph = latent_graph()
    pos, val_pos = graph["train_edges"], graph["val_edges"]
    neg = _non_edges(graph["linked"], negatives * len(pos) + len(val_pos), g)
    train_neg, val_neg = neg[: negatives * len(pos)], neg[negatives * len(pos) :]
    x = torch.cat([pos, train_neg])
    y = torch.cat([torch.ones(len(pos)), torch.zeros(len(train_neg))])
    order = torch.randperm(len(x), generator=g)
    x, y = x[order], y[order]
    if train_rows:
        x, y = x[:train_rows], y[:train_rows]
    val_x = torch.cat([val_pos, val_neg])
    val_y = torch.cat([torch.ones(len(val_pos)), torch.zeros(len(val_neg))])
    return Data(x, y, val_x, val_y, "link prediction (graph attention network, node pairs)", None, batch_size)


class GATLayer(nn.Module):
    """A graph attention layer (Velickovic et al. 2018): ``heads`` heads, each projects the nodes' features (``proj``)
    and scores each edge j -> i by LeakyReLU(a_src . W h_j + a_dst . W h_i) (slope 0.2), softmax over i's incoming
    edges (``edges``: (edges, 2) source and destination, self-loops included); the heads' outputs concatenated."""

    def __init__(self, d_in: int, d_head: int, heads: int) -> None:
        super().__init__()
        self.heads, self.d_head = heads, d_head
        self.proj = nn.Linear(d_in, heads * d_head, bias=False)
        self.a_src = nn.Parameter(torch.randn(heads, d_head) / math.sqrt(d_head))
        self.a_dst = nn.Parameter(torch.randn(heads, d_head) / math.sqrt(d_head))
        self.bias = nn.Parameter(torch.zeros(heads * d_head))

    def forward(self, h: Tensor, edges: Tensor) -> Tensor:
        src, dst = edges[:, 0], edges[:, 1]
        wh = self.proj(h).reshape(len(h), self.heads, self.d_head)
        scores = F.leaky_relu((wh[src] * self.a_src).sum(-1) + (wh[dst] * self.a_dst).sum(-1), 0.2)
        top = torch.full((len(h), self.heads), float("-inf")).scatter_reduce(0, dst[:, None].expand_as(scores), scores, "amax")
        weights = (scores - top[dst]).exp()
        total = torch.zeros(len(h), self.heads).index_add(0, dst, weights)
        att = weights / total[dst]
        out = torch.zeros_like(wh).index_add(0, dst, att[..., None] * wh[src])
        result: Tensor = out.reshape(len(h), -1) + self.bias
        return result


class GATLinkPredictor(nn.Module):
    """A 2-layer GAT (4 heads of 16, ELU between, then 1 head of 32) over the message-passing graph (a buffer, with the
    node features), a ReLU ``fc`` layer of 64 and a linear ``head`` to 32 (a node's embedding); a pair's logit: the dot
    product of its nodes' embeddings over sqrt(32) plus a learned offset. ``dead_bias`` < 0 starts fc's biases there
    (its units never fire, so nothing behind it learns)."""

    features: Tensor
    edges: Tensor

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        graph = latent_graph()
        self.register_buffer("features", graph["features"].clone())
        self.register_buffer("edges", torch.nonzero(graph["adj"]).flip(1))
        self.gat1 = GATLayer(GAT_FEATURES, 16, 4)
        self.gat2 = GATLayer(64, 32, 1)
        self.fc = nn.Linear(32, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, 32)
        self.offset = nn.Parameter(torch.zeros(()))

    def embed(self) -> Tensor:
        h = F.elu(self.gat1(self.features, self.edges))
        h = F.elu(self.gat2(h, self.edges))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out

    def forward(self, pairs: Tensor) -> Tensor:
        e = self.embed()
        out: Tensor = (e[pairs[:, 0]] * e[pairs[:, 1]]).sum(-1) / math.sqrt(e.shape[1]) + self.offset
        return out


def links_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the links (the mean over the pairs)."""
    return F.binary_cross_entropy_with_logits(out, y)


def links_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the pairs (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def links_bce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The same written by hand, -(y log sigmoid + (1 - y) log(1 - sigmoid)): once a logit passes ~17 the sigmoid is
    exactly 1.0 in float32 and log(1 - p) is -inf (for a non-edge: the loss inf, its gradient NaN)."""
    p = torch.sigmoid(out)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


NCA_SIZE, NCA_CHANNELS, NCA_STEPS, NCA_HOLE = 12, 8, 8, 5
"""The neural cellular automaton: a 12x12 grid of 8-channel cells updated 8 times."""


@lru_cache(maxsize=None)
def damaged_patterns(n: int = 3000, seed: int = 233, *, n_val: int = 500, batch_size: int = 16, train_rows: int | None = None,
                     noise: float = 0.1, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """12x12 grey patterns (a ring, a filled square, a cross or a diagonal band of random size and place, grey level
    0.6-1, on black) damaged by a 5x5 hole (its pixels erased to 0) and Gaussian noise of std ``noise`` on every pixel.
    x: the damaged pattern (patterns, 1, 12, 12); y: the intact, clean one. ``train_rows``: keep only that many training
    patterns; ``nan_rows``: that share of the training patterns has a dead (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    c = torch.arange(NCA_SIZE).float()
    py, px = torch.meshgrid(c, c, indexing="ij")

    def rnd(lo: float, hi: float) -> Tensor:
        return lo + (hi - lo) * torch.rand(total, 1, 1, generator=g)

    cx, cy, size, level = rnd(4, 7), rnd(4, 7), rnd(2.5, 4.5), rnd(0.6, 1.0)
    r = torch.sqrt((px - cx) ** 2 + (py - cy) ** 2)
    shapes = torch.stack([((r - size).abs() < 1.1).float(),
                          (((px - cx).abs() < size) & ((py - cy).abs() < size)).float(),
                          ((((px - cx).abs() < 1.1) | ((py - cy).abs() < 1.1)) & (r < size + 1)).float(),
                          (((px - py) - (cx - cy)).abs() < size / 2).float()], 1)  # fmt: skip
    kind = torch.randint(0, 4, (total,), generator=g)
    clean = level * shapes[torch.arange(total), kind]
    hx = torch.randint(0, NCA_SIZE - NCA_HOLE + 1, (total, 1, 1), generator=g)
    hy = torch.randint(0, NCA_SIZE - NCA_HOLE + 1, (total, 1, 1), generator=g)
    hole = (px >= hx) & (px < hx + NCA_HOLE) & (py >= hy) & (py < hy + NCA_HOLE)
    damaged = torch.where(hole, 0.0, clean) + noise * torch.randn(total, NCA_SIZE, NCA_SIZE, generator=g)
    x, y = damaged[:, None], clean[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, :, 0, 0] = float("nan")
    data = split(x, y, n, "image repair (a neural cellular automaton regrows a damaged pattern)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NeuralCA(nn.Module):
    """A neural cellular automaton (Mordvintsev et al. 2020): a grid of cells of 8 channels, the first the visible grey
    level (the damaged pattern at the start, the rest 0); each of 8 synchronous updates perceives each channel through
    fixed 3x3 filters (identity, Sobel x, Sobel y: 24 numbers a cell) and adds a per-cell MLP's output to the state
    (a ReLU ``fc`` layer of 32 and a linear ``head`` to 8, the same rule in every cell and every update, the head at 0.1
    x its default init so that the first updates are small). The output: the visible channel after the last update.
    ``dead_bias`` < 0 starts fc's biases there (its units never fire: every cell gets the same update, the head's bias,
    and nothing else learns)."""

    filters: Tensor

    def __init__(self, hidden: int = 32, steps: int = NCA_STEPS, dead_bias: float = 0.0) -> None:
        super().__init__()
        ident = torch.zeros(3, 3)
        ident[1, 1] = 1.0
        sobel = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]) / 8
        self.register_buffer("filters", torch.stack([ident, sobel, sobel.T])[:, None].repeat(NCA_CHANNELS, 1, 1, 1))
        self.steps = steps
        self.fc = nn.Linear(3 * NCA_CHANNELS, hidden)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, NCA_CHANNELS)
        with torch.no_grad():
            self.head.weight.mul_(0.1)
            self.head.bias.zero_()

    def forward(self, x: Tensor) -> Tensor:
        state = F.pad(x, (0, 0, 0, 0, 0, NCA_CHANNELS - 1))
        for _ in range(self.steps):
            seen = F.conv2d(state, self.filters, padding=1, groups=NCA_CHANNELS)
            update = self.head(F.relu(self.fc(seen.permute(0, 2, 3, 1))))
            state = state + update.permute(0, 3, 1, 2)
        out: Tensor = state[:, :1]
        return out


def pattern_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the pixels and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def damage_at_identity() -> float:
    """The held-out MSE of leaving the damaged pattern as it is (what a cellular automaton that never changes scores)."""
    d = damaged_patterns()
    return float(F.mse_loss(d.val_x, d.val_y))


EBM_DIM, EBM_NOISE_STD = 2, 2.0
"""The energy-based model: a density on the plane, told apart from Gaussian noise of std 2."""


def noise_log_density(p: Tensor) -> Tensor:
    """log q(p) of the noise distribution N(0, 2^2 I) on the plane."""
    return -0.5 * (p**2).sum(-1) / EBM_NOISE_STD**2 - EBM_DIM * math.log(EBM_NOISE_STD * math.sqrt(2 * math.pi))


@lru_cache(maxsize=None)
def nce_points(n: int = 6000, seed: int = 235, *, n_val: int = 2000, batch_size: int = 128, train_rows: int | None = None,
               nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Noise-contrastive estimation's data: as many samples of the data density (a mixture of 8 Gaussians of std 0.12 on
    a circle of radius 2, the upper half twice as likely, and a ring of radius 1 and std 0.05 holding a fifth) as of
    the noise N(0, 2^2 I), shuffled. x: (points, 3): the point and the noise's log density there; y: 1.0 for a data
    sample, 0.0 for noise. ``train_rows``: keep only that many training points; ``nan_rows``: that share of the
    training points has a missing (NaN) coordinate."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    half = total // 2
    weights = torch.tensor([2.0, 2, 2, 2, 1, 1, 1, 1, 3])
    comp = torch.multinomial(weights / weights.sum(), half, replacement=True, generator=g)
    angle = torch.where(comp < 8, comp.float() * math.pi / 4 + math.pi / 8, 2 * math.pi * torch.rand(half, generator=g))
    radius = torch.where(comp < 8, torch.full((half,), 2.0), 1.0 + 0.05 * torch.randn(half, generator=g))
    spread = torch.where(comp < 8, 0.12, 0.0)[:, None]
    data_pts = radius[:, None] * torch.stack([angle.cos(), angle.sin()], 1) + spread * torch.randn(half, 2, generator=g)
    noise_pts = EBM_NOISE_STD * torch.randn(total - half, 2, generator=g)
    pts = torch.cat([data_pts, noise_pts])
    y = torch.cat([torch.ones(half), torch.zeros(total - half)])
    order = torch.randperm(total, generator=g)
    pts, y = pts[order], y[order]
    x = torch.cat([pts, noise_log_density(pts)[:, None]], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "density estimation (an energy-based model, noise-contrastive estimation)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


NCE_LOG_Z0 = 4.0
"""The learned log-normaliser's start: about -log q of a typical point, so that the first logits are near 0."""


class EnergyModel(nn.Module):
    """An energy-based model of the plane trained by NCE (Gutmann and Hyvarinen 2010): an energy MLP 2-64-64 (SiLU, or
    ReLU with ``relu``) with a linear ``head`` to E(p), and a learned log-normaliser ``log_z``; log p_model(p) =
    -E(p) - log_z, and a point's logit of being data rather than noise is log p_model(p) - log q(p) (read from x's
    last column). ``dead_bias`` < 0 starts the second layer's biases there (ReLU: its units never fire)."""

    def __init__(self, relu: bool = False, dead_bias: float = 0.0) -> None:
        super().__init__()
        act: type[nn.Module] = nn.ReLU if relu else nn.SiLU
        second = nn.Linear(64, 64)
        if dead_bias:
            with torch.no_grad():
                second.bias.fill_(dead_bias)
        self.body = nn.Sequential(nn.Linear(EBM_DIM, 64), act(), second, act())
        self.head = nn.Linear(64, 1)
        self.log_z = nn.Parameter(torch.tensor(NCE_LOG_Z0))

    def forward(self, x: Tensor) -> Tensor:
        energy = self.head(self.body(x[:, :EBM_DIM])).squeeze(-1)
        out: Tensor = -energy - self.log_z - x[:, EBM_DIM]
        return out


def nce_bce(out: Tensor, y: Tensor) -> Tensor:
    """NCE's loss: binary cross-entropy with logits of data against noise (the mean over the points)."""
    return F.binary_cross_entropy_with_logits(out, y)


def nce_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the points (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


@lru_cache(maxsize=None)
def pretrained_energy_weights() -> dict[str, Tensor]:
    """An EnergyModel trained (unrecorded) for 400 Adam steps on points of another seed: a checkpoint that a fine-tune
    starts from. Trained in a forked RNG."""
    from harness import Setup, train

    pretraining = Setup(name="ebm-pretraining", data=nce_points(seed=238), model=EnergyModel, optimizer=torch.optim.Adam,
                        lr=3e-3, steps=400, seed=5, shuffle_offset=3000, loss_fn=nce_bce)  # fmt: skip
    with torch.random.fork_rng():
        return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_energy() -> EnergyModel:
    """An EnergyModel with the pretrained weights (a fine-tune starts from them)."""
    model = EnergyModel()
    model.load_state_dict(pretrained_energy_weights())
    return model
