"""The HTML reporter: one self-contained file (inline CSS, SVG plots as data URIs, no script, no
network) that shows a run's verdict, facts, findings and curves, and compares several runs.

Everything taken from a log or its sidecar is escaped with ``html.escape``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from urllib.parse import quote
from pathlib import PurePath
from typing import Any

from lrdoctor._version import __version__
from lrdoctor.catalogue import RuleSpec, load_catalogue
from lrdoctor.curves import INLINE_RUNS
from lrdoctor.facts import Comparison, RunFacts, SweepVerdict
from lrdoctor.findings import Finding, RunReport
from lrdoctor.io.base import READER_KEYS
from lrdoctor.report.format import format_loss, format_problems, plural
from lrdoctor.report.plots import Plot, comparison_plot, finding_plots, run_plots

URL_SAFE = " !$&'()*+,-./:;=?@_~"
"""Characters an SVG keeps as they are in its data URI; the others (``#``, ``%``, quotes, ``<``, ``>``,
non-ASCII) are percent-encoded."""
PLOTTED_RUNS = 20
"""The comparison plot overlays the best this many runs."""
SLUG_CHARS = 60
"""A run's page name keeps at most this many characters of its name."""
PLOT_NAMES = {"loss": "loss", "lr": "learning-rate", "grad_norm": "gradient-norm"}
DOC_TITLES = {"what": "What it detects", "why": "Why it matters", "looks_like": "What it looks like",
              "fix": "How to fix it"}
OPTIMIZER_BOOKKEEPING = {"initial_lr", "foreach", "capturable", "differentiable", "fused", "maximize"}
META_SHOWN = ("task", "num_classes", "loss_fn", "optimizer", "optimizer_params", "scheduler", "batch_size",
              "num_params", "dataset_size")

CSS = """
:root { --ink:#1d232b; --muted:#5c6773; --line:#e3e7ec; --bg:#f6f7f9; --card:#fff;
  --error:#c62828; --warning:#b86e00; --info:#1565c0; --ok:#2b8a3e; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
  font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; }
main { max-width:1060px; margin:0 auto; padding:20px 24px 40px; }
h1 { font-size:22px; margin:0; } h2 { font-size:19px; margin:0 0 6px; word-break:break-all; }
h3 { font-size:16px; margin:0; } h4 { font-size:14px; margin:0 0 4px; color:var(--muted); font-weight:600; }
a { color:#0b4f9c; }
code, pre { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:13px; }
header.top { display:flex; justify-content:space-between; align-items:baseline; gap:12px;
  border-bottom:2px solid var(--ink); padding-bottom:6px; margin-bottom:16px; }
header.top .sub { color:var(--muted); font-size:13px; }
section.run, section.compare { background:var(--card); border:1px solid var(--line); border-radius:8px;
  padding:18px 20px; margin:0 0 22px; }
.path { color:var(--muted); font-size:12.5px; word-break:break-all; margin:0 0 10px; }
.verdict { border-radius:6px; padding:10px 14px; margin:10px 0 14px; font-weight:600; }
.verdict.ok { background:#e8f5ec; color:var(--ok); }
.verdict.error { background:#fdecec; color:var(--error); }
.verdict.warning { background:#fff4e0; color:var(--warning); }
.verdict.info { background:#e8f0fb; color:var(--info); }
.verdict ol { margin:6px 0 0; padding-left:22px; font-weight:400; color:var(--ink); }
.facts { display:grid; grid-template-columns:repeat(auto-fill,minmax(230px,1fr)); gap:4px 18px; margin:0 0 12px; }
.facts div { border-bottom:1px dotted var(--line); padding:2px 0; overflow-wrap:anywhere; }
.facts dt { display:inline; color:var(--muted); font-size:13px; } .facts dt::after { content:": "; }
.facts dd { display:inline; margin:0; font-weight:600; font-size:14px; }
.notes { background:#fffbe6; border:1px solid #f1e3a6; border-radius:6px; padding:8px 12px 8px 28px; font-size:14px; }
.card { border:1px solid var(--line); border-left:6px solid var(--info); border-radius:6px; padding:12px 16px;
  margin:12px 0; background:#fff; break-inside:avoid; }
.card.error { border-left-color:var(--error); } .card.warning { border-left-color:var(--warning); }
.card header { display:flex; flex-wrap:wrap; align-items:baseline; gap:8px 12px; margin-bottom:6px; }
.badge { display:inline-block; border-radius:4px; padding:1px 8px; font-size:12px; font-weight:700;
  text-transform:uppercase; letter-spacing:.03em; color:#fff; background:var(--info); }
.badge.error { background:var(--error); } .badge.warning { background:var(--warning); }
.steps { color:var(--muted); font-size:13.5px; } .rid { color:var(--muted); font-weight:400; font-size:13px; }
.msg { margin:4px 0 8px; }
table { border-collapse:collapse; font-size:13.5px; }
th, td { text-align:left; padding:4px 10px 4px 0; border-bottom:1px solid var(--line); vertical-align:top; }
th { color:var(--muted); font-weight:600; }
.evidence { display:flex; flex-wrap:wrap; gap:5px 6px; align-items:baseline; margin:4px 0; font-size:13px; }
.evidence .evh { color:var(--muted); font-weight:600; margin-right:2px; }
.ev { background:#f2f4f7; border-radius:4px; padding:1px 7px; color:var(--muted); }
.ev b { color:var(--ink); font-weight:600; font-variant-numeric:tabular-nums; }
.suggestion { margin:10px 0 6px; } .suggestion b { color:var(--ok); }
.recommendation { background:#e8f5ec; border-radius:6px; padding:8px 14px; margin:0 0 14px; }
pre.fix { background:#f2f4f7; border-radius:4px; padding:6px 10px; margin:4px 0 8px; white-space:pre-wrap; overflow-wrap:anywhere; }
details { margin-top:6px; } summary { cursor:pointer; color:#0b4f9c; font-size:14px; }
details .doc { font-size:14px; color:#2d3640; } details .doc p { margin:6px 0; }
figure { margin:14px 0 6px; break-inside:avoid; }
figure img { width:100%; height:auto; display:block; border:1px solid var(--line); border-radius:4px; }
figcaption { color:var(--muted); font-size:12.5px; margin-top:3px; }
.muted { color:var(--muted); font-size:13.5px; }
table.compare { width:100%; margin:8px 0 6px; font-variant-numeric:tabular-nums; }
table.compare td:not(:nth-child(2)) { white-space:nowrap; }
table.compare tr.best td { background:#eef8f0; }
.sweep { font-weight:600; margin:8px 0; }
.sweep.edge { color:var(--warning); }
footer { color:var(--muted); font-size:12.5px; text-align:center; margin-top:10px; }
@media (max-width:640px) { main { padding:10px; } section.run, section.compare { padding:12px; } }
@media print {
  body { background:#fff; font-size:10.5pt; } main { max-width:none; padding:0; }
  section.run, section.compare { border:none; padding:0; break-before:page; }
  section.run:first-of-type, section.compare { break-before:auto; }
  details::details-content { content-visibility:visible; display:block; }
  summary { color:var(--ink); } a { color:inherit; text-decoration:none; }
}
"""


def _fmt(value: Any) -> str:
    """A number or value as short text (not yet escaped)."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_fmt(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_fmt(v) for v in value) + ")"
    return str(value)


def _rounded(value: Any) -> Any:
    """Floats of a fix to 4 significant digits, for reading (``lr = 0.003333...`` as ``0.003333``)."""
    if isinstance(value, float):
        return float(f"{value:.4g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return value


def _steps(f: Finding) -> str:
    """'step 1,200' or 'steps 120–1,200'."""
    return f"step {f.step_start:,}" if f.step_start == f.step_end else f"steps {f.step_start:,}–{f.step_end:,}"


def verdict(report: RunReport, anchor: str) -> str:
    """Healthy, or N problems listed worst first with links to their cards."""
    if not report.findings:
        return (f'<div class="verdict ok">Healthy: no problems found '
                f"({plural(len(report.checked), 'rule')} checked).</div>")
    items = "".join(
        f'<li><span class="badge {escape(f.severity)}">{escape(f.severity)}</span> '
        f'<a href="#{anchor}-f{i}">{escape(f.rule)}</a> <span class="steps">{_steps(f)}</span></li>'
        for i, f in enumerate(report.findings, 1)
    )
    worst = report.findings[0].severity
    return (f'<div class="verdict {escape(worst)}">{plural(len(report.findings), "problem")} found'
            f" ({escape(format_problems(report.facts))})<ol>{items}</ol></div>")


def recommendation(report: RunReport) -> str:
    """The run's one recommended change, first after the verdict."""
    if report.recommendation is None:
        return ""
    return f'<p class="recommendation"><b>Recommended:</b> {escape(report.recommendation.text)}</p>'


def facts(report: RunReport) -> str:
    """The run's facts: steps, epochs, losses, then the sidecar's metadata."""
    f = report.facts or RunFacts(steps=(report.first_step, report.last_step), rows=report.rows)
    rows: list[tuple[str, str]] = [
        ("steps", f"{f.steps[0]:,}–{f.steps[1]:,}"),
        ("rows", f"{f.rows:,}"),
    ]
    if f.epochs is not None:
        rows.append(("epochs", f"{f.epochs[0]:.3g}–{f.epochs[1]:.3g}"))
    rows.append(("final loss (smoothed)", "diverged" if f.diverged else format_loss(f.final_loss)))
    rows.append(("best loss (smoothed)", format_loss(f.best_loss)))
    if f.best_val_loss is not None and f.best_val_step is not None:
        rows.append(("best val loss", f"{format_loss(f.best_val_loss)} at step {f.best_val_step:,}"))
    if f.lr is not None:
        rows.append(("lr", f"{f.lr:.3g}"))
    meta = report.meta
    shown = {**meta, "optimizer_params": optimizer_settings(meta.get("optimizer_params"))}
    rows += [(key, _fmt(shown[key])) for key in META_SHOWN if shown.get(key) not in (None, "", {})]
    cells = "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in rows)
    more = [f"{escape(str(key))}={escape(_fmt(value))}" for key, value in meta.items()
            if key not in META_SHOWN and key not in READER_KEYS and isinstance(value, (str, int, float, bool))]
    extra = f'<p class="muted">Also in the sidecar: {", ".join(more)}.</p>' if more else ""
    return f'<dl class="facts">{cells}</dl>{extra}'


def optimizer_settings(params: Any) -> dict[str, Any]:
    """The sidecar's ``optimizer_params`` without switches left off and PyTorch bookkeeping."""
    if not isinstance(params, dict):
        return {}
    return {k: v for k, v in params.items() if v is not None and v is not False and k not in OPTIMIZER_BOOKKEEPING}


def rule_docs(spec: RuleSpec | None) -> str:
    """The rule's explanation from the catalogue, folded in a <details> block."""
    if spec is None:
        return ""
    parts = [f"<p><b>{escape(title)}.</b> {escape(str(spec.docs[key]))}</p>"
             for key, title in DOC_TITLES.items() if spec.docs.get(key)]
    refs = spec.docs.get("references") or []
    if refs:
        parts.append("<p><b>References:</b> " + "; ".join(f"<code>{escape(str(r))}</code>" for r in refs) + "</p>")
    parts.append(f'<p class="muted">Thresholds: <code>lrdoctor explain {escape(spec.name)}</code>; '
                 f"tune them under <code>[tool.lrdoctor.rules.{escape(spec.name)}]</code>.</p>")
    return (f"<details><summary>About {escape(spec.name)}: {escape(spec.summary)}</summary>"
            f'<div class="doc">{"".join(parts)}</div></details>')


def finding_card(f: Finding, number: int, anchor: str, plot_key: str | None, catalogue: dict[str, RuleSpec]) -> str:
    """One finding: rule, severity, steps, message, evidence, suggestion, fix and the rule's docs."""
    evidence = "".join(f'<span class="ev">{escape(str(k))} <b>{escape(_fmt(v))}</b></span>' for k, v in f.evidence.items())
    plot_link = (f' · <a href="#{anchor}-plot-{plot_key}">shaded on the {PLOT_NAMES.get(plot_key, plot_key)} plot</a>'
                 if plot_key else "")
    parts = [
        f'<article class="card {escape(f.severity)}" id="{anchor}-f{number}"><header>'
        f'<span class="badge {escape(f.severity)}">{escape(f.severity)}</span>'
        f'<h3>#{number} {escape(f.rule)} <span class="rid">{escape(f.id)}</span></h3>'
        f'<span class="steps">{_steps(f)}{plot_link}</span></header>',
        f'<p class="msg">{escape(f.message)}</p>',
    ]
    if evidence:
        parts.append(f'<div class="evidence"><span class="evh">evidence</span>{evidence}</div>')
    if f.suggestion:
        parts.append(f'<p class="suggestion"><b>Fix:</b> {escape(f.suggestion)}</p>')
    if f.fix:
        fix_json = json.dumps(_rounded(f.fix), default=str)
        parts.append(f'<pre class="fix">fix = {escape(fix_json)}</pre>')
    parts.append(rule_docs(catalogue.get(f.rule)))
    parts.append("</article>")
    return "".join(parts)


def not_checked(report: RunReport, catalogue: dict[str, RuleSpec]) -> str:
    """Rules that could not run and why, so the user knows what to log next."""
    passed = [r for r in report.checked if not any(f.rule == r for f in report.findings)]
    out = []
    if passed:
        out.append('<p class="muted">Checked, nothing found: ' + ", ".join(escape(r) for r in passed) + ".</p>")
    if report.not_checked:
        rows = "".join(
            f"<tr><td><code>{escape(rule)}</code></td><td>{escape(reason)}</td>"
            f"<td>{escape(', '.join(catalogue[rule].needs)) if rule in catalogue else ''}</td></tr>"
            for rule, reason in report.not_checked.items()
        )
        out.append("<h3>Not checked</h3><p class=\"muted\">Log these columns to let these rules run.</p>"
                   f"<table><tr><th>rule</th><th>why not</th><th>needs</th></tr>{rows}</table>")
    return "".join(out)


def figure(plot: Plot, anchor: str) -> str:
    """A plot as a <figure> with its SVG embedded as a data URI (an <img> never runs script)."""
    data = quote(plot.svg.decode("utf-8"), safe=URL_SAFE)  # percent-encoded: a third smaller than base64
    return (f'<figure id="{anchor}-plot-{plot.key}"><h4>{escape(plot.title)}</h4>'
            f'<img alt="{escape(plot.title)}" src="data:image/svg+xml,{escape(data)}">'
            f"<figcaption>{escape(plot.caption)}</figcaption></figure>")


def run_section(report: RunReport, name: str, anchor: str, catalogue: dict[str, RuleSpec]) -> str:
    """Everything about one run."""
    plots = run_plots(report)
    drawn = [p.key for p in plots]
    where = finding_plots(report, drawn) if plots else {}
    parts = [
        f'<section class="run" id="{anchor}"><h2>{escape(name)}</h2>',
        f'<p class="path">{escape(report.path)}</p>',
        verdict(report, anchor),
        recommendation(report),
        facts(report),
    ]
    if report.notes:
        parts.append('<ul class="notes">' + "".join(f"<li>{escape(n)}</li>" for n in report.notes) + "</ul>")
    parts += [finding_card(f, i, anchor, where.get(i), catalogue) for i, f in enumerate(report.findings, 1)]
    if plots:
        parts += [figure(p, anchor) for p in plots]
    elif report.curves is None and report.facts is not None and report.facts.final_loss is not None:
        parts.append('<p class="muted">No plots: this report was made without its curves.</p>')
    else:
        parts.append('<p class="muted">No plots: the report holds no finite training loss to draw.</p>')
    parts.append(not_checked(report, catalogue))
    parts.append("</section>")
    return "".join(parts)


def sweep_line(sweep: SweepVerdict | None) -> str:
    """The lr-sweep verdict, highlighted when the sweep should be extended."""
    if sweep is None:
        return ""
    return f'<p class="sweep{" edge" if sweep.edge else ""}">{escape(sweep.advice)}</p>'


def comparison_section(reports: Sequence[RunReport], comparison: Comparison, links: Sequence[str] | None = None) -> str:
    """The table of all runs, best first, the lr-sweep verdict and the overlaid loss curves (of the
    ``PLOTTED_RUNS`` best). Run ``i`` links to ``links[i]`` (not at all when that is empty), else to
    its section ``run<i>``."""
    names = comparison.names
    keys = comparison.varying
    targets = list(links) if links is not None else [f"#run{i}" for i in range(len(reports))]
    head = "".join(f"<th>{escape(k)}</th>" for k in ["#", "run", "lr", *keys, "final loss", "best val loss", "problems",
                                                    "recommended"])
    rows = []
    for rank, i in enumerate(comparison.order, 1):
        f = reports[i].facts or RunFacts(steps=(reports[i].first_step, reports[i].last_step), rows=reports[i].rows)
        best_val = (f"{format_loss(f.best_val_loss)} (step {f.best_val_step:,})"
                    if f.best_val_loss is not None and f.best_val_step is not None else "–")
        advice = reports[i].recommendation
        recommended = advice.text if advice is not None else "–"
        cells = [str(rank), f"{f.lr:.3g}" if f.lr is not None else "–", *(f.hyper.get(k, "–") for k in keys),
                 "diverged" if f.diverged else format_loss(f.final_loss), best_val, format_problems(f), recommended]
        link = f'<td><a href="{escape(targets[i])}">{escape(names[i])}</a></td>' if targets[i] else f"<td>{escape(names[i])}</td>"
        tds = [f"<td>{escape(c)}</td>" for c in cells]
        rows.append(f'<tr class="{"best" if rank == 1 else ""}">' + "".join([tds[0], link, *tds[1:]]) + "</tr>")
    plotted = comparison.order[:PLOTTED_RUNS]
    plot = comparison_plot([reports[i] for i in plotted], [names[i] for i in plotted])
    beyond = f" The plot shows the best {PLOTTED_RUNS}." if len(reports) > PLOTTED_RUNS else ""
    sort_by = "best validation loss" if comparison.by_val else "final (smoothed) training loss"
    shared = comparison.shared
    common = " All runs: " + ", ".join(f"{k} {v}" for k, v in shared.items()) + "." if shared else ""
    where = "pages" if links is not None else "sections below"
    linked = f"; the run names link to their {where}" if any(targets) else ""
    return (f'<section class="compare" id="comparison"><h2>Comparison of {len(reports)} runs</h2>'
            f'<p class="muted">Sorted by {sort_by}{linked}.{escape(common)}{beyond}</p>'
            + sweep_line(comparison.sweep)
            + f'<table class="compare"><tr>{head}</tr>{"".join(rows)}</table>'
            + (figure(plot, "comparison") if plot else "") + "</section>")


def page(title: str, sub: str, body: Sequence[str]) -> str:
    """A whole self-contained page."""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>lrdoctor: {escape(title)}</title><style>{CSS}</style></head><body><main>"
            f'<header class="top"><h1>lrdoctor report: {escape(title)}</h1><span class="sub">{escape(sub)}</span></header>'
            f"{''.join(body)}"
            f"<footer>Written by lrdoctor {__version__}. Self-contained: no scripts, no network.</footer>"
            "</main></body></html>\n")


def render_html_site(reports: Sequence[RunReport], comparison: Comparison, index: PurePath) -> dict[PurePath, str]:
    """A report over many runs as pages: ``index`` (the comparison: every run's facts, problems and
    recommendation, linked to its page) and one self-contained page per run in ``<index stem>_runs/``,
    so that no page grows with the number of runs beyond a table row."""
    catalogue = load_catalogue()
    folder = index.with_name(index.stem + "_runs")
    files = [folder / f"{i + 1:04d}-{_slug(name)}.html" for i, name in enumerate(comparison.names)]
    links = [f"{folder.name}/{f.name}" for f in files]
    total = sum(len(r.findings) for r in reports)
    sub = f"{plural(len(reports), 'run')}, {plural(total, 'problem')} · lrdoctor {__version__}"
    summary = problem_counts(reports)
    pages: dict[PurePath, str] = {index: page(f"{len(reports)} runs", sub, [summary, comparison_section(reports, comparison, links)])}
    back = f'<p class="muted"><a href="../{escape(index.name)}">&larr; all {len(reports)} runs</a></p>'
    for r, name, file in zip(reports, comparison.names, files):
        run_sub = f"{plural(len(r.findings), 'problem')} · lrdoctor {__version__}"
        pages[file] = page(name, run_sub, [back, run_section(r, name, "run0", catalogue)])
    return pages


def problem_counts(reports: Sequence[RunReport]) -> str:
    """How many runs are healthy and how many have each problem, most frequent first."""
    healthy = sum(not r.findings for r in reports)
    by_rule: dict[str, int] = {}
    for r in reports:
        for rule in dict.fromkeys(f.rule for f in r.findings):
            by_rule[rule] = by_rule.get(rule, 0) + 1
    counts = "".join(f"<tr><td><code>{escape(rule)}</code></td><td>{n}</td></tr>" for rule, n in sorted(by_rule.items(), key=lambda kv: -kv[1]))
    return (f'<section class="compare"><h2>{plural(len(reports), "run")}: {healthy} healthy</h2>'
            + (f"<table><tr><th>problem</th><th>runs</th></tr>{counts}</table>" if counts else "") + "</section>")


def _slug(name: str) -> str:
    """A run name as a safe file name part."""
    return "".join(ch if ch.isalnum() or ch in "-._" else "_" for ch in name)[:SLUG_CHARS].strip("._") or "run"


def render_html(reports: Sequence[RunReport], comparison: Comparison | None = None) -> str:
    """One self-contained HTML page for one run or several (then with ``comparison`` first: see
    ``lrdoctor.engine.compare_runs``)."""
    from lrdoctor.facts import run_names

    catalogue = load_catalogue()
    names = comparison.names if comparison is not None else run_names([r.path for r in reports])
    total = sum(len(r.findings) for r in reports)
    title = names[0] if len(reports) == 1 else f"{len(reports)} runs"
    sub = f"{plural(len(reports), 'run')}, {plural(total, 'problem')} · lrdoctor {__version__}"
    body = [comparison_section(reports, comparison)] if comparison is not None and len(reports) > 1 else []
    body += [run_section(r, name, f"run{i}", catalogue) for i, (r, name) in enumerate(zip(reports, names))]
    return page(title, sub, body)


NOTEBOOK_CLASS = "lrdoctor-report"
"""The element a notebook view lives in; its CSS applies inside it only."""


def scoped_css(css: str, scope: str) -> str:
    """``css`` with every rule limited to the inside of ``scope`` (a selector): the page around it (a
    notebook) keeps its own styles. ``:root`` and ``body`` become the scope itself."""
    rules: list[str] = []
    i = 0
    while (brace := css.find("{", i)) >= 0:
        depth, end = 1, brace + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        head, body = css[i:brace].strip(), css[brace + 1 : end - 1]
        if head.startswith("@"):
            rules.append(f"{head} {{{scoped_css(body, scope)}}}")
        else:
            selectors = (scope if part in (":root", "body") else f"{scope} {part}" for part in map(str.strip, head.split(",")))
            rules.append(f"{', '.join(selectors)} {{{body}}}")
        i = end
    return "\n".join(rules)


def render_fragment(reports: Sequence[RunReport], comparison: Comparison | None = None, errors: Sequence[str] = ()) -> str:
    """Reports as one block for a notebook cell (what ``_repr_html_`` shows): the HTML report's verdict,
    facts, findings and plots of each run (over ``INLINE_RUNS`` runs: the problem counts and the
    comparison only), in a ``<div>`` whose scoped CSS leaves the notebook's own styles alone. Like the
    report: no script, nothing external. Anchors are unique per block (a notebook shows many)."""
    from uuid import uuid4

    from lrdoctor.facts import run_names

    catalogue = load_catalogue()
    prefix = f"lrd-{uuid4().hex[:8]}"
    names = comparison.names if comparison is not None else run_names([r.path for r in reports])
    total = sum(len(r.findings) for r in reports)
    title = names[0] if len(reports) == 1 else f"{len(reports)} runs"
    sub = f"{plural(len(reports), 'run')}, {plural(total, 'problem')} · lrdoctor {__version__}"
    body = [f'<header class="top"><h1>lrdoctor: {escape(title)}</h1><span class="sub">{escape(sub)}</span></header>']
    if errors:
        body.append('<ul class="notes">' + "".join(f"<li>{escape(e)}</li>" for e in errors) + "</ul>")
    if len(reports) > INLINE_RUNS and comparison is not None:
        body += [problem_counts(reports), comparison_section(reports, comparison, [""] * len(reports)),
                 f'<p class="muted">Each run shows itself on its own: <code>reports[i]</code>.</p>']
    else:
        if comparison is not None and len(reports) > 1:
            body.append(comparison_section(reports, comparison, [f"#{prefix}-run{i}" for i in range(len(reports))]))
        body += [run_section(r, name, f"{prefix}-run{i}", catalogue) for i, (r, name) in enumerate(zip(reports, names))]
    css = scoped_css(CSS, f".{NOTEBOOK_CLASS}")
    return f'<div class="{NOTEBOOK_CLASS}"><style>{css}</style><main>{"".join(body)}</main></div>'
