"""Open inputs defensively: local files, data-package resource paths and zip archives.

Everything here reports bad input as :class:`~indojp_data.core.problems.InputError`
with one of these rules:

* ``"not-found"``: the file (or archive member) does not exist.
* ``"unreadable"``: a directory, a special file (FIFO, device, socket), no permission, an
  I/O error, or an archive member that is encrypted or uses an unsupported compression.
* ``"too-large"``: more bytes than allowed.
* ``"not-a-zip"`` / ``"corrupt-archive"``: not a zip file / a damaged one.
* ``"unsafe-archive"``: an archive that could escape a directory on extraction, is
  ambiguous, or is a decompression bomb.

The network is :mod:`~indojp_data.validate.network`'s.

:func:`check_resource_path` returns a reason string instead of raising, because an unsafe
path in ``datapackage.json`` is a finding about the descriptor, not a failure to read.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO

from indojp_data.core.paths import PathDefect, path_defect
from indojp_data.core.problems import InputError, Problem

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = [
    "DEFAULT_MAX_MEMBERS",
    "DEFAULT_MAX_MEMBER_BYTES",
    "DEFAULT_MAX_RATIO",
    "DEFAULT_MAX_TOTAL_UNCOMPRESSED",
    "RATIO_CHECK_MIN_BYTES",
    "SafeZip",
    "check_resource_path",
    "open_input",
    "open_zip_safely",
    "read_capped",
    "read_input",
]

DEFAULT_MAX_MEMBERS = 10_000
"""Default maximum number of entries in an archive."""
DEFAULT_MAX_TOTAL_UNCOMPRESSED = 2 * 1024**3
"""Default maximum sum of the uncompressed sizes of all members (2 GiB)."""
DEFAULT_MAX_RATIO = 200
"""Default maximum ratio of uncompressed to compressed size of a member."""
DEFAULT_MAX_MEMBER_BYTES = 1024**3
"""Default maximum uncompressed size of one member (1 GiB)."""
RATIO_CHECK_MIN_BYTES = 1024 * 1024
"""Members that declare at most this many uncompressed bytes skip the ratio check.

Small, highly repetitive files compress far better than 200:1 without being a danger; a
bomb has to expand to something big.
"""


def _fail(source: str, rule: str, message: str, hint: str | None = None) -> InputError:
    return InputError(Problem(file=source, rule=rule, message=message, hint=hint))


# -- resource paths ---------------------------------------------------------------------


def check_resource_path(path: str) -> str | None:
    r"""Tell whether a data-package resource ``path`` is safe to resolve locally.

    A safe path is relative, uses ``/`` as separator, stays inside the package directory
    and is portable. Unsafe are: an empty path; a URL (any ``scheme://``); an absolute
    POSIX path (``/x``, which includes ``//server/share``); a Windows drive (``C:``, ``C:\``,
    ``C:x``) or UNC path; any backslash; a ``..`` segment; a NUL or other control
    character; any other ``:`` (Windows drive-relative and alternate-data-stream syntax); and an empty
    or ``.`` segment (a trailing ``/``, ``//``, ``./``), which a file system would read past.

    Args:
        path: The ``path`` value from a resource in ``datapackage.json``.

    Returns:
        ``None`` if the path is safe, else one sentence saying why it is not.
    """
    defect = path_defect(path)
    if defect is not None:
        return _RESOURCE_PATH_REASONS[defect]
    if any(segment in ("", ".") for segment in path.split("/")):
        # A file system reads "data/x.csv/", "data//x.csv" and "data/./x.csv" as data/x.csv (a zip does not):
        # the path must name the file exactly, as a release zip and every other reader would look it up.
        return "the path has an empty or '.' segment (a trailing '/', '//' or '/./'); name the file exactly"
    return None


_RESOURCE_PATH_REASONS: dict[PathDefect, str] = {
    "not-a-string": "the path is not a string",
    "empty": "the path is empty",
    "control": "the path contains a NUL or other control character",
    "url": "the path is a URL; only relative local paths are allowed",
    "backslash": "the path contains a backslash; use '/' to separate directories",
    "absolute": "the path is absolute; it must be relative to the data package",
    "drive": "the path starts with a Windows drive letter; it must be relative to the data package",
    "dot-dot": "the path contains a '..' segment, which could leave the data package directory",
    "colon": "the path contains ':', which is not portable (Windows drives and streams)",
}


# -- local files ------------------------------------------------------------------------


def open_input(path: str | os.PathLike[str], *, source: str | None = None) -> BinaryIO:
    """Open a regular local file for binary reading.

    Args:
        path: The file to open.
        source: The name to use in problems; defaults to ``str(path)``.

    Returns:
        The open file; the caller closes it.

    Raises:
        InputError: ``"not-found"`` if it does not exist, ``"unreadable"`` if it is a
            directory or special file or cannot be opened.
    """
    name = os.fspath(path) if source is None else source
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise _fail(name, "not-found", "The file does not exist.", "check the path") from None
    except NotADirectoryError:
        raise _fail(name, "not-found", "The file does not exist (a parent in its path is not a directory).") from None
    except ValueError:  # e.g. an embedded NUL character
        raise _fail(name, "not-found", "The path contains a NUL character, so no such file can exist.") from None
    except OSError as exc:
        raise _fail(name, "unreadable", f"The file cannot be accessed: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(st.st_mode):
        raise _fail(name, "unreadable", "This is a directory, but a file was expected.")
    if not stat.S_ISREG(st.st_mode):
        raise _fail(name, "unreadable", "This is not a regular file (e.g. a device, pipe or socket).")
    try:
        handle = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    except FileNotFoundError:
        raise _fail(name, "not-found", "The file does not exist.", "check the path") from None
    except OSError as exc:
        raise _fail(name, "unreadable", f"The file cannot be opened: {exc.strerror or exc}.") from None
    try:
        # Guard against the path being swapped for something else since the stat call.
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise _fail(name, "unreadable", "This is not a regular file.")
    except BaseException:
        handle.close()
        raise
    return handle


def read_input(path: str | os.PathLike[str], *, max_bytes: int, source: str | None = None) -> bytes:
    """Read a whole regular file, refusing more than ``max_bytes``.

    At most ``max_bytes + 1`` bytes are ever read, so a huge or growing file cannot
    exhaust memory.

    Args:
        path: The file to read.
        max_bytes: The maximum size accepted.
        source: The name to use in problems; defaults to ``str(path)``.

    Returns:
        The file content.

    Raises:
        InputError: ``"not-found"``, ``"unreadable"``, or ``"too-large"``.
    """
    name = os.fspath(path) if source is None else source
    with open_input(path, source=name) as handle:
        return read_capped(handle, max_bytes=max_bytes, source=name)


def read_capped(handle: IO[bytes], *, max_bytes: int, source: str) -> bytes:
    """Read an open stream whole, refusing more than ``max_bytes`` (at most ``max_bytes + 1`` are read).

    Raises:
        InputError: ``"unreadable"`` or ``"too-large"``, naming ``source``.
    """
    try:
        data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise _fail(source, "unreadable", f"The file cannot be read: {exc.strerror or exc}.") from None
    if len(data) > max_bytes:
        raise _fail(source, "too-large", f"The file is larger than the limit of {max_bytes} bytes.")
    return data


# -- zip archives -----------------------------------------------------------------------

_S_IFMT = 0o170000


def _member_name_problem(name: str) -> str | None:
    """Why an archive member name is unsafe, or None. Directory entries end with '/'."""
    defect = path_defect(name)
    return None if defect is None else _MEMBER_NAME_REASONS[defect]


_MEMBER_NAME_REASONS: dict[PathDefect, str] = {
    "not-a-string": "has a name that is not a string",
    "empty": "has an empty name",
    "control": "has a NUL or other control character in its name",
    "url": "has ':' in its name (Windows drive or stream syntax)",  # a URL is only a name with ':' here
    "backslash": "has a backslash in its name",
    "absolute": "has an absolute path",
    "drive": "starts with a Windows drive letter",
    "dot-dot": "has a '..' segment that escapes the extraction directory",
    "colon": "has ':' in its name (Windows drive or stream syntax)",
}


def _normalized(name: str) -> str:
    """Key under which two member names would land on the same file on disk."""
    return "/".join(part for part in name.split("/") if part not in ("", ".")).casefold()


class _MemberReader(io.RawIOBase):
    """Raw stream over one archive member that enforces the real decompressed size."""

    def __init__(self, inner: IO[bytes], *, source: str, limit: int, budget: _Budget) -> None:
        super().__init__()
        self._inner = inner
        self._source = source
        self._limit = limit
        self._budget = budget
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        # Ask for one byte more than allowed so that an overrun is detected, not truncated.
        want = min(len(view), self._limit - self._count + 1)
        try:
            data = self._inner.read(max(want, 1))
        except (zipfile.BadZipFile, zlib.error, EOFError, struct.error, ValueError) as exc:
            raise _fail(self._source, "corrupt-archive", f"The archive member is damaged: {exc}.") from None
        except OSError as exc:
            raise _fail(self._source, "unreadable", f"The archive cannot be read: {exc}.") from None
        n = len(data)
        self._count += n
        if self._count > self._limit:
            raise _fail(
                self._source,
                "unsafe-archive",
                f"The member decompresses to more than {self._limit} bytes, more than it declares or than allowed.",
                "the archive may be a decompression bomb",
            )
        self._budget.spend(n, self._source)
        view[:n] = data
        return n

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            super().close()


class _Budget:
    """Decompressed bytes allowed across every member read from one archive."""

    __slots__ = ("left", "limit")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit

    def spend(self, n: int, source: str) -> None:
        self.left -= n
        if self.left < 0:
            raise _fail(
                source,
                "unsafe-archive",
                f"Reading the archive produced more than {self.limit} bytes in total.",
                "the archive may be a decompression bomb",
            )


class SafeZip:
    """A zip archive whose entries have been checked by :func:`open_zip_safely`.

    Use it as a context manager, or call :meth:`close`.

    Attributes:
        path: The archive path as the user gave it.
        names: The file (non-directory) members, in archive order.
    """

    def __init__(
        self,
        path: str,
        handle: BinaryIO,
        archive: zipfile.ZipFile,
        *,
        max_member_bytes: int,
        max_total_uncompressed: int,
    ) -> None:
        """Wrap an already validated archive; use :func:`open_zip_safely` instead.

        Args:
            path: The archive path as the user gave it.
            handle: The open archive file (closed by :meth:`close`).
            archive: The validated archive.
            max_member_bytes: The per-member size limit enforced while reading.
            max_total_uncompressed: The size limit for all reads together.
        """
        self.path = path
        self._handle = handle
        self._archive = archive
        self._infos = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        self._dirs = {info.filename.rstrip("/") for info in archive.infolist() if info.is_dir()}
        self.names: tuple[str, ...] = tuple(self._infos)
        self._max_member_bytes = max_member_bytes
        self._budget = _Budget(max_total_uncompressed)

    def source_for(self, name: str) -> str:
        """Return the ``Problem.file`` spelling of a member: ``"archive.zip!name"``.

        Args:
            name: The member name.

        Returns:
            The display name.
        """
        return f"{self.path}!{name}"

    def __iter__(self) -> Iterator[str]:
        """Iterate over the file member names."""
        return iter(self.names)

    def __contains__(self, name: object) -> bool:
        """Return True if ``name`` is a file member."""
        return name in self._infos

    def open(self, name: str) -> BinaryIO:
        """Open a member for reading, enforcing its real decompressed size.

        Reading raises :class:`InputError` (``"unsafe-archive"``) as soon as the member
        produces more bytes than it declares, than ``max_member_bytes``, or than what is
        left of ``max_total_uncompressed`` for the whole archive, and
        ``"corrupt-archive"`` on damaged data (including a CRC mismatch).

        Args:
            name: The member name, exactly as in :attr:`names`.

        Returns:
            A buffered binary stream; the caller closes it.

        Raises:
            InputError: ``"not-found"`` if there is no such file member, ``"unreadable"``
                for a directory, an encrypted member or an unsupported compression method,
                ``"corrupt-archive"`` if the member header is damaged.
        """
        source = self.source_for(name)
        info = self._infos.get(name)
        if info is None:
            if name.rstrip("/") in self._dirs:
                raise _fail(source, "unreadable", "This archive member is a directory, not a file.")
            raise _fail(source, "not-found", "The archive has no member with this name.")
        if info.flag_bits & 0x1:
            raise _fail(source, "unreadable", "The archive member is encrypted.", "use an unencrypted archive")
        try:
            inner = self._archive.open(info, "r")
        except NotImplementedError as exc:
            raise _fail(source, "unreadable", f"The archive member cannot be decompressed: {exc}.") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, struct.error, ValueError) as exc:
            raise _fail(source, "corrupt-archive", f"The archive member is damaged: {exc}.") from None
        except OSError as exc:
            raise _fail(source, "unreadable", f"The archive cannot be read: {exc}.") from None
        limit = min(info.file_size, self._max_member_bytes)
        raw = _MemberReader(inner, source=source, limit=limit, budget=self._budget)
        return io.BufferedReader(raw, buffer_size=64 * 1024)

    def close(self) -> None:
        """Close the archive and its file."""
        try:
            self._archive.close()
        finally:
            self._handle.close()

    def __enter__(self) -> SafeZip:
        """Return the archive itself."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close the archive."""
        self.close()


def _unsafe(source: str, message: str) -> InputError:
    return _fail(source, "unsafe-archive", message, "the archive may be malicious; do not extract it")


def _check_archive(
    path: str,
    archive: zipfile.ZipFile,
    *,
    max_members: int,
    max_total_uncompressed: int,
    max_ratio: float,
    max_member_bytes: int,
) -> None:
    infos = archive.infolist()
    if len(infos) > max_members:
        raise _unsafe(path, f"The archive has {len(infos)} entries, more than the limit of {max_members}.")
    seen: dict[str, str] = {}
    total = 0
    for info in infos:
        name = info.orig_filename  # before zipfile strips NULs or rewrites separators
        shown = f"{path}!{name}"
        reason = _member_name_problem(name)
        if reason is not None:
            raise _unsafe(shown, f"The archive member {reason}.")
        mode = (info.external_attr >> 16) & _S_IFMT
        if mode == stat.S_IFLNK:
            raise _unsafe(shown, "The archive member is a symbolic link.")
        if mode not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise _unsafe(shown, "The archive member is a special file (device, pipe or socket).")
        key = _normalized(name)
        if key in seen:
            raise _unsafe(
                shown,
                f"The archive has two entries for the same file: {seen[key]!r} and {name!r}.",
            )
        seen[key] = name
        if info.file_size > max_member_bytes:
            raise _unsafe(
                shown,
                f"The archive member declares {info.file_size} bytes uncompressed, more than the "
                f"limit of {max_member_bytes}.",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_MIN_BYTES and ratio > max_ratio:
            raise _unsafe(
                shown,
                f"The archive member expands {ratio:.0f} times when decompressed, more than the "
                f"limit of {max_ratio:g}; it looks like a decompression bomb.",
            )
        total += info.file_size
        if total > max_total_uncompressed:
            raise _unsafe(
                path,
                f"The archive members declare more than {max_total_uncompressed} bytes uncompressed in total.",
            )


def open_zip_safely(
    path: str | os.PathLike[str],
    *,
    max_members: int = DEFAULT_MAX_MEMBERS,
    max_total_uncompressed: int = DEFAULT_MAX_TOTAL_UNCOMPRESSED,
    max_ratio: float = DEFAULT_MAX_RATIO,
    max_member_bytes: int = DEFAULT_MAX_MEMBER_BYTES,
    source: str | None = None,
) -> SafeZip:
    """Open a zip archive after checking every entry; nothing is extracted.

    The archive is refused (``"unsafe-archive"``) if any entry: has a name that is absolute,
    contains ``..``, a backslash, a drive letter, ``:`` or a control character; is a
    symbolic link or special file; has the same name as another entry (compared
    case-insensitively, ignoring ``.`` and empty segments); declares more than
    ``max_member_bytes``; or (if it declares more than :data:`RATIO_CHECK_MIN_BYTES`)
    expands more than ``max_ratio`` times. It is also refused for more than
    ``max_members`` entries or more than ``max_total_uncompressed`` declared bytes in all.
    Declared sizes can lie, so :meth:`SafeZip.open` enforces them again while reading.

    Args:
        path: The archive file.
        max_members: Maximum number of entries (files and directories).
        max_total_uncompressed: Maximum sum of the declared uncompressed sizes, also
            enforced on the bytes actually read.
        max_ratio: Maximum uncompressed/compressed size ratio of one member.
        max_member_bytes: Maximum uncompressed size of one member.
        source: The name to use in problems; defaults to ``str(path)``.

    Returns:
        The open, checked archive; close it (or use ``with``).

    Raises:
        InputError: ``"not-found"``/``"unreadable"`` (file), ``"not-a-zip"``,
            ``"corrupt-archive"`` or ``"unsafe-archive"``.
    """
    name = os.fspath(path) if source is None else source
    handle = open_input(path, source=name)
    try:
        try:
            archive = zipfile.ZipFile(handle)
        except zipfile.BadZipFile as exc:
            if "not a zip file" not in str(exc):
                raise _fail(name, "corrupt-archive", f"The zip archive is damaged: {exc}.") from None
            handle.seek(0)
            if handle.read(4) in (b"PK\x03\x04", b"PK\x05\x06"):
                raise _fail(
                    name,
                    "corrupt-archive",
                    "The zip archive is damaged: its central directory is missing.",
                    "the file may be truncated; download or create it again",
                ) from None
            raise _fail(name, "not-a-zip", "The file is not a zip archive.") from None
        except (zipfile.LargeZipFile, EOFError, struct.error, ValueError, NotImplementedError) as exc:
            raise _fail(name, "corrupt-archive", f"The zip archive is damaged: {exc}.") from None
        except OSError as exc:
            raise _fail(name, "unreadable", f"The archive cannot be read: {exc}.") from None
        try:
            _check_archive(
                name,
                archive,
                max_members=max_members,
                max_total_uncompressed=max_total_uncompressed,
                max_ratio=max_ratio,
                max_member_bytes=max_member_bytes,
            )
        except BaseException:
            archive.close()
            raise
    except BaseException:
        handle.close()
        raise
    return SafeZip(
        name,
        handle,
        archive,
        max_member_bytes=max_member_bytes,
        max_total_uncompressed=max_total_uncompressed,
    )


@contextlib.contextmanager
def unpacked(path: str | os.PathLike[str], *, source: str | None = None) -> Iterator[Path]:
    """Unpack a zip archive, checked as :func:`open_zip_safely` checks it, into a temporary directory.

    Yields the directory, removed on exit. Every member is read through :meth:`SafeZip.open`, so the
    limits on sizes hold for the bytes actually written, whatever the archive declares.

    Raises:
        InputError: As :func:`open_zip_safely`, or while a member is read.
    """
    with open_zip_safely(path, source=source) as archive, tempfile.TemporaryDirectory(prefix="indojp-data-") as tmp:
        for name in archive.names:
            target = Path(tmp, *name.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(name) as member, target.open("wb") as out:
                shutil.copyfileobj(member, out)
        yield Path(tmp)
