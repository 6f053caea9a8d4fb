"""The Markdown reporter, for pasting into a pull request or an issue.

Everything that comes from a log or a sidecar (paths, column and run names, hyper-parameters) is
escaped: it reads as the text it is, never as an image, a link, HTML or a table border.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lrdoctor.findings import RunReport

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


def comparison_markdown(reports: Sequence[RunReport]) -> list[str]:
    """The comparison of several runs: lr-sweep verdict and one table, best run first."""
    from lrdoctor.report.compare import format_loss, format_problems, lr_sweep, ranked, summaries_of, table_keys

    order, by_val = ranked(summaries_of(reports))
    keys, shared = table_keys(order)
    common = " All runs: " + ", ".join(f"{k} {v}" for k, v in shared.items()) + "." if shared else ""
    out = ["## Comparison", "", _cell(f"{len(order)} runs, sorted by "
           + ("best validation loss." if by_val else "final (smoothed) training loss.") + common), ""]
    sweep = lr_sweep(order, by_val)
    if sweep is not None:
        out += [f"**{_cell(sweep.advice)}**", ""]
    head = ["#", "run", "lr", *keys, "final loss", "best val loss", "problems"]
    out += ["| " + " | ".join(_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    for i, s in enumerate(order, 1):
        best_val = f"{format_loss(s.best_val_loss)} (step {s.best_val_step})" if s.best_val_loss is not None else "–"
        cells = [str(i), s.name, f"{s.lr:.3g}" if s.lr is not None else "–", *(s.hyper.get(k, "–") for k in keys),
                 "diverged" if s.final_diverged else format_loss(s.final_loss), best_val, format_problems(s)]
        out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return [*out, ""]


def render_markdown(reports: Sequence[RunReport]) -> str:
    out = ["# lrdoctor report", ""]
    if len(reports) > 1:
        out += comparison_markdown(reports)
    for r in reports:
        out += [f"## {_code(r.path)}", "", f"{r.rows} rows, steps {r.first_step}–{r.last_step}.", ""]
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
            out.append(f"No problems found ({len(r.checked)} rules checked).")
        if r.not_checked:
            out += ["", "Not checked: " + "; ".join(f"`{k}` ({_cell(v)})" for k, v in r.not_checked.items())]
        out.append("")
    return "\n".join(out)
