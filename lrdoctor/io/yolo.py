"""Ultralytics YOLO ``results.csv``: one space-padded row per epoch.

YOLO logs three (or more) training losses (``train/box_loss``, ``train/cls_loss``, ``train/dfl_loss``;
v5 adds ``obj_loss``, segmentation ``seg_loss``) and the same on validation. ``loss`` is the sum of
the ``train/*_loss`` columns and ``val_loss`` the sum of the ``val/*_loss`` columns (the per-part
columns are kept); ``step`` is the epoch; ``lr/pg0`` is ``lr`` and ``lr/pg<i>`` is ``lr/<i>``.
"""

from __future__ import annotations

from pathlib import Path

from lrdoctor.errors import LogReadError
from lrdoctor.io.base import RawLog
from lrdoctor.io.csv import check_numeric, read_csv_table
from lrdoctor.io.tables import Names, finish_log, list_columns, numeric_columns

FORMAT = "YOLO results.csv"


def is_yolo_header(columns: list[str]) -> bool:
    """True for a results.csv header: ``epoch`` plus ``train/<part>_loss`` columns."""
    return "epoch" in columns and any(c.startswith("train/") and c.endswith("_loss") for c in columns)


def read_yolo_results(path: Path, extra_names: Names = None) -> RawLog:
    """Read a results.csv: summed train and val losses, one row per epoch, step = epoch."""
    table = read_csv_table(path, FORMAT)
    columns = list(table.frame.columns)
    train = [c for c in columns if c.startswith("train/") and c.endswith("_loss")]
    if "epoch" not in columns or not train:
        found = list_columns(columns)
        raise LogReadError(path, f"{FORMAT}: needs 'epoch' and 'train/<part>_loss' columns (columns: {found})")
    notes = list(table.notes)
    frame = numeric_columns(check_numeric(table.frame, path, {}, notes), notes)
    for column in [*train, "epoch"]:
        if column not in frame.columns:
            raise LogReadError(path, f"{FORMAT}: column '{column}' is not numeric")
    val = [c for c in columns if c.startswith("val/") and c.endswith("_loss") and c in frame.columns]
    parts = {"step": frame["epoch"], "loss": frame[train].sum(axis=1, min_count=len(train))}
    if val:
        parts["val_loss"] = frame[val].sum(axis=1, min_count=len(val))
    notes.append(f"loss is the sum of {', '.join(train)}" + (f"; val_loss the sum of {', '.join(val)}" if val else ""))
    return finish_log(frame.assign(**parts), path, FORMAT, extra_names=extra_names, notes=notes)
