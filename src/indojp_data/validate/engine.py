"""The columnar engine (DuckDB): one in-memory database per validation run, and how it reads CSV files.

Each file is read as text columns ``c0``, ``c1``, ... by DuckDB's parallel CSV reader, in strict RFC 4180
mode, under a memory limit that makes joins and aggregates spill to the run's temporary directory. A
small file is loaded into a table once, in file order, so the dozens of queries a package of small tables
needs cost queries on memory, not scans. The engine parallelises each statement itself; the validator
starts no threads of its own for it (on small packages they bought nothing measurable).

DuckDB is imported when the first table is checked, so ``indojp-data --help`` and JSON-only runs never
pay for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from indojp_data.core.problems import IndojpError, InputError, Problem, truncate_value
from indojp_data.core.tableschema import sql_literal, sql_path
from indojp_data.validate.csvfile import MAX_RECORD_CELLS, over_wide
from indojp_data.validate.sql import MAX_CELL_BYTES, TableRules

if TYPE_CHECKING:
    import duckdb

MEMORY_LIMIT = "64MB"
"""The engine's memory limit; past it, joins and aggregates spill to the run's temporary directory."""
MAX_LINE_BYTES = 16 * 1024 * 1024
"""Longest record the engine reads (as the plain reader); a file with a record over :data:`LINE_BYTES` is
read again with buffers this large."""
LINE_BYTES = 256 * 1024
"""Longest record read with the engine's usual, small buffers."""
SORT_MEMORY_LIMIT = "40MB"
"""The memory limit of a sort of a large file's keys (a sort spills in small steps; the peak stays lower)."""
RETRY_MEMORY_LIMIT = "160MB"
"""The memory limit of the one retry of a statement that ran out of memory (on one thread)."""
SMALL_FILE_BYTES = 4 * 1024 * 1024
"""Files up to this size are loaded into the engine once, then queried in memory."""
_NULL = "\x00indojp-null\x00"  # a null string no well-formed file holds (NUL bytes are reported anyway)
_FETCH = 1024
_BUFFER_LINES = 8  # the engine's reader mis-parses quoted cells when its buffer is barely above a line
T = TypeVar("T")

ForeignKey = tuple[tuple[int, ...], str, tuple[str, ...]]
"""``(columns, target resource, target fields)``, as :class:`~.sql.TableRules` holds them."""


def _import_core() -> ModuleType:
    """Import DuckDB's compiled core, ``_duckdb``: the connection and exceptions this package uses.

    ``import duckdb`` adds a Python layer on top (the relational and expression APIs, and the version read
    through ``importlib.metadata``) that takes several times the core's import and that the validator never
    uses (the changelog has the figures). A DuckDB release without the module gets the package.
    """
    import importlib

    try:
        return importlib.import_module("_duckdb")
    except ImportError:  # pragma: no cover - a DuckDB release whose core goes by another name
        return importlib.import_module("duckdb")


MIN_ADDRESS_SPACE = 896 * 1024 * 1024
"""The least address space (``ulimit -v``) the engine starts in: where glibc cannot give one of its threads
its share, the process aborts, past any handler (the shipped package needs about 928 MiB)."""


def _check_address_space() -> None:
    """Raise :class:`MemoryError` when the process may not address :data:`MIN_ADDRESS_SPACE` bytes."""
    import resource

    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    if limit != resource.RLIM_INFINITY and limit < MIN_ADDRESS_SPACE:
        raise MemoryError(
            f"the process may address {limit // 2**20} MiB (ulimit -v); the table checks need"
            f" {MIN_ADDRESS_SPACE // 2**20} MiB"
        )


class EngineError(IndojpError):
    """The engine could not parse a file: it is not the CSV its header promises (the plain reader says why)."""

    @classmethod
    def too_large(cls, cells: int) -> EngineError:
        """Return the error of a file with ``cells`` cells over :data:`~.sql.MAX_CELL_BYTES`."""
        return cls(f"{cells} cells are larger than {MAX_CELL_BYTES} bytes")

    @classmethod
    def too_wide(cls) -> EngineError:
        """Return the error of a file with a line of more than :data:`~.csvfile.MAX_RECORD_CELLS` cells."""
        return cls(f"a line holds more than {MAX_RECORD_CELLS} cells")


@dataclass
class CsvFile:
    """A CSV resource ready for the engine.

    Attributes:
        name: The resource name.
        display: The file as problems name it.
        path: A local path the engine reads (the file itself, or a copy of an archive member).
        rules: The Table Schema's rules.
        header_lines: Physical lines taken by the header record.
        rows: Data records, known once counted.
        line_bytes: The longest record the engine's buffers take for this file.
        table: The engine's table holding a small file, once loaded.
        dangling: Per foreign key, the references with no target, when the file's count could count them.
    """

    name: str
    display: str
    path: str
    rules: TableRules
    header_lines: int = 1
    rows: int = 0
    line_bytes: int = LINE_BYTES
    table: str | None = None
    dangling: dict[ForeignKey, int] = field(default_factory=dict)

    @property
    def width(self) -> int:
        """The number of fields."""
        return len(self.rules.fields)


@dataclass
class Counts:
    """What one scan of a file found.

    Attributes:
        cells: Per field, the cells breaking a rule.
        repeated_keys: The key columns (primary key, unique fields) whose 64-bit hashes repeat: a duplicate,
            or a hash collision that locating tells apart.
    """

    cells: list[int]
    repeated_keys: list[tuple[int, ...]]


class Engine:
    """One in-memory DuckDB database for one validation run."""

    def __init__(self, workdir: str) -> None:
        """Connect, with a memory limit and a spill directory under ``workdir``."""
        core = _import_core()
        self.threads = max(1, min(os.cpu_count() or 1, 4))
        self.tables_made = 0
        self._single_thread = False
        self._out_of_memory = core.OutOfMemoryException
        # NotImplementedException: the parallel reader met a record longer than its buffer.
        self._malformed = (core.InvalidInputException, core.ConversionException, core.NotImplementedException)
        self._error = core.Error
        spill = os.path.join(workdir, "spill")
        os.makedirs(spill, exist_ok=True)
        _check_address_space()
        config: dict[str, Any] = {"memory_limit": MEMORY_LIMIT, "temp_directory": spill, "threads": self.threads}
        # Counts do not depend on record order; the queries that number records turn it back on.
        config["preserve_insertion_order"] = False
        with self._memory():
            self.con: duckdb.DuckDBPyConnection = core.connect(":memory:", config=config)
            self.con.execute("SET enable_progress_bar = false")  # it writes to standard output on long statements

    @contextmanager
    def _memory(self) -> Iterator[None]:
        """Turn the engine's running out of memory outside a statement into :class:`MemoryError`."""
        try:
            yield
        except self._out_of_memory as exc:
            raise MemoryError(str(exc).splitlines()[0]) from None

    def close(self) -> None:
        """Release the database."""
        self.con.close()

    # --- how a file is read ----------------------------------------------------------------------------

    @staticmethod
    def source(file: CsvFile) -> str:
        """Return the ``read_csv`` call that reads ``file`` as text columns ``c0``, ``c1``, ... (or its table)."""
        if file.table is not None:
            return file.table
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(file.width)) + "}"
        return (
            f"read_csv({sql_path(file.path)}, header = true, auto_detect = false, delim = ',', quote = '\"',"
            f" escape = '\"', strict_mode = true, null_padding = false, columns = {columns},"
            f" nullstr = {sql_literal(_NULL)}, allow_quoted_nulls = false, max_line_size = {file.line_bytes},"
            f" buffer_size = {_BUFFER_LINES * file.line_bytes}, parallel = true)"
        )

    def numbered(self, file: CsvFile) -> str:
        """``file`` with each record's number ``idx`` and the physical ``line`` it starts on.

        The line is the header's lines, plus the record number, plus the newlines inside the quoted cells
        of earlier records.
        """
        newlines = " + ".join(f"(length(c{i}) - length(replace(c{i}, chr(10), '')))" for i in range(file.width))
        line = f"{file.header_lines} + idx + coalesce(sum(nl) OVER ({{order}}ROWS UNBOUNDED PRECEDING) - nl, 0)"
        if file.table is not None:  # a loaded table keeps the file's order in its row ids
            return (
                f"(SELECT {line.format(order='ORDER BY idx ')} AS line, * EXCLUDE (nl)"
                f" FROM (SELECT rowid + 1 AS idx, {newlines} AS nl, * FROM {file.table}))"
            )
        return (
            f"(SELECT {line.format(order='')} AS line, * EXCLUDE (nl)"
            f" FROM (SELECT row_number() OVER () AS idx, {newlines} AS nl, * FROM {self.source(file)}))"
        )

    def code(self, file: CsvFile, i: int, column: str | None = None) -> str:
        """Return the SQL rule code of field ``i`` of the cell in ``column`` (default: the field's own ``c{i}``).

        See :meth:`.sql.FieldRules.code_sql`.
        """
        return file.rules.fields[i].code_sql(column or f"c{i}", file.rules.missing, file.line_bytes > MAX_CELL_BYTES)

    # --- running statements ----------------------------------------------------------------------------

    def query(self, sql: str, display: str) -> duckdb.DuckDBPyConnection:
        """Run ``sql`` about the file(s) ``display`` names.

        Raises:
            EngineError: when a file is not the CSV its header promises.
            InputError: when the engine itself fails (out of memory or disk): the file was not checked.
        """
        return self._guarded(lambda: self._execute(self.con, sql), display)

    def rows(self, sql: str, display: str) -> list[tuple[Any, ...]]:
        """Run ``sql`` as :meth:`query` does and fetch every row, under the same guard.

        A statement can fail while its rows are fetched as well as when it starts (out of memory, mostly).
        """
        return self._guarded(lambda: self._execute(self.con, sql).fetchall(), display)

    def _guarded(self, run: Callable[[], T], display: str) -> T:
        con = self.con
        try:
            if self._single_thread:  # restored here: a statement after a query would discard its pending result
                con.execute(f"SET threads = {self.threads}")
                con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
                self._single_thread = False
            try:
                return run()
            except self._out_of_memory:  # once more, on one thread (fewer buffers) and with more room
                con.execute("SET threads = 1")
                con.execute(f"SET memory_limit = '{RETRY_MEMORY_LIMIT}'")
                self._single_thread = True
                return run()
        except self._error as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if isinstance(exc, self._malformed):
                raise EngineError(message) from None
            text = f"the table checks could not run: {truncate_value(message, 160)}"
            hint = "free memory or disk space, then retry"
            raise InputError(Problem(display, "engine", text, hint=hint)) from None

    def _execute(self, con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyConnection:
        return con.execute(sql)

    @contextmanager
    def setting(self, name: str, value: str, restore: str) -> Iterator[None]:
        """Run the statements of the ``with`` block with the setting ``name`` at ``value`` (SQL), then ``restore``.

        Results are fetched inside the block.
        """
        con = self.con
        with self._memory():
            con.execute(f"SET {name} = {value}")
        try:
            yield
        finally:
            with self._memory():
                con.execute(f"SET {name} = {restore}")

    def ordered(self, sql: str, file: CsvFile) -> Iterator[tuple[Any, ...]]:
        """Yield the rows of a query that numbers records (so the engine keeps the file's order)."""
        with self.setting("preserve_insertion_order", "true", "false"):
            cursor = self.query(sql, file.display)
            while True:
                with self._memory():  # fetching can run out of memory too
                    batch = cursor.fetchmany(_FETCH)
                if not batch:
                    return
                yield from batch


def load_small(engine: Engine, files: Sequence[CsvFile]) -> dict[str, EngineError]:
    """Load each small file into a table once, in file order; return the files that do not parse, by path.

    A scan has a fixed cost of a few milliseconds, and a package of small tables needs dozens of them
    (cells, keys, references, records): reading each small file once makes them queries on memory.
    """
    todo, failed = [], {}
    for file in files:
        size = os.path.getsize(file.path)
        if file.table is None and size <= SMALL_FILE_BYTES and over_wide(file.path, size) is not None:
            failed[file.path] = EngineError.too_wide()
        elif file.table is None and size <= SMALL_FILE_BYTES:
            file.line_bytes = max(size + 1, 1 << 16)  # no record is longer than the file
            engine.tables_made += 1
            todo.append((file, f"small_{engine.tables_made}"))

    def create(item: tuple[CsvFile, str]) -> str:
        return f"CREATE OR REPLACE TABLE {item[1]} AS SELECT * FROM {engine.source(item[0])}"

    def load(item: tuple[CsvFile, str]) -> EngineError | None:
        try:
            engine.query(create(item), item[0].display)
        except EngineError as exc:
            return exc
        item[0].table = item[1]
        return None

    with engine.setting("preserve_insertion_order", "true", "false"):  # the tables keep the files' order
        try:  # all in one call; one by one only when a file does not parse, to tell which
            if todo:
                engine.query("; ".join(map(create, todo)), todo[0][0].display)
            for file, name in todo:
                file.table = name
            outcomes: list[EngineError | None] = [None] * len(todo)
        except EngineError:
            outcomes = [load(item) for item in todo]
    failed.update((file.path, error) for (file, _), error in zip(todo, outcomes, strict=True) if error is not None)
    return failed
