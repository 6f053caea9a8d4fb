"""One recommendation per run: the findings' explanations and learning-rate advice, reconciled.

Several rules may see the same trouble from different sides (a blow-up is also a gradient jump and a
flat loss afterwards). A finding that ``explains`` another rule's finding that reaches past its start
(what comes with a cause or after it) speaks alone; a note says what it explains. Of the lr advice left, advice to lower the lr wins
over advice to raise it (instability is direct evidence, slowness is not), the strongest basis wins
within a direction, and no recommendation reaches an lr the run showed to fail at. Every finding
that proposes an lr then carries the recommended one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from lrdoctor.findings import Finding, LrAdvice, Recommendation

RAMP_TURN = 4
"""Basis strength: the lr at which the loss turned upward while the lr rose (a range test the run made)."""
UPDATE_BAND = 3
"""Basis strength: the logged update-to-weight ratio scaled into the optimizer family's usual band."""
LAST_GOOD = 2
"""Basis strength: the last lr at which the loss still improved."""
DIVISOR = 1
"""Basis strength: the troubled lr divided by a fixed factor."""
FAILED_MARGIN = 2.0
"""A recommendation stays at least this factor below any lr the run showed to fail at."""


def not_before(cause: Finding, effect: Finding) -> bool:
    """Whether ``effect`` reaches past the start of ``cause``: a cause explains what comes with it or
    after it, not what ended before it."""
    return effect.step_end >= cause.step_start


def explained(findings: Sequence[Finding]) -> tuple[list[Finding], list[str]]:
    """The findings left when each finding's ``explains`` silences the findings of those rules that reach
    past its start (and start by its ``explains_until``, when set), and a note for each silenced one."""
    kept = list(findings)
    notes: list[str] = []
    for f in findings:
        if f not in kept or not f.explains:
            continue
        for g in [g for g in kept if g is not f and g.rule in f.explains and not_before(f, g)
                  and (f.explains_until is None or g.step_start <= f.explains_until)]:
            kept.remove(g)
            notes.append(f"{g.rule} (steps {g.step_start}-{g.step_end}) is explained by {f.rule} and not reported "
                         "separately")
    return kept, notes


def reconcile(findings: Sequence[Finding]) -> tuple[list[Finding], Recommendation | None, list[str]]:
    """Findings after explanations and lr reconciliation, the run's recommendation, and notes."""
    kept, notes = explained(findings)
    advised = [f for f in kept if f.lr is not None]
    lowering = [f for f in advised if f.lr is not None and f.lr.lower]
    if lowering:
        for f in [f for f in advised if f.lr is not None and not f.lr.lower]:
            kept.remove(f)
            notes.append(f"{f.rule} (steps {f.step_start}-{f.step_end}) advised raising the lr, but "
                         f"{lowering[0].rule} shows the lr is too high: not reported")
        advised = lowering
    warmup = next((int(f.fix["warmup_steps"]) for f in kept if "warmup_steps" in f.fix), None)
    if not advised:
        if warmup is None:
            return kept, None, notes
        rules = tuple(f.rule for f in kept if "warmup_steps" in f.fix)
        return kept, Recommendation(lr=None, basis=f"advised by {', '.join(rules)}", warmup_steps=warmup, rules=rules), notes
    advice = [f.lr for f in advised if f.lr is not None]
    best = max(advice, key=lambda a: (a.strength, -a.lr))  # between equals the lower lr: safer, or the smaller raise
    lr, basis = best.lr, best.basis
    failed = [a.failed_lr for a in advice if a.failed_lr is not None and a.failed_lr > 0]
    if failed and lr > min(failed) / FAILED_MARGIN:
        lr = min(failed) / FAILED_MARGIN
        basis += f"; kept at most 1/{FAILED_MARGIN:g} of lr {min(failed):.2g}, at which the run failed"
    lr = float(f"{lr:.2g}")
    # the winner's schedule advice ("constant": hold the lr instead of a schedule that grew it) goes with its lr to
    # every finding that proposes one, as the lr does
    schedule = next((f.fix.get("schedule") for f in advised if f.lr is best), None)
    held = {"schedule": schedule} if schedule else {}
    out: list[Finding] = []
    for f in kept:
        if f.lr is not None:
            f = dataclasses.replace(f, fix={**f.fix, "lr": lr, **held}, suggestion=f.suggestion.replace("{lr}", f"{lr:.2g}"))
        out.append(f)
    rules = tuple(dict.fromkeys(f.rule for f in advised))
    return out, Recommendation(lr=lr, basis=basis, warmup_steps=warmup, rules=rules, schedule=schedule), notes
