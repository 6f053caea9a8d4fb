"""How long `lrdoctor analyze DIR` takes over a sweep of many runs, against pandas reading them all.

Writes --runs canonical logs of --steps steps each (the realistic generator of analyze_speed.py, one
seed per run) into --dir (kept, so that a second run starts at once), then times, each in a fresh
process and interleaved over --reps repetitions: a bare ``pandas.read_csv`` of every run in one
process, and ``lrdoctor analyze DIR --format json`` with --jobs 1, with the default --jobs auto (one process
per CPU, up to 8) and with --jobs N when N > 1.
Prints the medians, the ratio to the read (target: <= 2 with the default), and the peak memory of
the analysis over the first tenth and the first third of the runs and over all of them (target: flat in
the number of runs: every report is small, no run's table outlives its analysis; the step after the first
~100 runs is a one-time import, see ``lrdoctor.signals.RANK_FILTER_AFTER``).

    python bench/sweep_speed.py [--runs 1000] [--steps 2000] [--jobs 2] [--reps 3]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analyze_speed import Cost, load, timed  # noqa: E402


def write_runs(folder: Path, runs: int, steps: int) -> None:
    """``runs`` logs in ``folder/run<i>/run.csv``, written by a child process (a child's peak RSS
    counts its parent's at the fork: the parent stays small)."""
    done = folder.with_name(folder.name + ".complete")  # beside the folder: not a file for find_runs
    if done.exists():
        return
    code = ("import sys; sys.path.insert(0, {bench!r}); from pathlib import Path; from analyze_speed import make_log\n"
            "for i in range({runs}):\n"
            "    run = Path({folder!r}) / f'run{{i:05d}}'; run.mkdir(parents=True, exist_ok=True)\n"
            "    make_log({steps}, run / 'run.csv', seed=i)\n")
    code = code.format(bench=str(Path(__file__).resolve().parent), runs=runs, folder=str(folder), steps=steps)
    subprocess.run([sys.executable, "-c", code], check=True)
    done.touch()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=1, help="also time --jobs N (N > 1)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("bench/out/sweep_speed"))
    args = parser.parse_args()
    folder = args.dir.resolve() / f"{args.runs}x{args.steps}"
    write_runs(folder, args.runs, args.steps)
    py = sys.executable
    where = subprocess.run([py, "-c", "import lrdoctor; print(lrdoctor.__file__)"], capture_output=True, text=True,
                           check=True).stdout.strip()
    compileall.compile_dir(str(Path(where).parent), quiet=1)  # as a pip install does
    runs = sorted(str(p) for p in folder.glob("run*/run.csv"))
    read = [py, "-c", f"import glob, pandas\nfor f in sorted(glob.glob({str(folder / 'run*' / 'run.csv')!r})): pandas.read_csv(f)"]
    analyze = [py, "-m", "lrdoctor.cli", "analyze", "--format", "json", "--fail-on", "never"]
    jobs = ["1", "auto", *([str(args.jobs)] if args.jobs > 1 else [])]
    commands = {"read": read, **{f"jobs {j}": [*analyze, "--jobs", j, str(folder)] for j in jobs}}
    print(f"{len(runs)} runs of {args.steps} steps in {folder}; lrdoctor from {Path(where).parent}; "
          f"median of {args.reps} interleaved repetitions; {load()}", flush=True)
    costs: dict[str, list[Cost]] = {name: [] for name in commands}
    for rep in range(args.reps):
        order = list(commands) if rep % 2 == 0 else list(commands)[::-1]
        for name in order:
            costs[name].append(timed(commands[name]))
    base_wall = statistics.median(c.wall for c in costs["read"])
    base_cpu = statistics.median(c.cpu for c in costs["read"])
    print(f"{'':>28} {'wall s':>7} {'x read':>7} {'cpu s':>7} {'x read':>7} {'ms/run':>7} {'peak MB':>8}")
    for name, found in costs.items():
        wall, cpu = statistics.median(c.wall for c in found), statistics.median(c.cpu for c in found)
        label = "pandas.read_csv each" if name == "read" else f"lrdoctor analyze --{name}"
        print(f"{label:>28} {wall:>7.2f} {wall / base_wall:>7.2f} {cpu:>7.2f} {cpu / base_cpu:>7.2f} "
              f"{wall / len(runs) * 1e3:>7.2f} {max(c.rss for c in found) / 1e6:>8.0f}", flush=True)
    # peaks over a tenth and a third of the runs and over all: a process switches its rolling medians to scipy's rank
    # filters after some 100 runs (signals.RANK_FILTER_AFTER), a one-time import of about 16 MB; flat means the
    # third's peak and the whole sweep's are the same
    parts = {len(part): timed([*analyze, "--jobs", "1", *(str(Path(r).parent) for r in part)]).rss
             for part in (runs[: max(1, len(runs) // 10)], runs[: max(1, len(runs) // 3)])}
    parts[len(runs)] = max(c.rss for c in costs["jobs 1"])
    print("peak memory of lrdoctor analyze --jobs 1: "
          + ", ".join(f"{rss / 1e6:.0f} MB over {n} runs" for n, rss in parts.items())
          + " (target: flat; the step after the first ~100 runs is the one-time import of scipy.ndimage)")
    print("x read: analyze / pandas reading every run in one process (target <= 2 for the default, --jobs auto: "
          f"{os.cpu_count()} CPUs here). peak MB: the largest single process (a worker's, with processes).")
    print(load())


if __name__ == "__main__":
    main()
