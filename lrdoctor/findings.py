"""What the engine produces: ``Hit`` (from a check), ``Finding`` (a stamped hit) and ``RunReport``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

    from lrdoctor.curves import Curves
    from lrdoctor.facts import RunFacts

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


def plain(value: Any) -> Any:
    """Numbers as plain JSON-safe Python values (numpy scalars unwrapped; nan/inf become None)."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


class NotApplicable(Exception):
    """Raised by a check that cannot judge this run; ``str(exc)`` is the reason shown as "not checked"."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One problem a check found, before the engine stamps rule, id and severity on it."""

    step_start: int
    step_end: int
    message: str
    evidence: dict[str, float] = field(default_factory=dict)
    suggestion: str = ""
    fix: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Finding:
    """A diagnosed problem: which rule, how bad, where, on what evidence, and what to change."""

    rule: str
    id: str
    severity: Severity
    step_start: int
    step_end: int
    message: str
    evidence: dict[str, float]
    suggestion: str
    fix: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "id": self.id,
            "severity": self.severity,
            "step_start": int(self.step_start),
            "step_end": int(self.step_end),
            "message": self.message,
            "evidence": plain(self.evidence),
            "suggestion": self.suggestion,
            "fix": plain(self.fix),
        }


@dataclass(frozen=True, slots=True)
class RunReport:
    """The diagnosis of one run. ``to_dict()`` is the public JSON shape (see README): the reference
    every other reporter renders. ``facts`` are the run's headline numbers; ``curves`` what a report
    draws (already decimated; only when asked for), never the run's whole table."""

    path: str
    rows: int
    first_step: int
    last_step: int
    checked: list[str]
    not_checked: dict[str, str]
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    facts: RunFacts | None = field(default=None, compare=False)
    curves: Curves | None = field(default=None, repr=False, compare=False)

    @property
    def worst(self) -> Severity | None:
        """The most severe finding's severity, or None for a clean run."""
        return self.findings[0].severity if self.findings else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "rows": int(self.rows),
            "first_step": int(self.first_step),
            "last_step": int(self.last_step),
            "checked": list(self.checked),
            "not_checked": dict(self.not_checked),
            "findings": [f.to_dict() for f in self.findings],
            "notes": list(self.notes),
            "facts": None if self.facts is None else self.facts.to_dict(),
        }

    def to_frame(self) -> pd.DataFrame:
        """The findings as a pandas table, one row per finding (evidence and fix stay dicts)."""
        import pandas as pd

        columns = [f.name for f in fields(Finding)]
        return pd.DataFrame([f.to_dict() for f in self.findings], columns=columns)
