"""The seventieth fresh half (fresh68, held out from all tuning):
its model families' data and models (read as ``fd.<name>`` through ``bench/fixcheck_data.py``)."""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, split


ELEC_VOCAB, ELEC_LENGTH, ELEC_MASK_RATE, ELEC_LAMBDA = 16, 16, 0.15, 10.0
"""Sequences of 16 tokens of 16 (a Markov chain), 15% of the positions masked for the generator; the discriminator's
binary cross-entropy weighted 10 in the joint loss (ln 16 + 10 ln 2 = 9.7 for uniform outputs)."""


@lru_cache(maxsize=None)
def electra_sequences(n: int = 4000, seed: int = 681, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                      train_rows: int | None = None) -> Data:  # fmt: skip
    """Token sequences for replaced-token detection: a first-order Markov chain over 16 tokens whose every token has 3
    likely successors (Dirichlet(1) weights over them, 90% of the mass, the rest uniform), the first token uniform; each
    sequence's masked positions (15%, at least 2, drawn once: static masking) and a uniform number per position (the
    generator's sample at a masked position its inverse CDF there, so the replacements are fixed given the generator).
    x: (sequences, 3, 16): the token ids (float, for the NaN of a missing token), the mask (1 masked), the uniforms; y:
    (sequences, 16) the original tokens. ``nan_rows``: that share of the training sequences has a missing (NaN) token;
    ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, v, length = n + n_val, ELEC_VOCAB, ELEC_LENGTH
    succ = torch.rand(v, v, generator=g).argsort(1)[:, :3]
    w = -torch.log(torch.rand(v, 3, generator=g))
    trans = torch.full((v, v), 0.1 / v)
    trans.scatter_add_(1, succ, 0.9 * w / w.sum(1, keepdim=True))
    tokens = torch.zeros(total, length, dtype=torch.long)
    tokens[:, 0] = torch.randint(v, (total,), generator=g)
    for t in range(1, length):
        tokens[:, t] = torch.multinomial(trans[tokens[:, t - 1]], 1, generator=g)[:, 0]
    score = torch.rand(total, length, generator=g)
    k = max(2, round(ELEC_MASK_RATE * length))
    mask = torch.zeros(total, length).scatter_(1, score.argsort(1)[:, :k], 1.0)
    x = torch.stack([tokens.float(), mask, torch.rand(total, length, generator=g)], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6] = float("nan")
    data = split(x, tokens, n, "replaced-token detection (ELECTRA: a generator and a discriminator trained jointly)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ElectraNet(nn.Module):
    """ELECTRA (Clark et al. 2020), small: a generator (token embeddings of 16 + [MASK], width 16, learned positions
    N(0, 1) like the tokens', a residual convolution over 3 tokens, one pre-LN transformer layer of 2 heads, a head to
    the 16 tokens) predicts the masked tokens; a token at each masked position is sampled from its softmax (the inverse
    CDF of the row's uniforms, no gradient), and the discriminator (token embeddings, width 32, learned positions, a
    residual convolution over 3 tokens, one pre-LN transformer layer of 2 heads, a final LayerNorm, a ReLU layer ``fc``
    32 -> 32 and a ``head`` to 1 logit) tells each token original or replaced (a sampled token equal to the original
    counts as original). A missing (NaN) token embeds as NaN. Output (sequences, 16, 19): the generator's 16 logits,
    the discriminator's logit, the mask and the replaced flag. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        v, length = ELEC_VOCAB, ELEC_LENGTH
        self.gen_tok = nn.Embedding(v + 1, 16)
        self.gen_pos = nn.Parameter(torch.randn(length, 16))
        self.gen_conv = nn.Conv1d(16, 16, 3, padding=1)
        self.gen_layer = nn.TransformerEncoderLayer(16, 2, 32, dropout=0.0, batch_first=True, norm_first=True)
        self.gen_out = nn.Linear(16, v)
        self.tok = nn.Embedding(v, 32)
        self.pos = nn.Parameter(torch.randn(length, 32))
        self.conv = nn.Conv1d(32, 32, 3, padding=1)
        self.layer = nn.TransformerEncoderLayer(32, 2, 64, dropout=0.0, batch_first=True, norm_first=True)
        self.ln = nn.LayerNorm(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        raw, mask, u = x[:, 0], x[:, 1], x[:, 2]
        missing = torch.isnan(raw)[..., None]
        tokens = torch.nan_to_num(raw).long()
        g_in = torch.where(mask > 0, torch.full_like(tokens, ELEC_VOCAB), tokens)
        h = self.gen_tok(g_in)
        h = torch.where(missing, torch.full_like(h, float("nan")), h) + self.gen_pos
        h = h + self.gen_conv(h.transpose(1, 2)).transpose(1, 2)
        gen_logits = self.gen_out(self.gen_layer(h))
        with torch.no_grad():
            cdf = torch.softmax(gen_logits, -1).cumsum(-1)
            sampled = (cdf < u[..., None]).sum(-1).clamp(max=ELEC_VOCAB - 1)
            corrupted = torch.where(mask > 0, sampled, tokens)
            replaced = (corrupted != tokens).float()
        d = self.tok(corrupted)
        d = torch.where(missing, torch.full_like(d, float("nan")), d) + self.pos
        d = d + self.conv(d.transpose(1, 2)).transpose(1, 2)
        d = self.ln(self.layer(d))
        disc = self.head(F.relu(self.fc(d)))
        return torch.cat([gen_logits, disc, mask[..., None], replaced[..., None]], -1)


def electra_terms(out: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    """ELECTRA's two losses per position: the generator's cross-entropy at the masked positions (0 elsewhere) and the
    discriminator's binary cross-entropy (with logits) of the replaced flag at every position."""
    v = ELEC_VOCAB
    mask, replaced = out[..., v + 1], out[..., v + 2]
    ce = F.cross_entropy(out[..., :v].reshape(-1, v), y.reshape(-1), reduction="none").reshape(y.shape) * mask
    bce = F.binary_cross_entropy_with_logits(out[..., v], replaced, reduction="none")
    return ce, bce


def electra_loss(out: Tensor, y: Tensor) -> Tensor:
    """ELECTRA's joint loss: the generator's masked-token cross-entropy (mean over the masked positions) + 10 x the
    discriminator's binary cross-entropy (mean over all positions)."""
    ce, bce = electra_terms(out, y)
    return ce.sum() / out[..., ELEC_VOCAB + 1].sum() + ELEC_LAMBDA * bce.mean()


def electra_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """ELECTRA's joint loss summed over the batch (reduction='sum'): the cross-entropy summed over the masked positions
    + 10 x the binary cross-entropy summed over all positions."""
    ce, bce = electra_terms(out, y)
    return ce.sum() + ELEC_LAMBDA * bce.sum()


DINO_DIM, DINO_CLUSTERS, DINO_PROTOTYPES, DINO_REP = 16, 8, 16, 32
DINO_T_STUDENT, DINO_T_TEACHER, DINO_EMA, DINO_CENTER = 0.1, 0.04, 0.99, 0.9
"""Points of 16 features from 8 clusters; 16 prototypes, 32-d representations; the student's temperature 0.1, the
teacher's 0.04, the teacher's EMA momentum 0.99 and the centre's 0.9."""


@lru_cache(maxsize=None)
def dino_views(n: int = 3000, seed: int = 683, *, n_val: int = 512, batch_size: int = 64, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Two augmented views of clustered points for DINO: a cluster (of 8) with a centre N(0, 1) in 6 dimensions, the
    point its centre plus N(0, 0.5^2) in each, mapped to 16 features by tanh of a random linear map (entries N(0,
    0.6^2)) plus a second random linear map; each view adds N(0, 0.3^2) noise per feature, scales each feature by
    0.7-1.3 and zeroes 15% of the features (drawn once per view: static augmentation). x: (points, 2, 16); y: (points,)
    the cluster (the supervised probe's target). ``nan_rows``: that share of the training points has a missing (NaN)
    feature in its first view; ``train_rows``: keep only that many training points."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    centres = torch.randn(DINO_CLUSTERS, 6, generator=g)
    y = torch.randint(DINO_CLUSTERS, (total,), generator=g)
    z = centres[y] + 0.5 * torch.randn(total, 6, generator=g)
    a, b = 0.6 * torch.randn(DINO_DIM, 6, generator=g), 0.3 * torch.randn(DINO_DIM, 6, generator=g)
    clean = torch.tanh(z @ a.T) + z @ b.T
    views = []
    for _ in range(2):
        scale = 0.7 + 0.6 * torch.rand(total, DINO_DIM, generator=g)
        keep = (torch.rand(total, DINO_DIM, generator=g) > 0.15).float()
        views.append((clean * scale + 0.3 * torch.randn(total, DINO_DIM, generator=g)) * keep)
    x = torch.stack(views, 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 3] = float("nan")
    data = split(x, y, n, "self-distillation (DINO: a student and an EMA teacher on two views) with a linear probe",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DINONet(nn.Module):
    """DINO (Caron et al. 2021), small: the student a ReLU MLP ``body`` 16 -> 64 -> 64, a ReLU layer ``fc`` (64 -> 32:
    the representation) and a ``head`` (32 -> 16 prototypes); the teacher the same network, its weights the student's at
    the first training step, then an exponential moving average of them (momentum 0.99, updated at each training
    forward, before the student's); the teacher's logits centred by a running mean of them (momentum 0.9, updated in
    training); a linear ``probe`` (32 -> 8 clusters) of the student's representation, detached. Output (points, 2, 40):
    per view the student's 16 logits, the teacher's 16 centred logits and the probe's 8."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(DINO_DIM, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, DINO_REP)
        self.head = nn.Linear(DINO_REP, DINO_PROTOTYPES)
        self.probe = nn.Linear(DINO_REP, DINO_CLUSTERS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        teacher = nn.ModuleList([nn.Sequential(nn.Linear(DINO_DIM, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU()),
                                 nn.Linear(64, DINO_REP), nn.Linear(DINO_REP, DINO_PROTOTYPES)])  # fmt: skip
        teacher.requires_grad_(False)
        self.teacher = (teacher,)  # a tuple: not a submodule, its weights no parameters of the model
        self.started = False
        self.register_buffer("center", torch.zeros(DINO_PROTOTYPES))

    def student_params(self) -> list[Tensor]:
        return [*self.body.parameters(), *self.fc.parameters(), *self.head.parameters()]

    @torch.no_grad()
    def update_teacher(self) -> None:
        t = self.teacher[0].parameters()
        for p_t, p_s in zip(t, self.student_params()):
            if self.started:
                p_t.mul_(DINO_EMA).add_(p_s.detach(), alpha=1 - DINO_EMA)
            else:
                p_t.copy_(p_s)
        self.started = True

    def forward(self, x: Tensor) -> Tensor:
        if self.training or not self.started:
            self.update_teacher()
        body, fc, head = self.teacher[0]
        outs = []
        with torch.no_grad():
            teach = [head(F.relu(fc(body(x[:, k])))) for k in range(2)]
            if self.training:
                batch_center = torch.cat(teach).mean(0)
                self.center.mul_(DINO_CENTER).add_(batch_center, alpha=1 - DINO_CENTER)
        for k in range(2):
            rep = F.relu(self.fc(self.body(x[:, k])))
            outs.append(torch.cat([self.head(rep), teach[k] - self.center, self.probe(rep.detach())], -1))
        return torch.stack(outs, 1)


def dino_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each point's DINO loss: the cross-entropy of the teacher's distribution of one view (its centred logits over
    0.04, a softmax) and the student's of the other (its logits over 0.1, a log-softmax), both ways, averaged; plus the
    probe's cross-entropy of the cluster, averaged over the views."""
    k = DINO_PROTOTYPES
    s, t, p = out[..., :k], out[..., k : 2 * k], out[..., 2 * k :]
    log_s = F.log_softmax(s / DINO_T_STUDENT, -1)
    pt = F.softmax(t / DINO_T_TEACHER, -1)
    dino = -0.5 * ((pt[:, 0] * log_s[:, 1]).sum(-1) + (pt[:, 1] * log_s[:, 0]).sum(-1))
    probe = 0.5 * sum(F.cross_entropy(p[:, j], y, reduction="none") for j in range(2))
    return dino + probe


def dino_loss(out: Tensor, y: Tensor) -> Tensor:
    """The DINO loss plus the probe's cross-entropy, mean over the points."""
    return dino_terms(out, y).mean()


def dino_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The DINO loss plus the probe's cross-entropy, summed over the batch's points (reduction='sum')."""
    return dino_terms(out, y).sum()


def dino_at_init() -> float:
    """The DINO loss (with the probe) of the default init (seed 0) on the training points, all at once: its level at
    init."""
    data = dino_views()
    with torch.random.fork_rng(), torch.no_grad():
        torch.manual_seed(0)
        model = DINONet()
        model.eval()
        return float(dino_loss(model(data.x), data.y))


ITR_VARIATES, ITR_LOOKBACK, ITR_HORIZON, ITR_DIM = 7, 48, 12, 32
"""7 coupled series, a lookback window of 48 steps, a horizon of 12; tokens of width 32."""


@lru_cache(maxsize=None)
def itr_windows(length: int = 3600, seed: int = 685, *, val_share: float = 0.2, batch_size: int = 32,
                nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Coupled seasonal series: 3 latent drivers (a daily-like sine of period 24, a sine of period 60 and an AR(1)
    process of coefficient 0.97) mixed into 7 variates by random weights N(0, 1) with random lags of 0-8 steps, each
    variate also driven by the previous variate 4 steps earlier (coefficient 0.5, a chain of couplings), plus N(0,
    0.3^2) noise, each standardised by the training part's mean and std. Windows of 48 steps and the 12 after, at every
    start; the last fifth of the time held out (its windows start after the training windows' targets end). x:
    (windows, 48, 7); y: (windows, 12, 7). ``nan_rows``: that share of the training windows has a missing (NaN)
    value; ``train_rows``: keep only that many training windows."""
    g = torch.Generator().manual_seed(seed)
    t = torch.arange(length + 20).float()
    ar = torch.zeros(length + 20)
    eps = torch.randn(length + 20, generator=g)
    for i in range(1, length + 20):
        ar[i] = 0.97 * ar[i - 1] + 0.25 * eps[i]
    phases = 2 * math.pi * torch.rand(2, generator=g)
    drivers = torch.stack([torch.sin(2 * math.pi * t / 24 + phases[0]), torch.sin(2 * math.pi * t / 60 + phases[1]),
                           ar])  # fmt: skip
    weights = torch.randn(ITR_VARIATES, 3, generator=g)
    lags = torch.randint(9, (ITR_VARIATES, 3), generator=g)
    series = torch.zeros(ITR_VARIATES, length)
    for v in range(ITR_VARIATES):
        for d in range(3):
            series[v] += weights[v, d] * drivers[d, 20 - lags[v, d] : 20 - lags[v, d] + length]
        if v:
            series[v, 4:] += 0.5 * series[v - 1, :-4]
        series[v] += 0.3 * torch.randn(length, generator=g)
    cut = int(length * (1 - val_share))
    mean, std = series[:, :cut].mean(1, keepdim=True), series[:, :cut].std(1, keepdim=True)
    series = ((series - mean) / std).T.contiguous()  # (time, variates)
    span = ITR_LOOKBACK + ITR_HORIZON

    def windows(lo: int, hi: int) -> tuple[Tensor, Tensor]:
        starts = torch.arange(lo, hi - span + 1)
        idx = starts[:, None] + torch.arange(span)[None, :]
        w = series[idx]
        return w[:, :ITR_LOOKBACK].clone(), w[:, ITR_LOOKBACK:].clone()

    x, y = windows(0, cut)
    order = torch.randperm(len(x), generator=g)
    x, y = x[order], y[order]
    vx, vy = windows(cut, length)
    if nan_rows:
        bad = torch.nonzero(torch.rand(len(x), generator=g) < nan_rows).flatten()
        x[bad, 30, 2] = float("nan")
    data = Data(x, y, vx, vy, "multivariate forecasting of coupled seasonal series (iTransformer: variates as tokens)",
                None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ITransformer(nn.Module):
    """An iTransformer (Liu et al. 2024), small: each variate's lookback window, less its mean, embedded as one token
    (a linear layer 48 -> 32), two pre-LN transformer layers of 2 heads (GELU MLPs 32-64-32) attending across the 7
    variates (no position embedding), a final LayerNorm, per variate a ReLU layer ``fc`` (32 -> 32) and a ``head`` to
    the 12-step horizon, the window's mean added back. Output (windows, 12, 7). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Linear(ITR_LOOKBACK, ITR_DIM)
        self.layers = nn.ModuleList([nn.TransformerEncoderLayer(ITR_DIM, 2, 64, dropout=0.0, activation="gelu",
                                                                batch_first=True, norm_first=True)
                                     for _ in range(2)])  # fmt: skip
        self.ln = nn.LayerNorm(ITR_DIM)
        self.fc = nn.Linear(ITR_DIM, 32)
        self.head = nn.Linear(32, ITR_HORIZON)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        mean = x.mean(1, keepdim=True)
        h = self.embed((x - mean).transpose(1, 2))  # (windows, variates, 32)
        for layer in self.layers:
            h = layer(h)
        out: Tensor = self.head(F.relu(self.fc(self.ln(h)))).transpose(1, 2) + mean
        return out


def itr_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows, every window's 12 x 7 values (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def itr_at_mean() -> float:
    """The MSE of forecasting each variate's window mean (the iTransformer's output at a zero head): its level at
    init."""
    data = itr_windows()
    return float(F.mse_loss(data.x.mean(1, keepdim=True).expand_as(data.y), data.y))


RICE_FEATURES = 8
"""Rows of 8 features; a magnitude |nu + sigma (z1 + i z2)| (Rician) per row."""


@lru_cache(maxsize=None)
def rice_rows(n: int = 4000, seed: int = 687, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
              train_rows: int | None = None) -> Data:  # fmt: skip
    """Rician magnitudes: 8 features N(0, 1); a signal nu = exp(0.5 + 0.5 sin(2 x0) + 0.4 x1 - 0.2 x2^2) and a noise
    scale sigma = exp(0.35 x3 - 0.6); the target the magnitude of the signal plus complex Gaussian noise, sqrt((nu +
    sigma z1)^2 + (sigma z2)^2), z1, z2 N(0, 1) (a Rice variable, low signal-to-noise rows near a Rayleigh one); x4-x7
    noise. x: (rows, 8); y: (rows,) above 0. ``nan_rows``: that share of the training rows has a missing (NaN) feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, RICE_FEATURES, generator=g)
    nu = torch.exp(0.5 + 0.5 * torch.sin(2 * x[:, 0]) + 0.4 * x[:, 1] - 0.2 * x[:, 2] ** 2)
    sigma = torch.exp(0.35 * x[:, 3] - 0.6)
    z = torch.randn(total, 2, generator=g)
    y = torch.sqrt((nu + sigma * z[:, 0]) ** 2 + (sigma * z[:, 1]) ** 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "regression of magnitudes (an MLP, the Rice negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class RiceMLP(nn.Module):
    """A ReLU MLP of a Rice regressor: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32
    -> 2): the raw signal nu and the raw noise scale sigma (each through a softplus). Output (rows, 2). ``dead_bias``
    < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(RICE_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def rice_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Rice negative log-likelihood of each row: -log(y / s^2) + (y^2 + nu^2) / (2 s^2) - log I0(y nu / s^2), nu =
    softplus(out[:, 0]), s = softplus(out[:, 1]) + 1e-3; log I0(z) = log i0e(z) + z (stable for large z)."""
    nu, s = F.softplus(out[:, 0]), F.softplus(out[:, 1]) + 1e-3
    s2 = s**2
    z = y * nu / s2
    return -torch.log(y / s2) + (y**2 + nu**2) / (2 * s2) - (torch.log(torch.special.i0e(z)) + z)


def rice_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Rice negative log-likelihood, mean over the rows."""
    return rice_terms(out, y).mean()


def rice_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Rice negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return rice_terms(out, y).sum()


def rice_at_zero() -> float:
    """The Rice negative log-likelihood of raw outputs of 0 (nu = ln 2, sigma = ln 2 + 0.001): its level at init."""
    y = rice_rows().y
    return float(rice_nll(torch.zeros(len(y), 2), y))
