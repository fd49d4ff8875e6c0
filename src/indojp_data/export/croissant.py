"""Croissant 1.1 (``croissant.json``): the package described for ML tools and dataset search engines.

The JSON-LD document has one ``RecordSet`` per table with a typed field per column and its key, two
``FileObject`` per table (each with its size and SHA-256), the data licence, and the
Responsible-AI (``rai:``) properties. Those are written only from what the dataset itself records: how it
was collected (its ``source`` table and the descriptor's ``sources``), the explicit unknowns and the
inferences (the rows of the ``unknowns`` and ``inferences`` tables), and the completeness report
(:meth:`~indojp_data.model.dataset.Dataset.completeness`). Nothing else is claimed; a property the dataset has
no record for is left out. It has no ``url``: the dataset records no address for itself.

The two files of a table are its CSV file (``data/<table>.csv``, the one ``datapackage.json`` describes)
and its records as JSON (``croissant/<table>.json``), from which the ``RecordSet`` reads its fields with a
``jsonPath``. The records are the CSV rows, one object per row with every column: a missing value (an
empty cell, and only an empty cell) is ``null``; text is a JSON string, an integer a JSON number and a
boolean ``true`` or ``false``; a date is its ISO 8601 text and a decimal number its exact text (as in
``data/dataset.json``), and those two are declared ``sc:Text``, the one Croissant type a reader gives back
as written (see :data:`DATA_TYPES`).

The record sets do not read the CSV files because a Croissant reader may read CSV with pandas' default
missing-value markers: mlcroissant 1.1 calls ``pandas.read_csv`` without options, so a cell holding ``NA``
(Namibia's country code), ``N/A``, ``null``, ``None``, ``nan``... comes back missing, and Croissant 1.1
has no property to declare the missing-value markers of a CSV file. JSON has ``null`` for a missing
value, so no JSON reader takes a string for one; mlcroissant reads an ``application/json`` file with
``json.load`` and the ``jsonPath`` of each field. The CSV files stay in ``distribution``: they are the
tables the package publishes.

``croissant.json`` sits at the root of the data package, beside ``datapackage.json``, and its
``contentUrl`` values are relative to it. Pure JSON, and the records too: identical bytes everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from indojp_data.core.codec import decode_json, encode_json
from indojp_data.export.typed_package import ExportError, Package, TableResource, Value
from indojp_data.model.curated import load
from indojp_data.publish.rows import format_cell

FILE_NAME = "croissant.json"
"""The file name, at the package root."""
RECORDS_DIR = "croissant"
"""The folder of the JSON records the record sets read, at the package root: ``croissant/<table>.json``."""
RECORDS_FORMAT = "application/json"
"""The ``encodingFormat`` of the records: JSON, which every reader parses without missing-value markers."""
CONFORMS_TO = "http://mlcommons.org/croissant/1.1"

DATA_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "boolean": "sc:Boolean",
    # A date and an exact decimal are declared as text, the only type that gives them back as written: a
    # Croissant reader turns sc:Date into a timestamp (mlcroissant: a pandas Timestamp at midnight) and
    # sc:Float into a binary float, which rounds a long or fractional decimal. TEXT_FORMATS says, in the
    # field's description, what the text holds.
    "date": "sc:Text",
    "number": "sc:Text",
}
"""The Croissant ``dataType`` of each Table Schema type: the one under which a reader gets the value back."""

TEXT_FORMATS = {
    "date": "Written as text: an ISO 8601 calendar date, YYYY-MM-DD.",
    "number": "Written as text: an exact decimal number in plain notation (no exponent), e.g. 10000000000000.",
}
"""What a field declared as text holds, for the Table Schema types that have no type of their own in Croissant."""

CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
"""The JSON-LD context of Croissant 1.1 (as mlcroissant writes it)."""


def _field_id(table: str, column: str) -> str:
    return f"{table}/{column}"


def records_path(table: TableResource) -> str:
    """Return the path of a table's JSON records, relative to the package root."""
    return f"{RECORDS_DIR}/{table.name}.json"


def json_value(value: Value) -> str | int | bool | None:
    """Return a typed cell as a JSON value: null, a string, an integer or a boolean (see the module docstring)."""
    if value is None or isinstance(value, (str, int)):  # bool is an int
        return value
    return format_cell(value)  # a date (ISO 8601) or a decimal (exact), as text


def _records(table: TableResource) -> list[dict[str, str | int | bool | None]]:
    names = [f.name for f in table.fields]
    return [dict(zip(names, (json_value(v) for v in row), strict=True)) for row in table.rows]


def records(table: TableResource) -> bytes:
    """Return a table's rows as JSON: an array of objects with every column, in CSV order."""
    return encode_json(_records(table))


def _same(loaded: Any, expected: list[dict[str, str | int | bool | None]]) -> bool:
    """Return whether ``loaded`` holds ``expected``: the same objects, keys in order, values of the same type."""
    return (
        isinstance(loaded, list)
        and len(loaded) == len(expected)
        and all(
            isinstance(got, dict)
            and list(got) == list(want)
            and all(type(got[k]) is type(v) and got[k] == v for k, v in want.items())  # True == 1 in Python
            for got, want in zip(loaded, expected, strict=True)
        )
    )


def verify(package: Package, files: Mapping[str, bytes]) -> None:
    """Check that every table's JSON records give back the package's rows, value for value.

    Raises:
        ExportError: naming the first table whose records are missing or differ.
    """
    for table in package.tables:
        path = records_path(table)
        data = files.get(path)
        try:
            loaded = None if data is None else decode_json(data)
        except ValueError:
            loaded = None
        if not _same(loaded, _records(table)):
            raise ExportError(f"{path}: missing, or does not give back the rows of {table.path}")


def json_path(column: str) -> str:
    """Return the JSONPath of a column's values in the records, ``$[*]['column']``.

    The bracket notation with a quoted name is read the same whatever the name holds (``where`` is a
    keyword of some JSONPath readers, and a name may hold a dot or a space).
    """
    quoted = column.replace("\\", "\\\\").replace("'", "\\'")
    return f"$[*]['{quoted}']"


def _file_object(path: str, description: str, encoding_format: str, data: bytes) -> dict[str, Any]:
    import hashlib

    return {
        "@type": "cr:FileObject",
        "@id": path,
        "name": path,
        "description": description,
        "contentUrl": path,
        "contentSize": f"{len(data)} B",
        "encodingFormat": encoding_format,
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def file_objects(package: Package) -> list[dict[str, Any]]:
    """Return the ``FileObject`` of every table's CSV file and JSON records, with their size and SHA-256."""
    objects = []
    for table in package.tables:
        objects.append(
            _file_object(
                table.path,
                f"The {table.name} table, CSV (RFC 4180, UTF-8, header row); an empty cell, and only an empty "
                "cell, is a missing value.",
                "text/csv",
                package.files[table.path],
            )
        )
    for table in package.tables:
        objects.append(
            _file_object(
                records_path(table),
                f"The rows of {table.path} as JSON, one object per row, null for an empty cell: the record set "
                f"{table.name} reads them, so that no text is taken for a missing value.",
                RECORDS_FORMAT,
                records(table),
            )
        )
    return objects


def record_set(table: TableResource) -> dict[str, Any]:
    """Return the ``RecordSet`` of one table: a typed field per column, and its key.

    Foreign keys are not declared as ``references``: mlcroissant (1.1.1) turns a reference into a join
    and then fails to load the record set, so the relations are left to ``datapackage.json`` (and to the
    field descriptions, which name the table a column points to).
    """
    fields = []
    for column in table.fields:
        field: dict[str, Any] = {
            "@type": "cr:Field",
            "@id": _field_id(table.name, column.name),
            "name": column.name,
            "dataType": DATA_TYPES.get(column.type, "sc:Text"),
            "source": {"fileObject": {"@id": records_path(table)}, "extract": {"jsonPath": json_path(column.name)}},
        }
        description = " ".join(filter(None, (column.description, TEXT_FORMATS.get(column.type))))
        if description:
            field["description"] = description
        fields.append(field)
    result: dict[str, Any] = {
        "@type": "cr:RecordSet",
        "@id": table.name,
        "name": table.name,
        "description": table.description,
        "field": fields,
    }
    if table.primary_key:
        result["key"] = [{"@id": _field_id(table.name, c)} for c in table.primary_key]
    return result


def _rows(package: Package, name: str) -> Sequence[tuple[Value, ...]]:
    try:
        return package.table(name).rows
    except KeyError:
        return ()


def _listing(rows: Iterable[tuple[Value, ...]]) -> str:
    return "; ".join(f"{table}/{record}, {field}: {text}" for table, record, field, text in rows)


def responsible_ai(package: Package, completeness: Iterable[Any]) -> dict[str, Any]:
    """Return the ``rai:`` properties, each written from a record of the dataset (see the module docstring)."""
    descriptor = package.descriptor
    source = descriptor.get("sources", [{}])[0]
    raw = " ".join(str(source.get(k, "")) for k in ("title", "description")).strip()
    citations = len(_rows(package, "citations"))
    unknowns = _rows(package, "unknowns")
    inferences = _rows(package, "inferences")
    properties: dict[str, Any] = {
        "rai:dataCollection": (
            "Curated into human-edited records from a single article about the summit (read as a news article); "
            "every record cites at least one exact passage of the article, and the facts taken from it are cited "
            f"to the passage they rest on ({citations} citations, in the citations table). Values the article "
            "does not state are marked as inferred or general knowledge (inferences table)."
        ),
        "rai:dataCollectionType": ["Manual Human Curation"],
        "rai:dataCollectionRawData": raw,
        "rai:dataImputationProtocol": (
            "None: no missing value is imputed. A fact the source does not give stays null and is listed with "
            "its reason in the unknowns table."
        ),
    }
    if unknowns:
        properties["rai:dataCollectionMissingData"] = (
            f"{len(unknowns)} facts the source does not give are null, each with its reason (unknowns table): "
            + _listing(unknowns)
        )
    if inferences:
        properties["rai:dataManipulationProtocol"] = (
            f"{len(inferences)} values are inferred rather than read from the source, each with its method "
            "(inferences table): " + _listing(inferences)
        )
    limitations = [
        f"Completeness, {item.subject}: the source asserts {item.asserted}, the dataset identifies "
        f"{item.identified}. {item.note}"
        for item in completeness
    ]
    if limitations:
        properties["rai:dataLimitations"] = limitations
    return properties


def cite_as(package: Package, authors: Sequence[str], title: str) -> str:
    """Return a BibTeX entry for the dataset (the form Croissant recommends for ``citeAs``)."""
    created = str(package.descriptor.get("created", ""))
    fields = {
        "title": title,
        "author": " and ".join("{" + a + "}" for a in authors),
        "year": created[:4],
        "version": package.version,
        "note": f"Data licence: {package.license().get('name', '')}",
    }
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    key = f"{package.descriptor['name']}-{package.version}".replace("-", "_").replace(".", "_")
    return f"@misc{{{key},\n{body}\n}}"


def metadata(package: Package, completeness: Iterable[Any] = ()) -> dict[str, Any]:
    """Return the Croissant document of ``package``."""
    descriptor = package.descriptor
    licence = package.license()
    creators = [
        {"@type": "sc:Organization", "name": c["title"]} for c in descriptor.get("contributors", []) if "title" in c
    ]
    title = str(descriptor.get("title", ""))
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": descriptor["name"],
        "alternateName": title,
        "description": descriptor.get("description", ""),
        "version": package.version,
        "datePublished": str(descriptor.get("created", ""))[:10],
        "license": licence.get("path") or licence.get("name"),
        "creator": creators,
        "keywords": descriptor.get("keywords", []),
        "citeAs": cite_as(package, [c["name"] for c in creators], title),
        "isAccessibleForFree": True,
        **responsible_ai(package, completeness),
        "distribution": file_objects(package),
        "recordSet": [record_set(t) for t in package.tables],
    }
    return document


SCHEMA_ORG_KEYS = (
    "name",
    "alternateName",
    "description",
    "version",
    "datePublished",
    "license",
    "creator",
    "keywords",
    "citeAs",
    "isAccessibleForFree",
)


def schema_org_dataset(package: Package) -> dict[str, Any]:
    """Return a plain schema.org ``Dataset`` (JSON-LD) for a web page: the descriptive part of the Croissant.

    Dataset search engines read it from a ``<script type="application/ld+json">`` block.
    """
    document = metadata(package)
    dataset: dict[str, Any] = {"@context": "https://schema.org/", "@type": "Dataset"}
    for key in SCHEMA_ORG_KEYS:
        if key in document:
            name = "citation" if key == "citeAs" else key
            dataset[name] = document[key]
    dataset["creator"] = [{**c, "@type": "Organization"} for c in dataset.get("creator", [])]
    dataset["encodingFormat"] = [
        "text/csv",
        "application/json",
        "application/vnd.apache.parquet",
        "application/vnd.sqlite3",
    ]
    return dataset


def render(package: Package) -> dict[str, bytes]:
    """Return ``croissant.json`` and the files it describes (CSV files and JSON records), keyed by path."""
    files = {FILE_NAME: encode_json(metadata(package, load().completeness()))}
    files.update({t.path: package.files[t.path] for t in package.tables})
    files.update({records_path(t): records(t) for t in package.tables})
    return files
