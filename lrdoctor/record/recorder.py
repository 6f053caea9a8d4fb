"""The recorder: attaches to a model and its optimizer and writes the canonical run log.

Example::

    import lrdoctor

    with lrdoctor.record(model, optimizer, "runs/exp1/run.csv", num_classes=10, scheduler=scheduler) as rec:
        for epoch in range(epochs):
            for x, y in loader:
                loss = loss_fn(model(x), y)
                optimizer.zero_grad(); loss.backward(); optimizer.step(); scheduler.step()
                rec.log(loss=loss, epoch=epoch)          # a tensor is fine: no sync per step
            rec.log(val_loss=val_loss, val_acc=val_acc)  # any time, attached to the current step

Gradient and weight norms, update ratios, the lr of every param group and the optimizer's own step
counter are taken by the recorder through torch's optimizer step hooks; values stay on the device and
reach the host in batches. A new optimizer stepping over the same parameters (re-created in the loop,
or resumed without its state) is followed and marked ``event=optimizer_reset``; param groups added
with ``add_param_group`` are followed from the next step.

The recorder never breaks the training it watches. Its own failures fall in three kinds: a tensor it
cannot measure (statistics stop, the loss and lrs are still recorded), a file it cannot write (a full
disk: recording stops, the log keeps every row written before) and anything else (recording stops).
Each is warned about once and training goes on; ``strict=True`` raises them instead (for tests).
"""

from __future__ import annotations

import atexit
import errno
import json
import math
import os
import sys
import time
import warnings
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import torch
from torch import Tensor, nn
from torch.optim import Optimizer
from torch.optim.optimizer import register_optimizer_step_post_hook, register_optimizer_step_pre_hook
from torch.utils.hooks import RemovableHandle

from lrdoctor._version import __version__
from lrdoctor.errors import UsageError
from lrdoctor.files import write_atomically
from lrdoctor.record import clipping, stats
from lrdoctor.record.budget import Budget
from lrdoctor.record.clock import StepClock
from lrdoctor.record.live import LiveChecks, Problem, TrainingProblem, TrainingWarning
from lrdoctor.record.writer import Cell, CsvLog, last_step, read_header, set_aside

if TYPE_CHECKING:
    from lrdoctor.record.sinks import Listener

OnProblem = Literal["warn", "raise", "ignore"]


@dataclass(frozen=True)
class NormOf:
    """A cell whose value is the L2 norm of a vector of norms (one per tensor), taken on the host when
    its row is written: a step pays for the per-tensor norms and no reduction of them."""

    parts: Tensor


Value = Tensor | NormOf | float | int | str | None
T = TypeVar("T")
RESET_EVENT = "optimizer_reset"
TAIL_COLUMNS = ["grad_norm", "weight_norm", "update_ratio", "opt_step", "val_loss", "val_acc", "train_acc", "event"]
EARLY_FLUSH_STEPS = 5
"""The first rows are written once this many steps are done (then every ``flush_every``): a run killed
after that leaves a readable log."""
LOGGED_STEP_COLUMN = "logged_step"
"""Where a ``step=`` passed to ``rec.log`` goes: the ``step`` column is the recorder's own count."""
FRAMEWORKS = ("lrdoctor", "torch", "lightning", "pytorch_lightning", "lightning_fabric", "accelerate", "transformers")
"""Packages whose frames a warning skips, to point at the user's own line."""
PATH_ERRNOS = frozenset(
    {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EISDIR, errno.EEXIST, errno.ENAMETOOLONG, errno.ELOOP}
)
"""Errors opening the log that choosing another path fixes: refused when the recorder is built."""


@dataclass
class Row:
    """One step's values before they reach the host: scalars, and per-parameter vectors; the cells the
    live checks have seen already (``on_problem="raise"`` shows them each cell as soon as it is set)."""

    cells: dict[str, Value] = field(default_factory=dict)
    vectors: dict[str, tuple[Tensor, list[str]]] = field(default_factory=dict)
    checked: set[str] = field(default_factory=set)


@dataclass
class Watched:
    """The optimizer being recorded and what the hooks need of it, computed once."""

    optimizer: Optimizer
    params: list[Tensor]
    names: list[str]
    lr_columns: list[str]
    layouts: list[tuple[int, int]]
    """How each parameter is sampled for update ratios (``stats.sample_layout``)."""
    scales: list[float]
    group_sizes: tuple[int, ...]
    careful: bool
    """Some parameter is complex, sparse or not floating: norms take the careful path."""
    own_steps: int = 0
    scales_on_device: Tensor | None = None

    def sample_scales(self, device: torch.device) -> Tensor:
        """``numel / sampled`` of each parameter, kept on the device after the first use."""
        if self.scales_on_device is None:
            self.scales_on_device = torch.tensor(self.scales, dtype=torch.float32, device=device)
        return self.scales_on_device


@dataclass
class PreStep:
    """What the pre-step hook measured, for the post-step hook to finish."""

    grad_norms: Tensor | None
    grad_names: list[str]
    """Names of the parameters with a gradient, on per-layer steps only."""
    weight_norms: Tensor | None
    before: list[Tensor] | None
    before_norms: Tensor | None
    clip_norm: Tensor | None
    lrs: list[Value]
    state_was_empty: bool


def framework_folders() -> tuple[str, ...]:
    """The folders of lrdoctor and of the frameworks that may call it (only loaded ones can be on the stack)."""
    folders = []
    for name in FRAMEWORKS:
        file = getattr(sys.modules.get(name), "__file__", None)
        if isinstance(file, str):
            folders.append(os.path.dirname(os.path.abspath(file)) + os.sep)
    return tuple(folders)


def user_stacklevel() -> int:
    """The ``stacklevel`` that points a warning at the first caller outside lrdoctor, torch, Lightning,
    accelerate and transformers: the user's own line."""
    skipped = framework_folders()
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(skipped):
        frame, level = frame.f_back, level + 1
    return level


def one_line_error(error: BaseException, limit: int = 200) -> str:
    """``Type: first line of the message``, cut to ``limit`` characters (torch's can run to pages)."""
    lines = str(error).strip().splitlines()
    text = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def unwrap_model(model: nn.Module) -> nn.Module:
    """The module inside DistributedDataParallel / DataParallel wrappers."""
    inner = getattr(model, "module", None)
    return inner if isinstance(inner, nn.Module) else model


def unwrap_optimizer(optimizer: Any) -> Any:
    """The torch optimizer inside wrappers (accelerate, Lightning) that keep it as ``.optimizer``."""
    while True:
        inner = getattr(optimizer, "optimizer", None) or getattr(optimizer, "_optimizer", None)
        if not isinstance(inner, Optimizer) or inner is optimizer:
            return optimizer
        optimizer = inner


def process_rank() -> int:
    """This process's rank under torch.distributed (0 when not distributed)."""
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        return int(torch.distributed.get_rank())
    return int(os.environ.get("RANK", "0"))


def resolve_path(path: str | os.PathLike[str]) -> Path:
    """``.csv`` paths are the log itself; anything else is a folder that gets ``run.csv``."""
    p = Path(path)
    return p if p.suffix == ".csv" else p / "run.csv"


def json_safe(value: Any) -> Any:
    """A JSON-encodable copy of a hyper-parameter value, or None if it has no sensible form."""
    if isinstance(value, (bool, int, str)) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Tensor):
        return json_safe(value.item()) if value.numel() == 1 else None
    if isinstance(value, (list, tuple)):
        items = [json_safe(v) for v in value]
        return items if all(i is not None for i in items) else None
    return None


def hyper_parameters(obj: Mapping[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The JSON-safe public entries of a param group or a scheduler's ``__dict__``."""
    out = {}
    for key, value in obj.items():
        if key.startswith("_") or key in skip:
            continue
        safe = json_safe(value)
        if safe is not None:
            out[key] = safe
    return out


def param_names(model: nn.Module, params: list[Tensor]) -> list[str]:
    """Column names of the parameters: the model's names, ``param<i>`` for parameters it lacks."""
    by_id = {id(p): name for name, p in unwrap_model(model).named_parameters()}
    return [by_id.get(id(p), f"param{i}") for i, p in enumerate(params)]


def lr_columns(optimizer: Optimizer) -> list[str]:
    """``lr`` for group 0, then ``lr/<name>`` (the group's ``name``, else its index)."""
    return ["lr"] + [f"lr/{g.get('name', i)}" for i, g in enumerate(optimizer.param_groups) if i > 0]


def optimizer_params(optimizer: Optimizer) -> list[Tensor]:
    """All parameters of an optimizer, group by group."""
    return [p for g in optimizer.param_groups for p in g["params"]]


def group_sizes(optimizer: Optimizer) -> tuple[int, ...]:
    """How many parameters each param group holds: changes when a group is added (checked every step)."""
    return tuple(len(g["params"]) for g in optimizer.param_groups)


def needs_care(p: Tensor) -> bool:
    """Whether the fused norm cannot take this parameter (or its gradient) as it is."""
    return p.is_complex() or not p.is_floating_point() or p.layout != torch.strided


def counter_value(value: Value) -> float | None:
    """An optimizer step counter as a number on the host (a sync for a GPU tensor: attach time only)."""
    if isinstance(value, Tensor):
        return float(value)
    return float(value) if isinstance(value, (int, float)) else None


def same_number(a: Any, b: int) -> bool:
    """Whether ``a`` is a plain number equal to ``b``."""
    return isinstance(a, (int, float)) and not isinstance(a, bool) and a == b


def opt_step_of(optimizer: Optimizer) -> Value:
    """The optimizer's own step counter (``state['step']``, e.g. Adam), None if it keeps none."""
    for group in optimizer.param_groups:
        for p in group["params"]:
            state = optimizer.state.get(p)
            if state and "step" in state:
                value = state["step"]
                if isinstance(value, Tensor):
                    return float(value) if value.is_cpu else value.detach().clone()
                return float(value)
    return None


def scalar_value(value: Any) -> Value:
    """A logged metric as a row value: a detached copy of a 1-element tensor, a number, a string."""
    if isinstance(value, Tensor):
        if value.numel() != 1:
            raise ValueError(f"expected a single number, got a tensor of shape {tuple(value.shape)}")
        detached = value.detach()
        return (detached if detached.dim() == 0 else detached.reshape(())).clone()
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        if hasattr(value, "item"):
            return float(value.item())
        raise ValueError(f"expected a number or a 1-element tensor, got {type(value).__name__}")
    return value


def host_number(value: Value) -> float | None:
    """A logged value as a float when reading it costs no wait for a device (a number, a CPU tensor)."""
    if isinstance(value, Tensor):
        return float(value) if value.is_cpu and value.is_floating_point() else None
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def cell_tensors(value: Value) -> list[Tensor]:
    """The tensors a row value is made of, to move to the host (none for a number or a string)."""
    if isinstance(value, Tensor):
        return [value]
    return [value.parts] if isinstance(value, NormOf) else []


def host_cell(value: Value, host: Iterator[list[float]]) -> Cell:
    """A row value on the host, the values of its ``cell_tensors`` taken in order from ``host``."""
    if isinstance(value, Tensor):
        return next(host)[0]
    if isinstance(value, NormOf):
        return stats.l2_norm(next(host))
    return value


class Recorder:
    """Records a training run into ``run.csv`` + ``run.json``. Use as a context manager or call ``close()``.

    Args:
        model: the model being trained (names the per-layer columns; counts parameters).
        optimizer: its optimizer; a new optimizer over the same parameters is followed automatically.
        path: the ``.csv`` log to write, or a folder (``<folder>/run.csv``). A log already there from
            another run is kept under the next free ``<stem>.<N>.csv`` (with its ``.json``), and said so;
            a resumed run appends to it instead.
        scheduler, num_classes, batch_size, task, loss_fn, dataset_size, meta: facts for ``run.json``.
        overhead_budget: the share of the step time the recorder may take (default 0.005, half a percent):
            it times itself and the steps, and takes the gradient norm, the weight norm and the update
            ratio every 1, 2, 4 ... 16 steps (the same factor stretches ``weight_every``'s and
            ``ratio_every``'s grids) so that its own time stays within it; the gradient norm is taken
            on every one of the first 50 steps and for 20 steps after a loss that is non-finite or far
            above its level (a loss on the host), and a clipping call's norm is recorded on every step
            (``lrdoctor.record.budget``). Rows without a gradient norm leave it empty. The loss, lrs,
            optimizer step and events are recorded on every step. None or 0: every step, as
            ``stats_every=1``.
        stats_every: a fixed cadence instead of the budget: gradient norm, lr and optimizer step every
            N steps. The gradient norm is the one a ``clip_grad_norm_`` call of the step computed, when
            there is one.
        weight_every: the weight norm on every Nth of those steps (default 10: it changes slowly);
            0: on the update-ratio steps only. An update ratio needs no weight norm of its own (it is
            taken from the same sample as the update), so a ratio step does not read all the weights.
        ratio_every: update ratio ``||dθ||/||θ||`` every N steps (needs a parameter copy; 0: never).
        layers_every: per-parameter ``grad_norm/<p>`` and ``update_ratio/<p>`` every N steps (0: never;
            not stretched by the budget: one pass in 100 steps costs little, and dead-units needs them).
        ratio_sample: update ratios of tensors larger than this many elements are measured on a sample
            of about that size, evenly spaced runs of 64 bytes (the copy stays small and cheap to take);
            0: every element, exact.
        flush_every, flush_secs: rows are written when this many are ready, or this long after the last
            write (and the first ones after 5 steps).
        on_problem: live checks (non-finite loss, divergence, exploding gradients, optimizer reset):
            ``"warn"`` (a ``TrainingWarning`` when the rows are written), ``"raise"`` (``TrainingProblem``
            from the ``rec.log`` call of the step it is seen at; one host sync per step), ``"ignore"``.
        start_step: the global step the run resumes from (default: the last step already in the log).
        resume: append to the log at ``path`` (True), start a new one (False), or decide (None, default):
            a resume when ``start_step`` is given or the optimizer's step counter is already above 0.
        overwrite: replace the log at ``path`` (and its sidecar) instead of keeping it.
        strict: re-raise the recorder's own errors instead of warning once and stopping (for tests).
    """

    def __init__(
        self,
        model: nn.Module,
        optimizer: Optimizer,
        path: str | os.PathLike[str],
        *,
        scheduler: Any = None,
        num_classes: int | None = None,
        batch_size: int | None = None,
        task: str | None = None,
        loss_fn: Any = None,
        dataset_size: int | None = None,
        meta: Mapping[str, Any] | None = None,
        overhead_budget: float | None = 0.005,
        stats_every: int | None = None,
        weight_every: int = 10,
        ratio_every: int = 10,
        layers_every: int = 100,
        ratio_sample: int = 32768,
        flush_every: int = 50,
        flush_secs: float = 10.0,
        on_problem: OnProblem = "warn",
        start_step: int | None = None,
        resume: bool | None = None,
        overwrite: bool = False,
        strict: bool = False,
    ) -> None:
        self.path = resolve_path(path)
        self.strict = strict
        self.on_problem = on_problem
        self.overhead_budget = overhead_budget
        self.stats_every = stats_every if stats_every is not None or overhead_budget else 1
        self.ratio_every, self.layers_every = ratio_every, layers_every
        self.weight_every = weight_every
        self.ratio_sample = ratio_sample
        self.flush_every, self.flush_secs = flush_every, flush_secs
        self._check_options(model, optimizer, start_step, resume, overwrite)
        self.model = model
        self.active = process_rank() == 0
        self.closed = not self.active
        self._failed = False
        self._said: set[str] = set()
        self._rows: dict[int, Row] = {}
        self._epoch: Value = None
        self._pre: PreStep | None = None
        self._clip_norm: Tensor | None = None
        self._checks = LiveChecks()
        self._raise_next: list[Problem] = []
        self.listeners: list[Listener] = []
        """Told each live problem and, once recording ends, the log (``lrdoctor.record.sinks``: TensorBoard,
        MLflow, CSVLogger); called when rows are written (a listener that talks to a server does so on a
        thread of its own: ``MlflowSink``)."""
        self._stats_off = False
        self._careful = False
        self._unrelated: weakref.WeakSet[Optimizer] = weakref.WeakSet()
        self._handles: list[RemovableHandle] = []
        self._log: CsvLog | None = None
        self._info: dict[str, Any] = {}
        self._written_step: int | None = None
        self._flushed = False
        self._last_flush = time.monotonic()
        self._clock = StepClock(start_step or 0)
        self._first_step = self._clock.step
        self._budget: Budget | None = None
        self._took_pass = False
        self._had_steps = False
        self._watched = self._watch(unwrap_optimizer(optimizer))
        if not self.active:
            return
        resuming = not overwrite and self._resuming(resume, start_step)
        try:
            self._log = self._open_log(self._columns(), overwrite, resuming)
            self._written_step = self._log.last_step  # a resumed log keeps its rows whatever happens next
            self._info = self._sidecar(scheduler, num_classes, batch_size, task, loss_fn, dataset_size, meta or {})
            self._write_sidecar(merge=self._log.resumed_step is not None)
        except OSError as e:  # a full disk, an I/O error: training goes on without the recorder
            self._fail(e)
            return
        self._clock = StepClock(start_step if start_step is not None else (self._log.resumed_step or 0))
        self._first_step = self._clock.step
        self._budget = None if self.stats_every is not None else Budget(float(overhead_budget or 0), self._first_step)
        self._had_steps = self._clock.step > 0  # an empty optimizer state from now on is a reset
        self._handles = [
            register_optimizer_step_pre_hook(self._pre_hook),
            register_optimizer_step_post_hook(self._post_hook),
        ]
        clipping.listen(self)
        atexit.register(self.close)

    # ----------------------------------------------------------------- attach time
    def _check_options(
        self, model: nn.Module, optimizer: Any, start_step: int | None, resume: bool | None, overwrite: bool
    ) -> None:
        """Reject arguments that cannot work, now rather than hours into the run."""
        where = f"{self.path}: lrdoctor.record"
        if not isinstance(model, nn.Module):
            raise UsageError(f"{where}: model must be a torch.nn.Module, got {type(model).__name__}")
        if next(model.parameters(), None) is None:
            raise UsageError(f"{where}: the model has no parameters")
        if any(type(p).__name__ == "DTensor" for p in model.parameters()):
            raise UsageError(f"{where}: sharded (FSDP/DTensor) parameters are not supported; use DDP")
        if not isinstance(unwrap_optimizer(optimizer), Optimizer):
            raise UsageError(f"{where}: optimizer must be a torch.optim.Optimizer, got {type(optimizer).__name__}")
        for name in ("stats_every", "flush_every"):
            value = getattr(self, name)
            if not (isinstance(value, int) and value >= 1) and (name == "flush_every" or value is not None):
                raise UsageError(f"{where}: {name} must be an integer >= 1; got {value!r}")
        budget = self.overhead_budget
        if budget is not None and (isinstance(budget, bool) or not isinstance(budget, (int, float)) or not 0 <= budget < 1):
            raise UsageError(f"{where}: overhead_budget must be a share of the step time in [0, 1) or None; got {budget!r}")
        for name in ("weight_every", "ratio_every", "layers_every", "ratio_sample"):
            if not (isinstance(getattr(self, name), int) and getattr(self, name) >= 0):
                raise UsageError(f"{where}: {name} must be an integer >= 0; got {getattr(self, name)!r}")
        if self.on_problem not in ("warn", "raise", "ignore"):
            raise UsageError(f"{where}: on_problem must be 'warn', 'raise' or 'ignore'; got {self.on_problem!r}")
        if start_step is not None and not (isinstance(start_step, int) and start_step >= 0):
            raise UsageError(f"{where}: start_step must be an integer >= 0; got {start_step!r}")
        if resume not in (None, True, False):
            raise UsageError(f"{where}: resume must be True, False or None; got {resume!r}")
        if resume and overwrite:
            raise UsageError(f"{where}: resume=True and overwrite=True contradict each other; pass one")

    def _watch(self, optimizer: Optimizer) -> Watched:
        params = optimizer_params(optimizer)
        layouts = [stats.sample_layout(p.shape, self.ratio_sample, p.element_size()) for p in params]
        scales = [p.numel() / max(1, stats.sample_size(p.numel(), k)) for p, k in zip(params, layouts)]
        return Watched(
            optimizer, params, param_names(self.model, params), lr_columns(optimizer), layouts, scales,
            group_sizes(optimizer), any(needs_care(p) for p in params),
        )  # fmt: skip

    def _columns(self) -> list[str]:
        w = self._watched
        layers = [f"{kind}/{n}" for kind in ("grad_norm", "update_ratio") for n in w.names] if self.layers_every else []
        return ["step", "epoch", "loss", *w.lr_columns, *TAIL_COLUMNS, *layers]

    def _resuming(self, resume: bool | None, start_step: int | None) -> bool:
        """Whether this run continues the log at ``path``: as told, else when a start step is given or
        the optimizer comes with a step counter above 0 (its state restored from a checkpoint)."""
        if resume is not None:
            return resume
        if start_step is not None:
            return True
        counter = counter_value(opt_step_of(self._watched.optimizer))
        return counter is not None and counter > 0

    def _open_log(self, columns: list[str], overwrite: bool, resuming: bool) -> CsvLog:
        """Open the log: append to it (a resume), or start a new one, keeping another run's log aside."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not os.access(self.path.parent, os.W_OK):
                raise PermissionError(errno.EACCES, "permission denied")
            if self.path.exists() and not overwrite and not resuming:
                self._keep_earlier_run()
            return CsvLog(self.path, columns, append=resuming)
        except OSError as e:
            if e.errno in PATH_ERRNOS or not isinstance(e.errno, int):
                raise UsageError(f"{self.path}: cannot write the run log here ({e.strerror or e})") from e
            raise

    def _keep_earlier_run(self) -> None:
        """A new run on a path that holds another run's rows: move that log (and its sidecar) aside."""
        header = read_header(self.path)
        if "step" not in header:
            raise UsageError(
                f"{self.path}: exists and is not a run log (no 'step' column); "
                "pass overwrite=True or choose another path"
            )
        steps = last_step(self.path, header)
        if steps is None:
            return  # a log without rows: nothing to keep
        kept = set_aside(self.path)
        sidecar = kept.with_suffix(".json")
        also = f" (with {sidecar.name})" if sidecar.exists() else ""
        self._say(
            "kept",
            f"lrdoctor: {self.path} held another run (up to step {steps}); it is kept as {kept.name}{also} "
            "and this run starts a new log. To continue that run instead, pass resume=True.",
            UserWarning,
        )

    def _sidecar(
        self,
        scheduler: Any,
        num_classes: int | None,
        batch_size: int | None,
        task: str | None,
        loss_fn: Any,
        dataset_size: int | None,
        meta: Mapping[str, Any],
    ) -> dict[str, Any]:
        opt = self._watched.optimizer
        info: dict[str, Any] = {
            "task": task,
            "num_classes": num_classes,
            "loss_fn": loss_fn if isinstance(loss_fn, str) or loss_fn is None else type(loss_fn).__name__,
            "optimizer": type(opt).__name__,
            **self._group_facts(opt),
            "scheduler": None if scheduler is None else type(scheduler).__name__,
            "scheduler_params": None
            if scheduler is None
            else hyper_parameters(vars(scheduler), skip=("optimizer", "verbose")),
            "batch_size": batch_size,
            "num_params": sum(p.numel() for p in unwrap_model(self.model).parameters()),
            "dataset_size": dataset_size,
            "torch_version": torch.__version__,
            "lrdoctor_version": __version__,
            "recorder": {
                "overhead_budget": self.overhead_budget if self.stats_every is None else None,
                "stats_every": self.stats_every,
                "weight_every": self.weight_every,
                "ratio_every": self.ratio_every,
                "layers_every": self.layers_every,
                "ratio_sample": self.ratio_sample,
            },
        }
        return {k: v for k, v in info.items() if v is not None} | dict(meta)

    @staticmethod
    def _group_facts(optimizer: Optimizer) -> dict[str, Any]:
        groups = [hyper_parameters(g, skip=("params",)) for g in optimizer.param_groups]
        return {"optimizer_params": groups[0], "param_groups": groups if len(groups) > 1 else None}

    def _write_sidecar(self, *, merge: bool) -> None:
        """Write ``run.json`` beside the log; a resumed run keeps the earlier keys it does not set."""
        sidecar = self.path.with_suffix(".json")
        if merge and sidecar.exists():
            try:
                loaded = json.loads(sidecar.read_text())
                self._info = (loaded if isinstance(loaded, dict) else {}) | self._info
            except (OSError, ValueError):
                pass
        write_atomically(sidecar, json.dumps(self._info, indent=2, default=str) + "\n")

    # ----------------------------------------------------------------- hooks
    def _follows(self, optimizer: Optimizer) -> bool:
        """Whether an optimizer is the watched one (its groups followed as they change), or a new one
        over its parameters (then followed)."""
        if optimizer is self._watched.optimizer:
            if group_sizes(optimizer) != self._watched.group_sizes:
                self._groups_changed(optimizer)
            return True
        if optimizer in self._unrelated:
            return False
        watched = {id(p) for p in self._watched.params}
        if not any(id(p) in watched for p in optimizer_params(optimizer)):
            self._unrelated.add(optimizer)
            return False
        self._watched = self._watch(optimizer)
        return True

    def _groups_changed(self, optimizer: Optimizer) -> None:
        """``add_param_group`` (or a group's parameters changed): measure the new set from this step on;
        new ``lr/<group>`` and per-layer columns join the log; ``run.json`` lists the groups again."""
        own_steps = self._watched.own_steps
        self._watched = self._watch(optimizer)
        self._watched.own_steps = own_steps
        facts = self._group_facts(optimizer)
        self._info = {k: v for k, v in (self._info | facts).items() if v is not None}
        try:
            self._write_sidecar(merge=False)
        except OSError as e:
            if self.strict:
                raise
            self._say("sidecar", f"lrdoctor: could not update {self.path.with_suffix('.json')} ({one_line_error(e)})")

    def _due(self, step: int, every: int) -> bool:
        return every > 0 and (step - 1) % every == 0

    def _passes_due(self, step: int) -> tuple[bool, bool, bool, bool]:
        """Which passes this step takes: ``(grads, weights, ratio, layers)``; the cadence is ``stats_every``
        or, under the time budget, its power of two (first steps and loss alerts: the gradient norm)."""
        layers = self._due(step, self.layers_every)
        budget = self._budget
        if budget is None:
            ratio = layers or self._due(step, self.ratio_every)
            grads = ratio or self._due(step, self.stats_every or 1)
            weights = grads and self._due(step, (self.stats_every or 1) * self.weight_every)
        else:
            ratio = layers or budget.due(step, self.ratio_every)
            grads = ratio or budget.dense(step) or budget.due(step, 1)
            weights = budget.due(step, self.weight_every)
        return grads, weights or (ratio and self.weight_every == 0), ratio, layers

    def _pre_hook(self, optimizer: Optimizer, args: Any, kwargs: Any) -> tuple[Any, Any] | None:
        """Measure before the update; with a closure (Lightning, LBFGS) the gradients only exist once
        it has run, so the closure is wrapped to measure right after its first call."""
        if self.closed:
            return None
        start = time.perf_counter()
        try:
            if not self._follows(optimizer):
                return None
            self._pre = None
            closure = kwargs.get("closure", args[1] if len(args) > 1 else None)
            if closure is None:
                self._measure(optimizer)
                return None
            measured = self._measuring(optimizer, closure)
            if "closure" in kwargs:
                return args, {**kwargs, "closure": measured}
            return (args[0], measured, *args[2:]), kwargs
        except Exception as e:  # noqa: BLE001 - the recorder must never break training
            self._fail(e)
            return None
        finally:
            if self._budget is not None:
                self._budget.spent(time.perf_counter() - start)

    def _measuring(self, optimizer: Optimizer, closure: Any) -> Any:
        """``closure`` followed, on its first call, by the pre-step measurements."""

        def measured(*args: Any, **kwargs: Any) -> Any:
            out = closure(*args, **kwargs)
            if self._pre is None and not self.closed:
                try:
                    self._measure(optimizer)
                except Exception as e:  # noqa: BLE001
                    self._fail(e)
            return out

        return measured

    def _tensor_stats(self, compute: Callable[[bool], T]) -> T | None:
        """Run a tensor computation (pure: it may run twice). A tensor the fused kernels refuse (a sparse
        gradient) switches to the careful path for good; a failure there stops the statistics only,
        said once: the loss, lrs and metrics are still recorded."""
        if self._stats_off:
            return None
        careful = self._careful or self._watched.careful
        try:
            return compute(careful)
        except Exception as e:  # noqa: BLE001
            error: Exception = e
        if not careful:
            self._careful = True
            try:
                return compute(True)
            except Exception as e:  # noqa: BLE001
                error = e
        if self.strict:
            raise error
        self._stats_off = True
        self._say(
            "stats",
            f"lrdoctor: gradient and weight statistics are left out from step {self._clock.step + 1} on "
            f"({one_line_error(error)}); the loss, lrs and metrics are still recorded",
            RuntimeWarning,
        )
        return None

    def _measure(self, optimizer: Optimizer) -> None:
        """Gradient and weight norms, lrs and (on ratio steps) a parameter copy, before the update."""
        step = self._clock.step + 1
        w = self._watched
        state_was_empty = len(optimizer.state) == 0
        if state_was_empty:
            w.own_steps = 0
        grads, weights, ratio, layers = self._passes_due(step)
        cheap = grads or self._budget is not None  # under the budget the lrs and opt_step are on every step
        borrowed = self._clip_norm is not None and not layers  # clipping measured the gradient norm already
        lrs: list[Value] = [scalar_value(g["lr"]) for g in optimizer.param_groups] if cheap else []
        grad_norms: Tensor | None = None
        grad_names: list[str] = []
        weight_norms: Tensor | None = None
        before: list[Tensor] | None = None
        before_norms: Tensor | None = None
        if grads:
            start = time.perf_counter()
            with torch.no_grad():
                grad_norms = None if borrowed else self._tensor_stats(lambda careful: self._grad_norms(w, careful))
                if layers and grad_norms is not None:
                    grad_names = [n for p, n in zip(w.params, w.names) if p.grad is not None]
                if weights:
                    weight_norms = self._tensor_stats(lambda careful: stats.tensor_norms(w.params, careful))
                if ratio:
                    copied = self._tensor_stats(lambda careful: self._copy_params(w, careful))
                    if copied is not None:
                        before, before_norms = copied
            if self._budget is not None:
                self._budget.passed(time.perf_counter() - start)
                self._took_pass = True
        clip_norm, self._clip_norm = self._clip_norm, None
        self._pre = PreStep(grad_norms, grad_names, weight_norms, before, before_norms, clip_norm, lrs, state_was_empty)

    @staticmethod
    def _copy_params(w: Watched, careful: bool) -> tuple[list[Tensor], Tensor]:
        """A copy of the (sampled) parameters before the update, and its norms."""
        before = stats.snapshot(stats.sampled(w.params, w.layouts))
        return before, stats.tensor_norms(before, careful)

    def saw_total_norm(self, tensors: list[Tensor], total_norm: Tensor) -> None:
        """Gradient clipping computed the L2 norm of these gradients: keep it if they are ours."""
        if self.closed or self._clip_norm is not None or not tensors:
            return
        if any(p.grad is tensors[0] for p in self._watched.params):
            self._clip_norm = total_norm.detach()

    @staticmethod
    def _grad_norms(w: Watched, careful: bool) -> Tensor | None:
        """The norm of each gradient there is (None: no parameter has one)."""
        grads = [p.grad for p in w.params if p.grad is not None]
        return stats.tensor_norms(grads, careful) if grads else None

    def _post_hook(self, optimizer: Optimizer, args: Any, kwargs: Any) -> None:
        if self.closed or optimizer is not self._watched.optimizer:
            return
        start = time.perf_counter()
        try:
            pre, self._pre = self._pre, None
            step = self._clock.on_step()
            w = self._watched
            w.own_steps += 1
            row = self._row(step)
            if pre is not None:
                self._fill_stats(row, step, pre, w)
                if pre.state_was_empty and self._had_steps and len(optimizer.state) > 0:
                    row.cells["event"] = RESET_EVENT
            self._had_steps = True
            self._maybe_flush()
        except Exception as e:  # noqa: BLE001
            self._fail(e)
        finally:
            budget = self._budget
            if budget is not None:
                now = time.perf_counter()
                budget.spent(now - start)
                budget.stepped(self._clock.step, now, self._took_pass)
                self._took_pass = False

    def _fill_stats(self, row: Row, step: int, pre: PreStep, w: Watched) -> None:
        """Put one step's measurements into its row (tensors stay on the device)."""
        c = row.cells
        for col, lr in zip(w.lr_columns, pre.lrs):
            c[col] = lr
        opt_step = opt_step_of(w.optimizer)
        c["opt_step"] = opt_step if opt_step is not None or len(w.optimizer.state) == 0 else float(w.own_steps)
        layers = self._due(step, self.layers_every)
        if pre.grad_norms is not None:
            c["grad_norm"] = NormOf(pre.grad_norms) if pre.clip_norm is None else pre.clip_norm
            if layers:
                per_layer = pre.grad_norms
                if pre.clip_norm is not None:  # clipping scales every gradient alike: undo it
                    per_layer = per_layer * (pre.clip_norm / stats.global_norm(per_layer))
                row.vectors["grad_norm"] = (per_layer, pre.grad_names)
        elif pre.clip_norm is not None and pre.lrs:  # a stats step: the clipping call's norm, not taken again
            c["grad_norm"] = pre.clip_norm
        if pre.weight_norms is not None:
            c["weight_norm"] = stats.global_norm(pre.weight_norms)
        if pre.before is not None and pre.before_norms is not None:
            start = time.perf_counter()
            try:
                self._fill_ratio(row, pre, w, layers)
            finally:
                if self._budget is not None:
                    self._budget.passed(time.perf_counter() - start)

    def _fill_ratio(self, row: Row, pre: PreStep, w: Watched, layers: bool) -> None:
        """The update ratios of a ratio step, from the parameter copy its pre-step hook took: the global
        one is the update's norm over the weights' norm, both estimated from the same samples (exact for
        tensors within ``ratio_sample``), so a ratio step reads no more of the weights than its sample."""
        c = row.cells
        assert pre.before is not None and pre.before_norms is not None
        before, before_norms = pre.before, pre.before_norms
        with torch.no_grad():
            deltas = stats.subtract_(before, stats.sampled(w.params, w.layouts))
            norms = self._tensor_stats(lambda careful: stats.tensor_norms(deltas, careful))
            if norms is None:
                return
            scales = w.sample_scales(norms.device)
            c["update_ratio"] = stats.ratio(stats.scaled_global_norm(norms, scales), stats.scaled_global_norm(before_norms, scales))
            if layers:
                row.vectors["update_ratio"] = (stats.ratio(norms, before_norms), w.names)

    def _row(self, step: int) -> Row:
        row = self._rows.get(step)
        if row is None:
            row = self._rows[step] = Row()
            if self._epoch is not None:
                row.cells["epoch"] = self._epoch
        return row

    # ----------------------------------------------------------------- user API
    def log(self, loss: Any = None, *, epoch: int | float | None = None, **metrics: Any) -> None:
        """Log the step's loss (once per optimizer step, before or after ``optimizer.step()``) and/or
        metrics. Without ``loss``, metrics (``val_loss``, ``val_acc``, ...) join the current step's row.

        With ``on_problem="raise"``, a problem the live checks find is raised here as ``TrainingProblem``,
        from the call that logs the step it is seen at (the loss at once; gradients by the next call).
        """
        if not self.closed:
            start = time.perf_counter()
            try:
                self._log_values(loss, epoch, metrics)
            except Exception as e:  # noqa: BLE001
                self._fail(e)
            if self._budget is not None:
                self._budget.spent(time.perf_counter() - start)
        if self._raise_next:
            raise TrainingProblem(self._raise_next.pop(0))

    def _log_values(self, loss: Any, epoch: int | float | None, metrics: Mapping[str, Any]) -> None:
        if epoch is not None:
            self._epoch = epoch
        if loss is not None:
            step, skipped = self._clock.on_loss()
            if skipped and self._clock.order == "after":
                self._fill_skipped(self._row(step))
        else:
            step = self._clock.step
        row = self._row(step)
        if epoch is not None:
            row.cells["epoch"] = epoch
        values = {"loss": loss} | dict(metrics)
        if "step" in values:
            values[LOGGED_STEP_COLUMN] = self._logged_step(values.pop("step"), step)
        for key, value in values.items():
            if value is None:
                continue
            try:
                row.cells[key] = scalar_value(value)
            except ValueError as e:
                self._warn_bad_metric(key, e)
        if loss is not None and self._budget is not None:
            on_host = host_number(row.cells.get("loss"))
            if on_host is not None:
                self._budget.saw_loss(step, on_host)
        if self.on_problem == "raise":
            self._check_now()
        self._maybe_flush()

    def _logged_step(self, value: Any, step: int) -> Any:
        """``rec.log(step=...)``: the ``step`` column is the recorder's count of optimizer steps, so the
        value goes to its own column; said once if it differs from the row's step (strict: refused)."""
        if value is not None and not same_number(value, step):
            message = (
                f"lrdoctor: rec.log(step={value!r}) at the recorder's step {step}: the 'step' column counts "
                f"optimizer steps, so the step you pass is recorded as '{LOGGED_STEP_COLUMN}'"
            )
            if self.strict:
                raise UsageError(message)
            self._say("logged_step", message)
        return value

    def _fill_skipped(self, row: Row) -> None:
        """A step the optimizer skipped (AMP found inf gradients): the gradient norm it refused."""
        clip_norm, self._clip_norm = self._clip_norm, None
        if clip_norm is not None:
            row.cells["grad_norm"] = clip_norm
            return
        with torch.no_grad():
            grads = self._tensor_stats(lambda careful: self._grad_norms(self._watched, careful))
        if grads is not None:
            row.cells["grad_norm"] = NormOf(grads)

    def _warn_bad_metric(self, key: str, error: ValueError) -> None:
        if self.strict:
            raise error
        self._say(f"metric:{key}", f"lrdoctor: not recording {key!r}: {error}")

    def _say(self, key: str, message: str, category: type[Warning] = TrainingWarning) -> None:
        """Warn once per ``key``, at the user's line."""
        if key not in self._said:
            self._said.add(key)
            warnings.warn(message, category, stacklevel=user_stacklevel())

    def buffer_bytes(self) -> int:
        """Bytes of the tensors the recorder keeps: the values of the rows not yet written, and the
        parameter copy an update-ratio step holds between the optimizer's hooks (counted whether one is
        held now or not: it is the peak). What ``bench/overhead.py`` reports as the recorder's memory."""
        w = self._watched
        copy = 0
        if self.ratio_every or self.layers_every:
            copy = sum(stats.sample_size(p.numel(), k) * p.element_size() for p, k in zip(w.params, w.layouts))
        held = [t for row in self._rows.values() for v in row.cells.values() for t in cell_tensors(v)]
        held += [t for row in self._rows.values() for t, _ in row.vectors.values()]
        return copy + sum(t.numel() * t.element_size() for t in held)

    def close(self) -> None:
        """Write the remaining rows and detach from the optimizer. Safe to call twice; never raises
        (unless ``strict``)."""
        if self.closed:
            return
        self.closed = True
        try:
            self._flush(everything=True)
        except Exception as e:  # noqa: BLE001
            self._fail(e)
        finally:
            self._detach()
        for listener in self.listeners:
            listener.closed(self.path)

    def __enter__(self) -> Recorder:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ----------------------------------------------------------------- live checks
    def _check_now(self) -> None:
        """``on_problem="raise"``: show the live checks, at once, every cell set since the last call (the
        loss just logged, the measurements of the step just taken) in one host sync, so that a problem
        is raised by the ``rec.log`` call of the step it happens at."""
        parts: list[dict[str, Value]] = []
        for step in sorted(self._rows):
            part = self._unchecked(self._rows[step], step, self._rows[step].cells)
            if len(part) > 1:
                parts.append(part)
        if not parts:
            return
        tensors = [t for part in parts for v in part.values() for t in cell_tensors(v)]
        host = iter(stats.to_host(tensors))
        rows = [{k: host_cell(v, host) for k, v in part.items()} for part in parts]
        self._report(self._checks.feed(rows))

    @staticmethod
    def _unchecked(row: Row, step: int, cells: Mapping[str, Any]) -> dict[str, Any]:
        """The row's step and those of its ``cells`` the live checks have not seen yet, marked seen."""
        part: dict[str, Any] = {"step": step}
        for key, value in cells.items():
            if key not in row.checked and key != "step":
                part[key] = value
                row.checked.add(key)
        return part

    def _report(self, problems: list[Problem]) -> None:
        for problem in problems:
            if self.on_problem == "warn":
                warnings.warn(f"lrdoctor: {problem.message}", TrainingWarning, stacklevel=user_stacklevel())
            elif self.on_problem == "raise":
                self._raise_next.append(problem)
            for listener in self.listeners:
                listener.problem(problem)

    # ----------------------------------------------------------------- flushing
    def _maybe_flush(self) -> None:
        step = self._clock.step
        ready = len(self._rows) - (step in self._rows) - (step + 1 in self._rows)  # no row is ahead of step + 1
        if not ready:
            return
        early = not self._flushed and self._clock.step - self._first_step >= EARLY_FLUSH_STEPS
        if early or ready >= self.flush_every or time.monotonic() - self._last_flush > self.flush_secs:
            self._flush(everything=False)

    def _flush(self, *, everything: bool) -> None:
        """Move the ready rows to the host in one batch, append them to the log, run the live checks."""
        steps = sorted(s for s in self._rows if everything or s < self._clock.step)
        if not steps:
            return
        rows = [self._rows.pop(s) for s in steps]
        self._last_flush = time.monotonic()
        self._flushed = True
        host = self._to_host(steps, rows)
        if self._log is not None:
            try:
                self._log.write(host)
            finally:  # the rows that reached the log, even when its side file could not be written
                self._written_step = self._log.last_step
        if self.on_problem != "ignore":  # each cell once: "raise" has shown some of them already
            fed = [self._unchecked(row, step, cells) if row.checked else cells for step, row, cells in zip(steps, rows, host)]
            self._report(self._checks.feed(fed))

    def _to_host(self, steps: list[int], rows: list[Row]) -> list[dict[str, Cell]]:
        tensors: list[Tensor] = []
        for row in rows:
            tensors += [t for v in row.cells.values() for t in cell_tensors(v)]
            tensors += [t for t, _ in row.vectors.values()]
        values = iter(stats.to_host(tensors))
        out: list[dict[str, Cell]] = []
        for step, row in zip(steps, rows):
            cells: dict[str, Cell] = {}
            for key, value in row.cells.items():
                cells[key] = host_cell(value, values)
            for kind, (_, names) in row.vectors.items():
                cells.update({f"{kind}/{n}": v for n, v in zip(names, next(values))})
            for key in ("opt_step", "epoch"):
                v = cells.get(key)
                if isinstance(v, float) and v.is_integer():
                    cells[key] = int(v)
            out.append({"step": step} | cells)
        return out

    # ----------------------------------------------------------------- failure
    def _fail(self, error: Exception) -> None:
        """An error inside lrdoctor: re-raise if strict, else warn once, save what we can, stop recording.
        A file that cannot be written (a full disk) is not tried again: what it holds stays readable."""
        if self.strict:
            raise error
        if self._failed:
            return
        self._failed = True
        self.closed = True
        writing = isinstance(error, OSError)
        cause = f"cannot write {self.path} ({one_line_error(error)})" if writing else f"internal error ({one_line_error(error)})"
        kept = (
            f"{self.path.name} keeps the rows up to step {self._written_step}"
            if self._written_step is not None
            else f"{self.path.name} has no rows"
        )
        try:
            warnings.warn(
                f"lrdoctor: recording stopped: {cause}; training continues; {kept}",
                RuntimeWarning,
                stacklevel=user_stacklevel(),
            )
        finally:  # warnings turned into errors raise here: the recorder is off all the same
            if not writing:
                try:
                    self._flush(everything=False)  # the rows complete so far; the current one may be half-made
                except Exception:  # noqa: BLE001 - best effort
                    pass
            self._detach()

    def _detach(self) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles = []
        atexit.unregister(self.close)
        clipping.stop_listening(self)
        log, self._log = self._log, None
        if log is None:
            return
        try:
            log.close()
        except OSError as e:
            self._fail(e)
