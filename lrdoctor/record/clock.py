"""Which row a logged loss belongs to, whatever order the loop logs and steps in."""

from __future__ import annotations

from typing import Literal


class StepClock:
    """Counts optimizer steps (the row ``step``) and pairs each logged loss with its step.

    The order is learnt from the first event: a step first means the loop logs after
    ``optimizer.step()`` (the loss belongs to the step just taken); a loss first means it logs
    before (the loss belongs to the next step). Two losses with no step between them mean a step was
    skipped (an AMP step with inf gradients): it still gets a step number and a row.
    """

    def __init__(self, start: int = 0) -> None:
        self.step = start
        self.order: Literal["after", "before"] | None = None
        self._logged = False
        self._stepped = False

    def on_step(self) -> int:
        """An optimizer step ran: its global step number."""
        if self.order is None:
            self.order = "after"
        self.step += 1
        self._stepped = True
        return self.step

    def on_loss(self) -> tuple[int, bool]:
        """A loss was logged: the step of its row, and whether a step was skipped just before."""
        if self.order is None:
            self.order = "before"
        skipped = self._logged and not self._stepped
        self._logged, self._stepped = True, False
        if skipped:
            self.step += 1
        return (self.step if self.order == "after" else self.step + 1), skipped
