"""The hooks of .pre-commit-hooks.yaml, run by the real `pre-commit` against a throwaway repository.

A copy of this checkout's package files is committed to a temporary hook repository (pre-commit
clones a repository at a commit, so uncommitted work would be invisible otherwise). pre-commit then
builds `lrdoctor-check`'s virtualenv offline: the packages of the environment running the tests stand
in for the dependencies, and its hatchling builds the wheel without isolation. pre-commit builds that
virtualenv from the *base* interpreter, even when the tests run inside a virtualenv, so the system
site-packages (VIRTUALENV_SYSTEM_SITE_PACKAGES) are not enough: the running environment's package
folders are put on PYTHONPATH too.
`lrdoctor-sanity` is a `system` hook: it runs in the user's environment, where `lrdoctor` (and the
user's model code) are installed; a small `lrdoctor` launcher on PATH plays that environment here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

ROOT = HERE.parent.parent
pytest.importorskip("pre_commit")
pytest.importorskip("hatchling", reason="the hook's virtualenv builds lrdoctor with the installed hatchling (offline)")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", *args],
                          cwd=folder, check=True, capture_output=True, text=True).stdout.strip()


def hook_repository(tmp_path: Path) -> tuple[Path, str]:
    """This checkout's package, catalogue and hook manifest, committed to a fresh repository."""
    repo = tmp_path / "hooks"
    repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, repo / name)
    for name in ("lrdoctor", "rules"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "hooks")
    return repo, git(repo, "rev-parse", "HEAD")


def user_repository(tmp_path: Path, hooks: Path, rev: str, factory: str) -> Path:
    """A project with a run log, a sanity factory and a .pre-commit-config.yaml using both hooks."""
    repo = tmp_path / "project"
    repo.mkdir()
    shutil.copy(HERE / "factories.py", repo / "factories.py")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hooks}\n  rev: {rev}\n  hooks:\n  - id: lrdoctor-check\n"
        f"  - id: lrdoctor-sanity\n    args: [factories.py:{factory}]\n"
    )
    git(repo, "init", "-q")
    return repo


def write_log(repo: Path, broken: bool) -> None:
    rows = ["step,loss"] + [f"{i},{2.3 * 0.99 ** i:.5f}" for i in range(200)]
    if broken:
        rows[150:] = [f"{i},nan" for i in range(149, 200)]
    (repo / "logs").mkdir(exist_ok=True)
    (repo / "logs" / "run.csv").write_text("\n".join(rows) + "\n")


def package_folders() -> list[str]:
    """The running environment's site-packages (a virtualenv's own ones included), for PYTHONPATH."""
    import site

    folders = [*site.getsitepackages(), site.getusersitepackages()]
    return [folder for folder in dict.fromkeys(folders) if os.path.isdir(folder)]


def pre_commit_env(tmp_path: Path) -> dict[str, str]:
    launcher = tmp_path / "bin" / "lrdoctor"
    launcher.parent.mkdir(exist_ok=True)
    launcher.write_text(f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                        "from lrdoctor.cli import main\nmain()\n")
    launcher.chmod(0o755)
    python_path = os.pathsep.join([*package_folders(), *filter(None, [os.environ.get("PYTHONPATH")])])
    return {**os.environ, "PATH": f"{launcher.parent}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": python_path,
            "PRE_COMMIT_HOME": str(tmp_path / "cache"), "VIRTUALENV_SYSTEM_SITE_PACKAGES": "1",
            "PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "OMP_NUM_THREADS": "1"}


def run_pre_commit(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    git(repo, "add", ".")
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=300)


def test_both_hooks_pass_a_healthy_project_and_fail_a_broken_one(tmp_path: Path) -> None:
    hooks, rev = hook_repository(tmp_path)
    env = pre_commit_env(tmp_path)

    healthy = user_repository(tmp_path, hooks, rev, "good")
    write_log(healthy, broken=False)
    result = run_pre_commit(healthy, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "lrdoctor check (run logs)" in result.stdout and "lrdoctor sanity" in result.stdout
    assert result.stdout.count("Passed") == 2

    broken = tmp_path / "project"
    (broken / ".pre-commit-config.yaml").write_text(
        (broken / ".pre-commit-config.yaml").read_text().replace(":good]", ":checkpoint_without_optimizer]"))
    write_log(broken, broken=True)
    result = run_pre_commit(broken, env)
    assert result.returncode == 1
    assert result.stdout.count("Failed") == 2, result.stdout
    assert "LRD001 non-finite-loss" in result.stdout and "FAIL  checkpoint" in result.stdout


def readme_pre_commit_config() -> str:
    """The .pre-commit-config.yaml README.md shows (between its pre-commit-config markers)."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- pre-commit-config -->\n```yaml\n(.+?)```\n<!-- /pre-commit-config -->", readme, re.S)
    assert block, "README.md lost its pre-commit-config markers"
    return block.group(1)


def test_readme_config_works_as_written(tmp_path: Path) -> None:
    """The snippet, copied as it is, passes a healthy project and fails a broken one (lrdoctor on PATH)."""
    env = pre_commit_env(tmp_path)
    project = tmp_path / "project"
    (project / "tests").mkdir(parents=True)
    (project / ".pre-commit-config.yaml").write_text(readme_pre_commit_config())
    shutil.copy(HERE / "factories.py", project / "tests" / "factories.py")
    (project / "tests" / "sanity_factory.py").write_text(
        "import sys, pathlib\nsys.path.insert(0, str(pathlib.Path(__file__).parent))\nfrom factories import good as factory\n")
    git(project, "init", "-q")
    write_log(project, broken=False)
    result = run_pre_commit(project, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("Passed") == 2, result.stdout

    write_log(project, broken=True)
    result = run_pre_commit(project, env)
    assert result.returncode == 1 and "LRD001 non-finite-loss" in result.stdout, result.stdout


def test_readme_config_and_the_hook_manifest_agree() -> None:
    """The local hooks README shows are the hooks .pre-commit-hooks.yaml declares (same files, entry)."""
    import yaml

    local = {h["id"]: h for h in yaml.safe_load(readme_pre_commit_config())["repos"][0]["hooks"]}
    published = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert local.keys() == published.keys()
    for name, hook in published.items():
        assert local[name]["entry"].startswith(hook["entry"]) and local[name]["files"] == hook["files"], name
        assert local[name]["name"] == hook["name"] and local[name].get("pass_filenames", True) == hook.get("pass_filenames", True)
