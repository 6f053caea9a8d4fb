"""One huge run read from a real `mlflow server`: is the MLflow reader's memory bounded?

Makes, in a temporary folder, a SQLite MLflow store holding one run of --steps steps (default
1,000,000) of 20 metrics: a decaying noisy loss with spikes, a warmup + cosine lr, grad and weight
norms, the update ratio, val_loss every 1,000 steps, and the grad norm and update ratio of 7 layers
(``grad_norm/layer<i>.weight``, ``update_ratio/layer<i>.weight``). The same values go to a CSV. The
loss spikes (x1.8, one in 20,000 steps) draw a warning from ``lr-too-high``: both reads must agree on it.

Writing ~19,000,000 points through the REST API (1,000 a request) or even MLflow's in-process
``SqlAlchemyStore.log_batch`` (about 9,000 points/s on the 2-core machine: 40 minutes) takes too
long, so the store is written in-process with MLflow's own ``SqlAlchemyStore``: it creates the
database (its migrations), the experiment, the run and its params; the points go into MLflow's
``metrics`` table (``SqlMetric.__table__``) as SQLAlchemy bulk inserts through the store's engine,
all but each metric's last point, which ``log_batch`` logs so that MLflow fills ``latest_metrics``
(the run's metric list) itself; the run is then marked finished.

Then, each in a fresh process (peak RSS from ``os.wait4``; the parent never loads the data, a
child's peak RSS starts from its parent's), the time and peak memory of

- ``lrdoctor analyze mlflow:<run_id> --format json`` against ``mlflow server`` on that store
  (``MLFLOW_TRACKING_URI``): MLflow's client pages each metric's history (25,000 points a request);
- ``lrdoctor analyze run.csv --format json`` on the CSV of the same values (the baseline);
- ``import pandas, mlflow`` alone (the fixed cost of the MLflow read's imports);

beside the size of the final table (20 float64 columns and the step) and what the points would take
as MLflow ``Metric`` objects (measured on one page). The number of history pages requested is
counted in the server's access log. Both analyses must report the same findings.

    python bench/mlflow_big.py [--steps 1000000] [--dir /tmp]

At 1,000,000 steps the store takes 5.7 GB of disk (three indexes on the metrics table) and the CSV
0.4 GB, both removed at the end; writing them took 3-8 minutes and the MLflow read about 34 (761
requests to a one-worker server) on the loaded 2-core machine, so try --steps 20000 first.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
from analyze_speed import Cost, load  # noqa: E402
from servers import mlflow_server  # noqa: E402

if TYPE_CHECKING:
    import numpy as np

LAYERS = [f"layer{i}.weight" for i in range(7)]
EVAL_EVERY = 1000
INSERT_ROWS = 100_000
"""Rows per bulk insert into MLflow's metrics table."""
STEP_MS = 50
"""Milliseconds between steps, for the points' timestamps."""


def make_columns(steps: int, seed: int = 0) -> dict[str, np.ndarray]:
    """20 metrics of a realistic ``steps``-step run, each an array of ``steps`` values (NaN: not logged)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    step = np.arange(steps)
    warm = max(1, steps // 50)
    peak = 3e-4
    lr = np.where(step < warm, (step + 1) / warm, 0.5 * (1 + np.cos(np.pi * (step - warm) / max(1, steps - warm)))) * peak
    level = 0.3 + 2.2 * np.exp(-step / (steps / 6))
    loss = level * np.exp(rng.normal(0, 0.05, steps))
    loss[rng.choice(steps, size=max(1, steps // 20_000), replace=False)] *= 1.8
    grad = 1.5 * np.exp(rng.normal(0, 0.2, steps)) * (1 + step / steps)
    update = lr / peak * 1e-3 * np.exp(rng.normal(0, 0.1, steps))
    val = np.full(steps, np.nan)
    evals = slice(EVAL_EVERY - 1, None, EVAL_EVERY)
    val[evals] = level[evals] * 1.08 * np.exp(rng.normal(0, 0.01, val[evals].size))
    cols = {"loss": loss, "lr": lr, "grad_norm": grad, "weight_norm": 50 + 5 * step / steps + rng.normal(0, 0.01, steps),
            "update_ratio": update, "val_loss": val}
    for name in LAYERS:
        cols[f"grad_norm/{name}"] = grad / 3 * np.exp(rng.normal(0, 0.1, steps))
    for name in LAYERS:
        cols[f"update_ratio/{name}"] = update * np.exp(rng.normal(0, 0.1, steps))
    return cols


def write_store(folder: Path, cols: dict[str, np.ndarray]) -> str:
    """Log ``cols`` as one run into a SQLite store ``folder/mlflow.db`` (see the module docstring); its run id."""
    import numpy as np
    from mlflow.entities import Metric, Param, RunStatus
    from mlflow.store.tracking.dbmodels.models import SqlMetric
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    store = SqlAlchemyStore(f"sqlite:///{folder / 'mlflow.db'}", str(folder / "artifacts"))
    experiment = store.create_experiment("mlflow-big")
    start_ms = int(time.time() * 1000)
    run = store.create_run(experiment, user_id="bench", start_time=start_ms, tags=[], run_name="big-run")
    run_id = str(run.info.run_id)
    store.log_batch(run_id, metrics=[], params=[Param("optimizer", "adamw"), Param("lr", "0.0003"),
                                                Param("batch_size", "256")], tags=[])
    last: list[Metric] = []
    for key, values in cols.items():
        logged = np.flatnonzero(np.isfinite(values))
        stamps = start_ms + logged * STEP_MS
        *rest, final = logged.tolist()
        last.append(Metric(key, float(values[final]), int(stamps[-1]), final))
        for begin in range(0, len(rest), INSERT_ROWS):
            chunk = logged[begin:min(begin + INSERT_ROWS, len(rest))]
            rows = [{"key": key, "value": value, "timestamp": stamp, "step": step, "is_nan": False, "run_uuid": run_id}
                    for value, stamp, step in zip(values[chunk].tolist(), (start_ms + chunk * STEP_MS).tolist(), chunk.tolist())]
            with store.engine.begin() as connection:
                connection.execute(SqlMetric.__table__.insert(), rows)
    store.log_batch(run_id, metrics=last, params=[], tags=[])
    store.update_run_info(run_id, RunStatus.FINISHED, start_ms + len(cols["loss"]) * STEP_MS, "big-run")
    return run_id


def metric_object_bytes(points: int = 25_000) -> float:
    """Bytes a point takes as an MLflow ``Metric`` object in a list (one page of them, measured)."""
    import tracemalloc

    from mlflow.entities import Metric

    tracemalloc.start()
    page = [Metric("grad_norm/layer0.weight", 1.0 + i * 1e-7, 1_700_000_000_000 + i, i) for i in range(points)]
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del page
    return size / points


def write_data(steps: int, folder: Path) -> None:
    """The child that writes the store and the CSV; prints what the parent needs as one JSON line."""
    import pandas as pd

    cols = make_columns(steps)
    started = time.perf_counter()
    run_id = write_store(folder, cols)
    store_s = time.perf_counter() - started
    started = time.perf_counter()
    frame = pd.DataFrame({"step": range(steps), **cols})
    frame.to_csv(folder / "run.csv", index=False)  # full precision: the same values as in the store
    csv_s = time.perf_counter() - started
    print(json.dumps({
        "run_id": run_id, "store_s": store_s, "csv_s": csv_s,
        "points": int(sum(int(pd.notna(v).sum()) for v in cols.values())), "metrics": len(cols),
        "table_bytes": int(frame.memory_usage(deep=True).sum()), "metric_bytes": metric_object_bytes(),
    }))


def measured(cmd: list[str], out: Path, env: dict[str, str] | None = None) -> Cost:
    """Wall time, CPU time and peak RSS of a child process; its stdout goes to ``out``."""
    start = time.perf_counter()
    with out.open("wb") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}: {proc.stderr.read().decode()[-3000:] if proc.stderr else ''}")
    return Cost(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)


def findings(report: Path) -> list[tuple[Any, ...]]:
    """The rows and steps read and (rule, first step, last step) of each finding of a ``--format json`` report."""
    (run,) = json.loads(report.read_text())["runs"]
    return [(run["rows"], run["first_step"], run["last_step"]),
            *sorted((f["rule"], f["step_start"], f["step_end"]) for f in run["findings"])]


def main() -> None:
    if sys.argv[1:2] == ["--write"]:
        write_data(int(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary folder goes (default: the system's)")
    args = parser.parse_args()

    free = shutil.disk_usage(args.dir or tempfile.gettempdir()).free
    print(f"{args.steps:,} steps; {free / 1e9:.0f} GB free; {load()}", flush=True)
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="mlflow_big-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        written = subprocess.run([sys.executable, __file__, "--write", str(args.steps), tmp], check=True,
                                 stdout=subprocess.PIPE, text=True).stdout
        made = json.loads(written.strip().splitlines()[-1])
        print(f"wrote the store ({(folder / 'mlflow.db').stat().st_size / 1e9:.2f} GB) in {made['store_s']:.0f} s and the "
              f"CSV ({(folder / 'run.csv').stat().st_size / 1e6:.0f} MB) in {made['csv_s']:.0f} s "
              f"({time.perf_counter() - started:.0f} s in all): {made['points']:,} points, {made['metrics']} metrics",
              flush=True)

        analyze = [sys.executable, "-m", "lrdoctor.cli", "analyze", "--format", "json", "--fail-on", "never"]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        imports = measured([sys.executable, "-c", "import pandas, mlflow.tracking"], folder / "imports.out", env)
        csv = measured([*analyze, str(folder / "run.csv")], folder / "csv.json", env)
        print(f"load now: {load()}", flush=True)
        with mlflow_server(folder) as uri:
            server_env = {k: v for k, v in env.items() if not k.startswith("MLFLOW_")} | {"MLFLOW_TRACKING_URI": uri}
            mlflow = measured([*analyze, f"mlflow:{made['run_id']}"], folder / "mlflow.json", server_env)
        pages = sum("get-history" in line for line in (folder / "server.log").read_text(errors="replace").splitlines())
        same = findings(folder / "csv.json") == findings(folder / "mlflow.json")
        mlflow_findings = findings(folder / "mlflow.json")[1:]

    mb = 1e6
    print(f"load at the end: {load()} (times are of a shared machine; memory is not affected)")
    print(f"final table: {made['metrics']} float64 columns + step x {args.steps:,} rows = {made['table_bytes'] / mb:.0f} MB; "
          f"the {made['points']:,} points as MLflow Metric objects would take {made['points'] * made['metric_bytes'] / mb:,.0f} MB "
          f"({made['metric_bytes']:.0f} B each)")
    print(f"{'':34} {'wall s':>7} {'cpu s':>7} {'peak RSS MB':>11}")
    for what, cost in (("import pandas, mlflow (floor)", imports), ("lrdoctor analyze run.csv", csv),
                       ("lrdoctor analyze mlflow:<run_id>", mlflow)):
        print(f"{what:34} {cost.wall:7.1f} {cost.cpu:7.1f} {cost.rss / mb:11.0f}")
    print(f"MLflow read peak RSS: {mlflow.rss / csv.rss:.2f}x the CSV read's, {mlflow.rss / made['table_bytes']:.1f}x the table; "
          f"above the imports' floor {(mlflow.rss - imports.rss) / mb:.0f} MB")
    print(f"metric history pages requested (server access log): {pages}")
    print(f"same findings from both reads: {'yes' if same else 'NO'} ({len(mlflow_findings)}: "
          f"{', '.join(sorted({f[0] for f in mlflow_findings})) or 'none'})")


if __name__ == "__main__":
    main()
