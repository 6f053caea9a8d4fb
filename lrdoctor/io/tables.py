"""Shared last steps of every reader: canonical names, float columns, a usable ``step``, sparse rows merged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lrdoctor.errors import LogReadError
from lrdoctor.io.base import NON_FINITE_LOSS, RawLog
from lrdoctor.io.jsontext import overflow_note, to_float
from lrdoctor.io.names import canonical_renames

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

Names = Mapping[str, Sequence[str]] | None

TRAIN_COLUMNS = ("loss", "lr", "grad_norm", "weight_norm", "update_ratio", "opt_step", "train_acc")
"""Canonical columns written by training steps (as opposed to evaluation or epoch-end rows)."""


def list_columns(columns: Sequence[object], limit: int = 12) -> str:
    """``a, b, c`` for a message; long lists end with ``... (N more)``."""
    names = [str(c) for c in columns]
    shown = ", ".join(names[:limit])
    return shown + (f", ... ({len(names) - limit} more)" if len(names) > limit else "") if names else "none"


def finish_log(
    frame: pd.DataFrame,
    source: Path,
    fmt: str,
    *,
    extra_names: Names = None,
    notes: list[str] | None = None,
    meta: dict[str, object] | None = None,
    what: str = "column",
    values_only: bool = False,
) -> RawLog:
    """Rename to canonical columns, keep numeric columns as float64 (integer steps as integers), ensure ``step`` and
    ``loss``.

    ``what`` names the readers' unit in messages ("column", "tag", "key", "metric").
    Without a step column the epoch (else the row number) becomes the step, with a note.
    ``values_only``: the frame was built from logged numbers only (a JSON key, a TensorBoard tag, an MLflow metric
    is a column only where some record logged a number for it; a JSON null is no number), so a loss column without
    a finite number logged NaN or inf: a run that diverged from its first step, marked for non-finite-loss
    (``io.base.NON_FINITE_LOSS``) rather than refused as a log without values.
    """
    notes = list(notes or [])
    found = list(frame.columns)
    renames = canonical_renames(frame.columns, extra_names)
    frame = frame.rename(columns=renames) if renames else frame
    twice = frame.columns[frame.columns.duplicated()]
    if len(twice):
        raise LogReadError(source, f"{fmt}: {what} '{twice[0]}' appears twice (found: {list_columns(found)})")
    if "loss" not in frame.columns:
        raise LogReadError(source, f"{fmt}: no training loss {what} (found: {list_columns(found)})")
    had_step = "step" in frame.columns
    frame = numeric_columns(frame, notes)
    for column in ("loss", "step") if had_step else ("loss",):
        if column not in frame.columns:
            original = next((name for name, canonical in renames.items() if canonical == column), column)
            raise LogReadError(source, f"{fmt}: {what} '{original}' holds no numbers")
    frame = ensure_step(frame, notes)
    frame = drop_rows_without_step(frame, notes)
    if not numbered_rows(frame):
        frame = frame.reset_index(drop=True)
    meta = dict(meta or {})
    if values_only and len(frame):
        import numpy as np

        if not np.isfinite(frame["loss"].to_numpy()).any():
            meta[NON_FINITE_LOSS] = True
    return RawLog(frame=frame, source=source, format=fmt, meta=meta, notes=notes)


def numbered_rows(df: pd.DataFrame) -> bool:
    """Whether the rows are labelled 0, 1, 2, ... already, as ``reset_index(drop=True)`` would label them."""
    import pandas as pd

    index = df.index
    return type(index) is pd.RangeIndex and index.start == 0 and index.step == 1 and index.name is None


def numeric_columns(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Numeric columns as float64 (an integer ``step`` column as it is: ``frame.normalize`` checks its steps) and
    ``event`` as text (NaN throughout when it holds nothing); other text columns are dropped with a note.
    Columns already float64 are kept as they are, and a converted one is put in without a second copy (a log can have
    millions of rows)."""
    import numpy as np
    import pandas as pd

    changed: dict[str, pd.Series | np.ndarray] = {}
    dropped: list[str] = []
    overflowed = 0
    for column, dtype in zip(frame.columns, frame.dtypes):  # a column's dtype without taking the column out
        if dtype == np.float64 and column != "event":
            continue  # most columns: nothing to do
        if column == "event":
            if dtype != np.float64 or not np.isnan(frame[column].to_numpy()).all():
                changed[column] = event_text(frame[column])  # an empty one stays NaN: no text column of "" to make
        elif pd.api.types.is_bool_dtype(dtype):
            dropped.append(str(column))
        elif pd.api.types.is_numeric_dtype(dtype):
            numpy_column = isinstance(dtype, np.dtype)
            if column == "step" and numpy_column and dtype.kind in "iu":
                continue  # whole steps already: normalize takes them as they are
            if dtype != "float64":  # numpy's own conversion for a numpy column: pandas' costs more
                values = frame[column]
                changed[column] = (pd.Series(values.to_numpy().astype("float64"), index=frame.index, copy=False)
                                   if numpy_column else values.astype("float64"))
        else:
            values = frame[column]
            numbers, count = to_numbers(values)
            if numbers.notna().sum() < values.notna().sum():
                dropped.append(str(column))
            else:
                changed[column] = numbers
                overflowed += count
    notes += overflow_note(overflowed)
    if dropped:
        notes.append(f"ignored non-numeric columns: {list_columns(dropped)}")
        frame = frame.drop(columns=dropped)
    return frame.assign(**changed) if changed else frame


def event_text(values: pd.Series) -> pd.Series:
    """The ``event`` column as text: each value as a string, ``""`` where none was logged. Built from a
    column of empty strings with only the logged values converted (a healthy run has none, and a log
    can have millions of rows)."""
    import numpy as np
    import pandas as pd

    raw = values.to_numpy()
    text = np.full(raw.size, "", dtype=object)
    logged = pd.notna(raw)
    if logged.any():
        text[logged] = [str(v) for v in raw[logged]]
    return pd.Series(text, index=values.index, name=values.name, dtype=object)


def to_numbers(values: pd.Series) -> tuple[pd.Series, int]:
    """``pd.to_numeric(values, errors="coerce")`` as float64, and how many numbers beyond the float
    range it read as inf (pandas raises ``OverflowError`` on huge Python integers even when told to
    coerce, and turns huge numbers in text into inf without a word)."""
    import numpy as np
    import pandas as pd

    try:
        numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    except OverflowError:
        numbers = pd.to_numeric(values.map(_int_as_float), errors="coerce").astype("float64")
    infinite = np.isinf(numbers.to_numpy())
    if not infinite.any():
        return numbers, 0
    written = values[infinite].astype(str).str.lower()
    return numbers, int((~written.str.contains("inf")).sum())


def _int_as_float(value: object) -> object:
    """A Python integer (or its digits) as a float, inf beyond the float range; other values as they are."""
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        try:
            value = int(value)
        except ValueError:  # more digits than Python converts
            return None
    if isinstance(value, int) and not isinstance(value, bool):
        return to_float(value)[0]
    return value


def ensure_step(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Use the epoch, else the row number, as ``step`` when the log has no step of its own."""
    import numpy as np

    if "step" in frame.columns:
        return frame
    if "epoch" in frame.columns and frame["epoch"].notna().any():
        notes.append("no step in the log: the epoch is used as the step")
        return frame.assign(step=frame["epoch"])
    notes.append("no step in the log: the row number is used as the step")
    return frame.assign(step=np.arange(len(frame), dtype="float64"))


def drop_rows_without_step(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Rows whose step is missing or not finite cannot be placed on the curve: drop them, with a note."""
    import numpy as np

    if frame["step"].dtype.kind in "iu":
        return frame  # whole numbers: none missing (no float copy of a long log's every step)
    bad = ~np.isfinite(frame["step"].to_numpy(dtype="float64"))
    if bad.any():
        notes.append(f"dropped {int(bad.sum())} rows without a step")
        frame = frame.loc[~bad]
    return frame


def merge_sparse_rows(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """One row per step from loggers that write each metric on its own row (Lightning, TensorBoard).

    Evaluation and epoch-end rows that land one step after a training row (Lightning logs them
    after the step counter moved on) are moved onto that training row first.
    """
    import numpy as np

    train = [c for c in TRAIN_COLUMNS if c in frame.columns]
    if train:
        is_train = frame[train].notna().any(axis=1).to_numpy()
        steps = frame["step"].to_numpy(dtype="float64")
        train_steps = np.unique(steps[is_train])
        other = ~is_train & ~np.isin(steps, train_steps) & np.isin(steps - 1, train_steps)
        if other.any():
            notes.append(f"moved {int(other.sum())} evaluation/epoch rows onto the training row one step earlier")
            frame = frame.assign(step=np.where(other, steps - 1, steps))
    step = frame["step"]
    if step.is_monotonic_increasing and step.is_unique and bool(step.notna().all()):
        return frame  # one row per step already (an MLflow run's table): grouping would only copy it
    merged = frame.groupby("step", sort=True, as_index=False).last()
    return merged[[c for c in frame.columns if c in merged.columns]]


def frame_from_series(series: Mapping[str, Mapping[float, float]]) -> pd.DataFrame:
    """A wide table from per-metric ``{step: value}`` series: one row per step, ``step`` a column.

    A metric itself named ``step`` is left out: the logger's own step is the step.
    """
    import pandas as pd

    columns = {name: pd.Series(points, dtype="float64") for name, points in series.items() if name != "step"}
    frame = pd.DataFrame(columns) if columns else pd.DataFrame(index=pd.Index([], dtype="float64"))
    return frame.rename_axis("step").reset_index()


def frame_from_arrays(columns: Mapping[str, tuple[np.ndarray, np.ndarray]]) -> pd.DataFrame:
    """A wide table from per-metric ``(steps, values)`` float arrays (steps sorted, each once): one row
    per step, ``step`` first, NaN where a metric was not logged; a metric named ``step`` is left out.

    The values go straight into one float block, the table's only copy of them. Metrics logged at the
    same steps should share one steps array (the same object): their rows are then found once, and the
    steps are held once, not once per metric (20 metrics of 1,000,000 steps: 160 MB, not 320 MB)."""
    import numpy as np
    import pandas as pd

    kept = {name: arrays for name, arrays in columns.items() if name != "step"}
    grids = list({id(steps): steps for steps, _ in kept.values()}.values())
    step = np.unique(np.concatenate(grids)) if grids else np.empty(0)
    rows = {id(grid): np.searchsorted(step, grid) for grid in grids}
    block = np.full((len(kept), len(step)), np.nan)
    for i, (steps, values) in enumerate(kept.values()):
        block[i, rows[id(steps)]] = values
    frame = pd.DataFrame(block.T, columns=list(kept), copy=False)  # block.T: a view, columns stay rows of block
    frame.insert(0, "step", step)
    return frame
