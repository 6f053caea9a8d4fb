"""Shared test setup. The labelled sample runs live in ``sample_runs.py`` (import them from there);
this conftest puts ``tests/`` on ``sys.path`` so that ``from sample_runs import ...`` works from any
test folder. The real services some tests need (an ``mlflow server``, a Dask LocalCluster) start
once per session, on first use (``servers.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sample_runs import LabelledRun, all_runs, healthy_runs, labelled, lookalikes

__all__ = ["LabelledRun", "all_runs", "healthy_runs", "labelled", "lookalikes"]


@pytest.fixture(scope="session")
def mlflow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URI of a real ``mlflow server`` (SQLite store, local artifacts) running for this session."""
    pytest.importorskip("mlflow")
    from servers import mlflow_server as start

    with start(tmp_path_factory.mktemp("mlflow-server")) as uri:
        yield uri


@pytest.fixture()
def tracking(mlflow_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """``MLFLOW_TRACKING_URI`` names the session's server for this test (lrdoctor reads it from there)."""
    monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_server)
    return mlflow_server


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """A ``distributed.Client`` on a real LocalCluster with two worker processes, for this session."""
    pytest.importorskip("distributed")
    from servers import dask_cluster

    with dask_cluster() as client:
        yield client
