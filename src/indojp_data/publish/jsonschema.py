"""JSON Schemas (draft 2020-12) generated from the models.

* ``dataset.schema.json``: the whole Dataset JSON document, every definition bundled under ``$defs``
  and no external ``$ref``, so any validator checks it offline.
* ``<table>.schema.json``: one record of each table (e.g. ``persons.schema.json`` for one person).

Each schema's ``$id`` carries the schema version (``urn:indojp-data:schema:<version>:<name>``), a URN
rather than a web address because the project publishes no schema host. The rules between the fields
of one record are in the schemas wherever JSON Schema can say them (:mod:`indojp_data.publish.jsonrules`);
the others, and the rules that span records (identifiers that must resolve, counts that must reconcile),
are listed in the schema's ``$comment`` and checked by ``indojp-data validate``.

Country and currency codes are closed codelists: every field holding one refers to ``$defs/CountryCode``
or ``$defs/CurrencyCode``, an ``enum`` of the ISO 3166-1 alpha-2 and ISO 4217 codes we accept, so any
JSON Schema validator (jsonschema, ajv, check-jsonschema) rejects ``ZZ`` or ``XYZ`` as we do.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from indojp_data._version import __version__
from indojp_data.model.dataset import Dataset
from indojp_data.model.fieldtypes import CODELIST_MARKER, Codelist
from indojp_data.publish.jsonrules import UNEXPRESSED_RULES, add_rules
from indojp_data.publish.layout import record_models

DRAFT = "https://json-schema.org/draft/2020-12/schema"


class _WithRules(GenerateJsonSchema):
    """Pydantic's schema generator, adding to each model's schema the rules between its fields."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        """Return the model's schema with :func:`~indojp_data.publish.jsonrules.add_rules` applied."""
        result = super().model_schema(schema)
        add_rules(result, schema["cls"])
        return result


def cross_record_note() -> str:
    """Return the schema's ``$comment``: the rules it cannot express, which ``indojp-data validate`` checks."""
    rules = " ".join(rule for rule, _ in UNEXPRESSED_RULES)
    return (
        "Beyond this schema, a valid Dataset also satisfies rules JSON Schema cannot express (the documentation's "
        f"data dictionary gives the reason for each): {rules} Check them with `indojp-data validate`."
    )


CODELIST_DEFS = {"countries": "CountryCode", "currencies": "CurrencyCode"}
"""The ``$defs`` name of each codelist in the published schemas."""


def codelist_def(name: str) -> dict[str, Any]:
    """Return the ``$defs`` entry of codelist ``name`` (``countries`` or ``currencies``)."""
    what = "ISO 3166-1 alpha-2 country code" if name == "countries" else "ISO 4217 currency code"
    return {
        "type": "string",
        "description": f"{what}: one of the codes the pycountry tables list (published as codelist_{name}).",
        "enum": Codelist(name).codes(),  # type: ignore[arg-type]
    }


def _gather_codelists(schema: dict[str, Any]) -> dict[str, Any]:
    """Replace every inline codelist ``enum`` by a ``$ref`` to one ``$defs`` entry per codelist."""
    used: set[str] = set()

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        if CODELIST_MARKER in node:
            name = node[CODELIST_MARKER]
            used.add(name)
            kept = {k: v for k, v in node.items() if k in ("description", "examples", "title")}
            return {"$ref": f"#/$defs/{CODELIST_DEFS[name]}", **kept}
        return {key: walk(value) for key, value in node.items()}

    result: dict[str, Any] = walk(schema)
    if used:
        defs = dict(result.get("$defs", {}))
        defs.update({CODELIST_DEFS[name]: codelist_def(name) for name in sorted(used)})
        result["$defs"] = dict(sorted(defs.items()))
    return result


def schema_id(name: str, version: str = __version__) -> str:
    """Return the versioned ``$id`` of the schema called ``name``."""
    return f"urn:indojp-data:schema:{version}:{name}"


def _finish(schema: dict[str, Any], name: str, version: str) -> dict[str, Any]:
    return {"$schema": DRAFT, "$id": schema_id(name, version), **_gather_codelists(schema)}


def dataset_schema(version: str = __version__) -> dict[str, Any]:
    """Return the bundled schema of the whole Dataset JSON document."""
    schema = Dataset.model_json_schema(mode="serialization", schema_generator=_WithRules)
    schema["$comment"] = cross_record_note()
    return _finish(schema, "dataset", version)


def record_schemas(version: str = __version__) -> dict[str, dict[str, Any]]:
    """Return one schema per record table, keyed by table name (``persons``, ``quotes``, ...)."""
    return {
        name: _finish(model.model_json_schema(mode="serialization", schema_generator=_WithRules), name, version)
        for name, model in record_models().items()
    }


def all_schemas(version: str = __version__) -> dict[str, dict[str, Any]]:
    """Return every published schema keyed by file name (``dataset.schema.json``, ...)."""
    schemas = {"dataset.schema.json": dataset_schema(version)}
    for name, schema in record_schemas(version).items():
        schemas[f"{name}.schema.json"] = schema
    return schemas
