"""Cheap checks run on the rows while the model trains: early signs of the problems worth stopping for.

A live check is not its rule: it sees one row at a time, not the whole run, so it carries its own
name (``loss-rising``, ``grad-norm-jump``...) and says which rule will judge the run afterwards.
Which live checks exist, what they watch and their thresholds come from the ``[live]`` table of the
rules' catalogue files; this module only holds the few generic streaming detectors they use
(``kind``). Each live check speaks once per run (an ``event`` check: once per event).
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from lrdoctor.catalogue import LiveSpec, load_catalogue
from lrdoctor.errors import LrdoctorError
from lrdoctor.record.writer import Cell


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem seen during training: the live check, the catalogue rule it foreshadows, the step,
    and a one-line message."""

    check: str
    rule: str
    step: int
    message: str


class TrainingProblem(LrdoctorError):
    """Raised by the recorder (``on_problem="raise"``) so the training loop can stop early."""

    def __init__(self, problem: Problem) -> None:
        self.check = problem.check
        self.rule = problem.rule
        self.step = problem.step
        super().__init__(problem.message)


class TrainingWarning(UserWarning):
    """Warned by the recorder (``on_problem="warn"``) when a live check finds a problem."""


def number(value: Cell) -> float | None:
    """The cell as a float if it is a number (NaN and inf included), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


Detector = Callable[[Cell], "str | None"]


def non_finite(spec: LiveSpec) -> Detector:
    """A NaN or infinite value."""

    def see(cell: Cell) -> str | None:
        value = number(cell)
        return None if value is None or math.isfinite(value) else f"{spec.column} is {value}"

    return see


def event(spec: LiveSpec) -> Detector:
    """A text cell naming an event the recorder saw (``optimizer_reset``)."""

    def see(cell: Cell) -> str | None:
        return "the optimizer started again from an empty state" if cell == "optimizer_reset" else None

    return see


def rise_over_start(spec: LiveSpec) -> Detector:
    """The median of the most recent ``window_rows`` values exceeds ``rise_factor`` x the median of
    the first ``window_rows`` (positive values only)."""
    values = spec.values()
    window, factor = int(values["window_rows"]), float(values["rise_factor"])
    start: list[float] = []
    recent: deque[float] = deque(maxlen=window)

    def see(cell: Cell) -> str | None:
        value = number(cell)
        if value is None or not math.isfinite(value):
            return None
        if len(start) < window:
            start.append(value)
        recent.append(value)
        if len(start) < window or len(recent) < window:
            return None
        first, now = statistics.median(start), statistics.median(recent)
        if first <= 0 or now <= factor * first:
            return None
        return (f"the median {spec.column} of the last {window} rows is {now:.4g}, {now / first:.2g}x its "
                f"median over the first {window} ({first:.4g})")

    return see


def jump_over_recent(spec: LiveSpec) -> Detector:
    """A value above ``jump_factor`` x the median of the previous ``history_rows`` finite values,
    once ``min_history_rows`` of them are known (inf, a step skipped by the AMP loss scaler, is skipped)."""
    values = spec.values()
    factor, needed = float(values["jump_factor"]), int(values["min_history_rows"])
    history: deque[float] = deque(maxlen=int(values["history_rows"]))

    def see(cell: Cell) -> str | None:
        value = number(cell)
        if value is None or not math.isfinite(value):
            return None
        before = list(history)
        history.append(value)
        if len(before) < needed:
            return None
        typical = statistics.median(before)
        if typical <= 0 or value <= factor * typical:
            return None
        return (f"{spec.column} {value:.4g} is {value / typical:.3g}x the median of the previous "
                f"{len(before)} ({typical:.4g})")

    return see


DETECTORS: dict[str, Callable[[LiveSpec], Detector]] = {
    "non_finite": non_finite,
    "event": event,
    "rise_over_start": rise_over_start,
    "jump_over_recent": jump_over_recent,
}


class LiveChecks:
    """Feeds on rows in step order; returns the problems each new batch reveals."""

    def __init__(self) -> None:
        self._checks = [
            (rule, spec.live, DETECTORS[spec.live.kind](spec.live))
            for rule, spec in load_catalogue().items()
            if spec.live is not None
        ]
        self._fired: set[str] = set()

    @property
    def names(self) -> list[str]:
        """The live checks that run, by name."""
        return [live.name for _, live, _ in self._checks]

    def feed(self, rows: Sequence[Mapping[str, Cell]]) -> list[Problem]:
        """Check a batch of rows (dicts with at least ``step``)."""
        found: list[Problem] = []
        for row in rows:
            step = int(row.get("step") or 0)
            for rule, live, see in self._checks:
                if live.column not in row:
                    continue
                what = see(row[live.column])
                if what is None or (live.kind != "event" and live.name in self._fired):
                    continue
                self._fired.add(live.name)
                found.append(Problem(live.name, rule, step, f"{live.name} at step {step}: {what} "
                                                            f"(live check; `lrdoctor analyze` runs {rule} on the whole log)"))
        return found
