"""What lrdoctor knows about optimizers: their family and the usual size of their updates.

One definition, used by the analysis (``Signals``), the report's plots and the sanity check.
Standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

Family = Literal["adaptive", "sgd"]

#: Optimizers that scale each coordinate's step by its own gradient history (so every weight moves
#: by about lr per step, whatever the gradient's size): Adam and its relatives, RMSprop, Adagrad.
ADAPTIVE_NAMES = (
    "adam", "adamw", "adamax", "nadam", "radam", "lamb", "lion", "adafactor", "sophia", "adan", "lars",
    "rmsprop", "adagrad", "adadelta",
)  # fmt: skip
#: Optimizers whose step is the (momentum-averaged) gradient times the lr.
SGD_NAMES = ("sgd", "momentum", "nesterov", "asgd")
#: State that an adaptive optimizer keeps per parameter (Adam, RMSprop, Adagrad, Adamax), for an
#: optimizer object whose class name says nothing (a wrapper, a custom class).
ADAPTIVE_STATE_KEYS = frozenset({"exp_avg_sq", "square_avg", "sum", "exp_inf"})

#: The usual update-to-weight ratio (‖Δθ‖/‖θ‖ per step) of a healthy run at full lr, per family. An
#: adaptive optimizer moves each weight by about lr, so its ratios sit higher than plain SGD's.
#: ``None``: the family is unknown.
UPDATE_BANDS: dict[Family | None, tuple[float, float]] = {
    "adaptive": (2e-4, 3e-2),
    "sgd": (1e-4, 5e-2),
    None: (1e-4, 5e-2),
}
#: The very first step may sit this many times outside the band: before an adaptive optimizer has a
#: gradient history, m/sqrt(v) = sign(g) moves every weight by the full lr.
FIRST_STEP_MARGIN = 10.0
#: torch's default RMSprop smoothing of the squared gradients.
RMSPROP_ALPHA = 0.99
#: An lr aimed by the update ratio puts the ratio this far up the optimizer family's band, on a log scale (0:
#: its bottom, 1: its top): where healthy runs sit. Over the labelled healthy runs of the tuning sets the median
#: position is 0.60 for Adam-family runs (82 runs, quartiles 0.50-0.72) and 0.67 for SGD-family runs (35,
#: 0.64-0.76); the band's middle (0.5) is their lower quartile, and raises aimed there fell 2x short of the
#: best lr of a grid.
HEALTHY_BAND_POSITION = 0.65
#: ...and this far for Adagrad, whose healthy runs sit higher in the Adam-family band: the median position of the four
#: labelled healthy Adagrad runs of the fix-check halves (at lrs 0.03-0.1: medians 5.9e-3, 1.5e-2, 2.1e-2, 2.6e-2). Its
#: too-low runs at 1e-3, 50-100x below their grids' best, were raised about 10x when aimed at the Adam-family position
#: (a Hamiltonian network raised to 0.0081 ended 2.8x the grid's best loss). Aimed here, retrained: that network 0.028
#: (1.18x), a deep equilibrium model 0.021 (1.01x; 1.17x before), a Koopman autoencoder 0.053 (0.83x), a memory
#: network 0.031 (8.7x; 168x before: its grid falls 20x between 0.03 and 0.1).
ADAGRAD_BAND_POSITION = 0.9


def family_of(optimizer: str | None, state_keys: Iterable[str] = ()) -> Family | None:
    """'adaptive' or 'sgd' from an optimizer's (class) name, else from the state it keeps; None if unknown."""
    if optimizer:
        name = optimizer.lower().rsplit(".", 1)[-1]
        if any(name.startswith(a) or a in name for a in ADAPTIVE_NAMES):
            return "adaptive"
        if any(s in name for s in SGD_NAMES):
            return "sgd"
    if ADAPTIVE_STATE_KEYS & set(state_keys):
        return "adaptive"
    return None


def update_band(family: Family | None) -> tuple[float, float]:
    """The usual update-to-weight ratio of a healthy run at full lr for an optimizer family."""
    return UPDATE_BANDS[family]


def first_step_band(family: Family | None) -> tuple[float, float]:
    """The update-to-weight ratios a sane lr gives on the first step (the band, widened)."""
    low, high = update_band(family)
    return low / FIRST_STEP_MARGIN, high * FIRST_STEP_MARGIN


def steps_shrink(optimizer: str | None) -> bool:
    """Adagrad: its steps shrink from the first one on (each weight moves by the lr over the root of its summed squared
    gradients, a sum that only grows), so its first step, about the lr for every weight, is its largest by far: over
    the labelled healthy Adagrad runs of the fix-check halves the first update ratio is 24-330x the run's median (an
    Adam run's first is a few times its median). A large first step of Adagrad says nothing of the steps after it."""
    return "adagrad" in str(optimizer or "").lower()


def warms_itself(optimizer: str | None) -> bool:
    """RAdam: its variance rectification makes its first steps momentum-SGD steps, not the Adam step that moves every
    weight by the lr, so its first update measures neither the lr (scaled to a peak) nor a start a warmup tames."""
    return "radam" in str(optimizer or "").lower()


def takes_adam_steps(family: Family | None, optimizer: str | None) -> bool:
    """Whether an Adam-family optimizer's first steps are Adam steps, about the lr for every weight: not Adagrad, whose
    first step is its largest by design (``steps_shrink``), nor RAdam (``warms_itself``). RMSprop's are, read through
    ``first_step_scale``."""
    return family == "adaptive" and not steps_shrink(optimizer) and not warms_itself(optimizer)


def first_step_scale(optimizer: str | None, params: object = None) -> float:
    """How many Adam first steps an adaptive optimizer's first step is at the same lr: RMSprop's,
    g / sqrt((1 - alpha) g^2), is 1 / sqrt(1 - alpha) of them (10 at torch's default alpha, or the alpha in
    ``params``, the optimizer's hyper-parameters); Adam's, Adagrad's and the others' moves each weight by
    about the lr, one. A first update ratio divided by it reads as an Adam step's."""
    if "rmsprop" not in str(optimizer or "").lower():
        return 1.0
    alpha = params.get("alpha", RMSPROP_ALPHA) if isinstance(params, dict) else RMSPROP_ALPHA
    alpha = float(alpha) if isinstance(alpha, (int, float)) and not isinstance(alpha, bool) and 0 <= alpha < 1 else RMSPROP_ALPHA
    return 1.0 / math.sqrt(1.0 - alpha)


def healthy_target(family: Family | None, optimizer: str | None = None) -> float:
    """The update ratio ``HEALTHY_BAND_POSITION`` of the way up the family's band on a log scale (for Adagrad, named
    by ``optimizer``, ``ADAGRAD_BAND_POSITION``): where a healthy run's median ratio sits, the target of an lr scaled
    by its update ratio."""
    low, high = update_band(family)
    position = ADAGRAD_BAND_POSITION if family == "adaptive" and steps_shrink(optimizer) else HEALTHY_BAND_POSITION
    return float(math.exp(math.log(low) + position * (math.log(high) - math.log(low))))


def family_label(family: Family | None) -> str:
    """'Adam-family', 'SGD-family' or 'unknown optimizer family', for messages."""
    return {"adaptive": "Adam-family", "sgd": "SGD-family"}.get(family or "", "unknown optimizer family")


def with_momentum(optimizer: object, params: object) -> bool:
    """Whether an SGD-family optimizer averages its gradients with momentum, so that its steps grow after the first as
    the buffer fills: its ``optimizer_params`` say ``momentum`` above 0, or its name says momentum or Nesterov."""
    name = str(optimizer or "").lower()
    momentum = params.get("momentum") if isinstance(params, dict) else None
    stated = isinstance(momentum, (int, float)) and not isinstance(momentum, bool) and momentum > 0
    return stated or "momentum" in name or "nesterov" in name


def stateless(optimizer: object, params: object) -> bool:
    """Whether an optimizer keeps no state between steps, so that re-creating it loses nothing: torch's ``SGD`` with no
    momentum (its ``optimizer_params`` say ``momentum`` 0; without them nothing is assumed)."""
    if str(optimizer or "").strip().lower() != "sgd" or not isinstance(params, dict):
        return False
    momentum = params.get("momentum")
    return isinstance(momentum, (int, float)) and not isinstance(momentum, bool) and momentum == 0
