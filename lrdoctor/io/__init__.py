"""Read any supported training log into a ``RawLog``: ``read_log`` (one run) and ``find_runs`` (a folder).

Supported formats (``input_format`` names, detected from the file when not given):

| name            | what                                                                          |
|-----------------|-------------------------------------------------------------------------------|
| ``csv``         | ``run.csv`` (canonical), CSVs with other common column names, W&B exports     |
| ``lightning``   | PyTorch Lightning ``CSVLogger`` ``metrics.csv``                               |
| ``yolo``        | Ultralytics YOLO ``results.csv``                                              |
| ``hf``          | Hugging Face Trainer ``trainer_state.json``, or a checkpoint folder with one  |
| ``tensorboard`` | TensorBoard event file, or a run folder of them (needs ``tensorboard``)       |
| ``mlflow``      | MLflow file-store run folder, or ``mlflow:<run_id>`` (needs ``mlflow``)       |
| ``jsonl``       | JSON lines, one object per step or epoch (DETR ``log.txt``), or a JSON array  |

Detection looks at the content first (a TensorBoard record, a JSON object with ``log_history``, a
YOLO or Lightning header) and then at the name. A ``<stem>.json`` sidecar beside a log file is read
into ``meta``; Lightning's ``hparams.yaml`` and MLflow params add what the rules use from them
(:mod:`lrdoctor.io.hparams`), and the sidecar wins.

Before a format is read, :mod:`lrdoctor.io.inputs` makes the bytes safe to read: a FIFO or device is
copied with a bound on size and waiting, UTF-16/32 and Latin-1 text is transcoded to UTF-8 (with a
note). ``input_files`` lists the files a read opens, so that nothing lrdoctor writes lands on one.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from lrdoctor.errors import LogReadError, UsageError
from lrdoctor.io.base import RawLog
from lrdoctor.io.csv import read_csv_log
from lrdoctor.io.hf_trainer import read_trainer_state
from lrdoctor.io.inputs import (
    UTF8,
    NotUtf8Error,
    copy_stream,
    encoding_name,
    file_encoding,
    sniff_encoding,
    special_kind,
    transcode,
)
from lrdoctor.io.jsonl import read_json_lines
from lrdoctor.io.lightning import HPARAMS, read_lightning_csv
from lrdoctor.io.mlflow import URI_PREFIX, is_run_folder, read_mlflow_folder, read_mlflow_run, run_folder_files, store_files
from lrdoctor.io.names import canonical_renames
from lrdoctor.io.csv import extra_columns_path
from lrdoctor.io.sidecar import read_sidecar, sidecar_path
from lrdoctor.io.tensorboard import EVENT_MARK, KERAS_SIDES, event_files, keras_files, keras_run_folder, read_tensorboard
from lrdoctor.io.yolo import is_yolo_header, read_yolo_results

__all__ = ["FORMATS", "RawLog", "detect_format", "find_runs", "input_files", "read_log"]

Reader = Callable[[Path, Mapping[str, Sequence[str]] | None], RawLog]

FORMATS: dict[str, Reader] = {
    "csv": read_csv_log,
    "lightning": read_lightning_csv,
    "yolo": read_yolo_results,
    "hf": read_trainer_state,
    "tensorboard": read_tensorboard,
    "mlflow": read_mlflow_folder,
    "jsonl": read_json_lines,
}
"""``input_format`` name -> reader."""

_HEAD_BYTES = 8192
_HF_STATE = "trainer_state.json"
_JSON_HEAD_LINES = 5
"""A folder's JSON-lines file is a run when one of its first this many records names a loss."""
_SKIPPED_DIRS = frozenset({"__pycache__", "node_modules", "site-packages", "wandb"})
_LOOKED_FOR = (
    "run.csv and other CSVs, trainer_state.json, Lightning metrics.csv, YOLO results.csv, "
    "TensorBoard event files, MLflow run folders, JSON lines"
)
_BINARY = f"binary data, not a training log (tried: {_LOOKED_FOR})"


def read_log(
    path: Path | str,
    input_format: str | None = None,
    extra_names: Mapping[str, Sequence[str]] | None = None,
    unread: Sequence[str] = (),
) -> RawLog:
    """Read one run from a file, a run folder or ``mlflow:<run_id>``; errors are ``LogReadError``.

    ``log.files`` lists every file the read opened (the log, its sidecar, the files of a run folder).
    ``unread``: families of columns (``update_ratio`` for ``update_ratio/<param>``) the caller does not
    need; a CSV is read without them (see :func:`lrdoctor.io.csv.read_csv_log`), other formats whole.
    """
    if str(path).startswith(URI_PREFIX):
        return read_mlflow_run(str(path), extra_names)
    path = Path(path)
    if input_format is not None and input_format not in FORMATS:
        raise UsageError(f"unknown input format '{input_format}' (choose from {', '.join(FORMATS)})")
    try:
        kind = special_kind(_mode(path))
        if kind is not None:  # a FIFO or a device: a bounded copy, so that nothing can block or grow forever
            return _read_copy(path, lambda copy: copy_stream(path, kind, copy), "", input_format, extra_names, unread)
        return _read_existing(path, input_format, extra_names, unread)
    except OSError as error:  # unreadable: permissions, a file removed while reading
        raise LogReadError(path, f"cannot be read ({error.strerror or type(error).__name__})") from None
    except RecursionError:
        raise LogReadError(path, "nested too deeply to be a training log") from None


def input_files(run: Path | str) -> list[Path]:
    """Every file that reading ``run`` (a path as ``read_log`` takes it) opens, without reading them:
    the log, its ``<stem>.json`` sidecar and ``hparams.yaml``, a run folder's event or metric files;
    for ``mlflow:<run_id>`` the run's folder in a local file store, or the SQLite database. Nothing
    lrdoctor writes may land on one of them."""
    if str(run).startswith(URI_PREFIX):
        return store_files(str(run)[len(URI_PREFIX):].strip())
    path = Path(run)
    try:
        if path.is_dir():
            path = _run_in_folder(path)[0]
        return _files_of(path)
    except (LogReadError, OSError):  # reading it will say what is wrong
        return [path]


def _mode(path: Path) -> int:
    """``st_mode`` of a path that exists; a missing file, a broken link and a link loop are errors."""
    try:
        return path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            raise LogReadError(path, f"a broken symbolic link (to {os.readlink(path)})") from None
        raise LogReadError(path, "no such file or directory") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise LogReadError(path, "a symbolic link loop") from None
        raise


def _files_of(path: Path) -> list[Path]:
    """The files a reader opens for a run file or run folder, sidecars included."""
    if path.is_dir():
        if is_run_folder(path):
            return run_folder_files(path)
        return keras_files(path) if keras_run_folder(path) else event_files(path)
    beside = [sidecar_path(path), extra_columns_path(path), path.parent / HPARAMS]
    return [path, *(p for p in beside if p is not None and p.is_file())]


def _read_existing(
    path: Path, input_format: str | None, extra_names: Mapping[str, Sequence[str]] | None, unread: Sequence[str]
) -> RawLog:
    """Read a file or run folder that exists, with its sidecar; text that is not UTF-8 through a UTF-8 copy."""
    detected = None
    if path.is_dir():
        path, detected = _run_in_folder(path)
    if path.is_dir():
        log = FORMATS[input_format or detected or "tensorboard"](path, extra_names)
        log.files = _files_of(path)
        return log
    head = _head(path)
    fmt = input_format or detected or detect_format(path, head)
    binary = fmt in ("tensorboard", "mlflow")
    encoding = UTF8 if binary else sniff_encoding(head, whole=len(head) < _HEAD_BYTES)
    if encoding in (UTF8, None):
        try:
            return _read_file(path, path, fmt, extra_names, unread)
        except NotUtf8Error:  # a byte beyond the first ones that is not UTF-8
            encoding = file_encoding(path)
            if encoding is None:
                raise
    text_encoding = encoding
    note = f"read as {encoding_name(text_encoding)} text (lrdoctor expects UTF-8)"
    return _read_copy(path, lambda copy: transcode(path, text_encoding, copy), note, fmt, extra_names, unread)


def _read_file(
    path: Path, original: Path, fmt: str | None, extra_names: Mapping[str, Sequence[str]] | None, unread: Sequence[str]
) -> RawLog:
    """Read the log file ``path`` (``original``, or a temporary copy of it) and ``original``'s sidecar;
    without ``fmt`` the format is detected (a FIFO's copy)."""
    fmt = fmt or detect_format(path)
    log = read_csv_log(path, extra_names, unread) if fmt == "csv" and unread else FORMATS[fmt](path, extra_names)
    sidecar = sidecar_path(original)
    if sidecar is not None:
        log.meta = {**log.meta, **read_sidecar(sidecar)}
    log.files = _files_of(original)
    return log


def _read_copy(
    path: Path,
    fill: Callable[[Path], None],
    note: str,
    fmt: str | None,
    extra_names: Mapping[str, Sequence[str]] | None,
    unread: Sequence[str],
) -> RawLog:
    """Read a temporary copy of ``path`` that ``fill`` writes (same name, ``hparams.yaml`` linked beside
    it); problems and the log name ``path``."""
    with tempfile.TemporaryDirectory(prefix="lrdoctor-") as folder:
        copy = Path(folder) / (path.name or "log")
        if (path.parent / HPARAMS).is_file():
            (Path(folder) / HPARAMS).symlink_to((path.parent / HPARAMS).resolve())
        fill(copy)
        try:
            log = _read_file(copy, path, fmt, extra_names, unread)
        except LogReadError as error:
            if error.path != copy:
                raise
            raise LogReadError(path, error.problem) from None
    log.source = path
    if note:
        log.notes.insert(0, note)
    return log


def detect_format(path: Path, head: bytes | None = None) -> str:
    """The ``input_format`` of a log file, from its first bytes and its name."""
    head = _head(path) if head is None else head
    if EVENT_MARK in path.name or b"brain.Event" in head[:64]:
        return "tensorboard"
    text = _text_head(path, head)
    if not text.strip():
        raise LogReadError(path, "empty file")
    start = text.lstrip()[:1]
    if start in ("{", "["):
        return "hf" if path.name.endswith(_HF_STATE) or '"log_history"' in text else "jsonl"
    header = [field.strip().strip('"') for field in text.splitlines()[0].split(",")]
    if is_yolo_header(header):
        return "yolo"
    if path.name.endswith("metrics.csv") or _looks_like_lightning(header):
        return "lightning"
    return "csv"


def _head(path: Path) -> bytes:
    """The first bytes of a file."""
    with path.open("rb") as handle:
        return handle.read(_HEAD_BYTES)


def _text_head(path: Path, head: bytes) -> str:
    """The file's first bytes as text, in whichever encoding it has; binary data is a ``LogReadError``."""
    encoding = sniff_encoding(head, whole=len(head) < _HEAD_BYTES)
    if encoding is None:
        raise LogReadError(path, _BINARY)
    if encoding != UTF8:
        head = head[: len(head) - len(head) % (4 if encoding == "utf-32" else 2)] if "utf-" in encoding else head
        return head.decode(encoding, errors="replace").lstrip("\ufeff")
    return head.decode("utf-8-sig", errors="ignore")


def _looks_like_lightning(header: list[str]) -> bool:
    """A CSVLogger header: a ``step`` column with ``lr-<Optimizer>`` or ``<name>_step``/``<name>_epoch`` pairs."""
    names = set(header)
    return "step" in names and any(
        name.startswith("lr-") or (name.endswith("_step") and f"{name[:-5]}_epoch" in names) for name in names
    )


def _run_in_folder(folder: Path) -> tuple[Path, str | None]:
    """The one run a folder holds (the folder itself for TensorBoard and MLflow run folders)."""
    if is_run_folder(folder):
        return folder, "mlflow"
    runs = find_runs(folder)
    if not runs:
        raise LogReadError(folder, f"no training log found in this folder (looked for {_LOOKED_FOR})")
    if len(runs) > 1:
        shown = ", ".join(str(run.relative_to(folder)) for run in runs[:5])
        raise LogReadError(folder, f"holds {len(runs)} runs ({shown}{', ...' if len(runs) > 5 else ''}); name one")
    run = runs[0]
    if run.is_dir():
        return run, "mlflow" if is_run_folder(run) else "tensorboard"
    return run, None


def find_runs(folder: Path | str) -> list[Path]:
    """Every run below a folder, each once, sorted: log files, TensorBoard and MLflow run folders.

    An HF output folder counts once (its ``trainer_state.json``, else its latest checkpoint's), and
    the TensorBoard copy the Trainer writes under it (``runs/``) is not counted again; nor are event
    files beside a Lightning ``metrics.csv``. Event files named ``<name>events.out.tfevents...`` with
    different prefixes are separate runs; plain ones in one folder are one run (the folder).

    Symbolic links are followed, but every real folder is walked once and every real file listed
    once (a link back to a parent folder is no loop). Only regular files can be runs (no FIFOs). A
    folder that cannot be listed is returned as a run, so that reading it reports the problem.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise LogReadError(folder, "not a folder")
    runs: dict[tuple[int, int], Path] = {}
    walked: set[tuple[int, int]] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            pending.extend(reversed(_collect(current, runs, walked)))
        except OSError:
            runs.setdefault((-1, len(runs)), current)
    return sorted(runs.values())


def _identity(path: Path) -> tuple[int, int]:
    """What a path really is, links followed: (device, inode)."""
    status = path.stat()
    return status.st_dev, status.st_ino


def _collect(folder: Path, runs: dict[tuple[int, int], Path], walked: set[tuple[int, int]]) -> list[Path]:
    """Add the runs directly in ``folder`` to ``runs`` (by identity; a path without symbolic links is
    kept over one through them) and return the subfolders still to walk."""
    identity = _identity(folder)
    if identity in walked:
        return []
    walked.add(identity)
    found: list[Path] = []
    subdirs: list[Path] = []
    # listed once, each entry's type from the listing itself: a sweep's folders are thousands, each a stat saved
    with os.scandir(folder) as listing:
        entries = sorted((entry for entry in listing if not entry.name.startswith(".")), key=lambda entry: entry.name)
    names = {entry.name for entry in entries}
    if {"meta.yaml", "metrics"} <= names and is_run_folder(folder):
        found.append(folder)
    elif KERAS_SIDES[0] in names and keras_run_folder(folder):  # Keras' train/ and validation/ event folders: one run
        found.append(folder)
        subdirs = [Path(e.path) for e in entries if e.is_dir() and e.name not in (*KERAS_SIDES, *_SKIPPED_DIRS)]
    else:
        files = [Path(e.path) for e in entries if e.is_file()]
        subdirs = [Path(e.path) for e in entries if e.is_dir() and e.name not in _SKIPPED_DIRS]
        hf_states = [f for f in files if f.name.endswith(_HF_STATE)] or _latest_checkpoint_state(subdirs)
        found.extend(hf_states)
        if not any(f.name == "metrics.csv" for f in files):
            found.extend(_event_runs(folder, [f for f in files if EVENT_MARK in f.name]))
        sidecars = {f.with_suffix(".json") for f in files if f.suffix != ".json"}
        found.extend(f for f in files if f not in sidecars and _is_text_run(f))
        if hf_states:  # the same HF run again
            subdirs = [d for d in subdirs if not (d.name.startswith("checkpoint-") or d.name == "runs")]
    for run in found:
        identity = _identity(run)
        if identity not in runs or (_through_link(runs[identity]) and not _through_link(run)):
            runs[identity] = run
    return subdirs


def _through_link(path: Path) -> bool:
    """True when a path reaches its file through a symbolic link (another name for it is better)."""
    return path.resolve() != Path(os.path.abspath(path))


def _latest_checkpoint_state(subdirs: list[Path]) -> list[Path]:
    """``[checkpoint-<N>/trainer_state.json]`` of the highest N; empty without checkpoints."""
    states = [
        (int(d.name.split("-", 1)[1]), d / _HF_STATE)
        for d in subdirs
        if d.name.startswith("checkpoint-") and d.name.split("-", 1)[1].isdigit() and (d / _HF_STATE).is_file()
    ]
    return [max(states)[1]] if states else []


def _event_runs(folder: Path, files: list[Path]) -> list[Path]:
    """Runs among event files: the folder for plain names, each file when names carry a prefix."""
    plain = [f for f in files if f.name.startswith("events.out.")]
    prefixed = [f for f in files if not f.name.startswith("events.out.")]
    return ([folder] if plain else []) + prefixed


def _is_text_run(file: Path) -> bool:
    """True for a CSV, JSON-lines or ``log.txt`` file whose first line names a loss (or a Lightning/YOLO file)."""
    if file.suffix.lower() not in (".csv", ".jsonl", ".txt", ".json", ".ndjson") or file.name.endswith(_HF_STATE):
        return False
    try:
        text = _text_head(file, _head(file))
    except (LogReadError, OSError):
        return False
    first = text.splitlines()[0] if text.strip() else ""
    if file.suffix.lower() == ".csv":
        header = [field.strip().strip('"') for field in first.split(",")]
        lightning = file.name.endswith("metrics.csv") and "step" in header
        return lightning or is_yolo_header(header) or _names_a_run(header)
    if first.lstrip().startswith("{"):  # JSON lines: a loss in one of the first records (mmdetection's first: its env)
        return any(_names_a_run([key.strip('"') for key in line.replace("{", ",").split(",")])
                   for line in text.splitlines()[:_JSON_HEAD_LINES])
    return False


def _names_a_run(names: Sequence[str]) -> bool:
    """True when some name (a CSV header field, a JSON key, a W&B ``<run> - <metric>``) means the loss."""
    cleaned = [name.split(":")[0].strip().strip('"').split(" - ")[-1] for name in names]
    return "loss" in cleaned or "loss" in canonical_renames(cleaned).values()
