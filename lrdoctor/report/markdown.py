"""The Markdown reporter, for pasting into a pull request or an issue.

Everything that comes from a log or a sidecar (paths, column and run names, hyper-parameters) is
escaped: it reads as the text it is, never as an image, a link, HTML or a table border.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lrdoctor.facts import Comparison, RunFacts
from lrdoctor.findings import RunReport
from lrdoctor.report.format import format_loss, format_problems, plural

if TYPE_CHECKING:
    from lrdoctor.catalogue import RuleSpec

_SYNTAX = re.compile(r"[\\`*_\[\]!|~$]")
_AUTOLINK = re.compile(r"(?i)://|\bwww\.")
"""What GitHub turns into a link on its own (``https://...``, ``www.``): a backslash breaks it."""


def _cell(value: Any) -> str:
    """Inline text (a table cell, a note): one line; HTML, Markdown syntax and autolinks shown literally."""
    text = " ".join(str(value).splitlines())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SYNTAX.sub(lambda found: "\\" + found.group(), text)
    return _AUTOLINK.sub(lambda found: ":\\/\\/" if found.group() == "://" else found.group()[:3] + "\\.", text)


def _code(value: Any, in_table: bool = False) -> str:
    """A code span holding ``value`` literally, whatever backticks it contains (pipes escaped in a table)."""
    text = " ".join(str(value).splitlines())
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    if len(fence) > 1 or text.startswith(" ") or text.endswith(" "):
        text = f" {text} "
    return f"{fence}{text}{fence}".replace("|", "\\|") if in_table else f"{fence}{text}{fence}"


def comparison_markdown(reports: Sequence[RunReport], comparison: Comparison) -> list[str]:
    """The comparison of several runs: lr-sweep verdict and one table, best run first."""
    keys, shared = comparison.varying, comparison.shared
    common = " All runs: " + ", ".join(f"{k} {v}" for k, v in shared.items()) + "." if shared else ""
    out = ["## Comparison", "", _cell(f"{len(reports)} runs, sorted by "
           + ("best validation loss." if comparison.by_val else "final (smoothed) training loss.") + common), ""]
    if comparison.sweep is not None:
        out += [f"**{_cell(comparison.sweep.advice)}**", ""]
    head = ["#", "run", "lr", *keys, "final loss", "best val loss", "problems"]
    out += ["| " + " | ".join(_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    for rank, i in enumerate(comparison.order, 1):
        f = reports[i].facts or RunFacts(steps=(reports[i].first_step, reports[i].last_step), rows=reports[i].rows)
        best_val = f"{format_loss(f.best_val_loss)} (step {f.best_val_step})" if f.best_val_loss is not None else "–"
        cells = [str(rank), comparison.names[i], f"{f.lr:.3g}" if f.lr is not None else "–", *(f.hyper.get(k, "–") for k in keys),
                 "diverged" if f.diverged else format_loss(f.final_loss), best_val, format_problems(f)]
        out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return [*out, ""]


def render_markdown(reports: Sequence[RunReport], comparison: Comparison | None = None) -> str:
    """The report as Markdown; several runs with ``comparison`` (``lrdoctor.engine.compare_runs``) first."""
    out = ["# lrdoctor report", ""]
    if comparison is not None and len(reports) > 1:
        out += comparison_markdown(reports, comparison)
    for r in reports:
        out += [f"## {_code(r.path)}", "", f"{r.rows} rows, steps {r.first_step}–{r.last_step}.", ""]
        if r.recommendation is not None:
            out += [f"**Recommended:** {_cell(r.recommendation.text)}", ""]
        for note in r.notes:
            out.append(f"- note: {_cell(note)}")
        if r.notes:
            out.append("")
        if r.findings:
            out += ["| severity | rule | steps | finding | fix |", "|---|---|---|---|---|"]
            for f in r.findings:
                fix = ", ".join(_code(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}", in_table=True)
                                for k, v in f.fix.items())
                out.append(
                    f"| {f.severity} | `{f.rule}` ({f.id}) | {f.step_start}–{f.step_end} | {_cell(f.message)} "
                    f"| {_cell(f.suggestion)} {fix} |"
                )
        else:
            out.append(f"No problems found ({plural(len(r.checked), 'rule')} checked).")
        if r.not_checked:
            out += ["", "Not checked: " + "; ".join(f"`{k}` ({_cell(v)})" for k, v in r.not_checked.items())]
        out.append("")
    return "\n".join(out)


def render_rules_markdown(catalogue: dict[str, RuleSpec]) -> str:
    """The rule catalogue as a Markdown table (README's rule table is this, between markers)."""
    out = ["| id | rule | severity | what it finds | needs | `fix` keys | live check |", "|---|---|---|---|---|---|---|"]
    for spec in catalogue.values():
        needs = ", ".join(" or ".join(f"`{c}`" for c in r.split("|")) for r in spec.needs) or "–"
        keys = ", ".join(f"`{k}`" for k in spec.fix_keys) or "–"
        live = f"`{spec.live.name}`" if spec.live is not None else "–"
        summary = spec.summary.replace("|", "\\|")  # the catalogue's own words: not log text to escape
        out.append(f"| {spec.id} | `{spec.name}` | {spec.severity} | {summary} | {needs} | {keys} | {live} |")
    return "\n".join(out) + "\n"
