"""Under DDP the recorded gradient norm is the global one and exactly one rank writes (2 processes, gloo)."""

from __future__ import annotations

import os
import socket
import sys

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

import lrdoctor
from tests.record.conftest import Tiny, column, read_rows

STEPS = 4


def data() -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(3)
    return torch.randn(STEPS, 16, 8, generator=g), torch.randint(0, 3, (STEPS, 16), generator=g)


def worker(rank: int, port: int, path: str) -> None:
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    dist.init_process_group("gloo", rank=rank, world_size=2)
    torch.manual_seed(0)
    model = torch.nn.parallel.DistributedDataParallel(Tiny())
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    xs, ys = data()
    with lrdoctor.record(model, opt, path, flush_every=1, strict=True) as rec:
        assert rec.active == (rank == 0)
        for x, y in zip(xs, ys):
            half = slice(rank * 8, rank * 8 + 8)  # each rank sees its half of the batch
            loss = torch.nn.functional.cross_entropy(model(x[half]), y[half])
            opt.zero_grad()
            loss.backward()
            opt.step()
            rec.log(loss=loss)
    # Both ranks leave together, then skip interpreter finalisation: gloo's teardown races when one
    # rank tears down while the other still writes (a SIGABRT in CI: "terminate called without an
    # active exception"), and that is torch's exit path, not what this test is about.
    dist.barrier()
    dist.destroy_process_group()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def reference_grad_norms() -> list[float]:
    """One process on the whole batch: the gradient DDP's all-reduce averages to."""
    torch.manual_seed(0)
    model = Tiny()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    norms = []
    for x, y in zip(*data()):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        norms.append(torch.cat([p.grad.reshape(-1) for p in model.parameters()]).norm().item())
        opt.step()
    return norms


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_two_rank_ddp_run_records_the_global_grad_norm_once(tmp_path):
    path = tmp_path / "run.csv"
    mp.spawn(worker, args=(free_port(), str(path)), nprocs=2, join=True)
    rows = read_rows(path)
    assert column(rows, "step") == list(range(1, STEPS + 1))  # one writer: no duplicated rows
    assert column(rows, "grad_norm") == pytest.approx(reference_grad_norms(), rel=1e-5)
