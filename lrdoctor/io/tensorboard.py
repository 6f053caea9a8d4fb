"""TensorBoard event files and run directories (scalars), read with the ``tensorboard`` package.

Records are read with TensorBoard's own record reader and ``Event`` protobuf; scalars come from
``simple_value`` (torch's ``SummaryWriter``, Lightning) or from scalar tensors (``tf.summary``).
Tags map through the shared name table (``train/loss``, ``train_loss``, ``lr-SGD``, ``val_loss``,
...). A directory's event files (a resumed run writes a new one) are read in name order, later
values winning at the same step. A record cut short at the end of a file (a crash) ends the file
with a note; a record that fails its checksum is an error. Lightning's validation values, logged
one step after the training step, are moved onto it (as for its ``metrics.csv``).

Keras' ``TensorBoard`` callback writes a run as a folder with ``train/`` and ``validation/`` folders of event files,
each with ``epoch_loss``, ``epoch_accuracy`` (and the train side ``epoch_learning_rate``) at the epoch's number: read
as one run of one row per epoch, the validation values as ``val_loss`` and ``val_acc``. Its per-batch tags
(``batch_loss``, ``update_freq='batch'``) count other steps; they are the training loss only when no epoch-level loss
was written.
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


KERAS_SIDES = ("train", "validation")
"""The folders of event files Keras' TensorBoard callback writes in a run's log folder."""
KERAS_ACCURACIES = ("accuracy", "acc", "sparse_categorical_accuracy", "categorical_accuracy", "binary_accuracy")
"""The names Keras gives an accuracy metric."""
KERAS_TRAIN_TAGS = {"epoch_loss": "loss", "epoch_learning_rate": "lr", "epoch_lr": "lr",
                    **{f"epoch_{name}": "train_acc" for name in KERAS_ACCURACIES}}
"""Keras' epoch-level tags on the train side, and the canonical column each is."""
KERAS_VALIDATION_TAGS = {"epoch_loss": "val_loss", **{f"epoch_{name}": "val_acc" for name in KERAS_ACCURACIES}}
"""...and on the validation side."""
KERAS_BATCH_VALIDATION_TAGS = {"evaluation_loss_vs_iterations": "val_loss",
                               **{f"evaluation_{name}_vs_iterations": "val_acc" for name in KERAS_ACCURACIES}}
"""The validation side's tags at the training step of a log written per batch (``update_freq='batch'``)."""


def keras_run_folder(folder: Path) -> bool:
    """A Keras TensorBoard log folder: no event files of its own, a ``train/`` folder of them (and ``validation/``)."""
    train = folder / KERAS_SIDES[0]
    return train.is_dir() and bool(event_files(train)) and not event_files(folder)


def keras_files(folder: Path) -> list[Path]:
    """The event files of a Keras log folder, train side first."""
    return [file for side in KERAS_SIDES if (folder / side).is_dir() for file in event_files(folder / side)]


def read_tensorboard(path: Path, extra_names: Names = None) -> RawLog:
    """Read the scalars of one event file, or of every event file directly inside a directory (both sides of a Keras
    log folder)."""
    if path.is_dir() and keras_run_folder(path):
        return _read_keras(path, extra_names)
    files = event_files(path) if path.is_dir() else [path]
    if not files:
        raise LogReadError(path, f"{FORMAT}: no event files (*{EVENT_MARK}*) in this folder")
    notes: list[str] = []
    series = _series(files, notes)
    if not series:
        raise LogReadError(path, f"{FORMAT}: no scalar values in the event file")
    frame = frame_from_series(series)
    renamed = frame.rename(columns=canonical_renames(frame.columns, extra_names))
    meta: dict[str, object] = {}
    if "loss" not in renamed.columns and "epoch_loss" in series:  # the train side of a Keras log folder, on its own
        renamed, meta = frame.rename(columns=KERAS_TRAIN_TAGS), {"step_is_epoch": True}
        notes.append("Keras' epoch-level tags: one row per epoch, the epoch is the step")
    if "loss" not in renamed.columns:
        raise LogReadError(path, f"{FORMAT}: no training loss tag (tags: {list_columns(list(series))})")
    return finish_log(merge_sparse_rows(renamed, notes), path, FORMAT, notes=notes, meta=meta, what="tag",
                      values_only=True)


def _series(files: list[Path], notes: list[str]) -> dict[str, dict[float, float]]:
    """``{tag: {step: value}}`` of the scalars in ``files``, later files winning at the same step."""
    series: dict[str, dict[float, float]] = {}
    for file in files:
        for tag, step, value in _scalars(file, notes):
            series.setdefault(tag, {})[step] = value
    return series


def _read_keras(folder: Path, extra_names: Names) -> RawLog:
    """A Keras log folder as one run: the epoch-level train tags and the validation ones beside them, one row per
    epoch; the per-batch training loss only when no epoch-level one was written."""
    notes: list[str] = []
    train = _series(event_files(folder / KERAS_SIDES[0]), notes)
    side = folder / KERAS_SIDES[1]
    validation = _series(event_files(side), notes) if side.is_dir() else {}
    if "epoch_loss" not in train and "batch_loss" in train:
        notes.append("Keras' per-batch loss (no epoch-level one): the batch is the step")
        columns = {"loss" if name == "batch_loss" else name: points for name, points in train.items()
                   if name.startswith("batch_")}
        columns |= {KERAS_BATCH_VALIDATION_TAGS[name]: points for name, points in validation.items()
                    if name in KERAS_BATCH_VALIDATION_TAGS}
        return finish_log(frame_from_series(columns), folder, FORMAT, extra_names=extra_names, notes=notes, what="tag",
                          values_only=True)
    if "epoch_loss" not in train:
        raise LogReadError(folder, f"{FORMAT}: a Keras log folder without an epoch_loss tag in train/ "
                                   f"(tags: {list_columns(list(train))})")
    if any(name.startswith("batch_") for name in train):
        notes.append("left out Keras' per-batch tags: they count batches, the epoch-level ones epochs")
    columns = {KERAS_TRAIN_TAGS.get(name, name): points for name, points in train.items() if not name.startswith("batch_")}
    columns |= {KERAS_VALIDATION_TAGS.get(name, f"val_{name.removeprefix('epoch_')}"): points
                for name, points in validation.items() if name.startswith("epoch_")}
    notes.append("Keras' epoch-level tags: one row per epoch, the epoch is the step")
    return finish_log(frame_from_series(columns), folder, FORMAT, extra_names=extra_names, notes=notes,
                      meta={"step_is_epoch": True}, what="tag", values_only=True)


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
