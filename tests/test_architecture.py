"""The shape STYLE.md asks for, checked on the source: no import cycles, each stage talks only to the
next (reporters render, checks never reach for training-time tools), and every number that decides
a verdict is a catalogue threshold or a named constant."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lrdoctor"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def runtime_imports(tree: ast.AST) -> list[str]:
    """Every module named by an import statement, at any depth, except under ``if TYPE_CHECKING:``."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for orelse in child.orelse:
                    visit(orelse)
                continue
            if isinstance(child, ast.Import):
                found.extend(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                found.extend(f"{child.module}.{alias.name}" for alias in child.names)
            visit(child)

    visit(tree)
    return found


def edges(name: str) -> set[str]:
    """The lrdoctor modules ``name`` imports (``from a.b import c`` is a.b.c when c is a module)."""
    out = set()
    for target in runtime_imports(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if target == "lrdoctor" or target.startswith("lrdoctor."):
            while target not in MODULES and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in MODULES and target != name:
                out.add(target)
    return out


GRAPH = {name: edges(name) for name in MODULES}


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}
    path: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                walk(nxt)
        path.pop()
        state[node] = 2

    for name in MODULES:
        if name not in state:
            walk(name)


def test_nothing_imports_the_package_itself() -> None:
    """``from lrdoctor import x`` ties a module to the package's own lazy imports; name the module."""
    assert [n for n, targets in GRAPH.items() if "lrdoctor" in targets and n != "lrdoctor"] == []


@pytest.mark.parametrize("name", [n for n in MODULES if n.startswith("lrdoctor.report")])
def test_reporters_render_without_computing_signals(name: str) -> None:
    assert "lrdoctor.signals" not in GRAPH[name]
    assert not {t for t in GRAPH[name] if t.startswith("lrdoctor.checks")}


@pytest.mark.parametrize("name", [n for n in MODULES if n.startswith("lrdoctor.checks")])
def test_checks_never_import_training_time_tools(name: str) -> None:
    assert not {t for t in GRAPH[name] if t.startswith(("lrdoctor.guards", "lrdoctor.record", "lrdoctor.report", "lrdoctor.io"))}


def test_only_the_cli_defines_commands() -> None:
    defining = [n for n, p in MODULES.items() if "@click.command" in p.read_text() or "main.command" in p.read_text()]
    assert defining == ["lrdoctor.cli"]


def unnamed_numbers(path: Path) -> list[str]:
    """Numeric literals of a check module other than 0 and 1 that are not the value of a module-level
    named constant: a number that decides a verdict must be a catalogue threshold or a named constant
    with a one-line reason."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    named = {id(sub) for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign)) for sub in ast.walk(node)}
    return [
        f"{path.name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value not in (0, 1)
        and id(node) not in named
    ]


def test_every_number_in_the_checks_is_a_threshold_or_a_named_constant() -> None:
    found = [line for path in sorted((PACKAGE / "checks").glob("*.py")) for line in unnamed_numbers(path)]
    assert found == []


def test_named_constants_of_the_checks_say_why() -> None:
    """Each module-level numeric constant of a check is followed by a docstring line (its reason)."""
    missing = []
    for path in sorted((PACKAGE / "checks").glob("*.py")):
        body = ast.parse(path.read_text(encoding="utf-8")).body
        for node, nxt in zip(body, [*body[1:], None]):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and type(node.value.value) in (int, float):
                documented = isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant) and isinstance(nxt.value.value, str)
                if not documented:
                    missing.append(f"{path.name}:{node.lineno}: {ast.unparse(node.targets[0])}")
    assert missing == []


def test_the_analysis_is_quiet_about_floats() -> None:
    """numpy's RuntimeWarnings (0/0, overflow) never leak from an analysis of the sample runs or their
    100x-stretched versions: every such case is handled where it arises."""
    import warnings

    import numpy as np
    import pandas as pd

    from lrdoctor import analyze

    samples = sorted((PACKAGE.parent / "sample_logs").glob("*.csv"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for path in samples:
            analyze(path)
            frame = pd.read_csv(path)
            frame["step"] = frame["step"] * 100
            analyze(frame.iloc[::2], meta={})
        analyze(pd.DataFrame({"step": np.arange(5), "loss": np.ones(5)}))  # short and constant
