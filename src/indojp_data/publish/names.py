"""Names defined once: the generated directories, and a release's files.

The files: the zip, the checksum file, the Parquet zip and the release index.
"""

from __future__ import annotations

from indojp_data._version import __version__

PACKAGE_DIR = "datapackage"
"""Directory of the generated data package, relative to the project root."""
SCHEMA_DIR = "schema"
"""Directory of the generated JSON Schemas, one subdirectory per version."""
MODEL_DIR = "src/indojp_data/model"
"""Directory of the model package, relative to the project root: the build writes the validated records there."""
TABLES_DIR = "tables"
"""Subdirectory of a schema version that holds the Table Schemas of the CSV resources."""
CHECKSUMS = "SHA256SUMS"
"""Name of the bundle's checksum file (the format ``sha256sum --check`` reads)."""
INDEX = "releases.json"
"""File name of the release index written into the output directory."""
RECORDED_INDEX = "releases/index.json"
"""The release index kept in the repository (relative to the project root); ``release --record-index``."""


def bundle_name(version: str = __version__) -> str:
    """Return the file name of the release zip."""
    return f"indojp-data-{version}.zip"


def checksums_name(version: str = __version__) -> str:
    """Return the name of the checksum file beside the zip, ``indojp-data-<version>.SHA256SUMS``."""
    return f"indojp-data-{version}.{CHECKSUMS}"


def parquet_bundle_name(version: str = __version__) -> str:
    """Return the name of the zip of Parquet files, ``indojp-data-<version>-parquet.zip``."""
    return f"indojp-data-{version}-parquet.zip"
