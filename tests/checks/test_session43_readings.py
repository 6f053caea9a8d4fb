"""Readings fixed in session 43, on real training runs of the fix-check halves kept in tests/data/fixcheck: a batch loss
jumping at steps no larger than a healthy run's while the held-out loss held its level near its best."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import lrdoctor
from lrdoctor.findings import Finding

DATA = Path(__file__).resolve().parents[1] / "data" / "fixcheck"
RUN = DATA / "nystrom-adam-on-plateau-log5.csv"


def altered(folder: Path, column: str, rows: Callable[[pd.DataFrame], pd.Series], factor: float) -> Path:
    """The run's log with ``column`` multiplied by ``factor`` on ``rows``, its sidecar beside it, in ``folder``."""
    log = pd.read_csv(RUN)
    log.loc[rows(log), column] *= factor
    folder.mkdir()
    path = folder / RUN.name
    log.to_csv(path, index=False)
    path.with_suffix(".json").write_bytes(RUN.with_suffix(".json").read_bytes())
    return path


def oscillation(path: Path) -> Finding:
    (hit,) = [f for f in lrdoctor.analyze(path).findings if f.rule == "lr-too-high"]
    return hit


def test_a_batch_loss_jumping_at_modest_steps_while_the_held_out_loss_holds_is_no_bounce() -> None:
    """A Nystromformer-like encoder under ReduceLROnPlateau at Adam 1e-3 (fresh67, healthy: its lr within 10% of its
    grid's best), converged by step 160 to held-out accuracy 0.96 and batch losses between 0.04 and 0.56, its held-out
    loss 0.22-0.24 over the last stretch, 5% of its fall above its best at the end, its update ratios there at a median
    0.00084 (a healthy Adam run's 0.0052): it was warned that its steps were too large to settle and told a third of its lr,
    which retrained 6% worse (0.2412 -> 0.2556). Now it gets the converged plateau info and nothing else."""
    findings = lrdoctor.analyze(RUN).findings
    assert [(f.rule, f.severity) for f in findings] == [("plateau", "info")]


@pytest.mark.parametrize(("column", "factor"), [("update_ratio", 10.0), ("val_loss", 1.3), ("val_loss", 1.5)])
def test_the_same_bounce_at_large_steps_or_off_its_held_out_best_is_warned(
    tmp_path: Path, column: str, factor: float
) -> None:
    """The look-alikes: the same log with its update ratios x10 (steps above a healthy run's), or with its evaluations
    after step 242 raised 30% or 50% (a held-out loss ending 21-29% of its fall above its best): warned as before, a
    third of the lr."""
    later = 242 if column == "val_loss" else 0
    path = altered(tmp_path / "run", column, lambda log: log[column].notna() & (log["step"] > later), factor)
    hit = oscillation(path)
    assert hit.severity == "warning" and hit.step_start == 242
    assert hit.lr is not None and hit.lr.lr == pytest.approx(1e-3 / 3)
