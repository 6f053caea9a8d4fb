"""The run.csv writer: appends rows batch by batch, resumes an existing log, never loses a row it wrote.

Every batch is written with one ``write`` and flushed to the operating system, so a process killed
with SIGKILL leaves a readable file that lacks at most the rows not yet handed to the writer.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from lrdoctor.errors import UsageError
from lrdoctor.files import write_atomically

Cell = float | int | str | None
TAIL_BYTES = 1 << 20


def format_cell(value: Cell) -> str:
    """One CSV cell: empty for None, integers as is, floats with 9 significant digits (float32-exact)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return format(value, ".9g")
    return str(value)


def render_rows(columns: Sequence[str], rows: Sequence[Mapping[str, Cell]]) -> str:
    """CSV text of ``rows`` in the order of ``columns`` (missing keys: empty cells)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([format_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def read_header(path: Path) -> list[str]:
    """The column names on the first line of a CSV file ([] for an empty file)."""
    with path.open(newline="") as f:
        first = f.readline()
    return next(csv.reader([first]), [])


def drop_partial_line(path: Path) -> None:
    """Cut a last line that was left half-written (the process died mid-write); keeps every full line."""
    size = path.stat().st_size
    if size == 0:
        return
    with path.open("rb+") as f:
        f.seek(max(0, size - TAIL_BYTES))
        tail = f.read()
        if tail.endswith(b"\n"):
            return
        cut = tail.rfind(b"\n")
        f.truncate(size - len(tail) + cut + 1 if cut >= 0 else 0)


def last_step(path: Path, columns: Sequence[str]) -> int | None:
    """The ``step`` of the last complete row of an existing log (None if it has no rows)."""
    index = columns.index("step")
    with path.open("rb") as f:
        f.seek(0, os.SEEK_END)
        f.seek(max(0, f.tell() - TAIL_BYTES))
        lines = f.read().decode("utf-8", errors="replace").splitlines()
    for line in reversed(lines[1:] if len(lines) > 1 else []):
        cells = next(csv.reader([line]), [])
        if len(cells) > index and cells[index].strip():
            try:
                return int(float(cells[index]))
            except ValueError:
                continue
    return None


class CsvLog:
    """An open run.csv. New file: header written now. Existing file: rows are appended after its own.

    ``resumed_step`` is the step of the last row that was already in the file (None for a new log).
    """

    def __init__(self, path: Path, columns: Sequence[str], *, overwrite: bool) -> None:
        self.path = path
        self.resumed_step: int | None = None
        if path.exists() and not overwrite:
            self.columns = self._open_existing(columns)
        else:
            self.columns = list(columns)
            write_atomically(path, render_rows(self.columns, [{c: c for c in self.columns}]))
        self._file: TextIO | None = path.open("a", newline="")

    def _open_existing(self, columns: Sequence[str]) -> list[str]:
        """Check that the file is a run log, repair a torn last line, and merge the columns."""
        existing = read_header(self.path)
        if "step" not in existing:
            raise UsageError(
                f"{self.path}: exists and is not a run log (no 'step' column); "
                "pass overwrite=True or choose another path"
            )
        drop_partial_line(self.path)
        self.resumed_step = last_step(self.path, existing)
        merged = existing + [c for c in columns if c not in existing]
        if merged != existing:
            self._rewrite(existing, merged)
        return merged

    def _rewrite(self, old: Sequence[str], new: Sequence[str]) -> None:
        """Rewrite the file with more columns (old rows keep their values, new cells empty)."""
        with self.path.open(newline="") as f:
            rows = list(csv.reader(f))[1:]
        records = [dict(zip(old, row)) for row in rows if row]
        write_atomically(self.path, render_rows(new, [{c: c for c in new}, *records]))

    def write(self, rows: Sequence[Mapping[str, Cell]]) -> None:
        """Append rows (one write, flushed); columns never seen before extend the header first."""
        if not rows or self._file is None:
            return
        new = [k for row in rows for k in row if k not in self.columns]
        if new:
            self._file.close()
            merged = self.columns + list(dict.fromkeys(new))
            self._rewrite(self.columns, merged)
            self.columns = merged
            self._file = self.path.open("a", newline="")
        self._file.write(render_rows(self.columns, rows))
        self._file.flush()

    def close(self) -> None:
        """Close the file; later writes are ignored."""
        if self._file is not None:
            self._file.close()
            self._file = None
