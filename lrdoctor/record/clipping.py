"""The gradient norm before clipping: ``clip_grad_norm_`` computes it anyway, so it is borrowed.

While a recorder is open, ``torch.nn.utils.clip_grad._get_total_norm`` (which ``clip_grad_norm_``
calls, however it was imported; also used by Lightning and accelerate) is wrapped to hand the L2 norm
it computes to the recorders listening. The wrapper is removed when the last recorder closes.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from typing import Any, Protocol

import torch.nn.utils.clip_grad as clip_grad
from torch import Tensor


class Listener(Protocol):
    def saw_total_norm(self, tensors: list[Tensor], total_norm: Tensor) -> None: ...


_listeners: weakref.WeakSet[Any] = weakref.WeakSet()
_original: Callable[..., Tensor] | None = None


def _wrapped(
    tensors: Tensor | Iterable[Tensor], norm_type: float = 2.0, error_if_nonfinite: bool = False, foreach: bool | None = None
) -> Tensor:
    assert _original is not None
    listed = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    total = _original(listed, norm_type, error_if_nonfinite, foreach)
    if float(norm_type) == 2.0:
        for listener in list(_listeners):
            try:
                listener.saw_total_norm(listed, total)
            except Exception:  # noqa: BLE001 - a listener's problem never reaches the training
                _listeners.discard(listener)
    return total


def listen(listener: Listener) -> None:
    """Start handing ``listener`` the total norms computed by gradient clipping."""
    global _original
    if _original is None and hasattr(clip_grad, "_get_total_norm"):
        _original = clip_grad._get_total_norm
        clip_grad._get_total_norm = _wrapped
    _listeners.add(listener)


def stop_listening(listener: Listener) -> None:
    """Stop; the last listener to stop puts torch's function back."""
    global _original
    _listeners.discard(listener)
    if not _listeners and _original is not None and clip_grad._get_total_norm is _wrapped:
        clip_grad._get_total_norm = _original
        _original = None


def is_installed() -> bool:
    """Whether the wrapper is in place (for tests)."""
    return clip_grad._get_total_norm is _wrapped
