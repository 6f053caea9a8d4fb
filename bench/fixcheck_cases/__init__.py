"""The labelled cases of the fix-check bench, one module per half (registered by ``bench/fixcheck_runs.py``,
which documents them)."""
