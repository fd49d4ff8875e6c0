"""Validate data published in the indojp-data schema: data packages, release zips, Dataset JSON, single CSVs.

This is the engine behind ``indojp-data validate`` and :func:`indojp_data.validate`. What it checks:

* **The descriptor** (``datapackage.json``): the Data Package v2 profile, a name and a semver version,
  every resource of the schema present once, resource paths that are local and stay inside the package.
* **Every CSV row**, streamed, against the published Table Schema of the chosen schema version (not the
  schema embedded in the descriptor, which a downstream file could have loosened): header, types,
  required, enums, patterns, lengths, ranges; primary keys, unique columns and foreign keys across
  resources; the declared ``bytes`` and ``hash``.
* **The Dataset JSON** against the bundled JSON Schema, with line and column of every offending value.
* **The cross-record rules** of :func:`indojp_data.load` (references resolve, counts reconcile, every
  null has a reason, ...) by rebuilding the models, for the current schema version and packages up to
  :data:`MODEL_STAGE_ROW_LIMIT` rows; larger inputs get the streamed checks only, and a warning says so.
* **A release zip**: the same, read in place without extraction, plus its ``SHA256SUMS``.

All problems are collected (up to a cap) and reported together; nothing here raises for bad input.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

from indojp_data._version import __version__
from indojp_data.tablecheck import CellCheck, compile_table, key_hashes
from indojp_data.validation.csv_stream import iter_csv
from indojp_data.validation.json_locate import LocatedJSON, make_pointer, parse_json
from indojp_data.validation.problems import DEFAULT_CAP, InputError, Problem, ProblemCollector, Report, truncate_value
from indojp_data.validation.safe_input import (
    SafeZip,
    check_resource_path,
    open_input,
    open_zip_safely,
    read_input,
)

PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
"""The profile a descriptor's ``$schema`` must name: Data Package v2."""
MODEL_STAGE_ROW_LIMIT = 20_000
"""Packages with more CSV rows than this get the streamed checks only (memory stays bounded)."""
MAX_DESCRIPTOR_BYTES = 16 * 1024 * 1024
"""Largest ``datapackage.json`` read, in bytes; a larger one is reported, not read."""
MAX_JSON_BYTES = 64 * 1024 * 1024
"""Largest Dataset JSON file read, in bytes."""
MAX_REMOTE_BYTES = 256 * 1024 * 1024
"""Largest resource fetched over the network (``allow_network``), in bytes."""
DATASET_RESOURCE = "dataset"
"""Name of the resource that holds the whole dataset as one JSON document."""
CHUNK_ROWS = 4096
"""CSV rows read and checked per batch."""
_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
_NAME = re.compile(r"^[a-z0-9._-]+$")


@dataclass(frozen=True, slots=True)
class ValidationReport(Report):
    """A :class:`~indojp_data.validation.problems.Report` that also knows which inputs could not be read.

    Attributes:
        unreadable: Inputs that could not be read at all (missing, not JSON, not a zip, ...).
    """

    unreadable: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        """0 when valid, 1 when the data is invalid, 2 when an input could not be read."""
        if self.unreadable:
            return 2
        return 0 if self.valid else 1


class UsageError(ValueError):
    """The call itself is wrong (unknown resource name, unknown schema version)."""


def validate(
    *paths: str | os.PathLike[str],
    resource: str | None = None,
    schema_version: str | None = None,
    allow_network: bool = False,
    max_problems: int = DEFAULT_CAP,
) -> ValidationReport:
    """Validate each of ``paths`` and return one report of every problem found.

    Args:
        paths: Data package directories, ``datapackage.json`` files, release zips, Dataset JSON files or
            single CSV files.
        resource: For a single CSV: the resource it holds (default: inferred from the file name).
        schema_version: Validate against this published schema version (default: the current one).
        allow_network: Fetch resources whose path is an http(s) URL; refused otherwise.
        max_problems: Keep at most this many problems (all are counted).

    Raises:
        UsageError: for an unknown schema version or resource name.
    """
    from indojp_data import schemas

    version = schema_version or __version__
    try:
        table_schemas = schemas.table_schemas(version)
    except LookupError as exc:
        raise UsageError(str(exc.args[0])) from None
    if resource is not None and resource not in table_schemas:
        raise UsageError(f"unknown resource {resource!r}; known: {', '.join(sorted(table_schemas))}")
    collector = ProblemCollector(max_problems)
    unreadable: list[str] = []
    for raw in paths:
        path = os.fspath(raw)
        collector.add_file(path)
        run = _Run(collector, version, table_schemas, allow_network)
        try:
            run.dispatch(path, resource)
        except InputError as exc:
            collector.add(exc.problem)
            unreadable.append(path)
    report = collector.report()
    return ValidationReport(report.problems, report.total, report.files, report.errors, tuple(unreadable))


# --- containers: where a package's files come from ------------------------------------------------


class _Container:
    """A package's files: a directory or a zip archive."""

    def display(self, relative: str) -> str:
        raise NotImplementedError

    def open(self, relative: str) -> BinaryIO:
        raise NotImplementedError

    def exists(self, relative: str) -> bool:
        raise NotImplementedError


class _Directory(_Container):
    def __init__(self, base: str) -> None:
        self.base = base
        self.resolved = Path(base).resolve()

    def display(self, relative: str) -> str:
        return os.path.join(self.base, *relative.split("/"))

    def open(self, relative: str) -> BinaryIO:
        target = (self.resolved / relative).resolve()
        if self.resolved not in target.parents:
            problem = Problem(self.display(relative), "unsafe-path", "resolves outside the package directory")
            raise InputError(problem)
        return open_input(target, source=self.display(relative))

    def exists(self, relative: str) -> bool:
        return (self.resolved / relative).is_file()


class _Zip(_Container):
    def __init__(self, archive: SafeZip, prefix: str) -> None:
        self.archive = archive
        self.prefix = prefix

    def display(self, relative: str) -> str:
        return self.archive.source_for(self.prefix + relative)

    def open(self, relative: str) -> BinaryIO:
        name = self.prefix + relative
        if name not in self.archive:
            raise InputError(Problem(self.display(relative), "not-found", "no such member in the archive"))
        return self.archive.open(name)

    def exists(self, relative: str) -> bool:
        return self.prefix + relative in self.archive


class _HashingReader:
    """A read-only binary stream that hashes and counts what passes through it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()
        self.bytes = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        self.bytes += len(data)
        return data

    def readable(self) -> bool:
        return True

    def drain(self) -> None:
        while self.read(1 << 20):
            pass


class _KeyLog:
    """Remembers key hashes and lines in flat arrays (12 bytes a row) and finds duplicates at the end.

    A set of a million keys would cost about 60 MB; two arrays cost 12 MB, plus one sort at the end.
    """

    def __init__(self, columns: Sequence[int]) -> None:
        self.columns = tuple(columns)
        self.hashes = array("q")
        self.lines = array("q")

    def add(self, values: list[list[str]], lines: list[int]) -> None:
        self.hashes.extend(key_hashes(values, self.columns))
        self.lines.extend(lines)

    def duplicates(self) -> list[tuple[int, int]]:
        """Return ``(line, line of the first row with the same key)`` for every repeated key."""
        ordered = sorted(self.hashes)
        repeated = {a for a, b in pairwise(ordered) if a == b}
        del ordered
        first_line: dict[int, int] = {}
        found = []
        for key, line in zip(self.hashes, self.lines, strict=True):
            if key in repeated:
                if key in first_line:
                    found.append((line, first_line[key]))
                else:
                    first_line[key] = line
        return found


# --- one validation run ------------------------------------------------------------------------------


class _Run:
    def __init__(
        self, collector: ProblemCollector, version: str, table_schemas: dict[str, Any], allow_network: bool
    ) -> None:
        self.collector = collector
        self.version = version
        self.table_schemas = table_schemas
        self.allow_network = allow_network
        self.row_budget = MODEL_STAGE_ROW_LIMIT
        self.kept_rows: dict[str, list[list[str]]] | None = {}
        self.row_lines: dict[str, list[int]] = {}
        self.displays: dict[str, str] = {}
        self.unverified: set[str] = set()  # tables whose rows could not be read: no foreign keys into them
        self.tables = {name: compile_table(name, schema) for name, schema in table_schemas.items()}
        # For each table that a foreign key points at: the referenced columns and the hashes seen there.
        self.key_sets: dict[tuple[str, tuple[str, ...]], set[int]] = {}
        self.referenced_keys: dict[str, list[tuple[tuple[int, ...], set[int]]]] = {}
        for table in self.tables.values():
            for _, target, target_fields in table.foreign_keys:
                if (target, target_fields) not in self.key_sets:
                    keys = self.key_sets[(target, target_fields)] = set()
                    columns = tuple(self.tables[target].field_names.index(f) for f in target_fields)
                    self.referenced_keys.setdefault(target, []).append((columns, keys))

    def add(self, problem: Problem) -> None:
        self.collector.add(problem)

    # dispatch on what the path is
    def dispatch(self, path: str, resource: str | None) -> None:
        if not os.path.exists(path):
            raise InputError(Problem(path, "not-found", "no such file or directory", hint="check the path"))
        if os.path.isdir(path):
            container = _Directory(path)
            if not container.exists("datapackage.json"):
                raise InputError(
                    Problem(
                        path,
                        "no-descriptor",
                        "directory has no datapackage.json",
                        hint="point at a data package directory, a datapackage.json, a release zip, or a file",
                    )
                )
            self.package(container, "")
            return
        lower = path.lower()
        if lower.endswith(".zip"):
            self.release_zip(path)
        elif lower.endswith(".csv"):
            self.single_csv(path, resource)
        elif lower.endswith(".json"):
            data = read_input(path, max_bytes=MAX_JSON_BYTES)
            located = parse_json(data, source=path, problems=self.collector)
            if isinstance(located.value, dict) and "resources" in located.value:
                self.package(_Directory(os.path.dirname(path) or "."), "", located=located)
            else:
                self.dataset_document(located)
        else:
            raise InputError(
                Problem(
                    path,
                    "unknown-input",
                    "cannot tell what this file is",
                    hint="give a data package directory, datapackage.json, a .zip release, a .json or a .csv file",
                )
            )

    # --- data packages -----------------------------------------------------------------------------

    def release_zip(self, path: str) -> None:
        with open_zip_safely(path) as archive:
            descriptors = [n for n in archive.names if PurePosixPath(n).name == "datapackage.json"]
            shallow = sorted(descriptors, key=lambda n: n.count("/"))
            if not shallow or shallow[0].count("/") > 1:
                raise InputError(Problem(path, "no-descriptor", "the archive holds no datapackage.json"))
            prefix = shallow[0][: -len("datapackage.json")]
            container = _Zip(archive, prefix)
            self.package(container, "")
            if container.exists("SHA256SUMS"):
                self.checksums(container)

    def checksums(self, container: _Container) -> None:
        with container.open("SHA256SUMS") as stream:
            listing = stream.read(1 << 20).decode("utf-8", "replace").splitlines()
        source = container.display("SHA256SUMS")
        for number, line in enumerate(listing, start=1):
            digest, _, name = line.partition("  ")
            if not re.fullmatch(r"[0-9a-f]{64}", digest) or not name:
                self.add(Problem(source, "checksum", "not a `sha256sum` line", line=number, value=truncate_value(line)))
                continue
            if not container.exists(name) or check_resource_path(name):
                self.add(Problem(source, "checksum", f"lists {name!r}, which is not in the archive", line=number))
                continue
            reader = _HashingReader(container.open(name))
            reader.drain()
            if reader.digest.hexdigest() != digest:
                self.add(
                    Problem(
                        source,
                        "checksum",
                        f"{name}: the file's SHA-256 differs from the one listed",
                        line=number,
                        field=name,
                        hint="the file was changed or damaged after the release was made; download it again",
                    )
                )

    def package(self, container: _Container, base: str, located: LocatedJSON | None = None) -> None:
        descriptor_name = base + "datapackage.json"
        if located is None:
            with container.open(descriptor_name) as stream:
                data = _read_capped(stream, MAX_DESCRIPTOR_BYTES, container.display(descriptor_name))
            located = parse_json(data, source=container.display(descriptor_name), problems=self.collector)
        descriptor = located.value
        if not isinstance(descriptor, dict):
            self.add(located.problem("", rule="descriptor", message="a descriptor must be a JSON object"))
            return
        resources = self.check_descriptor(located, descriptor)
        errors_before = self.collector.errors
        for name in self.table_schemas:
            if name not in resources:
                continue
            index, entry = resources[name]
            self.table_resource(container, located, index, entry, name)
        json_dataset = None
        if DATASET_RESOURCE in resources:
            index, entry = resources[DATASET_RESOURCE]
            json_dataset = self.json_resource(container, located, index, entry)
        if self.collector.errors == errors_before and self.kept_rows is not None and self.version == __version__:
            self.model_stage(json_dataset)
        elif self.kept_rows is None:
            self.add(
                Problem(
                    located.source,
                    "model-rules-skipped",
                    f"more than {MODEL_STAGE_ROW_LIMIT} rows: cross-record model rules were not run",
                    hint="types, constraints, primary and foreign keys were still checked on every row",
                    severity="warning",
                )
            )

    def check_descriptor(self, located: LocatedJSON, descriptor: dict[str, Any]) -> dict[str, tuple[int, Any]]:
        """Check the package-level properties; return the resources by name with their index."""
        profile = descriptor.get("$schema")
        if profile != PACKAGE_PROFILE:
            self.add(
                located.problem(
                    "/$schema" if profile is not None else "",
                    rule="descriptor",
                    field="$schema",
                    message="the descriptor must declare the Data Package v2 profile",
                    value=profile,
                    hint=f'set "$schema": "{PACKAGE_PROFILE}"',
                )
            )
        name = descriptor.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            self.add(
                located.problem(
                    "/name",
                    rule="descriptor",
                    field="name",
                    message="name must be lower-case a-z, 0-9, '.', '_' or '-'",
                )
            )
        version = descriptor.get("version")
        if not isinstance(version, str) or not _SEMVER.match(version):
            self.add(
                located.problem(
                    "/version",
                    rule="descriptor",
                    field="version",
                    message="version must be a semantic version such as 1.2.3",
                    value=version,
                )
            )
        entries = descriptor.get("resources")
        if not isinstance(entries, list) or not entries:
            self.add(located.problem("/resources", rule="descriptor", field="resources", message="no resources"))
            return {}
        found: dict[str, tuple[int, Any]] = {}
        for index, entry in enumerate(entries):
            pointer = f"/resources/{index}"
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                self.add(located.problem(pointer, rule="descriptor", message="a resource needs a name"))
                continue
            name = entry["name"]
            if name in found:
                self.add(
                    located.problem(
                        f"{pointer}/name", rule="descriptor", field="name", message=f"resource {name!r} appears twice"
                    )
                )
                continue
            found[name] = (index, entry)
            if name not in self.table_schemas and name != DATASET_RESOURCE:
                self.add(
                    located.problem(
                        f"{pointer}/name",
                        rule="unexpected-resource",
                        field="name",
                        message=f"resource {name!r} is not part of the indojp-data {self.version} schema; not checked",
                        severity="warning",
                    )
                )
        for name in self.table_schemas:
            if name not in found:
                self.add(
                    located.problem(
                        "/resources",
                        rule="missing-resource",
                        field=name,
                        message=f"resource {name!r} of the indojp-data {self.version} schema is missing",
                    )
                )
        return found

    @contextmanager
    def open_resource(
        self, container: _Container, located: LocatedJSON, index: int, entry: dict[str, Any]
    ) -> Iterator[tuple[str, _HashingReader] | None]:
        pointer = f"/resources/{index}/path"
        path = entry.get("path")
        if not isinstance(path, str):
            self.add(located.problem(pointer, rule="descriptor", field="path", message="path must be one string"))
            yield None
            return
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", path):
            if not self.allow_network or not path.lower().startswith(("http://", "https://")):
                self.add(
                    located.problem(
                        pointer,
                        rule="remote-resource",
                        field="path",
                        value=path,
                        message="remote resources are not fetched",
                        hint="pass --allow-network to fetch http(s) resources, or point the path at a local file",
                    )
                )
                yield None
                return
            with _fetch(path) as stream:
                yield path, _HashingReader(stream)
            return
        reason = check_resource_path(path)
        if reason:
            self.add(located.problem(pointer, rule="unsafe-path", field="path", value=path, message=reason))
            yield None
            return
        if not container.exists(path):
            self.add(
                located.problem(
                    pointer, rule="not-found", field="path", value=path, message=f"{container.display(path)} not found"
                )
            )
            yield None
            return
        with container.open(path) as stream:
            yield container.display(path), _HashingReader(stream)

    def check_integrity(self, located: LocatedJSON, index: int, entry: dict[str, Any], reader: _HashingReader) -> None:
        reader.drain()
        declared_bytes, declared_hash = entry.get("bytes"), entry.get("hash")
        where = f"/resources/{index}"
        if declared_bytes is None or declared_hash is None:
            self.add(
                located.problem(
                    where,
                    rule="integrity",
                    message="the resource declares no bytes or hash, so corruption cannot be detected",
                    severity="warning",
                )
            )
        if declared_bytes is not None and declared_bytes != reader.bytes:
            self.add(
                located.problem(
                    f"{where}/bytes",
                    rule="bytes",
                    field="bytes",
                    value=declared_bytes,
                    message=f"declares {declared_bytes} bytes but the file has {reader.bytes}",
                )
            )
        if declared_hash is not None:
            algorithm, _, expected = str(declared_hash).rpartition(":")
            if (algorithm or "md5") != "sha256":
                self.add(
                    located.problem(
                        f"{where}/hash",
                        rule="hash",
                        field="hash",
                        message="only sha256 hashes are checked",
                        severity="warning",
                    )
                )
            elif expected != reader.digest.hexdigest():
                self.add(
                    located.problem(
                        f"{where}/hash",
                        rule="hash",
                        field="hash",
                        value=declared_hash,
                        message=f"the file's SHA-256 is {reader.digest.hexdigest()}",
                        hint="the file changed after the descriptor was written: rebuild it, or restore the file",
                    )
                )

    def table_resource(
        self, container: _Container, located: LocatedJSON, index: int, entry: dict[str, Any], name: str
    ) -> None:
        with self.open_resource(container, located, index, entry) as opened:
            if opened is None:
                return
            display, reader = opened
            try:
                self.rows(display, reader, name)
            except InputError as exc:
                self.add(exc.problem)
                self.unverified.add(name)
                return
            self.check_integrity(located, index, entry, reader)

    def single_csv(self, path: str, resource: str | None) -> None:
        name = resource or Path(path).stem
        if name not in self.table_schemas:
            raise InputError(
                Problem(
                    path,
                    "unknown-resource",
                    f"cannot tell which resource {Path(path).name} holds",
                    hint=f"pass --resource NAME, one of: {', '.join(sorted(self.table_schemas))}",
                )
            )
        with open_input(path) as stream:
            self.rows(path, _HashingReader(stream), name, check_foreign_keys=False)

    # --- rows ----------------------------------------------------------------------------------------

    def rows(self, display: str, stream: _HashingReader, name: str, check_foreign_keys: bool = True) -> None:
        """Stream one CSV resource through its Table Schema checks, a chunk of rows at a time."""
        table = self.tables[name]
        self.displays[name] = display
        reader = iter_csv(stream, source=display, problems=self.collector)  # type: ignore[arg-type]
        header = tuple(reader.header)
        if header != table.field_names:
            self.add(
                Problem(
                    display,
                    "header",
                    f"the header does not match the {name} Table Schema of version {self.version}",
                    line=1,
                    value=truncate_value(",".join(header)),
                    hint=f"expected exactly: {','.join(table.field_names)}",
                )
            )
            self.unverified.add(name)
            return
        foreign = tuple(k for k in table.foreign_keys if k[1] not in self.unverified) if check_foreign_keys else ()
        keys = _KeyLog(table.primary_key) if table.primary_key else None
        uniques = [_KeyLog((column,)) for column in table.unique_columns]
        referenced = self.referenced_keys.get(name, [])
        while True:
            lines, values = reader.read_chunk(CHUNK_ROWS)
            if not values:
                break
            for column, field_name, check, fast in table.checks:
                if not fast([cells[column] for cells in values]):
                    self.cell_problems(display, lines, values, column, field_name, check)
            if keys is not None:
                keys.add(values, lines)
            for log in uniques:
                log.add([cells for cells in values if cells[log.columns[0]] != ""], lines)
            for columns, key_set in referenced:
                key_set.update(key_hashes(values, columns))
            for columns, target, target_fields in foreign:
                known = self.keys_of(target, target_fields)
                present = [
                    (line, cells) for line, cells in zip(lines, values, strict=True) if all(cells[i] for i in columns)
                ]
                hashes = key_hashes([cells for _, cells in present], columns)
                for (line, cells), key in zip(present, hashes, strict=True):
                    if key not in known:
                        shown = ", ".join(cells[i] for i in columns)
                        self.add(
                            Problem(
                                display,
                                "foreign-key",
                                f"no row of {target} has {'/'.join(target_fields)} {shown!r}",
                                line,
                                columns[0] + 1,
                                None,
                                table.field_names[columns[0]],
                                truncate_value(shown),
                                f"add the row to {target}, or correct the reference",
                            )
                        )
            self.keep(name, values, lines)
        if keys is not None:
            key_names = ", ".join(table.field_names[i] for i in table.primary_key)
            first = table.primary_key[0]
            for line, earlier in keys.duplicates():
                self.add(
                    Problem(
                        display,
                        "primary-key",
                        f"duplicate primary key ({key_names}): the same as on line {earlier}",
                        line,
                        first + 1,
                        field=table.field_names[first],
                        hint="each row needs its own key",
                    )
                )
        for log in uniques:
            column = log.columns[0]
            for line, earlier in log.duplicates():
                self.add(
                    Problem(
                        display,
                        "unique",
                        f"value repeats line {earlier}",
                        line,
                        column + 1,
                        field=table.field_names[column],
                    )
                )

    def cell_problems(
        self, display: str, lines: list[int], values: list[list[str]], column: int, field: str, check: CellCheck
    ) -> None:
        """Report each bad cell of one column in a chunk whose fast check failed."""
        for line, cells in zip(lines, values, strict=True):
            error = check(cells[column])
            if error is not None:
                rule, message, hint = error
                self.add(
                    Problem(display, rule, message, line, column + 1, None, field, truncate_value(cells[column]), hint)
                )

    def keep(self, name: str, values: list[list[str]], lines: list[int]) -> None:
        """Keep rows for the model stage while the package is small enough."""
        if self.kept_rows is None:
            return
        self.row_budget -= len(values)
        if self.row_budget < 0:
            self.kept_rows = None
            self.row_lines = {}
            return
        self.kept_rows.setdefault(name, []).extend(values)
        self.row_lines.setdefault(name, []).extend(lines)

    def keys_of(self, table: str, fields: tuple[str, ...]) -> set[int]:
        """Hashes of the ``fields`` values of every row of ``table`` read so far."""
        return self.key_sets.get((table, fields), set())

    # --- JSON -------------------------------------------------------------------------------------------

    def json_resource(self, container: _Container, located: LocatedJSON, index: int, entry: dict[str, Any]) -> Any:
        with self.open_resource(container, located, index, entry) as opened:
            if opened is None:
                return None
            display, reader = opened
            self.displays[DATASET_RESOURCE] = display
            data = _read_capped(reader, MAX_JSON_BYTES, display)  # type: ignore[arg-type]
            self.check_integrity(located, index, entry, reader)
        try:
            document = parse_json(data, source=display, problems=self.collector)
        except InputError as exc:
            self.add(exc.problem)
            return None
        return self.dataset_document(document)

    def dataset_document(self, located: LocatedJSON) -> Any:
        """Check a Dataset JSON document; return the Dataset when it is fully valid."""
        import jsonschema

        from indojp_data.schemas import schema_path

        schema = json.loads(schema_path("dataset", self.version).read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema)
        errors = 0
        for error in validator.iter_errors(located.value):
            errors += 1
            self.add(_schema_problem(located, error))
            if self.collector.full:
                break
        if errors or self.version != __version__:
            return None
        return self.model_check(
            lambda: _validate_dataset(located.value),
            lambda path, message, rule: located.problem(
                make_pointer(path), rule=rule, field=_last_name(path), message=message
            ),
        )

    # --- models and cross-record rules --------------------------------------------------------------

    def model_check(self, build: Callable[[], Any], locate: Callable[[tuple[Any, ...], str, str], Problem]) -> Any:
        from pydantic import ValidationError

        from indojp_data.rules import check_dataset
        from indojp_data.tables import RowReferenceError

        try:
            dataset = build()
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                self.add(locate(tuple(error["loc"]), error["msg"], "model"))
            return None
        except RowReferenceError as exc:
            self.add(locate((exc.table, exc.index), exc.message, "cross-record"))
            return None
        violations = check_dataset(dataset)
        for violation in violations:
            self.add(locate(violation.path, violation.message, "cross-record"))
        return None if violations else dataset

    def model_stage(self, json_dataset: Any) -> None:
        from indojp_data.tables import from_rows

        rows = self.kept_rows or {}
        if set(rows) != set(self.table_schemas):
            return

        def locate(path: tuple[Any, ...], message: str, rule: str) -> Problem:
            # A model error's path is (table, record index, field...); the record's CSV row gives the line.
            name = str(path[0]) if path else "source"
            rest = path[2:] if name != "source" else path[1:]
            lines = self.row_lines.get(name, [])
            index = path[1] if name != "source" and len(path) > 1 and isinstance(path[1], int) else 0
            line = lines[index] if index < len(lines) else None
            field = ".".join(str(p) for p in rest) or None
            return Problem(self.displays.get(name, name), rule, message, line, None, None, field)

        csv_dataset = self.model_check(lambda: from_rows(rows, check_rules=False), locate)
        if csv_dataset is not None and json_dataset is not None and csv_dataset != json_dataset:
            self.add(
                Problem(
                    self.displays.get(DATASET_RESOURCE, DATASET_RESOURCE),
                    "json-csv-mismatch",
                    "the JSON resource and the CSV tables do not hold the same dataset",
                    hint="rebuild both from the same records",
                )
            )


def _validate_dataset(value: Any) -> Any:
    from indojp_data.models import Dataset

    return Dataset.model_validate(value, context={"skip_rules": True})


def _last_name(path: tuple[Any, ...]) -> str | None:
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else None


def _schema_problem(located: LocatedJSON, error: Any) -> Problem:
    """Turn a jsonschema error into a located problem, descending into anyOf/oneOf for the real cause."""
    import jsonschema

    if error.validator in ("anyOf", "oneOf") and error.context:
        error = jsonschema.exceptions.best_match(error.context)
    path = tuple(error.absolute_path)
    field = _last_name(path)
    message = error.message
    hint = None
    if error.validator == "required":
        missing = re.match(r"'([^']+)' is a required property", error.message)
        field = missing.group(1) if missing else field
        hint = "for a fact the source does not give, write null and add an `unknowns` entry with the reason"
    elif error.validator == "additionalProperties":
        extra = re.findall(r"'([^']+)'", error.message)
        field = extra[0] if extra else field
        hint = "remove the property; the schema allows no others"
    elif error.validator == "enum":
        hint = "allowed: " + ", ".join(map(str, error.validator_value))
    if len(message) > 200:
        message = message[:199] + "\u2026"
    pointer = make_pointer(path)
    if error.validator in ("required", "additionalProperties"):  # the instance is the whole object: no value
        return located.problem(pointer, rule=error.validator, field=field, message=message, hint=hint)
    return located.problem(pointer, rule=error.validator, field=field, message=message, value=error.instance, hint=hint)


def _read_capped(stream: IO[bytes], limit: int, display: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(Problem(display, "too-large", f"larger than {limit} bytes"))
    return data


@contextmanager
def _fetch(url: str) -> Iterator[IO[bytes]]:
    """Download ``url`` into a temporary file (size-capped, 30 s time-out); only with allow_network."""
    import urllib.error
    import urllib.request

    with tempfile.TemporaryFile() as spool:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                total = 0
                while chunk := response.read(1 << 20):
                    total += len(chunk)
                    if total > MAX_REMOTE_BYTES:
                        raise InputError(Problem(url, "too-large", f"larger than {MAX_REMOTE_BYTES} bytes"))
                    spool.write(chunk)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise InputError(Problem(url, "unreadable", f"could not fetch: {exc}")) from None
        spool.seek(0)
        yield spool
