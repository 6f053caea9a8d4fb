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
    """``report_dict`` as JSON text indented by 2, made one run at a time: the dicts of all the runs of a
    large analysis never exist at once (``json.dumps`` of the whole dict gives the same text)."""
    head = json.dumps({"lrdoctor_version": __version__}, indent=2)[:-2]  # '{\n  "lrdoctor_version": "..."'
    parts = [head, ',\n  "runs": [' if reports else ',\n  "runs": []']
    for i, report in enumerate(reports):
        parts += [",\n" if i else "\n", _indented(json.dumps(report.to_dict(), indent=2, allow_nan=False), "    ")]
    if reports:
        parts.append("\n  ]")
    if comparison is not None and len(reports) > 1:
        compared = json.dumps(comparison.to_dict(), indent=2, allow_nan=False)
        parts.append(',\n  "comparison": ' + _indented(compared, "  ")[2:])
    parts.append("\n}\n")
    return "".join(parts)


def _indented(text: str, margin: str) -> str:
    """Every line of ``text`` after ``margin`` (JSON text holds no line break inside a string)."""
    return "\n".join(margin + line for line in text.split("\n"))
