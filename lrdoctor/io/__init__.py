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
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from lrdoctor.errors import LogReadError, UsageError
from lrdoctor.io.base import RawLog
from lrdoctor.io.csv import read_csv_log
from lrdoctor.io.hf_trainer import read_trainer_state
from lrdoctor.io.jsonl import read_json_lines
from lrdoctor.io.lightning import read_lightning_csv
from lrdoctor.io.mlflow import URI_PREFIX, is_run_folder, read_mlflow_folder, read_mlflow_run
from lrdoctor.io.names import canonical_renames
from lrdoctor.io.sidecar import read_sidecar, sidecar_path
from lrdoctor.io.tensorboard import EVENT_MARK, read_tensorboard
from lrdoctor.io.yolo import is_yolo_header, read_yolo_results

__all__ = ["FORMATS", "RawLog", "detect_format", "find_runs", "read_log"]

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
_SKIPPED_DIRS = frozenset({"__pycache__", "node_modules", "site-packages", "wandb"})
_LOOKED_FOR = (
    "run.csv and other CSVs, trainer_state.json, Lightning metrics.csv, YOLO results.csv, "
    "TensorBoard event files, MLflow run folders, JSON lines"
)


def read_log(
    path: Path | str, input_format: str | None = None, extra_names: Mapping[str, Sequence[str]] | None = None
) -> RawLog:
    """Read one run from a file, a run folder or ``mlflow:<run_id>``; errors are ``LogReadError``."""
    if str(path).startswith(URI_PREFIX):
        return read_mlflow_run(str(path), extra_names)
    path = Path(path)
    if input_format is not None and input_format not in FORMATS:
        raise UsageError(f"unknown input format '{input_format}' (choose from {', '.join(FORMATS)})")
    if not path.exists():
        raise LogReadError(path, "no such file or directory")
    try:
        return _read_existing(path, input_format, extra_names)
    except OSError as error:  # unreadable: permissions, a FIFO, a file removed while reading
        raise LogReadError(path, f"cannot be read ({error.strerror or type(error).__name__})") from None


def _read_existing(path: Path, input_format: str | None, extra_names: Mapping[str, Sequence[str]] | None) -> RawLog:
    """Read a file or run folder that exists, with its sidecar."""
    detected = None
    if path.is_dir():
        path, detected = _run_in_folder(path)
    fmt = input_format or detected or detect_format(path)
    log = FORMATS[fmt](path, extra_names)
    sidecar = sidecar_path(path) if path.is_file() else None
    if sidecar is not None:
        log.meta = {**log.meta, **read_sidecar(sidecar)}
    return log


def detect_format(path: Path) -> str:
    """The ``input_format`` of a log file, from its first bytes and its name."""
    head = _head(path)
    if EVENT_MARK in path.name or b"brain.Event" in head[:64]:
        return "tensorboard"
    if not head.strip():
        raise LogReadError(path, "empty file")
    text = _text_head(path, head)
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
    """The file's first bytes as text; binary data is a ``LogReadError``."""
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4 or len(head) < _HEAD_BYTES:
            raise LogReadError(path, f"binary data, not a training log (tried: {_LOOKED_FOR})") from None
        text = head[: error.start].decode("utf-8-sig")
    if "\x00" in text:
        raise LogReadError(path, f"binary data, not a training log (tried: {_LOOKED_FOR})")
    return text


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
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise LogReadError(folder, "not a folder")
    runs: list[Path] = []
    _collect(folder, runs)
    return sorted(runs)


def _collect(folder: Path, runs: list[Path]) -> None:
    """Add the runs in ``folder`` and below it to ``runs``."""
    if is_run_folder(folder):
        runs.append(folder)
        return
    children = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    files = [p for p in children if p.is_file()]
    subdirs = [p for p in children if p.is_dir() and p.name not in _SKIPPED_DIRS]
    hf_states = [f for f in files if f.name.endswith(_HF_STATE)] or _latest_checkpoint_state(subdirs)
    runs.extend(hf_states)
    has_metrics_csv = any(f.name == "metrics.csv" for f in files)
    if not has_metrics_csv:
        runs.extend(_event_runs(folder, [f for f in files if EVENT_MARK in f.name]))
    sidecars = {f.with_suffix(".json") for f in files if f.suffix != ".json"}
    runs.extend(f for f in files if f not in sidecars and _is_text_run(f))
    for sub in subdirs:
        if hf_states and (sub.name.startswith("checkpoint-") or sub.name == "runs"):  # the same HF run again
            continue
        _collect(sub, runs)


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
    if first.lstrip().startswith("{"):
        return _names_a_run([key.strip('"') for key in first.replace("{", ",").split(",")])
    return False


def _names_a_run(names: Sequence[str]) -> bool:
    """True when some name (a CSV header field, a JSON key, a W&B ``<run> - <metric>``) means the loss."""
    cleaned = [name.split(":")[0].strip().strip('"').split(" - ")[-1] for name in names]
    return "loss" in cleaned or "loss" in canonical_renames(cleaned).values()
