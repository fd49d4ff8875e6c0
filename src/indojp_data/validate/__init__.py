"""Validate data published in the indojp-data schema: ``indojp-data validate`` and :func:`validate`.

What it checks:

* **The descriptor** (``datapackage.json``): the official Data Package v2 profile (bundled, read offline),
  a name and a semver version, every resource of the schema present once, resource paths that are local,
  name their file exactly and stay inside the package, keys that name fields and resources the
  descriptor has, and each table's dialect (the one its file is read with).
* **Every CSV file**, on a columnar engine (DuckDB), against the published Table Schema of the chosen
  schema version (not the schema embedded in the descriptor, which a downstream file could have
  loosened): header, types, required, enums, patterns, lengths, ranges, cells a spreadsheet would run
  as formulas; primary keys, unique fields and foreign keys across resources; the declared ``bytes`` and
  ``hash``. Malformed CSV is located by a plain reader.
* **The Dataset JSON** against the bundled JSON Schema, with line and column of every offending value.
* **The cross-record rules** of :func:`indojp_data.load`, by rebuilding the models, for the current schema
  version and packages up to :data:`~.documents.MODEL_STAGE_ROW_LIMIT` records and
  :data:`~.package.MODEL_STAGE_BYTE_LIMIT` bytes of CSV (a Dataset JSON up to
  :data:`~.documents.MODEL_STAGE_JSON_LIMIT` characters); larger inputs get a warning that says so.
* **A release zip**: the same, read in place, plus its ``SHA256SUMS``.

All problems are counted and reported up to a cap; nothing here raises for bad input.

Modules, one job each: :mod:`.inputs` (what the user gave), :mod:`.sources` (directories, zips, the
network, the run's shared state), :mod:`.descriptor`, :mod:`.package` (one package, whole),
:mod:`.tables` (the engine) with :mod:`.sql` (Table Schema rules as SQL) and :mod:`.csvfile` (bytes,
hashes, copies), :mod:`.csv_reader` (the plain reader, for malformed files), :mod:`.documents` (JSON
documents and model rules), :mod:`.json_locate`, :mod:`.safe_io`, :mod:`.problems` and :mod:`.report`.
"""

from __future__ import annotations

import os
import sys
import types
from dataclasses import dataclass

from indojp_data._version import __version__
from indojp_data.core.problems import DEFAULT_CAP, IndojpError, InputError, Problem, ProblemCollector, Report

__all__ = ["UsageError", "ValidationReport", "validate"]


@dataclass(frozen=True, slots=True)
class ValidationReport(Report):
    """A :class:`~indojp_data.core.problems.Report` that also knows which inputs could not be read.

    Attributes:
        unreadable: Inputs that could not be read at all (missing, not JSON, not a zip, ...).
    """

    unreadable: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        """0 when valid, 1 when the data is invalid, 2 when an input could not be read."""
        if self.unreadable:
            return 2
        return 0 if self.valid else 1


class UsageError(IndojpError, ValueError):
    """The call itself is wrong (unknown resource name, unknown schema version, a bad limit)."""


def validate(
    *paths: str | os.PathLike[str],
    resource: str | None = None,
    schema_version: str | None = None,
    allow_network: bool = False,
    max_problems: int = DEFAULT_CAP,
) -> ValidationReport:
    """Validate each of ``paths`` and return one report of every problem found.

    Args:
        paths: Data package directories, ``datapackage.json`` files, release zips, Dataset JSON files or
            single CSV files.
        resource: For a single CSV: the resource it holds (default: inferred from the file name).
        schema_version: Validate against this published schema version (default: the current one).
        allow_network: Fetch resources whose path is an http(s) URL; refused otherwise.
        max_problems: Keep at most this many problems (all are counted).

    Raises:
        UsageError: for an unknown schema version or resource name, or a negative ``max_problems``.
        ImportError: when the ``tools`` extra (the engine, the JSON Schema validator) is not installed; the
            message names the install.
    """
    from indojp_data.core import schemas
    from indojp_data.core.extras import missing_for

    missing = missing_for("validate")
    if missing is not None:
        raise ImportError(missing)
    from indojp_data.validate.dispatch import check_input
    from indojp_data.validate.run import Run

    if isinstance(max_problems, bool) or not isinstance(max_problems, int) or max_problems < 0:
        raise UsageError(f"max_problems must be a whole number, 0 or more; got {max_problems!r}")
    version = schema_version or __version__
    try:
        table_schemas = schemas.table_schemas(version)
    except LookupError as exc:
        raise UsageError(str(exc.args[0])) from None
    if resource is not None and resource not in table_schemas:
        raise UsageError(f"unknown resource {resource!r}; known: {', '.join(sorted(table_schemas))}")
    collector = ProblemCollector(max_problems)
    unreadable: list[str] = []
    run = Run(collector, version, table_schemas, allow_network)
    try:
        for raw in paths:
            path = os.fspath(raw)
            collector.add_file(path)
            try:
                check_input(run, path, resource)
            except InputError as exc:
                collector.add(exc.problem)
                unreadable.append(path)
            except MemoryError as exc:  # an allocation, a thread or the engine the memory limit refused
                message = f"out of memory: {str(exc) or 'an allocation failed'}"
                hint = "free memory, or raise the process's limit (ulimit -v), then retry"
                collector.add(Problem(path, "out-of-memory", message, hint=hint))
                unreadable.append(path)
    finally:
        run.close()
    report = collector.report()
    return ValidationReport(report.problems, report.total, report.files, report.errors, tuple(unreadable))


class _CallableModule(types.ModuleType):
    """Make this subpackage the public function too: ``indojp_data.validate(...)`` calls :func:`validate`.

    Importing a submodule makes ``indojp_data.validate`` this package, so the package itself must be
    callable for the documented API to keep working whatever was imported first.
    """

    __call__ = staticmethod(validate)


sys.modules[__name__].__class__ = _CallableModule
