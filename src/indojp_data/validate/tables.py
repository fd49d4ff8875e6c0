"""The table checks, run by a columnar engine (DuckDB) over each CSV file as it lies on disk.

One statement counts, for every file of a package at once, the records, the cells breaking a rule per
field (see :mod:`.sql`) and the keys that repeat (a grouped pass over 64-bit hashes); one more counts the
references with no target. Only when a count is not zero does an ordered query locate the offending
rows, and it stops as soon as the problem cap is reached: past the cap, problems are counted, not
located. A clean package therefore costs two statements, and memory does not grow with its rows: the
engine runs under a memory limit and spills to disk.

Line numbers are physical: the engine numbers records in file order (a streaming window), and the line
of record *n* is the header's lines plus *n* plus the newlines inside quoted cells of earlier records.

DuckDB is imported when the first table is checked, so ``indojp-data --help`` and JSON-only runs never
pay for it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from indojp_data.validate.problems import InputError, Problem, ProblemCollector, truncate_value
from indojp_data.validate.sql import CODE, MAX_CELL_BYTES, RULES, TableRules, literal, missing_sql

if TYPE_CHECKING:
    import duckdb

MEMORY_LIMIT = "64MB"
"""The engine's memory limit; past it, joins and aggregates spill to the run's temporary directory."""
MAX_LINE_BYTES = 16 * 1024 * 1024
"""Longest record the engine reads (as the plain reader); a file with a record over :data:`LINE_BYTES` is
read again with buffers this large."""
LINE_BYTES = 1024 * 1024
"""Longest record read with the engine's usual, small buffers."""
SMALL_FILE_BYTES = 4 * 1024 * 1024
"""Files up to this size are loaded into the engine once, then queried in memory (see :meth:`Engine._load_small`)."""
_NULL = "\x00indojp-null\x00"  # a null string no well-formed file holds (NUL bytes are reported anyway)
_FETCH = 1024
_LONG_ENUM = 16  # an enum with more values is read from a table
_BUFFER_LINES = 8  # the engine's reader mis-parses quoted cells when its buffer is barely above a line


class EngineError(Exception):
    """The engine could not parse a file: it is not the CSV its header promises (the plain reader says why)."""


@dataclass
class CsvFile:
    """A CSV resource ready for the engine.

    Attributes:
        name: The resource name.
        display: The file as problems name it.
        path: A local path the engine reads (the file itself, or a copy of an archive member).
        rules: The Table Schema's rules.
        header_lines: Physical lines taken by the header record.
        rows: Data records, known once :meth:`Engine.count` ran.
        line_bytes: The longest record the engine's buffers take for this file.
        table: The engine's table holding a small file, once loaded.
    """

    name: str
    display: str
    path: str
    rules: TableRules
    header_lines: int = 1
    rows: int = 0
    line_bytes: int = LINE_BYTES
    table: str | None = None


ForeignKey = tuple[tuple[int, ...], str, tuple[str, ...]]
"""``(columns, target resource, target fields)``, as :class:`~.sql.TableRules` holds them."""


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
    """One DuckDB connection for one validation run."""

    def __init__(self, workdir: str) -> None:
        """Connect, with a memory limit and a spill directory under ``workdir``."""
        import duckdb

        self._threads = max(1, min(os.cpu_count() or 1, 4))
        self._tables = 0
        self._enums: dict[tuple[str, ...], str] = {}
        self._out_of_memory = duckdb.OutOfMemoryException
        spill = os.path.join(workdir, "spill")
        os.makedirs(spill, exist_ok=True)
        self.con: duckdb.DuckDBPyConnection = duckdb.connect(
            ":memory:",
            config={
                "memory_limit": MEMORY_LIMIT,
                "temp_directory": spill,
                "threads": self._threads,
                # Counts do not depend on record order; the queries that number records turn it back on.
                "preserve_insertion_order": False,
            },
        )
        # NotImplementedException: the parallel reader met a record longer than its buffer.
        self._malformed = (duckdb.InvalidInputException, duckdb.ConversionException, duckdb.NotImplementedException)
        self._error = duckdb.Error

    def close(self) -> None:
        """Release the connection."""
        self.con.close()

    # --- sources -------------------------------------------------------------------------------------

    @staticmethod
    def source(file: CsvFile, width: int) -> str:
        """Return the ``read_csv`` call that reads ``file`` as ``width`` text columns ``c0``, ``c1``, ...

        A small file already loaded (see :meth:`_load_small`) is read from its table instead.
        """
        if file.table is not None:
            return file.table
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
        line_bytes = file.line_bytes
        return (
            f"read_csv({literal(file.path)}, header = true, auto_detect = false, delim = ',', quote = '\"',"
            f" escape = '\"', strict_mode = true, null_padding = false, columns = {columns},"
            f" nullstr = {literal(_NULL)}, allow_quoted_nulls = false, max_line_size = {line_bytes},"
            f" buffer_size = {_BUFFER_LINES * line_bytes}, parallel = true)"
        )

    def _numbered(self, file: CsvFile, width: int) -> str:
        """``file`` with each record's number ``idx`` and physical ``line``."""
        newlines = " + ".join(f"(length(c{i}) - length(replace(c{i}, chr(10), '')))" for i in range(width))
        if file.table is not None:  # a loaded table keeps the file's order in its row ids
            return (
                f"(SELECT {file.header_lines} + idx + coalesce(sum(nl) OVER (ORDER BY idx ROWS UNBOUNDED PRECEDING)"
                f" - nl, 0) AS line, * EXCLUDE (nl)"
                f" FROM (SELECT rowid + 1 AS idx, {newlines} AS nl, * FROM {file.table}))"
            )
        return (
            f"(SELECT {file.header_lines} + idx + coalesce(sum(nl) OVER (ROWS UNBOUNDED PRECEDING) - nl, 0) AS line,"
            f" * EXCLUDE (nl) FROM (SELECT row_number() OVER () AS idx, {newlines} AS nl, *"
            f" FROM {self.source(file, width)}))"
        )

    def _query(self, sql: str, display: str) -> duckdb.DuckDBPyConnection:
        """Run ``sql`` about the file(s) ``display`` names.

        Raises:
            EngineError: when a file is not the CSV its header promises.
            InputError: when the engine itself fails (out of memory or disk): the file was not checked.
        """
        try:
            try:
                return self._execute(sql)
            except self._out_of_memory:  # once more on one thread, which needs fewer buffers
                self.con.execute("SET threads = 1")
                try:
                    return self._execute(sql)
                finally:
                    self.con.execute(f"SET threads = {self._threads}")
        except self._error as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if isinstance(exc, self._malformed):
                raise EngineError(message) from None
            text = f"the table checks could not run: {truncate_value(message, 160)}"
            hint = "free memory or disk space, then retry"
            raise InputError(Problem(display, "engine", text, hint=hint)) from None

    def _execute(self, sql: str) -> duckdb.DuckDBPyConnection:
        return self.con.execute(sql)

    def _rows(self, sql: str, file: CsvFile) -> Iterator[tuple[Any, ...]]:
        """Yield the rows of an ordered query (record numbers need the file's order)."""
        self.con.execute("SET preserve_insertion_order = true")
        try:
            cursor = self._query(sql, file.display)
            while batch := cursor.fetchmany(_FETCH):
                yield from batch
        finally:
            self.con.execute("SET preserve_insertion_order = false")

    # --- counting: every file of a package in one statement -------------------------------------------

    def count(self, files: Sequence[CsvFile]) -> list[Counts | EngineError]:
        """Count, per file, its records, the cells breaking each field's rules, and the keys that repeat.

        One statement covers every file. When the engine cannot parse one of them (or runs out of memory),
        each file is counted on its own, so the others are still checked.

        Raises:
            InputError: when the engine fails on a single file (out of memory or disk).
        """
        if not files:
            return []
        failed = self._load_small(files)
        if failed:
            rest = self.count([file for file in files if file.path not in failed]) if len(failed) < len(files) else []
            results = iter(rest)
            return [failed[file.path] if file.path in failed else next(results) for file in files]
        sql = " UNION ALL ".join(self._count_sql(n, file) for n, file in enumerate(files))
        try:
            rows = self._query(sql, files[0].display).fetchall()
        except (EngineError, InputError) as exc:
            if len(files) > 1:
                return [result for file in files for result in self.count([file])]
            if isinstance(exc, InputError):
                raise
            return [self._count_with_long_lines(files[0], exc)]
        found = {row[0]: row for row in rows}
        return [self._counts(file, found[n]) for n, file in enumerate(files)]

    def _load_small(self, files: Sequence[CsvFile]) -> dict[str, EngineError]:
        """Load each small file into a table once, in file order: every later query reads the table.

        A scan has a fixed cost of a few milliseconds, and a package of small tables needs dozens of them
        (cells, keys, references, records); reading each small file once makes its checks cost a query on
        memory instead. Returns the files the engine could not parse, by path.
        """
        failed: dict[str, EngineError] = {}
        self.con.execute("SET preserve_insertion_order = true")
        try:
            for file in files:
                size = os.path.getsize(file.path)
                if file.table is not None or size > SMALL_FILE_BYTES:
                    continue
                file.line_bytes = max(size + 1, 1 << 16)  # no record is longer than the file
                self._tables += 1
                name = f"small_{self._tables}"
                try:
                    self._query(
                        f"CREATE TEMP TABLE {name} AS SELECT * FROM {self.source(file, len(file.rules.fields))}",
                        file.display,
                    )
                except EngineError as exc:
                    failed[file.path] = exc
                    continue
                file.table = name
        finally:
            self.con.execute("SET preserve_insertion_order = false")
        return failed

    def _count_sql(self, n: int, file: CsvFile) -> str:
        rules = file.rules
        width = len(rules.fields)
        source = self.source(file, width)
        codes = ", ".join(f"{self._code(file, i)} AS k{i}" for i in range(width))
        cells = ", ".join(f"count(*) FILTER (WHERE k{i} <> 0)" for i in range(width))
        large = " OR ".join(f"k{i} = {CODE['too-large']}" for i in range(width))
        repeats = []
        for index, columns in enumerate(self._key_sets(rules)):
            keys = ", ".join(f"c{i}" for i in columns)
            grouped = f"SELECT hash({keys}) FROM {source} WHERE {self._present(rules, columns, index)}"
            repeats.append(f"(SELECT count(*) FROM ({grouped} GROUP BY ALL HAVING count(*) > 1))")
        keys_sql = f"[{', '.join(repeats)}]" if repeats else "CAST([] AS BIGINT[])"
        return (
            f"SELECT {n} AS t, count(*), count(*) FILTER (WHERE {large}), [{cells}], {keys_sql}"
            f" FROM (SELECT {codes} FROM {source})"
        )

    def _counts(self, file: CsvFile, row: tuple[Any, ...]) -> Counts | EngineError:
        _, rows, large, cells, repeats = row
        if large:
            return EngineError(f"{large} cells are larger than {MAX_CELL_BYTES} bytes")
        file.rows = int(rows)
        key_sets = self._key_sets(file.rules)
        return Counts([int(c) for c in cells], [key for key, r in zip(key_sets, repeats, strict=True) if r])

    def _count_with_long_lines(self, file: CsvFile, error: EngineError) -> Counts | EngineError:
        """Count again with buffers for the longest record allowed (the first read may have met a long one)."""
        if file.line_bytes >= MAX_LINE_BYTES:
            return error
        file.line_bytes = MAX_LINE_BYTES
        try:
            (row,) = self._query(self._count_sql(0, file), file.display).fetchall()
        except EngineError as again:
            return again
        return self._counts(file, row)

    @staticmethod
    def _key_sets(rules: TableRules) -> list[tuple[int, ...]]:
        """Return the primary key first (if any), then each unique field."""
        return ([rules.primary_key] if rules.primary_key else []) + [(column,) for column in rules.unique]

    @staticmethod
    def _present(rules: TableRules, columns: Sequence[int], n: int) -> str:
        """Return SQL true when the key counts: a primary key always, a unique field when its cell is not missing."""
        if n == 0 and rules.primary_key:
            return "true"
        return " AND ".join(f"NOT {missing_sql(f'c{i}', rules.missing)}" for i in columns)

    def _code(self, file: CsvFile, i: int) -> str:
        field = file.rules.fields[i]
        enum_table = self._enum_table(field.enum) if field.enum and len(field.enum) > _LONG_ENUM else None
        return field.code_sql(f"c{i}", file.rules.missing, file.line_bytes > MAX_CELL_BYTES, enum_table)

    def _enum_table(self, values: tuple[str, ...]) -> str:
        """Return a table holding a long enum's values, made once per run (a codelist of hundreds of codes)."""
        if values not in self._enums:
            name = f"enum_{len(self._enums) + 1}"
            self.con.execute(f"CREATE TEMP TABLE {name} (v VARCHAR PRIMARY KEY)")
            self.con.executemany(f"INSERT INTO {name} VALUES (?)", [(v,) for v in dict.fromkeys(values)])
            self._enums[values] = name
        return self._enums[values]

    def report_cells(self, file: CsvFile, counts: Counts, out: ProblemCollector) -> None:
        """Report the cells :meth:`count` counted, located, until the cap; count the rest."""
        rules = file.rules
        total = sum(counts.cells)
        if not total:
            return
        width = len(rules.fields)
        bad = [i for i in range(width) if counts.cells[i]]
        codes = ", ".join(f"{self._code(file, i)} AS k{i}" for i in bad)
        shown = ", ".join(f"left(c{i}, 100) AS v{i}" for i in bad)
        where = " OR ".join(f"k{i} <> 0" for i in bad)
        sql = f"SELECT line, {', '.join(f'k{i}, v{i}' for i in bad)} FROM (SELECT line, {codes}, {shown} FROM"
        sql += f" {self._numbered(file, width)}) WHERE {where}" + (" ORDER BY line" if file.table else "")
        reported = 0
        for record in self._rows(sql, file):
            line = record[0]
            for position, i in enumerate(bad):
                code, value = record[1 + 2 * position], record[2 + 2 * position]
                if not code:
                    continue
                spec = rules.fields[i]
                rule = RULES[code - 1]
                shown_value = truncate_value(value or "")
                message, hint = spec.message(rule, shown_value)
                out.add(Problem(file.display, rule, message, line, i + 1, None, spec.name, shown_value, hint))
                reported += 1
            if out.full:
                break
        out.count(file.display, n=max(0, total - reported))

    # --- keys ----------------------------------------------------------------------------------------

    def report_duplicates(self, file: CsvFile, columns: Sequence[int], out: ProblemCollector) -> None:
        """Report each record whose values at ``columns`` repeat an earlier record's (primary key or unique).

        A unique field ignores missing cells; a primary key compares every record.
        """
        rules = file.rules
        primary = tuple(columns) == rules.primary_key
        width = len(rules.fields)
        keys = ", ".join(f"c{i}" for i in columns)
        source = self.source(file, width)
        present = "true" if primary else self._present(rules, columns, 1)
        candidates = f"SELECT hash({keys}) AS h FROM {source} WHERE {present} GROUP BY h HAVING count(*) > 1"
        self.con.execute("SET preserve_insertion_order = true")
        try:
            self._query(
                f"CREATE OR REPLACE TEMP TABLE dup AS SELECT line, idx, {keys} FROM {self._numbered(file, width)}"
                f" WHERE {present} AND hash({keys}) IN ({candidates})",
                file.display,
            )
        finally:
            self.con.execute("SET preserve_insertion_order = false")
        firsts = (
            f"SELECT {keys}, min(idx) AS first_idx, arg_min(line, idx) AS first_line, count(*) AS n FROM dup"
            f" GROUP BY {keys} HAVING count(*) > 1"
        )
        total = self._query(f"SELECT coalesce(sum(n - 1), 0) FROM ({firsts})", file.display).fetchall()[0][0]
        names = [rules.fields[i].name for i in columns]
        first = columns[0]
        reported = 0
        sql = (
            f"SELECT d.line, f.first_line FROM dup d JOIN ({firsts}) f USING ({keys})"
            f" WHERE d.idx <> f.first_idx ORDER BY d.idx"
        )
        for line, earlier in self._rows(sql, file):
            if out.full:
                break
            if primary:
                message = f"duplicate primary key ({', '.join(names)}): the same as on line {earlier}"
                out.add(
                    Problem(
                        file.display,
                        "primary-key",
                        message,
                        line,
                        first + 1,
                        None,
                        names[0],
                        None,
                        "each row needs its own key",
                    )
                )
            else:
                out.add(
                    Problem(file.display, "unique", f"value repeats line {earlier}", line, first + 1, None, names[0])
                )
            reported += 1
        out.count(file.display, n=max(0, int(total) - reported))
        self._query("DROP TABLE dup", file.display)

    def count_references(self, keys: Sequence[tuple[CsvFile, ForeignKey, CsvFile]]) -> list[int]:
        """Count, per ``(file, foreign key, target file)``, the references with no target row (one statement)."""
        if not keys:
            return []
        sql = " UNION ALL ".join(
            f"SELECT {n}, count(*) FROM {self.source(file, len(file.rules.fields))} c"
            f" WHERE {self._dangling(file, key, target)}"
            for n, (file, key, target) in enumerate(keys)
        )
        found = dict(self._query(sql, keys[0][0].display).fetchall())
        return [int(found[n]) for n in range(len(keys))]

    def _dangling(self, file: CsvFile, key: ForeignKey, target: CsvFile) -> str:
        """Return SQL true for a record ``c`` whose complete reference has no row ``p`` in ``target``."""
        columns, _, target_fields = key
        target_columns = [target.rules.field_names.index(f) for f in target_fields]
        present = " AND ".join(f"NOT {missing_sql(f'c.c{i}', file.rules.missing)}" for i in columns)
        match = " AND ".join(f"p.c{t} = c.c{i}" for i, t in zip(columns, target_columns, strict=True))
        parent = self.source(target, len(target.rules.fields))
        return f"{present} AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE {match})"

    def report_foreign_key(
        self, file: CsvFile, key: ForeignKey, target: CsvFile, total: int, out: ProblemCollector
    ) -> None:
        """Report, located, the ``total`` records whose reference has no matching record in ``target``."""
        if not total:
            return
        columns, target_name, target_fields = key
        rules = file.rules
        width = len(rules.fields)
        missing = self._dangling(file, key, target)
        shown = " || ', ' || ".join(f"left(c.c{i}, 100)" for i in columns)
        sql = f"SELECT c.line, {shown} FROM {self._numbered(file, width)} c WHERE {missing} ORDER BY c.idx"
        field_name = rules.fields[columns[0]].name
        reported = 0
        for line, values in self._rows(sql, file):
            if out.full:
                break
            message = f"no row of {target_name} has {'/'.join(target_fields)} {truncate_value(values)!r}"
            out.add(
                Problem(
                    file.display,
                    "foreign-key",
                    message,
                    line,
                    columns[0] + 1,
                    None,
                    field_name,
                    truncate_value(values),
                    f"add the row to {target_name}, or correct the reference",
                )
            )
            reported += 1
        out.count(file.display, n=max(0, int(total) - reported))

    # --- rows for the model stage --------------------------------------------------------------------

    def records(self, files: Sequence[CsvFile]) -> list[tuple[list[int], list[list[str]]]]:
        """Every record of (small) files, with its line: what the model stage rebuilds the dataset from."""
        parts = []
        for n, file in enumerate(files):
            width = len(file.rules.fields)
            cells = ", ".join(f"c{i}" for i in range(width))
            parts.append(f"SELECT {n} AS t, idx, line, [{cells}] AS cells FROM {self._numbered(file, width)}")
        found: list[tuple[list[int], list[list[str]]]] = [([], []) for _ in files]
        if not files:
            return found
        for n, _, line, cells in self._rows(" UNION ALL ".join(parts) + " ORDER BY t, idx", files[0]):
            found[n][0].append(line)
            found[n][1].append(list(cells))
        return found
