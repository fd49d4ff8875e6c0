"""Write a file so that a reader, or a kill at any instant, sees the old bytes or the new, never a part."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomically(target: Path, data: bytes, verify: Callable[[Path], None] | None = None) -> None:
    """Write ``data`` to a temporary file beside ``target`` (mode 0644, same suffix), verify it if asked, rename it.

    Raises:
        Whatever ``verify`` raises; the temporary file is removed and ``target`` left as it was.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        if verify is not None:
            verify(Path(temporary))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
