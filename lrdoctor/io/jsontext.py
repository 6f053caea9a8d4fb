"""JSON as the readers meet it: parse errors that are not the user's syntax, and numbers too big for a float.

Python's parser raises ``RecursionError`` on deeply nested input and ``ValueError`` on integers with
more digits than ``sys.get_int_max_str_digits()``; both become a ``LogReadError`` naming the file.
An integer beyond the float range (over 308 digits) is read as an infinity, and the readers say so
in a note.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from lrdoctor.errors import LogReadError
from lrdoctor.io.inputs import NotUtf8Error


def read_text(path: Path, what: str) -> str:
    """The file's UTF-8 text (a byte order mark dropped); other bytes are a ``NotUtf8Error``."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise NotUtf8Error(path, f"not a text file, cannot be read as {what}") from None


def loads(text: str, path: Path, what: str) -> Any:
    """``json.loads``; a syntax error stays a ``json.JSONDecodeError`` (the callers say where), input
    nested too deeply or with an integer too long for Python is a ``LogReadError``."""
    try:
        return json.loads(text)
    except RecursionError:
        raise LogReadError(path, f"{what}: nested too deeply (over {sys.getrecursionlimit()} levels)") from None
    except ValueError as error:
        if isinstance(error, json.JSONDecodeError):
            raise
        limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300
        raise LogReadError(path, f"{what}: an integer has more than {limit} digits") from None


def to_float(value: int | float) -> tuple[float, bool]:
    """``(float(value), overflowed)``: an integer beyond the float range is ``±inf`` and ``overflowed``."""
    try:
        return float(value), False
    except OverflowError:
        return (math.inf if value > 0 else -math.inf), True


def overflow_note(count: int) -> list[str]:
    """The note for ``count`` numbers too large for a float, read as infinities (none for 0)."""
    if not count:
        return []
    return [f"read {count} number{'s' * (count != 1)} too large for a float (beyond 1.8e308) as inf"]
