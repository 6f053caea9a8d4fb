"""Comparing runs: names, ranking, the lr-sweep verdict, and the comparison in HTML and Markdown."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from report_runs import faulty_frame, sweep_frame
from sample_runs import SAMPLE_LOGS

from lrdoctor import analyze
from lrdoctor.engine import compare_runs
from lrdoctor.facts import RunFacts, run_names
from lrdoctor.findings import RunReport
from lrdoctor.report.html import render_html
from lrdoctor.report.json import render_json, report_dict
from lrdoctor.report.markdown import render_markdown

Sweep = Callable[..., list[RunReport]]


def ranked(reports: list[RunReport]) -> tuple[list[RunFacts], bool]:
    """The runs' facts best first, and whether ranked by validation loss."""
    c = compare_runs(reports)
    return [reports[i].facts for i in c.order], c.by_val


@pytest.mark.parametrize(("paths", "names"), [
    (["a.csv", "b.csv"], ["a", "b"]),
    (["runs/lr1e-3/run.csv", "runs/lr1e-2/run.csv"], ["lr1e-3/run", "lr1e-2/run"]),
    (["x/a/run.csv", "y/a/run.csv"], ["x/a/run", "y/a/run"]),
    (["same.csv", "same.csv"], ["same (1)", "same (2)"]),
])
def test_run_names_tell_runs_apart(paths: list[str], names: list[str]) -> None:
    assert run_names(paths) == names


def test_sweep_with_best_lr_inside_the_range(make_sweep: Sweep) -> None:
    reports = make_sweep((1e-4, 1e-2, 1e-3))
    order, by_val = ranked(reports)
    assert by_val
    assert order[0].lr == 1e-3 and order[0].best_val_loss is not None
    assert all(order[0].score(True) < s.score(True) for s in order[1:])
    sweep = compare_runs(reports).sweep
    assert sweep is not None and sweep.best_lr == 1e-3 and sweep.edge is None
    assert "inside the swept range" in sweep.advice


def test_sweep_with_best_lr_at_the_top_says_extend_upwards(make_sweep: Sweep) -> None:
    sweep = compare_runs(make_sweep((1e-3, 3e-4, 1e-4))).sweep
    next_lr = 1e-3 * 1e-3 / 3e-4
    assert sweep is not None and sweep.best_lr == 1e-3 and sweep.edge == "highest" and sweep.extend
    assert sweep.next_lr == pytest.approx(next_lr)  # one more step of the sweep's own spacing
    assert f"extend the sweep upwards (try {next_lr:.3g})" in sweep.advice


def test_sweep_best_at_the_bottom_extends_down_only_when_the_next_lr_up_was_too_high(make_sweep: Sweep) -> None:
    """The lowest lr won: only a next lr up that shows a too-high lr (and a best run that had stopped
    improving) says the best lies lower; a gap without such signs may be noise or length."""
    sweep = compare_runs(make_sweep((1e-3, 3e-3, 1e-2))).sweep
    assert sweep is not None and sweep.best_lr == 1e-3 and sweep.edge == "lowest" and not sweep.extend
    assert "extend the sweep" not in sweep.advice and "found its best" in sweep.advice
    too_high = make_sweep((1e-3,))[0]
    blown = sweep_frame(3e-3, seed=1)
    blown.loc[500:, "loss"] = float("nan")  # the next lr up ends in NaN
    unstable = analyze(blown, meta={"optimizer": "Adam", "optimizer_params": {"lr": 3e-3}}, curves=True)
    assert unstable.facts.diverged
    sweep = compare_runs([too_high, unstable]).sweep
    assert sweep is not None and sweep.best_lr == 1e-3
    assert sweep.extend == (not too_high.facts.improving_at_end)


def test_one_lr_is_not_a_sweep(make_sweep: Sweep) -> None:
    assert compare_runs(make_sweep((1e-3, 1e-3))).sweep is None


def test_diverged_run_ranks_last_and_runs_without_val_rank_by_final_loss(make_sweep: Sweep) -> None:
    reports = [analyze(faulty_frame(n=600 * 5)), *make_sweep((1e-2, 1e-3))]
    order, by_val = ranked(reports)
    assert not by_val  # the faulty run has no val_loss
    assert order[0].lr == 1e-3 and order[-1].diverged


def test_html_comparison_table_and_overlay(make_sweep: Sweep) -> None:
    reports = make_sweep((1e-4, 1e-3, 3e-3), scheduler="<b>none</b>")
    page = render_html(reports, compare_runs(reports))
    part = page[page.index('<section class="compare"'):page.index("</section>")]
    assert "Comparison of 3 runs" in part and "Sorted by best validation loss" in part
    assert "Best lr: 0.001" in part and "inside the swept range" in part
    rows = part[part.index("<table"):part.index("</table>")].split("<tr")[2:]
    assert len(rows) == 3 and 'class="best"' in rows[0] and "<td>0.001</td>" in rows[0]
    assert "&lt;b&gt;none&lt;/b&gt;" in part and "<b>none</b>" not in part
    assert 'id="comparison-plot-comparison"' in part and "data:image/svg+xml," in part
    assert page.count('<section class="run"') == 3


def test_markdown_gains_the_comparison_for_several_runs(make_sweep: Sweep) -> None:
    reports = make_sweep((1e-4, 1e-3, 1e-2))
    text = render_markdown(reports, compare_runs(reports))
    table = text[text.index("## Comparison"):text.index("\n## `")]
    assert "**Best lr: 0.001" in table
    lines = [line for line in table.splitlines() if line.startswith("| ")]
    assert lines[0].startswith("| # | run | lr |") and len(lines) == 4
    assert lines[1].startswith("| 1 |") and "| 0.001 |" in lines[1]
    single = render_markdown(reports[:1], compare_runs(reports[:1]))
    assert "Comparison" not in single and single.startswith("# lrdoctor report\n\n## `")


def test_runs_of_different_setups_are_not_a_sweep(make_sweep: Sweep) -> None:
    reports = [*make_sweep((1e-3,), task="classification"), *make_sweep((1e-2,), task="regression")]
    comparison = compare_runs(reports)
    assert len(comparison.order) == 2 and comparison.sweep is None


REAL_SWEEP = ("mlp-adam-lr-too-low", "mlp-zero-init-plateau", "mlp-adam-recreated-each-epoch")


def test_real_runs_of_one_setup_compare_as_a_sweep() -> None:
    """Three real MLP/Adam runs of one setup at lr 1e-5, 1e-3 and 3e-3 (each with its own fault)."""
    reports = [analyze(SAMPLE_LOGS / f"{n}.csv") for n in REAL_SWEEP]
    comparison = compare_runs(reports)
    order, by_val = ranked(reports)
    scores = [f.score(by_val) for f in order]
    assert scores == sorted(scores)
    sweep = comparison.sweep
    assert sweep is not None and sweep.lrs == (1e-5, 1e-3, 3e-3)
    assert sweep.best_lr == order[0].lr and sweep.best_run == comparison.names[comparison.order[0]]
    assert sweep.edge == {1e-5: "lowest", 3e-3: "highest"}.get(sweep.best_lr)
    text = render_markdown(reports, comparison)
    table = text[text.index("## Comparison"):text.index("\n## `")]
    assert f"**{sweep.advice}**" in table and table.count("\n| ") == 4


def test_json_carries_the_facts_and_the_comparison(make_sweep: Sweep) -> None:
    """The JSON report is the reference the others render: facts per run, the comparison of several."""
    reports = make_sweep((1e-4, 1e-3, 1e-2))
    data = report_dict(reports, compare_runs(reports))
    assert [run["facts"]["lr"] for run in data["runs"]] == [1e-4, 1e-3, 1e-2]
    assert data["comparison"]["order"][0] == data["comparison"]["sweep"]["best_run"]
    assert data["comparison"]["sweep"]["best_lr"] == 1e-3 and data["comparison"]["sorted_by"] == "best_val_loss"
    assert "comparison" not in report_dict(reports[:1], compare_runs(reports[:1]))



@pytest.mark.parametrize("runs", [0, 1, 3])
def test_json_text_is_the_report_dict_dumped_whole(make_sweep: Sweep, runs: int) -> None:
    """render_json writes one run at a time; the text is json.dumps of the whole report_dict."""
    import json

    reports = make_sweep((1e-4, 1e-3, 1e-2))[:runs]
    comparison = compare_runs(reports) if reports else None
    assert render_json(reports, comparison) == json.dumps(report_dict(reports, comparison), indent=2, allow_nan=False) + "\n"

def test_many_runs_make_an_index_and_a_page_per_run(tmp_path) -> None:
    """Beyond INLINE_RUNS runs the HTML report is an index (every run's facts, problems and
    recommendation, linked) and one small self-contained page per run: no page grows with the runs."""
    from click.testing import CliRunner

    from lrdoctor.cli import main
    from lrdoctor.curves import INLINE_RUNS

    logs = tmp_path / "sweep"
    logs.mkdir()
    lrs = [1e-4 * 2**k for k in range(INLINE_RUNS + 2)]
    for k, lr in enumerate(lrs):
        sweep_frame(lr, seed=k).to_csv(logs / f"lr{k:02d}.csv", index=False)
    index = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["analyze", str(logs), "--html", str(index), "--fail-on", "never", "-o", str(tmp_path / "r.txt")])
    assert result.exit_code == 0, result.output
    page = index.read_text(encoding="utf-8")
    pages = sorted((tmp_path / "report_runs").glob("*.html"))
    assert len(pages) == len(lrs)
    links = re.findall(r'<a href="(report_runs/[^"]+)">', page)
    assert sorted(links) == sorted(f"report_runs/{p.name}" for p in pages)
    table = page[page.index('<table class="compare">'):]
    assert table.count("<tr") == len(lrs) + 1  # the header and a row per run
    for run_page in pages:
        text = run_page.read_text(encoding="utf-8")
        assert '<a href="../report.html">' in text and text.count('<section class="run"') == 1
        assert len(text) < 150_000


@pytest.mark.parametrize(("folder", "extend"), [("extend-down", True), ("lowest-still-improving", False)])
def test_shipped_sweeps_say_whether_to_extend_downwards(folder: str, extend: bool) -> None:
    """Two real sweeps whose lowest lr won, each checked against a control trained 10x lower (see their
    labels.toml): extend downwards only where the best run had converged and the control did better."""
    paths = sorted((SAMPLE_LOGS / "sweeps" / folder).glob("*.csv"))
    sweep = compare_runs([analyze(p) for p in paths]).sweep
    assert sweep is not None and sweep.best_lr == 0.01 and sweep.edge == "lowest"
    assert sweep.extend == extend
    assert ("extend the sweep downwards" in sweep.advice) == extend
