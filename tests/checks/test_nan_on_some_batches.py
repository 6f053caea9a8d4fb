"""A loss written as NaN on some batches while training goes on is a non-finite loss, not a loss logged now and then: a
quantile MLP whose data has rows without a target (1% of them; the counterfactual drops them) had a NaN loss on 801 of
its 1,500 steps, every batch that drew such a row, its gradient norm finite on every step (a run of
bench/fixcheck_runs.py). The log wrote those cells as "nan"; read as a sparse log's empty cells, the run had no finding
at all. The look-alike: the same log with those cells left empty, a loss logged on some steps only."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from sample_runs import TEST_FIXCHECK

import lrdoctor
from lrdoctor.cli import main

NAME = "quantile-mlp-adam-missing-targets-nan"


def test_a_loss_written_nan_on_some_batches_is_found_and_gets_data_advice() -> None:
    r = lrdoctor.analyze(TEST_FIXCHECK / f"{NAME}.csv")
    (nan,) = [f for f in r.findings if f.rule == "non-finite-loss"]
    assert nan.step_start == 2
    assert "801 of the 1499" in nan.message
    assert nan.fix == {"stable_loss": True}
    assert "inputs or targets" in nan.suggestion
    assert r.recommendation is None
    result = CliRunner().invoke(main, ["check", str(TEST_FIXCHECK / f"{NAME}.csv")])
    assert result.exit_code == 1, result.output


def test_the_same_cells_left_empty_are_a_loss_not_logged_there(tmp_path: Path) -> None:
    text = (TEST_FIXCHECK / f"{NAME}.csv").read_text()
    header, *rows = text.splitlines()
    position = header.split(",").index("loss")
    emptied = []
    for row in rows:
        cells = row.split(",")
        if cells[position] == "nan":
            cells[position] = ""
        emptied.append(",".join(cells))
    assert sum(row.split(",")[position] == "" for row in emptied) == 801
    (tmp_path / f"{NAME}.csv").write_text("\n".join([header, *emptied]) + "\n")
    shutil.copy(TEST_FIXCHECK / f"{NAME}.json", tmp_path / f"{NAME}.json")
    r = lrdoctor.analyze(tmp_path / f"{NAME}.csv")
    assert "non-finite-loss" not in {f.rule for f in r.findings}
