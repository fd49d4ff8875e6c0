"""The optional parts of indojp-data: which install extra brings which modules, and the commands needing them.

``pip install indojp-data`` is enough for :func:`indojp_data.load`, ``show``, ``schema`` and ``diff``. The
validator's engine and the exporters (``validate``, ``export``, ``release``) come with the ``tools`` extra;
regenerating the published code lists (``build``) needs the ``build`` extra. A command whose extra is not
installed stops before doing anything, with one line saying what to install (:func:`missing_for`).
"""

from __future__ import annotations

from importlib.util import find_spec

EXTRAS: dict[str, tuple[str, ...]] = {
    # DuckDB: validate's table checks and the Parquet export; jsonschema-rs: the Dataset JSON's schema check.
    "tools": ("duckdb", "jsonschema_rs"),
    # pycountry: the ISO 3166 and ISO 4217 tables the build writes into the code lists and schemas.
    "build": ("pycountry",),
}
"""Each extra and the modules it installs."""

COMMAND_EXTRAS: dict[str, str] = {"validate": "tools", "export": "tools", "release": "tools", "build": "build"}
"""The commands that need an extra, and which."""


def missing_for(command: str) -> str | None:
    """Return the one-line message for ``command`` when a module of its extra is not installed, else None."""
    extra = COMMAND_EXTRAS.get(command)
    if extra is None:
        return None
    absent = [module for module in EXTRAS[extra] if find_spec(module) is None]
    if not absent:
        return None
    return f"indojp-data {command}: {' and '.join(absent)} not installed; run: pip install 'indojp-data[{extra}]'"
