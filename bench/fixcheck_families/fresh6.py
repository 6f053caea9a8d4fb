"""The sixth fresh half (fresh6, held out from all tuning): its model families' data and models (read as ``fd.<name>``
through ``bench/fixcheck_data.py``).

``ctc`` a CTC model (a 1-D convolution and a bidirectional GRU, or a vanilla RNN) of synthetic utterances:
24 frames of 10 features in which each token of a 2-5 token label is spoken for 2-4 frames, nn.CTCLoss
over the blank and 6 tokens (reduction='mean': each utterance's loss divided by its label length);
``mdn`` a mixture density network (a tanh or ReLU MLP giving 5 Gaussians' weights, means and log-scales)
of Bishop's inverse sine problem, whose conditional density has up to three branches; the loss is the
mixture's negative log-likelihood, which ends below 0;
``rank`` a learning-to-rank MLP scoring each of 16 documents of a query from 12 query-document
features, ListNet's listwise softmax cross-entropy against the softmax of the graded relevance (or
RankNet's pairwise logistic loss); the held-out loss is the same on held-out queries;
``mil`` attention-based multiple-instance learning (Ilse et al.): an instance MLP, gated attention
pooling over a bag of 6-16 instances, BCE with logits of the bag label.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, mlp, split


CTC_TOKENS, CTC_FRAMES, CTC_FEATURES, CTC_MAX_LABEL = 6, 24, 10, 5
"""Speech-like transcription for CTC: 6 tokens (and the blank, class 0), 24 feature frames of 10 features, labels
of 2-5 tokens."""


@lru_cache(maxsize=None)
def ctc_utterances(n: int = 4000, seed: int = 141, *, noise: float = 0.9, n_val: int = 600, batch_size: int = 32,
                   train_rows: int | None = None, truncated: int = 0) -> Data:  # fmt: skip
    """Synthetic "utterances" for a CTC model: each token of a 2-5 token label is spoken for 2-4 frames as its own
    feature prototype (a fixed random 10-D vector, its second half sliding over the segment like a formant
    transition), sometimes with a silence frame between tokens, all under a per-utterance gain, a random offset
    and Gaussian noise ``noise``; the rest of the 24 frames is silence. A target row holds the label length, the
    input length (frames) and the label padded with zeros. ``train_rows``: keep only that many training rows;
    ``truncated``: that many training utterances were cut to 3 frames (a clipped recording) with their full
    label left in place: CTC cannot align 4-5 tokens to 3 frames, so their loss is infinite."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    proto = torch.randn(CTC_TOKENS + 1, CTC_FEATURES, generator=g) * 1.2
    proto[0] = 0.0  # silence
    glide = torch.randn(CTC_TOKENS + 1, CTC_FEATURES, generator=g) * 0.5
    glide[0] = 0.0
    x = torch.zeros(total, CTC_FRAMES, CTC_FEATURES)
    y = torch.zeros(total, 2 + CTC_MAX_LABEL, dtype=torch.long)
    lengths = torch.randint(2, CTC_MAX_LABEL + 1, (total,), generator=g)
    tokens = torch.randint(1, CTC_TOKENS + 1, (total, CTC_MAX_LABEL), generator=g)
    durations = torch.randint(2, 5, (total, CTC_MAX_LABEL), generator=g)
    pauses = torch.rand(total, CTC_MAX_LABEL, generator=g) < 0.3
    for i in range(total):
        t = int(torch.randint(0, 3, (1,), generator=g))
        for k in range(int(lengths[i])):
            tok, d = int(tokens[i, k]), int(durations[i, k])
            for j in range(d):
                x[i, t] = proto[tok] + glide[tok] * (2 * j / max(1, d - 1) - 1)
                t += 1
            t += int(pauses[i, k])
        y[i, 0], y[i, 1] = lengths[i], CTC_FRAMES
        y[i, 2 : 2 + int(lengths[i])] = tokens[i, : int(lengths[i])]
    gain = 0.7 + 0.6 * torch.rand(total, 1, 1, generator=g)
    offset = 0.3 * torch.randn(total, 1, CTC_FEATURES, generator=g)
    x = gain * x + offset + noise * torch.randn(total, CTC_FRAMES, CTC_FEATURES, generator=g)
    if truncated:
        long = torch.nonzero(lengths[:n] >= 4).flatten()
        bad = long[torch.randperm(len(long), generator=g)[:truncated]]
        y[bad, 1] = 3
        x[bad, 3:] = noise * torch.randn(len(bad), CTC_FRAMES - 3, CTC_FEATURES, generator=g)
    data = split(x, y, n, "speech_recognition", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class CTCNet(nn.Module):
    """An acoustic-like CTC model: a 1-D convolution over the frames (ReLU), a recurrent layer (a bidirectional
    GRU, or with ``kind`` "rnn" a unidirectional vanilla tanh RNN whose recurrent weights start orthogonal times
    ``gain``) and a linear head over the blank and the tokens, per frame: (batch, frames, 7) logits."""

    def __init__(self, kind: str = "gru", hidden: int = 32, conv: int = 32, gain: float = 0.0) -> None:
        super().__init__()
        self.conv = nn.Conv1d(CTC_FEATURES, conv, 3, padding=1)
        if kind == "gru":
            self.rnn: nn.Module = nn.GRU(conv, hidden, batch_first=True, bidirectional=True)
            out = 2 * hidden
        else:
            self.rnn = nn.RNN(conv, hidden, batch_first=True)
            out = hidden
            if gain:
                with torch.no_grad():
                    nn.init.orthogonal_(self.rnn.weight_hh_l0, gain=gain)
        self.head = nn.Linear(out, CTC_TOKENS + 1)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.conv(x.transpose(1, 2))).transpose(1, 2)
        h, _ = self.rnn(h)
        return self.head(h)


def ctc_mean(out: Tensor, y: Tensor) -> Tensor:
    """nn.CTCLoss as most recipes call it: log_softmax over the blank and tokens, blank 0, reduction='mean' (each
    utterance's loss divided by its label length, then the batch mean), zero_infinity=False."""
    return F.ctc_loss(out.log_softmax(-1).transpose(0, 1), y[:, 2:], y[:, 1], y[:, 0], blank=0, reduction="mean")


def ctc_mean_safe(out: Tensor, y: Tensor) -> Tensor:
    """The same CTC loss with zero_infinity=True: an utterance that cannot be aligned counts 0 (no inf, no NaN)."""
    return F.ctc_loss(out.log_softmax(-1).transpose(0, 1), y[:, 2:], y[:, 1], y[:, 0], blank=0, reduction="mean",
                      zero_infinity=True)  # fmt: skip


def ctc_summed(out: Tensor, y: Tensor) -> Tensor:
    """The CTC loss with reduction='sum': the utterances' negative log-likelihoods summed over the batch (not
    divided by the label lengths)."""
    return F.ctc_loss(out.log_softmax(-1).transpose(0, 1), y[:, 2:], y[:, 1], y[:, 0], blank=0, reduction="sum")


def uniform_ctc_loss() -> float:
    """The held-out CTC loss (reduction='mean') of a model whose outputs are uniform over the blank and tokens."""
    d = ctc_utterances()
    return float(ctc_mean(torch.zeros(len(d.val_x), CTC_FRAMES, CTC_TOKENS + 1), d.val_y))


MDN_K = 5


@lru_cache(maxsize=None)
def inverse_sine(n: int = 4000, seed: int = 142, *, noise: float = 0.05, n_val: int = 1000, batch_size: int = 128,
                 train_rows: int | None = None, outliers: float = 0.0) -> Data:  # fmt: skip
    """Bishop's inverse problem for a mixture density network: t uniform on [0, 1], x = t + 0.3 sin(2 pi t) plus
    uniform noise of half-width ``noise``; the model predicts t from x, which has up to three branches (a
    multimodal conditional density). Both standardised; x has a second column, x squared. ``train_rows``: keep
    only that many training points; ``outliers``: that share of the training targets replaced by a value drawn
    uniformly over 3 standard deviations either side (mislabelled points)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.rand(total, generator=g)
    x = t + 0.3 * torch.sin(2 * math.pi * t) + noise * (2 * torch.rand(total, generator=g) - 1)
    x = (x - x[:n].mean()) / x[:n].std()
    t = (t - t[:n].mean()) / t[:n].std()
    if outliers:
        bad = torch.nonzero(torch.rand(n, generator=g) < outliers).flatten()
        t[bad] = 6 * torch.rand(len(bad), generator=g) - 3
    data = split(torch.stack([x, x * x - 1], 1), t[:, None], n, "density_estimation", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MixtureDensityNet(nn.Module):
    """A mixture density network: an MLP (``hidden`` units, ``layers`` layers of ``act``) and a linear head giving
    the logits of ``k`` mixture weights, their means and their log-scales: (batch, 3 k). ``dead_bias`` < 0 starts
    the last hidden layer's biases there (with ReLU, its units never fire)."""

    def __init__(self, hidden: int = 64, layers: int = 2, k: int = MDN_K, act: type[nn.Module] = nn.Tanh,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.body = mlp([2] + [hidden] * layers, act)
        self.act = act()
        if dead_bias:
            with torch.no_grad():
                self.body[-1].bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, 3 * k)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.act(self.body(x)))


def mdn_nll(out: Tensor, y: Tensor) -> Tensor:
    """The mixture's negative log-likelihood of the target (batch mean, nats) by log-sum-exp: below 0 once the
    mixture is sharper than a unit Gaussian."""
    logits, mu, log_s = out.chunk(3, -1)
    z = (y - mu) / torch.exp(log_s)
    log_n = -0.5 * z * z - log_s - 0.5 * math.log(2 * math.pi)
    return -torch.logsumexp(F.log_softmax(logits, -1) + log_n, -1).mean()


def mdn_nll_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The same likelihood written by hand: the mixture density sum_k pi_k N(y; mu_k, s_k) summed, then its log.
    When the target is ~14 scales from every mean the density underflows to exactly 0.0 in float32 and the log
    is -inf (the gradient NaN)."""
    logits, mu, log_s = out.chunk(3, -1)
    s = torch.exp(log_s)
    density = (F.softmax(logits, -1) * torch.exp(-0.5 * ((y - mu) / s) ** 2) / (s * math.sqrt(2 * math.pi))).sum(-1)
    return -torch.log(density).mean()


def mdn_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The mixture negative log-likelihood summed over the batch (reduction='sum')."""
    return mdn_nll(out, y) * len(out)


def unit_gaussian_nll() -> float:
    """The held-out NLL of a unit Gaussian at 0 for the standardised target (~1.42 nats): an untrained MDN."""
    d = inverse_sine()
    return float((0.5 * d.val_y**2 + 0.5 * math.log(2 * math.pi)).mean())


RANK_DOCS, RANK_FEATURES = 16, 12


@lru_cache(maxsize=None)
def ranked_queries(n: int = 1500, seed: int = 143, *, docs: int = RANK_DOCS, n_val: int = 300, batch_size: int = 16,
                   train_rows: int | None = None, noise: float = 0.1, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Learning to rank: ``n`` queries of ``docs`` documents each, a document a row of query-document features
    (8 of the document, 4 of the query, shared by its documents). Its graded relevance (0-4) is a fixed random
    two-layer tanh network of the 12 features (the same for every ``seed``, which draws the queries) plus Gaussian
    noise ``noise``, cut at fixed quantiles (45% of the documents 0, 3% 4). x: (queries, docs, 12), y: (queries,
    docs) grades. ``train_rows``: keep only that many training queries; ``nan_rows``: that share of the training
    queries has one NaN feature (a document whose feature extraction failed)."""
    g, t = torch.Generator().manual_seed(seed), torch.Generator().manual_seed(143)
    total = n + n_val
    d = torch.randn(total, docs, 8, generator=g)
    q = torch.randn(total, 1, 4, generator=g).expand(total, docs, 4)
    x = torch.cat([d, q], -1).contiguous()
    a = torch.randn(RANK_FEATURES, 48, generator=t) / math.sqrt(RANK_FEATURES) * 2
    a2 = torch.randn(48, 48, generator=t) / math.sqrt(48) * 2
    b = torch.randn(48, generator=t)
    score = torch.tanh(torch.tanh(x @ a) @ a2) @ b / math.sqrt(48) * 3 + noise * torch.randn(total, docs, generator=g)
    edges = torch.quantile(score[:n].flatten(), torch.tensor([0.45, 0.75, 0.9, 0.97]))
    y = torch.bucketize(score, edges).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, 5] = float("nan")
    data = split(x, y, n, "learning_to_rank", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class RankScorer(nn.Module):
    """A pointwise scorer for listwise ranking: an MLP (``hidden`` units, ``layers`` ReLU layers) and a linear head
    giving one score per document: (queries, docs). ``dead_bias`` < 0 starts the last hidden layer's biases there."""

    def __init__(self, hidden: int = 64, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = mlp([RANK_FEATURES] + [hidden] * layers)
        if dead_bias:
            with torch.no_grad():
                self.body[-1].bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(F.relu(self.body(x))).squeeze(-1)


LISTNET_TEMPERATURE = 0.5


def listnet(out: Tensor, y: Tensor) -> Tensor:
    """ListNet's listwise softmax cross-entropy per query (batch mean): the target distribution is the softmax of
    the grades over ``LISTNET_TEMPERATURE``, the model's the softmax of its scores. ln 16 at equal scores."""
    return -(F.softmax(y / LISTNET_TEMPERATURE, -1) * F.log_softmax(out, -1)).sum(-1).mean()


def listnet_summed(out: Tensor, y: Tensor) -> Tensor:
    """The listwise loss summed over the queries and documents of the batch (reduction='sum')."""
    return -(F.softmax(y / LISTNET_TEMPERATURE, -1) * F.log_softmax(out, -1)).sum()


def ranknet(out: Tensor, y: Tensor) -> Tensor:
    """RankNet's pairwise loss: for every pair of documents of a query whose grades differ, the logistic loss of
    the score difference in the right order (the mean over the pairs of the batch). ln 2 at equal scores."""
    diff = out[:, :, None] - out[:, None, :]
    better = (y[:, :, None] > y[:, None, :]).float()
    return (F.softplus(-diff) * better).sum() / better.sum().clamp_min(1.0)


def listnet_floor() -> float:
    """The held-out listwise loss at equal scores: ln 16."""
    return math.log(RANK_DOCS)


@lru_cache(maxsize=None)
def pretrained_ranker_weights() -> dict[str, Tensor]:
    """A RankScorer trained (unrecorded) for 600 Adam steps on other queries of the same relevance model."""
    from harness import Setup, train

    pretraining = Setup(name="rank-pretraining", data=ranked_queries(seed=153), model=RankScorer,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=600, seed=5, shuffle_offset=3000,
                        loss_fn=listnet)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_ranker() -> RankScorer:
    """A RankScorer with the pretrained weights (a fine-tune starts from them)."""
    model = RankScorer()
    model.load_state_dict(pretrained_ranker_weights())
    return model


MIL_INSTANCES, MIL_FEATURES = 16, 10


@lru_cache(maxsize=None)
def instance_bags(n: int = 3000, seed: int = 144, *, rate: float = 0.06, flip: float = 0.03, n_val: int = 600,
                  batch_size: int = 32, train_rows: int | None = None) -> Data:  # fmt: skip
    """Multiple-instance learning: bags of 6-16 instances (10 Gaussian features each, the bag padded to 16 with a
    presence flag as an 11th column). An instance is a key instance when a fixed random tanh network of its
    features is in the top ``rate`` of all instances; a bag is positive when it holds a key instance (about half
    of them), and ``flip`` of the bag labels are random. y: the bag label (0. / 1.). ``train_rows``: keep only that
    many training bags."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    sizes = torch.randint(6, MIL_INSTANCES + 1, (total,), generator=g)
    x = torch.randn(total, MIL_INSTANCES, MIL_FEATURES, generator=g)
    a = torch.randn(MIL_FEATURES, 32, generator=g) / math.sqrt(MIL_FEATURES) * 2
    b = torch.randn(32, generator=g)
    score = torch.tanh(x @ a) @ b
    present = torch.arange(MIL_INSTANCES)[None, :] < sizes[:, None]
    key = (score > torch.quantile(score[:n][present[:n]], 1 - rate)) & present
    x = torch.cat([x * present[..., None], present[..., None].float()], -1)
    y = flip_labels(key.any(1).long(), 2, 2 * flip, g).float()
    data = split(x, y, n, "binary_classification (multiple-instance bags)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class AttentionMIL(nn.Module):
    """Attention-based MIL (Ilse et al. 2018): an instance encoder (an MLP of ``hidden`` units, ``layers`` ReLU
    layers), gated attention over the present instances (tanh(V h) * sigmoid(U h) -> w, a softmax over the bag)
    pooling the instance embeddings, and a linear head giving the bag's logit. ``dead_bias`` < 0 starts the
    encoder's last layer's biases there (its units never fire)."""

    def __init__(self, hidden: int = 48, layers: int = 2, attn: int = 32, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.encoder = mlp([MIL_FEATURES] + [hidden] * layers)
        if dead_bias:
            with torch.no_grad():
                self.encoder[-1].bias.fill_(dead_bias)
        self.attn_v, self.attn_u, self.attn_w = nn.Linear(hidden, attn), nn.Linear(hidden, attn), nn.Linear(attn, 1)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        present = x[..., -1] > 0
        h = F.relu(self.encoder(x[..., :-1]))
        a = self.attn_w(torch.tanh(self.attn_v(h)) * torch.sigmoid(self.attn_u(h))).squeeze(-1)
        a = a.masked_fill(~present, float("-inf")).softmax(-1)
        return self.head((a[..., None] * h).sum(1)).squeeze(-1)


def bag_bce(out: Tensor, y: Tensor) -> Tensor:
    """nn.BCEWithLogitsLoss of the bag logits (batch mean)."""
    return F.binary_cross_entropy_with_logits(out, y)


def bag_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The bag BCE summed over the batch (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def bag_bce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The bag BCE written by hand from the sigmoid: once a logit passes ~17 (or -88) the sigmoid is exactly 1.0
    (0.0) in float32 and the log of 1 - p (of p) is -inf."""
    p = torch.sigmoid(out)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
