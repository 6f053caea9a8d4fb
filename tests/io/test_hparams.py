"""Hyper-parameters saved beside the metrics (Lightning ``hparams.yaml``, MLflow params) reach the rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lrdoctor import analyze
from lrdoctor.io import read_log
from lrdoctor.io.hparams import canonical_meta, read_hparams_yaml

FORMATS = Path(__file__).parents[1] / "data" / "formats"

# What Lightning 2.x writes for save_hyperparameters() of
# __init__(self, num_classes=3, optimizer_class=torch.optim.AdamW, lr=1e-3, sched={...}) (checked with a real run)
LIGHTNING_HPARAMS = """lr: 0.001
num_classes: 3
optimizer_class: !!python/name:torch.optim.adamw.AdamW ''
sched:
  name: cosine
  warmup: 10
"""


def test_lightning_hparams_yaml_gives_num_classes_and_optimizer(tmp_path: Path) -> None:
    version = tmp_path / "version_0"
    shutil.copytree(FORMATS / "lightning" / "version_0", version)
    (version / "hparams.yaml").write_text(LIGHTNING_HPARAMS)
    log = read_log(version / "metrics.csv")
    assert log.meta == {"num_classes": 3, "optimizer": "torch.optim.adamw.AdamW"}
    without = analyze(FORMATS / "lightning" / "version_0" / "metrics.csv").not_checked["wrong-initial-loss"]
    with_hparams = analyze(version / "metrics.csv").not_checked["wrong-initial-loss"]
    assert "num_classes" in without and "num_classes" not in with_hparams  # now only the late first step is missing


def test_a_sidecar_overrides_hparams(tmp_path: Path) -> None:
    version = tmp_path / "version_0"
    shutil.copytree(FORMATS / "lightning" / "version_0", version)
    (version / "hparams.yaml").write_text(LIGHTNING_HPARAMS)
    (version / "metrics.json").write_text('{"num_classes": 4}')
    assert read_log(version / "metrics.csv").meta["num_classes"] == 4


def test_yaml_reader_keeps_top_level_scalars_only(tmp_path: Path) -> None:
    path = tmp_path / "hparams.yaml"
    path.write_text("n_classes: '10'\nmodel:\n  num_classes: 99\nopt: \"adam\"\nnotes: |\n  text\nempty:\n")
    assert read_hparams_yaml(path) == {"n_classes": "10", "opt": "adam"}
    path.write_bytes(b"\xff\xfe not text")
    assert read_hparams_yaml(path) == {}


@pytest.mark.parametrize(
    ("params", "meta"),
    [
        ({"num_labels": "7", "optimizer_name": "AdamW", "per_device_train_batch_size": 16},
         {"num_classes": 7, "optimizer": "AdamW", "batch_size": 16}),
        ({"NUM_CLASSES": 5}, {"num_classes": 5}),
        ({"num_classes": "ten", "batch_size": 0, "optimizer": "{'lr': 1}"}, {}),  # no guessing
        ({"lr": 0.1}, {}),
    ],
)
def test_aliases_and_values_that_do_not_fit(params: dict, meta: dict) -> None:
    assert canonical_meta(params) == meta


def test_pretrained_flags() -> None:
    assert canonical_meta({"pretrained": "True"}) == {"pretrained": True}
    assert canonical_meta({"finetune": "no"}) == {"pretrained": False}
    assert canonical_meta({"pretrained": "resnet50"}) == {"pretrained": True}  # the name of the weights
    assert canonical_meta({"pretrained": "null", "finetune": "true"}) == {"pretrained": True}  # null = absent


def test_null_values_count_as_absent() -> None:
    assert canonical_meta({"optimizer": "null", "opt": "adam", "num_classes": "None"}) == {"optimizer": "adam"}


@pytest.mark.parametrize(("value", "flag"), [(True, True), ("imagenet", True), ("no", False)])
def test_sidecar_pretrained_is_a_flag_or_the_name_of_the_weights(tmp_path: Path, value: object, flag: bool) -> None:
    import json

    (tmp_path / "run.csv").write_text("step,loss\n1,2.0\n2,1.9\n")
    (tmp_path / "run.json").write_text(json.dumps({"pretrained": value}))
    assert read_log(tmp_path / "run.csv").meta == {"pretrained": flag}


def test_sidecar_pretrained_of_another_type_is_a_clear_error(tmp_path: Path) -> None:
    from lrdoctor.errors import LogReadError

    (tmp_path / "run.csv").write_text("step,loss\n1,2.0\n2,1.9\n")
    (tmp_path / "run.json").write_text('{"pretrained": 5}')
    with pytest.raises(LogReadError, match="'pretrained' must be true, false or the name of the weights"):
        read_log(tmp_path / "run.csv")
