"""Fuzz every reader for longer than CI does, and count the crashes.

    python bench/fuzz_readers.py                      # 5,000 random examples per case kind
    python bench/fuzz_readers.py --examples 50000 --seed 7 --analyse

The cases and the contract are the CI fuzz test's (``tests/io/fuzz_inputs.py``): arbitrary bytes,
mutated real logs (``sample_logs/``, ``tests/data/formats/``, ``../shared/real_logs*/``), odd tables and
extreme numbers. A crash is anything but a clean run or an ``LrdoctorError`` whose message is one line
naming the file (and a warning raised from the readers). Unlike the test, a crash does not stop the
run: every crash is counted, the distinct places they happen are listed with one example each, and
the examples are kept under ``bench/out/fuzz/``. ``--analyse`` also runs every rule on each readable
case (slower), so that crashes in the checks are counted too, listed apart.

The last line is ``crashes: N`` (N = 0 when nothing crashed).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "io")]

from fuzz_inputs import STRATEGIES, Case, Outcome, outcome, seeds  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402

OUT = ROOT / "bench" / "out" / "fuzz"


def run_kind(kind: str, examples: int, seed: int | None, analyse: bool) -> tuple[Counter[str], dict[str, tuple[Case, Outcome]]]:
    """Run one case kind; the count of each outcome and one example of each crash site."""
    counts: Counter[str] = Counter()
    crashes: dict[str, tuple[Case, Outcome]] = {}

    @settings(max_examples=examples, database=None, deadline=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(case=STRATEGIES[kind]())
    def fuzz(case: Case) -> None:
        with tempfile.TemporaryDirectory() as folder:
            result = outcome(Path(folder), case, analyse=analyse)
        counts[result.kind] += 1
        if result.kind == "crash":
            crashes.setdefault(result.site, (case, result))

    if seed is not None:
        fuzz = __import__("hypothesis").seed(seed)(fuzz)
    fuzz()
    return counts, crashes


def keep(site: str, case: Case) -> Path:
    """Save a crash's files under bench/out/fuzz/<site>/."""
    folder = OUT / "".join(c if c.isalnum() else "_" for c in site)[:80]
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    case.write(folder)
    return folder / case.target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=5000, help="examples per case kind (default 5000)")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default: random)")
    parser.add_argument("--analyse", action="store_true", help="also run every rule on each readable case")
    parser.add_argument("--kinds", nargs="*", default=list(STRATEGIES), choices=list(STRATEGIES))
    args = parser.parse_args()
    print(f"{len(seeds())} seed files; {args.examples} examples per kind; analyse={args.analyse}")
    total = 0
    all_crashes: dict[str, tuple[Case, Outcome]] = {}
    for kind in args.kinds:
        started = time.monotonic()
        counts, crashes = run_kind(kind, args.examples, args.seed, args.analyse)
        total += counts["crash"]
        all_crashes.update({site: found for site, found in crashes.items() if site not in all_crashes})
        print(f"{kind:<16} {sum(counts.values()):>6} examples: {counts['ok']:>6} read, {counts['error']:>6} "
              f"one-line errors, {counts['crash']:>4} crashes ({time.monotonic() - started:.0f} s)")
    for site, (case, result) in sorted(all_crashes.items()):
        place = "analysis" if site.startswith(("lrdoctor/checks/", "lrdoctor/signals.py", "lrdoctor/engine.py")) else "reader"
        print(f"  crash in {place} at {site}: {result.detail[:160]} -> {keep(site, case)}")
    print(f"crashes: {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
