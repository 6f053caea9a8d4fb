"""Speed and memory of `lrdoctor analyze` against a bare pandas read of the same file.

Makes realistic run logs (10k / 100k / 1M steps; 10M with --huge), 24 columns as the recorder writes
them: loss with noise and spikes, a warmup + cosine lr for two groups, grad and weight norms, update
ratios, the optimizer's step counter, sparse evaluations, per-layer grad norms and update ratios and an
empty ``event`` column. Then times, each in a fresh process and interleaved (the order rotated every
repetition, so that drifts of a shared machine hit all alike), ``pandas.read_csv(file)`` alone, the same
read under the numpy settings the command sets for its own process (``lrdoctor.cli.NUMPY_ENV``: no
transparent huge pages asked for, ``read*``), and ``lrdoctor analyze file --format json``. Prints the
medians, the median of the paired ratios (wall time and CPU time: the CPU time of a process is less
disturbed by other jobs on the machine; ``x wall*`` against ``read*``), peak memory (max RSS) against
the read's, and the cost per row between consecutive sizes (the slope, where the fixed cost of starting
Python and importing pandas cancels out).

    python bench/analyze_speed.py [--sizes 10000 100000 1000000] [--huge] [--reps 5] [--select RULES] [--html]

The logs are kept in --dir (default bench/out/analyze_speed; the 10M-step one is 1.9 GB and takes
about 10 minutes to write), so a second run starts at once.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

LAYERS = [f"layer{i}.weight" for i in range(6)]


def make_frame(steps: int, seed: int = 0) -> pd.DataFrame:
    """A realistic canonical log of ``steps`` steps (24 columns, as the recorder writes them)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    step = np.arange(steps)
    warm = max(1, steps // 50)
    lr = np.where(step < warm, (step + 1) / warm, 0.5 * (1 + np.cos(np.pi * (step - warm) / (steps - warm)))) * 3e-4
    level = 0.4 + 2.0 * np.exp(-step / (steps / 8))
    loss = level * np.exp(rng.normal(0, 0.05, steps))
    loss[rng.choice(steps, size=max(1, steps // 20000), replace=False)] *= 1.8
    grad = 1.5 * np.exp(rng.normal(0, 0.2, steps)) * (1 + step / steps)
    cols: dict[str, np.ndarray] = {
        "step": step, "epoch": step / (steps / 10), "loss": loss, "lr": lr, "lr/head": lr * 10,
        "grad_norm": grad, "weight_norm": 50 + step / steps * 5, "update_ratio": lr / 3e-4 * 1e-3 * np.exp(rng.normal(0, 0.1, steps)),
        "opt_step": step + 1.0,
    }
    evals = np.full(steps, np.nan)
    every = max(1, steps // 100)
    evals[every - 1 :: every] = level[every - 1 :: every] * 1.1
    cols["val_loss"] = evals
    cols["val_acc"] = np.where(np.isfinite(evals), 1 - evals / 3, np.nan)
    for name in LAYERS:
        cols[f"grad_norm/{name}"] = grad / 3 * np.exp(rng.normal(0, 0.1, steps))
    for name in LAYERS:
        cols[f"update_ratio/{name}"] = cols["update_ratio"] * np.exp(rng.normal(0, 0.1, steps))
    df = pd.DataFrame(cols)
    df["event"] = np.nan  # the recorder's text column: empty on every row of a healthy run
    return df


def make_log(steps: int, path: Path, seed: int = 0) -> int:
    """Write a realistic canonical log; return the size in bytes of the table pandas reads from it."""
    df = make_frame(steps, seed)
    df.to_csv(path, index=False, float_format="%.6g")
    return int(df.memory_usage(deep=True).sum())


@dataclass(frozen=True, slots=True)
class Cost:
    wall: float
    cpu: float
    rss: int


SAME_NUMPY = "import os; os.environ.update({'NUMPY_MADVISE_HUGEPAGE': '0'})"
"""The numpy settings ``lrdoctor.cli.NUMPY_ENV`` gives the command's process (checked in ``main``), for the read."""


def plain_env() -> dict[str, str]:
    """This process's environment without the variables of ``lrdoctor.cli.NUMPY_ENV``: the bare read as numpy does
    it by default, and the command free to set them as it does for a user who has not."""
    from lrdoctor.cli import NUMPY_ENV

    return {name: value for name, value in os.environ.items() if name not in NUMPY_ENV}


def timed(cmd: list[str], env: dict[str, str] | None = None) -> Cost:
    """Wall time, CPU time (user + system) and peak RSS (bytes) of a child process (``env``: its environment)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}: {proc.stderr.read().decode() if proc.stderr else ''}")
    return Cost(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)


def load() -> str:
    """The machine's load averages (1, 5, 15 min) and its CPU count, for the record."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} CPUs"


def log_file(folder: Path, steps: int) -> Path:
    """The log of ``steps`` steps in ``folder``, written on first use by a child process (a child's
    peak RSS counts its parent's at the fork: the parent must stay small)."""
    path = folder / f"run{steps}.csv"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".part")
        subprocess.run([sys.executable, __file__, "--write", str(steps), str(partial)], check=True)
        partial.replace(path)
        print(f"  wrote {path} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def median_ratio(a: list[float], b: list[float]) -> float:
    return statistics.median(x / y for x, y in zip(a, b))


def html_against_analysis(analyze: list[str], paths: dict[int, Path], folder: Path, reps: int) -> None:
    """Time ``analyze --html`` against ``analyze`` alone, interleaved (target: <= 2x at 1M steps)."""
    print(f"{'steps':>10} {'analyze s':>9} {'--html s':>8} {'x wall':>6} {'analyze cpu':>11} {'--html cpu':>10} {'x cpu':>6}")
    for steps, path in paths.items():
        html = [*analyze, "--html", str(folder / f"run{steps}.html"), str(path)]
        costs: dict[str, list[Cost]] = {"analyze": [], "html": []}
        for rep in range(reps):
            pair = [("analyze", [*analyze, str(path)]), ("html", html)]
            for kind, cmd in pair if rep % 2 == 0 else pair[::-1]:
                costs[kind].append(timed(cmd, plain_env()))
        a, h = costs["analyze"], costs["html"]
        print(f"{steps:>10,} {statistics.median(c.wall for c in a):>9.2f} {statistics.median(c.wall for c in h):>8.2f} "
              f"{median_ratio([c.wall for c in h], [c.wall for c in a]):>6.2f} {statistics.median(c.cpu for c in a):>11.2f} "
              f"{statistics.median(c.cpu for c in h):>10.2f} {median_ratio([c.cpu for c in h], [c.cpu for c in a]):>6.2f}",
              flush=True)
    print("x: analyze --html / analyze alone, median over the pairs (target: <= 2 at 1M steps).")


def main() -> None:
    if sys.argv[1:2] == ["--write"]:
        make_log(int(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--huge", action="store_true", help="also 10,000,000 steps (a 1.9 GB file)")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--select", help="passed to lrdoctor analyze (fewer rules: fewer columns read)")
    parser.add_argument("--dir", type=Path, default=Path("bench/out/analyze_speed"))
    parser.add_argument("--html", action="store_true",
                        help="also time analyze --html (the report with plots) against analyze alone")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes) | ({10_000_000} if args.huge else set()))
    args.dir.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    analyze = [py, "-m", "lrdoctor.cli", "analyze", "--format", "json", "--fail-on", "never"]
    if args.select:
        analyze += ["--select", args.select]
    from lrdoctor.cli import NUMPY_ENV

    if f"os.environ.update({NUMPY_ENV!r})" not in SAME_NUMPY:
        raise SystemExit(f"SAME_NUMPY does not set lrdoctor.cli.NUMPY_ENV ({NUMPY_ENV})")
    where = subprocess.run([py, "-c", "import lrdoctor, pandas; print(lrdoctor.__file__, pandas.__version__)"],
                           capture_output=True, text=True, check=True).stdout.split()
    package = Path(where[0]).parent
    compileall.compile_dir(str(package), quiet=1)  # as a pip install does: no compiling on every start
    print(f"lrdoctor from {package} (bytecode compiled; run in {Path.cwd()}), pandas {where[1]}, "
          f"median of {args.reps} interleaved repetitions; {load()}", flush=True)
    paths = {steps: log_file(args.dir, steps) for steps in sizes}
    header = (f"{'steps':>10} {'read s':>7} {'analyze s':>9} {'x wall':>6} {'read cpu':>8} {'analyze cpu':>11} "
              f"{'x cpu':>6} {'read MB':>8} {'analyze MB':>10} {'x mem':>6} {'read* s':>7} {'x wall*':>7}")
    print(header)
    results: dict[int, tuple[list[Cost], list[Cost]]] = {}
    env = plain_env()
    for steps in sizes:
        path = str(paths[steps])
        reads: list[Cost] = []
        analyses: list[Cost] = []
        same: list[Cost] = []  # the bare read under the numpy settings the command sets for itself (NUMPY_ENV)
        for rep in range(args.reps):
            trio = [("read", [py, "-c", f"import pandas; pandas.read_csv({path!r})"]),
                    ("read*", [py, "-c", f"{SAME_NUMPY}; import pandas; pandas.read_csv({path!r})"]),
                    ("analyze", [*analyze, path])]
            for kind, cmd in trio[rep % 3:] + trio[: rep % 3]:  # each in each place in turn
                {"read": reads, "read*": same, "analyze": analyses}[kind].append(timed(cmd, env))
        results[steps] = (reads, analyses)
        rw, aw, sw = [c.wall for c in reads], [c.wall for c in analyses], [c.wall for c in same]
        rc, ac = [c.cpu for c in reads], [c.cpu for c in analyses]
        rm, am = max(c.rss for c in reads), max(c.rss for c in analyses)
        print(f"{steps:>10,} {statistics.median(rw):>7.2f} {statistics.median(aw):>9.2f} {median_ratio(aw, rw):>6.2f} "
              f"{statistics.median(rc):>8.2f} {statistics.median(ac):>11.2f} {median_ratio(ac, rc):>6.2f} "
              f"{rm / 1e6:>8.0f} {am / 1e6:>10.0f} {am / rm:>6.2f} {statistics.median(sw):>7.2f} "
              f"{median_ratio(aw, sw):>7.2f}", flush=True)
    if args.html:
        html_against_analysis(analyze, paths, args.dir, args.reps)
    print("x wall, x cpu: median over the pairs of analyze / bare pandas read (targets: <= 1.2 at 1M steps, "
          "<= 1.3 at 10M); x mem: peak RSS of analyze / of the read (target <= 1.1); read*, x wall*: the bare read "
          f"with the numpy settings the command sets for itself ({SAME_NUMPY}), and analyze against it.")
    if len(sizes) > 1:
        print("cost per row between sizes (us/row; the fixed cost of starting and importing cancels out):")
        for small, big in zip(sizes, sizes[1:]):
            rows = big - small

            def slope(costs: tuple[list[Cost], list[Cost]], kind: int, what: str) -> float:
                return statistics.median(getattr(c, what) for c in costs[kind])

            line = f"  {small:>10,} -> {big:>10,}:"
            for what in ("wall", "cpu"):
                read = (slope(results[big], 0, what) - slope(results[small], 0, what)) / rows * 1e6
                analysis = (slope(results[big], 1, what) - slope(results[small], 1, what)) / rows * 1e6
                line += f"  {what} read {read:.3f}, analyze {analysis:.3f} (x{analysis / read:.2f})"
            print(line)
    print(load())


if __name__ == "__main__":
    main()
