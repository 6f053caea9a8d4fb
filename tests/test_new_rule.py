"""A new rule is its catalogue file and its check module, nothing else: a rule made here, in a temporary
catalogue and a temporary module, shows up in `rules`, `explain`, the JSON and HTML reports, and in
the README check, without any other file knowing its name."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import lrdoctor.catalogue
import lrdoctor.checks
from lrdoctor.catalogue import catalogue_dir, load_catalogue
from lrdoctor.cli import main
from lrdoctor.report.markdown import render_rules_markdown

RULE = '''
id = "LRD990"
name = "loss-never-below-start"
severity = "warning"
summary = "The loss never went below its first logged value."
requires = ["loss"]
fix_keys = ["lr"]

[thresholds]
margin = { type = "float", default = 0.0, range = [0.0, 1.0], help = "How far below the start counts." }

[docs]
what = "The smoothed loss never drops below the first logged loss by more than margin."
why = "A run that never improves on its start learned nothing: every step was wasted."
looks_like = "A flat or rising loss curve from the first step on."
fix = "Lower the lr 10x and check that the labels reach the loss."
'''

CHECK = '''
"""loss-never-below-start: a rule made by a test, to show that a rule is two files."""
from dataclasses import dataclass

from lrdoctor.findings import Hit
from lrdoctor.signals import Signals

LOWER_FACTOR = 10.0
"""The suggested lr is the last lr divided by this."""


@dataclass(frozen=True, slots=True)
class Params:
    margin: float


def check(s: Signals, p: Params) -> list[Hit]:
    if s.n == 0 or float(s.smooth.min()) < float(s.level[0]) - p.margin:
        return []
    lr = s.lr_at(s.last_step)
    return [Hit(step_start=s.first_step, step_end=s.last_step, message="The loss never went below its start.",
                evidence={"start_loss": float(s.loss[0])}, suggestion="Lower the lr.", fix={"lr": lr / LOWER_FACTOR})]
'''


@pytest.fixture
def new_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    rules = tmp_path / "rules"
    shutil.copytree(catalogue_dir(), rules)
    (rules / "loss-never-below-start.toml").write_text(RULE, encoding="utf-8")
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "loss_never_below_start.py").write_text(CHECK, encoding="utf-8")
    monkeypatch.setattr(lrdoctor.catalogue, "catalogue_dir", lambda: rules)
    monkeypatch.setattr(lrdoctor.checks, "__path__", [*lrdoctor.checks.__path__, str(checks)])
    load_catalogue.cache_clear()
    yield "loss-never-below-start"
    load_catalogue.cache_clear()
    sys.modules.pop("lrdoctor.checks.loss_never_below_start", None)


@pytest.fixture
def flat_log(tmp_path: Path) -> Path:
    rng = np.random.default_rng(0)
    step = np.arange(300)
    path = tmp_path / "flat.csv"
    pd.DataFrame({"step": step, "loss": 1.0 + 0.2 * step / 300 + rng.normal(0, 0.01, 300), "lr": 0.5}).to_csv(path, index=False)
    return path


def test_a_new_rule_is_listed_and_explained(new_rule: str) -> None:
    listed = CliRunner().invoke(main, ["rules"])
    assert listed.exit_code == 0 and "LRD990" in listed.output and new_rule in listed.output
    explained = CliRunner().invoke(main, ["explain", new_rule])
    assert explained.exit_code == 0 and "How to fix it" in explained.output and "margin = 0.0" in explained.output


def test_a_new_rule_reports_in_json_and_html(new_rule: str, flat_log: Path, tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["analyze", str(flat_log), "--format", "json", "--html", str(html), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    (run,) = json.loads(result.stdout)["runs"]
    assert new_rule in run["checked"]
    (finding,) = [f for f in run["findings"] if f["rule"] == new_rule]
    assert finding["id"] == "LRD990" and finding["fix"] == {"lr": 0.05}
    page = html.read_text(encoding="utf-8")
    assert f"#1 {new_rule}" in page or f"{new_rule} <span" in page
    assert "The loss never went below its start." in page


def test_a_new_rule_needs_its_readme_row(new_rule: str) -> None:
    """The README check (tests/test_readme.py) compares README's table with this; the new rule's row
    is in it, so the README must be regenerated before such a rule can land."""
    table = render_rules_markdown(load_catalogue())
    assert f"| LRD990 | `{new_rule}` | warning |" in table
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"`{new_rule}`" not in readme
