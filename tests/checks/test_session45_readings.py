"""Readings fixed in session 45, on real training runs of the fix-check halves kept in tests/data/fixcheck: Adagrad's
first step, its largest by far, aims the lr it advises at the top of the family's first-step band, not of its band; and
a one-point throw of Adagrad's first step that the next step undid is no blow-up."""

from __future__ import annotations

from pathlib import Path

import pytest

import lrdoctor
from sample_runs import TEST_FIXCHECK as DATA
from sample_runs import one_lr, with_optimizer

THROWN = DATA / "mmoe-adagrad-lr-0p5-no-warmup.csv"
HEALTHY = DATA / "mmoe-adagrad-constant-eval50.csv"
THROWN_ONCE = DATA / "burr-adagrad-cosine-eval25.csv"
THROWN_HELD = DATA / "burr-adagrad-lr-0p5-no-warmup.csv"


def as_adam(run: Path, tmp_path: Path) -> Path:
    """A copy of ``run`` whose sidecar names Adam instead of Adagrad."""
    return with_optimizer(tmp_path, run.stem, "Adam", folder=DATA)


def test_adagrads_thrown_start_is_aimed_at_the_first_step_band() -> None:
    """A multi-gate mixture of experts at Adagrad 0.5 (fresh69): its first step moved the weights by 3.5 of their norm
    and the loss jumped 1,800x within 10 steps. Aimed at the Adam band's top (0.03) it was told 0.0043, which retrained
    1.69x its grid's best held-out loss (best lrs 0.05-0.16); aimed at the first-step band's top (0.3), 0.043, 0.99x."""
    report = lrdoctor.analyze(THROWN)
    assert [f.rule for f in report.findings] == ["lr-too-high", "missing-warmup"]  # the warmup: session 46
    lr = one_lr(report)
    assert lr == pytest.approx(0.5 * 0.3 / report.findings[0].evidence["first_update_ratio"], rel=0.02)
    assert 0.02 < lr < 0.1


def test_the_same_start_under_adam_is_aimed_at_the_band(tmp_path: Path) -> None:
    """The look-alike: the same log whose sidecar names Adam, whose steps do not shrink after the first: its first step
    is aimed at the top of the band as before, ten times lower."""
    adam = one_lr(lrdoctor.analyze(as_adam(THROWN, tmp_path)))
    assert adam == pytest.approx(one_lr(lrdoctor.analyze(THROWN)) / 10, rel=0.05)


def test_a_healthy_adagrad_run_whose_first_step_is_as_large_is_silent() -> None:
    """The same model at Adagrad 0.1, constant, evaluated every 50 steps (fresh69, healthy; its first step 0.69 of the
    weights' norm, beyond the Adam band's top as Adagrad's first steps are): no finding."""
    assert lrdoctor.analyze(HEALTHY).findings == []


def test_adagrads_first_step_throwing_one_batch_is_no_blow_up() -> None:
    """A healthy Burr XII MLP at Adagrad 0.1 under cosine, evaluated every 25 steps (fresh71; its lr is its grid's best,
    held-out NLL 2.104): its first step moved the weights by 1.0 of their norm, as Adagrad's first steps at
    their grids' best lrs do, and the NLL went 2.91, 34.6, then 2.94 at step 3. It was told its steps were far too large
    (then, that fixed, that the lr blew the model up and a tenth of it): the next step undid the throw. No finding."""
    assert lrdoctor.analyze(THROWN_ONCE).findings == []


def test_a_throw_adagrad_held_is_still_too_high_an_lr() -> None:
    """The look-alike: the same model at Adagrad 0.5 without warmup (fresh71, its grid's best 0.05), its first step 5.1
    of the weights' norm, its NLL 2.91, 18,699, then 7.1, 24, 7.2, 574, 7.7 and around 7.5 for a stretch: lr-too-high,
    told an lr by that first step aimed at the first-step band's top."""
    report = lrdoctor.analyze(THROWN_HELD)
    assert "lr-too-high" in [f.rule for f in report.findings]
    assert one_lr(report) == pytest.approx(0.5 * 0.3 / 5.09, rel=0.05)


def test_the_same_one_point_throw_under_adam_is_read_as_before(tmp_path: Path) -> None:
    """Scope: the healthy run's log with a sidecar naming Adam, whose first step is no larger than its next by design:
    the throw still counts, and lr-too-high speaks."""
    assert "lr-too-high" in [f.rule for f in lrdoctor.analyze(as_adam(THROWN_ONCE, tmp_path)).findings]
