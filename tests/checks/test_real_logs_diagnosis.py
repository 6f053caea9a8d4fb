"""Diagnoses on logs written by other people (../shared/real_logs, labelled in its SOURCES.md).

Clear cases must be found; healthy runs must get no warning or error. Uncertain labels
(whisper-flemish, tb-contrastive, yolo-ppe-train2, and tb-lstm-textgen, a converged plateau) only must not produce an error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lrdoctor import analyze

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real_logs"

MUST = {
    "hf-whisper-largev2-ja__trainer_state.json": {"overfitting"},
    "hf-dnabert2__trainer_state.json": {"overfitting"},
    "pl-yolov3-voc-v1__metrics.csv": {"non-finite-loss"},
    "pl-capgemini-v35__metrics.csv": {"plateau"},
}
HEALTHY = [
    "hf-t5-summarization__trainer_state.json", "hf-tinyllama-sft__trainer_state.json",
    "hf-whisper-bashkir__trainer_state.json", "hf-kgllm-lora-nan-gradnorm__trainer_state.json",
    "pl-slm-wikitext103-v0__metrics.csv", "pl-yolov3-voc-v4__metrics.csv", "pl-capgemini-v1__metrics.csv",
    "yolo-ppe-person__results.csv", "hf-geollm-ptuning__trainer_state.json",
    "hf-trainer-state-viz__trainer_state.json", "hf-qlora-constant-lr__trainer_state.json", "detr-holtin__log.txt",
]
UNCERTAIN = ["hf-whisper-flemish__trainer_state.json", "tb-lstm-textgen__events.out.tfevents.1716735746.99c8c45923de.3769.0", "tb-contrastive__events.out.tfevents.1713773043.carls-gaming-linux.286970.0",
             "yolo-ppe-train2__results.csv"]

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real_logs is not beside this checkout")


@pytest.mark.parametrize(("name", "rules"), MUST.items(), ids=list(MUST))
def test_clear_problems_are_found(name: str, rules: set[str]) -> None:
    fired = {f.rule for f in analyze(REAL / name).findings}
    assert rules <= fired


@pytest.mark.parametrize("name", HEALTHY)
def test_healthy_real_runs_stay_quiet(name: str) -> None:
    loud = [f"{f.rule}: {f.message}" for f in analyze(REAL / name).findings if f.severity != "info"]
    assert loud == []


@pytest.mark.parametrize("name", UNCERTAIN)
def test_uncertain_runs_get_no_error(name: str) -> None:
    assert [f.rule for f in analyze(REAL / name).findings if f.severity == "error"] == []


def test_every_real_log_is_labelled_here() -> None:
    files = {p.name for p in REAL.iterdir() if p.name != "SOURCES.md"}
    assert files == set(MUST) | set(HEALTHY) | set(UNCERTAIN)
