"""The package descriptor (``datapackage.json``).

Its own properties, each resource's declared size and hash, and a release's ``SHA256SUMS`` listing.
"""

from __future__ import annotations

import re
from typing import Any

from indojp_data.diff.versions import is_version
from indojp_data.publish.descriptor import PACKAGE_PROFILE
from indojp_data.validate.json_locate import LocatedJSON
from indojp_data.validate.problems import Problem, ProblemCollector, truncate_value

DATASET_RESOURCE = "dataset"
"""Name of the resource that holds the whole dataset as one JSON document."""

_NAME = re.compile(r"^[a-z0-9._-]+$")


def check_descriptor(
    located: LocatedJSON, descriptor: dict[str, Any], table_names: list[str], version: str, out: ProblemCollector
) -> dict[str, tuple[int, Any]]:
    """Check the package-level properties; return the resources by name with their index."""
    profile = descriptor.get("$schema")
    if profile != PACKAGE_PROFILE:
        out.add(
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
        out.add(located.problem("/name", rule="descriptor", field="name", message=message))
    declared = descriptor.get("version")
    if not is_version(declared):
        message = "version must be a semantic version such as 1.2.3"
        out.add(located.problem("/version", rule="descriptor", field="version", message=message, value=declared))
    entries = descriptor.get("resources")
    if not isinstance(entries, list) or not entries:
        out.add(located.problem("/resources", rule="descriptor", field="resources", message="no resources"))
        return {}
    found: dict[str, tuple[int, Any]] = {}
    for index, entry in enumerate(entries):
        pointer = f"/resources/{index}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            out.add(located.problem(pointer, rule="descriptor", message="a resource needs a name"))
            continue
        name = entry["name"]
        if name in found:
            message = f"resource {name!r} appears twice"
            out.add(located.problem(f"{pointer}/name", rule="descriptor", field="name", message=message))
            continue
        found[name] = (index, entry)
        if name not in table_names and name != DATASET_RESOURCE:
            message = f"resource {name!r} is not part of the indojp-data {version} schema; not checked"
            problem = located.problem(
                f"{pointer}/name", rule="unexpected-resource", field="name", message=message, severity="warning"
            )
            out.add(problem)
    for name in table_names:
        if name not in found:
            message = f"resource {name!r} of the indojp-data {version} schema is missing"
            out.add(located.problem("/resources", rule="missing-resource", field=name, message=message))
    return found


def check_integrity(
    located: LocatedJSON,
    index: int,
    entry: dict[str, Any],
    size: int,
    sha256: str | None,
    out: ProblemCollector,
    hint: str,
) -> None:
    """Compare a resource's declared ``bytes`` and ``hash`` with the file's size and SHA-256.

    ``hint`` says how to bring them back in step where the package is (see ``Container.changed_hint``).
    """
    declared_bytes, declared_hash = entry.get("bytes"), entry.get("hash")
    where = f"/resources/{index}"
    if declared_bytes is None or declared_hash is None:
        message = "the resource declares no bytes or hash, so corruption cannot be detected"
        out.add(located.problem(where, rule="integrity", message=message, severity="warning"))
    if declared_bytes is not None and declared_bytes != size:
        message = f"declares {truncate_value(declared_bytes)} bytes but the file has {size}"
        problem = located.problem(
            f"{where}/bytes", rule="bytes", field="bytes", value=declared_bytes, message=message, hint=hint
        )
        out.add(problem)
    if declared_hash is None:
        return
    algorithm, _, expected = str(declared_hash).rpartition(":")
    if (algorithm or "md5") != "sha256":
        message = "only sha256 hashes are checked"
        out.add(located.problem(f"{where}/hash", rule="hash", field="hash", message=message, severity="warning"))
    elif expected != sha256:
        out.add(
            located.problem(
                f"{where}/hash",
                rule="hash",
                field="hash",
                value=declared_hash,
                message=f"the file's SHA-256 is {sha256}",
                hint=f"the file changed after the descriptor was written: {hint}",
            )
        )


def wants_hash(entry: dict[str, Any]) -> bool:
    """Tell whether the resource declares a SHA-256 hash (only then is the file hashed)."""
    declared = entry.get("hash")
    return isinstance(declared, str) and declared.startswith("sha256:")


def parse_checksums(listing: list[str], source: str, out: ProblemCollector) -> list[tuple[int, str, str]]:
    """Read ``sha256sum`` lines; return ``(line, digest, name)`` for each well-formed one."""
    entries = []
    for number, line in enumerate(listing, start=1):
        digest, _, name = line.partition("  ")
        if not re.fullmatch(r"[0-9a-f]{64}", digest) or not name:
            out.add(Problem(source, "checksum", "not a `sha256sum` line", line=number, value=truncate_value(line)))
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
