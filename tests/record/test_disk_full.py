"""A full disk never reaches the training: recording stops with one warning and the log stays readable.

The disk is a real 64 KiB tmpfs where one can be mounted (root on Linux), an ``OSError`` injected into
the writer's file calls elsewhere, and a file-size limit (``RLIMIT_FSIZE``) for the interpreter-exit path.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
import torch
from torch.optim.optimizer import _global_optimizer_pre_hooks

import lrdoctor
from lrdoctor.io import read_log
from lrdoctor.record import writer
from tests.record.conftest import train_step

ROOT = Path(__file__).resolve().parents[2]
PAGE = 4096


@pytest.fixture
def small_disk(tmp_path):
    """A real 64 KiB tmpfs, unmounted afterwards; skipped where it cannot be mounted."""
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on Linux")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(folder: Path, name: str = "filler", leave: int = 0) -> None:
    """Fill the disk holding ``folder`` with a file, then give back ``leave`` bytes."""
    filler = folder / name
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            os.write(fd, b"x" * PAGE)
    except OSError as e:
        assert e.errno == errno.ENOSPC
    finally:
        os.close(fd)
    os.truncate(filler, max(0, filler.stat().st_size - leave))


def training(model, opt, batch, path: Path, steps: int, **options) -> tuple[list[str], lrdoctor.Recorder]:
    """Train ``steps`` steps under the recorder; the warnings it gave (texts) and the recorder."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with lrdoctor.record(model, opt, path, **options) as rec:
            for _ in range(steps):
                rec.log(loss=train_step(model, opt, batch))
    return [str(w.message) for w in caught], rec


def assert_readable(path: Path, at_least: int) -> list[int]:
    """The log reads without error, its steps run 1..n with no gap, it ends on a whole line."""
    steps = [int(s) for s in read_log(path).frame["step"]]
    assert steps == list(range(1, len(steps) + 1)) and len(steps) >= at_least
    assert path.read_bytes().endswith(b"\n")
    return steps


def stopped(said: list[str]) -> list[str]:
    return [s for s in said if "recording stopped" in s]


def test_the_disk_fills_up_mid_run(small_disk, model, batch):
    fill(small_disk, leave=3 * PAGE)
    opt = torch.optim.Adam(model.parameters())
    said, _ = training(model, opt, batch, small_disk / "run.csv", 300, flush_every=5)
    assert opt.state[model.head.bias]["step"].item() == 300  # the training ran to its end
    (message,) = stopped(said)
    assert "No space left on device" in message and "keeps the rows up to step" in message
    steps = assert_readable(small_disk / "run.csv", at_least=5)
    assert f"up to step {steps[-1]};" in message + ";"
    assert not _global_optimizer_pre_hooks


def test_the_disk_is_full_when_the_last_rows_are_written(small_disk, model, batch):
    fill(small_disk, leave=3 * PAGE)
    opt = torch.optim.Adam(model.parameters())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # flush_secs: no timed flush either, however slow the machine
        with lrdoctor.record(model, opt, small_disk / "run.csv", flush_every=1000, flush_secs=1e9) as rec:
            for _ in range(600):  # more rows than the page the first ones went to can hold
                rec.log(loss=train_step(model, opt, batch))
            fill(small_disk, name="more")  # rows 1-4 are written (after step 5); 5-600 wait for close()
    (message,) = stopped([str(w.message) for w in caught])
    assert "No space left on device" in message and "up to step 4" in message
    assert assert_readable(small_disk / "run.csv", at_least=4)[-1] == 4


def test_a_disk_full_from_the_start_leaves_training_alone(small_disk, model, batch):
    fill(small_disk)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    said, rec = training(model, opt, batch, small_disk / "run.csv", 20)
    (message,) = stopped(said)
    assert "No space left on device" in message and "run.csv has no rows" in message
    assert rec.closed and not _global_optimizer_pre_hooks


class FullDisk:
    """``writer.pwrite`` that writes half of what it is given and fails, from its ``after``-th call on."""

    def __init__(self, after: int) -> None:
        self.calls = 0
        self.after = after
        self.real = writer.pwrite

    def __call__(self, fd: int, data: bytes | memoryview, offset: int) -> int:
        self.calls += 1
        if self.calls < self.after:
            return self.real(fd, data, offset)
        self.real(fd, bytes(data[: len(data) // 2]), offset)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_an_injected_full_disk_cuts_back_the_torn_write(model, batch, tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "pwrite", FullDisk(after=4))
    opt = torch.optim.Adam(model.parameters())
    said, _ = training(model, opt, batch, tmp_path / "run.csv", 100, flush_every=10)
    (message,) = stopped(said)
    assert "No space left on device" in message
    steps = assert_readable(tmp_path / "run.csv", at_least=5)  # the half-written batch is cut off
    assert steps[-1] < 100 and f"up to step {steps[-1]};" in message + ";"
    assert opt.state[model.head.bias]["step"].item() == 100 and not _global_optimizer_pre_hooks


def failing_close(fd: int) -> None:
    os.close(fd)
    raise OSError(errno.EIO, os.strerror(errno.EIO))


def test_an_error_closing_the_log_is_reported_not_raised(model, batch, tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "close_file", failing_close)
    opt = torch.optim.Adam(model.parameters())
    said, _ = training(model, opt, batch, tmp_path / "run.csv", 12)
    (message,) = stopped(said)
    assert "Input/output error" in message
    assert_readable(tmp_path / "run.csv", at_least=12)


def test_strict_mode_raises_the_disk_error(model, batch, tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "pwrite", FullDisk(after=2))
    opt = torch.optim.Adam(model.parameters())
    with pytest.raises(OSError, match="No space left"):
        training(model, opt, batch, tmp_path / "run.csv", 20, strict=True)


EXIT_SCRIPT = textwrap.dedent(
    """
    import os, resource, signal, sys, torch, lrdoctor
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the limit, a write fails with EFBIG
    torch.manual_seed(0)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.Adam(model.parameters())
    rec = lrdoctor.record(model, opt, sys.argv[1], flush_every=10)
    for step in range(1, 30):
        loss = model(torch.randn(8, 4)).pow(2).mean()
        opt.zero_grad(); loss.backward(); opt.step()
        rec.log(loss=loss)
        if step == 25:  # from now on the file cannot grow
            with open(sys.argv[1]) as f:
                print("kept", max(int(line.split(",")[0]) for line in f if line[0].isdigit()))
            limit = os.path.getsize(sys.argv[1]) + 50
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    print("trained", int(opt.state[model.bias]["step"]))
    # no close(): the rows left are written at interpreter exit, and that write fails
    """
)


@pytest.mark.skipif(not hasattr(os, "setrlimit") and sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_at_interpreter_exit_prints_no_traceback(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(EXIT_SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "run.csv")], env=env, capture_output=True, timeout=120
    )
    err = proc.stderr.decode()
    kept, trained = proc.stdout.decode().split("\n")[:2]
    assert proc.returncode == 0 and trained == "trained 29"
    assert "Traceback" not in err and "recording stopped" in err and "File too large" in err
    assert assert_readable(tmp_path / "run.csv", at_least=4)[-1] == int(kept.split()[1])


def test_a_full_disk_for_the_side_file_names_the_rows_the_log_keeps(model, batch, tmp_path, monkeypatch):
    """A metric first seen late goes to ``run.extra.csv``; the disk fills up as that file is created,
    after the batch's rows reached ``run.csv``: the warning names the last step the log holds."""
    real = writer.write_atomically

    def full_for_the_side_file(path: Path, text: str) -> None:
        if path.name.endswith(".extra.csv"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, text)

    monkeypatch.setattr(writer, "write_atomically", full_for_the_side_file)
    opt = torch.optim.Adam(model.parameters())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with lrdoctor.record(model, opt, tmp_path / "run.csv", flush_every=5) as rec:
            for step in range(1, 41):
                rec.log(loss=train_step(model, opt, batch))
                if step > 20:
                    rec.log(my_metric=float(step))
    (message,) = stopped([str(w.message) for w in caught])
    steps = assert_readable(tmp_path / "run.csv", at_least=20)
    assert "No space left on device" in message and f"up to step {steps[-1]};" in message + ";"
    assert opt.state[model.head.bias]["step"].item() == 40 and not _global_optimizer_pre_hooks


def test_a_resumed_log_on_a_full_disk_keeps_its_earlier_rows(small_disk, model, batch):
    opt = torch.optim.Adam(model.parameters())
    training(model, opt, batch, small_disk / "run.csv", 8)
    fill(small_disk)
    said, _ = training(model, opt, batch, small_disk / "run.csv", 20, resume=True)
    (message,) = stopped(said)
    assert "No space left on device" in message and "run.csv keeps the rows up to step 8" in message
    assert assert_readable(small_disk / "run.csv", at_least=8)[-1] == 8
    assert opt.state[model.head.bias]["step"].item() == 28 and not _global_optimizer_pre_hooks


def test_with_warnings_as_errors_a_full_disk_raises_its_one_warning_and_detaches(model, batch, tmp_path, monkeypatch):
    """``-W error`` turns the one warning into the one exception (the user's choice); the recorder is
    off all the same: no hook is left on the optimizer, and the steps after it train as usual."""
    monkeypatch.setattr(writer, "pwrite", FullDisk(after=3))
    opt = torch.optim.Adam(model.parameters())
    raised = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rec = lrdoctor.record(model, opt, tmp_path / "run.csv", flush_every=2)
        for step in range(1, 31):
            try:
                rec.log(loss=train_step(model, opt, batch))
            except RuntimeWarning as e:
                raised.append((step, str(e)))
    ((_, message),) = raised
    assert "recording stopped" in message and "No space left on device" in message
    assert rec.closed and not _global_optimizer_pre_hooks
    assert opt.state[model.head.bias]["step"].item() == 30
    assert_readable(tmp_path / "run.csv", at_least=4)
