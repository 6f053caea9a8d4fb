"""The MLflow round trip over many runs: a real `mlflow server` (SQLite store, local artifacts, in a
temporary folder), --runs runs logged into one experiment with MLflow's client (the sample logs in
turn, their main columns as metrics), then, each in a fresh process, the time of

- `lrdoctor analyze mlflow:experiment/<name>` (list the runs, read every metric history, analyse), and
- the same with `--mlflow-log` (also write the tags and the JSON and HTML reports back to every run).

    python bench/mlflow_roundtrip.py [--runs 100] [--jobs 1]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from servers import log_sample_run, mlflow_server  # noqa: E402

LOGGED = ("epoch", "loss", "lr", "grad_norm", "weight_norm", "update_ratio", "val_loss", "val_acc", "train_acc")


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    if done.returncode not in (0, 1):
        raise SystemExit(f"failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    import mlflow

    samples = sorted((ROOT / "sample_logs").glob("*.csv"))
    with tempfile.TemporaryDirectory() as tmp, mlflow_server(Path(tmp)) as uri:
        client = mlflow.MlflowClient(uri)
        name = f"bench-{uuid.uuid4().hex[:6]}"
        experiment = client.create_experiment(name)
        start = time.perf_counter()
        for i in range(args.runs):
            log_sample_run(client, experiment, samples[i % len(samples)], columns=LOGGED)
        logging = time.perf_counter() - start
        env = {**os.environ, "MLFLOW_TRACKING_URI": uri}
        cli = [sys.executable, "-m", "lrdoctor.cli", "analyze", f"mlflow:experiment/{name}", "--format", "json",
               "--fail-on", "never", "--jobs", str(args.jobs)]
        read = timed(cli, env)
        both = timed([*cli, "--mlflow-log"], env)
        tagged = len(client.search_runs([experiment], "tags.`lrdoctor.status` != ''", max_results=10_000))
    print(f"{args.runs} runs, {len(samples)} sample logs in turn ({', '.join(LOGGED)} as metrics), --jobs {args.jobs}")
    print(f"logging them with MLflow's client:       {logging:7.1f} s")
    print(f"lrdoctor analyze (read + analyse):       {read:7.1f} s  ({args.runs / read:.1f} runs/s)")
    print(f"  with --mlflow-log (+ tags, artifacts): {both:7.1f} s  ({args.runs / both:.1f} runs/s)")
    print(f"runs tagged lrdoctor.status afterwards:  {tagged}")


if __name__ == "__main__":
    main()
