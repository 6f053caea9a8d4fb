"""Input that used to hang, crash or be read wrong: one line naming the file, or a repair with a note.

Hangs (FIFOs, devices, link loops), Python's own parser limits (deep nesting, huge integers), other
text encodings, steps that are no step numbers, and an MLflow metric file cut short.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import lrdoctor.io.inputs
from lrdoctor.engine import load_run
from lrdoctor.errors import LogReadError
from lrdoctor.io import find_runs, input_files, read_log

FORMATS = Path(__file__).parents[1] / "data" / "formats"
MLFLOW_RUN = next(p.parent for p in (FORMATS / "mlruns").glob("*/*/meta.yaml"))
CSV = "step,loss,lr\n" + "".join(f"{i},{2.0 - i / 100:.3f},0.1\n" for i in range(50))

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")


def one_line_error(path: Path | str, **kwargs: object) -> str:
    """The message of the ``LogReadError`` that reading ``path`` raises: one line, naming the file."""
    with pytest.raises(LogReadError) as caught:
        read_log(path, **kwargs)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: "), message
    return message


# -- never a hang, never unbounded ----------------------------------------------------------------


@pytest.fixture()
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "run.csv"
    os.mkfifo(path)
    return path


@contextlib.contextmanager
def writer(fifo: Path, data: bytes, hold: float = 0.0) -> Iterator[None]:
    """A thread that opens ``fifo`` for writing, writes ``data``, keeps it open ``hold`` s and closes it."""

    def write() -> None:
        with open(fifo, "wb") as out:  # blocks until the reader opens the FIFO
            out.write(data)
            out.flush()
            time.sleep(hold)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    try:
        yield
    finally:
        if thread.is_alive():
            with contextlib.suppress(OSError), open(fifo, "rb", buffering=0) as drain:  # unblock a waiting writer
                drain.read()
        thread.join(timeout=10)


@needs_fifo
def test_fifo_without_a_writer_is_an_error_not_a_hang(fifo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lrdoctor.io.inputs, "STREAM_IDLE_SECONDS", 0.3)
    assert one_line_error(fifo).endswith("a FIFO: no data for 0.3 s")  # it gave up waiting, as set


@needs_fifo
def test_fifo_whose_writer_closes_without_writing_is_empty(fifo: Path) -> None:
    with writer(fifo, b""):
        assert one_line_error(fifo).endswith("empty (a FIFO that nothing was written to)")


@needs_fifo
def test_fifo_with_a_writer_is_read(fifo: Path) -> None:
    with writer(fifo, CSV.encode()):
        log = read_log(fifo)
    assert log.source == fifo and len(log.frame) == 50


@needs_fifo
def test_fifo_whose_writer_writes_nothing_times_out(fifo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lrdoctor.io.inputs, "STREAM_IDLE_SECONDS", 0.3)
    with writer(fifo, b"", hold=2.0):
        assert "a FIFO: no data for 0.3 s" in one_line_error(fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_endless_device_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lrdoctor.io.inputs, "MAX_STREAM_BYTES", 1 << 20)
    message = one_line_error(Path("/dev/zero"), input_format="csv")
    assert "a character device giving more than 1 MiB; save the log to a file first" in message


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_empty_device() -> None:
    assert "empty (a character device that nothing was written to)" in one_line_error(Path("/dev/null"))


def test_symlink_loop_and_broken_link(tmp_path: Path) -> None:
    loop = tmp_path / "run.csv"
    loop.symlink_to(loop)
    assert one_line_error(loop).endswith("a symbolic link loop")
    broken = tmp_path / "gone.csv"
    broken.symlink_to(tmp_path / "nowhere.csv")
    assert "a broken symbolic link (to " in one_line_error(broken)


def test_folder_with_a_link_to_its_parent_is_walked_once(tmp_path: Path) -> None:
    run = tmp_path / "exp" / "a" / "run.csv"
    run.parent.mkdir(parents=True)
    run.write_text(CSV)
    (run.parent / "up").symlink_to("..")
    (run.parent / "root").symlink_to(tmp_path)
    (tmp_path / "exp" / "alias.csv").symlink_to(run)  # the same file under a second name: listed once
    assert find_runs(tmp_path) == [run]
    assert read_log(tmp_path).source == run


def test_unlistable_folder_is_returned_as_a_run_that_reports_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "run.csv").write_text(CSV)
    locked = tmp_path / "locked"
    locked.mkdir()
    deny_listing(monkeypatch, locked)
    assert find_runs(tmp_path) == [tmp_path / "good" / "run.csv", locked]
    assert one_line_error(locked).endswith("cannot be read (Permission denied)")


def deny_listing(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Listing ``folder`` fails as for a folder without read permission (tests may run as root), whichever way it is
    listed (``Path.iterdir`` or ``os.scandir``)."""
    real, real_scandir = Path.iterdir, os.scandir

    def iterdir(self: Path) -> Iterator[Path]:
        if self == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    def scandir(path: Any = ".") -> Any:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    monkeypatch.setattr(os, "scandir", scandir)


# -- Python's parser limits ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "fragment"),
    [
        ("log.jsonl", "[" * 100_000 + "]" * 100_000, "JSON: nested too deeply"),
        ("log.jsonl", '{"a":' * 100_000 + "1" + "}" * 100_000 + "\n", "JSON lines: line 1: nested too deeply"),
        ("trainer_state.json", '{"log_history": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ("log.jsonl", '{"step": 1, "loss": 1' + "0" * 5000 + "}\n", "an integer has more than 4300 digits"),
    ],
    ids=["array", "object", "trainer_state", "digits"],
)
def test_json_beyond_python_limits_is_one_line(tmp_path: Path, name: str, text: str, fragment: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    assert fragment in one_line_error(path)


def test_deeply_nested_sidecar_names_the_sidecar(tmp_path: Path) -> None:
    (tmp_path / "run.csv").write_text(CSV)
    (tmp_path / "run.json").write_text('{"a":' * 100_000 + "1" + "}" * 100_000)
    with pytest.raises(LogReadError, match=r"run\.json: run\.json sidecar: nested too deeply"):
        read_log(tmp_path / "run.csv")


def test_deeply_nested_record_within_the_parser_limit_is_flattened(tmp_path: Path) -> None:
    depth = 900  # json.loads accepts it; flattening it recursively would not
    record = '{"step": 1, "loss": 2.0, "x": ' + '{"a": ' * depth + "1" + "}" * depth + "}"
    path = tmp_path / "log.jsonl"
    path.write_text(record + "\n" + record.replace('"step": 1', '"step": 2') + "\n")
    assert read_log(path).frame["step"].tolist() == [1.0, 2.0]


@pytest.mark.parametrize("name", ["log.jsonl", "trainer_state.json"])
def test_integer_beyond_the_float_range_is_inf_with_a_note(tmp_path: Path, name: str) -> None:
    huge = "1" + "0" * 400
    entries = [f'{{"step": {i}, "loss": {huge if i == 3 else 1.5}}}' for i in range(1, 6)]
    path = tmp_path / name
    if name == "log.jsonl":
        path.write_text("\n".join(entries) + "\n")
    else:
        path.write_text('{"log_history": [' + ", ".join(entries) + "]}")
    log = read_log(path)
    assert np.isinf(log.frame.set_index("step").loc[3.0, "loss"])
    assert "read 1 number too large for a float (beyond 1.8e308) as inf" in log.notes


# -- encodings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32"),
     ("cp1252", "Latin-1 (cp1252)")],
)
@pytest.mark.parametrize("name", ["run.csv", "log.jsonl", "trainer_state.json", "metrics.csv"])
def test_text_in_other_encodings_is_read_with_a_note(tmp_path: Path, encoding: str, named: str, name: str) -> None:
    rows = [{"step": i, "loss": 2.0 - i / 100, "lr": 0.1} for i in range(30)]
    if name.endswith(".csv"):
        text = "step,loss,lr,comment\n" + "".join(f"{r['step']},{r['loss']},{r['lr']},café\n" for r in rows)
    elif name == "log.jsonl":
        text = "".join(json.dumps({**r, "comment": "café"}, ensure_ascii=False) + "\n" for r in rows)
    else:
        text = json.dumps({"log_history": rows, "comment": "café"}, ensure_ascii=False)
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    (tmp_path / "hparams.yaml").write_text("num_classes: 7\n")
    log = read_log(path)
    assert len(log.frame) == 30 and log.frame["loss"].iloc[-1] == pytest.approx(1.71)
    assert log.notes[0] == f"read as {named} text (lrdoctor expects UTF-8)"
    assert log.source == path
    if name == "metrics.csv":
        assert log.meta["num_classes"] == 7  # hparams.yaml beside it still read


def test_latin1_byte_late_in_a_long_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "run.csv"
    rows = "".join(f"{i},{2.0 - i / 1e5:.5f},0.1,\n" for i in range(20_000))
    path.write_bytes(f"step,loss,lr,comment\n{rows}20000,0.5,0.1,".encode() + "café\n".encode("cp1252"))
    log = read_log(path)
    assert "read as Latin-1 (cp1252) text (lrdoctor expects UTF-8)" in log.notes


def test_sidecar_in_utf16_is_read(tmp_path: Path) -> None:
    (tmp_path / "run.csv").write_text(CSV)
    (tmp_path / "run.json").write_bytes('{"num_classes": 10}'.encode("utf-16"))
    assert read_log(tmp_path / "run.csv").meta == {"num_classes": 10}


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf", b"\xef\xbb\xbf\n\n", b"\xff\xfe", b" \n\t\n"], ids=repr)
def test_byte_order_mark_or_blanks_alone_is_an_empty_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "run.csv"
    path.write_bytes(data)
    assert one_line_error(path).endswith("empty file")


def test_binary_data_is_still_binary(tmp_path: Path) -> None:
    path = tmp_path / "run.csv"
    path.write_bytes(bytes(range(256)) * 40)
    assert "binary data, not a training log" in one_line_error(path)


def test_control_characters_in_a_message_are_escaped(tmp_path: Path) -> None:
    path = tmp_path / "run.csv"
    path.write_text('step,"lr\x1b[2J\u2028x"\n1,0.1\n')
    message = one_line_error(path)
    assert "\\x1b[2J\\u2028x" in message and "\x1b" not in message


# -- steps that are no step numbers -------------------------------------------------------------------


def test_fractional_steps_are_numbered_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "run.csv"
    path.write_text("step,loss\n" + "".join(f"{i / 10},{2.0 - i / 1000}\n" for i in range(300)))
    run = load_run(path)
    assert run.df["step"].tolist() == list(range(300))
    assert run.df["loss"].is_monotonic_decreasing
    assert any(note.startswith("the steps are not whole numbers (0.1, ...): numbered the rows 0-299") for note in run.notes)


def test_tiny_steps_that_round_to_one_integer_are_numbered(tmp_path: Path) -> None:
    path = tmp_path / "run.csv"
    path.write_text("step,loss\n1e-320,2.0\n1.3e-188,1.9\n5,1.8\n")  # all "whole" within rounding: 0, 0, 5
    run = load_run(path)
    assert run.df["step"].tolist() == [0, 1, 2] and run.df["loss"].tolist() == [2.0, 1.9, 1.8]
    assert any(note.startswith("the steps are not whole numbers (1.3e-188, ...)") for note in run.notes)


def test_whole_steps_written_as_floats_stay_as_they_are(tmp_path: Path) -> None:
    path = tmp_path / "run.csv"
    path.write_text("step,loss\n" + "".join(f"{i * 10}.0,{2.0 - i / 1000}\n" for i in range(30)))
    run = load_run(path)
    assert run.df["step"].tolist() == list(range(0, 300, 10)) and not any("whole" in n for n in run.notes)


@pytest.mark.parametrize("step", ["1e19", "-1e19", "9007199254740993"])
def test_steps_beyond_2_to_the_53_are_refused(tmp_path: Path, step: str) -> None:
    path = tmp_path / "run.csv"
    path.write_text(f"step,loss\n1,2.0\n{step},1.5\n")
    with pytest.raises(LogReadError, match=r"run\.csv: step values up to .* are too large for step numbers"):
        load_run(path)


# -- MLflow ------------------------------------------------------------------------------------------


def test_mlflow_metric_line_cut_short_does_not_overwrite_another_step(tmp_path: Path) -> None:
    run = tmp_path / "run"
    shutil.copytree(MLFLOW_RUN, run)
    loss = run / "metrics" / "train" / "loss"
    lines = loss.read_text().splitlines()
    step_one = read_log(run).frame.set_index("step").loc[1.0, "loss"]
    timestamp, _, step = lines[-1].split()
    loss.write_text("\n".join(lines) + f"\n{timestamp} 123.0 1")  # "... 123.0 14" cut after its first digit
    log = read_log(run)
    assert log.frame.set_index("step").loc[1.0, "loss"] == step_one
    assert "loss: dropped the last line, it was cut short (no newline at its end)" in log.notes


def test_mlflow_run_id_problems_name_the_uri(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("mlflow")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    assert one_line_error("mlflow:").endswith("MLflow: no run id after 'mlflow:'")
    assert "MLflow: no tracking store: set MLFLOW_TRACKING_URI" in one_line_error("mlflow:abc")
    assert list(tmp_path.iterdir()) == []  # MLflow was not left to create a database here
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"file:{tmp_path / 'mlruns'}")
    monkeypatch.delenv("MLFLOW_ALLOW_FILE_STORE", raising=False)
    assert "MLflow: " in one_line_error("mlflow:abc")  # MLflow 3 refuses file stores: its message, one line
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    assert "MLflow: " in one_line_error("mlflow:0123456789abcdef")


# -- the files a read opens -----------------------------------------------------------------------------


def test_input_files_lists_logs_sidecars_and_run_folder_files(tmp_path: Path) -> None:
    (tmp_path / "run.csv").write_text(CSV)
    (tmp_path / "run.json").write_text("{}")
    assert input_files(tmp_path / "run.csv") == [tmp_path / "run.csv", tmp_path / "run.json"]
    assert read_log(tmp_path / "run.csv").files == [tmp_path / "run.csv", tmp_path / "run.json"]
    files = input_files(MLFLOW_RUN)
    assert MLFLOW_RUN / "metrics" / "train" / "loss" in files and MLFLOW_RUN / "params" / "lr" in files
    (event_file,) = (FORMATS / "tensorboard" / "run").iterdir()
    assert input_files(FORMATS / "tensorboard") == [event_file]
    assert input_files(FORMATS / "hf_output") == [FORMATS / "hf_output" / "trainer_state.json"]
    store = MLFLOW_RUN.parent.parent
    os.environ["MLFLOW_TRACKING_URI"] = f"file://{store}"
    try:
        assert input_files(f"mlflow:{MLFLOW_RUN.name}") == input_files(MLFLOW_RUN)
    finally:
        del os.environ["MLFLOW_TRACKING_URI"]


_OPENED: list[str] | None = None


def _record_opens(event: str, args: tuple[object, ...]) -> None:
    if _OPENED is not None and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.path.realpath(os.fsdecode(args[0])))


@pytest.fixture(scope="module")
def opened_files() -> Iterator[Callable[[Path], set[Path]]]:
    """``opened(path)``: the files below ``path`` (a folder) or beside it that reading it opened (an audit hook)."""
    global _OPENED
    sys.addaudithook(_record_opens)  # cannot be removed: it records only while _OPENED is a list

    def opened(path: Path) -> set[Path]:
        global _OPENED
        _OPENED = []
        try:
            read_log(path)
        finally:
            names, _OPENED = _OPENED, None
        root = os.path.realpath(path if path.is_dir() else path.parent)
        return {Path(name) for name in names if name.startswith(root + os.sep) and os.path.isfile(name)}

    yield opened


def test_input_files_are_every_file_a_read_opens(tmp_path: Path, opened_files: Callable[[Path], set[Path]]) -> None:
    for name in ("tensorboard", "hf_output", "lightning", "detr"):
        shutil.copytree(FORMATS / name, tmp_path / name)
    shutil.copytree(MLFLOW_RUN, tmp_path / "mlflow" / "run")
    (tmp_path / "lightning" / "version_0" / "hparams.yaml").write_text("num_classes: 3\n")
    (tmp_path / "csv").mkdir()
    (tmp_path / "csv" / "run.csv").write_text(CSV)
    (tmp_path / "csv" / "run.json").write_text('{"num_classes": 3}')
    (tmp_path / "yolo").mkdir()
    (tmp_path / "yolo" / "results.csv").write_text(
        "epoch,train/box_loss,train/cls_loss,val/box_loss,lr/pg0\n" + "".join(f"{i},1.{i},2.{i},1.{i},0.01\n" for i in range(9)))
    (tmp_path / "utf16").mkdir()
    (tmp_path / "utf16" / "run.csv").write_bytes(CSV.encode("utf-16"))
    runs = [tmp_path / "tensorboard" / "run", tmp_path / "hf_output", tmp_path / "lightning" / "version_0" / "metrics.csv",
            tmp_path / "detr" / "log.txt", tmp_path / "mlflow" / "run", tmp_path / "csv" / "run.csv",
            tmp_path / "yolo" / "results.csv", tmp_path / "utf16" / "run.csv"]
    for run in runs:
        opened = opened_files(run)
        listed = {Path(os.path.realpath(f)) for f in input_files(run)}
        assert opened and opened <= listed, (run, opened - listed)
        assert {Path(os.path.realpath(f)) for f in read_log(run).files} == listed


# -- found by fuzzing (bench/fuzz_readers.py) ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["run.csv", "metrics.csv"])
def test_integers_beyond_the_float_range_in_a_csv_are_inf_with_a_note(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("step,loss,grad_norm\n1,2.0,3\n2,1.9," + "9" * 400 + "\n3,1.8,-" + "9" * 400 + "\n")
    run = load_run(path)
    assert run.df["grad_norm"].tolist() == [3.0, np.inf, -np.inf]
    assert "read 2 numbers too large for a float (beyond 1.8e308) as inf" in run.notes


@pytest.mark.parametrize(("name", "fragment"), [("run.csv", "CSV: column 'step' holds no numbers"),
                                                ("metrics.csv", "Lightning metrics.csv: column 'step' holds no numbers")])
def test_a_step_column_of_booleans_is_an_error(tmp_path: Path, name: str, fragment: str) -> None:
    path = tmp_path / name
    path.write_text("step,loss,lr\nTRUE,1.0,0.1\nFALSE,0.9,0.1\n")
    assert fragment in one_line_error(path)


def test_wandb_prefix_removal_never_makes_two_columns_of_one_name(tmp_path: Path) -> None:
    path = tmp_path / "run.csv"
    path.write_text("step,train/loss,a - train/loss,a - train/loss__MIN\n1,2.0,2.1,2.0\n2,1.9,2.0,1.9\n")
    log = read_log(path)
    assert list(log.frame.columns) == ["step", "loss", "a - train/loss"] and log.frame["loss"].tolist() == [2.0, 1.9]


@pytest.mark.parametrize("name", ["run.csv", "metrics.csv"])
def test_header_names_that_strip_to_one_name_stay_apart(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("step,loss, ,\x1c,lr\n1,2.0,a,b,0.1\n2,1.9,c,d,0.1\n")  # " " and "\x1c" both strip to ""
    log = read_log(path)
    assert log.frame["loss"].tolist() == [2.0, 1.9]
