"""The optional ``run.json`` beside a run log (same stem): what the run was, checked key by key.

Known keys and their types: ``task``, ``loss_fn``, ``optimizer``, ``scheduler`` (text),
``num_classes``, ``batch_size``, ``num_params``, ``dataset_size`` (positive integers),
``optimizer_params`` (an object), ``range_test`` (true/false), ``pretrained`` (true/false, or the
name of the weights, which means true). ``null`` means unknown and is dropped. Other keys are kept
as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lrdoctor.errors import LogReadError
from lrdoctor.io.hparams import pretrained_flag
from lrdoctor.io.inputs import decode_text
from lrdoctor.io.jsontext import loads

_TEXT = ("task", "loss_fn", "optimizer", "scheduler")
_COUNTS = ("num_classes", "batch_size", "num_params", "dataset_size", "vocab_size", "seq_len")


def sidecar_path(log: Path) -> Path | None:
    """The ``<stem>.json`` beside a log file, when there is one (a regular file, never the log itself)."""
    candidate = log.with_suffix(".json")
    if candidate == log or not candidate.is_file():
        return None
    return candidate


def read_sidecar(path: Path) -> dict[str, Any]:
    """Read and validate a sidecar; a wrong type is a ``LogReadError`` naming the file and key."""
    try:
        data = loads(decode_text(path.read_bytes())[0], path, "run.json sidecar")
    except UnicodeDecodeError:
        raise LogReadError(path, "not a text file, cannot be read as a run.json sidecar") from None
    except json.JSONDecodeError as error:
        raise LogReadError(path, f"invalid JSON ({error.msg} at line {error.lineno})") from None
    if not isinstance(data, dict):
        raise LogReadError(path, f"a run.json sidecar must be a JSON object; got {type(data).__name__}")
    return {key: _checked(path, key, value) for key, value in data.items() if value is not None}


def _checked(path: Path, key: str, value: Any) -> Any:
    """The value if it has the key's type, else a ``LogReadError``."""
    if key in _TEXT and not isinstance(value, str):
        raise LogReadError(path, f"'{key}' must be a string; got {json.dumps(value)}")
    if key in _COUNTS and not (isinstance(value, int) and not isinstance(value, bool) and value > 0):
        raise LogReadError(path, f"'{key}' must be a positive integer; got {json.dumps(value)}")
    if key == "optimizer_params" and not isinstance(value, dict):
        raise LogReadError(path, f"'{key}' must be an object; got {json.dumps(value)}")
    if key == "pretrained":
        flag = pretrained_flag(value)
        if flag is None:
            raise LogReadError(path, f"'{key}' must be true, false or the name of the weights; got {json.dumps(value)}")
        return flag
    if key == "range_test" and not isinstance(value, bool):
        raise LogReadError(path, f"'{key}' must be true or false; got {json.dumps(value)}")
    return value
