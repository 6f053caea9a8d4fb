"""The command line: exit codes, the public JSON shape, output files, lazy imports."""

from __future__ import annotations

import json
import os
import shutil
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


@pytest.mark.parametrize("name", ["mlp-adam-nan-from-step-0", "mlp-adam-nan-from-step-2"])
def test_check_fails_on_a_real_run_whose_loss_is_nan_from_the_start(name: str) -> None:
    """Real trainings whose loss is NaN from the first step, and from the second (one finite value)."""
    code, out, _ = run("check", str(Path(__file__).resolve().parents[1] / "sample_logs" / f"{name}.csv"))
    assert code == 1 and "non-finite-loss" in out


@pytest.mark.parametrize("spelling", ["nan", "NaN", "inf", "-Infinity"])
def test_check_fails_on_a_hand_written_log_whose_loss_is_non_finite_in_every_row(spelling: str, tmp_path: Path) -> None:
    """A loop's own ``step,loss`` CSV of a run that diverged from its first step: every loss written as NaN or inf is
    a finding (exit 1), not a log without values; the same file with the cells left empty is (exit 2)."""
    diverged, empty = tmp_path / "diverged.csv", tmp_path / "empty.csv"
    diverged.write_text("step,loss\n" + "".join(f"{i}, {spelling}\n" for i in range(5)))
    empty.write_text("step,loss\n" + "".join(f"{i},\n" for i in range(5)))
    code, out, _ = run("check", str(diverged))
    assert code == 1 and "non-finite-loss" in out
    code, _, err = run("check", str(empty))
    assert code == 2 and "no values besides the step numbers" in err and "Traceback" not in err


def _write_jsonl(folder: Path, value: str) -> Path:
    path = folder / "log.jsonl"
    path.write_text("".join(f'{{"step": {i}, "loss": {value}}}\n' for i in range(1, 6)))
    return path


def _write_trainer_state(folder: Path, value: str) -> Path:
    path = folder / "trainer_state.json"
    path.write_text('{"log_history": [' + ", ".join(f'{{"step": {i}, "loss": {value}}}' for i in range(1, 6)) + "]}")
    return path


def _write_mlflow_folder(folder: Path, value: str) -> Path:
    (folder / "run" / "metrics").mkdir(parents=True)
    (folder / "run" / "meta.yaml").write_text("run_id: run\n")
    (folder / "run" / "metrics" / "loss").write_text("".join(f"1700000000000 {value} {i}\n" for i in range(1, 6)))
    return folder / "run"


def _write_tensorboard(folder: Path, value: str) -> Path:
    from torch.utils.tensorboard import SummaryWriter

    with SummaryWriter(str(folder / "tb")) as writer:
        for i in range(1, 6):
            writer.add_scalar("train_loss", float(value), i)
    return folder / "tb"


@pytest.mark.parametrize(("write", "value"), [
    (_write_jsonl, "NaN"), (_write_jsonl, "Infinity"), (_write_trainer_state, "NaN"), (_write_mlflow_folder, "nan"),
    (_write_mlflow_folder, "inf"), (_write_tensorboard, "nan"),
])  # fmt: skip
def test_check_fails_on_a_log_of_another_format_whose_every_loss_is_non_finite(write, value: str, tmp_path: Path) -> None:
    """The same run in the other formats: JSON lines, a trainer_state.json, an MLflow run folder and a TensorBoard
    event file hold a number only where one was logged, so a loss that is NaN or inf at every logged step is the
    run's finding (exit 1), not a log without values, whatever else the log holds."""
    code, out, err = run("check", str(write(tmp_path, value)))
    assert code == 1 and "non-finite-loss" in out, err


@pytest.mark.parametrize("write", [_write_jsonl, _write_trainer_state])
def test_a_json_loss_of_nulls_is_still_a_log_without_values(write, tmp_path: Path) -> None:
    """A JSON null is no number logged: a log whose every loss is null is refused (exit 2), one line, no traceback."""
    code, _, err = run("check", str(write(tmp_path, "null")))
    assert code == 2 and "Traceback" not in err and str(tmp_path) in err


def test_select_and_ignore(nan_run: Path) -> None:
    code, out, _ = run("analyze", str(nan_run), "--ignore", "non-finite-loss", "--format", "json")
    assert code == 0 and "non-finite-loss" not in json.loads(out)["runs"][0]["checked"]
    code, out, _ = run("analyze", str(nan_run), "--select", "plateau,overfitting", "--format", "json")
    report = json.loads(out)["runs"][0]
    assert set(report["checked"]) | set(report["not_checked"]) == {"plateau", "overfitting"}


def test_unknown_rule_is_a_usage_error(nan_run: Path) -> None:
    code, _, err = run("analyze", str(nan_run), "--select", "platau")
    assert code == 2 and "did you mean 'plateau'" in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["sanity", "find-lr"])
def test_sanity_and_find_lr_without_torch_say_so(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An install without the 'torch' extra: a usage line naming torch, not an internal error to report."""
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` raises ImportError
    code, _, err = run(command, "examples/sanity_factory.py:factory")
    assert code == 2 and f"lrdoctor {command} needs torch" in err and "internal error" not in err


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


# -- nothing the user had is overwritten ---------------------------------------------------------------

FORMATS = Path(__file__).parent / "data" / "formats"


@pytest.mark.parametrize("flag", ["-o", "--html"])
def test_refuses_to_write_onto_the_sidecar_it_reads(nan_run: Path, flag: str) -> None:
    sidecar = nan_run.with_suffix(".json")
    sidecar.write_text('{"num_classes": 10}')
    code, out, err = run("analyze", str(nan_run), "--format", "json", flag, str(sidecar))
    assert code == 2 and out == ""
    assert err == f"lrdoctor: error: {sidecar}: refusing to overwrite an input file, which the analysis reads\n"
    assert sidecar.read_text() == '{"num_classes": 10}'


def test_refuses_to_write_onto_a_file_of_a_run_folder(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(FORMATS / "tensorboard" / "run", tmp_path / "tb")
    (event_file,) = (tmp_path / "tb").iterdir()
    shutil.copytree(FORMATS / "mlruns", tmp_path / "mlruns")
    (metric,) = tmp_path.glob("mlruns/*/*/metrics/val_loss")
    for target in (event_file, metric):
        before = target.read_bytes()
        code, _, err = run("analyze", str(tmp_path), "-o", str(target))
        assert code == 2 and "refusing to overwrite an input file" in err, err
        assert target.read_bytes() == before


def test_refuses_a_second_name_of_an_input(nan_run: Path, tmp_path: Path) -> None:
    import os

    link = tmp_path / "hard-link.txt"
    os.link(nan_run, link)
    code, _, err = run("analyze", str(nan_run), "-o", str(link))
    assert code == 2 and f"{link}: refusing to overwrite an input file ({nan_run})" in err


def test_output_beside_the_inputs_is_still_written(nan_run: Path, tmp_path: Path) -> None:
    nan_run.with_suffix(".json").write_text("{}")
    code, _, _ = run("analyze", str(tmp_path), "--format", "json", "-o", str(tmp_path / "report.json"))
    assert code == 1 and json.loads((tmp_path / "report.json").read_text())["runs"]


# -- one bad run in a folder ------------------------------------------------------------------------------


@pytest.fixture()
def folder_with_bad_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three good runs, one whose analysis crashes (an injected bug), one unreadable, one unlistable folder."""
    import lrdoctor.engine

    loss = 0.3 + 2.0 * np.exp(-np.arange(300) / 40)
    for name in ("a", "b", "crash", "d"):
        (tmp_path / name).mkdir()
        pd.DataFrame({"step": range(300), "loss": loss}).to_csv(tmp_path / name / "run.csv", index=False)
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "run.csv").write_text("step,loss\n1,oops\n2,1.0\n")
    (tmp_path / "locked").mkdir()
    real_analyze, real_iterdir, real_scandir = lrdoctor.engine.analyze, Path.iterdir, os.scandir

    def analyze(path: Path, **options: object) -> object:
        if Path(path).parent.name == "crash":
            raise ZeroDivisionError("an injected bug")
        return real_analyze(path, **options)  # type: ignore[arg-type]

    def iterdir(self: Path) -> object:
        if self.name == "locked":
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    def scandir(path: object = ".") -> object:  # the other way to list a folder: denied the same
        if Path(str(path)).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(lrdoctor.engine, "analyze", analyze)
    monkeypatch.setattr(Path, "iterdir", iterdir)
    monkeypatch.setattr(os, "scandir", scandir)
    return tmp_path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_crashing_or_unreadable_run_does_not_stop_a_folder(folder_with_bad_runs: Path, jobs: str) -> None:
    import multiprocessing

    if jobs != "1" and multiprocessing.get_start_method() != "fork":
        pytest.skip("the injected bug reaches worker processes only when they are forked")
    code, out, err = run("analyze", str(folder_with_bad_runs), "--format", "json", "--jobs", jobs)
    assert code == 2 and out.startswith("{"), (out[:200], err)
    assert [Path(r["path"]).parent.name for r in json.loads(out)["runs"]] == ["a", "b", "d"]
    lines = err.splitlines()
    assert len(lines) == 3 and all(line.startswith("lrdoctor: error: ") for line in lines)
    crash = folder_with_bad_runs / "crash" / "run.csv"
    assert f"{crash}: internal error: ZeroDivisionError: an injected bug (please report it" in lines[0]
    assert f"{folder_with_bad_runs / 'e' / 'run.csv'}: column 'loss' has a non-numeric value" in lines[1]
    assert lines[2] == f"lrdoctor: error: {folder_with_bad_runs / 'locked'}: cannot be read (Permission denied)"


def test_jobs_auto_uses_processes_only_for_many_small_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from lrdoctor.engine import AUTO_MAX_FILE_BYTES, AUTO_MAX_JOBS, AUTO_MIN_RUNS, resolve_jobs
    from lrdoctor.errors import UsageError

    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(32)), raising=False)
    runs = [f"run{i}.csv" for i in range(AUTO_MIN_RUNS)]
    assert resolve_jobs("auto", runs[:-1]) == 1
    assert resolve_jobs("auto", runs) == AUTO_MAX_JOBS
    assert resolve_jobs(3, runs[:2]) == 3
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:  # a sparse file: its size without its bytes
        handle.truncate(AUTO_MAX_FILE_BYTES + 1)
    assert resolve_jobs("auto", [*runs, big]) == 1  # one process holds a large run's table, not eight
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert resolve_jobs("auto", runs) == 2
    with pytest.raises(UsageError, match="'many'"):
        resolve_jobs("many", runs)


def test_the_default_jobs_give_the_report_of_one_process() -> None:
    """``--jobs auto`` (the default) analyses the sample runs in processes: the same report as ``--jobs 1``."""
    samples = Path(__file__).resolve().parents[1] / "sample_logs"
    auto = run("analyze", str(samples), "--format", "json", "--fail-on", "never")
    one = run("analyze", str(samples), "--format", "json", "--fail-on", "never", "--jobs", "1")
    assert auto[0] == one[0] == 0 and len(json.loads(auto[1])["runs"]) >= 16
    assert auto[1] == one[1]


def test_jobs_auto_falls_back_to_one_process_where_processes_cannot_start(monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(38, "Function not implemented")  # what a sandbox without /dev/shm answers

    samples = Path(__file__).resolve().parents[1] / "sample_logs"
    one = run("analyze", str(samples), "--format", "json", "--fail-on", "never", "--jobs", "1")
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    auto = run("analyze", str(samples), "--format", "json", "--fail-on", "never")
    assert auto[0] == 0 and auto[1] == one[1]


@pytest.mark.parametrize("value", ["0", "many", "300"])
def test_a_bad_jobs_value_is_one_line(value: str) -> None:
    code, out, err = run("analyze", "whatever.csv", "--jobs", value)
    assert code == 2 and out == "" and "--jobs" in err and "Traceback" not in err


def test_a_crash_shows_its_traceback_with_lrdoctor_debug(folder_with_bad_runs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LRDOCTOR_DEBUG", "1")
    result = CliRunner().invoke(main, ["analyze", str(folder_with_bad_runs / "crash")])
    assert isinstance(result.exception, ZeroDivisionError)


def test_a_folder_without_runs_does_not_stop_the_other_inputs(nan_run: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = run("analyze", str(tmp_path / "empty"), str(nan_run), "--format", "json")
    assert code == 2 and len(json.loads(out)["runs"]) == 1
    assert err == f"lrdoctor: error: {tmp_path / 'empty'}: no training logs found in this folder\n"


def test_check_reads_urls_and_folders_as_analyze_does(tmp_path: Path) -> None:
    """A URL is fetched (not taken for a path), a host that refuses is one line, a folder is its runs."""
    from servers import free_port, http_server

    samples = Path(__file__).resolve().parents[1] / "sample_logs"
    shutil.copy(samples / "cnn-adam-lr-too-high.csv", tmp_path / "high.csv")
    shutil.copy(samples / "cnn-adam-lr-too-high.json", tmp_path / "high.json")
    with http_server(tmp_path) as base:
        code, out, err = run("check", f"{base}/high.csv", "--fail-on", "warning")
        assert (code, err) == (1, "") and "lr-too-high" in out
        code, out, err = run("check", f"{base}/missing.csv")
        assert code == 2 and err == f"lrdoctor: error: {base}/missing.csv: no such file\n"
    refused = f"http://127.0.0.1:{free_port()}/high.csv"
    code, _, err = run("check", refused)
    assert code == 2 and err.startswith(f"lrdoctor: error: {refused}: cannot be reached (") and err.count("\n") == 1
    code, out, _ = run("check", str(tmp_path), "--fail-on", "warning")
    assert code == 1 and "high.csv" in out and "lr-too-high" in out


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="FIFOs need a POSIX system")
@pytest.mark.parametrize("command", ["analyze", "check"])
def test_a_fifo_is_an_error_not_a_hang(tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import lrdoctor.io.inputs

    monkeypatch.setattr(lrdoctor.io.inputs, "STREAM_IDLE_SECONDS", 0.2)
    fifo = tmp_path / "run.csv"
    os.mkfifo(fifo)
    code, _, err = run(command, str(fifo))
    assert code == 2 and err == f"lrdoctor: error: {fifo}: a FIFO: no data for 0.2 s\n"


# -- colour -------------------------------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("no_color", [None, "1"])
def test_no_color_is_honoured_on_a_terminal(nan_run: Path, no_color: str | None) -> None:
    import os
    import pty

    root = Path(__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"PYTHONPATH": str(root), "TERM": "xterm"}
    if no_color:
        env["NO_COLOR"] = no_color
    leader, follower = pty.openpty()
    code = subprocess.run([sys.executable, "-m", "lrdoctor.cli", "analyze", str(nan_run)], stdout=follower,
                          stderr=follower, env=env, timeout=120).returncode
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert code == 1 and b"non-finite-loss" in out
    assert (b"\x1b[" in out) is (no_color is None)


# -- Markdown from hostile logs ----------------------------------------------------------------------------


def test_markdown_escapes_what_comes_from_the_log(tmp_path: Path) -> None:
    folder = tmp_path / "a`b [x](https:"
    folder.mkdir()
    path = folder / "run.csv"
    loss = np.r_[np.linspace(2.3, 1.0, 50), [np.nan] * 50]
    frame = pd.DataFrame({"step": range(100), "loss": loss, "![x](https://evil.example/p.png)": "<img src=x>"})
    frame.to_csv(path, index=False)
    code, out, _ = run("analyze", str(path), "--format", "markdown")
    assert code == 1
    assert "![x](" not in out and "<img" not in out and "https://" not in out
    heading = next(line for line in out.splitlines() if line.startswith("## "))
    assert heading == f"## `` {path} ``"
    note = next(line for line in out.splitlines() if "ignored non-numeric columns" in line)
    assert r"\!\[x\](https:\/\/evil.example/p.png)" in note


# -- short and constant logs --------------------------------------------------------------------------------


def short_or_flat(shape: str, n: int) -> pd.DataFrame:
    """A log of ``n`` rows: every column constant, all zeros, half NaN with inf gradients, or per-epoch."""
    steps = np.arange(1, n + 1)
    ones = np.ones(n)
    if shape == "constant":
        return pd.DataFrame({"step": steps, "loss": ones, "lr": 0.1 * ones, "grad_norm": ones, "val_loss": ones,
                             "update_ratio": ones, "weight_norm": ones})
    if shape == "zeros":
        return pd.DataFrame({"step": steps, "loss": 0 * ones, "lr": 0 * ones, "grad_norm": 0 * ones,
                             "val_loss": 0 * ones, "update_ratio": 0 * ones, "weight_norm": 0 * ones})
    if shape == "nan_and_inf":
        return pd.DataFrame({"step": steps, "loss": np.where(steps % 2 == 0, np.nan, 1.0), "lr": 0.1 * ones,
                             "val_loss": np.nan, "grad_norm": np.inf})
    return pd.DataFrame({"epoch": steps, "loss": ones, "val_loss": ones})


@pytest.mark.parametrize("n", [1, 2, 3, 30])
@pytest.mark.parametrize("shape", ["constant", "zeros", "nan_and_inf", "per_epoch"])
def test_short_and_constant_logs_print_no_float_warnings(tmp_path: Path, shape: str, n: int) -> None:
    """numpy's RuntimeWarnings (0/0, mean of nothing) never reach stderr, in any report format."""
    import warnings

    path = tmp_path / "run.csv"
    short_or_flat(shape, n).to_csv(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for output in (["--format", "markdown"], ["--format", "json", "--html", str(tmp_path / "report.html")]):
            code, _, err = run("analyze", str(path), "--fail-on", "never", *output)
            assert code in (0, 2) and "internal error" not in err
            assert err == "" or (code == 2 and err.count("\n") == 1)


def test_a_process_that_dies_mid_sweep_loses_no_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed while it analyses a task of several runs: each run of the sweep is in the report or is an
    error line (the victim's among them), and the command ends with one line per error, no traceback."""
    import multiprocessing
    import os

    import lrdoctor.engine

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the injected death reaches worker processes only when they are forked")
    loss = 0.3 + 2.0 * np.exp(-np.arange(300) / 40)
    names = [f"run{i:02d}" for i in range(40)]
    for name in names:
        (tmp_path / name).mkdir()
        pd.DataFrame({"step": range(300), "loss": loss}).to_csv(tmp_path / name / "run.csv", index=False)
    real_analyze = lrdoctor.engine.analyze

    def analyze(path: Path, **options: object) -> object:
        if Path(path).parent.name == "run17":
            os._exit(3)  # the process dies, as one killed for its memory does
        return real_analyze(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(lrdoctor.engine, "analyze", analyze)
    assert lrdoctor.engine.batch_size(len(names), 2) > 1  # runs share a task
    code, out, err = run("analyze", str(tmp_path), "--format", "json", "--jobs", "2")
    assert code == 2 and "Traceback" not in err
    reported = {Path(r["path"]).parent.name for r in json.loads(out)["runs"]}
    failed = {Path(line.split(": ")[2]).parent.name for line in err.splitlines()}
    assert "run17" in failed and reported | failed == set(names) and not reported & failed
    assert all(line.startswith("lrdoctor: error: ") for line in err.splitlines())
    assert "internal error" in err and "NameError" not in err, err[:300]


def test_a_sweep_is_cut_into_tasks_of_a_few_runs() -> None:
    from lrdoctor.engine import MAX_BATCH, batch_size

    assert batch_size(10, 2) == 1
    assert batch_size(160, 2) == 10
    assert batch_size(100_000, 2) == MAX_BATCH


def test_check_fails_on_a_lightning_log_whose_epoch_mean_loss_is_nan_throughout(tmp_path: Path) -> None:
    """A Lightning metrics.csv met in public repositories (session 29's audit): ``data_loss, epoch, mean_loss, step``,
    the loss NaN in all 28 epochs. It was refused (exit 2, "no training loss column"): ``mean_loss`` is the training loss,
    and a loss NaN from the first logged step is the run's finding."""
    folder = tmp_path / "lightning_logs" / "version_0"
    folder.mkdir(parents=True)
    rows = "".join(f"nan,{epoch},nan,{(epoch + 1) * 493 - 1}\n" for epoch in range(28))
    (folder / "metrics.csv").write_text("data_loss,epoch,mean_loss,step\n" + rows)
    code, out, err = run("check", str(folder / "metrics.csv"))
    assert code == 1 and "non-finite-loss" in out, err


@pytest.mark.skipif(sys.platform != "linux", reason="numpy asks for huge pages on Linux only")
@pytest.mark.parametrize(("given", "expected"), [(None, "0"), ("1", "1")])
def test_a_command_that_reads_logs_turns_numpys_huge_pages_off_unless_told(given: str | None, expected: str,
                                                                          monkeypatch: pytest.MonkeyPatch,
                                                                          tmp_path: Path) -> None:
    """NUMPY_MADVISE_HUGEPAGE=0 while ``analyze`` reads a log in a fresh process (numpy reads it when it loads, inside
    the command), the user's own value kept; the environment as it was after the command."""
    if given is None:
        monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    else:
        monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", given)
    log = Path(__file__).parent.parent / "sample_logs" / "cnn-sgdm-last-layer-x300.csv"
    script = (f"import os, sys; from lrdoctor.cli import main; sys.argv = ['lrdoctor', 'analyze', {str(log)!r}]\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\n"
              "try:\n    from numpy._core import multiarray\nexcept ImportError:  # numpy 1.x\n"
              "    from numpy.core import multiarray\n"
              "print(int(multiarray._get_madvise_hugepage()), os.environ.get('NUMPY_MADVISE_HUGEPAGE', 'unset'))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert out.split()[-2:] == [expected, given or "unset"]


def test_a_command_run_where_numpy_is_loaded_leaves_the_environment_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a process that has numpy already (this one, a notebook's), the setting would change nothing: not set."""
    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    log = Path(__file__).parent.parent / "sample_logs" / "cnn-sgdm-last-layer-x300.csv"
    CliRunner().invoke(main, ["analyze", str(log)])
    import os

    assert "NUMPY_MADVISE_HUGEPAGE" not in os.environ
