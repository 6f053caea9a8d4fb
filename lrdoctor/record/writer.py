"""The run.csv writer: appends rows batch by batch, resumes an existing log, never loses a row it wrote.

Layout of a log it creates: a plain CSV, the header and one line per row::

    step,epoch,loss,lr,...,event
    1,0,2.31,0.001,...

Every batch is written straight to the file with positioned writes (nothing stays buffered in the
process), so a process killed with SIGKILL leaves a readable file that lacks at most the rows not yet
handed to the writer. A write that fails (a full disk) is cut back to the last whole row before the
error is raised, so the file never ends in a torn line the writer made.

A column first seen after rows were written (a custom metric logged from epoch 2 on, the lr of a param
group added mid-run) never costs a rewrite of the file: its values go to a side file
``<stem>.extra.csv`` with one line per value, ``step,column,value``, which lrdoctor's reader joins
back. (The canonical columns, validation ones included, are in the header from the start, and keys
logged before the first rows are written join it too.) A writer asked for ``room`` keeps that many
bytes of spaces after the header instead and writes new columns into the header in place while the
room lasts; lrdoctor's own logs stay plain CSV (``ROOM_BYTES`` = 0).
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from lrdoctor.errors import UsageError
from lrdoctor.files import write_atomically

Cell = float | int | str | None
TAIL_BYTES = 1 << 20
ROOM_BYTES = 0
"""Room kept after the header of a new log for columns first seen later (0: none, they go to the side
file; a line of spaces after the header surprises CSV readers other than pandas)."""
EXTRA_SUFFIX = ".extra.csv"
EXTRA_COLUMNS = ("step", "column", "value")
_LINE_BREAK = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00]")
"""What ``str.splitlines`` splits on, and NUL: a reader splitting lines either way sees one row per line."""


def one_line(text: str) -> str:
    """``text`` as it may stand in a CSV cell: line breaks (any ``str.splitlines`` knows, and NUL)
    become spaces, so a row is always one line."""
    return _LINE_BREAK.sub(" ", text)


INT64 = 1 << 63


def format_cell(value: Cell) -> str:
    """One CSV cell: empty for None, integers as is, floats with 9 significant digits (float32-exact).
    An integer beyond 64 bits is written as a float (``inf`` beyond float range): readers take it."""
    if value is None:
        return ""
    if isinstance(value, int) and not -INT64 <= value < INT64:
        try:
            value = float(value)
        except OverflowError:
            value = math.inf if value > 0 else -math.inf
    if isinstance(value, float):
        return format(value, ".9g")
    if isinstance(value, str):
        return one_line(value)
    return str(value)


def render_rows(columns: Sequence[str], rows: Sequence[Mapping[str, Cell]]) -> str:
    """CSV text of ``rows`` in the order of ``columns`` (missing keys: empty cells)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    where = {c: i for i, c in enumerate(columns)}
    for row in rows:  # most cells of a row are empty: only the row's own keys are formatted
        cells = [""] * len(columns)
        for key, value in row.items():
            i = where.get(key)
            if i is not None and value is not None:
                cells[i] = format_cell(value)
        writer.writerow(cells)
    return buffer.getvalue()


def header_line(columns: Sequence[str]) -> bytes:
    """The header line of ``columns``, newline included, as written to the file."""
    return render_rows(columns, [{c: c for c in columns}]).encode()


def header_block(columns: Sequence[str], size: int) -> bytes | None:
    """The header line and the line of spaces after it, ``size`` bytes in all (None if it does not fit)."""
    line = header_line(columns)
    room = size - len(line) - 1
    return None if room < 0 else line + b" " * room + b"\n"


def extra_path(path: Path) -> Path:
    """The side file of a log: ``run.csv`` -> ``run.extra.csv``."""
    return path.with_name(path.stem + EXTRA_SUFFIX)


def companions(path: Path) -> list[Path]:
    """The files that belong to one recorded run: the log, its sidecar and its side file."""
    return [path, path.with_suffix(".json"), extra_path(path)]


def read_head(path: Path) -> tuple[list[str], int | None]:
    """The column names on the first line of a CSV file ([] for an empty file), and the size in bytes
    of the header with the room after it (None when the file keeps no room)."""
    with path.open("rb") as f:
        first = f.readline()
        second = f.readline()
    columns = next(csv.reader([first.decode("utf-8", errors="replace").rstrip("\r\n")]), [])
    has_room = first.endswith(b"\n") and second.endswith(b"\n") and not second.strip(b" \n")
    return columns, len(first) + len(second) if has_room else None


def read_header(path: Path) -> list[str]:
    """The column names on the first line of a CSV file ([] for an empty file)."""
    return read_head(path)[0]


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
        lines = [line.decode("utf-8", errors="replace") for line in f.read().split(b"\n")]
    for line in reversed(lines[1:] if len(lines) > 1 else []):
        cells = next(csv.reader([line]), [])
        if len(cells) > index and cells[index].strip():
            try:
                return int(float(cells[index]))
            except (ValueError, OverflowError):
                continue
    return None


def set_aside(path: Path) -> Path:
    """Move an earlier run's log, sidecar and side file to the next free ``<stem>.<N>.csv`` (``.json``,
    ``.extra.csv``), N above every number already taken; returns the log's new path."""
    pattern = re.compile(re.escape(path.stem) + r"\.(\d+)(?:\.csv|\.json|" + re.escape(EXTRA_SUFFIX) + r")")
    taken = [int(m.group(1)) for f in path.parent.iterdir() if (m := pattern.fullmatch(f.name))]
    kept = path.with_name(f"{path.stem}.{max(taken, default=0) + 1}.csv")
    for old, new in zip(companions(path), companions(kept)):
        if old.exists():
            if new.exists():
                raise FileExistsError(17, "already exists", str(new))
            os.rename(old, new)
    return kept


def pwrite(fd: int, data: bytes | memoryview, offset: int) -> int:
    """``os.pwrite`` where the system has it (a seek and a write elsewhere)."""
    if hasattr(os, "pwrite"):
        return os.pwrite(fd, data, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.write(fd, data)


def pread(fd: int, size: int, offset: int) -> bytes:
    """``os.pread`` where the system has it (a seek and a read elsewhere)."""
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, size)


def close_file(fd: int) -> None:
    """``os.close``: the descriptor is released even when it raises (an I/O error reported late)."""
    os.close(fd)


def append(fd: int, data: bytes, offset: int) -> int:
    """Write all of ``data`` at ``offset``; returns the new end. On failure the file is cut back to
    ``offset`` (no torn line is left) and the error raised."""
    view = memoryview(data)
    end = offset
    try:
        while view:
            written = pwrite(fd, view, end)
            view, end = view[written:], end + written
    except OSError:
        try:
            os.ftruncate(fd, offset)
        except OSError:
            pass
        raise
    return end


class SideLog:
    """``<stem>.extra.csv``: values of the columns that found no room in the header, one per line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if path.exists():
            drop_partial_line(path)
        else:
            write_atomically(path, render_rows(EXTRA_COLUMNS, [{c: c for c in EXTRA_COLUMNS}]))
        self.fd: int | None = os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
        self.size = os.fstat(self.fd).st_size

    def write(self, columns: Sequence[str], rows: Sequence[Mapping[str, Cell]]) -> None:
        cells = [{"step": row.get("step"), "column": c, "value": row[c]} for row in rows for c in columns if c in row]
        if cells and self.fd is not None:
            self.size = append(self.fd, render_rows(EXTRA_COLUMNS, cells).encode(), self.size)

    def close(self) -> None:
        fd, self.fd = self.fd, None
        if fd is not None:
            close_file(fd)


class CsvLog:
    """An open run.csv. ``append=False`` (or no file yet): a new log, header written now. Else the rows
    are appended after those already in the file, which must be a run log (a ``step`` column).

    ``resumed_step`` is the step of the last row that was already in the file (None for a new log);
    ``last_step`` that of the last row the file holds now (a batch whose rows reached the log counts
    even when its side file could not be written).
    ``room``: bytes kept after a new log's header for columns first seen later (at least the header's size;
    0: none, new columns go to the side file).
    """

    def __init__(self, path: Path, columns: Sequence[str], *, append: bool, room: int = ROOM_BYTES) -> None:
        self.path = path
        self.resumed_step: int | None = None
        self.extra_columns: list[str] = []
        self._extra: SideLog | None = None
        self._aliases: dict[str, str] = {}
        if append and path.exists():
            self.columns, self._room = self._open_existing()
        else:
            self.columns = list(dict.fromkeys(one_line(c) for c in columns))
            line = header_line(self.columns)
            self._room = len(line) + max(room, len(line)) + 1 if room > 0 else None
            block = header_block(self.columns, self._room) if self._room is not None else line
            assert block is not None
            write_atomically(path, block.decode())
            extra_path(path).unlink(missing_ok=True)  # an earlier run's, replaced with its log
        self._known = set(self.columns)
        self.last_step: int | None = self.resumed_step
        self._fd: int | None = os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
        self._size = os.fstat(self._fd).st_size

    def _open_existing(self) -> tuple[list[str], int | None]:
        """Check that the file is a run log and repair a torn last line."""
        columns, room = read_head(self.path)
        if "step" not in columns:
            raise UsageError(
                f"{self.path}: exists and is not a run log (no 'step' column); "
                "pass overwrite=True or choose another path"
            )
        drop_partial_line(self.path)
        self.resumed_step = last_step(self.path, columns)
        return columns, room

    def _add_columns(self, keys: Sequence[str]) -> list[str]:
        """Place keys never seen before: in the header while its room lasts, else in the side file.
        Returns the header's new columns (the header itself is rewritten with the next rows)."""
        added: list[str] = []
        width = len(header_line(self.columns))
        for key in keys:
            name = one_line(key)
            self._known.add(key)
            if name != key:
                self._aliases[key] = name
            if name in self.columns or name in added or name in self.extra_columns:
                continue
            grows = len(header_line([name]))  # a comma and the name
            if self._room is not None and width + grows + 1 <= self._room:
                added.append(name)
                width += grows
            else:
                self.extra_columns.append(name)
        return added

    def write(self, rows: Sequence[Mapping[str, Cell]]) -> None:
        """Append rows (one batch); columns never seen before extend the header in place first."""
        if not rows or self._fd is None:
            return
        new = [k for k in dict.fromkeys(k for row in rows for k in row) if k not in self._known]
        added = self._add_columns(new) if new else []
        if self._aliases:
            rows = [{self._aliases.get(k, k): v for k, v in row.items()} for row in rows]
        old_block = None
        if added:
            assert self._room is not None
            old_block = pread(self._fd, self._room, 0)
            block = header_block(self.columns + added, self._room)
            assert block is not None
            pwrite(self._fd, block, 0)
            self.columns += added
        try:
            self._size = append(self._fd, render_rows(self.columns, rows).encode(), self._size)
        except OSError:
            if old_block is not None:  # no row holds the new columns: put the header back
                try:
                    pwrite(self._fd, old_block, 0)
                except OSError:
                    pass
            raise
        step = rows[-1].get("step")
        if isinstance(step, int):
            self.last_step = step
        if self.extra_columns:
            if self._extra is None:
                self._extra = SideLog(extra_path(self.path))
            self._extra.write(self.extra_columns, rows)

    def close(self) -> None:
        """Close the files (later writes are ignored); an error closing them is raised once they are released."""
        fd, self._fd = self._fd, None
        try:
            if fd is not None:
                close_file(fd)
        finally:
            if self._extra is not None:
                self._extra.close()
