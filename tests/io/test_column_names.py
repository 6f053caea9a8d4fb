"""The name table: which logger names become which canonical columns."""

from __future__ import annotations

import pytest

from lrdoctor.io.names import canonical_renames, lr_group_name


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            ["global_step", "train/loss", "train/learning_rate"],
            {"global_step": "step", "train/loss": "loss", "train/learning_rate": "lr"},
        ),
        (["_step", "loss"], {"_step": "step"}),
        (["step", "train_loss_step", "train_loss_epoch"], {"train_loss_step": "loss"}),
        (["step", "loss", "train_loss"], {}),  # 'loss' is already canonical; train_loss keeps its name
        (["iter", "Loss", "LR"], {"iter": "step", "Loss": "loss", "LR": "lr"}),
        (
            ["epoch", "train_lr", "train_loss", "test_loss"],
            {"train_lr": "lr", "train_loss": "loss", "test_loss": "val_loss"},
        ),
        (["step", "val_loss", "test_loss"], {}),  # real val_loss wins; test_loss keeps its name
        (["eval_loss", "eval_accuracy"], {"eval_loss": "val_loss", "eval_accuracy": "val_acc"}),
        (
            ["trainer/global_step", "grad_2.0_norm_total"],
            {"trainer/global_step": "step", "grad_2.0_norm_total": "grad_norm"},
        ),
    ],
)
def test_canonical_renames(columns: list[str], expected: dict[str, str]) -> None:
    assert canonical_renames(columns) == expected


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("lr-Adam", "lr"),
        ("lr-AdamW", "lr"),
        ("lr-SGD", "lr"),
        ("lr-AdamW/pg1", "lr"),
        ("lr-AdamW/pg2", "lr/1"),
        ("lr-AdamW/head", "lr/head"),
        ("lr/pg0", "lr"),
        ("lr/pg2", "lr/2"),
        ("lr_1", "lr/1"),
        ("loss", None),
        ("lr", None),
    ],
)
def test_lr_group_names(name: str, column: str | None) -> None:
    assert lr_group_name(name) == column


def test_lightning_param_groups() -> None:
    renames = canonical_renames(["step", "lr-AdamW/pg1", "lr-AdamW/pg2", "train_loss"])
    assert renames == {"lr-AdamW/pg1": "lr", "lr-AdamW/pg2": "lr/1", "train_loss": "loss"}


def test_yolo_param_groups() -> None:
    renames = canonical_renames(["epoch", "lr/pg0", "lr/pg1", "lr/pg2"])
    assert renames == {"lr/pg0": "lr", "lr/pg1": "lr/1", "lr/pg2": "lr/2"}


def test_user_names_come_first() -> None:
    renames = canonical_renames(["step", "loss", "my_loss"], {"loss": ["my_loss"]})
    assert renames == {}  # 'loss' is present and canonical already
    assert canonical_renames(["step", "objective", "train_loss"], {"loss": ["objective"]}) == {"objective": "loss"}


def test_module_doc_lists_every_name() -> None:
    """The docstring is the README's mapping table: it must not drift from the code."""
    from lrdoctor.io import names

    doc = names.__doc__ or ""
    for canonical, accepted in names.NAMES.items():
        assert f"``{canonical}``" in doc
        for name in accepted:
            assert name in doc, name


def test_split_last_names_and_epoch_means_are_known() -> None:
    """Names met in real logs written by other people (session 29's audit of public Lightning and Keras logs): a
    Lightning ``metrics.csv`` logging ``loss/train`` and ``loss/val`` (the split last), one whose only training loss is
    ``mean_loss`` beside a ``data_loss`` term, a hand-written per-epoch log of ``avg_loss`` with its min and max. Each
    was refused with "no training loss column"."""
    assert canonical_renames(["epoch", "loss/train", "loss/val", "step"]) == {"loss/train": "loss", "loss/val": "val_loss"}
    assert canonical_renames(["data_loss", "epoch", "mean_loss", "step"]) == {"mean_loss": "loss"}
    assert canonical_renames(["epoch", "avg_loss", "min_loss", "max_loss"]) == {"avg_loss": "loss"}
    assert canonical_renames(["step", "acc/train", "acc/val", "loss"]) == {"acc/train": "train_acc", "acc/val": "val_acc"}


def test_a_loss_named_first_wins_over_an_epoch_mean() -> None:
    """``mean_loss`` and ``avg_loss`` stand last: a log with a plain ``loss`` keeps it."""
    assert canonical_renames(["step", "loss", "mean_loss"]) == {}


def test_a_total_loss_beside_its_terms_is_the_loss() -> None:
    """A hand-made per-epoch log of a multi-task model (a public HAR classifier, second blind read): its
    ``train_total_loss`` beside ``train_classification_loss`` and ``train_binary_loss``, and ``eval_total_loss`` beside
    the eval terms; it was refused, "no 'step' or 'loss' column"."""
    columns = ["epoch", "train_classification_loss", "train_binary_loss", "train_total_loss", "eval_classification_loss",
               "eval_binary_loss", "eval_total_loss"]
    assert canonical_renames(columns) == {"train_total_loss": "loss", "eval_total_loss": "val_loss"}
