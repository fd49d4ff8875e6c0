"""The Frictionless Data Package (v2) descriptor: the Table Schemas and ``datapackage.json``.

Everything here is derived from :mod:`indojp_data.publish.layout` (itself derived from the models) and
from the curated records; :func:`render_package` returns the exact bytes of every file of the package, so
a build is reproducible and ``build --check`` can compare byte for byte.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from indojp_data._version import RELEASE_DATE, __version__
from indojp_data.core.codec import CSV_DIALECT, FORMULA_PREFIXES, MEDIATYPES, encode_csv, encode_json
from indojp_data.core.schemas import PACKAGE_PROFILE, TABLE_SCHEMA_PROFILE
from indojp_data.model.fieldtypes import Codelist
from indojp_data.publish.layout import layout, table
from indojp_data.publish.rows import to_rows

if TYPE_CHECKING:
    from collections.abc import Sequence

    from indojp_data.model.dataset import Dataset
    from indojp_data.publish.layout import Table


PACKAGE_ID = "urn:uuid:c1f57e80-7747-4be0-91b8-139af6557d7a"
"""The package's ``id``: the same in every version (``version`` tells versions apart).

A UUID, generated once at random and recorded here, in the registered ``urn:uuid:`` namespace (RFC 9562):
globally unique without any registry, and it claims no address or DOI the project does not hold.
"""


DATA_DIR = "data"


DATASET_JSON = f"{DATA_DIR}/dataset.json"


DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}


def table_schema(spec: Table, *, embedded: bool = False) -> dict[str, Any]:
    """Return the Table Schema of one CSV resource.

    Args:
        spec: The table.
        embedded: True for the copy inside ``datapackage.json``; only a standalone (root) descriptor
            names its profile with ``$schema``.
    """
    fields = []
    for column in spec.columns:
        field: dict[str, Any] = {"name": column.name, "title": column.title, "type": column.type}
        if column.description:
            field["description"] = column.description
        if column.type == "boolean":
            field["trueValues"] = ["true"]
            field["falseValues"] = ["false"]
        constraints: dict[str, Any] = {"required": column.required}
        constraints.update({k: v for k, v in column.constraints.items()})
        if column.enum is not None:
            constraints["enum"] = list(column.enum)
            field["categories"] = list(column.enum)
            if column.categories_ordered:
                field["categoriesOrdered"] = True
        if column.codelist is not None:
            constraints["enum"] = Codelist(column.codelist).codes()  # type: ignore[arg-type]
        field["constraints"] = constraints
        fields.append(field)
    # fieldsMatch is left at its default, "exact" (frictionlessdata/datapackage#965: the v2 profile mistypes it).
    schema: dict[str, Any] = {} if embedded else {"$schema": TABLE_SCHEMA_PROFILE}
    schema.update({"fields": fields, "missingValues": [""], "primaryKey": list(spec.primary_key)})
    foreign_keys = [
        {
            "fields": [c.name],
            "reference": {"resource": c.foreign_key, "fields": [c.foreign_field or _key_of(c.foreign_key)]},
        }
        for c in spec.columns
        if c.foreign_key is not None
    ]
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def _key_of(table_name: str) -> str:

    return table(table_name).primary_key[0]


def _hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def descriptor(ds: Dataset, files: Mapping[str, bytes]) -> dict[str, Any]:
    """Return ``datapackage.json`` for the rendered ``files`` (paths relative to the package directory)."""

    def file_entry(name: str, title: str, description: str, path: str) -> dict[str, Any]:
        kind = path.rsplit(".", 1)[1]
        return {
            "name": name,
            "title": title,
            "description": description,
            "path": path,
            "scheme": "file",
            "format": kind,
            "mediatype": MEDIATYPES[kind],
            "encoding": "utf-8",
            "bytes": len(files[path]),
            "hash": _hash(files[path]),
        }

    resources: list[dict[str, Any]] = []
    for spec in layout():
        path = f"{DATA_DIR}/{spec.name}.csv"
        resources.append(
            {
                **file_entry(spec.name, spec.title, spec.description, path),
                "type": "table",
                "dialect": dict(CSV_DIALECT),
                "schema": table_schema(spec, embedded=True),
            }
        )
    description = (
        f"The whole dataset as one JSON document, valid against schema/{__version__}/dataset.schema.json; "
        "the same facts as the CSV tables."
    )
    # Data Package v2 allows only "table" as a resource type; a JSON document has no type (format and
    # mediatype say what it is).
    resources.append(file_entry("dataset", "Dataset (JSON)", description, DATASET_JSON))
    summit = ds.summits[0]
    speakers = sorted({ds.person(q.speaker).name for q in ds.quotes})
    quoted = f"the quotes of {' and '.join(speakers)}" if speakers else "no quotes"
    return {
        "$schema": PACKAGE_PROFILE,
        "name": "indojp-data",
        "id": PACKAGE_ID,
        "title": "India-Japan economic-security roadmap (New Delhi summit, 2 July 2026)",
        "description": (
            "The joint India-Japan economic-security roadmap unveiled at the New Delhi summit of "
            f"{summit.date.isoformat()}: its sectors, the memorandums of understanding, the investment target, "
            f"{quoted} and the archival image printed with the report. Every fact taken from the article is "
            "cited to the passage it rests on; values the article does not state are marked as inferred or "
            "general knowledge, and facts it does not give are explicit unknowns."
        ),
        "version": __version__,
        "created": f"{RELEASE_DATE}T00:00:00Z",
        "licenses": [DATA_LICENSE],
        "sources": [
            {
                "title": "Article on the summit, read as a news article (headline, outlet and address not in our copy)",
                "description": (
                    f"Curated from the copy {ds.source.file_name} (sha256 {ds.source.sha256}); "
                    "see the source and source_references tables."
                ),
            }
        ],
        "contributors": [{"title": "indojp-data contributors", "roles": ["creator"]}],
        "keywords": ["India", "Japan", "economic security", "supply chains", "critical minerals", "summit"],
        "resources": resources,
    }


def render_package(ds: Dataset) -> dict[str, bytes]:
    """Return every file of the data package directory, keyed by relative path.

    Raises:
        ValueError: if a CSV cell would start with a formula character (see :data:`FORMULA_PREFIXES`).
    """
    rows = to_rows(ds)
    risky = find_risky_cells(rows)
    if risky:
        listed = "; ".join(f"{r.table}.csv row {r.row} column {r.column}: {r.value[:40]!r}" for r in risky)
        raise ValueError(f"cells that a spreadsheet would run as formulas: {listed}")
    files: dict[str, bytes] = {}
    for spec in layout():
        files[f"{DATA_DIR}/{spec.name}.csv"] = encode_csv([c.name for c in spec.columns], rows[spec.name])
    files[DATASET_JSON] = dataset_json(ds)
    files["datapackage.json"] = encode_json(descriptor(ds, files))
    return files


@dataclass(frozen=True)
class RiskyCell:
    """A CSV cell that a spreadsheet could read as a formula."""

    table: str
    row: int
    column: str
    value: str


def find_risky_cells(rows: Mapping[str, Sequence[Sequence[str]]]) -> list[RiskyCell]:
    """Return every cell whose text starts with a formula character (``=``, ``+``, ``-``, ``@``)."""
    found = []
    for name, table_rows in rows.items():
        header = [c.name for c in table(name).columns]
        for index, cells in enumerate(table_rows, start=1):
            for column, cell in zip(header, cells, strict=True):
                if cell.startswith(FORMULA_PREFIXES):
                    found.append(RiskyCell(name, index, column, cell))
    return found


def dataset_json(ds: Dataset) -> bytes:
    """Return ``data/dataset.json``: the whole dataset as one JSON document."""
    return (ds.model_dump_json(indent=2) + "\n").encode("utf-8")
