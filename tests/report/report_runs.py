"""Runs for the report tests, built in code: small, seeded, with known faults.

Import them from here (``from report_runs import faulty_frame``), not from ``conftest``: the module
name ``conftest`` is whichever test folder's conftest was imported first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def faulty_frame(n: int = 3000, seed: int = 1) -> pd.DataFrame:
    """An SGD run re-creating its optimizer at step 2000, a gradient burst at 2500 and NaN from 2900."""
    rng = np.random.default_rng(seed)
    step = np.arange(n)
    loss = np.where(step < 800, 2.3 * np.exp(-step / 250) + 0.8, 0.85) + rng.normal(0, 0.03, n)
    loss[2900:] = np.nan
    grad_norm = 1 + rng.gamma(2, 0.2, n)
    grad_norm[2500:2510] *= 100
    return pd.DataFrame({
        "step": step,
        "loss": loss,
        "lr": np.where(step < 500, 0.1, 0.01),
        "grad_norm": grad_norm,
        "opt_step": np.where(step < 2000, step + 1, step - 1999),
    })


def sweep_frame(lr: float, n: int = 600, seed: int = 0) -> pd.DataFrame:
    """A healthy-looking run whose final loss and validation loss depend on ``lr`` (best at 1e-3)."""
    rng = np.random.default_rng(seed)
    step = np.arange(n)
    floor = 0.3 + 0.4 * abs(np.log10(lr) + 3)
    loss = (2.3 - floor) * np.exp(-step / 150) + floor + rng.normal(0, 0.02, n)
    val = np.full(n, np.nan)
    val[99::100] = loss[99::100] + 0.05
    return pd.DataFrame({"step": step, "loss": loss, "lr": lr, "val_loss": val})
