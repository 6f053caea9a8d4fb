"""Logs named by a URL (``https://``, ``s3://``, ``gs://``, ...: whatever fsspec opens): the file and its
``<stem>.json`` sidecar are copied to a temporary folder and read like a local log, so a Dask worker
reads a run where the data is. Needs ``fsspec`` (and its driver of the scheme: ``s3fs``, ``gcsfs``,
``aiohttp`` for HTTP). A URL names one log file, not a folder.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from lrdoctor.errors import LogReadError
from lrdoctor.io.inputs import MAX_STREAM_BYTES

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_CHUNK = 1 << 20


def is_url(text: str) -> bool:
    """True for ``scheme://...`` (``mlflow:`` runs are not URLs)."""
    return bool(_SCHEME.match(text))


@contextmanager
def local_copy(url: str) -> Iterator[Path]:
    """A temporary local copy of the log at ``url`` (its sidecar beside it when there is one), with the
    file's own name; problems are one-line ``LogReadError``s naming the URL."""
    try:
        import fsspec
    except ImportError:
        raise LogReadError(url, "reading a URL needs the 'fsspec' package: pip install 'lrdoctor[dask]'") from None
    name = PurePosixPath(urlparse(url).path).name
    if not name:
        raise LogReadError(url, "a URL must name a log file, not a folder")
    with tempfile.TemporaryDirectory(prefix="lrdoctor-url-") as folder:
        target = Path(folder) / name
        try:
            _copy(fsspec, url, target)
        except LogReadError:
            raise
        except FileNotFoundError as error:  # fsspec's HTTP driver also raises it when the host refuses
            cause = error.__cause__ or error.__context__
            if isinstance(cause, OSError) or "Connect" in type(cause).__name__:
                raise LogReadError(url, f"cannot be reached ({_first_line(cause)})") from None
            raise LogReadError(url, "no such file") from None
        except Exception as error:  # noqa: BLE001 - fsspec's drivers raise their own kinds (ClientError, HTTP errors)
            raise LogReadError(url, f"cannot be read ({_first_line(error)})") from None
        if target.suffix != ".json":
            parsed = urlparse(url)  # the sidecar's path beside the log's; a query (a signed URL's) kept as it is
            sidecar = parsed._replace(path=str(PurePosixPath(parsed.path).with_suffix(".json"))).geturl()
            try:
                _copy(fsspec, sidecar, target.with_suffix(".json"))
            except Exception:  # noqa: BLE001 - most logs have no sidecar
                target.with_suffix(".json").unlink(missing_ok=True)
        yield target


def _first_line(error: BaseException | None) -> str:
    """The first line of an exception's text, or its type's name when it has none."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _copy(fsspec: object, url: str, target: Path) -> None:
    """Copy at most ``MAX_STREAM_BYTES`` from ``url`` to ``target``."""
    total = 0
    with fsspec.open(url, "rb") as source, target.open("wb") as out:  # type: ignore[attr-defined]
        while chunk := source.read(_CHUNK):
            total += len(chunk)
            if total > MAX_STREAM_BYTES:
                raise LogReadError(url, f"larger than {MAX_STREAM_BYTES >> 20} MiB; copy it to a file first")
            out.write(chunk)
