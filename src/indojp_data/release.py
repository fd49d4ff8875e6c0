"""The release bundle: ``dist/indojp-data-<version>.zip``, byte-identical however often it is built.

The zip holds the data package (``datapackage.json`` and ``data/``), the JSON Schemas of this version,
README, CHANGELOG, both licences and ``SHA256SUMS``, all under one top folder
``indojp-data-<version>/``. Reproducibility: entries are sorted, every timestamp is the release date,
every file mode is 0644, and entries are stored uncompressed so that no zlib version can change a byte.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

from indojp_data._version import RELEASE_DATE, __version__

BUNDLED_DOCS = ("README.md", "CHANGELOG.md", "LICENSE", "LICENSE-DATA")
"""Files of the project root copied into every bundle, beside the data package and the schemas."""
CHECKSUMS = "SHA256SUMS"
"""Name of the bundle's checksum file (the format ``sha256sum --check`` reads)."""


class ReleaseError(Exception):
    """The release cannot be made or does not verify; the message says why."""


def bundle_name(version: str = __version__) -> str:
    """Return the file name of the release zip."""
    return f"indojp-data-{version}.zip"


def bundle_files(root: Path, generated: Mapping[str, bytes]) -> dict[str, bytes]:
    """Return the bundle's files (relative to its top folder) from the generated files and ``root``'s docs."""
    from indojp_data.build import PACKAGE_DIR, SCHEMA_DIR

    files: dict[str, bytes] = {}
    for path, data in generated.items():
        if path.startswith(PACKAGE_DIR + "/"):
            files[path[len(PACKAGE_DIR) + 1 :]] = data
        elif path.startswith(f"{SCHEMA_DIR}/{__version__}/"):
            files[path] = data
    for name in BUNDLED_DOCS:
        source = root / name
        if not source.is_file():
            raise ReleaseError(f"{source}: missing; a release bundles {', '.join(BUNDLED_DOCS)}")
        files[name] = source.read_bytes()
    files[CHECKSUMS] = checksums(files)
    return files


def checksums(files: Mapping[str, bytes]) -> bytes:
    """Return a ``SHA256SUMS`` file (the format ``sha256sum -c`` reads) for ``files``."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items())]
    return "".join(lines).encode("utf-8")


def zip_bytes(files: Mapping[str, bytes], top: str) -> bytes:
    """Return a deterministic zip of ``files`` under the folder ``top``."""
    stamp = (*(int(part) for part in RELEASE_DATE.split("-")), 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{top}/{path}", date_time=stamp)  # type: ignore[arg-type]
            info.create_system = 3  # Unix, so the mode below is read everywhere
            info.external_attr = (0o100644 & 0xFFFF) << 16
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, files[path])
    return buffer.getvalue()


def make_release(root: Path, out_dir: Path | None = None) -> Path:
    """Build, write and verify the release zip for the project at ``root``; return its path.

    Raises:
        ReleaseError: if the committed generated files are stale, a bundled document is missing, or the
            written zip does not verify.
    """
    from indojp_data.build import check, render

    generated = render()
    drift = check(root, generated)
    if drift:
        listed = ", ".join(str(d) for d in drift[:5])
        raise ReleaseError(f"generated files are out of date ({listed}); run `indojp-data build` first")
    top = f"indojp-data-{__version__}"
    data = zip_bytes(bundle_files(root, generated), top)
    out_dir = out_dir or root / "dist"
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / bundle_name()
    remove_leftovers(out_dir)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=out_dir)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        verify_release(Path(temporary))
        os.replace(temporary, target)  # atomic: the target is the old zip or the new one, never a part
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def remove_leftovers(out_dir: Path) -> list[Path]:
    """Remove the temporary zips (``.indojp-data-*.zip.*``) that killed release runs left in ``out_dir``.

    :func:`make_release` writes the zip to such a temporary file and renames it into place only once it
    verifies, so a kill leaves the previous release intact and, at worst, one of these behind; the next
    run calls this first. Returns the paths removed.
    """
    removed = []
    for leftover in out_dir.glob(".indojp-data-*.zip.*"):
        if leftover.is_file() or leftover.is_symlink():
            leftover.unlink()
            removed.append(leftover)
    return removed


def verify_release(path: Path) -> None:
    """Check a release zip: checksums, descriptor hashes, and that its CSV and JSON give the canonical data.

    Raises:
        ReleaseError: naming the first entry that does not verify.
    """
    from indojp_data.api import load

    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        tops = {name.split("/", 1)[0] for name in names}
        if len(tops) != 1:
            raise ReleaseError(f"{path}: expected one top folder, found {sorted(tops)}")
        (top,) = tops
        files = {name[len(top) + 1 :]: archive.read(name) for name in names}
    listed = files.get(CHECKSUMS, b"").decode("utf-8").splitlines()
    if sorted(line.split("  ", 1)[1] for line in listed) != sorted(set(files) - {CHECKSUMS}):
        raise ReleaseError(f"{path}: {CHECKSUMS} does not list exactly the bundled files")
    for line in listed:
        digest, name = line.split("  ", 1)
        if hashlib.sha256(files[name]).hexdigest() != digest:
            raise ReleaseError(f"{path}: {name}: checksum mismatch")
    descriptor = json.loads(files["datapackage.json"])
    for resource in descriptor["resources"]:
        data = files[resource["path"]]
        if resource["bytes"] != len(data) or resource["hash"] != "sha256:" + hashlib.sha256(data).hexdigest():
            raise ReleaseError(f"{path}: {resource['path']}: bytes or hash differ from datapackage.json")
    canonical = load()
    if read_package_files(files) != canonical:
        raise ReleaseError(f"{path}: the CSV tables do not give back the canonical dataset")
    from indojp_data.models import Dataset

    if Dataset.model_validate_json(files["data/dataset.json"]) != canonical:
        raise ReleaseError(f"{path}: data/dataset.json does not give back the canonical dataset")
    import jsonschema

    schema = json.loads(files[f"schema/{__version__}/dataset.schema.json"])
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema).iter_errors(json.loads(files["data/dataset.json"]))
    )
    if error is not None:
        raise ReleaseError(f"{path}: data/dataset.json breaks its JSON Schema: {error.message}")


def read_package_files(files: Mapping[str, bytes]) -> object:
    """Rebuild the Dataset from a data package's CSV files (``data/<table>.csv`` -> bytes)."""
    import csv

    from indojp_data.datapackage import DATA_DIR
    from indojp_data.tables import from_rows, layout

    rows: dict[str, list[list[str]]] = {}
    for spec in layout():
        text = files[f"{DATA_DIR}/{spec.name}.csv"].decode("utf-8")
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader)
        if header != [c.name for c in spec.columns]:
            raise ReleaseError(f"{spec.name}.csv: header differs from the table layout")
        rows[spec.name] = [row for row in reader]
    return from_rows(rows)
