"""Readings fixed in session 40, on real training runs (a shipped Keras log, and runs of the fix-check halves fresh57 to
fresh61 kept in tests/data/fixcheck): a log of epochs whose loss column mixes empty cells with cells that spell NaN,
the HTML report's sidecar line, a step decay in the second half of a run, a per-epoch climb of the training loss, a
fine-tune flat from its first step, the lr aimed by the first step of SGD with momentum, and a hard batch under Adam."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sample_runs import warned

import lrdoctor

DATA = Path(__file__).resolve().parents[1] / "data" / "fixcheck"
KERAS = Path(__file__).resolve().parents[2] / "sample_logs" / "per_epoch" / "keras-charlm-gru-adam-onecycle.csv"


def nan_from(log: pd.DataFrame, epoch: int, empty: int) -> pd.DataFrame:
    """``log`` with both losses written as `nan` from ``epoch`` on and the training loss cell of ``empty`` left empty."""
    mixed = log.astype({"loss": object, "val_loss": object})
    mixed.loc[epoch:, ["loss", "val_loss"]] = "nan"
    mixed.loc[empty, "loss"] = ""
    return mixed


def test_a_nan_the_log_wrote_counts_beside_an_empty_loss_cell(tmp_path: Path) -> None:
    """A Keras log of a real run (a GRU language model under one-cycle Adam) made to write `nan` for both losses from
    its seventh epoch on, the training loss cell of its second epoch left empty: its accuracies still logged, every row
    carries evaluation values, and with one empty cell among the written ones the `nan` rows were read as evaluation
    rows without a training loss: "no problems found". A written NaN is a loss that was NaN; the empty cell stays "not
    logged" (the finding starts at the first written one). The same when the log holds an earlier run appended before
    it (only the last run is read: the written cells are matched to its own epochs)."""
    log = pd.read_csv(KERAS)
    path = tmp_path / "nan-from-epoch-6.csv"
    nan_from(log, 6, empty=1).to_csv(path, index=False)
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "non-finite-loss"]
    assert (hit.step_start, hit.step_end) == (6, len(log) - 1) and str(hit.severity) == "error"

    appended = tmp_path / "appended.csv"
    first = log.iloc[:5].astype({"loss": object})
    first.loc[2, "loss"] = "nan"  # the earlier run's written NaN is not the last run's
    pd.concat([first, nan_from(log, 7, empty=3)]).to_csv(appended, index=False)
    report = lrdoctor.analyze(appended)
    assert any("appended" in note for note in report.notes)
    (hit,) = [f for f in report.findings if f.rule == "non-finite-loss"]
    assert (hit.step_start, hit.step_end) == (7, len(log) - 1)

    healthy = tmp_path / "one-empty-cell.csv"
    nan_from(log, len(log), empty=1).to_csv(healthy, index=False)  # no NaN written: an empty cell alone
    assert "non-finite-loss" not in {f.rule for f in lrdoctor.analyze(healthy).findings}


def test_the_html_report_leaves_out_what_the_reader_noted_about_the_table(tmp_path: Path) -> None:
    """The HTML report's line "Also in the sidecar" listed the reader's own notes about the table (step_is_epoch,
    loss_non_finite_written) beside what a sidecar said: they are not the run's metadata."""
    from lrdoctor.report.html import render_html

    path = tmp_path / "nan-throughout.csv"
    log = pd.read_csv(KERAS)
    log[["loss", "val_loss"]] = float("nan")
    log.to_csv(path, index=False, na_rep="nan")
    report = lrdoctor.analyze(path)
    assert report.meta.get("step_is_epoch") is True
    page = render_html([report])
    assert "step_is_epoch" not in page and "loss_non_finite" not in page


def test_a_cut_in_the_second_half_of_the_run_is_an_info() -> None:
    """A healthy DiffPool at RAdam 3e-3 whose MultiStepLR cuts x0.3 at half and three quarters of the run, its loss still
    falling fast before the first cut, was warned premature-decay: a decay in the run's second half is an ordinary
    schedule, worth an info (its "decay later" kept); a cut in the first sixth that slowed the loss is still a warning."""
    path = DATA / "diffpool-radam-step-decay-log3.csv"
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "premature-decay"]
    assert str(hit.severity) == "info" and hit.step_start > 200 and hit.fix["decay_from"] == hit.step_start
    assert "second half" in hit.message and "premature-decay" not in warned(path)
    early = Path(__file__).resolve().parents[2] / "sample_logs" / "mlp-adamw-early-step-decay.csv"
    assert "premature-decay" in warned(early)


def test_a_per_epoch_climb_needs_the_validation_loss_to_climb_with_it() -> None:
    """An MLP overfitting 256 rows at Adam 0.01, logged per epoch: its noisy training loss rose from its lowest epoch
    mean (2.87, epoch 145 of 150) to 3.58 at the last while its validation loss fell 8.8 -> 5.7; it was told
    lr-too-high ("the validation loss with it"), a third of its lr, which retrained 60% worse. The validation loss did
    not climb with it: that is overfitting, whose early stop at its best epoch is the fix. A mixture of experts at Adam
    0.1 logged per epoch, whose validation loss did climb, is still told its lr is too high."""
    path = DATA / "mixlogistic-adam-256-rows-overfits-per-epoch.csv"
    findings = {f.rule: f for f in lrdoctor.analyze(path).findings}
    assert "lr-too-high" not in findings
    assert findings["overfitting"].fix["early_stop_step"] == 33
    moe = KERAS.parent.parent / "fixcheck" / "per_epoch" / "moe-softmax-adam-lr-0p1-per-epoch.csv"
    (hit,) = [f for f in lrdoctor.analyze(moe).findings if f.rule == "lr-too-high"]
    assert "epoch mean was lowest" in hit.message and "the validation loss with it" in hit.message


def test_a_fine_tune_flat_from_its_first_step_started_converged() -> None:
    """A skew-normal MLP fine-tuned at Adam 1e-4 (`pretrained` in its sidecar), its loss flat from its first step, its
    flat level a hair above its first point: plateau told it "the loss never moved: raise the lr" (its grid's best lr,
    3x higher, 0.7% better). A fine-tune may start at its optimum; LoRA adapters under a new head at chance, whose
    pretrained body does not make the run a fine-tune, are still told their lr is too low."""
    path = DATA / "skewnormal-adam-finetune-lr-1e-4.csv"
    report = lrdoctor.analyze(path)
    assert warned(path) == [] and report.recommendation is None
    lora = KERAS.parent.parent / "fixcheck" / "lora-adam-lr-1e-5-300x-low.csv"
    assert "lr-too-low" in warned(lora)


def test_a_first_step_of_sgd_with_momentum_is_aimed_where_healthy_first_steps_sit() -> None:
    """A DIN click model blown up to NaN at step 4 by SGD-momentum 30: its first step, 0.18 of its weights' norm, aimed
    at where healthy SGD runs' steps sit over a run (0.0057), gave 0.97, NaN again (its grid: 0.3 trains, 0.95 is NaN).
    A momentum buffer holding one gradient makes a first step smaller than the steps after it: aimed where healthy
    momentum runs' first steps sit, half that, the lr is 0.49. A GEV regressor at SGD-momentum 1 whose loss never got
    far below its first value before a NaN at step 40 (no stable step, though later than a fast blow-up) was told a
    tenth of its lr, 0.1, 16x its grid's best; it is aimed by its first step too. Plain SGD's first step is as large as
    the next: a sample RNN blown up at SGD 5 is still aimed at the band's healthy position."""
    din = lrdoctor.analyze(DATA / "din-sgdm-lr-30-300x.csv")
    assert din.recommendation is not None and din.recommendation.lr is not None
    assert 0.3 <= din.recommendation.lr <= 0.6 and "momentum runs' first steps" in din.recommendation.basis
    assert {f.fix["lr"] for f in din.findings if "lr" in f.fix} == {din.recommendation.lr}
    gev = lrdoctor.analyze(DATA / "gevreg-sgdm-lr-1-100x.csv")
    assert gev.recommendation is not None and gev.recommendation.lr is not None
    assert gev.recommendation.lr < 0.03 and "first update-to-weight ratio" in gev.recommendation.basis
    rnn = lrdoctor.analyze(KERAS.parent.parent / "fixcheck" / "adding-rnn-sgd-lr-5-no-clip-explodes-log2.csv")
    assert rnn.recommendation is not None and "healthy SGD-family runs sit in the band" in rnn.recommendation.basis


def test_a_hard_batch_under_adam_is_no_explosion() -> None:
    """A healthy GEV regressor at Adam 1e-3 on heavy-tailed data: its gradient norm jumped 30x with its batch's loss at
    step 103 (and 13x at step 250), the loss back at its level at the next point. Adam divides a gradient by its own
    running size: the step was about the lr, and clipping changed nothing retrained. The sample regression with outlier
    rows at Adam, whose loss stayed up after a jump, is still an explosion."""
    path = DATA / "gevreg-adam-resumed-with-state.csv"
    assert warned(path) == []
    outliers = KERAS.parent.parent / "regression-adam-outlier-rows-exploding.csv"
    assert "exploding-gradients" in warned(outliers)
