"""The fix-check bench's registry of cases, the checks on their curves, the families' setups and the fixes
applied to a Setup (``bench/fixcheck_runs.py`` documents the bench)."""

from __future__ import annotations

import argparse
import functools
import hashlib
import importlib
import inspect
import json
import math
import sys
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import torch
from torch import Tensor
from torch.nn import functional as F
from torch.optim import SGD, Adam, AdamW, Optimizer, RMSprop

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sample_logs"))  # the training harness
sys.path.insert(0, str(ROOT / "bench"))
import fixcheck_data as fd  # noqa: E402
from harness import (  # noqa: E402
    LN, SMOOTHED, Label, Setup, Trained, constant_after, cosine_after, cross_entropy, cyclic, exponential, exponential_to,
    lambda_lr, linear_decay_after, mlp, multistep, one_cycle, scaled_head, smoothed_ce, train, warm_restarts,
)  # fmt: skip
from labels_file import label_entry, write_labels  # noqa: E402

OUT = ROOT / "bench" / "out" / "fixcheck"
CACHE = OUT / "cache"
HALVES: dict[str, tuple[str, ...]] = {
    "tune": ("spiral", "arith", "sensor", "marker"),
    "holdout": ("shapes", "adding", "hmm", "docs"),
    "fresh": ("signals", "ratings", "tabres", "mixer"),
    "fresh2": ("graph", "contrast", "forecast", "multilabel"),
    "fresh3": ("segment", "seq2seq", "points", "distill"),
    "fresh4": ("vae", "mlm", "detect", "sgns"),
    "fresh5": ("flow", "diffuse", "triplet", "mobile"),
    "fresh6": ("ctc", "mdn", "rank", "mil"),
    "fresh7": ("pinn", "survival", "moe", "sae"),
    "fresh8": ("crf", "pixelcnn", "siren", "multitask"),
    "fresh9": ("kge", "quantile", "convgru", "node"),
    "fresh10": ("pointer", "ordinal", "gin", "ctr"),
    "fresh11": ("capsule", "vqvae", "tcn", "fasttext"),
    "fresh12": ("gpt", "deepsets", "mixup", "fqi"),
    "fresh13": ("ftt", "dkt", "dncnn", "nam"),
    "fresh14": ("lora", "hyper", "perceiver", "koopman"),
    "fresh15": ("ssm", "gat", "nca", "ebm"),
    "fresh16": ("trees", "egnn", "memnet", "wavenet"),
    "fresh17": ("cnp", "deq", "bnn", "slots"),
    "fresh18": ("mae", "hnn", "nbeats", "negbin"),
    "fresh19": ("fno", "kan", "qat", "lstmlm"),
    "fresh20": ("made", "espcn", "sage", "vit"),
    "fresh21": ("nerf", "cvae", "seg1d", "gru4rec"),
    "fresh22": ("convnext", "simsiam", "ncf", "lstmae"),
    "fresh23": ("arcface", "lista", "tpp", "gumbel"),
    "fresh24": ("snn", "maml", "tabnet", "ntm"),
    "fresh25": ("bandit", "dual", "svdd", "sinkhorn"),
    "fresh26": ("deeponet", "addt", "deepar", "dkl"),
    "fresh27": ("relnet", "grud", "linattn", "tasnet"),
    "fresh28": ("stn", "dann", "protonet", "kws"),
    "fresh29": ("vrnn", "han", "stgcn", "density"),
    "fresh30": ("gae", "cpc", "inception", "focal"),
    "fresh31": ("caption", "barlow", "textcnn", "siamese"),
    "fresh32": ("postag", "robust", "keypoint", "bclone"),
    "fresh33": ("denoise", "settf", "bpr", "poireg"),
    "fresh34": ("gatedcnn", "flowmatch", "hsoftmax", "shufflenet"),
    "fresh35": ("senet", "sumgru", "attnpool", "highway"),
    "fresh36": ("lenet", "wrn", "rbfnet", "cheb"),
    "fresh37": ("hopfield", "bytecnn", "condconv", "logcosh"),
    "fresh38": ("resnext", "crossnet", "ngram", "monotone"),
    "fresh39": ("gmlp", "mpnn", "multimargin", "deconv"),
    "fresh40": ("resmlp", "bahdanau", "lasso", "betareg"),
    "fresh41": ("squeezenet", "ggnn", "cbow", "dice"),
    "fresh42": ("densenet", "biaffine", "huberreg", "mixhop"),
    "fresh43": ("xception", "indrnn", "nalu", "tweedie"),
    "fresh44": ("maxout", "film", "deepfm", "convmixer"),
    "fresh45": ("ghostnet", "qrnn", "gammareg", "sgc"),
    "fresh46": ("coordconv", "mingru", "widedeep", "vonmises"),
    "fresh47": ("tabtransformer", "conformer", "gcnii", "cauchyreg"),
    "fresh48": ("swin", "pna", "tsmixer", "tobit"),
    "fresh49": ("retnet", "hgnn", "cfc", "zipreg"),
    "fresh51": ("lstnet", "rgcn", "sparseattn", "laplacenll"),
    "fresh52": ("hyena", "edgeconv", "poolformer", "expectile"),
    "fresh53": ("rwkv", "jknet", "involution", "studentt"),
    "fresh54": ("gatedgcn", "cvt", "lmu", "lognormal"),
    "fresh55": ("mlstm", "graphtransformer", "resnest", "evidential"),
    "fresh56": ("fnet", "schnet", "res2net", "dirichletreg"),
    "fresh57": ("patchtst", "clockwork", "diffpool", "autoint"),
    "fresh58": ("esim", "sasrec", "repvgg", "skewnormal"),
    "fresh59": ("tft", "octconv", "sign", "mixlogistic"),
    "fresh60": ("mamba", "din", "dpn", "betabinomial"),
    "fresh61": ("transformerxl", "hrnet", "sortpool", "gevreg"),
    "fresh62": ("alibi", "pointnet", "lightgcn", "invgauss"),
    "fresh63": ("efficientnet", "autoformer", "moco", "kumaraswamy"),
    "fresh64": ("linformer", "unet", "xdeepfm", "loglogistic"),
    "fresh65": ("utransformer", "fractalnet", "graphunet", "hurdle"),
    "fresh66": ("ropelm", "netvlad", "aspp", "skellam"),
    "fresh68": ("electra", "dino", "itransformer", "rician"),
    "fresh70": ("treelstm", "cbam", "timesnet", "nakagami"),
    "fresh72": ("performer", "fibinet", "nhits", "johnsonsu"),
    "fresh74": ("lambdanet", "sru", "afm", "exgauss"),
    "fresh76": ("sknet", "phasedlstm", "esmm", "compoisson"),
    "fresh78": ("pvt", "onlstm", "nfm", "lomax"),
    "fresh80": ("coatnet", "deephit", "twotower", "deepsdf"),
    "fresh82": ("levit", "dcrnn", "ffm", "zinb"),
    "fresh84": ("cait", "scinet", "ipnn", "frechet"),
    "fresh86": ("volo", "fedformer", "autodis", "birnbaum"),
    "fresh88": ("twins", "esrnn", "dcap", "gumbelmax"),
    "fresh90": ("davit", "segrnn", "finalmlp", "nig"),
    "fresh92": ("focalnet", "lightts", "fwfm", "betanegbin"),
    "fresh94": ("blurpool", "cornn", "autorec", "crps"),
    "fresh96": ("mixnet", "ligru", "tabm", "gennorm"),
    "fresh97": ("cspnet", "antisym", "modernnca", "alaplace"),
    "fresh98": ("vovnet", "fsmn", "periodic", "dweibull"),
    "fresh99": ("nin", "janet", "gandalf", "hypsecant"),
    "fresh100": ("pyramidnet", "rhn", "fmfm", "rayleigh"),
    "fresh101": ("dilnet", "mgu", "ccpm", "maxwell"),
    "fresh102": ("locnet", "ugrnn", "gdcn", "lindley"),
    "fresh103": ("dla", "scrn", "hofm", "invgamma"),
    "fresh104": ("nlnet", "irnn", "afn", "yule"),
    "fresh105": ("gabor", "fastgrnn", "pin", "logseries"),
    "fresh106": ("harmonic", "lrunit", "oblivious", "borel"),
    "fresh107": ("bilinear", "lem", "dlrm", "poilindley"),
    "fresh108": ("sppnet", "dilrnn", "multdae", "ztpois"),
    "fresh109": ("bagnet", "spectro", "qrembed", "vmf"),
    "fresh110": ("shift", "esn", "ple", "wcauchy"),
    "fresh111": ("haar", "lnlstm", "ppgn", "oprobit"),
    "fresh112": ("chamfer", "cepstral", "corn", "onefactor"),
    "fresh113": ("regnet", "hawk", "narm", "levy"),
    "fresh114": ("radon", "dynfir", "anfis", "emd"),
    "fresh115": ("gconv", "exprnn", "gcmc", "cbern"),
    "fresh116": ("morpho", "volterra", "pursuit", "softdtw"),
    "fresh50": ("mobilevit", "appnp", "dlinear", "weibull"),
    "fresh67": ("glove", "vicreg", "nystrom", "truncnorm"),
    "fresh69": ("saint", "mmoe", "caser", "genpareto"),
    "fresh71": ("advtrain", "mos", "dien", "burr"),
    "fresh73": ("spanqa", "botnet", "gprgnn", "adaptivesm"),
    "fresh75": ("funnel", "armagnn", "circleloss", "dirmult"),
    "fresh77": ("albert", "fagcn", "proxyanchor", "gompertz"),
    "fresh79": ("stackrnn", "tagcn", "plackettluce", "bivnorm"),
    "fresh81": ("synthesizer", "mqrnn", "masknet", "gengamma"),
    "fresh83": ("crossvit", "informer", "bst", "betaprime"),
    "fresh85": ("nat", "dpcnn", "mind", "logitnormal"),
    "fresh87": ("hornet", "crossformer", "bert4rec", "dagum"),
    "fresh89": ("sincnet", "pyraformer", "sasgnn", "zaga"),
    "fresh91": ("ccnet", "tide", "linkx", "genpoisson"),
    "fresh93": ("sequencer", "tdnn", "dagnn", "expweibull"),
    "fresh95": ("gfnet", "quartznet", "dnf", "shash"),
}
HALF_OF = {family: half for half, families in HALVES.items() for family in families}
SEEDS = (0, 1)
HEALTHY_MARGIN = 0.1
"""A healthy run's lr is near its best: neither neighbour of the lr grid ends with a held-out loss this share lower."""
CONFIRM_RATIO = 0.95
"""A fault counts when the counterfactual's mean held-out loss is at most this times the faulty run's."""
GRID = tuple(10 ** (k / 2 - 2) for k in range(9))
"""The lr grid: factors on the run's lr, 9 log-spaced over 4 decades (1 is the run itself)."""
LR_KINDS = ("lr-high", "lr-low", "lr-growth", "plateau", "missing-warmup", "premature-decay")
"""Kinds whose lr grid is trained with the runs (any other run's grid is trained when an lr fix needs it)."""

LABELS_HEADER = """\
# Labels of the fix-check runs: written by bench/fixcheck_runs.py beside the logs it trains; do not edit by hand.
# Same schema as sample_logs/labels.toml. A faulty run is labelled with its rules only where its counterfactual
# (the same run with the fault removed) ends with a held-out loss at least 5% lower over two seeds, and lower at
# each seed; the comment above each run gives both. "dead-units" is the rule issue 15 adds.
"""


# --------------------------------------------------------------------------- cases


ShapeCheck = Callable[[Trained], tuple[bool, str]]
CHECKS: set[str] = set()


def check_fn(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a function as a check on the curves (not part of what a run computes)."""
    CHECKS.add(fn.__name__)
    return fn


@dataclass(frozen=True)
class Case:
    """One labelled run: its faulty (or healthy) Setup, the counterfactual, the expected rules and a check
    that the construction shows on the curves."""

    name: str
    family: str
    kind: str  # "healthy" or the fault kind
    make: Callable[[], Setup]
    counterfactual: Callable[[Setup], Setup] | None = None
    cf_what: str = ""  # what the counterfactual changes, for the note
    early_stop_cf: bool = False  # the counterfactual stops at the best evaluation (same trajectory until then)
    must_fire: tuple[str, ...] = ()
    may_fire: tuple[str, ...] = ()
    lookalike_for: tuple[str, ...] = ()
    fault_step: int | Callable[[Trained], int | None] | None = None
    tolerance_steps: int | None = None
    shape: ShapeCheck | None = None

    @property
    def half(self) -> str:
        return HALF_OF[self.family]

    @property
    def healthy(self) -> bool:
        return self.kind == "healthy"

    def setup(self) -> Setup:
        """The run as recorded (seed 0)."""
        s = self.make()
        folder = OUT / (self.half + ("-epoch" if s.log_per_epoch else ""))
        tags = {"set": f"fixcheck-{self.half}", "family": self.family} | dict(s.tags)
        return replace(s, name=self.name, out=folder, tags=tags, shuffle_offset=3000)

    @property
    def folder(self) -> Path:
        out = self.setup().out
        assert out is not None
        return out

    @property
    def path(self) -> Path:
        return self.folder / f"{self.name}.csv"

    @property
    def grid_wanted(self) -> bool:
        return self.kind.startswith(LR_KINDS)

    def fingerprint(self) -> str:
        """Changes when the scenario's code changes: its function, the functions and classes of the bench's modules
        (``RUNS_MODULES`` and the families') that it names (followed through their own code), or the harness.
        Read once a process (the code does not change while it runs; a cached training is checked against it many
        times)."""
        found = FINGERPRINTS.get(self.name)
        if found is None:
            found = FINGERPRINTS[self.name] = hashlib.sha1((code_of(self.make) + HARNESS_TEXT).encode()).hexdigest()[:12]
        return found


CASES: dict[str, Case] = {}
FINGERPRINTS: dict[str, str] = {}
"""Each case's fingerprint, by name, once computed in this process."""
HARNESS_TEXT = (ROOT / "sample_logs" / "harness.py").read_text()
NOT_CODE = {"_", "case", "Case", "code_of", "first_nan", "losses", "head", "tail", "fmt", "finite", "main"}
"""Names whose code does not change what a run computes: the registry, and (with ``CHECKS``) the checks on the
curves, which run on the cached curves of the recorded run; and the command line (``main``: "a main effect" in the
xDeepFM data's docstring made every new half's ``--half`` choice change its runs' fingerprints)."""

RUNS_MODULES: list[ModuleType] = [sys.modules[__name__]]
"""The modules whose functions and classes a case's runs may use, beside the families' (``fd``): this one, each half's
cases (``bench/fixcheck_cases``) and the runner's (``bench/fixcheck_runs.py``), once ``load_cases`` has run."""


def load_cases(runner: ModuleType) -> None:
    """Register every half's cases (``bench/fixcheck_cases``, in the order of ``HALVES``); ``runner``: the module that
    trains them (``__main__`` when ``bench/fixcheck_runs.py`` is run), whose code a case's fingerprint may name too."""
    for half in HALVES:
        module = importlib.import_module(f"fixcheck_cases.{half}")
        if module not in RUNS_MODULES:
            RUNS_MODULES.append(module)
    if runner not in RUNS_MODULES:
        RUNS_MODULES.append(runner)


@functools.cache
def code_scope(runs: tuple[ModuleType, ...]) -> tuple[dict[str, Any], frozenset[str]]:
    """The names of ``runs`` (``RUNS_MODULES``) in one mapping (each bound in one module only:
    ``tests/test_bench_names.py``), and the names of the modules whose functions and classes count as a case's code:
    these and the families' that ``fd`` gathers. Built once for each set of modules (the cases' fingerprints ask for it
    thousands of times)."""
    names: dict[str, Any] = {}
    for module in runs:
        names.update(vars(module))
    families = {module for value in vars(fd).values() if isinstance(module := getattr(value, "__module__", None), str)
                and module.startswith("fixcheck_families.")}
    return names, frozenset({fd.__name__, *(module.__name__ for module in runs), *families})


@functools.cache
def source_of(obj: Any) -> str:
    """``inspect.getsource``, once per object: for a class it parses the whole module (one half's, a few hundred lines;
    when every half was one module of 56,000 lines, the fingerprints of all cases took 19 minutes, now under half a minute)."""
    return inspect.getsource(obj)


def code_of(fn: Callable[..., Any]) -> str:
    """The source of ``fn`` and of every function or class of the bench's modules it names (``fixcheck_data``'s
    families and ``RUNS_MODULES``), recursively: what a scenario's runs depend on, beyond the harness. Every
    identifier of the code counts, in its strings and comments too."""
    import re

    runs, modules = code_scope(tuple(RUNS_MODULES))
    scopes = (vars(fd), runs)
    seen: dict[str, str] = {}
    todo = [source_of(fn)]
    while todo:
        src = todo.pop()
        for name in set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", src)):
            if name in seen or name in NOT_CODE or name in CHECKS:
                continue
            obj = next((scope[name] for scope in scopes if name in scope), None)
            obj = inspect.unwrap(obj) if callable(obj) else obj  # lru_cache'd data sets
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and getattr(obj, "__module__", "") in modules:
                seen[name] = source_of(obj)
                todo.append(seen[name])
    return source_of(fn) + "".join(seen[k] for k in sorted(seen))


def case(name: str, family: str, kind: str, *, cf: Callable[[Setup], Setup] | None = None, cf_what: str = "",
         early_stop_cf: bool = False, must: tuple[str, ...] = (), may: tuple[str, ...] = (),
         like: tuple[str, ...] = (), fault_step: int | Callable[[Trained], int | None] | None = 1,
         tol: int | None = None, shape: ShapeCheck | None = None) -> Callable[[Callable[[], Setup]], Callable[[], Setup]]:  # fmt: skip
    """Register the function below as the Setup of run ``name`` (a fault of ``kind``, or "healthy")."""

    def register(make: Callable[[], Setup]) -> Callable[[], Setup]:
        assert name not in CASES and "." not in name, name  # a dot would split the labels.toml key
        assert family in HALF_OF, family
        healthy = kind == "healthy"
        assert healthy == (cf is None and not early_stop_cf), name
        CASES[name] = Case(name, family, kind, make, cf, cf_what, early_stop_cf, must, may, like,
                           None if healthy else fault_step, None if healthy else tol, shape)  # fmt: skip
        return make

    return register


def cases_of(half: str | None = None, only: str | None = None) -> list[Case]:
    return [c for c in CASES.values() if (half in (None, "all", c.half)) and (only is None or only in c.name)]


# --------------------------------------------------------------------------- checks on the curves


def losses(t: Trained) -> np.ndarray:
    return np.array(t.losses, dtype=float)


def tail(t: Trained, frac: float = 0.1) -> float:
    x = losses(t)
    return float(np.nanmedian(x[-max(3, int(frac * len(x))) :]))


def head(t: Trained, n: int = 10) -> float:
    return float(np.nanmedian(losses(t)[:n]))


def signed_times(x: float, factor: float) -> float:
    """``x`` times ``factor`` for a loss at or above 0; for one below 0 (a negative log-likelihood can be) ``x``
    moved by the same share of its size the same way, x (2 - factor): "10% above the best" stays above it."""
    return x * factor if x >= 0 else x * (2 - factor)


def first_nan(t: Trained) -> int | None:
    bad = np.flatnonzero(~np.isfinite(losses(t)))
    return int(bad[0]) + 1 if len(bad) else None


@check_fn
def healthy_shape(classes: int | None = None, fall: float = 0.6, pretrained: bool = False) -> ShapeCheck:
    """Finite, the loss (median of the last 10%) under ``fall`` x the loss of step 1, the last evaluation
    within 10% of the best; for C classes a first loss within 30% of ln C (a fine-tune: below it)."""

    def check(t: Trained) -> tuple[bool, str]:
        vals = [v for _, v in sorted(t.val_losses.items())]
        best, last = min(vals), vals[-1]
        ok = first_nan(t) is None and tail(t) < fall * t.losses[0] and last <= signed_times(best, 1.1)
        note = f"loss {t.losses[0]:.3f} at step 1 -> {tail(t):.3f}; val loss best {best:.4g}, last {last:.4g}"
        if classes:
            ratio = t.losses[0] / LN(classes)
            ok &= ratio < 1.0 if pretrained else abs(ratio - 1) < 0.3
            note += f"; first loss {t.losses[0]:.3f} (ln {classes} = {LN(classes):.3f})"
        return bool(ok), note

    return check


@check_fn
def at_chance(level: float, what: str) -> ShapeCheck:
    """An early blow-up that leaves the model at chance: the last half of the losses has a median within
    8% of ``level`` (ln C, or the unigram entropy of an LM), after a loss above it or a gradient burst."""

    def check(t: Trained) -> tuple[bool, str]:
        x = losses(t)
        late = float(np.nanmedian(x[len(x) // 2 :]))
        g = np.array(t.grad_norms)
        burst = float(np.nanmax(g[: len(g) // 5]) / np.nanmedian(g[: 5]))
        ok = abs(late / level - 1) < 0.08
        return ok, f"loss {head(t):.3f} -> max {np.nanmax(x):.3g}; median of the last half {late:.3f} vs {what} {level:.3f}; grad norm burst x{burst:.0f}"

    return check


@check_fn
def nan_within(lo: int, hi: int) -> ShapeCheck:
    """The first non-finite loss at a step in [lo, hi]."""

    def check(t: Trained) -> tuple[bool, str]:
        bad = first_nan(t)
        return bad is not None and lo <= bad <= hi, f"first non-finite loss at step {bad}; loss at step 1 {t.losses[0]:.3f}"

    return check


@check_fn
def rises_after_dip(factor: float = 1.25) -> ShapeCheck:
    """The running median of the loss ends ``factor`` above its minimum (or gave back half the descent)."""

    def check(t: Trained) -> tuple[bool, str]:
        x = losses(t)
        w = max(5, len(x) // 40)
        smooth = np.array([np.nanmedian(x[max(0, i - w) : i + w + 1]) if np.isfinite(x[max(0, i - w) : i + w + 1]).any()
                           else np.nan for i in range(0, len(x), max(1, w // 2))])  # fmt: skip
        if not np.isfinite(smooth).any():
            return False, "no finite loss"
        low = int(np.nanargmin(smooth))
        start, best, end = smooth[0], smooth[low], smooth[-1]
        ok = np.isfinite(end) and (end > signed_times(best, factor) or end - best > 0.5 * (start - best))
        return bool(ok), f"running-median loss {start:.3f} -> best {best:.3f} at {low / len(smooth):.0%} of the run -> {end:.3f} at the end"

    return check


@check_fn
def spiky(min_spikes: int = 3, above: float = 2.0) -> ShapeCheck:
    """At least ``min_spikes`` separate excursions of the loss above ``above`` x its running median after the
    first 10% of the run."""

    def check(t: Trained) -> tuple[bool, str]:
        x = losses(t)
        w = max(10, len(x) // 50)
        med = np.array([np.nanmedian(x[max(0, i - w) : i + w + 1]) for i in range(len(x))])
        hot = (x > above * med) & (np.arange(len(x)) > len(x) // 10)
        starts = int(np.sum(hot[1:] & ~hot[:-1]))
        return starts >= min_spikes, f"{starts} excursions above {above}x the running median; loss {head(t):.3f} -> {tail(t):.3f}"

    return check


@check_fn
def never_below_start(t: Trained) -> tuple[bool, str]:
    """Steady oscillation at a constant lr that never gets below its start: the median of the last 70%
    above the loss of step 1, with point-to-point swings of at least 5% of it."""
    x = losses(t)
    late = x[int(0.3 * len(x)) :]
    swing = float(np.nanmedian(np.abs(np.diff(late))))
    ok = np.nanmedian(late) >= x[0] and swing > 0.05 * np.nanmedian(late)
    return bool(ok), f"loss {x[0]:.3f} at step 1, median {np.nanmedian(late):.3f} over the last 70%, median swing {swing:.3f}"


@check_fn
def grad_burst(lo: float, hi: float, within: int = 12) -> ShapeCheck:
    """The gradient norm jumps ``lo``-``hi`` x its value at step 1 within the first ``within`` steps and the loss
    stays above its value before the jump."""

    def check(t: Trained) -> tuple[bool, str]:
        g = np.array(t.grad_norms)
        base = float(g[0])
        peak = int(np.nanargmax(g[:within]))
        jump = float(g[peak] / base)
        x = losses(t)
        ok = lo <= jump <= hi and tail(t) > x[max(0, peak - 1)] * 0.9
        return bool(ok), f"grad norm {base:.3g} -> {g[peak]:.3g} at step {peak + 1} (x{jump:.0f}); loss {x[max(0, peak - 1)]:.3f} before, {tail(t):.3f} at the end"

    return check


@check_fn
def first_loss_above(ratio: float, expected: float, what: str) -> ShapeCheck:
    def check(t: Trained) -> tuple[bool, str]:
        r = t.losses[0] / expected
        return r > ratio, f"loss at step 1 {t.losses[0]:.4g} = {r:.0f} x {what} {expected:.3f}; {tail(t):.3f} at the end"

    return check


@check_fn
def dead_from(t: Trained) -> tuple[bool, str]:
    """Every weight tensor's gradient exactly zero over the last half of the run (only biases move)."""
    z = np.array(t.zero_weight_grads)
    n = t.weight_tensors
    all_dead = z == n
    from_step = next((i for i in range(len(z)) if all_dead[i:].all()), None)
    ok = from_step is not None and from_step < len(z) // 2
    return ok, (f"all {n} weight gradients exactly zero from step {from_step + 1 if from_step is not None else None} on; "
                f"loss {head(t):.3f} -> {tail(t):.3f}")  # fmt: skip


def loss_written_non_finite(log: Path) -> bool:
    """Whether the log's training loss column holds a NaN or inf the recorder wrote (not an empty cell): the loss turned
    non-finite, whatever did it, so non-finite-loss's report is true of the run and it may fire there."""
    if not log.is_file():
        return False
    import pandas as pd

    loss = pd.read_csv(log, usecols=["loss"], dtype={"loss": str}, keep_default_na=False)["loss"].str.strip().str.lower()
    return bool(loss.isin(("nan", "inf", "-inf")).any())


def dead_weight_tensors(log: Path) -> list[str]:
    """The weight tensors (not biases: ``bias``, ``bias_ih_l0`` ...) whose logged gradient norm is exactly 0.0, or
    6 orders of magnitude below its finite peak before (issue 15's definition of dead units), at every value logged
    in the last half of its logged values: their units died or saturated, whatever did it (a blow-up, a summed
    loss), so dead-units' report is true of the run and it may fire there (it must only where dead units are the
    fault)."""
    if not log.is_file():
        return []
    import pandas as pd

    table = pd.read_csv(log)
    dead = []
    for column in (c for c in table.columns if c.startswith("grad_norm/")):
        name = column.removeprefix("grad_norm/")
        if name.rsplit(".", 1)[-1].startswith("bias"):
            continue
        norms = table[column].dropna().to_numpy()
        if norms.size < 4:
            continue
        early, late = norms[: norms.size // 2], norms[norms.size // 2 :]
        peak = early[np.isfinite(early)].max(initial=0.0)
        if ((late == 0) | (late <= peak * 1e-6)).all():
            dead.append(name)
    return dead


def first_dead(t: Trained) -> int | None:
    """The step from which every weight gradient is exactly zero (dead-units' fault: where the units died)."""
    z = np.array(t.zero_weight_grads)
    all_dead = z == t.weight_tensors
    return next((i + 1 for i in range(len(z)) if all_dead[i:].all()), None)


@check_fn
def still_falling(t: Trained) -> tuple[bool, str]:
    """lr too low: the loss still falls over the last quarter and has not halved its distance... (slow)."""
    x = losses(t)
    q = len(x) // 4
    a, b = float(np.nanmedian(x[-2 * q : -q])), float(np.nanmedian(x[-q:]))
    return b < a, f"loss {head(t):.3f} -> {a:.3f} (third quarter) -> {b:.3f} (last quarter)"


@check_fn
def early_peak(factor: float, frac: float = 0.15) -> ShapeCheck:
    """The loss peaks above ``factor`` x its first value within the first ``frac`` of the run, then settles."""

    def check(t: Trained) -> tuple[bool, str]:
        x = losses(t)
        k = max(5, int(frac * len(x)))
        peak = int(np.nanargmax(x[:k]))
        ok = x[peak] > factor * x[0]
        return bool(ok), f"loss {x[0]:.3f} at step 1, {x[peak]:.3f} at step {peak + 1}, {tail(t):.3f} at the end"

    return check


@check_fn
def early_rise(factor: float, frac: float = 0.15) -> ShapeCheck:
    """An unstable start: within the first ``frac`` of the run the loss climbs ``factor`` x above its lowest
    value so far."""

    def check(t: Trained) -> tuple[bool, str]:
        x = losses(t)[: max(5, int(frac * len(t.losses)))]
        low = np.minimum.accumulate(x)
        i = int(np.nanargmax(x / low))
        return bool(x[i] / low[i] >= factor), (f"loss {x[0]:.3f} at step 1; at step {i + 1} {x[i]:.3f}, {x[i] / low[i]:.1f}x "
                                               f"its lowest so far; {tail(t):.3f} at the end")  # fmt: skip

    return check


@check_fn
def lr_down_by(factor: float, within: int) -> ShapeCheck:
    def check(t: Trained) -> tuple[bool, str]:
        drop = float(t.lrs[: within].min() / t.lrs.max())
        return drop <= factor, f"lr down to {drop:.2g} of its peak by step {within}; loss {head(t):.3f} -> {tail(t):.3f}"

    return check


@check_fn
def flat_late(t: Trained) -> tuple[bool, str]:
    """A plateau: the last 50% of the losses falls by less than 5% (median of its first and last tenth)."""
    x = losses(t)
    half = x[len(x) // 2 :]
    k = max(5, len(half) // 10)
    a, b = float(np.nanmedian(half[:k])), float(np.nanmedian(half[-k:]))
    return b > signed_times(a, 0.95), f"loss {head(t):.3f} -> {a:.4g} at mid-run -> {b:.4g} at the end"


@check_fn
def overfits(t: Trained) -> tuple[bool, str]:
    vals = sorted(t.val_losses.items())
    best_i = int(np.argmin([v for _, v in vals]))
    best_step, best = vals[best_i][0] + 1, vals[best_i][1]
    last = vals[-1][1]
    return last > signed_times(best, 1.1), f"val loss best {best:.3f} at step {best_step} ({len(vals)} evaluations), {last:.3f} at the end; train loss {tail(t):.3f} at the end"


@check_fn
def anything(t: Trained) -> tuple[bool, str]:
    return True, f"loss {head(t):.3f} -> {tail(t):.3f}"


# --------------------------------------------------------------------------- the families' setups


def opt(name: str) -> tuple[type[Optimizer], dict[str, Any]]:
    return {
        "sgd": (SGD, {}), "sgdm": (SGD, {"momentum": 0.9}), "nesterov": (SGD, {"momentum": 0.9, "nesterov": True}),
        "adam": (Adam, {}), "adamw": (AdamW, {"weight_decay": 0.01}), "rmsprop": (RMSprop, {}),
    }[name]  # fmt: skip


def setup(data: fd.Data, model: Callable[[], Any], optimizer: str, lr: float, steps: int, **knobs: Any) -> Setup:
    o, args = opt(optimizer)
    return Setup(name="", data=data, model=model, optimizer=o, opt_args=args | knobs.pop("opt_args", {}), lr=lr,
                 steps=steps, **knobs)  # fmt: skip


def spiral(optimizer: str, lr: float, steps: int = 1500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 150)
    return setup(knobs.pop("data", None) or fd.spiral_arms(), knobs.pop("model", None) or (lambda: mlp([12, 64, 64, 5])),
                 optimizer, lr, steps, **knobs)  # fmt: skip


def arith(optimizer: str, lr: float, steps: int = 700, kind: str = "lstm", **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 100)
    return setup(fd.arithmetic(), knobs.pop("model", None) or (lambda: fd.arith_rnn(kind, 48)), optimizer, lr, steps, **knobs)


def sensor(optimizer: str, lr: float, steps: int = 1500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 150)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse")
    return setup(fd.sensor_traces(), knobs.pop("model", None) or fd.sensor_ae, optimizer, lr, steps, **knobs)


def marker(optimizer: str, lr: float, steps: int = 500, pre_ln: bool = False, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    return setup(knobs.pop("data", None) or fd.marker_majority(), knobs.pop("model", None)
                 or (lambda: fd.marker_transformer(pre_ln)), optimizer, lr, steps, **knobs)  # fmt: skip


def shapes(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    return setup(knobs.pop("data", None) or fd.shape_images(), knobs.pop("model", None) or fd.ShapeCNN, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def adding(optimizer: str, lr: float, steps: int = 800, kind: str = "lstm", **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 100)
    return setup(fd.adding_problem(), knobs.pop("model", None) or (lambda: fd.SeqClassifier(kind)), optimizer, lr,
                 steps, **knobs)  # fmt: skip


def hmm(optimizer: str, lr: float, steps: int = 500, pre_ln: bool = True, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    return setup(fd.hmm_tokens(), knobs.pop("model", None) or (lambda: fd.hmm_transformer(pre_ln)), optimizer, lr,
                 steps, **knobs)  # fmt: skip


def docs(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    return setup(knobs.pop("data", None) or fd.doc_counts(), fd.softmax_regression, optimizer, lr, steps, **knobs)


def imputed(data: fd.Data) -> fd.Data:
    """The data with its missing values (NaN) replaced by 0, the mean of a standardised feature."""
    return replace(data, x=torch.nan_to_num(data.x, nan=0.0))


def lr_to(lr: float) -> Callable[[Setup], Setup]:
    return lambda s: replace(s, lr=lr)


# --------------------------------------------------------------------------- fixes applied to a Setup


def steps_per_epoch(s: Setup) -> int:
    return max(1, s.data.steps_per_epoch() // s.accum)


class Delayed:
    """A scheduler whose first ``delay`` iterations hold the lr where it starts: the schedule runs that much
    later (premature-decay's fix, "decay later"). Stepped per epoch, the delay is in whole epochs."""

    def __init__(self, inner: Any, delay_steps: int, per_epoch_steps: int) -> None:
        self.inner, self.calls = inner, 0
        self.delay = delay_steps // per_epoch_steps if per_epoch_steps > 1 else delay_steps

    def step(self, *args: Any) -> None:
        self.calls += 1
        if self.calls > self.delay:
            self.inner.step(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def delayed(schedule: Callable[..., Any], delay: int) -> Callable[..., Any]:
    def make(optimizer: Any, s: Setup) -> Any:
        inner = schedule(optimizer, s)
        if isinstance(inner, torch.optim.lr_scheduler.ReduceLROnPlateau):
            return inner  # it decays on the validation loss, not by the clock: nothing to delay
        return Delayed(inner, delay, steps_per_epoch(s) if s.per_epoch else 1)

    return make


def apply_fix(s: Setup, fix: Mapping[str, Any], peak_lr: float) -> tuple[Setup, dict[str, Any], dict[str, str]]:
    """``s`` with the keys of lrdoctor's ``fix`` applied that this bench knows, those values, and why each other
    key was not applied. ``lr`` sets the run's peak lr (``peak_lr``: the faulty run's), keeping the schedule's
    shape; with ``schedule`` "constant" (a schedule that grows the lr to the end) the schedule is dropped and ``lr`` is
    the constant lr. Step values of a per-epoch log are epochs (Keras numbers them from 0: epoch e ends after e + 1)."""
    applied: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    unit = steps_per_epoch(s) if s.log_per_epoch else 1
    constant = fix.get("schedule") == "constant"
    if constant:
        s, applied["schedule"] = replace(s, schedule=None, schedule_name=None), "constant"

    def steps(v: Any) -> int:
        return int(v) * unit if unit == 1 else (int(v) + 1) * unit

    for key, value in fix.items():
        if key == "schedule":
            continue  # applied above, before the lr it changes the meaning of
        if key == "lr" and isinstance(value, (int, float)) and value > 0:
            s, applied[key] = replace(s, lr=float(value) if constant else s.lr * float(value) / peak_lr), float(value)
        elif key == "lr_factor" and isinstance(value, (int, float)) and value > 0:  # a log that does not say its lr
            s, applied[key] = replace(s, lr=s.lr * float(value)), float(value)
        elif key == "warmup_steps" and value:
            s, applied[key] = replace(s, warmup_steps=steps(value)), int(value)
        elif key == "max_grad_norm" and isinstance(value, (int, float)) and value > 0:
            s, applied[key] = replace(s, max_grad_norm=float(value)), float(value)
        elif key == "early_stop_step" and (value or (s.log_per_epoch and value == 0)):  # Keras' epoch 0 is a whole epoch
            s, applied[key] = replace(s, early_stop_step=max(1, steps(value))), int(value)
        elif key == "decay_step" and value and "decay_from" in fix:
            if s.schedule is None or s.schedule_name == "plateau":
                skipped[key] = "no schedule of its own to delay"
            else:
                delay = max(steps(value) - steps(fix["decay_from"]), 0)
                s, applied[key] = replace(s, schedule=delayed(s.schedule, delay)), int(value)
                applied["decay_from"] = int(fix["decay_from"])
        elif key == "decay_from":
            continue  # read with decay_step
        elif key == "decay_step" and value:
            s, applied[key] = replace(s, decay_step=steps(value)), int(value)
        elif key == "create_optimizer_once" and value:
            s, applied[key] = replace(s, recreate_optimizer_at=()), True
        elif key == "checkpoint_optimizer_state" and value:
            s, applied[key] = replace(s, keep_optimizer_state=True), True
        elif key == "stable_loss" and value:
            if s.safe_loss_fn is None:
                skipped[key] = "the run's loss has no unsafe operation"
            else:
                s, applied[key] = replace(s, loss_fn=s.safe_loss_fn), True
        elif key == "reduction" and value == "mean":
            if s.mean_loss_fn is None:
                skipped[key] = "the run's loss is already a mean"
            else:
                s, applied[key] = replace(s, loss_fn=s.mean_loss_fn), "mean"
        elif key == "last_layer_init_scale" and isinstance(value, (int, float)) and value > 0:
            model = s.model
            probe = model()
            head = getattr(probe, "head", None) or (probe[-1] if isinstance(probe, torch.nn.Sequential) else None)
            if not isinstance(head, torch.nn.Linear):
                skipped[key] = "the model has no linear output layer to scale"
                continue
            with_bias = head.bias is not None  # a bias-free head (Deep SVDD's) has only its weight to scale
            s, applied[key] = (replace(s, model=lambda: scaled_head(model(), float(value), bias=with_bias)),
                               float(value))
        else:
            skipped[key] = f"no Setup knob for {key}={value!r}"
    return s, applied, skipped


