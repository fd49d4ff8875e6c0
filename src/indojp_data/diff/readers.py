"""Open what ``indojp-data diff`` compares: a data package (descriptor and files) or a set of JSON Schemas."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from indojp_data.core.json_locate import parse_json
from indojp_data.core.paths import path_defect
from indojp_data.core.problems import InputError
from indojp_data.diff.changes import JSON, DiffInputError, _show


def _load_json(path: Path) -> JSON:
    """Read a JSON input with the validator's reader for untrusted JSON (:func:`parse_json`).

    So ``NaN``, nesting deeper than the validator allows, NUL bytes and non-UTF-8 text are refused
    with a file, line and column, and never crash the comparison.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DiffInputError(f"{path}: no such file") from None
    except OSError as error:
        raise DiffInputError(f"{path}: cannot read ({error.strerror})") from None
    try:
        return parse_json(data, source=str(path), max_bytes=len(data)).value
    except InputError as error:
        where = error.problem
        if where.line is None:
            raise DiffInputError(str(error)) from None
        raise DiffInputError(f"{error} (line {where.line}, column {where.column})") from None


@dataclass(frozen=True)
class _Package:
    path: Path
    descriptor: dict[str, JSON]

    @property
    def base(self) -> Path:
        return self.path.parent

    def resources(self) -> dict[str, dict[str, JSON]]:
        named: dict[str, dict[str, JSON]] = {}
        for index, resource in enumerate(self.descriptor["resources"]):
            name = resource.get("name")
            if not isinstance(name, str) or not name:
                raise DiffInputError(f"{self.path}: resource {index} has no name")
            if name in named:
                raise DiffInputError(f"{self.path}: two resources are named {name!r}")
            named[name] = resource
        return named

    def local_file(self, reference: JSON, what: str) -> Path:
        if not isinstance(reference, str) or not reference:
            raise DiffInputError(f"{self.path}: {what} must be a non-empty path, got {_show(reference)}")
        defect = path_defect(reference)
        if defect == "url":
            raise DiffInputError(f"{self.path}: {what} {reference!r} is remote; only local files can be compared")
        if defect is not None:
            raise DiffInputError(f"{self.path}: {what} {reference!r} must be a relative path inside the package")
        relative = PurePosixPath(reference)
        resolved = self.base.joinpath(*relative.parts)
        if not resolved.is_file():
            raise DiffInputError(f"{resolved}: no such file ({what} {reference!r} in {self.path})")
        return resolved


@dataclass(frozen=True)
class _SchemaSet:
    path: Path
    schemas: dict[str, JSON]
    is_directory: bool


def _open_input(path: Path) -> _Package | _SchemaSet:
    if not path.exists():
        raise DiffInputError(f"{path}: no such file or directory")
    if path.is_dir():
        descriptor = path / "datapackage.json"
        if descriptor.is_file():
            return _package(descriptor, _load_json(descriptor))
        files = sorted(child for child in path.glob("*.json") if child.is_file())
        if not files:
            raise DiffInputError(f"{path}: contains neither datapackage.json nor any *.json JSON Schema")
        return _SchemaSet(path, {file.name: _schema(file, _load_json(file)) for file in files}, True)
    document = _load_json(path)
    if path.name == "datapackage.json" or (isinstance(document, dict) and isinstance(document.get("resources"), list)):
        return _package(path, document)
    return _SchemaSet(path, {path.name: _schema(path, document)}, False)


def _package(path: Path, document: JSON) -> _Package:
    if not isinstance(document, dict):
        raise DiffInputError(f"{path}: not a data package (the descriptor must be a JSON object)")
    resources = document.get("resources")
    if not isinstance(resources, list) or not all(isinstance(item, dict) for item in resources):
        raise DiffInputError(f"{path}: not a data package ('resources' must be a list of objects)")
    package = _Package(path, document)
    package.resources()  # validates names early
    return package


def _schema(path: Path, document: JSON) -> JSON:
    if not isinstance(document, dict | bool):
        raise DiffInputError(f"{path}: not a JSON Schema (expected an object or a boolean)")
    return document
