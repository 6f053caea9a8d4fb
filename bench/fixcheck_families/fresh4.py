"""The fourth fresh half (fresh4, held out from all tuning): its model families' data and models (read as ``fd.<name>``
through ``bench/fixcheck_data.py``).

``vae`` an MLP variational autoencoder of 12x12 images of blobs and bars (Bernoulli reconstruction
summed over the pixels plus the KL to the prior, per image: the negative ELBO; the held-out loss is
the validation ELBO with z at the posterior mean);
``mlm`` a tiny BERT-style masked LM (bidirectional post-LN or pre-LN transformer encoder) of token
sequences whose second half mirrors the first through a fixed pairing, 15% of the positions masked
(80% [MASK], 10% random, 10% kept), cross-entropy on the masked positions only;
``detect`` a small CNN "detecting" the one object of a 16x16 image: class cross-entropy over three
shapes plus smooth-L1 regression of its box (a multi-task loss);
``sgns`` skip-gram word embeddings with negative sampling (BCE with logits on a positive context
and 5 sampled negatives per centre word) on a corpus of topical documents.
"""

from __future__ import annotations

from functools import lru_cache

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from harness import Data, TinyBlock, mlp, split


VAE_SIZE, VAE_LATENT = 12, 8


@lru_cache(maxsize=None)
def blob_images(n: int = 4000, seed: int = 121, *, size: int = VAE_SIZE, n_val: int = 600, batch_size: int = 32,
                train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Images for a VAE: ``size`` x ``size`` grey images (flattened) of a Gaussian blob at a random place and
    width plus, in half of them, a horizontal or vertical bar; values in [0, 1] (Bernoulli means). The target is
    the image itself. ``train_rows``: keep only that many training images; ``nan_rows``: that share of the
    training images has one pixel NaN (a corrupted file)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    c = torch.arange(size, dtype=torch.float32)
    yy, xx = torch.meshgrid(c, c, indexing="ij")
    cx = 2 + (size - 5) * torch.rand(total, 1, 1, generator=g)
    cy = 2 + (size - 5) * torch.rand(total, 1, 1, generator=g)
    w = 1.0 + 1.5 * torch.rand(total, 1, 1, generator=g)
    img = torch.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * w**2))
    bar = torch.rand(total, generator=g) < 0.5
    vertical = torch.rand(total, generator=g) < 0.5
    at = torch.randint(1, size - 1, (total, 1, 1), generator=g).float()
    line = torch.where(vertical[:, None, None], (xx - at).abs() < 0.6, (yy - at).abs() < 0.6) & bar[:, None, None]
    img = torch.clamp(torch.where(line, torch.full_like(img, 0.9), img), 0, 1).reshape(total, size * size)
    x = img.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5 * size + 7] = float("nan")
    data = split(x, img, n, "vae", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MLPVAE(nn.Module):
    """An MLP VAE: encoder ``pixels`` -> ``hidden`` (ReLU, ``depth`` layers) -> mean and log-variance of a
    ``latent``-dim Gaussian; z = mean + sigma * noise in training (the mean in eval mode); decoder latent ->
    hidden (ReLU, ``depth`` layers) -> the pixels' Bernoulli logits. The output row is the logits, the mean and the
    log-variance concatenated. ``dead_bias`` < 0 starts the encoder's and decoder's last hidden biases there
    (their units never fire)."""

    def __init__(self, hidden: int = 128, latent: int = VAE_LATENT, pixels: int = VAE_SIZE**2, depth: int = 1,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.latent = latent
        self.enc = mlp([pixels] + [hidden] * depth)
        self.mid = nn.Linear(hidden, 2 * latent)
        self.dec = mlp([latent] + [hidden] * depth)
        self.head = nn.Linear(hidden, pixels)
        if dead_bias:
            with torch.no_grad():
                self.enc[-1].bias.fill_(dead_bias)
                self.dec[-1].bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        stats = self.mid(F.relu(self.enc(x)))
        mu, logvar = stats[:, : self.latent], stats[:, self.latent :]
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu) if self.training else mu
        return torch.cat([self.head(F.relu(self.dec(z))), stats], 1)


def elbo_terms(out: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    """The VAE's two loss terms per image (batch means): Bernoulli reconstruction (BCE with logits summed over the
    pixels) and KL(q(z|x) || N(0, I)) summed over the latent dimensions."""
    pixels = y.shape[1]
    logits, stats = out[:, :pixels], out[:, pixels:]
    latent = stats.shape[1] // 2
    mu, logvar = stats[:, :latent], stats[:, latent:]
    rec = F.binary_cross_entropy_with_logits(logits, y, reduction="sum") / len(y)
    kl = -0.5 * (1 + logvar - mu**2 - logvar.exp()).sum() / len(y)
    return rec, kl


def neg_elbo(out: Tensor, y: Tensor) -> Tensor:
    """The VAE's loss per image: the negative ELBO, reconstruction plus KL."""
    rec, kl = elbo_terms(out, y)
    return rec + kl


def kl_annealed(steps: int) -> type:
    """A loss whose KL term's weight ramps linearly from 0 to 1 over ``steps`` calls (KL annealing, "beta warmup");
    the held-out loss stays the full negative ELBO."""

    class Annealed:
        def __init__(self) -> None:
            self.calls = 0

        def __call__(self, out: Tensor, y: Tensor) -> Tensor:
            self.calls += 1
            rec, kl = elbo_terms(out, y)
            return rec + min(1.0, self.calls / steps) * kl

    return Annealed


def mean_image_loss() -> float:
    """The VAE loss of a model that ignores its input: the pixels' Bernoulli loss of the training mean image (KL 0),
    the level a collapsed VAE sits at."""
    y = blob_images().y
    p = y.mean(0, keepdim=True).clamp(1e-4, 1 - 1e-4).expand_as(y)
    return float(F.binary_cross_entropy(p, y, reduction="sum") / len(y))


MLM_VOCAB, MLM_LEN = 24, 16
MASK = MLM_VOCAB


@lru_cache(maxsize=None)
def mirrored_tokens(n: int = 8000, seed: int = 122, *, vocab: int = MLM_VOCAB, length: int = MLM_LEN, topics: int = 4,
                    n_val: int = 800, batch_size: int = 32, rate: float = 0.15) -> Data:  # fmt: skip
    """A masked-LM task: sequences of ``length`` tokens of ``vocab`` whose first half is drawn from one of
    ``topics`` peaked laws over the vocabulary, the second half the first reversed and mapped through a fixed
    pairing of the tokens (each position kept at 85%, else a fresh topic draw). Each position is masked at
    ``rate`` (at least one per sequence), BERT style: 80% replaced by [MASK] (token ``vocab``), 10% by a random
    token, 10% kept. The target is the original token at the masked positions, -100 (ignored) elsewhere (so the
    accuracy columns the harness logs count the unmasked positions as misses: 15% of a perfect model's)."""
    g = torch.Generator().manual_seed(seed)
    total, half = n + n_val, length // 2
    laws = torch.softmax(2.0 * torch.randn(topics, vocab, generator=g), 1)
    topic = torch.randint(topics, (total,), generator=g)
    first = torch.multinomial(laws[topic], half, replacement=True, generator=g)
    pairing = torch.randperm(vocab, generator=g)
    mirror = pairing[first.flip(1)]
    keep = torch.rand(total, half, generator=g) < 0.85
    second = torch.where(keep, mirror, torch.multinomial(laws[topic], half, replacement=True, generator=g))
    tokens = torch.cat([first, second], 1)
    masked = torch.rand(total, length, generator=g) < rate
    masked[torch.arange(total), torch.randint(length, (total,), generator=g)] = True
    how = torch.rand(total, length, generator=g)
    x = torch.where(masked & (how < 0.8), torch.full_like(tokens, MASK), tokens)
    x = torch.where(masked & (how >= 0.8) & (how < 0.9), torch.randint(vocab, tokens.shape, generator=g), x)
    y = torch.where(masked, tokens, torch.full_like(tokens, -100))
    return split(x, y, n, "masked_language_model", vocab, batch_size)


class MaskedLM(nn.Module):
    """A BERT-style encoder: token ([MASK] included) and learned position embeddings, ``layers`` bidirectional
    TinyBlocks (post-LN by default, as BERT; pre-LN with a final LayerNorm), a linear head over the vocabulary at
    every position."""

    def __init__(self, pre_ln: bool = False, d: int = 32, layers: int = 2, vocab: int = MLM_VOCAB,
                 length: int = MLM_LEN) -> None:  # fmt: skip
        super().__init__()
        self.embed = nn.Embedding(vocab + 1, d)
        self.pos = nn.Parameter(torch.randn(length, d) * 0.02)
        self.blocks = nn.Sequential(*(TinyBlock(d, pre_ln=pre_ln, causal=False) for _ in range(layers)))
        self.norm: nn.Module = nn.LayerNorm(d) if pre_ln else nn.Identity()
        self.head = nn.Linear(d, vocab)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.norm(self.blocks(self.embed(x) + self.pos[: x.shape[1]])))


DET_CLASSES, DET_SIZE = 3, 16


@lru_cache(maxsize=None)
def object_boxes(n: int = 4000, seed: int = 123, *, size: int = DET_SIZE, noise: float = 0.3, n_val: int = 600,
                 batch_size: int = 32, train_rows: int | None = None, nan_boxes: int = 0) -> Data:  # fmt: skip
    """Single-object detection: a ``size`` x ``size`` image holding one filled square, disc or plus (three
    classes) at a random place and size, random brightness, plus noise. The target row is the class (as a float)
    then the box: centre x, centre y, width, height, in units of 4 pixels. ``train_rows``: keep only that many
    training images; ``nan_boxes``: that many training rows have a NaN box (an annotation missing, exported as
    NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    c = torch.arange(size, dtype=torch.float32)
    yy, xx = torch.meshgrid(c, c, indexing="ij")
    cls = torch.randint(DET_CLASSES, (total,), generator=g)
    r = 1.5 + 2.5 * torch.rand(total, generator=g)
    cx = r + 0.5 + (size - 2 * r - 1) * torch.rand(total, generator=g)
    cy = r + 0.5 + (size - 2 * r - 1) * torch.rand(total, generator=g)
    dx, dy = (xx - cx[:, None, None]).abs(), (yy - cy[:, None, None]).abs()
    rr = r[:, None, None]
    square = (dx <= rr) & (dy <= rr)
    disc = dx**2 + dy**2 <= rr**2
    plus = ((dx <= rr) & (dy <= rr * 0.35)) | ((dy <= rr) & (dx <= rr * 0.35))
    shape = torch.stack([square, disc, plus], 1)[torch.arange(total), cls]
    bright = 0.7 + 0.6 * torch.rand(total, 1, 1, generator=g)
    img = torch.where(shape, bright.expand(total, size, size), torch.zeros(total, size, size))
    img = img + noise * torch.randn(total, size, size, generator=g)
    x = img[:, None]
    y = torch.stack([cls.float(), cx / 4, cy / 4, 2 * r / 4, 2 * r / 4], 1)
    if nan_boxes:
        y[torch.randperm(n, generator=g)[:nan_boxes], 1:] = float("nan")
    data = split(x, y, n, "detection", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BoxNet(nn.Module):
    """A small detection CNN: two 3x3 conv blocks (ReLU, max pooling), a ReLU hidden layer and a linear head of 3
    class logits and 4 box values. ``dead_bias`` < 0 starts the hidden layer's biases there (its units never fire,
    so no gradient reaches a weight)."""

    def __init__(self, width: int = 16, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(width, 2 * width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        )  # fmt: skip
        self.fc = nn.Linear(2 * width * (DET_SIZE // 4) ** 2, hidden)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, DET_CLASSES + 4)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(F.relu(self.fc(self.features(x))))


def box_loss(out: Tensor, y: Tensor) -> Tensor:
    """The detection loss (batch mean): cross-entropy of the class plus smooth-L1 of the 4 box values."""
    return F.cross_entropy(out[:, :DET_CLASSES], y[:, 0].long()) + F.smooth_l1_loss(out[:, DET_CLASSES:], y[:, 1:])


def box_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The detection loss summed over the batch (reduction='sum' in both terms)."""
    return (F.cross_entropy(out[:, :DET_CLASSES], y[:, 0].long(), reduction="sum")
            + F.smooth_l1_loss(out[:, DET_CLASSES:], y[:, 1:], reduction="sum") / 4)  # fmt: skip


def prior_box_loss() -> float:
    """The detection loss of a model that ignores the image: the class prior and the mean box of the training set."""
    y = object_boxes().y
    prior = torch.bincount(y[:, 0].long(), minlength=DET_CLASSES).float() / len(y)
    out = torch.cat([prior.log().expand(len(y), DET_CLASSES), y[:, 1:].mean(0).expand(len(y), 4)], 1)
    return float(box_loss(out, y))


SG_VOCAB, SG_NEG = 200, 5


@lru_cache(maxsize=None)
def skipgram_pairs(n: int = 40000, seed: int = 124, *, vocab: int = SG_VOCAB, topics: int = 10, doc_len: int = 20,
                   window: int = 2, negatives: int = SG_NEG, n_val: int = 5000, batch_size: int = 128) -> Data:  # fmt: skip
    """Skip-gram with negative sampling: documents of ``doc_len`` words, each word from the document's topic (a
    peaked law over ``vocab`` words) or, at 30%, from the background unigram law (Zipf); pairs of a centre word and
    a context word within ``window`` of it, each with ``negatives`` words drawn from the unigram law to the 3/4
    (fixed once). The input row is (centre, context, negatives ...), the target row (1, 0, ...)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    docs = total // (2 * window * (doc_len - 2 * window)) + 1
    zipf = 1.0 / torch.arange(1, vocab + 1, dtype=torch.float32)
    zipf = zipf / zipf.sum()
    laws = torch.softmax(3.0 * torch.randn(topics, vocab, generator=g), 1)
    topic = torch.randint(topics, (docs,), generator=g)
    topical = torch.multinomial(laws[topic], doc_len, replacement=True, generator=g)
    background = torch.multinomial(zipf, docs * doc_len, replacement=True, generator=g).view(docs, doc_len)
    words = torch.where(torch.rand(docs, doc_len, generator=g) < 0.7, topical, background)
    centres, contexts = [], []
    for off in [o for o in range(-window, window + 1) if o]:
        centres.append(words[:, window : doc_len - window].reshape(-1))
        contexts.append(words[:, window + off : doc_len - window + off].reshape(-1))
    c, ctx = torch.cat(centres), torch.cat(contexts)
    order = torch.randperm(len(c), generator=g)[:total]
    c, ctx = c[order], ctx[order]
    unigram = torch.bincount(words.reshape(-1), minlength=vocab).float() ** 0.75
    neg = torch.multinomial(unigram / unigram.sum(), total * negatives, replacement=True, generator=g).view(total, negatives)
    x = torch.cat([c[:, None], ctx[:, None], neg], 1)
    y = torch.zeros(total, 1 + negatives)
    y[:, 0] = 1.0
    return split(x, y, n, "embedding", None, batch_size)


class SkipGram(nn.Module):
    """Word2vec's skip-gram: an input and an output embedding table of ``dim``; the logits of a row are the dot
    products of the centre word's input vector with the output vectors of its context and negatives. The input
    vectors start uniform in +-0.5 / dim (as word2vec's), the output vectors at 0.01 x N(0, 1) (word2vec: zeros)."""

    def __init__(self, vocab: int = SG_VOCAB, dim: int = 32) -> None:
        super().__init__()
        self.inp = nn.Embedding(vocab, dim)
        self.out = nn.Embedding(vocab, dim)
        with torch.no_grad():
            self.inp.weight.uniform_(-0.5 / dim, 0.5 / dim)
            self.out.weight.normal_(0.0, 0.01)

    def forward(self, x: Tensor) -> Tensor:
        return (self.inp(x[:, :1]) * self.out(x[:, 1:])).sum(-1)


def sgns_loss(out: Tensor, y: Tensor) -> Tensor:
    """Negative sampling's loss: BCE with logits of the positive pair (target 1) and the negatives (0), the mean
    over the batch's rows of their sum over the row's pairs."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum") / len(out)


def sgns_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """Negative sampling's loss summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")
