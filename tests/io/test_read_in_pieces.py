"""A CSV read without some of its columns is parsed in pieces on every core (``io.csv.read_in_pieces``): the
table must be pandas' serial read of the same columns, whatever the pieces hold, or that read's error."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import lrdoctor.io.csv as csv_reader
from lrdoctor.io import read_log


@pytest.fixture(autouse=True)
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces of a few lines each, two threads, on files of any size."""
    monkeypatch.setattr(csv_reader, "PIECES_MIN_BYTES", 0)
    monkeypatch.setattr(csv_reader, "PIECE_BYTES", 64)
    monkeypatch.setattr(csv_reader, "reader_threads", lambda: 2)


def serial(path: Path, kept: list[int]) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8", usecols=kept)


def pieces(path: Path, kept: list[int]) -> pd.DataFrame:
    header = list(pd.read_csv(path, nrows=0).columns)
    assert csv_reader.piece_bounds(path) is not None
    return csv_reader.read_in_pieces(path, kept, header)


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def test_the_pieces_make_the_serial_table(tmp_path: Path) -> None:
    """Integers in some pieces and floats or gaps in others are floats throughout, as in one read."""
    rng = np.random.default_rng(0)
    lines = ["step,loss,lr,update_ratio/a,update_ratio/b,val_loss,opt_step"]
    for i in range(400):
        val = f"{rng.random():.4f}" if i % 37 == 0 else ""
        opt = "" if 200 <= i < 220 else str(i + 1)
        lines.append(f"{i},{rng.random():.6g},{0.1 if i < 300 else 1},{rng.random():.3g},x{i},{val},{opt}")
    path = write(tmp_path / "run.csv", lines)
    kept = [0, 1, 2, 5, 6]
    assert len(csv_reader.piece_bounds(path) or []) > 10
    got, want = pieces(path, kept), serial(path, kept)
    assert list(got.dtypes) == list(want.dtypes)
    pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize("where", [5, 150, 398])
def test_text_in_one_piece_reads_the_file_in_one(tmp_path: Path, where: int) -> None:
    """An event in one piece is text there and nothing elsewhere: the column is pandas' text column."""
    lines = ["step,loss,event,update_ratio/a"]
    lines += [f"{i},{1 / (i + 1)},{'optimizer_reset' if i == where else ''},0.1" for i in range(400)]
    path = write(tmp_path / "run.csv", lines)
    pd.testing.assert_frame_equal(pieces(path, [0, 1, 2]), serial(path, [0, 1, 2]))


def test_a_quoted_line_end_across_a_piece_reads_the_file_in_one(tmp_path: Path) -> None:
    lines = ["step,loss,event,update_ratio/a"]
    lines += [f'{i},{1 / (i + 1)},"{"two" + chr(10) + "lines" if i % 3 == 0 else ""}",0.1' for i in range(300)]
    path = write(tmp_path / "run.csv", lines)
    want = serial(path, [0, 1, 2])
    assert len(want) == 300 and want["event"].iloc[0] == "two\nlines"
    pd.testing.assert_frame_equal(pieces(path, [0, 1, 2]), want)


def test_a_line_with_more_fields_reads_the_file_in_one(tmp_path: Path) -> None:
    lines = ["step,loss,update_ratio/a", *(f"{i},0.5,0.1" for i in range(200)), "200,0.5,0.1,7", "201,0.4,0.1"]
    path = write(tmp_path / "run.csv", lines)
    try:
        want = serial(path, [0, 1])
    except pd.errors.ParserError:
        with pytest.raises(pd.errors.ParserError):
            pieces(path, [0, 1])
    else:
        pd.testing.assert_frame_equal(pieces(path, [0, 1]), want)


def test_a_small_file_or_one_core_is_one_piece(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "run.csv", ["step,loss", *(f"{i},0.5" for i in range(200))])
    monkeypatch.setattr(csv_reader, "reader_threads", lambda: 1)
    assert csv_reader.piece_bounds(path) is None
    monkeypatch.setattr(csv_reader, "reader_threads", lambda: 2)
    monkeypatch.setattr(csv_reader, "PIECES_MIN_BYTES", path.stat().st_size + 1)
    assert csv_reader.piece_bounds(path) is None


def test_a_partial_read_in_pieces_is_the_logs_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the reader: the same log as a read of every column, without the left-out ones."""
    monkeypatch.setattr(csv_reader, "PARTIAL_MIN_BYTES", 0)
    lines = ["step,loss,lr,grad_norm,lr/head,update_ratio/a,update_ratio/b"]
    lines += [f"{i},{2 / (i + 1) + 0.01 * (i % 7)},0.1,{1 + (i % 5)},0.01,1e-3,2e-3" for i in range(500)]
    path = write(tmp_path / "run.csv", lines)
    partial = read_log(path, unread=("lr", "update_ratio")).frame
    whole = read_log(path).frame
    assert "lr/head" not in partial.columns
    columns = ["step", "loss", "lr", "grad_norm"]
    pd.testing.assert_frame_equal(partial[columns], whole[columns], check_column_type=False)
