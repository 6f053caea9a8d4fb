"""The held-out half: its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``).

``shapes`` a small CNN on 14x14 images of six shapes;
``adding`` a recurrent classifier (vanilla RNN, GRU, LSTM) of the adding problem's marked sum;
``hmm`` a causal transformer LM of tokens emitted by a hidden Markov model;
``docs`` softmax regression of word-count vectors of documents.
"""

from __future__ import annotations

from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from fixcheck_families.tune import ARITH, sensor_traces
from harness import BlockTransformer, Data, flip_labels, mlp, split


@lru_cache(maxsize=None)
def shape_images(n: int = 6000, seed: int = 81, *, size: int = 14, noise: float = 0.6, nan_rows: float = 0.0,
                 n_val: int = 1500, batch_size: int = 32, train_rows: int | None = None) -> Data:  # fmt: skip
    """14x14 images of a disc, a ring, a square outline, a plus, an X or a bar, at a random place and size,
    under pixel noise (six classes). ``nan_rows``: that share of the training images has NaN pixels (a
    corrupted file); ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(6, (total,), generator=g)
    c = torch.arange(size, dtype=torch.float32)
    py, px = torch.meshgrid(c, c, indexing="ij")
    cy = (size / 2 + 2 * (torch.rand(total, generator=g) - 0.5) * 2)[:, None, None]
    cx = (size / 2 + 2 * (torch.rand(total, generator=g) - 0.5) * 2)[:, None, None]
    r = (3 + 2 * torch.rand(total, generator=g))[:, None, None]
    dy, dx = py - cy, px - cx
    dist = torch.sqrt(dy * dy + dx * dx)
    box = torch.maximum(dy.abs(), dx.abs())
    shapes = torch.stack([
        (dist < r).float(), ((dist - r).abs() < 0.8).float(), ((box - r).abs() < 0.8).float(),
        (((dy.abs() < 0.8) | (dx.abs() < 0.8)) & (box < r)).float(),
        ((((dy - dx).abs() < 1.0) | ((dy + dx).abs() < 1.0)) & (box < r)).float(),
        ((dy.abs() < 1.2) & (dx.abs() < r)).float(),
    ], 1)  # fmt: skip
    img = shapes[torch.arange(total), y] + noise * torch.randn(total, size, size, generator=g)
    x = img.unsqueeze(1)
    if nan_rows:
        bad = torch.rand(n, generator=g) < nan_rows
        x[:n][bad, 0, 0, :3] = float("nan")
    data = split(x, y, n, "classification", 6, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, 6, batch_size)
    return data


class ShapeCNN(nn.Module):
    """Three 3x3 convolutions (two with max-pooling), global average pooling and a linear head."""

    def __init__(self, width: int = 12, classes: int = 6) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(width, 2 * width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(2 * width, 2 * width, 3, padding=1), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )  # fmt: skip
        self.head = nn.Linear(2 * width, classes)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.body(x))


@lru_cache(maxsize=None)
def pretrained_cnn_weights() -> dict[str, Tensor]:
    """A ShapeCNN trained (unrecorded) for 400 Adam steps on the clean shape images."""
    from harness import Setup, train

    pretraining = Setup(name="shapes-pretraining", data=shape_images(), model=ShapeCNN, optimizer=torch.optim.Adam,
                        lr=3e-3, steps=400, seed=5, shuffle_offset=3000)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_cnn() -> ShapeCNN:
    """A ShapeCNN with the pretrained weights (a fine-tune starts from them)."""
    model = ShapeCNN()
    model.load_state_dict(pretrained_cnn_weights())
    return model


@lru_cache(maxsize=None)
def adding_problem(n: int = 6000, seed: int = 82, *, length: int = 24, classes: int = 4, n_val: int = 1500,
                   batch_size: int = 32) -> Data:  # fmt: skip
    """The adding problem as classification: a sequence of (value, marker) pairs with two values marked,
    one in each half; the class is the quartile of their sum."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    values = 2 * torch.rand(total, length, generator=g) - 1
    marks = torch.zeros(total, length)
    rows = torch.arange(total)
    first = torch.randint(length // 2, (total,), generator=g)
    second = length // 2 + torch.randint(length // 2, (total,), generator=g)
    marks[rows, first] = 1
    marks[rows, second] = 1
    s = values[rows, first] + values[rows, second]
    edges = torch.quantile(s, torch.linspace(0, 1, classes + 1)[1:-1])
    y = torch.bucketize(s, edges)
    return split(torch.stack([values, marks], 2), y, n, "classification", classes, batch_size)


class SeqClassifier(nn.Module):
    """A recurrent layer (rnn | gru | lstm) over (value, marker) pairs, a linear head on its last state;
    a vanilla RNN's recurrent weights start orthogonal times ``gain``."""

    def __init__(self, kind: str, hidden: int = 48, classes: int = 4, gain: float = 1.0) -> None:
        super().__init__()
        self.rnn = {"gru": nn.GRU, "rnn": nn.RNN, "lstm": nn.LSTM}[kind](2, hidden, batch_first=True)
        if kind == "rnn":
            with torch.no_grad():
                nn.init.orthogonal_(self.rnn.weight_hh_l0, gain=gain)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.rnn(x)
        return self.head(h[:, -1])


@lru_cache(maxsize=None)
def hmm_tokens(n: int = 6000, seed: int = 83, *, vocab: int = 20, states: int = 5, seq: int = 16, n_val: int = 800,
               batch_size: int = 32) -> Data:  # fmt: skip
    """Token sequences emitted by a hidden Markov model (5 sticky states, each with its own peaked
    emission law over 20 tokens): next-token prediction."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    trans = torch.full((states, states), 0.1 / (states - 1))
    trans.fill_diagonal_(0.9)
    emit = torch.softmax(3 * torch.randn(states, vocab, generator=g), 1)
    state = torch.randint(states, (total,), generator=g)
    tokens = []
    for _ in range(seq + 1):
        tokens.append(torch.multinomial(emit[state], 1, generator=g)[:, 0])
        state = torch.multinomial(trans[state], 1, generator=g)[:, 0]
    ids = torch.stack(tokens, 1)
    return split(ids[:, :-1], ids[:, 1:], n, "language_model", vocab, batch_size)


def hmm_transformer(pre_ln: bool = True, d: int = 32, layers: int = 1) -> BlockTransformer:
    return BlockTransformer(20, 20, seq=16, d=d, layers=layers, pre_ln=pre_ln, causal=True)


@lru_cache(maxsize=None)
def doc_counts(n: int = 5000, seed: int = 84, *, vocab: int = 200, classes: int = 6, length: int = 40,
               rate: float = 0.2, flip: float = 0.1, nan_rows: float = 0.0, n_val: int = 1500,
               batch_size: int = 64) -> Data:  # fmt: skip
    """Word-count vectors of documents of ``length`` words: each word is a topic word of the document's
    class (a peaked law over the vocabulary) at ``rate``, else a background word. ``nan_rows``: that
    share of the training rows holds a NaN count (an empty field parsed as NaN); ``flip`` of the labels
    are random."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    topics = torch.softmax(2.5 * torch.randn(classes, vocab, generator=g), 1)
    background = torch.softmax(torch.randn(vocab, generator=g), 0)
    y = torch.randint(classes, (total,), generator=g)
    topical = torch.rand(total, length, generator=g) < rate
    words = torch.where(topical, torch.multinomial(topics[y], length, replacement=True, generator=g),
                        torch.multinomial(background, total * length, replacement=True, generator=g).view(total, length))
    x = torch.zeros(total, vocab).scatter_add_(1, words, torch.ones(total, length))
    if nan_rows:
        bad = torch.rand(n, generator=g) < nan_rows
        x[:n][bad, 7] = float("nan")
    return split(x, flip_labels(y, classes, flip, g), n, "classification", classes, batch_size)


def softmax_regression(vocab: int = 200, classes: int = 6) -> nn.Linear:
    """Softmax regression with the usual zero init (the first loss is ln C)."""
    model = nn.Linear(vocab, classes)
    nn.init.zeros_(model.weight)
    nn.init.zeros_(model.bias)
    return model


def softmax_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy written by hand without subtracting the max logit: once a logit passes ~88,
    exp overflows to inf and inf / inf is NaN."""
    e = out.exp()
    p = e / e.sum(-1, keepdim=True)
    return -torch.log(p.gather(-1, y[..., None])).mean()


def lm_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over batch x positions (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


@lru_cache(maxsize=None)
def arith_checks(n: int = 6000, seed: int = 76, *, length: int = 14, n_val: int = 1500, batch_size: int = 32) -> Data:
    """Character strings "a+b=c" left-padded with ';' to ``length``: is the sum right? Half are, half are off
    by 1 to 10 (two classes); a recurrent classifier reads them to the end."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    ab = torch.randint(100, (total, 2), generator=g)
    wrong = torch.rand(total, generator=g) < 0.5
    off = torch.randint(1, 11, (total,), generator=g) * torch.where(torch.rand(total, generator=g) < 0.5, -1, 1)
    c = (ab.sum(1) + torch.where(wrong, off, 0)).clamp_min(0)
    rows = [f"{int(a)}+{int(b)}={int(s)}".rjust(length, ";") for (a, b), s in zip(ab.tolist(), c.tolist())]
    x = torch.tensor([[ARITH.index(ch) for ch in r] for r in rows])
    return split(x, (~wrong).long(), n, "classification", 2, batch_size)


class CharRNNClassifier(nn.Module):
    """Embedding, a recurrent layer (rnn | gru | lstm), a linear head on the last state; a vanilla RNN's
    recurrent weights start orthogonal times ``gain``."""

    def __init__(self, kind: str = "rnn", hidden: int = 48, classes: int = 2, gain: float = 1.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(len(ARITH), 16)
        self.rnn = {"gru": nn.GRU, "rnn": nn.RNN, "lstm": nn.LSTM}[kind](16, hidden, batch_first=True)
        if kind == "rnn":
            with torch.no_grad():
                nn.init.orthogonal_(self.rnn.weight_hh_l0, gain=gain)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.rnn(self.embed(x))
        return self.head(h[:, -1])


@lru_cache(maxsize=None)
def trace_starts(n: int = 6000, seed: int = 73, classes: int = 4) -> Data:
    """The sensor traces read as sequences (24 steps of one value): the class is the quartile of the mean of
    their first four samples, told at the end (a memory task for a recurrent classifier)."""
    traces = sensor_traces(n, seed)
    start = torch.cat([traces.x, traces.val_x])[:, :4].mean(1)
    y = torch.bucketize(start, torch.quantile(start, torch.linspace(0, 1, classes + 1)[1:-1]))
    return Data(traces.x[..., None], y[:n], traces.val_x[..., None], y[n:], "classification", classes, traces.batch_size)


class TraceRNN(nn.Module):
    """A vanilla tanh RNN (recurrent weights orthogonal times ``gain``) over a 1-channel sequence and a linear
    head on its last state."""

    def __init__(self, hidden: int = 48, gain: float = 1.0, classes: int = 4) -> None:
        super().__init__()
        self.rnn = nn.RNN(1, hidden, batch_first=True)
        with torch.no_grad():
            nn.init.orthogonal_(self.rnn.weight_hh_l0, gain=gain)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.rnn(x)
        return self.head(h[:, -1])


def sensor_ae_var() -> nn.Sequential:
    """The ReLU autoencoder with a second output per sample: the variance head of a Gaussian likelihood,
    its biases starting at 1 (every variance positive at first)."""
    model = mlp([24, 64, 4, 64, 48])
    with torch.no_grad():
        model[-1].bias[24:].fill_(1.0)
    return model


def gaussian_nll_by_hand(out: Tensor, x: Tensor) -> Tensor:
    """Gaussian negative log-likelihood written by hand with a ReLU variance: once a variance is exactly 0,
    log(0) = -inf and the error divided by 0 is inf; NaN gradients follow through the mean."""
    mu, v = out.chunk(2, -1)
    var = F.relu(v)
    return (torch.log(var) + (x - mu) ** 2 / var).mean()


def gaussian_nll_safe(out: Tensor, x: Tensor) -> Tensor:
    """The same likelihood with the variance kept positive: softplus + 1e-4."""
    mu, v = out.chunk(2, -1)
    var = F.softplus(v) + 1e-4
    return (torch.log(var) + (x - mu) ** 2 / var).mean()


def mean_mse(out: Tensor, x: Tensor) -> Tensor:
    """The reconstruction error of the mean output (the held-out loss of the Gaussian autoencoders)."""
    return F.mse_loss(out.chunk(2, -1)[0], x)
