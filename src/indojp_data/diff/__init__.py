"""Compare two versions of the published dataset and state the version bump the change requires.

This package backs ``indojp-data diff OLD NEW``. It compares either two Frictionless Data Packages
(``datapackage.json`` plus its CSV/JSON resources) or two JSON Schemas (one file, or a directory of
``*.json`` files), lists every :class:`Change`, and classifies each as ``major``, ``minor`` or
``patch``. It uses the standard library and the small ``semver`` library only, so the command line starts fast.
One module per thing compared: :mod:`~indojp_data.diff.descriptors`, :mod:`~indojp_data.diff.table_schemas`,
:mod:`~indojp_data.diff.contents`, :mod:`~indojp_data.diff.json_schemas`; versions are parsed only in
:mod:`~indojp_data.diff.bumps`, and :mod:`~indojp_data.diff.render` writes the report.

The rules, rule by rule, with the locations changes are reported at, are on the documentation's
*Versioning and releases* page.
"""

from indojp_data.diff.bumps import check_declared_version, parse_version, required_version
from indojp_data.diff.changes import JSON, Bump, Change, ChangeKind, Diff, DiffInputError, RequiredBump
from indojp_data.diff.compare import diff_paths
from indojp_data.diff.render import format_json, format_text

__all__ = [
    "JSON",
    "Bump",
    "Change",
    "ChangeKind",
    "Diff",
    "DiffInputError",
    "RequiredBump",
    "check_declared_version",
    "diff_paths",
    "format_json",
    "format_text",
    "parse_version",
    "required_version",
]
