"""``lrdoctor sanity``, ``check`` and ``find-lr`` through the real command group: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from click.testing import CliRunner

from lrdoctor.cli import main

FACTORIES = Path(__file__).resolve().parent / "factories.py"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_sanity_exits_0_when_every_check_passes() -> None:
    code, out, _ = run("sanity", f"{FACTORIES}:good")
    assert code == 0, out
    assert out.count("PASS") == 6 and "sanity: 6 passed, 0 failed" in out


def test_sanity_exits_1_and_prints_the_fix_when_a_check_fails() -> None:
    code, out, _ = run("sanity", f"{FACTORIES}:checkpoint_without_optimizer")
    assert code == 1
    assert "FAIL  checkpoint" in out and "fix:" in out and "sanity: 5 passed, 1 failed" in out


def test_sanity_exits_2_with_one_line_for_an_unusable_factory() -> None:
    code, out, err = run("sanity", f"{FACTORIES}:raises")
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [f"lrdoctor: error: {FACTORIES}:raises: the factory raised RuntimeError: dataset not found"]
    assert "Traceback" not in err


def test_sanity_exits_2_when_the_time_limit_is_reached() -> None:
    code, _, err = run("sanity", f"{FACTORIES}:good", "--time-limit", "0.000001")
    assert code == 2 and "time limit" in err and "Traceback" not in err


def write_log(path: Path, loss: np.ndarray) -> Path:
    pd.DataFrame({"step": np.arange(len(loss)), "loss": loss}).to_csv(path, index=False)
    return path


def test_check_passes_a_clean_log_and_fails_one_with_an_error(tmp_path: Path) -> None:
    steps = np.arange(300)
    clean = write_log(tmp_path / "run.csv", 0.3 + 2.0 * np.exp(-steps / 40) + np.random.default_rng(0).normal(0, 0.01, 300))
    broken = write_log(tmp_path / "run_nan.csv", np.r_[np.linspace(2.3, 1.0, 50), [np.nan] * 50])
    code, out, _ = run("check", str(clean))
    assert code == 0 and out.startswith(f"{clean}: ") and " error " not in out
    code, out, _ = run("check", str(clean), str(broken))
    assert code == 1 and "error   LRD001 non-finite-loss" in out
    assert run("check", "--fail-on", "never", str(broken))[0] == 0


def test_check_exits_2_for_an_unreadable_log(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path / "missing.csv"))
    assert code == 2 and "missing.csv" in err and "Traceback" not in err


def test_find_lr_prints_both_readings_and_writes_a_range_test_log(tmp_path: Path) -> None:
    code, out, _ = run("find-lr", f"{FACTORIES}:good", "--num-steps", "40", "-o", str(tmp_path / "lr.csv"))
    assert code == 0, out
    assert "suggested lr:" in out and "steepest descent" in out and "minimum of the smoothed loss" in out
    assert json.loads((tmp_path / "lr.json").read_text())["range_test"] is True
    assert (tmp_path / "lr.csv").read_text().startswith("step,loss,lr\n1,")
