"""The data and models of the fix-check bench's model families, one module per half (gathered by
``bench/fixcheck_data.py``, which documents them)."""
