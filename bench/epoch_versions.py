#!/usr/bin/env python
"""Per-epoch versions of the tuning halves' runs: the same trainings logged once per epoch, as Keras' ``CSVLogger``
writes them (``epoch,loss,val_loss``, with the accuracies for a classifier; no lr, no sidecar), to tune the per-epoch
readings on more than the four per-epoch runs each half holds.

The runs are those named in ``bench/epoch_versions.txt``, drawn once (``--draw N``: from N tuning halves of
``bench/fixcheck_runs.py``, every half but those README.md holds out in its "Held out now" list, the runs of each by kind
(``PICK``: too-high lrs at step 1, adaptive optimizers first; healthy runs; last layers initialised too large; summed
losses; too-low lrs), and the list written there): the runs tuned on stay the same runs when halves are added. Each is
trained once at seed 0 with ``log_per_epoch``, over its own steps when they make four epochs or more, else eight epochs
(runs of more than ``MAX_STEPS`` steps, and runs that accumulate gradients, are left out), into ``bench/out/epoch_versions/`` (kept: a second call trains
only what is missing, and a run whose case's code changed is not trained again; delete its log for that). Then each
log is analysed: a faulty run counts as found when every rule its label must fire fired (a last layer's init and a
summed loss are wrong-initial-loss's, which a log without its first step cannot read: counted, not expected), a healthy
run as warned on any warning or error; and the first epoch's mean over the second's, per kind (``lr-too-high``'s
``EPOCH_FIRST_BLOWN``). The labels are the step-logged runs' (confirmed by their counterfactuals at their own steps);
a run given more steps here keeps its label but not its proof.

    python bench/epoch_versions.py                   # the runs of bench/epoch_versions.txt (about half an hour)
    python bench/epoch_versions.py --draw 40         # draw anew from 40 tuning halves (rewrites the list)
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

OUT = ROOT / "bench" / "out" / "epoch_versions"
LISTED = ROOT / "bench" / "epoch_versions.txt"
PICK = {"lr-high-step1": 2, "healthy": 2, "last-layer-init": 1, "summed": 1, "lr-low-adam": 1}
"""Runs drawn from each half, by kind."""
MAX_STEPS = 1600
"""Runs longer than this once made four epochs are left out (minutes each on a CPU)."""


def held_out_halves() -> set[str]:
    """The halves README.md's "Held out now" list names (``freshA`` to ``freshB`` ranges expanded)."""
    text = (ROOT / "README.md").read_text()
    start = text.index("Held out now:")
    listed = text[start : text.index("(", start)]
    held: set[str] = set()
    for a, b in re.findall(r"`fresh(\d+)`(?: to `fresh(\d+)`)?", listed):
        held.update(f"fresh{i}" for i in range(int(a), int(b or a) + 1))
    return held


def draw(halves: int) -> list[str]:
    """The cases drawn: ``PICK`` of each kind from ``halves`` tuning halves, the draw fixed (``random.Random(0)``)."""
    import fixcheck_runs as fr

    held = held_out_halves()
    by: dict[tuple[str, str], list[Any]] = {}
    for c in fr.CASES.values():
        if c.half in held or c.kind not in PICK or "epoch" in c.name:
            continue
        by.setdefault((c.half, c.kind), []).append(c)
    rnd = random.Random(0)
    names = sorted({h for h, _ in by})
    rnd.shuffle(names)
    todo = []
    for half in sorted(names[:halves]):
        for kind, n in PICK.items():
            cases = sorted(by.get((half, kind), []), key=lambda c: c.name)
            if kind == "lr-high-step1":  # adaptive optimizers first: the per-epoch lr-too-high runs of the halves
                cases.sort(key=lambda c: ("adam" not in c.name and "rmsprop" not in c.name, c.name))
            else:
                rnd.shuffle(cases)
            todo += [c.name for c in cases[:n]]
    return todo


def listed() -> list[Any]:
    """The cases named in ``LISTED``."""
    import fixcheck_runs as fr

    names = [line.strip() for line in LISTED.read_text().splitlines() if line.strip() and not line.startswith("#")]
    return [fr.CASES[name] for name in names]


def train_missing(cases: list[Any]) -> dict[str, dict[str, Any]]:
    """Train the drawn runs not yet in ``OUT`` (logged per epoch, seed 0); their kinds and labels, by name."""
    import torch
    from fixcheck_core import steps_per_epoch
    from harness import train

    torch.set_num_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    meta_path = OUT / "meta.json"
    meta: dict[str, dict[str, Any]] = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    for c in cases:
        if c.name in meta and (OUT / f"{c.name}.csv").exists():
            continue
        s = c.setup()
        per_epoch = steps_per_epoch(s)
        steps = s.steps if s.steps >= 4 * per_epoch else 8 * per_epoch
        if steps > MAX_STEPS or s.accum != 1:
            continue
        start = time.perf_counter()
        train(replace(s, log_per_epoch=True, out=OUT, steps=steps, eval_every=0, early_stop_step=None))
        print(f"trained {c.name} ({c.half}, {c.kind}): {steps} steps, {time.perf_counter() - start:.1f} s", flush=True)
        meta[c.name] = {"half": c.half, "kind": c.kind, "must": list(c.must_fire), "steps": steps,
                        "steps_per_epoch": per_epoch}  # fmt: skip
        tmp = meta_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(meta, indent=1, sort_keys=True))
        tmp.replace(meta_path)
    return meta


def first_over_second(path: Path) -> float:
    """The first epoch's mean training loss over the second's (NaN where either is not finite)."""
    loss = pd.read_csv(path)["loss"].to_numpy(float)
    return float(loss[0] / loss[1]) if loss.size > 1 and np.isfinite(loss[:2]).all() and loss[1] > 0 else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draw", type=int, metavar="HALVES", help="draw anew from this many tuning halves into the list")
    args = parser.parse_args(argv)
    if args.draw:
        header = [line for line in LISTED.read_text().splitlines() if line.startswith("#")] if LISTED.exists() else []
        LISTED.write_text("\n".join(header + draw(args.draw)) + "\n")
    cases = listed()
    meta = train_missing(cases)
    import lrdoctor

    warnings.simplefilter("ignore")
    wanted = {c.name for c in cases}
    tally: dict[str, list[int]] = {}
    ratios: dict[str, list[float]] = {}
    for name, m in sorted(meta.items(), key=lambda kv: (kv[1]["kind"], kv[0])):
        if name not in wanted:
            continue
        report = lrdoctor.analyze(OUT / f"{name}.csv")
        fired = {f.rule: f.severity for f in report.findings}
        kind = m["kind"]
        if kind == "healthy":
            bad = sorted(r for r, sev in fired.items() if sev in ("warning", "error"))
            ok, verdict = not bad, ("warned: " + ", ".join(bad)) if bad else "silent"
        else:
            ok = all(r in fired for r in m["must"])
            verdict = ("found" if ok else "missed") + f" ({', '.join(m['must'])})"
        tally.setdefault(kind, [0, 0])[0] += ok
        tally[kind][1] += 1
        ratio = first_over_second(OUT / f"{name}.csv")
        ratios.setdefault(kind, []).append(ratio)
        print(f"{kind:16} {name:50} first/second epoch {ratio:10.3g}  {verdict}")
    print()
    for kind, (ok, n) in tally.items():
        what = "silent" if kind == "healthy" else "found"
        finite = [r for r in ratios[kind] if np.isfinite(r)]
        spread = f"{min(finite):.3g} to {max(finite):.3g}" if finite else "-"
        print(f"{kind:16} {what} {ok} of {n}; the first epoch's mean over the second's {spread}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
