"""Names frameworks give to evaluation metrics, mapped to the canonical run-log columns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ALIASES = {
    "val_loss": ("val_loss", "valid_loss", "validation_loss", "eval_loss", "val_epoch_loss"),
    "val_acc": ("val_acc", "val_accuracy", "valid_acc", "valid_accuracy", "validation_accuracy", "eval_acc", "eval_accuracy"),
    "train_acc": ("train_acc", "train_accuracy", "train_epoch_acc"),
}
CANONICAL = {alias: column for column, aliases in ALIASES.items() for alias in aliases}


def canonical_metrics(metrics: Mapping[str, Any]) -> dict[str, Any]:
    """The metrics that have a canonical column (``val/loss``, ``eval_loss`` -> ``val_loss``; ...)."""
    out: dict[str, Any] = {}
    for name, value in metrics.items():
        column = CANONICAL.get(name.lower().replace("/", "_").replace("-", "_"))
        if column is not None and column not in out:
            out[column] = value
    return out
