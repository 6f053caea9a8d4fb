"""Inputs that cannot be read: one ``LogReadError`` each, one line, naming the file and the problem."""

from __future__ import annotations

import contextlib
import importlib
import sys
from pathlib import Path

import pytest

from lrdoctor.errors import LogReadError, UsageError
from lrdoctor.io import read_log

BAD = Path(__file__).parents[1] / "data" / "bad_inputs"

CASES = [
    ("does_not_exist.csv", "no such file or directory"),
    ("empty.csv", "empty file"),
    ("header_only.csv", "header but no rows (columns: step, loss, lr)"),
    ("no_loss.csv", "no 'loss' column (columns: step, lr)"),
    ("no_known_columns.csv", "no 'step' or 'loss' column, not a known CSV log (columns: foo, bar)"),
    ("printed.log", "not a table: its first line, 'Epoch 1/200 | Loss: 0.6924', is printed text, not column names"),
    ("non_numeric.csv", "column 'loss' has a non-numeric value 'oops' on line 3"),
    ("extra_field.csv", "not a valid CSV file"),
    ("garbage.bin", "binary data, not a training log"),
    ("truncated.jsonl", "JSON lines: line 1 is not valid JSON"),
    ("no_loss.jsonl", "JSON lines: no training loss key (found: step)"),
    ("no_loss__metrics.csv", "Lightning metrics.csv: no training loss column (columns: step, val_loss)"),
    ("truncated_state/trainer_state.json", "HF trainer_state.json: invalid JSON at line 1"),
    ("truncated_state", "(the file looks truncated)"),
    ("no_log_history/trainer_state.json", "no 'log_history' list (keys: global_step, max_steps)"),
    ("bad_record.events.out.tfevents.0", "TensorBoard: record 63 fails its checksum"),
    ("empty.events.out.tfevents.0", "TensorBoard: no scalar values"),
    ("no_loss_tag.events.out.tfevents.0", "TensorBoard: no training loss tag (tags: accuracy)"),
    ("bad_sidecar/run.csv", "run.json: 'num_classes' must be a positive integer; got \"10\""),
]


@pytest.mark.parametrize(("name", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_naming_the_file(name: str, fragment: str) -> None:
    with pytest.raises(LogReadError) as caught:
        read_log(BAD / name)
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message
    assert message.startswith(str(BAD / name.split("/")[0]))


def test_folder_without_a_run(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# nothing here\n")
    with pytest.raises(LogReadError, match="no training log found in this folder"):
        read_log(tmp_path)


def test_folder_with_several_runs_asks_for_one(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "run.csv").write_text("step,loss\n1,2.0\n")
    with pytest.raises(LogReadError, match=r"holds 2 runs \(a/run.csv, b/run.csv\); name one"):
        read_log(tmp_path)


def test_unknown_input_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown input format 'parquet'"):
        read_log(BAD / "no_loss.csv", input_format="parquet")


def test_forcing_a_format_that_does_not_fit_names_it() -> None:
    with pytest.raises(LogReadError, match="HF trainer_state.json: invalid JSON"):
        read_log(BAD / "no_loss.csv", input_format="hf")


@pytest.mark.parametrize(
    ("module", "path", "fragment"),
    [
        ("tensorboard.compat.proto", BAD / "no_loss_tag.events.out.tfevents.0", "needs the 'tensorboard' package"),
        ("mlflow.tracking", "mlflow:0123", "needs the 'mlflow' package"),
    ],
)
def test_missing_optional_package_is_a_clear_error(
    module: str, path: Path | str, fragment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with contextlib.suppress(ImportError):
        importlib.import_module(module)  # load it whole first, so that blocking it leaves nothing half-imported
    monkeypatch.setitem(sys.modules, module, None)  # makes "import module" fail
    with pytest.raises(LogReadError, match=fragment):
        read_log(path)


def test_pretty_printed_json_object_is_not_a_log(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{\n  "lr": 0.1,\n  "loss": "ce"\n}\n')
    with pytest.raises(LogReadError, match="the file is one JSON object, not one object per line"):
        read_log(tmp_path / "config.json")


def test_unreadable_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import lrdoctor.io

    def denied(path: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(lrdoctor.io, "_head", denied)
    with pytest.raises(LogReadError, match=r"non_numeric.csv: cannot be read \(Permission denied\)"):
        read_log(BAD / "non_numeric.csv")
