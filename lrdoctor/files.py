"""Writing files without ever leaving a half-written one: write beside, then rename over.

The file ends up with the permissions any other tool would give it: a new file gets ``0666`` less the
umask (and any default ACL of the folder), a file that is replaced keeps its own permission bits. A path
that is no regular file (``/dev/null``, ``/dev/stdout``, a named pipe) is written into, never renamed over,
and a symbolic link keeps pointing where it did: the file it points to is the one replaced.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

TEMP_ATTEMPTS = 100


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then move it over ``path`` (``os.replace``);
    on any failure the temporary file is removed and ``path`` is untouched. A device, a FIFO or a socket is
    written into (a rename would put a regular file in its place: ``-o /dev/null`` run as root replaced the
    system's ``/dev/null``); a symbolic link's target is replaced, the link kept."""
    try:
        kind = os.stat(path).st_mode  # through a link to what it points to
    except FileNotFoundError:
        kind = None
    if kind is not None and not stat.S_ISREG(kind) and not stat.S_ISDIR(kind):
        with open(path, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    temp, handle = create_beside(path)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        keep_mode(temp, path)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def create_beside(path: Path) -> tuple[Path, int]:
    """A new, empty, hidden temporary file in ``path``'s folder, open for writing: its path and descriptor.

    It is created with mode ``0666`` so that the kernel applies the umask (``tempfile.mkstemp`` would
    make it ``0600``, and the file that replaces ``path`` with it would keep that)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(TEMP_ATTEMPTS):
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return temp, os.open(temp, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(path.parent))


def keep_mode(temp: Path, path: Path) -> None:
    """Give ``temp`` the permission bits of ``path`` if it exists (writing into a file keeps its mode)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return
    os.chmod(temp, mode)
