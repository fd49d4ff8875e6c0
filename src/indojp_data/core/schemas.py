"""Find the published JSON Schemas of any version, in a wheel or in an editable install.

The wheel carries ``schema/`` as ``indojp_data/schema/``; an editable install reads the ``schema/``
directory of the source tree it was installed from, as its installer recorded it (PEP 610's
``direct_url.json``). Every version ever published stays available, so downstream users can pin one.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlparse

import semver

from indojp_data._version import __version__
from indojp_data.core.tableschema import TableSchema

PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLE_SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
"""The Data Package v2 profiles our descriptors (package, Table Schemas) name in ``$schema``."""

DISTRIBUTION = "indojp-data"
"""The distribution name the package is installed under."""


def is_version(text: object) -> bool:
    """Tell whether ``text`` is exactly a semantic version (no surrounding space, no leading ``v``)."""
    return isinstance(text, str) and semver.Version.is_valid(text)


def schema_root() -> Path:
    """Return the directory that holds one sub-directory per schema version."""
    packaged = Path(str(resources.files("indojp_data"))) / "schema"
    if packaged.is_dir():
        return packaged
    source = editable_source()
    return (source or Path.cwd()) / "schema"


def editable_source() -> Path | None:
    """Return the source tree of an editable install (PEP 610), or ``None`` for any other install."""
    from importlib import metadata  # only when no schema is packaged: the validator's start-up skips it

    try:
        recorded = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    try:
        url = json.loads(recorded or "{}")
    except ValueError:
        return None
    if not isinstance(url, dict) or not url.get("dir_info", {}).get("editable"):
        return None
    parsed = urlparse(str(url.get("url", "")))
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else None


def versions() -> list[str]:
    """Return every schema version available, oldest first."""
    root = schema_root()
    found = [p.name for p in root.iterdir() if p.is_dir() and is_version(p.name)] if root.is_dir() else []
    return sorted(found, key=semver.Version.parse)


def schema_names(version: str = __version__) -> list[str]:
    """Return the schema names of ``version`` (``dataset``, ``persons``, ...)."""
    directory = schema_root() / version
    return sorted(p.name.removesuffix(".schema.json") for p in directory.glob("*.schema.json"))


def schema_path(name: str = "dataset", version: str = __version__) -> Path:
    """Return the file of schema ``name`` in ``version``.

    Raises:
        LookupError: if that version or name does not exist; the message lists what does.
    """
    if version not in versions():
        raise LookupError(f"no schema version {version!r}; available: {', '.join(versions()) or 'none'}")
    path = schema_root() / version / f"{name}.schema.json"
    if not path.is_file():
        raise LookupError(f"no schema {name!r} in {version}; available: {', '.join(schema_names(version))}")
    return path


def table_schemas(version: str = __version__) -> dict[str, dict[str, object]]:
    """Return the Table Schema of every CSV resource of ``version``, keyed by resource name, in package order.

    Raises:
        LookupError: if that version does not exist.
    """
    from indojp_data.core.codec import read_json

    if version not in versions():
        raise LookupError(f"no schema version {version!r}; available: {', '.join(versions()) or 'none'}")
    directory = schema_root() / version / "tables"
    found = {p.stem: read_json(p) for p in directory.glob("*.json")}
    targets = {
        name: {key.resource for key in TableSchema.from_descriptor(schema, name).foreign_keys}
        for name, schema in found.items()
    }
    return dict(sorted(found.items(), key=lambda item: (_dependency_rank(item[0], targets), item[0])))


def _dependency_rank(name: str, targets: dict[str, set[str]], seen: frozenset[str] = frozenset()) -> int:
    """Return how deep ``name`` sits in the foreign-key graph, so referenced tables come first.

    ``targets`` holds the resources each table's foreign keys reference.
    """
    ahead = targets.get(name, set()) - seen - {name}
    return max((1 + _dependency_rank(t, targets, seen | {name}) for t in ahead), default=0)
