"""The Markdown reporter, for pasting into a pull request or an issue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lrdoctor.findings import RunReport

if TYPE_CHECKING:
    from lrdoctor.catalogue import RuleSpec


def _cell(value: Any) -> str:
    """A table cell: pipes and newlines escaped, HTML neutralised."""
    text = str(value).replace("|", "\\|").replace("\n", " ")
    return text.replace("<", "&lt;").replace(">", "&gt;")


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
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
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


def render_rules_markdown(catalogue: dict[str, RuleSpec]) -> str:
    """The rule catalogue as a Markdown table (README's rule table is this, between markers)."""
    out = ["| id | rule | severity | what it finds | needs | `fix` keys | live check |", "|---|---|---|---|---|---|---|"]
    for spec in catalogue.values():
        needs = ", ".join(" or ".join(f"`{c}`" for c in r.split("|")) for r in spec.requires) or "–"
        keys = ", ".join(f"`{k}`" for k in spec.fix_keys) or "–"
        live = f"`{spec.live.name}`" if spec.live is not None else "–"
        out.append(f"| {spec.id} | `{spec.name}` | {spec.severity} | {_cell(spec.summary)} | {needs} | {keys} | {live} |")
    return "\n".join(out) + "\n"
