"""Expected failures the user can fix. Only ``cli.py`` catches them; ``str(error)`` is the whole message."""

from __future__ import annotations

import re
from pathlib import Path

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` on one line with nothing a terminal would act on: control characters (newlines, escape
    sequences, the line separators of Unicode) from a log's column names or values are shown escaped."""
    return _UNPRINTABLE.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


def internal_error(exc: BaseException) -> str:
    """The one line for an unexpected exception: what it was and a request for a bug report."""
    text = printable(str(exc).strip())[:300]
    return (f"internal error: {type(exc).__name__}{': ' if text else ''}{text} "
            "(please report it with the log; LRDOCTOR_DEBUG=1 shows the traceback)")


class LrdoctorError(Exception):
    """An expected failure the user can fix. str(error) is the whole message."""


class LogReadError(LrdoctorError):
    """A run log (or its sidecar) could not be read: names the file, then the problem, on one line."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = printable(problem)
        super().__init__(f"{printable(str(path))}: {self.problem}")


class ConfigError(LrdoctorError):
    """A configuration file, option or threshold override is invalid."""


class UsageError(LrdoctorError):
    """The command was called with arguments that cannot work (unknown rule name, ...)."""
