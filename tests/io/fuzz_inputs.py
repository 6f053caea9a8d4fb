"""Fuzz cases for every reader, shared by ``test_fuzz_readers.py`` (a fixed budget, in CI) and
``bench/fuzz_readers.py`` (a long randomised run that counts crashes).

A case is the files of one run (a log, maybe a sidecar, ``hparams.yaml`` or a whole MLflow run
folder) and the path to read. The cases are

- ``arbitrary_bytes``: any bytes under the name of every format;
- ``mutated_logs``: real logs (``sample_logs/``, ``tests/data/formats/``, ``../shared/real_logs*/``
  when present), their sidecars and MLflow metric files, with a few mutations each: bytes flipped,
  inserted, deleted, the file cut anywhere, a number replaced by an extreme one, lines repeated or
  swapped, the newline at the end removed, CRLF line ends, another text encoding;
- ``odd_tables``: well-formed CSV and JSON-lines tables with odd column names (duplicates, empty,
  canonical names twice, per-group and per-layer names, markup, control characters) and odd cells;
- ``extreme_tables``: a plain ``step,loss,lr,grad_norm`` log whose values are extremes (1e308, 1e-320,
  huge integers, steps beyond 2^63, NaN, inf, fractions of a step).

The contract (``outcome``): reading gives a clean ``RunFrame`` (integer steps, strictly increasing;
numeric columns float64) or an ``LrdoctorError`` whose message is one line beginning with the file's
path; no warning is raised from lrdoctor's readers. Anything else is a crash.
"""

from __future__ import annotations

import json
import os
import re
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_LOGS = ROOT / "sample_logs"
FORMATS = ROOT / "tests" / "data" / "formats"
SHARED = ROOT.parent / "shared"
SEED_BYTES = 12_000
"""The most of each real log a seed keeps (the mutations matter, not the length)."""

NAMES = ["run.csv", "metrics.csv", "results.csv", "trainer_state.json", "log.jsonl", "log.txt",
         "events.out.tfevents.1.host", "history.csv"]
EXTREME_NUMBERS = ["1e308", "-1e308", "1.7976931348623157e308", "1e309", "-1e309", "1e-320", "-1e-320", "5e-324",
                   "nan", "NaN", "inf", "-inf", "Infinity", "-0", "0", "0.5", "9" * 400, "18446744073709551616",
                   "-9223372036854775809", "9223372036854775807", "9007199254740993", "1e19", "1e16", ""]
NOT_NUMBERS = ["1" + "0" * 5000, "1e", ".", "-", "0x1p3", "1_000", "true", "null", '"', "1,5", "١٢", "\u2028"]
EXTREMES = EXTREME_NUMBERS + NOT_NUMBERS
COLUMNS = ["step", "loss", "lr", "val_loss", "grad_norm", "epoch", "event", "train/loss", "lr-Adam", "lr-Adam/pg2",
           "lr/0", "lr/pg1", "grad_norm/layer.0", "update_ratio/w", "opt_step", "_step", "global_step",
           "train_loss_step", "x y", "", " ", "Step", "LOSS", "a - train/loss", "a - train/loss__MIN",
           "![x](https://e/x.png)", "<b>", "col\x1b[31m", "é", "\u2028", "step", "loss"]


@dataclass(frozen=True)
class Case:
    """The files of one run (relative path -> bytes) and the path to read, relative to the folder."""

    files: dict[str, bytes]
    target: str
    label: str = ""

    def write(self, folder: Path) -> Path:
        for name, data in self.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return folder / self.target


@dataclass
class Outcome:
    """What reading (and, with ``analyse``, analysing) a case gave: ``ok``, ``error`` or ``crash``."""

    kind: str
    detail: str = ""
    site: str = ""
    notes: list[str] = field(default_factory=list)


# -- seeds ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    """A real file to mutate: its bytes, how it sits in a run (``log``, ``sidecar``, ``hparams``,
    ``mlflow`` metric file) and the name it is read under."""

    label: str
    data: bytes
    role: str
    name: str


def _head(path: Path) -> bytes:
    """The first ``SEED_BYTES`` of a file; a text file is cut at a line end."""
    data = path.read_bytes()[:SEED_BYTES]
    if b"\x00" not in data[:200] and len(data) == SEED_BYTES and b"\n" in data:
        data = data[: data.rindex(b"\n") + 1]
    return data


@cache
def seeds() -> tuple[Seed, ...]:
    """Every real log this checkout can see, as mutation seeds."""
    found: list[Seed] = []
    for path in sorted(SAMPLE_LOGS.glob("*.csv")):
        found.append(Seed(path.name, _head(path), "log", "run.csv"))
    for path in sorted(SAMPLE_LOGS.glob("*.json"))[:12]:
        found.append(Seed(path.name, path.read_bytes(), "sidecar", "run.json"))
    for path in sorted(p for p in FORMATS.rglob("*") if p.is_file() and p.suffix != ".py"):
        relative = path.relative_to(FORMATS).as_posix()
        if "/metrics/" in relative:
            found.append(Seed(relative, _head(path), "mlflow", path.name))
        elif "/params/" not in relative and "/tags/" not in relative and not path.name.endswith("meta.yaml"):
            found.append(Seed(relative, _head(path), "log", path.name))
    for folder in sorted(SHARED.glob("real_logs*")):
        for path in sorted(p for p in folder.iterdir() if p.is_file() and p.name != "SOURCES.md"):
            found.append(Seed(f"{folder.name}/{path.name}", _head(path), "log", path.name.split("__", 1)[-1]))
    return tuple(found)


_MINIMAL_CSV = b"step,loss,lr\n" + b"".join(b"%d,%.3f,0.1\n" % (i, 2.0 - i / 100) for i in range(40))
_MLFLOW_META = b"artifact_uri: file:///tmp/a\nrun_id: r\nlifecycle_stage: active\n"


def _case_of(seed: Seed, data: bytes) -> Case:
    """The run a mutated seed is part of."""
    if seed.role == "sidecar":
        return Case({"run.csv": _MINIMAL_CSV, "run.json": data}, "run.csv", seed.label)
    if seed.role == "hparams":
        return Case({"metrics.csv": _MINIMAL_CSV, "hparams.yaml": data}, "metrics.csv", seed.label)
    if seed.role == "mlflow":
        name = "train/loss" if seed.name == "loss" else seed.name
        return Case({"run/meta.yaml": _MLFLOW_META, f"run/metrics/{name}": data,
                     "run/params/num_classes": b"10"}, "run", seed.label)
    return Case({seed.name: data}, seed.name, seed.label)


# -- mutations ------------------------------------------------------------------------------------------

_NUMBER = re.compile(rb"-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")
POSITION = st.integers(min_value=0, max_value=2**20)
MUTATION = st.one_of(
    st.tuples(st.just("flip"), POSITION, st.integers(0, 255)),
    st.tuples(st.just("insert"), POSITION, st.binary(min_size=1, max_size=12)),
    st.tuples(st.just("delete"), POSITION, st.integers(1, 80)),
    st.tuples(st.just("cut"), POSITION, st.just(0)),
    st.tuples(st.just("number"), POSITION, st.sampled_from(EXTREMES)),
    st.tuples(st.just("repeat_lines"), POSITION, st.integers(1, 30)),
    st.tuples(st.just("swap_lines"), POSITION, POSITION),
    st.tuples(st.just("no_final_newline"), st.just(0), st.just(0)),
    st.tuples(st.just("crlf"), st.just(0), st.just(0)),
    st.tuples(st.just("encode"), st.just(0), st.sampled_from(["utf-16", "utf-16-le", "utf-32", "cp1252", "utf-8-sig"])),
)


def mutate(data: bytes, mutation: tuple[str, int, object]) -> bytes:
    """``data`` with one mutation applied."""
    kind, where, arg = mutation
    at = where % (len(data) + 1)
    if kind == "flip" and data:
        i = where % len(data)
        return data[:i] + bytes([data[i] ^ (int(arg) or 1)]) + data[i + 1:]  # type: ignore[call-overload]
    if kind == "insert":
        return data[:at] + bytes(arg) + data[at:]  # type: ignore[call-overload]
    if kind == "delete":
        return data[:at] + data[at + int(arg):]  # type: ignore[call-overload]
    if kind == "cut":
        return data[:at]
    if kind == "number":
        numbers = list(_NUMBER.finditer(data))
        if numbers:
            found = numbers[where % len(numbers)]
            return data[: found.start()] + str(arg).encode() + data[found.end():]
        return data
    lines = data.splitlines(keepends=True)
    if kind == "repeat_lines" and lines:
        i = where % len(lines)
        return b"".join(lines[: i + 1] + lines[max(1, i - int(arg)): i + 1] + lines[i + 1:])  # type: ignore[call-overload]
    if kind == "swap_lines" and len(lines) > 1:
        i, j = where % len(lines), int(arg) % len(lines)  # type: ignore[call-overload]
        lines[i], lines[j] = lines[j], lines[i]
        return b"".join(lines)
    if kind == "no_final_newline":
        return data.rstrip(b"\r\n")
    if kind == "crlf":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if kind == "encode":
        try:
            return data.decode("utf-8").encode(str(arg))
        except (UnicodeDecodeError, UnicodeEncodeError):
            return data
    return data


# -- strategies ------------------------------------------------------------------------------------------


@st.composite
def arbitrary_bytes(draw: st.DrawFn) -> Case:
    """Any bytes under a format's name, or as an MLflow metric file or sidecar."""
    data = draw(st.binary(max_size=800))
    name = draw(st.sampled_from([*NAMES, "mlflow", "sidecar"]))
    if name in ("mlflow", "sidecar"):
        return _case_of(Seed("bytes", b"", name, "loss"), data)
    return Case({name: data}, name, "bytes")


@st.composite
def mutated_logs(draw: st.DrawFn) -> Case:
    """A real log, sidecar or metric file with up to four mutations."""
    seed = draw(st.sampled_from(seeds()))
    data = seed.data
    for mutation in draw(st.lists(MUTATION, min_size=1, max_size=4)):
        data = mutate(data, mutation)
    return _case_of(seed, data)


NUMBERS = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr), st.integers(-(2**80), 2**80).map(str),
                   st.integers(0, 1000).map(str), st.sampled_from(EXTREME_NUMBERS))
CELLS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.sampled_from(EXTREMES),
    st.text(max_size=6),
)


def _csv_field(text: str) -> str:
    """One CSV field, quoted when it must be."""
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\r\n') else text


@st.composite
def odd_tables(draw: st.DrawFn) -> Case:
    """A well-formed CSV or JSON-lines table with odd column names and cells."""
    columns = draw(st.lists(st.one_of(st.sampled_from(COLUMNS), st.text(max_size=8)), min_size=1, max_size=7))
    if draw(st.integers(0, 3)):  # mostly a log the readers accept, so that the odd parts get read
        columns = [draw(st.sampled_from(["step", "global_step", "_step", "epoch"])),
                   draw(st.sampled_from(["loss", "train_loss", "train/loss", "LOSS"])), *columns]
    cells = CELLS if draw(st.booleans()) else NUMBERS
    rows = draw(st.lists(st.lists(cells, min_size=len(columns), max_size=len(columns)), max_size=12))
    if draw(st.booleans()):
        name = draw(st.sampled_from(["run.csv", "metrics.csv", "results.csv", "history.csv"]))
        lines = [",".join(map(_csv_field, columns))] + [",".join(map(_csv_field, row)) for row in rows]
        return Case({name: ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")}, name, "csv table")
    records = [dict(zip(columns, (_json_value(cell) for cell in row))) for row in rows]
    text = "".join(json.dumps(record, allow_nan=True) + "\n" for record in records)
    if draw(st.booleans()):
        return Case({"trainer_state.json": json.dumps({"log_history": records}).encode()}, "trainer_state.json", "hf")
    return Case({"log.jsonl": text.encode("utf-8", "surrogatepass")}, "log.jsonl", "jsonl table")


def _json_value(cell: str) -> object:
    """A cell as JSON would hold it: a number when it is one (huge integers kept whole), else text."""
    try:
        return int(cell)
    except ValueError:
        pass
    try:
        return float(cell)
    except ValueError:
        return cell


@st.composite
def extreme_tables(draw: st.DrawFn) -> Case:
    """A plain log whose steps and values are extremes."""
    n = draw(st.integers(1, 40))
    numbers = st.one_of(st.sampled_from(EXTREME_NUMBERS), st.floats(allow_nan=True, allow_infinity=True).map(repr))
    step = st.one_of(numbers, st.integers(-(2**70), 2**70).map(str), st.integers(0, 10**6).map(str))
    value = numbers if draw(st.integers(0, 9)) else st.one_of(numbers, st.sampled_from(NOT_NUMBERS))
    ordinary = draw(st.booleans())
    lines = ["step,loss,lr,grad_norm"]
    for i in range(n):
        s = str(i) if ordinary else draw(step)
        lines.append(",".join(_csv_field(c) for c in (s, draw(value), draw(value), draw(value))))
    return Case({"run.csv": ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")}, "run.csv", "extremes")


STRATEGIES: dict[str, Callable[[], st.SearchStrategy[Case]]] = {
    "arbitrary_bytes": arbitrary_bytes, "mutated_logs": mutated_logs,
    "odd_tables": odd_tables, "extreme_tables": extreme_tables,
}


# -- the contract -----------------------------------------------------------------------------------------


def outcome(folder: Path, case: Case, analyse: bool = False) -> Outcome:
    """Read (and with ``analyse`` diagnose) the case written into ``folder``; check the contract."""
    import numpy as np

    from lrdoctor.engine import analyze, load_run
    from lrdoctor.errors import LrdoctorError

    path = case.write(folder)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            run = load_run(path)
            if analyse:
                analyze(path)
        except LrdoctorError as error:
            message = str(error)
            if "\n" in message or "\r" in message or not message.startswith(str(folder)):
                return Outcome("crash", f"message not one line naming the file: {message!r}", "message")
            return Outcome("error", message)
        except Exception as error:  # noqa: BLE001 - a crash is what the fuzz looks for
            return Outcome("crash", f"{type(error).__name__}: {error}"[:300], _site(error))
    ours = [w for w in caught if _is_ours(w.filename, analyse) or (analyse and issubclass(w.category, RuntimeWarning))]
    if ours:
        w = ours[0]
        return Outcome("crash", f"{w.category.__name__}: {w.message}", f"{_short(w.filename)}:{w.lineno}")
    steps = run.df["step"].to_numpy()
    numeric = [c for c in run.df.columns if c not in ("step", "event")]
    if run.df["step"].dtype != np.int64 or (len(steps) > 1 and not (np.diff(steps) > 0).all()):
        return Outcome("crash", "steps are not strictly increasing integers", "frame")
    if any(run.df[c].dtype != np.float64 for c in numeric):
        return Outcome("crash", "a numeric column is not float64", "frame")
    return Outcome("ok", notes=list(run.notes))


def _is_ours(filename: str, analyse: bool) -> bool:
    """A warning raised from lrdoctor's readers (or, when analysing, anywhere in lrdoctor; ``outcome``
    then also counts numpy's RuntimeWarnings raised inside numpy, as from ``np.diff``: they reach stderr)."""
    name = filename.replace(os.sep, "/")
    return "/lrdoctor/" in name and (analyse or "/lrdoctor/io/" in name or name.endswith("/lrdoctor/frame.py"))


def _short(filename: str) -> str:
    name = filename.replace(os.sep, "/")
    return name[name.rindex("/lrdoctor/") + 1:] if "/lrdoctor/" in name else name


def _site(error: BaseException) -> str:
    """Where a crash happened: the innermost frame in lrdoctor, as ``file:line``."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/lrdoctor/" in f.filename.replace(os.sep, "/")]
    where = frames[-1] if frames else traceback.extract_tb(error.__traceback__)[-1]
    return f"{_short(where.filename)}:{where.lineno} {type(error).__name__}"
