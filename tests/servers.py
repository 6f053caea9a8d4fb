"""Real services for the tests, one of each per test session: an ``mlflow server`` and a Dask cluster;
and a static HTTP server of a folder, per test.

The MLflow tracking server runs as its own process (SQLite backend store and a proxied local artifact
store in a temporary folder, on a free localhost port) and is stopped after the session, its whole
process group; the Dask cluster is a ``distributed.LocalCluster`` of two worker processes.
"""

from __future__ import annotations

import functools
import http.server
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SERVER_START_SECONDS = 240.0
"""A fresh SQLite store is migrated first: about 30 s on a loaded 2-core machine."""


def free_port() -> int:
    """A localhost TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(uri: str) -> bool:
    try:
        with urllib.request.urlopen(f"{uri}/health", timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


@contextmanager
def mlflow_server(folder: Path) -> Iterator[str]:
    """``mlflow server`` with its stores in ``folder``; yields its ``http://127.0.0.1:<port>`` URI."""
    port = free_port()
    uri = f"http://127.0.0.1:{port}"
    log = (folder / "server.log").open("wb")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "mlflow", "server", "--backend-store-uri", f"sqlite:///{folder / 'mlflow.db'}",
         "--artifacts-destination", str(folder / "artifacts"), "--host", "127.0.0.1", "--port", str(port),
         "--workers", "1"],
        stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not _healthy(uri):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (folder / "server.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"mlflow server did not start (exit {process.poll()}):\n{tail}")
            time.sleep(0.5)
        yield uri
    finally:
        stop_group(process)
        log.close()


def stop_group(process: subprocess.Popen[Any]) -> None:
    """Stop a process started with ``start_new_session=True`` and everything it started."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(timeout=30)


@contextmanager
def dask_cluster() -> Iterator[Any]:
    """A ``distributed.Client`` on a LocalCluster of two single-threaded worker processes. It is not made
    the default client: lrdoctor must use the client it is given (``--dask`` makes one that is not)."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster, set_as_default=False) as client:
        yield client


def log_sample_run(client: Any, experiment_id: str, csv: Path, *, columns: tuple[str, ...] | None = None,
                   params: dict[str, str] | None = None) -> str:
    """Log a sample run (``sample_logs/<name>.csv`` and its sidecar) into MLflow as a training script
    would: each numeric column a metric at its step (``columns``: only these; the loss at every step, NaN too),
    the sidecar's optimizer, lr, num_classes and batch_size as params. Returns the run id."""
    import json

    import pandas as pd
    from mlflow.entities import Metric, Param

    frame = pd.read_csv(csv)
    sidecar = json.loads(csv.with_suffix(".json").read_text()) if csv.with_suffix(".json").is_file() else {}
    found = {"optimizer": sidecar.get("optimizer"), "lr": (sidecar.get("optimizer_params") or {}).get("lr"),
             "num_classes": sidecar.get("num_classes"), "batch_size": sidecar.get("batch_size")}
    logged = {k: str(v) for k, v in {**found, **(params or {})}.items() if v is not None}
    run = client.create_run(experiment_id, run_name=csv.stem)
    run_id = str(run.info.run_id)
    names = [c for c in frame.columns if c not in ("step", "event") and (columns is None or c in columns)
             and pd.api.types.is_numeric_dtype(frame[c])]
    stamp = int(time.time() * 1000)
    # the training loss is logged at every step, NaN too (MLflow stores it as NaN), as a script logs it; other
    # columns' empty cells are steps where they were not logged
    metrics = [Metric(name, float(value), stamp, int(step))
               for name in names for step, value in zip(frame["step"], frame[name]) if name == "loss" or pd.notna(value)]
    client.log_batch(run_id, params=[Param(k, v) for k, v in logged.items()])
    for start in range(0, len(metrics), 1000):  # MLflow takes at most 1,000 metrics per request
        client.log_batch(run_id, metrics=metrics[start:start + 1000])
    client.set_terminated(run_id)
    return run_id


@functools.lru_cache(maxsize=1)
def _quiet_handler() -> type[http.server.SimpleHTTPRequestHandler]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    return Quiet


class http_server:  # noqa: N801 - used as a context manager, like a function
    """A local HTTP server of ``folder`` in a thread; ``with http_server(folder) as base_url``."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_quiet_handler(), directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
