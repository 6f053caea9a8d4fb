"""Record a PyTorch training run into the canonical ``run.csv`` + ``run.json`` that lrdoctor reads.

The only package of lrdoctor that imports torch; ``import lrdoctor`` loads it on first use of
``lrdoctor.record`` / ``lrdoctor.Recorder``. Lightning and Hugging Face callbacks live in
``lrdoctor.record.lightning`` and ``lrdoctor.record.hf`` (they import those packages).
"""

from __future__ import annotations

import difflib
import inspect
import os
import sys
import types
from typing import Any

from torch import nn
from torch.optim import Optimizer

from lrdoctor.record.live import Problem, TrainingProblem, TrainingWarning
from lrdoctor.record.recorder import Recorder
from lrdoctor.record.sinks import Notifier, plain_sinks

__all__ = ["Problem", "Recorder", "TrainingProblem", "TrainingWarning", "record"]

SINK_OPTIONS = ["tensorboard", "mlflow"]
"""Where live findings and the final summary also go (``lrdoctor.record.sinks``)."""
OPTIONS = [name for name in inspect.signature(Recorder.__init__).parameters if name not in ("self", "model", "optimizer", "path")]
OPTIONS += SINK_OPTIONS


def record(
    model: nn.Module, optimizer: Optimizer, path: str | os.PathLike[str], *, tensorboard: Any = None, mlflow: Any = None,
    **options: Any,
) -> Recorder:
    """Start recording: ``with lrdoctor.record(model, optimizer, "runs/exp1/run.csv") as rec: ...``.

    Same options as :class:`Recorder`; an unknown option is a ``TypeError`` naming the closest one.
    ``tensorboard=writer`` (a ``SummaryWriter``) and ``mlflow=True`` (the active run) or ``mlflow=run_id``
    also send each live finding, and the summary when recording ends, there (text; tags and reports).
    """
    for name in options:
        if name not in OPTIONS:
            close = difflib.get_close_matches(name, OPTIONS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (options: {', '.join(OPTIONS)})"
            raise TypeError(f"lrdoctor.record() got an unknown option {name!r}{hint}")
    sinks = plain_sinks(tensorboard, mlflow)  # a wrong writer or a missing run fails before anything is written
    recorder = Recorder(model, optimizer, path, **options)
    if sinks:
        recorder.listeners.append(Notifier(sinks))
    return recorder


class _CallableModule(types.ModuleType):
    """Lets ``lrdoctor.record(model, optimizer, path)`` call :func:`record` while
    ``lrdoctor.record.TrainingProblem`` still names this module's members."""

    def __call__(self, model: nn.Module, optimizer: Optimizer, path: str | os.PathLike[str], **options: Any) -> Recorder:
        return record(model, optimizer, path, **options)


sys.modules[__name__].__class__ = _CallableModule
