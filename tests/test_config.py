"""[tool.lrdoctor] configuration: overrides apply, typos are errors with a suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from lrdoctor.config import load_config, parse_config
from lrdoctor.errors import ConfigError


def test_overrides_and_severity_are_validated_and_kept() -> None:
    config = parse_config(
        {"select": ["plateau", "LRD002"], "rules": {"plateau": {"window_frac": 0.4, "severity": "info"}}}, "pyproject.toml"
    )
    assert config.select == ("plateau", "lr-too-high")
    assert config.thresholds == {"plateau": {"window_frac": 0.4}}
    assert config.severity == {"plateau": "info"}


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ({"rules": {"plateau": {"windw_frac": 0.2}}}, "unknown key 'windw_frac' (did you mean 'window_frac'?)"),
        ({"rules": {"platau": {}}}, "unknown rule 'platau' (did you mean 'plateau'?)"),
        ({"selct": []}, "unknown key 'selct' (did you mean 'select'?)"),
        ({"rules": {"plateau": {"window_frac": 2}}}, "window_frac must be a float in [0.05, 0.9]; got 2"),
        ({"rules": {"plateau": {"severity": "fatal"}}}, "severity must be one of"),
        ({"fail-on": "sometimes"}, "fail-on must be one of"),
        ({"ignore": ["no-such-rule"]}, "unknown rule 'no-such-rule'"),
    ],
)
def test_bad_config_is_one_clear_error(table: dict, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(table, "pyproject.toml")
    assert fragment in str(info.value)
    assert str(info.value).startswith("pyproject.toml")
    assert "\n" not in str(info.value)


def test_nearest_pyproject_is_found(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.lrdoctor]\nignore = ["plateau"]\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert load_config(start=nested).ignore == ("plateau",)


def test_alias_resolves_to_the_current_name() -> None:
    assert parse_config({"ignore": ["nan-loss"]}, "x").ignore == ("non-finite-loss",)


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "lrdoctor.toml"
    bad.write_text("select = [")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(bad)
