"""MLflow runs: a run folder of the local file store, or ``mlflow:<run_id>`` through MLflow's client.

A file-store run folder (``mlruns/<experiment>/<run>/``) holds ``metrics/<name>`` files (names with
``/`` are sub-folders) of ``timestamp value step`` lines, and ``params/<name>`` files; metrics map
through the shared name table, params go into ``meta["params"]`` and the run name into
``meta["run_name"]``. ``mlflow:<run_id>`` reads the same from the tracking store the user has
configured (``MLFLOW_TRACKING_URI``; without it, an ``mlruns/`` folder or ``mlflow.db`` in the current
folder, which MLflow would otherwise create), and needs the ``mlflow`` package.

``mlflow:experiment/<name>`` stands for every run of an experiment (``experiment_run_uris``, with
MLflow's own filter string, ``params.lr > '1e-3'``). A tracking server is probed before MLflow's
client is used: the client retries a server that is down for minutes, the probe says so at once.
Metric history is read the way MLflow's client pages it (``PAGE_SIZE`` points per request) into
float arrays, so a run of 1,000,000 steps of 20 metrics never holds 20,000,000 Python objects; metrics
logged at the same steps share one steps array, and the values go straight into the table's one float
block: the read holds about the table's size (160 MB there), twice it while the table is built.

MLflow ends every metric line with a newline: a last line without one was cut short by a crash and
is dropped with a note (its step may be cut too, ``12`` of ``120``, and would overwrite step 12).
"""

from __future__ import annotations

import math
import os
import socket
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from lrdoctor.errors import LogReadError
from lrdoctor.io.base import RawLog
from lrdoctor.io.hparams import canonical_meta
from lrdoctor.io.names import canonical_renames
from lrdoctor.io.tables import Names, finish_log, frame_from_arrays, frame_from_series, merge_sparse_rows

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

FORMAT = "MLflow"
URI_PREFIX = "mlflow:"
EXPERIMENT_PREFIX = "mlflow:experiment/"
PAGE_SIZE = 25_000
"""Metric points per request: MLflow's own page size (``GET_METRIC_HISTORY_MAX_RESULTS``)."""
RUNS_PAGE_SIZE = 1_000
"""Runs per ``search_runs`` request when listing an experiment."""
PROBE_SECONDS = 10.0
"""How long to wait for a tracking server to accept a connection before saying it cannot be reached."""
_FOLDERS = ("metrics", "params", "tags")
_DEFAULT_STORES = ("mlruns", "mlflow.db")
"""What MLflow uses in the current folder when ``MLFLOW_TRACKING_URI`` is not set (2.x, 3.x)."""


def is_run_folder(folder: Path) -> bool:
    """True for a file-store run folder: ``meta.yaml`` beside a ``metrics`` folder."""
    return (folder / "meta.yaml").is_file() and (folder / "metrics").is_dir()


def run_folder_files(folder: Path) -> list[Path]:
    """The files of a run folder that reading it opens (its metrics, params and tags), and ``meta.yaml``."""
    files = [folder / "meta.yaml"]
    for name in _FOLDERS:
        if (folder / name).is_dir():
            files += sorted(file for file in (folder / name).rglob("*") if file.is_file())
    return files


def store_files(run_id: str) -> list[Path]:
    """The local files ``mlflow:<run_id>`` reads: its run folder in a file store, or the SQLite
    database; none for a tracking server (or when nothing local is found)."""
    uri = os.environ.get("MLFLOW_TRACKING_URI", "")
    stores = [Path(unquote(urlparse(uri).path)) if uri.startswith("file:") else Path(uri)] if uri else []
    if uri.startswith("sqlite:"):
        stores = [Path(uri.split(":///", 1)[-1])]
    elif uri and "://" in uri and not uri.startswith("file:"):
        return []
    if not uri:
        stores = [Path(name) for name in _DEFAULT_STORES]
    files: list[Path] = []
    for store in stores:
        if store.is_file():
            files.append(store)
        elif run_id and store.is_dir():
            for folder in sorted(store.glob(f"*/{run_id}")):
                if is_run_folder(folder):
                    files += run_folder_files(folder)
    return files


def read_mlflow_folder(path: Path, extra_names: Names = None) -> RawLog:
    """Read every metric file of a file-store run folder into one row per step."""
    metrics_dir = path / "metrics"
    if not metrics_dir.is_dir():
        raise LogReadError(path, f"{FORMAT}: not a run folder (no 'metrics' folder)")
    notes: list[str] = []
    series = {
        file.relative_to(metrics_dir).as_posix(): _metric_file(file, notes)
        for file in run_folder_files(path)
        if file.is_relative_to(metrics_dir)
    }
    if not series:
        raise LogReadError(path, f"{FORMAT}: the run has no metrics")
    meta: dict[str, object] = {"params": _text_files(path / "params")}
    run_name = _text_files(path / "tags").get("mlflow.runName")
    if run_name:
        meta["run_name"] = run_name
    return _finish(frame_from_series(series), path, extra_names, notes, meta)


def read_mlflow_run(uri: str, extra_names: Names = None) -> RawLog:
    """Read ``mlflow:<run_id>`` from the configured tracking store (or server) with MLflow's client."""
    run_id = uri[len(URI_PREFIX):].strip()
    if not run_id:
        raise LogReadError(uri, f"{FORMAT}: no run id after '{URI_PREFIX}'")
    if uri.startswith(EXPERIMENT_PREFIX):
        raise LogReadError(uri, f"{FORMAT}: an experiment stands for many runs; analyse it with `lrdoctor analyze {uri}`")
    client = tracking_client(uri)
    with client_errors(uri):
        run = client.get_run(run_id)
        if not run.data.metrics:
            raise LogReadError(uri, f"{FORMAT}: the run has no metrics")
        frame = _run_table(client, run_id, list(run.data.metrics))
    meta: dict[str, object] = {"params": dict(run.data.params)}
    if run.info.run_name:
        meta["run_name"] = run.info.run_name
    return _finish(frame, Path(uri), extra_names, [], meta)


def _run_table(client: Any, run_id: str, keys: list[str]) -> pd.DataFrame:
    """The run's metrics as one table (``frame_from_arrays``); their arrays are let go once it is built."""
    grids: list[np.ndarray] = []
    columns: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for key in keys:
        steps, values = history_arrays(client, run_id, key)
        columns[key] = (_shared(steps, grids), values)
    return frame_from_arrays(columns)


def _shared(steps: np.ndarray, grids: list[np.ndarray]) -> np.ndarray:
    """An equal steps array from ``grids`` (metrics logged at the same steps share one), else ``steps``,
    added to ``grids``."""
    import numpy as np

    for grid in grids:
        if np.array_equal(grid, steps):
            return grid
    grids.append(steps)
    return steps


def tracking_client(uri: str) -> Any:
    """MLflow's client for the configured tracking store; a one-line ``LogReadError`` (naming ``uri``)
    when mlflow is missing, no store is configured or the tracking server cannot be reached."""
    client_class = _client_class(uri)
    tracking_uri = os.environ.get("MLFLOW_TRACKING_URI", "")
    if not tracking_uri and not any(Path(name).exists() for name in _DEFAULT_STORES):
        raise LogReadError(uri, f"{FORMAT}: no tracking store: set MLFLOW_TRACKING_URI, or run lrdoctor in the "
                                "folder that holds mlruns/ or mlflow.db")
    probe_server(uri, tracking_uri)
    with client_errors(uri):  # the URI explicitly: a tracking URI set earlier in this process may differ
        return client_class(tracking_uri=tracking_uri or None)


def probe_server(uri: str, tracking_uri: str) -> None:
    """Connect to an ``http(s)://`` tracking server once, briefly: MLflow's client would retry a server
    that is down (or a wrong address) for minutes before failing."""
    try:
        parsed = urlparse(tracking_uri)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            return
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        with socket.create_connection((parsed.hostname, port), timeout=PROBE_SECONDS):
            pass
    except (OSError, ValueError) as error:
        why = error.strerror if isinstance(error, OSError) and error.strerror else str(error) or type(error).__name__
        raise LogReadError(uri, f"{FORMAT}: cannot reach the tracking server {tracking_uri} ({why}); "
                                "is it running, and is MLFLOW_TRACKING_URI right?") from None


@contextmanager
def client_errors(uri: str) -> Iterator[None]:
    """``with client_errors(uri):`` turns what MLflow's client raises into a one-line ``LogReadError``."""
    try:
        yield
    except LogReadError:
        raise
    except Exception as error:  # noqa: BLE001 - MlflowException, OSError, requests' errors...: their first line
        text = str(error).strip()
        raise LogReadError(uri, f"{FORMAT}: {text.splitlines()[0] if text else type(error).__name__}") from None


def metric_history(client: Any, run_id: str, key: str) -> pd.Series:
    """Every value of one metric as a float Series indexed by step (``history_arrays``)."""
    import pandas as pd

    steps, values = history_arrays(client, run_id, key)
    return pd.Series(values, index=steps, dtype="float64")


def history_arrays(client: Any, run_id: str, key: str) -> tuple[np.ndarray, np.ndarray]:
    """The steps (sorted, each once) and values of one metric as float arrays, read page by page
    (a value logged twice at one step: the last logged)."""
    import numpy as np

    steps, values = array("d"), array("d")
    for page in _history_pages(client, run_id, key):
        for point in page:
            steps.append(float(point.step))
            values.append(float(point.value))
    step = np.frombuffer(steps, dtype="float64") if steps else np.empty(0)
    value = np.frombuffer(values, dtype="float64") if values else np.empty(0)
    if not (np.diff(step) > 0).all():  # MLflow orders by timestamp: a step logged again, or out of order
        order = np.argsort(step, kind="stable")
        step, value = step[order], value[order]
        last = np.append(step[1:] != step[:-1], True)
        step, value = step[last], value[last]
    return step, value


def _history_pages(client: Any, run_id: str, key: str) -> Any:
    """The metric's history in pages of ``PAGE_SIZE`` points, as MLflow's client requests them from its
    store; all at once from a store that does not page."""
    store = getattr(getattr(client, "_tracking_client", None), "store", None)
    if store is None:
        yield client.get_metric_history(run_id, key)
        return
    token = None
    while True:
        page = store.get_metric_history(run_id, key, max_results=PAGE_SIZE, page_token=token)
        yield page
        token = getattr(page, "token", None)
        if not token:
            return


def experiment_run_uris(uri: str, filter_string: str | None = None) -> list[str]:
    """``mlflow:<run_id>`` of every run of ``mlflow:experiment/<name>`` that ``filter_string`` (MLflow's
    search syntax) selects, oldest first; an unknown experiment or a bad filter is a ``LogReadError``."""
    name = uri[len(EXPERIMENT_PREFIX):].strip()
    if not name:
        raise LogReadError(uri, f"{FORMAT}: no experiment name after '{EXPERIMENT_PREFIX}'")
    client = tracking_client(uri)
    with client_errors(uri):
        experiment = client.get_experiment_by_name(name)
        if experiment is None:
            known = [e.name for e in client.search_experiments(max_results=20)]
            raise LogReadError(uri, f"{FORMAT}: no experiment named {name!r} (experiments: {', '.join(known) or 'none'})")
        uris: list[str] = []
        token = None
        while True:
            page = client.search_runs([experiment.experiment_id], filter_string=filter_string or "",
                                      max_results=RUNS_PAGE_SIZE, order_by=["attributes.start_time ASC"], page_token=token)
            uris += [f"{URI_PREFIX}{run.info.run_id}" for run in page]
            token = page.token
            if not token:
                return uris


def _finish(frame: pd.DataFrame, source: Path, extra_names: Names, notes: list[str], meta: dict[str, object]) -> RawLog:
    """One row per step, evaluation values logged a step late (Lightning's MLFlowLogger) moved back;
    the params the rules use (num_classes, optimizer, batch_size, pretrained) copied under their sidecar names."""
    params = meta.get("params")
    if isinstance(params, dict):
        meta = {**canonical_meta(params), **meta}
    frame = merge_sparse_rows(frame.rename(columns=canonical_renames(frame.columns, extra_names)), notes)
    return finish_log(frame, source, FORMAT, notes=notes, meta=meta, what="metric", values_only=True)


def _client_class(uri: str) -> Any:
    """MLflow's tracking client class; a clear error when mlflow is missing."""
    try:
        from mlflow.tracking import MlflowClient
    except ImportError:
        raise LogReadError(uri, f"{FORMAT}: reading from a tracking server needs the 'mlflow' package "
                                  "(pip install 'lrdoctor[mlflow]')") from None
    return MlflowClient


def _metric_file(file: Path, notes: list[str]) -> dict[float, float]:
    """``{step: value}`` from ``timestamp value step`` lines (old files without a step use the line order);
    a last line without its newline was cut short and is dropped."""
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LogReadError(file, f"{FORMAT}: not a text metric file") from None
    lines = text.split("\n")
    if lines[-1].strip():
        notes.append(f"{file.name}: dropped the last line, it was cut short (no newline at its end)")
    lines = lines[:-1]
    points: dict[float, float] = {}
    for number, line in enumerate(lines, start=1):
        fields = line.split()
        if not fields:
            continue
        parsed = _metric_line(fields, number)
        if parsed is None:
            if number == len(lines) and number > 1:
                notes.append(f"{file.name}: dropped the last line, it was cut short")
                break
            raise LogReadError(file, f"{FORMAT}: line {number} is not 'timestamp value step' ({line.strip()[:40]!r})")
        points[parsed[0]] = parsed[1]
    return points


def _metric_line(fields: list[str], number: int) -> tuple[float, float] | None:
    """``(step, value)`` of one metric line, or None when it does not parse."""
    if len(fields) not in (2, 3):
        return None
    try:
        value = float(fields[1])
        step = float(fields[2]) if len(fields) == 3 else float(number - 1)
        float(fields[0])
    except ValueError:
        return None
    return (step, value) if math.isfinite(step) else None


def _text_files(folder: Path) -> dict[str, str]:
    """``{name: text}`` of the files below a folder (MLflow params and tags)."""
    if not folder.is_dir():
        return {}
    return {
        file.relative_to(folder).as_posix(): file.read_text(encoding="utf-8", errors="replace").strip()
        for file in sorted(folder.rglob("*"))
        if file.is_file()
    }
