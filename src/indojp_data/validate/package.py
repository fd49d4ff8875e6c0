"""One data package, checked whole.

Its descriptor, each CSV resource on the engine, foreign keys across resources, the Dataset JSON, and
(for small packages of the current version) the model rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from indojp_data._version import __version__
from indojp_data.core.json_locate import LocatedJSON, parse_json
from indojp_data.core.problems import InputError, Problem, ProblemCollector
from indojp_data.core.safe_io import check_resource_path, read_capped
from indojp_data.validate.count import dangling
from indojp_data.validate.csvcheck import OpenedCsv, check_csvs, open_csv
from indojp_data.validate.csvfile import BackgroundScan, ByteScan, copy_scanned
from indojp_data.validate.descriptor import (
    DATASET_RESOURCE,
    check_descriptor,
    check_integrity,
    wants_hash,
)
from indojp_data.validate.documents import MODEL_STAGE_ROW_LIMIT, check_dataset_document, model_check
from indojp_data.validate.locate import records, report_foreign_key
from indojp_data.validate.plan import CsvFile
from indojp_data.validate.profile import check_profile
from indojp_data.validate.run import (
    MAX_DESCRIPTOR_BYTES,
    MAX_JSON_BYTES,
    Container,
    Run,
    check_json_values,
    is_url,
)

MODEL_STAGE_BYTE_LIMIT = 32 * 1024 * 1024
"""Packages whose CSV files hold more bytes than this get the engine's checks only (wide cells too)."""


class PackageCheck:
    """Checks one package from its parsed descriptor."""

    def __init__(self, run: Run, container: Container, located: LocatedJSON) -> None:
        """Prepare to check the package described by ``located`` whose files ``container`` serves."""
        self.run = run
        self.collector = run.collector
        self.container = container
        self.located = located
        self.files: dict[str, CsvFile] = {}
        self.sizes: dict[str, int] = {}  # of the CSV files

    @classmethod
    def from_container(cls, run: Run, container: Container) -> PackageCheck:
        """Read the container's ``datapackage.json``."""
        with container.open("datapackage.json") as stream:
            data = read_capped(stream, max_bytes=MAX_DESCRIPTOR_BYTES, source=container.display("datapackage.json"))
        check_json_values(data, container.display("datapackage.json"))
        located = parse_json(data, source=container.display("datapackage.json"), problems=run.collector)
        return cls(run, container, located)

    def check(self) -> None:
        """Check everything; every problem goes to the run's collector."""
        descriptor = self.located.value
        if not isinstance(descriptor, dict):
            self.collector.add(
                self.located.problem("", rule="descriptor", message="a descriptor must be a JSON object")
            )
            return
        check_profile(self.located, self.collector)
        resources = check_descriptor(self.located, descriptor, list(self.run.rules), self.run.version, self.collector)
        check_schema_references(self.container, self.located, resources, self.run.rules, self.collector)
        errors_before = self.collector.errors
        self.table_resources(resources)
        self.foreign_keys()
        skipped = self.model_stage_skipped()
        if skipped is not None or self.collector.errors != errors_before or self.run.version != __version__:
            self.run.stop_engine()  # the rest needs no engine: its memory is given back first
        json_dataset = None
        if DATASET_RESOURCE in resources:
            json_dataset = self.json_resource(*resources[DATASET_RESOURCE])
        if self.collector.errors != errors_before or self.run.version != __version__:
            return
        if skipped is not None:
            self.collector.add(
                Problem(
                    self.located.source,
                    "model-rules-skipped",
                    f"more than {skipped}: cross-record model rules were not run",
                    hint="types, constraints, primary and foreign keys were still checked on every row",
                    severity="warning",
                )
            )
            return
        self.model_stage(json_dataset)

    def model_stage_skipped(self) -> str | None:
        """Return the limit the CSV tables exceed (then the model stage does not run), or None."""
        if sum(f.rows for f in self.files.values()) > MODEL_STAGE_ROW_LIMIT:
            return f"{MODEL_STAGE_ROW_LIMIT} rows"
        if sum(self.sizes.values()) > MODEL_STAGE_BYTE_LIMIT:
            return f"{MODEL_STAGE_BYTE_LIMIT} bytes"
        return None

    def table_resources(self, resources: dict[str, tuple[int, Any]]) -> None:
        """Check every CSV resource (the engine counts them all at once), then each one's size and hash."""
        opened: list[OpenedCsv] = []
        integrity: list[tuple[str, int, dict[str, Any], Callable[[], ByteScan]]] = []
        for name in self.run.rules:
            if name not in resources:
                continue
            index, entry = resources[name]
            try:
                found = resource_file(self.run, self.container, self.located, index, entry)
                if found is None:
                    continue
                display, path, scan = found
                integrity.append((name, index, entry, scan))
                item = open_csv(self.run, name, display, path, scan)
            except InputError as exc:
                self.collector.add(exc.problem)
                continue
            if item is not None:
                opened.append(item)
        self.files = {file.name: file for file in check_csvs(self.run, opened, in_package=True)}
        for name, index, entry, scan in integrity:
            done = scan()
            self.sizes[name] = done.size
            check_integrity(
                self.located, index, entry, done.size, done.sha256, self.collector, self.container.changed_hint()
            )

    def foreign_keys(self) -> None:
        """Check every foreign key whose both ends could be read: one statement counts, then each is located."""
        keys = [
            (file, key, self.files[key[1]])
            for file in self.files.values()
            for key in file.rules.foreign_keys
            if key[1] in self.files
        ]
        try:
            totals = dangling(self.run.engine, keys)
            for (file, key, target), total in zip(keys, totals, strict=True):
                report_foreign_key(self.run.engine, file, key, target, total, self.collector)
        except InputError as exc:
            self.collector.add(exc.problem)

    def json_resource(self, index: int, entry: dict[str, Any]) -> Any:
        """Check the Dataset JSON resource; return the Dataset when it is valid."""
        try:
            found = resource_file(self.run, self.container, self.located, index, entry)
            if found is None:
                return None
            display, path, scan = found
            with open(path, "rb") as stream:
                data = read_capped(stream, max_bytes=MAX_JSON_BYTES, source=display)
            check_json_values(data, display)
            done = scan()
        except InputError as exc:
            self.collector.add(exc.problem)
            return None
        self.json_display = display
        check_integrity(
            self.located, index, entry, done.size, done.sha256, self.collector, self.container.changed_hint()
        )
        try:
            document = parse_json(data, source=display, problems=self.collector)
        except InputError as exc:
            self.collector.add(exc.problem)
            return None
        return check_dataset_document(document, self.run.version, self.collector)

    def model_stage(self, json_dataset: Any) -> None:
        """Rebuild the dataset from the CSV rows and run the model and cross-record rules on it."""
        from indojp_data.publish.rows import from_rows

        if set(self.files) != set(self.run.rules):
            return
        rows: dict[str, list[list[str]]] = {}
        lines: dict[str, list[int]] = {}
        found = records(self.run.engine, list(self.files.values()))
        for name, (table_lines, table_rows) in zip(self.files, found, strict=True):
            lines[name], rows[name] = table_lines, table_rows

        def locate(path: tuple[Any, ...], message: str, rule: str) -> Problem:
            return locate_in_rows(self.files, lines, path, message, rule)

        csv_dataset = model_check(lambda: from_rows(rows), locate, self.collector)
        if csv_dataset is not None and json_dataset is not None and csv_dataset != json_dataset:
            self.collector.add(
                Problem(
                    getattr(self, "json_display", DATASET_RESOURCE),
                    "json-csv-mismatch",
                    "the JSON resource and the CSV tables do not hold the same dataset",
                    hint=self.container.changed_hint(),
                )
            )


def locate_in_rows(
    files: dict[str, CsvFile], lines: dict[str, list[int]], path: tuple[Any, ...], message: str, rule: str
) -> Problem:
    """Place a model error, whose path is ``(table, record index, field...)``, at its record's CSV line."""
    name = str(path[0]) if path else "source"
    rest = path[2:] if name != "source" else path[1:]
    table_lines = lines.get(name, [])
    index = path[1] if name != "source" and len(path) > 1 and isinstance(path[1], int) else 0
    line = table_lines[index] if index < len(table_lines) else None
    field = ".".join(str(p) for p in rest) or None
    display = files[name].display if name in files else name
    return Problem(display, rule, message, line, None, None, field)


def check_schema_references(
    container: Container,
    located: LocatedJSON,
    resources: dict[str, tuple[int, Any]],
    tables: Iterable[str],
    collector: ProblemCollector,
) -> None:
    """Report a table's Table Schema given as a path that names no file of the package.

    The rows are checked against the published Table Schema, so the file is not read; but another reader
    reads it, and a reference that leads nowhere (or out of the package, or to the network) is a defect.
    """
    for name, (index, entry) in resources.items():
        reference = entry.get("schema")
        if name not in tables or not isinstance(reference, str):
            continue
        defect: tuple[str, str] | None = ("remote-resource", "a Table Schema given by URL is not fetched")
        if not is_url(reference):
            defect = local_defect(container, reference)
        if defect is None:
            continue
        rule, message = defect
        hint = "embed the Table Schema in the descriptor, or point at its file in the package"
        pointer = f"/resources/{index}/schema"
        collector.add(located.problem(pointer, rule=rule, field="schema", value=reference, message=message, hint=hint))


def local_defect(container: Container, path: str) -> tuple[str, str] | None:
    """Return ``(rule, message)`` when ``path`` names no file of the package (``unsafe-path``, ``not-found``)."""
    reason = check_resource_path(path)
    if reason:
        return "unsafe-path", reason
    if not container.exists(path):
        return "not-found", f"{container.display(path)} not found"
    return None


def resource_file(
    run: Run, container: Container, located: LocatedJSON, index: int, entry: dict[str, Any]
) -> tuple[str, str, Callable[[], ByteScan]] | None:
    """Return ``(display, local path, scan)`` for a package resource, or None (with a problem) if it cannot be read.

    A local file is read where it lies and scanned in a thread; an archive member or a fetched file is first
    copied into the run's working directory, scanned on the way.

    Raises:
        InputError: when the file cannot be read or fetched.
    """
    pointer = f"/resources/{index}/path"
    path = entry.get("path")
    want_hash = wants_hash(entry)
    if not isinstance(path, str):
        run.collector.add(located.problem(pointer, rule="descriptor", field="path", message="path must be one string"))
        return None
    if is_url(path):
        if not run.allow_network or not path.lower().startswith(("http://", "https://")):
            run.collector.add(
                located.problem(
                    pointer,
                    rule="remote-resource",
                    field="path",
                    value=path,
                    message="remote resources are not fetched",
                    hint="pass --allow-network to fetch http(s) resources, or point the path at a local file",
                )
            )
            return None
        from indojp_data.validate.network import fetch_url  # http.client only when a URL is fetched

        target = run.workdir.new_file()
        with fetch_url(path) as stream:
            scan = copy_scanned(stream, target, want_hash)
        return path, target, lambda: scan
    defect = local_defect(container, path)
    if defect is not None:
        rule, message = defect
        run.collector.add(located.problem(pointer, rule=rule, field="path", value=path, message=message))
        return None
    local = container.local_path(path)
    if local is None:
        local = run.workdir.new_file()
        with container.open(path) as stream:
            copied = copy_scanned(stream, local, want_hash)
        return container.display(path), local, lambda: copied
    background = BackgroundScan(local, want_hash)
    return container.display(path), local, background.result
