"""JSON documents and the model rules.

A Dataset JSON is checked against its JSON Schema, then by the pydantic models and the cross-record rules
of :func:`indojp_data.load` (for the current schema version).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from indojp_data._version import __version__
from indojp_data.core.json_locate import LocatedJSON, make_pointer
from indojp_data.core.problems import Problem, ProblemCollector

Locate = Callable[[tuple[Any, ...], str, str], Problem]
"""Turns a model error's path, message and rule into a located problem."""

MODEL_STAGE_ROW_LIMIT = 20_000
"""Inputs with more records than this (CSV rows, or items of a Dataset JSON's tables) skip the model stage."""
MODEL_STAGE_JSON_LIMIT = 8 * 1024 * 1024
"""A Dataset JSON longer than this (characters) gets its JSON Schema check only: the models of a document
take about twelve times its size in memory, on top of the parsed document's own."""


def check_dataset_document(located: LocatedJSON, version: str, collector: ProblemCollector) -> Any:
    """Check a Dataset JSON document; return the Dataset when it is fully valid, else None."""
    import jsonschema_rs

    from indojp_data.core.codec import read_json
    from indojp_data.core.schemas import schema_path

    schema = read_json(schema_path("dataset", version))
    errors = 0
    for prefix, error, part_schema in schema_errors(jsonschema_rs, schema, located.value):
        errors += 1
        collector.add(_schema_problem(located, best_cause(error, part_schema), part_schema, prefix))
        if collector.full:
            break
    if errors or version != __version__:
        return None
    skipped = _too_large_for_models(located)
    if skipped is not None:
        collector.add(
            Problem(
                located.source,
                "model-rules-skipped",
                f"more than {skipped}: the model and cross-record rules were not run on this document",
                hint="its JSON Schema was still checked on every record",
                severity="warning",
            )
        )
        return None

    def locate(path: tuple[Any, ...], message: str, rule: str) -> Problem:
        return located.problem(make_pointer(path), rule=rule, field=last_name(path), message=message)

    return model_check(lambda: _validate_dataset(located.value), locate, collector)


PART_VALUES = 100_000
"""Values in one part of a Dataset JSON (the top level, or one record) past which only its first error is listed."""


def schema_errors(
    jsonschema_rs: Any, schema: dict[str, Any], document: Any, draft: str = "Draft202012Validator"
) -> Iterator[tuple[tuple[Any, ...], Any, dict[str, Any]]]:
    """Yield ``(path prefix, error, schema the error's paths are in)`` for each JSON Schema error, part by part.

    jsonschema-rs lists a document's errors all at once (a 64 MiB document of bad records took 20 GB), so
    the document is checked in parts: the top level with its tables emptied, then each record of each
    table against the table's item schema. A part is listed in full only when it is invalid and small
    (:data:`PART_VALUES`); a larger invalid part gives its first error, found without listing the others.
    Memory is then bounded by one part's errors, and the caller stops at the collector's cap.
    """
    properties = schema.get("properties", {})
    tables = {
        name: {**{k: v for k, v in schema.items() if k.startswith("$")}, **spec["items"]}
        for name, spec in properties.items()
        if isinstance(spec, dict) and isinstance(spec.get("items"), dict) and set(spec) <= _SPLIT_ARRAY
    }
    # The top level keeps of each split array the items its minItems counts (their own checks come later).
    kept = {name: properties[name].get("minItems", 0) for name in tables}
    top_schema = {**schema, "properties": {**properties, **{n: {**properties[n], "items": {}} for n in tables}}}
    parts: list[tuple[tuple[Any, ...], Any, dict[str, Any]]] = []
    if isinstance(document, dict):
        top = {k: v[: kept[k]] if k in tables and isinstance(v, list) else v for k, v in document.items()}
        parts.append(((), top, top_schema))
    else:
        parts.append(((), document, schema))
    yield from _part_errors(jsonschema_rs, draft, parts)
    if not isinstance(document, dict):
        return
    for name, table_schema in tables.items():
        records = document.get(name)
        if isinstance(records, list):
            yield from _part_errors(
                jsonschema_rs, draft, (((name, i), record, table_schema) for i, record in enumerate(records))
            )


_SPLIT_ARRAY = frozenset(
    {"type", "items", "minItems", "readOnly", "title", "description", "$comment", "examples", "options"}
    | {"propertyOrder"}  # the profile's form-builder keyword
)
"""The keywords of an array property checked part by part: its other keywords would need the whole array."""


def _part_errors(
    jsonschema_rs: Any, draft: str, parts: Iterable[tuple[tuple[Any, ...], Any, dict[str, Any]]]
) -> Iterator[tuple[tuple[Any, ...], Any, dict[str, Any]]]:
    validators: dict[int, Any] = {}
    for prefix, value, part_schema in parts:
        key = id(part_schema)
        if key not in validators:
            validators[key] = getattr(jsonschema_rs, draft)(part_schema, offline=True)
        validator = validators[key]
        if validator.is_valid(value):
            continue
        if _values_past(value, PART_VALUES):
            try:
                validator.validate(value)  # stops at the first error
            except jsonschema_rs.ValidationError as first:
                yield prefix, first, part_schema
            continue
        for error in validator.iter_errors(value):
            yield prefix, error, part_schema


def _values_past(value: Any, limit: int) -> bool:
    """Tell whether ``value`` holds more than ``limit`` JSON values (stops counting there)."""
    pending: list[Iterator[Any]] = [iter((value,))]
    seen = 0
    while pending:
        item = next(pending[-1], _END)
        if item is _END:
            pending.pop()
            continue
        seen += 1
        if seen > limit:
            return True
        if isinstance(item, dict):
            pending.append(iter(item.values()))
        elif isinstance(item, list):
            pending.append(iter(item))
    return False


_END = object()


def _too_large_for_models(located: LocatedJSON) -> str | None:
    """Return the limit a Dataset JSON exceeds (then the model stage does not run on it), or None."""
    if len(located.text) > MODEL_STAGE_JSON_LIMIT:
        return f"{MODEL_STAGE_JSON_LIMIT} characters"
    tables = located.value.values() if isinstance(located.value, dict) else ()
    if sum(len(table) for table in tables if isinstance(table, list)) > MODEL_STAGE_ROW_LIMIT:
        return f"{MODEL_STAGE_ROW_LIMIT} records"
    return None


def model_check(build: Callable[[], Any], locate: Locate, collector: ProblemCollector) -> Any:
    """Build the Dataset with ``build`` and run the cross-record rules; report what fails, return it or None."""
    from pydantic import ValidationError

    from indojp_data.model.rules import broken_rules
    from indojp_data.publish.rows import RowReferenceError

    try:
        return build()
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            violations = broken_rules(error)
            if violations is None:
                collector.add(locate(tuple(error["loc"]), error["msg"], "model"))
            for violation in violations or ():
                collector.add(locate(violation.path, violation.message, "cross-record"))
        return None
    except RowReferenceError as exc:
        collector.add(locate((exc.table, exc.index), exc.message, "cross-record"))
        return None


def _validate_dataset(value: Any) -> Any:
    from indojp_data.model.dataset import Dataset

    return Dataset.model_validate(value)


def last_name(path: tuple[Any, ...]) -> str | None:
    """Return the last property name on a JSON path (the field a problem names), or None."""
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else None


def best_cause(error: Any, schema: Any) -> Any:
    """Descend from an ``anyOf``/``oneOf`` error to the error in its branches that explains it, if one does.

    The choice ``jsonschema.exceptions.best_match`` makes: the deepest error, on the earliest path, one whose
    value has the type its subschema asks for (``"  "`` breaking the string branch's pattern, rather than
    the ``null`` branch's type). When the two best errors tie, the ``anyOf`` error itself is the cause.
    """
    while error.kind.name in ("anyOf", "oneOf") and getattr(error.kind, "context", None):
        ranked = sorted((_relevance(e, schema), i, e) for i, e in enumerate(e for b in error.kind.context for e in b))
        if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
            break
        error = ranked[0][2]
    return error


def _relevance(error: Any, schema: Any) -> tuple[Any, ...]:
    """Sort key of :func:`best_cause`: the more telling error sorts first."""
    name = error.kind.name
    path = tuple(error.instance_path)
    return (-len(path), path, name not in ("anyOf", "oneOf"), not _matches_type(error, schema))


_JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def _subschema(error: Any, schema: Any) -> dict[str, Any]:
    """Return the subschema that holds the error's failed keyword (``{}`` where its path leads to none)."""
    node = schema
    for key in error.schema_path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return {}
    return node if isinstance(node, dict) else {}


def _matches_type(error: Any, schema: Any) -> bool:
    """Tell whether the error's value has a type the subschema holding the failed keyword names."""
    expected = _subschema(error, schema).get("type")
    names = [expected] if isinstance(expected, str) else expected if isinstance(expected, list) else []
    return any(name in _JSON_TYPES and _JSON_TYPES[name](error.instance) for name in names)


def _schema_problem(located: LocatedJSON, error: Any, schema: Any, prefix: tuple[Any, ...] = ()) -> Problem:
    """Turn a JSON Schema error (``jsonschema_rs.ValidationError``) of the part at ``prefix`` into a problem.

    ``schema`` is the schema the part was checked against.
    """
    kind = error.kind
    rule = kind.name
    path = prefix + tuple(error.instance_path)
    field = last_name(path)
    message = error.message
    hint = None
    node = _subschema(error, schema) if rule == "contains" else {}
    if node.get("minContains") == 0 and "maxContains" in node:  # its subschema allows none: only too many match
        rule = "maxContains"  # jsonschema-rs names it `contains`, as jsonschema does not
        message = "too many items match the schema's `contains` (see `maxContains`)"
    if rule == "required":
        field = kind.property
        hint = "for a fact the source does not give, write null and add an `unknowns` entry with the reason"
    elif rule == "additionalProperties":
        field = kind.unexpected[0] if kind.unexpected else field
        hint = "remove the property; the schema allows no others"
    elif rule == "enum":
        hint = "allowed: " + ", ".join(map(str, kind.options))
    if len(message) > 200:
        message = message[:199] + "\u2026"
    pointer = make_pointer(path)
    if rule in ("required", "additionalProperties"):  # the instance is the whole object: no value
        return located.problem(pointer, rule=rule, field=field, message=message, hint=hint)
    return located.problem(pointer, rule=rule, field=field, message=message, value=error.instance, hint=hint)
