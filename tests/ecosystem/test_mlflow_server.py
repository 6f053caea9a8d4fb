"""MLflow both ways, against a real ``mlflow server`` (SQLite store, local artifacts; ``servers.py``):
runs logged with MLflow's client from the sample logs are read back by id and by experiment (with
MLflow's filter), in pages, and the diagnosis is written back as tags and artifacts, idempotently."""

from __future__ import annotations

import json
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from servers import free_port, log_sample_run

from lrdoctor import analyze
from lrdoctor.cli import main
from lrdoctor.io import read_log

mlflow = pytest.importorskip("mlflow")

SAMPLES = Path(__file__).resolve().parents[2] / "sample_logs"
LOGGED = ("epoch", "loss", "lr", "grad_norm", "weight_norm", "update_ratio", "opt_step", "val_loss", "val_acc",
          "train_acc")
"""The columns logged as metrics (the per-layer ones too would only make the logging slower)."""


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def client(tracking: str) -> Any:
    return mlflow.MlflowClient(tracking)


def new_experiment(client: Any) -> tuple[str, str]:
    name = f"lrdoctor-{uuid.uuid4().hex[:8]}"
    return name, str(client.create_experiment(name))


@pytest.fixture(scope="module")
def logged(mlflow_server: str) -> dict[str, Any]:
    """One experiment of three sample runs (a too-high lr, two healthy: Adam and SGD), logged once."""
    client = mlflow.MlflowClient(mlflow_server)
    name, experiment = new_experiment(client)
    runs = {stem: log_sample_run(client, experiment, SAMPLES / f"{stem}.csv", columns=LOGGED)
            for stem in ("cnn-adam-lr-too-high", "mlp-sgdm-cosine-log50", "regression-sgdm-constant-log10")}
    return {"name": name, "experiment": experiment, "runs": runs}


def test_a_run_read_from_the_server_is_the_run_that_was_logged(logged: dict[str, Any], tracking: str) -> None:
    stem = "cnn-adam-lr-too-high"
    log = read_log(f"mlflow:{logged['runs'][stem]}")
    csv = pd.read_csv(SAMPLES / f"{stem}.csv")
    assert log.frame["step"].tolist() == csv["step"].tolist()
    for column in ("loss", "lr", "grad_norm", "val_loss"):
        assert np.allclose(log.frame[column], csv[column], equal_nan=True, rtol=1e-12)
    assert log.meta["run_name"] == stem and log.meta["num_classes"] == 8 and log.meta["optimizer"] == "Adam"
    by_server = analyze(f"mlflow:{logged['runs'][stem]}")
    by_file = analyze(SAMPLES / f"{stem}.csv")
    assert {f.rule for f in by_server.findings} == {f.rule for f in by_file.findings} >= {"lr-too-high"}
    assert by_server.path == f"mlflow:{logged['runs'][stem]}"


def test_an_experiment_is_every_run_the_filter_selects(logged: dict[str, Any], tracking: str) -> None:
    code, out, _ = run_cli("analyze", f"mlflow:experiment/{logged['name']}", "--format", "json", "--fail-on", "never")
    assert code == 0
    assert {r["path"] for r in json.loads(out)["runs"]} == {f"mlflow:{i}" for i in logged["runs"].values()}
    code, out, _ = run_cli("analyze", f"mlflow:experiment/{logged['name']}", "--mlflow-filter",
                           "params.optimizer = 'SGD'", "--format", "json")
    sgd = {logged["runs"]["mlp-sgdm-cosine-log50"], logged["runs"]["regression-sgdm-constant-log10"]}
    assert code == 0 and {r["path"] for r in json.loads(out)["runs"]} == {f"mlflow:{i}" for i in sgd}


@pytest.mark.parametrize(("args", "message"), [
    (["mlflow:experiment/{name}", "--mlflow-filter", "params.lr > '1e-3'"], "Invalid comparator '>'"),
    (["mlflow:experiment/{name}", "--mlflow-filter", "params.optimizer = 'LBFGS'"], "no runs match the filter"),
    (["mlflow:experiment/no-such-experiment"], "no experiment named 'no-such-experiment'"),
    (["mlflow:0123456789abcdef0123456789abcdef"], "mlflow:0123456789abcdef0123456789abcdef: MLflow: "),
    (["sample_logs/cnn-adam-lr-too-high.csv", "--mlflow-filter", "metrics.loss < 1"], "give mlflow:experiment/<name>"),
])
def test_mlflow_problems_are_one_line_and_exit_2(logged: dict[str, Any], tracking: str, args: list[str],
                                                 message: str) -> None:
    code, _, err = run_cli("analyze", *[a.format(name=logged["name"]) for a in args])
    assert code == 2 and message in err and "Traceback" not in err
    assert all(line.startswith("lrdoctor: error: ") for line in err.splitlines())


@pytest.mark.parametrize("down", ["http://127.0.0.1:{port}", "http://[::1"])
def test_a_server_that_cannot_be_reached_is_one_line(monkeypatch: pytest.MonkeyPatch, down: str) -> None:
    """MLflow's own client would retry for about four minutes; lrdoctor probes the server first."""
    down = down.format(port=free_port())
    monkeypatch.setenv("MLFLOW_TRACKING_URI", down)
    for target in ("mlflow:0123456789abcdef", "mlflow:experiment/sweep"):
        code, out, err = run_cli("analyze", target)
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
        assert err.startswith(f"lrdoctor: error: {target}: MLflow: cannot reach the tracking server {down} (")
        assert "Traceback" not in err


def test_metric_history_is_read_page_by_page(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long history arrives in pages (crossing page ends loses nothing) and is held as float arrays:
    the peak memory of reading it is a fraction of MLflow's all-at-once list of Metric objects."""
    from mlflow.entities import Metric

    from lrdoctor.io import mlflow as mlflow_io

    _, experiment = new_experiment(client)
    run_id = client.create_run(experiment).info.run_id
    steps = np.arange(6_000)
    values = 2.0 * np.exp(-steps / 1500.0)
    points = [Metric("loss", float(v), 0, int(s)) for s, v in zip(steps, values)]
    for start in range(0, len(points), 1000):
        client.log_batch(run_id, metrics=points[start:start + 1000])
    monkeypatch.setattr(mlflow_io, "PAGE_SIZE", 500)  # 12 pages; MLflow's own page is 25,000 points
    tracemalloc.start()
    try:
        series = mlflow_io.metric_history(client, run_id, "loss")
        paged = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        whole = client.get_metric_history(run_id, "loss")
        at_once = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert series.index.tolist() == steps.tolist() and np.array_equal(series.to_numpy(), values)
    assert len(whole) == len(steps)
    assert paged < at_once / 3, (paged, at_once)


def test_the_diagnosis_is_written_back_and_writing_again_replaces_only_its_own(client: Any, tmp_path: Path) -> None:
    _, experiment = new_experiment(client)
    sick = log_sample_run(client, experiment, SAMPLES / "cnn-adam-lr-too-high.csv", columns=LOGGED)
    well = log_sample_run(client, experiment, SAMPLES / "mlp-sgdm-cosine-log50.csv", columns=LOGGED)
    client.set_tag(well, "team", "vision")
    client.set_tag(well, "lrdoctor.lr", "0.5")  # from an earlier diagnosis that no longer holds
    client.set_tag(well, "lrdoctor.live.loss-rising", "step 10: ...")  # written while training: stays
    notes = tmp_path / "notes.txt"
    notes.write_text("the user's own artifact")
    client.log_artifact(well, str(notes))

    for attempt in range(2):
        code, _, err = run_cli("analyze", f"mlflow:{sick}", f"mlflow:{well}", "--mlflow-log")
        assert code == 0, err
        assert "wrote the diagnosis of 2 runs back to MLflow" in err
        sick_tags, well_tags = client.get_run(sick).data.tags, client.get_run(well).data.tags
        assert sick_tags["lrdoctor.status"] == "warning" and "lr-too-high" in sick_tags["lrdoctor.findings"].split(",")
        assert 0 < float(sick_tags["lrdoctor.lr"]) < 0.03  # below the lr 0.03 the run failed at
        assert well_tags["lrdoctor.status"] == "healthy" and well_tags["lrdoctor.findings"] == ""
        assert "lrdoctor.lr" not in well_tags, attempt
        assert well_tags["team"] == "vision" and well_tags["lrdoctor.live.loss-rising"] == "step 10: ..."
        assert sorted(a.path for a in client.list_artifacts(sick, "lrdoctor")) == ["lrdoctor/report.html",
                                                                                   "lrdoctor/report.json"]
        assert [a.path for a in client.list_artifacts(well) if not a.is_dir] == ["notes.txt"]
    report = json.loads(Path(client.download_artifacts(sick, "lrdoctor/report.json", str(tmp_path))).read_text())
    problems = [f["rule"] for f in report["runs"][0]["findings"] if f["severity"] in ("error", "warning")]
    assert "lr-too-high" in problems and ",".join(dict.fromkeys(problems)) == sick_tags["lrdoctor.findings"]
    assert float(sick_tags["lrdoctor.lr"]) == pytest.approx(report["runs"][0]["recommendation"]["lr"], rel=0.05)
    html = Path(client.download_artifacts(sick, "lrdoctor/report.html", str(tmp_path))).read_text()
    assert html.count("<img") >= 3 and "lr-too-high" in html
    found = client.search_runs([experiment], "tags.lrdoctor.status = 'warning'")
    assert [r.info.run_id for r in found] == [sick]


def test_mlflow_log_says_which_runs_did_not_come_from_mlflow(tracking: str) -> None:
    code, _, err = run_cli("analyze", str(SAMPLES / "mlp-sgdm-cosine-log50.csv"), "--mlflow-log")
    assert code == 0 and "was not read from MLflow; nothing written back for it" in err
