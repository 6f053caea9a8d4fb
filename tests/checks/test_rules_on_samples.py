"""Every rule on the real sample runs: fires near the injected fault, silent on its look-alikes,
and no healthy run gets a warning or an error. The labels live in sample_logs/labels.toml."""

from __future__ import annotations

import pytest

from lrdoctor import analyze
from lrdoctor.catalogue import load_catalogue
from sample_runs import all_runs, healthy_runs, known_misses, labelled, lookalikes

CATALOGUE = load_catalogue()
RULES = list(CATALOGUE)


@pytest.mark.parametrize(
    ("rule", "run"), [(rule, run) for rule in RULES for run in labelled(rule)], ids=lambda x: str(x)
)
def test_fires_near_the_injected_fault(rule: str, run) -> None:
    findings = analyze(run.path, select=[rule]).findings
    assert findings, f"{rule} missed on {run}"
    if run.fault_step is not None:
        distance = min(abs(f.step_start - run.fault_step) for f in findings)
        assert distance <= run.tolerance_steps, f"{rule} fired {distance} steps from the fault"
    if CATALOGUE[rule].fix_keys:
        assert any(f.fix for f in findings), "no machine-readable fix"
    for f in findings:
        assert f.message and f.suggestion and f.step_start <= f.step_end
        assert set(f.fix) <= set(CATALOGUE[rule].fix_keys), f"fix keys {sorted(f.fix)} not declared in {rule}.toml"


def test_known_misses_are_still_missed() -> None:
    """A known miss is a label, not a skip: the day the rule finds it, this fails and the label goes (one test
    over them all: there may be none)."""
    for rule, run in known_misses():
        assert rule in run.must_fire
        assert [f for f in analyze(run.path, select=[rule]).findings if f.severity != "info"] == [], (rule, run)


def test_known_misses_are_few() -> None:
    assert len(known_misses()) <= 0.05 * sum(len(r.must_fire) for r in all_runs())


@pytest.mark.parametrize(
    ("rule", "run"), [(rule, run) for rule in RULES for run in lookalikes(rule)], ids=lambda x: str(x)
)
def test_stays_silent_on_lookalikes(rule: str, run) -> None:
    """No warning or error: an info (a converged loss that a decay would lower further) is not an alarm."""
    loud = [f for f in analyze(run.path, select=[rule]).findings if f.severity != "info"]
    assert loud == []


@pytest.mark.parametrize("run", healthy_runs(), ids=str)
def test_healthy_runs_get_no_warning_or_error(run) -> None:
    loud = [f for f in analyze(run.path).findings if f.severity in ("error", "warning")]
    assert loud == [], [f"{f.rule}: {f.message}" for f in loud]


@pytest.mark.parametrize("rule", RULES)
def test_every_rule_has_a_labelled_run_and_a_lookalike(rule: str) -> None:
    """A rule is only as good as the runs it is tested on: one it must find, one it must not."""
    assert labelled(rule), f"no sample run in sample_logs/labels.toml must fire {rule}"
    assert lookalikes(rule), f"no healthy sample run in sample_logs/labels.toml is a look-alike for {rule}"


@pytest.mark.parametrize("run", all_runs(), ids=str)
def test_every_fix_key_is_declared_in_the_catalogue(run) -> None:
    for f in analyze(run.path).findings:
        assert set(f.fix) <= set(CATALOGUE[f.rule].fix_keys), f"{f.rule}: {sorted(f.fix)}"


@pytest.mark.parametrize("run", all_runs(), ids=str)
def test_nothing_fires_that_the_labels_do_not_allow(run) -> None:
    allowed = set(run.must_fire) | set(run.may_fire)
    fired = {f.rule for f in analyze(run.path).findings if f.severity in ("error", "warning")}
    assert fired <= allowed, f"unexpected: {sorted(fired - allowed)}"


@pytest.mark.parametrize("run", all_runs(), ids=str)
def test_one_report_recommends_one_lr(run) -> None:
    """No two findings of one report propose different lrs: every finding's fix.lr is the run's one
    recommended lr, and each report format shows that lr once as the recommendation."""
    from lrdoctor.report.html import render_html
    from lrdoctor.report.json import report_dict
    from lrdoctor.report.markdown import render_markdown
    from lrdoctor.report.text import render_text

    report = analyze(run.path)
    lrs = {f.fix["lr"] for f in report.findings if "lr" in f.fix}
    assert len(lrs) <= 1, lrs
    if lrs:
        assert report.recommendation is not None and lrs == {report.recommendation.lr}
        # and how to hold it: every finding with the lr says what the recommendation says of the schedule
        schedules = {f.fix.get("schedule") for f in report.findings if "lr" in f.fix}
        assert schedules == {report.recommendation.schedule}, schedules
    rendered = {"text": render_text([report]), "markdown": render_markdown([report]), "html": render_html([report])}
    for fmt, text in rendered.items():
        assert text.count("ecommended:") <= 1, fmt
    assert (report_dict([report])["runs"][0]["recommendation"] is None) == (report.recommendation is None)


@pytest.mark.parametrize("run", [r for r in all_runs() if "summed" in r.name], ids=str)
def test_a_summed_loss_is_fixed_by_its_mean_not_by_an_lr(run) -> None:
    """A summed loss multiplies the effective lr by the number of terms: what follows from it (a blow-up,
    a NaN) is its doing, and an lr advised for the summed loss would be wrong once the loss is a mean (wrong-initial-loss
    says so from the first loss; non-finite-loss from a metadata that says reduction='sum', for a loss with no expected
    start, a flow's NLL)."""
    report = analyze(run.path)
    assert any(f.rule in ("wrong-initial-loss", "non-finite-loss") and f.fix.get("reduction") == "mean" for f in report.findings)
    assert report.recommendation is None or report.recommendation.lr is None
    assert [f.rule for f in report.findings if "lr" in f.fix] == []
