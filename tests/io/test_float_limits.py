"""Logs whose values sit at the float limits are read and analysed without a numpy warning (a warning is printed to the
user's terminal, and is an error where warnings are errors): tables the fuzzer found (tests/data/float_limits)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import lrdoctor
from lrdoctor.errors import LrdoctorError

CASES = sorted((Path(__file__).resolve().parents[1] / "data" / "float_limits").glob("*.csv"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_a_log_at_the_float_limits_is_analysed_without_a_warning(path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            report = lrdoctor.analyze(path)
        except LrdoctorError as error:  # a refusal is a clear one-line error, also fine
            assert "\n" not in str(error)
        else:
            assert report.rows > 0


def test_the_cases_are_there() -> None:
    assert len(CASES) == 6
