"""How long `lrdoctor analyze DIR` takes over a sweep of many runs (issue: thousands should take minutes).

Writes --runs canonical logs of --steps steps each (the realistic generator of analyze_speed.py, one
seed per run) into a temporary folder, then times `lrdoctor analyze DIR --format json` with
--jobs 1 and with --jobs N, each in a fresh process. Prints runs per second and the projection for
1,000 runs.

    python bench/sweep_speed.py [--runs 1000] [--steps 2000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analyze_speed import make_log  # noqa: E402


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"failed: {done.stderr.strip()}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(args.runs):
            run = folder / f"run{i:05d}"
            run.mkdir()
            make_log(args.steps, run / "run.csv", seed=i)
        cli = [sys.executable, "-m", "lrdoctor.cli", "analyze", str(folder), "--format", "json", "--fail-on", "never"]
        print(f"{args.runs} runs of {args.steps} steps")
        for jobs in sorted({1, args.jobs}):
            elapsed = timed([*cli, "--jobs", str(jobs)])
            print(f"  --jobs {jobs}: {elapsed:7.1f} s  ({args.runs / elapsed:6.1f} runs/s; 1,000 runs: {1000 * elapsed / args.runs / 60:.1f} min)")


if __name__ == "__main__":
    main()
