"""wrong-initial-loss: the first loss of a C-class cross-entropy run is far from ln C (ln 2 for each term of a
binary cross-entropy, ln B for an in-batch contrastive InfoNCE over a batch of B, the margin for a triplet loss,
the noise's variance 1 for a diffusion model's noise prediction)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import numpy as np

from lrdoctor.findings import Hit, NotApplicable
from lrdoctor.optim import first_step_band
from lrdoctor.signals import Signals, from_orders

CROSS_ENTROPY = frozenset({
    "crossentropy", "crossentropyloss", "ce", "celoss", "nll", "nllloss", "softmaxcrossentropy",
    "softmaxcrossentropyloss", "categoricalcrossentropy", "sparsecategoricalcrossentropy", "logloss",
    "sequencecrossentropy", "tokencrossentropy", "lmloss", "causallmloss", "labelsmoothingcrossentropy",
})  # fmt: skip
"""Loss names that mean a C-class cross-entropy, once lower-cased with the module path, separators and
parentheses dropped ("torch.nn.CrossEntropyLoss()" -> "crossentropyloss"). Matched exactly: a
substring test would take DiceLoss or a distance for a cross-entropy."""
BINARY_CROSS_ENTROPY = frozenset({
    "bce", "bceloss", "bcewithlogits", "bcewithlogitsloss", "binarycrossentropy", "binarycrossentropyloss",
    "binarycrossentropywithlogits", "binarycrossentropywithlogitsloss", "sigmoidcrossentropy", "sigmoidbinarycrossentropy",
})  # fmt: skip
"""Loss names that mean a binary cross-entropy (one label or many): every term starts at about ln 2, since an
untrained network's logits sit near zero, however many labels (the task, when the metadata names one, must be a
classification: a VAE's or a ranking model's BCE has no ln 2 start to hold it to)."""
BINARY_CLASSES = 2
"""A binary cross-entropy term is a 2-class one: ln 2 at near-zero logits."""
IN_BATCH_CONTRASTIVE = {"infonce": 1, "infonceloss": 1, "ntxent": 2, "ntxentloss": 2}
"""Contrastive losses whose negatives are the rest of the batch: an untrained encoder's similarities are
about equal, so the loss starts at ln B for InfoNCE (one positive among the B candidates of a batch of B) and
ln (2B - 1) for NT-Xent (SimCLR: both views of the batch, less the anchor itself). The value: views per item."""
LANGUAGE_MODEL_TASKS = frozenset({"languagemodel", "lm", "languagemodeling", "causallm", "causallanguagemodel", "mlm",
                                  "maskedlm", "maskedlanguagemodel", "maskedlanguagemodeling", "causallanguagemodeling",
                                  "textgeneration"})
"""Tasks whose C is the vocabulary (a language model predicts one of V tokens at every position)."""
PER_ELEMENT_TASKS = frozenset({"segmentation", "semanticsegmentation", "imagesegmentation", "seq2seq", "translation",
                               "summarization", "tokenclassification", "ner", "sequencelabeling", "sequencetagging"})
"""Tasks that classify every element of a sample (a pixel, a target token) into one of C classes: their
cross-entropy per element starts at ln C too, and a sum runs over the elements as well as the batch."""
NEGATIVE_SAMPLING = frozenset({"negativesampling", "negativesamplingloss", "sgns", "sgnsloss"})
"""Skip-gram (word2vec) losses over one positive and k sampled negative pairs, each a binary cross-entropy of a
dot product: near-zero embeddings start every pair at ln 2, the loss at (1 + k) ln 2."""
NEGATIVE_SAMPLING_PREFIX = "negativesampling"
"""A loss described as "negative sampling ..." (its whole name, letters only, starts with this)."""
NEGATIVES_KEYS = ("negatives", "num_negatives", "negative_samples", "num_negative_samples")
"""Metadata keys that give a negative-sampling loss's k."""
LISTWISE_LOSSES = frozenset({"listnet", "listnetloss", "listwisesoftmax", "listwisesoftmaxloss"})
"""Listwise softmax losses of learning to rank (ListNet: the cross-entropy of the relevance distribution against the
softmax of the scores): at equal scores ln n for n documents per query, whatever the relevance."""
LIST_SIZE_KEYS = ("docs_per_query", "documents_per_query", "list_size", "slate_size", "num_docs")
"""Metadata keys that give a listwise loss's n, the documents per query."""
LISTWISE_SUM_TOLERANCE = 0.1
"""A listwise softmax starts at ln n within a few tenths of a percent (a random scorer's scores barely differ; fifteen
ListNet runs over 16 documents started at 2.777 against 2.773): a first loss summed over the queries of a batch is
B ln n to within this, where a head initialised too large lands anywhere (300x: 11.5 x ln n with 16 queries)."""
PAIRWISE_RANKING = frozenset({"ranknet", "ranknetloss", "pairwiselogistic", "pairwiselogisticloss"})
"""Pairwise ranking losses that are a binary cross-entropy of the score difference of two documents: ln 2 at equal
scores."""
CLASS_COUNT_KEYS = ("num_classes", "vocab_size", "num_labels")
"""Metadata keys that give C: the classes, or a language model's vocabulary."""
MIN_TOKENS = 2
"""A language model's first loss of this many times batch x ln V or more is read as summed over tokens."""
SEQUENCE_KEYS = ("seq_len", "sequence_length", "block_size", "max_length", "max_seq_length", "context_length")
"""Metadata keys that give a language model's tokens per sequence."""
MIN_CLASSES = 2
"""Cross-entropy over fewer classes has no ln C to compare with."""
TRIPLET_LOSSES = frozenset({"tripletmarginloss", "tripletmargin", "tripletloss", "tripletmarginwithdistanceloss"})
"""Triplet margin losses, max(d(a, p) - d(a, n) + margin, 0): an untrained embedding puts an anchor's positive and
negative at about the same distance, so the loss starts near the margin."""
TRIPLET_MARGIN = 1.0
"""torch's TripletMarginLoss margin when neither the metadata ('margin') nor the loss's description says another."""
DIFFUSION_TASKS = frozenset({"diffusion", "ddpm", "ddim", "denoisingdiffusion", "diffusionmodel", "denoising"})
"""Tasks of a denoising diffusion model: a loss that is the mean squared error of the predicted noise starts at about
the noise's variance, 1 (an untrained predictor's output is small against unit Gaussian noise)."""
NOISE_VARIANCE = 1.0
"""The variance of the unit Gaussian noise a diffusion model learns to predict: its untrained noise MSE."""
LOOSE_MAX_RATIO = 4.0
"""A triplet loss's or a noise MSE's first loss is read as too high only at this multiple of its expected start (or
max_ratio, if higher): the spread of an untrained embedding's distances lifts a hinge's mean above the margin, and an
untrained predictor's own output adds its variance to the noise's; a last layer initialised too large goes far beyond."""
START_SHARE = 0.02
"""The first logged loss must be within this share of the run (and ``max_first_step``) to be the initial one."""
FIRST_EVAL_TRAIN_POINTS = 5
"""The training loss at the first evaluation: the median of this many logged points at or before its step."""
MIN_SUM_BATCH = 4
"""A batch of at least this size tells a summed loss (batch x ln C) apart from a merely high one."""
INIT_SCALE = 0.1
"""Suggested scale for the last layer's initial weights when the first loss is far too high (at most, for a
cross-entropy: ``head_scale``)."""
HEAD_EXCESS_SHARE = 0.1
"""A confidently wrong classifier's first loss exceeds ln C by about the size of its logits, which grow with its output
layer's weights: scaled by ``HEAD_EXCESS_SHARE`` x ln C / (first loss - ln C), the excess falls to about this share of
ln C, near-uniform first predictions. A fixed tenth left a Graph U-Net whose head was initialised 1,000x (first loss
39.4, 28x ln 4) at chance under SGD-momentum (1.389 -> 1.389); 0.004, this scale, trained it (0.563; 0.01: 0.57). Of 11
Adam runs with heads initialised 1,000x (first losses 14-250x ln C), a tenth and this scale retrained: this scale
better on 9 (a Swin 1.79 -> 0.60, a Linformer 0.52 -> 0.23, a PoolFormer 0.59 -> 0.36), worse on two (an ESIM 0.57 ->
1.10 where its default init ends 0.56, a family that trains only in a narrow band; a SortPool 0.59 -> 0.61), every one
below the run's own loss (session 42)."""
LAYER_GAP = 6.0
"""An output layer's (the last weight tensor's, or one named as a head: ``HEAD_PARTS``) first update/weight ratio this
many times below the median of the other weight tensors' reads as an output layer initialised far too large, whatever
the loss: its weights are huge for the gradients they get, so the first steps barely move it. The heads scaled 30-300x
at init of 26 labelled runs (SGD and Adam, 26 model families) sat 15-52,000x below; no other labelled run of any half,
healthy or faulty, sat more than 2.6x below but a DeepFM's under SGD (11x: ``GAP_BELOW_SHARE``; an inner layer may: a
SIREN's first, an embedding bag, up to 700x)."""
LAYER_GAP_EXEMPT = ("norm", "emb", "wte", "wpe")
"""Weight tensors left out of the gap by name (any part containing one of these): a normalisation layer's weight
starts at 1 and an embedding's at N(0, 1), far above a linear layer's, so their ratios sit low by design."""
LAYER_GAP_EXEMPT_PARTS = frozenset({"ln", "bn", "gn", "pos", "gamma", "scale"})
"""Name parts (digits stripped: "bn1", "ln_f") that mark a normalisation or position parameter, exempt the same way."""
VARIATIONAL_SCALE_PARTS = frozenset({"rho", "sigma", "logsigma", "std", "logstd", "var", "logvar"})
"""Parts of a parameter's own name (its last dotted part: "head.weight_rho", "fc.weight_logvar") that mark the scale of a
variational weight, exempt the same way: a Bayes-by-backprop layer's softplus parameter starts at one constant, -5, and
its ratio sits 175x below the means' in a healthy run (its "weight_mu" is the weight). Module names are not read: a
Deep Sets "rho.weight", a VAE's "fc_var.weight" or an MDN's "sigma.weight" is an ordinary layer that may be the head."""
RATIO_PREFIX = "update_ratio/"
"""Per-tensor update/weight ratio columns, as the recorder writes them in parameter order."""
SUM_PHRASES = ("reduction=sum", "summedoverthebatch", "sumoverthebatch")
"""What a loss's description says when it is summed over the batch (letters, digits and '=' only, lower case)."""
SUMMED_ITEMS = ("points", "events", "tokens", "examples", "samples", "sequences", "rows", "items", "positions", "nodes",
                "edges", "pairs", "triplets", "queries", "documents", "sentences", "words", "images", "instances",
                "patients", "observations", "records", "batch", "minibatch", "mini-batch")
"""What else a loss is "summed over" (or "summed over all the collocation ...", one word between) when the sum runs over
the batch's items, so that its size multiplies the step: collocation points, events, tokens. A sum over an example's own
parts (its pixels, dims, tags or classes) is a per-example loss; a VAE's "BCE summed over the pixels" is the usual one."""
SUMMED_ITEMS_PATTERN = re.compile(r"\bsum(?:med)?\s+over\s+(?:all\s+)?(?:the\s+)?(?:[\w-]+\s+)?(?:"
                                  + "|".join(re.escape(item) for item in SUMMED_ITEMS) + r")\b")
""""summed over [all] [the] [one word] <item>" in a loss's description, lower case."""
PER_EXAMPLE_PHRASES = ("meanoverthebatch", "meanoverbatch", "averagedoverthebatch", "averageoverthebatch", "batchmean",
                       "ofeach", "pereach", "perexample", "persample", "persequence", "perquery", "perimage", "percloud",
                       "persentence", "perdocument", "dividedby", "normalisedby", "normalizedby")
"""What a description says when a sum over items is taken within each example and then averaged (or divided): "summed
over the tokens of each sentence, mean over the batch" is a per-example loss (letters only)."""
SUM_GRAD_ORDERS = 1.0
"""A summed loss's run shows its effective lr when its gradient norm grows this many orders of magnitude within the
first ``START_SHARE`` of the run."""
SUM_ADVICE = ("Use reduction='mean' in the loss (or divide by the number of terms summed): a summed loss multiplies the "
              "effective lr by that number.")
"""What a loss summed over the batch is told to do (its fix: ``{"reduction": "mean"}``)."""
SUM_EXPLAINS = ("lr-too-high", "lr-too-low", "missing-warmup", "exploding-gradients", "dead-units", "plateau",
                "non-finite-loss")
"""What a summed loss explains: the effective lr is batch x tokens times the lr set, and what it does to the run (units
killed by huge steps, a stalled loss, a loss overflowing to NaN) goes away with the mean; lr advice for the summed loss
misleads."""
HEAD_EXPLAINS = SUM_EXPLAINS
"""What an output layer initialised far too large explains, the same as a summed loss: its huge first outputs and
gradients throw the other layers (a gradient explosion at step 2, units killed, a loss that stalls or climbs), and
advice read off them misleads:
on the fix-check halves' heads initialised 300x, retrained, an lr 10x lower was 23-128% worse, an lr raised 100x 151%
worse, clipping at the norms before 8% worse, an lr fix for the NaN a head initialised 300x caused 2.1x the grid's
best; the init alone trained them."""
HEAD_EXPLAINS_RATIO = 5.0
"""...when the first loss is this many times its expected value, with the batch size known so that a sum was ruled
out (a head initialised 300x starts 20x ln C; a residual net without normalisation that starts at 2x and explodes at
SGD 0.5 has its own fault: exploding-gradients' clipping trains it)..."""
HEAD_EXPLAINS_GAP = 20.0
"""...or the layer gap is this large (the 300x heads of the fix-check halves sat 37-52,000x below the other layers, the
least a hypernetwork's head under Adam, whose gradient jumps from step 97 on exploding-gradients read as its own: clipping
at the norms before them retrained twice as bad, the init alone trained it; a head of default init fed by a narrow
bottleneck can sit 8x below under Adam, every other labelled run at most 2.6x)..."""
HEAD_EXPLAINS_SHARE = 0.5
"""...and only the findings that start within this first share of the run: a head's first outputs do their harm
early (an explosion at step 2, units dead by a quarter of the run); a NaN late in a run that had converged is not its."""
HEAD_INIT_EXPLAINS = ("lr-too-low", "missing-warmup")
"""What a first loss moderately above its expected value explains."""
GAP_BELOW_SHARE = 0.25
"""``last_layer_gap`` also wants the output layer's ratio below all but this share of the other weight tensors': a head
initialised too large sits below the bulk of the model, not merely below a median that layers initialised small lift (a DeepFM's
first-order weights, an embedding scaled 0.01, and its dense term's 2 -> 1 layer moved by 2-3% of themselves at SGD's
first step; its deep part's default head, 11x below their median, sat above its two inner layers, fresh44; the heads
of the labelled runs initialised 30-10,000x sat below every other tensor, two experts' heads of a mixture below all but
each other)."""
MIN_GAP_TENSORS = 2
"""The layer gap needs an output tensor and at least one other."""
WEIGHT_PART = "weight"
"""The last part of a weight tensor's name starts with this ("fc.weight", a GRU's "rnn.weight_ih_l0"); biases and
other parameters (a CRF's transitions, learned loss weights) are not compared."""
HEAD_PARTS = frozenset({"head", "heads", "classifier", "out", "output", "logits", "fc_out", "lm_head", "decoder",
                        "predictor", "regressor"})
"""Module names that mark an output layer: besides the last weight tensor, a weight of a module named so is held to the
gap (a model with two heads, a classifier's and a regressor's, has only one last tensor)."""


@dataclass(frozen=True, slots=True)
class Params:
    max_ratio: float
    min_ratio: float
    sum_tolerance: float
    max_first_step: int


COMPOSITE = " + "
"""A loss described as terms joined by this ("BCE summed over the pixels + beta KL", "cross-entropy + smooth-L1")."""
AUX_MAX_WEIGHT = 0.05
"""A term after the first that is stated with a weight this small or smaller ("cross_entropy + 0.01 x load-balancing
loss", a router's "1e-3 * z-loss") is an auxiliary loss: of order 1 at init, it moves the start by a few hundredths,
so the loss starts where its first term does. A larger weight (a VAE's beta KL, a detector's box loss) makes a sum of
several terms with no one expected start."""
WEIGHTED_TERM = re.compile(r"^(\d+(?:\.\d*)?(?:e[-+]?\d+)?|\.\d+)\s*(?:x|\*|×|·)\s*\S", re.IGNORECASE)
"""A term that starts with its weight: a number, then ``x``, ``*``, ``×`` or ``·``."""


def plain_name(text: object) -> str:
    """A loss or task name reduced for exact matching: its first word, lower case, without module path,
    separators or call ("torch.nn.CrossEntropyLoss()" -> "crossentropyloss", "cross_entropy per pixel
    (reduction='sum')" -> "crossentropy")."""
    words = str(text or "").strip().lower().split("(")[0].split()
    name = words[0].rsplit(".", 1)[-1] if words else ""
    return "".join(ch for ch in name if ch.isalnum())


OPENING, CLOSING = "([{", ")]}"
"""Brackets inside which a ``COMPOSITE`` is part of a term's own description, not a sum of terms."""


def top_level_terms(text: str) -> list[str]:
    """``text`` split at ``COMPOSITE`` outside brackets: "gaussian negative log-likelihood (std 0.05 + 0.95 softplus),
    mean" is one term, "BCE + KL(q || N(0, 1))" two; with a bracket left open, at every ``COMPOSITE``."""
    terms: list[str] = []
    depth = start = i = 0
    while i < len(text):
        if text[i] in OPENING:
            depth += 1
        elif text[i] in CLOSING:
            depth = max(depth - 1, 0)
        elif depth == 0 and text.startswith(COMPOSITE, i):
            terms.append(text[start:i])
            i += len(COMPOSITE)
            start = i
            continue
        i += 1
    if depth:  # an unclosed bracket: every " + " counts, as before brackets were read
        return text.split(COMPOSITE)
    return [*terms, text[start:]]


def main_term(text: object) -> str | None:
    """A loss's description without its auxiliary terms (``AUX_MAX_WEIGHT``): the whole description when it is one
    term (a " + " inside brackets describes the term), its first term when every other is a weighted auxiliary loss,
    None for a sum of several terms."""
    whole = str(text or "")
    first, *rest = top_level_terms(whole)
    if not rest:
        return whole
    for term in rest:
        weight = WEIGHTED_TERM.match(term.strip())
        if weight is None or float(weight.group(1)) > AUX_MAX_WEIGHT:
            return None
    return first


def loss_name(s: Signals) -> str:
    """The loss's description the rule reads (``main_term`` of the metadata's ``loss_fn``); NotApplicable for a sum
    of several terms."""
    main = main_term(s.meta.get("loss_fn"))
    if main is None:
        raise NotApplicable(f"loss_fn is {s.meta.get('loss_fn')!r}: a sum of several terms has no one expected start")
    return main


def compact_name(text: object) -> str:
    """A loss's whole name before any call or options, lower case, letters and digits only ("negative sampling
    loss (reduction='sum')" -> "negativesamplingloss")."""
    return "".join(ch for ch in str(text or "").lower().split("(")[0] if ch.isalnum())


def states_sum(text: object) -> bool:
    """Whether a loss's description says it is summed (``reduction='sum'``, as torch prints a loss module, "summed
    over the batch", or summed over the batch's items: ``SUMMED_ITEMS``)."""
    lowered = str(text or "").lower()
    flat = "".join(ch for ch in lowered if ch.isalnum() or ch == "=")
    if "notsummed" in flat:
        return False
    if any(phrase in flat for phrase in SUM_PHRASES):
        return True
    return bool(SUMMED_ITEMS_PATTERN.search(lowered)) and not any(phrase in flat for phrase in PER_EXAMPLE_PHRASES)


def stated_sum(s: Signals) -> Hit | None:
    """A loss its description states summed over the batch, trained by an SGD-family optimizer (whose step scales with
    the loss: batch_size times the lr set; an adaptive one's does not), whose start the rule cannot check: a finding at
    the rule's severity where the run shows what that does (the loss blew up to NaN, a first step beyond the family's first-step band, the
    gradient norm growing ``SUM_GRAD_ORDERS`` early), else an info. None otherwise."""
    batch = batch_size(s)
    if not states_sum(s.meta.get("loss_fn")) or s.optimizer_family != "sgd" or batch is None:
        return None
    trouble: list[str] = []
    if s.died:
        trouble.append("the loss turned NaN")
    top = first_step_band(s.optimizer_family)[1]
    if s.first_update_ratio > top:
        trouble.append(f"the first step moved the weights by {s.first_update_ratio:.2g} of their norm (an SGD-family first "
                       f"step stays below {top:g})")
    if s.run.has("grad_norm"):
        steps, log_g = s.grad_norm
        early = log_g[steps <= s.first_step + START_SHARE * s.span_steps]
        if early.size and float(early.max() - early[0]) >= SUM_GRAD_ORDERS:
            trouble.append(f"the gradient norm grew {from_orders(float(early.max() - early[0])):.3g}x in the first steps")
    what = (f"The loss is summed over the batch (loss_fn {s.meta.get('loss_fn')!r}): with an SGD-family optimizer each "
            f"step is the lr times the terms summed, batch_size = {int(batch)} times or more what the lr says")
    if not trouble:
        return Hit(
            step_start=s.first_step, step_end=s.first_step,
            message=what + "; if the lr was chosen for the sum, that is fine.",
            evidence={"batch_size": float(batch)},
            suggestion="Prefer reduction='mean' (with the lr multiplied by the batch size, for the same steps): an lr "
                       "chosen for a mean then carries over to other batch sizes.",
            severity="info",
        )
    return Hit(
        step_start=s.first_step, step_end=s.first_step,
        message=what + ", and the run shows it: " + "; ".join(trouble) + ".",
        evidence={"batch_size": float(batch),
                  **({"first_update_ratio": s.first_update_ratio} if np.isfinite(s.first_update_ratio) else {})},
        suggestion=SUM_ADVICE,
        fix={"reduction": "mean"},
        explains=SUM_EXPLAINS,
    )


@dataclass(frozen=True, slots=True)
class Expected:
    """What an untrained model's first loss should be: ln ``c`` (or ``value`` when it is no log of a count), and how
    to name it in a message."""

    c: int
    symbol: str  # "ln C", "ln 2", "ln B", "the margin"...
    what: str
    binary: bool = False  # a binary cross-entropy: no "too low" reading (a prior-initialised bias starts below ln 2)
    contrastive: bool = False  # in-batch negatives: no "too low" reading (two views of one item may start alike)
    listwise: bool = False  # a listwise softmax: no "too low" reading (random scores may favour the relevant documents)
    negatives: int = 0  # a negative-sampling loss's k (c is 2 ** (1 + k)): the evidence gives k
    value: float | None = None  # the expected start itself (a margin, a variance): no class count, no "too low" reading

    @property
    def loss(self) -> float:
        return self.value if self.value is not None else math.log(self.c)


def margin_of(s: Signals) -> float:
    """A triplet loss's margin: the metadata's 'margin', else 'margin=X' in the loss's description, else torch's 1."""
    value = s.meta.get("margin")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return float(value)
    flat = "".join(ch for ch in str(s.meta.get("loss_fn") or "").lower() if not ch.isspace())
    if "margin=" in flat:
        digits = flat.split("margin=", 1)[1]
        number = ""
        for ch in digits:
            if not (ch.isdigit() or ch in ".e-+"):
                break
            number += ch
        try:
            parsed = float(number)
        except ValueError:
            parsed = 0.0
        if parsed > 0:
            return parsed
    return TRIPLET_MARGIN


def noise_mse(s: Signals) -> bool:
    """Whether the loss is a diffusion model's mean squared error of its predicted noise (the task a diffusion one, the
    loss described as an MSE of noise)."""
    text = str(s.meta.get("loss_fn") or "").lower()
    squared = "mse" in text or "squared" in text or "l2" in text
    return plain_name(s.meta.get("task")) in DIFFUSION_TASKS and "noise" in text and squared


def expected_loss(s: Signals) -> Expected:
    """The initial loss the metadata implies (a cross-entropy over C classes or a vocabulary, a binary
    cross-entropy, an in-batch contrastive loss, a skip-gram negative-sampling loss), or NotApplicable saying what
    is needed (or that a loss of several terms, or a task that is no classification, has no expected start)."""
    loss_fn = plain_name(s.meta.get("loss_fn"))
    if loss_fn in NEGATIVE_SAMPLING or compact_name(s.meta.get("loss_fn")).startswith(NEGATIVE_SAMPLING_PREFIX):
        k = next((s.meta[key] for key in NEGATIVES_KEYS if isinstance(s.meta.get(key), int)), None)
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise NotApplicable(f"loss_fn is {s.meta.get('loss_fn')!r}: needs the number of negatives to know the expected "
                                "(1 + k) ln 2")
        return Expected(BINARY_CLASSES ** (1 + k), "(1 + k) ln 2", f"(1 + k) ln 2 = {(1 + k) * math.log(BINARY_CLASSES):.3g} "
                        f"expected for one positive and k = {k} negatives, each a binary cross-entropy", binary=True,
                        negatives=k)
    if loss_fn in LISTWISE_LOSSES:
        n = next((s.meta[key] for key in LIST_SIZE_KEYS if isinstance(s.meta.get(key), int)), None)
        if not isinstance(n, int) or isinstance(n, bool) or n < BINARY_CLASSES:
            raise NotApplicable(f"loss_fn is {s.meta.get('loss_fn')!r}: needs the documents per query (docs_per_query) to "
                                "know the expected ln n")
        return Expected(n, "ln n", f"ln n = {math.log(n):.3g} expected for a listwise softmax over n = {n} documents per "
                        "query at equal scores", listwise=True)
    if loss_fn in PAIRWISE_RANKING:
        return Expected(BINARY_CLASSES, "ln 2", "ln 2 = 0.693 expected for a pairwise logistic (RankNet) loss at equal "
                        "scores", binary=True)
    aside = loss_name(s) != str(s.meta.get("loss_fn") or "")  # NotApplicable for a sum of several terms
    e = expected_start(s, loss_fn)
    return replace(e, what=f"{e.what} (its auxiliary terms, weighted {AUX_MAX_WEIGHT:g} or less, aside)") if aside else e


def expected_start(s: Signals, loss_fn: str) -> Expected:
    """``expected_loss`` of a loss of one term (``loss_fn``: its ``plain_name``), beyond the names read first."""
    if loss_fn in TRIPLET_LOSSES:
        m = margin_of(s)
        return Expected(0, "the margin", f"the margin {m:g} expected for a triplet loss of an untrained embedding (an "
                        "anchor's positive and negative at about the same distance)", value=m)
    if noise_mse(s):
        return Expected(0, "the noise's variance", "1, the variance of the unit Gaussian noise, expected for an untrained "
                        "noise predictor's mean squared error", value=NOISE_VARIANCE)
    if loss_fn not in IN_BATCH_CONTRASTIVE:
        classifies(s)
    if loss_fn in BINARY_CROSS_ENTROPY:
        return Expected(BINARY_CLASSES, "ln 2", "ln 2 = 0.693 expected for each term of a binary cross-entropy", binary=True)
    if loss_fn in IN_BATCH_CONTRASTIVE:
        batch = s.meta.get("batch_size")
        if not isinstance(batch, int) or isinstance(batch, bool) or batch < MIN_SUM_BATCH:
            raise NotApplicable(f"loss_fn is {s.meta.get('loss_fn')!r}: needs the batch_size to know the expected ln B")
        candidates = IN_BATCH_CONTRASTIVE[loss_fn] * batch - (IN_BATCH_CONTRASTIVE[loss_fn] - 1)
        symbol = "ln B" if candidates == batch else "ln (2B - 1)"
        return Expected(candidates, symbol, f"{symbol} = {math.log(candidates):.3g} expected for an in-batch contrastive loss "
                        f"over a batch of {batch}", contrastive=True)
    c = num_classes(s)
    return Expected(c, "ln C", f"ln C = {math.log(c):.3g} expected for {c} classes")


def untrained_loss(s: Signals) -> tuple[float, str] | None:
    """The loss of a model that has learned nothing, for the losses whose expected start is a value, not a log of a
    count, and how to name it: a diffusion model's noise MSE at the noise's variance (it predicts zero noise), a
    triplet loss at the margin (the embedding collapsed to one point). None for any other loss."""
    try:
        e = expected_loss(s)
    except NotApplicable:
        return None
    return (e.value, f"{e.symbol} {e.value:g}") if e.value is not None else None


def classifies(s: Signals) -> None:
    """NotApplicable unless the task, when the metadata names it, is a classification (single- or multi-label, of
    a sequence, a language model's tokens, an image's pixels): a VAE's or a regression's loss has no ln C. A loss named
    as one cross-entropy (``named_cross_entropy``) is one whatever the task is called (a pointer network's "sorting",
    a cross-entropy over the input positions it points at)."""
    task, whole = plain_name(s.meta.get("task")), str(s.meta.get("task") or "").lower()
    if named_cross_entropy(s):
        return
    # "class" and "label" anywhere in the task ("binary classification", "image classification", "multi-label tagging")
    if task and "class" not in whole and "label" not in whole and task not in LANGUAGE_MODEL_TASKS | PER_ELEMENT_TASKS:
        raise NotApplicable(f"task is {s.meta.get('task')!r}, not classification")


def named_cross_entropy(s: Signals) -> bool:
    """Whether the metadata's loss is one cross-entropy term (``CROSS_ENTROPY``; not a detector's "cross-entropy +
    smooth-L1", whose start is no ln C)."""
    loss_fn = str(s.meta.get("loss_fn") or "")
    return len(top_level_terms(loss_fn)) == 1 and plain_name(loss_fn) in CROSS_ENTROPY


def num_classes(s: Signals) -> int:
    """C from the metadata (classes, or a language model's vocabulary), or NotApplicable saying what is needed."""
    loss_fn = plain_name(s.meta.get("loss_fn"))
    if loss_fn and loss_fn not in CROSS_ENTROPY:
        raise NotApplicable(f"loss_fn is {s.meta.get('loss_fn')!r}, not a cross-entropy")
    value = next((s.meta[k] for k in CLASS_COUNT_KEYS if s.meta.get(k) is not None), None)
    if value is None:
        raise NotApplicable("needs num_classes (sidecar 'num_classes', a language model's 'vocab_size', or --num-classes) "
                            "to know the expected ln C")
    try:
        c = int(value)
    except (TypeError, ValueError):
        raise NotApplicable(f"num_classes is {value!r}, not a number") from None
    if c < MIN_CLASSES:
        raise NotApplicable(f"num_classes is {c}")
    return c


def summed_over(s: Signals, initial: float, expected: float, tolerance: float) -> tuple[int, int] | None:
    """(batch size, tokens per sequence) when the first loss is about batch x tokens x ln C: a loss
    summed over the batch (tokens 1), or over every token of it for a language model, or every element
    (pixel, target token) for a per-element task that states its sequence length or a loss said to be summed
    (``reduction='sum'``): the length from the metadata when it says, else the whole multiple of batch x ln C
    that fits."""
    batch = batch_size(s)
    if batch is None:
        return None
    per_sequence = initial / (batch * expected)
    tokens = 1
    stated = next((s.meta[k] for k in SEQUENCE_KEYS if isinstance(s.meta.get(k), int)), None)
    task = plain_name(s.meta.get("task"))
    # a language model's sum runs over its tokens and a per-element task's over its elements, when the metadata says
    # so (reduction='sum', or the length): a first loss of 3 x batch x ln C may as well be a last layer initialised too
    # large, and a masked LM's loss runs over its masked positions only, whose count the first loss cannot tell
    said = states_sum(main_term(s.meta.get("loss_fn")))
    elements = (task in LANGUAGE_MODEL_TASKS or task in PER_ELEMENT_TASKS or said) and (stated is not None or said)
    if elements and per_sequence >= MIN_TOKENS:
        tokens = int(stated) if stated else round(per_sequence)
    if abs(per_sequence / tokens - 1) <= tolerance:
        return int(batch), tokens
    return None


def per_example_at_first_eval(s: Signals, terms: int) -> bool:
    """Whether, at the first evaluation, the training loss sat within sqrt(``terms``) of the validation loss either
    way: both on one per-example scale, so a first loss of ``terms`` x ln C was not a sum over the batch but the init's
    (a behaviour-cloning policy whose head was initialised 300x started at 72.8, 0.71 x 64 x ln 5, and at its first
    evaluation sat at 2.78 against a validation loss of 3.09; retrained with reduction='mean', nothing changed, and
    with its head's init scaled down it trained, fresh32). The training loss of 36 labelled runs summed over the batch
    stood 13-5,400x above a mean validation loss at its first evaluation, or 11-1,400x below a validation loss summed
    over the held-out set; that of 41 runs whose head was initialised too large 0.33-9.5x (1.0-1.5x for most). False
    without an evaluation, or when the loss's description states a sum (an uncertainty-weighted multi-task loss summed
    over the batch learns weights that take its sum back to the per-example scale)."""
    steps, values = s.val_finite
    if not steps.size or s.n == 0 or states_sum(main_term(s.meta.get("loss_fn"))):
        return False
    before = s.loss[: s.step_index(float(steps[0]), "right")][-FIRST_EVAL_TRAIN_POINTS:]
    if not before.size:
        return False
    train, val = float(np.median(before)), float(values[0])
    if train <= 0 or val <= 0:
        return False
    return bool(max(train / val, val / train) < np.sqrt(terms))


def check(s: Signals, p: Params) -> list[Hit]:
    """The first loss against the loss's expected start; where that finds nothing (or the loss has no known start),
    an output layer's first update ratio against the other layers' (``LAYER_GAP``), then a sum the loss states."""
    try:
        hits = loss_readings(s, p)
    except NotApplicable:
        other = last_layer_gap(s, p) or stated_sum(s)
        if other is None:
            raise
        return [other]
    if hits:
        return hits
    other = last_layer_gap(s, p) or stated_sum(s)
    return [other] if other is not None else []


def head_far_too_large(s: Signals) -> bool:
    """Whether this rule (its configured thresholds) finds the output layer initialised far too large, the reading that
    explains what its huge first outputs do (``HEAD_EXPLAINS``): units that die in such a run get no lr advice from
    dead-units, whenever they die. A mixture of experts and a LISTA whose heads were initialised 300x lost units by
    step 301 of 600 and 201 of 400 (after the first half of the run, which this rule speaks for alone, as far as the
    per-layer norms logged every 100 steps tell) at lrs near their grids' best; the lr a tenth of that, retrained, ended
    2.2x and 15.7x worse (1.91 against 0.85, 1.60 against 0.10, session 27); the init is the fix."""
    try:
        hits = s.shared(("wrong-initial-loss", "head"), lambda: check(s, s.rule_params("wrong-initial-loss")))
    except NotApplicable:
        return False
    return any(h.fix.get("last_layer_init_scale") is not None and h.explains == HEAD_EXPLAINS for h in hits)


def early_share_end(s: Signals) -> int:
    """The last step of the first ``HEAD_EXPLAINS_SHARE`` of the run: what a head initialised too large explains starts there."""
    return int(s.first_step + HEAD_EXPLAINS_SHARE * (s.last_step - s.first_step))  # the whole log: a NaN loss ends the finite span


def batch_size(s: Signals) -> float | None:
    """The batch size the metadata gives, when it is a number of at least ``MIN_SUM_BATCH`` (a sum over fewer terms
    cannot be told from a loss's own size); None otherwise."""
    batch = s.meta.get("batch_size")
    if not isinstance(batch, (int, float)) or isinstance(batch, bool) or batch < MIN_SUM_BATCH:
        return None
    return batch


def initial_limit(s: Signals, p: Params) -> float:
    """The last step early enough to see the run's initial state (``max_first_step``, and ``START_SHARE`` of the run)."""
    return min(float(p.max_first_step), s.first_step + START_SHARE * s.span_steps + 1)


def initial_step(s: Signals, p: Params, first: int, what: str) -> None:
    """NotApplicable unless ``first`` is early enough to see the run's initial state."""
    if first > initial_limit(s, p):
        raise NotApplicable(f"the first logged {what} is at step {first}: too late to see the initial loss")


def gap_exempt(name: str) -> bool:
    """Whether a weight tensor is left out of the layer gap by its name (``LAYER_GAP_EXEMPT``)."""
    lowered = name.lower()
    parts = re.split(r"[._]", lowered)
    own = lowered.rsplit(".", 1)[-1].split("_")
    return (any(word in lowered for word in LAYER_GAP_EXEMPT)
            or any(part.rstrip("0123456789") in LAYER_GAP_EXEMPT_PARTS for part in parts)
            or any(part.rstrip("0123456789") in VARIATIONAL_SCALE_PARTS for part in own))


ADAPTIVE_TAIL = re.compile(r"^(?P<module>(?:.*\.)?)tail\.\d+\.\d+\.weight$")
"""A tail cluster's weight of torch's ``AdaptiveLogSoftmaxWithLoss`` ("asm.tail.1.1.weight", beside "asm.head.weight"):
each cluster's projection and output see the gradient of the tokens of their cluster only, rare ones by design, so
under SGD their first steps sit far below the other layers' whatever their init (an LSTM LM's rarest cluster output
19x below at SGD-momentum, healthy, fresh73); its head is the output layer."""


def adaptive_tails(names: list[str]) -> set[int]:
    """The indices of ``names`` that are tail cluster weights of an adaptive softmax (``ADAPTIVE_TAIL``, beside a
    "head.weight" of the same module)."""
    tails = set()
    for i, name in enumerate(names):
        match = ADAPTIVE_TAIL.match(name)
        if match and f"{match['module']}head.weight" in names:
            tails.add(i)
    return tails


def is_weight(name: str) -> bool:
    """Whether a parameter is a weight tensor compared by the layer gap (``WEIGHT_PART``, not ``gap_exempt``)."""
    return name.rsplit(".", 1)[-1].startswith(WEIGHT_PART) and not gap_exempt(name)


def is_head(name: str) -> bool:
    """Whether a parameter belongs to a module named as an output layer (``HEAD_PARTS``: "head.weight",
    "model.classifier.weight"; not "out.0.weight", whose module may be a norm inside an output block), and is no
    recurrent weight (``is_recurrent``)."""
    *module, _ = name.lower().split(".")
    return bool(module) and module[-1] in HEAD_PARTS and not is_recurrent(name)


RECURRENT_WEIGHT = re.compile(r"^weight_(?:ih|hh|hr)(?:_l\d+)?(?:_reverse)?$")
"""The weights of torch's RNN, LSTM and GRU modules ("weight_ih_l0", "weight_hh_l1_reverse")."""


def is_recurrent(name: str) -> bool:
    """Whether a parameter is a recurrent layer's weight: never an output layer, whatever its module is called (a
    pointer network's LSTM "decoder" feeds an attention that points; its recurrent weights start small against their
    inputs' and sat 7x below the other layers in a healthy run), nor the last weight tensor of the gap."""
    return bool(RECURRENT_WEIGHT.match(name.rsplit(".", 1)[-1]))


def output_block(names: list[str], outputs: list[int]) -> list[int]:
    """The last weight tensor (of ``outputs``, indices into ``names``) and its siblings: the weight tensors of the named
    modules beside its own in the last element of a list of layers ("layers.2.spline.weight" beside
    "layers.2.base.weight"). A Kolmogorov-Arnold layer sums two paths, each a weight tensor, into its outputs: as the
    last layer both are the output (fresh19: its spline coefficients initialised 300x sat 130x below the other layers,
    its base path at their median)."""
    *modules, _ = names[outputs[-1]].split(".")
    *parent, own = modules or [""]
    if not parent or own.isdigit() or not parent[-1].isdigit():
        # "fc.weight": a module of the root; "net.4.weight": a Sequential's last, its siblings the layers before it;
        # "h.11.mlp.c_proj.weight": a block's own module, its siblings the block's inner layers. Siblings are the named
        # modules of one element of a list of layers ("layers.2")
        return [outputs[-1]]
    return [i for i in outputs if names[i].split(".")[: len(parent)] == parent and names[i].count(".") == len(modules)]


def head_scale(initial: float, expected: float) -> float:
    """The scale for a classifier's output layer whose first loss ``initial`` exceeds the untrained ``expected`` (ln C):
    ``HEAD_EXCESS_SHARE`` x expected / the excess, one significant figure, at most ``INIT_SCALE``."""
    return min(INIT_SCALE, float(f"{HEAD_EXCESS_SHARE * expected / (initial - expected):.1g}"))


def gap_scale(gap: float) -> float:
    """The scale for an output layer whose first update/weight ratio sat ``gap`` times below the other layers': the
    inverse of the gap (an update's size hardly depends on the weights it is added to, so the ratio falls as the weights
    grow), one significant figure, at most ``INIT_SCALE``. The gaps of heads initialised 300x read 114-516 (1,019 for one
    at 1,000x, 15-18 at 30x); a tenth left a Deep SVDD's head, 322x below, dead (fresh25: retrained unchanged)."""
    return min(INIT_SCALE, float(f"{1.0 / gap:.1g}"))


def last_layer_gap(s: Signals, p: Params) -> Hit | None:
    """An output weight tensor (the last one, in parameter order, or one named as a head) whose first update/weight
    ratio is ``LAYER_GAP`` or more below the other weight tensors' median, on the first row that logs them (the
    recorder's per-tensor ratios), or None."""
    columns = [c for c in s.run.columns_like(RATIO_PREFIX.rstrip("/")) if is_weight(c[len(RATIO_PREFIX):])]
    if len(columns) < MIN_GAP_TENSORS:
        return None
    # only the rows early enough to show the init: a long log's whole per-parameter table would be gigabytes
    early = int(np.searchsorted(s.run.values("step"), initial_limit(s, p), side="right"))
    table = np.column_stack([np.asarray(s.run.values(c)[:early], dtype=float) for c in columns])
    finite = np.isfinite(table)
    logged = np.flatnonzero(finite.any(axis=1))  # the first row of per-layer ratios (a frozen layer's stay empty)
    if logged.size == 0:
        return None
    row = int(logged[0])
    first = int(s.run.values("step")[row])
    # a tensor that did not move at all is out of the comparison: no gradient reached it (an EGNN's last coordinate
    # MLP, whose positions nothing reads, sat at 0 beside a head initialised 300x)
    moved = finite[row] & (table[row] > 0)
    names = [c[len(RATIO_PREFIX):] for c, ok in zip(columns, moved) if ok]
    ratios = table[row][moved]
    tails = adaptive_tails(names)  # an adaptive softmax's tail clusters: neither the output layer nor its peers
    names = [name for i, name in enumerate(names) if i not in tails]
    ratios = np.delete(ratios, sorted(tails))
    if ratios.size < MIN_GAP_TENSORS:
        return None
    outputs = [i for i, name in enumerate(names) if not is_recurrent(name)]
    heads = {i for i in outputs if is_head(names[i])} | (set(output_block(names, outputs)) if outputs else set())
    if not heads:
        return None
    gaps = {i: float(np.median(np.delete(ratios, i))) / float(ratios[i]) for i in heads}
    worst = max(gaps, key=gaps.__getitem__)
    gap = gaps[worst]
    if gap < LAYER_GAP:
        return None
    if np.count_nonzero(np.delete(ratios, worst) < ratios[worst]) > GAP_BELOW_SHARE * (ratios.size - 1):
        return None  # above much of the rest: the median sits high because other layers started small, not the head large
    name, last, others = names[worst], float(ratios[worst]), float(np.median(np.delete(ratios, worst)))
    scale = gap_scale(gap)
    return Hit(
        step_start=first, step_end=first,
        message=(f"The output layer {name} starts with weights far too large: its first update/weight ratio {last:.2g} is "
                 f"{gap:.0f}x below the other layers' median {others:.2g}, so the first steps barely move it and the run "
                 "spends them undoing its init (last-layer weights too large)."),
        evidence={"first_update_ratio_last_layer": last, "first_update_ratio_other_layers": others, "layer_gap": gap},
        suggestion=(f"Initialise the output layer smaller (scale its weights by ~{scale:.1g} and zero its bias), or use "
                    "the framework's default init for it."),
        fix={"last_layer_init_scale": scale},
        explains=HEAD_EXPLAINS if gap >= HEAD_EXPLAINS_GAP else HEAD_INIT_EXPLAINS,
        explains_until=early_share_end(s),
    )


def loss_readings(s: Signals, p: Params) -> list[Hit]:
    """The first loss against ``expected_loss``: too high, summed over the batch (or its tokens), or too low."""
    e = expected_loss(s)
    if s.n == 0:
        return []
    first = int(s.steps[0])
    initial_step(s, p, first, "loss")
    initial = float(s.loss[0])  # the first loss is computed before any update: later ones may already blow up
    c, expected = e.c, e.loss
    ratio = initial / expected
    evidence: dict[str, float] = {"initial_loss": initial, "expected_loss": expected, "ratio": ratio}
    if e.value is None:
        evidence.update({"negatives": e.negatives} if e.negatives else {"num_classes": c})
    summed = summed_over(s, initial, expected, min(p.sum_tolerance, LISTWISE_SUM_TOLERANCE) if e.listwise else p.sum_tolerance)
    if summed is not None and ratio > p.max_ratio and not per_example_at_first_eval(s, summed[0] * summed[1]):
        batch, tokens = summed
        lm = plain_name(s.meta.get("task")) in LANGUAGE_MODEL_TASKS
        unit, symbol = ("tokens", "ln V") if lm else ("elements", e.symbol)
        over = f"batch_size x {e.symbol} = {batch} x {expected:.3g}" if tokens == 1 else (
            f"batch_size x {unit} x {symbol} = {batch} x {tokens} x {expected:.3g}")
        evidence.update(summed_expected=batch * tokens * expected, summed_over=batch * tokens)
        what = "the batch" if tokens == 1 else (
            f"the batch's {batch * tokens} {unit} ({tokens} per {'sequence' if lm else 'sample'})")
        return [Hit(
            step_start=first, step_end=first,
            message=(f"The initial loss {initial:.4g} is about {over} = {batch * tokens * expected:.4g}, not {e.symbol} = "
                     f"{expected:.3g}: the loss is summed over {what}, not averaged."),
            evidence=evidence,
            suggestion=SUM_ADVICE,
            fix={"reduction": "mean"},
            explains=SUM_EXPLAINS,
        )]
    if ratio > (p.max_ratio if e.value is None else max(p.max_ratio, LOOSE_MAX_RATIO)):
        scale = head_scale(initial, expected) if e.value is None else INIT_SCALE
        return [Hit(
            step_start=first, step_end=first,
            message=(f"The initial loss {initial:.4g} is {ratio:.1f}x {e.what}: the network starts "
                     + ("confidently wrong" if e.value is None else "with outputs far too large") + " (last-layer weights too large)."),
            evidence=evidence,
            suggestion=(f"Initialise the last layer smaller (scale its weights by ~{scale:.1g} and zero its bias) so the first "
                        + ("predictions are near uniform." if e.value is None else "outputs are small.")),
            fix={"last_layer_init_scale": scale},
            explains=HEAD_EXPLAINS if ratio >= HEAD_EXPLAINS_RATIO and batch_size(s) is not None else HEAD_INIT_EXPLAINS,
            explains_until=early_share_end(s),
        )]
    # a prior-set bias, two near-identical views, an embedding that separates its triplets at init: legitimately low
    low_readable = not (e.binary or e.contrastive or e.listwise or e.value is not None)
    if ratio < p.min_ratio and first <= 1 and low_readable and s.meta.get("pretrained") is not True:  # a fine-tune may start below ln C
        return [Hit(
            step_start=first, step_end=first,
            message=(f"The initial loss {initial:.4g} is only {ratio:.0%} of ln C = {expected:.3g} for {c} classes: an "
                     "untrained model cannot be that right; labels may leak into the inputs (or the model is pretrained)."),
            evidence=evidence,
            suggestion=("Check the data pipeline for label leakage (targets in the features, train/val overlap) and that the "
                        "loss is computed on the model's output. If the model starts from pretrained weights, say so: "
                        "\"pretrained\": true in run.json (record(..., meta={\"pretrained\": True}))."),
            fix={"check": "label_leakage"},
        )]
    return []


def chance_level(s: Signals) -> float | None:
    """The loss at chance, ln C, for a C-class cross-entropy run whose class count the metadata gives: a classification
    task, or a loss named as one cross-entropy whatever the task is called (a pointer network's over the positions)."""
    c = s.meta.get("num_classes")
    task = str(s.meta.get("task") or "").lower()
    named = named_cross_entropy(s)
    if not isinstance(c, (int, float)) or isinstance(c, bool) or c < MIN_CLASSES or (task and "class" not in task and not named):
        return None
    return float(np.log(c))


def untrained_level(s: Signals) -> tuple[float, str] | None:
    """The loss of a model that has learned nothing, and its name: chance, ln C, for a C-class cross-entropy; the
    noise's variance for a diffusion model's noise MSE; the margin for a triplet loss (wrong-initial-loss's)."""
    chance = chance_level(s)
    if chance is not None:
        return chance, f"chance level ln {s.meta.get('num_classes')} = {chance:.4g}"
    return untrained_loss(s)
