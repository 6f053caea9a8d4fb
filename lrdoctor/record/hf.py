"""Hugging Face ``TrainerCallback`` writing the canonical run log:
``Trainer(..., callbacks=[RecordCallback("runs/exp1")])``. Imports ``transformers``.

Live findings and the final summary also go to the Trainer's ``report_to`` integrations
(``lrdoctor.record.sinks``): TensorBoard as text in the run the Trainer writes, MLflow as tags (and the
reports as artifacts) on the Trainer's MLflow run.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Mapping
from typing import Any

import torch
from torch import nn
from transformers import TrainerCallback, TrainerControl, TrainerState, TrainingArguments
from transformers.trainer_callback import CallbackHandler

from lrdoctor.record.metrics import canonical_metrics
from lrdoctor.record.recorder import Recorder
from lrdoctor.record.sinks import MlflowSink, Notifier, Sink, TensorBoardSink, safe_sinks

HANDLER_FRAMES = 4
"""How far up the call stack the Trainer's ``CallbackHandler`` is looked for (it calls the callbacks)."""


def trainer_callbacks() -> list[TrainerCallback]:
    """The callbacks of the Trainer whose event is being handled: the ``CallbackHandler`` that calls
    this callback holds them (a callback is not told about the others); empty when it is not found."""
    frame = sys._getframe(1)
    for _ in range(HANDLER_FRAMES):
        if frame.f_back is None:
            break
        frame = frame.f_back
        handler = frame.f_locals.get("self")
        if isinstance(handler, CallbackHandler):
            return list(handler.callbacks)
    return []


def integration_sinks(callbacks: list[TrainerCallback]) -> list[Sink]:
    """A sink for each ``report_to`` integration lrdoctor writes to: TensorBoard and MLflow."""
    from transformers.integrations.integration_utils import MLflowCallback, TensorBoardCallback

    sinks: list[Sink] = []
    for callback in callbacks:
        # ``logging_dir`` is the callback's own in recent transformers (older ones keep it in the args)
        log_dir = getattr(callback, "logging_dir", None) or getattr(getattr(callback, "args", None), "logging_dir", None)
        if isinstance(callback, TensorBoardCallback) and log_dir is not None:
            writer_of = functools.partial(getattr, callback, "tb_writer")  # closed and gone before the summary
            sinks.append(TensorBoardSink(writer_of=writer_of, log_dir=str(log_dir)))
        elif isinstance(callback, MLflowCallback) and getattr(callback, "_initialized", False):
            run = callback._ml_flow.active_run()
            if run is not None:
                client = callback._ml_flow.MlflowClient(tracking_uri=callback._ml_flow.get_tracking_uri())
                sinks.append(MlflowSink(client, run.info.run_id))
    return sinks


def output_loss(output: Any) -> torch.Tensor | None:
    """The ``loss`` a Hugging Face-style forward returns (ModelOutput, dict), if any."""
    loss = output.get("loss") if isinstance(output, Mapping) else getattr(output, "loss", None)
    return loss if isinstance(loss, torch.Tensor) and loss.numel() == 1 else None


LM_HEADS = ("ForCausalLM", "LMHeadModel", "ForMaskedLM", "ForConditionalGeneration", "WithLMHead")
"""Class-name endings of Hugging Face models whose loss is a cross-entropy over the vocabulary."""
CLASSIFIER_HEADS = ("ForSequenceClassification", "ForTokenClassification", "ForImageClassification",
                    "ForAudioClassification", "ForMultipleChoice")


def model_facts(model: nn.Module) -> dict[str, Any]:
    """``task`` and ``num_classes`` from a Hugging Face model's class and config (what wrong-initial-loss
    compares the first loss with): a language model's C is its vocabulary, a classifier's its labels.
    Nothing for a model without a config or of another kind; the callback's own options win."""
    config = getattr(model, "config", None)
    name = type(model).__name__
    vocab, labels = getattr(config, "vocab_size", None), getattr(config, "num_labels", None)
    if name.endswith(LM_HEADS) and isinstance(vocab, int) and vocab > 1:
        return {"task": "language_model", "num_classes": vocab}
    if name.endswith(CLASSIFIER_HEADS) and isinstance(labels, int):
        if getattr(config, "problem_type", None) == "multi_label_classification":
            return {}  # a sigmoid per label: no ln C to compare with
        if labels == 1 or getattr(config, "problem_type", None) == "regression":
            return {"task": "regression"}
        return {"task": "classification", "num_classes": labels} if labels > 1 else {}
    return {}


class RecordCallback(TrainerCallback):
    """Records every optimizer step of a ``Trainer`` run, its training loss and its evaluations.

    The per-step loss is read from the model's output (``outputs.loss``) on training forwards and
    averaged over accumulated micro-batches; a custom ``compute_loss`` that returns no ``loss`` falls
    back to the loss the Trainer logs every ``logging_steps``. ``eval_loss`` / ``eval_accuracy`` become
    ``val_loss`` / ``val_acc``. Options are those of :class:`lrdoctor.record.Recorder`. A run resumed
    from a checkpoint appends to the log from the checkpoint's step. ``to_loggers``: also send each
    live finding, and the summary at the end, to the TensorBoard and MLflow integrations of
    ``report_to`` (on the process that records: the main one). A language model's vocabulary size, or a
    classifier's number of labels, is written to the sidecar as ``num_classes`` with its ``task``.
    """

    def __init__(self, path: str | os.PathLike[str], *, to_loggers: bool = True, **options: Any) -> None:
        self.path = path
        self.to_loggers = to_loggers
        self.options = options
        self.recorder: Recorder | None = None
        self._losses: list[torch.Tensor] = []
        self._forward_losses = False
        self._handle: Any = None

    def on_train_begin(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kwargs: Any
    ) -> None:
        model: nn.Module = kwargs["model"]
        defaults: dict[str, Any] = {
            "scheduler": kwargs.get("lr_scheduler"),
            "batch_size": args.per_device_train_batch_size * args.gradient_accumulation_steps * max(1, args.world_size),
        }
        defaults |= model_facts(model)
        if state.global_step > 0:  # resume_from_checkpoint: the log continues from the checkpoint's step
            defaults |= {"resume": True, "start_step": state.global_step}
        self.recorder = Recorder(model, kwargs["optimizer"], self.path, **(defaults | self.options))
        sinks = safe_sinks(lambda: integration_sinks(trainer_callbacks())) if self.to_loggers and self.recorder.active else []
        if sinks:
            self.recorder.listeners.append(Notifier(sinks))
        self._handle = model.register_forward_hook(self._capture_loss)

    def _capture_loss(self, module: nn.Module, inputs: Any, output: Any) -> None:
        loss = output_loss(output) if module.training else None
        if loss is not None:
            self._forward_losses = True
            self._losses.append(loss.detach())

    def on_step_end(self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kwargs: Any) -> None:
        if self.recorder is None or not self._losses:
            return
        mean = torch.stack(self._losses).float().mean()
        self._losses = []
        self.recorder.log(loss=mean, epoch=state.epoch)

    def on_log(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
        logs: Mapping[str, Any] | None = None, **kwargs: Any,
    ) -> None:
        if self.recorder is not None and logs and not self._forward_losses and "loss" in logs:
            self.recorder.log(loss=logs["loss"])

    def on_evaluate(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl,
        metrics: Mapping[str, Any] | None = None, **kwargs: Any,
    ) -> None:
        found = canonical_metrics(metrics or {})
        if self.recorder is not None and found:
            self.recorder.log(**found)

    def on_train_end(self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kwargs: Any) -> None:
        if self._handle is not None:
            self._handle.remove()
        if self.recorder is not None:
            self.recorder.close()
