"""The recorder on a GPU: what it logs there is what it logs on the CPU (a check, not a test: CI has no GPU).

Each check trains a small model for a few dozen steps with the recorder on (every statistic on every
step) and compares what it logged with a reference:

- ``parity``: the same seeded run in float32 on the CPU and on the GPU (TF32 off): every logged column
  (loss, lr, gradient and weight norms, per-layer norms, update ratios, the optimizer's step) agrees.
- ``fp16-scaler``: autocast to float16 with a ``GradScaler`` whose first scale overflows, so that its first
  steps are skipped: a row for every step, ``opt_step`` counts only the steps taken, and the gradient
  norm is the unscaled one (that of the float32 run, not 2**k times it).
- ``bf16-params``: a model in bfloat16: finite norms, the weight norm that of float32 within 1%.
- ``bf16-autocast``: float32 weights under bfloat16 autocast: the loss follows the float32 run's.
- ``split``: a model with one layer on the CPU and the rest on the GPU: the norms those of the run all on
  the GPU.
- ``lightning`` and ``hf``: the Lightning and Hugging Face callbacks on the GPU in mixed precision.
- ``find-lr`` and ``sanity``: the range test and the sanity checks on a GPU model (weights restored).
- ``analyze``: every log above read back by ``lrdoctor analyze`` (exit 0 or 1, JSON parsed).

    python bench/cuda_check.py             # on the GPU; exit 1 when a check fails
    python bench/cuda_check.py --device cpu  # the same code on the CPU (a smoke run of this script)
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lrdoctor.record import Recorder  # noqa: E402

EVERYTHING: dict[str, Any] = {"overhead_budget": None, "stats_every": 1, "ratio_every": 1, "layers_every": 1,
                              "weight_every": 1, "strict": True}  # fmt: skip
STEPS = 40
PARITY_RTOL = 2e-3
"""float32 on two devices: sums in another order, over 40 steps of Adam."""
LOGS: list[Path] = []


def read(path: Path) -> list[dict[str, float | str]]:
    import csv

    with path.open() as f:
        rows = list(csv.DictReader(f))

    def cell(v: str) -> float | str:
        try:
            return float(v) if v != "" else math.nan
        except ValueError:
            return v

    return [{k: cell(v) for k, v in r.items()} for r in rows]


def numeric(rows: list[dict[str, Any]], name: str) -> list[float]:
    return [r[name] if isinstance(r[name], float) else math.nan for r in rows]


def data(device: str, n: int = 16) -> list[tuple[torch.Tensor, torch.Tensor]]:
    g = torch.Generator().manual_seed(1)
    xs = torch.randn(n, 64, 32, generator=g)
    ys = (xs @ torch.randn(32, 10, generator=g)).argmax(-1)  # a rule the model can learn
    return [(xs[i].to(device), ys[i].to(device)) for i in range(n)]


def mlp() -> nn.Sequential:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(32, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 10))


def train(model: nn.Module, path: Path, device: str, *, steps: int = STEPS, lr: float = 1e-3,
          step: Callable[..., Any] | None = None, **options: Any) -> Path:  # fmt: skip
    """``steps`` of AdamW on the fixed batches, recorded with ``options``; returns the log."""
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    batches = data(device)
    with Recorder(model, opt, path, num_classes=10, **(EVERYTHING | options)) as rec:
        for i in range(steps):
            x, y = batches[i % len(batches)]
            if step is None:
                loss = nn.functional.cross_entropy(model(x), y)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
            else:
                loss = step(model, opt, x, y)
            rec.log(loss=loss)
    LOGS.append(path)
    return path


def worst(a: list[float], b: list[float]) -> float:
    """The largest relative difference of two columns where both are finite (NaN where they differ in finiteness)."""
    out = 0.0
    for x, y in zip(a, b, strict=True):
        if math.isfinite(x) != math.isfinite(y):
            return math.nan
        if math.isfinite(x):
            out = max(out, abs(x - y) / max(abs(x), abs(y), 1e-12))
    return out


def compare(ref: Path, other: Path, rtol: float) -> tuple[bool, str]:
    a, b = read(ref), read(other)
    if len(a) != len(b):
        return False, f"{len(a)} rows against {len(b)}"
    columns = [c for c in a[0] if c in b[0] and c != "event" and isinstance(a[0][c], float)]
    diffs = {c: worst(numeric(a, c), numeric(b, c)) for c in columns}
    bad = {c: d for c, d in diffs.items() if not d <= rtol}
    top = max(diffs, key=lambda c: diffs[c] if math.isfinite(diffs[c]) else math.inf)
    return not bad, f"{len(columns)} columns x {len(a)} rows, worst {top} {diffs[top]:.1e}" + (f"; over {rtol:g}: {bad}" if bad else "")


def check_parity(device: str, tmp: Path) -> tuple[bool, str]:
    cpu = train(mlp(), tmp / "parity-cpu.csv", "cpu")
    gpu = train(mlp().to(device), tmp / "parity-gpu.csv", device)
    return compare(cpu, gpu, PARITY_RTOL)


def check_fp16_scaler(device: str, tmp: Path) -> tuple[bool, str]:
    if device != "cuda":
        return True, "skipped on the CPU"
    scaler = torch.amp.GradScaler("cuda", init_scale=2.0**40)

    def step(model: nn.Module, opt: torch.optim.Optimizer, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        with torch.autocast("cuda", dtype=torch.float16):
            loss = nn.functional.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
        return loss

    rows = read(train(mlp().to(device), tmp / "fp16.csv", device, step=step))
    ref = read(train(mlp().to(device), tmp / "fp16-ref.csv", device))
    taken = [r for r in rows if isinstance(r["grad_norm"], float) and math.isfinite(r["grad_norm"])]
    skipped = len(rows) - len(taken)
    opt_steps = [v for v in numeric(rows, "opt_step") if math.isfinite(v)]
    ratio = taken[0]["grad_norm"] / ref[0]["grad_norm"] if taken else math.nan
    ok = (len(rows) == STEPS and 0 < skipped < STEPS and opt_steps == list(range(1, len(taken) + 1))
          and all(math.isfinite(v) for v in numeric(rows, "loss")) and 0.5 < ratio < 2)  # fmt: skip
    return ok, (f"{len(rows)} rows, {skipped} skipped by the scaler, opt_step counts the {len(taken)} taken, the first "
                f"taken step's grad norm {ratio:.2f}x float32's first")


def check_bf16_params(device: str, tmp: Path) -> tuple[bool, str]:
    rows = read(train(mlp().to(device, torch.bfloat16), tmp / "bf16.csv", device, step=bf16_step))
    ref = read(train(mlp().to(device), tmp / "bf16-ref.csv", device))
    finite = all(math.isfinite(v) and v > 0 for c in ("grad_norm", "weight_norm") for v in numeric(rows, c))
    w = abs(rows[0]["weight_norm"] / ref[0]["weight_norm"] - 1)
    return finite and w < 0.01, f"norms finite and positive: {finite}; step 1 weight norm off float32's by {w:.1e}"


def bf16_step(model: nn.Module, opt: torch.optim.Optimizer, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    loss = nn.functional.cross_entropy(model(x.to(torch.bfloat16)).float(), y)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return loss


def check_bf16_autocast(device: str, tmp: Path) -> tuple[bool, str]:
    def step(model: nn.Module, opt: torch.optim.Optimizer, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        with torch.autocast(device, dtype=torch.bfloat16):
            loss = nn.functional.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    rows = read(train(mlp().to(device), tmp / "autocast.csv", device, step=step))
    ref = read(train(mlp().to(device), tmp / "autocast-ref.csv", device))
    loss = worst(numeric(rows, "loss"), numeric(ref, "loss"))
    return loss < 0.05, f"loss within {loss:.1e} of float32's at every step"


def check_split(device: str, tmp: Path) -> tuple[bool, str]:
    if device != "cuda":
        return True, "skipped on the CPU"
    class Split(nn.Module):
        """The first layer on the CPU, the rest on the GPU."""

        def __init__(self) -> None:
            super().__init__()
            net = mlp()
            self.first, self.rest = net[0], net[1:].to(device)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.rest(self.first(x.cpu()).to(device))

    split = train(Split(), tmp / "split.csv", device)
    ref = train(mlp().to(device), tmp / "split-ref.csv", device)
    return compare(ref, split, PARITY_RTOL)


def check_lightning(device: str, tmp: Path) -> tuple[bool, str]:
    import lightning.pytorch as pl

    from lrdoctor.record.lightning import RecordCallback

    class Module(pl.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.net = mlp()

        def training_step(self, batch: Any, _: int) -> torch.Tensor:
            return nn.functional.cross_entropy(self.net(batch[0]), batch[1])

        def validation_step(self, batch: Any, _: int) -> None:
            self.log("val_loss", nn.functional.cross_entropy(self.net(batch[0]), batch[1]))

        def configure_optimizers(self) -> Any:
            opt = torch.optim.AdamW(self.parameters(), lr=1e-3)
            return {"optimizer": opt, "lr_scheduler": torch.optim.lr_scheduler.CosineAnnealingLR(opt, 32)}

    xs, ys = (torch.cat(t) for t in zip(*data("cpu")))
    train_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(xs, ys), batch_size=64)
    val_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(xs[:256], ys[:256]), batch_size=64)
    trainer = pl.Trainer(max_epochs=2, callbacks=[RecordCallback(tmp / "lightning.csv", **EVERYTHING)], logger=False,
                         enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False,
                         num_sanity_val_steps=0, accelerator="gpu" if device == "cuda" else "cpu", devices=1,
                         precision="16-mixed" if device == "cuda" else "32-true")  # fmt: skip
    trainer.fit(Module(), train_loader, val_loader)
    LOGS.append(tmp / "lightning.csv")
    rows = read(tmp / "lightning.csv")
    vals = [v for v in numeric(rows, "val_loss") if math.isfinite(v)]
    finite = all(math.isfinite(v) for v in numeric(rows, "loss"))
    ok = len(rows) == 32 and finite and len(vals) == 2 and sum(1 for v in numeric(rows, "grad_norm") if v > 0) >= 16
    return ok, f"{len(rows)} rows, losses finite: {finite}, {len(vals)} evaluations, lr ends at {rows[-1]['lr']:.2g}"


def check_hf(device: str, tmp: Path) -> tuple[bool, str]:
    import transformers

    from lrdoctor.record.hf import RecordCallback

    class Classifier(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = mlp()

        def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
            logits = self.net(x)
            return {"loss": nn.functional.cross_entropy(logits, labels), "logits": logits}

    xs, ys = data("cpu")[0]
    items = [{"x": x, "labels": y} for x, y in zip(xs, ys)]
    args = transformers.TrainingArguments(
        output_dir=str(tmp / "hf-out"), per_device_train_batch_size=8, num_train_epochs=4, learning_rate=1e-3,
        eval_strategy="epoch", save_strategy="no", logging_steps=1, report_to=[], use_cpu=device != "cuda",
        bf16=device == "cuda", remove_unused_columns=False, disable_tqdm=True, dataloader_num_workers=0,
    )
    trainer = transformers.Trainer(model=Classifier(), args=args, train_dataset=items, eval_dataset=items[:16],
                                   callbacks=[RecordCallback(tmp / "hf.csv", **EVERYTHING)])  # fmt: skip
    trainer.train()
    LOGS.append(tmp / "hf.csv")
    rows = read(tmp / "hf.csv")
    on = next(trainer.model.parameters()).device.type
    vals = [v for v in numeric(rows, "val_loss") if math.isfinite(v)]
    ok = len(rows) == 32 and len(vals) == 4 and all(v > 0 for v in numeric(rows, "grad_norm")) and on == device
    return ok, f"model on {on}, {len(rows)} rows, {len(vals)} evaluations, grad norms all positive: {ok}"


def check_find_lr(device: str, tmp: Path) -> tuple[bool, str]:
    from lrdoctor.guards import find_lr

    model = mlp().to(device)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    result = find_lr(model, opt, data(device), nn.functional.cross_entropy, num_steps=100, progress=False,
                     log_path=tmp / "find-lr.csv")  # fmt: skip
    LOGS.append(tmp / "find-lr.csv")
    restored = all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    lr = result.suggestion.suggested_lr
    return restored and math.isfinite(lr) and lr > 0, f"suggested lr {lr:.3g}, weights restored: {restored}"


def check_sanity(device: str, tmp: Path) -> tuple[bool, str]:
    from lrdoctor.guards.sanity import run_sanity
    from lrdoctor.guards.setup import Setup

    x, y = data(device)[0]
    setup = Setup(model=mlp().to(device), make_optimizer=lambda m: torch.optim.AdamW(m.parameters(), lr=1e-3),
                  batch=(x, y), loss_fn=nn.functional.cross_entropy, num_classes=10)  # fmt: skip
    results = list(run_sanity(setup, time_limit=120))
    bad = [f"{r.name}: {r.status}" for r in results if r.status != "pass"]
    return not bad, f"{len(results)} checks, " + ("all pass" if not bad else "; ".join(bad))


def check_analyze(_: str, tmp: Path) -> tuple[bool, str]:
    out = []
    for log in LOGS:
        if not log.exists():
            continue
        done = subprocess.run([sys.executable, "-m", "lrdoctor.cli", "analyze", str(log), "--format", "json"],
                              capture_output=True, text=True, cwd=ROOT)  # fmt: skip
        rules: list[str] = []
        if done.returncode in (0, 1):
            report = json.loads(done.stdout)
            runs = report if isinstance(report, list) else report.get("runs", [report])
            rules = sorted({f["rule"] for run in runs for f in run.get("findings", [])})
        out.append((log.name, done.returncode, rules, done.stderr.strip()[-200:]))
    bad = [o for o in out if o[1] not in (0, 1)]
    return not bad, "; ".join(f"{n}: exit {c} {','.join(r) or 'no finding'}" + (f" ({e})" if c not in (0, 1) else "")
                              for n, c, r, e in out)  # fmt: skip


CHECKS = {"parity": check_parity, "fp16-scaler": check_fp16_scaler, "bf16-params": check_bf16_params,
          "bf16-autocast": check_bf16_autocast, "split": check_split, "lightning": check_lightning, "hf": check_hf,
          "find-lr": check_find_lr, "sanity": check_sanity, "analyze": check_analyze}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    parser.add_argument("--keep", type=Path, help="copy the logs to this folder")
    args = parser.parse_args()
    if args.device == "cuda" and not torch.cuda.is_available():
        print("no CUDA device", file=sys.stderr)
        return 2
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    warnings.simplefilter("ignore")
    name = torch.cuda.get_device_name() if args.device == "cuda" else "cpu"
    print(f"torch {torch.__version__} on {name}", flush=True)
    failed = 0
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for check, run in CHECKS.items():
            start = time.perf_counter()
            try:
                ok, detail = run(args.device, tmp)
            except Exception:  # a check that breaks is a failed check: say where
                ok, detail = False, traceback.format_exc(limit=4).strip().replace("\n", " | ")
            failed += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {check:14s} {time.perf_counter() - start:5.1f} s  {detail}", flush=True)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for log in LOGS:
                for f in (log, log.with_suffix(".json")):
                    if f.exists():
                        (args.keep / f.name).write_bytes(f.read_bytes())
    print(f"{len(CHECKS) - failed} of {len(CHECKS)} checks pass", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
