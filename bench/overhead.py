"""Overhead of the recorder on the training step (a benchmark, not a test).

The same model, data and seed are trained without the recorder, with its default settings, and with
everything on every step (per-layer stats and update ratios each step); blocks of steps are interleaved
so that machine noise hits every configuration alike. Prints the median step-time ratio against the
run without the recorder (wall time, and on the CPU also the process CPU time, which other processes
on a shared machine disturb much less), and the extra peak memory (a fresh process per configuration).

    python bench/overhead.py                 # CPU: MLP ~5M params, transformer ~10M params
    python bench/overhead.py --device cuda   # also checks that no step synchronises with the GPU
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lrdoctor.record import Recorder  # noqa: E402

CONFIGS: dict[str, dict[str, Any] | None] = {
    "off": None,
    "default": {},
    "everything": {"stats_every": 1, "ratio_every": 1, "layers_every": 1},
}
Batch = tuple[torch.Tensor, torch.Tensor]


class TinyLM(nn.Module):
    """A small pre-norm transformer language model (~10M parameters)."""

    def __init__(self, vocab: int = 8000, dim: int = 256, layers: int = 8, context: int = 64) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.pos = nn.Parameter(torch.zeros(context, dim))
        layer = nn.TransformerEncoderLayer(dim, 4, 4 * dim, dropout=0.0, batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.head = nn.Linear(dim, vocab)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        mask = nn.Transformer.generate_square_subsequent_mask(tokens.shape[1], device=tokens.device)
        return self.head(self.blocks(self.embed(tokens) + self.pos[: tokens.shape[1]], mask=mask, is_causal=True))


def mlp_setup(device: str) -> tuple[nn.Module, Callable[[int], Batch], Callable[[nn.Module, Batch], torch.Tensor]]:
    """An MLP of ~4.7M parameters on 784-dim inputs, batch 128, cross-entropy."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 2048), nn.ReLU(), nn.Linear(2048, 1536), nn.ReLU(), nn.Linear(1536, 10))
    g = torch.Generator().manual_seed(1)
    xs, ys = torch.randn(16, 128, 784, generator=g), torch.randint(0, 10, (16, 128), generator=g)

    def batch(i: int) -> Batch:
        return xs[i % 16].to(device), ys[i % 16].to(device)

    def loss(m: nn.Module, b: Batch) -> torch.Tensor:
        return nn.functional.cross_entropy(m(b[0]), b[1])

    return model.to(device), batch, loss


def lm_setup(device: str) -> tuple[nn.Module, Callable[[int], Batch], Callable[[nn.Module, Batch], torch.Tensor]]:
    """A ~10M-parameter transformer LM, batch 16 x 64 tokens."""
    torch.manual_seed(0)
    model = TinyLM()
    g = torch.Generator().manual_seed(1)
    tokens = torch.randint(0, 8000, (16, 16, 65), generator=g)

    def batch(i: int) -> Batch:
        t = tokens[i % 16].to(device)
        return t[:, :-1], t[:, 1:]

    def loss(m: nn.Module, b: Batch) -> torch.Tensor:
        return nn.functional.cross_entropy(m(b[0]).flatten(0, 1), b[1].flatten())

    return model.to(device), batch, loss


SETUPS = {"mlp": mlp_setup, "transformer": lm_setup}


def sync(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


class Run:
    """One configuration: its own model copy (same seed), optimizer and recorder (None: off).

    The recorders of the other configurations stay attached; their global optimizer hooks cost each
    foreign step an identity check (about a microsecond), which the baseline pays too."""

    def __init__(self, setup: str, config: dict[str, Any] | None, device: str, folder: Path) -> None:
        self.model, self.batch, self.loss_fn = SETUPS[setup](device)
        self.opt = torch.optim.AdamW(self.model.parameters(), lr=1e-4)
        self.device = device
        self.steps = 0
        self.times: list[float] = []
        self.cpu_times: list[float] = []
        self.rec = None if config is None else Recorder(self.model, self.opt, folder / f"{setup}.csv", on_problem="ignore", **config)

    def block(self, n: int, timed: bool = True) -> None:
        rec = self.rec
        for _ in range(n):
            sync(self.device)
            start, cpu_start = time.perf_counter(), time.process_time()
            loss = self.loss_fn(self.model, self.batch(self.steps))
            self.opt.zero_grad(set_to_none=True)
            loss.backward()
            self.opt.step()
            if rec is not None:
                rec.log(loss=loss)
            sync(self.device)
            if timed:
                self.times.append(time.perf_counter() - start)
                self.cpu_times.append(time.process_time() - cpu_start)
            self.steps += 1

    def close(self) -> None:
        if self.rec is not None:
            self.rec.close()


def measure(setup: str, device: str, reps: int, steps: int) -> dict[str, tuple[float, float]]:
    """Median step time per configuration, blocks interleaved (order rotated each repetition)."""
    with tempfile.TemporaryDirectory() as tmp:
        runs = {name: Run(setup, cfg, device, Path(tmp) / name) for name, cfg in CONFIGS.items()}
        for run in runs.values():
            run.block(3, timed=False)  # warm-up
        names = list(runs)
        for rep in range(reps):
            for name in names[rep % len(names) :] + names[: rep % len(names)]:
                runs[name].block(steps)
        for run in runs.values():
            run.close()
        return {name: (statistics.median(run.times), statistics.median(run.cpu_times)) for name, run in runs.items()}


def peak_memory_mb(setup: str, config: str, device: str, steps: int) -> float:
    """Peak memory of a fresh process training ``steps`` steps (CPU: max RSS; CUDA: max allocated)."""
    command = [sys.executable, __file__, "--child", setup, config, device, str(steps)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return float(json.loads(out.strip().splitlines()[-1])["peak_mb"])


def child(setup: str, config: str, device: str, steps: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run = Run(setup, CONFIGS[config], device, Path(tmp))
        run.block(steps, timed=False)
        run.close()
    if device == "cuda":
        peak = torch.cuda.max_memory_allocated() / 2**20
    else:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peak_mb": peak}))


def check_no_sync(setup: str) -> str:
    """Run recorded steps on CUDA with sync debugging set to error (no flush inside the window)."""
    everything = {"stats_every": 1, "ratio_every": 1, "layers_every": 1, "flush_every": 10_000, "flush_secs": 1e9}
    with tempfile.TemporaryDirectory() as tmp:
        run = Run(setup, everything, "cuda", Path(tmp))
        rec = run.rec
        assert rec is not None
        run.block(2, timed=False)
        torch.cuda.synchronize()
        torch.cuda.set_sync_debug_mode("error")
        try:
            for i in range(20):
                b = run.batch(i)
                loss = run.loss_fn(run.model, b)
                run.opt.zero_grad(set_to_none=True)
                loss.backward()
                run.opt.step()
                rec.log(loss=loss)
            verdict = "no host-device synchronisation in 20 recorded steps"
        except RuntimeError as e:
            verdict = f"SYNCHRONISES: {e}"
        finally:
            torch.cuda.set_sync_debug_mode(0)
        rec.close()
    return verdict


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--reps", type=int, default=40, help="interleaved repetitions")
    parser.add_argument("--steps", type=int, default=1, help="steps per block")
    parser.add_argument("--models", nargs="+", default=list(SETUPS), choices=list(SETUPS))
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory processes")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(f"torch {torch.__version__}, device {args.device}, threads {torch.get_num_threads()}, "
          f"{args.reps} reps x {args.steps} steps per configuration")
    for setup in args.models:
        model, _, _ = SETUPS[setup](args.device)
        params = sum(p.numel() for p in model.parameters())
        times = measure(setup, args.device, args.reps, args.steps)
        for kind, k in (("wall", 0), ("cpu", 1)) if args.device == "cpu" else (("wall", 0),):
            base = times["off"][k]
            line = f"{setup:12s} {params / 1e6:5.1f}M params  {kind:4s} step {base * 1e3:7.2f} ms"
            for name in ("default", "everything"):
                ratio = times[name][k] / base
                line += f"  {name}: x{ratio:.3f} ({(ratio - 1) * 100:+.1f}%)"
            print(line)
        if not args.no_memory:
            mem = {name: peak_memory_mb(setup, name, args.device, 12) for name in CONFIGS}
            print(f"{'':12s} peak memory {mem['off']:.0f} MB; extra: default {mem['default'] - mem['off']:+.1f} MB, "
                  f"everything {mem['everything'] - mem['off']:+.1f} MB")
        if args.device == "cuda":
            print(f"{'':12s} {check_no_sync(setup)}")


if __name__ == "__main__":
    main()
