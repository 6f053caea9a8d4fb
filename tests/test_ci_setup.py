"""The test setup says what it does: the constraints file and README's words about it agree."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def pins() -> dict[str, str]:
    """``name -> version`` of the ``==`` pins in .ci/constraints.txt."""
    lines = (ROOT / ".ci" / "constraints.txt").read_text().splitlines()
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", "\n".join(line.split("#")[0].strip() for line in lines), re.M))


def test_readme_is_honest_about_the_torch_pin() -> None:
    """A bare ``torch==X`` pin is the CUDA build on PyPI for Linux: README must not call it a CPU pin
    unless the constraints file brings the CPU index with it."""
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    constraints = (ROOT / ".ci" / "constraints.txt").read_text()
    version = pins()["torch"]
    assert f"pins torch to {version}" in readme
    if CPU_INDEX not in constraints.split("#")[0]:
        assert "does not choose a CPU build" in readme and f"--extra-index-url {CPU_INDEX}" in readme
        assert "+cpu" not in version  # PyPI has no +cpu builds: a plain install would fail


def test_the_pinned_torch_is_in_the_package_range() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    (spec,) = [d for d in project["optional-dependencies"]["torch"] if d.startswith("torch")]
    low = tuple(int(p) for p in spec.split(">=")[1].split("."))
    assert tuple(int(p) for p in pins()["torch"].split("+")[0].split(".")) >= low
