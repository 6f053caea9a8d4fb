"""Files lrdoctor writes: atomic, and with the permissions any other tool would give them."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from lrdoctor.files import write_atomically

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask():
    """Set the process umask for one test, then put the old one back."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda value: os.umask(value)
    os.umask(old)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_honours_the_umask(tmp_path, umask, mask, expected):
    umask(mask)
    write_atomically(tmp_path / "report.json", "{}\n")
    assert mode(tmp_path / "report.json") == expected


def test_a_replaced_file_keeps_its_permissions(tmp_path, umask):
    umask(0o077)
    target = tmp_path / "run.json"
    target.write_text("old\n")
    target.chmod(0o644)
    write_atomically(target, "new\n")
    assert target.read_text() == "new\n" and mode(target) == 0o644


def test_no_temporary_file_is_left_behind(tmp_path):
    target = tmp_path / "out.txt"
    write_atomically(target, "x")
    with pytest.raises(TypeError):
        write_atomically(target, 3)  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"] and target.read_text() == "x"


def test_the_recorder_files_honour_the_umask(tmp_path, umask):
    torch = pytest.importorskip("torch")
    import lrdoctor

    umask(0o022)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with lrdoctor.record(model, opt, tmp_path / "run.csv") as rec:
        for _ in range(3):
            loss = model(torch.ones(4, 2)).pow(2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            rec.log(loss=loss)
    assert mode(tmp_path / "run.csv") == 0o644 and mode(tmp_path / "run.json") == 0o644


def test_the_reports_honour_the_umask(tmp_path, umask):
    """Every file ``lrdoctor analyze`` writes (-o, the HTML index and its per-run pages) gets
    0666 & ~umask, and a report it overwrites keeps its mode."""
    import numpy as np
    import pandas as pd
    from click.testing import CliRunner

    from lrdoctor.cli import main
    from lrdoctor.report.html import INLINE_RUNS

    umask(0o027)
    runs = tmp_path / "runs"
    runs.mkdir()
    step = np.arange(1, 201)
    for k in range(INLINE_RUNS + 1):  # beyond INLINE_RUNS: an index and a page per run
        pd.DataFrame({"step": step, "loss": 2 / (1 + step * 0.01 * (k + 1)), "lr": 1e-3 * (k + 1)}).to_csv(
            runs / f"r{k}.csv", index=False
        )
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text("{}")
    (out / "report.json").chmod(0o644)
    args = ["analyze", str(runs), "--html", str(out / "report.html"), "--format", "json", "-o", str(out / "report.json")]
    result = CliRunner().invoke(main, [*args, "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    written = sorted(p for p in out.rglob("*") if p.is_file())
    assert len(written) == 2 + INLINE_RUNS + 1
    assert {p.name: mode(p) for p in written} == {p.name: 0o640 for p in written} | {"report.json": 0o644}
