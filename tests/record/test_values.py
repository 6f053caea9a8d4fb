"""Recorded statistics equal reference values computed independently on a real model."""

from __future__ import annotations

import math

import pytest
import torch

import lrdoctor
from tests.record.conftest import Tiny, column, read_rows


def reference_run(model: Tiny, batch, steps: int) -> list[dict[str, float]]:
    """Train with a plain loop and compute every statistic by hand (flatten + norm, no foreach)."""
    opt = torch.optim.AdamW(
        [{"params": model.body.parameters(), "lr": 0.01}, {"params": model.head.parameters(), "lr": 0.003, "name": "head"}]
    )
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
    x, y = batch
    out = []
    for _ in range(steps):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        params = [p for p in model.parameters()]
        grads = torch.cat([p.grad.reshape(-1) for p in params])
        weights = torch.cat([p.detach().reshape(-1) for p in params]).clone()
        lrs = (opt.param_groups[0]["lr"], opt.param_groups[1]["lr"])
        opt.step()
        sched.step()
        after = torch.cat([p.detach().reshape(-1) for p in params])
        out.append(
            {
                "loss": loss.item(),
                "lr": lrs[0],
                "lr/head": lrs[1],
                "grad_norm": grads.norm().item(),
                "weight_norm": weights.norm().item(),
                "update_ratio": ((after - weights).norm() / weights.norm()).item(),
                "grad_norm/head.weight": model.head.weight.grad.norm().item(),
            }
        )
    return out


def recorded_run(model: Tiny, batch, steps: int, path) -> None:
    opt = torch.optim.AdamW(
        [{"params": model.body.parameters(), "lr": 0.01}, {"params": model.head.parameters(), "lr": 0.003, "name": "head"}]
    )
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
    x, y = batch
    with lrdoctor.record(model, opt, path, ratio_every=1, layers_every=1, weight_every=1, strict=True, flush_every=4) as rec:
        for _ in range(steps):
            loss = torch.nn.functional.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            rec.log(loss=loss)


def test_recorded_values_equal_reference(batch, tmp_path):
    torch.manual_seed(0)
    expected = reference_run(Tiny(), batch, 10)
    torch.manual_seed(0)
    recorded_run(Tiny(), batch, 10, tmp_path / "run.csv")
    rows = read_rows(tmp_path / "run.csv")
    assert column(rows, "step") == list(range(1, 11))
    assert column(rows, "opt_step") == list(range(1, 11))
    for key in expected[0]:
        assert column(rows, key) == pytest.approx([e[key] for e in expected], rel=1e-5), key


def test_cadence_of_expensive_stats(model, batch, tmp_path):
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    with lrdoctor.record(model, opt, tmp_path, ratio_every=4, layers_every=6, strict=True) as rec:
        for _ in range(12):
            loss = torch.nn.functional.cross_entropy(model(batch[0]), batch[1])
            opt.zero_grad()
            loss.backward()
            opt.step()
            rec.log(loss=loss)
    rows = read_rows(tmp_path / "run.csv")
    with_ratio = [int(r["step"]) for r in rows if not math.isnan(r["update_ratio"])]
    with_layers = [int(r["step"]) for r in rows if not math.isnan(r["update_ratio/head.bias"])]
    assert with_ratio == [1, 5, 7, 9]  # every 4th step, plus the per-layer steps 1 and 7
    assert with_layers == [1, 7]
    assert all(math.isfinite(float(r["grad_norm"])) for r in rows)
    # SGD with momentum keeps no step counter: the recorder counts this optimizer's steps itself
    assert column(rows, "opt_step") == list(range(1, 13))


def test_weight_norm_every_tenth_stats_step_not_on_every_ratio_step(model, batch, tmp_path):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with lrdoctor.record(model, opt, tmp_path, ratio_every=4, layers_every=0, strict=True) as rec:
        for _ in range(25):
            loss = torch.nn.functional.cross_entropy(model(batch[0]), batch[1])
            opt.zero_grad()
            loss.backward()
            opt.step()
            rec.log(loss=loss)
    rows = read_rows(tmp_path / "run.csv")
    assert [int(r["step"]) for r in rows if not math.isnan(r["weight_norm"])] == [1, 11, 21]
    assert all(math.isfinite(float(r["grad_norm"])) for r in rows)


def test_loss_logged_before_step_pairs_with_that_step(model, batch, tmp_path):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    losses = []
    with lrdoctor.record(model, opt, tmp_path / "run.csv", strict=True) as rec:
        for _ in range(5):
            loss = torch.nn.functional.cross_entropy(model(batch[0]), batch[1])
            rec.log(loss=loss)  # before the step
            losses.append(loss.item())
            opt.zero_grad()
            loss.backward()
            opt.step()
    rows = read_rows(tmp_path / "run.csv")
    assert column(rows, "step") == [1, 2, 3, 4, 5]
    assert column(rows, "loss") == pytest.approx(losses)
    assert math.isnan(rows[0]["opt_step"])  # plain SGD has no state at all: nothing to reset


def test_sparse_eval_metrics_join_the_current_step(model, batch, tmp_path):
    opt = torch.optim.Adam(model.parameters())
    with lrdoctor.record(model, opt, tmp_path / "run.csv", strict=True) as rec:
        for epoch in range(2):
            for _ in range(3):
                loss = torch.nn.functional.cross_entropy(model(batch[0]), batch[1])
                opt.zero_grad()
                loss.backward()
                opt.step()
                rec.log(loss=loss, epoch=epoch)
            rec.log(val_loss=0.5 + epoch, val_acc=torch.tensor(0.25))
    rows = read_rows(tmp_path / "run.csv")
    assert [(int(r["step"]), r["val_loss"]) for r in rows if not math.isnan(r["val_loss"])] == [(3, 0.5), (6, 1.5)]
    assert column(rows, "epoch") == [0, 0, 0, 1, 1, 1]
    assert rows[2]["val_acc"] == 0.25


def test_skipped_step_still_gets_a_row_with_inf_grad_norm(model, batch, tmp_path):
    opt = torch.optim.Adam(model.parameters())
    with lrdoctor.record(model, opt, tmp_path / "run.csv", on_problem="ignore", strict=True) as rec:
        for i in range(5):
            loss = torch.nn.functional.cross_entropy(model(batch[0]), batch[1])
            opt.zero_grad()
            loss.backward()
            if i == 2:  # what GradScaler does when it finds inf gradients: no optimizer.step()
                model.head.weight.grad[0, 0] = math.inf
            else:
                opt.step()
            rec.log(loss=loss)
    rows = read_rows(tmp_path / "run.csv")
    assert column(rows, "step") == [1, 2, 3, 4, 5]
    assert column(rows, "grad_norm")[2] == math.inf
    assert [r["opt_step"] for r in rows] == pytest.approx([1, 2, math.nan, 3, 4], nan_ok=True)


def test_metric_that_is_not_a_number_is_dropped_with_a_warning(model, batch, tmp_path):
    opt = torch.optim.Adam(model.parameters())
    with lrdoctor.record(model, opt, tmp_path / "run.csv") as rec:
        loss = torch.nn.functional.cross_entropy(model(batch[0]), batch[1])
        loss.backward()
        opt.step()
        with pytest.warns(lrdoctor.record.TrainingWarning, match="train_acc"):
            rec.log(loss=loss, train_acc=torch.ones(3))
    rows = read_rows(tmp_path / "run.csv")
    assert rows[0]["loss"] == pytest.approx(loss.item())
    assert math.isnan(rows[0]["train_acc"])


def test_grad_norm_is_taken_before_clipping(batch, tmp_path):
    from lrdoctor.record import clipping

    torch.manual_seed(0)
    model = Tiny()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    expected, expected_head = [], []
    with lrdoctor.record(model, opt, tmp_path / "run.csv", layers_every=1, strict=True) as rec:
        assert clipping.is_installed()
        for _ in range(4):
            loss = torch.nn.functional.cross_entropy(model(batch[0]), batch[1])
            opt.zero_grad()
            loss.backward()
            expected.append(torch.cat([p.grad.reshape(-1) for p in model.parameters()]).norm().item())
            expected_head.append(model.head.weight.grad.norm().item())
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.01)
            opt.step()
            rec.log(loss=loss)
    assert not clipping.is_installed()
    rows = read_rows(tmp_path / "run.csv")
    assert min(expected) > 0.01  # every step was clipped
    assert column(rows, "grad_norm") == pytest.approx(expected, rel=1e-5)
    assert column(rows, "grad_norm/head.weight") == pytest.approx(expected_head, rel=1e-4)


def test_grad_norm_of_a_clipped_step_is_the_clipping_calls(batch, tmp_path, monkeypatch):
    """Outside the per-layer steps the recorder takes the norm clipping computed: no norm of its own."""
    from lrdoctor.record import stats

    torch.manual_seed(0)
    model = Tiny()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    own = []
    norms = stats.tensor_norms
    monkeypatch.setattr(stats, "tensor_norms", lambda tensors, careful=False: own.append(len(tensors)) or norms(tensors, careful))
    expected = []
    with lrdoctor.record(model, opt, tmp_path / "run.csv", ratio_every=0, weight_every=0, layers_every=0,
                         strict=True) as rec:
        for _ in range(4):
            loss = torch.nn.functional.cross_entropy(model(batch[0]), batch[1])
            opt.zero_grad()
            loss.backward()
            expected.append(torch.cat([p.grad.reshape(-1) for p in model.parameters()]).norm().item())
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.01)
            opt.step()
            rec.log(loss=loss)
    assert column(read_rows(tmp_path / "run.csv"), "grad_norm") == pytest.approx(expected, rel=1e-5)
    assert own == []


def test_a_sample_is_runs_of_a_cache_line_that_cover_every_column():
    from lrdoctor.record.stats import sample_layout, sample_size, sampled

    assert sample_layout((100, 10), 4096) == (1, 1)  # small enough: every element
    assert sample_layout((512, 512), 4096, element_size=4) == (1040, 16)  # 1024 would revisit 32 columns
    assert sample_layout((512, 512), 4096, element_size=2) == (2080, 32)  # runs of 64 bytes whatever the dtype
    assert sample_layout((1000,), 5)[1] == 5 and sample_size(1000, sample_layout((1000,), 5)) == 5  # run <= sample
    weights = torch.arange(512 * 512.0).reshape(512, 512)
    (view,) = sampled([weights], [(1040, 16)])
    assert view.shape == (253, 16) and view.data_ptr() == weights.data_ptr()  # a view: no copy
    assert view.numel() == sample_size(weights.numel(), (1040, 16))
    assert torch.equal(view[:, 0], torch.arange(253) * 1040.0)  # each run starts a stride after the last
    assert set((view.reshape(-1) % 512).long().tolist()) == set(range(512))  # every column
    assert sampled([weights], [(1, 1)])[0].numel() == weights.numel()


def test_update_ratio_of_large_tensors_is_estimated_from_a_sample(tmp_path):
    torch.manual_seed(0)
    model = torch.nn.Linear(512, 512)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(64, 512)
    exact, ratios = [], []
    with lrdoctor.record(model, opt, tmp_path / "run.csv", ratio_every=1, layers_every=1, ratio_sample=4096, strict=True) as rec:
        for _ in range(3):
            loss = model(x).pow(2).mean()
            opt.zero_grad()
            loss.backward()
            before = model.weight.detach().clone()
            opt.step()
            exact.append(((model.weight.detach() - before).norm() / before.norm()).item())
            rec.log(loss=loss)
    rows = read_rows(tmp_path / "run.csv")
    assert column(rows, "update_ratio/weight") == pytest.approx(exact, rel=0.05)
    assert column(rows, "update_ratio") == pytest.approx(exact, rel=0.05)


def test_large_cpu_tensors_are_normed_by_blas_like_the_rest():
    """A large contiguous float32 tensor is normed by a BLAS dot (``DOT_MIN_ELEMENTS``), the others by the
    fused norm: every norm is the float64 reference's, in order, and NaN and inf come through."""
    from lrdoctor.record.stats import DOT_MIN_ELEMENTS, blas_normable, norms_of

    g = torch.Generator().manual_seed(0)
    big = torch.randn(DOT_MIN_ELEMENTS + 5, generator=g)
    tensors = [torch.randn(3, generator=g), big, torch.randn(300, 200, generator=g).t(), torch.randn(256, 256, generator=g) * 1e-3,
               torch.randn(7, generator=g).to(torch.bfloat16)]
    assert [blas_normable(t) for t in tensors] == [False, True, False, True, False]
    got = [float(n) for n in norms_of(tensors)]
    assert got == pytest.approx([float(t.double().norm()) for t in tensors], rel=1e-5)
    assert all(n.dtype == torch.float32 and n.dim() == 0 for n in norms_of(tensors))
    poisoned = big.clone()
    poisoned[10] = math.nan
    assert math.isnan(float(norms_of([poisoned])[0]))
    poisoned[10] = -math.inf
    assert float(norms_of([poisoned])[0]) == math.inf


def test_a_float64_model_gets_its_norms(batch, tmp_path):
    """The fused norm refuses to narrow float64 to float32: a float64 model's norms come from the careful path
    (they were left out, with a warning, before)."""
    torch.manual_seed(0)
    model = Tiny().double()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = batch[0].double(), batch[1]
    expected = []
    with lrdoctor.record(model, opt, tmp_path / "run.csv", strict=True, weight_every=1) as rec:
        for _ in range(3):
            loss = torch.nn.functional.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            expected.append((torch.cat([p.grad.reshape(-1) for p in model.parameters()]).norm().item(),
                             torch.cat([p.detach().reshape(-1) for p in model.parameters()]).norm().item()))
            opt.step()
            rec.log(loss=loss)
    rows = read_rows(tmp_path / "run.csv")
    assert column(rows, "grad_norm") == pytest.approx([e[0] for e in expected], rel=1e-6)
    assert column(rows, "weight_norm") == pytest.approx([e[1] for e in expected], rel=1e-6)


def test_global_norm_from_per_tensor_norms_on_the_host():
    from lrdoctor.record.stats import l2_norm

    assert l2_norm([3.0, 4.0]) == 5.0
    assert l2_norm([]) == 0.0
    assert l2_norm([1e200, 1e200]) == pytest.approx(math.sqrt(2) * 1e200)  # no overflow on the way
    assert l2_norm([math.inf, 1.0]) == math.inf
    assert math.isnan(l2_norm([math.inf, math.nan]))  # NaN wins, as in torch's norm


def test_to_host_keeps_the_order_of_scalars_and_vectors_of_any_dtype():
    from lrdoctor.record.stats import to_host

    tensors = [
        torch.tensor(1.5),
        torch.tensor([2.0, 3.0]),
        torch.tensor(4.0, dtype=torch.float64),
        torch.tensor(5.0),
        torch.tensor(6.0, dtype=torch.bfloat16),
        torch.tensor([[7.0], [8.0]]),
        torch.tensor(9.0, requires_grad=True) * 1,
    ]
    assert to_host(tensors) == [[1.5], [2.0, 3.0], [4.0], [5.0], [6.0], [7.0, 8.0], [9.0]]
    assert to_host([]) == []


def test_a_non_finite_gradient_gives_a_non_finite_grad_norm(model, batch, tmp_path):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with lrdoctor.record(model, opt, tmp_path / "run.csv", on_problem="ignore", strict=True) as rec:
        for poison in (None, math.inf, math.nan):
            loss = torch.nn.functional.cross_entropy(model(batch[0]), batch[1])
            opt.zero_grad()
            loss.backward()
            if poison is not None:
                model.head.bias.grad[0] = poison
                model.body.bias.grad[0] = math.inf
            with torch.no_grad():
                opt.step()
                for p in model.parameters():
                    p.nan_to_num_(0.0, 0.0, 0.0)  # keep the next step finite
            rec.log(loss=loss)
    norms = column(read_rows(tmp_path / "run.csv"), "grad_norm")
    assert math.isfinite(norms[0])
    assert norms[1] == math.inf
    assert math.isnan(norms[2])


@pytest.mark.parametrize("order", ["after", "before"])
def test_rows_are_written_after_five_steps_then_every_flush_every(model, batch, tmp_path, order):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    written = []
    with lrdoctor.record(model, opt, tmp_path / "run.csv", flush_every=6, flush_secs=1e9, strict=True) as rec:
        for _ in range(12):
            loss = torch.nn.functional.cross_entropy(model(batch[0]), batch[1])
            if order == "before":
                rec.log(loss=loss)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if order == "after":
                rec.log(loss=loss)
            written.append(len(read_rows(tmp_path / "run.csv")))
    # the rows before the current step once 5 steps are done, then 6 at a time (in either order: the
    # row of the current step, or the next one a loss logged before the step opened, is not ready)
    assert written == [0, 0, 0, 0, 4, 4, 4, 4, 4, 4, 10, 10]
    assert column(read_rows(tmp_path / "run.csv"), "step") == list(range(1, 13))
