"""Property tests: whatever the input, ``read_log`` returns a usable log or raises ``LogReadError``.

Deterministic (``derandomize=True``, no example database): CI runs the same examples every time; the
longer, randomised hunt is ``bench/fuzz_readers.py``. Bugs found are pinned with ``@example``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lrdoctor.errors import LogReadError
from lrdoctor.io import read_log

NAMES = [
    "run.csv", "log.jsonl", "trainer_state.json", "events.out.tfevents.1.host", "metrics.csv", "results.csv", "log.txt",
]
COLUMNS = ["step", "loss", "lr", "val_loss", "grad_norm", "epoch", "event", "train/loss", "lr-Adam", "_step", "x y", ""]
CELLS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(["", "nan", "NaN", "inf", "-Infinity", "None", "abc", " 1.5 ", "1e", '"', ",", "\n", "é"]),
    st.text(max_size=5),
)
EXAMPLES = int(os.environ.get("LRDOCTOR_HYPOTHESIS_EXAMPLES", "120"))  # raise it to hunt for bugs locally
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def check_result(path: Path) -> None:
    """The contract: a log with float64 step and loss, or a one-line LogReadError naming the file."""
    try:
        log = read_log(path)
    except LogReadError as error:
        message = str(error)
        assert "\n" not in message and message.startswith(str(path.parent))
        return
    df = log.frame
    assert {"step", "loss"} <= set(df.columns)
    assert np.isfinite(df["step"].to_numpy()).all()
    assert all(df[c].dtype == np.float64 for c in df.columns if c not in ("event", "step"))
    assert df["step"].dtype in (np.float64, np.int64)  # a file's whole steps stay integers


@SETTINGS
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=600))
@example(name="run.csv", data=b"\xef\xbb\xbf")  # only a UTF-8 byte order mark: was an IndexError
@example(name="log.jsonl", data=b"\xff\xfe")  # only a UTF-16 byte order mark
def test_arbitrary_bytes(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        check_result(path)


@SETTINGS
@given(
    name=st.sampled_from(["run.csv", "metrics.csv", "results.csv"]),
    columns=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6),
    rows=st.lists(st.lists(CELLS, min_size=6, max_size=6), max_size=8),
    newline=st.booleans(),
)
def test_odd_csv_tables(name: str, columns: list[str], rows: list[list[object]], newline: bool) -> None:
    lines = [",".join(columns)] + [",".join(str(cell) for cell in row[: len(columns)]) for row in rows]
    text = "\n".join(lines) + ("\n" if newline else "")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        check_result(path)


JSON_VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.booleans(), st.none(), st.text(max_size=4),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.sampled_from(["loss", "lr"]), st.floats(), max_size=2),
)


@SETTINGS
@given(
    records=st.lists(
        st.dictionaries(st.sampled_from([*COLUMNS, "eval_loss", "learning_rate"]), JSON_VALUES, max_size=5), max_size=8
    ),
    as_trainer_state=st.booleans(),
)
def test_odd_json_records(records: list[dict[str, object]], as_trainer_state: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if as_trainer_state:
            path = Path(tmp) / "trainer_state.json"
            path.write_text(json.dumps({"global_step": 3, "log_history": records}))
        else:
            path = Path(tmp) / "log.jsonl"
            path.write_text("".join(json.dumps(record) + "\n" for record in records))
        check_result(path)


@settings(max_examples=300, derandomize=True, database=None)
@given(st.lists(st.sampled_from([b"a", b",", b"1.5", b"\n", b"\r", b"\r\n", "\u2028".encode(), "\x85".encode(), "é".encode(),
                                 b"\xe2", b"\x80", b"x" * 1500]), max_size=40))
def test_the_tail_s_last_lines_are_those_of_the_whole_tail(parts: list[bytes]) -> None:
    from lrdoctor.io.csv import _last_lines

    tail = b"".join(parts)
    whole = tail.decode("utf-8", errors="replace").rstrip("\r\n").splitlines()
    lines = _last_lines(tail)
    assert (len(lines) >= 2) == (len(whole) >= 2) and lines[-1:] == whole[-1:]
