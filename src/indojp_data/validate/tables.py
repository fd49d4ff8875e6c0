"""The table checks, run by a columnar engine (DuckDB) over each CSV file as it lies on disk.

For each file the engine first runs one parallel aggregate query that counts, per field, the cells
breaking a rule (see :mod:`.sql`), then one grouped query per key. Only when a count is not zero does a
second, ordered query locate the offending rows, and it stops as soon as the problem cap is reached:
past the cap, problems are counted, not located. A clean file therefore costs one scan per query and
memory that does not grow with its rows: the engine runs under a memory limit and spills to disk.

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

from indojp_data.validate.problems import Problem, ProblemCollector, truncate_value
from indojp_data.validate.sql import CODE, MAX_CELL_BYTES, RULES, TableRules, literal

if TYPE_CHECKING:
    import duckdb

MEMORY_LIMIT = "80MB"
"""The engine's memory limit; past it, joins and aggregates spill to the run's temporary directory."""
MAX_LINE_BYTES = 16 * 1024 * 1024
"""Longest physical record the engine reads (a larger one is reported by the plain reader)."""
_NULL = "\x00indojp-null\x00"  # a null string no well-formed file holds (NUL bytes are reported anyway)
_FETCH = 1024


class EngineError(Exception):
    """The engine could not read a file (its structure is broken); the plain reader locates why."""


@dataclass
class CsvFile:
    """A CSV resource ready for the engine.

    Attributes:
        name: The resource name.
        display: The file as problems name it.
        path: A local path the engine reads (the file itself, or a copy of an archive member).
        header_lines: Physical lines taken by the header record.
        rows: Data records, known once :meth:`Engine.check_cells` ran.
    """

    name: str
    display: str
    path: str
    header_lines: int = 1
    rows: int = 0


class Engine:
    """One DuckDB connection for one validation run."""

    def __init__(self, workdir: str) -> None:
        """Connect, with a memory limit and a spill directory under ``workdir``."""
        import duckdb

        spill = os.path.join(workdir, "spill")
        os.makedirs(spill, exist_ok=True)
        self.con: duckdb.DuckDBPyConnection = duckdb.connect(
            ":memory:",
            config={
                "memory_limit": MEMORY_LIMIT,
                "temp_directory": spill,
                "threads": max(1, min(os.cpu_count() or 1, 4)),
                "enable_external_access": True,
            },
        )
        self._error = duckdb.Error

    def close(self) -> None:
        """Release the connection."""
        self.con.close()

    # --- sources -------------------------------------------------------------------------------------

    @staticmethod
    def source(file: CsvFile, width: int) -> str:
        """Return the ``read_csv`` call that reads ``file`` as ``width`` text columns ``c0``, ``c1``, ..."""
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
        return (
            f"read_csv({literal(file.path)}, header = true, auto_detect = false, delim = ',', quote = '\"',"
            f" escape = '\"', strict_mode = true, null_padding = false, columns = {columns},"
            f" nullstr = {literal(_NULL)}, allow_quoted_nulls = false, max_line_size = {MAX_LINE_BYTES},"
            f" buffer_size = {2 * MAX_LINE_BYTES}, parallel = true)"
        )

    def _numbered(self, file: CsvFile, width: int, extra: str = "") -> str:
        """``file`` with each record's number ``idx`` and physical ``line``."""
        newlines = " + ".join(f"(length(c{i}) - length(replace(c{i}, chr(10), '')))" for i in range(width))
        return (
            f"(SELECT {file.header_lines} + idx + coalesce(sum(nl) OVER (ROWS UNBOUNDED PRECEDING) - nl, 0) AS line,"
            f" * EXCLUDE (nl) FROM (SELECT row_number() OVER () AS idx, {newlines} AS nl, *{extra}"
            f" FROM {self.source(file, width)}))"
        )

    def _query(self, sql: str) -> duckdb.DuckDBPyConnection:
        try:
            return self.con.execute(sql)
        except self._error as exc:  # the file is not the CSV its header promises
            raise EngineError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None

    def _rows(self, sql: str) -> Iterator[tuple[Any, ...]]:
        cursor = self._query(sql)
        while batch := cursor.fetchmany(_FETCH):
            yield from batch

    # --- cell rules ----------------------------------------------------------------------------------

    def count_cells(self, file: CsvFile, rules: TableRules) -> list[int]:
        """Count, per field, the cells breaking a rule: ``[count per field...]``; sets ``file.rows``.

        Raises:
            EngineError: when the engine cannot parse the file, or a cell is too large for the engine's
                reader (the plain reader then says where).
        """
        codes = ", ".join(f"{f.code_sql(f'c{i}', rules.missing)} AS k{i}" for i, f in enumerate(rules.fields))
        counts = ", ".join(f"count(*) FILTER (WHERE k{i} <> 0)" for i in range(len(rules.fields)))
        large = " OR ".join(f"k{i} = {CODE['too-large']}" for i in range(len(rules.fields)))
        width = len(rules.fields)
        source = self.source(file, width)
        sql = f"SELECT count(*), count(*) FILTER (WHERE {large}), {counts} FROM (SELECT {codes} FROM {source})"
        row = [int(v) for v in self._query(sql).fetchall()[0]]
        if row[1]:
            raise EngineError(f"{row[1]} cells are larger than {MAX_CELL_BYTES} bytes")
        file.rows = row[0]
        return row[2:]

    def report_cells(self, file: CsvFile, rules: TableRules, counts: Sequence[int], out: ProblemCollector) -> None:
        """Report the cells counted by :meth:`count_cells`, located, until the cap; count the rest."""
        total = sum(counts)
        if not total:
            return
        width = len(rules.fields)
        bad = [i for i in range(width) if counts[i]]
        codes = ", ".join(f"{rules.fields[i].code_sql(f'c{i}', rules.missing)} AS k{i}" for i in bad)
        shown = ", ".join(f"left(c{i}, 100) AS v{i}" for i in bad)
        where = " OR ".join(f"k{i} <> 0" for i in bad)
        sql = f"SELECT line, {', '.join(f'k{i}, v{i}' for i in bad)} FROM (SELECT line, {codes}, {shown} FROM"
        sql += f" {self._numbered(file, width)}) WHERE {where}"
        reported = 0
        for record in self._rows(sql):
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
        out.count(total - reported, file=file.display)

    # --- keys ----------------------------------------------------------------------------------------

    def report_duplicates(
        self, file: CsvFile, rules: TableRules, columns: Sequence[int], out: ProblemCollector, primary: bool
    ) -> None:
        """Report each record whose values at ``columns`` repeat an earlier record's (primary key or unique).

        A unique field ignores missing cells; a primary key compares every record.
        """
        width = len(rules.fields)
        keys = ", ".join(f"c{i}" for i in columns)
        present = "true"
        if not primary:
            present = " AND ".join(f"c{i} NOT IN ({', '.join(map(literal, rules.missing))})" for i in columns)
        source = self.source(file, width)
        # A cheap pass over 64-bit hashes finds candidate keys; equal hashes are then compared by value.
        candidates = f"SELECT hash({keys}) AS h FROM {source} WHERE {present} GROUP BY h HAVING count(*) > 1"
        if not self._query(f"SELECT count(*) FROM ({candidates})").fetchall()[0][0]:
            return
        self._query(
            f"CREATE OR REPLACE TEMP TABLE dup AS SELECT line, idx, {keys} FROM {self._numbered(file, width)}"
            f" WHERE {present} AND hash({keys}) IN ({candidates})"
        )
        firsts = (
            f"SELECT {keys}, min(idx) AS first_idx, arg_min(line, idx) AS first_line, count(*) AS n FROM dup"
            f" GROUP BY {keys} HAVING count(*) > 1"
        )
        total = self._query(f"SELECT coalesce(sum(n - 1), 0) FROM ({firsts})").fetchall()[0][0]
        names = [rules.fields[i].name for i in columns]
        first = columns[0]
        reported = 0
        sql = (
            f"SELECT d.line, f.first_line FROM dup d JOIN ({firsts}) f USING ({keys})"
            f" WHERE d.idx <> f.first_idx ORDER BY d.idx"
        )
        for line, earlier in self._rows(sql):
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
        out.count(int(total) - reported, file=file.display)
        self._query("DROP TABLE dup")

    def report_foreign_key(
        self,
        file: CsvFile,
        rules: TableRules,
        key: tuple[tuple[int, ...], str, tuple[str, ...]],
        target: CsvFile,
        target_rules: TableRules,
        out: ProblemCollector,
    ) -> None:
        """Report each record whose (non-empty) reference has no matching record in ``target``."""
        columns, target_name, target_fields = key
        width = len(rules.fields)
        target_columns = [target_rules.field_names.index(f) for f in target_fields]
        present = " AND ".join(f"c.c{i} NOT IN ({', '.join(map(literal, rules.missing))})" for i in columns)
        match = " AND ".join(f"p.c{t} = c.c{i}" for i, t in zip(columns, target_columns, strict=True))
        parent = self.source(target, len(target_rules.fields))
        missing = f"{present} AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE {match})"
        total = self._query(f"SELECT count(*) FROM {self.source(file, width)} c WHERE {missing}").fetchall()[0][0]
        if not total:
            return
        shown = " || ', ' || ".join(f"left(c.c{i}, 100)" for i in columns)
        sql = f"SELECT c.line, {shown} FROM {self._numbered(file, width)} c WHERE {missing} ORDER BY c.idx"
        field_name = rules.fields[columns[0]].name
        reported = 0
        for line, values in self._rows(sql):
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
        out.count(int(total) - reported, file=file.display)

    # --- rows for the model stage --------------------------------------------------------------------

    def records(self, file: CsvFile, width: int) -> tuple[list[int], list[list[str]]]:
        """Every record of a (small) file, with its line: what the model stage rebuilds the dataset from."""
        lines: list[int] = []
        rows: list[list[str]] = []
        cells = ", ".join(f"c{i}" for i in range(width))
        for record in self._rows(f"SELECT line, {cells} FROM {self._numbered(file, width)} ORDER BY idx"):
            lines.append(record[0])
            rows.append(list(record[1:]))
        return lines, rows
