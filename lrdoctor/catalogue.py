"""The rule catalogue: one TOML file per rule. The only module that knows where the catalogue lives.

In a wheel the files sit in ``lrdoctor/_rules``; in a checkout (or an editable install) in ``rules/``
at the top of the repository. Reading the catalogue needs only the standard library.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lrdoctor.errors import ConfigError
from lrdoctor.findings import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
DOC_SECTIONS = ("what", "why", "looks_like", "fix")
_TYPES: dict[str, type] = {"float": float, "int": int, "bool": bool}


@dataclass(frozen=True, slots=True)
class Threshold:
    """One tunable number of a rule: its type, default, allowed range and meaning."""

    name: str
    type: str
    default: float | int | bool
    range: tuple[float, float] | None
    help: str

    def validate(self, value: Any, where: str) -> float | int | bool:
        """``value`` converted to this threshold's type, or a ConfigError saying what is allowed."""
        kind = _TYPES[self.type]
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) if kind is not bool else isinstance(value, bool)
        if kind is int and isinstance(value, float) and not value.is_integer():
            ok = False
        if ok and self.range is not None and not (self.range[0] <= value <= self.range[1]):
            ok = False
        if not ok:
            allowed = f"a {self.type}" + (f" in [{self.range[0]:g}, {self.range[1]:g}]" if self.range else "")
            raise ConfigError(f"{where}: {self.name} must be {allowed}; got {value!r}")
        return kind(value)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A catalogue entry: identity, default severity, what it needs, thresholds and docs."""

    id: str
    name: str
    aliases: tuple[str, ...]
    severity: Severity
    summary: str
    requires: tuple[str, ...]
    thresholds: dict[str, Threshold]
    docs: dict[str, Any]
    path: Path

    @property
    def module(self) -> str:
        """The detection module: ``lrdoctor.checks.<name_with_underscores>``."""
        return "lrdoctor.checks." + self.name.replace("-", "_")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "severity": self.severity,
            "summary": self.summary,
            "requires": list(self.requires),
            "thresholds": {
                t.name: {"type": t.type, "default": t.default, "range": [_TYPES[t.type](b) for b in t.range] if t.range else None, "help": t.help}
                for t in self.thresholds.values()
            },
            "docs": dict(self.docs),
        }


def catalogue_dir() -> Path:
    """Where the rule files are: inside the installed package, else the checkout's ``rules/``."""
    here = Path(__file__).resolve().parent
    packaged = here / "_rules"
    if packaged.is_dir():
        return packaged
    return here.parent / "rules"


def _parse_threshold(name: str, raw: Any, path: Path) -> Threshold:
    if not isinstance(raw, dict) or raw.get("type") not in _TYPES or "default" not in raw:
        raise ConfigError(f"{path}: threshold {name!r} needs a type (float|int|bool) and a default")
    bounds = raw.get("range")
    return Threshold(
        name=name,
        type=raw["type"],
        default=raw["default"],
        range=(float(bounds[0]), float(bounds[1])) if bounds else None,
        help=str(raw.get("help", "")),
    )


def _parse_rule(path: Path) -> RuleSpec:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read rule file ({exc})") from None
    severity = data.get("severity")
    if severity not in SEVERITIES:
        raise ConfigError(f"{path}: severity must be one of {', '.join(SEVERITIES)}; got {severity!r}")
    return RuleSpec(
        id=str(data["id"]),
        name=str(data["name"]),
        aliases=tuple(data.get("aliases", ())),
        severity=severity,
        summary=str(data.get("summary", "")),
        requires=tuple(data.get("requires", ())),
        thresholds={k: _parse_threshold(k, v, path) for k, v in data.get("thresholds", {}).items()},
        docs=dict(data.get("docs", {})),
        path=path,
    )


@lru_cache(maxsize=4)
def load_catalogue(folder: Path | None = None) -> dict[str, RuleSpec]:
    """Every rule of the catalogue by name, in id order."""
    folder = folder or catalogue_dir()
    specs = [_parse_rule(p) for p in sorted(folder.glob("*.toml"))]
    return {s.name: s for s in sorted(specs, key=lambda s: s.id)}


def resolve_rule_name(name: str, catalogue: dict[str, RuleSpec], where: str) -> str:
    """The current rule name for a name, an alias or an id; a ConfigError with a guess otherwise."""
    import difflib

    for spec in catalogue.values():
        if name in (spec.name, spec.id) or name in spec.aliases:
            return spec.name
    guess = difflib.get_close_matches(name, list(catalogue), n=1)
    hint = f" (did you mean {guess[0]!r}?)" if guess else f" (rules: {', '.join(catalogue)})"
    raise ConfigError(f"{where}: unknown rule {name!r}{hint}")
