"""The rules engine: reads a run, runs every selected check over its signals, stamps the findings."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lrdoctor.catalogue import RuleSpec, load_catalogue, resolve_rule_name
from lrdoctor.config import Config
from lrdoctor.errors import LrdoctorError, UsageError, internal_error
from lrdoctor.findings import SEVERITY_RANK, Finding, NotApplicable, RunReport, RunReports, Severity

if TYPE_CHECKING:
    import pandas as pd

    from lrdoctor.facts import Comparison
    from lrdoctor.frame import RunFrame
    from lrdoctor.io.base import RawLog
    from lrdoctor.signals import Signals


def selected_rules(
    select: Iterable[str] | None, ignore: Iterable[str] | None, config: Config
) -> list[RuleSpec]:
    """The catalogue entries to run, in id order: CLI choices win over the configuration's."""
    catalogue = load_catalogue()
    chosen = [resolve_rule_name(r, catalogue, "--select") for r in (select or ())] or list(config.select)
    dropped = {resolve_rule_name(r, catalogue, "--ignore") for r in (ignore or ())} | set(config.ignore)
    names = chosen or list(catalogue)
    return [catalogue[n] for n in catalogue if n in names and n not in dropped]


def missing_requirement(spec: RuleSpec, run: RunFrame) -> str | None:
    """Why a rule cannot run on this log (a required column is absent or holds no value), else None.
    A requirement ``a|b`` is met by either column; ``a*`` by the column being there, even if every
    value is NaN (a rule about non-finite values must see a column of NaN)."""
    if run.meta.get("step_is_epoch") is True and not spec.per_epoch:
        return "a log with one row per epoch: this rule needs the steps within an epoch"
    for requirement in spec.requires:
        options = requirement.split("|")
        if any(run.has(c.rstrip("*")) or (c.endswith("*") and c.rstrip("*") in run.df.columns) for c in options):
            continue
        names = " or ".join(repr(c.rstrip("*")) for c in options)
        present = [c.rstrip("*") for c in options if c.rstrip("*") in run.df.columns]
        return f"no value in the {names} column" if present else f"no {names} column"
    return None


def exclusive_rules(rules: list[RuleSpec], meta: Mapping[str, Any]) -> tuple[list[RuleSpec], dict[str, str]]:
    """The rules that judge a run whose metadata sets a rule's ``exclusive_when`` key (a range-test
    log diverges on purpose: only the rule made for it applies), and why the others do not."""
    catalogue = load_catalogue()
    keys = {spec.exclusive_when for spec in catalogue.values() if spec.exclusive_when and meta.get(spec.exclusive_when) is True}
    if not keys:
        return rules, {}
    owners = [spec.name for spec in catalogue.values() if spec.exclusive_when in keys]
    why = f"a run marked {' and '.join(sorted(keys))} is judged by {', '.join(owners)} only"
    return [spec for spec in rules if spec.name in owners], {spec.name: why for spec in rules if spec.name not in owners}


def lower(severity: Severity, hit: Severity | None) -> Severity:
    """The rule's severity, or the hit's own when it asks for less."""
    return hit if hit is not None and SEVERITY_RANK[hit] > SEVERITY_RANK[severity] else severity


def run_checks(
    run: RunFrame, signals: Signals, rules: list[RuleSpec], config: Config
) -> tuple[list[str], dict[str, str], list[Finding]]:
    checked: list[str] = []
    not_checked: dict[str, str] = {}
    findings: list[Finding] = []
    for spec in rules:
        reason = missing_requirement(spec, run)
        if reason is not None:
            not_checked[spec.name] = reason
            continue
        module = importlib.import_module(spec.module)
        try:
            hits = module.check(signals, signals.rule_params(spec.name))
        except NotApplicable as exc:
            not_checked[spec.name] = str(exc)
            continue
        checked.append(spec.name)
        configured = config.severity.get(spec.name)
        findings.extend(
            Finding(rule=spec.name, id=spec.id, severity=configured or lower(spec.severity, hit.severity),
                    step_start=hit.step_start, step_end=hit.step_end,
                    message=hit.message, evidence=hit.evidence, suggestion=hit.suggestion, fix=hit.fix, lr=hit.lr,
                    explains=hit.explains, explains_until=hit.explains_until)
            for hit in hits
        )
    findings.sort(key=lambda f: (SEVERITY_RANK[f.severity], f.step_start, f.id))
    return checked, not_checked, findings


def load_run(
    source: str | Path | pd.DataFrame,
    *,
    input_format: str | None = None,
    config: Config | None = None,
    unread: Sequence[str] = (),
) -> RunFrame:
    """Read and normalise a run from a path (any supported format) or a DataFrame; ``unread``: column
    families the caller does not need (a CSV is read without them)."""
    import pandas as pd

    from lrdoctor.frame import normalize
    from lrdoctor.io.remote import is_url

    if isinstance(source, pd.DataFrame):
        raw = read_dataframe(source, config)
    elif isinstance(source, str) and is_url(source):
        raw = _read_url(source, input_format, config)
    else:
        from lrdoctor.io import read_log

        raw = read_log(Path(source), input_format=input_format, extra_names=dict((config or Config()).columns) or None,
                       unread=unread)
    return normalize(raw)


def read_dataframe(frame: pd.DataFrame, config: Config | None = None) -> RawLog:
    """A DataFrame read like a CSV log: the usual column names (``train_loss``, ``learning_rate``, the
    config's ``[columns]``...) become the canonical ones; a named index (``df.set_index("step")``) is a
    column. The caller's frame is never changed."""
    from lrdoctor.io.tables import finish_log

    if frame.index.name is not None or any(name is not None for name in frame.index.names[1:]):
        frame = frame.reset_index()
    frame = frame.rename(columns=str)
    return finish_log(frame, Path("<dataframe>"), "DataFrame", extra_names=dict((config or Config()).columns) or None)


def _read_url(url: str, input_format: str | None, config: Config | None) -> RawLog:
    """A log at a URL, read through a local copy; problems name the URL."""
    from lrdoctor.errors import LogReadError
    from lrdoctor.io import read_log
    from lrdoctor.io.remote import local_copy

    with local_copy(url) as path:
        try:
            return read_log(path, input_format=input_format, extra_names=dict((config or Config()).columns) or None)
        except LogReadError as error:
            raise LogReadError(url, error.problem) from None


def analyze(
    source: str | Path | pd.DataFrame,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    num_classes: int | None = None,
    meta: Mapping[str, Any] | None = None,
    config: Config | None = None,
    input_format: str | None = None,
    curves: bool | int | None = None,
) -> RunReport:
    """Diagnose one run.

    ``source`` is a log file or run folder in any supported format, or a DataFrame with the
    canonical columns. ``meta`` adds or overrides sidecar keys (``num_classes``, ``optimizer``...).
    ``curves``: also compute what a report draws (the HTML report needs it); a number caps the points
    per drawn series at twice that (``lrdoctor.curves.COMPACT_BUCKETS`` for a report over many runs);
    by default only in a Jupyter notebook, where the report shows itself with its plots.
    Returns a :class:`~lrdoctor.findings.RunReport`; ``report.findings`` are plain dataclasses and
    ``report.to_frame()`` gives them as a table.
    """
    from lrdoctor.advice import reconcile
    from lrdoctor.curves import curves_of
    from lrdoctor.facts import run_facts
    from lrdoctor.frame import REPORT_ONLY_FAMILIES
    from lrdoctor.io.remote import is_url
    from lrdoctor.signals import Signals

    config = config or Config()
    curves = in_notebook() if curves is None else curves
    rules = selected_rules(select, ignore, config)
    run = load_run(source, input_format=input_format, config=config, unread=() if curves else REPORT_ONLY_FAMILIES)
    extra = dict(meta or {})
    if num_classes is not None:
        if num_classes < 2:
            raise UsageError(f"--num-classes must be at least 2; got {num_classes}")
        extra["num_classes"] = num_classes
    run.meta.update(extra)
    rules, skipped = exclusive_rules(rules, run.meta)
    catalogue = load_catalogue()
    signals = Signals(run, params_of=lambda name: catalogue[name].params(config.thresholds.get(name, {})))
    checked, not_checked, findings = run_checks(run, signals, rules, config)
    findings, recommendation, advice_notes = reconcile(findings)
    not_checked.update(skipped)
    return RunReport(
        path=source if isinstance(source, str) and is_url(source) else str(run.source),
        rows=len(run.df),
        first_step=signals.first_step,
        last_step=signals.last_step,
        checked=checked,
        not_checked=not_checked,
        findings=findings,
        notes=[*run.notes, *advice_notes],
        meta=dict(run.meta),
        facts=run_facts(signals, findings),
        curves=(curves_of(signals) if curves is True else curves_of(signals, int(curves))) if curves else None,
        recommendation=recommendation,
    )


def compare_runs(reports: Sequence[RunReport]) -> Comparison:
    """Several analysed runs side by side: ranked by their facts, with the lr-sweep verdict."""
    from lrdoctor.facts import RunFacts, compare

    facts = [r.facts or RunFacts(steps=(r.first_step, r.last_step), rows=r.rows) for r in reports]
    return compare(facts, [r.path for r in reports])


DASK_CONNECT_SECONDS = 10
"""How long to wait for a Dask scheduler before saying it cannot be reached."""

Source = str | Path


def analyze_or_error(source: Source, options: Mapping[str, Any]) -> RunReport | str:
    """One run's report, or the one-line error for it, so that one bad or crashing run does not stop
    the others (what each process or Dask worker runs); ``LRDOCTOR_DEBUG=1`` lets a bug through."""
    try:
        return analyze(source, **options)
    except LrdoctorError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - one run's bug must not abort the others
        if os.environ.get("LRDOCTOR_DEBUG"):
            raise
        return f"{source}: {internal_error(exc)}"


def in_notebook() -> bool:
    """True inside a Jupyter kernel, where a report shows itself with its plots."""
    return "ipykernel" in sys.modules


AUTO_MIN_RUNS = 16
"""``jobs="auto"`` analyses this many runs or more in parallel processes (fewer: one process, where starting
workers would cost more than it saves)."""
AUTO_MAX_JOBS = 8
"""``jobs="auto"`` starts at most this many processes (one per usable CPU below that)."""
AUTO_MAX_FILE_BYTES = 64 * 2**20
"""``jobs="auto"`` keeps to one process when a log file is larger than this (about 250,000 rows of 24 columns):
each process holds the run it reads, and one large run's table is what the memory is sized for."""


def resolve_jobs(jobs: int | str, paths: Sequence[Source]) -> int:
    """The number of processes for ``paths``: ``jobs`` itself, or for ``"auto"`` one per CPU this process may
    use (at most ``AUTO_MAX_JOBS``) once there are ``AUTO_MIN_RUNS`` runs and no local log file is larger than
    ``AUTO_MAX_FILE_BYTES``, else 1."""
    if isinstance(jobs, str) and jobs != "auto":
        raise UsageError(f"jobs must be a number of processes or 'auto'; got {jobs!r}")
    if jobs != "auto":
        return int(jobs)
    if len(paths) < AUTO_MIN_RUNS or any(file_bytes(p) > AUTO_MAX_FILE_BYTES for p in paths):
        return 1
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(usable, AUTO_MAX_JOBS, len(paths)))


def process_pool(processes: int, jobs: int | str) -> Any:
    """A ``ProcessPoolExecutor`` of ``processes`` workers; None where processes cannot be started (no shared memory
    for their locks) and ``jobs`` was ``"auto"``, which then runs in this process (asked for by number: the error)."""
    from concurrent.futures import ProcessPoolExecutor

    try:
        return ProcessPoolExecutor(max_workers=processes)
    except (OSError, NotImplementedError, ImportError):
        if jobs != "auto":
            raise
        return None


def file_bytes(source: Source) -> int:
    """The size of a local log file (0 for a folder, a URL, an MLflow run or a file that cannot be read)."""
    try:
        return Path(source).stat().st_size if not isinstance(source, str) or "://" not in source else 0
    except (OSError, ValueError, TypeError):
        return 0


def analyze_many(
    sources: Iterable[Source],
    *,
    client: Any = None,
    jobs: int | str = 1,
    mlflow_filter: str | None = None,
    on_result: Callable[[int, RunReport | str], None] | None = None,
    **options: Any,
) -> RunReports:
    """Diagnose many runs: log files, folders (every run below them), ``mlflow:<run_id>``,
    ``mlflow:experiment/<name>`` (its runs that ``mlflow_filter`` selects), URLs that fsspec reads.

    ``client``: a ``distributed.Client``; each run is read and analysed on a Dask worker, where the
    data is (a path must be readable there: a shared filesystem, or a URL), and only its report comes
    back. A worker that dies is replaced and its runs retried by Dask (up to the scheduler's
    ``allowed-failures``); a run still lost then is an error line. Without a client, ``jobs`` local
    processes (``"auto"``: one per usable CPU, up to ``AUTO_MAX_JOBS``, from ``AUTO_MIN_RUNS`` runs on).
    ``on_result(i, result)`` is called as each run is done (a progress bar). ``options`` are those of
    :func:`analyze`. Returns :class:`~lrdoctor.findings.RunReports`: the reports in
    input order, one error line per run that failed (the others go on), and their comparison.
    """
    paths, results_of = _expand_sources(list(sources), mlflow_filter)
    if "curves" not in options and in_notebook():  # the notebook view draws them
        from lrdoctor.curves import COMPACT_BUCKETS, INLINE_RUNS

        options["curves"] = True if len(paths) <= INLINE_RUNS else COMPACT_BUCKETS
    processes = resolve_jobs(jobs, paths) if client is None else 1
    if client is None:
        from lrdoctor.signals import expect_runs

        expect_runs(len(paths) // processes)  # each local process's share (imported before the processes start)
    pool = process_pool(processes, jobs) if processes > 1 and len(paths) > 1 else None
    if client is not None:
        done = run_on_dask(client, paths, options, on_result)
    elif pool is not None:
        done = on_processes(pool, processes, paths, options, on_result)
    else:
        done = []
        for i, path in enumerate(paths):
            done.append(analyze_or_error(path, options))
            if on_result is not None:
                on_result(i, done[-1])
    results = [*results_of, *done]
    reports = [r for r in results if isinstance(r, RunReport)]
    return RunReports(reports=reports, errors=[r for r in results if isinstance(r, str)],
                      comparison=compare_runs(reports) if len(reports) > 1 else None, results=results)


def _expand_sources(sources: list[Source], mlflow_filter: str | None) -> tuple[list[Source], list[str]]:
    """Folders become the runs below them and experiments their runs; also one line per input without runs."""
    from lrdoctor.io import find_runs
    from lrdoctor.io.mlflow import EXPERIMENT_PREFIX, URI_PREFIX, experiment_run_uris
    from lrdoctor.io.remote import is_url

    paths: list[Source] = []
    problems: list[str] = []
    for source in sources:
        text = str(source)
        if text.startswith(EXPERIMENT_PREFIX):
            found: list[Source] = list(experiment_run_uris(text, mlflow_filter))
        elif text.startswith(URI_PREFIX) or is_url(text) or not Path(source).is_dir():
            paths.append(source)
            continue
        else:
            found = list(find_runs(Path(source)))
        if not found:
            problems.append(f"{text}: no runs" + (" match the filter" if mlflow_filter and text.startswith(EXPERIMENT_PREFIX)
                                                 else " found in this folder" if not text.startswith(URI_PREFIX) else ""))
        paths += found
    return paths, problems


def on_processes(
    pool: Any, processes: int, paths: list[Source], options: Mapping[str, Any],
    on_result: Callable[[int, RunReport | str], None] | None,
) -> list[RunReport | str]:
    """Each run in one of the ``pool``'s local processes, a few runs to a task (``batch_size``); a process that
    died is the error line of each run of its task."""
    from concurrent.futures import as_completed

    results: list[RunReport | str] = [""] * len(paths)
    size = batch_size(len(paths), processes)
    with pool:
        futures = {pool.submit(analyze_batch, paths[i : i + size], options): i for i in range(0, len(paths), size)}
        for future in as_completed(futures):
            first = futures[future]
            batch = paths[first : first + size]
            try:
                done = future.result()
            except Exception as exc:  # noqa: BLE001 - BrokenProcessPool: the process died
                if os.environ.get("LRDOCTOR_DEBUG"):
                    raise
                done = [f"{path}: {internal_error(exc)}" for path in batch]
            for i, result in enumerate(done, start=first):
                results[i] = result
                if on_result is not None:
                    on_result(i, result)
    return results


BATCH_TASKS_PER_PROCESS = 8
"""A sweep on local processes is cut into about this many tasks per process: few enough that handing a task over
costs little beside a run's analysis (a short run's is a few milliseconds), enough that the processes finish
together and a progress bar moves."""
MAX_BATCH = 32
"""Runs of one task of a sweep on local processes, at most."""


def batch_size(runs: int, processes: int) -> int:
    """Runs of one task when ``runs`` are shared by ``processes`` local processes."""
    return max(1, min(MAX_BATCH, runs // max(1, processes * BATCH_TASKS_PER_PROCESS)))


def analyze_batch(sources: Sequence[Source], options: Mapping[str, Any]) -> list[RunReport | str]:
    """:func:`analyze_or_error` of each of ``sources`` (a task of a local process)."""
    return [analyze_or_error(source, options) for source in sources]


def run_on_dask(
    client: Any, paths: Sequence[Source], options: Mapping[str, Any], on_result: Callable[[int, RunReport | str], None] | None
) -> list[RunReport | str]:
    """Each run read and analysed on a Dask worker; reports gathered as they are done, in input order."""
    from distributed import as_completed

    if not paths:
        return []
    (shared,) = client.scatter([dict(options)], broadcast=True)  # sent to each worker once, not with every run
    futures = client.map(analyze_or_error, paths, options=shared, pure=False)
    position = {future.key: i for i, future in enumerate(futures)}
    results: list[RunReport | str] = [""] * len(paths)
    for future in as_completed(futures, loop=client.loop):  # type: ignore[no-untyped-call]
        i = position[future.key]
        try:
            results[i] = future.result()
        except Exception as exc:  # noqa: BLE001 - KilledWorker (its workers kept dying), a lost connection
            results[i] = f"{paths[i]}: {dask_failure(exc)}"
        future.release()
        if on_result is not None:
            on_result(i, results[i])
    return results


def dask_failure(exc: BaseException) -> str:
    """The one line for a run that Dask could not bring back."""
    if type(exc).__name__ == "KilledWorker":
        return "the Dask workers analysing it died every time it was tried (see the workers' logs)"
    return internal_error(exc)


def dask_client(address: str) -> Any:
    """A ``distributed.Client`` of the scheduler at ``address``; a one-line ``UsageError`` when dask's
    ``distributed`` package is missing or the scheduler cannot be reached."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--dask needs dask's 'distributed' package: pip install 'lrdoctor[dask]'") from None
    probe_scheduler(address)
    try:
        return Client(address, timeout=f"{DASK_CONNECT_SECONDS}s", set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UsageError(f"{address}: cannot reach the Dask scheduler ({text})") from None


def probe_scheduler(address: str) -> None:
    """Connect once to a ``tcp://`` or ``tls://host:port`` scheduler: a malformed address or a refused
    connection is said at once, not after the client's ``DASK_CONNECT_SECONDS`` of retries (and a
    half-made client's traceback at exit). Other schemes are refused."""
    import socket
    from urllib.parse import urlparse

    try:
        parsed = urlparse(address if "://" in address else f"tcp://{address}")  # host:port is tcp to Dask too
        port = parsed.port
    except ValueError:
        raise UsageError(f"{address}: not a Dask scheduler address (expected tcp://HOST:PORT, as the scheduler prints)") from None
    if parsed.scheme not in ("tcp", "tls"):
        raise UsageError(f"{address}: lrdoctor connects to a Dask scheduler over tcp:// or tls:// only")
    if not parsed.hostname or port is None:
        raise UsageError(f"{address}: not a Dask scheduler address (expected tcp://HOST:PORT, as the scheduler prints)")
    try:
        with socket.create_connection((parsed.hostname, port), timeout=DASK_CONNECT_SECONDS):
            pass
    except (OSError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        raise UsageError(f"{address}: cannot reach the Dask scheduler ({why})") from None
