"""Compare two field constraints (bounds, ``enum``, ``pattern``, flags): tightened, relaxed or changed."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from indojp_data.diff.changes import _ABSENT, JSON, _canon, _Changes, _show


def _compare_bounds(old: JSON, new: JSON) -> int | None:
    """-1, 0 or 1 as new is below, equal to or above old; None when they do not compare."""
    a = _as_comparable(old)
    b = _as_comparable(new)
    if a is None or b is None or type(a) is not type(b):
        return None
    if isinstance(a, tuple) and isinstance(b, tuple) and a[0] != b[0]:
        return None  # digit strings of different shapes do not compare as text
    try:
        return (b > a) - (b < a)  # type: ignore[operator]
    except TypeError:  # naive and aware datetimes
        return None


def _as_comparable(value: JSON) -> float | datetime | date | time | tuple[str, str] | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return float(text)
    except ValueError:
        pass
    iso = text[:-1] + "+00:00" if text.endswith("Z") else text
    for parse in (date.fromisoformat, datetime.fromisoformat, time.fromisoformat):
        try:
            parsed: datetime | date | time = parse(iso)
        except ValueError:
            continue
        return parsed
    # Fixed-width digit strings with the same shape ("2024-05", "2024-W05") sort as text.
    shape = re.sub(r"\d", "9", text)
    return (shape, text) if re.fullmatch(r"[9\-:.TW]+", shape) else None


_LOWER_BOUNDS = frozenset({"minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"})


_UPPER_BOUNDS = frozenset({"maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains"})


_FLAGS = frozenset({"required", "unique", "uniqueItems"})


def _diff_constraint(name: str, old: JSON, new: JSON, location: str, changes: _Changes) -> None:
    """Classify the change of one constraint; ``_ABSENT`` marks a constraint not given."""
    old_value = None if old is _ABSENT else old
    new_value = None if new is _ABSENT else new
    if old is not _ABSENT and new is not _ABSENT and _canon(old) == _canon(new):
        return

    def tightened(what: str) -> None:
        changes.add("constraint-tightened", location, "major", f"{name} {what}", old_value, new_value)

    def relaxed(what: str) -> None:
        changes.add("constraint-relaxed", location, "minor", f"{name} {what}", old_value, new_value)

    def undecided(what: str) -> None:
        changes.add("constraint-changed", location, "major", f"{name} {what}", old_value, new_value)

    if name in _FLAGS:
        before, after = old_value is True, new_value is True
        if before == after:
            return
        (tightened if after else relaxed)(f"changed from {before} to {after}".lower())
        return
    if old is _ABSENT:
        tightened(f"added: {_show(new_value)}")
        return
    if new is _ABSENT:
        relaxed(f"removed (was {_show(old_value)})")
        return
    if name == "enum":
        if not isinstance(old_value, list) or not isinstance(new_value, list):
            undecided(f"changed from {_show(old_value)} to {_show(new_value)}")
            return
        before_set = {_canon(item) for item in old_value}
        after_set = {_canon(item) for item in new_value}
        dropped = [item for item in old_value if _canon(item) not in after_set]
        gained = [item for item in new_value if _canon(item) not in before_set]
        if not dropped and not gained:
            return  # only the order of the allowed values changed
        if not gained:
            tightened(f"narrowed: {_show(dropped)} no longer allowed")
        elif not dropped:
            relaxed(f"widened: {_show(gained)} now allowed")
        else:
            undecided(f"changed: {_show(dropped)} no longer allowed, {_show(gained)} now allowed")
        return
    if name in _LOWER_BOUNDS or name in _UPPER_BOUNDS:
        direction = _compare_bounds(old_value, new_value)
        change = f"changed from {_show(old_value)} to {_show(new_value)}"
        if direction is None:
            undecided(change)
        elif direction == 0:
            return
        elif (direction > 0) == (name in _LOWER_BOUNDS):
            tightened(change)
        else:
            relaxed(change)
        return
    undecided(f"changed from {_show(old_value)} to {_show(new_value)}")
