#!/usr/bin/env python
"""Prove lrdoctor's fixes by retraining (issue 16, item 5).

    python bench/fix_check.py --jobs 2                 # the held-out half (bench/out/fixcheck/holdout*)
    python bench/fix_check.py --half tune --jobs 2     # the tuning half
    python bench/fix_check.py --half fresh --jobs 2    # the fresh half: held out from all tuning, measured once
    python bench/fix_check.py --half fresh2 --jobs 2   # the fourth half: held out from all tuning, measured once
    python bench/fix_check.py --only docs --retrain    # train again, even what is cached
    python bench/detection.py --samples bench/out/fixcheck/holdout   # detection per rule, the same runs

For every run of a half (``bench/fixcheck_runs.py`` makes them, with their counterfactuals and labels;
missing ones are trained first) the log is analysed with ``lrdoctor.analyze`` and every finding's
machine-readable ``fix``, and the report's ``recommendation``, is applied to the run's ``Setup`` and
retrained, one fix at a time (a fix proposed by several findings is trained once):

    lr                   the run's peak lr (the schedule keeps its shape: every lr scaled by lr / peak)
    lr_factor            every lr times that factor (a log that does not say its lr: a per-epoch CSVLogger file)
    warmup_steps         a linear warmup over that many steps, on top of the schedule
    max_grad_norm        gradient clipping at that norm
    early_stop_step      training stops after that step; its validation loss is the outcome
    decay_step           the lr x 0.1 from that step on; with decay_from (premature-decay's "decay
                         later"): the schedule delayed so that its cut at decay_from comes at decay_step
    create_optimizer_once, checkpoint_optimizer_state   no re-created optimizer / its state kept
    stable_loss          the numerically safe version of the run's loss
    reduction = "mean"   the mean instead of the summed loss
    last_layer_init_scale  the output layer's weight and bias scaled by it at init

Keys it cannot apply (``check``...) are listed. Step values of a per-epoch log are read as epochs
numbered from 0 (Keras'): epoch e ends after (e + 1) x steps-per-epoch optimizer steps.

Each run prints the rules that fired, each fix applied, the final held-out (validation) loss before and
after, and the verdict: improved / worse when the loss moves more than 2% (``TOLERANCE``) of its size, unchanged
otherwise (a non-finite loss is worse than any finite one; a loss below 0, a normalizing flow's negative
log-likelihood, moves by a share of its size too, and its "ratio" to the grid's best is 1 + (after - best) / |best|). Then: the share of applied fixes that
improve the held-out loss (target >= 90%); for every fix that sets an lr, its held-out loss divided by the
best of the lr grid (the run's Setup at 9 lrs log-spaced over 4 decades around its peak lr; target:
median <= 1.15, none > 2); and the detection figures per rule on the half (the table of
``bench/detection.py --samples``). Every training is cached (``bench/out/fixcheck/cache``), keyed by the
run and the fix values, so re-running after a change of the rules retrains only the fixes that changed.
A report: the exit code is 0 whatever it finds (1 if a run does not show its construction).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's lrdoctor, installed or not
sys.path.insert(0, str(ROOT / "bench"))

import fixcheck_runs as fr  # noqa: E402
import lrdoctor  # noqa: E402
from lrdoctor.errors import LrdoctorError  # noqa: E402

TOLERANCE = 0.02
"""A fix improves (worsens) the run when its held-out loss is more than this share lower (higher)."""
GROUPS: tuple[tuple[str, ...], ...] = (
    ("lr", "schedule"), ("lr_factor",), ("warmup_steps",), ("max_grad_norm",), ("early_stop_step",), ("decay_step", "decay_from"),
    ("create_optimizer_once", "checkpoint_optimizer_state"), ("stable_loss",), ("reduction",), ("last_layer_init_scale",),
)  # fmt: skip
"""Keys of one finding's fix that are applied together; every other key of a fix is an alternative, tried alone (but a
``warmup_steps`` beside ``schedule``, lr-too-high's held lr after the warmup a growing schedule's climb gave, goes with
them)."""


def sets_lr(f: Fix) -> bool:
    """Whether the fix set the lr (a value, or a factor on the run's lr for a log that does not say it)."""
    return "lr" in f.applied or "lr_factor" in f.applied


@dataclass
class Fix:
    """One fix to retrain: its values, who proposed it, and (once applied) what the Setup got."""

    values: dict[str, Any]
    sources: list[str] = field(default_factory=list)
    applied: dict[str, Any] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    after: float | None = None
    ratio: float | None = None  # lr fixes: held-out loss / best of the lr grid

    @property
    def key(self) -> str:
        return json.dumps(self.values, sort_keys=True)


@dataclass
class Checked:
    case: fr.Case
    verdict: fr.Verdict
    fired: list[str] = field(default_factory=list)  # "rule (severity)"
    error: str | None = None
    fixes: list[Fix] = field(default_factory=list)
    before: float = math.nan
    grid: list[tuple[float, float]] = field(default_factory=list)  # (lr, held-out loss)


def split_fix(fix: dict[str, Any]) -> list[dict[str, Any]]:
    """A finding's fix as the fixes to try one at a time: the keys of a group together, every other key alone."""
    parts = []
    rest = dict(fix)
    if "schedule" in rest and "warmup_steps" in rest:  # an lr held instead of a schedule, after the warmup its climb gave
        parts.append({k: rest.pop(k) for k in ("lr", "schedule", "warmup_steps") if k in rest})
    for group in GROUPS:
        part = {k: rest.pop(k) for k in group if k in rest}
        if part:
            parts.append(part)
    parts += [{k: v} for k, v in rest.items()]
    return parts


def fixes_of(report: Any) -> list[Fix]:
    """Every distinct fix of a report: each finding's, split into alternatives, and the recommendation's."""
    found: dict[str, Fix] = {}

    def add(values: dict[str, Any], source: str) -> None:
        fix = Fix(values)
        found.setdefault(fix.key, fix).sources.append(source)

    for f in report.findings:
        for part in split_fix(dict(f.fix)):
            add(part, f.rule)
    rec = report.recommendation
    if rec is not None:
        values = {k: v for k, v in (("lr", rec.lr), ("warmup_steps", rec.warmup_steps), ("schedule", rec.schedule))
                  if v is not None}
        if values:
            add(values, "recommendation")
    return list(found.values())


def verdict(before: float, after: float) -> str:
    """improved / worse / unchanged: ``after`` more than ``TOLERANCE`` of ``before``'s size below / above it (a
    negative log-likelihood can be below 0: the share is of its size, the direction the same)."""
    if not math.isfinite(after):
        return "unchanged" if not math.isfinite(before) else "worse"
    if not math.isfinite(before) or after < fr.signed_times(before, 1 - TOLERANCE):
        return "improved"
    return "worse" if after > fr.signed_times(before, 1 + TOLERANCE) else "unchanged"


def relative(after: float, best: float) -> float:
    """``after`` over ``best``: their ratio for a positive ``best``, and for one below 0 (a negative log-likelihood)
    the same measure of how far above it ``after`` lies, 1 + (after - best) / |best|."""
    if best == 0:
        return 1.0 if after == 0 else math.inf
    return 1.0 + (after - best) / abs(best)


def analyse(c: fr.Case, v: fr.Verdict, results: dict[tuple[str, str], dict[str, Any]]) -> Checked:
    """Analyse a case's log and turn its report into fixes applied to the Setup (not yet trained)."""
    out = Checked(c, v, before=fr.held_out(fr.result(results, c, fr.variant("run", 0))))
    try:
        report = lrdoctor.analyze(c.path)
    except LrdoctorError as e:
        out.error = str(e)
        return out
    except Exception as e:  # noqa: BLE001 - a bench reports crashes, it does not stop at them
        out.error = f"crash: {type(e).__name__}: {e}"
        return out
    out.fired = [f"{f.rule} ({f.severity})" for f in report.findings]
    peak = fr.result(results, c, fr.variant("run", 0))["peak_lr"]
    setup = fr.build(c, fr.variant("run", 1))
    for fix in fixes_of(report):
        _, fix.applied, fix.skipped = fr.apply_fix(setup, fix.values, peak)
        out.fixes.append(fix)
    return out


def fix_variant(fix: Fix) -> dict[str, Any]:
    return fr.variant("fix", 0, fix=fix.applied)


def print_run(ch: Checked) -> None:
    c, v = ch.case, ch.verdict
    label = ", ".join(v.label.must_fire) or ("healthy (harmless fault)" if v.status == "harmless" else "healthy")
    print(f"\n{c.name}  [{c.kind}; label: {label}]  held-out loss {fr.fmt([ch.before])}")
    if ch.error:
        print(f"  not analysed: {ch.error[:160]}")
        return
    print(f"  fired: {', '.join(ch.fired) or 'nothing'}")
    for fix in ch.fixes:
        who = ", ".join(fix.sources)
        if not fix.applied:
            print(f"  fix {fix.key} ({who}): not applied ({'; '.join(fix.skipped.values())})")
            continue
        after = math.inf if fix.after is None else fix.after
        extra = f"; x{fix.ratio:.2f} the best grid lr's" if fix.ratio is not None else ""
        skipped = f" (not applied: {', '.join(fix.skipped)})" if fix.skipped else ""
        print(f"  fix {json.dumps(fix.applied, sort_keys=True)}{skipped} ({who}): {fr.fmt([ch.before])} -> "
              f"{fr.fmt([after])} {verdict(ch.before, after)}{extra}")  # fmt: skip
    if ch.grid and any(f.ratio is not None for f in ch.fixes):
        best_lr, best = min(ch.grid, key=lambda p: p[1])
        print(f"  lr grid: best lr {best_lr:.3g} -> {fr.fmt([best])}; " +
              ", ".join(f"{lr:.2g}:{fr.fmt([x])}" for lr, x in ch.grid))  # fmt: skip


def summary(checked: list[Checked], half: str) -> None:
    applied = [(ch, f) for ch in checked for f in ch.fixes if f.applied]
    verdicts = [verdict(ch.before, math.inf if f.after is None else f.after) for ch, f in applied]
    n = len(applied)
    improved = verdicts.count("improved")
    print(f"\n== fix check, {half} half: {len(checked)} runs, {sum(ch.error is None for ch in checked)} analysed")
    if n:
        print(f"applied fixes: {n}; improved {improved} ({improved / n:.0%}, target >= 90%), "
              f"worse {verdicts.count('worse')}, unchanged {verdicts.count('unchanged')} (tolerance {TOLERANCE:.0%})")  # fmt: skip
    else:
        print("applied fixes: 0")
    by_rule: dict[str, list[str]] = {}
    for (ch, f), v in zip(applied, verdicts):
        for src in f.sources:
            by_rule.setdefault(src, []).append(v)
    for rule, vs in sorted(by_rule.items()):
        print(f"  {rule:22} {len(vs):3} fixes: {vs.count('improved')} improved, {vs.count('worse')} worse, "
              f"{vs.count('unchanged')} unchanged")  # fmt: skip
    lr_fixes = [(ch, f) for ch, f in applied if sets_lr(f)]
    ratios = [f.ratio for _, f in lr_fixes if f.ratio is not None]
    if ratios:
        above = [f"{ch.case.name} x{f.ratio:.2f}" for ch, f in lr_fixes if f.ratio is not None and f.ratio > 2]
        print(f"lr fixes: {len(lr_fixes)}; held-out loss / best of the lr grid: median {statistics.median(ratios):.2f} "
              f"(target <= 1.15), max {max(ratios):.2f} (target <= 2), {len(above)} above 2"
              + (f": {', '.join(above)}" if above else ""))  # fmt: skip
    else:
        print(f"lr fixes: {len(lr_fixes)}")
    undefined = sorted({ch.case.name for ch, f in lr_fixes if f.ratio is None})
    if undefined:
        print(f"  no ratio (no lr of the grid ends finite): {', '.join(undefined)}")
    faulty = [ch for ch in checked if ch.verdict.status == "fault"]
    unfixed = [ch.case.name for ch in faulty if not any(f.applied for f in ch.fixes)]
    print(f"faulty runs (confirmed by their counterfactual): {len(faulty)}; with no applicable fix: {len(unfixed)}"
          + (f" ({', '.join(unfixed)})" if unfixed else ""))  # fmt: skip
    healthy_fixed = [ch.case.name for ch in checked if ch.verdict.status != "fault" and any(f.applied for f in ch.fixes)]
    if healthy_fixed:
        print(f"healthy runs given a fix: {len(healthy_fixed)}: {', '.join(healthy_fixed)}")
    errors = [ch for ch in checked if ch.error]
    if errors:
        print(f"runs lrdoctor could not analyse: {len(errors)} ({', '.join(ch.case.name for ch in errors)})")


def detection(folders: list[Path]) -> None:
    """The detection table of bench/detection.py on the half's folders."""
    import detection as det
    from lrdoctor.catalogue import load_catalogue

    cases = [case for folder in folders if (folder / "labels.toml").exists()
             for case in det.sample_cases(folder, folder.name)]  # fmt: skip
    start = time.perf_counter()
    outcomes = [det.run_case(case) for case in cases]
    print("\n== detection (bench/detection.py --samples " + " / ".join(str(f.relative_to(ROOT)) for f in folders) + ")")
    det.print_report(outcomes, list(load_catalogue()), time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--half", choices=tuple(fr.HALVES), default="holdout",
                        help="which half (default holdout; fresh, fresh2, ...: each held out from all tuning until measured once)")
    parser.add_argument("--only", metavar="SUBSTR", help="only the runs whose name contains SUBSTR")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for training (default 1)")
    parser.add_argument("--retrain", action="store_true", help="train again even what is cached")
    parser.add_argument("--no-detection", action="store_true", help="skip the detection table")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    cases = fr.cases_of(args.half, args.only)
    quiet = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731 - progress goes to stderr
    verdicts = fr.generate(cases, args.jobs, args.retrain, grids=True, say=quiet)
    base = fr.run_all([(c, v, None) for c in cases for v in fr.base_variants(c)], args.jobs, say=quiet)
    checked = [analyse(c, verdicts[c.name], base) for c in cases]
    todo: list[tuple[fr.Case, dict[str, Any], float | None]] = []
    for ch in checked:
        peak = base[(ch.case.name, json.dumps(fr.variant("run", 0), sort_keys=True))]["peak_lr"]
        todo += [(ch.case, fix_variant(f), peak) for f in ch.fixes if f.applied]
        if any(sets_lr(f) for f in ch.fixes):
            todo += [(ch.case, v, None) for v in fr.grid_variants()]
    results = fr.run_all(todo, args.jobs, args.retrain, say=quiet)
    for ch in checked:
        c = ch.case
        for f in ch.fixes:
            if f.applied:
                f.after = fr.result(results, c, fix_variant(f)).get("val_loss")
        if any(sets_lr(f) for f in ch.fixes):
            peak = base[(c.name, json.dumps(fr.variant("run", 0), sort_keys=True))]["peak_lr"]
            ch.grid = sorted([(peak, ch.before)] + [(peak * v["factor"], fr.held_out(fr.result(results, c, v)))
                                                    for v in fr.grid_variants()])  # fmt: skip
            best = min(x for _, x in ch.grid)
            for f in ch.fixes:
                if sets_lr(f) and math.isfinite(best):  # no ratio when no lr of the grid trains
                    after = math.inf if f.after is None else f.after
                    f.ratio = relative(after, best)
        print_run(ch)
    summary(checked, args.half)
    if not args.no_detection:
        detection(sorted({c.folder for c in cases}))
    print(f"\n{time.perf_counter() - start:.0f} s")
    return 1 if any(v.status == "unconfirmed" for v in verdicts.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
