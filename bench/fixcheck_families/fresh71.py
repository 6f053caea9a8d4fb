"""The seventy-third fresh half (fresh71, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


ADV_INFORMATIVE, ADV_NUISANCE, ADV_CLASSES, ADV_EPS = 4, 20, 4, 0.15
"""Rows of 4 informative and 20 nuisance features, 4 classes (ln 4 = 1.39 at chance); FGSM at eps 0.15 (L-infinity)."""
ADV_FEATURES = ADV_INFORMATIVE + ADV_NUISANCE


@lru_cache(maxsize=None)
def advtrain_rows(n: int = 4096, seed: int = 711, *, n_val: int = 1024, batch_size: int = 64,
                  classes: int = ADV_CLASSES, nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic rows for adversarial training: 4 informative features N(0, 1), each class's score a random linear
    function of them plus 0.8 x a product z0 z1 times a random weight, the class drawn from the softmax of 2.5 x the
    scores (a Gumbel maximum); 20 nuisance features N(0, 1) shifted by 0.12 x a random +-1 pattern of the class (weak
    non-robust features that an eps of 0.15 can flip); 3% random labels. x: (rows, 25), the 24 features then the label
    (float: the model's FGSM step needs it); y: (rows,). ``nan_rows``: that share of the training rows has a missing
    (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    z = torch.randn(total, ADV_INFORMATIVE, generator=g)
    w = torch.randn(ADV_INFORMATIVE, classes, generator=g)
    v = torch.randn(classes, generator=g)
    score = z @ w + 0.8 * (z[:, 0] * z[:, 1])[:, None] * v
    gumbel = -torch.log(-torch.log(torch.rand(total, classes, generator=g).clamp_min(1e-9)))
    y = flip_labels((2.5 * score + gumbel).argmax(1), classes, 0.03, g)
    pattern = torch.randint(2, (classes, ADV_NUISANCE), generator=g).float() * 2 - 1
    nuisance = torch.randn(total, ADV_NUISANCE, generator=g) + 0.12 * pattern[y]
    x = torch.cat([z, nuisance, y[:, None].float()], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "classification under FGSM adversarial training (clean + adversarial cross-entropy)",
                 classes, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, classes, batch_size)
    return data


class AdvMLP(nn.Module):
    """A ReLU MLP classifier trained adversarially: ``body`` 24 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` to the classes. Its forward reads the features and the label of each row, takes the gradient of the
    summed cross-entropy with respect to the features (torch.autograd.grad, also under ``torch.no_grad`` for the
    evaluation), makes x_adv = x + eps sign(grad) (FGSM, the perturbation a constant) and returns the logits of the
    clean and of the adversarial rows: (2, rows, classes). A missing (NaN) feature gives NaN logits. ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, classes: int = ADV_CLASSES, eps: float = ADV_EPS) -> None:
        super().__init__()
        self.eps = eps
        self.body = nn.Sequential(nn.Linear(ADV_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, classes)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def net(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out

    def forward(self, x: Tensor) -> Tensor:
        feats, label = x[:, :ADV_FEATURES], torch.nan_to_num(x[:, ADV_FEATURES]).long()
        with torch.enable_grad():
            x0 = feats.detach().requires_grad_(True)
            clean = self.net(x0)
            (grad,) = torch.autograd.grad(F.cross_entropy(clean, label, reduction="sum"), x0,
                                          retain_graph=self.training and torch.is_grad_enabled())  # fmt: skip
        adv = self.net(feats + self.eps * grad.sign())
        if not self.training:
            clean = clean.detach()
        return torch.stack([clean, adv])


def advtrain_ce(out: Tensor, y: Tensor) -> Tensor:
    """The mean of the clean and the adversarial cross-entropies (mean over the rows)."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.repeat(2))


def advtrain_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The mean of the clean and the adversarial cross-entropies summed over the batch's rows (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.repeat(2), reduction="sum") / 2


MOS_VOCAB, MOS_GROUPS, MOS_STATES, MOS_LENGTH, MOS_K = 64, 4, 48, 24, 3
"""64 tokens in 4 groups of 16, 48 hidden grammar states, sequences of 24 next-token targets; 3 softmax components (ln
64 = 4.16)."""


@lru_cache(maxsize=None)
def mos_sequences(n: int = 2000, seed: int = 713, *, n_val: int = 400, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Token sequences of a planted grammar whose next-token log-probabilities form a matrix of high rank: each pair of
    previous tokens (the last one and the group of 16 of the one before) maps (a fixed random table) to one of 48
    states, each state a sparse distribution over 4 of the 64 tokens (Dirichlet(1) weights) mixed with 6% uniform; the
    first two tokens uniform. x: (sequences, 24), the tokens
    (float, for the NaN of a missing token); y: (sequences, 24) the next tokens. ``nan_rows``: that share of the
    training sequences has a missing (NaN) token; ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    table = torch.randint(MOS_STATES, (MOS_GROUPS, MOS_VOCAB), generator=g)
    probs = torch.zeros(MOS_STATES, MOS_VOCAB)
    for s in range(MOS_STATES):
        support = torch.randperm(MOS_VOCAB, generator=g)[:4]
        weights = -torch.log(torch.rand(4, generator=g).clamp_min(1e-9))
        probs[s, support] = weights / weights.sum()
    probs = 0.94 * probs + 0.06 / MOS_VOCAB
    seq = [torch.randint(MOS_VOCAB, (total,), generator=g) for _ in range(2)]
    for _ in range(MOS_LENGTH):
        seq.append(torch.multinomial(probs[table[seq[-2] * MOS_GROUPS // MOS_VOCAB, seq[-1]]], 1, generator=g)[:, 0])
    tokens = torch.stack(seq[1:], 1)
    x, y = tokens[:, :-1].float(), tokens[:, 1:]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "language modelling (an LSTM with a mixture of softmaxes)", MOS_VOCAB, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MOS_VOCAB, batch_size)
    return data


class MoSLM(nn.Module):
    """A mixture-of-softmaxes LSTM language model (Yang et al. 2018, small): token embeddings (32), an LSTM (48); from
    each hidden state a prior over 3 components (a softmax of a linear map) and 3 latent vectors (a tanh layer 48 ->
    3 x 32); a shared ``head`` (32 -> 64 tokens) scores each latent, and the output is the log of the prior-weighted
    mixture of the 3 softmaxes (logsumexp): log-probabilities (sequences, 24, 64), so cross_entropy on them is the
    mixture's negative log-likelihood. A missing (NaN) token gives NaN for its sequence."""

    def __init__(self, d: int = 32, hidden: int = 48, k: int = MOS_K) -> None:
        super().__init__()
        self.k, self.d = k, d
        self.emb = nn.Embedding(MOS_VOCAB, d)
        self.lstm = nn.LSTM(d, hidden, batch_first=True)
        self.prior = nn.Linear(hidden, k)
        self.latent = nn.Linear(hidden, k * d)
        self.head = nn.Linear(d, MOS_VOCAB)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.lstm(self.emb(torch.nan_to_num(x).long()))
        prior = torch.log_softmax(self.prior(h), -1)
        latent = torch.tanh(self.latent(h)).reshape(*h.shape[:2], self.k, self.d)
        logp = torch.logsumexp(prior[..., None] + torch.log_softmax(self.head(latent), -1), 2)
        return torch.where(torch.isnan(x).any(1)[:, None, None], torch.full_like(logp, float("nan")), logp)


def mos_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The mixture's next-token negative log-likelihood summed over the batch's sequences (mean over positions)."""
    return F.nll_loss(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum") / y.shape[1]


DIEN_ITEMS, DIEN_CATS, DIEN_LENGTH, DIEN_PROFILE = 120, 8, 12, 4
"""120 items in 8 categories of 15, behaviour sequences of 12 items, 4 user profile features."""


@lru_cache(maxsize=None)
def dien_users(n: int = 8000, seed: int = 715, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic users whose interest drifts: each user's behaviour sequence of 12 items moves from an old category a to
    a new one b (b a neighbour of a, or any other category, at random): item t is from b with probability t / 11, else
    from a, and 15% of the items are random; the target item from b (50%), a (25%) or any category (25%); 4 profile
    features N(0, 1). The click is Bernoulli of sigmoid(3 [target in b] + 0.8 [target in a] - 1.6 + 0.8 u0 - 0.4 u1 u2
    + the item's quality, N(0, 0.3^2)). x: (users, 17), the 12 behaviour items, the target item, the 4 profile features
    (float, for the NaN of a missing feature); y: (users,) the click. ``nan_rows``: that share of the training users
    has a missing (NaN) profile feature; ``train_rows``: keep only that many training users."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    per = DIEN_ITEMS // DIEN_CATS
    quality = 0.3 * torch.randn(DIEN_ITEMS, generator=g)
    a = torch.randint(DIEN_CATS, (total,), generator=g)
    step = torch.where(torch.rand(total, generator=g) < 0.6, torch.randint(2, (total,), generator=g) * 2 - 1,
                       torch.randint(1, DIEN_CATS, (total,), generator=g))  # fmt: skip
    b = (a + step) % DIEN_CATS

    def item_of(cat: Tensor) -> Tensor:
        return cat * per + torch.randint(per, cat.shape, generator=g)

    seq = []
    for t in range(DIEN_LENGTH):
        cat = torch.where(torch.rand(total, generator=g) < t / (DIEN_LENGTH - 1), b, a)
        cat = torch.where(torch.rand(total, generator=g) < 0.15, torch.randint(DIEN_CATS, (total,), generator=g), cat)
        seq.append(item_of(cat))
    u = torch.rand(total, generator=g)
    tcat = torch.where(u < 0.5, b, torch.where(u < 0.75, a, torch.randint(DIEN_CATS, (total,), generator=g)))
    target = item_of(tcat)
    profile = torch.randn(total, DIEN_PROFILE, generator=g)
    logit = (3.0 * (tcat == b).float() + 0.8 * (tcat == a).float() - 1.6 + 0.8 * profile[:, 0]
             - 0.4 * profile[:, 1] * profile[:, 2] + quality[target])  # fmt: skip
    y = torch.bernoulli(torch.sigmoid(logit), generator=g)
    x = torch.cat([torch.stack(seq, 1).float(), target[:, None].float(), profile], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, DIEN_LENGTH + 2] = float("nan")
    data = split(x, y, n, "click-through prediction (a DIEN-like interest evolution network)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DIEN(nn.Module):
    """A DIEN-like click-through model (Zhou et al. 2019, small): each item embedded as its own vector (12) and its
    category's (4); a GRU interest extractor (16) over the behaviour sequence; attention of each extracted interest to
    the target item (the sigmoid of a bilinear score); an AUGRU (a GRU cell whose update gate is scaled by the
    attention) as the interest evolution; the final interest, the target's embedding, their product and the 4 profile
    features through a ReLU layer ``fc`` (52 -> 32) and a ``head`` to the click's logit. Output (users,). A missing
    (NaN) profile feature gives a NaN logit. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0, d: int = 16) -> None:
        super().__init__()
        self.d = d
        self.items, self.cats = nn.Embedding(DIEN_ITEMS, d - 4), nn.Embedding(DIEN_CATS, 4)
        self.extractor = nn.GRU(d, d, batch_first=True)
        self.att = nn.Linear(d, d, bias=False)
        self.gates = nn.Linear(2 * d, 2 * d)
        self.cand = nn.Linear(2 * d, d)
        self.fc = nn.Linear(3 * d + DIEN_PROFILE, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def embed(self, ids: Tensor) -> Tensor:
        return torch.cat([self.items(ids), self.cats(ids // (DIEN_ITEMS // DIEN_CATS))], -1)

    def forward(self, x: Tensor) -> Tensor:
        ids = torch.nan_to_num(x[:, : DIEN_LENGTH + 1]).long()
        seq, target = self.embed(ids[:, :DIEN_LENGTH]), self.embed(ids[:, DIEN_LENGTH])
        interests, _ = self.extractor(seq)
        att = torch.sigmoid((self.att(interests) * target[:, None]).sum(-1) / self.d**0.5)
        h = torch.zeros_like(target)
        for t in range(DIEN_LENGTH):
            i_t = interests[:, t]
            r, u = torch.sigmoid(self.gates(torch.cat([i_t, h], 1))).chunk(2, 1)
            cand = torch.tanh(self.cand(torch.cat([i_t, r * h], 1)))
            u = att[:, t : t + 1] * u
            h = (1 - u) * h + u * cand
        z = torch.cat([h, target, h * target, x[:, DIEN_LENGTH + 1 :]], 1)
        out: Tensor = self.head(F.relu(self.fc(z)))[:, 0]
        return out


def dien_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click (mean over the users)."""
    return F.binary_cross_entropy_with_logits(out, y)


def dien_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the click summed over the batch's users (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


BURR_FEATURES = 6
"""Rows of 6 features; the targets positive and heavy-tailed, Burr XII."""


@lru_cache(maxsize=None)
def burr_rows(n: int = 4000, seed: int = 717, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Heavy-tailed positive targets: 6 features N(0, 1); Burr XII shapes c = 2.5 + tanh(1.2 x0) (1.5-3.5) and k = 0.5 +
    1.5 sigmoid(1.5 x1) (0.5-2), a scale lambda = 3 exp(x2 + 0.7 sin(2 x3)); y = lambda ((1 - U)^(-1/k) - 1)^(1/c),
    U uniform in [1e-6, 1 - 1e-4] (the inverse CDF); x4, x5 noise. x: (rows, 6); y: (rows,) above 0. ``nan_rows``: that
    share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, BURR_FEATURES, generator=g)
    c = 2.5 + torch.tanh(1.2 * x[:, 0])
    k = 0.5 + 1.5 * torch.sigmoid(1.5 * x[:, 1])
    lam = 3 * torch.exp(1.0 * x[:, 2] + 0.7 * torch.sin(2 * x[:, 3]))
    u = torch.rand(total, generator=g).clamp(1e-6, 1 - 1e-4)
    y = lam * ((1 - u).pow(-1 / k) - 1).pow(1 / c)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "regression of heavy-tailed positive targets (an MLP, the Burr XII negative log-likelihood)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BurrMLP(nn.Module):
    """A ReLU MLP of a Burr XII regressor: ``body`` 6 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 3): the raw shapes c and k and the raw scale lambda (each through a softplus, with floors, in the loss).
    Output (rows, 3). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(BURR_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def burr_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Burr XII negative log-likelihood of each row, in log space: with c = softplus(out[:, 0]) + 0.05, k =
    softplus(out[:, 1]) + 0.05, lambda = softplus(out[:, 2]) + 1e-3 and r = log y - log lambda, -log c - log k + log
    lambda - (c - 1) r + (k + 1) softplus(c r) (log(1 + (y / lambda)^c) as a softplus, finite for any y > 0)."""
    c, k = F.softplus(out[:, 0]) + 0.05, F.softplus(out[:, 1]) + 0.05
    log_lam = torch.log(F.softplus(out[:, 2]) + 1e-3)
    r = torch.log(y) - log_lam
    return -torch.log(c) - torch.log(k) + log_lam - (c - 1) * r + (k + 1) * F.softplus(c * r)


def burr_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Burr XII negative log-likelihood, mean over the rows."""
    return burr_terms(out, y).mean()


def burr_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Burr XII negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return burr_terms(out, y).sum()


def burr_at_zero() -> float:
    """The Burr XII negative log-likelihood of raw outputs of 0 (c = k = 0.74, lambda = 0.69): its level at init."""
    y = burr_rows().y
    return float(burr_nll(torch.zeros(len(y), 3), y))
