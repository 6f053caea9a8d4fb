"""Hugging Face ``TrainerCallback`` writing the canonical run log:
``Trainer(..., callbacks=[RecordCallback("runs/exp1")])``. Imports ``transformers``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import torch
from torch import nn
from transformers import TrainerCallback, TrainerControl, TrainerState, TrainingArguments

from lrdoctor.record.metrics import canonical_metrics
from lrdoctor.record.recorder import Recorder


def output_loss(output: Any) -> torch.Tensor | None:
    """The ``loss`` a Hugging Face-style forward returns (ModelOutput, dict), if any."""
    loss = output.get("loss") if isinstance(output, Mapping) else getattr(output, "loss", None)
    return loss if isinstance(loss, torch.Tensor) and loss.numel() == 1 else None


class RecordCallback(TrainerCallback):
    """Records every optimizer step of a ``Trainer`` run, its training loss and its evaluations.

    The per-step loss is read from the model's output (``outputs.loss``) on training forwards and
    averaged over accumulated micro-batches; a custom ``compute_loss`` that returns no ``loss`` falls
    back to the loss the Trainer logs every ``logging_steps``. ``eval_loss`` / ``eval_accuracy`` become
    ``val_loss`` / ``val_acc``. Options are those of :class:`lrdoctor.record.Recorder`. A run resumed
    from a checkpoint appends to the log from the checkpoint's step.
    """

    def __init__(self, path: str | os.PathLike[str], **options: Any) -> None:
        self.path = path
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
        if state.global_step > 0:  # resume_from_checkpoint: the log continues from the checkpoint's step
            defaults |= {"resume": True, "start_step": state.global_step}
        self.recorder = Recorder(model, kwargs["optimizer"], self.path, **(defaults | self.options))
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
