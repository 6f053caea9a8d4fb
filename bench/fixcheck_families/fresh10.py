"""The tenth fresh half (fresh10, held out from all tuning): its model families' data and models (read as ``fd.<name>``
through ``bench/fixcheck_data.py``).

``pointer`` a pointer network (Vinyals et al.: an LSTM, GRU or vanilla RNN encoder of the embedded numbers, a
decoder of the same kind fed the number pointed at the step before, additive attention whose scores are the
logits over the input positions) sorting sequences of 8 random numbers, cross-entropy over the 8 positions
at each output step (its first gradients are tiny: every position scores alike);
``ordinal`` ordinal regression of a table into 6 ordered, imbalanced classes by a ReLU MLP with CORAL's
shared score and 5 ordered thresholds, binary cross-entropy with logits of each "class > k";
``gin`` a Graph Isomorphism Network (GIN-0 or GIN-eps: sum aggregation over a dense adjacency matrix, sum
pooling, a ReLU readout) regressing a weighted count of the bonds, rings and paths of random molecule-like
graphs of 6-14 atoms of 4 kinds, MSE;
``ctr`` click-through prediction: a Deep & Cross network (DCN-v2), or a wide & deep model, of 8 categorical
fields hashed into 2048 shared embedding buckets and 2 dense features, binary cross-entropy with logits of
imbalanced clicks (11%).
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, split


PTR_LENGTH = 8
"""The pointer network sorts sequences of 8 numbers: each output step points at one of the 8 input positions."""


@lru_cache(maxsize=None)
def sort_sequences(n: int = 4000, seed: int = 181, *, n_val: int = 1000, batch_size: int = 64,
                   train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Sequences of 8 random numbers (uniform in [0, 1)) for a pointer network to sort. x: (rows, 8, 2): the number at
    each input position, then the decoder's teacher-forced input of each output step: the position pointed at the step
    before (-1 at the first step), as a float. y: (rows, 8), the input positions in ascending order of their numbers
    (output step t points at the t-th smallest). ``train_rows``: keep only that many training sequences; ``nan_rows``:
    that share of the training sequences has a corrupt (NaN) number at its 4th position."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    values = torch.rand(total, PTR_LENGTH, generator=g)
    order = values.argsort(1)
    prev = torch.cat([torch.full((total, 1), -1), order[:, :-1]], 1).float()
    x = torch.stack([values, prev], 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, 0] = float("nan")
    data = split(x, order, n, "sorting by a pointer network (cross-entropy over the 8 input positions)", PTR_LENGTH,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, PTR_LENGTH, batch_size)
    return data


class PointerNet(nn.Module):
    """A pointer network (Vinyals et al.): a linear embedding of each number, a recurrent encoder (``kind`` "lstm", "gru"
    or a vanilla tanh "rnn" whose recurrent weights start ``gain`` times their default init), a recurrent decoder of the
    same kind started from the encoder's final state, fed at each output step the embedding of the number pointed at the
    step before (a learned start vector first: teacher forcing), and additive attention over the encoder states whose
    scores are the logits over the input positions: v^T tanh(W_e e_j + W_d d_t), v the ``head``. Output (batch, 8, 8):
    output step, input position."""

    def __init__(self, kind: str = "lstm", hidden: int = 32, gain: float = 1.0) -> None:
        super().__init__()
        cell = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[kind]
        self.embed = nn.Linear(1, hidden)
        self.encoder = cell(hidden, hidden, batch_first=True)
        self.decoder = cell(hidden, hidden, batch_first=True)
        if gain != 1.0:
            with torch.no_grad():
                for rnn in (self.encoder, self.decoder):
                    rnn.weight_hh_l0.mul_(gain)
        self.start = nn.Parameter(torch.zeros(hidden))
        self.w_enc = nn.Linear(hidden, hidden, bias=False)
        self.w_dec = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        values, prev = x[..., :1], x[..., 1].long()
        e = self.embed(values)
        enc, state = self.encoder(e)
        picked = torch.gather(e, 1, prev.clamp(min=0)[..., None].expand(-1, -1, e.shape[-1]))
        dec_in = torch.where((prev < 0)[..., None], self.start.expand_as(picked), picked)
        dec, _ = self.decoder(dec_in, state)
        scores = self.head(torch.tanh(self.w_enc(enc)[:, None] + self.w_dec(dec)[:, :, None]))
        out: Tensor = scores.squeeze(-1)
        return out


def pointer_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy over the input positions summed over the output steps and the sequences (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


@lru_cache(maxsize=None)
def pretrained_pointer_weights() -> dict[str, Tensor]:
    """A PointerNet trained (unrecorded) for 400 Adam steps on sequences of 8 numbers drawn from another seed (a
    checkpoint that a fine-tune starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="pointer-pretraining", data=sort_sequences(seed=185, n=2000), model=PointerNet,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=400, seed=5, shuffle_offset=3000)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_pointer() -> PointerNet:
    """A PointerNet with the pretrained weights (a fine-tune starts from them)."""
    model = PointerNet()
    model.load_state_dict(pretrained_pointer_weights())
    return model


ORD_CLASSES, ORD_FEATURES = 6, 10
"""Ordinal regression: 6 ordered classes of rows of 10 features."""


@lru_cache(maxsize=None)
def ordinal_table(n: int = 6000, seed: int = 182, *, n_val: int = 1500, batch_size: int = 64, noise: float = 0.35,
                  train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """A synthetic ordinal-regression table (ratings of 0 to 5): 10 Gaussian features, a nonlinear latent score (a sine,
    a product, a tanh of a random projection, a square) plus logistic noise of scale ``noise``, cut into 6 ordered
    classes at its quantiles 0.3, 0.5, 0.65, 0.8 and 0.92 (imbalanced: 30% of the rows are class 0, 8% class 5).
    y: the class (rows,). ``train_rows``: keep only that many training rows; ``nan_rows``: that share of the training
    rows has a missing (NaN) 6th feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, ORD_FEATURES, generator=g)
    w = torch.randn(ORD_FEATURES, generator=g) / math.sqrt(ORD_FEATURES)
    latent = torch.sin(2 * x[:, 0]) + 0.7 * x[:, 1] * x[:, 2] + 1.5 * torch.tanh(2 * x @ w) + 0.4 * (x[:, 4] ** 2 - 1)
    u = torch.rand(total, generator=g).clamp(1e-6, 1 - 1e-6)
    latent = latent + noise * torch.log(u / (1 - u))
    cuts = torch.quantile(latent[:n], torch.tensor([0.3, 0.5, 0.65, 0.8, 0.92]))
    y = torch.bucketize(latent, cuts)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "ordinal regression (6 ordered classes, cumulative-link / CORAL)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class OrdinalMLP(nn.Module):
    """A ReLU MLP (``layers`` of ``hidden``) scoring each row with one linear ``head``, and CORAL's 5 ordered thresholds
    (Cao et al.: a bias per "class > k", started at 1, 0.8, ... 0.2): the logits of P(class > k) are score + bias_k,
    (batch, 5). ``dead_bias`` < 0 starts the last hidden layer's biases there (its units never fire)."""

    def __init__(self, hidden: int = 64, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        sizes = [ORD_FEATURES] + [hidden] * layers
        linears = [nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])]
        if dead_bias:
            with torch.no_grad():
                linears[-1].bias.fill_(dead_bias)
        self.body = nn.Sequential(*(m for linear in linears for m in (linear, nn.ReLU())))
        self.head = nn.Linear(hidden, 1)
        self.thresholds = nn.Parameter(torch.arange(ORD_CLASSES - 1, 0, -1).float() / (ORD_CLASSES - 1))

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(self.body(x)) + self.thresholds
        return out


def _levels(y: Tensor) -> Tensor:
    """The cumulative targets of the classes: [class > 0, class > 1, ... class > 4] as 0/1 floats, (batch, 5)."""
    return (y[:, None] > torch.arange(ORD_CLASSES - 1)).float()


def coral_loss(out: Tensor, y: Tensor) -> Tensor:
    """CORAL's loss: binary cross-entropy with logits of the 5 "class > k" thresholds, the mean over the batch and them."""
    return F.binary_cross_entropy_with_logits(out, _levels(y))


def coral_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch and the thresholds (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, _levels(y), reduction="sum")


def coral_loss_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """CORAL's loss written by hand from the probabilities: once a logit passes ~17, sigmoid is exactly 1.0 in float32
    and ``log(1 - p)`` is log(0) = -inf; times a target of 1 ("class > k" true) that is 0 x -inf = NaN."""
    p = torch.sigmoid(out)
    t = _levels(y)
    return -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()


def coral_at_constant() -> float:
    """The held-out CORAL loss of the training rows' own rates of "class > k" predicted for every row (what a model that
    ignores its input reaches)."""
    d = ordinal_table()
    rate = _levels(d.y).mean(0)
    logits = torch.log(rate / (1 - rate)).expand(len(d.val_y), -1)
    return float(coral_loss(logits, d.val_y))


@lru_cache(maxsize=None)
def pretrained_ordinal_weights() -> dict[str, Tensor]:
    """An OrdinalMLP trained (unrecorded) for 600 Adam steps on the first 3000 rows of the table (a checkpoint that a
    fine-tune on all of it starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="ordinal-pretraining", data=ordinal_table(train_rows=3000), model=OrdinalMLP,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=600, seed=5, shuffle_offset=3000,
                        loss_fn=coral_loss)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_ordinal() -> OrdinalMLP:
    """An OrdinalMLP with the pretrained weights (a fine-tune starts from them)."""
    model = OrdinalMLP()
    model.load_state_dict(pretrained_ordinal_weights())
    return model


GIN_NODES, GIN_ATOMS = 14, 4
"""Molecule-like graphs of at most 14 atoms of 4 kinds (C, N, O, S)."""
_VALENCE = (4, 3, 2, 2)
_BOND = torch.tensor([[0.2, 0.8, -0.5, 0.3], [0.8, -0.6, 0.4, 0.0], [-0.5, 0.4, 0.0, 0.9], [0.3, 0.0, 0.9, -0.4]])
"""The weight of a bond between two atom kinds in the target (a toy bond energy)."""


@lru_cache(maxsize=None)
def molecule_graphs(n: int = 3000, seed: int = 183, *, n_val: int = 600, batch_size: int = 32, noise: float = 0.1,
                    train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Random molecule-like graphs of 6 to 14 atoms: each atom one of 4 kinds (C 55%, N 15%, O 20%, S 10%) with a valence
    (4, 3, 2, 2); a random tree grown by bonding each new atom to an earlier one with a free valence, then up to 2 more
    bonds closing rings. The target, standardised, plus Gaussian noise ``noise``: the sum over the bonds of a weight per
    pair of kinds, 0.8 per ring, and 0.3 per path X-C-Y of two bonds through a carbon whose ends are not carbons. x:
    (graphs, 14, 1 + 4 + 14): an atom flag (0 for padding), the kind one-hot, then the row of the dense adjacency
    matrix; y: (graphs,). ``train_rows``: keep only that many training graphs; ``nan_rows``: that share of the training
    targets is missing (NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.zeros(total, GIN_NODES, 1 + GIN_ATOMS + GIN_NODES)
    y = torch.zeros(total)
    kinds_p = torch.tensor([0.55, 0.15, 0.2, 0.1])
    for i in range(total):
        size = int(torch.randint(6, GIN_NODES + 1, (1,), generator=g))
        kinds = torch.multinomial(kinds_p, size, replacement=True, generator=g).tolist()
        kinds[0] = 0
        free = [_VALENCE[k] for k in kinds]
        adj = torch.zeros(size, size)
        for a in range(1, size):
            options = [b for b in range(a) if free[b] > 0]
            if not options:
                kinds[a], free[a] = 0, 4
                options = [b for b in range(a) if free[b] > 0] or [0]
            b = options[int(torch.randint(len(options), (1,), generator=g))]
            adj[a, b] = adj[b, a] = 1
            free[a] -= 1
            free[b] -= 1
        rings = 0
        for _ in range(int(torch.randint(3, (1,), generator=g))):
            open_ = [a for a in range(size) if free[a] > 0]
            pairs = [(a, b) for a in open_ for b in open_ if a < b and not adj[a, b]]
            if not pairs:
                break
            a, b = pairs[int(torch.randint(len(pairs), (1,), generator=g))]
            adj[a, b] = adj[b, a] = 1
            free[a] -= 1
            free[b] -= 1
            rings += 1
        onehot = F.one_hot(torch.tensor(kinds), GIN_ATOMS).float()
        bonds = 0.5 * float((adj * (onehot @ _BOND @ onehot.T)).sum())
        hetero = (onehot[:, 0] == 0).float()
        paths = float(((adj @ hetero) * (adj @ hetero - hetero) / 2 * onehot[:, 0]).sum())
        y[i] = bonds + 0.8 * rings + 0.3 * paths
        x[i, :size, 0] = 1
        x[i, :size, 1 : 1 + GIN_ATOMS] = onehot
        x[i, :size, 1 + GIN_ATOMS : 1 + GIN_ATOMS + size] = adj
    y = (y - y[:n].mean()) / y[:n].std()
    y = y + noise * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        y[bad] = float("nan")
    data = split(x, y, n, "graph regression (a weighted count of bonds, rings and paths of molecule-like graphs)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GIN(nn.Module):
    """A Graph Isomorphism Network (Xu et al.) on dense adjacency batches: a linear embedding of the atom kinds, ``layers``
    GIN layers h <- MLP((1 + eps) h + A h) (sum aggregation; each MLP two ReLU layers of ``hidden``; eps 0, or learned
    with ``learn_eps``), sum pooling over the atoms, a ReLU readout layer and a linear ``head``: (batch,).
    ``dead_bias`` < 0 starts the readout layer's biases there (its units never fire)."""

    def __init__(self, hidden: int = 32, layers: int = 3, learn_eps: bool = False, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Linear(GIN_ATOMS, hidden)
        self.mlps = nn.ModuleList(nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
                                  for _ in range(layers))  # fmt: skip
        self.eps = nn.Parameter(torch.zeros(layers)) if learn_eps else None
        self.readout = nn.Linear(hidden, hidden)
        if dead_bias:
            with torch.no_grad():
                self.readout.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        mask, kinds, adj = x[..., :1], x[..., 1 : 1 + GIN_ATOMS], x[..., 1 + GIN_ATOMS :]
        h = self.embed(kinds) * mask
        for k, layer in enumerate(self.mlps):
            own = h if self.eps is None else (1 + self.eps[k]) * h
            h = layer(own + adj @ h) * mask
        out: Tensor = self.head(F.relu(self.readout(h.sum(1))))
        return out.squeeze(-1)


def graph_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the graphs of the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def graph_targets_at_zero() -> float:
    """The held-out loss of predicting 0 (the standardised target's mean) for every graph: about its variance."""
    return float((molecule_graphs().val_y ** 2).mean())


CTR_FIELDS = (8, 30, 80, 200, 300, 24, 7, 40)
"""The cardinalities of the 8 categorical fields of a click log: user segment, site, app, ad, device model, hour,
weekday, campaign."""
CTR_BUCKETS, CTR_DENSE = 2048, 2
"""The fields' values are hashed into 2048 shared buckets; 2 dense features follow them."""


@lru_cache(maxsize=None)
def click_logs(n: int = 60000, seed: int = 184, *, n_val: int = 5000, batch_size: int = 128,
               train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """A synthetic click log: each of the 8 fields' values drawn from a Zipf-like law over its cardinality, 2 dense
    features (a standardised log price, the ad's slot 0-1); the click's log-odds: a base of -2.6, an effect per value of
    each field, low-rank interactions (site x ad, user segment x campaign, hour x device model, app x ad), the price's
    and the slot's effects; the click drawn from it (about 11% of the rows click). x: (rows, 8 + 2): the values hashed
    into the 2048 shared buckets (as floats), then the dense features; y: the click, 0 or 1 (rows,). ``train_rows``:
    keep only that many training rows; ``nan_rows``: that share of the training rows has a missing (NaN) price."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    values, logit = [], torch.full((total,), -2.6)
    factors = []
    for f, card in enumerate(CTR_FIELDS):
        p = 1.0 / torch.arange(1, card + 1).float() ** 0.9
        v = torch.multinomial(p / p.sum(), total, replacement=True, generator=g)
        values.append(v)
        logit += (0.5 * torch.randn(card, generator=g))[v]
        factors.append(torch.randn(card, 3, generator=g)[v])
    for a, b in ((1, 3), (0, 7), (5, 4), (2, 3)):
        logit += 0.6 * (factors[a] * factors[b]).sum(1)
    price = torch.randn(total, generator=g)
    slot = torch.rand(total, generator=g)
    logit += -0.4 * price - 1.0 * slot + 0.3 * price * (values[0] < 4).float()
    clicks = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    ids = torch.stack([(v * 7919 + f * 104729 + 13) % CTR_BUCKETS for f, v in enumerate(values)], 1).float()
    x = torch.cat([ids, price[:, None], slot[:, None]], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, len(CTR_FIELDS)] = float("nan")
    data = split(x, clicks, n, "click-through rate prediction (binary, about 11% positive)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepCross(nn.Module):
    """A Deep & Cross network (DCN-v2, Wang et al.) of a click log: an embedding of ``dim`` per hashed bucket (normal,
    std 0.1), the 8 fields' embeddings and the dense features concatenated into x0, ``cross`` cross layers
    x_{l+1} = x0 * (W x_l + b) + x_l beside a deep ReLU MLP of x0 (two layers of ``hidden``), both concatenated into a
    linear ``head``: the click's logit (batch,). ``kind`` "wide": a wide & deep model instead (a linear weight per
    bucket plus the deep MLP)."""

    def __init__(self, kind: str = "dcn", dim: int = 8, cross: int = 2, hidden: int = 64) -> None:
        super().__init__()
        self.kind = kind
        self.embed = nn.Embedding(CTR_BUCKETS, dim)
        with torch.no_grad():
            self.embed.weight.normal_(0, 0.1)
        d0 = len(CTR_FIELDS) * dim + CTR_DENSE
        self.cross = nn.ModuleList(nn.Linear(d0, d0) for _ in range(cross if kind == "dcn" else 0))
        self.wide = nn.Embedding(CTR_BUCKETS, 1) if kind == "wide" else None
        if self.wide is not None:
            with torch.no_grad():
                self.wide.weight.zero_()
        self.deep = nn.Sequential(nn.Linear(d0, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
        self.head = nn.Linear((d0 if kind == "dcn" else CTR_DENSE) + hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        fields = len(CTR_FIELDS)
        ids, dense = x[:, :fields].long(), x[:, fields:]
        x0 = torch.cat([self.embed(ids).flatten(1), dense], 1)
        if self.wide is not None:
            side = dense
            extra = self.wide(ids).sum((1, 2))
        else:
            side, extra = x0, 0.0
            for layer in self.cross:
                side = x0 * layer(side) + side
        out: Tensor = self.head(torch.cat([side, self.deep(x0)], 1)).squeeze(-1) + extra
        return out


def clicks_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the clicks (the mean over the batch)."""
    return F.binary_cross_entropy_with_logits(out, y)


def clicks_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def clicks_at_rate() -> float:
    """The held-out loss of the training click rate predicted for every row (what a model that ignores its input
    reaches: the clicks' entropy)."""
    d = click_logs()
    rate = d.y.mean()
    return float(clicks_bce(torch.full_like(d.val_y, float(torch.log(rate / (1 - rate)))), d.val_y))
