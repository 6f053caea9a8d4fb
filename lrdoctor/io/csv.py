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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lrdoctor.errors import LogReadError
from lrdoctor.io.base import RawLog
from lrdoctor.io.inputs import NotUtf8Error
from lrdoctor.io.jsontext import overflow_note
from lrdoctor.io.names import CANONICAL, canonical_renames
from lrdoctor.io.tables import Names, finish_log, list_columns, to_numbers

if TYPE_CHECKING:
    import pandas as pd

_TAIL_BYTES = 1 << 16


@dataclass(frozen=True, slots=True)
class CsvTable:
    """A parsed CSV: the table (file column names, header stripped of padding) and repair notes."""

    frame: pd.DataFrame
    notes: list[str]


def read_csv_log(path: Path, extra_names: Names = None) -> RawLog:
    """Read a CSV with one row per step (or logging interval); ``step`` and ``loss`` are required."""
    table = _without_wandb_run_prefix(read_csv_table(path, "CSV"), path)
    renames = canonical_renames(table.frame.columns, extra_names)
    missing = [c for c in ("step", "loss") if c not in table.frame.columns and c not in renames.values()]
    if missing:
        found = list_columns(list(table.frame.columns))
        what = "no 'step' or 'loss' column, not a known CSV log" if len(missing) == 2 else f"no '{missing[0]}' column"
        raise LogReadError(path, f"{what} (columns: {found})")
    notes = list(table.notes)
    frame = check_numeric(table.frame.rename(columns=renames), path, _invert(renames), notes)
    return finish_log(frame, path, "CSV", notes=notes)


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
    return CsvTable(frame=frame, notes=[*table.notes, f"W&B export of run '{runs[0]}'"])


def read_csv_table(path: Path, fmt: str) -> CsvTable:
    """Parse a CSV file, dropping a truncated last line; errors name ``fmt`` and the problem."""
    import pandas as pd

    try:
        with warnings.catch_warnings():  # mixed-type columns are checked below, column by column
            warnings.simplefilter("ignore", pd.errors.DtypeWarning)
            frame = pd.read_csv(path, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        raise LogReadError(path, "empty file") from None
    except UnicodeDecodeError:
        raise NotUtf8Error(path, f"not a text file, cannot be read as {fmt}") from None
    except (pd.errors.ParserError, ValueError) as error:
        raise LogReadError(path, f"not a valid {fmt} file ({_one_line(error)})") from None
    if not isinstance(frame.index, pd.RangeIndex):
        raise LogReadError(path, f"not a valid {fmt} file (rows have more fields than the header)")
    stripped = [str(c).strip() for c in frame.columns]
    frame.columns = [name if stripped.count(name) == 1 else str(c) for name, c in zip(stripped, frame.columns)]
    notes: list[str] = []
    if len(frame) and _last_line_truncated(path, frame):
        frame = frame.iloc[:-1]
        notes.append("dropped the last line: it was cut short (the run probably crashed while writing)")
    if frame.empty:
        raise LogReadError(path, f"{fmt} has a header but no rows (columns: {list_columns(list(frame.columns))})")
    return CsvTable(frame=frame, notes=notes)


def check_numeric(frame: pd.DataFrame, path: Path, original: dict[str, str], notes: list[str]) -> pd.DataFrame:
    """Convert canonical columns to numbers; a value that is not a number is an error naming its line.
    Integers beyond the float range are inf, with a note."""
    import pandas as pd

    converted = {}
    overflowed = 0
    for column in frame.columns:
        values = frame[column]
        if column not in CANONICAL and not str(column).startswith(("lr/", "grad_norm/", "update_ratio/")):
            continue
        if column == "event" or pd.api.types.is_numeric_dtype(values):
            continue
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


def _last_line_truncated(path: Path, frame: pd.DataFrame) -> bool:
    """True when the file's last line holds fewer fields than the header, or is unterminated and unparseable."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - _TAIL_BYTES))
        tail = handle.read()
    lines = tail.decode("utf-8", errors="replace").rstrip("\r\n").splitlines()
    if not lines or (len(lines) < 2 and size > _TAIL_BYTES):
        return False
    try:
        fields = next(stdcsv.reader([lines[-1]]), [])
    except stdcsv.Error:
        fields = lines[-1].split(",")
    if len(fields) < len(frame.columns):
        return True
    if tail.endswith(b"\n"):
        return False
    return _row_has_unparseable_value(frame)


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
