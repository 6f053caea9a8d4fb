"""Hyper-parameters a framework saved beside the metrics: the few the rules use, under sidecar names.

Lightning's ``save_hyperparameters()`` writes ``hparams.yaml`` beside ``metrics.csv``; MLflow keeps
``params``. Their names are the user's, so a short alias table finds ``num_classes`` (the expected
initial loss ln C), ``optimizer`` (the optimizer family), ``batch_size``, ``pretrained`` (a
fine-tune may start below ln C), and a language model's ``vocab_size`` and ``seq_len``. A value that does not fit is left out: these are hints, and a
sidecar ``run.json`` still overrides them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from lrdoctor.io.inputs import decode_text

_MAX_BYTES = 1 << 20

ALIASES: dict[str, tuple[str, ...]] = {
    "num_classes": ("num_classes", "n_classes", "num_labels", "nclasses", "classes"),
    "optimizer": ("optimizer", "optimizer_name", "optimizer_class", "optimizer_cls", "optim", "opt"),
    "batch_size": ("batch_size", "train_batch_size", "per_device_train_batch_size"),
    "pretrained": ("pretrained", "use_pretrained", "from_pretrained", "finetune", "fine_tune"),
    "vocab_size": ("vocab_size", "n_vocab", "vocabulary_size", "ntokens"),
    "seq_len": ("seq_len", "block_size", "max_length", "max_seq_length", "context_length", "sequence_length"),
}
_FALSE = ("false", "no", "0")
_MISSING = ("", "null", "none", "~")

_TOP_LEVEL = re.compile(r"^([A-Za-z_][\w.-]*):[ \t]*(.*?)[ \t]*$")
_PYTHON_NAME = re.compile(r"^!!python/name:([\w.]+)")


def read_hparams_yaml(path: Path) -> dict[str, str]:
    """The top-level ``key: scalar`` lines of a YAML file, as text (nested blocks are skipped).

    Enough for ``hparams.yaml``, which Lightning writes with ``yaml.dump``; no YAML library needed.
    A ``!!python/name:torch.optim.adamw.AdamW ''`` value becomes ``torch.optim.adamw.AdamW``.
    """
    try:
        with path.open("rb") as handle:
            text = decode_text(handle.read(_MAX_BYTES))[0]
    except (OSError, UnicodeDecodeError):
        return {}
    out: dict[str, str] = {}
    for line in text.splitlines():
        match = _TOP_LEVEL.match(line)
        if not match or not match.group(2) or match.group(2).startswith(("#", "&", "|", ">")):
            continue
        value = match.group(2)
        named = _PYTHON_NAME.match(value)
        if named:
            value = named.group(1)
        elif len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        out[match.group(1)] = value
    return out


def pretrained_flag(value: object) -> bool | None:
    """``pretrained`` as true/false: a bool as it is; text: false/no/0 -> False, a name of weights
    ("imagenet", "resnet50") or true/yes/1 -> True; null/none/empty -> None (unknown)."""
    if isinstance(value, bool):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    return None if text in _MISSING else text not in _FALSE


def canonical_meta(params: Mapping[str, object]) -> dict[str, object]:
    """``num_classes`` / ``batch_size`` / ``vocab_size`` / ``seq_len`` (positive integers), ``optimizer``
    (a name) and ``pretrained`` (see :func:`pretrained_flag`) from ``params``; a null value counts as absent."""
    lowered = {str(k).lower(): v for k, v in params.items() if str(v).strip().lower() not in _MISSING}
    meta: dict[str, object] = {}
    for key, aliases in ALIASES.items():
        value = next((lowered[a] for a in aliases if a in lowered), None)
        if value is None:
            continue
        if key == "pretrained":
            flag = pretrained_flag(str(value))
            if flag is not None:
                meta[key] = flag
        elif key == "optimizer":
            name = str(value).strip()
            if re.fullmatch(r"[A-Za-z_][\w.]*", name):
                meta[key] = name
        else:
            try:
                count = int(str(value).strip())
            except ValueError:
                continue
            if count > 0:
                meta[key] = count
    return meta
