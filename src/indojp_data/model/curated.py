"""Read the curated YAML records and build the validated :class:`~indojp_data.model.dataset.Dataset`.

The records live in ``indojp_data/model/records/``: ``source.yaml`` plus one file per table (``persons.yaml``,
``quotes.yaml``, ...). They ship inside the wheel, so loading needs no network and no checkout.

A record that breaks a rule raises :class:`CurationError`, which lists *every* problem with the file,
the line and the field, e.g. ``quotes.yaml:12: [2].speaker: unknown person 'narendra-mod'``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indojp_data.core.problems import IndojpError

if TYPE_CHECKING:
    import yaml

    from indojp_data.model.dataset import Dataset

SOURCE_FILE = "source.yaml"


@dataclass(frozen=True)
class CurationProblem:
    """One problem in the curated records, located by file, line and field path."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        """Render as ``file:line: field: message``."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}"


class CurationError(IndojpError, ValueError):
    """The curated records are invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[CurationProblem]) -> None:
        """Keep the problems and summarize them in the message."""
        self.problems = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the curated records:\n{lines}")


def default_records_dir() -> Path:
    """Return the directory of the curated records shipped with the package."""
    return Path(__file__).resolve().parent / "records"  # not importlib.resources: it imports zipfile and more


def table_file(table: str) -> str:
    """Return the file name that holds ``table``'s records."""
    return f"{table}.yaml"


def record_files(records_dir: Path | None = None) -> list[Path]:
    """Return the files of the curated records in ``records_dir`` (default: the packaged ones), source first."""
    from indojp_data.model.entities import TABLES

    directory = records_dir or default_records_dir()
    return [directory / SOURCE_FILE, *(directory / table_file(t) for t in TABLES)]


def read_records(records_dir: Path | None = None) -> Dataset:
    """Read and validate the curated records in ``records_dir`` (default: the packaged records).

    Raises:
        CurationError: if a file is missing or unparsable, or any record breaks a rule.
    """
    import yaml
    from pydantic import ValidationError

    from indojp_data.model.dataset import Dataset
    from indojp_data.model.entities import TABLES
    from indojp_data.model.rules import broken_rules

    directory = records_dir or default_records_dir()
    files = {"source": SOURCE_FILE, **{t: table_file(t) for t in TABLES}}
    texts: dict[str, str] = {}
    data: dict[str, Any] = {}
    problems: list[CurationProblem] = []
    for key, name in files.items():
        try:
            texts[key] = (directory / name).read_text(encoding="utf-8")
            data[key] = yaml.load(texts[key], Loader=_loader())
        except FileNotFoundError:
            problems.append(CurationProblem(name, None, key, "file is missing"))
        except UnicodeDecodeError as exc:
            problems.append(CurationProblem(name, None, key, f"not UTF-8 ({exc.reason})"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            problems.append(CurationProblem(name, line, key, f"not valid YAML: {getattr(exc, 'problem', exc)}"))
    if problems:
        raise CurationError(problems)

    def locate(loc: Sequence[str | int]) -> tuple[str, int | None, str]:
        key = str(loc[0]) if loc else "source"
        rest = list(loc[1:])
        field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in rest).lstrip(".")
        return files.get(key, SOURCE_FILE), _line_of(texts.get(key, ""), rest), field or key

    try:
        return Dataset.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            violations = broken_rules(error)
            if violations is not None:  # the cross-record rules: locate each violation
                for violation in violations:
                    problems.append(CurationProblem(*locate(violation.path), violation.message))
                continue
            file, line, field = locate(error["loc"])
            problems.append(CurationProblem(file, line, field, error["msg"]))
        raise CurationError(problems) from None


@lru_cache(maxsize=1)
def load() -> Dataset:
    """Return the validated, immutable dataset shipped with this package.

    Works offline and from any working directory: the curated records are inside the package. The
    result is cached; every call returns the same object, which cannot be modified.

    The records come validated from the build (:mod:`~indojp_data.model.prebuilt`); when that file is not
    intact or not current for the records and models, they are validated here in full.

    Examples:
        >>> import indojp_data
        >>> ds = indojp_data.load()
        >>> ds.person("narendra-modi").office
        'Prime Minister'

    Raises:
        indojp_data.model.curated.CurationError: if the shipped records are invalid (a packaging bug).
    """
    from indojp_data.model.prebuilt import model_dir, read_prebuilt

    return read_prebuilt(model_dir(), record_files()) or read_records()


@lru_cache(maxsize=1)
def _loader() -> type[yaml.SafeLoader]:
    """Return the safe YAML loader that keeps timestamps as text, so the models parse (and check) dates."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    # Dates go to pydantic as strings: PyYAML would otherwise accept some impossible ones silently.
    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


@lru_cache(maxsize=16)
def _compose(text: str) -> yaml.Node | None:
    """Parse ``text`` into YAML nodes once, however many problems a file has."""
    import yaml

    if not text:
        return None
    try:
        return yaml.compose(text, Loader=_loader())
    except yaml.YAMLError:
        return None


def _line_of(text: str, path: Sequence[str | int]) -> int | None:
    """Return the 1-based line of the YAML node at ``path``, or of its nearest existing ancestor."""
    import yaml

    node = _compose(text)
    if node is None:
        return None
    line = int(node.start_mark.line) + 1
    for step in path:
        child: yaml.Node | None = None
        if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            child = node.value[step]
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == step:
                    child = value_node
                    line = int(key_node.start_mark.line) + 1
                    break
        if child is None:
            return line
        node = child
        if not isinstance(node, yaml.MappingNode):
            line = int(node.start_mark.line) + 1
    return line
