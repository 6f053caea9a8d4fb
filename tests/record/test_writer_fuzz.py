"""Property-based fuzz of the recorder's writer, and of ``rec.log`` on a live recorder.

Whatever rows, column names, values and batches it is given, the writer's files hold exactly what it
was given (as its cells format it); cut at any byte (a SIGKILL mid-write) a log resumes to a prefix of
whole rows; lrdoctor's reader reads what it wrote or refuses it with a one-line ``LogReadError``. And
``rec.log`` with arbitrary metrics never raises into the training loop.

Deterministic in CI (derandomized, no example database, a fixed budget);
``python bench/fuzz_recorder_writer.py`` runs the same properties longer with random seeds.
"""

from __future__ import annotations

import csv
import math
import os
import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lrdoctor.errors import LogReadError
from lrdoctor.io import read_log
from lrdoctor.record.writer import CsvLog, drop_partial_line, extra_path, format_cell, one_line

EXAMPLES = int(os.environ.get("LRDOCTOR_FUZZ_EXAMPLES", "60"))
RANDOM = os.environ.get("LRDOCTOR_FUZZ_RANDOM") == "1"  # the bench: a new random seed each run
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=not RANDOM,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

KEYS = st.one_of(
    st.sampled_from(
        ["loss", "lr", "val_loss", "grad_norm", "epoch", "event", "lr/head", "grad_norm/body.weight", "x y", "",
         "a,b", 'say "hi"', "line\nbreak", "cr\rlf", " padded ", "ünï", "step2", "nul\x00"]
    ),
    st.text(min_size=1, max_size=40),
)
VALUES = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(width=32),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(["", "nan", "inf", "abc", ",", '"', "\n", "a\r\nb", "é", " 1.5 "]),
    st.text(max_size=20),
)
ROWS = st.lists(st.dictionaries(KEYS.filter(lambda k: k != "step"), VALUES, max_size=8), min_size=1, max_size=12)


def as_batches(rows: list[dict[str, Any]], cuts: list[int]) -> list[list[dict[str, Any]]]:
    """``rows`` numbered 1..n (``step``) and split into batches at ``cuts``."""
    numbered = [{"step": i + 1, **row} for i, row in enumerate(rows)]
    edges = sorted({0, len(numbered), *(c % (len(numbered) + 1) for c in cuts)})
    return [numbered[a:b] for a, b in zip(edges, edges[1:]) if b > a]


def expected_cells(row: Mapping[str, Any]) -> dict[str, str]:
    """What a row's cells should read as: keys and text on one line (the last of keys made equal wins)."""
    return {one_line(k): format_cell(v) for k, v in row.items()}


def read_back(path: Path) -> list[dict[str, str]]:
    """Every row of a log as text cells, main file and side file merged; blank cells left out."""
    with path.open(newline="", encoding="utf-8") as f:
        lines = list(csv.reader(f))
    header, body = lines[0], [r for r in lines[1:] if r and "".join(r).strip()]
    rows = [{c: v for c, v in zip(header, r) if v != ""} for r in body]
    for r in body:
        assert len(r) <= len(header)
    side = extra_path(path)
    if side.exists():
        with side.open(newline="", encoding="utf-8") as f:
            extra = list(csv.DictReader(f))
        by_step = {row["step"]: row for row in rows}
        for cell in extra:
            if cell["value"] != "":
                by_step[cell["step"]][cell["column"]] = cell["value"]
    return rows


@SETTINGS
@given(rows=ROWS, cuts=st.lists(st.integers(min_value=0, max_value=20), max_size=4), room=st.integers(0, 400))
def test_the_files_hold_exactly_the_rows_written(rows, cuts, room):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "run.csv"
        log = CsvLog(path, ["step", "loss", "lr"], append=False, room=room)
        batches = as_batches(rows, cuts)
        for batch in batches:
            log.write(batch)
        log.close()
        expected = [{k: v for k, v in expected_cells(r).items() if v != ""} for b in batches for r in b]
        assert read_back(path) == expected
        check_reader(path, len(expected))


def check_reader(path: Path, rows: int) -> None:
    """lrdoctor's reader reads every row back, or refuses the file in one line naming it."""
    try:
        log = read_log(path)
    except LogReadError as error:
        assert "\n" not in str(error) and str(path) in str(error)
        return
    assert len(log.frame) <= rows


@SETTINGS
@given(rows=ROWS, cut=st.integers(min_value=0), more=st.integers(min_value=1, max_value=5))
@example(rows=[{"\x0c0": None}], cut=0, more=1)  # a form feed in a name split the header for str.splitlines
def test_a_log_cut_anywhere_resumes_to_a_prefix_of_whole_rows(rows, cut, more):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "run.csv"
        log = CsvLog(path, ["step", "loss"], append=False, room=100_000)  # one file: cut it alone
        numbered = as_batches(rows, [])[0]
        log.write(numbered)
        log.close()
        data = path.read_bytes()
        head = data.index(b"\n", data.index(b"\n") + 1) + 1  # the header and the room line
        path.write_bytes(data[: head + cut % (len(data) - head + 1)])  # killed mid-write
        drop_partial_line(path)
        kept = read_back(path)
        full = [{k: v for k, v in expected_cells(r).items() if v != ""} for r in numbered]
        # a row is one line: only whole rows are kept (a prefix; the last one may lack cells cut away
        # from its end only if its line was complete, which drop_partial_line guarantees)
        assert kept == full[: len(kept)]
        resumed = CsvLog(path, ["step", "loss"], append=True)
        assert resumed.resumed_step == (len(kept) or None)
        resumed.write([{"step": len(kept) + i + 1, "loss": 0.5} for i in range(more)])
        resumed.close()
        after = read_back(path)
        assert after[: len(kept)] == kept and [r["step"] for r in after[len(kept) :]] == [
            str(len(kept) + i + 1) for i in range(more)
        ]


METRICS = st.dictionaries(
    st.sampled_from(["acc", "val_loss", "val_acc", "step", "epoch_frac", "weird,name", "lr", "x\ny"]),
    st.one_of(VALUES, st.builds(lambda v: __import__("torch").tensor(v), st.floats(width=32))),
    max_size=4,
)


@SETTINGS
@given(calls=st.lists(st.tuples(st.booleans(), METRICS), min_size=1, max_size=25))
def test_rec_log_never_raises_into_training(calls):
    torch = pytest.importorskip("torch")
    import lrdoctor

    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = Path(tmp) / "run.csv"
        with lrdoctor.record(model, opt, path, flush_every=3, on_problem="warn") as rec:
            for step_now, metrics in calls:
                if step_now:
                    loss = model(torch.ones(2, 3)).pow(2).mean()
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                    rec.log(loss=loss)
                rec.log(**metrics)
        assert not rec._failed  # nothing it was given stopped it
        steps = [int(r["step"]) for r in read_back(path) if "step" in r]
        assert steps == sorted(set(steps)) and all(s >= 0 for s in steps)
        taken = sum(1 for s, _ in calls if s)
        assert (steps[-1] if steps else 0) == taken


def test_huge_integers_become_floats():
    assert [format_cell(v) for v in (2**63 - 1, 2**63, -(10**400), 10**5000)] == [
        "9223372036854775807", "9.22337204e+18", "-inf", "inf"
    ]
    assert math.isinf(float(format_cell(10**400)))
