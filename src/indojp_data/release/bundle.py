"""The bytes of a release bundle: its files, its ``SHA256SUMS`` and the byte-reproducible zip.

:mod:`indojp_data.release.make` writes and verifies a release with these; ``indojp-data build``
prints the SHA-256 of the files every build writes byte for byte (:func:`byte_identical_files`) on the
documentation's Get the data page. This module reads nothing of ``build`` or ``release``, so both can use it.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from indojp_data._version import RELEASE_DATE, __version__
from indojp_data.core.problems import IndojpError
from indojp_data.export import croissant, sqlite
from indojp_data.export.typed_package import Package
from indojp_data.publish import data_readme
from indojp_data.publish.names import CHECKSUMS, PACKAGE_DIR, SCHEMA_DIR, bundle_name

if TYPE_CHECKING:
    from indojp_data.export.typed_package import Package

BUNDLED_DOCS = ("CHANGELOG.md", "CITATION.cff", "LICENSE", "LICENSE-DATA")
"""Files of the project root copied into every bundle, beside the data package, the schemas and the README for
data users (:mod:`indojp_data.publish.data_readme`)."""


class ReleaseError(IndojpError):
    """The release cannot be made or does not verify; the message says why."""


def bundle_files(root: Path, generated: Mapping[str, bytes]) -> dict[str, bytes]:
    """Return the bundle's files (relative to the archive root) from the generated files and ``root``'s docs."""
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

    files[data_readme.FILE_NAME] = data_readme.render(files)
    # croissant.json and the JSON records it reads; the CSV files unchanged
    files.update(croissant.render(bundle_package(files)))
    files[CHECKSUMS] = checksums(files)
    return files


def bundle_package(bundle: Mapping[str, bytes]) -> Package:
    """Return the data package of a bundle's files: ``datapackage.json`` and the files in folders (``data/``)."""
    return Package({path: data for path, data in bundle.items() if path == "datapackage.json" or "/" in path})


def byte_identical_names(version: str = __version__) -> tuple[str, str]:
    """Return the names of the release files that every build of ``version`` writes byte for byte.

    They are the zip and the Datasette metadata. The Parquet zip and the SQLite database are identical in
    content on every rebuild, but in bytes only with the same DuckDB and SQLite versions; the checksum
    file and the release index list their checksums, so they vary with them.
    """
    return bundle_name(version), sqlite.metadata_name(version)


def byte_identical_files(root: Path, generated: Mapping[str, bytes]) -> dict[str, bytes]:
    """Return the files of :func:`byte_identical_names`, made by the code :func:`make_release` writes them with.

    ``generated`` holds the data package and the schemas of this version (the output of
    :func:`indojp_data.publish.build.render`, or its files outside ``docs/``: no page of ``docs/`` is
    bundled); ``root`` gives the bundled files of :data:`BUNDLED_DOCS`. ``indojp-data build`` prints the
    SHA-256 of these files on the documentation's Get the data page without writing a release.
    """
    bundle = bundle_files(root, generated)
    zip_name, metadata_name = byte_identical_names()
    return {zip_name: zip_bytes(bundle), metadata_name: sqlite.render_metadata(bundle_package(bundle))}


def checksums(files: Mapping[str, bytes]) -> bytes:
    """Return a ``SHA256SUMS`` file (the format ``sha256sum -c`` reads) for ``files``."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items())]
    return "".join(lines).encode("utf-8")


def zip_bytes(files: Mapping[str, bytes], top: str = "") -> bytes:
    """Return a deterministic zip of ``files``, at the archive root or under the folder ``top``."""
    stamp = (*(int(part) for part in RELEASE_DATE.split("-")), 0, 0, 0)
    prefix = f"{top}/" if top else ""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{prefix}{path}", date_time=stamp)  # type: ignore[arg-type]
            info.create_system = 3  # Unix, so the mode below is read everywhere
            info.external_attr = (0o100644 & 0xFFFF) << 16
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, files[path])
    return buffer.getvalue()
