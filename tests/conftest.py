"""Shared test setup. The labelled sample runs live in ``sample_runs.py`` (import them from there);
this conftest puts ``tests/`` on ``sys.path`` so that ``from sample_runs import ...`` works from any
test folder."""

from __future__ import annotations

from sample_runs import LabelledRun, all_runs, healthy_runs, labelled, lookalikes

__all__ = ["LabelledRun", "all_runs", "healthy_runs", "labelled", "lookalikes"]
