"""The plan of the table checks: each CSV file as the engine reads it, and what each scan of it counts.

Nothing here runs a statement. :class:`CsvFile` is a file with its Table Schema's rules (:mod:`.sql`);
:func:`source` and :func:`numbered` are the SQL that reads it, :func:`code` a field's rule code, and
:func:`scan_sql` the one scan that counts a large file's problems, with the :class:`Links` to the
loaded small files it also counts. :mod:`.count` runs the plan; :mod:`.locate` locates what it found.

Each file is read as text columns ``c0``, ``c1``, ... by DuckDB's parallel CSV reader, in strict
RFC 4180 mode.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from indojp_data.core.tableschema import sql_literal, sql_path
from indojp_data.validate.sql import CODE, MAX_CELL_BYTES, TableRules, hashed_sql, key_sets, present_sql, referenced_sql

MAX_LINE_BYTES = 16 * 1024 * 1024
"""Longest record the engine reads (as the plain reader); a file with a record over :data:`LINE_BYTES` is
read again with buffers this large."""
LINE_BYTES = 256 * 1024
"""Longest record read with the engine's usual, small buffers."""
SMALL_FILE_BYTES = 4 * 1024 * 1024
"""Files up to this size are loaded into the engine once, then queried in memory."""
IN_SCAN_KEYS = 2_000_000
"""Up to about this many records, a file's repeated keys are counted in its scan, by a DISTINCT that holds
every key in memory; past it, by a sort of their own, which spills to disk (the engine's DISTINCT runs out
of memory on ten million keys)."""
_NULL = "\x00indojp-null\x00"  # a null string no well-formed file holds (NUL bytes are reported anyway)
_BUFFER_LINES = 8  # the engine's reader mis-parses quoted cells when its buffer is barely above a line

ForeignKey = tuple[tuple[int, ...], str, tuple[str, ...]]
"""``(columns, target resource, target fields)``, as :class:`~.sql.TableRules` holds them."""


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


# --- how a file is read --------------------------------------------------------------------------------


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


def numbered(file: CsvFile) -> str:
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
        f" FROM (SELECT row_number() OVER () AS idx, {newlines} AS nl, * FROM {source(file)}))"
    )


def code(file: CsvFile, i: int, column: str | None = None) -> str:
    """Return the SQL rule code of field ``i`` of the cell in ``column`` (default: the field's own ``c{i}``).

    See :meth:`.sql.FieldRules.code_sql`.
    """
    return file.rules.fields[i].code_sql(column or f"c{i}", file.rules.missing, file.line_bytes > MAX_CELL_BYTES)


def dangling_sql(file: CsvFile, key: ForeignKey, target: CsvFile) -> str:
    """Return SQL true for a record ``c`` whose complete reference has no row ``p`` in ``target``."""
    columns, _, target_fields = key
    target_columns = [target.rules.field_names.index(f) for f in target_fields]
    present = referenced_sql(file.rules, columns, "c.")
    match = " AND ".join(f"p.c{t} = c.c{i}" for i, t in zip(columns, target_columns, strict=True))
    return f"{present} AND NOT EXISTS (SELECT 1 FROM {source(target)} p WHERE {match})"


# --- what the scan of a large file counts --------------------------------------------------------------


@dataclass
class Start:
    """What the first MiB of a file says about its records (quoted newlines count as records: an overestimate).

    Attributes:
        wide: The records average more than 16 KiB. The engine works on chunks of 2,048 records per thread,
            outside its memory limit: wide records make each chunk large, so such a file is read by one thread.
        records: The records the whole file holds at the start's rate.
    """

    wide: bool
    records: int

    @classmethod
    def of(cls, file: CsvFile, sample: int = 1 << 20, lines: int = 64) -> Start:
        """Read the start of ``file``."""
        with open(file.path, "rb") as stream:
            start = stream.read(sample)
            size = os.fstat(stream.fileno()).st_size
        newlines = start.count(b"\n")
        return cls(len(start) == sample and newlines < lines, size * newlines // max(len(start), 1))


@dataclass
class Links:
    """The foreign keys and keys the scan of a file that is not loaded counts.

    Attributes:
        outgoing: The file's own keys whose target is loaded: their dangling references are counted.
        incoming: The keys of loaded files that point at it: the scan tells whether every distinct
            reference has a target (then none dangles) or not.
        keys_in_scan: The repeated keys are counted in the scan (else by a sort of their own).
    """

    outgoing: list[tuple[ForeignKey, CsvFile]]
    incoming: list[tuple[CsvFile, ForeignKey]]
    keys_in_scan: bool

    @classmethod
    def of(cls, file: CsvFile, loaded: dict[str, CsvFile], start: Start) -> Links:
        """Plan the scan of ``file`` beside the ``loaded`` small files, by name."""
        outgoing = [(key, loaded[key[1]]) for key in file.rules.foreign_keys if key[1] in loaded]
        # a large target: the loaded files' references are matched in its own scan
        incoming = [(other, key) for other in loaded.values() for key in other.rules.foreign_keys]
        incoming = [(other, key) for other, key in incoming if key[1] == file.name]
        return cls(outgoing, incoming, start.records <= IN_SCAN_KEYS)


def scan_sql(n: int, file: CsvFile, links: Links) -> str:
    """Return the scan of ``file`` (alias ``c``), numbered ``n``: a rule code per field, key hashes, reference flags.

    A key set repeats when it has fewer distinct hashes than present keys (a duplicate, or a collision
    that locating tells apart); past :data:`IN_SCAN_KEYS` records, :func:`repeated_sorted_sql` tells. For
    an incoming key, the scan counts the distinct references (values, not hashes) that match one of its
    records: fewer than the source holds means some dangle.
    """
    columns = [f"{code(file, i)} AS k{i}" for i in range(file.width)]
    repeats = []
    for j, key in enumerate(key_sets(file.rules) if links.keys_in_scan else []):
        present = present_sql(file.rules, key)
        hashed = hashed_sql(key) if present == "true" else f"CASE WHEN {present} THEN {hashed_sql(key)} END"
        columns.append(f"{hashed} AS h{j}")
        repeats.append(f"count(h{j}) - count(DISTINCT h{j})")
    columns += [f"({dangling_sql(file, key, target)}) AS r{j}" for j, (key, target) in enumerate(links.outgoing)]
    unmatched = []
    for j, (loaded, (key_columns, _, target_fields)) in enumerate(links.incoming):
        values = ", ".join(f"c{file.rules.field_names.index(f)}" for f in target_fields)
        keys = ", ".join(f"c{i}" for i in key_columns)
        references = f"SELECT ({keys}) FROM {source(loaded)} WHERE {referenced_sql(loaded.rules, key_columns)}"
        # NULL unless matched: a FILTER would still feed every value to the DISTINCT table (out of memory)
        columns.append(f"CASE WHEN ({values}) IN ({references}) THEN ({values}) END AS v{j}")
        unmatched.append(f"(SELECT count(DISTINCT x) FROM ({references}) s(x)) - count(DISTINCT v{j})")
    cells = ", ".join(f"count(*) FILTER (WHERE k{i} <> 0)" for i in range(file.width))
    large = " OR ".join(f"k{i} = {CODE['too-large']}" for i in range(file.width))
    dangling = [f"count(*) FILTER (WHERE r{j})" for j in range(len(links.outgoing))]
    return (
        f"SELECT {n} AS t, count(*), count(*) FILTER (WHERE {large}), [{cells}],"
        f" {_list(repeats)}, {_list(dangling)}, {_list(unmatched)}"
        f" FROM (SELECT {', '.join(columns)} FROM {source(file)} c)"
    )


def _list(items: Sequence[str]) -> str:
    return f"[{', '.join(items)}]" if items else "CAST([] AS BIGINT[])"


def repeated_sorted_sql(file: CsvFile, key: Sequence[int]) -> str:
    """Return SQL counting the hashes of ``key`` equal to the previous one in sorted order (a sort, which spills)."""
    hashed = f"SELECT {hashed_sql(key)} AS h FROM {source(file)} WHERE {present_sql(file.rules, key)}"
    return f"SELECT count(*) FILTER (WHERE h = p) FROM (SELECT h, lag(h) OVER (ORDER BY h) AS p FROM ({hashed}))"
