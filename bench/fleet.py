"""A fleet of runs analysed three ways, in one run: `--jobs 1`, `--jobs 2`, and a local Dask cluster of
2 single-threaded worker processes (`--dask tcp://...`), each `lrdoctor analyze DIR --format json` in
a fresh process over the same --runs logs of --steps steps (the realistic generator of
analyze_speed.py, 24 columns, one seed per run). Prints runs per second, the Dask/--jobs 2 ratio,
the size of a report sent back by a worker, and the arithmetic of an estimate for a 100-worker
cluster.

    python bench/fleet.py [--runs 10000] [--steps 2000]
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analyze_speed import make_log  # noqa: E402

SCHEDULER_TASKS_PER_S = 1000
"""distributed's documentation: "each task suffers about 1ms of overhead" (the central scheduler's
work per task), so about 1,000 tasks a second whatever the number of workers."""


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=2_000)
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    import lrdoctor

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:  # writing is most of the set-up time
            list(pool.map(make_log, [args.steps] * args.runs, [folder / f"run{i:05d}.csv" for i in range(args.runs)],
                          range(args.runs), chunksize=64))
        print(f"{args.runs} runs of {args.steps} steps written in {time.perf_counter() - start:.0f} s", flush=True)
        report_bytes = len(pickle.dumps(lrdoctor.analyze(folder / "run00000.csv")))
        base = [sys.executable, "-m", "lrdoctor.cli", "analyze", str(folder), "--format", "json", "--fail-on", "never"]
        seconds = {"--jobs 1": timed([*base, "--jobs", "1"])}
        print(f"--jobs 1: {args.runs / seconds['--jobs 1']:.1f} runs/s", flush=True)
        seconds["--jobs 2"] = timed([*base, "--jobs", "2"])
        print(f"--jobs 2: {args.runs / seconds['--jobs 2']:.1f} runs/s", flush=True)
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=40) as cluster, Client(cluster):
            seconds["dask, 2 workers"] = timed([*base, "--dask", cluster.scheduler_address])
    rates = {name: args.runs / s for name, s in seconds.items()}
    print(f"\n{args.runs} runs of {args.steps} steps (24 columns), 2-core machine, each a fresh `lrdoctor analyze DIR`:")
    for name, s in seconds.items():
        print(f"  {name:16s} {s:8.1f} s  {rates[name]:7.1f} runs/s")
    ratio = rates["dask, 2 workers"] / rates["--jobs 2"]
    print(f"  Dask / --jobs 2: {ratio:.2f}   Dask / --jobs 1: {rates['dask, 2 workers'] / rates['--jobs 1']:.2f}")
    workers = 100
    print(f"\nestimate for {workers} workers (one core each, the data on a shared filesystem), capped by the "
          f"scheduler's ~{SCHEDULER_TASKS_PER_S} tasks/s:")
    bases = {"one core (--jobs 1)": rates["--jobs 1"], "a worker of the 2-worker cluster": rates["dask, 2 workers"] / 2}
    for what, per_worker in bases.items():
        estimate = min(per_worker * workers, SCHEDULER_TASKS_PER_S)
        print(f"  from {what}: {per_worker:.1f} runs/s x {workers} = {per_worker * workers:.0f} -> about {estimate:.0f} "
              f"runs/s; {args.runs} runs in {args.runs / estimate:.1f} s, 1,000,000 runs in {1e6 / estimate / 60:.0f} min")
    print(f"  a report sent back (no curves): {report_bytes / 1024:.1f} KiB each")


if __name__ == "__main__":
    main()
