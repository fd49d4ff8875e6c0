"""One data package, checked whole.

Its descriptor, each CSV resource on the engine, foreign keys across resources, the Dataset JSON, and
(for small packages of the current version) the model rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from indojp_data._version import __version__
from indojp_data.validate.csv_reader import iter_csv
from indojp_data.validate.csvfile import BackgroundScan, ByteScan, copy_scanned
from indojp_data.validate.descriptor import (
    DATASET_RESOURCE,
    check_descriptor,
    check_integrity,
    wants_hash,
)
from indojp_data.validate.documents import check_dataset_document, model_check
from indojp_data.validate.json_locate import LocatedJSON, parse_json
from indojp_data.validate.network import fetch_url
from indojp_data.validate.problems import InputError, Problem, truncate_value
from indojp_data.validate.safe_io import check_resource_path
from indojp_data.validate.sources import (
    MAX_DESCRIPTOR_BYTES,
    MAX_JSON_BYTES,
    Container,
    Run,
    is_url,
    read_capped,
)
from indojp_data.validate.tables import CsvFile, EngineError

MODEL_STAGE_ROW_LIMIT = 20_000
"""Packages with more CSV rows than this get the engine's checks only (memory stays bounded)."""
MODEL_STAGE_BYTE_LIMIT = 32 * 1024 * 1024
"""Packages whose CSV files hold more bytes than this get the engine's checks only (wide cells too)."""


def check_csv(run: Run, name: str, display: str, path: str, scan: Callable[[], ByteScan]) -> CsvFile | None:
    """Check one CSV file against the ``name`` Table Schema; return it when its rows could be checked.

    ``scan`` waits for the file's byte scan. The header is read by the plain reader, the rows by the
    engine; when the engine cannot parse the file or the scan saw a malformed record, the plain reader
    reads on to name each malformed record at its line, and the cell checks are skipped.
    """
    rules = run.rules[name]
    out = run.collector
    with open(path, "rb") as stream:
        reader = iter_csv(stream, source=display, problems=out)
        header = tuple(reader.header)
        if header != rules.field_names:
            out.add(
                Problem(
                    display,
                    "header",
                    f"the header does not match the {name} Table Schema of version {run.version}",
                    line=1,
                    value=truncate_value(",".join(header)),
                    hint=f"expected exactly: {','.join(rules.field_names)}",
                )
            )
            return None
        file = CsvFile(name, display, path, reader.lines_read)
        failure = None
        counts = None
        try:
            counts = run.engine.count_cells(file, rules)
        except EngineError as exc:
            failure = str(exc)
        if failure is not None or scan().suspicious:
            errors = out.errors
            while reader.read_chunk(4096)[1]:  # an InputError (reading cannot go on) is the caller's
                pass
            if out.errors == errors and failure is not None:  # the engine is stricter than the plain reader
                message = f"the file cannot be read as RFC 4180 CSV: {truncate_value(failure, 160)}"
                hint = (
                    "use one line ending (LF or CRLF) throughout, and quote cells that hold commas, quotes or newlines"
                )
                out.add(Problem(display, "csv-syntax", message, hint=hint))
            if out.errors > errors:
                message = "the rows were not checked against the Table Schema, because the file is malformed"
                out.add(
                    Problem(
                        display, "rows-not-checked", message, hint="fix the problems above first", severity="warning"
                    )
                )
                return None
    assert counts is not None  # the engine read the file
    run.engine.report_cells(file, rules, counts, out)
    for columns in counts.repeated_keys:
        run.engine.report_duplicates(file, rules, columns, out, primary=columns == rules.primary_key)
    return file


class PackageCheck:
    """Checks one package from its parsed descriptor."""

    def __init__(self, run: Run, container: Container, located: LocatedJSON) -> None:
        """Prepare to check the package described by ``located`` whose files ``container`` serves."""
        self.run = run
        self.out = run.collector
        self.container = container
        self.located = located
        self.files: dict[str, CsvFile] = {}
        self.sizes: dict[str, int] = {}

    @classmethod
    def from_container(cls, run: Run, container: Container) -> PackageCheck:
        """Read the container's ``datapackage.json``."""
        with container.open("datapackage.json") as stream:
            data = read_capped(stream, MAX_DESCRIPTOR_BYTES, container.display("datapackage.json"))
        located = parse_json(data, source=container.display("datapackage.json"), problems=run.collector)
        return cls(run, container, located)

    def check(self) -> None:
        """Check everything; every problem goes to the run's collector."""
        descriptor = self.located.value
        if not isinstance(descriptor, dict):
            self.out.add(self.located.problem("", rule="descriptor", message="a descriptor must be a JSON object"))
            return
        resources = check_descriptor(self.located, descriptor, list(self.run.rules), self.run.version, self.out)
        errors_before = self.out.errors
        for name in self.run.rules:
            if name in resources:
                self.table_resource(name, *resources[name])
        self.foreign_keys()
        json_dataset = None
        if DATASET_RESOURCE in resources:
            json_dataset = self.json_resource(*resources[DATASET_RESOURCE])
        if self.out.errors != errors_before or self.run.version != __version__:
            return
        rows = sum(f.rows for f in self.files.values())
        size = sum(self.sizes.values())
        if rows > MODEL_STAGE_ROW_LIMIT or size > MODEL_STAGE_BYTE_LIMIT:
            limit = (
                f"{MODEL_STAGE_ROW_LIMIT} rows" if rows > MODEL_STAGE_ROW_LIMIT else f"{MODEL_STAGE_BYTE_LIMIT} bytes"
            )
            self.out.add(
                Problem(
                    self.located.source,
                    "model-rules-skipped",
                    f"more than {limit}: cross-record model rules were not run",
                    hint="types, constraints, primary and foreign keys were still checked on every row",
                    severity="warning",
                )
            )
            return
        self.model_stage(json_dataset)

    @contextmanager
    def resource_file(
        self, index: int, entry: dict[str, Any]
    ) -> Iterator[tuple[str, str, Callable[[], ByteScan]] | None]:
        """Yield ``(display, local path, scan)`` for a resource, or None (with a problem) when it cannot be read."""
        pointer = f"/resources/{index}/path"
        path = entry.get("path")
        want_hash = wants_hash(entry)
        if not isinstance(path, str):
            self.out.add(
                self.located.problem(pointer, rule="descriptor", field="path", message="path must be one string")
            )
            yield None
            return
        if is_url(path):
            if not self.run.allow_network or not path.lower().startswith(("http://", "https://")):
                self.out.add(
                    self.located.problem(
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
            target = self.run.workdir.new_file()
            with fetch_url(path) as stream:
                scan = copy_scanned(stream, target, want_hash)
            yield path, target, lambda: scan
            return
        reason = check_resource_path(path)
        if reason:
            self.out.add(self.located.problem(pointer, rule="unsafe-path", field="path", value=path, message=reason))
            yield None
            return
        if not self.container.exists(path):
            message = f"{self.container.display(path)} not found"
            self.out.add(self.located.problem(pointer, rule="not-found", field="path", value=path, message=message))
            yield None
            return
        local = self.container.local_path(path)
        if local is None:
            local = self.run.workdir.new_file()
            with self.container.open(path) as stream:
                copied = copy_scanned(stream, local, want_hash)
            yield self.container.display(path), local, lambda: copied
            return
        background = BackgroundScan(local, want_hash)
        yield self.container.display(path), local, background.result

    def table_resource(self, name: str, index: int, entry: dict[str, Any]) -> None:
        """Check one CSV resource, then its declared size and hash."""
        try:
            with self.resource_file(index, entry) as opened:
                if opened is None:
                    return
                display, path, scan = opened
                try:
                    file = check_csv(self.run, name, display, path, scan)
                except InputError as exc:
                    self.out.add(exc.problem)
                    file = None
                done = scan()
        except InputError as exc:
            self.out.add(exc.problem)
            return
        if file is not None:
            self.files[name] = file
        self.sizes[name] = done.size
        check_integrity(self.located, index, entry, done.size, done.sha256, self.out)

    def foreign_keys(self) -> None:
        """Check every foreign key whose both ends could be read."""
        for name, file in self.files.items():
            rules = self.run.rules[name]
            for key in rules.foreign_keys:
                target = self.files.get(key[1])
                if target is None:
                    continue
                try:
                    self.run.engine.report_foreign_key(file, rules, key, target, self.run.rules[key[1]], self.out)
                except InputError as exc:
                    self.out.add(exc.problem)

    def json_resource(self, index: int, entry: dict[str, Any]) -> Any:
        """Check the Dataset JSON resource; return the Dataset when it is valid."""
        try:
            with self.resource_file(index, entry) as opened:
                if opened is None:
                    return None
                display, path, scan = opened
                with open(path, "rb") as stream:
                    data = read_capped(stream, MAX_JSON_BYTES, display)
                done = scan()
        except InputError as exc:
            self.out.add(exc.problem)
            return None
        self.sizes[DATASET_RESOURCE] = done.size
        self.json_display = display
        check_integrity(self.located, index, entry, done.size, done.sha256, self.out)
        try:
            document = parse_json(data, source=display, problems=self.out)
        except InputError as exc:
            self.out.add(exc.problem)
            return None
        return check_dataset_document(document, self.run.version, self.out)

    def model_stage(self, json_dataset: Any) -> None:
        """Rebuild the dataset from the CSV rows and run the model and cross-record rules on it."""
        from indojp_data.tables import from_rows

        if set(self.files) != set(self.run.rules):
            return
        rows: dict[str, list[list[str]]] = {}
        lines: dict[str, list[int]] = {}
        for name, file in self.files.items():
            lines[name], rows[name] = self.run.engine.records(file, len(self.run.rules[name].fields))

        def locate(path: tuple[Any, ...], message: str, rule: str) -> Problem:
            # A model error's path is (table, record index, field...); the record's CSV row gives the line.
            name = str(path[0]) if path else "source"
            rest = path[2:] if name != "source" else path[1:]
            table_lines = lines.get(name, [])
            index = path[1] if name != "source" and len(path) > 1 and isinstance(path[1], int) else 0
            line = table_lines[index] if index < len(table_lines) else None
            field = ".".join(str(p) for p in rest) or None
            display = self.files[name].display if name in self.files else name
            return Problem(display, rule, message, line, None, None, field)

        csv_dataset = model_check(lambda: from_rows(rows, check_rules=False), locate, self.out)
        if csv_dataset is not None and json_dataset is not None and csv_dataset != json_dataset:
            self.out.add(
                Problem(
                    getattr(self, "json_display", DATASET_RESOURCE),
                    "json-csv-mismatch",
                    "the JSON resource and the CSV tables do not hold the same dataset",
                    hint="rebuild both from the same records",
                )
            )
