"""The data, models and losses of the fix-check runs (``bench/fixcheck_runs.py``), gathered into one namespace from
``bench/fixcheck_families/``, one module per half (the cases read them as ``fd.<name>``): model families made unlike
the sample runs and the hold-out sets a and b, each described in its half's module (and every half in
``bench/fixcheck_runs.py``'s docstring).
"""

from __future__ import annotations

import importlib
import pkgutil

import fixcheck_families


def _gather() -> None:
    """Every module of ``bench/fixcheck_families`` in this module's namespace: the cases name a family's data and
    models as ``fd.<name>`` (each name is bound in one module only: ``tests/test_bench_names.py``). Deleted once
    run: a case's fingerprint follows every name of its code through this namespace (``fixcheck_core.code_of``),
    and words in a case's code are names."""
    for found in sorted(pkgutil.iter_modules(fixcheck_families.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"fixcheck_families.{found.name}")
        globals().update((name, value) for name, value in vars(module).items() if not name.startswith("__"))


_gather()
del _gather, importlib, pkgutil, fixcheck_families
