"""JSON lines: one JSON object per logged step (or per epoch, as DETR's ``log.txt``).

Nested objects are flattened with ``/`` (``{"train": {"loss": 1}}`` is ``train/loss``); lists and
text are ignored (``event`` excepted). DETR's keys map through the shared table (``train_loss`` ->
``loss``, ``train_lr`` -> ``lr``, ``test_loss`` -> ``val_loss``); without a step key the epoch is the
step. A file that is one JSON array of such objects is read the same way. A last line cut short by
a crash is dropped with a note; a broken line elsewhere is an error naming it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lrdoctor.errors import LogReadError
from lrdoctor.io.base import RawLog
from lrdoctor.io.jsontext import loads, overflow_note, read_text, to_float
from lrdoctor.io.tables import Names, finish_log

FORMAT = "JSON lines"


def read_json_lines(path: Path, extra_names: Names = None) -> RawLog:
    """Read one record per line (or a JSON array of records) into a table."""
    import pandas as pd

    text = read_text(path, FORMAT)
    notes: list[str] = []
    start = text.lstrip()[:1]
    if start == "{" and _is_one_object(path, text):
        raise LogReadError(path, f"{FORMAT}: the file is one JSON object, not one object per line")
    records = _array_records(path, text) if start == "[" else _line_records(path, text, notes)
    if not records:
        raise LogReadError(path, f"{FORMAT}: no records")
    overflowed = [0]
    frame = pd.DataFrame.from_records([_flat(record, overflowed) for record in records])
    notes += overflow_note(overflowed[0])
    return finish_log(frame, path, FORMAT, extra_names=extra_names, notes=notes, what="key", values_only=True)


def _line_records(path: Path, text: str, notes: list[str]) -> list[dict[str, Any]]:
    """Parse each non-empty line; an unparseable last line is treated as cut short by a crash."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    records: list[dict[str, Any]] = []
    for i, (number, line) in enumerate(lines):
        try:
            record = loads(line, path, f"{FORMAT}: line {number}")
        except json.JSONDecodeError as error:
            if i == len(lines) - 1 and i > 0 and not text.endswith("\n"):
                notes.append("dropped the last line: it was cut short (the run probably crashed while writing)")
                break
            raise LogReadError(path, f"{FORMAT}: line {number} is not valid JSON ({error.msg})") from None
        if not isinstance(record, dict):
            raise LogReadError(path, f"{FORMAT}: line {number} is not a JSON object")
        records.append(record)
    return records


def _is_one_object(path: Path, text: str) -> bool:
    """True for a pretty-printed JSON object spread over several lines (a config, a summary)."""
    if "\n" not in text.strip():
        return False
    try:
        return isinstance(loads(text, path, FORMAT), dict)
    except json.JSONDecodeError:
        return False


def _array_records(path: Path, text: str) -> list[dict[str, Any]]:
    """Parse a file holding one JSON array of objects."""
    try:
        data = loads(text, path, "JSON")
    except json.JSONDecodeError as error:
        raise LogReadError(path, f"JSON: invalid at line {error.lineno} ({error.msg})") from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise LogReadError(path, "JSON: expected an array of objects, one per logged step")
    return data


def _flat(record: dict[str, Any], overflowed: list[int]) -> dict[str, Any]:
    """Numbers of a record (nested objects flattened with ``/``, however deep), plus the ``event``
    text; ``overflowed[0]`` counts integers too large for a float (read as inf)."""
    flat: dict[str, Any] = {}
    pending: list[tuple[str, dict[str, Any]]] = [("", record)]
    while pending:
        prefix, current = pending.pop()
        for key, value in current.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                pending.append((f"{name}/", value))
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                flat[name], overflow = to_float(value)
                overflowed[0] += overflow
            elif name == "event" and isinstance(value, str):
                flat[name] = value
    return flat
