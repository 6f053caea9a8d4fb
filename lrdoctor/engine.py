"""The rules engine: reads a run, runs every selected check over its signals, stamps the findings."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lrdoctor.catalogue import RuleSpec, load_catalogue, resolve_rule_name
from lrdoctor.config import Config
from lrdoctor.errors import UsageError
from lrdoctor.findings import SEVERITY_RANK, Finding, NotApplicable, RunReport, Severity

if TYPE_CHECKING:
    import pandas as pd

    from lrdoctor.facts import Comparison
    from lrdoctor.frame import RunFrame
    from lrdoctor.signals import Signals


def selected_rules(
    select: Iterable[str] | None, ignore: Iterable[str] | None, config: Config
) -> list[RuleSpec]:
    """The catalogue entries to run, in id order: CLI choices win over the configuration's."""
    catalogue = load_catalogue()
    chosen = [resolve_rule_name(r, catalogue, "--select") for r in (select or ())] or list(config.select)
    dropped = {resolve_rule_name(r, catalogue, "--ignore") for r in (ignore or ())} | set(config.ignore)
    names = chosen or list(catalogue)
    return [catalogue[n] for n in catalogue if n in names and n not in dropped]


def missing_requirement(spec: RuleSpec, run: RunFrame) -> str | None:
    """Why a rule cannot run on this log (a required column is absent or holds no value), else None.
    A requirement ``a|b`` is met by either column; ``a*`` by the column being there, even if every
    value is NaN (a rule about non-finite values must see a column of NaN)."""
    if run.meta.get("step_is_epoch") is True and not spec.per_epoch:
        return "a log with one row per epoch: this rule needs the steps within an epoch"
    for requirement in spec.requires:
        options = requirement.split("|")
        if any(run.has(c.rstrip("*")) or (c.endswith("*") and c.rstrip("*") in run.df.columns) for c in options):
            continue
        names = " or ".join(repr(c.rstrip("*")) for c in options)
        present = [c.rstrip("*") for c in options if c.rstrip("*") in run.df.columns]
        return f"no value in the {names} column" if present else f"no {names} column"
    return None


def exclusive_rules(rules: list[RuleSpec], meta: Mapping[str, Any]) -> tuple[list[RuleSpec], dict[str, str]]:
    """The rules that judge a run whose metadata sets a rule's ``exclusive_when`` key (a range-test
    log diverges on purpose: only the rule made for it applies), and why the others do not."""
    catalogue = load_catalogue()
    keys = {spec.exclusive_when for spec in catalogue.values() if spec.exclusive_when and meta.get(spec.exclusive_when) is True}
    if not keys:
        return rules, {}
    owners = [spec.name for spec in catalogue.values() if spec.exclusive_when in keys]
    why = f"a run marked {' and '.join(sorted(keys))} is judged by {', '.join(owners)} only"
    return [spec for spec in rules if spec.name in owners], {spec.name: why for spec in rules if spec.name not in owners}


def lower(severity: Severity, hit: Severity | None) -> Severity:
    """The rule's severity, or the hit's own when it asks for less."""
    return hit if hit is not None and SEVERITY_RANK[hit] > SEVERITY_RANK[severity] else severity


def run_checks(
    run: RunFrame, signals: Signals, rules: list[RuleSpec], config: Config
) -> tuple[list[str], dict[str, str], list[Finding]]:
    checked: list[str] = []
    not_checked: dict[str, str] = {}
    findings: list[Finding] = []
    for spec in rules:
        reason = missing_requirement(spec, run)
        if reason is not None:
            not_checked[spec.name] = reason
            continue
        module = importlib.import_module(spec.module)
        try:
            hits = module.check(signals, signals.rule_params(spec.name))
        except NotApplicable as exc:
            not_checked[spec.name] = str(exc)
            continue
        checked.append(spec.name)
        configured = config.severity.get(spec.name)
        findings.extend(
            Finding(rule=spec.name, id=spec.id, severity=configured or lower(spec.severity, hit.severity),
                    step_start=hit.step_start, step_end=hit.step_end,
                    message=hit.message, evidence=hit.evidence, suggestion=hit.suggestion, fix=hit.fix, lr=hit.lr,
                    explains=hit.explains)
            for hit in hits
        )
    findings.sort(key=lambda f: (SEVERITY_RANK[f.severity], f.step_start, f.id))
    return checked, not_checked, findings


def load_run(
    source: str | Path | pd.DataFrame,
    *,
    input_format: str | None = None,
    config: Config | None = None,
    unread: Sequence[str] = (),
) -> RunFrame:
    """Read and normalise a run from a path (any supported format) or a DataFrame; ``unread``: column
    families the caller does not need (a CSV is read without them)."""
    import pandas as pd

    from lrdoctor.frame import normalize
    from lrdoctor.io.base import RawLog

    if isinstance(source, pd.DataFrame):
        raw = RawLog(frame=source, source=Path("<dataframe>"), format="dataframe")
    else:
        from lrdoctor.io import read_log

        raw = read_log(Path(source), input_format=input_format, extra_names=dict((config or Config()).columns) or None,
                       unread=unread)
    return normalize(raw)


def analyze(
    source: str | Path | pd.DataFrame,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    num_classes: int | None = None,
    meta: Mapping[str, Any] | None = None,
    config: Config | None = None,
    input_format: str | None = None,
    curves: bool | int = False,
) -> RunReport:
    """Diagnose one run.

    ``source`` is a log file or run folder in any supported format, or a DataFrame with the
    canonical columns. ``meta`` adds or overrides sidecar keys (``num_classes``, ``optimizer``...).
    ``curves``: also compute what a report draws (the HTML report needs it); a number caps the points
    per drawn series at twice that (``lrdoctor.curves.COMPACT_BUCKETS`` for a report over many runs).
    Returns a :class:`~lrdoctor.findings.RunReport`; ``report.findings`` are plain dataclasses and
    ``report.to_frame()`` gives them as a table.
    """
    from lrdoctor.advice import reconcile
    from lrdoctor.curves import curves_of
    from lrdoctor.facts import run_facts
    from lrdoctor.frame import REPORT_ONLY_FAMILIES
    from lrdoctor.signals import Signals

    config = config or Config()
    rules = selected_rules(select, ignore, config)
    run = load_run(source, input_format=input_format, config=config, unread=() if curves else REPORT_ONLY_FAMILIES)
    extra = dict(meta or {})
    if num_classes is not None:
        if num_classes < 2:
            raise UsageError(f"--num-classes must be at least 2; got {num_classes}")
        extra["num_classes"] = num_classes
    run.meta.update(extra)
    rules, skipped = exclusive_rules(rules, run.meta)
    catalogue = load_catalogue()
    signals = Signals(run, params_of=lambda name: catalogue[name].params(config.thresholds.get(name, {})))
    checked, not_checked, findings = run_checks(run, signals, rules, config)
    findings, recommendation, advice_notes = reconcile(findings)
    not_checked.update(skipped)
    return RunReport(
        path=str(run.source),
        rows=len(run.df),
        first_step=int(run.df["step"].iloc[0]),
        last_step=int(run.df["step"].iloc[-1]),
        checked=checked,
        not_checked=not_checked,
        findings=findings,
        notes=[*run.notes, *advice_notes],
        meta=dict(run.meta),
        facts=run_facts(signals, findings),
        curves=(curves_of(signals) if curves is True else curves_of(signals, int(curves))) if curves else None,
        recommendation=recommendation,
    )


def compare_runs(reports: Sequence[RunReport]) -> Comparison:
    """Several analysed runs side by side: ranked by their facts, with the lr-sweep verdict."""
    from lrdoctor.facts import RunFacts, compare

    facts = [r.facts or RunFacts(steps=(r.first_step, r.last_step), rows=r.rows) for r in reports]
    return compare(facts, [r.path for r in reports])
