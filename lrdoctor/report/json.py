"""The JSON reporter: the reference shape that the other reporters render."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from lrdoctor._version import __version__
from lrdoctor.facts import Comparison
from lrdoctor.findings import RunReport


def report_dict(reports: Sequence[RunReport], comparison: Comparison | None = None) -> dict[str, Any]:
    """``{"lrdoctor_version", "runs": [...], "comparison"?}``: the public JSON interface (see README)."""
    out: dict[str, Any] = {"lrdoctor_version": __version__, "runs": [r.to_dict() for r in reports]}
    if comparison is not None and len(reports) > 1:
        out["comparison"] = comparison.to_dict()
    return out


def render_json(reports: Sequence[RunReport], comparison: Comparison | None = None) -> str:
    return json.dumps(report_dict(reports, comparison), indent=2, allow_nan=False) + "\n"
