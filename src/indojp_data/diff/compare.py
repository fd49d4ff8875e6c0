"""The entry point: compare two data packages or two sets of JSON Schemas, given their paths."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from indojp_data.core.problems import InputError
from indojp_data.core.safe_io import unpacked
from indojp_data.diff.changes import Diff, DiffInputError, _Changes
from indojp_data.diff.descriptors import _diff_packages
from indojp_data.diff.json_schemas import _diff_schema_sets
from indojp_data.diff.readers import _open_input, _Package, _SchemaSet


def diff_paths(old: str | Path, new: str | Path) -> Diff:
    """Compare two versions of the dataset found on disk.

    Each side is a data package (a directory holding ``datapackage.json``, the descriptor itself,
    or a release zip, unpacked under the validator's limits) or a JSON Schema (a file, or a
    directory whose ``*.json`` files are compared by file name; subdirectories are not searched).
    Both sides must be of the same kind.

    Args:
        old: The previous version.
        new: The new version.

    Returns:
        The changes, each with the bump it requires.

    Raises:
        DiffInputError: When a path is missing, a file is malformed, a descriptor is not a data
            package, a resource file cannot be read, or the two sides are of different kinds.
    """
    with _unzipped(old) as old_path, _unzipped(new) as new_path:
        return _diff_paths(old_path, new_path, old, new)


@contextlib.contextmanager
def _unzipped(path: str | Path) -> Iterator[Path]:
    """Yield ``path``, or for a zip file (a release bundle) a temporary directory it is unpacked into."""
    if not str(path).lower().endswith(".zip") or not Path(path).is_file():
        yield Path(path)
        return
    try:
        with unpacked(path) as directory:
            yield directory
    except InputError as error:
        raise DiffInputError(f"{path}: {error.problem.message}") from None


def _diff_paths(old_path: Path, new_path: Path, old: str | Path, new: str | Path) -> Diff:
    old_input = _open_input(old_path)
    new_input = _open_input(new_path)
    if isinstance(old_input, _Package) != isinstance(new_input, _Package):

        def kind(item: _Package | _SchemaSet) -> str:
            return "a data package" if isinstance(item, _Package) else "a JSON Schema"

        raise DiffInputError(
            f"cannot compare {old} ({kind(old_input)}) with {new} ({kind(new_input)}): "
            "both sides must be data packages or both JSON Schemas"
        )
    changes = _Changes()
    try:
        if isinstance(old_input, _Package) and isinstance(new_input, _Package):
            _diff_packages(old_input, new_input, changes)
        elif isinstance(old_input, _SchemaSet) and isinstance(new_input, _SchemaSet):
            _diff_schema_sets(old_input, new_input, changes)
    except (AttributeError, KeyError, TypeError, IndexError) as error:
        # A descriptor that is valid JSON but not shaped as the specifications require.
        raise DiffInputError(
            f"cannot compare {old} with {new}: unexpected descriptor structure ({type(error).__name__}: {error})"
        ) from None
    return Diff(tuple(changes.items))
