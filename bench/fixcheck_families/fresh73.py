"""The seventy-fifth fresh half (fresh73, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


SPANQA_VOCAB, SPANQA_QUESTION, SPANQA_LENGTH, SPANQA_MARK, SPANQA_FIRST = 50, 8, 32, 1, 10
"""Token sequences of 32: a question of 8 (a [MARK] token 1 and the key right after it, 5 distractors, a length token
2-4 for a span of 1-3 tokens) and a passage of 24; content tokens 10-49 of a vocabulary of 50. Start and end logits over
the 32 positions (ln 32 = 3.47 at chance)."""


@lru_cache(maxsize=None)
def spanqa_sequences(n: int = 3000, seed: int = 731, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic extractive question answering: the question is a [MARK] token followed by the key k, 5 distractor
    content tokens (which may occur in the passage too), then a length token 2, 3 or 4 (a span of 1, 2 or 3 tokens);
    the passage is 24 content tokens other than k, with k planted once at a random place p (from where the span
    fits). The answer span starts at p and ends at p + length - 1; 4% of the training answers are moved to a random
    place (a floor). x: (sequences, 32) the tokens (float, for the NaN of a missing token); y: (sequences, 2) the start
    and end positions. ``nan_rows``: that share of the training sequences has a missing (NaN) token; ``train_rows``:
    keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    content = SPANQA_VOCAB - SPANQA_FIRST
    key = torch.randint(content, (total,), generator=g) + SPANQA_FIRST
    span = torch.randint(3, (total,), generator=g) + 1
    x = torch.zeros(total, SPANQA_LENGTH)
    passage = SPANQA_LENGTH - SPANQA_QUESTION
    for r in range(total):
        k = int(key[r])
        others = torch.randint(content - 1, (passage + 5,), generator=g) + SPANQA_FIRST
        others = torch.where(others >= k, others + 1, others)
        q = [SPANQA_MARK, k] + others[passage:].tolist()
        x[r, : SPANQA_QUESTION - 1] = torch.tensor(q, dtype=torch.float)
        x[r, SPANQA_QUESTION - 1] = 1 + int(span[r])
        x[r, SPANQA_QUESTION:] = others[:passage].float()
    start = SPANQA_QUESTION + (torch.rand(total, generator=g) * (passage - span + 1).float()).long()
    x[torch.arange(total), start] = key.float()
    y = torch.stack([start, start + span - 1], 1)
    moved = torch.nonzero(torch.rand(n, generator=g) < 0.04).flatten()
    shift = SPANQA_QUESTION + torch.randint(passage - 2, (len(moved),), generator=g)
    y[moved] = torch.stack([shift, shift + span[moved] - 1], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 12] = float("nan")
    data = split(x, y, n, "extractive span prediction (start and end positions of the answer)", SPANQA_LENGTH,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SPANQA_LENGTH,
                    batch_size)  # fmt: skip
    return data


class SpanQA(nn.Module):
    """A small transformer encoder for extractive span prediction: token embeddings (48) plus learned position
    embeddings, 2 pre-LN encoder layers (4 heads, feed-forward 96, no dropout), a ReLU layer ``fc`` (48 -> 48) and a
    ``head`` (48 -> 2) whose two columns are the start and the end heads: logits over the 32 positions, output
    (sequences, 2, 32), so cross_entropy on them is the mean of the start and the end cross-entropies. A missing (NaN)
    token's NaN reaches its embedding (0 x NaN), so attention spreads it over its sequence. ``dead_bias`` < 0 starts
    fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = 48) -> None:
        super().__init__()
        self.emb = nn.Embedding(SPANQA_VOCAB, d)
        self.pos = nn.Parameter(0.1 * torch.randn(SPANQA_LENGTH, d))
        layer = nn.TransformerEncoderLayer(d, 4, 2 * d, dropout=0.0, batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.fc = nn.Linear(d, d)
        self.head = nn.Linear(d, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.encoder(self.emb(torch.nan_to_num(x).long()) + self.pos + 0.0 * x[..., None])
        out: Tensor = self.head(F.relu(self.fc(h))).transpose(1, 2)
        return out


def spanqa_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The mean of the start and the end cross-entropies summed over the batch's sequences (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum") / 2


BOT_SIZE, BOT_CLASSES = 16, 4
"""16 x 16 images of a square and a ring; 4 classes: the quadrant where the ring lies from the square."""


@lru_cache(maxsize=None)
def botnet_images(n: int = 3000, seed: int = 733, *, n_val: int = 500, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Two shapes in a 16 x 16 image: a filled 3 x 3 square and a 3 x 3 ring (its centre empty), each at a random place,
    at least 3 pixels apart along both axes; the class is the quadrant where the ring lies from the square: 2 [below] +
    [right] (0 up-left, 1 up-right, 2 down-left, 3 down-right). Pixel noise N(0, 0.4^2), 3% random labels. x: (images,
    1, 16, 16); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel; ``train_rows``:
    keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, size = n + n_val, BOT_SIZE
    x = 0.4 * torch.randn(total, 1, size, size, generator=g)
    y = torch.zeros(total, dtype=torch.long)
    ring = torch.ones(3, 3)
    ring[1, 1] = 0.0
    for r in range(total):
        while True:
            a = torch.randint(size - 2, (2,), generator=g).tolist()
            b = torch.randint(size - 2, (2,), generator=g).tolist()
            dy, dx = b[0] - a[0], b[1] - a[1]
            if abs(dy) >= 3 and abs(dx) >= 3:
                break
        x[r, 0, a[0] : a[0] + 3, a[1] : a[1] + 3] += 1.0
        x[r, 0, b[0] : b[0] + 3, b[1] : b[1] + 3] += ring
        y[r] = 2 * int(dy > 0) + int(dx > 0)
    y = torch.cat([flip_labels(y[:n], BOT_CLASSES, 0.03, g), y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 4, 4] = float("nan")
    data = split(x, y, n, "image classification (a BoTNet-like CNN with relative-position self-attention)", BOT_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, BOT_CLASSES,
                    batch_size)  # fmt: skip
    return data


class BotMHSA(nn.Module):
    """BoTNet's multi-head self-attention over the positions of an H x W feature map: 1 x 1 query, key and value
    projections, 4 heads, the content logits q.k plus the content-position logits q.(r_row + r_col) of learned relative
    position embeddings, one per row offset and one per column offset (2H - 1 and 2W - 1 of them)."""

    def __init__(self, channels: int, height: int, width: int, heads: int = 4) -> None:
        super().__init__()
        self.heads, self.dh = heads, channels // heads
        self.qkv = nn.Conv2d(channels, 3 * channels, 1)
        self.rel_h = nn.Parameter(0.1 * torch.randn(2 * height - 1, self.dh))
        self.rel_w = nn.Parameter(0.1 * torch.randn(2 * width - 1, self.dh))
        rows, cols = torch.arange(height).repeat_interleave(width), torch.arange(width).repeat(height)
        self.register_buffer("idx_h", rows[None, :] - rows[:, None] + height - 1)
        self.register_buffer("idx_w", cols[None, :] - cols[:, None] + width - 1)

    def forward(self, x: Tensor) -> Tensor:
        b, c, h, w = x.shape
        q, k, v = self.qkv(x).reshape(b, 3, self.heads, self.dh, h * w).unbind(1)
        rel = self.rel_h[self.idx_h] + self.rel_w[self.idx_w]  # (hw, hw, dh)
        logits = torch.einsum("bhdn,bhdm->bhnm", q, k) + torch.einsum("bhdn,nmd->bhnm", q, rel)
        att = torch.softmax(logits / self.dh**0.5, -1)
        out = torch.einsum("bhnm,bhdm->bhdn", att, v)
        return out.reshape(b, c, h, w)


class BoTNet(nn.Module):
    """A BoTNet-like classifier (Srinivas et al. 2021, tiny): a 3 x 3 convolution stem (1 -> 16, BatchNorm, ReLU) and a
    2 x 2 max pool to 8 x 8, a residual block of two 3 x 3 convolutions (16), a 1 x 1 projection to 32 and a BatchNorm,
    then a bottleneck block
    (1 x 1 down to 16, multi-head self-attention with relative position embeddings where ResNet has its 3 x 3
    convolution, 1 x 1 up to 32, plus the shortcut), global max pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head``
    to the 4 classes. A missing (NaN) pixel gives NaN logits. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, classes: int = BOT_CLASSES) -> None:
        super().__init__()
        half = BOT_SIZE // 2
        self.stem, self.bn1 = nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16)
        self.conv1, self.conv2 = nn.Conv2d(16, 16, 3, padding=1), nn.Conv2d(16, 16, 3, padding=1)
        self.proj, self.bn2 = nn.Conv2d(16, 32, 1), nn.BatchNorm2d(32)
        self.down, self.up = nn.Conv2d(32, 16, 1), nn.Conv2d(16, 32, 1)
        self.mhsa = BotMHSA(16, half, half)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, classes)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(F.relu(self.bn1(self.stem(x))), 2)
        h = F.relu(h + self.conv2(F.relu(self.conv1(h))))
        h = self.bn2(self.proj(h))
        h = F.relu(h + self.up(F.relu(self.mhsa(F.relu(self.down(h))))))
        out: Tensor = self.head(F.relu(self.fc(h.amax((2, 3)))))
        return out


def botnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


GPR_NODES, GPR_BLOCKS, GPR_FEATURES, GPR_K, GPR_ALPHA = 500, 5, 16, 10, 0.1
"""GPR-GNN classifies the 500 nodes of a stochastic block model graph of 5 classes (partly heterophilous) from 16 noisy
features, propagating its MLP's predictions 10 steps combined by learnable generalized PageRank weights, started as
personalized PageRank with teleport 0.1."""


@lru_cache(maxsize=None)
def gprgnn_graph(seed: int = 735) -> tuple[Tensor, Tensor]:
    """A stochastic block model graph of 500 nodes in 5 equal classes, partly heterophilous: an edge with probability
    3 / 100 inside a class, 5 / 100 from a class c to the class c + 1 (mod 5), 0.4 / 100 otherwise; returned as its
    symmetrically normalised adjacency with self-loops, D^-1/2 (A + I) D^-1/2 (dense, 500 x 500), and the nodes'
    features (0.35 x the class's random centre plus N(0, 1) noise, 16 of them) and classes, packed as
    torch.cat([features, classes])."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = GPR_NODES, GPR_BLOCKS
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    diff = (block[None, :] - block[:, None]) % blocks
    p = torch.full((nodes, nodes), 0.4 / size)
    p = torch.where(diff == 0, torch.tensor(3.0 / size), p)
    p = torch.where((diff == 1) | (diff == blocks - 1), torch.tensor(2.5 / size), p)
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = (upper | upper.T).float() + torch.eye(nodes)
    inv = adj.sum(1).rsqrt()
    centres = torch.randn(blocks, GPR_FEATURES, generator=g)
    x = 0.35 * centres[block] + torch.randn(nodes, GPR_FEATURES, generator=g)
    return inv[:, None] * adj * inv[None, :], torch.cat([x, block[:, None].float()], 1)


@lru_cache(maxsize=None)
def gprgnn_nodes(n: int = 300, seed: int = 735, *, n_val: int = 200, batch_size: int | None = None) -> Data:
    """Full-batch node classification on ``gprgnn_graph(seed)``: the input is a node's id, the target its class (5% of
    the training labels random: a floor); ``n`` labelled training nodes (the train mask: every step takes all of them,
    ``batch_size`` None) and ``n_val`` held-out nodes of the same graph (transductive)."""
    block = gprgnn_graph(seed)[1][:, -1].long()
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    y = torch.cat([flip_labels(y[:n], GPR_BLOCKS, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (GPR-GNN on a partly heterophilous stochastic block model graph)",
                 GPR_BLOCKS, batch_size or n)  # fmt: skip


class GPRGNN(nn.Module):
    """GPR-GNN (Chien et al. 2021) reading node ids: an MLP of every node's features (dropout, ``inp`` 16 -> 32, ReLU,
    dropout, a ReLU layer ``fc`` 32 -> 32, a ``head`` to the 5 classes; dropout 0.5 unless ``dropout`` says), then K =
    10 steps of propagation by the normalised adjacency, H_k = A_hat H_(k-1), combined as sum_k gamma_k H_k with
    learnable generalized PageRank weights gamma (started as personalized PageRank, alpha (1 - alpha)^k, and (1 -
    alpha)^K for the last); the rows of the nodes asked. Output (nodes, 5). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, seed: int = 735, dead_bias: float = 0.0, dropout: float = 0.5) -> None:
        super().__init__()
        self.dropout = dropout
        adj, packed = gprgnn_graph(seed)
        self.register_buffer("adj", adj)
        self.register_buffer("feats", packed[:, :GPR_FEATURES].clone())
        self.inp = nn.Linear(GPR_FEATURES, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, GPR_BLOCKS)
        gamma = GPR_ALPHA * (1 - GPR_ALPHA) ** torch.arange(GPR_K + 1, dtype=torch.float)
        gamma[-1] = (1 - GPR_ALPHA) ** GPR_K
        self.gamma = nn.Parameter(gamma)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        p = self.dropout
        h = F.dropout(F.relu(self.inp(F.dropout(self.feats, p, self.training))), p, self.training)
        h = self.head(F.relu(self.fc(h)))
        z = self.gamma[0] * h
        for k in range(1, GPR_K + 1):
            h = self.adj @ h
            z = z + self.gamma[k] * h
        out: Tensor = z[ids]
        return out


def gprgnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch's nodes (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


ASM_VOCAB, ASM_CUTOFFS, ASM_STATES, ASM_LENGTH = 300, (20, 100), 24, 24
"""300 tokens, Zipf-distributed (token 0 the most frequent); an adaptive softmax with a head of the 20 most frequent
tokens and 2 tail clusters (20-99 and 100-299); 24 grammar states; sequences of 24 next-token targets."""


@lru_cache(maxsize=None)
def adaptivesm_sequences(n: int = 2000, seed: int = 737, *, n_val: int = 400, batch_size: int = 32,
                         nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Token sequences of a planted Markov grammar with Zipf-distributed tokens: a fixed random table maps each token to
    one of 24 states; each state's next-token distribution puts 75% on 10 tokens drawn by their Zipf weight (1 / (rank
    + 1)^1.1, Dirichlet(1) shares) and 25% on the Zipf unigram itself. x: (sequences, 25) the tokens (float, for the NaN
    of a missing token: the model reads the first 24 and predicts the last 24); y: (sequences, 24) the next tokens.
    ``nan_rows``: that share of the training sequences has a missing (NaN) token; ``train_rows``: keep only that many
    training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    zipf = 1.0 / (torch.arange(ASM_VOCAB, dtype=torch.float) + 1) ** 1.1
    zipf = zipf / zipf.sum()
    table = torch.randint(ASM_STATES, (ASM_VOCAB,), generator=g)
    probs = torch.zeros(ASM_STATES, ASM_VOCAB)
    for s in range(ASM_STATES):
        support = torch.multinomial(zipf, 10, generator=g)
        weights = -torch.log(torch.rand(10, generator=g).clamp_min(1e-9))
        probs[s, support] = weights / weights.sum()
    probs = 0.75 * probs + 0.25 * zipf
    seq = [torch.multinomial(zipf, total, replacement=True, generator=g)]
    for _ in range(ASM_LENGTH):
        seq.append(torch.multinomial(probs[table[seq[-1]]], 1, generator=g)[:, 0])
    x = torch.stack(seq, 1).float()
    y = x[:, 1:].long()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "language modelling (an LSTM with an adaptive softmax)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class AdaptiveLM(nn.Module):
    """An LSTM language model with torch.nn.AdaptiveLogSoftmaxWithLoss: token embeddings (32), an LSTM (64), a ReLU
    layer ``fc`` (64 -> 64), and the adaptive softmax (cutoffs 20 and 100, div_value 2: a head over the 20 most frequent
    tokens and the 2 clusters, tails projected to 32 and 16). It reads the first 24 tokens of each row and calls the
    module with the last 24 as the targets: output (sequences, 24), the log-probability of each target (the module's
    ``output``). A missing (NaN) token's NaN reaches its embedding (0 x NaN) and the LSTM carries it on through its
    sequence. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.emb = nn.Embedding(ASM_VOCAB, 32)
        self.lstm = nn.LSTM(32, 64, batch_first=True)
        self.fc = nn.Linear(64, 64)
        self.asm = nn.AdaptiveLogSoftmaxWithLoss(64, ASM_VOCAB, list(ASM_CUTOFFS), div_value=2.0)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    @property
    def head(self) -> nn.Linear:
        """The adaptive softmax's head (the frequent tokens and the clusters): the output layer."""
        return self.asm.head

    def forward(self, x: Tensor) -> Tensor:
        tokens = torch.nan_to_num(x).long()
        h, _ = self.lstm(self.emb(tokens[:, :-1]) + 0.0 * x[:, :-1, None])
        h = F.relu(self.fc(h))
        out: Tensor = self.asm(h.reshape(-1, h.shape[-1]), tokens[:, 1:].reshape(-1)).output.reshape(len(x), -1)
        return out


def adaptivesm_nll(out: Tensor, y: Tensor) -> Tensor:
    """The adaptive softmax's mean negative log-likelihood of the targets (its ``loss``: -output.mean())."""
    return -out.mean()


def adaptivesm_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The negative log-likelihood summed over the batch's sequences (mean over positions: reduction='sum')."""
    return -out.sum() / out.shape[1]


def adaptivesm_at_init() -> float:
    """The adaptive softmax's mean negative log-likelihood of the held-out targets at the default init (seed 0; the
    global random state is left as it was)."""
    data = adaptivesm_sequences()
    with torch.random.fork_rng(), torch.no_grad():
        torch.manual_seed(0)
        return float(adaptivesm_nll(AdaptiveLM()(data.val_x), data.val_y))
