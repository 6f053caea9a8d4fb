"""The Hugging Face callback writes the canonical log, evaluations included (real transformers)."""

from __future__ import annotations

import math

import pytest
import torch

transformers = pytest.importorskip("transformers")

from lrdoctor.record.hf import RecordCallback  # noqa: E402
from tests.record.conftest import column, read_rows  # noqa: E402


class TinyClassifier(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))

    def forward(self, x, labels=None):
        logits = self.net(x)
        return {"loss": torch.nn.functional.cross_entropy(logits, labels), "logits": logits}


def dataset(n: int) -> list[dict[str, torch.Tensor]]:
    g = torch.Generator().manual_seed(0)
    xs, ys = torch.randn(n, 8, generator=g), torch.randint(0, 3, (n,), generator=g)
    return [{"x": x, "labels": y} for x, y in zip(xs, ys)]


def accuracy(pred) -> dict[str, float]:
    return {"accuracy": float((pred.predictions.argmax(-1) == pred.label_ids).mean())}


def test_hf_trainer_run_is_recorded(tmp_path):
    torch.manual_seed(0)
    args = transformers.TrainingArguments(
        output_dir=str(tmp_path / "out"), per_device_train_batch_size=8, per_device_eval_batch_size=8,
        gradient_accumulation_steps=2, num_train_epochs=2, learning_rate=1e-2, lr_scheduler_type="linear",
        eval_strategy="epoch", save_strategy="no", logging_steps=1, report_to=[], use_cpu=True,
        remove_unused_columns=False, disable_tqdm=True, dataloader_num_workers=0,
    )
    trainer = transformers.Trainer(
        model=TinyClassifier(), args=args, train_dataset=dataset(64), eval_dataset=dataset(16),
        compute_metrics=accuracy, callbacks=[RecordCallback(tmp_path / "run.csv", strict=True, layers_every=1)],
    )
    trainer.train()
    rows = read_rows(tmp_path / "run.csv")
    assert column(rows, "step") == list(range(1, 9))  # 64 / (8 * 2) = 4 optimizer steps per epoch
    assert column(rows, "opt_step") == column(rows, "step")
    lrs = column(rows, "lr")
    assert lrs[0] == pytest.approx(1e-2) and all(a > b for a, b in zip(lrs, lrs[1:]))  # linear decay
    assert all(math.isfinite(r["loss"]) and r["grad_norm"] > 0 and r["update_ratio/net.0.weight"] > 0 for r in rows)
    evals = [(int(r["step"]), r["val_acc"]) for r in rows if not math.isnan(r["val_loss"])]
    assert [s for s, _ in evals] == [4, 8] and all(0 <= a <= 1 for _, a in evals)


def test_a_run_resumed_from_a_checkpoint_continues_the_log(tmp_path):
    def train(max_steps: int, resume: bool) -> None:
        torch.manual_seed(0)
        args = transformers.TrainingArguments(
            output_dir=str(tmp_path / "out"), per_device_train_batch_size=8, max_steps=max_steps,
            learning_rate=1e-2, optim="sgd", save_strategy="steps", save_steps=4, report_to=[], use_cpu=True,
            remove_unused_columns=False, disable_tqdm=True, dataloader_num_workers=0,
        )
        trainer = transformers.Trainer(
            model=TinyClassifier(), args=args, train_dataset=dataset(64),
            callbacks=[RecordCallback(tmp_path / "run.csv", strict=True)],
        )
        trainer.train(resume_from_checkpoint=resume)

    train(4, resume=False)
    train(8, resume=True)
    assert column(read_rows(tmp_path / "run.csv"), "step") == list(range(1, 9))
    assert not (tmp_path / "run.1.csv").exists()


def test_a_language_model_run_records_its_vocabulary_as_its_classes(tmp_path):
    """A tiny GPT-2 trained by the Trainer: the sidecar says language_model and C = vocab_size, so
    wrong-initial-loss compares the first loss with ln V (and the first loss is near it)."""
    import json

    import lrdoctor

    torch.manual_seed(0)
    config = transformers.GPT2Config(vocab_size=97, n_positions=16, n_embd=16, n_layer=1, n_head=2)
    g = torch.Generator().manual_seed(0)
    tokens = torch.randint(0, 97, (32, 16), generator=g)
    args = transformers.TrainingArguments(
        output_dir=str(tmp_path / "out"), per_device_train_batch_size=8, max_steps=6, learning_rate=1e-3,
        save_strategy="no", logging_steps=1, report_to=[], use_cpu=True, disable_tqdm=True,
    )
    trainer = transformers.Trainer(model=transformers.GPT2LMHeadModel(config), args=args,
                                   train_dataset=[{"input_ids": t, "labels": t} for t in tokens],
                                   callbacks=[RecordCallback(tmp_path / "run.csv", strict=True)])
    trainer.train()
    sidecar = json.loads((tmp_path / "run.json").read_text())
    assert sidecar["task"] == "language_model" and sidecar["num_classes"] == 97
    first = column(read_rows(tmp_path / "run.csv"), "loss")[0]
    assert abs(first - math.log(97)) < 0.5
    report = lrdoctor.analyze(tmp_path / "run.csv")
    assert "wrong-initial-loss" in report.checked and "wrong-initial-loss" not in {f.rule for f in report.findings}


@pytest.mark.parametrize(("head", "extra", "expected"), [
    ("GPT2ForSequenceClassification", {"num_labels": 5, "pad_token_id": 0}, {"task": "classification", "num_classes": 5}),
    ("GPT2ForSequenceClassification", {"num_labels": 1, "pad_token_id": 0}, {"task": "regression"}),
    ("GPT2ForSequenceClassification",
     {"num_labels": 4, "pad_token_id": 0, "problem_type": "multi_label_classification"}, {}),
    ("GPT2ForTokenClassification", {"num_labels": 7}, {"task": "classification", "num_classes": 7}),
    ("GPT2Model", {}, {}),
])
def test_model_facts_from_real_heads(head, extra, expected):
    from lrdoctor.record.hf import model_facts

    config = transformers.GPT2Config(vocab_size=50, n_positions=8, n_embd=8, n_layer=1, n_head=2, **extra)
    assert model_facts(getattr(transformers, head)(config)) == expected
