"""wrong-initial-loss's reading that needs no expected loss: a last layer initialised far too large leaves its first
update/weight ratio far below the other layers' (its weights are huge for the gradients they get), whatever the loss.
Runs of bench/fixcheck_runs.py copied into sample_logs/fixcheck with their counterfactual labels: a physics-informed MLP
and a sparse autoencoder whose last layers were initialised 300x (their losses have no start the rule knows)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import lrdoctor
from lrdoctor.checks.wrong_initial_loss import LAYER_GAP, gap_exempt, gap_scale, is_head

ROOT = Path(__file__).resolve().parents[2] / "sample_logs"
RUNS = ROOT / "fixcheck"


def initial(path: Path) -> list[lrdoctor.Finding]:
    return [f for f in lrdoctor.analyze(path).findings if f.rule == "wrong-initial-loss"]


@pytest.mark.parametrize(("name", "layer"), [("pinn-tanh-adam-head-x300", "net.6.weight"),
                                             ("sae-relu-adam-decoder-x300", "decoder.weight")])
def test_a_last_layer_initialised_300x_is_found_by_its_update_ratio(name: str, layer: str) -> None:
    """A PDE residual and a sparse autoencoder's loss have no known start (no ln C): the finding comes from the layer
    gap, names the layer, and gives the init fix: the weights scaled by the inverse of the gap (one significant figure),
    which undoes the 300x (before: a tenth, which left them 30x too large)."""
    (found,) = initial(RUNS / f"{name}.csv")
    gap = found.evidence["layer_gap"]
    assert gap > 100
    assert layer in found.message
    assert found.fix == {"last_layer_init_scale": pytest.approx(float(f"{1 / gap:.1g}"))}
    assert 1 / 1000 < found.fix["last_layer_init_scale"] < 1 / 100


def test_a_small_gap_keeps_a_tenth() -> None:
    """Just past the gap's threshold the inverse would be larger than a tenth: the scale stays at most a tenth."""
    assert gap_scale(LAYER_GAP) == pytest.approx(0.1)
    assert gap_scale(18.0) == pytest.approx(0.06)


@pytest.mark.parametrize("name", ["pinn-tanh-adam-head-x300", "sae-relu-adam-decoder-x300"])
def test_the_same_runs_without_per_layer_ratios_are_not_judged(name: str, tmp_path: Path) -> None:
    """The reading needs the recorder's per-tensor ratios; without them the loss alone cannot tell."""
    frame = pd.read_csv(RUNS / f"{name}.csv")
    path = tmp_path / f"{name}.csv"
    frame.drop(columns=[c for c in frame.columns if c.startswith("update_ratio/")]).to_csv(path, index=False)
    path.with_suffix(".json").write_bytes((RUNS / f"{name}.json").read_bytes())
    assert initial(path) == []


@pytest.mark.parametrize("name", ["transformer-adamw-warmup-cosine", "transformer-adamw-warmup-high-peak-ok"])
def test_a_model_whose_last_weight_is_a_norm_is_no_large_head(name: str, tmp_path: Path) -> None:
    """A LayerNorm's weight starts at 1 and an embedding's at N(0, 1): their ratios sit 6-100x below a linear layer's
    by design. Two healthy transformer runs with their head's columns removed (a model whose last tensor is a
    LayerNorm's, as an encoder returning features has) stay silent."""
    frame = pd.read_csv(ROOT / f"{name}.csv")
    ratios = [c for c in frame.columns if c.startswith("update_ratio/") and c.endswith(".weight")]
    kept = [c for c in ratios if not c.startswith("update_ratio/head.")]
    assert gap_exempt(kept[-1][len("update_ratio/"):])
    first = frame[kept].dropna(how="any").iloc[0].to_numpy()
    assert np.median(first[:-1]) / first[-1] > LAYER_GAP  # read like any other tensor, the norm would be a large head
    path = tmp_path / f"{name}.csv"
    frame.drop(columns=[c for c in frame.columns if "/head." in c]).to_csv(path, index=False)
    assert initial(path) == []
    assert initial(ROOT / f"{name}.csv") == []


@pytest.mark.parametrize("name", ["survival-mlp-adagrad-constant-log4", "survival-mlp-rmsprop-resumed-with-state"])
def test_healthy_runs_of_the_same_family_stay_silent(name: str) -> None:
    assert initial(RUNS / f"{name}.csv") == []


@pytest.mark.parametrize(("name", "exempt"), [
    ("transformer.ln_f.weight", True), ("model.norm.weight", True), ("bn1.weight", True), ("wte.weight", True),
    ("embed_tokens.weight", True), ("encoder.layers.0.norm2.weight", True), ("pos_embedding.weight", True),
    ("head.weight", False), ("net.6.weight", False), ("decoder.weight", False), ("lm_head.weight", False),
    ("layers.5.head.weight", False), ("fc2.weight", False),
])
def test_which_tensors_the_gap_leaves_out(name: str, exempt: bool) -> None:
    assert gap_exempt(name) is exempt


@pytest.mark.parametrize(("name", "layer"), [("crf-bigru-adam-head-x300", "head.weight"),
                                             ("multitask-mlp-adam-class-head-x300", "head.weight")])
def test_an_output_layer_that_is_not_last_or_follows_recurrent_weights_is_held_to_the_gap(name: str, layer: str) -> None:
    """fresh8 (session 13): a BiGRU-CRF tagger, whose recurrent weights are 'rnn.weight_ih_l0' (a weight too) and whose
    last parameters are the CRF's transitions, and a multi-task MLP whose classification head, initialised 300x, comes
    before its regression head: both were missed held out. A module named as a head is an output layer too."""
    (found,) = initial(RUNS / f"{name}.csv")
    assert found.evidence["layer_gap"] > 100
    assert layer in found.message
    assert "lr-too-low" not in {f.rule for f in lrdoctor.analyze(RUNS / f"{name}.csv").findings}


@pytest.mark.parametrize("name", ["crf-bigru-adamw-warmup-cosine", "multitask-mlp-sgdm-onecycle-log5"])
def test_healthy_runs_of_those_families_stay_silent(name: str) -> None:
    assert initial(RUNS / f"{name}.csv") == []


@pytest.mark.parametrize(("name", "head"), [("head.weight", True), ("model.classifier.weight", True),
                                            ("lm_head.weight", True), ("out.0.weight", False), ("heads.1.0.weight", False),
                                            ("trunk.2.weight", False)])
def test_which_modules_are_output_layers(name: str, head: bool) -> None:
    """A module named as a head; not a numbered module inside an output block (a norm may sit there)."""
    assert is_head(name) is head
