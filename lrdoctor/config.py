"""``[tool.lrdoctor]`` configuration: which rules run, their thresholds and severities, column names.

Read from ``--config FILE`` or the nearest ``pyproject.toml`` above the working directory. Every
key is checked against the catalogue; a typo is an error with a suggestion, never silently ignored.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lrdoctor.catalogue import SEVERITIES, RuleSpec, load_catalogue, resolve_rule_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib
from lrdoctor.errors import ConfigError
from lrdoctor.findings import Severity

TOP_KEYS = ("select", "ignore", "fail-on", "rules", "columns")
FAIL_ON = ("error", "warning", "info", "never")


@dataclass(frozen=True, slots=True)
class Config:
    """Validated settings. ``thresholds[rule]`` holds only the overridden values."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    thresholds: dict[str, dict[str, Any]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = ""


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` that has a ``[tool.lrdoctor]`` table."""
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "lrdoctor" in data.get("tool", {}):
                return candidate
    return None


def _unknown(key: str, known: list[str], where: str) -> ConfigError:
    guess = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean {guess[0]!r}?)" if guess else f" (known: {', '.join(known)})"
    return ConfigError(f"{where} unknown key {key!r}{hint}")


def _rule_list(value: Any, where: str, catalogue: dict[str, RuleSpec]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in value.replace(",", " ").split() if v]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of rule names; got {value!r}")
    return tuple(resolve_rule_name(v, catalogue, where) for v in value)


def parse_config(table: dict[str, Any], source: str) -> Config:
    """Validate a ``[tool.lrdoctor]`` table against the catalogue."""
    catalogue = load_catalogue()
    for key in table:
        if key not in TOP_KEYS:
            raise _unknown(key, list(TOP_KEYS), f"{source}: [tool.lrdoctor]")
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(f"{source}: [tool.lrdoctor] fail-on must be one of {', '.join(FAIL_ON)}; got {fail_on!r}")
    thresholds: dict[str, dict[str, Any]] = {}
    severity: dict[str, Severity] = {}
    for raw_name, overrides in table.get("rules", {}).items():
        where = f"{source}: [tool.lrdoctor.rules.{raw_name}]"
        name = resolve_rule_name(raw_name, catalogue, f"{source}: [tool.lrdoctor.rules]")
        spec = catalogue[name]
        if not isinstance(overrides, dict):
            raise ConfigError(f"{where} must be a table")
        for key, value in overrides.items():
            if key == "severity":
                if value not in SEVERITIES:
                    raise ConfigError(f"{where} severity must be one of {', '.join(SEVERITIES)}; got {value!r}")
                severity[name] = value
            elif key in spec.thresholds:
                thresholds.setdefault(name, {})[key] = spec.thresholds[key].validate(value, where)
            else:
                raise _unknown(key, [*spec.thresholds, "severity"], where)
    columns: dict[str, tuple[str, ...]] = {}
    for canonical, names in table.get("columns", {}).items():
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ConfigError(f"{source}: [tool.lrdoctor.columns] {canonical} must be a column name or a list of them")
        columns[canonical] = tuple(names)
    return Config(
        select=_rule_list(table.get("select", []), f"{source}: [tool.lrdoctor] select", catalogue),
        ignore=_rule_list(table.get("ignore", []), f"{source}: [tool.lrdoctor] ignore", catalogue),
        fail_on=fail_on,
        thresholds=thresholds,
        severity=severity,
        columns=columns,
        source=source,
    )


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """The configuration from ``path`` (a pyproject.toml or a bare lrdoctor TOML file), else the
    nearest pyproject.toml above ``start`` (default: the working directory), else defaults."""
    if path is None:
        path = find_pyproject(start or Path.cwd())
        if path is None:
            return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    table = data.get("tool", {}).get("lrdoctor") if path.name == "pyproject.toml" else data.get("tool", {}).get("lrdoctor", data)
    if not isinstance(table, dict):
        return Config(source=str(path))
    return parse_config(table, str(path))
