"""``bench/cuda_check.py`` (the recorder on a GPU against a reference) keeps working where CI has no GPU:
its ``--device cpu`` mode runs the same checks on the CPU (the GPU-only ones say they were skipped)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_gpu_check_script_passes_on_the_cpu(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "cuda_check.py"), "--device", "cpu", "--keep", str(tmp_path)],
                          env=env, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    lines = [line for line in proc.stdout.splitlines() if line.startswith(("ok", "FAIL"))]
    assert len(lines) == 10 and all(line.startswith("ok") for line in lines), "\n".join(lines)
    assert "10 of 10 checks pass" in proc.stdout
    kept = {p.name for p in tmp_path.iterdir()}
    assert {"parity-cpu.csv", "parity-gpu.csv", "lightning.csv", "hf.csv", "find-lr.csv"} <= kept
