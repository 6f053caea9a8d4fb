"""Which column names mean what: the one table every reader uses to find ``step``, ``loss``, ``lr``, ...

Each canonical column lists the names trainers and loggers write for it, in order of preference:
when a log has several of them (Lightning's ``train_loss_step`` and ``loss``), the first one listed
becomes the canonical column and the others keep their own names. Names match exactly first, then
ignoring case, then also ignoring ``_``, ``-`` and spaces (``TrainLoss``, ``Val Loss``). Columns that match nothing keep their names and are carried along unused.

| canonical    | names accepted (first found wins)                                                       |
|--------------|-----------------------------------------------------------------------------------------|
| ``step``     | step, global_step, trainer/global_step, train/global_step, _step, iteration, iter,       |
|              | iters, steps                                                                            |
| ``epoch``    | epoch, train/epoch, epochs                                                              |
| ``loss``     | loss, train_loss_step, train_loss, train/loss, training_loss, train/loss_step,          |
|              | loss_step, trainer/loss, train/total_loss, total_loss, train_total_loss, loss/train,    |
|              | train_loss_epoch, mean_loss, avg_loss (an epoch's mean)                                 |
| ``lr``       | lr, learning_rate, train/learning_rate, train/lr, train_lr, lr/pg0, lr-<Optimizer>,      |
|              | lr-<Optimizer>/pg1, lr_0                                                                |
| ``lr/<g>``   | lr/pg<g> (YOLO, 0-based), lr-<Optimizer>/pg<n> (Lightning, 1-based: pg2 is ``lr/1``),   |
|              | lr-<Optimizer>/<name> (Lightning named groups), lr_<g>                                  |
| ``grad_norm``| grad_norm, train/grad_norm, gradient_norm, grad_norm_total, grad_2.0_norm_total,        |
|              | total_grad_norm, grad-norm                                                              |
| ``val_loss`` | val_loss, eval_loss, eval/loss, val/loss, valid_loss, valid/loss, validation_loss,      |
|              | validation/loss, val_loss_epoch, loss/val, loss/valid, loss/validation, val_total_loss,  |
|              | eval_total_loss, valid_total_loss, test_loss (DETR logs its validation as test)         |
| ``val_acc``  | val_acc, val_accuracy, eval_accuracy, eval/accuracy, val/acc, val/accuracy, valid_acc,  |
|              | valid/acc, val_acc_epoch, val_categorical_accuracy, acc/val, accuracy/val               |
| ``train_acc``| train_acc, train_accuracy, train/acc, train/accuracy, train_acc_step, acc, accuracy,    |
|              | categorical_accuracy, acc/train, accuracy/train                                         |
| ``weight_norm``, ``update_ratio``, ``opt_step``, ``event``: only under their own names         |

Users add names with ``extra_names`` (``{"loss": ["my_loss"], "lr": ["optim/lr"]}``, from
``[tool.lrdoctor.columns]`` in configuration); their names are tried before the built-in ones.
Readers of formats with a fixed layout (YOLO results.csv, Hugging Face ``trainer_state.json``)
apply their own rules first (see those modules) and then this table.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence

NAMES: dict[str, tuple[str, ...]] = {
    "step": (
        "step", "global_step", "trainer/global_step", "train/global_step", "_step", "iteration",
        "iter", "iters", "steps",
    ),
    "epoch": ("epoch", "train/epoch", "epochs"),
    "loss": (
        "loss", "train_loss_step", "train_loss", "train/loss", "training_loss", "train/loss_step",
        "loss_step", "trainer/loss", "train/total_loss", "total_loss", "train_total_loss", "loss/train", "train_loss_epoch",
        "mean_loss", "avg_loss",
    ),
    "lr": ("lr", "learning_rate", "train/learning_rate", "train/lr", "train_lr", "lr/pg0", "lr_0"),
    "grad_norm": (
        "grad_norm", "train/grad_norm", "gradient_norm", "grad_norm_total", "grad_2.0_norm_total",
        "total_grad_norm", "grad-norm",
    ),
    "val_loss": (
        "val_loss", "eval_loss", "eval/loss", "val/loss", "valid_loss", "valid/loss",
        "validation_loss", "validation/loss", "val_loss_epoch", "loss/val", "loss/valid", "loss/validation", "val_total_loss",
        "eval_total_loss", "valid_total_loss", "test_loss",
    ),
    "val_acc": (
        "val_acc", "val_accuracy", "eval_accuracy", "eval/accuracy", "val/acc", "val/accuracy",
        "valid_acc", "valid/acc", "val_acc_epoch", "val_categorical_accuracy", "acc/val", "accuracy/val",
    ),
    "train_acc": (
        "train_acc", "train_accuracy", "train/acc", "train/accuracy", "train_acc_step", "acc",
        "accuracy", "categorical_accuracy", "acc/train", "accuracy/train",
    ),
    "weight_norm": ("weight_norm",),
    "update_ratio": ("update_ratio",),
    "opt_step": ("opt_step",),
    "event": ("event",),
}
"""Canonical column -> the names that mean it, most preferred first."""

CANONICAL: frozenset[str] = frozenset(NAMES)

_LIGHTNING_LR = re.compile(r"^lr-[A-Za-z][\w.]*$")
_LIGHTNING_LR_GROUP = re.compile(r"^lr-[A-Za-z][\w.]*/(?:pg(\d+)|(.+))$")
_YOLO_LR_GROUP = re.compile(r"^lr/pg(\d+)$")
_INDEXED_LR_GROUP = re.compile(r"^lr_(\d+)$")
_PER_PARAM = re.compile(r"^(lr|grad_norm|update_ratio)/.+$")


def lr_group_name(name: str) -> str | None:
    """The ``lr`` / ``lr/<group>`` column a learning-rate name from a logger stands for, else None.

    YOLO's ``lr/pg<i>`` and ``lr_<i>`` count groups from 0, Lightning's ``lr-Adam/pg<n>`` from 1;
    Lightning's ``lr-Adam`` (one group) is ``lr`` and ``lr-Adam/<name>`` is ``lr/<name>``.
    """
    if _LIGHTNING_LR.match(name):
        return "lr"
    found = _LIGHTNING_LR_GROUP.match(name)
    if found:
        index, group = found.groups()
        return _group_column(int(index) - 1) if index is not None else f"lr/{group}"
    found = _YOLO_LR_GROUP.match(name) or _INDEXED_LR_GROUP.match(name)
    if found:
        return _group_column(int(found.group(1)))
    return None


def _group_column(index: int) -> str:
    """``lr`` for param group 0, ``lr/<index>`` for the others."""
    return "lr" if index <= 0 else f"lr/{index}"


def name_table(extra_names: Mapping[str, Sequence[str]] | None = None) -> dict[str, tuple[str, ...]]:
    """The built-in table with the user's names put first for their canonical columns."""
    table = dict(NAMES)
    for canonical, names in (extra_names or {}).items():
        table[canonical] = (*names, *table.get(canonical, ()))
    return table


def canonical_renames(
    columns: Iterable[str], extra_names: Mapping[str, Sequence[str]] | None = None
) -> dict[str, str]:
    """Map the columns that mean a canonical quantity to its name; each canonical name used once.

    Columns already canonical (or ``lr/<group>``, ``grad_norm/<param>``, ...) keep their names.
    A canonical name is taken by the most preferred column present; the rest keep their names.
    """
    extra = tuple((canonical, tuple(names)) for canonical, names in (extra_names or {}).items())
    return dict(_renames_of(tuple(str(c) for c in columns), extra))


@functools.lru_cache(maxsize=256)
def _renames_of(present: tuple[str, ...], extra_names: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    """``canonical_renames`` of one header, worked out once (the runs of a sweep share their header,
    and a CSV read asks twice). The caller copies the answer."""
    taken = {c for c in present if c in CANONICAL or (_PER_PARAM.match(c) and not lr_group_name(c))}
    renames: dict[str, str] = {}
    for canonical, names in name_table(dict(extra_names)).items():
        if canonical in taken:
            continue
        source = _first_present(names, present, renames)
        if source is not None:
            renames[source] = canonical
            taken.add(canonical)
    for column in present:
        group = lr_group_name(column)
        if column not in renames and group is not None and group not in taken:
            renames[column] = group
            taken.add(group)
    return {source: target for source, target in renames.items() if source != target}


def _first_present(names: Sequence[str], present: Sequence[str], used: Mapping[str, str]) -> str | None:
    """The first of ``names`` among ``present`` not yet used: matching exactly, then ignoring case, then
    also ignoring ``_``, ``-`` and spaces (a hand-made ``TrainLoss`` or ``Val Loss``)."""
    free = [c for c in present if c not in used]
    exact = set(free)
    for name in names:
        if name in exact:
            return name
    for fold in (str.lower, _squashed):
        folded = {fold(c): c for c in reversed(free)}
        for name in names:
            if fold(name) in folded:
                return folded[fold(name)]
    return None


def _squashed(name: str) -> str:
    """A name lower-cased without ``_``, ``-`` or spaces."""
    return re.sub(r"[_\- ]", "", name.lower())
