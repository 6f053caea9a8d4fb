#!/usr/bin/env python
"""Detection bench: run ``lrdoctor.analyze`` over every labelled run and score each rule.

    python bench/detection.py                 # the sample runs of sample_logs/
    python bench/detection.py --variants      # + their variants, trained into bench/out/variants
    python bench/detection.py --real          # + ../shared/real_logs*/, labelled in tests/data/real_labels.toml
    python bench/detection.py --all --jobs 2  # everything
    python bench/detection.py --samples bench/out/holdout  # the runs of bench/holdout.py

Per rule: hits (a must-fire rule that fired), misses, false alarms (a warning or error from a rule
that neither must nor may fire on that run), precision, recall, and how many hits started within the
label's tolerance of the fault step. Then every healthy run with a warning or error. A report, so
the exit code is 0 whatever it finds.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's lrdoctor, installed or not

import lrdoctor  # noqa: E402
from lrdoctor.errors import LrdoctorError  # noqa: E402

SAMPLES = ROOT / "sample_logs"
VARIANTS = ROOT / "bench" / "out" / "variants"
SHARED = ROOT.parent / "shared"
REAL_LABELS = ROOT / "tests" / "data" / "real_labels.toml"
ALARM = ("error", "warning")


@dataclass(frozen=True)
class Case:
    """A labelled run: ``healthy`` runs must get no warning or error at all."""

    name: str
    path: Path
    source: str
    must_fire: tuple[str, ...] = ()
    may_fire: tuple[str, ...] = ()
    fault_step: int | None = None
    tolerance_steps: int | None = None
    healthy: bool = True


def sample_cases(folder: Path, source: str) -> list[Case]:
    """The runs of a labels.toml written by make_samples.py."""
    table = tomllib.loads((folder / "labels.toml").read_text())["runs"]
    return [
        Case(
            name=name,
            path=folder / f"{name}.csv",
            source=source,
            must_fire=tuple(e.get("must_fire", ())),
            may_fire=tuple(e.get("may_fire", ())),
            fault_step=e.get("fault_step"),
            tolerance_steps=e.get("tolerance_steps"),
            healthy=not e.get("must_fire"),
        )
        for name, e in sorted(table.items())
    ]


def real_cases(shared: Path) -> list[Case]:
    """The logs beside the checkout in ../shared that tests/data/real_labels.toml labels; "uncertain"
    ones may fire their may_fire rules and score neither hits nor false alarms."""
    cases = []
    for name, label in sorted(tomllib.loads(REAL_LABELS.read_text())["runs"].items()):
        folder = shared / label["folder"]
        found = sorted(p for p in folder.iterdir() if p.name.split("__")[0] == name) if folder.is_dir() else []
        if found:
            status = label["status"]
            cases.append(Case(name, found[0], label["folder"].replace("real_logs", "real").replace("_", "-"), tuple(label.get("must_fire", ())),
                              tuple(label.get("may_fire", ())), healthy=status == "healthy"))
    return cases


def make_variants(jobs: int) -> bool:
    """Train the variants into bench/out/variants unless they are newer than the generator and its harness."""
    labels = VARIANTS / "labels.toml"
    script = SAMPLES / "make_samples.py"
    generator = max(p.stat().st_mtime for p in (script, SAMPLES / "harness.py", SAMPLES / "labels_file.py"))
    if labels.exists() and labels.stat().st_mtime > generator:
        return True
    print(f"training the variants into {VARIANTS} (cached there afterwards) ...", flush=True)
    command = [sys.executable, "-W", "ignore", str(script), "--out", str(VARIANTS), "--variants", "--jobs", str(jobs)]
    if subprocess.run(command).returncode != 0:
        print("variants: the generator failed; scoring without them")
        return False
    return True


@dataclass
class Outcome:
    """What the analyzer said about one case: rule -> (severity, step_start) of its findings."""

    case: Case
    fired: dict[str, list[tuple[str, int]]]
    messages: list[str]
    error: str | None = None

    def alarms(self, rule: str) -> bool:
        return any(sev in ALARM for sev, _ in self.fired.get(rule, []))

    def on_time(self, rule: str) -> bool:
        c = self.case
        if c.fault_step is None or c.tolerance_steps is None:
            return False
        return any(abs(step - c.fault_step) <= c.tolerance_steps for _, step in self.fired.get(rule, []))


def run_case(case: Case) -> Outcome:
    try:
        report = lrdoctor.analyze(case.path)
    except LrdoctorError as e:
        return Outcome(case, {}, [], error=str(e))
    except Exception as e:  # noqa: BLE001 - a bench reports crashes, it does not stop at them
        return Outcome(case, {}, [], error=f"crash: {type(e).__name__}: {e}")
    fired: dict[str, list[tuple[str, int]]] = {}
    for f in report.findings:
        fired.setdefault(f.rule, []).append((f.severity, f.step_start))
    messages = [
        f"{f.severity:7} {f.rule} @{f.step_start}: {f.message}"
        for f in report.findings
        if f.severity in ALARM and f.rule not in case.may_fire
    ]
    return Outcome(case, fired, messages)


@dataclass
class Score:
    hits: int = 0
    misses: int = 0
    false_alarms: int = 0
    located: int = 0
    locatable: int = 0

    def line(self, rule: str) -> str:
        found = self.hits + self.false_alarms
        precision = f"{self.hits / found:.2f}" if found else "-"
        labelled = self.hits + self.misses
        recall = f"{self.hits / labelled:.2f}" if labelled else "-"
        where = f"{self.located}/{self.locatable}" if self.locatable else "-"
        return f"{rule:22} {self.hits:5} {self.misses:7} {self.false_alarms:6} {precision:>9} {recall:>7} {where:>8}"


def score(outcomes: list[Outcome], rules: list[str]) -> dict[str, Score]:
    scores = {r: Score() for r in rules}
    for o in outcomes:
        for rule in rules:
            s = scores[rule]
            if rule in o.case.must_fire:
                if rule in o.fired:
                    s.hits += 1
                    if o.case.fault_step is not None:
                        s.locatable += 1
                        s.located += o.on_time(rule)
                else:
                    s.misses += 1
            elif rule not in o.case.may_fire and (o.case.healthy or o.case.must_fire) and o.alarms(rule):
                s.false_alarms += 1
    return scores


def print_report(outcomes: list[Outcome], rules: list[str], seconds: float) -> None:
    sources = sorted({o.case.source for o in outcomes})
    for source in sources + ["all"]:
        group = [o for o in outcomes if source in ("all", o.case.source)]
        if len(sources) == 1 and source == "all":
            break
        print(f"\n== {source}: {len(group)} runs ({sum(o.case.healthy for o in group)} healthy)")
        print(f"{'rule':22} {'hits':>5} {'misses':>7} {'false':>6} {'precision':>9} {'recall':>7} {'on time':>8}")
        for rule, s in score(group, rules).items():
            print(s.line(rule))
    misses = [(o.case.name, r) for o in outcomes for r in o.case.must_fire if r not in o.fired]
    if misses:
        print("\nmissed:")
        for name, rule in misses:
            print(f"  {name}: {rule}")
    late = [(o.case.name, r, o.case.fault_step) for o in outcomes for r in o.case.must_fire
            if r in o.fired and o.case.fault_step is not None and not o.on_time(r)]  # fmt: skip
    if late:
        print("\nfired away from the labelled fault step:")
        for name, rule, step in late:
            print(f"  {name}: {rule} (fault at {step})")
    alarms = [o for o in outcomes if not o.case.must_fire and o.case.healthy and o.messages]
    print(f"\nhealthy runs with a warning or error: {len(alarms)}")
    for o in alarms:
        print(f"  {o.case.name} ({o.case.source})")
        for m in o.messages:
            print(f"    {m[:150]}")
    others = [(o, r) for o in outcomes if o.case.must_fire for r in o.fired
              if r not in o.case.must_fire and r not in o.case.may_fire and o.alarms(r)]  # fmt: skip
    if others:
        print("\nunexpected rules on faulty runs:")
        for o, rule in others:
            print(f"  {o.case.name}: {rule}")
    failed = [o for o in outcomes if o.error]
    if failed:
        print(f"\nruns that could not be analysed: {len(failed)}")
        for o in failed:
            print(f"  {o.case.name}: {o.error[:200]}")
    print(f"\n{len(outcomes)} runs analysed in {seconds:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", action="store_true", help="also the generated variants (trained on first use)")
    parser.add_argument("--real", action="store_true", help="also the shared real logs")
    parser.add_argument("--all", action="store_true", help="samples, variants and real logs")
    parser.add_argument("--jobs", type=int, default=2, help="processes for training the variants")
    parser.add_argument("--samples", type=Path, default=SAMPLES, help="folder of sample runs (default sample_logs/)")
    args = parser.parse_args(argv)
    cases = sample_cases(args.samples, "samples")
    if args.variants or args.all:
        if make_variants(args.jobs):
            cases += sample_cases(VARIANTS, "variants")
    if (args.real or args.all) and SHARED.is_dir():
        cases += real_cases(SHARED)
    from lrdoctor.catalogue import load_catalogue

    rules = list(load_catalogue())
    start = time.perf_counter()
    outcomes = [run_case(c) for c in cases]
    print_report(outcomes, rules, time.perf_counter() - start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
