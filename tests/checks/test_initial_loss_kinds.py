"""wrong-initial-loss beyond a C-class cross-entropy: a binary cross-entropy starts at ln 2 per term, an in-batch
contrastive loss at ln B. Real runs of bench/fixcheck_runs.py (sample_logs/fixcheck/labels.toml has their
provenance and counterfactuals); their sidecars name the loss as the recorder wrote it."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import lrdoctor

RUNS = Path(__file__).resolve().parents[2] / "sample_logs" / "fixcheck"
HEAD_X300 = RUNS / "multilabel-bag-sgdm-head-x300.csv"  # EmbeddingBag tagger, BCE over 24 tags, head init x300
SUMMED = RUNS / "contrast-mlp-sgdm-summed-loss.csv"  # InfoNCE over a batch of 64, reduction='sum'
FINETUNE = RUNS / "multilabel-bag-adam-finetune-pretrained.csv"  # the tagger, pretrained: starts at 0.21, below ln 2


def initial(path: Path, **meta: object) -> list[lrdoctor.Finding]:
    return [f for f in lrdoctor.analyze(path, meta=meta or None).findings if f.rule == "wrong-initial-loss"]


def test_a_binary_cross_entropy_is_compared_with_ln_2() -> None:
    (found,) = initial(HEAD_X300)
    assert found.evidence["expected_loss"] == pytest.approx(math.log(2))
    assert found.evidence["ratio"] > 20
    assert 0 < found.fix["last_layer_init_scale"] <= 1 / 30  # a head 300x too large, shrunk by 30x or more
    assert "binary cross-entropy" in found.message


def test_an_in_batch_contrastive_loss_summed_over_the_batch() -> None:
    report = lrdoctor.analyze(SUMMED)
    (found,) = [f for f in report.findings if f.rule == "wrong-initial-loss"]
    assert found.fix == {"reduction": "mean"}
    assert found.evidence["summed_over"] == 64
    assert found.evidence["expected_loss"] == pytest.approx(math.log(64))
    assert "lr-too-low" not in {f.rule for f in report.findings}  # the summed loss explains the crawl


def test_nt_xent_counts_both_views_of_the_batch() -> None:
    """SimCLR's NT-Xent: 2B - 1 candidates for each anchor (the same start read as NT-Xent is 0.69 of
    64 x ln 127, still within the tolerance of a sum)."""
    (found,) = initial(SUMMED, loss_fn="NTXentLoss")
    assert found.evidence["expected_loss"] == pytest.approx(math.log(127))
    assert found.evidence["summed_expected"] == pytest.approx(64 * math.log(127))


def test_a_pretrained_tagger_starting_below_ln_2_is_no_leak() -> None:
    """A binary cross-entropy may start below ln 2 (a pretrained model, a bias set to the label prior)."""
    assert initial(FINETUNE) == []
    assert initial(FINETUNE, pretrained=False) == []


@pytest.mark.parametrize("loss_fn", ["DiceLoss", "distance", "BCEDiceLoss", "contrastive_margin", "infonce_by_hand"])
def test_only_known_loss_names_count(loss_fn: str) -> None:
    """Exact names only: a Dice loss or a margin loss has no ln C, whatever its name contains. The head initialised
    x300 is still found, by its layers' update ratios alone (no expected loss in the evidence)."""
    report = lrdoctor.analyze(HEAD_X300, meta={"loss_fn": loss_fn, "task": "classification", "num_classes": 24})
    (found,) = [f for f in report.findings if f.rule == "wrong-initial-loss"]
    assert "expected_loss" not in found.evidence
    assert found.evidence["layer_gap"] > 10


SEGMENT_SUMMED = RUNS / "segment-unet3-sgd-summed-loss.csv"  # per-pixel CE, reduction='sum', 12x12 pixels
SEQ2SEQ_SUMMED = RUNS / "seq2seq-gru-sgd-summed-loss.csv"  # CE over 7 target tokens, reduction='sum'
SEGMENT_HEAD = RUNS / "segment-unet-adam-head-x300.csv"  # per-pixel CE, mean, the head initialised x300


@pytest.mark.parametrize(("path", "per_sample"), [(SEGMENT_SUMMED, 144), (SEQ2SEQ_SUMMED, 7)])
def test_a_per_element_task_summed_over_its_elements(path: Path, per_sample: int) -> None:
    """Segmentation and seq2seq classify every pixel / target token: ln C per element, and the sum their loss
    description states runs over the elements too (the count read off the first loss: 159 for 144 pixels)."""
    (found,) = initial(path)
    assert found.fix == {"reduction": "mean"}
    elements = found.evidence["summed_over"] / 16 if path == SEGMENT_SUMMED else found.evidence["summed_over"] / 32
    assert 0.65 * per_sample <= elements <= 1.35 * per_sample


def test_a_per_element_task_whose_sum_is_not_stated_is_read_as_a_large_init() -> None:
    """53 = 3 x 16 x ln 3 could be a sum over 3 elements a sample; nothing says so, and 12x12 images have 144."""
    (found,) = initial(SEGMENT_HEAD)
    assert 0 < found.fix["last_layer_init_scale"] <= 1 / 30  # its head was initialised 300x
