"""What ``rec.log`` puts in the log: the step column stays the recorder's, and a column first seen late
costs no rewrite of the file (its values go to ``<stem>.extra.csv``; a writer given room grows the
header in place while the room lasts)."""

from __future__ import annotations

import csv
import math
import os
import warnings
from pathlib import Path

import pytest
import torch

import lrdoctor
from lrdoctor.errors import UsageError
from lrdoctor.io import read_log
from lrdoctor.record import writer
from tests.record.conftest import column, read_rows, train_step


def test_a_step_passed_to_log_does_not_overwrite_the_step_column(model, batch, tmp_path):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with lrdoctor.record(model, opt, tmp_path / "run.csv") as rec:
            for i in range(120):
                rec.log(loss=train_step(model, opt, batch), step=i // 3)  # a step counted another way
    rows = read_rows(tmp_path / "run.csv")
    assert column(rows, "step") == list(range(1, 121))
    assert column(rows, "logged_step") == [i // 3 for i in range(120)]
    (said,) = [str(w.message) for w in caught]
    assert "rec.log(step=0) at the recorder's step 1" in said and "'logged_step'" in said
    assert len(read_log(tmp_path / "run.csv").frame) == 120


def test_a_step_that_agrees_is_kept_quietly_and_strict_mode_refuses_one_that_does_not(model, batch, tmp_path):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with lrdoctor.record(model, opt, tmp_path / "a.csv") as rec:
            for i in range(1, 4):
                rec.log(loss=train_step(model, opt, batch), step=i)
    assert column(read_rows(tmp_path / "a.csv"), "step") == [1, 2, 3]
    with pytest.raises(UsageError, match="counts optimizer steps"):
        with lrdoctor.record(model, opt, tmp_path / "b.csv", strict=True) as rec:
            rec.log(loss=train_step(model, opt, batch), step=100)


def test_a_metric_first_logged_late_does_not_rewrite_the_log(model, batch, tmp_path):
    path = tmp_path / "run.csv"
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with lrdoctor.record(model, opt, path, flush_every=10, strict=True) as rec:
        for step in range(1, 201):
            rec.log(loss=train_step(model, opt, batch))
            if step == 100:
                inode, head = os.stat(path).st_ino, path.read_bytes()
            if step >= 150 and step % 10 == 0:
                rec.log(test_acc=step / 1000, **{"my metric, v2": 1.5})
    body = path.read_bytes()
    rows_before = head[head.index(b"\n1,") :]  # the rows written before the new columns
    assert os.stat(path).st_ino == inode and body[len(head) - len(rows_before) : len(head)] == rows_before
    rows = read_rows(path)
    assert column(rows, "step") == list(range(1, 201))
    assert [(int(r["step"]), r["test_acc"]) for r in rows if not math.isnan(r["test_acc"])] == [
        (s, s / 1000) for s in range(150, 201, 10)
    ]
    frame = read_log(path).frame
    assert list(frame["my metric, v2"].dropna()) == [1.5] * 6 and len(frame) == 200


def write_rows(log: writer.CsvLog, first: int, last: int, **more: float) -> None:
    log.write([{"step": s, "loss": 1.0 / s, **more} for s in range(first, last + 1)])


def written_bytes() -> int:
    """Bytes this process has handed to write calls so far (Linux)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    raise AssertionError("no wchar in /proc/self/io")


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="counts bytes written through /proc/self/io (Linux)")
def test_a_new_column_on_a_long_log_writes_only_the_header_and_the_rows(tmp_path):
    path = tmp_path / "run.csv"
    log = writer.CsvLog(path, ["step", "epoch", "loss", "lr"], append=False)
    write_rows(log, 1, 200_000)
    size = path.stat().st_size
    before = written_bytes()
    write_rows(log, 200_001, 200_010, val_loss=0.5)
    assert written_bytes() - before < 10_000 < size  # not the 3 MB of rows again
    log.close()
    frame = read_log(path).frame
    assert len(frame) == 200_010 and list(frame["val_loss"].dropna()) == [0.5] * 10


def test_a_new_log_is_plain_csv_and_late_columns_go_to_the_side_file(tmp_path):
    path = tmp_path / "run.csv"
    log = writer.CsvLog(path, ["step", "loss"], append=False)
    write_rows(log, 1, 2)
    write_rows(log, 3, 3, val_acc=0.5)
    log.close()
    assert path.read_text() == "step,loss\n1,1\n2,0.5\n3,0.333333333\n"
    assert writer.extra_path(path).read_text() == "step,column,value\n3,val_acc,0.5\n"


def test_columns_beyond_the_room_go_to_the_side_file(tmp_path):
    path = tmp_path / "run.csv"
    log = writer.CsvLog(path, ["step", "loss"], append=False, room=1024)
    write_rows(log, 1, 5)
    many = {f"metric_{i:03d}_with_a_rather_long_name": float(i) for i in range(60)}  # ~2.6 KB of names
    write_rows(log, 6, 8, **many)
    log.close()
    header = path.read_text().splitlines()[0].split(",")
    in_header = [c for c in many if c in header]
    assert 10 < len(in_header) < 60 and in_header == list(many)[: len(in_header)]
    with writer.extra_path(path).open(newline="") as f:
        extra = list(csv.DictReader(f))
    assert {r["column"] for r in extra} == set(many) - set(in_header)
    assert [int(r["step"]) for r in extra] == [s for s in (6, 7, 8) for _ in range(60 - len(in_header))]
    frame = read_log(path).frame
    assert len(frame) == 8 and all(list(frame[c].dropna()) == [many[c]] * 3 for c in many)  # the side file joined


def test_resuming_a_log_written_without_room_uses_the_side_file(tmp_path):
    path = tmp_path / "run.csv"
    path.write_text("step,loss\n1,2.0\n2,1.5\n")
    log = writer.CsvLog(path, ["step", "loss"], append=True)
    assert log.resumed_step == 2
    write_rows(log, 3, 4, val_loss=0.9)
    log.close()
    assert path.read_text() == "step,loss\n1,2.0\n2,1.5\n3,0.333333333\n4,0.25\n"
    assert writer.extra_path(path).read_text() == "step,column,value\n3,val_loss,0.9\n4,val_loss,0.9\n"
