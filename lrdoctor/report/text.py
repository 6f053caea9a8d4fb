"""The terminal reporter: one block per finding, most severe first, fits 80 columns."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from lrdoctor.findings import RunReport
from lrdoctor.report.format import plural

WIDTH = 80
COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _style(text: str, colour: bool, **kwargs: Any) -> str:
    if not colour:
        return text
    import click

    return click.style(text, **kwargs)


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)


def _fix_text(fix: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in fix.items())


def render_run(report: RunReport, colour: bool = False) -> str:
    lines = [_style(report.path, colour, bold=True), f"  {report.rows} row{'s' if report.rows != 1 else ''}, steps {report.first_step}-{report.last_step}"]
    for note in report.notes:
        lines.append(_wrap(f"note: {note}", "  "))
    if not report.findings:
        lines.append("  " + _style("no problems found", colour, fg="green") + f" ({plural(len(report.checked), 'rule')} checked)")
    if report.recommendation is not None:
        lines.append(_wrap("recommended: " + report.recommendation.text, "  "))
    for f in report.findings:
        head = f"{f.severity}: {f.rule} ({f.id})"
        where = f"steps {f.step_start}-{f.step_end}" if f.step_end != f.step_start else f"step {f.step_start}"
        lines.append("")
        lines.append("  " + _style(head, colour, fg=COLOURS[f.severity], bold=True) + f"  {where}")
        lines.append(_wrap(f.message, "    "))
        if f.suggestion:
            lines.append(_wrap("fix: " + f.suggestion, "    "))
        if f.fix:
            lines.append(_wrap("suggested: " + _fix_text(f.fix), "    "))
    if report.not_checked:
        lines.append("")
        lines.append("  not checked:")
        for rule, reason in report.not_checked.items():
            lines.append(_wrap(f"{rule}: {reason}", "    "))
    return "\n".join(lines)


def render_text(reports: Sequence[RunReport], colour: bool = False) -> str:
    blocks = [render_run(r, colour) for r in reports]
    counts = {s: sum(f.severity == s for r in reports for f in r.findings) for s in COLOURS}
    summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n) or "no problems"
    return "\n\n".join(blocks) + f"\n\n{len(reports)} run{'s' if len(reports) != 1 else ''} analysed: {summary}\n"


def render_compact(reports: Sequence[RunReport]) -> str:
    """One line per run and one per finding: the ``lrdoctor check`` gate's output."""
    lines: list[str] = []
    for report in reports:
        n = len(report.findings)
        summary = f"{n} finding{'s' * (n != 1)}" if n else "ok"
        lines.append(f"{report.path}: {summary} ({report.rows} rows, {plural(len(report.checked), 'rule')} checked)")
        for f in report.findings:
            where = f"step {f.step_start}" if f.step_start == f.step_end else f"steps {f.step_start}-{f.step_end}"
            lines.append(f"  {f.severity:<7} {f.id} {f.rule} ({where}): {f.message}")
    return "".join(line + "\n" for line in lines)
