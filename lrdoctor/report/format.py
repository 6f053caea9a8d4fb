"""Small text formatters the reporters share."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lrdoctor.facts import RunFacts


def format_loss(value: float | None) -> str:
    """A loss for a table cell."""
    return "–" if value is None else f"{value:.4g}"


def format_problems(facts: RunFacts | None) -> str:
    """'none' or '1 error, 2 warnings'."""
    if facts is None or not facts.problems:
        return "none"
    return ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in facts.problems.items())


def plural(n: int, word: str) -> str:
    """'1 run', '3 runs'."""
    return f"{n} {word}{'' if n == 1 else 's'}"
