"""The columnar engine (DuckDB): one in-memory database per validation run, and its statements guarded.

The engine runs what :mod:`.plan` writes, under a memory limit that makes joins and aggregates spill to
the run's temporary directory, and turns its failures into this package's errors: a file that is not
the CSV its header promises (:class:`EngineError`), or an engine that could not run (an
:class:`~indojp_data.core.problems.InputError`). The engine parallelises each statement itself; the
validator starts no threads of its own for it (on small packages they bought nothing measurable).

DuckDB is imported when the first table is checked, so ``indojp-data --help`` and JSON-only runs never
pay for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from indojp_data.core.problems import IndojpError, InputError, Problem, truncate_value
from indojp_data.validate.csvfile import MAX_RECORD_CELLS
from indojp_data.validate.sql import MAX_CELL_BYTES

if TYPE_CHECKING:
    import duckdb

MEMORY_LIMIT = "56MB"
"""The engine's memory limit; past it, joins and aggregates spill to the run's temporary directory."""
SORT_MEMORY_LIMIT = "40MB"
"""The memory limit of a sort of a large file's keys (a sort spills in small steps; the peak stays lower)."""
RETRY_MEMORY_LIMIT = "160MB"
"""The memory limit of the one retry of a statement that ran out of memory (on one thread)."""
_FETCH = 1024
T = TypeVar("T")


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

    def ordered(self, sql: str, display: str) -> Iterator[tuple[Any, ...]]:
        """Yield the rows of a query that numbers records (so the engine keeps the file's order)."""
        with self.setting("preserve_insertion_order", "true", "false"):
            cursor = self.query(sql, display)
            while True:
                with self._memory():  # fetching can run out of memory too
                    batch = cursor.fetchmany(_FETCH)
                if not batch:
                    return
                yield from batch
