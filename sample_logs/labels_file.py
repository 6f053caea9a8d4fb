"""The ``labels.toml`` of a folder of labelled runs, written by ``make_samples.py`` and ``bench/holdout.py``.

One ``[runs.<name>]`` table per run (must_fire, may_fire, fault_step, tolerance_steps, lookalike_for),
its note as a comment above it. ``bench/detection.py`` and ``tests/sample_runs.py`` read it.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Protocol


class LabelLike(Protocol):
    """What a run's label carries (read-only: ``harness.Label`` is frozen)."""

    @property
    def must_fire(self) -> tuple[str, ...]: ...
    @property
    def may_fire(self) -> tuple[str, ...]: ...
    @property
    def fault_step(self) -> int | None: ...
    @property
    def tolerance_steps(self) -> int | None: ...
    @property
    def lookalike_for(self) -> tuple[str, ...]: ...
    @property
    def note(self) -> str: ...
    @property
    def known_miss(self) -> tuple[str, ...]: ...


BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def table_name(name: str) -> str:
    """The run's table header: ``[runs.<name>]``, the name quoted when it is not a bare TOML key (a dot
    in ``mlp-adam-lr-0.01`` would otherwise nest a table)."""
    return f"[runs.{name}]" if BARE_KEY.fullmatch(name) else f'[runs."{name}"]'


def toml_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


def label_entry(name: str, label: LabelLike, note_prefix: str = "") -> str:
    """One ``[runs.<name>]`` table of labels.toml, its note as a comment above it."""
    lines = [f"# {note_prefix}{label.note}", table_name(name), f"must_fire = {toml_list(label.must_fire)}"]
    if label.may_fire:
        lines.append(f"may_fire = {toml_list(label.may_fire)}")
    if label.fault_step is not None:
        lines.append(f"fault_step = {label.fault_step}")
    if label.tolerance_steps is not None:
        lines.append(f"tolerance_steps = {label.tolerance_steps}")
    if label.lookalike_for:
        lines.append(f"lookalike_for = {toml_list(label.lookalike_for)}")
    if label.known_miss:
        lines.append(f"known_miss = {toml_list(label.known_miss)}")
    return "\n".join(lines) + "\n"


def write_labels(out: Path, entries: dict[str, str], header: str) -> None:
    """Write ``out/labels.toml`` atomically, keeping the entries of runs not made this time (``--only``)."""
    path = out / "labels.toml"
    old: dict[str, str] = {}
    if path.exists():
        for block in path.read_text().split("\n\n"):
            for line in block.splitlines():
                if line.startswith("[runs."):
                    old[line[len("[runs.") : -1].strip('"')] = block.strip("\n") + "\n"
    merged = old | entries
    text = header + "\n" + "\n".join(merged[k] for k in sorted(merged))
    if set(tomllib.loads(text)["runs"]) != set(merged):  # never write a labels file that does not parse back
        raise ValueError(f"{path}: run names do not survive as TOML keys")
    tmp = path.with_name(".labels.toml.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)
