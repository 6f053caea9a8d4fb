"""Write a diagnosis back to the MLflow run it was read from, so it shows in the MLflow UI beside the
run and can be searched (``tags.lrdoctor.status = 'error'``).

Tags: ``lrdoctor.status`` (``healthy``, ``warning`` or ``error``: the worst finding; an info finding
alone is healthy), ``lrdoctor.findings`` (the rules that found something, comma-separated, worst
first; empty when healthy), ``lrdoctor.lr`` (the recommended lr, when there is one) and
``lrdoctor.version``. Artifacts: ``lrdoctor/report.json`` and ``lrdoctor/report.html``.

Idempotent: writing again replaces these tags and artifacts and touches nothing else. A tag of an
earlier diagnosis that no longer applies (``lrdoctor.lr`` when nothing is recommended any more) is
deleted; the ``lrdoctor.live.*`` tags the recorder set while training are the training's record and
stay. Needs the ``mlflow`` package.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from lrdoctor._version import __version__
from lrdoctor.findings import RunReport
from lrdoctor.io.mlflow import EXPERIMENT_PREFIX, URI_PREFIX, client_errors, tracking_client

TAG_PREFIX = "lrdoctor."
LIVE_TAG_PREFIX = "lrdoctor.live."
STATUS_TAG = "lrdoctor.status"
FINDINGS_TAG = "lrdoctor.findings"
LR_TAG = "lrdoctor.lr"
VERSION_TAG = "lrdoctor.version"
ARTIFACT_PATH = "lrdoctor"
"""The run's artifact folder that holds the reports."""


def run_id_of(report: RunReport) -> str | None:
    """The MLflow run id of a report read as ``mlflow:<run_id>``, else None."""
    path = report.path
    if not path.startswith(URI_PREFIX) or path.startswith(EXPERIMENT_PREFIX):
        return None
    return path[len(URI_PREFIX):].strip() or None


def status_of(report: RunReport) -> str:
    """``error`` or ``warning`` (the worst finding), else ``healthy``."""
    worst = report.worst
    return worst if worst in ("error", "warning") else "healthy"


def report_tags(report: RunReport) -> dict[str, str]:
    """The tags lrdoctor sets on the run of ``report``."""
    problems = [f for f in report.findings if f.severity in ("error", "warning")]
    tags = {
        STATUS_TAG: status_of(report),
        FINDINGS_TAG: ",".join(dict.fromkeys(f.rule for f in problems)),
        VERSION_TAG: __version__,
    }
    lr = report.recommendation.lr if report.recommendation is not None else None
    if lr is not None:
        tags[LR_TAG] = f"{lr:.3g}"
    return tags


def log_report(report: RunReport, client: Any = None, run_id: str | None = None) -> str:
    """Set lrdoctor's tags on the run and upload the JSON and HTML reports as its artifacts; returns the
    run id. ``run_id`` defaults to the run the report was read from (``mlflow:<run_id>``), ``client``
    to MLflow's client for ``MLFLOW_TRACKING_URI``. Problems are one-line ``LogReadError``s."""
    from mlflow.entities import RunTag

    from lrdoctor.report.html import render_html
    from lrdoctor.report.json import render_json

    run_id = run_id or run_id_of(report)
    if run_id is None:
        raise ValueError(f"{report.path}: not an MLflow run; pass run_id")
    where = f"{URI_PREFIX}{run_id}"
    client = client if client is not None else tracking_client(where)
    tags = report_tags(report)
    with client_errors(where):
        existing = client.get_run(run_id).data.tags
        for key in existing:
            if key.startswith(TAG_PREFIX) and not key.startswith(LIVE_TAG_PREFIX) and key not in tags:
                client.delete_tag(run_id, key)
        client.log_batch(run_id, tags=[RunTag(key, value) for key, value in tags.items()])
        with tempfile.TemporaryDirectory(prefix="lrdoctor-mlflow-") as folder:
            Path(folder, "report.json").write_text(render_json([report]), encoding="utf-8")
            Path(folder, "report.html").write_text(render_html([report]), encoding="utf-8")
            client.log_artifacts(run_id, folder, artifact_path=ARTIFACT_PATH)
    return run_id


def set_live_tag(client: Any, run_id: str, check: str, text: str) -> None:
    """A live check's finding while training: ``lrdoctor.live.<check>`` = its message."""
    client.set_tag(run_id, f"{LIVE_TAG_PREFIX}{check}", text[:4900])  # MLflow tag values: at most 5,000 characters
