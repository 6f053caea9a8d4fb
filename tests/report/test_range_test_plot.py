"""A real learning-rate range test, written by find_lr, gets a loss-vs-lr plot with the suggestion marked."""

from __future__ import annotations

import html
from urllib.parse import unquote
import re
from pathlib import Path

import torch
from torch import nn

from lrdoctor import analyze
from lrdoctor.guards import find_lr
from lrdoctor.report.html import render_html


def test_range_test_report_plots_loss_against_lr(tmp_path: Path) -> None:
    torch.manual_seed(0)
    x, y = torch.randn(256, 8), torch.randint(0, 4, (256,))
    model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 4))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loader = [(x[i : i + 32], y[i : i + 32]) for i in range(0, 256, 32)]
    log = tmp_path / "lr_test" / "run.csv"
    find_lr(model, optimizer, loader, nn.CrossEntropyLoss(), num_steps=80, log_path=log, progress=False)
    report = analyze(log, curves=True)
    (finding,) = report.findings
    page = render_html([report])
    assert "Learning-rate range test" in page
    svg = next(
        unquote(html.unescape(data))
        for data in re.findall(r'src="data:image/svg\+xml,([^"]+)"', page)
        if "suggested lr" in unquote(html.unescape(data))
    )
    assert f"suggested lr {finding.fix['lr']:.2g}" in svg
