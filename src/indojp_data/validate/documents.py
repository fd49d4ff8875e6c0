"""JSON documents and the model rules.

A Dataset JSON is checked against its JSON Schema, then by the pydantic models and the cross-record rules
of :func:`indojp_data.load` (for the current schema version).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from indojp_data._version import __version__
from indojp_data.validate.json_locate import LocatedJSON, make_pointer
from indojp_data.validate.problems import Problem, ProblemCollector

Locate = Callable[[tuple[Any, ...], str, str], Problem]
"""Turns a model error's path, message and rule into a located problem."""


def check_dataset_document(located: LocatedJSON, version: str, out: ProblemCollector) -> Any:
    """Check a Dataset JSON document; return the Dataset when it is fully valid, else None."""
    import jsonschema

    from indojp_data.publish.encoding import read_json
    from indojp_data.publish.versions import schema_path

    schema = read_json(schema_path("dataset", version))
    validator = jsonschema.Draft202012Validator(schema)
    errors = 0
    for error in validator.iter_errors(located.value):
        errors += 1
        out.add(_schema_problem(located, error))
        if out.full:
            break
    if errors or version != __version__:
        return None

    def locate(path: tuple[Any, ...], message: str, rule: str) -> Problem:
        return located.problem(make_pointer(path), rule=rule, field=_last_name(path), message=message)

    return model_check(lambda: _validate_dataset(located.value), locate, out)


def model_check(build: Callable[[], Any], locate: Locate, out: ProblemCollector) -> Any:
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
                out.add(locate(tuple(error["loc"]), error["msg"], "model"))
            for violation in violations or ():
                out.add(locate(violation.path, violation.message, "cross-record"))
        return None
    except RowReferenceError as exc:
        out.add(locate((exc.table, exc.index), exc.message, "cross-record"))
        return None


def _validate_dataset(value: Any) -> Any:
    from indojp_data.model.dataset import Dataset

    return Dataset.model_validate(value)


def _last_name(path: tuple[Any, ...]) -> str | None:
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else None


def _schema_problem(located: LocatedJSON, error: Any) -> Problem:
    """Turn a jsonschema error into a located problem, descending into anyOf/oneOf for the real cause."""
    import jsonschema

    if error.validator in ("anyOf", "oneOf") and error.context:
        error = jsonschema.exceptions.best_match(error.context)
    path = tuple(error.absolute_path)
    field = _last_name(path)
    message = error.message
    hint = None
    if error.validator == "required":
        missing = re.match(r"'([^']+)' is a required property", error.message)
        field = missing.group(1) if missing else field
        hint = "for a fact the source does not give, write null and add an `unknowns` entry with the reason"
    elif error.validator == "additionalProperties":
        extra = re.findall(r"'([^']+)'", error.message)
        field = extra[0] if extra else field
        hint = "remove the property; the schema allows no others"
    elif error.validator == "enum":
        hint = "allowed: " + ", ".join(map(str, error.validator_value))
    if len(message) > 200:
        message = message[:199] + "\u2026"
    pointer = make_pointer(path)
    if error.validator in ("required", "additionalProperties"):  # the instance is the whole object: no value
        return located.problem(pointer, rule=error.validator, field=field, message=message, hint=hint)
    return located.problem(pointer, rule=error.validator, field=field, message=message, value=error.instance, hint=hint)
