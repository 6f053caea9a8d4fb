"""premature-decay on a real run whose validation loss stopped improving long before its lr cut."""

from __future__ import annotations

from pathlib import Path

from lrdoctor import analyze

RUN = Path(__file__).resolve().parents[1] / "data" / "fixcheck" / "docs-softmax-adam-step-decay-log20.csv"


def test_a_cut_long_after_the_validation_loss_stopped_improving_is_not_premature() -> None:
    """The training loss still fell fast at the cut, but the held-out loss had bottomed out 800 steps
    earlier: slower training there costs nothing (retrained with the cut delayed: no better)."""
    report = analyze(RUN)
    assert "premature-decay" not in {f.rule for f in report.findings}
    overfit = [f for f in report.findings if f.rule == "overfitting"]
    assert overfit and overfit[0].fix["early_stop_step"] == 160


def test_the_same_cut_is_premature_when_no_evaluation_says_otherwise() -> None:
    """Without the validation column the cut reads as premature: the guard above is what silences it."""
    import pandas as pd

    df = pd.read_csv(RUN).drop(columns=["val_loss", "val_acc"], errors="ignore")
    findings = analyze(df[df["loss"].notna()]).findings
    assert [f.step_start for f in findings if f.rule == "premature-decay"] == [1001]
