"""Hugging Face Trainer ``trainer_state.json`` (or a checkpoint directory holding one).

``log_history`` mixes training entries (``loss``, ``learning_rate``, ``grad_norm``, ``epoch``),
evaluation entries (``eval_loss``, ``eval_<metric>``) and one final summary entry (``train_loss``,
``train_runtime``, ...). Training and evaluation entries of the same step become one row; the summary
is ignored. Bare ``NaN``/``Infinity`` tokens (written for a skipped fp16 step) are values, and so is
``learning_rate: 0.0``. Names go through the shared table (``learning_rate`` -> ``lr``, ``eval_loss``
-> ``val_loss``, ...); ``global_step``, ``max_steps``, ``train_batch_size`` (as ``batch_size``) and
friends go into ``meta``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from lrdoctor.errors import LogReadError
from lrdoctor.io.base import RawLog
from lrdoctor.io.jsontext import loads, overflow_note, read_text, to_float
from lrdoctor.io.tables import Names, finish_log

FORMAT = "HF trainer_state.json"
_SUMMARY_KEYS = frozenset({"train_runtime", "train_samples_per_second", "train_steps_per_second", "total_flos"})
_META_KEYS = {
    "global_step": "global_step", "max_steps": "max_steps", "num_train_epochs": "num_train_epochs",
    "logging_steps": "logging_steps", "eval_steps": "eval_steps", "train_batch_size": "batch_size",
}
"""trainer_state.json key -> ``meta`` key (``batch_size`` as in the run.json sidecar: per device)."""


def read_trainer_state(path: Path, extra_names: Names = None) -> RawLog:
    """Read ``log_history`` into one row per step, training and evaluation entries merged."""
    import pandas as pd

    state = _load_state(path)
    history = state.get("log_history")
    if not isinstance(history, list):
        raise LogReadError(path, f"{FORMAT}: no 'log_history' list (keys: {', '.join(map(str, state))})")
    rows: dict[float, dict[str, float]] = {}
    notes: list[str] = []
    skipped = 0
    overflowed = [0]
    for entry in history:
        if not isinstance(entry, dict) or _is_summary(entry):
            continue
        step = _number(entry.get("step"), overflowed)
        if step is None or not math.isfinite(step):
            skipped += 1
            continue
        values = {key: number for key, raw in entry.items() if (number := _number(raw, overflowed)) is not None}
        rows.setdefault(step, {}).update(values)
    if skipped:
        notes.append(f"ignored {skipped} log_history entries without a step")
    notes += overflow_note(overflowed[0])
    if not rows:
        raise LogReadError(path, f"{FORMAT}: 'log_history' has no training entries")
    frame = pd.DataFrame.from_records(list(rows.values()))
    meta = {name: state[key] for key, name in _META_KEYS.items() if _number(state.get(key), [0]) is not None}
    return finish_log(frame, path, FORMAT, extra_names=extra_names, notes=notes, meta=meta, what="key",
                      values_only=True)


def _load_state(path: Path) -> dict[str, Any]:
    """Parse the JSON file (Python's parser accepts the bare NaN/Infinity tokens the Trainer writes)."""
    text = read_text(path, FORMAT)
    try:
        state = loads(text, path, FORMAT)
    except json.JSONDecodeError as error:
        cut = " (the file looks truncated)" if not text.rstrip().endswith("}") else ""
        raise LogReadError(path, f"{FORMAT}: invalid JSON at line {error.lineno}: {error.msg}{cut}") from None
    if not isinstance(state, dict):
        raise LogReadError(path, f"{FORMAT}: expected a JSON object with 'log_history'")
    return state


def _is_summary(entry: dict[str, Any]) -> bool:
    """The end-of-training summary (``train_loss`` averaged over the run, runtimes), not a logged step."""
    return "loss" not in entry and any(key in entry for key in _SUMMARY_KEYS)


def _number(value: Any, overflowed: list[int]) -> float | None:
    """A JSON number as float (NaN/inf kept; ``overflowed[0]`` counts integers too large for a float,
    read as inf); anything else (text, lists, booleans) is None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number, overflow = to_float(value)
    overflowed[0] += overflow
    return number
