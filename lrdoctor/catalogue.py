"""The rule catalogue: one TOML file per rule. The only module that knows where the catalogue lives.

In a wheel the files sit in ``lrdoctor/_rules``; in a checkout (or an editable install) in ``rules/``
at the top of the repository. Reading the catalogue needs only the standard library.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
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
#: The plots of a run's report a finding's step range can be shaded on.
PLOTS = ("loss", "lr", "grad_norm")
#: The streaming detectors a rule's live check (``[live]``) can use while training runs.
LIVE_KINDS = ("non_finite", "event", "rise_over_start", "jump_over_recent")
RULE_KEYS = ("id", "name", "aliases", "severity", "summary", "requires", "plot", "fix_keys", "exclusive_when",
             "per_epoch", "thresholds", "live", "docs")
_TYPES: dict[str, type] = {"float": float, "int": int, "bool": bool}


_PARAMS: dict[Any, Any] = {}
"""``RuleSpec.params``' answers, by ``Params`` class, catalogue defaults and overrides."""
MAX_CACHED_PARAMS = 1024
"""``_PARAMS`` keeps at most this many (a long-lived process trying many configurations builds the rest each time)."""


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

    def to_dict(self) -> dict[str, Any]:
        bounds = [_TYPES[self.type](b) for b in self.range] if self.range else None
        return {"type": self.type, "default": self.default, "range": bounds, "help": self.help}


@dataclass(frozen=True, slots=True)
class LiveSpec:
    """A rule's live check: a cheap streaming test the recorder runs on each row while training.

    It carries its own ``name`` (it is not the rule, only an early sign of it) and says what it is
    in ``about``; ``kind`` picks one of the generic detectors of ``lrdoctor.record.live``, applied to
    ``column`` with ``thresholds``.
    """

    name: str
    kind: str
    column: str
    about: str
    thresholds: dict[str, Threshold]

    def values(self) -> dict[str, float | int | bool]:
        return {t.name: t.default for t in self.thresholds.values()}


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A catalogue entry: identity, default severity, what it needs, thresholds and docs, and what
    the rest of the program needs to know about the rule (so no list elsewhere names rules):

    - ``plot``: which plot of the report shades its findings' step ranges (``loss``, ``lr``, ``grad_norm``);
    - ``fix_keys``: the keys its findings' machine-readable ``fix`` may hold;
    - ``exclusive_when``: a metadata key; a run whose metadata sets it true is judged by the rules
      that name that key only (a range-test log diverges on purpose);
    - ``per_epoch``: whether it can judge a log with one row per epoch (false: it needs the steps within
      an epoch, as the initial loss or a warmup's first steps);
    - ``live``: its live check during training, if it has one.
    """

    id: str
    name: str
    aliases: tuple[str, ...]
    severity: Severity
    summary: str
    requires: tuple[str, ...]
    thresholds: dict[str, Threshold]
    docs: dict[str, Any]
    path: Path
    plot: str = "loss"
    fix_keys: tuple[str, ...] = ()
    exclusive_when: str | None = None
    per_epoch: bool = True
    live: LiveSpec | None = None

    @property
    def needs(self) -> tuple[str, ...]:
        """The required columns as a reader says them (``requires`` without its ``*`` marks)."""
        return tuple(r.replace("*", "") for r in self.requires)

    @property
    def module(self) -> str:
        """The detection module: ``lrdoctor.checks.<name_with_underscores>``."""
        return "lrdoctor.checks." + self.name.replace("-", "_")

    def params(self, overrides: Mapping[str, Any] | None = None) -> Any:
        """The check's ``Params`` dataclass from the catalogue defaults and configured overrides (made once for
        each ``Params`` class, defaults and overrides: a ``Params`` is frozen, and building one costs more than a
        short run's check)."""
        import importlib

        made_by = importlib.import_module(self.module).Params
        try:
            key: Any = (made_by, tuple((name, t.default) for name, t in self.thresholds.items()),
                        tuple(sorted((overrides or {}).items())))
            found = _PARAMS.get(key)
        except TypeError:  # an override that cannot be a key: built each time
            key, found = None, None
        if found is not None:
            return found
        values = {name: t.default for name, t in self.thresholds.items()}
        values.update(overrides or {})
        made = made_by(**values)
        if key is not None and len(_PARAMS) < MAX_CACHED_PARAMS:
            _PARAMS[key] = made
        return made

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "severity": self.severity,
            "summary": self.summary,
            "requires": list(self.requires),
            "plot": self.plot,
            "fix_keys": list(self.fix_keys),
            "exclusive_when": self.exclusive_when,
            "per_epoch": self.per_epoch,
            "thresholds": {t.name: t.to_dict() for t in self.thresholds.values()},
            "live": None if self.live is None else {
                "name": self.live.name, "kind": self.live.kind, "column": self.live.column, "about": self.live.about,
                "thresholds": {t.name: t.to_dict() for t in self.live.thresholds.values()},
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


def _strings(data: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key} must be a list of strings; got {value!r}")
    return tuple(value)


def _parse_live(raw: Any, path: Path) -> LiveSpec | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or raw.get("kind") not in LIVE_KINDS or not all(
        isinstance(raw.get(k), str) and raw.get(k) for k in ("name", "column", "about")
    ):
        raise ConfigError(f"{path}: [live] needs name, column, about and a kind among {', '.join(LIVE_KINDS)}")
    return LiveSpec(
        name=raw["name"], kind=raw["kind"], column=raw["column"], about=raw["about"],
        thresholds={k: _parse_threshold(k, v, path) for k, v in raw.get("thresholds", {}).items()},
    )


def _parse_rule(path: Path) -> RuleSpec:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read rule file ({exc})") from None
    unknown = sorted(set(data) - set(RULE_KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} (known: {', '.join(RULE_KEYS)})")
    for key in ("id", "name", "summary"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise ConfigError(f"{path}: {key} must be a non-empty string")
    severity = data.get("severity")
    if severity not in SEVERITIES:
        raise ConfigError(f"{path}: severity must be one of {', '.join(SEVERITIES)}; got {severity!r}")
    plot = data.get("plot", "loss")
    if plot not in PLOTS:
        raise ConfigError(f"{path}: plot must be one of {', '.join(PLOTS)}; got {plot!r}")
    per_epoch = data.get("per_epoch", True)
    if not isinstance(per_epoch, bool):
        raise ConfigError(f"{path}: per_epoch must be true or false; got {per_epoch!r}")
    exclusive = data.get("exclusive_when")
    if exclusive is not None and not isinstance(exclusive, str):
        raise ConfigError(f"{path}: exclusive_when must be a metadata key; got {exclusive!r}")
    return RuleSpec(
        id=data["id"],
        name=data["name"],
        aliases=_strings(data, "aliases", path),
        severity=severity,
        summary=data["summary"],
        requires=_strings(data, "requires", path),
        thresholds={k: _parse_threshold(k, v, path) for k, v in data.get("thresholds", {}).items()},
        docs=dict(data.get("docs", {})),
        path=path,
        plot=plot,
        fix_keys=_strings(data, "fix_keys", path),
        exclusive_when=exclusive,
        per_epoch=per_epoch,
        live=_parse_live(data.get("live"), path),
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
