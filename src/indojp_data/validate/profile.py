"""The descriptor against the official Data Package v2 profile (bundled, read offline).

The profile is the JSON Schema the standard publishes (``profiles/2.0/datapackage.json`` beside this
module: its source and licence are in ``profiles/README.md``). Each breach is a ``"profile"`` problem at
its JSON pointer, line and column, except where a check of our own reports the same value in words of
its own (the ``$schema``, ``name``, ``version`` and ``resources`` of the package, a resource's name, and a
path our path check refuses).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from indojp_data.core.json_locate import LocatedJSON, make_pointer
from indojp_data.core.problems import ProblemCollector
from indojp_data.core.safe_io import check_resource_path
from indojp_data.core.schemas import PACKAGE_PROFILE
from indojp_data.validate.documents import best_cause, last_name, schema_errors

PROFILE_FILE = Path(str(resources.files("indojp_data.validate"))) / "profiles" / "2.0" / "datapackage.json"
"""The official Data Package v2 profile, as the standard publishes it."""

_OWN_CHECKS = {("$schema",), ("name",), ("version",), ("resources",)}
"""Pointers (as paths) whose every value our descriptor checks judge in their own words."""


def check_profile(located: LocatedJSON, collector: ProblemCollector) -> None:
    """Report every way the descriptor breaks the Data Package v2 profile."""
    import jsonschema_rs

    from indojp_data.core.codec import read_json

    schema = read_json(PROFILE_FILE)
    # Part by part (each resource, licence, ... on its own): the memory of one part's errors, not the whole's.
    for prefix, error, part_schema in schema_errors(jsonschema_rs, schema, located.value, draft="Draft7Validator"):
        cause = best_cause(error, part_schema)
        path = prefix + tuple(cause.instance_path)
        if _judged_elsewhere(path, located.value):
            continue
        message = cause.message if len(cause.message) <= 200 else cause.message[:199] + "\u2026"
        keyword = cause.kind.name
        hint = f"the Data Package v2 profile's {keyword!r} rule; see {PACKAGE_PROFILE}"
        pointer, field = make_pointer(path), last_name(path)
        if keyword in ("required", "additionalProperties", "oneOf", "anyOf"):  # about the whole object: no value
            collector.add(located.problem(pointer, rule="profile", field=field, message=message, hint=hint))
        else:
            problem = located.problem(
                pointer, rule="profile", field=field, message=message, value=cause.instance, hint=hint
            )
            collector.add(problem)
        if collector.full:
            return


def _judged_elsewhere(path: tuple[Any, ...], descriptor: Any) -> bool:
    """Tell whether a check of our own reports the value at ``path`` (so the profile's word would repeat it)."""
    if path in _OWN_CHECKS:
        return True
    if len(path) >= 2 and path[0] == "resources" and isinstance(path[1], int):
        resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
        entry = resources[path[1]] if isinstance(resources, list) and path[1] < len(resources) else None
        if len(path) == 2:  # the resource as a whole: ours says when it is not an object or has no name
            return not isinstance(entry, dict) or not isinstance(entry.get("name"), str)
        if path[2:] == ("name",):
            return True
        if path[2] == "path" and isinstance(entry, dict):
            declared = entry.get("path")
            return not isinstance(declared, str) or check_resource_path(declared) is not None
    return False
