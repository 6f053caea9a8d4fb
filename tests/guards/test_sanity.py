"""Each sanity check passes on healthy setups and fails on the defect it exists to catch."""

from __future__ import annotations

from collections.abc import Callable

import factories
import pytest
import torch

from lrdoctor.guards.sanity import (
    CheckResult,
    Deadline,
    SanityTimeout,
    check_checkpoint,
    check_gradients,
    check_initial_loss,
    check_input_dependence,
    check_overfit,
    check_update_ratio,
    run_sanity,
    snapshot,
)
from lrdoctor.guards.setup import Setup, as_setup


def setup_of(factory: Callable[[], object]) -> Setup:
    return as_setup(factory(), factory.__name__)


@pytest.mark.parametrize("factory", [factories.good, factories.good_dict, factories.language_model,
                                     factories.regression, factories.checkpoint_with_optimizer], ids=lambda f: f.__name__)
def test_healthy_setups_pass_every_check(factory: Callable[[], object]) -> None:
    results = list(run_sanity(setup_of(factory)))
    assert [r.name for r in results] == ["initial-loss", "gradients", "input-dependence", "overfit-one-batch",
                                         "update-ratio", "checkpoint"]
    assert [r.status for r in results] == ["pass"] * 6, [r.message for r in results if r.status != "pass"]


def test_run_leaves_the_model_and_the_rng_as_they_were() -> None:
    setup = setup_of(factories.good)
    before = snapshot(setup.model)
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    list(run_sanity(setup))
    assert torch.equal(torch.rand(3), expected)
    assert all(torch.equal(before[k], v) for k, v in setup.model.state_dict().items())


def only(check: Callable[..., CheckResult], factory: Callable[[], object], *args: object) -> CheckResult:
    setup = setup_of(factory)
    return check(setup, snapshot(setup.model), *args)


def test_initial_loss_near_ln_c_passes() -> None:
    result = only(check_initial_loss, factories.good)
    assert result.status == "pass" and "ln(5)" in result.message


def test_large_last_layer_init_fails_initial_loss() -> None:
    result = only(check_initial_loss, factories.large_last_layer_init)
    assert result.failed and "too high" in result.message and "last layer" in result.fix


def test_sum_reduced_loss_fails_initial_loss() -> None:
    result = only(check_initial_loss, factories.sum_reduced_loss)
    assert result.failed and "summed" in result.message and "reduction='mean'" in result.fix


def test_leaked_labels_fail_initial_loss_as_too_low() -> None:
    result = only(check_initial_loss, factories.label_leakage)
    assert result.failed and "far too low" in result.message and "leakage" in result.fix


@pytest.mark.parametrize(("factory", "kind", "names"), [
    (factories.disconnected_layer, "no gradient", ["unused.weight", "unused.bias"]),
    (factories.detached_body, "no gradient", ["body.weight", "body.bias"]),
    (factories.layer_not_in_optimizer, "not in the optimizer", ["body.weight", "body.bias"]),
], ids=lambda v: getattr(v, "__name__", None))
def test_layers_that_never_learn_fail_gradients_by_name(factory: Callable[[], object], kind: str, names: list[str]) -> None:
    result = only(check_gradients, factory)
    assert result.failed and kind in result.message
    assert all(name in result.message for name in names)
    assert "head.weight" not in result.message


def test_frozen_parameters_are_named_but_do_not_fail() -> None:
    setup = setup_of(factories.good)
    for p in setup.model.body.parameters():
        p.requires_grad_(False)
    result = check_gradients(setup, snapshot(setup.model))
    assert result.status == "pass" and "2 frozen" in result.message and "body.weight" in result.message


def test_model_that_ignores_its_input_fails_input_dependence() -> None:
    result = only(check_input_dependence, factories.input_ignored)
    assert result.failed and "identical for all 16 samples" in result.message


def test_samples_mixing_across_the_batch_fail_input_dependence() -> None:
    result = only(check_input_dependence, factories.batch_mixing)
    assert result.failed and "other samples" in result.message


def test_overfit_fails_when_the_lr_is_far_too_low() -> None:
    result = only(check_overfit, factories.lr_far_too_low, Deadline(60), 50, 10.0)
    assert result.failed and "in 50 steps at lr 1e-07" in result.message


def test_overfit_passes_within_the_step_budget() -> None:
    result = only(check_overfit, factories.good, Deadline(60), 200, 10.0)
    assert result.status == "pass"
    steps = int(result.message.split(" in ")[1].split()[0])
    assert steps < 200


@pytest.mark.parametrize(("factory", "verdict"), [(factories.lr_far_too_high, "too large"),
                                                  (factories.lr_far_too_low, "too small")],
                         ids=["too-high", "too-low"])
def test_update_ratio_outside_the_adam_band_fails(factory: Callable[[], object], verdict: str) -> None:
    result = only(check_update_ratio, factory)
    assert result.failed and verdict in result.message and "Adam-family first-step band" in result.message


def test_update_ratio_names_the_sgd_band_for_sgd() -> None:
    result = only(check_update_ratio, factories.good_dict)
    assert result.status == "pass" and "SGD-family first-step band" in result.message


def test_checkpoint_that_saves_model_weights_only_fails() -> None:
    result = only(check_checkpoint, factories.checkpoint_without_optimizer)
    assert result.failed and "your save_checkpoint" in result.message
    assert "exp_avg (4 of 4 params)" in result.message and "step (4 of 4 params)" in result.message
    assert "optimizer.state_dict()" in result.fix


def test_checkpoint_passes_with_hooks_that_keep_optimizer_state() -> None:
    result = only(check_checkpoint, factories.checkpoint_with_optimizer)
    assert result.status == "pass" and "exp_avg" in result.message


def test_an_exception_in_the_users_code_is_a_failed_check() -> None:
    setup = setup_of(factories.good)
    setup.loss_fn = lambda out, y: torch.nn.functional.cross_entropy(out, y[:3])
    first = next(run_sanity(setup))
    assert first.failed and "raised ValueError" in first.message


def test_time_limit_stops_with_a_clear_message() -> None:
    with pytest.raises(SanityTimeout, match=r"time limit 1e-09 s\) during"):
        list(run_sanity(setup_of(factories.good), time_limit=1e-9))
