"""Tensor statistics the recorder takes around an optimizer step.

Every function uses fused multi-tensor kernels (``torch._foreach_*``; on the CPU a large tensor's norm is
a BLAS dot) and returns tensors on the parameters' device: nothing here moves a value to the host, so a
step never waits for the GPU.
Tensors the fused norm does not take (sparse gradients, complex or integer tensors) go through
``careful=True``, which first turns each into a dense real tensor with the same L2 norm.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import Tensor


def normable(t: Tensor) -> Tensor:
    """A dense real floating tensor with the L2 norm of ``t``: the values of a sparse tensor (a COO
    tensor coalesced first, so that repeated indices add up), the real view of a complex one."""
    if t.layout == torch.sparse_coo:
        t = t.coalesce().values()
    elif t.layout != torch.strided:
        t = t.values()
    if t.is_complex():
        t = torch.view_as_real(t)
    return t if t.is_floating_point() else t.to(torch.float32)


DOT_MIN_ELEMENTS = 1 << 15
"""On the CPU, a contiguous float32 tensor of at least this many elements is normed by BLAS
(``sqrt(dot(x, x))``), not by the fused norm: a memory-bound read either way, but BLAS runs it on
every thread at full bandwidth, where the fused norm reads a large tensor at about 60% of it with two
threads (measured on the MLP of ``bench/overhead.py``); and its float32 sum is more exact. Below this
size a call's fixed cost outweighs the read and the one fused call for all of them wins."""


def blas_normable(t: Tensor) -> bool:
    """Whether ``norms_of`` reads ``t`` with BLAS: a large contiguous float32 tensor (on the CPU). The size is
    asked first: most of a model's tensors are small, and this runs for each of them on a norm step."""
    return (t.numel() >= DOT_MIN_ELEMENTS and t.dtype is torch.float32 and t.is_cpu and t.layout == torch.strided
            and t.is_contiguous())


def norms_of(tensors: Sequence[Tensor], careful: bool = False) -> list[Tensor]:
    """L2 norm of each tensor, as 0-dim float32 tensors on its device: on an accelerator from one fused
    call; on the CPU the large tensors one BLAS dot each (``DOT_MIN_ELEMENTS``), the rest fused.

    ``careful``: also for sparse, complex, integer and float64 tensors (one Python step per tensor;
    a float64 tensor is normed in float64, the fused call refuses to narrow it)."""
    if not tensors:
        return []
    if careful:
        return [careful_norm(normable(t)) for t in tensors]
    listed = list(tensors)
    blas = [blas_normable(t) for t in listed] if listed[0].is_cpu else []
    if not any(blas):
        return list(torch._foreach_norm(listed, 2, dtype=torch.float32))
    small = [t for t, b in zip(listed, blas) if not b]
    rest = iter(torch._foreach_norm(small, 2, dtype=torch.float32) if small else ())
    out = []
    for t, b in zip(listed, blas):
        if b:
            flat = t.detach().view(-1)
            out.append(torch.dot(flat, flat).sqrt())
        else:
            out.append(next(rest))
    return out


def careful_norm(t: Tensor) -> Tensor:
    """The L2 norm of one dense real floating tensor as a 0-dim float32 tensor (float64 in float64)."""
    norm: Tensor = torch.linalg.vector_norm(t).to(torch.float32) if t.dtype == torch.float64 else torch.linalg.vector_norm(
        t, dtype=torch.float32)
    return norm


def tensor_norms(tensors: Sequence[Tensor], careful: bool = False) -> Tensor:
    """L2 norm of each tensor, as one float32 vector (on the first tensor's device); two calls a step
    (the global norm is taken from it when the row is written, on the host: ``l2_norm``).

    ``careful``: also for sparse, complex and integer tensors (one Python step per tensor)."""
    norms = norms_of(tensors, careful)
    if not norms:
        return torch.zeros(0)
    try:
        return torch.stack(norms)
    except RuntimeError:  # on several devices (a model split across GPUs): rare, checked only then
        device = norms[0].device
        return torch.stack([n.to(device) for n in norms])


def global_norm(norms: Tensor) -> Tensor:
    """The L2 norm of all tensors together, from their individual norms (a 0-dim tensor)."""
    total: Tensor = torch.linalg.vector_norm(norms)
    return total


SAMPLE_RUN_BYTES = 64
"""A sample is taken in runs of this many bytes (a cache line): evenly spaced single elements cost a
cache miss each, about three times the time for the same number of elements."""


def sample_layout(shape: Sequence[int], limit: int, element_size: int = 4) -> tuple[int, int]:
    """How to sample about ``limit`` elements of a tensor: ``(stride, run)``, runs of ``run`` consecutive
    elements (a cache line) starting every ``stride`` elements; ``(1, 1)``: all of them (``limit`` 0: all).

    The stride shares no factor with the last dimension beyond the run's length, so the runs walk
    across columns and together cover every one of them."""
    numel = math.prod(shape)
    if limit <= 0 or numel <= limit:
        return 1, 1
    run = max(1, min(SAMPLE_RUN_BYTES // max(1, element_size), limit))
    every = math.ceil(numel / limit)
    while shape and math.gcd(run * every, shape[-1]) > run:
        every += 1
    return run * every, run


def sample_size(numel: int, layout: tuple[int, int]) -> int:
    """How many elements of a tensor of ``numel`` elements a ``sample_layout`` takes."""
    stride, run = layout
    return numel if stride == 1 else ((numel - run) // stride + 1) * run


def sampled(params: Sequence[Tensor], layouts: Sequence[tuple[int, int]]) -> list[Tensor]:
    """The ``sample_layout`` sample of each parameter, as views (no copy for contiguous parameters):
    the whole flattened tensor, or its runs as the rows of a ``(runs, run)`` view."""
    views = []
    for p, (stride, run) in zip(params, layouts):
        flat = p.detach().reshape(-1)
        if stride > 1:
            flat = flat.as_strided((sample_size(flat.numel(), (stride, run)) // run, run), (stride, 1))
        views.append(flat)
    return views


def snapshot(views: Sequence[Tensor]) -> list[Tensor]:
    """A copy of (sampled) parameters, taken before a step to measure the update."""
    return list(torch._foreach_mul(list(views), 1.0))


def subtract_(before: list[Tensor], after: Sequence[Tensor]) -> list[Tensor]:
    """The updates ``after - before``, written over ``before`` to save memory."""
    torch._foreach_sub_(before, list(after))
    return before


def scaled_global_norm(norms: Tensor, scales: Tensor) -> Tensor:
    """Global L2 norm from norms of samples: each squared norm scaled by ``numel / sampled``."""
    total: Tensor = torch.sqrt((scales * norms.square()).sum())
    return total


def ratio(numerator: Tensor, denominator: Tensor) -> Tensor:
    """Element-wise ``numerator / denominator``, NaN where the denominator is zero."""
    return torch.where(denominator > 0, numerator / denominator, torch.full_like(numerator, float("nan")))


def l2_norm(values: Sequence[float]) -> float:
    """The L2 norm of numbers on the host (the global norm from per-tensor norms, in double precision):
    NaN if any is NaN (``math.hypot`` would give inf beside an inf), 0.0 for none."""
    return math.nan if any(math.isnan(v) for v in values) else math.hypot(*values)


def to_host(tensors: Sequence[Tensor]) -> list[list[float]]:
    """Move many small tensors to the host with one copy per device (two when some are float32
    scalars: those are stacked in one call, not reshaped one by one); returns each one flattened."""
    out: list[list[float]] = [[] for _ in tensors]
    groups: dict[tuple[torch.device, bool], list[int]] = {}
    for i, t in enumerate(tensors):
        groups.setdefault((t.device, t.dim() == 0 and t.dtype == torch.float32), []).append(i)
    for (_, scalars), indices in groups.items():
        if scalars:
            with torch.no_grad():
                values: list[float] = torch.stack([tensors[i] for i in indices]).tolist()
            for i, v in zip(indices, values):
                out[i] = [v]
            continue
        parts = [tensors[i].detach().reshape(-1).to(torch.float32) for i in indices]
        flat: list[float] = torch.cat(parts).tolist()
        start = 0
        for i, part in zip(indices, parts):
            size = part.numel()
            out[i] = flat[start : start + size]
            start += size
    return out
