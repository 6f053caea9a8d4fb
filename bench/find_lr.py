"""Does ``find_lr`` suggest a good learning rate? Compare it with the best lr of a grid over 4 decades.

    python bench/find_lr.py [--steps 400] [--seeds 3] [--jobs 2] [--only NAME]

On 11 small real problems made in code (MLP classification with Adam, SGD and RMSprop, logistic
regression, a small CNN with SGD and with Adam, a BatchNorm CNN with SGD + weight decay, MLP
regression, an autoencoder, a character-level GRU and a tiny transformer language model), train
with a constant lr for a fixed number of steps and score the held-out loss at the end. For each
problem: run the range test on a fresh model, train with its suggestion, train with each lr of a
half-decade grid over 4 decades, and print the suggested lr, the held-out loss with it, the best
grid lr and its loss, and two margins:

- ratio = loss with the suggestion / loss with the best grid lr (1.0 = as good; below 1 = better).
  It exaggerates when the best loss is near zero (0.2 vs 0.1 is "2x").
- gap = (loss with the suggestion - best loss) / (loss of the untrained model - best loss): the share
  of the improvement the best grid lr achieves that the suggestion gives up (0 = none).

Classification problems also show the held-out accuracy with the suggestion and with the best lr.
The other reading (steepest descent) is scored too, and how many range tests flagged themselves
unreliable. CPU only, several minutes per job.
"""

from __future__ import annotations

import argparse
import math
import string
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

from lrdoctor.guards import find_lr

Batch = tuple[torch.Tensor, torch.Tensor]


@dataclass
class Problem:
    """A dataset split, a model builder, an optimizer builder and a grid of 9 lrs over 4 decades."""

    name: str
    train: Batch
    test: Batch
    make_model: Callable[[], nn.Module]
    make_optimizer: Callable[[nn.Module, float], torch.optim.Optimizer]
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
    grid_low: float
    batch_size: int = 32

    @property
    def grid(self) -> list[float]:
        return [self.grid_low * 10 ** (k / 2) for k in range(9)]


def adam(model: nn.Module, lr: float) -> torch.optim.Optimizer:
    return torch.optim.Adam(model.parameters(), lr=lr)


def sgd(model: nn.Module, lr: float) -> torch.optim.Optimizer:
    return torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)


def adamw(model: nn.Module, lr: float) -> torch.optim.Optimizer:
    return torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)


def rmsprop(model: nn.Module, lr: float) -> torch.optim.Optimizer:
    return torch.optim.RMSprop(model.parameters(), lr=lr)


def plain_sgd(model: nn.Module, lr: float) -> torch.optim.Optimizer:
    return torch.optim.SGD(model.parameters(), lr=lr)


def sgd_wd(model: nn.Module, lr: float) -> torch.optim.Optimizer:
    return torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=5e-4, nesterov=True)


def split(x: torch.Tensor, y: torch.Tensor, n_test: int) -> tuple[Batch, Batch]:
    return (x[n_test:], y[n_test:]), (x[:n_test], y[:n_test])


def teacher_classification(g: torch.Generator) -> tuple[Batch, Batch]:
    """10 classes from a random 2-layer teacher network on 20-d Gaussian inputs, 10% label noise."""
    x = torch.randn(3000, 20, generator=g)
    hidden = torch.tanh(x @ torch.randn(20, 32, generator=g))
    y = (hidden @ torch.randn(32, 10, generator=g)).argmax(1)
    noisy = torch.rand(3000, generator=g) < 0.1
    y[noisy] = torch.randint(0, 10, (int(noisy.sum()),), generator=g)
    return split(x, y, 1000)


def shapes_images(g: torch.Generator) -> tuple[Batch, Batch]:
    """12x12 noisy images of 4 shapes (horizontal bar, vertical bar, diagonal, square) at random places."""
    n = 2400
    images = 0.5 * torch.randn(n, 1, 12, 12, generator=g)
    labels = torch.randint(0, 4, (n,), generator=g)
    rows = torch.randint(0, 8, (n,), generator=g)
    cols = torch.randint(0, 8, (n,), generator=g)
    for i in range(n):
        r, c, k = int(rows[i]), int(cols[i]), int(labels[i])
        if k == 0:
            images[i, 0, r + 2, c:c + 5] += 1.5
        elif k == 1:
            images[i, 0, r:r + 5, c + 2] += 1.5
        elif k == 2:
            for d in range(5):
                images[i, 0, r + d, c + d] += 1.5
        else:
            images[i, 0, r:r + 4, c:c + 4] += 0.8
    return split(images, labels, 800)


def teacher_regression(g: torch.Generator) -> tuple[Batch, Batch]:
    """A smooth nonlinear function of 8 inputs plus noise."""
    x = torch.randn(3000, 8, generator=g)
    a, b = torch.randn(8, 1, generator=g), torch.randn(8, 1, generator=g) / 3
    y = torch.sin(x @ a) + (x @ b) ** 2 + 0.1 * torch.randn(3000, 1, generator=g)
    return split(x, y, 1000)


def gaussian_mixture(g: torch.Generator) -> tuple[Batch, Batch]:
    """5 overlapping Gaussian classes in 50 dimensions (a linear model is the right model)."""
    centres = 0.4 * torch.randn(5, 50, generator=g)
    y = torch.randint(0, 5, (3000,), generator=g)
    x = centres[y] + torch.randn(3000, 50, generator=g)
    return split(x, y, 1000)


def low_rank_data(g: torch.Generator) -> tuple[Batch, Batch]:
    """32-d points near a curved 4-d manifold, to be reconstructed (inputs = targets)."""
    z = torch.randn(3000, 4, generator=g)
    x = torch.tanh(z @ torch.randn(4, 32, generator=g)) + 0.05 * torch.randn(3000, 32, generator=g)
    return split(x, x.clone(), 1000)


def grammar_text(g: torch.Generator, n_sentences: int = 1500) -> str:
    """Sentences from a small grammar: subject verb object, with adjectives and punctuation."""
    subjects = ["the cat", "a dog", "my friend", "the old man", "she", "he", "the bird", "our teacher"]
    verbs = ["sees", "likes", "finds", "wants", "eats", "reads", "builds", "follows"]
    adjectives = ["red", "small", "quiet", "heavy", "bright", "strange", ""]
    objects = ["a book", "the ball", "some bread", "a house", "the river", "a letter", "the garden"]

    def choose(options: list[str]) -> str:
        return options[int(torch.randint(0, len(options), (1,), generator=g))]

    sentences = []
    for _ in range(n_sentences):
        article, noun = choose(objects).split(" ", 1)
        adjective = choose(adjectives)
        obj = f"{article} {adjective} {noun}" if adjective else f"{article} {noun}"
        sentences.append(f"{choose(subjects)} {choose(verbs)} {obj}{choose(['.', '.', '!', '?'])}")
    return " ".join(sentences)


def char_sequences(g: torch.Generator, length: int = 32) -> tuple[Batch, Batch]:
    """Next-character prediction windows over grammar text: inputs and targets (N, length) token ids."""
    alphabet = string.ascii_lowercase + " .!?"
    ids = torch.tensor([alphabet.index(c) for c in grammar_text(g)])
    starts = torch.arange(0, len(ids) - length - 1, length // 2)
    x = torch.stack([ids[s:s + length] for s in starts])
    y = torch.stack([ids[s + 1:s + length + 1] for s in starts])
    order = torch.randperm(len(x), generator=g)
    return split(x[order], y[order], len(x) // 4)


class CharLM(nn.Module):
    """Embedding -> GRU -> logits over the alphabet."""

    def __init__(self, vocab: int = 30, width: int = 64) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, width)
        self.rnn = nn.GRU(width, width, batch_first=True)
        self.head = nn.Linear(width, vocab)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.head(self.rnn(self.embed(tokens))[0])


class TinyTransformerLM(nn.Module):
    """Token + position embeddings -> 2 causal pre-norm transformer layers -> logits."""

    mask: torch.Tensor

    def __init__(self, vocab: int = 30, width: int = 64, length: int = 32) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, width)
        self.position = nn.Parameter(0.02 * torch.randn(length, width))
        layer = nn.TransformerEncoderLayer(width, 4, 4 * width, dropout=0.0, batch_first=True, norm_first=True)
        self.body = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(width, vocab)
        self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(length), persistent=False)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        n = tokens.shape[1]
        return self.head(self.body(self.embed(tokens) + self.position[:n], mask=self.mask[:n, :n], is_causal=True))


def lm_loss(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    return F.cross_entropy(logits.flatten(0, 1), targets.flatten())


def problems(seed: int) -> list[Problem]:
    """The benchmark problems; data fixed by ``seed``."""
    g = torch.Generator().manual_seed(seed)
    cls_train, cls_test = teacher_classification(g)
    img_train, img_test = shapes_images(g)
    reg_train, reg_test = teacher_regression(g)
    mix_train, mix_test = gaussian_mixture(g)
    ae_train, ae_test = low_rank_data(g)
    lm_train, lm_test = char_sequences(g)

    def mlp(d_in: int, d_out: int, act: type[nn.Module] = nn.ReLU) -> Callable[[], nn.Module]:
        return lambda: nn.Sequential(nn.Linear(d_in, 64), act(), nn.Linear(64, 64), act(), nn.Linear(64, d_out))

    def bn_cnn() -> nn.Module:
        return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(16, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
                             nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 4))

    def autoencoder() -> nn.Module:
        return nn.Sequential(nn.Linear(32, 64), nn.GELU(), nn.Linear(64, 4), nn.Linear(4, 64), nn.GELU(), nn.Linear(64, 32))

    def cnn() -> nn.Module:
        return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                             nn.Flatten(), nn.Linear(32, 4))

    return [
        Problem("mlp-classify-adam", cls_train, cls_test, mlp(20, 10), adam, nn.CrossEntropyLoss(), 1e-5),
        Problem("mlp-classify-sgd", cls_train, cls_test, mlp(20, 10), sgd, nn.CrossEntropyLoss(), 1e-4),
        Problem("cnn-shapes-sgd", img_train, img_test, cnn, sgd, nn.CrossEntropyLoss(), 1e-4),
        Problem("cnn-shapes-adam", img_train, img_test, cnn, adam, nn.CrossEntropyLoss(), 1e-5),
        Problem("mlp-regress-adam", reg_train, reg_test, mlp(8, 1, nn.Tanh), adam, nn.MSELoss(), 1e-5),
        Problem("char-lm-adam", lm_train, lm_test, CharLM, adam, lm_loss, 1e-5),
        Problem("logreg-sgd", mix_train, mix_test, lambda: nn.Linear(50, 5), plain_sgd, nn.CrossEntropyLoss(), 1e-3),
        Problem("bn-cnn-sgd-wd", img_train, img_test, bn_cnn, sgd_wd, nn.CrossEntropyLoss(), 1e-4),
        Problem("transformer-lm-adamw", lm_train, lm_test, TinyTransformerLM, adamw, lm_loss, 1e-5),
        Problem("autoencoder-adam", ae_train, ae_test, autoencoder, adam, nn.MSELoss(), 1e-5),
        Problem("mlp-classify-rmsprop-b128", cls_train, cls_test, mlp(20, 10), rmsprop, nn.CrossEntropyLoss(), 1e-5, 128),
    ]


def batches(data: Batch, batch_size: int, seed: int) -> Iterator[Batch]:
    """Endless shuffled mini-batches, the same sequence for the same seed."""
    g = torch.Generator().manual_seed(seed)
    x, y = data
    while True:
        for idx in torch.randperm(len(x), generator=g).split(batch_size):
            if len(idx) == batch_size:
                yield x[idx], y[idx]


def train(problem: Problem, lr: float, steps: int, seed: int) -> tuple[float, float]:
    """Held-out loss and accuracy (NaN for regression) after ``steps`` steps at a constant ``lr``;
    the loss is inf and the accuracy 0 when training diverged."""
    torch.manual_seed(seed)
    model = problem.make_model()
    optimizer = problem.make_optimizer(model, lr)
    for _, (x, y) in zip(range(steps), batches(problem.train, problem.batch_size, seed)):
        optimizer.zero_grad()
        loss = problem.loss_fn(model(x), y)
        if not torch.isfinite(loss):
            return math.inf, 0.0
        loss.backward()
        optimizer.step()
    model.eval()
    inputs, targets = problem.test
    with torch.no_grad():
        outputs = model(inputs)
        final = float(problem.loss_fn(outputs, targets))
    accuracy = float((outputs.argmax(-1) == targets).float().mean()) if not targets.is_floating_point() else math.nan
    return (final, accuracy) if math.isfinite(final) else (math.inf, 0.0)


def readings(problem: Problem, seed: int) -> dict[str, float]:
    """The range test's lrs on a fresh model: the suggestion, the steepest point and minimum/10."""
    torch.manual_seed(seed)
    model = problem.make_model()
    optimizer = problem.make_optimizer(model, 1e-3)
    result = find_lr(model, optimizer, batches(problem.train, problem.batch_size, seed + 1000),
                     problem.loss_fn, progress=False)
    s = result.suggestion
    return {"suggested": s.suggested_lr, "steepest": s.steepest_lr, "reliable": float(s.reliable)}


def geometric_mean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


@dataclass
class Row:
    """One problem's line of the table: lrs, held-out losses (mean over seeds), margins, accuracies."""

    name: str
    suggested: float
    loss: float
    best_lr: float
    best_loss: float
    untrained: float
    steepest: float
    steepest_loss: float
    accuracy: float
    best_accuracy: float
    unreliable: int
    seeds: int

    def gap(self, loss: float) -> float:
        return (loss - self.best_loss) / (self.untrained - self.best_loss)

    def line(self) -> str:
        acc = f"{self.accuracy:6.1%} {self.best_accuracy:6.1%}" if math.isfinite(self.accuracy) else f"{'-':>6} {'-':>6}"
        return (f"{self.name:<26} {self.suggested:>9.2g} {self.loss:>8.4f} {self.best_lr:>9.2g} {self.best_loss:>8.4f} "
                f"{self.loss / self.best_loss:>6.2f} {self.gap(self.loss):>6.1%}  {acc}  {self.steepest:>9.2g} "
                f"{self.steepest_loss / self.best_loss:>6.2f} {self.gap(self.steepest_loss):>6.1%}  {self.unreliable}/{self.seeds}")


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def run_problem(name: str, steps: int, seeds: list[int]) -> Row:
    """The range tests, the grid and the readings of one problem (a worker process runs this)."""
    torch.set_num_threads(1)
    problem = next(p for p in problems(seed=0) if p.name == name)
    per_seed = [readings(problem, seed) for seed in seeds]
    grid = {lr: [train(problem, lr, steps, seed) for seed in seeds] for lr in problem.grid}
    best = min(grid, key=lambda lr: mean([loss for loss, _ in grid[lr]]))
    picked = {key: [train(problem, r[key], steps, seed) for r, seed in zip(per_seed, seeds)] for key in ("suggested", "steepest")}
    untrained = mean([train(problem, 1.0, 0, seed)[0] for seed in seeds])
    return Row(
        name=name,
        suggested=geometric_mean([r["suggested"] for r in per_seed]),
        loss=mean([loss for loss, _ in picked["suggested"]]),
        best_lr=best,
        best_loss=mean([loss for loss, _ in grid[best]]),
        untrained=untrained,
        steepest=geometric_mean([r["steepest"] for r in per_seed]),
        steepest_loss=mean([loss for loss, _ in picked["steepest"]]),
        accuracy=mean([acc for _, acc in picked["suggested"]]),
        best_accuracy=mean([acc for _, acc in grid[best]]),
        unreliable=sum(r["reliable"] == 0 for r in per_seed),
        seeds=len(seeds),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=400, help="training steps per run")
    parser.add_argument("--seeds", type=int, default=3, help="seeds per problem (each reads its own range test)")
    parser.add_argument("--jobs", type=int, default=1, help="problems run in parallel processes")
    parser.add_argument("--only", help="run only the problems whose name contains this")
    args = parser.parse_args()
    started = time.monotonic()
    seeds = list(range(args.seeds))
    names = [p.name for p in problems(seed=0) if not args.only or args.only in p.name]
    header = (f"{'problem':<26} {'suggested':>9} {'loss':>8} {'best grid':>9} {'loss':>8} {'ratio':>6} {'gap':>6}  "
              f"{'acc':>6} {'best':>6}  {'steepest':>9} {'ratio':>6} {'gap':>6}  unreliable")
    print(header)
    print("-" * len(header), flush=True)
    rows = []
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for row in pool.map(run_problem, names, [args.steps] * len(names), [seeds] * len(names)):
            rows.append(row)
            print(row.line(), flush=True)
    ratios = [r.loss / r.best_loss for r in rows]
    gaps = [r.gap(r.loss) for r in rows]
    print(f"\n{args.steps} steps at a constant lr, mean of {len(seeds)} seeds (each seed trains with its own range "
          f"test's suggestion; lrs shown are geometric means over seeds). ratio = held-out loss with the suggestion / "
          f"with the best of 9 grid lrs over 4 decades; gap = share of the best lr's improvement over the untrained "
          f"model that the suggestion gives up.\nworst ratio {max(ratios):.2f}, geometric mean {geometric_mean(ratios):.2f}; "
          f"worst gap {max(gaps):.1%}, median {sorted(gaps)[len(gaps) // 2]:.1%}; {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
