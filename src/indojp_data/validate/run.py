"""Where a package's files come from, and the state one validation run shares.

Files come from a directory, a release zip or the network; a run shares its problems, the schema
version, a working directory and the engine.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from indojp_data.core.paths import path_defect
from indojp_data.core.problems import InputError, Problem, ProblemCollector
from indojp_data.core.safe_io import SafeZip, open_input, open_zip_safely
from indojp_data.validate.csvfile import Workdir
from indojp_data.validate.engine import Engine
from indojp_data.validate.sql import TableRules

MAX_DESCRIPTOR_BYTES = 16 * 1024 * 1024
"""Largest ``datapackage.json`` read, in bytes; a larger one is reported, not read."""
MAX_JSON_BYTES = 64 * 1024 * 1024
"""Largest Dataset JSON file read, in bytes."""
MAX_JSON_VALUES = 2_000_000
"""Most values a JSON document read may hold, counted from above (its commas and opening brackets).

A document is parsed whole, and a value takes up to about 120 bytes of memory (an empty list, and its
place when a problem is located in it): this keeps any document read within the validator's 500 MB,
where 64 MiB of ``[],`` took 21 GB. The shipped Dataset JSON counts under 1,000.
"""


def check_json_values(data: bytes, source: str) -> None:
    """Refuse a JSON document with more than :data:`MAX_JSON_VALUES` values, before it is parsed.

    Raises:
        InputError: ``"too-large"``, naming ``source``.
    """
    count = data.count(b",") + data.count(b"[") + data.count(b"{")
    if count > MAX_JSON_VALUES:
        message = f"the document holds more than {MAX_JSON_VALUES:,} values (commas and brackets counted); not read"
        hint = "a document is checked whole in memory; publish large data as the CSV tables, read in bounded memory"
        raise InputError(Problem(source, "too-large", message, hint=hint))


class Run:
    """The state one validation run shares: problems, schema version, working directory and engine."""

    def __init__(
        self, collector: ProblemCollector, version: str, table_schemas: dict[str, Any], allow_network: bool
    ) -> None:
        """Compile the Table Schemas of ``version``; the engine and the working directory come on first use."""
        self.collector = collector
        self.version = version
        self.table_schemas = table_schemas
        self.rules = {name: TableRules.from_schema(name, schema) for name, schema in table_schemas.items()}
        self.allow_network = allow_network
        self._workdir: Workdir | None = None
        self._engine: Engine | None = None

    @property
    def workdir(self) -> Workdir:
        """The run's private temporary directory."""
        if self._workdir is None:
            self._workdir = Workdir()
        return self._workdir

    @property
    def engine(self) -> Engine:
        """The columnar engine (imported and started on first use)."""
        if self._engine is None:
            self._engine = Engine(self.workdir.path)
        return self._engine

    def stop_engine(self) -> None:
        """Stop the engine, giving its memory back (a later table check would start a new one)."""
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    def close(self) -> None:
        """Stop the engine and delete the working directory."""
        self.stop_engine()
        if self._workdir is not None:
            self._workdir.remove()


# --- containers: where a package's files come from ------------------------------------------------


class Container:
    """A package's files: a directory or a zip archive."""

    def display(self, relative: str) -> str:
        """Return the file as problems name it."""
        raise NotImplementedError

    def open(self, relative: str) -> BinaryIO:
        """Open the file for reading."""
        raise NotImplementedError

    def exists(self, relative: str) -> bool:
        """Tell whether the container holds the file."""
        raise NotImplementedError

    def changed_hint(self) -> str:
        """Return the hint for a file that no longer matches the descriptor's ``bytes``, ``hash`` or the JSON."""
        raise NotImplementedError

    def local_path(self, relative: str) -> str | None:
        """Return a path on disk the engine can read directly, or None when the file must be copied first."""
        return None


class Directory(Container):
    """A data package directory."""

    def __init__(self, base: str) -> None:
        """Serve the files under ``base``."""
        self.base = base
        self.resolved = Path(base).resolve()

    def display(self, relative: str) -> str:
        """Return the path as the user would write it."""
        return os.path.join(self.base, *relative.split("/"))

    def changed_hint(self) -> str:
        """Name the command that rewrites what follows from the CSV tables, for this very directory."""
        import shlex

        command = f"indojp-data package {shlex.quote(self.base)}"
        return (
            f"run `{command}` (it rewrites datapackage.json and what derives from the CSV tables), or restore the file"
        )

    def _target(self, relative: str) -> Path:
        target = (self.resolved / relative).resolve()
        if self.resolved not in target.parents:
            problem = Problem(self.display(relative), "unsafe-path", "resolves outside the package directory")
            raise InputError(problem)
        return target

    def open(self, relative: str) -> BinaryIO:
        """Open a file that stays inside the directory (symbolic links included)."""
        return open_input(self._target(relative), source=self.display(relative))

    def exists(self, relative: str) -> bool:
        """Tell whether the file is a regular file."""
        return (self.resolved / relative).is_file()

    def local_path(self, relative: str) -> str:
        """Return the resolved path, after the same checks as :meth:`open` (inside the package, a readable file)."""
        target = self._target(relative)
        open_input(target, source=self.display(relative)).close()
        return str(target)


class Zip(Container):
    """A data package inside a release zip, under ``prefix``."""

    def __init__(self, archive: SafeZip, prefix: str) -> None:
        """Serve the members of ``archive`` under ``prefix``."""
        self.archive = archive
        self.prefix = prefix

    def changed_hint(self) -> str:
        """Say that a zip, never edited in place, was changed or damaged after it was made."""
        return "the zip was changed after it was made: download it again, or unzip it and run `indojp-data package`"

    def display(self, relative: str) -> str:
        """``archive.zip!member``."""
        return self.archive.source_for(self.prefix + relative)

    def open(self, relative: str) -> BinaryIO:
        """Open a member (size-capped by the archive's limits)."""
        name = self.prefix + relative
        if name not in self.archive:
            raise InputError(Problem(self.display(relative), "not-found", "no such member in the archive"))
        return self.archive.open(name)

    def exists(self, relative: str) -> bool:
        """Tell whether the archive holds the member."""
        return self.prefix + relative in self.archive


def is_url(path: str) -> bool:
    """Tell whether ``path`` names a scheme (``https://``, ``file://``, ...) rather than a relative file."""
    return path_defect(path) == "url"


def find_package(archive: SafeZip, path: str) -> str:
    """Return the prefix of the one data package in a release zip (at its root or in one top-level folder).

    Raises:
        InputError: when the archive holds no descriptor, or more than one package (never half-checked).
    """
    descriptors = [n for n in archive.names if PurePosixPath(n).name == "datapackage.json"]
    if not descriptors:
        raise InputError(Problem(path, "no-descriptor", "the archive holds no datapackage.json"))
    if len(descriptors) > 1:
        listed = ", ".join(sorted(descriptors)[:5])
        raise InputError(
            Problem(
                path,
                "ambiguous-archive",
                f"the archive holds {len(descriptors)} data packages ({listed}); validate one package per archive",
                hint="unpack the archive and validate each package directory",
            )
        )
    (descriptor,) = descriptors
    if descriptor.count("/") > 1:
        raise InputError(Problem(path, "no-descriptor", "datapackage.json must be at the root or one folder deep"))
    return descriptor[: -len("datapackage.json")]


@contextmanager
def open_release(path: str) -> Iterator[Zip]:
    """Open a release zip safely and serve its one package."""
    with open_zip_safely(path) as archive:
        yield Zip(archive, find_package(archive, path))
