"""The release: ``dist/indojp-data-<version>.zip`` and the other formats beside it, each verified.

The zip is the data package itself: ``datapackage.json`` at the archive root (so ``frictionless validate
x.zip`` and ``frictionless.Package("x.zip")`` read every resource), ``data/``, ``croissant.json`` and the
JSON records its record sets read (``croissant/``, see :mod:`indojp_data.export.croissant`), the JSON
Schemas of this version, a README for data users (:mod:`indojp_data.publish.data_readme`), CHANGELOG,
CITATION.cff, both licences and ``SHA256SUMS``. It is
byte-identical however often and wherever it is built: entries are sorted, every timestamp is the release
date, every file mode is 0644, and entries are stored uncompressed so that no zlib version can change a
byte.

Beside it in ``dist/``: the Parquet files (``indojp-data-<version>-parquet.zip``), the SQLite database
and its Datasette metadata (see :mod:`indojp_data.export`), ``indojp-data-<version>.SHA256SUMS`` listing
every file of the release, and ``releases.json``, the release index. Parquet and SQLite files are
identical in content on every rebuild, and identical in bytes with the same DuckDB and SQLite versions,
which the index records.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from indojp_data._version import RELEASE_DATE, __version__
from indojp_data.core.atomic import write_atomically
from indojp_data.core.codec import decode_csv, decode_json, encode_json, read_json
from indojp_data.diff import parse_version
from indojp_data.export import ExportError, croissant, parquet, sqlite
from indojp_data.export.typed_package import Package
from indojp_data.model.curated import load
from indojp_data.model.dataset import Dataset
from indojp_data.publish.build import check, render
from indojp_data.publish.datapackage import DATA_DIR
from indojp_data.publish.layout import layout
from indojp_data.publish.names import (  # defined once there, re-exported here
    INDEX,
    RECORDED_INDEX,
    bundle_name,
    checksums_name,
    parquet_bundle_name,
)
from indojp_data.publish.rows import from_rows
from indojp_data.release.bundle import (  # the bundle's bytes, made there; re-exported here
    ReleaseError as ReleaseError,
)
from indojp_data.release.bundle import (
    bundle_files,
    bundle_package,
    byte_identical_names,
    checksums,
    zip_bytes,
)
from indojp_data.validate import validate


def make_release(root: Path, out_dir: Path | None = None, *, record_index: bool = False) -> Path:
    """Build, write and verify the release of the project at ``root``; return the path of its zip.

    Also writes the other formats, the checksum file and the release index beside the zip (see the module
    docstring); with ``record_index``, the index is also written to ``<root>/releases/index.json``.

    Raises:
        ReleaseError: if the committed generated files are stale, a bundled document is missing, or a
            written file does not verify.
    """
    generated = render()
    drift = check(root, generated)
    if drift:
        listed = ", ".join(str(d) for d in drift[:5])
        raise ReleaseError(f"generated files are out of date ({listed}); run `indojp-data build` first")
    bundle = bundle_files(root, generated)
    formats = format_files(bundle)
    out_dir = out_dir or root / "dist"
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / bundle_name()
    remove_leftovers(out_dir)
    write_atomically(target, zip_bytes(bundle), verify_release)
    for name, data in formats.items():
        write_atomically(out_dir / name, data)
    released = {target.name: target.read_bytes(), **formats}
    write_atomically(out_dir / checksums_name(), checksums(released))
    index = release_index(_read_index(root / RECORDED_INDEX), released)
    write_atomically(out_dir / INDEX, index)
    if record_index:
        (root / RECORDED_INDEX).parent.mkdir(parents=True, exist_ok=True)
        write_atomically(root / RECORDED_INDEX, index)
    return target


def side_files(version: str = __version__) -> list[str]:
    """Return the names of the files a release writes beside its zip."""
    names = [parquet_bundle_name(version), sqlite.database_name(version), sqlite.metadata_name(version)]
    return [*names, checksums_name(version), INDEX]


def format_files(bundle: Mapping[str, bytes]) -> dict[str, bytes]:
    """Return the release files beside the zip (Parquet zip, SQLite, Datasette metadata), each verified.

    Raises:
        ReleaseError: if an export does not give back the rows of the CSV tables.
    """
    package = bundle_package(bundle)
    try:
        tables = parquet.render(package)
        parquet.verify(package, tables)
        database = sqlite.render(package)
        sqlite.verify(package, database[sqlite.database_name(package.version)])
    except ExportError as exc:
        raise ReleaseError(f"export: {exc}") from exc
    members = {path.removeprefix(parquet.DIRECTORY + "/"): data for path, data in tables.items()}
    members["LICENSE-DATA"] = bundle["LICENSE-DATA"]
    return {parquet_bundle_name(): zip_bytes(members), **database}


def _read_index(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {"name": "indojp-data", "releases": []}
    try:
        value: dict[str, Any] = read_json(path)
    except ValueError as exc:
        raise ReleaseError(f"{path}: not a JSON release index: {exc}") from exc
    return value


def release_index(previous: Mapping[str, Any], released: Mapping[str, bytes]) -> bytes:
    """Return the release index: ``previous`` with this version's entry added or replaced.

    Each entry holds the version, its date, and every file of the release with its size, SHA-256 and
    whether a rebuild gives identical ``bytes`` everywhere or identical ``content``; ``writers`` records
    the library versions the content-reproducible files were written with.
    """
    byte_identical = set(byte_identical_names())
    entry = {
        "version": __version__,
        "date": RELEASE_DATE,
        "files": [
            {
                "name": name,
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "reproducible": "bytes" if name in byte_identical else "content",
            }
            for name, data in sorted(released.items())
        ],
        "writers": {"duckdb": parquet.writer_version(), "sqlite": sqlite.writer_version()},
    }
    others = [r for r in previous.get("releases", []) if r.get("version") != __version__]
    releases = sorted([*others, entry], key=lambda r: parse_version(r["version"]))
    return encode_json({**previous, "name": previous.get("name", "indojp-data"), "releases": releases})


def remove_leftovers(out_dir: Path) -> list[Path]:
    """Remove the temporary files (``.indojp-data-*``, ``.releases.json.*``) killed release runs left in ``out_dir``.

    :func:`make_release` writes each file to such a temporary file and renames it into place only once it
    is complete (the zip: once it verifies), so a kill leaves the previous release intact and, at worst, one
    of these behind; the next run calls this first. Returns the paths removed.
    """
    removed = []
    for leftover in [*out_dir.glob(".indojp-data-*"), *out_dir.glob(f".{INDEX}.*")]:
        if leftover.is_file() or leftover.is_symlink():
            leftover.unlink()
            removed.append(leftover)
    return removed


def verify_release(path: Path) -> None:
    """Check a release zip: the validator finds nothing wrong, and its CSV and JSON give the canonical data.

    The validator (:func:`indojp_data.validate.validate`) checks what any downstream user's would: the
    ``SHA256SUMS``, the descriptor with its sizes and hashes, every table against its published Table
    Schema, the Dataset JSON against its JSON Schema and the rules between records. On top of that, the
    release must give back exactly the curated dataset, and ``croissant.json`` must give the right SHA-256
    of every file it lists, with the JSON records its record sets read being the rows of the CSV tables.

    Raises:
        ReleaseError: naming the first entry that does not verify.
    """
    report = validate(path)
    if report.exit_code:
        errors = [p for p in report.problems if p.severity == "error"]
        said = "; ".join(
            f"{p.file}:{p.line or ''}: [{p.rule}] {p.field or p.pointer or ''} {p.message}" for p in errors[:3]
        )
        raise ReleaseError(f"{path}: the validator refuses it ({len(errors)} errors): {said}")
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    canonical = load()
    if read_package_files(files) != canonical:
        raise ReleaseError(f"{path}: the CSV tables do not give back the canonical dataset")

    if Dataset.model_validate_json(files["data/dataset.json"]) != canonical:
        raise ReleaseError(f"{path}: data/dataset.json does not give back the canonical dataset")

    for item in decode_json(files[croissant.FILE_NAME])["distribution"]:
        described = files.get(item["contentUrl"])
        if described is None or hashlib.sha256(described).hexdigest() != item["sha256"]:
            raise ReleaseError(f"{path}: {croissant.FILE_NAME}: {item['contentUrl']}: missing, or its sha256 differs")
    package = Package({name: data for name, data in files.items() if name == "datapackage.json" or "/" in name})
    try:
        croissant.verify(package, files)
    except ExportError as exc:
        raise ReleaseError(f"{path}: {croissant.FILE_NAME}: {exc}") from exc


def read_package_files(files: Mapping[str, bytes]) -> object:
    """Rebuild the Dataset from a data package's CSV files (``data/<table>.csv`` -> bytes)."""
    rows: dict[str, list[list[str]]] = {}
    for spec in layout():
        reader = decode_csv(files[f"{DATA_DIR}/{spec.name}.csv"])
        header = next(reader)
        if header != [c.name for c in spec.columns]:
            raise ReleaseError(f"{spec.name}.csv: header differs from the table layout")
        rows[spec.name] = [row for row in reader]
    return from_rows(rows)
