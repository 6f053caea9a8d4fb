"""The twenty-sixth fresh half (fresh26, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``deeponet`` DeepONet (a branch MLP of an input function read at 20 sensors, a trunk MLP of the query
point, their dot product plus a bias) learning the solution operator of s' = u - s^3 on random input
functions, MSE at 10 query points; held out on new functions;
``addt`` a tiny encoder-decoder transformer (nn.Transformer, d 32, 2 + 2 layers, cross-attention) adding
two 2-digit numbers, the sum's digits least significant first, teacher forcing, cross-entropy per digit;
held out on new problems;
``deepar`` a DeepAR-like probabilistic forecaster (an LSTM over the lagged values and calendar features
emitting a Student-t per step) of synthetic series with a trend, a season and heavy-tailed noise, the
negative log-likelihood per step;
``dkl`` deep kernel learning (a ReLU MLP feature extractor under an exact GP with an RBF kernel), the
negative marginal log-likelihood per point of a minibatch of 128; held out, the MSE of the predictive mean
at new points given 256 training points.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, split


DEEPONET_SENSORS, DEEPONET_QUERIES, DEEPONET_WIDTH, DEEPONET_GRID = 20, 10, 32, 200
"""DeepONet reads an input function at 20 equispaced sensors of [0, 1] and predicts the ODE's solution at 10 query
points per function, through a dot product of 32 branch and trunk features; the reference solution is integrated by
RK4 on a grid of 200 steps."""


@lru_cache(maxsize=None)
def deeponet_functions(n: int = 3000, seed: int = 317, *, n_val: int = 600, batch_size: int = 64,
                       train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Operator learning: random input functions u(x) = sum over k = 1..5 of (a_k sin(k pi x) + b_k cos(k pi x)) with
    a_k, b_k ~ N(0, (2 / k)^2), and the solution s of the ODE s'(x) = u(x) - s(x)^3, s(0) = 0 on [0, 1] (RK4, 200
    steps). x: (functions, 30) u at the 20 equispaced sensors, then 10 query points drawn from the grid; y: (functions,
    10) s at the query points. ``train_rows``: keep only that many training functions; ``nan_rows``: that share of the
    training functions has a missing (NaN) sensor reading."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    k = torch.arange(1, 6, dtype=torch.float32)
    a = torch.randn(total, 5, generator=g) * 2 / k
    b = torch.randn(total, 5, generator=g) * 2 / k

    def u(at: Tensor) -> Tensor:  # at: (points,) -> (functions, points)
        arg = math.pi * k[None, :, None] * at[None, None, :]
        return (a[:, :, None] * torch.sin(arg) + b[:, :, None] * torch.cos(arg)).sum(1)

    h = 1.0 / DEEPONET_GRID
    grid = torch.linspace(0, 1, DEEPONET_GRID + 1)
    u_grid, u_mid = u(grid), u(grid[:-1] + h / 2)
    s = torch.zeros(total, DEEPONET_GRID + 1)
    for i in range(DEEPONET_GRID):
        cur = s[:, i]
        k1 = u_grid[:, i] - cur**3
        k2 = u_mid[:, i] - (cur + h / 2 * k1) ** 3
        k3 = u_mid[:, i] - (cur + h / 2 * k2) ** 3
        k4 = u_grid[:, i + 1] - (cur + h * k3) ** 3
        s[:, i + 1] = cur + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    sensors = u(torch.linspace(0, 1, DEEPONET_SENSORS))
    idx = torch.randint(0, DEEPONET_GRID + 1, (total, DEEPONET_QUERIES), generator=g)
    x = torch.cat([sensors, grid[idx]], 1)
    y = s.gather(1, idx)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "operator learning (DeepONet: an ODE's solution operator on random input functions)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepONet(nn.Module):
    """DeepONet (Lu et al. 2021): a branch ReLU MLP of the 20 sensor readings (``inp`` 20 -> 64, ``fc`` 64 -> 64, ``head``
    64 -> 32) and a trunk ReLU MLP of a query point (``trunk_inp`` 1 -> 64, ``trunk_fc`` 64 -> 64, ``trunk_head`` 64 ->
    32); the prediction at a query is the dot product of the two plus a learned bias. Output (functions, 10).
    ``dead_bias`` < 0 starts both towers' fc biases there."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(DEEPONET_SENSORS, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, DEEPONET_WIDTH)
        self.trunk_inp = nn.Linear(1, hidden)
        self.trunk_fc = nn.Linear(hidden, hidden)
        self.trunk_head = nn.Linear(hidden, DEEPONET_WIDTH)
        self.bias = nn.Parameter(torch.zeros(()))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
                self.trunk_fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        branch = self.head(F.relu(self.fc(F.relu(self.inp(x[:, :DEEPONET_SENSORS])))))
        trunk = self.trunk_head(F.relu(self.trunk_fc(F.relu(self.trunk_inp(x[:, DEEPONET_SENSORS:, None])))))
        return torch.einsum("fw,fqw->fq", branch, trunk) + self.bias


def deeponet_mse(out: Tensor, y: Tensor) -> Tensor:
    """The squared error at the query points, mean over the batch's functions and queries."""
    return F.mse_loss(out, y)


def deeponet_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch's functions (reduction='sum' over them, the mean over each one's queries)."""
    return ((out - y) ** 2).mean(1).sum()


def deeponet_at_zero() -> float:
    """The held-out MSE of predicting 0 everywhere: the mean square of the solutions at the query points."""
    return float((deeponet_functions().val_y ** 2).mean())


ADDT_DIGITS, ADDT_VOCAB, ADDT_PLUS, ADDT_BOS, ADDT_D = 2, 12, 10, 11, 32
"""Addition of two 2-digit numbers: the source is their 5 tokens "ab+cd" (digits 0-9, "+" is 10), the target the
sum's 3 digits, least significant first, after a start token (11); the transformer is 32 wide."""


@lru_cache(maxsize=None)
def addition_problems(n: int = 4000, seed: int = 318, *, n_val: int = 1000, batch_size: int = 64,
                      train_rows: int | None = None) -> Data:  # fmt: skip
    """Multi-digit addition as sequence-to-sequence: a + b for a, b uniform in 0..99 (5,000 of the 10,000 pairs), no
    problem in both splits. x: (problems, 8) the source's 5 tokens (a's digits, "+", b's digits, most significant
    first), then the sum's 3 digits least significant first (the decoder reads them shifted right, after the start
    token: teacher forcing); y: (problems, 3) the sum's digits, least significant first. ``train_rows``: keep only that
    many training problems."""
    g = torch.Generator().manual_seed(seed)
    pairs = torch.randperm(10 ** (2 * ADDT_DIGITS), generator=g)[: n + n_val]
    a, b = pairs // 10**ADDT_DIGITS, pairs % 10**ADDT_DIGITS
    total = a + b

    def digits(v: Tensor, count: int) -> Tensor:  # most significant first
        return torch.stack([(v // 10 ** (count - 1 - i)) % 10 for i in range(count)], 1)

    src = torch.cat([digits(a, ADDT_DIGITS), torch.full((len(a), 1), ADDT_PLUS), digits(b, ADDT_DIGITS)], 1)
    tgt = digits(total, ADDT_DIGITS + 1).flip(1)
    data = split(torch.cat([src, tgt], 1), tgt, n, "sequence-to-sequence (multi-digit addition, teacher forcing)", 10,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, 10, batch_size)
    return data


class AddTransformer(nn.Module):
    """A tiny encoder-decoder transformer (``nn.Transformer``: d 32, 4 heads, feed-forward 64, no dropout, post-LN, or
    pre-LN with ``pre_ln``; ``layers`` encoder and decoder layers, the decoder cross-attending to the encoder), token
    embeddings and learned positions for the source and for the target, a causal mask on the decoder, and a linear
    ``head`` to the 10 digits. Output (problems, 3, 10): the logits of each sum digit given the ones before it."""

    def __init__(self, layers: int = 2, pre_ln: bool = False) -> None:
        super().__init__()
        src_len, tgt_len = 2 * ADDT_DIGITS + 1, ADDT_DIGITS + 1
        self.src_emb = nn.Embedding(ADDT_VOCAB, ADDT_D)
        self.tgt_emb = nn.Embedding(ADDT_VOCAB, ADDT_D)
        self.src_pos = nn.Parameter(0.1 * torch.randn(src_len, ADDT_D))
        self.tgt_pos = nn.Parameter(0.1 * torch.randn(tgt_len, ADDT_D))
        self.core = nn.Transformer(ADDT_D, 4, layers, layers, 64, dropout=0.0, batch_first=True, norm_first=pre_ln)
        self.head = nn.Linear(ADDT_D, 10)
        self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(tgt_len))

    def forward(self, x: Tensor) -> Tensor:
        cut = 2 * ADDT_DIGITS + 1
        src, tgt = x[:, :cut], x[:, cut:]
        dec_in = torch.cat([torch.full((len(x), 1), ADDT_BOS, dtype=tgt.dtype), tgt[:, :-1]], 1)
        out = self.core(self.src_emb(src) + self.src_pos, self.tgt_emb(dec_in) + self.tgt_pos, tgt_mask=self.mask,
                        tgt_is_causal=True)  # fmt: skip
        logits: Tensor = self.head(out)
        return logits


def addt_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's problems and digits (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, 10), y.reshape(-1), reduction="sum")


DEEPAR_LEN, DEEPAR_PERIOD, DEEPAR_HIDDEN = 48, 12, 40
"""DeepAR reads series of 48 steps with a season of 12, through an LSTM of 40 units."""


@lru_cache(maxsize=None)
def deepar_series(n: int = 2000, seed: int = 319, *, n_val: int = 500, batch_size: int = 32, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Synthetic series: a level N(0, 0.5^2), a trend N(0, 0.02^2) per step, a season of period 12 (amplitude uniform in
    0.3-1.5, a random phase, plus half as much of its second harmonic), and Student-t noise (4 degrees of freedom) of a
    scale uniform in 0.05-0.3 per series. x: (series, 48, 3) the value of the step before (0 before the first), cos and
    sin of the step's position in a period of 12; y: (series, 48) the values. ``train_rows``: keep only that many
    training series; ``nan_rows``: that share of the training series has a missing (NaN) value (in x and y)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.arange(DEEPAR_LEN, dtype=torch.float32)
    level = 0.5 * torch.randn(total, 1, generator=g)
    trend = 0.02 * torch.randn(total, 1, generator=g)
    amp = 0.3 + 1.2 * torch.rand(total, 1, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, generator=g)
    arg = 2 * math.pi * t / DEEPAR_PERIOD + phase
    season = amp * (torch.sin(arg) + 0.5 * torch.sin(2 * arg + 1.0))
    scale = 0.05 + 0.25 * torch.rand(total, 1, generator=g)
    normal = torch.randn(total, DEEPAR_LEN, generator=g)
    gam = torch.randn(total, DEEPAR_LEN, 4, generator=g).pow(2).sum(-1)  # chi-square with 4 degrees of freedom
    noise = normal / torch.sqrt(gam / 4)
    y = level + trend * t + season + scale * noise
    lag = torch.cat([torch.zeros(total, 1), y[:, :-1]], 1)
    cal = 2 * math.pi * t / DEEPAR_PERIOD
    x = torch.stack([lag, cal.cos().expand(total, -1), cal.sin().expand(total, -1)], -1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        y[bad, 20] = float("nan")
        x[bad, 21, 0] = float("nan")
    data = split(x, y, n, "probabilistic forecasting (DeepAR: an LSTM emitting a Student-t per step)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepARNet(nn.Module):
    """A DeepAR-like forecaster (Salinas et al. 2020): an LSTM (3 -> 40) over the series' lagged values and calendar
    features, a ReLU layer ``fc`` (40 -> 40) and a linear ``head`` to a Student-t's location, scale (softplus, plus
    1e-3) and degrees of freedom (2 plus softplus) at each step. Output (series, 48, 3). ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, hidden: int = DEEPAR_HIDDEN, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.lstm = nn.LSTM(3, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.lstm(x)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def deepar_terms(out: Tensor, y: Tensor) -> Tensor:
    """Per series and step: the Student-t negative log-likelihood of the value."""
    loc, scale, df = out[..., 0], F.softplus(out[..., 1]) + 1e-3, 2 + F.softplus(out[..., 2])
    z = (y - loc) / scale
    return (-torch.lgamma((df + 1) / 2) + torch.lgamma(df / 2) + 0.5 * torch.log(df * math.pi) + torch.log(scale)
            + (df + 1) / 2 * torch.log1p(z**2 / df))  # fmt: skip


def deepar_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Student-t negative log-likelihood, mean over the batch's series and steps (below 0 when trained)."""
    return deepar_terms(out, y).mean()


def deepar_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch's series (reduction='sum' over them, the mean over each one's steps)."""
    return deepar_terms(out, y).mean(1).sum()


DKL_DIM, DKL_FEATURES, DKL_CONTEXT, DKL_JITTER = 8, 2, 256, 1e-4
"""Deep kernel learning maps 8 features to a 2-D embedding under an RBF kernel; held out, the GP conditions on the first
256 training points; 1e-4 is added to the kernel's diagonal."""


@lru_cache(maxsize=None)
def dkl_points(n: int = 3000, seed: int = 320, *, n_val: int = 1000, batch_size: int = 128, train_rows: int | None = None,
               nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Regression of a function of a hidden 2-D projection u of 8 features N(0, 1): sin(1.5 u1) + 0.5 cos(2 u2) + 0.3 u1
    u2, plus noise of std 0.1, standardised. x: (points, 8); y: (points,). ``train_rows``: keep only that many training
    points; ``nan_rows``: that share of the training points (exactly, drawn at random) has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, DKL_DIM, generator=g)
    w = torch.randn(DKL_DIM, 2, generator=g) / math.sqrt(DKL_DIM)
    u = x @ w * 1.5
    y = torch.sin(1.5 * u[:, 0]) + 0.5 * torch.cos(2 * u[:, 1]) + 0.3 * u[:, 0] * u[:, 1] + 0.1 * torch.randn(total, generator=g)
    y = (y - y[:n].mean()) / y[:n].std()
    if nan_rows:
        bad = torch.randperm(n, generator=g)[: round(nan_rows * n)]
        x[bad, 2] = float("nan")
    data = split(x, y, n, "Gaussian-process regression with a deep kernel (exact marginal likelihood per minibatch)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepKernelGP(nn.Module):
    """Deep kernel learning (Wilson et al. 2016): a ReLU MLP feature extractor (``inp`` 8 -> 64, ``fc`` 64 -> 64, ``head``
    64 -> 2) under an exact GP with an RBF kernel whose lengthscale, outputscale and noise variance are softplus of
    learned numbers (0.69 each at init), and a learned constant mean. In training the output is (points, 6): the
    features, then the lengthscale, the outputscale, the noise and the mean (the loss builds the batch's kernel); in
    evaluation, (points, 2): the predictive mean and variance given the first 256 training points (the context) as the
    conditioning set. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0, data: Data | None = None) -> None:
        super().__init__()
        self.inp = nn.Linear(DKL_DIM, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, DKL_FEATURES)
        self.raw = nn.Parameter(torch.zeros(3))
        self.mean = nn.Parameter(torch.zeros(()))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        context = data or dkl_points()
        ok = torch.isfinite(context.x).all(1)
        self.register_buffer("ctx_x", context.x[ok][:DKL_CONTEXT])
        self.register_buffer("ctx_y", context.y[ok][:DKL_CONTEXT])

    def features(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.inp(x)))))
        return out

    def forward(self, x: Tensor) -> Tensor:
        hyper = F.softplus(self.raw)
        if self.training:
            return torch.cat([self.features(x), hyper.expand(len(x), 3), self.mean.expand(len(x), 1)], 1)
        f, c = self.features(x), self.features(self.ctx_x)
        k_cc = dkl_kernel(c, c, hyper) + (hyper[2] + DKL_JITTER) * torch.eye(len(c))
        k_xc = dkl_kernel(f, c, hyper)
        chol, info = torch.linalg.cholesky_ex(k_cc)
        if bool(info.any()) or not bool(torch.isfinite(chol).all()):
            return torch.full((len(x), 2), float("nan"))
        alpha = torch.cholesky_solve((self.ctx_y - self.mean)[:, None], chol)
        v = torch.linalg.solve_triangular(chol, k_xc.T, upper=False)
        var = hyper[1] - (v**2).sum(0) + hyper[2]
        return torch.stack([(k_xc @ alpha)[:, 0] + self.mean, var], 1)


def dkl_kernel(a: Tensor, b: Tensor, hyper: Tensor) -> Tensor:
    """The RBF kernel outputscale exp(-|a - b|^2 / (2 lengthscale^2)) of two sets of features."""
    return hyper[1] * torch.exp(-0.5 * torch.cdist(a, b) ** 2 / hyper[0] ** 2)


def dkl_terms(out: Tensor, y: Tensor) -> Tensor:
    """The exact GP's negative marginal log-likelihood of the batch's targets under the deep kernel (the batch's own
    kernel matrix, noise and 1e-4 jitter on its diagonal, by Cholesky): 0.5 r^T K^-1 r + 0.5 log|K| + n/2 log 2 pi for r
    the targets less the mean. NaN where the Cholesky factorisation fails."""
    feats, hyper, mean = out[:, :DKL_FEATURES], out[0, DKL_FEATURES : DKL_FEATURES + 3], out[0, -1]
    k = dkl_kernel(feats, feats, hyper) + (hyper[2] + DKL_JITTER) * torch.eye(len(out))
    chol, info = torch.linalg.cholesky_ex(k)
    r = (y - mean)[:, None]
    alpha = torch.cholesky_solve(r, chol)
    nll = 0.5 * (r * alpha).sum() + torch.log(torch.diagonal(chol)).sum() + 0.5 * len(out) * math.log(2 * math.pi)
    return nll * float("nan") if bool(info.any()) else nll


def dkl_mll(out: Tensor, y: Tensor) -> Tensor:
    """The negative marginal log-likelihood per point of the batch (its GP's, divided by its size)."""
    return dkl_terms(out, y) / len(out)


def dkl_mll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The batch's whole negative marginal log-likelihood, not divided by its size (a sum over the points)."""
    return dkl_terms(out, y)


def dkl_predictive_mse(out: Tensor, y: Tensor) -> Tensor:
    """The held-out loss: the squared error of the GP's predictive mean at new points given the context, mean."""
    return F.mse_loss(out[:, 0], y)


def deepar_at_init() -> float:
    """The held-out Student-t negative log-likelihood of the default DeepAR-like model at init (seed 0)."""
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = DeepARNet()
    with torch.no_grad():
        return float(deepar_nll(model(deepar_series().val_x), deepar_series().val_y))


def dkl_at_init() -> float:
    """The negative marginal log-likelihood per point of the default deep-kernel GP at init (seed 0), over the held-out
    points in batches of 128."""
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = DeepKernelGP()
    data = dkl_points()
    with torch.no_grad():
        parts = [dkl_mll(model(x), y) for x, y in zip(data.val_x.split(128), data.val_y.split(128)) if len(x) == 128]
    return float(torch.stack(parts).mean())
