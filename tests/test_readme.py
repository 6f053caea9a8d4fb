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


def held_out_rows() -> list[list[str]]:
    """The cells of the held-out table's rows from ``fresh34`` on (the halves measured held out since session 33):
    half, families, session, fixes, improve, lr median, lr > 2x, recall, warned."""
    rows = []
    for line in README.splitlines():
        found = re.match(r"\| \[fresh(\d+)\]", line)
        if found and int(found.group(1)) >= 34:
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def test_held_out_totals_are_counted_off_the_table() -> None:
    rows = held_out_rows()
    assert rows, "README.md has no held-out table"

    def counts(cell: str) -> tuple[int, int]:
        done, of = re.fullmatch(r"(\d+) of (\d+)", cell).groups()  # type: ignore[union-attr]
        return int(done), int(of)

    improving = sum(float(row[4].rstrip("%")) >= 90 for row in rows)
    median = sum(float(row[5].rstrip("x")) <= 1.15 for row in rows)
    no_wide = sum(counts(row[6])[0] == 0 for row in rows)
    no_warned = sum(counts(row[8])[0] == 0 for row in rows)
    expected = (f"Of the {len(rows)} halves: ≥ 90% improving on {improving}, lr median ≤ 1.15 on {median}, "
                f"no lr fix above 2x on {no_wide}, no healthy run warned on {no_warned}")
    flat = re.sub(r"\s+", " ", README)
    assert flat.count("halves: ≥ 90% improving on") == 2 and flat.count(expected) == 2, expected
    wide = [counts(row[6]) for row in rows]
    warned = [counts(row[8]) for row in rows]
    assert f"{sum(w for w, _ in wide):,} of {sum(n for _, n in wide):,} lr fixes above 2x" in flat
    assert f"{sum(w for w, _ in warned):,} of {sum(n for _, n in warned):,} healthy runs warned" in flat
    assert f"of {sum(int(row[3]) for row in rows):,} fixes improve" in flat
