"""A longer run of the recorder writer's fuzz (``tests/record/test_writer_fuzz.py``): the same
properties, many more examples, a new random seed per round. Prints the failures found (0 expected).

    python bench/fuzz_recorder_writer.py                      # 3 rounds x 2,000 examples per property
    python bench/fuzz_recorder_writer.py --rounds 10 --examples 10000
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests" / "record" / "test_writer_fuzz.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--examples", type=int, default=2000, help="examples per property per round")
    parser.add_argument("--seed", type=int, default=None, help="first seed (default: random)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LRDOCTOR_FUZZ_EXAMPLES": str(args.examples), "LRDOCTOR_FUZZ_RANDOM": "1"}
    failed = 0
    for round_ in range(args.rounds):
        started = time.monotonic()
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--hypothesis-seed={seed + round_}", str(TESTS)]
        proc = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
        summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr.strip()[-200:]
        print(f"round {round_ + 1} (seed {seed + round_}): {summary} [{time.monotonic() - started:.0f} s]")
        if proc.returncode != 0:
            failed += 1
            print("\n".join(line for line in proc.stdout.splitlines() if line.startswith(("E ", "FAILED", "Falsifying"))))
    print(f"{failed} failing round(s) of {args.rounds}, {args.examples} examples per property each")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
