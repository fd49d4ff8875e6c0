"""Compare descriptor properties: descriptive metadata (a patch), licenses, and the rest."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from indojp_data.diff.changes import _ABSENT, JSON, _canon, _Changes, _join, _show, _show_change

_PACKAGE_DESCRIPTIVE = frozenset(
    {"title", "description", "homepage", "keywords", "image", "contributors", "sources", "created"}
)


_RESOURCE_DESCRIPTIVE = frozenset({"title", "description", "homepage", "keywords", "image", "contributors", "sources"})


_FIELD_DESCRIPTIVE = frozenset({"title", "description", "example"})


_SCHEMA_DESCRIPTIVE = frozenset({"title", "description"})


def _diff_properties(
    old: Mapping[str, JSON],
    new: Mapping[str, JSON],
    location: str,
    changes: _Changes,
    *,
    descriptive: frozenset[str],
    skip: frozenset[str],
    normalize: Callable[[str, JSON], JSON] | None = None,
) -> None:
    """Report changed properties: descriptive ones as patch, licences specially, others as major."""
    for key in _union_keys(old, new):
        if key in skip:
            continue
        before = old.get(key, _ABSENT)
        after = new.get(key, _ABSENT)
        if normalize is not None:
            before = normalize(key, before)
            after = normalize(key, after)
        if before is not _ABSENT and after is not _ABSENT and _canon(before) == _canon(after):
            continue
        if before is _ABSENT and after is _ABSENT:
            continue
        old_value = None if before is _ABSENT else before
        new_value = None if after is _ABSENT else after
        where = _join(location, key)
        if key in descriptive:
            changes.add("metadata-changed", where, "patch", f"{key} changed: {_show(new_value)}", old_value, new_value)
        elif key == "licenses":
            _diff_licenses(old_value, new_value, where, changes)
        else:
            changes.add(
                "structure-changed",
                where,
                "major",
                f"{key} changed{_show_change(old_value, new_value)}",
                old_value,
                new_value,
            )


def _object(value: JSON) -> dict[str, JSON]:
    return value if isinstance(value, dict) else {}


def _union_keys(old: Mapping[str, JSON], new: Mapping[str, JSON]) -> list[str]:
    return list(old) + [key for key in new if key not in old]


def _diff_licenses(old: JSON, new: JSON, location: str, changes: _Changes) -> None:
    def identities(licenses: JSON) -> list[str]:
        if not isinstance(licenses, list):
            return [_canon(licenses)]
        return sorted(
            _canon(item.get("name") or item.get("path")) if isinstance(item, dict) else _canon(item)
            for item in licenses
        )

    if identities(old) != identities(new):
        changes.add("license-changed", location, "major", f"licences changed to {_show(new)}", old, new)
    else:
        changes.add("metadata-changed", location, "patch", "licence descriptions changed", old, new)
