"""README.md stays true: every rule and every CLI command is documented, the test command is CI's."""

from __future__ import annotations

import re
from pathlib import Path

from lrdoctor.catalogue import load_catalogue
from lrdoctor.cli import main
from lrdoctor.report.markdown import render_rules_markdown

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_rule_table_is_generated_from_the_catalogue() -> None:
    block = re.search(r"<!-- rules-table:[^>]*-->\n(.*?)<!-- /rules-table -->", README, re.S)
    assert block, "README.md has no rules-table markers"
    expected = render_rules_markdown(load_catalogue())
    assert block.group(1) == expected, "README's rule table is stale: paste `lrdoctor rules --format markdown`"


def test_every_cli_command_is_documented() -> None:
    for name in main.commands:
        assert f"lrdoctor {name}" in README, name


def test_ci_runs_the_readme_test_command() -> None:
    block = re.search(r"<!-- test-command -->\n```bash\n(.+?)\n```\n<!-- /test-command -->", README, re.S)
    assert block and "pytest" in block.group(1)
    assert "test-command" in (ROOT / ".ci" / "run").read_text()


def test_quick_start_sample_log_exists() -> None:
    for path in re.findall(r"lrdoctor analyze (sample_logs/\S+)", README):
        assert (ROOT / path).is_file(), path
