"""MLflow stores an infinite metric as the largest float (1.8e308): real runs whose loss or update ratio went to
inf come back from a tracking server with those values, and the rules must read them without a numpy warning
(the readers' fuzz bench counts one as a crash). Found by bench/mlflow_roundtrip.py: 10 ** 308.25 and the exp of
a climb of hundreds of log units overflowed in a ratio and in a message."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import lrdoctor

SAMPLES = Path(__file__).resolve().parents[2] / "sample_logs"


@pytest.mark.parametrize("name", ["mlp-zero-init-plateau", "regression-sgdm-lr-growth-nan"])
def test_infinities_stored_as_the_largest_float_raise_no_warning(name: str) -> None:
    df = pd.read_csv(SAMPLES / f"{name}.csv")
    numeric = df.select_dtypes("number")
    assert np.isinf(numeric.to_numpy()).any()
    df[numeric.columns] = numeric.replace([np.inf, -np.inf], [np.finfo(float).max, -np.finfo(float).max])
    meta = json.loads((SAMPLES / f"{name}.json").read_text())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = lrdoctor.analyze(df, meta=meta)
    assert report.findings
