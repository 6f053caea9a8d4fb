"""The thirteenth fresh half (fresh13, held out from all tuning): its model families' data and models (read as
``fd.<name>`` through ``bench/fixcheck_data.py``).

``ftt`` an FT-Transformer (a token per column: numeric x w + b, categorical embeddings, and a [CLS] token;
2 transformer blocks of width 32 with 4 heads, pre-LN as rtdl's or post-LN; rtdl's head) regressing a
standardised target of 6 numeric and 3 categorical columns, MSE or Huber;
``dkt`` deep knowledge tracing (an embedding per (skill, right/wrong) answer, an LSTM or GRU, a ReLU
layer and a logit per skill, the next question's taken) of simulated students (12 skills with
prerequisites, mastery growing with practice, guesses and slips), BCE over the next answers;
``dncnn`` DnCNN (a conv - ReLU, conv - BatchNorm - ReLU blocks, a last conv) predicting the Gaussian noise
(std 0.1-0.3) of 16x16 grey patches of shading and soft shapes (residual learning), MSE;
``nam`` a neural additive model (a ReLU or ExU MLP per feature, the 8 run side by side, summed into a
logit) of loan defaults whose log-odds are additive in the features, BCE.
"""

from __future__ import annotations

import math
from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, split


NAM_FEATURES = 8
"""The neural additive model reads 8 numeric features of a loan applicant."""


@lru_cache(maxsize=None)
def loan_rows(n: int = 6000, seed: int = 211, *, n_val: int = 1500, batch_size: int = 64, train_rows: int | None = None,
              nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Loan applicants: 8 standardised features (correlated Gaussians, two of them skewed like incomes), the default's
    log-odds a sum of one shape function per feature (a step, a sine, a hinge, a quadratic, a saturating curve, a
    narrow bump, a linear term and one without effect) and a base of -1; the default drawn from it (about a third
    default). x: (rows, 8); y: the default, 0 or 1 (rows,). ``train_rows``: keep only that many training rows;
    ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    mix = torch.randn(NAM_FEATURES, NAM_FEATURES, generator=g) * 0.3 + torch.eye(NAM_FEATURES)
    x = torch.randn(total, NAM_FEATURES, generator=g) @ mix
    x[:, 1] = torch.exp(0.6 * x[:, 1])
    x[:, 6] = torch.exp(0.5 * x[:, 6])
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    logit = (-1.0 + 1.5 * (x[:, 0] > 0.3).float() + torch.sin(2.5 * x[:, 1]) + 1.2 * F.relu(x[:, 2] - 0.5)
             - 0.6 * x[:, 3] ** 2 + 1.5 * torch.tanh(2 * x[:, 4]) + 2.0 * torch.exp(-8 * (x[:, 5] - 0.5) ** 2)
             - 0.8 * x[:, 6])  # fmt: skip
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "binary classification (loan default, additive)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NAM(nn.Module):
    """A neural additive model (Agarwal et al. 2021): one ReLU MLP per feature (1 -> ``hidden`` -> ``hidden`` -> 1,
    the 8 run side by side as batched matrices), their outputs summed with a learned ``bias`` into the default's logit
    (batch,). ``exu``: the first layer an exp-centred unit, exp(w) (x - b) (NAM's ExU, weights from N(3.5, 0.5)),
    clipped ReLU-n (n = 1), as the paper's. ``dead_bias`` < 0 starts the second layer's biases there (its units never
    fire, so nothing behind it learns); ``gain`` scales the last layer of every feature's net at init."""

    def __init__(self, hidden: int = 32, exu: bool = False, dead_bias: float = 0.0, gain: float = 1.0) -> None:
        super().__init__()
        f = NAM_FEATURES
        self.exu = exu
        self.w1 = nn.Parameter(torch.randn(f, hidden) * 0.5 + 3.5 if exu else torch.randn(f, hidden))
        self.b1 = nn.Parameter(torch.randn(f, hidden) * 0.5)
        self.w2 = nn.Parameter(torch.randn(f, hidden, hidden) / math.sqrt(hidden))
        self.b2 = nn.Parameter(torch.full((f, hidden), dead_bias) if dead_bias else torch.zeros(f, hidden))
        self.w3 = nn.Parameter(torch.randn(f, hidden) / math.sqrt(hidden) * gain)
        self.bias = nn.Parameter(torch.zeros(1))

    def shapes(self, x: Tensor) -> Tensor:
        """Each feature's contribution to the logit (batch, 8)."""
        if self.exu:
            h = (torch.exp(self.w1) * (x[..., None] - self.b1)).clamp(0, 1)
        else:
            h = F.relu(x[..., None] * self.w1 + self.b1)
        h = F.relu(torch.einsum("bfh,fhk->bfk", h, self.w2) + self.b2)
        return (h * self.w3).sum(-1)

    def forward(self, x: Tensor) -> Tensor:
        return self.shapes(x).sum(-1) + self.bias


def loan_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the defaults (the mean over the batch)."""
    return F.binary_cross_entropy_with_logits(out, y)


def loan_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def loan_at_rate() -> float:
    """The held-out loss of the training default rate predicted for every applicant."""
    d = loan_rows()
    p = float(d.y.mean())
    return float(F.binary_cross_entropy(torch.full_like(d.val_y, p), d.val_y))


FTT_NUMERIC, FTT_CARDS = 6, (5, 9, 4)
"""The FT-Transformer's table: 6 numeric columns and 3 categorical ones of 5, 9 and 4 values."""


@lru_cache(maxsize=None)
def mixed_table(n: int = 5000, seed: int = 212, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                nan_rows: float = 0.0, raw_scale: float = 0.0) -> Data:  # fmt: skip
    """A regression table: 6 correlated Gaussian numeric columns and 3 categorical ones, the target a sum of a sine of
    one column, a product of two, an absolute value, an effect per category, a category's slope on a column and a
    category x category interaction, plus noise (std 0.3), standardised by the training rows (predicting 0 scores ~1).
    x: (rows, 9): the numeric columns, then the categories' codes as floats. ``train_rows``: keep only that many
    training rows; ``nan_rows``: that share of the training rows has a missing (NaN) numeric value; ``raw_scale``:
    one numeric column of every training row left unstandardised (times that, a raw unit such as dollars)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    mix = torch.randn(FTT_NUMERIC, FTT_NUMERIC, generator=g) * 0.4 + torch.eye(FTT_NUMERIC)
    num = torch.randn(total, FTT_NUMERIC, generator=g) @ mix
    num = (num - num.mean(0)) / num.std(0)
    cats = [torch.randint(0, c, (total,), generator=g) for c in FTT_CARDS]
    eff = [torch.randn(c, generator=g) * 0.6 for c in FTT_CARDS]
    slope = torch.randn(FTT_CARDS[1], generator=g)
    inter = torch.randn(FTT_CARDS[0], FTT_CARDS[2], generator=g) * 0.6
    y = (torch.sin(1.5 * num[:, 0]) + 0.7 * num[:, 1] * num[:, 2] + 0.5 * num[:, 3].abs() - 0.4 * num[:, 4]
         + sum(e[c] for e, c in zip(eff, cats)) + slope[cats[1]] * num[:, 5] * 0.6 + inter[cats[0], cats[2]]
         + 0.3 * torch.randn(total, generator=g))  # fmt: skip
    y = (y - y[:n].mean()) / y[:n].std()
    x = torch.cat([num, torch.stack(cats, 1).float()], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    if raw_scale:
        x[:n, 0] = x[:n, 0] * raw_scale
    data = split(x, y, n, "tabular regression (numeric and categorical columns)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class FTBlock(nn.Module):
    """A transformer block of the FT-Transformer: multi-head self-attention over the column tokens and a GELU
    feed-forward of 2 d, each residual, pre-LN (``first``: no LayerNorm before the attention, as rtdl's first block)
    or post-LN."""

    def __init__(self, d: int, heads: int, pre_ln: bool, first: bool) -> None:
        super().__init__()
        self.pre_ln = pre_ln
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)
        self.norm1 = nn.Identity() if pre_ln and first else nn.LayerNorm(d)
        self.norm2 = nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, x: Tensor) -> Tensor:
        if self.pre_ln:
            h = self.norm1(x)
            x = x + self.attn(h, h, h, need_weights=False)[0]
            out: Tensor = x + self.ff(self.norm2(x))
            return out
        x = self.norm1(x + self.attn(x, x, x, need_weights=False)[0])
        out = self.norm2(x + self.ff(x))
        return out


class FTTransformer(nn.Module):
    """An FT-Transformer (Gorishniy et al. 2021): each numeric column a token x_j w_j + b_j, each categorical column
    its value's embedding, a [CLS] token appended; ``layers`` transformer blocks of width ``d`` with ``heads`` heads
    (pre-LN without the first block's attention LayerNorm, as rtdl's; or post-LN), a GELU feed-forward of 2 d; the
    [CLS] token's output through rtdl's head: LayerNorm, ReLU, a linear ``head`` to the target (batch,).
    ``dead_bias`` < 0 starts the head's LayerNorm bias there (the ReLU never fires, so nothing behind it learns)."""

    def __init__(self, d: int = 32, heads: int = 4, layers: int = 2, pre_ln: bool = True, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.num_w = nn.Parameter(torch.randn(FTT_NUMERIC, d) / math.sqrt(d))
        self.num_b = nn.Parameter(torch.randn(FTT_NUMERIC, d) / math.sqrt(d))
        self.cat = nn.Embedding(sum(FTT_CARDS), d)
        nn.init.uniform_(self.cat.weight, -1 / math.sqrt(d), 1 / math.sqrt(d))
        self.register_buffer("offsets", torch.tensor((0, *FTT_CARDS[:-1])).cumsum(0))
        self.cls = nn.Parameter(torch.randn(d) / math.sqrt(d))
        self.blocks = nn.ModuleList(FTBlock(d, heads, pre_ln, k == 0) for k in range(layers))
        self.head_norm = nn.LayerNorm(d)
        if dead_bias:
            with torch.no_grad():
                self.head_norm.bias.fill_(dead_bias)
        self.head = nn.Linear(d, 1)

    def forward(self, x: Tensor) -> Tensor:
        num, cats = x[:, :FTT_NUMERIC], x[:, FTT_NUMERIC:].long()
        tokens = torch.cat([num[..., None] * self.num_w + self.num_b, self.cat(cats + self.offsets),
                            self.cls.expand(len(x), 1, -1)], 1)  # fmt: skip
        for block in self.blocks:
            tokens = block(tokens)
        out: Tensor = self.head(F.relu(self.head_norm(tokens[:, -1]))).squeeze(-1)
        return out


def table_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def table_huber(out: Tensor, y: Tensor) -> Tensor:
    """Huber loss (delta 1)."""
    return F.huber_loss(out, y)


DKT_SKILLS, DKT_LENGTH = 12, 40
"""Deep knowledge tracing reads 40 answers of a student to questions of 12 skills and predicts each next answer."""


@lru_cache(maxsize=None)
def student_answers(n: int = 3000, seed: int = 213, *, n_val: int = 500, batch_size: int = 32, learn: float = 0.3,
                    train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Students answering 41 questions, each of one of 12 skills (difficulty ~N(0, 1), a chain of prerequisites: a
    skill's mastery lifts the next one's): a student's mastery of each skill starts at their ability (~N(0, 1)) plus
    noise and grows by ``learn`` with each practice of it (a third of that for the skill after it); an answer is right
    with probability 0.1 + 0.8 sigmoid(1.7 (mastery - difficulty)) (guess and slip). The next question repeats the
    skill with probability 0.5, else any skill. x: (students, 40, 3): the skill and the answer (0 or 1) of question t
    and the skill of question t + 1; y: (students, 40) the answer to question t + 1. ``train_rows``: keep only that
    many training students; ``nan_rows``: that share of the training students has an answer missing (NaN: a logging
    gap)."""
    g = torch.Generator().manual_seed(seed)
    total, steps = n + n_val, DKT_LENGTH + 1
    difficulty = torch.randn(DKT_SKILLS, generator=g)
    ability = torch.randn(total, 1, generator=g)
    mastery = ability + 0.5 * torch.randn(total, DKT_SKILLS, generator=g)
    skills = torch.zeros(total, steps, dtype=torch.long)
    answers = torch.zeros(total, steps)
    rows = torch.arange(total)
    skill = torch.randint(0, DKT_SKILLS, (total,), generator=g)
    for t in range(steps):
        if t:
            repeat = torch.rand(total, generator=g) < 0.5
            skill = torch.where(repeat, skill, torch.randint(0, DKT_SKILLS, (total,), generator=g))
        p = 0.1 + 0.8 * torch.sigmoid(1.7 * (mastery[rows, skill] - difficulty[skill]))
        skills[:, t] = skill
        answers[:, t] = (torch.rand(total, generator=g) < p).float()
        mastery[rows, skill] += learn
        after = (skill + 1).clamp(max=DKT_SKILLS - 1)
        mastery[rows, after] += learn / 3 * (skill < DKT_SKILLS - 1).float()
    x = torch.stack([skills[:, :-1].float(), answers[:, :-1], skills[:, 1:].float()], -1)
    y = answers[:, 1:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        y[bad, DKT_LENGTH // 2] = float("nan")
    data = split(x, y, n, "knowledge tracing (next answer right or wrong, binary)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class KnowledgeTracer(nn.Module):
    """Deep knowledge tracing (Piech et al. 2015): each answer embedded by (skill, right or wrong) into ``embed``, an
    LSTM (or GRU) of ``hidden`` units, a ReLU ``fc`` layer of 64 and a linear ``head`` to a logit per skill, the logit
    of the next question's skill taken (batch, 40). ``dead_bias`` < 0 starts fc's biases there (its units never fire,
    so nothing behind it learns)."""

    def __init__(self, kind: str = "lstm", hidden: int = 48, embed: int = 24, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(2 * DKT_SKILLS, embed)
        self.rnn = (nn.LSTM if kind == "lstm" else nn.GRU)(embed, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, DKT_SKILLS)

    def forward(self, x: Tensor) -> Tensor:
        skill, right, nxt = x[..., 0].long(), x[..., 1].long(), x[..., 2].long()
        h, _ = self.rnn(self.embed(2 * skill + right))
        logits = self.head(F.relu(self.fc(h)))
        out: Tensor = logits.gather(-1, nxt[..., None]).squeeze(-1)
        return out


def answers_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the next answers (the mean over students and questions)."""
    return F.binary_cross_entropy_with_logits(out, y)


def answers_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over students and questions (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def answers_bce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The same written by hand, -(y log sigmoid + (1 - y) log(1 - sigmoid)): once a logit passes ~17 the sigmoid is
    exactly 1.0 in float32 and log(1 - p) is -inf (times a wrong answer, 1 - y = 1: the loss inf, its gradient NaN)."""
    p = torch.sigmoid(out)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


@lru_cache(maxsize=None)
def pretrained_tracer_weights() -> dict[str, Tensor]:
    """A KnowledgeTracer trained (unrecorded) for 400 Adam steps on students of another cohort (another seed, faster
    learners): a checkpoint that a fine-tune starts from."""
    from harness import Setup, train

    pretraining = Setup(name="dkt-pretraining", data=student_answers(seed=217, learn=0.5), model=KnowledgeTracer,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=400, seed=5, shuffle_offset=3000, loss_fn=answers_bce)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_tracer() -> KnowledgeTracer:
    """A KnowledgeTracer with the pretrained weights (a fine-tune starts from them)."""
    model = KnowledgeTracer()
    model.load_state_dict(pretrained_tracer_weights())
    return model


def answers_at_rate() -> float:
    """The held-out loss of the training rate of right answers predicted for every question (what a model that ignores
    its input reaches)."""
    d = student_answers()
    p = float(d.y.mean())
    return float(F.binary_cross_entropy(torch.full_like(d.val_y, p), d.val_y))


DN_SIZE = 16
"""DnCNN denoises 16x16 grey patches."""


@lru_cache(maxsize=None)
def noisy_patches(n: int = 3000, seed: int = 214, *, n_val: int = 500, batch_size: int = 32, sigma: tuple[float, float] = (0.1, 0.3),
                  train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """16x16 grey patches of a smooth shading plus 2-4 shapes (soft-edged discs and rectangles of random grey levels),
    in [0, 1], each with Gaussian noise of a std uniform in ``sigma`` (blind denoising). x: the noisy patch (patches, 1,
    16, 16); y: the noise itself (residual learning: the clean patch is x - y). ``train_rows``: keep only that many
    training patches; ``nan_rows``: that share of the training patches has a dead (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    c = torch.arange(DN_SIZE).float()
    py, px = torch.meshgrid(c, c, indexing="ij")

    def rnd(lo: float, hi: float) -> Tensor:
        return lo + (hi - lo) * torch.rand(total, 1, 1, generator=g)

    img = 0.3 + 0.2 * rnd(-1, 1) + rnd(-0.02, 0.02) * (px - 7.5) + rnd(-0.02, 0.02) * (py - 7.5)
    for k in range(4):
        on = (torch.rand(total, 1, 1, generator=g) < (1.0 if k < 2 else 0.5)).float()
        cx, cy, level = rnd(2, 13), rnd(2, 13), rnd(-0.5, 0.5)
        if k % 2 == 0:
            r = rnd(2, 5)
            mask = torch.sigmoid((r - torch.sqrt((px - cx) ** 2 + (py - cy) ** 2)) * 2.5)
        else:
            w, h = rnd(1.5, 5), rnd(1.5, 5)
            mask = torch.sigmoid((w - (px - cx).abs()) * 2.5) * torch.sigmoid((h - (py - cy).abs()) * 2.5)
        img = img + on * level * mask
    clean = img.clamp(0, 1)
    noise = rnd(*sigma) * torch.randn(total, DN_SIZE, DN_SIZE, generator=g)
    x, y = (clean + noise)[:, None], noise[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, :, 8, 8] = float("nan")
    data = split(x, y, n, "image denoising (predict the noise, residual learning)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DnCNN(nn.Module):
    """DnCNN (Zhang et al. 2017): a 3x3 convolution of ``width`` channels and a ReLU, ``depth`` - 2 blocks of 3x3
    convolution (no bias), BatchNorm and ReLU, a last 3x3 convolution (``last``) to one channel: the predicted noise
    (residual learning). ``bn`` False: no BatchNorm (the middle convolutions with biases). ``dead_bias`` < 0 starts the
    first convolution's biases there (its units never fire, so nothing behind it learns); ``gain`` scales the last
    convolution's weights and bias at init."""

    def __init__(self, width: int = 16, depth: int = 5, bn: bool = True, dead_bias: float = 0.0, gain: float = 1.0) -> None:
        super().__init__()
        self.first = nn.Conv2d(1, width, 3, padding=1)
        if dead_bias:
            with torch.no_grad():
                self.first.bias.fill_(dead_bias)
        blocks: list[nn.Module] = []
        for _ in range(depth - 2):
            blocks += [nn.Conv2d(width, width, 3, padding=1, bias=not bn)] + ([nn.BatchNorm2d(width)] if bn else [])
            blocks += [nn.ReLU()]
        self.body = nn.Sequential(*blocks)
        self.last = nn.Conv2d(width, 1, 3, padding=1)
        if gain != 1.0:
            with torch.no_grad():
                self.last.weight.mul_(gain)
                self.last.bias.mul_(gain)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.last(self.body(F.relu(self.first(x))))
        return out


def patch_noise_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error of the predicted noise summed over the pixels and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def noise_l1(out: Tensor, y: Tensor) -> Tensor:
    """The absolute error of the predicted noise (L1)."""
    return F.l1_loss(out, y)


@lru_cache(maxsize=None)
def pretrained_dncnn_weights() -> dict[str, Tensor]:
    """A DnCNN trained (unrecorded) for 400 Adam steps on patches of another seed with weaker noise (std 0.05-0.15): a
    checkpoint that a fine-tune to stronger noise starts from."""
    from harness import Setup, train

    pretraining = Setup(name="dncnn-pretraining", data=noisy_patches(seed=218, sigma=(0.05, 0.15)), model=DnCNN,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=400, seed=5, shuffle_offset=3000, loss_fn=F.mse_loss)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_dncnn() -> DnCNN:
    """A DnCNN with the pretrained weights (a fine-tune starts from them)."""
    model = DnCNN()
    model.load_state_dict(pretrained_dncnn_weights())
    return model


def noise_at_zero() -> float:
    """The held-out MSE of predicting no noise at all (the noise's mean square)."""
    return float((noisy_patches().val_y ** 2).mean())
