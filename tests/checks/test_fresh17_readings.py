"""Readings fixed after the fresh17 half of bench/fixcheck_runs.py (a conditional neural process, a deep equilibrium
model, a Bayes-by-backprop MLP and a slot-attention autoencoder) was measured once, held out (session 22): each run was
trained by that bench, its fault confirmed by its counterfactual, or labelled healthy (sample_logs/fixcheck/labels.toml)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sample_runs import FIXCHECK as RUNS
from sample_runs import edited_run

import lrdoctor


def rules(path: Path) -> set[str]:
    return {f.rule for f in lrdoctor.analyze(path).findings if f.severity != "info"}


def test_a_variational_layers_scale_parameter_is_not_its_output_weight() -> None:
    """A Bayes-by-backprop MLP at Adam 2e-4 with a warmup (healthy): each layer has a mean ("head.weight_mu") and a
    softplus scale parameter ("head.weight_rho", all -5 at init). The scale's first update ratio sits 175x below the
    means' by its constant offset; read as the output layer's weight it drew "output layer initialised far too large"
    on all four healthy BNN runs of the half, and explained away the NaN and the blow-ups of its faulty ones."""
    assert rules(RUNS / "bnn-adam-warmup-cosine.csv") == set()


def test_a_module_named_like_a_scale_is_still_an_output_layer(tmp_path: Path) -> None:
    """Only the parameter's own name marks a variational scale: a head module named "rho" (a Deep Sets rho network) or
    "fc_var" (a VAE's) is an ordinary layer, held to the gap like any head."""
    for module in ("rho", "fc_var"):
        path = edited_run(tmp_path, "bnn-adam-warmup-cosine",
                      lambda frame, m=module: frame.rename(columns=lambda c: c.replace("head.weight_rho", f"{m}.weight")))
        assert "wrong-initial-loss" in rules(path), module


def test_the_same_ratios_on_a_plain_output_weight_are_still_an_init_too_large(tmp_path: Path) -> None:
    """The look-alike: the same log with the scale parameter named as a plain weight of the output layer."""
    path = edited_run(tmp_path, "bnn-adam-warmup-cosine",
                  lambda frame: frame.rename(columns=lambda c: c.replace("head.weight_rho", "head.weight_r")))
    assert "wrong-initial-loss" in rules(path)


def test_a_nan_from_a_growing_lr_is_reported_once_the_scale_parameters_are_not_read_as_a_head() -> None:
    """A BNN at SGD-momentum 0.01 whose ExponentialLR(gamma=1.03) per batch overflowed it at step 143: non-finite-loss
    was "explained" by the scale parameter read as an output layer initialised too large."""
    assert "non-finite-loss" in rules(RUNS / "bnn-sgdm-exponential-gamma-1p03-nan.csv")


def test_a_training_loss_crawl_the_held_out_loss_does_not_share_is_no_lr_too_low() -> None:
    """A BNN at Adam 0.01 on 200 rows, above its best lr (3e-3): its ELBO crawled straight 2.2 -> 0.47 (its KL term
    shrinking by a constant Adam step) while its held-out mse had flattened over its last 10 evaluations. lr-too-low
    said raise the lr to 0.1; at 0.1 the same model's lr grid ends 24x above its best."""
    report = lrdoctor.analyze(RUNS / "bnn-adam-200-rows-overfits.csv")
    assert "lr-too-low" not in {f.rule for f in report.findings}
    assert report.recommendation is None or report.recommendation.lr is None


def test_the_same_crawl_without_evaluations_is_still_read(tmp_path: Path) -> None:
    """The look-alike: the same log without its validation loss: the straight crawl at a constant lr is all there is."""
    path = edited_run(tmp_path, "bnn-adam-200-rows-overfits", lambda frame: frame.drop(columns=["val_loss"]))
    assert "lr-too-low" in rules(path)


def test_an_early_cut_with_the_held_out_loss_falling_to_the_end_is_premature() -> None:
    """A neural process at Adam 3e-3 cut x0.1 at step 21 of 400: the loss's 20 noisy points before the cut showed a
    pace the cut seemed to keep, but its validation loss fell at every evaluation 0.82 -> 0.66 to the end at the cut
    lr. The same cut at 70% of the run ends 59% lower."""
    (hit,) = [f for f in lrdoctor.analyze(RUNS / "cnp-adam-multistep-x0p1-at-5pct.csv").findings
              if f.rule == "premature-decay"]
    assert hit.step_start == 21 and hit.fix["decay_step"] == 400


def test_the_same_early_cut_with_a_held_out_loss_that_flattened_is_not(tmp_path: Path) -> None:
    """The look-alike: the same run whose validation loss fell as it did over its first third of evaluations after the
    cut and then flattened (the rest held at the value it had reached): the run finished at the cut lr."""

    def flatten(frame: pd.DataFrame) -> pd.DataFrame:
        evals = frame.index[frame["val_loss"].notna()]
        reached = len(evals) // 3
        frame.loc[evals[reached:], "val_loss"] = float(frame.loc[evals[reached - 1], "val_loss"])
        return frame

    assert "premature-decay" not in rules(edited_run(tmp_path, "cnp-adam-multistep-x0p1-at-5pct", flatten))
