"""The bytes behind a log, before any format is parsed: what the readers may assume about them.

- A path that is not a regular file (a FIFO, ``<(zcat run.csv.gz)``, ``/dev/stdin``, a device) is
  copied to a temporary regular file first: at most ``MAX_STREAM_BYTES``, never waiting more than
  ``STREAM_IDLE_SECONDS`` for more data, and a FIFO without a writer reads as empty instead of
  blocking. No input can hang a reader or grow without bound (``/dev/zero``).
- Text in another encoding than UTF-8 (UTF-16 or UTF-32, with or without a byte order mark;
  Latin-1/cp1252, as Windows tools write) is transcoded to a temporary UTF-8 copy, with a note:
  the readers only ever see UTF-8. Bytes that are no text in any of these are binary data.
"""

from __future__ import annotations

import codecs
import os
import select
import stat
from pathlib import Path

from lrdoctor.errors import LogReadError

MAX_STREAM_BYTES = 256 << 20
"""The most a non-regular file (FIFO, device) may hold; a longer log must be saved to a file first."""
STREAM_IDLE_SECONDS = 10.0
"""How long to wait for more data from a FIFO or device before giving up."""

UTF8 = "utf-8"
LATIN1 = "cp1252"
_CHUNK = 1 << 20
_NAMES = {"utf-16": "UTF-16", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16", "utf-32": "UTF-32", LATIN1: "Latin-1 (cp1252)"}


class NotUtf8Error(LogReadError):
    """A reader met bytes that are not UTF-8 text; ``read_log`` then tries the other encodings."""


def special_kind(mode: int) -> str | None:
    """What a path is when it is neither a regular file nor a folder ("a FIFO", ...); None for those."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def copy_stream(path: Path, kind: str, target: Path) -> None:
    """Copy the bytes of a FIFO or device to ``target``: bounded in size and in waiting time.

    The FIFO is opened without blocking and then waited on: a writer that never comes, or never
    writes, is an error after ``STREAM_IDLE_SECONDS`` instead of a hang.
    """
    if kind == "a socket":
        raise LogReadError(path, "a socket, not a log file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    total = 0
    try:
        with target.open("wb") as out:
            while True:
                if not select.select([fd], [], [], STREAM_IDLE_SECONDS)[0]:
                    raise LogReadError(path, f"{kind}: no data for {STREAM_IDLE_SECONDS:g} s")
                try:
                    chunk = os.read(fd, _CHUNK)
                except BlockingIOError:
                    continue
                if not chunk:
                    break
                total += len(chunk)
                if total > MAX_STREAM_BYTES:
                    raise LogReadError(
                        path, f"{kind} giving more than {MAX_STREAM_BYTES >> 20} MiB; save the log to a file first"
                    )
                out.write(chunk)
    finally:
        os.close(fd)
    if not total:
        raise LogReadError(path, f"empty ({kind} that nothing was written to)")


def sniff_encoding(head: bytes, whole: bool) -> str | None:
    """The text encoding of a file from its first bytes (``whole``: they are all of it): ``utf-8``
    (with or without a byte order mark), ``utf-16``/``utf-16-le``/``utf-16-be``, ``utf-32`` or
    ``cp1252``; None for binary data."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    unmarked = _unmarked_utf16(head)
    if unmarked:
        return unmarked
    if _is_utf8(head, whole):
        return UTF8 if b"\x00" not in head else None
    return LATIN1 if _looks_like_latin1(head) else None


def _unmarked_utf16(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` for text without a byte order mark: ASCII characters with a zero byte each."""
    pairs = len(head) // 2
    if pairs < 4:
        return None
    even, odd = head[0 : 2 * pairs : 2], head[1 : 2 * pairs : 2]
    for zeros, chars, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.9 * pairs and chars.count(0) == 0:
            return name
    return None


def _is_utf8(head: bytes, whole: bool) -> bool:
    """True when the bytes are UTF-8; a character cut at the end of a partial read is allowed."""
    try:
        head.decode(UTF8)
    except UnicodeDecodeError as error:
        return not whole and error.start >= len(head) - 3 and error.reason == "unexpected end of data"
    return True


def _looks_like_latin1(data: bytes) -> bool:
    """True for 8-bit text: no zero bytes, no C0 control characters but tab and line ends, few C1 ones."""
    if b"\x00" in data:
        return False
    controls = sum(data.count(bytes([c])) for c in range(32) if c not in (9, 10, 13)) + data.count(b"\x7f")
    return controls == 0 and data.decode(LATIN1, errors="replace").count("\ufffd") <= len(data) // 100


def encoding_name(encoding: str) -> str:
    """The encoding as a note names it: ``UTF-16``, ``Latin-1 (cp1252)``."""
    return _NAMES.get(encoding, encoding.upper())


def transcode(path: Path, encoding: str, target: Path) -> None:
    """Write ``path``'s text, decoded from ``encoding``, to ``target`` as UTF-8; undecodable bytes are
    binary data (a ``LogReadError``)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with path.open("rb") as source, target.open("w", encoding=UTF8, newline="") as out:
            while chunk := source.read(_CHUNK):
                out.write(decoder.decode(chunk))
            out.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        raise LogReadError(path, f"binary data, not {encoding_name(encoding)} text") from None


def file_encoding(path: Path) -> str | None:
    """The encoding of a whole file that is not UTF-8 (UTF-16/32 or Latin-1), else None (binary data)."""
    with path.open("rb") as handle:
        head = handle.read(_CHUNK)
        encoding = sniff_encoding(head, whole=len(head) < _CHUNK)
        if encoding != LATIN1:
            return encoding if encoding not in (UTF8, None) else None
        while chunk := handle.read(_CHUNK):
            if not _looks_like_latin1(chunk):
                return None
    return LATIN1


def decode_text(data: bytes) -> tuple[str, str]:
    """Small files read whole (sidecars, hparams.yaml): their text and encoding; ``UnicodeDecodeError``
    when they are no text."""
    encoding = sniff_encoding(data, whole=True)
    if encoding is None:
        raise UnicodeDecodeError(UTF8, data, 0, len(data), "binary data")
    if encoding == UTF8:
        return data.decode("utf-8-sig"), encoding
    return data.decode(encoding), encoding
