"""The fix-check bench's modules define each top-level name once: its halves are written by different hands, one
after another, and a later half's class of an earlier name silently replaced the earlier one for every run that
used it (fresh12's ``DeepSets`` broke fresh3's point-cloud runs, fresh80's ``TwoTower`` a rating run of ``fresh``,
when every half was one module). Each half is now two modules, whose names meet again in one namespace."""

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


GROUPS = {
    "families": ["fixcheck_data.py", "fixcheck_families/*.py"],
    "cases": ["fixcheck_core.py", "fixcheck_cases/*.py", "fixcheck_runs.py"],
    "holdout": ["holdout.py"],
}
"""Modules whose names share one namespace: the families' data and models are read as ``fd.<name>`` from
``fixcheck_data``, which gathers them; a case's code is followed by name through its group's modules
(``fixcheck_core.code_of``)."""


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_bench_modules_bind_each_name_once(group: str) -> None:
    modules = sorted(path for pattern in GROUPS[group] for path in BENCH.glob(pattern) if path.name != "__init__.py")
    assert modules
    where: dict[str, list[str]] = defaultdict(list)
    for path in modules:
        for name, lines in top_level_names(path).items():
            where[name] += [f"{path.relative_to(BENCH)}:{line}" for line in lines]
    twice = {name: places for name, places in where.items() if len(places) > 1}
    assert not twice, f"the {group} modules bind these names more than once (one hides the other): {twice}"


def test_every_half_has_its_families_and_cases() -> None:
    """A half is two modules named after it in ``HALVES``: its families' data and models, and its cases."""
    core = ast.parse((BENCH / "fixcheck_core.py").read_text())
    halves = next(node.value for node in core.body if isinstance(node, ast.AnnAssign)
                  and isinstance(node.target, ast.Name) and node.target.id == "HALVES")
    assert isinstance(halves, ast.Dict)
    names = {key.value for key in halves.keys if isinstance(key, ast.Constant)}
    assert len(names) > 100
    for folder in ("fixcheck_families", "fixcheck_cases"):
        found = {path.stem for path in (BENCH / folder).glob("*.py") if path.name != "__init__.py"}
        assert found == names, (f"bench/{folder}: modules of no half {sorted(found - names)}, "
                                f"halves without a module {sorted(names - found)}")


def test_a_fingerprint_follows_code_across_the_modules() -> None:
    """A case's fingerprint (which keys its cached trainings) takes in the code its setup names in the other modules:
    its family's data and model (``fd.<name>``, in ``bench/fixcheck_families``), a helper of an earlier half's cases,
    and the family's setup in its own module. Were it to miss one, a changed model would reuse stale trainings."""
    import subprocess
    import sys

    code = (
        "import sys; sys.path.insert(0, 'bench'); import fixcheck_runs as fr, fixcheck_core as core\n"
        "text = core.code_of(fr.CASES['dla-adam-lr-1'].make)\n"
        "print(all(f'def {name}(' in text for name in ('dla_family', 'setup_more', 'dla_images')), 'class DlaNet(' in text)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=BENCH.parent, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "True"], done.stdout
