"""Lightning callback writing the canonical run log: ``Trainer(callbacks=[RecordCallback("runs/exp1")])``.

Live findings and the final summary also go to the trainer's loggers (``lrdoctor.record.sinks``):
TensorBoard as text, MLflow as tags (and the reports as artifacts), CSVLogger as an ``event`` column.
Imports ``lightning``; only load it when you use Lightning.
"""

from __future__ import annotations

import os
from typing import Any

import torch

from lightning.pytorch import Callback, LightningModule, Trainer
from lightning.pytorch.loggers import CSVLogger, Logger, MLFlowLogger, TensorBoardLogger

from lrdoctor.record.metrics import canonical_metrics
from lrdoctor.record.recorder import Recorder
from lrdoctor.record.sinks import CsvEventSink, MlflowSink, Notifier, Sink, TensorBoardSink, safe_sinks


def logger_sinks(loggers: list[Logger]) -> list[Sink]:
    """A sink for each of the trainer's loggers that lrdoctor can write to (others are left alone)."""
    sinks: list[Sink] = []
    for logger in loggers:
        if isinstance(logger, TensorBoardLogger):
            sinks.append(TensorBoardSink(logger.experiment))
        elif isinstance(logger, MLFlowLogger):
            sinks.append(MlflowSink(logger.experiment, str(logger.run_id)))
        elif isinstance(logger, CSVLogger):
            sinks.append(CsvEventSink(logger))
    return sinks


class RecordCallback(Callback):
    """Records the training loss of every optimizer step, the optimizer statistics, and the validation
    metrics the module logs (``val_loss``, ``val_acc``, ``train_acc`` or their common aliases).

    Options are those of :class:`lrdoctor.record.Recorder`; the optimizer and the first lr scheduler
    are taken from the trainer. With gradient accumulation the row loss is the mean over micro-batches.
    A fit resumed from a checkpoint appends to the log from the checkpoint's step. ``to_loggers``: also
    send each live finding, and the summary at the end, to the trainer's TensorBoard, MLflow and CSV
    loggers (only on the process that records: rank 0).
    """

    def __init__(self, path: str | os.PathLike[str], *, to_loggers: bool = True, **options: Any) -> None:
        super().__init__()
        self.path = path
        self.to_loggers = to_loggers
        self.options = options
        self.recorder: Recorder | None = None
        self._losses: list[torch.Tensor] = []
        self._global_step = 0

    def on_train_start(self, trainer: Trainer, pl_module: LightningModule) -> None:
        configs = getattr(trainer, "lr_scheduler_configs", [])
        options: dict[str, Any] = {"scheduler": configs[0].scheduler if configs else None}
        if trainer.global_step > 0:  # fit(ckpt_path=...): the log continues from the checkpoint's step
            options |= {"resume": True, "start_step": trainer.global_step}
        options |= self.options
        self.recorder = Recorder(pl_module, trainer.optimizers[0], self.path, **options)
        sinks = safe_sinks(lambda: logger_sinks(trainer.loggers)) if self.to_loggers and self.recorder.active else []
        if sinks:
            self.recorder.listeners.append(Notifier(sinks))
        self._global_step = trainer.global_step

    def on_train_batch_end(
        self, trainer: Trainer, pl_module: LightningModule, outputs: Any, batch: Any, batch_idx: int
    ) -> None:
        loss = outputs.get("loss") if isinstance(outputs, dict) else outputs
        if isinstance(loss, torch.Tensor):
            self._losses.append(loss.detach())
        if self.recorder is None or trainer.global_step == self._global_step:
            return  # accumulating: no optimizer step yet
        self._global_step = trainer.global_step
        mean = torch.stack(self._losses).float().mean() if self._losses else None
        self._losses = []
        self.recorder.log(loss=mean, epoch=trainer.current_epoch)

    def on_train_epoch_end(self, trainer: Trainer, pl_module: LightningModule) -> None:
        self._log_metrics(trainer)

    def on_validation_end(self, trainer: Trainer, pl_module: LightningModule) -> None:
        if not trainer.sanity_checking:
            self._log_metrics(trainer)

    def _log_metrics(self, trainer: Trainer) -> None:
        found = canonical_metrics(trainer.callback_metrics)
        if self.recorder is not None and found:
            self.recorder.log(**found)

    def on_train_end(self, trainer: Trainer, pl_module: LightningModule) -> None:
        self._close()

    def on_exception(self, trainer: Trainer, pl_module: LightningModule, exception: BaseException) -> None:
        self._close()

    def _close(self) -> None:
        if self.recorder is not None:
            self.recorder.close()
