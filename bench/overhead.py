"""Overhead of the recorder on the training step (a benchmark, not a test).

The same model, data and seed are trained twice without the recorder (an A/A pair: the ratio of the
two is the noise floor of the measurement), with its default settings (the time budget,
``overhead_budget=0.005``: the norms every 1..16 steps), with the norms on every step (the default
before the budget, ``overhead_budget=None``), with everything on every step (per-layer stats and
update ratios each step, the weight norm every 10th: ``EVERYTHING``) and with the weight norm on every
step too (``+weights``); blocks of steps are interleaved so that machine noise
hits every configuration alike. Each configuration first runs ``--warmup`` steps untimed, alone: the
budget takes the norms on every one of the first 50 steps and chooses its cadence after them (the
cadence it ran at is printed). Prints the median step-time ratio against the
first run without the recorder (wall time, and on the CPU also the process CPU time, which other
processes on a shared machine disturb much less), with 1 and 2 threads, and the recorder's memory:
the bytes of the tensors it holds at its peak (``Recorder.buffer_bytes``: the rows not yet written
and the parameter copy of an update-ratio step), which a process's RSS cannot resolve. On the CPU it
also prints the median time per step spent in the recorder's own code (its methods timed directly):
that share resolves fractions of a percent where the A/A floor of a shared machine does not. Its median
is the cost of a typical step; its mean also counts the work done every Nth step (weight norms, update
ratios, per-layer norms, writing rows), which the median step never shows.

    python bench/overhead.py                 # CPU: MLP ~4.8M params, transformer ~6.3M params
    python bench/overhead.py --device cuda   # also checks that no step synchronises with the GPU
"""

from __future__ import annotations

import argparse
import os
import statistics
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lrdoctor.record import Recorder, stats  # noqa: E402
from lrdoctor.record.recorder import EARLY_FLUSH_STEPS  # noqa: E402

EVERYTHING = {"stats_every": 1, "ratio_every": 1, "layers_every": 1}
"""Every measurement on every step (the gradient norm, per-layer norms, update ratios), the weight norm at its
default cadence (every 10th step: it changes slowly, and an update ratio needs none of its own)."""
WEIGHTS_TOO = {**EVERYTHING, "weight_every": 1}
"""And the weight norm on every step as well: a second full read of the model each step."""
INSIDE = ("_measure", "_row", "_fill_stats", "_maybe_flush", "log")
"""The recorder's methods that do its work around a step (its hooks call them by name): the time spent
in them is its own cost, measured directly (on the CPU; with CUDA kernels are only launched there)."""
NORMS: dict[str, Any] = {"run": None}
"""The run whose step is going on: the time in ``stats.tensor_norms`` (every norm the recorder takes, a
memory-bound read of the tensors) is added to its ``norms``, to split its own time into norms and the rest."""
CONFIGS: dict[str, dict[str, Any] | None] = {
    "off": None, "A/A": None, "default": {}, "every step": {"overhead_budget": None}, "everything": EVERYTHING,
    "+weights": WEIGHTS_TOO,
}
SHOWN = ("A/A", "default", "every step", "everything", "+weights")
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
    xs, ys = torch.randn(16, 128, 784, generator=g).to(device), torch.randint(0, 10, (16, 128), generator=g).to(device)

    def batch(i: int) -> Batch:
        return xs[i % 16], ys[i % 16]

    def loss(m: nn.Module, b: Batch) -> torch.Tensor:
        return nn.functional.cross_entropy(m(b[0]), b[1])

    return model.to(device), batch, loss


def lm_setup(device: str) -> tuple[nn.Module, Callable[[int], Batch], Callable[[nn.Module, Batch], torch.Tensor]]:
    """A ~10M-parameter transformer LM, batch 16 x 64 tokens."""
    torch.manual_seed(0)
    model = TinyLM()
    g = torch.Generator().manual_seed(1)
    tokens = torch.randint(0, 8000, (16, 16, 65), generator=g).to(device)  # on the GPU already: no copy in a step

    def batch(i: int) -> Batch:
        t = tokens[i % 16]
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
        self.buffer_peak = 0
        self.rec = None if config is None else Recorder(self.model, self.opt, folder / f"{setup}.csv", **config)  # live checks on
        self.inside = 0.0  # seconds spent in the recorder's own code during the current step
        self.inside_times: list[float] = []
        self.norms = 0.0  # of which in stats.tensor_norms
        self.norms_times: list[float] = []
        self.depth = 0
        if self.rec is not None:
            for name in INSIDE:
                setattr(self.rec, name, self._timed(getattr(self.rec, name)))

    def _timed(self, method: Callable[..., Any]) -> Callable[..., Any]:
        """``method``, adding its time to ``inside`` unless called from another timed method."""

        def timed(*args: Any, **kwargs: Any) -> Any:
            if self.depth:
                return method(*args, **kwargs)
            self.depth += 1
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.inside += time.perf_counter() - start
                self.depth -= 1

        return timed

    def block(self, n: int, timed: bool = True) -> None:
        rec = self.rec
        NORMS["run"] = self
        for _ in range(n):
            sync(self.device)
            start, cpu_start = time.perf_counter(), time.process_time()
            loss = self.loss_fn(self.model, self.batch(self.steps))
            self.opt.zero_grad(set_to_none=True)
            loss.backward()
            self.opt.step()
            if rec is not None:
                rec.log(loss=loss)  # timed too: INSIDE names it
            sync(self.device)
            if timed:  # before buffer_bytes(): the bench's own bookkeeping is no part of the step
                self.times.append(time.perf_counter() - start)
                self.cpu_times.append(time.process_time() - cpu_start)
            if rec is not None and timed:
                self.buffer_peak = max(self.buffer_peak, rec.buffer_bytes())
                self.inside_times.append(self.inside)
                self.norms_times.append(self.norms)
            self.inside = self.norms = 0.0
            self.steps += 1

    def close(self) -> None:
        if self.rec is not None:
            self.rec.close()


def time_norms() -> None:
    """Wrap ``stats.tensor_norms`` to add its time to the current run's ``norms``."""
    norms = stats.tensor_norms

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return norms(*args, **kwargs)
        finally:
            if NORMS["run"] is not None:
                NORMS["run"].norms += time.perf_counter() - start

    stats.tensor_norms = timed


def cadence(run: Run) -> str:
    """The cadence the budget of a run chose: ``every N`` now, and its changes ``step:N``."""
    budget = None if run.rec is None else run.rec._budget
    if budget is None:
        return "every step"
    return f"every {budget.every} ({' '.join(f'{s}:{e}' for s, e in budget.changes) or 'no change'})"


def measure(setup: str, device: str, reps: int, steps: int, warmup: int) -> tuple[dict[str, tuple[float, ...]], str]:
    """Median step time per configuration, blocks interleaved (order rotated each repetition); and the
    cadence the default configuration's budget chose."""
    with tempfile.TemporaryDirectory() as tmp:
        runs = {name: Run(setup, cfg, device, Path(tmp) / name) for name, cfg in CONFIGS.items()}
        for run in runs.values():
            run.block(warmup, timed=False)  # alone: the budget's step interval is this run's
        names = list(runs)
        for rep in range(reps):
            for name in names[rep % len(names) :] + names[: rep % len(names)]:
                runs[name].block(steps)
        chosen = cadence(runs["default"])
        for run in runs.values():
            run.close()
        return chosen, {name: (statistics.median(run.times), statistics.median(run.cpu_times), run.buffer_peak,
                       statistics.median(run.inside_times) if run.inside_times else 0.0,
                       statistics.mean(run.inside_times) if run.inside_times else 0.0,
                       statistics.median(run.norms_times) if run.norms_times else 0.0,
                       statistics.median([a - b for a, b in zip(run.inside_times, run.norms_times)]) if run.inside_times else 0.0,
                       statistics.mean(run.norms_times) if run.norms_times else 0.0)
                for name, run in runs.items()}


def check_no_sync(setup: str, config: dict[str, Any], steps: int = 40) -> str:
    """Run recorded steps on CUDA with sync debugging set to error: past the first early write of rows
    (``EARLY_FLUSH_STEPS``), with the batches already on the GPU (a copy from pageable host memory
    synchronises by itself) and no write of rows inside the window (a write moves rows to the host:
    once every ``flush_every`` rows, by design). On a sync, where it was called from."""
    quiet = {**config, "flush_every": 10_000, "flush_secs": 1e9}
    with tempfile.TemporaryDirectory() as tmp:
        run = Run(setup, quiet, "cuda", Path(tmp))
        rec = run.rec
        assert rec is not None
        run.block(EARLY_FLUSH_STEPS + 3, timed=False)
        batches = [run.batch(i) for i in range(16)]
        torch.cuda.synchronize()
        torch.cuda.set_sync_debug_mode("error")
        try:
            for i in range(steps):
                loss = run.loss_fn(run.model, batches[i % 16])
                run.opt.zero_grad(set_to_none=True)
                loss.backward()
                run.opt.step()
                rec.log(loss=loss)
            verdict = f"no host-device synchronisation in {steps} recorded steps"
        except RuntimeError as e:
            frames = [f for f in traceback.extract_tb(e.__traceback__) if "lrdoctor" in f.filename or "bench" in f.filename]
            where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames[-4:]))
            verdict = f"SYNCHRONISES at step {i + 1} of {steps}: {e} ({where})"
        finally:
            torch.cuda.set_sync_debug_mode(0)
        rec.close()
    return verdict


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--reps", type=int, default=40, help="interleaved repetitions")
    parser.add_argument("--steps", type=int, default=10, help="steps per block")
    parser.add_argument("--warmup", type=int, default=60, help="untimed steps of each configuration first")
    parser.add_argument("--models", nargs="+", default=list(SETUPS), choices=list(SETUPS))
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="torch threads (CPU)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    time_norms()
    print(f"torch {torch.__version__}, device {args.device}, {args.reps} reps x {args.steps} steps per configuration; "
          f"{load()}", flush=True)
    for setup in args.models:
        model, _, _ = SETUPS[setup](args.device)
        params = sum(p.numel() for p in model.parameters())
        for threads in args.threads if args.device == "cpu" else [torch.get_num_threads()]:
            torch.set_num_threads(threads)
            chosen, times = measure(setup, args.device, args.reps, args.steps, args.warmup)
            for kind, k in (("wall", 0), ("cpu", 1)) if args.device == "cpu" else (("wall", 0),):
                base = times["off"][k]
                line = f"{setup:11s} {params / 1e6:4.1f}M {threads} thr {kind:4s} step {base * 1e3:7.2f} ms"
                for name in SHOWN:
                    ratio = times[name][k] / base
                    line += f"  {name}: {(ratio - 1) * 100:+5.1f}%"
                print(line, flush=True)
            base = times["off"][0]
            print(f"{'':11s} {'':4s} {threads} thr default cadence: {chosen}", flush=True)
            for kind, k in (("median", 3), ("mean", 4)):
                line = f"{'':11s} {'':4s} {threads} thr in the recorder's own code, {kind:6s}:"
                for name in SHOWN[1:]:
                    line += f" {name} {times[name][k] * 1e3:.2f} ms ({times[name][k] / base * 100:.2f}%)"
                print(line, flush=True)
            line = f"{'':11s} {'':4s} {threads} thr of which norms (stats.tensor_norms), mean / median, and the rest, median:"
            for name in SHOWN[1:]:
                line += f" {name} {times[name][7] * 1e3:.2f} / {times[name][5] * 1e3:.2f} / {times[name][6] * 1e3:.2f} ms"
            print(line, flush=True)
        print(f"{'':11s} recorder buffers at their peak: default {times['default'][2] / 2**20:.2f} MB, "
              f"everything {times['everything'][2] / 2**20:.2f} MB", flush=True)
        if args.device == "cuda":
            for name in ("default", "everything"):
                print(f"{'':12s} {name}: {check_no_sync(setup, CONFIGS[name] or {})}", flush=True)


if __name__ == "__main__":
    main()
