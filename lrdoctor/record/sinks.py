"""Findings where the user already looks while training: TensorBoard, MLflow, a Lightning CSVLogger.

A :class:`Notifier` listens to a recorder (``recorder.listeners``): each problem a live check finds
goes to every sink at once (besides the warning the recorder gives), and when recording ends the log
is analysed once and the summary goes to every sink:

- TensorBoard: text, ``lrdoctor/live`` at the step of each problem and ``lrdoctor/summary`` (the
  Markdown report) at the last step (TensorBoard's Text tab);
- MLflow: tags, ``lrdoctor.live.<check>`` per problem, then the tags and report artifacts that
  ``lrdoctor analyze --mlflow-log`` writes (``lrdoctor.status``, ``lrdoctor.findings``, ``lrdoctor.lr``);
- a Lightning ``CSVLogger``: an ``event`` column, ``lrdoctor: <problem>`` at its step and the summary
  line at the last step.

Nothing here may break or stall training: a sink that fails is warned about once and dropped, and the
MLflow sink talks to its server on a thread of its own (MLflow's client retries a server that is down for
minutes): a tag waits in a short queue, never on the training step, and the end of recording waits for
the summary at most ``SEND_WAIT_SECONDS``.
"""

from __future__ import annotations

import queue
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from lrdoctor.record.live import Problem

if TYPE_CHECKING:
    from lrdoctor.findings import RunReport

LIVE_TEXT_TAG = "lrdoctor/live"
SUMMARY_TEXT_TAG = "lrdoctor/summary"
EVENT_PREFIX = "lrdoctor: "
SEND_WAIT_SECONDS = 30.0
"""How long the end of recording waits for the MLflow sink's last tags and report to reach the server."""
QUEUE_SIZE = 100
"""Sends the MLflow sink holds for a slow server; more are dropped rather than waited for on the step."""


def user_warning(message: str) -> None:
    """A warning pointed at the user's own line (not at lrdoctor's or a framework's)."""
    from lrdoctor.record.recorder import user_stacklevel

    warnings.warn(message, RuntimeWarning, stacklevel=user_stacklevel())


class Listener(Protocol):
    """What a recorder tells its ``listeners``: each live problem, and its log once recording ends."""

    def problem(self, problem: Problem) -> None: ...

    def closed(self, log: Path) -> None: ...


class Sink(Protocol):
    """A place findings are sent: ``name`` says which in a warning."""

    name: str

    def problem(self, problem: Problem) -> None: ...

    def summary(self, report: RunReport) -> None: ...


class Notifier:
    """Sends live problems and the final summary to ``sinks``; never raises into training."""

    def __init__(self, sinks: Sequence[Sink]) -> None:
        self.sinks = list(sinks)
        self._done = False

    def problem(self, problem: Problem) -> None:
        for sink in list(self.sinks):
            self._safely(sink, lambda: sink.problem(problem))

    def closed(self, log: Path) -> None:
        """Analyse the finished log once and send the summary (a log that cannot be analysed: a warning)."""
        if self._done or not self.sinks:
            return
        self._done = True
        try:
            from lrdoctor.engine import analyze

            report = analyze(log, curves=True)
        except Exception as error:  # noqa: BLE001 - the summary is a courtesy; training has ended anyway
            user_warning(f"lrdoctor: no summary for {', '.join(s.name for s in self.sinks)}: {error}")
            return
        for sink in list(self.sinks):
            self._safely(sink, lambda: sink.summary(report))
        for sink in self.sinks:
            finish = getattr(sink, "finish", None)
            if finish is not None:
                finish(SEND_WAIT_SECONDS)

    def _safely(self, sink: Sink, send: Callable[[], None]) -> None:
        try:
            send()
        except Exception as error:  # noqa: BLE001 - a logger's failure must not stop training
            self.sinks.remove(sink)
            user_warning(f"lrdoctor: stopped sending findings to {sink.name}: {type(error).__name__}: {error}")


def summary_line(report: RunReport) -> str:
    """The summary in one line: healthy, or each problem with its steps, and the recommendation."""
    if not report.findings:
        return f"healthy: no problems found ({len(report.checked)} rules checked)"
    problems = "; ".join(f"{f.rule} ({f.severity}, steps {f.step_start}-{f.step_end})" for f in report.findings)
    n = len(report.findings)
    advice = f"; recommended: {report.recommendation.text}" if report.recommendation is not None else ""
    return f"{n} problem{'s' * (n != 1)}: {problems}{advice}"


class TensorBoardSink:
    """Text in a TensorBoard run: a ``SummaryWriter`` (``writer``), or whichever writer ``writer_of()``
    gives at the moment (Hugging Face's TensorBoard callback closes its own before the summary is
    ready: then a writer of this sink's own in ``log_dir``, the same run)."""

    name = "TensorBoard"

    def __init__(self, writer: Any = None, *, writer_of: Callable[[], Any] | None = None, log_dir: str | None = None) -> None:
        self._writer_of = writer_of or (lambda: writer)
        self._log_dir = log_dir

    def problem(self, problem: Problem) -> None:
        self._text(LIVE_TEXT_TAG, f"**{problem.check}** at step {problem.step}: {problem.message}", problem.step)

    def summary(self, report: RunReport) -> None:
        from lrdoctor.report.markdown import render_markdown

        self._text(SUMMARY_TEXT_TAG, f"**lrdoctor: {summary_line(report)}**\n\n{render_markdown([report])}", report.last_step)

    def _text(self, tag: str, text: str, step: int) -> None:
        writer = self._writer_of()
        if writer is not None:
            writer.add_text(tag, text, global_step=step)
            writer.flush()
            return
        if self._log_dir is None:
            raise RuntimeError("the TensorBoard writer is closed")
        from torch.utils.tensorboard import SummaryWriter

        own = SummaryWriter(log_dir=self._log_dir)
        try:
            own.add_text(tag, text, global_step=step)
        finally:
            own.close()


class MlflowSink:
    """Tags (and, at the end, the report artifacts) on one MLflow run, through an ``MlflowClient``, sent
    from a daemon thread of its own: the training step only puts them in a queue."""

    name = "MLflow"

    def __init__(self, client: Any, run_id: str) -> None:
        self.client = client
        self.run_id = run_id
        self._queue: queue.Queue[Callable[[], object] | None] = queue.Queue(maxsize=QUEUE_SIZE)
        self._thread: threading.Thread | None = None
        self._failed = False

    def problem(self, problem: Problem) -> None:
        from lrdoctor.report.mlflow import set_live_tag

        self._send(lambda: set_live_tag(self.client, self.run_id, problem.check, f"step {problem.step}: {problem.message}"))

    def summary(self, report: RunReport) -> None:
        from lrdoctor.report.mlflow import log_report

        self._send(lambda: log_report(report, client=self.client, run_id=self.run_id))

    def finish(self, seconds: float) -> bool:
        """Wait at most ``seconds`` for what is queued to reach the server; False (with a warning) if it did not."""
        if self._thread is None:
            return True
        try:
            self._queue.put(None, timeout=seconds)
        except queue.Full:
            pass
        self._thread.join(seconds)
        if self._thread.is_alive():
            user_warning(f"lrdoctor: the MLflow server did not take lrdoctor's tags and report within {seconds:g} s; "
                         "they may be missing from the run")
            return False
        return True

    def _send(self, job: Callable[[], object]) -> None:
        if self._failed:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="lrdoctor-mlflow", daemon=True)
            self._thread.start()
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            pass  # the server is slow: this tag is dropped rather than waited for on the training step

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            if self._failed:
                continue
            try:
                job()
            except Exception as error:  # noqa: BLE001 - a logger's failure must not stop training
                self._failed = True
                warnings.warn(f"lrdoctor: stopped sending findings to MLflow: {type(error).__name__}: {error}",
                              RuntimeWarning, stacklevel=1)


class CsvEventSink:
    """An ``event`` column in a Lightning ``CSVLogger``'s ``metrics.csv`` (any logger with
    ``log_metrics(dict, step)`` and ``save()``)."""

    name = "CSVLogger"

    def __init__(self, logger: Any) -> None:
        self.logger = logger

    def problem(self, problem: Problem) -> None:
        self.logger.log_metrics({"event": EVENT_PREFIX + problem.message}, step=problem.step)

    def summary(self, report: RunReport) -> None:
        self.logger.log_metrics({"event": EVENT_PREFIX + summary_line(report)}, step=report.last_step)
        self.logger.save()


def safe_sinks(find: Callable[[], list[Sink]]) -> list[Sink]:
    """The sinks ``find`` gives, or none (with one warning) when finding them fails: a logger lrdoctor does
    not understand (another version of it, an ``experiment`` that raises) must not stop training."""
    try:
        return find()
    except Exception as error:  # noqa: BLE001 - the trainer's loggers are not ours to break
        user_warning(f"lrdoctor: findings go to no logger (finding them failed: {type(error).__name__}: {error})")
        return []


def plain_sinks(tensorboard: Any = None, mlflow: Any = None) -> list[Sink]:
    """The sinks of ``lrdoctor.record(..., tensorboard=writer, mlflow=True | run_id)`` in a plain loop:
    a ``SummaryWriter``; the active MLflow run (``True``) or the run of that id, on the tracking server
    ``MLFLOW_TRACKING_URI`` names."""
    from lrdoctor.errors import UsageError

    sinks: list[Sink] = []
    if tensorboard is not None:
        if not callable(getattr(tensorboard, "add_text", None)):
            raise UsageError(f"lrdoctor.record: tensorboard must be a SummaryWriter; got {type(tensorboard).__name__}")
        sinks.append(TensorBoardSink(tensorboard))
    if mlflow is not None and mlflow is not False:
        import mlflow as mlflow_module

        if mlflow is True:
            run = mlflow_module.active_run()
            if run is None:
                raise UsageError("lrdoctor.record: mlflow=True needs an active run (with mlflow.start_run(): ...); "
                                 "or pass mlflow=<run_id>")
            run_id = run.info.run_id
        elif isinstance(mlflow, str):
            run_id = mlflow
        else:
            raise UsageError(f"lrdoctor.record: mlflow must be True or a run id; got {mlflow!r}")
        sinks.append(MlflowSink(mlflow_module.MlflowClient(), run_id))
    return sinks
