"""16 SIGKILLs at random moments after step 5: every log is readable and lacks at most one flush
interval of rows (``bench/recorder_sigkill.py``, seeded; run it with more kills for the figures)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the bench forks one training child per kill")
@pytest.mark.parametrize("flush_every", [50, 7])
def test_sixteen_random_sigkills_leave_readable_logs(flush_every):
    bench = ROOT / "bench" / "recorder_sigkill.py"
    args = ["--kills", "16", "--seed", "1", "--flush-every", str(flush_every), "--max-delay", "0.3", "--json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, str(bench), *args], env=env, capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    figures = json.loads(proc.stdout)
    summary = figures["summary"]
    assert summary["readable"] == summary["contiguous_and_complete"] == 16
    assert all(r["killed_by_sigkill"] and r["logged_step"] >= 5 for r in figures["runs"])
    assert all(0 <= r["lost"] <= flush_every for r in figures["runs"])
