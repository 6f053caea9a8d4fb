"""How often the recorder takes its expensive passes, so that its own time stays within a share of the step.

The gradient norm, the weight norm and the update ratio each read every parameter (or gradient) once:
a memory-bound pass that costs about a millisecond per 20 MB on a CPU. On a model whose steps are
short that is a few percent of the step. The recorder times itself (its hooks and ``rec.log``, and
within them these passes) and the interval between steps, and takes the passes every ``every`` steps,
a power of two chosen so that its own time per step (on average) stays under ``fraction`` of the step
(the median interval between steps: a pause for validation or a checkpoint is not a step). The loss,
the lrs, the optimizer's step counter and events are still recorded on every step.

The gradient norm is always taken on the first ``FIRST_STEPS`` steps (early explosions), and for
``ALERT_STEPS`` steps from a loss that is non-finite or far above its running level (when the loss is
a number on the host: a GPU tensor is never read, that would wait for the GPU); a clipping call's
total norm is recorded on every step it is given, at no cost. Rows whose gradient norm was not taken
leave the cell empty. Sample logs with the gradient norm and weight norm thinned this way give the
same findings (``tests/record/test_budget.py``).

On a GPU the passes are asynchronous kernels: the host time counted here is only their launch, so
the budget keeps the passes on every step there unless the host work itself is heavy.
"""

from __future__ import annotations

import math
import statistics

FIRST_STEPS = 50
"""The gradient norm is taken on every one of the first steps recorded."""
ALERT_STEPS = 20
"""Steps with the gradient norm taken on every one after a loss that is non-finite or far above its level."""
MAX_EVERY = 16
"""The sparsest cadence (sample logs thinned to it keep their findings)."""
REVIEW_STEPS = 50
"""The cadence is reconsidered every this many steps, from what they cost."""
SMOOTHING = 0.3
"""Weight of the latest review window in the running estimates (machine noise averages out)."""
LOWER_MARGIN = 0.7
"""A denser cadence is taken only if its estimated cost is under this share of the budget: no
flip-flopping around the limit."""
LOSS_SMOOTHING = 0.05
SPIKE_DEVIATIONS = 8.0
SPIKE_SHARE = 0.25
"""A loss is far above its running level when it exceeds it by ``SPIKE_DEVIATIONS`` running mean
absolute deviations and by ``SPIKE_SHARE`` of the level."""


class Budget:
    """The cadence of the expensive passes under a time budget (``fraction`` of the step time)."""

    def __init__(self, fraction: float, first_step: int = 0) -> None:
        self.fraction = fraction
        self.every = 1
        self.first_step = first_step
        self.alert_until = first_step + FIRST_STEPS
        self.changes: list[tuple[int, int]] = []
        """``(step, every)`` each time the cadence changed (for ``run.json`` and tests)."""
        self._own = 0.0
        self._passes = 0.0
        self._pass_steps = 0
        self._steps = 0
        self._last: float | None = None
        self._intervals: list[float] = []
        self._interval: float | None = None
        self._rest: float | None = None
        self._per_pass: float | None = None
        self._level: float | None = None
        self._deviation = 0.0

    # ------------------------------------------------------------ what to take
    def dense(self, step: int) -> bool:
        """Whether this step takes the gradient norm whatever the cadence (first steps, alerts)."""
        return step <= self.alert_until

    def due(self, step: int, every: int) -> bool:
        """Whether ``step`` is on the grid of ``every`` steps stretched by the cadence."""
        span = every * self.every
        return every > 0 and (step - 1) % span == 0

    # ------------------------------------------------------------ what it cost
    def spent(self, seconds: float) -> None:
        """Time spent in the recorder's own code (a hook, ``rec.log``)."""
        self._own += seconds

    def passed(self, seconds: float) -> None:
        """Time spent in an expensive pass (already counted by ``spent``)."""
        self._passes += seconds

    def stepped(self, step: int, now: float, took_pass: bool) -> None:
        """An optimizer step ended at ``now`` (``time.perf_counter``): review the cadence every
        ``REVIEW_STEPS`` steps once the first steps are done."""
        last, self._last = self._last, now
        if last is None:
            self._own = self._passes = 0.0  # the first step's warm-up is no measure of the run
            return
        self._intervals.append(now - last)
        self._steps += 1
        self._pass_steps += took_pass
        if self._steps >= REVIEW_STEPS:
            self._review(step)

    def _review(self, step: int) -> None:
        n = self._steps
        interval = statistics.median(self._intervals)  # a pause (validation, a checkpoint) is no step
        rest = max(0.0, self._own - self._passes) / n
        self._interval = self._smooth(self._interval, interval)
        self._rest = self._smooth(self._rest, rest)
        if self._pass_steps:
            self._per_pass = self._smooth(self._per_pass, self._passes / self._pass_steps)
        self._own = self._passes = 0.0
        self._steps = self._pass_steps = 0
        self._intervals.clear()
        if step < self.first_step + FIRST_STEPS or self._per_pass is None:
            return
        chosen = self.choose(self._interval, self._rest, self._per_pass, self.every)
        if chosen != self.every:
            self.every = chosen
            self.changes.append((step, chosen))

    @staticmethod
    def _smooth(old: float | None, new: float) -> float:
        return new if old is None else (1 - SMOOTHING) * old + SMOOTHING * new

    def choose(self, interval: float, rest: float, per_pass: float, current: int) -> int:
        """The cadence for steps of ``interval`` seconds when the recorder spends ``rest`` seconds a step
        besides the passes and ``per_pass`` seconds on a step that takes them: the densest power of two
        within the budget (``MAX_EVERY`` if none is); a denser one than ``current`` only with a margin."""
        room = self.fraction * interval - rest
        if room <= 0:
            return MAX_EVERY
        every = 1
        while every < MAX_EVERY and per_pass / every > room:
            every *= 2
        if every < current and per_pass / every > LOWER_MARGIN * room:
            every = min(current, every * 2)
        return every

    # ------------------------------------------------------------ the loss
    def saw_loss(self, step: int, loss: float) -> None:
        """A loss on the host: a non-finite one, or one far above the running level, takes the gradient
        norm on every step from ``step`` for ``ALERT_STEPS`` steps."""
        if not math.isfinite(loss):
            self.alert_until = max(self.alert_until, step + ALERT_STEPS)
            return
        level = self._level
        if level is not None:
            excess = loss - level
            if excess > SPIKE_DEVIATIONS * self._deviation and excess > SPIKE_SHARE * abs(level):
                self.alert_until = max(self.alert_until, step + ALERT_STEPS)
            self._deviation += LOSS_SMOOTHING * (abs(excess) - self._deviation)
            self._level = level + LOSS_SMOOTHING * excess
        else:
            self._level = loss
