"""CSV run logs: the canonical ``run.csv``, CSVs with other common column names, W&B exports.

Parsing is pandas' C reader; what real files get wrong is handled here: a last line cut short by a
crash is dropped with a note, literal ``nan``/``inf``/``Infinity`` are values (a non-finite loss is a
finding, not a read error), and a non-numeric value in a known column is an error naming the column
and its line. Columns that mean nothing to lrdoctor and hold text are ignored with a note. A byte
order mark (Excel) is skipped. A W&B panel export (``Step``, ``<run> - train/loss``,
``<run> - train/loss__MIN``, ...) of one run is read with the run prefix and the MIN/MAX columns
removed; an export of several runs is an error asking for one run per file.
"""

from __future__ import annotations

import csv as stdcsv
import numbers
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lrdoctor.errors import LogReadError
from lrdoctor.io.base import LOSS_NON_FINITE_STEPS, LOSS_NON_FINITE_WRITTEN, NON_FINITE_LOSS, RawLog
from lrdoctor.io.inputs import NotUtf8Error
from lrdoctor.io.jsontext import overflow_note
from lrdoctor.io.names import CANONICAL, canonical_renames
from lrdoctor.io.tables import Names, finish_log, list_columns, to_numbers

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

_TAIL_BYTES = 1 << 16
_LAST_LINES_BYTES = 1 << 12
"""Decoding and splitting the whole tail costs more than the rest of a short log's checks: its last
lines are first looked for here."""
PARTIAL_MIN_BYTES = 1 << 22
"""A smaller CSV is read whole even when columns could be left out: parsing its header a second time
costs more than the columns would (a sweep of many short runs)."""
PARTIAL_MIN_SHARE = 0.5
"""With pandas 3.1 or later, columns are left out only when at least this share of them can be: ``usecols``
turns off pandas' parallel reader (files over 5 MB are parsed on every core without it), so a few per-layer
columns are cheaper to parse than to skip (a 1,000,000-row log of 24 columns on 2 cores: leaving 7 out took
1.3x the whole read's time, 12 out 1.05x, 18 out 0.65x); a log with a column per layer of a deep model has
most to leave out. Older pandas reads on one core either way: any column left out saves time."""


ONE_PIECE_MAX_BYTES = 1 << 22
"""A CSV up to this size is parsed in one piece (pandas' ``low_memory=False``), not in 256 KB chunks whose column
types are then merged: 5-8% faster on a short log (a sweep of 2,000-step runs), for a tokenised copy of at most this
much in memory; a larger file in chunks (and from 5 MB, with pandas 3.1, on every core)."""
PRINTED_LINE = re.compile(r"[A-Za-z][\w ]*[:=]\s*-?\d|\d+\s*/\s*\d+")
"""A lone "column name" holding a number after a colon or an equals sign, or a count like 1/200: a line printed by a
training loop ("Epoch 1/200 | Loss: 0.6924"), not a CSV header."""


def parallel_reader() -> bool:
    """Whether this pandas parses a large CSV on several threads (3.1 and later) unless told ``usecols``."""
    import pandas as pd

    major, minor = (int("".join(ch for ch in part if ch.isdigit()) or 0) for part in pd.__version__.split(".")[:2])
    return (major, minor) >= (3, 1)


@dataclass(frozen=True, slots=True)
class CsvTable:
    """A parsed CSV: the table (file column names, header stripped of padding) and repair notes.
    ``header`` is every column of the file, also those the read left out (``skip``)."""

    frame: pd.DataFrame
    notes: list[str]
    header: tuple[str, ...] = ()

    @property
    def partial(self) -> bool:
        """Whether the read left columns out."""
        return len(self.frame.columns) < len(self.header)


def read_csv_log(path: Path, extra_names: Names = None, unread: Sequence[str] = ()) -> RawLog:
    """Read a CSV with one row per step (or logging interval), or one row per epoch (a Keras
    ``CSVLogger`` file, a hand-written loop's table): a ``loss`` is required; without a ``step`` the
    epoch (else the row number) is the step, with a note. Columns first seen after the recorder wrote
    the header come from ``<stem>.extra.csv`` beside the log.

    ``unread``: families of columns the caller does not need (``update_ratio`` for every
    ``update_ratio/<param>``): they are not parsed, which saves time and memory on a long log with
    many per-layer columns. The table is the same as a whole read's without them, which
    ``complete_read`` makes sure of (else the file is read whole); a value in one of them is then not
    checked (text there is no error) and, as pandas does when it leaves columns out, a line with more
    fields than the header is read without its extra fields instead of being refused."""
    skip = _skipper(extra_names, unread) if unread else None
    table = _without_wandb_run_prefix(read_csv_table(path, "CSV", skip=skip), path)
    renames = canonical_renames(table.header, extra_names)
    columns = {*table.header, *renames.values()}
    if "loss" not in columns:
        if len(table.header) == 1 and PRINTED_LINE.search(table.header[0]):
            raise LogReadError(path, f"not a table: its first line, {table.header[0][:60]!r}, is printed text, not column "
                               "names (write the log as CSV with a header, e.g. epoch,loss,val_loss, or as JSON lines)")
        found = list_columns(list(table.header))
        what = "no 'step' or 'loss' column, not a known CSV log" if "step" not in columns else "no 'loss' column"
        raise LogReadError(path, f"{what} (columns: {found})")
    renames = {source: target for source, target in renames.items() if source in table.frame.columns}
    notes = list(table.notes)
    frame = table.frame.rename(columns=renames) if renames else table.frame
    frame = check_numeric(frame, path, _invert(renames), notes)
    if table.partial and not complete_read(frame):
        return read_csv_log(path, extra_names)  # rows without training values: the left-out columns matter
    if table.partial:
        frame = with_head_columns(path, table.header, frame, extra_names, unread)
    meta: dict[str, object] = {}
    dropped = 0  # the first rows a log without a step column leaves out (an earlier run appended to the same file)
    if "step" not in frame.columns:
        rows = len(frame)
        frame, per_epoch = steps_without_a_step_column(frame, notes)
        dropped = rows - len(frame)
        if per_epoch:
            meta["step_is_epoch"] = True
    late = read_extra_columns(path, notes)
    if late is not None:
        frame = join_extra_columns(frame, late)
    loss_name = _invert(renames).get("loss", "loss")
    if "loss" in frame.columns and loss_name in table.header:
        per_epoch = meta.get("step_is_epoch") is True
        meta.update(written_non_finite(path, table.header.index(loss_name), frame, dropped, per_epoch))
    return finish_log(frame, path, "CSV", notes=notes, meta=meta)


NON_FINITE_WORDS = frozenset({"nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"})
"""How a CSV writer spells a non-finite float (Python, numpy, pandas, C's printf), in lower case."""


def written_non_finite(path: Path, position: int, frame: pd.DataFrame, dropped: int,
                       per_epoch: bool) -> dict[str, object]:
    """What the loss column's non-finite values are, as metadata: ``NON_FINITE_LOSS`` when it holds no finite number and
    spells NaN or inf in some cell (a parsed NaN is also what an empty cell becomes), ``LOSS_NON_FINITE_WRITTEN`` when
    every non-finite value is such a cell, none empty, and on a log of epochs whose loss has both kinds
    ``LOSS_NON_FINITE_STEPS``, the steps of the written ones (looked at on a log without a finite loss, on a log of
    epochs, a short one, or where a finite gradient norm stands beside a non-finite loss: ``gradient_without_loss``).
    The column is read again as text only there, once; ``dropped``: the file's first rows that ``frame`` leaves out."""
    import numpy as np
    import pandas as pd

    values = frame["loss"]
    if values.dtype.kind in "fiu":  # parsed as numbers already: no converted copy of a column of millions of rows
        numbers = values.to_numpy(dtype=float, na_value=np.nan)
    else:
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(numbers)
    missing = int(bad.sum())
    if not missing:  # every loss a number: nothing to tell apart
        return {}
    no_finite = missing == bad.size
    if not (no_finite or per_epoch or gradient_without_loss(frame, bad)):  # no second read of a long log
        return {}
    cells = non_finite_cells(path, position)
    if cells is None or cells.size != len(frame) + dropped:
        return {}
    spelled = cells[dropped:]
    written = int(spelled.sum())
    meta: dict[str, object] = {}
    if no_finite and written:
        meta[NON_FINITE_LOSS] = True
    if missing and written == missing:
        meta[LOSS_NON_FINITE_WRITTEN] = True
    elif per_epoch and written:
        steps = frame["step"].to_numpy(dtype="float64")[spelled & bad]
        meta[LOSS_NON_FINITE_STEPS] = tuple(float(step) for step in steps)
    return meta


def gradient_without_loss(frame: pd.DataFrame, no_loss: np.ndarray) -> bool:
    """Whether some row logged a finite gradient norm but no finite loss: a logger that takes both at each step wrote
    the loss as NaN there (a quantile MLP whose batches with a missing target had NaN losses, 801 of its 1,500 steps,
    its updates skipped, read as a loss logged now and then), or a log that takes the norm more often than the loss;
    the text of its loss cells tells which."""
    import numpy as np

    if "grad_norm" not in frame.columns:
        return False
    norms = frame["grad_norm"].to_numpy(dtype=float, na_value=np.nan)
    return bool((np.isfinite(norms) & no_loss).any())


def non_finite_cells(path: Path, position: int) -> np.ndarray | None:
    """Which cells of a CSV file's column (its position in the header) spell NaN or inf (read again as text), None
    when the column will not read."""
    import numpy as np
    import pandas as pd

    try:
        text = pd.read_csv(path, usecols=[position], dtype=str, keep_default_na=False, encoding="utf-8").iloc[:, 0]
    except (ValueError, IndexError, pd.errors.ParserError):
        return None
    return np.asarray(text.str.strip().str.lower().isin(NON_FINITE_WORDS), dtype=bool)


def with_head_columns(path: Path, header: Sequence[str], frame: pd.DataFrame, extra_names: Names,
                      unread: Sequence[str]) -> pd.DataFrame:
    """``frame`` with the columns of the left-out families that a rule reads on the first rows only
    (``frame.HEAD_ONLY_FAMILIES``): their first ``HEAD_ROWS`` rows parsed, NaN below (unchecked, like the other
    left-out columns: text there is NaN, no error)."""
    import numpy as np
    import pandas as pd

    from lrdoctor.frame import HEAD_ONLY_FAMILIES, HEAD_ROWS

    prefixes = tuple(f"{family}/" for family in unread if family in HEAD_ONLY_FAMILIES)
    renames = canonical_renames(list(header), extra_names)
    wanted = [i for i, name in enumerate(header)
              if renames.get(name, name).startswith(prefixes) and renames.get(name, name) not in frame.columns]
    if not prefixes or not wanted:
        return frame
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pd.errors.DtypeWarning)
            head = pd.read_csv(path, encoding="utf-8", usecols=wanted, nrows=HEAD_ROWS, header=0)
    except (OSError, ValueError, UnicodeDecodeError, pd.errors.ParserError):
        return frame  # the whole read parsed the rest: a head that will not parse is left out
    rows = min(len(head), len(frame))
    columns: dict[str, np.ndarray] = {}
    for position, i in enumerate(wanted):
        values = np.full(len(frame), np.nan)
        values[:rows] = pd.to_numeric(head.iloc[:rows, position], errors="coerce").to_numpy(dtype="float64")
        columns[renames.get(header[i], header[i])] = values
    return pd.concat([frame, pd.DataFrame(columns, index=frame.index)], axis=1)


BATCH_COUNTERS = ("batch", "batch_idx", "batch_index", "batch_id", "batch_num", "batch_nb", "batch_number", "it")
"""Columns that count the batches within an epoch, in a loop's own log written without a step column."""


def steps_without_a_step_column(frame: pd.DataFrame, notes: list[str]) -> tuple[pd.DataFrame, bool]:
    """The steps of a log with no step column, and whether it has one row per epoch.

    An epoch column that rises at every row (whole numbers) is one row per epoch: the epoch is the step. One that holds
    one whole number on every row beside a held-out column on every row is ``fit(epochs=1)`` called in a loop, one row
    per epoch in file order (from where a new model's loop starts, ``new_model_starts``). One that holds fractions or
    repeats has several rows per epoch: a batch counter beside it that starts again with each epoch
    is the step (``frame.normalize`` counts it on across the epochs), else the row number is. Without an epoch column,
    or with one that starts again (runs appended to one file, ``fit`` called in a loop), the rows are taken for
    epochs in file order."""
    import numpy as np
    import pandas as pd

    epoch = frame["epoch"].to_numpy(dtype="float64") if "epoch" in frame.columns else None
    if epoch is not None and stays_put(frame, epoch):
        start = new_model_starts(frame)
        if start:
            notes.append(f"no step column and epoch {epoch[0]:g} on every row: fit(epochs=1) called in a loop, each row an "
                         f"epoch; at row {start + 1} both losses start again above every earlier row's (a new model's fit "
                         f"appended to the same file, as Keras' CSVLogger with append=True does): rows {start + 1}-"
                         f"{len(frame)} are analysed, one row per epoch (rules that need the steps within an epoch are "
                         "not checked)")
            return frame.iloc[start:].reset_index(drop=True).assign(step=np.arange(len(frame) - start, dtype="float64")), True
        notes.append(f"no step column and epoch {epoch[0]:g} on every row: fit(epochs=1) called in a loop, so each row "
                     "is an epoch in file order and the row number is the step (rules that need the steps within an "
                     "epoch are not checked)")
        return frame.assign(step=np.arange(len(frame), dtype="float64")), True
    if epoch is not None and np.isfinite(epoch).all() and (np.diff(epoch) >= 0).all():
        rises = np.diff(epoch) > 0
        if rises.all() and (epoch == np.round(epoch)).all():
            notes.append("no step column: one row per epoch, so the epoch is the step (rules that need the steps within "
                         "an epoch are not checked)")
            return frame.assign(step=epoch), True
        counter = next((c for c in BATCH_COUNTERS if c in frame.columns), None)
        if counter is not None:
            count = pd.to_numeric(frame[counter], errors="coerce").to_numpy(dtype="float64")  # text: NaN, no counter
            if np.isfinite(count).all() and np.array_equal(np.diff(count) < 0, rises) and rises.any():
                notes.append(f"no step column: several rows per epoch, numbered by '{counter}' within each epoch")
                return frame.assign(step=count), False
        notes.append("no step column: several rows per epoch, so the row number is the step")
        return frame.assign(step=np.arange(len(frame), dtype="float64")), False
    appended = last_appended_run(epoch) if epoch is not None else None
    if epoch is not None and appended is not None:
        start, runs = appended
        notes.append(f"no step column and its epoch column starts again: {runs} runs appended to one file (Keras' "
                     f"CSVLogger with append=True); the last one, rows {start + 1}-{len(frame)}, is analysed, one row per "
                     "epoch (rules that need the steps within an epoch are not checked)")
        return frame.iloc[start:].reset_index(drop=True).assign(step=epoch[start:]), True
    why = "its epoch column starts again" if epoch is not None else "it has no epoch column"
    notes.append(f"no step column and {why}: one row per epoch in file order, so the row number is the step (rules "
                 "that need the steps within an epoch are not checked)")
    return frame.assign(step=np.arange(len(frame), dtype="float64")), True


def stays_put(frame: pd.DataFrame, epoch: np.ndarray) -> bool:
    """Whether a log's epoch column holds one whole number on every row while a held-out column has a value on every
    row: ``fit(epochs=1)`` called in a loop, each row an epoch of its own (a validation loss is what an epoch's end
    writes, not a batch's). A public crop classifier's Keras log, 26 rows of epoch 0, was read as 26 batches of one
    epoch."""
    import numpy as np

    from lrdoctor.frame import EVAL_COLUMNS  # the canonical held-out names: the log's columns are renamed by now

    if epoch.size < 2 or not (epoch == epoch[0]).all() or epoch[0] != np.round(epoch[0]):
        return False
    return any(frame[c].dtype.kind in "fiu" and bool(np.isfinite(frame[c].to_numpy(dtype="float64")).all())
               for c in EVAL_COLUMNS if c in frame.columns)


def new_model_starts(frame: pd.DataFrame) -> int:
    """The row where the last of several runs appended to a ``fit(epochs=1)`` loop's log starts, 0 when there is none
    (or it is shorter than ``MIN_APPENDED_EPOCHS``): the last row after the second where the training loss and the
    validation loss are both above every earlier row's, an epoch worse than the first epoch of the run, the start of a
    new model (the crop classifier's second model: 1.67 and 0.81 after 0.30 and 0.19, its first model's first epoch
    0.39 and 0.43, told lr-too-high "jumped x5.6")."""
    import numpy as np

    if "loss" not in frame.columns or "val_loss" not in frame.columns:
        return 0
    loss, held = (frame[c].to_numpy(dtype="float64") for c in ("loss", "val_loss"))
    worst = np.fmax.accumulate(loss), np.fmax.accumulate(held)
    starts = np.flatnonzero((loss[1:] > worst[0][:-1]) & (held[1:] > worst[1][:-1])) + 1
    start = int(starts[-1]) if starts.size else 0
    return start if 1 < start <= len(frame) - MIN_APPENDED_EPOCHS else 0


MIN_APPENDED_EPOCHS = 3
"""The last of several runs appended to one per-epoch log is read on its own when it has at least this many epochs."""


def last_appended_run(epoch: np.ndarray) -> tuple[int, int] | None:
    """Where the last run starts and how many runs there are, when an epoch column of whole numbers starts again
    (``diff < 0``) and every run in it counts its epochs up one by one: runs appended to one file, each a ``fit`` of its
    own (a digit classifier fitted twice, its second run's first epoch mean 0.263 after the first's last 0.046, told its
    loss "jumped x5.8"). None otherwise: an epoch that stays put (``fit(epochs=1)`` in a loop) or a last run too short to
    read (``MIN_APPENDED_EPOCHS``), which are taken in file order."""
    import numpy as np

    if not (np.isfinite(epoch).all() and (epoch == np.round(epoch)).all()):
        return None
    steps = np.diff(epoch)
    restarts = np.flatnonzero(steps < 0) + 1
    if restarts.size == 0 or not np.all((steps == 1) | (steps < 0)):
        return None
    start = int(restarts[-1])
    return (start, int(restarts.size) + 1) if epoch.size - start >= MIN_APPENDED_EPOCHS else None


def read_extra_columns(path: Path, notes: list[str]) -> pd.DataFrame | None:
    """The ``<stem>.extra.csv`` beside a recorder log (``step,column,value`` lines for columns first seen
    after the header was written), as a table with one column per name and one row per step (the last
    value of a step wins); a line cut short is dropped with a note. None when there is no such file."""
    import pandas as pd

    extra = extra_columns_path(path)
    if extra is None:
        return None
    try:
        lines = pd.read_csv(extra, dtype={"column": str}, on_bad_lines="skip", engine="python")
    except (ValueError, OSError, pd.errors.ParserError) as error:
        raise LogReadError(extra, f"not a side file of columns ({_one_line(error)})") from None
    if list(lines.columns[:3]) != ["step", "column", "value"]:
        raise LogReadError(extra, "not a side file of columns (its header is not step,column,value)")
    lines["step"] = pd.to_numeric(lines["step"], errors="coerce")
    lines["value"] = pd.to_numeric(lines["value"], errors="coerce")
    cut = lines["step"].isna() | lines["column"].isna()
    if cut.any():
        notes.append(f"{extra.name}: dropped {int(cut.sum())} lines cut short")
        lines = lines[~cut]
    if lines.empty:
        return None
    return lines.pivot_table(index="step", columns="column", values="value", aggfunc="last", dropna=False).reset_index()


def extra_columns_path(log: Path) -> Path | None:
    """``run.csv`` -> ``run.extra.csv`` beside it, when it is a regular file."""
    candidate = log.with_name(log.stem + ".extra.csv")
    return candidate if candidate != log and candidate.is_file() else None


def join_extra_columns(frame: pd.DataFrame, late: pd.DataFrame) -> pd.DataFrame:
    """The side file's values on the rows of their steps (the last row of a repeated step); a step the
    log lacks becomes a row of its own. Columns the log already has keep the log's values."""
    import pandas as pd

    late = late.drop(columns=[c for c in late.columns if c != "step" and c in frame.columns])
    if len(late.columns) <= 1:
        return frame
    out = frame.reset_index(drop=True)
    position = pd.Series(range(len(out)), index=out["step"].to_numpy(dtype="float64"))
    position = position[~position.index.duplicated(keep="last")]
    rows = position.reindex(late["step"].to_numpy(dtype="float64")).to_numpy()
    found = ~pd.isna(rows)
    values = late.drop(columns="step")
    joined = pd.DataFrame(float("nan"), index=out.index, columns=values.columns)
    joined.iloc[rows[found].astype(int)] = values.to_numpy(dtype="float64")[found]
    out = pd.concat([out, joined], axis=1)
    if (~found).any():
        out = pd.concat([out, late[~found]], ignore_index=True)
    return out


_WANDB_COLUMN = re.compile(r"^(.+?) - (.+)$")


def _without_wandb_run_prefix(table: CsvTable, path: Path) -> CsvTable:
    """A W&B panel export of one run, with plain metric names; other tables unchanged."""
    columns = [str(c) for c in table.frame.columns]
    if not any(c.endswith(("__MIN", "__MAX")) and _WANDB_COLUMN.match(c) for c in columns):
        return table
    runs = sorted({found.group(1) for c in columns if (found := _WANDB_COLUMN.match(c))})
    if len(runs) > 1:
        shown = ", ".join(runs[:5]) + (", ..." if len(runs) > 5 else "")
        raise LogReadError(path, f"W&B export of {len(runs)} runs ({shown}); export one run per file")
    kept = [c for c in columns if not c.endswith(("__MIN", "__MAX"))]
    renames = {c: found.group(2) for c in kept if (found := _WANDB_COLUMN.match(c)) and found.group(2) not in kept}
    frame = table.frame[kept].rename(columns=renames)
    return CsvTable(frame=frame, notes=[*table.notes, f"W&B export of run '{runs[0]}'"], header=tuple(frame.columns))


Skip = Callable[[list[str]], list[bool]]
"""Which columns a read may leave out, given the file's column names (header stripped of padding)."""


def read_csv_table(path: Path, fmt: str, skip: Skip | None = None) -> CsvTable:
    """Parse a CSV file, dropping a truncated last line; errors name ``fmt`` and the problem.

    ``skip``: columns to leave out, when the file allows it (its last line is complete and it is no
    W&B export); the table's ``header`` still lists every column."""
    import pandas as pd

    usecols = _kept_positions(path, skip) if skip is not None else None
    try:
        with warnings.catch_warnings():  # mixed-type columns are checked below, column by column
            warnings.simplefilter("ignore", pd.errors.DtypeWarning)
            if usecols is None:
                frame = pd.read_csv(path, encoding="utf-8", low_memory=not _small(path))
            else:
                frame = pd.read_csv(path, encoding="utf-8", usecols=usecols[0])
    except pd.errors.EmptyDataError:
        raise LogReadError(path, "empty file") from None
    except UnicodeDecodeError:
        raise NotUtf8Error(path, f"not a text file, cannot be read as {fmt}") from None
    except (pd.errors.ParserError, ValueError) as error:
        raise LogReadError(path, f"not a valid {fmt} file ({_one_line(error)})") from None
    if not isinstance(frame.index, pd.RangeIndex):
        raise LogReadError(path, f"not a valid {fmt} file (rows have more fields than the header)")
    header = column_names(list(frame.columns)) if usecols is None else usecols[1]
    # plain Python strings as labels (pandas' own are Arrow text, slow to look a column up in)
    frame.columns = pd.Index(header if usecols is None else [header[i] for i in usecols[0]], dtype=object)
    notes: list[str] = []
    if len(frame) and _last_line_truncated(path, frame, len(header)):
        frame = frame.iloc[:-1]
        notes.append("dropped the last line: it was cut short (the run probably crashed while writing)")
    if frame.empty:
        raise LogReadError(path, f"{fmt} has a header but no rows (columns: {list_columns(header)})")
    return CsvTable(frame=frame, notes=notes, header=tuple(header))


def _small(path: Path) -> bool:
    """Whether a file is at most ``ONE_PIECE_MAX_BYTES`` long (a file whose size cannot be read: no)."""
    try:
        return path.stat().st_size <= ONE_PIECE_MAX_BYTES
    except (OSError, ValueError):
        return False


def column_names(columns: list[object]) -> list[str]:
    """The table's column names: stripped of padding, unless that makes two of them the same."""
    stripped = [str(c).strip() for c in columns]
    return [name if stripped.count(name) == 1 else str(c) for name, c in zip(stripped, columns)]


def _kept_positions(path: Path, skip: Skip) -> tuple[list[int], list[str]] | None:
    """The positions of the columns to read and the names of all of them, or None to read the whole
    file: a file under ``PARTIAL_MIN_BYTES``, less than ``PARTIAL_MIN_SHARE`` of its columns to leave out (with
    pandas' parallel reader), a last line without its line end (telling whether it was cut short
    needs all its cells), a W&B export, a header pandas cannot parse on its own."""
    import pandas as pd

    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            if handle.tell() < max(PARTIAL_MIN_BYTES, 1):
                return None
            handle.seek(-1, 2)
            if handle.read(1) != b"\n":
                return None
        header = column_names(list(pd.read_csv(path, encoding="utf-8", nrows=0).columns))
    except (OSError, ValueError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return None  # the whole read says what is wrong
    if any(c.endswith(("__MIN", "__MAX")) and _WANDB_COLUMN.match(c) for c in header):
        return None
    left_out = skip(header)
    if not any(left_out) or (parallel_reader() and sum(left_out) < PARTIAL_MIN_SHARE * len(header)):
        return None
    return [i for i, out in enumerate(left_out) if not out], header


def _skipper(extra_names: Names, families: Sequence[str]) -> Skip:
    """The columns whose canonical names are ``<family>/<something>`` for one of ``families``."""
    prefixes = tuple(f"{family}/" for family in families)

    def skip(header: list[str]) -> list[bool]:
        renames = canonical_renames(header, extra_names)
        return [renames.get(name, name).startswith(prefixes) for name in header]

    return skip


def complete_read(frame: pd.DataFrame) -> bool:
    """Whether a table read without some of its columns is the table without them: every row holds a
    training value (the rules tell training rows from evaluation rows by whether they hold one, and
    otherwise by whether the row holds anything else, which the left-out columns could change)."""
    import numpy as np

    from lrdoctor.frame import TRAIN_COLUMNS

    logged = np.zeros(len(frame), bool)
    for column in (c for c in TRAIN_COLUMNS if c in frame.columns):
        logged |= frame[column].notna().to_numpy()
    return bool(logged.all())


def check_numeric(frame: pd.DataFrame, path: Path, original: dict[str, str], notes: list[str]) -> pd.DataFrame:
    """Convert canonical columns to numbers; a value that is not a number is an error naming its line.
    Integers beyond the float range are inf, with a note."""
    import pandas as pd

    converted = {}
    overflowed = 0
    for column, dtype in zip(frame.columns, frame.dtypes):
        if column not in CANONICAL and not str(column).startswith(("lr/", "grad_norm/", "update_ratio/")):
            continue
        if column == "event" or pd.api.types.is_numeric_dtype(dtype):
            continue
        values = frame[column]
        numbers, count = to_numbers(values.astype(str).str.strip())
        bad = values.notna() & numbers.isna() & ~values.astype(str).str.strip().str.lower().isin(_NAN_WORDS)
        if bad.any():
            i = int(bad.to_numpy().argmax())
            line = i + 2
            name = original.get(column, column)
            raise LogReadError(path, f"column '{name}' has a non-numeric value {values.iloc[i]!r} on line {line}")
        converted[column] = numbers
        overflowed += count
    notes += overflow_note(overflowed)
    return frame.assign(**converted) if converted else frame


_NAN_WORDS = frozenset({"", "nan", "-nan", "+nan", "none", "null", "na", "n/a"})


def _invert(renames: dict[str, str]) -> dict[str, str]:
    return {target: source for source, target in renames.items()}


def _last_line_truncated(path: Path, frame: pd.DataFrame, columns: int) -> bool:
    """True when the file's last line holds fewer fields than the header (``columns``), or is
    unterminated and unparseable."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - _TAIL_BYTES))
        tail = handle.read()
    lines = _last_lines(tail)
    if not lines or (len(lines) < 2 and size > _TAIL_BYTES):
        return False
    try:
        fields = next(stdcsv.reader([lines[-1]]), [])
    except stdcsv.Error:
        fields = lines[-1].split(",")
    if len(fields) < columns:
        return True
    if tail.endswith(b"\n"):
        return False
    return _row_has_unparseable_value(frame)


def _last_lines(tail: bytes) -> list[str]:
    """The lines of the file's tail, line ends stripped, or enough of them: the lines of its last
    ``_LAST_LINES_BYTES`` when they hold two or more (the last of them is the tail's last), else all."""
    short = tail[-_LAST_LINES_BYTES:].decode("utf-8", errors="replace").rstrip("\r\n").splitlines()
    if len(short) >= 2:
        return short
    return tail.decode("utf-8", errors="replace").rstrip("\r\n").splitlines()


def _row_has_unparseable_value(frame: pd.DataFrame) -> bool:
    """True when a cell of the last row is text where the row before holds a number (``1.2e``)."""
    if len(frame) < 2:
        return False
    last, before = frame.iloc[-1], frame.iloc[-2]
    return any(
        isinstance(value, str) and not _is_number(value) and _is_number(previous)
        for value, previous in zip(last, before)
    )


def _is_number(value: object) -> bool:
    """True for a number or a text holding one (``nan`` and ``inf`` included, an empty cell not)."""
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in _NAN_WORDS - {"nan", "-nan", "+nan"}:
            return False
        try:
            float(text)
        except ValueError:
            return False
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and value == value


def _one_line(error: BaseException) -> str:
    """The first line of an exception's text, for a one-line message."""
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
