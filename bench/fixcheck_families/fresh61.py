"""The sixty-third fresh half (fresh61, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


TXL_VOCAB, TXL_PERIOD, TXL_SEGMENT, TXL_SEGMENTS = 16, 20, 16, 3
"""Streams of 16 tokens that repeat with a period of 20, longer than a segment of 16: the next token is mostly the one
19 back, in the previous segment, seen only through Transformer-XL's memory; 3 segments of 16 a window."""


@lru_cache(maxsize=None)
def txl_streams(n: int = 3000, seed: int = 611, *, n_val: int = 500, batch_size: int = 32, train_rows: int | None = None) -> Data:
    """Token streams with long-range structure: per window 20 random tokens (uniform over 16), then the window repeats
    them with a period of 20, each repeated token replaced by a uniform random one with probability 0.1; 49 tokens, x
    the first 48, y the next 48 (next-token prediction). x, y: (windows, 48) long. ``train_rows``: keep only that many
    training windows."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, TXL_SEGMENT * TXL_SEGMENTS + 1
    base = torch.randint(TXL_VOCAB, (total, TXL_PERIOD), generator=g)
    s = base.repeat(1, length // TXL_PERIOD + 1)[:, :length].clone()
    noise = torch.rand(total, length, generator=g) < 0.1
    noise[:, :TXL_PERIOD] = False
    s = torch.where(noise, torch.randint(TXL_VOCAB, (total, length), generator=g), s)
    data = split(s[:, :-1].clone(), s[:, 1:].clone(), n, "language modelling of periodic token streams (a Transformer-XL-like LM with segment memory)", TXL_VOCAB, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, TXL_VOCAB, batch_size)
    return data


class RelMultiHeadAttention(nn.Module):
    """Transformer-XL's relative multi-head attention (Dai et al. 2019): queries from the segment, keys and values from
    the memory and the segment; the score of query i and key j (q_i + u) . k_j + (q_i + v) . W_r r_(i - j), with learned
    biases u and v per head and r a sinusoidal embedding of the distance; causal."""

    def __init__(self, d: int, heads: int, max_len: int) -> None:
        super().__init__()
        self.heads, self.dh = heads, d // heads
        self.qkv, self.r, self.o = nn.Linear(d, 3 * d), nn.Linear(d, d, bias=False), nn.Linear(d, d)
        self.u = nn.Parameter(torch.zeros(heads, self.dh))
        self.v = nn.Parameter(torch.zeros(heads, self.dh))
        pos = torch.arange(max_len).float()[:, None]
        freq = torch.exp(-math.log(10000.0) * torch.arange(0, d, 2).float() / d)
        self.register_buffer("sinus", torch.cat([torch.sin(pos * freq), torch.cos(pos * freq)], 1))

    def forward(self, h: Tensor, mem: Tensor | None) -> Tensor:
        b, seg, d = h.shape
        full = h if mem is None else torch.cat([mem, h], 1)
        m = full.shape[1] - seg
        q, k, v = self.qkv(full).view(b, full.shape[1], 3, self.heads, self.dh).permute(2, 0, 3, 1, 4)
        q = q[:, :, m:]  # (b, heads, seg, dh)
        dist = (torch.arange(seg, device=h.device)[:, None] + m) - torch.arange(full.shape[1], device=h.device)[None, :]
        r = self.r(self.sinus[: full.shape[1]]).view(full.shape[1], self.heads, self.dh).transpose(0, 1)  # (heads, L, dh)
        ac = (q + self.u[:, None]) @ k.transpose(-1, -2)
        bd = ((q + self.v[:, None]) @ r.transpose(-1, -2)).gather(-1, dist.clamp(min=0).expand(b, self.heads, seg, -1))
        scores = ((ac + bd) / math.sqrt(self.dh)).masked_fill(dist < 0, float("-inf"))
        out = (torch.softmax(scores, -1) @ v).transpose(1, 2).reshape(b, seg, d)
        o: Tensor = self.o(out)
        return o


class TransformerXLNet(nn.Module):
    """A tiny Transformer-XL-like LM: tokens embedded to 32, the window of 48 read in 3 segments of 16, each through 2
    pre-LN layers of relative multi-head attention (2 heads) and a GELU MLP 32-64-32, each layer attending to a memory
    of the previous segment's inputs to that layer (detached: no gradient flows across segments); a final LayerNorm, a
    ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 16 tokens. Output (windows, 48, 16). ``dead_bias`` < 0 starts
    fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = 32) -> None:
        super().__init__()
        self.embed = nn.Embedding(TXL_VOCAB, d)
        self.attn = nn.ModuleList(RelMultiHeadAttention(d, 2, 2 * TXL_SEGMENT) for _ in range(2))
        self.ln1 = nn.ModuleList(nn.LayerNorm(d) for _ in range(2))
        self.ln2 = nn.ModuleList(nn.LayerNorm(d) for _ in range(2))
        self.mlp = nn.ModuleList(nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d)) for _ in range(2))
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, TXL_VOCAB)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        mems: list[Tensor | None] = [None, None]
        outs = []
        for seg in self.embed(x).split(TXL_SEGMENT, 1):
            h, new_mems = seg, []
            for i in range(2):
                new_mems.append(h.detach())
                h = h + self.attn[i](self.ln1[i](h), None if mems[i] is None else self.ln1[i](mems[i]))
                h = h + self.mlp[i](self.ln2[i](h))
            mems = list(new_mems)
            outs.append(h)
        out: Tensor = self.head(F.relu(self.fc(self.norm(torch.cat(outs, 1)))))
        return out


def txl_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The next-token cross-entropy summed over the batch's windows (mean over each window's 48 tokens)."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum") / y.shape[1]


HRNET_SIZE, HRNET_CLASSES = 12, 3
"""12 x 12 grey images segmented per pixel into 3 classes: background, a ring, a filled square."""


@lru_cache(maxsize=None)
def hrnet_images(n: int = 3000, seed: int = 613, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Images of 1-2 shapes on a noisy background: a ring (radius 2-3, 1.2 pixels thick, class 1) or a filled square
    (side 3-6, class 2), brightness 0.6-1.0 each, drawn in turn (the later over the earlier), plus N(0, 0.4^2) noise per
    pixel; telling a ring's pixels from a square's edge needs the shape around them. x: (images, 1, 12, 12); y: (images,
    12, 12) long. ``nan_rows``: that share of the training images has a missing (NaN) pixel; ``train_rows``: keep only
    that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, HRNET_SIZE
    rows = torch.arange(s).float()[None, :, None]
    cols = torch.arange(s).float()[None, None, :]
    img = torch.zeros(total, s, s)
    y = torch.zeros(total, s, s, dtype=torch.long)
    count = torch.randint(1, 3, (total,), generator=g)
    for k in range(2):
        on = (count > k)[:, None, None]
        ring = (torch.rand(total, generator=g) < 0.5)[:, None, None]
        cy = (2 + 8 * torch.rand(total, generator=g))[:, None, None]
        cx = (2 + 8 * torch.rand(total, generator=g))[:, None, None]
        radius = (2 + torch.rand(total, generator=g))[:, None, None]
        half = (1.5 + torch.rand(total, generator=g))[:, None, None]
        bright = (0.6 + 0.4 * torch.rand(total, generator=g))[:, None, None]
        dist = ((rows - cy) ** 2 + (cols - cx) ** 2).sqrt()
        ring_px = (dist - radius).abs() < 0.6
        square_px = ((rows - cy).abs() <= half) & ((cols - cx).abs() <= half)
        px = on & torch.where(ring, ring_px, square_px)
        img = torch.where(px, bright, img)
        y = torch.where(px, torch.where(ring, 1, 2), y)
    x = (img + 0.4 * torch.randn(total, s, s, generator=g))[:, None].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 9] = float("nan")
    data = split(x, y, n, "per-pixel segmentation of rings and squares (an HRNet-like network)", HRNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, HRNET_CLASSES, batch_size)
    return data


class HRBranch(nn.Module):
    """A residual unit of one HRNet branch: 3x3 conv, BN, ReLU, 3x3 conv, BN, added to the input, ReLU."""

    def __init__(self, c: int) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), nn.ReLU(),
                                  nn.Conv2d(c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c))  # fmt: skip

    def forward(self, x: Tensor) -> Tensor:
        return F.relu(x + self.body(x))


class HRFuse(nn.Module):
    """HRNet's multi-resolution fusion of a high (12x12, 8 channels) and a low (6x6, 16 channels) branch: high + the
    low one through a 1x1 conv + BN upsampled x2 (bilinear), low + the high one through a strided 3x3 conv + BN; ReLU."""

    def __init__(self, c_high: int, c_low: int) -> None:
        super().__init__()
        self.up = nn.Sequential(nn.Conv2d(c_low, c_high, 1, bias=False), nn.BatchNorm2d(c_high))
        self.down = nn.Sequential(nn.Conv2d(c_high, c_low, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(c_low))

    def forward(self, high: Tensor, low: Tensor) -> tuple[Tensor, Tensor]:
        up = F.interpolate(self.up(low), size=high.shape[-2:], mode="bilinear", align_corners=False)
        return F.relu(high + up), F.relu(low + self.down(high))


class HRNetSeg(nn.Module):
    """A tiny HRNet-like segmenter (Wang et al. 2020): a stem (3x3 conv 1 -> 8, BN, ReLU) at full resolution, a strided
    3x3 conv opening the low branch (6x6, 16 channels); 2 stages, each a residual unit per branch then a fusion, both
    resolutions kept through the network; the low branch upsampled and concatenated with the high one (24 channels),
    then per pixel (channel-last) a ReLU layer ``fc`` (24 -> 32) and a ``head`` to the 3 classes. Output (images, 12,
    12, 3). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, c_high: int = 8, c_low: int = 16) -> None:
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, c_high, 3, padding=1, bias=False), nn.BatchNorm2d(c_high), nn.ReLU())
        self.open = nn.Sequential(nn.Conv2d(c_high, c_low, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(c_low), nn.ReLU())
        self.high = nn.ModuleList(HRBranch(c_high) for _ in range(2))
        self.low = nn.ModuleList(HRBranch(c_low) for _ in range(2))
        self.fuse = nn.ModuleList(HRFuse(c_high, c_low) for _ in range(2))
        self.fc = nn.Linear(c_high + c_low, 32)
        self.head = nn.Linear(32, HRNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        high = self.stem(x)
        low = self.open(high)
        for hb, lb, fuse in zip(self.high, self.low, self.fuse):
            high, low = fuse(hb(high), lb(low))
        up = F.interpolate(low, size=high.shape[-2:], mode="bilinear", align_corners=False)
        z = torch.cat([high, up], 1).permute(0, 2, 3, 1)
        out: Tensor = self.head(F.relu(self.fc(z)))
        return out


def hrnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The per-pixel cross-entropy summed over the batch's images (mean over each image's 144 pixels)."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum") / (HRNET_SIZE * HRNET_SIZE)


SORTPOOL_NODES, SORTPOOL_FEATURES, SORTPOOL_CLASSES, SORTPOOL_K = 20, 4, 3, 10
"""Graphs of 10-20 nodes (padded to 20) with 4 node features, 3 classes; SortPooling keeps the top 10 nodes."""


@lru_cache(maxsize=None)
def sortpool_graphs(n: int = 2400, seed: int = 615, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Small graphs of 3 kinds: a ring with 1-3 random chords (class 0), a random tree grown by attaching each node to
    a uniformly random earlier one (class 1), two dense clusters (edge probability 0.5 inside) joined by 1-2 edges
    (class 2); each graph with 10-20 nodes, then 2 random edges added or removed (noise), its nodes shuffled; node
    features a presence flag, the degree / 5 and 2 N(0, 1) noise values; 5% random labels (a floor). Packed as x:
    (graphs, 20, 20 + 4), the adjacency then the features (padding nodes all zero); y: (graphs,). ``nan_rows``: that
    share of the training graphs has a missing (NaN) feature; ``train_rows``: keep only that many training graphs."""
    g = torch.Generator().manual_seed(seed)
    total, big = n + n_val, SORTPOOL_NODES
    y = torch.randint(SORTPOOL_CLASSES, (total,), generator=g)
    x = torch.zeros(total, big, big + SORTPOOL_FEATURES)
    for i in range(total):
        m = int(torch.randint(10, big + 1, (1,), generator=g))
        a = torch.zeros(m, m)
        kind = int(y[i])
        if kind == 0:
            idx = torch.arange(m)
            a[idx, (idx + 1) % m] = 1
            for _ in range(int(torch.randint(1, 4, (1,), generator=g))):
                u, v = torch.randint(m, (2,), generator=g).tolist()
                a[u, v] = 1
        elif kind == 1:
            for j in range(1, m):
                a[j, int(torch.randint(j, (1,), generator=g))] = 1
        else:
            half = m // 2
            block = torch.arange(m) < half
            same = block[:, None] == block[None, :]
            a = (same & (torch.rand(m, m, generator=g) < 0.5)).float()
            for _ in range(int(torch.randint(1, 3, (1,), generator=g))):
                a[int(torch.randint(half, (1,), generator=g)), int(torch.randint(half, m, (1,), generator=g))] = 1
        for _ in range(2):
            u, v = torch.randint(m, (2,), generator=g).tolist()
            a[u, v] = 1 - a[u, v]
        a = torch.triu(a + a.T, 1).clamp(max=1)
        a = a + a.T
        perm = torch.randperm(m, generator=g)
        a = a[perm][:, perm]
        x[i, :m, :m] = a
        x[i, :m, big] = 1.0
        x[i, :m, big + 1] = a.sum(1) / 5
        x[i, :m, big + 2 :] = torch.randn(m, 2, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, big + 2] = float("nan")
    y = flip_labels(y, SORTPOOL_CLASSES, 0.05, g)
    data = split(x, y, n, "graph classification of rings, trees and two-cluster graphs (DGCNN with SortPooling)", SORTPOOL_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SORTPOOL_CLASSES, batch_size)
    return data


class SortPoolNet(nn.Module):
    """A DGCNN-like graph classifier (Zhang et al. 2018): 4 graph convolutions Z <- tanh(D^-1 (A + I) Z W) of 32, 32, 32
    and 1 channels, their outputs concatenated (97 per node); SortPooling: the real nodes sorted by the last channel,
    the top 10 kept (zero rows for smaller graphs); a 1-D convolution with kernel and stride 97 (one node each, 16
    channels, ReLU), max pooling by 2, a 1-D convolution of kernel 3 (32 channels, ReLU), flattened, a ReLU layer
    ``fc`` (96 -> 32) and a ``head`` to the 3 classes. Output (graphs, 3). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        widths = (SORTPOOL_FEATURES, 32, 32, 32, 1)
        self.convs = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:]))
        total = sum(widths[1:])
        self.conv1 = nn.Conv1d(1, 16, total, stride=total)
        self.conv2 = nn.Conv1d(16, 32, 3)
        self.fc = nn.Linear(32 * (SORTPOOL_K // 2 - 2), 32)
        self.head = nn.Linear(32, SORTPOOL_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        big = SORTPOOL_NODES
        adj, feats = x[..., :big], x[..., big:]
        present = feats[..., :1]
        a_hat = adj + torch.diag_embed(present[..., 0])
        norm = a_hat / a_hat.sum(-1, keepdim=True).clamp(min=1.0)
        z, outs = feats, []
        for conv in self.convs:
            z = torch.tanh(norm @ conv(z)) * present
            outs.append(z)
        h = torch.cat(outs, -1)  # (graphs, 20, 97)
        key = torch.where(present[..., 0] > 0, h[..., -1], torch.full_like(h[..., -1], -1e4))
        order = key.argsort(-1, descending=True)[:, :SORTPOOL_K]
        top = h.gather(1, order[..., None].expand(-1, -1, h.shape[-1])) * present.gather(1, order[..., None])
        c = F.relu(self.conv1(top.reshape(len(x), 1, -1)))
        c = F.relu(self.conv2(F.max_pool1d(c, 2)))
        out: Tensor = self.head(F.relu(self.fc(c.flatten(1))))
        return out


def sortpool_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


GEV_FEATURES, GEV_XI_MAX = 6, 0.45
"""Rows of 6 features; the model's shape xi kept in (-0.45, 0.45) by a tanh."""


@lru_cache(maxsize=None)
def gev_rows(n: int = 4000, seed: int = 617, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
             train_rows: int | None = None) -> Data:  # fmt: skip
    """Block maxima: 6 features N(0, 1); a target from a generalised extreme-value distribution of location 1 +
    sin(x0) + 0.5 x1, scale exp(0.3 x2 - 0.2) and shape 0.25 tanh(x3) + 0.05 (inverse CDF of a uniform); x4 and x5
    noise. x: (rows, 6); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, GEV_FEATURES, generator=g)
    loc = 1 + torch.sin(x[:, 0]) + 0.5 * x[:, 1]
    scale = torch.exp(0.3 * x[:, 2] - 0.2)
    xi = 0.25 * torch.tanh(x[:, 3]) + 0.05
    u = torch.rand(total, generator=g).clamp(1e-6, 1 - 1e-6)
    y = loc + scale * ((-torch.log(u)) ** (-xi) - 1) / xi
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "regression of block maxima (an MLP, the generalised-extreme-value negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GEVMLP(nn.Module):
    """A ReLU MLP of a GEV regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32
    -> 3): the location, the raw scale (through a softplus) and the raw shape (xi = 0.45 tanh(raw)). Output (rows, 3).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(GEV_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def gev_terms(out: Tensor, y: Tensor) -> Tensor:
    """The GEV negative log-likelihood of each row, log sigma + (1 + 1/xi) log t + t^(-1/xi) with t = 1 + xi (y - mu) /
    sigma; mu = out[:, 0], sigma = softplus(out[:, 1]) + 1e-3, xi = 0.45 tanh(out[:, 2]) kept at least 1e-3 from 0 (the
    Gumbel limit, to float precision). The support constraint t > 0 handled safely: log t is log1p of xi z clamped at
    -0.5 where xi z > -0.5, else the log of a softplus (beta 10) of t, so a target outside the support costs a large but
    finite, smooth penalty; the exponent -log t / xi clamped at 30."""
    mu, sigma = out[:, 0], F.softplus(out[:, 1]) + 1e-3
    raw_xi = GEV_XI_MAX * torch.tanh(out[:, 2])
    xi = torch.where(raw_xi >= 0, raw_xi.clamp(min=1e-3), raw_xi.clamp(max=-1e-3))
    u = xi * (y - mu) / sigma
    log_t = torch.where(u > -0.5, torch.log1p(u.clamp(min=-0.5)), torch.log(F.softplus(1 + u, beta=10.0) + 1e-6))
    return sigma.log() + (1 + 1 / xi) * log_t + torch.exp((-log_t / xi).clamp(max=30.0))


def gev_nll(out: Tensor, y: Tensor) -> Tensor:
    """The GEV negative log-likelihood, mean over the rows."""
    return gev_terms(out, y).mean()


def gev_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The GEV negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return gev_terms(out, y).sum()


def gev_at_zero() -> float:
    """The GEV negative log-likelihood of raw outputs of 0 (mu 0, sigma ln 2, xi just above 0): its level at init."""
    y = gev_rows().y
    return float(gev_nll(torch.zeros(len(y), 3), y))
