"""One definition of an optimizer's family and of the usual size of its updates."""

from __future__ import annotations

import pytest

from lrdoctor.optim import FIRST_STEP_MARGIN, UPDATE_BANDS, family_of, first_step_band, update_band, with_momentum


@pytest.mark.parametrize(
    ("name", "family"),
    [("AdamW", "adaptive"), ("torch.optim.Adam", "adaptive"), ("Lion", "adaptive"), ("RMSprop", "adaptive"),
     ("Adagrad", "adaptive"), ("SGD", "sgd"), ("Mystery", None), (None, None)],
)
def test_family_of_a_name(name: str | None, family: str | None) -> None:
    assert family_of(name) == family


def test_an_unknown_class_is_told_by_the_state_it_keeps() -> None:
    assert family_of("MyWrapper", ["step", "exp_avg", "exp_avg_sq"]) == "adaptive"
    assert family_of("MyWrapper", ["momentum_buffer"]) is None


def test_the_first_step_band_widens_the_run_band() -> None:
    for family in UPDATE_BANDS:
        low, high = update_band(family)
        assert first_step_band(family) == (low / FIRST_STEP_MARGIN, high * FIRST_STEP_MARGIN)
        assert 0 < low < high < 1


def test_an_rmsprop_first_step_is_ten_adam_steps() -> None:
    from lrdoctor.optim import first_step_scale

    assert first_step_scale("RMSprop") == pytest.approx(10.0)
    assert first_step_scale("torch.optim.RMSprop", {"alpha": 0.9}) == pytest.approx(10**0.5)
    assert first_step_scale("RMSprop", {"alpha": True}) == pytest.approx(10.0)  # not a number: the default
    assert first_step_scale("Adam") == first_step_scale(None) == 1.0


@pytest.mark.parametrize(("optimizer", "params", "expected"), [
    ("SGD", {"momentum": 0.9}, True),
    ("SGD", {"momentum": 0}, False),
    ("SGD", None, False),  # nothing stated: no momentum assumed
    ("Nesterov", None, True),
    ("sgd_momentum", {}, True),
    ("SGD", {"momentum": True}, False),  # not a number
])
def test_which_sgd_runs_average_with_momentum(optimizer: str, params: object, expected: bool) -> None:
    assert with_momentum(optimizer, params) is expected
