"""The fix-check bench's modules define each top-level name once: its halves are written by different hands, one
after another, and a later half's class of an earlier name silently replaced the earlier one for every run that
used it (fresh12's ``DeepSets`` broke fresh3's point-cloud runs, fresh80's ``TwoTower`` a rating run of ``fresh``)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def top_level_names(path: Path) -> dict[str, list[int]]:
    """Each name a module's top level binds (functions, classes, assignments) and the lines that bind it; ``_``, the
    bench's name for a case's registered function, is bound on purpose again and again."""
    found: dict[str, list[int]] = defaultdict(list)
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            targets = [node.name]
        elif isinstance(node, ast.Assign):
            targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            targets = [node.target.id]
        else:
            targets = []
        for name in targets:
            if name != "_":
                found[name].append(node.lineno)
    return found


@pytest.mark.parametrize("module", ["fixcheck_data.py", "fixcheck_runs.py", "holdout.py"])
def test_bench_modules_bind_each_name_once(module: str) -> None:
    twice = {name: lines for name, lines in top_level_names(BENCH / module).items() if len(lines) > 1}
    assert not twice, f"{module} binds these names more than once (the last one wins for every user): {twice}"
