"""TensorBoard event files and run directories (scalars), read with the ``tensorboard`` package.

Records are read with TensorBoard's own record reader and ``Event`` protobuf; scalars come from
``simple_value`` (torch's ``SummaryWriter``, Lightning) or from scalar tensors (``tf.summary``).
Tags map through the shared name table (``train/loss``, ``train_loss``, ``lr-SGD``, ``val_loss``,
...). A directory's event files (a resumed run writes a new one) are read in name order, later
values winning at the same step. A record cut short at the end of a file (a crash) ends the file
with a note; a record that fails its checksum is an error. Lightning's validation values, logged
one step after the training step, are moved onto it (as for its ``metrics.csv``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lrdoctor.errors import LogReadError
from lrdoctor.io.base import RawLog
from lrdoctor.io.names import canonical_renames
from lrdoctor.io.tables import Names, finish_log, frame_from_series, list_columns, merge_sparse_rows

FORMAT = "TensorBoard"
EVENT_MARK = "tfevents"


def event_files(folder: Path) -> list[Path]:
    """The event files directly inside a run directory, in name (= creation time) order."""
    return sorted(p for p in folder.iterdir() if p.is_file() and EVENT_MARK in p.name)


def read_tensorboard(path: Path, extra_names: Names = None) -> RawLog:
    """Read the scalars of one event file, or of every event file directly inside a directory."""
    files = event_files(path) if path.is_dir() else [path]
    if not files:
        raise LogReadError(path, f"{FORMAT}: no event files (*{EVENT_MARK}*) in this folder")
    notes: list[str] = []
    series: dict[str, dict[float, float]] = {}
    for file in files:
        for tag, step, value in _scalars(file, notes):
            series.setdefault(tag, {})[step] = value
    if not series:
        raise LogReadError(path, f"{FORMAT}: no scalar values in the event file")
    frame = frame_from_series(series)
    renamed = frame.rename(columns=canonical_renames(frame.columns, extra_names))
    if "loss" not in renamed.columns:
        raise LogReadError(path, f"{FORMAT}: no training loss tag (tags: {list_columns(list(series))})")
    return finish_log(merge_sparse_rows(renamed, notes), path, FORMAT, notes=notes, what="tag", values_only=True)


def _scalars(file: Path, notes: list[str]) -> Iterator[tuple[str, float, float]]:
    """``(tag, step, value)`` for every scalar summary value in one event file."""
    for event in _events(file, notes):
        if not event.HasField("summary"):
            continue
        for value in event.summary.value:
            number = _scalar_value(value)
            if number is not None:
                yield value.tag, float(event.step), number


def _events(file: Path, notes: list[str]) -> Iterator[Any]:
    """Parsed ``Event`` protos of one file; a truncated tail ends it with a note, corruption raises."""
    reader_module, errors, event_pb2 = _tensorboard_modules(file)
    try:
        reader = reader_module.PyRecordReader_New(str(file))
    except errors.NotFoundError:
        raise LogReadError(file, f"{FORMAT}: no such event file") from None
    count = 0
    while True:
        try:
            reader.GetNext()
        except errors.OutOfRangeError:
            return
        except errors.DataLossError as error:
            if "truncated" in str(error) and count:
                notes.append(f"{file.name}: dropped a record cut short at the end of the file")
                return
            problem = "cut short" if "truncated" in str(error) else "fails its checksum"
            raise LogReadError(file, f"{FORMAT}: record {count + 1} {problem}; not a readable event file") from None
        try:
            event = event_pb2.Event.FromString(reader.record())
        except Exception:  # protobuf's DecodeError
            raise LogReadError(file, f"{FORMAT}: record {count + 1} is not an Event") from None
        count += 1
        yield event


def _scalar_value(value: Any) -> float | None:
    """The number in a summary value: ``simple_value``, or a one-element float tensor."""
    kind = value.WhichOneof("value")
    if kind == "simple_value":
        return float(value.simple_value)
    if kind == "tensor" and value.metadata.plugin_data.plugin_name == "scalars":
        from tensorboard.util import tensor_util

        array = tensor_util.make_ndarray(value.tensor)
        return float(array.reshape(-1)[0]) if array.size == 1 and array.dtype.kind in "fiu" else None
    return None


def _tensorboard_modules(file: Path) -> tuple[Any, Any, Any]:
    """TensorBoard's record reader, its error classes and the Event proto; a clear error if missing."""
    try:
        from tensorboard.compat.proto import event_pb2
        from tensorboard.compat.tensorflow_stub import errors, pywrap_tensorflow
    except ImportError:
        raise LogReadError(
            file, f"{FORMAT}: reading event files needs the 'tensorboard' package (pip install 'lrdoctor[readers]')"
        ) from None
    return pywrap_tensorflow, errors, event_pb2
