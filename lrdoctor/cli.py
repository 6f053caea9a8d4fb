"""The ``lrdoctor`` command line. Thin: parses options, calls the engine, hands reports to a reporter.

Only the standard library and click are imported at start-up; everything else loads inside commands.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from lrdoctor._version import __version__
from lrdoctor.errors import LrdoctorError, UsageError, internal_error

if TYPE_CHECKING:
    from lrdoctor.config import Config
    from lrdoctor.facts import Comparison
    from lrdoctor.findings import RunReport

FAIL_LEVELS = {"error": 0, "warning": 1, "info": 2}
NUMPY_ENV = {"NUMPY_MADVISE_HUGEPAGE": "0"}
"""Set while ``analyze`` and ``check`` read logs (``reads_logs``), where the user has not set them and numpy has not
loaded yet (it reads them when it loads; the processes the command starts inherit them): numpy asks Linux for
transparent huge pages on large arrays, and where the kernel then compacts memory on the first touch (``defrag`` at
``madvise``, the usual default) each fresh array of a long log costs more than the work done in it (a 10M-row log on
the development machine: the read 4.2 -> 3.2 s, the rules 1.3 -> 0.7 s; ``bench/analyze_speed.py`` times the bare read
both ways)."""
Run = Path | str
"""A run to analyse: a local file or folder, else the text of a URL (``https://``, ``s3://``: read on
the machine that analyses it)."""


class Main(click.Group):
    """Turns expected failures into one line and exit 2; unexpected ones into a bug-report line."""

    def invoke(self, ctx: click.Context) -> Any:
        if os.environ.get("NO_COLOR"):  # https://no-color.org: click.echo then strips every style
            ctx.color = False
        try:
            return super().invoke(ctx)
        except LrdoctorError as exc:
            click.echo(f"lrdoctor: error: {exc}", err=True)
            sys.exit(2)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence for the user
            if os.environ.get("LRDOCTOR_DEBUG"):
                raise
            click.echo(f"lrdoctor: {internal_error(exc)}", err=True)
            sys.exit(2)


def reads_logs(command: Callable[..., None]) -> Callable[..., None]:
    """``command`` run with ``NUMPY_ENV`` in the environment where the user has not set its variables and numpy has
    not loaded yet (a command run in a process that has numpy already, such as a notebook's, changes nothing), and the
    environment as it was afterwards: the process the command ran in, and what it starts later, keep the user's."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        added = [] if "numpy" in sys.modules else [name for name in NUMPY_ENV if name not in os.environ]
        os.environ.update({name: NUMPY_ENV[name] for name in added})
        try:
            command(*args, **kwargs)
        finally:
            for name in added:
                os.environ.pop(name, None)

    return run


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lrdoctor")
def main() -> None:
    """lrdoctor: what is wrong with your training run, and what to change."""


def read_files(runs: Sequence[Run]) -> list[Path]:
    """Every local file that analysing ``runs`` reads: the logs, their sidecars, the files of run folders."""
    from lrdoctor.io import input_files

    return [file for run in runs if isinstance(run, Path) for file in input_files(run)]


def refuse_overwriting_inputs(targets: Sequence[Path | None], inputs: Sequence[Path]) -> None:
    """A ``UsageError`` when an output file is one of the ``inputs`` (the same file, whatever its path)."""
    import contextlib

    taken: dict[object, Path] = {}
    for file in inputs:
        taken[Path(file).resolve()] = Path(file)
        with contextlib.suppress(OSError):
            status = os.stat(file)
            taken[(status.st_dev, status.st_ino)] = Path(file)
    for target in targets:
        if target is None:
            continue
        keys: list[object] = [target.resolve()]
        with contextlib.suppress(OSError):
            status = os.stat(target)
            keys.append((status.st_dev, status.st_ino))
        hit = next((taken[key] for key in keys if key in taken), None)
        if hit is not None:
            same = "" if hit.resolve() == target.resolve() else f" ({hit})"
            raise UsageError(f"{target}: refusing to overwrite an input file{same}, which the analysis reads")


def write_output(text: str, output: Path | None, inputs: Sequence[Path] = ()) -> None:
    """Print, or write atomically (temp file + rename); never over one of the inputs."""
    from lrdoctor.files import write_atomically

    if output is None:
        click.echo(text, nl=False)
        return
    refuse_overwriting_inputs([output], inputs)
    resolved = output.resolve()
    folder = resolved.parent
    if not folder.is_dir():
        raise UsageError(f"{output}: folder {folder} does not exist")
    write_atomically(resolved, text)


def write_html(reports: Sequence[RunReport], comparison: Comparison | None, path: Path, inputs: Sequence[Path]) -> None:
    """The HTML report: one page, or for many runs an index page and a page per run beside it in
    ``<stem>_runs/`` (an index stays small whatever the number of runs)."""
    from lrdoctor.curves import INLINE_RUNS
    from lrdoctor.report.html import render_html, render_html_site

    if len(reports) <= INLINE_RUNS or comparison is None:
        write_output(render_html(reports, comparison), path, inputs)
        return
    pages = {Path(p): text for p, text in render_html_site(reports, comparison, path).items()}
    refuse_overwriting_inputs(list(pages), inputs)  # every page, before any is written
    path.with_name(path.stem + "_runs").mkdir(exist_ok=True)
    for page_path, text in pages.items():
        write_output(text, page_path, inputs)


def exit_code(reports: Sequence[RunReport], fail_on: str) -> int:
    """1 when a finding is at or above ``fail_on``, else 0."""
    if fail_on == "never":
        return 0
    limit = FAIL_LEVELS[fail_on]
    return int(any(FAIL_LEVELS[f.severity] <= limit for r in reports for f in r.findings))


def expand_inputs(paths: Sequence[str]) -> tuple[list[Run], list[str]]:
    """Files as given, URLs as text; folders become every run found below them. Also the one-line
    problem of each folder without a run."""
    from lrdoctor.io import find_runs
    from lrdoctor.io.remote import is_url

    runs: list[Run] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if is_url(raw):
            runs.append(raw)
        elif raw.startswith("mlflow:") or not path.is_dir():
            runs.append(path)
        else:
            found = find_runs(path)
            if not found:
                problems.append(f"{path}: no training logs found in this folder")
            runs.extend(found)
    return runs, problems


def progress(runs: int, show: bool) -> Any:
    """A progress bar of ``runs`` on stderr when ``show`` (``update(1)`` as each is done), else one that shows nothing."""
    return click.progressbar(length=runs, label="analysing", file=sys.stderr, hidden=not show)


MAX_JOBS = 256


def jobs_value(ctx: click.Context, param: click.Parameter, value: str) -> int | str:
    """``--jobs``: a number of processes (1 to ``MAX_JOBS``) or ``auto``."""
    if value.strip().lower() == "auto":
        return "auto"
    try:
        number = int(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a number of processes or 'auto'") from None
    if not 1 <= number <= MAX_JOBS:
        raise click.BadParameter(f"{number} is not in the range 1<=x<={MAX_JOBS}")
    return number


def analyze_paths(paths: Sequence[Run], options: dict[str, Any], jobs: int | str) -> list[RunReport | str]:
    """Reports in input order; parallel processes with ``jobs > 1`` (``"auto"``: see ``engine.resolve_jobs``);
    a progress bar on a terminal."""
    from lrdoctor.engine import analyze_or_error, on_processes, process_pool, resolve_jobs
    from lrdoctor.signals import expect_runs

    show = sys.stderr.isatty() and len(paths) > 3
    processes = resolve_jobs(jobs, paths)
    expect_runs(len(paths) // processes)  # each process's share, before the processes fork (as engine.analyze_many)
    pool = process_pool(processes, jobs) if processes > 1 and len(paths) > 1 else None
    with progress(len(paths), show) as bar:
        if pool is not None:
            return on_processes(pool, processes, list(paths), options, lambda i, result: bar.update(1))
        results: list[RunReport | str] = []
        for path in paths:
            results.append(analyze_or_error(path, dict(options)))
            bar.update(1)
        return results


def expand_experiments(runs: Sequence[str], mlflow_filter: str | None) -> tuple[list[str], list[str]]:
    """``mlflow:experiment/<name>`` becomes ``mlflow:<run_id>`` of each of its runs that ``--mlflow-filter``
    selects; other inputs stay as they are. Also the one-line problem of each experiment without such runs."""
    from lrdoctor.io.mlflow import EXPERIMENT_PREFIX, experiment_run_uris

    experiments = [raw for raw in runs if raw.startswith(EXPERIMENT_PREFIX)]
    if mlflow_filter is not None and not experiments:
        raise UsageError("--mlflow-filter selects runs of an experiment: give mlflow:experiment/<name> as a RUN")
    listed: list[str] = []
    problems: list[str] = []
    for raw in runs:
        if not raw.startswith(EXPERIMENT_PREFIX):
            listed.append(raw)
            continue
        found = experiment_run_uris(raw, mlflow_filter)
        if not found:
            problems.append(f"{raw}: no runs" + (f" match the filter {mlflow_filter!r}" if mlflow_filter else ""))
        listed += found
    return listed, problems


def connect_dask(address: str) -> Any:
    """A ``distributed.Client`` of the scheduler at ``address``; one line when it cannot be reached."""
    from lrdoctor.engine import dask_client

    return dask_client(address)


def analyze_on_dask(paths: Sequence[Run], options: dict[str, Any], client: Any) -> list[RunReport | str]:
    """Reports in input order, each run read and analysed on a Dask worker; a progress bar on a terminal."""
    from lrdoctor.engine import run_on_dask

    show = sys.stderr.isatty() and len(paths) > 3
    with progress(len(paths), show) as bar:
        return run_on_dask(client, [str(p) for p in paths], options, lambda i, result: bar.update(1))


def log_to_mlflow(reports: Sequence[RunReport]) -> int:
    """``--mlflow-log``: each report read from MLflow written back to its run (a line for the others, and
    one for each run it could not be written to). Returns how many could not be written."""
    from lrdoctor.report.mlflow import log_report, run_id_of

    written = failed = 0
    for report in reports:
        if run_id_of(report) is None:
            click.echo(f"lrdoctor: --mlflow-log: {report.path} was not read from MLflow; nothing written back for it",
                       err=True)
            continue
        try:
            log_report(report)
        except LrdoctorError as exc:
            click.echo(f"lrdoctor: error: --mlflow-log: {exc}", err=True)
            failed += 1
            continue
        written += 1
    if written:
        click.echo(f"lrdoctor: wrote the diagnosis of {written} run{'s' * (written != 1)} back to MLflow "
                   "(tags lrdoctor.status, lrdoctor.findings, lrdoctor.lr; artifacts lrdoctor/)", err=True)
    return failed


def split_names(values: Sequence[str]) -> list[str]:
    """Rule names from repeated and/or comma-separated options."""
    return [v for item in values for v in item.replace(",", " ").split()]


def load_config_option(config: Path | None) -> Config:
    from lrdoctor.config import load_config

    return load_config(config)


@main.command()
@click.argument("runs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write the report to FILE.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Exit 1 when a finding at or above this severity is found (default: error).")
@click.option("--select", multiple=True, help="Only these rules (names or ids; repeat or comma-separate).")
@click.option("--ignore", multiple=True, help="Skip these rules.")
@click.option("--num-classes", type=int, help="Number of classes (overrides the sidecar).")
@click.option("--input-format", help="Force a log format instead of detecting it.")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Read [tool.lrdoctor] settings from FILE instead of the nearest pyproject.toml.")
@click.option("--jobs", "-j", metavar="N|auto", default="auto", show_default=True, callback=jobs_value,
              help="Analyse runs in N parallel processes; auto: one per CPU (up to 8) from 16 runs on, none over 64 MiB.")
@click.option("--html", "html_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write a self-contained HTML report with plots (several runs: a comparison) to FILE.")
@click.option("--mlflow-filter", metavar="FILTER",
              help="Only the runs of mlflow:experiment/<name> inputs that MLflow's search FILTER selects.")
@click.option("--mlflow-log", is_flag=True,
              help="Write the diagnosis back to each MLflow run analysed: lrdoctor.* tags, reports as artifacts.")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Analyse the runs on the workers of the Dask scheduler at ADDRESS (tcp://host:8786).")
@reads_logs
def analyze(
    runs: tuple[str, ...], fmt: str, output: Path | None, fail_on: str | None, select: tuple[str, ...],
    ignore: tuple[str, ...], num_classes: int | None, input_format: str | None, config_path: Path | None, jobs: int | str,
    html_path: Path | None, mlflow_filter: str | None, mlflow_log: bool, dask_address: str | None,
) -> None:
    """Diagnose training logs (files, folders searched for runs, mlflow:<run_id>, mlflow:experiment/<name>)."""
    config = load_config_option(config_path)
    options: dict[str, Any] = {
        "select": split_names(select) or None, "ignore": split_names(ignore) or None, "num_classes": num_classes,
        "config": config, "input_format": input_format,
    }
    from lrdoctor.engine import compare_runs, selected_rules

    selected_rules(options["select"], options["ignore"], config)  # unknown rule names fail before any reading
    client = connect_dask(dask_address) if dask_address else None  # an unreachable scheduler fails first
    listed, experiment_problems = expand_experiments(runs, mlflow_filter)
    paths, problems = expand_inputs(listed)
    problems = [*experiment_problems, *problems]
    if html_path is not None or mlflow_log:  # what the HTML report draws: decimated series, never the run's table
        from lrdoctor.curves import COMPACT_BUCKETS, INLINE_RUNS

        options["curves"] = True if len(paths) <= INLINE_RUNS or mlflow_log else COMPACT_BUCKETS
    # the files the analysis reads, before any work: no output file may be one of them (none written: nothing to list)
    inputs = read_files(paths) if output is not None or html_path is not None else []
    refuse_overwriting_inputs([output, html_path], inputs)
    if client is None:
        analysed = analyze_paths(paths, options, jobs)
    else:
        try:
            analysed = analyze_on_dask(paths, options, client)
        finally:
            client.close()
    results: list[RunReport | str] = [*problems, *analysed]
    reports = [r for r in results if not isinstance(r, str)]
    for problem in (r for r in results if isinstance(r, str)):
        click.echo(f"lrdoctor: error: {problem}", err=True)
    if reports:
        comparison = compare_runs(reports) if len(reports) > 1 else None
        if fmt == "json":
            from lrdoctor.report.json import render_json

            text = render_json(reports, comparison)
        elif fmt == "markdown":
            from lrdoctor.report.markdown import render_markdown

            text = render_markdown(reports, comparison)
        else:
            from lrdoctor.report.text import render_text

            text = render_text(reports, colour=output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
        write_output(text, output, inputs)
        if html_path is not None:
            write_html(reports, comparison, html_path, [*inputs, *([output] if output else [])])
    unwritten = log_to_mlflow(reports) if mlflow_log else 0
    code = exit_code(reports, fail_on or config.fail_on or "error")
    sys.exit(2 if len(reports) < len(results) or unwritten else code)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
def rules_command(fmt: str) -> None:
    """List the rule catalogue (markdown: the table README shows)."""
    from lrdoctor.catalogue import load_catalogue

    catalogue = load_catalogue()
    if fmt == "markdown":
        from lrdoctor.report.markdown import render_rules_markdown

        click.echo(render_rules_markdown(catalogue), nl=False)
        return
    if fmt == "json":
        import json

        click.echo(json.dumps([s.to_dict() for s in catalogue.values()], indent=2))
        return
    for spec in catalogue.values():
        click.echo(f"{spec.id}  {spec.name:<22} {spec.severity:<8} {spec.summary}")


@main.command()
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain(name: str, fmt: str) -> None:
    """Show a rule's documentation: what it detects, why it matters, how to fix it."""
    import textwrap

    from lrdoctor.catalogue import load_catalogue, resolve_rule_name

    catalogue = load_catalogue()
    spec = catalogue[resolve_rule_name(name, catalogue, "explain")]
    if fmt == "json":
        import json

        click.echo(json.dumps(spec.to_dict(), indent=2))
        return
    out = [f"{spec.name} ({spec.id}, {spec.severity}): {spec.summary}", f"needs: {', '.join(spec.needs) or '-'}"]
    titles = {"what": "What it detects", "why": "Why it matters", "looks_like": "What it looks like", "fix": "How to fix it"}
    for key, title in titles.items():
        out += ["", title, textwrap.fill(str(spec.docs.get(key, "")), 78, initial_indent="  ", subsequent_indent="  ")]
    if spec.thresholds:
        out += ["", "Thresholds ([tool.lrdoctor.rules." + spec.name + "])"]
        for t in spec.thresholds.values():
            bounds = f" in [{t.range[0]:g}, {t.range[1]:g}]" if t.range else ""
            out.append(textwrap.fill(f"{t.name} = {t.default} ({t.type}{bounds}): {t.help}", 78,
                                     initial_indent="  ", subsequent_indent="    "))
    if spec.fix_keys:
        out += ["", "Machine-readable fix (the finding's `fix` may hold): " + ", ".join(spec.fix_keys)]
    if spec.live is not None:
        out += ["", f"Live check while recording: {spec.live.name}",
                textwrap.fill(spec.live.about, 78, initial_indent="  ", subsequent_indent="  ")]
        for t in spec.live.thresholds.values():
            out.append(textwrap.fill(f"{t.name} = {t.default} ({t.type}): {t.help}", 78,
                                     initial_indent="  ", subsequent_indent="    "))
    if spec.docs.get("references"):
        out += ["", "References"] + [f"  {ref}" for ref in spec.docs["references"]]
    click.echo("\n".join(out))


def require_torch(command: str) -> None:
    """``lrdoctor sanity`` and ``find-lr`` train a model: without torch, say how to install it (exit 2)."""
    try:
        import torch  # noqa: F401
    except ImportError:
        raise UsageError(f"{command} needs torch >= 2.1: pip install torch (or lrdoctor's 'torch' extra)") from None


@main.command("sanity")
@click.argument("factory")
@click.option("--overfit-steps", type=click.IntRange(1, 100_000), default=200, show_default=True,
              help="Steps allowed to overfit the one batch.")
@click.option("--overfit-factor", type=click.FloatRange(1.0, min_open=True), default=10.0, show_default=True,
              help="The one-batch loss must fall by this factor.")
@click.option("--time-limit", type=click.FloatRange(0.0, min_open=True), default=60.0, show_default=True,
              help="Seconds before the run stops with an error.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for every check.")
def sanity_command(factory: str, overfit_steps: int, overfit_factor: float, time_limit: float, seed: int) -> None:
    """Check a model and training setup in seconds, before training.

    FACTORY is FILE.py:FUNCTION or MODULE:FUNCTION; the function returns an lrdoctor.guards.Setup
    (model, make_optimizer, batch, loss_fn; see examples/sanity_factory.py). Exit 0 when every check
    passes, 1 when one fails, 2 when the factory cannot be used or the time limit is reached.
    """
    require_torch("lrdoctor sanity")
    from lrdoctor.guards.sanity import run_sanity
    from lrdoctor.guards.setup import load_setup

    started = time.monotonic()
    setup = load_setup(factory)
    counts = {"pass": 0, "fail": 0, "skip": 0}
    for result in run_sanity(setup, overfit_steps=overfit_steps, overfit_factor=overfit_factor,
                             time_limit=time_limit, seed=seed):
        counts[result.status] += 1
        colour = {"pass": "green", "fail": "red", "skip": "yellow"}[result.status]
        label = click.style(f"{result.status.upper():<4}", fg=colour, bold=result.failed)
        click.echo(f"{label}  {result.name:<17} {result.message}")
        if result.fix:
            click.echo(f"      {'fix:':<17} {result.fix}")
    skipped = f", {counts['skip']} skipped" if counts["skip"] else ""
    click.echo(f"sanity: {counts['pass']} passed, {counts['fail']} failed{skipped} "
               f"({time.monotonic() - started:.1f} s)")
    sys.exit(1 if counts["fail"] else 0)


@main.command("check")
@click.argument("files", nargs=-1, required=True)
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Exit 1 when a finding at or above this severity is found (default: error).")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Read [tool.lrdoctor] settings from FILE instead of the nearest pyproject.toml.")
@reads_logs
def check_command(files: tuple[str, ...], fail_on: str | None, config_path: Path | None) -> None:
    """Quick gate for committed run logs (for pre-commit and CI): one line per finding.

    Exit 0 when nothing at or above --fail-on was found, 1 when something was, 2 when a file
    cannot be read.
    """
    config = load_config_option(config_path)
    paths, problems = expand_inputs(files)
    results = [*problems, *analyze_paths(paths, {"config": config}, jobs=1)]
    reports = [r for r in results if not isinstance(r, str)]
    for problem in (r for r in results if isinstance(r, str)):
        click.echo(f"lrdoctor: error: {problem}", err=True)
    from lrdoctor.report.text import render_compact

    click.echo(render_compact(reports), nl=False)
    code = exit_code(reports, fail_on or config.fail_on or "error")
    sys.exit(2 if len(reports) < len(results) else code)


@main.command("find-lr")
@click.argument("factory")
@click.option("--start-lr", type=click.FloatRange(0.0, min_open=True), default=1e-6, show_default=True)
@click.option("--end-lr", type=click.FloatRange(0.0, min_open=True), default=10.0, show_default=True)
@click.option("--num-steps", type=click.IntRange(5, 100_000), default=300, show_default=True)
@click.option("--smooth", type=click.FloatRange(0.0, 1.0, max_open=True), default=0.98, show_default=True,
              help="Weight of the past in the loss's moving average.")
@click.option("--diverge-factor", type=click.FloatRange(1.0, min_open=True), default=4.0, show_default=True,
              help="Stop when the smoothed loss passes this multiple of its minimum.")
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Write the curve as a run log (run.csv + run.json sidecar) for `lrdoctor analyze`.")
def find_lr_command(factory: str, start_lr: float, end_lr: float, num_steps: int, smooth: float,
                    diverge_factor: float, output: Path | None) -> None:
    """Learning-rate range test: raise the lr exponentially until the loss blows up, suggest an lr.

    FACTORY is the same as for `lrdoctor sanity`; its optional `batches` (e.g. your DataLoader)
    feed the test, otherwise its one batch is repeated. The model is left as it was.
    """
    require_torch("lrdoctor find-lr")
    from lrdoctor.guards.lr_range import find_lr
    from lrdoctor.guards.setup import load_setup

    setup = load_setup(factory)
    loader = setup.batches if setup.batches is not None else [tuple(setup.batch)]
    if setup.batches is None:
        click.echo("find-lr: no `batches` in the setup, repeating its one batch (a DataLoader gives a more "
                   "realistic suggestion)", err=True)
    result = find_lr(setup.model, setup.make_optimizer(setup.model), loader, setup.loss_fn,
                     start_lr=start_lr, end_lr=end_lr, num_steps=num_steps, smooth=smooth,
                     diverge_factor=diverge_factor, log_path=output)
    click.echo(result.summary())
    if result.log_path is not None:
        click.echo(f"  curve written to {result.log_path} (lrdoctor analyze {result.log_path})")


if __name__ == "__main__":  # pragma: no cover
    main()
