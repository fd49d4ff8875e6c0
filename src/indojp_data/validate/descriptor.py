"""The package descriptor (``datapackage.json``).

Its own properties, each resource's declared size and hash, and a release's ``SHA256SUMS`` listing.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

from indojp_data.core.codec import CSV_DIALECT, MEDIATYPES
from indojp_data.core.json_locate import LocatedJSON
from indojp_data.core.problems import Problem, ProblemCollector, truncate_value
from indojp_data.core.schemas import PACKAGE_PROFILE, is_version

DATASET_RESOURCE = "dataset"
"""Name of the resource that holds the whole dataset as one JSON document."""

_NAME = re.compile(r"^[a-z0-9._-]+$")


def check_descriptor(
    located: LocatedJSON, descriptor: dict[str, Any], table_names: list[str], version: str, collector: ProblemCollector
) -> dict[str, tuple[int, Any]]:
    """Check the package-level properties; return the resources by name with their index."""
    profile = descriptor.get("$schema")
    if profile != PACKAGE_PROFILE:
        collector.add(
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
        message = "name must be lower-case a-z, 0-9, '.', '_' or '-'"
        collector.add(located.problem("/name", rule="descriptor", field="name", message=message))
    declared = descriptor.get("version")
    if not is_version(declared):
        message = "version must be a semantic version such as 1.2.3"
        collector.add(located.problem("/version", rule="descriptor", field="version", message=message, value=declared))
    entries = descriptor.get("resources")
    if not isinstance(entries, list) or not entries:
        collector.add(located.problem("/resources", rule="descriptor", field="resources", message="no resources"))
        return {}
    found: dict[str, tuple[int, Any]] = {}
    for index, entry in enumerate(entries):
        pointer = f"/resources/{index}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            collector.add(located.problem(pointer, rule="descriptor", message="a resource needs a name"))
            continue
        name = entry["name"]
        if name in found:
            message = f"resource {name!r} appears twice"
            collector.add(located.problem(f"{pointer}/name", rule="descriptor", field="name", message=message))
            continue
        found[name] = (index, entry)
        if name not in table_names and name != DATASET_RESOURCE:
            message = f"resource {name!r} is not part of the indojp-data {version} schema; not checked"
            problem = located.problem(
                f"{pointer}/name", rule="unexpected-resource", field="name", message=message, severity="warning"
            )
            collector.add(problem)
    for name in table_names:
        if name not in found:
            message = f"resource {name!r} of the indojp-data {version} schema is missing"
            collector.add(located.problem("/resources", rule="missing-resource", field=name, message=message))
    for name, (index, entry) in found.items():
        if name in table_names or name == DATASET_RESOURCE:
            check_file_kind(located, index, entry, name in table_names, collector)
        if name in table_names:
            check_dialect(located, index, entry, collector)
        check_key_references(located, index, entry, found, collector)
    return found


def check_integrity(
    located: LocatedJSON,
    index: int,
    entry: dict[str, Any],
    size: int,
    sha256: str | None,
    collector: ProblemCollector,
    hint: str,
) -> None:
    """Compare a resource's declared ``bytes`` and ``hash`` with the file's size and SHA-256.

    ``hint`` says how to bring them back in step where the package is (see ``Container.changed_hint``).
    """
    declared_bytes, declared_hash = entry.get("bytes"), entry.get("hash")
    where = f"/resources/{index}"

    def differs(declared: object, message: str, fix: str, rule: str) -> None:
        problem = located.problem(f"{where}/{rule}", rule=rule, field=rule, value=declared, message=message, hint=fix)
        collector.add(problem)

    if declared_bytes is None or declared_hash is None:
        message = "the resource declares no bytes or hash, so corruption cannot be detected"
        collector.add(located.problem(where, rule="integrity", message=message, severity="warning"))
    counted = isinstance(declared_bytes, int) and not isinstance(declared_bytes, bool)  # else: the profile's problem
    if counted and declared_bytes != size:
        message = f"declares {truncate_value(declared_bytes)} bytes but the file has {size}"
        differs(declared_bytes, message, hint, rule="bytes")
    if declared_hash is None:
        return
    algorithm, _, expected = str(declared_hash).rpartition(":")
    if (algorithm or "md5") != "sha256":
        message = "only sha256 hashes are checked"
        collector.add(located.problem(f"{where}/hash", rule="hash", field="hash", message=message, severity="warning"))
    elif expected != sha256:
        fix = f"the file changed after the descriptor was written: {hint}"
        differs(declared_hash, f"the file's SHA-256 is {sha256}", fix, rule="hash")


def wants_hash(entry: dict[str, Any]) -> bool:
    """Tell whether the resource declares a SHA-256 hash (only then is the file hashed)."""
    declared = entry.get("hash")
    return isinstance(declared, str) and declared.startswith("sha256:")


def parse_checksums(listing: list[str], source: str, collector: ProblemCollector) -> list[tuple[int, str, str]]:
    """Read ``sha256sum`` lines; return ``(line, digest, name)`` for each well-formed one."""
    entries = []
    for number, line in enumerate(listing, start=1):
        digest, _, name = line.partition("  ")
        if not re.fullmatch(r"[0-9a-f]{64}", digest) or not name:
            collector.add(
                Problem(source, "checksum", "not a `sha256sum` line", line=number, value=truncate_value(line))
            )
            continue
        entries.append((number, digest, name))
    return entries


def checksum_mismatch(source: str, number: int, name: str) -> Problem:
    """Return the problem for a file whose SHA-256 differs from the listed one."""
    return Problem(
        source,
        "checksum",
        f"{truncate_value(name)}: the file's SHA-256 differs from the one listed",
        line=number,
        field=truncate_value(name),
        hint="the file was changed or damaged after the release was made; download it again",
    )


_LINE_TERMINATORS = ("\r\n", "\n")
"""The line ends the CSV reader takes (a file may use either; we write CRLF)."""
_NOT_READ = ("escapeChar", "commentChar", "commentRows", "nullSequence")
"""Dialect properties the files are read without: declaring one says the file needs it."""


def check_dialect(located: LocatedJSON, index: int, entry: dict[str, Any], collector: ProblemCollector) -> None:
    """Report each property of a table resource's dialect that differs from the dialect its file is read with.

    The validator reads every CSV file as the project writes it (:data:`CSV_DIALECT`: comma-separated, one
    header row, ``"`` quotes doubled inside quoted cells); a descriptor that declares anything else
    describes another file than the one checked, which another reader would read otherwise.
    """
    dialect = entry.get("dialect")
    if not isinstance(dialect, dict):
        return  # absent: the defaults, which are ours; not an object: the profile's problem
    expected = {name: value for name, value in CSV_DIALECT.items() if name != "lineTerminator"}
    expected["headerRows"] = [1]
    expected["skipInitialSpace"] = False
    for name, declared in dialect.items():
        if name in expected:
            wrong = declared != expected[name] or type(declared) is not type(expected[name])
            wanted = expected[name]
        elif name == "lineTerminator":
            wrong, wanted = declared not in _LINE_TERMINATORS, _LINE_TERMINATORS[0]
        elif name in _NOT_READ:
            wrong, wanted = declared not in (None, []), None
        else:
            continue
        if wrong:
            shown = f"without {name}" if wanted is None else f'with "{name}": {json.dumps(wanted)}'
            collector.add(
                located.problem(
                    f"/resources/{index}/dialect/{name}",
                    rule="dialect",
                    field=name,
                    value=declared,
                    message=f"the file is read {shown}, not as the descriptor declares",
                    hint=f"declare the dialect the file follows: {_dialect_text()}",
                )
            )


def check_file_kind(
    located: LocatedJSON, index: int, entry: dict[str, Any], table: bool, collector: ProblemCollector
) -> None:
    """Report each property that declares a resource's file other than as it is read.

    Every file is read as UTF-8 text from the package; a table as CSV, the Dataset as JSON. A reader that
    trusts another ``encoding`` reads other text from the same bytes (Latin-1 turns each non-ASCII
    character into two or three others), and one that trusts another ``format``, ``mediatype``,
    ``scheme`` or ``type`` reads another kind of file: the declaration is the defect, whatever the bytes.
    """
    where = f"/resources/{index}"

    def report(name: str, message: str, hint: str, rule: str = "format") -> None:
        declared = entry[name]
        collector.add(
            located.problem(f"{where}/{name}", rule=rule, field=name, value=declared, message=message, hint=hint)
        )

    if isinstance(entry.get("encoding"), str) and not _is_utf8(entry["encoding"]):
        message = "the file is read as UTF-8, not in the encoding the descriptor declares"
        hint = 'declare "encoding": "utf-8" (the default), and save the file as UTF-8'
        report("encoding", message, hint, rule="encoding")
    kind = "csv" if table else "json"
    path = entry.get("path")
    scheme = path.partition("://")[0].lower() if isinstance(path, str) and "://" in path else "file"
    expected = {"format": kind, "mediatype": MEDIATYPES[kind], "scheme": scheme}
    for name, wanted in expected.items():
        declared = entry.get(name)
        if name == "mediatype" and isinstance(declared, str) and "/" not in declared[1:-1]:
            continue  # not type/subtype: the profile's pattern reports it
        if isinstance(declared, str) and not _declares(name, declared, wanted):
            message = f'the file is read as "{name}": "{wanted}" says, not as the descriptor declares'
            report(name, message, f'declare "{name}": "{wanted}", or leave it out')
    if not table and entry.get("type") == "table":
        report(
            "type", "the file is read as a JSON document, not as a table", 'leave "type" out: only a table is "table"'
        )


def _is_utf8(encoding: str) -> bool:
    """Tell whether ``encoding`` names UTF-8 (``utf-8``, ``UTF8``, ``utf_8``, ...)."""
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def _declares(name: str, declared: str, wanted: str) -> bool:
    """Tell whether ``declared`` says what ``wanted`` does: a media type's parameters may add a UTF-8 charset."""
    if name != "mediatype":
        return declared == wanted
    kind, *parameters = (part.strip() for part in declared.split(";"))
    pairs = (parameter.partition("=") for parameter in parameters)
    charsets = [value.strip('"') for key, _, value in pairs if key.strip().lower() == "charset"]
    return kind.lower() == wanted and all(map(_is_utf8, charsets))


def _dialect_text() -> str:
    return json.dumps(dict(CSV_DIALECT))


def check_key_references(
    located: LocatedJSON,
    index: int,
    entry: dict[str, Any],
    found: dict[str, tuple[int, Any]],
    collector: ProblemCollector,
) -> None:
    """Report the keys of a resource's Table Schema that name a field or a resource the descriptor lacks."""
    schema = entry.get("schema")
    if not isinstance(schema, dict):
        return  # a path to a schema file, or not a schema: the profile's problem
    where = f"/resources/{index}/schema"
    names = _field_names(schema)

    def missing(pointer: str, columns: Any, known: set[str], owner: str) -> None:
        for column in [columns] if isinstance(columns, str) else columns if isinstance(columns, list) else []:
            if isinstance(column, str) and column not in known:
                message = f"names field {column!r}, which {owner} does not have"
                collector.add(
                    located.problem(pointer, rule="key-reference", field=column, value=column, message=message)
                )

    missing(f"{where}/primaryKey", schema.get("primaryKey"), names, "the schema")
    unique_keys = schema.get("uniqueKeys")
    for k, key in enumerate(unique_keys if isinstance(unique_keys, list) else []):
        missing(f"{where}/uniqueKeys/{k}", key, names, "the schema")
    foreign_keys = schema.get("foreignKeys")
    for k, key in enumerate(foreign_keys if isinstance(foreign_keys, list) else []):
        if not isinstance(key, dict) or not isinstance(key.get("reference"), dict):
            continue  # the profile's problem
        missing(f"{where}/foreignKeys/{k}/fields", key.get("fields"), names, "the schema")
        target = key["reference"].get("resource", "")
        if target in ("", entry.get("name")):
            target_names: set[str] | None = names
        elif isinstance(target, str) and target in found:
            target_entry = found[target][1]
            target_schema = target_entry.get("schema") if isinstance(target_entry, dict) else None
            target_names = _field_names(target_schema) if isinstance(target_schema, dict) else None
        else:
            collector.add(
                located.problem(
                    f"{where}/foreignKeys/{k}/reference/resource",
                    rule="key-reference",
                    field="resource",
                    value=target,
                    message=f"the foreign key refers to resource {truncate_value(target)}, which the package lacks",
                    hint="name a resource of this package (or leave resource out for a key into the same table)",
                )
            )
            continue
        if target_names is not None:
            owner = f"resource {target!r}" if target else "the schema"
            missing(f"{where}/foreignKeys/{k}/reference/fields", key["reference"].get("fields"), target_names, owner)


def _field_names(schema: dict[str, Any]) -> set[str]:
    fields = schema.get("fields")
    items = fields if isinstance(fields, list) else []
    return {field["name"] for field in items if isinstance(field, dict) and isinstance(field.get("name"), str)}
