"""labels.toml as the sample generators write it: every run name survives as a TOML key."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sample_logs"))

from labels_file import label_entry, write_labels  # noqa: E402


class Label:
    must_fire = ("lr-too-high",)
    may_fire = ("plateau",)
    fault_step = 1
    tolerance_steps = 150
    lookalike_for: tuple[str, ...] = ()
    note = "a note"
    known_miss = ("lr-too-high",)


def test_dotted_run_names_stay_one_run(tmp_path: Path) -> None:
    names = ["mlp-adam-lr-0.01", "mlp-adam-lr-1", "cnn_sgd"]
    write_labels(tmp_path, {n: label_entry(n, Label()) for n in names}, "# header\n")
    runs = tomllib.loads((tmp_path / "labels.toml").read_text())["runs"]
    assert sorted(runs) == sorted(names)
    assert runs["mlp-adam-lr-0.01"]["known_miss"] == ["lr-too-high"]
    # written again with one run: the others are kept, not doubled
    write_labels(tmp_path, {"mlp-adam-lr-0.01": label_entry("mlp-adam-lr-0.01", Label())}, "# header\n")
    assert sorted(tomllib.loads((tmp_path / "labels.toml").read_text())["runs"]) == sorted(names)
