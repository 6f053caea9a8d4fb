"""Loading a factory: every way it can go wrong is one line naming the file and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from lrdoctor.errors import UsageError
from lrdoctor.guards.setup import Setup, load_setup

FACTORIES = Path(__file__).resolve().parent / "factories.py"


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "user_factory.py"
    path.write_text(text)
    return str(path)


def test_a_file_factory_and_a_dict_factory_load() -> None:
    assert isinstance(load_setup(f"{FACTORIES}:good"), Setup)
    setup = load_setup(f"{FACTORIES}:good_dict")
    assert isinstance(setup, Setup) and type(setup.model).__name__ == "Healthy"


def test_a_module_factory_loads_from_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mymodels_for_lrdoctor.py").write_text(f"import sys; sys.path.insert(0, {str(FACTORIES.parent)!r})\n"
                                                       "from factories import good as make\n")
    monkeypatch.chdir(tmp_path)
    assert isinstance(load_setup("mymodels_for_lrdoctor:make"), Setup)


@pytest.mark.parametrize(("source", "spec_suffix", "message"), [
    (None, ":factory", "no such file"),
    ("def factory(:\n", ":factory", "syntax error at line 1"),
    ("import no_such_package_xyz\n", ":factory", "import failed: ModuleNotFoundError"),
    ("def factori():\n    pass\n", ":factory", "no function 'factory' (did you mean 'factori'?)"),
    ("def factory():\n    return 3\n", ":factory", "returned int; expected lrdoctor.guards.Setup"),
    ("def factory():\n    raise RuntimeError('no data')\n", ":factory", "the factory raised RuntimeError: no data"),
    ("def factory():\n    return {'model': 1, 'modle': 2}\n", ":factory", "unknown key 'modle' (did you mean 'model'?)"),
    ("def factory():\n    return {'model': 1}\n", ":factory", "returned a dict without 'make_optimizer', 'batch', 'loss_fn'"),
    ("import torch\ndef factory():\n    return {'model': 1, 'make_optimizer': 1, 'batch': 1, 'loss_fn': 1}\n",
     ":factory", "model is int, not a torch.nn.Module"),
    ("", "", "expected FILE.py:FUNCTION or MODULE:FUNCTION"),
], ids=["missing", "syntax", "import", "name", "type", "raises", "key", "missing-keys", "model", "no-colon"])
def test_bad_factories_are_one_line_usage_errors(tmp_path: Path, source: str | None, spec_suffix: str, message: str) -> None:
    path = str(tmp_path / "absent.py") if source is None else write(tmp_path, source)
    with pytest.raises(UsageError) as error:
        load_setup(path + spec_suffix)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert str(error.value).startswith(path)
