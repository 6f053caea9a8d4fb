"""PyTorch Lightning ``CSVLogger`` ``metrics.csv``: sparse rows merged into one row per step.

Lightning writes training steps, ``LearningRateMonitor`` values (``lr-Adam``, ``lr-AdamW/pg1``),
validation and epoch-end values on separate rows. They are merged by step; validation and epoch-end
rows carry the step counter after it moved on (one more than the training row before them) and are
moved onto that row. ``train_loss_step`` is preferred over ``train_loss_epoch`` for ``loss``. The
``hparams.yaml`` beside it (``save_hyperparameters()``) gives ``num_classes``, ``optimizer``,
``batch_size`` and ``pretrained`` when it names them (see :mod:`lrdoctor.io.hparams`).
"""

from __future__ import annotations

from pathlib import Path

from lrdoctor.errors import LogReadError
from lrdoctor.io.base import RawLog
from lrdoctor.io.csv import check_numeric, read_csv_table
from lrdoctor.io.hparams import canonical_meta, read_hparams_yaml
from lrdoctor.io.names import canonical_renames
from lrdoctor.io.tables import Names, finish_log, list_columns, merge_sparse_rows, numeric_columns

FORMAT = "Lightning metrics.csv"
HPARAMS = "hparams.yaml"


def read_lightning_csv(path: Path, extra_names: Names = None) -> RawLog:
    """Read a CSVLogger file; ``step`` and a training loss column are required."""
    table = read_csv_table(path, FORMAT)
    renames = canonical_renames(table.frame.columns, extra_names)
    frame = table.frame.rename(columns=renames)
    missing = [c for c in ("step", "loss") if c not in frame.columns]
    if missing:
        what = "training loss" if missing[-1] == "loss" else "step"
        raise LogReadError(path, f"{FORMAT}: no {what} column (columns: {list_columns(list(table.frame.columns))})")
    inverse = {target: source for source, target in renames.items()}
    notes = list(table.notes)
    frame = numeric_columns(check_numeric(frame, path, inverse, notes), notes)
    for column in ("step", "loss"):
        if column not in frame.columns:
            raise LogReadError(path, f"{FORMAT}: column '{inverse.get(column, column)}' holds no numbers")
    frame = merge_sparse_rows(frame.loc[frame["step"].notna()], notes)
    hparams = path.parent / HPARAMS
    meta = canonical_meta(read_hparams_yaml(hparams)) if hparams.is_file() else {}
    return finish_log(frame, path, FORMAT, notes=notes, meta=meta)
