"""The JSON reporter: the reference shape that the other reporters render."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from lrdoctor._version import __version__
from lrdoctor.findings import RunReport


def report_dict(reports: Sequence[RunReport]) -> dict[str, Any]:
    """``{"lrdoctor_version", "runs": [...]}``: the public JSON interface (see README)."""
    return {"lrdoctor_version": __version__, "runs": [r.to_dict() for r in reports]}


def render_json(reports: Sequence[RunReport]) -> str:
    return json.dumps(report_dict(reports), indent=2, allow_nan=False) + "\n"
