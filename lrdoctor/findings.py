"""What the engine produces: ``Hit`` (from a check), ``Finding`` (a stamped hit) and ``RunReport``."""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

    from lrdoctor.curves import Curves
    from lrdoctor.facts import Comparison, RunFacts

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
class LrAdvice:
    """A learning rate a finding proposes, and on what evidence. The engine reconciles the advice of
    all findings of a run into one recommendation (``lrdoctor.advice``); the strongest basis wins.

    ``lower``: the advice is to lower the lr (else to raise it). ``strength`` ranks the basis (see
    ``lrdoctor.advice``: the lr at which the loss turned upward on a ramp is stronger evidence than a
    fixed divisor). ``failed_lr``: an lr the run showed to fail at; no recommendation reaches it.
    """

    lr: float
    basis: str
    strength: int
    lower: bool = True
    failed_lr: float | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """One problem a check found, before the engine stamps rule, id and severity on it.

    ``lr``: the lr this finding proposes, if any (the engine writes the reconciled value into
    ``fix["lr"]`` and into ``{lr}`` in ``suggestion``). ``explains``: rules whose findings reaching
    past this finding's start it explains (they are not reported separately; a note says so), those starting by
    step ``explains_until`` when it is set (a cause whose effects show early).
    ``severity``: only to lower this hit below its rule's severity ("info": worth knowing, not a fault).
    """

    step_start: int
    step_end: int
    message: str
    evidence: dict[str, float] = field(default_factory=dict)
    suggestion: str = ""
    fix: dict[str, Any] = field(default_factory=dict)
    lr: LrAdvice | None = None
    explains: tuple[str, ...] = ()
    severity: Severity | None = None
    explains_until: int | None = None


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
    lr: LrAdvice | None = field(default=None, compare=False)
    explains: tuple[str, ...] = field(default=(), compare=False)
    explains_until: int | None = field(default=None, compare=False)

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
class Recommendation:
    """The one learning-rate change a run's report recommends, reconciled from its findings' advice:
    the lr, how it was derived, a warmup when one is advised, and the rules that proposed it. ``schedule``:
    "constant" when the lr is to be held there instead of the run's schedule (one that grew it to the end)."""

    lr: float | None
    basis: str
    warmup_steps: int | None = None
    rules: tuple[str, ...] = ()
    schedule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"lr": plain(self.lr), "basis": self.basis, "warmup_steps": self.warmup_steps, "rules": list(self.rules),
                "schedule": self.schedule}

    @property
    def text(self) -> str:
        """One line for a reader: 'lr 0.003 (basis); warm up over 200 steps'."""
        held = " held constant" if self.schedule == "constant" else ""
        parts = [f"lr {self.lr:.2g}{held} ({self.basis})"] if self.lr is not None else []
        if self.warmup_steps:
            parts.append(f"warm up over {self.warmup_steps} steps" + ("" if parts else f" ({self.basis})"))
        return "; ".join(parts)


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
    recommendation: Recommendation | None = None

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
            "recommendation": None if self.recommendation is None else self.recommendation.to_dict(),
        }

    def to_frame(self) -> pd.DataFrame:
        """The findings as a pandas table, one row per finding (evidence and fix stay dicts)."""
        import pandas as pd

        columns = [f.name for f in fields(Finding)]
        return pd.DataFrame([f.to_dict() for f in self.findings], columns=columns)

    def _repr_html_(self) -> str:
        """Jupyter shows the report as the HTML report does: verdict, facts, findings and plots."""
        return _html_fragment([self], None)


@dataclass(frozen=True, slots=True)
class RunReports:
    """The diagnoses of many runs (``lrdoctor.analyze_many``): ``reports`` of the runs analysed, in input
    order; ``errors``, one line for each run that could not be (read, analysed, or lost with its
    workers); ``comparison`` of the reports when there are several. Iterates over the reports; shows
    itself in Jupyter as the HTML report over many runs does."""

    reports: list[RunReport]
    errors: list[str] = field(default_factory=list)
    comparison: Comparison | None = field(default=None, repr=False, compare=False)
    results: list[RunReport | str] = field(default_factory=list, repr=False, compare=False)
    """Every input's report or error line, in input order."""

    def __iter__(self) -> Iterator[RunReport]:
        return iter(self.reports)

    def __len__(self) -> int:
        return len(self.reports)

    def __getitem__(self, i: int) -> RunReport:
        return self.reports[i]

    def to_dict(self) -> dict[str, Any]:
        """The JSON report's shape (``{"lrdoctor_version", "runs", "comparison"?}``) and ``errors``."""
        report_dict = importlib.import_module("lrdoctor.report.json").report_dict
        return {**report_dict(self.reports, self.comparison), "errors": list(self.errors)}

    def to_frame(self) -> pd.DataFrame:
        """One row per run: its path, worst severity, the rules that fired and the recommended lr."""
        import pandas as pd

        rows = [{"path": r.path, "worst": r.worst, "findings": [f.rule for f in r.findings],
                 "recommended_lr": r.recommendation.lr if r.recommendation is not None else None} for r in self.reports]
        return pd.DataFrame(rows, columns=["path", "worst", "findings", "recommended_lr"])

    def _repr_html_(self) -> str:
        return _html_fragment(self.reports, self.comparison, self.errors)


def _html_fragment(reports: list[RunReport], comparison: Comparison | None, errors: list[str] | None = None) -> str:
    """The notebook view of reports. The renderer is looked up when a notebook asks: it depends on this
    module, and this data module must not depend on a reporter when it is loaded."""
    render = importlib.import_module("lrdoctor.report.html").render_fragment
    html: str = render(reports, comparison, errors or [])
    return html
