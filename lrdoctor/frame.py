"""Normalisation: a raw table from any reader becomes a ``RunFrame`` with canonical, clean columns.

Usable data is never an error: every repair becomes a note that the report shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lrdoctor.errors import LogReadError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from lrdoctor.io.base import RawLog

MAX_STEP = 2**53
"""Steps beyond this are not step counters (float64 cannot even tell neighbours apart): a timestamp?"""
TRAIN_COLUMNS = ("loss", "lr", "grad_norm", "weight_norm", "update_ratio", "opt_step")
EVAL_COLUMNS = ("val_loss", "val_acc")
TEXT_COLUMNS = ("event",)
REPORT_ONLY_FAMILIES = ("lr", "update_ratio")
"""Column families (``lr/<group>``, ``update_ratio/<param>``) that no rule reads beyond the run's first rows
(``HEAD_ONLY_FAMILIES``), only the HTML report draws: an analysis without that report does not parse them (a
recorder's log has an ``update_ratio/<param>`` column per parameter). A rule that comes to read more of one
takes its family out of here; ``tests/test_columns_read.py`` compares every sample's diagnosis read whole and
without them."""
HEAD_ONLY_FAMILIES = ("update_ratio",)
"""Of those, the families a rule reads on the run's first rows only (wrong-initial-loss's layer gap: the first
per-tensor update ratios): a read that leaves them out still parses their first ``HEAD_ROWS`` rows."""
HEAD_ROWS = 256
"""The rows of a ``HEAD_ONLY_FAMILIES`` column a partial read keeps: the layer gap reads the first row that logs
the ratios, at most 20 steps into the run by default."""


@dataclass
class RunFrame:
    """One run, clean: sorted by ``step`` (int64), one row per step, the other numeric columns as float64."""

    df: pd.DataFrame
    source: Path
    format: str = "csv"
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    _filled: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False)
    """``has``'s answers, for the table ``_cached_of`` (the rules ask about the same columns many times)."""
    _values: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False, compare=False)
    """``values``' arrays, for the table ``_cached_of``."""
    _names: tuple[str, ...] | None = field(default=None, init=False, repr=False, compare=False)
    """``names``' answer, for the table ``_cached_of``."""
    _cached_of: object = field(default=None, init=False, repr=False, compare=False)

    @property
    def name(self) -> str:
        return str(self.source)

    def _cache_for_table(self) -> None:
        """Forget the cached answers when ``df`` was replaced."""
        if self._cached_of is not self.df:
            self._filled, self._values, self._names, self._cached_of = {}, {}, None, self.df

    def values(self, column: str) -> np.ndarray:
        """A column's values as a numpy array (float64 for a numeric column, int64 for ``step``), taken out of the
        table once: taking a column out of a DataFrame costs more than most of what a rule does with a short run's values.
        Read-only: the readings built from it (``Signals.steps``, ``column``...) are the array itself when they
        keep every row, so nothing may write into them."""
        self._cache_for_table()
        found = self._values.get(column)
        if found is None:
            found = column_array(self.df, column).view()  # a view, read-only: no rule may write into the table or the cache
            found.flags.writeable = False
            self._values[column] = found
        return found

    def has(self, column: str) -> bool:
        """Whether the column exists and holds at least one value."""
        self._cache_for_table()
        known = self._filled.get(column)
        if known is None:
            known = self._filled[column] = column in self.df.columns and holds_value(self.values(column))
        return known

    def names(self) -> tuple[str, ...]:
        """The table's column names that are text, once: iterating pandas' column index (Arrow strings) again and
        again costs more than most of what the rules do with a short run."""
        self._cache_for_table()
        if self._names is None:
            self._names = tuple(c for c in self.df.columns if isinstance(c, str))
        return self._names

    def columns_like(self, prefix: str) -> list[str]:
        """Columns named ``<prefix>/<something>`` (per-group lr, per-layer stats)."""
        return [c for c in self.names() if c.startswith(prefix + "/")]


def column_array(df: pd.DataFrame, column: str) -> np.ndarray:
    """``df[column].to_numpy()``: for a column of numpy values (every numeric one) the table's own array, taken
    without the Series that ``df[column]`` builds first (pandas' ``DataFrame._get_column_array``, 1 us against 13: a
    short run's rules take some 30 columns); the public way for any other column (Arrow text), a name that is not
    one column's, or a pandas without that method."""
    import numpy as np

    take = getattr(df, "_get_column_array", None)
    if take is not None:
        where = df.columns.get_loc(column)
        if isinstance(where, int):
            found = take(where)
            if isinstance(found, np.ndarray):
                return found
    values: np.ndarray = df[column].to_numpy()
    return values


def holds_value(values: np.ndarray) -> bool:
    """Whether an array holds at least one value (``Series.notna().any()``, without a Series for a float column)."""
    if values.dtype.kind == "f":
        import numpy as np

        return not bool(np.isnan(values).all())
    import pandas as pd

    return bool(pd.notna(values).any())


def _to_numeric(df: pd.DataFrame, source: Path, notes: list[str]) -> pd.DataFrame:
    """Numeric columns as float64 (an integer ``step`` as it is: ``_integer_steps`` takes whole steps without a
    copy); text that is not a number is an error naming column and row."""
    from lrdoctor.io.jsontext import overflow_note
    from lrdoctor.io.tables import to_numbers

    overflowed = 0
    for column, dtype in zip(df.columns, df.dtypes):
        if column in TEXT_COLUMNS or dtype.kind in "fiub":
            if dtype.kind in "iub" and not (column == "step" and dtype.kind in "iu"):
                df[column] = df[column].astype("float64")  # whole steps stay whole: ``_integer_steps`` takes them as they are
            continue
        converted, count = to_numbers(df[column])
        overflowed += count
        bad = converted.isna() & df[column].notna() & (df[column].astype(str).str.strip() != "")
        if bad.any():
            if column in ("step", "loss") or column in TRAIN_COLUMNS or column in EVAL_COLUMNS:
                row = int(bad.to_numpy().nonzero()[0][0])
                value = str(df[column].iloc[row])[:40]
                raise LogReadError(source, f"column {column!r} is not numeric (row {row + 2}: {value!r})")
            df = df.drop(columns=[column])  # an unknown text column: not ours to judge
            continue
        df[column] = converted
    notes += overflow_note(overflowed)
    return df


def repeated_steps(step: np.ndarray) -> int:
    """How many rows repeat the step of an earlier row, in sorted finite steps: equal neighbours (what
    ``duplicated().sum()`` counts, without hashing a column that is already in order)."""
    return int((step[1:] == step[:-1]).sum())


def merge_repeated_steps(df: pd.DataFrame) -> pd.DataFrame:
    """One row per step: the latest training row of a repeated step wins whole (a resumed run's NaN
    loss must not fall back to the older finite one); evaluation-only rows fill in their columns. A row without a
    loss that logs something besides the training columns (their per-group and per-layer families) and the epoch is
    an evaluation row even when it also names the lr (mmdetection's validation records do)."""
    import pandas as pd

    train_cols = [c for c in TRAIN_COLUMNS if c in df.columns]
    families = tuple(f"{c}/" for c in TRAIN_COLUMNS)
    other_cols = [c for c in df.columns if c not in ("step", "epoch", *train_cols) and not str(c).startswith(families)]
    logs_eval = df["loss"].isna() & df[other_cols].notna().any(axis=1)
    logs_train = df[train_cols].notna().any(axis=1) | ~df.drop(columns=["step", *train_cols]).notna().any(axis=1)
    is_train = logs_train & ~logs_eval
    latest = df[is_train].drop_duplicates("step", keep="last")
    return pd.concat([latest, df[~is_train]]).groupby("step", sort=True, as_index=False).last()


def _integer_steps(step: np.ndarray, source: Path, notes: list[str]) -> np.ndarray:
    """The sorted, distinct steps as int64 (integer steps as they are, without a copy). Steps beyond 2^53 are an
    error (they would wrap or merge); steps that are not whole numbers (0.1, 0.2, ...: an epoch or a time) would
    collapse onto the same integers, so the rows are numbered 0..N-1 instead, with a note."""
    import numpy as np

    biggest = max(abs(float(step[0])), abs(float(step[-1])))  # sorted
    if biggest >= MAX_STEP:
        raise LogReadError(
            source, f"step values up to {biggest:.3g} are too large for step numbers (over 2^53); is it a timestamp?"
        )
    if step.dtype.kind in "iu":
        return step.astype("int64", copy=False)
    step = np.asarray(step, dtype="float64")
    whole = step.astype("int64")  # exact for whole numbers below 2^53; sorted distinct steps stay distinct
    if (whole == step).all():
        return whole
    whole = np.round(step)
    fractional = np.abs(step - whole) > 1e-9 * np.maximum(1.0, np.abs(step))
    fractional[1:] |= whole[1:] == whole[:-1]  # 1e-9 and 2e-9: whole numbers within rounding, yet two steps
    if fractional.any():
        example = float(step[int(fractional.argmax())])
        notes.append(
            f"the steps are not whole numbers ({example:g}, ...): numbered the rows 0-{len(step) - 1} as steps instead"
        )
        return np.arange(len(step), dtype="int64")
    return whole.astype("int64")


def steps_across_epochs(df: pd.DataFrame, step: np.ndarray, notes: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """A step counter that starts again in each epoch (mmdetection's ``iter``, a loop's batch index written beside its
    epoch) counted on across the epochs: each epoch's steps are moved past the ones before, by the span the epochs
    before covered (an epoch logged at 50, 100, ..., 500 spans 500 steps; one logged at 0, 10, ..., 90 spans 100).
    Only where the counter falls back exactly where the epoch column goes up, and nowhere else: a resumed run whose
    global step starts again once is left to the sort and the merge of repeated steps."""
    import numpy as np

    if "epoch" not in df.columns or step.size < 2:
        return df, step
    down = step[1:] < step[:-1]
    if not down.any():
        return df, step
    epoch = df["epoch"].to_numpy(dtype="float64")
    rises = np.diff(epoch)
    if not np.isfinite(epoch).all() or (rises < 0).any() or not np.array_equal(rises > 0, down):
        return df, step
    starts = np.r_[0, np.flatnonzero(down) + 1]
    ends = np.r_[starts[1:], step.size]
    within = np.diff(step)[~down]
    stride = float(np.median(within[within > 0])) if (within > 0).any() else 1.0
    spans = np.array([step[a:b].max() - step[a:b].min() + stride for a, b in zip(starts, ends)])
    counted = step + np.repeat(np.r_[0.0, np.cumsum(spans[:-1])], ends - starts)
    notes.append(f"the step column starts again in each of the {starts.size} epochs: counted the steps on across "
                 f"the epochs (the first spans {spans[0]:g} steps)")
    return df.assign(step=counted), counted


def normalize(raw: RawLog) -> RunFrame:
    """Sort by step, merge rows that repeat a step (keeping the latest values), coerce numbers."""
    import numpy as np
    import pandas as pd

    from lrdoctor.io.base import NON_FINITE_LOSS
    from lrdoctor.io.tables import numbered_rows

    df = raw.frame
    notes = list(raw.notes)
    source = raw.source
    for required in ("step", "loss"):
        if required not in df.columns:
            found = ", ".join(map(str, df.columns)) or "none"
            raise LogReadError(source, f"no {required!r} column (columns: {found})")
    df = _to_numeric(df.copy(deep=False), source, notes)
    step = df["step"].to_numpy()
    keep = np.isfinite(step)
    if not keep.all():
        notes.append(f"dropped {int((~keep).sum())} rows without a step number")
        df = df.loc[keep]
        step = step[keep]
    if df.empty:
        raise LogReadError(source, "no rows with a step number")
    df, step = steps_across_epochs(df, step, notes)
    if (step[1:] < step[:-1]).any():
        df = df.sort_values("step", kind="stable")
        step = df["step"].to_numpy()
        if not repeated_steps(step):
            notes.append("rows were out of step order; sorted them")
    repeated = repeated_steps(step)
    if repeated:
        df = merge_repeated_steps(df)
        step = df["step"].to_numpy()
        notes.append(
            f"merged {repeated} rows that repeated a step (a resumed run or separate eval rows); kept the latest values"
        )
    if not numbered_rows(df):
        df = df.reset_index(drop=True)
    df["step"] = pd.Series(_integer_steps(step, source, notes), index=df.index, copy=False)  # no second copy
    if raw.meta.get(NON_FINITE_LOSS) is not True and not any(
        holds_value(df[column].to_numpy()) for column in df.columns if column != "step"
    ):  # every cell empty; a loss logged as NaN or inf in words is a run that diverged, for non-finite-loss to report
        raise LogReadError(source, "no values besides the step numbers (every cell is empty or NaN)")
    return RunFrame(df=df, source=source, format=raw.format, meta=dict(raw.meta), notes=notes)
