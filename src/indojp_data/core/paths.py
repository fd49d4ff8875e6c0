"""One check for relative paths taken from untrusted input, shared by the validator and ``diff``.

A data-package resource ``path`` and a zip-archive member name are both resolved against a directory
we control, so both must be relative, ``/``-separated, free of ``..`` and portable. :func:`path_defect`
says what, if anything, is wrong; each caller words the answer for its own reader.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["PathDefect", "path_defect"]

PathDefect = Literal["not-a-string", "empty", "control", "url", "backslash", "absolute", "drive", "dot-dot", "colon"]
"""Why a path is unsafe, in the order :func:`path_defect` checks."""

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
_DRIVE = re.compile(r"[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def path_defect(path: object) -> PathDefect | None:
    r"""Tell whether ``path`` is a safe relative path, and if not, the first reason why.

    Unsafe are: a non-string; an empty path; a NUL or other control character; a URL (any
    ``scheme://``); any backslash; an absolute POSIX path (``/x``, which includes ``//server/share``);
    a Windows drive (``C:``, ``C:\``, ``C:x``); a ``..`` segment; and any other ``:`` (Windows
    drive-relative and alternate-data-stream syntax).

    Returns:
        ``None`` if the path is safe, else the first defect found.
    """
    if not isinstance(path, str):
        return "not-a-string"
    if not path:
        return "empty"
    if _CONTROL.search(path):
        return "control"
    if _SCHEME.match(path):
        return "url"
    if "\\" in path:
        return "backslash"
    if path.startswith("/"):
        return "absolute"
    if _DRIVE.match(path):
        return "drive"
    if ".." in path.split("/"):
        return "dot-dot"
    if ":" in path:
        return "colon"
    return None
