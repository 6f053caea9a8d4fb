"""The labelled sample runs of ``sample_logs/labels.toml``, for the rule tests.

Import from here, not from ``conftest`` (several test folders have a conftest.py, and the
module name ``conftest`` is whichever was imported first)::

    from sample_runs import labelled, lookalikes

    @pytest.mark.parametrize("run", labelled("premature-decay"), ids=str)
    def test_fires_near_the_injected_cut(run): ...
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from lrdoctor.findings import RunReport
    from lrdoctor.signals import Signals

SAMPLE_LOGS = Path(__file__).resolve().parents[1] / "sample_logs"


@dataclass(frozen=True, slots=True)
class LabelledRun:
    """A sample run and what the analyzer must / may find on it (see labels.toml)."""

    name: str
    path: Path
    must_fire: tuple[str, ...] = ()
    may_fire: tuple[str, ...] = ()
    fault_step: int | None = None
    tolerance_steps: int | None = None
    lookalike_for: tuple[str, ...] = ()
    known_miss: tuple[str, ...] = ()
    """Rules of ``must_fire`` that lrdoctor misses today (listed in README): the bench counts them as
    misses, the tests check they are still missed, so a fix must update the label."""

    def __str__(self) -> str:
        return self.name

    @property
    def healthy(self) -> bool:
        return not self.must_fire


def read_labels(folder: Path) -> list[LabelledRun]:
    """The runs of ``folder/labels.toml``, sorted by name; each log is ``folder/<name>.csv``."""
    table = tomllib.loads((folder / "labels.toml").read_text())["runs"]
    return [
        LabelledRun(
            name=name,
            path=folder / f"{name}.csv",
            must_fire=tuple(entry.get("must_fire", ())),
            may_fire=tuple(entry.get("may_fire", ())),
            fault_step=entry.get("fault_step"),
            tolerance_steps=entry.get("tolerance_steps"),
            lookalike_for=tuple(entry.get("lookalike_for", ())),
            known_miss=tuple(entry.get("known_miss", ())),
        )
        for name, entry in sorted(table.items())
    ]


LABELLED_FOLDERS = tuple(sorted(p.parent for p in SAMPLE_LOGS.rglob("labels.toml")))
"""``sample_logs/`` and its sub-folders with their own labels: ``per_epoch/`` (logs without a step
column) and each lr sweep of ``sweeps/``."""


@functools.cache
def all_runs() -> tuple[LabelledRun, ...]:
    """Every labelled sample run, in ``sample_logs/`` and its labelled sub-folders."""
    return tuple(run for folder in LABELLED_FOLDERS for run in read_labels(folder))


def stepped_runs() -> tuple[LabelledRun, ...]:
    """The runs logged by step (all but the per-epoch logs, which have no step column: those of ``per_epoch/`` and
    the fix-check runs logged once per epoch)."""
    return tuple(r for r in all_runs() if "per_epoch" not in r.path.parts and has_step_column(r.path))


def has_step_column(path: Path) -> bool:
    """Whether a CSV log's header names a ``step`` column."""
    with path.open(encoding="utf-8") as handle:
        return "step" in [name.strip() for name in handle.readline().split(",")]


def labelled(rule: str) -> list[LabelledRun]:
    """Runs on which ``rule`` must fire (and does: known misses apart)."""
    return [r for r in all_runs() if rule in r.must_fire and rule not in r.known_miss]


def known_misses() -> list[tuple[str, LabelledRun]]:
    """(rule, run) for every fault lrdoctor is known to miss."""
    return [(rule, r) for r in all_runs() for rule in r.known_miss]


def lookalikes(rule: str) -> list[LabelledRun]:
    """Healthy runs that look like ``rule``'s fault but are not: it must stay silent on them."""
    return [r for r in all_runs() if r.healthy and rule in r.lookalike_for]


def healthy_runs() -> list[LabelledRun]:
    """Runs on which no rule may report a warning or an error."""
    return [r for r in all_runs() if r.healthy]


FIXCHECK = SAMPLE_LOGS / "fixcheck"
"""Runs of the fix-check generator (``bench/fixcheck_runs.py``) kept for the rule tests, labelled in its labels.toml."""
TEST_FIXCHECK = Path(__file__).resolve().parent / "data" / "fixcheck"
"""More fix-check runs, kept for one reading's tests each (not labelled: their README says what each shows)."""


def warned(path: Path) -> list[str]:
    """The rules of a log's warnings and errors (infos left out), in report order: a run ``sample_logs/NAME.csv`` is
    ``SAMPLE_LOGS / "NAME.csv"``, a fix-check run ``FIXCHECK / "NAME.csv"``."""
    import lrdoctor

    return [f.rule for f in lrdoctor.analyze(path).findings if f.severity != "info"]


def one_lr(report: RunReport) -> float:
    """The report's one lr: its recommendation, which every finding that proposes an lr agrees with."""
    assert report.recommendation is not None and report.recommendation.lr is not None
    lrs = {f.fix["lr"] for f in report.findings if "lr" in f.fix}
    assert lrs == {report.recommendation.lr}
    return float(report.recommendation.lr)


def signals(path: Path) -> Signals:
    """The ``Signals`` of a log with every rule's default thresholds, as ``lrdoctor.analyze`` builds them: for tests that
    call one reading of a check module directly."""
    from lrdoctor.catalogue import load_catalogue
    from lrdoctor.engine import load_run
    from lrdoctor.signals import Signals

    catalogue = load_catalogue()
    return Signals(load_run(path), params_of=lambda name: catalogue[name].params({}))


def edited_run(tmp_path: Path, name: str, edit: Callable[[pd.DataFrame], pd.DataFrame]) -> Path:
    """The fix-check run ``name`` (its sidecar too) copied into ``tmp_path`` with its table changed by ``edit``: a
    look-alike made from a real log."""
    import shutil

    import pandas as pd

    shutil.copy(FIXCHECK / f"{name}.json", tmp_path / f"{name}.json")
    edit(pd.read_csv(FIXCHECK / f"{name}.csv")).to_csv(tmp_path / f"{name}.csv", index=False)
    return tmp_path / f"{name}.csv"


def scaled_ratios(factor: float) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """An edit for ``edited_run`` that multiplies every update ratio (global and per layer) by ``factor``."""

    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        ratios = [c for c in frame.columns if c == "update_ratio" or c.startswith("update_ratio/")]
        frame[ratios] = frame[ratios] * factor
        return frame

    return edit


def with_optimizer(tmp_path: Path, name: str, optimizer: str, folder: Path = FIXCHECK) -> Path:
    """The fix-check run ``name`` (of ``folder``: sample_logs' fix-check runs, or ``TEST_FIXCHECK``) copied into
    ``tmp_path`` with its sidecar naming another optimizer (the log is the same)."""
    import json
    import shutil

    shutil.copy(folder / f"{name}.csv", tmp_path / f"{name}.csv")
    sidecar = json.loads((folder / f"{name}.json").read_text())
    sidecar["optimizer"] = optimizer
    (tmp_path / f"{name}.json").write_text(json.dumps(sidecar))
    return tmp_path / f"{name}.csv"
