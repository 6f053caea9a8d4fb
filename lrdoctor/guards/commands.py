"""``lrdoctor sanity``, ``lrdoctor check`` and ``lrdoctor find-lr``: the guards before training.

Only click is imported here; torch loads inside the commands that need it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click


@click.command("sanity")
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


@click.command("check")
@click.argument("files", nargs=-1, required=True)
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Exit 1 when a finding at or above this severity is found (default: error).")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Read [tool.lrdoctor] settings from FILE instead of the nearest pyproject.toml.")
def check_command(files: tuple[str, ...], fail_on: str | None, config_path: Path | None) -> None:
    """Quick gate for committed run logs (for pre-commit and CI): one line per finding.

    Exit 0 when nothing at or above --fail-on was found, 1 when something was, 2 when a file
    cannot be read.
    """
    from lrdoctor.cli import analyze_paths, exit_code, load_config_option

    config = load_config_option(config_path)
    paths = [Path(f) for f in files]
    results = analyze_paths(paths, {"config": config}, jobs=1)
    reports = [r for r in results if not isinstance(r, str)]
    for result in results:
        if isinstance(result, str):
            click.echo(f"lrdoctor: error: {result}", err=True)
            continue
        summary = f"{len(result.findings)} finding{'s' * (len(result.findings) != 1)}" if result.findings else "ok"
        click.echo(f"{result.path}: {summary} ({result.rows} rows, {len(result.checked)} rules checked)")
        for f in result.findings:
            where = f"step {f.step_start}" if f.step_start == f.step_end else f"steps {f.step_start}-{f.step_end}"
            click.echo(f"  {f.severity:<7} {f.id} {f.rule} ({where}): {f.message}")
    code = exit_code(reports, fail_on or config.fail_on or "error")
    sys.exit(2 if len(reports) < len(results) else code)


@click.command("find-lr")
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
