"""Expected failures the user can fix. Only ``cli.py`` catches them; ``str(error)`` is the whole message."""

from __future__ import annotations

from pathlib import Path


class LrdoctorError(Exception):
    """An expected failure the user can fix. str(error) is the whole message."""


class LogReadError(LrdoctorError):
    """A run log (or its sidecar) could not be read: names the file, then the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class ConfigError(LrdoctorError):
    """A configuration file, option or threshold override is invalid."""


class UsageError(LrdoctorError):
    """The command was called with arguments that cannot work (unknown rule name, ...)."""
