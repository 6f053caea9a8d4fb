"""Cheap checks run on the rows while the model trains: the problems worth stopping a run for.

They see each row once, when its batch is flushed, so they add no host-device synchronisation.
Each rule speaks once per run (``optimizer-reset``: once per reset), under its catalogue name.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lrdoctor.errors import LrdoctorError
from lrdoctor.record.writer import Cell

WINDOW_ROWS = 20
"""Rows in the starting and the recent window of the divergence check."""
DIVERGE_FACTOR = 1.5
"""Divergence: the recent median loss exceeds the starting median by this factor."""
EXPLODE_FACTOR = 20.0
"""Exploding gradients: a grad norm this many times the median of the recent grad norms."""
GRAD_HISTORY = 100
"""Recent grad norms kept for the exploding-gradients median."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem found during training: the catalogue rule, the step, and a one-line message."""

    rule: str
    step: int
    message: str


class TrainingProblem(LrdoctorError):
    """Raised by the recorder (``on_problem="raise"``) so the training loop can stop early."""

    def __init__(self, problem: Problem) -> None:
        self.rule = problem.rule
        self.step = problem.step
        super().__init__(problem.message)


class TrainingWarning(UserWarning):
    """Warned by the recorder (``on_problem="warn"``) when a live check finds a problem."""


def finite(value: Cell) -> float | None:
    """The cell as a float if it is a number, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


class LiveChecks:
    """Feeds on rows in step order; returns the problems each new batch reveals."""

    def __init__(self) -> None:
        self._fired: set[str] = set()
        self._start: list[float] = []
        self._recent: deque[float] = deque(maxlen=WINDOW_ROWS)
        self._grads: deque[float] = deque(maxlen=GRAD_HISTORY)

    def feed(self, rows: Sequence[Mapping[str, Cell]]) -> list[Problem]:
        """Check a batch of rows (dicts with at least ``step``)."""
        found: list[Problem] = []
        for row in rows:
            step = int(row["step"] or 0)
            for problem in (self._reset(row, step), self._loss(row, step), self._grad(row, step)):
                if problem is not None and (problem.rule == "optimizer-reset" or problem.rule not in self._fired):
                    self._fired.add(problem.rule)
                    found.append(problem)
        return found

    def _reset(self, row: Mapping[str, Cell], step: int) -> Problem | None:
        if row.get("event") != "optimizer_reset":
            return None
        return Problem(
            "optimizer-reset",
            step,
            f"optimizer-reset at step {step}: the optimizer started again from an empty state "
            "(re-created, or a checkpoint resumed without its optimizer state)",
        )

    def _loss(self, row: Mapping[str, Cell], step: int) -> Problem | None:
        loss = finite(row.get("loss"))
        if loss is None:
            return None
        if not math.isfinite(loss):
            return Problem("non-finite-loss", step, f"non-finite-loss at step {step}: the loss is {loss}")
        if len(self._start) < WINDOW_ROWS:
            self._start.append(loss)
        self._recent.append(loss)
        if len(self._start) < WINDOW_ROWS or len(self._recent) < WINDOW_ROWS:
            return None
        start, now = statistics.median(self._start), statistics.median(self._recent)
        if start <= 0 or now <= DIVERGE_FACTOR * start:
            return None
        return Problem(
            "lr-too-high",
            step,
            f"lr-too-high at step {step}: the loss is diverging (median of the last {WINDOW_ROWS} "
            f"steps {now:.4g}, {now / start:.2g}x its starting level {start:.4g})",
        )

    def _grad(self, row: Mapping[str, Cell], step: int) -> Problem | None:
        norm = finite(row.get("grad_norm"))
        if norm is None:
            return None
        if not math.isfinite(norm):
            return None  # a step the AMP loss scaler skips on purpose: its business, as in the analyzer
        history = list(self._grads)
        self._grads.append(norm)
        if len(history) < WINDOW_ROWS:
            return None
        typical = statistics.median(history)
        if typical <= 0 or norm <= EXPLODE_FACTOR * typical:
            return None
        return Problem(
            "exploding-gradients",
            step,
            f"exploding-gradients at step {step}: gradient norm {norm:.4g} is {norm / typical:.3g}x "
            f"the median of the previous {len(history)} steps ({typical:.4g})",
        )
