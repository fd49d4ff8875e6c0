"""JSON Schemas (draft 2020-12) generated from the models.

* ``dataset.schema.json``: the whole Dataset JSON document, every definition bundled under ``$defs``
  and no external ``$ref``, so any validator checks it offline.
* ``<table>.schema.json``: one record of each table (e.g. ``persons.schema.json`` for one person).

Each schema's ``$id`` carries the schema version (``urn:indojp-data:schema:<version>:<name>``), a URN
rather than a web address because the project publishes no schema host. Rules that span records
(identifiers that must resolve, counts that must reconcile) cannot be said in JSON Schema; they are
listed in the schema's ``$comment`` and checked by ``indojp-data validate``.
"""

from __future__ import annotations

from typing import Any

from indojp_data._version import __version__

DRAFT = "https://json-schema.org/draft/2020-12/schema"
CROSS_RECORD_NOTE = (
    "Beyond this schema, a valid Dataset also satisfies the cross-record rules of indojp_data.rules: unique "
    "identifiers per table, every identifier reference resolves, MoU and sector counts reconcile, citations "
    "name existing references. Check them with `indojp-data validate`."
)


def schema_id(name: str, version: str = __version__) -> str:
    """Return the versioned ``$id`` of the schema called ``name``."""
    return f"urn:indojp-data:schema:{version}:{name}"


def _finish(schema: dict[str, Any], name: str, version: str) -> dict[str, Any]:
    return {"$schema": DRAFT, "$id": schema_id(name, version), **schema}


def dataset_schema(version: str = __version__) -> dict[str, Any]:
    """Return the bundled schema of the whole Dataset JSON document."""
    from indojp_data.models import Dataset

    schema = Dataset.model_json_schema(mode="serialization")
    schema["$comment"] = CROSS_RECORD_NOTE
    return _finish(schema, "dataset", version)


def record_schemas(version: str = __version__) -> dict[str, dict[str, Any]]:
    """Return one schema per record table, keyed by table name (``persons``, ``quotes``, ...)."""
    from indojp_data.tables import record_models

    return {
        name: _finish(model.model_json_schema(mode="serialization"), name, version)
        for name, model in record_models().items()
    }


def all_schemas(version: str = __version__) -> dict[str, dict[str, Any]]:
    """Return every published schema keyed by file name (``dataset.schema.json``, ...)."""
    schemas = {"dataset.schema.json": dataset_schema(version)}
    for name, schema in record_schemas(version).items():
        schemas[f"{name}.schema.json"] = schema
    return schemas
