"""An analysis without a report that draws curves reads a CSV without the columns no rule reads
(``frame.REPORT_ONLY_FAMILIES``): the diagnosis must be the one of the whole table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import lrdoctor.frame
import lrdoctor.io.csv as csv_reader
from lrdoctor import analyze
from lrdoctor.errors import LogReadError
from lrdoctor.io import read_log
from sample_runs import LabelledRun, all_runs


@pytest.fixture(autouse=True)
def any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Columns are left out of files of any size (not only of those of ``PARTIAL_MIN_BYTES``), however few
    (not only when ``PARTIAL_MIN_SHARE`` of them can be)."""
    monkeypatch.setattr(csv_reader, "PARTIAL_MIN_BYTES", 0)
    monkeypatch.setattr(csv_reader, "PARTIAL_MIN_SHARE", 0.0)


@pytest.mark.parametrize("run", all_runs(), ids=str)
def test_the_diagnosis_of_a_partial_read_is_the_whole_reads(run: LabelledRun, monkeypatch: pytest.MonkeyPatch) -> None:
    partial = analyze(run.path).to_dict()
    monkeypatch.setattr(lrdoctor.frame, "REPORT_ONLY_FAMILIES", ())
    assert analyze(run.path).to_dict() == partial


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_small_file_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_reader, "PARTIAL_MIN_BYTES", 10_000)
    path = write(tmp_path / "run.csv", ["step,loss,update_ratio/fc.weight", *(f"{i},0.5,0.01" for i in range(20))])
    assert "update_ratio/fc.weight" in read_log(path, unread=("update_ratio",)).frame.columns


def test_a_file_with_few_columns_to_leave_out_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_reader, "PARTIAL_MIN_SHARE", 0.5)
    monkeypatch.setattr(csv_reader, "parallel_reader", lambda: True)
    few = write(tmp_path / "few.csv", ["step,loss,lr,update_ratio/fc.weight", *(f"{i},0.5,0.1,0.01" for i in range(20))])
    assert "update_ratio/fc.weight" in read_log(few, unread=("update_ratio",)).frame.columns
    many = write(tmp_path / "many.csv", ["step,loss,lr/a,lr/b", *(f"{i},0.5,0.1,0.01" for i in range(20))])
    assert list(read_log(many, unread=("lr",)).frame.columns) == ["step", "loss"]


def test_the_left_out_columns_are_not_parsed(tmp_path: Path) -> None:
    """``lr/<group>`` is left out whole; ``update_ratio/<param>`` is parsed on its first rows only, without a check
    (text there is NaN, no error)."""
    path = write(tmp_path / "run.csv", ["step,loss,lr,lr/1,update_ratio,update_ratio/fc.weight",
                                        *(f"{i},{1 / (i + 1)},0.1,0.01,1e-3,x" for i in range(20))])
    log = read_log(path, unread=("lr", "update_ratio"))
    assert list(log.frame.columns) == ["step", "loss", "lr", "update_ratio", "update_ratio/fc.weight"]
    assert log.frame["update_ratio/fc.weight"].isna().all()
    with pytest.raises(LogReadError, match="update_ratio/fc.weight"):  # the text is only an error when read whole
        read_log(path)


def test_per_parameter_update_ratios_are_read_on_the_first_rows_only(tmp_path: Path) -> None:
    """wrong-initial-loss's layer gap reads the first per-tensor ratios: a partial read keeps ``HEAD_ROWS`` of them."""
    rows = lrdoctor.frame.HEAD_ROWS + 100
    path = write(tmp_path / "run.csv", ["step,loss,update_ratio/a.weight,update_ratio/b.weight",
                                        *(f"{i},0.5,{i + 1},0.01" for i in range(rows))])
    frame = read_log(path, unread=("update_ratio",)).frame
    kept = frame["update_ratio/a.weight"].to_numpy()
    assert list(kept[: lrdoctor.frame.HEAD_ROWS]) == [float(i + 1) for i in range(lrdoctor.frame.HEAD_ROWS)]
    assert pd.isna(kept[lrdoctor.frame.HEAD_ROWS :]).all()
    assert frame["loss"].notna().all() and len(frame) == rows


def test_rows_without_training_values_read_the_whole_table(tmp_path: Path) -> None:
    """An evaluation-only row is told from a training row by the other columns: read them all."""
    path = write(tmp_path / "run.csv", ["step,loss,val_loss,update_ratio/fc.weight",
                                        *(f"{i},{1 / (i + 1)},,0.001" for i in range(20)), "20,,0.5,"])
    log = read_log(path, unread=("update_ratio",))
    assert "update_ratio/fc.weight" in log.frame.columns


@pytest.mark.parametrize("last", ["19,0.1,0.1,0.01", "19,0.1,0.1,"], ids=["unterminated", "cut short"])
def test_a_last_line_without_its_line_end_is_read_whole(tmp_path: Path, last: str) -> None:
    path = tmp_path / "run.csv"
    path.write_text("\n".join(["step,loss,lr,update_ratio/fc.weight", *(f"{i},0.5,0.1,0.01" for i in range(19)), last]))
    whole, partial = read_log(path), read_log(path, unread=("update_ratio",))
    assert len(partial.frame) == len(whole.frame) and partial.notes == whole.notes
