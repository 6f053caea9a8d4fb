"""What every reader returns: a raw table with canonical column names where known, plus metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


NON_FINITE_LOSS = "loss_non_finite"
"""Metadata key a reader sets (``RawLog.meta``) on a log whose loss column holds no finite number but logged NaN or inf
(said so in a CSV's words; any number at all in JSON, TensorBoard, MLflow): a run that diverged (or read NaN data) from
its first step, which non-finite-loss reports, not a column with nothing in it (``frame.normalize`` refuses a log with
no value besides its steps)."""
LOSS_NON_FINITE_WRITTEN = "loss_non_finite_written"
"""Metadata key the CSV reader sets on a log of one row per epoch (no step column), one whose loss holds no finite
number, or one with a finite gradient norm on a row whose loss is not (``io.csv.gradient_without_loss``), when every
non-finite cell of its loss column spells NaN or inf (none is empty): each is a loss the log wrote, on a row that
trained, even where the row carries evaluation values (a Keras ``CSVLogger`` writes ``nan``, its accuracies still
logged). An empty cell stays "not logged on this row"."""
LOSS_NON_FINITE_STEPS = "loss_non_finite_steps"
"""Metadata key the CSV reader sets on a log of one row per epoch whose loss column has both empty cells and cells that
spell NaN or inf: the steps (epochs) of the written ones, a tuple. Each is a loss the log wrote (the run's loss was
not finite there), while an empty cell stays "not logged on this row"."""
READER_KEYS = frozenset({NON_FINITE_LOSS, LOSS_NON_FINITE_WRITTEN, LOSS_NON_FINITE_STEPS, "step_is_epoch"})
"""Metadata keys a reader sets about how it read the table, not what the run's sidecar said (reports leave them out)."""


@dataclass
class RawLog:
    """One run as read from disk, before normalisation (``frame.normalize``).

    ``frame`` has one row per logged record. Columns that a reader recognised carry their canonical
    names (``step``, ``loss``, ``lr``, ``lr/<group>``, ``grad_norm``, ``val_loss``, ...); others keep
    their own names. ``meta`` holds sidecar keys (``num_classes``, ``optimizer``, ...). ``notes`` are
    repairs made while reading ("dropped a truncated last line"). ``files`` are the files the read
    opened (``read_log`` fills it in: the log, its sidecar, a run folder's files).
    """

    frame: pd.DataFrame
    source: Path
    format: str
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
