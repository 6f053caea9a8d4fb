"""Runs analysed on Dask workers, on a real ``distributed.LocalCluster`` of two worker processes (one per
session, ``servers.py``): the same reports as a local analysis, in input order; a run that fails on a
worker is one line as it is locally and the others go on; a worker killed mid-way is replaced and its
runs retried; runs at a URL are read on the worker; the CLI's ``--dask`` gives what ``--jobs`` gives."""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from servers import free_port, http_server

import lrdoctor
from lrdoctor.cli import main

pytest.importorskip("distributed")

SAMPLES = Path(__file__).resolve().parents[2] / "sample_logs"
STEMS = ("cnn-adam-lr-too-high", "mlp-sgdm-cosine-log50", "regression-sgdm-constant-log10", "mlp-adamw-early-step-decay")


@pytest.fixture()
def runs(tmp_path: Path) -> list[Path]:
    """Four sample runs (with their sidecars) and a file that is not a log, in a folder."""
    for stem in STEMS:
        for suffix in (".csv", ".json"):
            if (SAMPLES / f"{stem}{suffix}").is_file():
                shutil.copy(SAMPLES / f"{stem}{suffix}", tmp_path / f"{stem}{suffix}")
    bad = tmp_path / "broken.csv"
    bad.write_text("step,accuracy\n1,0.5\n2,0.6\n")
    return [tmp_path / f"{STEMS[0]}.csv", bad, *(tmp_path / f"{stem}.csv" for stem in STEMS[1:])]


def shape(result: Any) -> Any:
    """What a result says: an error line, or the report's rules and step ranges."""
    if isinstance(result, str):
        return result
    return result.path, [(f.rule, f.step_start, f.step_end) for f in result.findings]


def test_dask_gives_the_local_reports_and_failures_in_input_order(dask_client: Any, runs: list[Path]) -> None:
    done: list[int] = []
    on_dask = lrdoctor.analyze_many(runs, client=dask_client, on_result=lambda i, r: done.append(i))
    local = lrdoctor.analyze_many(runs)
    processes = lrdoctor.analyze_many(runs, jobs=2)
    assert [shape(r) for r in on_dask.results] == [shape(r) for r in local.results] == [shape(r) for r in processes.results]
    assert sorted(done) == list(range(len(runs)))
    (error,) = on_dask.errors
    assert error.startswith(f"{runs[1]}: ") and "no 'loss' column" in error and "\n" not in error
    assert [r.path for r in on_dask] == [str(p) for p in runs if p.name != "broken.csv"]
    assert on_dask.comparison is not None and len(on_dask.comparison.order) == 4
    assert "lr-too-high" in {f.rule for f in on_dask[0].findings}


def test_a_run_at_a_url_is_read_on_the_worker(dask_client: Any, runs: list[Path]) -> None:
    """Over HTTP (fsspec), with its sidecar; a URL that is not there is that run's one line."""
    with http_server(runs[0].parent) as base:
        urls = [f"{base}/{runs[0].name}", f"{base}/missing.csv"]
        result = lrdoctor.analyze_many(urls, client=dask_client)
    (report,) = result.reports
    assert report.path == urls[0] and "lr-too-high" in {f.rule for f in report.findings}
    assert report.facts is not None and report.facts.hyper.get("optimizer") == "Adam"  # the sidecar came too
    (error,) = result.errors
    assert error.startswith(f"{urls[1]}: ") and "\n" not in error


def test_a_worker_killed_mid_way_is_replaced_and_its_runs_retried(dask_client: Any, runs: list[Path]) -> None:
    many = [p for p in runs if p.name != "broken.csv"] * 6
    pids = dask_client.run(os.getpid)
    killed: list[int] = []

    def kill_one(i: int, result: Any) -> None:
        if not killed:
            victim = next(iter(pids.values()))
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    result = lrdoctor.analyze_many(many, client=dask_client, on_result=kill_one)
    assert killed and result.errors == [] and len(result.reports) == len(many)
    assert [r.path for r in result] == [str(p) for p in many]
    dask_client.wait_for_workers(2, timeout=120)
    assert killed[0] not in dask_client.run(os.getpid).values()


def test_the_cli_on_dask_gives_what_jobs_gives(dask_client: Any, runs: list[Path], tmp_path: Path) -> None:
    files = [str(p) for p in runs]
    address = dask_client.scheduler.address
    on_dask = CliRunner().invoke(main, ["analyze", *files, "--dask", address, "--format", "json",
                                        "--html", str(tmp_path / "dask.html")])
    local = CliRunner().invoke(main, ["analyze", *files, "--jobs", "2", "--format", "json"])
    assert on_dask.exit_code == local.exit_code == 2  # the broken file, in both
    assert on_dask.stderr == local.stderr and "broken.csv" in on_dask.stderr
    assert json.loads(on_dask.stdout) == json.loads(local.stdout)
    html = (tmp_path / "dask.html").read_text()
    assert "Comparison of 4 runs" in html


@pytest.mark.parametrize(("address", "message"), [
    ("tcp://127.0.0.1:{port}", "cannot reach the Dask scheduler (Connection refused)"),
    ("tls://127.0.0.1:{port}", "cannot reach the Dask scheduler (Connection refused)"),
    ("scheduler-without-port", "not a Dask scheduler address (expected tcp://HOST:PORT"),
    ("tcp://[::1", "not a Dask scheduler address (expected tcp://HOST:PORT"),
    ("inproc://x", "lrdoctor connects to a Dask scheduler over tcp:// or tls:// only"),
])
def test_a_scheduler_that_cannot_be_reached_is_one_line(runs: list[Path], address: str, message: str) -> None:
    """Said by a probe of the address (no client is made to retry it, nor left half-made for exit)."""
    address = address.format(port=free_port())
    result = CliRunner().invoke(main, ["analyze", str(runs[0]), "--dask", address])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"lrdoctor: error: {address}: {message}" + result.stderr.split(message, 1)[1]
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr





def test_over_ten_runs_the_html_index_is_written_from_dask_reports(dask_client: Any, tmp_path: Path) -> None:
    """Workers send back the decimated curves the report over many runs draws: an index and a page per run."""
    folder = tmp_path / "fleet"
    folder.mkdir()
    for i in range(11):
        shutil.copy(SAMPLES / "mlp-sgdm-cosine-log50.csv", folder / f"run{i:02d}.csv")
    index = tmp_path / "fleet.html"
    result = CliRunner().invoke(main, ["analyze", str(folder), "--dask", dask_client.scheduler.address,
                                       "--html", str(index), "--fail-on", "never"])
    assert result.exit_code == 0, result.stderr
    pages = sorted((tmp_path / "fleet_runs").glob("*.html"))
    assert len(pages) == 11 and "11 runs" in index.read_text()
    assert all(page.read_text().count("<img") >= 2 for page in pages)
