"""The rules between fields of one record, written in JSON Schema, for the published schemas.

The models check these rules in Python (their validators); this module says the same rules in JSON
Schema (draft 2020-12) wherever JSON Schema can say them, so that any validator (jsonschema, ajv,
check-jsonschema) refuses what we refuse. :func:`add_rules` is the models' ``json_schema_extra``: it
adds to each model's schema the rules of that model.

Expressed here:

* every record that explains its nulls (:class:`~indojp_data.model.base.Documented`): a field that can be
  null is null exactly when ``unknowns`` names it, once, and then ``inferences`` does not name it;
  ``unknowns`` names only fields that can be null, ``inferences`` only fields of the record, each at most
  once, and no field inside a null object is inferred (``if``/``then``/``else``, ``contains`` with
  ``maxContains``, a ``pattern`` of the field paths);
* a partial date: the parts of ``value`` finer than ``precision`` are ``01`` (a ``pattern`` tied to each
  precision);
* a commitment: ``to_country`` differs from ``from_country`` (one ``if``/``then`` per code of the closed
  country list, as JSON Schema cannot compare two values);
* the source's references are numbered 1..n in order (``prefixItems``, as numbers go up to 99).

What JSON Schema cannot say is in :data:`UNEXPRESSED_RULES`, with the reason; ``indojp-data validate``
checks those.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, get_args

from pydantic import BaseModel

from indojp_data.model.base import Documented, Source
from indojp_data.model.entities import Commitment, PartialDate
from indojp_data.model.fieldtypes import Codelist, ReferenceNumber
from indojp_data.publish.layout import field_shape

INDEX = "(0|[1-9][0-9]*)"
"""A list position in a dotted field path (``depicts.1.name``), as the models write it."""

EXPRESSED_RULES: tuple[str, ...] = (
    "A field that can be null is null exactly when the record's `unknowns` names it, once; `inferences` then "
    "names neither it nor any field inside it (`if`/`then`/`else` with `contains` and `maxContains`).",
    "`unknowns` names only fields of the record that can be null, and `inferences` only fields of the record, "
    "each field without a list position at most once (a `pattern` of the record's field paths, `maxContains`).",
    "A partial date's parts finer than its `precision` are 01: with `year`, `value` is YYYY-01-01; with "
    "`month`, YYYY-MM-01 (`if`/`then` with a `pattern` for each precision).",
    "A commitment's `to_country` is not its `from_country` (one `if`/`then` per code of the country list, as "
    "JSON Schema cannot compare two values).",
    "A summit lists each participant once (`uniqueItems`).",
    "The source's references are numbered 1..n in order (`prefixItems`, one `const` per number up to 99).",
)
"""The rules between fields of one record that the published JSON Schemas express (see :func:`add_rules`)."""

UNEXPRESSED_RULES: tuple[tuple[str, str], ...] = (
    (
        "Identifiers are unique within each table.",
        "JSON Schema's `uniqueItems` compares whole items, not one property of them.",
    ),
    (
        "Every identifier a record holds names an existing record (summits, persons, countries, ...), and every "
        "citation's `reference` one of the source's references.",
        "JSON Schema cannot compare a value with values elsewhere in the document.",
    ),
    (
        "Counts reconcile: no more memorandums identified than a summit's `mous_signed`, no more sectors than a "
        "roadmap's `sectors_stated`; sector positions run 1..n per roadmap; an identified memorandum's area is "
        "among its summit's `mou_areas` and its `signed_on` is the summit's date.",
        "Each compares records of different tables.",
    ),
    (
        "The `completeness` report equals the one computed from the records.",
        "It is computed from the whole document.",
    ),
    (
        "A period's bounds satisfy end_year - start_year = years.",
        "JSON Schema has no arithmetic between fields; spelled out, it would take one clause per pair of years "
        "(about 20,000).",
    ),
    (
        "A quote's `text_normalized` is `normalize_text(text)`, and each occurrence's `printed` contains `text`.",
        "Each computes one value from another (a Unicode normalization; a substring test).",
    ),
    (
        "A media asset's `file_name` is the decoded last segment of `content_url`, and `credit.line` joins the "
        "credit's title, author, source and licence.",
        "Each computes one value from others.",
    ),
    (
        "A null inside a list item (a depiction's `name`) is named in `unknowns` with its position "
        "(`depicts.1.name`), and a position named in `unknowns` or `inferences` exists; no path with a position "
        "is named twice.",
        "JSON Schema cannot tie a list position to text in another property.",
    ),
)
"""The rules ``indojp-data validate`` checks that the published JSON Schemas cannot express: (rule, reason)."""


def field_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], bool]]:
    """Yield ``(path, optional)`` for every field path the models' provenance checks know in ``model``.

    A path is a tuple of regular-expression parts: escaped field names and :data:`INDEX` for a list
    position. As the models do, it descends into nested objects and list items, except into those that
    explain their own nulls (:class:`~indojp_data.model.base.Documented`).
    """
    for name, info in model.model_fields.items():
        if name in ("citations", "unknowns", "inferences"):
            continue
        shape = field_shape(info.annotation)
        path = (*prefix, re.escape(name))
        yield path, shape.optional and not shape.is_tuple
        base = shape.base
        if isinstance(base, type) and issubclass(base, BaseModel) and not issubclass(base, Documented):
            yield from field_paths(base, (*path, INDEX) if shape.is_tuple else path)


def _names(path: tuple[str, ...]) -> dict[str, Any]:
    """Return the schema that holds ``{"field": <path>}`` for a static ``path``."""
    return {"properties": {"field": {"const": ".".join(p.replace("\\", "") for p in path)}}, "required": ["field"]}


def _null_at(path: tuple[str, ...]) -> dict[str, Any]:
    """Return the schema that holds when the value at a static dotted ``path`` is null."""
    names = [p.replace("\\", "") for p in path]
    schema: dict[str, Any] = {"type": "null"}
    for name in reversed(names):
        schema = {"properties": {name: schema}, "required": [name]}
    return schema


def _pattern(paths: list[tuple[str, ...]]) -> str:
    return "^(" + "|".join("\\.".join(p) for p in paths) + ")$"


def documented_rules(model: type[BaseModel]) -> list[dict[str, Any]]:
    """Return the ``allOf`` items that tie a record's nulls to its ``unknowns`` and ``inferences``."""
    paths = list(field_paths(model))
    nullable = [p for p, optional in paths if optional]
    rules: list[dict[str, Any]] = []
    unknown_fields: dict[str, Any] = (
        {"items": {"properties": {"field": {"pattern": _pattern(nullable)}}}} if nullable else {"maxItems": 0}
    )
    rules.append({"properties": {"unknowns": unknown_fields}})
    rules.append(
        {
            "properties": {
                "inferences": {"items": {"properties": {"field": {"pattern": _pattern([p for p, _ in paths])}}}}
            }
        }
    )
    once = [{"contains": _names(p), "minContains": 0, "maxContains": 1} for p, _ in paths if INDEX not in p]
    if once:
        rules.append({"properties": {"inferences": {"allOf": once}}})
    for path in nullable:
        if INDEX in path:
            continue
        named = _names(path)
        # Neither the null field nor, for a null object, any field inside it is inferred.
        inside = {"properties": {"field": {"pattern": "^" + "\\.".join(path) + "(\\..+)?$"}}, "required": ["field"]}
        rules.append(
            {
                "if": _null_at(path),
                "then": {
                    "properties": {
                        "unknowns": {
                            "allOf": [{"contains": named}, {"contains": named, "minContains": 0, "maxContains": 1}]
                        },
                        "inferences": {"not": {"contains": inside}},
                    },
                    "required": ["unknowns"],
                },
                "else": {"properties": {"unknowns": {"not": {"contains": named}}}},
            }
        )
    return rules


def partial_date_rules() -> list[dict[str, Any]]:
    """Return the rule that the parts of a partial date finer than its precision are ``01``."""
    patterns = {"month": "^[0-9]{4}-[0-9]{2}-01$", "year": "^[0-9]{4}-01-01$"}
    return [
        {
            "if": {"properties": {"precision": {"const": precision}}, "required": ["precision"]},
            "then": {"properties": {"value": {"pattern": pattern}}},
        }
        for precision, pattern in patterns.items()
    ]


def distinct_countries_rules() -> list[dict[str, Any]]:
    """Return the rule that a commitment's ``to_country`` is not its ``from_country``, one clause per code."""
    return [
        {
            "if": {"properties": {"from_country": {"const": code}}, "required": ["from_country"]},
            "then": {"properties": {"to_country": {"not": {"const": code}}}},
        }
        for code in Codelist("countries").codes()
    ]


def numbered_references_rules() -> list[dict[str, Any]]:
    """Return the rule that the source's references are numbered 1..n in order."""
    (maximum,) = (m.le for m in get_args(ReferenceNumber)[1].metadata if hasattr(m, "le"))
    numbered = [{"properties": {"number": {"const": n}}} for n in range(1, maximum + 1)]
    return [{"properties": {"references": {"prefixItems": numbered, "maxItems": maximum}}}]


def add_rules(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Add to ``schema`` (the JSON Schema of ``model``) the rules between its fields; the models' hook."""
    rules: list[dict[str, Any]] = []
    if issubclass(model, Documented):
        rules += documented_rules(model)
    if issubclass(model, PartialDate):
        rules += partial_date_rules()
    if issubclass(model, Commitment):
        rules += distinct_countries_rules()
    if issubclass(model, Source):
        rules += numbered_references_rules()
    if rules:
        schema["allOf"] = [*schema.get("allOf", []), *rules]
