"""A tracking server that is down never stalls or breaks the training that sends it findings."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
import torch
from servers import free_port

import lrdoctor
from lrdoctor.record import sinks


def test_a_dead_mlflow_server_neither_stalls_nor_breaks_training(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MLflow's client retries a server that is down for minutes; its sends run on their own thread, so
    every step completes, the log is whole, and the end of recording gives up on the summary with a warning."""
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setattr(sinks, "SEND_WAIT_SECONDS", 0.5)
    torch.manual_seed(0)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=1e3)  # blows up: the live check finds a problem to send
    x, y = torch.randn(64, 4), torch.randn(64, 1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with lrdoctor.record(model, opt, tmp_path / "run.csv", mlflow="0" * 32, flush_every=1) as rec:
            for _ in range(30):
                opt.zero_grad()
                loss = ((model(x) - y) ** 2).mean()
                loss.backward()
                opt.step()
                rec.log(loss=loss)
    assert pd.read_csv(tmp_path / "run.csv")["step"].tolist() == list(range(1, 31))
    said = [str(w.message) for w in caught]
    assert any("MLflow" in m and ("did not take" in m or "stopped sending" in m) for m in said), said
    assert any("loss-not-finite" in m for m in said)
