"""The twenty-fourth fresh half (fresh24, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``snn`` a spiking network of leaky integrate-and-fire neurons (two spiking layers, a leaky readout, a
fast-sigmoid surrogate gradient for the spike) classifying rate- and latency-coded spike trains of 5
classes over 20 steps, cross-entropy of the mean output potential;
``maml`` MAML of a 1-40-40-1 ReLU MLP on sinusoid regression (an inner SGD step on 10 support points,
second order, a meta-batch of 16 tasks), MSE at the query points after adaptation, held out on new tasks;
``tabnet`` a TabNet-like classifier (sparsemax attentive masks over 3 decision steps, shared and per-step
GLU feature transformers, plain or ghost BatchNorm) of tabular rows whose class follows rules, cross-
entropy;
``ntm`` a Neural Turing Machine (an LSTM controller, a write and a read head with content and location
addressing of a 16 x 8 memory) on the copy task of random 6-bit vectors, BCE per bit.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, flip_labels, split


SNN_IN, SNN_STEPS, SNN_CLASSES = 40, 20, 5
SNN_BETA, SNN_SLOPE = 0.9, 25.0
"""The spiking network reads 40 input channels over 20 time steps and names one of 5 classes; its neurons leak by x0.9
a step and spike at a membrane potential of 1; the surrogate gradient's slope is 25."""


@lru_cache(maxsize=None)
def snn_spikes(n: int = 3000, seed: int = 309, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
               flip: float = 0.0, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Spike patterns of 5 classes, rate- and latency-coded: each channel fires at a base rate (0.05-0.25 a step) that
    a class moves by a deviation of std 0.06, each sample's rates jittered by 30%, and a class's 8 marker channels fire
    a burst (rate 0.6) in a window of 4 steps at a class-specific onset; 0/1 spikes drawn independently per step.
    x: (samples, 20, 40); y: the class. ``train_rows``: keep only that many training samples; ``flip``: that share of
    the training labels replaced by a random class; ``nan_rows``: that share of the training samples has a corrupted
    (NaN) spike."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    base = 0.05 + 0.2 * torch.rand(SNN_IN, generator=g)
    rates = (base + 0.03 * torch.randn(SNN_CLASSES, SNN_IN, generator=g)).clamp(0.01, 0.6)
    y = torch.randint(0, SNN_CLASSES, (total,), generator=g)
    r = (rates[y] * (1 + 0.3 * torch.randn(total, SNN_IN, generator=g))).clamp(0.0, 0.8)
    r = r[:, None, :].expand(total, SNN_STEPS, SNN_IN).clone()
    markers = torch.rand(SNN_CLASSES, SNN_IN, generator=g).argsort(1)[:, :6]
    onsets = torch.randint(0, SNN_STEPS - 4, (SNN_CLASSES,), generator=g)
    for c in range(SNN_CLASSES):
        rows = torch.nonzero(y == c).flatten()
        jitter = torch.randint(-2, 3, (len(rows),), generator=g)
        for k, row in enumerate(rows.tolist()):
            start = int((onsets[c] + jitter[k]).clamp(0, SNN_STEPS - 4))
            r[row, start : start + 4, markers[c]] = 0.35
    x = (torch.rand(total, SNN_STEPS, SNN_IN, generator=g) < r).float()
    if flip:
        y = torch.cat([flip_labels(y[:n], SNN_CLASSES, flip, g), y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5, 13] = float("nan")
    data = split(x, y, n, "classification of spike trains (a spiking neural network)", SNN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SNN_CLASSES, batch_size)
    return data


class SurrogateSpike(torch.autograd.Function):
    """The Heaviside spike of a membrane potential above threshold (u > 0 here, u the potential minus the threshold);
    backward, the fast sigmoid's surrogate derivative 1 / (1 + 25 |u|)^2 (Zenke & Ganguli 2018)."""

    @staticmethod
    def forward(ctx: torch.autograd.function.FunctionCtx, u: Tensor) -> Tensor:
        ctx.save_for_backward(u)
        return (u > 0).to(u.dtype)

    @staticmethod
    def backward(ctx: torch.autograd.function.FunctionCtx, grad: Tensor) -> Tensor:  # type: ignore[override]
        (u,) = ctx.saved_tensors  # type: ignore[attr-defined]
        return grad / (1 + SNN_SLOPE * u.abs()) ** 2


class SpikingNet(nn.Module):
    """A spiking network of leaky integrate-and-fire neurons: ``inp`` (40 -> hidden) drives a LIF layer, its spikes
    drive ``fc`` (hidden -> hidden) and a second LIF layer, whose spikes drive a linear ``head`` (hidden -> 5) into 5
    non-spiking leaky output neurons; each LIF neuron keeps x0.9 of its potential a step, spikes above 1 and is reset by
    subtraction. The output (samples, 5) is the output neurons' potential averaged over the 20 steps (the logits)."""

    def __init__(self, hidden: int = 64) -> None:
        super().__init__()
        self.inp = nn.Linear(SNN_IN, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, SNN_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        drive = self.inp(x)
        v1 = torch.zeros_like(drive[:, 0])
        v2 = torch.zeros(len(x), self.fc.out_features)
        vo = torch.zeros(len(x), SNN_CLASSES)
        total = torch.zeros(len(x), SNN_CLASSES)
        for t in range(x.shape[1]):
            v1 = SNN_BETA * v1 + drive[:, t]
            s1 = SurrogateSpike.apply(v1 - 1.0)
            v1 = v1 - s1
            v2 = SNN_BETA * v2 + self.fc(s1)
            s2 = SurrogateSpike.apply(v2 - 1.0)
            v2 = v2 - s2
            vo = SNN_BETA * vo + self.head(s2)
            total = total + vo
        return total / x.shape[1]


def snn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


MAML_SHOTS, MAML_HIDDEN = 10, 40
"""MAML adapts a 1-40-40-1 MLP to each sinusoid from 10 support points and is scored on 10 query points."""


@lru_cache(maxsize=None)
def maml_tasks(n: int = 2000, seed: int = 310, *, n_val: int = 300, batch_size: int = 16, train_rows: int | None = None,
               amp: tuple[float, float] = (0.5, 3.0), nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Sinusoid regression tasks (Finn et al. 2017): y = A sin(x + phase), A uniform in ``amp``, the phase in [0, pi],
    x uniform in [-5, 5]; 10 support and 10 query points a task. x: (tasks, 20, 2) the points (x, y) with the query's y
    hidden (0); y: (tasks, 10) the query's targets. A sample is a task; held out: new tasks. ``train_rows``: keep only
    that many training tasks; ``nan_rows``: that share of the training tasks has a missing (NaN) support target."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    a = amp[0] + (amp[1] - amp[0]) * torch.rand(total, 1, generator=g)
    phase = math.pi * torch.rand(total, 1, generator=g)
    xs = -5 + 10 * torch.rand(total, 2 * MAML_SHOTS, generator=g)
    ys = a * torch.sin(xs + phase)
    x = torch.stack([xs, ys], -1)
    x[:, MAML_SHOTS:, 1] = 0.0
    y = ys[:, MAML_SHOTS:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, 1] = float("nan")
    data = split(x, y, n, "meta-learning (MAML: sinusoid regression adapted from 10 points a task)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MAMLNet(nn.Module):
    """MAML (Finn et al. 2017) of a 1-40-40-1 ReLU MLP (``inp``, the ReLU layer ``fc``, a linear ``head``): for each task
    of the batch, ``inner_steps`` plain SGD steps at ``inner_lr`` on the MSE of its 10 support points (second order in
    training: create_graph), then the adapted network's predictions at its 10 query points (tasks, 10). The tasks'
    adaptations run at once, as per-task copies of the weights. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, inner_steps: int = 1, inner_lr: float = 0.05, hidden: int = MAML_HIDDEN, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inner_steps, self.inner_lr = inner_steps, inner_lr
        self.inp = nn.Linear(1, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    @staticmethod
    def run(x: Tensor, w: list[Tensor]) -> Tensor:
        h = F.relu(torch.baddbmm(w[1][:, None, :], x, w[0].transpose(1, 2)))
        h = F.relu(torch.baddbmm(w[3][:, None, :], h, w[2].transpose(1, 2)))
        return torch.baddbmm(w[5][:, None, :], h, w[4].transpose(1, 2))[..., 0]

    def forward(self, x: Tensor) -> Tensor:
        tasks = len(x)
        sx, sy, qx = x[:, :MAML_SHOTS, :1], x[:, :MAML_SHOTS, 1], x[:, MAML_SHOTS:, :1]
        with torch.enable_grad():
            w = [p[None].expand(tasks, *p.shape) for layer in (self.inp, self.fc, self.head) for p in (layer.weight, layer.bias)]
            if not self.training:
                w = [p.detach().requires_grad_(True) for p in w]
            for _ in range(self.inner_steps):
                inner = ((self.run(sx, w) - sy) ** 2).mean(1).sum()
                grads = torch.autograd.grad(inner, w, create_graph=self.training)
                w = [p - self.inner_lr * gr for p, gr in zip(w, grads)]
        out = self.run(qx, w)
        return out if self.training else out.detach()


def maml_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The query points' squared error summed over the points and the tasks (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def maml_at_zero() -> float:
    """The held-out MSE of predicting 0 at every query point (the mean square of the sinusoids)."""
    return float((maml_tasks().val_y ** 2).mean())


TAB_FEATURES, TAB_CLASSES = 16, 4
"""The TabNet-like classifier reads 16 numeric features and names one of 4 classes."""


@lru_cache(maxsize=None)
def tabnet_rows(n: int = 4000, seed: int = 311, *, n_val: int = 800, batch_size: int = 128, train_rows: int | None = None,
                flip: float = 0.0, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Tabular rows whose class follows rules on 5 of their 16 features (the other 11 are noise): bit 1 is
    x0 + 0.5 x1 > 0.3, bit 0 is x2 + 0.7 x3 - 0.5 x4 > 0 (of the standardised features); the class is 2 bit1 + bit0,
    5% of the labels random. x: (rows, 16), the features at scales 0.5-3 and offsets -1-1; y: the class.
    ``train_rows``: keep only that many training rows; ``flip``: that share more of the training labels replaced by a
    random class; ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    z = torch.randn(total, TAB_FEATURES, generator=g)
    bit1 = z[:, 0] + 0.5 * z[:, 1] > 0.3
    bit0 = z[:, 2] + 0.7 * z[:, 3] - 0.5 * z[:, 4] > 0
    y = 2 * bit1.long() + bit0.long()
    y = flip_labels(y, TAB_CLASSES, 0.05, g)
    scale = 0.5 + 2.5 * torch.rand(TAB_FEATURES, generator=g)
    offset = -1 + 2 * torch.rand(TAB_FEATURES, generator=g)
    x = z * scale + offset
    if flip:
        y = torch.cat([flip_labels(y[:n], TAB_CLASSES, flip, g), y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9] = float("nan")
    data = split(x, y, n, "tabular classification (a TabNet-like attentive feature selection)", TAB_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, TAB_CLASSES, batch_size)
    return data


def sparsemax(z: Tensor) -> Tensor:
    """Sparsemax over the last dimension (Martins & Astudillo 2016): the Euclidean projection onto the simplex."""
    srt, _ = torch.sort(z, dim=-1, descending=True)
    k = torch.arange(1, z.shape[-1] + 1, dtype=z.dtype)
    cum = srt.cumsum(-1) - 1
    support = (k * srt > cum).sum(-1, keepdim=True).clamp(min=1)
    tau = cum.gather(-1, support - 1) / support.to(z.dtype)
    return F.relu(z - tau)


class GhostNorm(nn.Module):
    """BatchNorm1d over virtual batches of ``virtual`` rows (ghost batch normalisation); 0: plain BatchNorm."""

    def __init__(self, width: int, virtual: int = 0) -> None:
        super().__init__()
        self.bn, self.virtual = nn.BatchNorm1d(width), virtual

    def forward(self, x: Tensor) -> Tensor:
        if not self.training or not self.virtual or len(x) <= self.virtual:
            out: Tensor = self.bn(x)
            return out
        return torch.cat([self.bn(part) for part in x.split(self.virtual)])


class GLUStep(nn.Module):
    """A TabNet feature-transformer layer: a bias-free linear to twice the width, ghost BatchNorm, a GLU."""

    def __init__(self, width_in: int, width: int, virtual: int = 0) -> None:
        super().__init__()
        self.lin = nn.Linear(width_in, 2 * width, bias=False)
        self.norm = GhostNorm(2 * width, virtual)

    def forward(self, x: Tensor) -> Tensor:
        return F.glu(self.norm(self.lin(x)), -1)


class TabNetLite(nn.Module):
    """A small TabNet (Arik & Pfister 2021): BatchNorm of the input; a feature transformer (a GLU layer shared by the
    steps, then a step's own GLU layer, residual at sqrt(0.5)) splitting into a decision part (16) and an attention
    part (16); 3 decision steps, each with an attentive transformer (a linear from the attention part, ghost BatchNorm,
    times the prior, sparsemax) choosing a mask over the 16 features (the prior x (1.3 - mask) after each), the masked
    features through the transformer, ReLU of its decision part summed over the steps; then a ReLU layer ``fc`` (16)
    and a linear ``head`` to the 4 classes' logits. ``virtual``: ghost batches of that many rows (0: plain BatchNorm).
    No sparsity regulariser. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, width: int = 16, steps: int = 3, virtual: int = 0, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.width, self.relax = width, 1.3
        self.norm_in = nn.BatchNorm1d(TAB_FEATURES)
        self.shared = GLUStep(TAB_FEATURES, 2 * width, virtual)
        self.own = nn.ModuleList(GLUStep(2 * width, 2 * width, virtual) for _ in range(steps + 1))
        self.attend = nn.ModuleList(nn.Linear(width, TAB_FEATURES) for _ in range(steps))
        self.attend_norm = nn.ModuleList(GhostNorm(TAB_FEATURES, virtual) for _ in range(steps))
        self.fc = nn.Linear(width, width)
        self.head = nn.Linear(width, TAB_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def transform(self, x: Tensor, step: int) -> Tensor:
        h = self.shared(x)
        return (h + self.own[step](h)) * math.sqrt(0.5)

    def forward(self, x: Tensor) -> Tensor:
        x = self.norm_in(x)
        prior = torch.ones_like(x)
        att = self.transform(x, 0)[:, self.width :]
        total = torch.zeros(len(x), self.width)
        for i, (lin, norm) in enumerate(zip(self.attend, self.attend_norm)):
            mask = sparsemax(norm(lin(att)) * prior)
            prior = prior * (self.relax - mask)
            h = self.transform(mask * x, i + 1)
            total = total + F.relu(h[:, : self.width])
            att = h[:, self.width :]
        out: Tensor = self.head(F.relu(self.fc(total)))
        return out


def tabnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


NTM_BITS, NTM_LEN, NTM_SLOTS, NTM_WIDTH = 6, 5, 16, 8
"""The Neural Turing Machine copies sequences of 5 vectors of 6 bits through a memory of 16 slots of 8 numbers."""


@lru_cache(maxsize=None)
def ntm_copy(n: int = 3000, seed: int = 312, *, n_val: int = 500, batch_size: int = 32, train_rows: int | None = None,
             nan_rows: float = 0.0) -> Data:  # fmt: skip
    """The copy task (Graves et al. 2014): 5 random vectors of 6 bits (each 1 with probability 0.5), then a delimiter
    step (a 7th input channel), then 5 blank steps during which the sequence is to be reproduced. x: (sequences, 11, 7);
    y: (sequences, 5, 6) the bits. ``train_rows``: keep only that many training sequences; ``nan_rows``: that share of the
    training sequences has a missing (NaN) bit."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    bits = (torch.rand(total, NTM_LEN, NTM_BITS, generator=g) < 0.5).float()
    x = torch.zeros(total, 2 * NTM_LEN + 1, NTM_BITS + 1)
    x[:, :NTM_LEN, :NTM_BITS] = bits
    x[:, NTM_LEN, NTM_BITS] = 1.0
    y = bits.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2, 3] = float("nan")
        y[bad, 2, 3] = float("nan")
    data = split(x, y, n, "sequence copying (a Neural Turing Machine)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


def ntm_address(p: Tensor, memory: Tensor, prev: Tensor) -> Tensor:
    """An NTM head's weighting over the memory's slots from its parameters ``p`` (key, beta, gate, 3 shifts, gamma):
    content addressing (softmax of beta x the key's cosine with each slot), interpolation with the previous weighting
    by the gate, a circular shift by -1, 0 or +1 (softmax weights) and sharpening by gamma >= 1."""
    key, beta, gate, shift, gamma = p.split([NTM_WIDTH, 1, 1, 3, 1], -1)
    content = torch.softmax(F.softplus(beta) * F.cosine_similarity(key[:, None, :], memory, dim=-1, eps=1e-6), -1)
    gate = torch.sigmoid(gate)
    w = gate * content + (1 - gate) * prev
    s = torch.softmax(shift, -1)
    w = s[:, :1] * w.roll(-1, 1) + s[:, 1:2] * w + s[:, 2:] * w.roll(1, 1)
    w = w.clamp(min=1e-12) ** (1 + F.softplus(gamma))
    return w / w.sum(-1, keepdim=True)


class NTMCopy(nn.Module):
    """A small Neural Turing Machine: an LSTM controller (``hidden``) reads the input and the last read vector; a linear
    ``address`` gives a write head (its addressing, an erase and an add vector) and a read head (its addressing) on a
    memory of 16 slots of 8 (from a fixed small random start); after the delimiter, a ReLU layer ``fc`` of the
    controller's state and the read vector and a linear ``head`` give the 6 bits' logits of each of the 5 output steps
    (sequences, 5, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.controller = nn.LSTMCell(NTM_BITS + 1 + NTM_WIDTH, hidden)
        self.address = nn.Linear(hidden, 2 * (NTM_WIDTH + 6) + 2 * NTM_WIDTH)
        self.fc = nn.Linear(hidden + NTM_WIDTH, hidden)
        self.head = nn.Linear(hidden, NTM_BITS)
        self.register_buffer("memory0", 0.01 * torch.randn(NTM_SLOTS, NTM_WIDTH, generator=torch.Generator().manual_seed(5)))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, steps = len(x), x.shape[1]
        memory = self.memory0.expand(b, NTM_SLOTS, NTM_WIDTH)
        h = c = torch.zeros(b, self.controller.hidden_size)
        w_read = w_write = F.one_hot(torch.zeros(b, dtype=torch.long), NTM_SLOTS).float()
        read = torch.zeros(b, NTM_WIDTH)
        outs = []
        for t in range(steps):
            h, c = self.controller(torch.cat([x[:, t], read], -1), (h, c))
            pw, pr, erase, add = self.address(h).split([NTM_WIDTH + 6, NTM_WIDTH + 6, NTM_WIDTH, NTM_WIDTH], -1)
            w_write = ntm_address(pw, memory, w_write)
            memory = memory * (1 - w_write[:, :, None] * torch.sigmoid(erase)[:, None, :]) + w_write[:, :, None] * torch.tanh(add)[:, None, :]
            w_read = ntm_address(pr, memory, w_read)
            read = (w_read[:, :, None] * memory).sum(1)
            if t > NTM_LEN:
                outs.append(self.head(F.relu(self.fc(torch.cat([h, read], -1)))))
        return torch.stack(outs, 1)


def ntm_bce(out: Tensor, y: Tensor) -> Tensor:
    """The binary cross-entropy with logits per bit, mean over the bits, steps and sequences (ln 2 at logits of 0)."""
    return F.binary_cross_entropy_with_logits(out, y)


def ntm_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the bits, steps and sequences (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")
