"""The factory contract shared by ``lrdoctor sanity`` and ``lrdoctor find-lr``.

A factory is a function without arguments that returns a :class:`Setup` (or a dict with the same
keys). ``load_setup("path/to/file.py:factory")`` imports it, calls it and validates what came back.
This module does not import torch: the user's factory does.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from lrdoctor.errors import UsageError

if TYPE_CHECKING:
    from types import ModuleType

    import torch

Task = Literal["classification", "regression", "language_model"]
TASKS: tuple[str, ...] = ("classification", "regression", "language_model")


@dataclass
class Setup:
    """What the guards need to exercise one training step, for any task.

    ``model(inputs)`` must return the outputs that ``loss_fn(outputs, targets)`` takes (a dict of
    inputs is passed as ``model(**inputs)``). ``batch`` is one ``(inputs, targets)`` pair with the
    batch on the first dimension, on the model's device. ``make_optimizer(model)`` builds the
    optimizer exactly as training does (param groups, lr, weight decay).

    Optional: ``task`` ("classification", "regression", "language_model"; inferred from the batch
    when left out), ``num_classes`` (vocabulary size for a language model; inferred from the
    outputs' last dimension), ``batches`` (an iterable of ``(inputs, targets)``, e.g. a DataLoader,
    for ``find-lr``; without it the one batch is repeated), and ``save_checkpoint(model, optimizer,
    path)`` / ``load_checkpoint(model, optimizer, path)``: your own checkpoint code, so that the
    round-trip check tests it instead of lrdoctor's.
    """

    model: torch.nn.Module
    make_optimizer: Callable[[torch.nn.Module], torch.optim.Optimizer]
    batch: tuple[Any, Any]
    loss_fn: Callable[[Any, Any], torch.Tensor]
    task: Task | None = None
    num_classes: int | None = None
    batches: Iterable[tuple[Any, Any]] | None = None
    save_checkpoint: Callable[[torch.nn.Module, torch.optim.Optimizer, Path], None] | None = None
    load_checkpoint: Callable[[torch.nn.Module, torch.optim.Optimizer, Path], None] | None = None


SETUP_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Setup))
REQUIRED_KEYS: tuple[str, ...] = ("model", "make_optimizer", "batch", "loss_fn")


def split_spec(spec: str) -> tuple[str, str]:
    """``"path/to/file.py:factory"`` or ``"package.module:factory"`` -> (target, function name)."""
    target, sep, name = spec.rpartition(":")
    if not sep or not target or not name.isidentifier():
        raise UsageError(f"{spec}: expected FILE.py:FUNCTION or MODULE:FUNCTION (e.g. examples/sanity_factory.py:factory)")
    return target, name


def import_target(target: str) -> ModuleType:
    """Import a ``.py`` file by path (its folder goes on ``sys.path`` first) or a module by name."""
    try:
        if target.endswith(".py"):
            path = Path(target)
            if not path.is_file():
                raise UsageError(f"{target}: no such file")
            folder = str(path.resolve().parent)
            if folder not in sys.path:
                sys.path.insert(0, folder)
            name = f"_lrdoctor_factory_{path.stem}"
            spec = importlib.util.spec_from_file_location(name, path)
            if spec is None or spec.loader is None:
                raise UsageError(f"{target}: cannot be imported as a Python file")
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
            return module
        if "" not in sys.path and str(Path.cwd()) not in sys.path:
            sys.path.insert(0, str(Path.cwd()))
        return importlib.import_module(target)
    except UsageError:
        raise
    except SyntaxError as error:
        raise UsageError(f"{target}: syntax error at line {error.lineno}: {error.msg}") from None
    except Exception as error:  # the user's module failed while importing
        raise UsageError(f"{target}: import failed: {type(error).__name__}: {error}") from None


def find_factory(module: ModuleType, target: str, name: str) -> Callable[[], Any]:
    """The factory function ``name`` of ``module``, or an error listing the callables there."""
    factory = getattr(module, name, None)
    if callable(factory):
        return factory  # type: ignore[no-any-return]
    found = sorted(k for k, v in vars(module).items() if callable(v) and not k.startswith("_") and getattr(v, "__module__", None) == module.__name__)
    close = difflib.get_close_matches(name, found, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (found: {', '.join(found) or 'none'})"
    raise UsageError(f"{target}: no function '{name}'{hint}")


def as_setup(value: Any, where: str) -> Setup:
    """A factory's return value as a validated Setup; a dict may use Setup's keys."""
    if isinstance(value, dict):
        unknown = [k for k in value if k not in SETUP_KEYS]
        if unknown:
            close = difflib.get_close_matches(str(unknown[0]), SETUP_KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (keys: {', '.join(SETUP_KEYS)})"
            raise UsageError(f"{where}: unknown key '{unknown[0]}'{hint}")
        missing = [k for k in REQUIRED_KEYS if k not in value]
        if missing:
            raise UsageError(f"{where}: returned a dict without {', '.join(repr(k) for k in missing)}")
        value = Setup(**value)
    if not isinstance(value, Setup):
        raise UsageError(
            f"{where}: returned {type(value).__name__}; expected lrdoctor.guards.Setup or a dict with "
            f"keys {', '.join(REQUIRED_KEYS)}"
        )
    validate_setup(value, where)
    return value


def validate_setup(setup: Setup, where: str) -> None:
    """Raise a one-line UsageError for a Setup whose parts cannot work."""
    import torch

    if not isinstance(setup.model, torch.nn.Module):
        raise UsageError(f"{where}: model is {type(setup.model).__name__}, not a torch.nn.Module")
    if not callable(setup.make_optimizer) or isinstance(setup.make_optimizer, torch.optim.Optimizer):
        raise UsageError(f"{where}: make_optimizer must be a function model -> optimizer, e.g. lambda m: torch.optim.AdamW(m.parameters(), lr=1e-3)")
    if not callable(setup.loss_fn):
        raise UsageError(f"{where}: loss_fn must be callable as loss_fn(outputs, targets)")
    if not isinstance(setup.batch, (tuple, list)) or len(setup.batch) != 2:
        raise UsageError(f"{where}: batch must be a pair (inputs, targets)")
    if setup.task is not None and setup.task not in TASKS:
        raise UsageError(f"{where}: task must be one of {', '.join(TASKS)}; got {setup.task!r}")
    if setup.num_classes is not None and (not isinstance(setup.num_classes, int) or setup.num_classes < 2):
        raise UsageError(f"{where}: num_classes must be an int >= 2; got {setup.num_classes!r}")
    if (setup.save_checkpoint is None) != (setup.load_checkpoint is None):
        raise UsageError(f"{where}: give both save_checkpoint and load_checkpoint, or neither")


def load_setup(spec: str) -> Setup:
    """Import ``FILE.py:FUNCTION`` / ``MODULE:FUNCTION``, call it and validate the Setup it returns."""
    target, name = split_spec(spec)
    factory = find_factory(import_target(target), target, name)
    try:
        value = factory()
    except Exception as error:  # the user's factory failed
        raise UsageError(f"{spec}: the factory raised {type(error).__name__}: {error}") from None
    return as_setup(value, spec)
