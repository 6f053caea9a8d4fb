"""The catalogue and the detection modules stay in step: one module per rule file, thresholds == Params."""

from __future__ import annotations

import dataclasses
import importlib
import re

import pytest
from click.testing import CliRunner

from lrdoctor.catalogue import DOC_SECTIONS, catalogue_dir, load_catalogue
from lrdoctor.cli import main
from lrdoctor.config import parse_config
from lrdoctor.errors import ConfigError

CATALOGUE = load_catalogue()
CORE_RULES = {
    "non-finite-loss", "lr-too-high", "lr-too-low", "plateau", "premature-decay", "optimizer-reset",
    "overfitting", "wrong-initial-loss", "exploding-gradients", "missing-warmup",
}


def test_core_rules_are_all_there() -> None:
    assert CORE_RULES <= set(CATALOGUE)


def test_ids_and_names_are_unique_and_well_formed() -> None:
    ids = [s.id for s in CATALOGUE.values()]
    assert len(ids) == len(set(ids))
    for spec in CATALOGUE.values():
        assert re.fullmatch(r"LRD\d{3}", spec.id)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", spec.name)
        assert spec.path.stem == spec.name
    aliases = [a for s in CATALOGUE.values() for a in s.aliases]
    assert not set(aliases) & set(CATALOGUE)


def test_every_rule_file_has_a_module_and_every_module_a_rule_file() -> None:
    modules = {p.stem for p in (catalogue_dir().parent / "lrdoctor" / "checks").glob("*.py")} - {"__init__"}
    if not modules:  # installed wheel: the checks live beside the catalogue
        modules = {p.stem for p in (catalogue_dir().parent / "checks").glob("*.py")} - {"__init__"}
    assert modules == {s.name.replace("-", "_") for s in CATALOGUE.values()}


@pytest.mark.parametrize("spec", CATALOGUE.values(), ids=lambda s: s.name)
def test_params_match_thresholds_and_defaults_are_in_range(spec) -> None:
    module = importlib.import_module(spec.module)
    assert [f.name for f in dataclasses.fields(module.Params)] == list(spec.thresholds)
    for t in spec.thresholds.values():
        assert t.validate(t.default, "default") == t.default
        assert t.help
    assert callable(module.check)


@pytest.mark.parametrize("spec", CATALOGUE.values(), ids=lambda s: s.name)
def test_docs_are_complete(spec) -> None:
    for section in DOC_SECTIONS:
        assert len(str(spec.docs.get(section, ""))) > 20, section
    assert spec.summary and spec.requires


@pytest.mark.parametrize("spec", CATALOGUE.values(), ids=lambda s: s.name)
def test_explain_renders_every_rule(spec) -> None:
    result = CliRunner().invoke(main, ["explain", spec.name])
    assert result.exit_code == 0, result.output
    assert spec.id in result.output and "How to fix it" in result.output


@pytest.mark.parametrize("spec", [s for s in CATALOGUE.values() if s.thresholds], ids=lambda s: s.name)
def test_out_of_range_overrides_fail_cleanly(spec) -> None:
    threshold = next(iter(spec.thresholds.values()))
    bad = (threshold.range[1] * 10 + 1) if threshold.range else "x"
    with pytest.raises(ConfigError, match=f"{threshold.name} must be"):
        parse_config({"rules": {spec.name: {threshold.name: bad}}}, "pyproject.toml")


@pytest.mark.parametrize("spec", CATALOGUE.values(), ids=lambda s: s.name)
def test_samples_named_in_the_docs_exist(spec) -> None:
    samples = catalogue_dir().parent / "sample_logs"
    for text in re.findall(r"samples?: ([^)]*)\)", str(spec.docs.get("looks_like", ""))):
        for name in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", text):
            assert (samples / f"{name}.csv").is_file(), name
