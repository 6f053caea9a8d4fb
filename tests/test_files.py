"""Files lrdoctor writes: atomic, and with the permissions any other tool would give them."""

from __future__ import annotations

import os
import stat
import sys
import threading
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
    from lrdoctor.curves import INLINE_RUNS

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



def read_fifo_later(fifo: Path) -> tuple[threading.Thread, list[str]]:
    """A reader of the named pipe ``fifo`` on a thread of its own (a writer blocks until a reader opens it)."""
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()), daemon=True)
    reader.start()
    return reader, got


def test_a_device_is_written_into_not_replaced(tmp_path):
    """A rename over a device would leave a regular file where it was (``-o /dev/null`` run as root replaced the
    system's /dev/null). A named pipe stands in for the device here: it stays a FIFO, and what was written comes out."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader, got = read_fifo_later(fifo)
    write_atomically(fifo, "report\n")
    reader.join(10)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and got == ["report\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_symbolic_link_keeps_pointing_at_the_file_it_replaces(tmp_path):
    target = tmp_path / "reports" / "latest.json"
    target.parent.mkdir()
    target.write_text("old\n")
    link = tmp_path / "report.json"
    link.symlink_to(target)
    write_atomically(link, "new\n")
    assert link.is_symlink() and target.read_text() == "new\n"


def test_analyze_writes_its_report_into_a_pipe(tmp_path):
    """``lrdoctor analyze RUN --format json -o PIPE``: the report comes out of the pipe, which stays one."""
    import json

    from click.testing import CliRunner

    from lrdoctor.cli import main

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader, got = read_fifo_later(fifo)
    sample = Path(__file__).resolve().parents[1] / "sample_logs" / "mlp-sgdm-lr-too-high.csv"
    result = CliRunner().invoke(main, ["analyze", str(sample), "--format", "json", "-o", str(fifo), "--fail-on", "never"])
    reader.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and "lr-too-high" in json.dumps(json.loads(got[0]))
