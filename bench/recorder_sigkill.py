"""SIGKILL a recorded training run at random moments after step 5: is every log readable, and how
many rows does a kill cost? (a benchmark; ``tests/record/test_sigkill.py`` runs it with 16 kills)

One process imports torch once, then forks a training child per kill; the child reports each step it
has logged through a pipe, the parent waits for step 5, sleeps a random time and kills it with
SIGKILL, then reads the log with lrdoctor's own reader. A kill may land anywhere: between steps,
inside ``optimizer.step()``, in the middle of a batch being written.

    python bench/recorder_sigkill.py                       # 16 kills, flush_every=50
    python bench/recorder_sigkill.py --kills 200 --flush-every 10 --json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import select
import signal
import struct
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# The bench trains on the CPU. With a GPU visible, torch's autograd engine starts a thread per device at the
# first backward (the warm-up's), and a child forked from a process with threads can deadlock before its
# first step (seen with a CUDA build of torch on an H200 machine): hide the GPUs before torch is imported.
os.environ["CUDA_VISIBLE_DEVICES"] = ""

import torch  # noqa: E402
from torch import nn  # noqa: E402

import lrdoctor  # noqa: E402
from lrdoctor.io import read_log  # noqa: E402

FIRST_STEP = 5


def train_forever(path: Path, report: int, flush_every: int) -> None:
    """The child: train a small MLP under the recorder until killed, writing each logged step to ``report``."""
    warnings.simplefilter("ignore")  # live-check warnings of a toy run are not the point here
    torch.manual_seed(os.getpid())
    model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 4))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    with lrdoctor.record(model, opt, path, flush_every=flush_every, flush_secs=1e9, layers_every=7, ratio_every=3) as rec:
        for step in range(1, 10**9):
            x, y = torch.randn(64, 32), torch.randint(0, 4, (64,))
            loss = nn.functional.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            rec.log(loss=loss, epoch=step // 100)
            if step % 13 == 0:
                rec.log(val_loss=loss.detach() * 1.1)
            os.write(report, struct.pack("<i", step))


def warm_up(folder: Path) -> None:
    """Load in the parent what the first optimizer step and the recorder import lazily (torch's
    optimizer machinery takes seconds), so that each forked child starts training at once."""
    model = nn.Linear(4, 2)
    opt = torch.optim.AdamW(model.parameters())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with lrdoctor.record(model, opt, folder / "warm-up.csv", ratio_every=1, layers_every=1) as rec:
            for _ in range(3):
                loss = model(torch.randn(2, 4)).pow(2).mean()
                opt.zero_grad()
                loss.backward()
                opt.step()
                rec.log(loss=loss)
    read_log(folder / "warm-up.csv")


def drain(fd: int, until: float | None, *, first: bool = False) -> list[int]:
    """Steps read from the child's pipe until ``until`` (monotonic time), or until it closes (None);
    ``first``: return with the first whole step read."""
    steps: list[int] = []
    buffer = b""
    while True:
        timeout = None if until is None else max(0.0, until - time.monotonic())
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            break
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        buffer += chunk
        while len(buffer) >= 4:
            steps.append(struct.unpack("<i", buffer[:4])[0])
            buffer = buffer[4:]
        if (first and steps) or (until is not None and time.monotonic() >= until):
            break
    return steps


def one_kill(folder: Path, index: int, rng: random.Random, flush_every: int, max_delay: float) -> dict[str, Any]:
    """Fork a training child, kill it at a random moment after step 5, read its log."""
    path = folder / f"run{index}.csv"
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        try:
            train_forever(path, write_end, flush_every)
        finally:
            os._exit(1)
    os.close(write_end)
    reached: list[int] = []
    while not reached or reached[-1] < FIRST_STEP:
        got = drain(read_end, time.monotonic() + 60, first=True)
        if not got:
            os.kill(pid, signal.SIGKILL)
            raise RuntimeError(f"child {index} reported no step in 60 s")
        reached += got
    delay = rng.uniform(0, max_delay)
    reached += drain(read_end, time.monotonic() + delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    reached += drain(read_end, None)
    os.close(read_end)
    logged = reached[-1]
    result: dict[str, Any] = {"delay_s": round(delay, 3), "killed_by_sigkill": os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL}
    result["logged_step"] = logged
    try:
        log = read_log(path)
    except Exception as e:  # noqa: BLE001 - a figure, not a crash
        return result | {"readable": False, "error": f"{type(e).__name__}: {e}"}
    steps = [int(s) for s in log.frame["step"]]
    losses = log.frame["loss"].tolist()
    result |= {
        "readable": True,
        "rows": len(steps),
        "lost": logged - len(steps),
        "contiguous": steps == list(range(1, len(steps) + 1)),
        "complete": all(v == v for v in losses),
        "torn_line_dropped": any("cut short" in n for n in log.notes),
    }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--flush-every", type=int, default=50)
    parser.add_argument("--max-delay", type=float, default=0.6, help="longest wait after step 5 (s)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not hasattr(os, "fork"):
        print("needs os.fork (POSIX)", file=sys.stderr)
        return 2
    torch.set_num_threads(1)  # no thread pool in the parent: forking stays safe
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        warm_up(Path(tmp))
        runs = [one_kill(Path(tmp), i, rng, args.flush_every, args.max_delay) for i in range(args.kills)]
    readable = [r for r in runs if r["readable"]]
    lost = [r["lost"] for r in readable]
    summary = {
        "kills": len(runs),
        "flush_every": args.flush_every,
        "readable": len(readable),
        "contiguous_and_complete": sum(r["contiguous"] and r["complete"] for r in readable),
        "torn_lines_dropped_by_the_reader": sum(r["torn_line_dropped"] for r in readable),
        "logged_steps": [r["logged_step"] for r in runs],
        "rows_lost_max": max(lost, default=None),
        "rows_lost_mean": round(sum(lost) / len(lost), 1) if lost else None,
        "within_one_flush": sum(0 <= x <= args.flush_every for x in lost) == len(runs),
    }
    if args.json:
        print(json.dumps({"summary": summary, "runs": runs}))
    else:
        for i, r in enumerate(runs):
            print(f"kill {i:3d}: logged step {r['logged_step']:5d}  " + (
                f"rows {r['rows']:5d}  lost {r['lost']:3d}" + ("  (torn line dropped)" if r["torn_line_dropped"] else "")
                if r["readable"] else f"UNREADABLE: {r['error']}"))
        print(json.dumps(summary, indent=2))
    whole = summary["readable"] == summary["contiguous_and_complete"] == len(runs)
    return 0 if summary["within_one_flush"] and whole else 1


if __name__ == "__main__":
    sys.exit(main())
