"""The command line: exit codes, the public JSON shape, output files, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from lrdoctor import __version__
from lrdoctor.cli import main


@pytest.fixture()
def nan_run(tmp_path: Path) -> Path:
    """A log whose loss turns NaN half-way (an error-severity finding)."""
    path = tmp_path / "run.csv"
    loss = np.r_[np.linspace(2.3, 1.0, 50), [np.nan] * 50]
    pd.DataFrame({"step": range(100), "loss": loss, "lr": 0.1}).to_csv(path, index=False)
    return path


@pytest.fixture()
def clean_run(tmp_path: Path) -> Path:
    path = tmp_path / "clean.csv"
    rng = np.random.default_rng(0)
    steps = np.arange(300)
    loss = 0.3 + 2.0 * np.exp(-steps / 40) + rng.normal(0, 0.01, 300)
    pd.DataFrame({"step": steps, "loss": loss}).to_csv(path, index=False)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_shape_is_the_public_interface(nan_run: Path) -> None:
    code, out, _ = run("analyze", str(nan_run), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"lrdoctor_version", "runs"} and data["lrdoctor_version"] == __version__
    (report,) = data["runs"]
    assert set(report) == {"path", "rows", "first_step", "last_step", "checked", "not_checked", "findings", "notes", "facts",
                           "recommendation"}
    assert set(report["facts"]) == {"steps", "rows", "epochs", "lr", "final_loss", "best_loss", "diverged", "best_val_loss",
                                    "best_val_step", "optimizer_family", "update_band", "hyper", "setup", "problems",
                                    "improving_at_end", "lr_too_high"}
    assert report["facts"]["diverged"] is True and report["facts"]["problems"] == {"error": 1}
    assert report["rows"] == 100 and report["first_step"] == 0 and report["last_step"] == 99
    assert "non-finite-loss" in report["checked"]
    assert report["not_checked"]["overfitting"] == "no 'val_loss' column"
    finding = report["findings"][0]
    assert set(finding) == {"rule", "id", "severity", "step_start", "step_end", "message", "evidence", "suggestion", "fix"}
    assert finding["rule"] == "non-finite-loss" and finding["id"] == "LRD001" and finding["severity"] == "error"
    assert finding["step_start"] == 50
    assert all(isinstance(v, (int, float)) or v is None for v in finding["evidence"].values())


def test_fail_on_levels(nan_run: Path, clean_run: Path) -> None:
    assert run("analyze", str(clean_run))[0] == 0
    assert run("analyze", str(nan_run))[0] == 1
    assert run("analyze", str(nan_run), "--fail-on", "never")[0] == 0


def test_select_and_ignore(nan_run: Path) -> None:
    code, out, _ = run("analyze", str(nan_run), "--ignore", "non-finite-loss", "--format", "json")
    assert code == 0 and "non-finite-loss" not in json.loads(out)["runs"][0]["checked"]
    code, out, _ = run("analyze", str(nan_run), "--select", "plateau,overfitting", "--format", "json")
    report = json.loads(out)["runs"][0]
    assert set(report["checked"]) | set(report["not_checked"]) == {"plateau", "overfitting"}


def test_unknown_rule_is_a_usage_error(nan_run: Path) -> None:
    code, _, err = run("analyze", str(nan_run), "--select", "platau")
    assert code == 2 and "did you mean 'plateau'" in err and "Traceback" not in err


def test_text_and_markdown_render_findings(nan_run: Path) -> None:
    code, out, _ = run("analyze", str(nan_run))
    assert "error: non-finite-loss (LRD001)" in out
    assert max(map(len, out.splitlines()[1:])) <= 80  # the first line is the path, whatever its length
    code, out, _ = run("analyze", str(nan_run), "--format", "markdown")
    assert "| error | `non-finite-loss` (LRD001) |" in out


def test_output_is_written_and_inputs_are_never_overwritten(nan_run: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, _ = run("analyze", str(nan_run), "--format", "json", "-o", str(target))
    assert code == 1 and out == "" and json.loads(target.read_text())["runs"]
    before = nan_run.read_bytes()
    code, _, err = run("analyze", str(nan_run), "-o", str(nan_run))
    assert code == 2 and "refusing to overwrite an input file" in err
    assert nan_run.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_one_unreadable_run_does_not_stop_the_others(nan_run: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    code, out, err = run("analyze", str(missing), str(nan_run), "--format", "json")
    assert code == 2
    assert len(json.loads(out)["runs"]) == 1 and "missing.csv" in err


def test_num_classes_option_reaches_the_rules(tmp_path: Path) -> None:
    path = tmp_path / "run.csv"
    pd.DataFrame({"step": range(50), "loss": np.linspace(23.0, 2.0, 50)}).to_csv(path, index=False)
    code, out, _ = run("analyze", str(path), "--num-classes", "10", "--select", "wrong-initial-loss", "--format", "json")
    (finding,) = json.loads(out)["runs"][0]["findings"]
    assert finding["rule"] == "wrong-initial-loss" and finding["evidence"]["expected_loss"] == pytest.approx(np.log(10))
    code, out, _ = run("analyze", str(path), "--select", "wrong-initial-loss", "--format", "json")
    assert "num_classes" in json.loads(out)["runs"][0]["not_checked"]["wrong-initial-loss"]


def test_rules_lists_the_catalogue() -> None:
    code, out, _ = run("rules")
    assert code == 0 and "LRD001" in out and "missing-warmup" in out
    code, out, _ = run("rules", "--format", "json")
    assert {r["name"] for r in json.loads(out)} >= {"plateau", "overfitting"}


def test_config_file_option(nan_run: Path, tmp_path: Path) -> None:
    config = tmp_path / "lrdoctor.toml"
    config.write_text('[tool.lrdoctor.rules.non-finite-loss]\nseverity = "info"\n')
    code, out, _ = run("analyze", str(nan_run), "--config", str(config), "--format", "json")
    assert code == 0 and json.loads(out)["runs"][0]["findings"][0]["severity"] == "info"
    config.write_text('[tool.lrdoctor]\nselct = ["plateau"]\n')
    code, _, err = run("analyze", str(nan_run), "--config", str(config))
    assert code == 2 and "did you mean 'select'" in err


def test_cli_start_up_imports_no_heavy_library() -> None:
    code = (
        "import sys, lrdoctor, lrdoctor.cli\n"
        "heavy = [m for m in ('pandas', 'scipy', 'matplotlib', 'torch', 'numpy') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_python_api_returns_inspectable_findings(nan_run: Path) -> None:
    import lrdoctor

    report = lrdoctor.analyze(nan_run)
    assert report.findings[0].rule == "non-finite-loss"
    frame = report.to_frame()
    assert list(frame["rule"]) == [f.rule for f in report.findings]
    assert lrdoctor.analyze(pd.read_csv(nan_run)).findings[0].step_start == 50
