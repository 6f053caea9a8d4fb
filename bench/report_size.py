"""How big and how fast is the HTML report of a 1,000,000-step run, and of a report over many runs?

    python bench/report_size.py [--steps 1000000] [--out bench/out/report_size]
    python bench/report_size.py --runs 200 --steps 2000     # an index page and a page per run

Writes a realistic long log (``big.csv`` + ``big.json``: 24 columns: loss with noise, a warmup-cosine
schedule over two param groups, spiky gradient norms, update ratios, an optimizer counter, sparse
evaluation rows and per-layer statistics logged every 10 steps), then times
``lrdoctor analyze big.csv --html out.html`` end to end and, in process, reading + analysis and the
HTML rendering alone. Prints the report's size and the times. The issue asks for < 3 MB and a few
seconds for the report.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

LAYERS = ("embed.weight", "blocks.0.attn.weight", "blocks.0.mlp.weight", "blocks.1.attn.weight",
          "blocks.1.mlp.weight", "head.weight")


def make_log(steps: int, seed: int = 0) -> pd.DataFrame:
    """A long Adam run: warmup then cosine decay, a falling noisy loss with a few spikes."""
    rng = np.random.default_rng(seed)
    step = np.arange(steps)
    warm = steps // 100
    peak = 3e-4
    lr = np.where(step < warm, peak * (step + 1) / warm,
                  peak * 0.5 * (1 + np.cos(np.pi * (step - warm) / (steps - warm))))
    progress = step / steps
    level = 1.6 + 8.8 * np.exp(-progress * 12) + 0.6 * np.exp(-progress * 2)
    loss = level * np.exp(rng.normal(0.0, 0.04, steps))
    spikes = rng.choice(steps, 12, replace=False)
    loss[spikes] *= rng.uniform(1.5, 4.0, spikes.size)
    grad_norm = (0.4 + 2.0 * np.exp(-progress * 8)) * np.exp(rng.normal(0.0, 0.25, steps))
    grad_norm[spikes] *= rng.uniform(5, 40, spikes.size)
    update_ratio = lr / peak * 1.2e-3 * np.exp(rng.normal(0.0, 0.2, steps))
    df = pd.DataFrame({
        "step": step,
        "epoch": step // 50_000,
        "loss": loss,
        "lr": lr,
        "lr/no_decay": lr,
        "grad_norm": grad_norm,
        "weight_norm": 180 + 40 * np.sqrt(progress) + rng.normal(0.0, 0.05, steps),
        "update_ratio": update_ratio,
        "opt_step": step + 1.0,
    })
    evals = step % 5_000 == 4_999
    df["val_loss"] = np.where(evals, level + 0.05 + 0.2 * progress ** 3, np.nan)
    df["val_acc"] = np.where(evals, 0.2 + 0.6 * (1 - np.exp(-progress * 6)), np.nan)
    df["train_acc"] = np.where(evals, 0.2 + 0.65 * (1 - np.exp(-progress * 6)), np.nan)
    per_layer = step % 10 == 0
    for k, name in enumerate(LAYERS):
        scale = 10 ** (0.4 * (k - 2.5))
        df[f"grad_norm/{name}"] = np.where(per_layer, grad_norm * scale / 3, np.nan)
        df[f"update_ratio/{name}"] = np.where(per_layer, update_ratio * scale * np.exp(rng.normal(0, 0.1, steps)), np.nan)
    return df


def write_run(folder: Path, steps: int) -> Path:
    """``big.csv`` and its sidecar ``big.json`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "big.csv"
    make_log(steps).to_csv(path, index=False, float_format="%.6g")
    meta = {"task": "language_model", "optimizer": "AdamW", "num_params": 124_000_000,
            "optimizer_params": {"lr": 3e-4, "betas": [0.9, 0.95], "weight_decay": 0.1},
            "scheduler": "linear warmup (1%) + cosine", "batch_size": 64, "loss_fn": "cross_entropy"}
    (folder / "big.json").write_text(json.dumps(meta), encoding="utf-8")
    return path


def many_runs(folder: Path, runs: int, steps: int) -> None:
    """An lr sweep of ``runs`` runs of ``steps`` steps, reported with --html: an index page and a page
    per run; prints the index's and the pages' sizes per 100 runs."""
    logs = folder / "runs"
    logs.mkdir(parents=True, exist_ok=True)
    for i in range(runs):
        df = make_log(steps, seed=i).drop(columns=[f"{kind}/{name}" for kind in ("grad_norm", "update_ratio") for name in LAYERS])
        df["lr"] = df["lr"] * (1 + i % 7)
        df.to_csv(logs / f"lr{i:04d}.csv", index=False, float_format="%.6g")
    index = folder / "index.html"
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "lrdoctor.cli", "analyze", str(logs), "--html", str(index), "--jobs", "2",
                           "--fail-on", "never", "-o", str(folder / "report.txt")], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"lrdoctor failed ({done.returncode}): {done.stderr.strip()}")
    pages = list((folder / "index_runs").glob("*.html"))
    per_run = sum(p.stat().st_size for p in pages) / max(len(pages), 1)
    print(f"{runs} runs of {steps:,} steps, --html in {time.perf_counter() - t0:.1f} s: index {index.stat().st_size / 1e6:.2f} MB "
          f"({index.stat().st_size / runs * 100 / 1e6:.2f} MB per 100 runs), {len(pages)} run pages of {per_run / 1e3:.0f} KB "
          f"on average ({per_run * 100 / 1e6:.1f} MB per 100 runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=0, help="instead: a report over this many runs (of --steps steps)")
    parser.add_argument("--out", type=Path, default=Path("bench/out/report_size"))
    args = parser.parse_args()
    if args.runs:
        many_runs(args.out, args.runs, args.steps)
        return
    t0 = time.perf_counter()
    log = write_run(args.out, args.steps)
    print(f"log: {log} ({log.stat().st_size / 1e6:.0f} MB, {args.steps:,} steps) written in {time.perf_counter() - t0:.1f} s")

    html_path = args.out / "out.html"
    t0 = time.perf_counter()
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-m", "lrdoctor.cli", "analyze", str(log), "--html", str(html_path),
                           "--fail-on", "never"], capture_output=True, text=True)
    total = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"lrdoctor failed ({done.returncode}): {done.stderr.strip()}")
    cpu = cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime
    print(f"lrdoctor analyze big.csv --html out.html: {total:.1f} s end to end ({cpu:.1f} s CPU)")

    from lrdoctor import analyze
    from lrdoctor.report.html import render_html

    t0, c0 = time.perf_counter(), time.process_time()
    report = analyze(log, curves=True)
    t1, c1 = time.perf_counter(), time.process_time()
    text = render_html([report])
    t2, c2 = time.perf_counter(), time.process_time()
    print(f"  in process: read + analyse {t1 - t0:.1f} s ({c1 - c0:.1f} s CPU), "
          f"render_html {t2 - t1:.1f} s ({c2 - c1:.1f} s CPU)")
    print(f"report: {html_path} {html_path.stat().st_size / 1e6:.2f} MB "
          f"({text.count('<img')} plots, {len(report.findings)} findings)")


if __name__ == "__main__":
    main()
