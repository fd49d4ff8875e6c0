"""The entry point: compare two data packages or two sets of JSON Schemas, given their paths."""

from __future__ import annotations

from pathlib import Path

from indojp_data.diff.changes import Diff, DiffInputError, _Changes
from indojp_data.diff.descriptors import _diff_packages
from indojp_data.diff.json_schemas import _diff_schema_sets
from indojp_data.diff.readers import _open_input, _Package, _SchemaSet


def diff_paths(old: str | Path, new: str | Path) -> Diff:
    """Compare two versions of the dataset found on disk.

    Each side is a data package (a directory holding ``datapackage.json``, or the descriptor
    itself) or a JSON Schema (a file, or a directory whose ``*.json`` files are compared by file
    name; subdirectories are not searched). Both sides must be of the same kind.

    Args:
        old: The previous version.
        new: The new version.

    Returns:
        The changes, each with the bump it requires.

    Raises:
        DiffInputError: When a path is missing, a file is malformed, a descriptor is not a data
            package, a resource file cannot be read, or the two sides are of different kinds.
    """
    old_input = _open_input(Path(old))
    new_input = _open_input(Path(new))
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
