"""Reports show themselves in a notebook (``_repr_html_``): the HTML report's verdict, findings and
plots, with nothing external and no script, and styles that stay inside the output block. Rendered in
a real headless Chromium inside a page standing in for the notebook, with its own styles."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from report_runs import faulty_frame
from test_report_in_browser import BROWSER, console_messages, open_in_browser

import lrdoctor
from lrdoctor.engine import compare_runs
from lrdoctor.errors import LogReadError
from lrdoctor.findings import RunReport, RunReports
from lrdoctor.report import html

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless Chromium (apt-get install chromium)")

#: What a notebook page around the output looks like to the test: its own text colour and font, and
#: a probe (the notebook's script, not the report's) that records what the browser made of it.
NOTEBOOK = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body {{ color: rgb(1, 2, 3); font-family: serif; background: rgb(250, 250, 250); }} h1 {{ color: rgb(4, 5, 6); }}
</style></head><body><h1 id="notebook-title">My notebook</h1><p id="notebook-text">text of the notebook</p>
<div class="output_html">{fragment}</div>
<script>addEventListener('load', () => {{
  const b = document.body, css = e => getComputedStyle(document.getElementById(e));
  b.setAttribute('data-decoded', [...document.images].filter(i => i.complete && i.naturalWidth > 0).length);
  b.setAttribute('data-title-color', css('notebook-title').color);
  b.setAttribute('data-text-color', css('notebook-text').color);
  b.setAttribute('data-body-bg', getComputedStyle(b).backgroundColor);
}});</script></body></html>"""


def render_in_notebook(fragment: str, tmp_path: Path, name: str) -> str:
    """The DOM after the page around ``fragment`` loaded in Chromium; the browser logged nothing."""
    page = tmp_path / f"{name}.html"
    page.write_text(NOTEBOOK.format(fragment=fragment), encoding="utf-8")
    dom, log = open_in_browser(page, tmp_path / f"{name}.png")
    assert console_messages(log) == []
    return dom


def assert_self_contained(fragment: str) -> None:
    assert "<script" not in fragment and "<link" not in fragment and "<html" not in fragment
    assert set(re.findall(r'(?:src|href)="([a-z]+):', fragment)) <= {"data"}  # images inline, links in-page


def assert_notebook_styles_kept(dom: str) -> None:
    assert 'data-title-color="rgb(4, 5, 6)"' in dom and 'data-text-color="rgb(1, 2, 3)"' in dom
    assert 'data-body-bg="rgb(250, 250, 250)"' in dom


def test_a_report_shows_its_findings_and_plots_in_a_notebook(faulty_report: RunReport, tmp_path: Path) -> None:
    fragment = faulty_report._repr_html_()
    assert_self_contained(fragment)
    dom = render_in_notebook(fragment, tmp_path, "report")
    images = fragment.count("<img")
    assert images >= 3 and dom.count("<img") == images and f'data-decoded="{images}"' in dom
    assert dom.count('<article class="card') == len(faulty_report.findings) >= 1
    for finding in faulty_report.findings:
        assert finding.rule in dom
    assert_notebook_styles_kept(dom)


def test_analyze_takes_a_dataframe_with_the_usual_column_names() -> None:
    frame = faulty_frame().rename(columns={"loss": "train_loss", "lr": "learning_rate"}).set_index("step")
    before = frame.copy()
    by_names = lrdoctor.analyze(frame)
    canonical = lrdoctor.analyze(faulty_frame())
    assert by_names.path == "<dataframe>" and by_names.rows == len(frame)
    assert [(f.rule, f.step_start) for f in by_names.findings] == [(f.rule, f.step_start) for f in canonical.findings]
    assert by_names.findings
    pd.testing.assert_frame_equal(frame, before)  # the caller's frame is left as it was
    with pytest.raises(LogReadError, match="<dataframe>: DataFrame: no training loss column"):
        lrdoctor.analyze(pd.DataFrame({"step": [1, 2], "accuracy": [0.1, 0.2]}))


def test_many_reports_show_their_comparison_and_each_run(make_sweep: Callable[..., list[RunReport]],
                                                        tmp_path: Path) -> None:
    reports = lrdoctor.analyze_many([])
    assert reports.reports == [] and reports.comparison is None
    sweep = make_sweep((1e-4, 1e-3, 1e-2))
    group = RunReports(reports=sweep, errors=["lost.csv: no such file"], comparison=compare_runs(sweep))
    fragment = group._repr_html_()
    assert_self_contained(fragment)
    dom = render_in_notebook(fragment, tmp_path, "group")
    assert "Comparison of 3 runs" in dom and "lost.csv: no such file" in dom
    assert dom.count('<section class="run"') == 3 and f'data-decoded="{fragment.count("<img")}"' in dom
    anchors = re.findall(r'href="#([^"]+)"', fragment)
    assert anchors and all(f'id="{a}"' in fragment for a in anchors)
    assert_notebook_styles_kept(dom)


def test_over_inline_runs_the_view_is_the_counts_and_the_comparison(make_sweep: Callable[..., list[RunReport]],
                                                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "INLINE_RUNS", 2)  # as over 10 runs, with fewer to analyse
    sweep = make_sweep((1e-4, 1e-3, 1e-2))
    fragment = RunReports(reports=sweep, comparison=compare_runs(sweep))._repr_html_()
    assert_self_contained(fragment)
    dom = render_in_notebook(fragment, tmp_path, "many")
    assert "3 runs:" in dom and "Comparison of 3 runs" in dom and "reports[i]" in dom
    assert '<section class="run"' not in dom and "<a href" not in fragment
    assert_notebook_styles_kept(dom)
