"""Write or refresh a data package in the indojp-data schema from its CSV tables (``indojp-data package``).

For projects that publish their own data in this schema. After a cell of a CSV table changes, the
descriptor's ``bytes`` and ``hash`` for that file no longer match, and the tables derived from the records
and the Dataset JSON no longer follow them. :func:`refresh` reads the record tables under ``<dir>/data/``
(they are never rewritten) and writes, from them:

* the derived tables (the completeness report and the codelists) and ``data/dataset.json``;
* ``datapackage.json``: every resource of the current schema version with its published Table Schema, and
  the size and SHA-256 of its file. The package's own properties (name, title, version, licences,
  sources, ...) are kept from an existing descriptor, or are indojp-data's when there is none; resources
  outside the schema are kept as they are.

Nothing is written unless the tables give a valid dataset; each file is replaced atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from indojp_data.core.atomic import write_atomically
from indojp_data.core.codec import decode_csv, decode_json, encode_csv, encode_json
from indojp_data.core.problems import IndojpError
from indojp_data.publish.datapackage import DATA_DIR, DATASET_JSON, dataset_json, descriptor
from indojp_data.publish.layout import layout
from indojp_data.publish.rows import RowReferenceError, derived_rows, from_rows

EXIT_INVALID = 1
EXIT_UNREADABLE = 2

MAX_TABLE_BYTES = 32 * 1024 * 1024
"""Most CSV bytes read in all: the dataset is rebuilt in memory (the validator's model stage has the same limit)."""

MAX_DESCRIPTOR_BYTES = 16 * 1024 * 1024
"""Largest ``datapackage.json`` read (the validator's limit too)."""


class PackageError(IndojpError):
    """The package cannot be refreshed: ``exit_code`` 2 when a file cannot be read, 1 when the data is invalid."""

    def __init__(self, message: str, exit_code: int) -> None:
        """Record the message and the exit code."""
        super().__init__(message)
        self.exit_code = exit_code


def refresh(directory: Path) -> list[str]:
    """Write the derived files and ``datapackage.json`` of the package at ``directory``; return what changed.

    Returns:
        The paths, relative to ``directory``, whose bytes changed (an empty list when all were current).

    Raises:
        PackageError: if a record table is missing, unreadable or has the wrong header (exit code 2), or
            the tables do not give a valid dataset (exit code 1); nothing is written then.
    """
    if not directory.is_dir():
        raise PackageError(f"{directory}: not a directory", EXIT_UNREADABLE)
    files, rows = _read_tables(directory)
    dataset = _dataset(directory, rows)
    derived = derived_rows(dataset)
    for spec in layout():
        if spec.name in derived:
            files[f"{DATA_DIR}/{spec.name}.csv"] = encode_csv([c.name for c in spec.columns], derived[spec.name])
    files[DATASET_JSON] = dataset_json(dataset)
    fresh = descriptor(dataset, files)
    old = _old_descriptor(directory)
    if old is not None:
        ours = {resource["name"] for resource in fresh["resources"]}
        listed = old.get("resources")
        extra = (
            [r for r in listed if isinstance(r, dict) and r.get("name") not in ours] if isinstance(listed, list) else []
        )
        kept = {key: value for key, value in old.items() if key not in ("$schema", "resources")}
        fresh = {**fresh, **kept, "resources": [*fresh["resources"], *extra]}
    written = {path: data for path, data in files.items() if path not in _record_tables()}
    written["datapackage.json"] = encode_json(fresh)
    changed = [path for path, data in written.items() if _current(directory / path) != data]
    for path in changed:
        write_atomically(directory / path, written[path])
    return changed


def _record_tables() -> set[str]:
    """Return the CSV tables a maintainer edits: every table but the derived ones."""
    return {f"{DATA_DIR}/{spec.name}.csv" for spec in layout() if spec.kind != "derived"}


def _read_tables(directory: Path) -> tuple[dict[str, bytes], dict[str, list[list[str]]]]:
    """Read every record table of the schema under ``directory/data``: its bytes and its rows."""
    files: dict[str, bytes] = {}
    rows: dict[str, list[list[str]]] = {}
    total = 0
    for spec in layout():
        if spec.kind == "derived":
            continue
        relative = f"{DATA_DIR}/{spec.name}.csv"
        path = directory / relative
        try:
            total += path.stat().st_size
            if total > MAX_TABLE_BYTES:
                message = f"{path}: the tables pass {MAX_TABLE_BYTES} bytes, more than this command rebuilds in memory"
                raise PackageError(message, EXIT_UNREADABLE)
            data = path.read_bytes()
            records = list(decode_csv(data))
        except OSError as exc:
            raise PackageError(f"{path}: cannot be read ({exc.strerror or exc})", EXIT_UNREADABLE) from None
        except (UnicodeDecodeError, ValueError) as exc:
            raise PackageError(f"{path}: not a UTF-8 CSV file ({exc})", EXIT_UNREADABLE) from None
        expected = [c.name for c in spec.columns]
        if not records or records[0] != expected:
            found = ",".join(records[0]) if records else "nothing"
            raise PackageError(f"{path}:1: the header must be {','.join(expected)}; found {found}", EXIT_INVALID)
        short = next((i for i, record in enumerate(records[1:], start=1) if len(record) != len(expected)), None)
        if short is not None:
            message = (
                f"{path}: record {short} after the header has {len(records[short])} cells, the header {len(expected)}"
            )
            raise PackageError(message, EXIT_INVALID)
        files[relative], rows[spec.name] = data, records[1:]
    return files, rows


def _dataset(directory: Path, rows: dict[str, list[list[str]]]) -> Any:
    """Rebuild the dataset from the record tables, or explain in one line why they do not give one."""
    from pydantic import ValidationError

    try:
        return from_rows(rows)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        detail = "; ".join(".".join(map(str, e["loc"])) + ": " + e["msg"] if e["loc"] else e["msg"] for e in errors[:3])
    except (RowReferenceError, ValueError) as exc:
        detail = str(exc)
    raise PackageError(
        f"{directory}: the CSV tables do not give a valid dataset, so nothing was written "
        f"(`indojp-data validate {directory}` names each problem): {detail[:400]}",
        EXIT_INVALID,
    )


def _old_descriptor(directory: Path) -> dict[str, Any] | None:
    """Return the existing ``datapackage.json``, if there is one that is a JSON object."""
    path = directory / "datapackage.json"
    try:
        if path.stat().st_size > MAX_DESCRIPTOR_BYTES:
            raise PackageError(f"{path}: larger than {MAX_DESCRIPTOR_BYTES} bytes", EXIT_UNREADABLE)
        value = decode_json(path.read_bytes())
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PackageError(f"{path}: cannot be read ({exc.strerror or exc})", EXIT_UNREADABLE) from None
    except ValueError as exc:
        raise PackageError(f"{path}: not JSON ({exc}); move it aside to write a new one", EXIT_INVALID) from None
    if not isinstance(value, dict):
        raise PackageError(f"{path}: not a JSON object; move it aside to write a new one", EXIT_INVALID)
    return value


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
