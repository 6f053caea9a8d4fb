"""The Markdown reporter, for pasting into a pull request or an issue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lrdoctor.findings import RunReport


def _cell(value: Any) -> str:
    """A table cell: pipes and newlines escaped, HTML neutralised."""
    text = str(value).replace("|", "\\|").replace("\n", " ")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def render_markdown(reports: Sequence[RunReport]) -> str:
    out = ["# lrdoctor report", ""]
    for r in reports:
        out += [f"## `{_cell(r.path)}`", "", f"{r.rows} rows, steps {r.first_step}–{r.last_step}.", ""]
        for note in r.notes:
            out.append(f"- note: {_cell(note)}")
        if r.notes:
            out.append("")
        if r.findings:
            out += ["| severity | rule | steps | finding | fix |", "|---|---|---|---|---|"]
            for f in r.findings:
                fix = ", ".join(f"`{k}={v:.3g}`" if isinstance(v, float) else f"`{k}={v}`" for k, v in f.fix.items())
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
