"""Diagnoses on logs written by other people (../shared/real_logs*, labelled in tests/data/real_labels.toml
from their SOURCES.md). Clear cases must be found; healthy runs must get no warning or error; uncertain
ones no error."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from lrdoctor import analyze

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
LABELS = tomllib.loads((Path(__file__).resolve().parents[1] / "data" / "real_labels.toml").read_text())["runs"]


def folder_of(name: str) -> Path:
    """The labelled run's folder; the test is skipped, with the reason, when it is not beside the checkout."""
    folder = SHARED / LABELS[name]["folder"]
    if not folder.is_dir():
        pytest.skip(f"../shared/{folder.name} is not beside this checkout")
    return folder


def log_of(name: str) -> Path:
    (path,) = [p for p in folder_of(name).iterdir() if p.name.split("__")[0] == name]
    return path


def names(status: str) -> list[str]:
    return [name for name, label in LABELS.items() if label["status"] == status]


@pytest.mark.parametrize("name", names("faulty"))
def test_clear_problems_are_found(name: str) -> None:
    fired = {f.rule for f in analyze(log_of(name)).findings}
    assert set(LABELS[name]["must_fire"]) <= fired


@pytest.mark.parametrize("name", names("healthy") + names("faulty"))
def test_nothing_warns_that_the_labels_do_not_allow(name: str) -> None:
    allowed = {*LABELS[name].get("must_fire", ()), *LABELS[name].get("may_fire", ())}
    loud = [f"{f.rule}: {f.message}" for f in analyze(log_of(name)).findings if f.severity != "info" and f.rule not in allowed]
    assert loud == []


@pytest.mark.parametrize("name", names("uncertain"))
def test_uncertain_runs_get_no_error(name: str) -> None:
    assert [f.rule for f in analyze(log_of(name)).findings if f.severity == "error"] == []


@pytest.mark.parametrize("folder", sorted({label["folder"] for label in LABELS.values()}))
def test_every_real_log_is_labelled(folder: str) -> None:
    if not (SHARED / folder).is_dir():
        pytest.skip(f"../shared/{folder} is not beside this checkout")
    files = {p.name.split("__")[0] for p in (SHARED / folder).iterdir() if p.name != "SOURCES.md"}
    assert files == {name for name, label in LABELS.items() if label["folder"] == folder}


def test_an_early_stop_before_the_quoted_best_names_the_series_lowest_there() -> None:
    """A YOLO fine-tune whose summed validation loss bottoms out at epoch 40 and its class loss at epoch 34: the
    early stop goes to the earlier one, and the advice names the series that was lowest there (it read "Stop early at
    step 34" under "bottomed out ... (step 40)" with nothing to say why)."""
    import pandas as pd

    path = log_of("yolo-dental-overfit")
    (hit,) = [f for f in analyze(path).findings if f.rule == "overfitting"]
    table = pd.read_csv(path, skipinitialspace=True)
    table.columns = [c.strip() for c in table.columns]
    cls_best = int(table["epoch"][table["val/cls_loss"].idxmin()])
    assert hit.fix["early_stop_step"] == cls_best < hit.evidence["best_step"]
    assert f"Stop early at step {cls_best} (where the val/cls_loss was lowest;" in hit.suggestion
