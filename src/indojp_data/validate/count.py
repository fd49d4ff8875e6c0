"""Run the table checks' plan: count everything in few statements, and nothing else.

Small files are loaded into the engine once (:func:`load_small`), then counted together: each distinct
cell rule once over every loaded table's cells, and every key set's hashes and every reference between
them in one more statement (planning, not reading, is what small tables cost). Each large file is
counted by one scan of its own (:func:`.plan.scan_sql`): the records, the cells breaking a rule per
field (see :mod:`.sql`), the keys that repeat (a grouped pass over 64-bit hashes) and the references to
loaded files with no target. :func:`dangling` counts the references the scans could not. Only a count
that is not zero is then located, by :mod:`.locate`; a clean package therefore costs a handful of
statements, and memory does not grow with its rows.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from indojp_data.core.problems import InputError
from indojp_data.validate.csvfile import over_wide
from indojp_data.validate.engine import MEMORY_LIMIT, SORT_MEMORY_LIMIT, Engine, EngineError
from indojp_data.validate.plan import (
    MAX_LINE_BYTES,
    SMALL_FILE_BYTES,
    CsvFile,
    ForeignKey,
    Links,
    Start,
    code,
    dangling_sql,
    repeated_sorted_sql,
    scan_sql,
    source,
)
from indojp_data.validate.sql import CODE, hashed_sql, key_sets, present_sql, referenced_sql


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


def count(engine: Engine, files: Sequence[CsvFile]) -> list[Counts | EngineError]:
    """Count, per file, its records, the cells breaking each field's rules, and the keys that repeat.

    Small files are loaded and counted together (two statements for all), with the dangling references between
    them; a large file is counted by one scan of its own, which also counts the dangling references of
    each foreign key whose target is loaded (all kept in :attr:`CsvFile.dangling`); :func:`dangling`
    counts the others. When the engine cannot parse a large file (or runs out of memory on a group),
    each file of the group is counted on its own, so the others are still checked.

    Raises:
        InputError: when the engine fails on a single file (out of memory or disk).
    """
    failed = load_small(engine, files)
    readable = [file for file in files if file.path not in failed]
    small = [file for file in readable if file.table is not None]
    by_name = {file.name: file for file in small}
    starts = {id(file): Start.of(file) for file in readable if file.table is None}
    links = {id(file): Links.of(file, by_name, starts[id(file)]) for file in readable if file.table is None}
    # A large file's scan uses every core by itself.
    large = [file for file in readable if file.table is None and not starts[id(file)].wide]
    wide = [file for file in readable if file.table is None and file not in large]

    results: dict[int, Counts | EngineError] = {}
    if small:
        cells = _small_cells(engine, small)
        repeated = _small_keys(engine, small)
        results.update(zip(map(id, small), cells, strict=True))
        for file, keys in zip(small, repeated, strict=True):
            counts = results[id(file)]
            if isinstance(counts, Counts):
                counts.repeated_keys.extend(keys)
    results.update(zip(map(id, large), _count_group(engine, large, links), strict=True))
    with engine.setting("threads", "1", str(engine.threads)):  # a chunk of wide records is large: one at a time
        results.update(zip(map(id, wide), _count_group(engine, wide, links), strict=True))
    return [failed[file.path] if file.path in failed else results[id(file)] for file in files]


def _count_group(engine: Engine, files: Sequence[CsvFile], links: dict[int, Links]) -> list[Counts | EngineError]:
    if not files:
        return []
    sql = " UNION ALL ".join(scan_sql(n, file, links[id(file)]) for n, file in enumerate(files))
    try:
        rows = engine.rows(sql, files[0].display)
    except (EngineError, InputError) as exc:
        if len(files) > 1:
            return [result for file in files for result in _count_group(engine, [file], links)]
        if isinstance(exc, InputError):
            raise
        return [_count_with_long_lines(engine, files[0], links[id(files[0])], exc)]
    found = {row[0]: row for row in rows}
    return [_counts(engine, file, found[n], links[id(file)]) for n, file in enumerate(files)]


def _counts(engine: Engine, file: CsvFile, row: tuple[Any, ...], links: Links) -> Counts | EngineError:
    _, rows, large, cells, repeats, dangling, unmatched = row
    if large:
        return EngineError.too_large(large)
    if not links.keys_in_scan:
        repeats = _repeated_apart(engine, file)
    file.rows = int(rows)
    file.dangling.update((key, int(total)) for (key, _), total in zip(links.outgoing, dangling, strict=True))
    for (loaded, key), missing in zip(links.incoming, unmatched, strict=True):
        if not missing:  # every distinct reference has a target; otherwise count_references counts them
            loaded.dangling[key] = 0
    keys = key_sets(file.rules)
    return Counts([int(c) for c in cells], [key for key, r in zip(keys, repeats, strict=True) if r])


def _count_with_long_lines(
    engine: Engine,
    file: CsvFile,
    links: Links,
    error: EngineError,
) -> Counts | EngineError:
    """Count again with larger buffers, step by step up to the longest record allowed.

    The first read may have met a long record; each step's buffers are eight records long, so the smallest
    step that fits is the one that runs. A record of many cells is left to the plain reader: the engine
    would hold them all.
    """
    if over_wide(file.path, MAX_LINE_BYTES) is not None:
        return EngineError.too_wide()
    for line_bytes in (2 * 1024 * 1024, MAX_LINE_BYTES):
        if file.line_bytes >= line_bytes:
            continue
        file.line_bytes = line_bytes
        try:
            (row,) = engine.rows(scan_sql(0, file, links), file.display)
        except EngineError as again:
            error = again
            continue
        return _counts(engine, file, row, links)
    return error


def _repeated_apart(engine: Engine, file: CsvFile) -> list[int]:
    """Count, per key set, the hashes equal to the one before them in order: each key set a pass of its own.

    A sort spills to disk under a memory limit, and keeps to a small one
    (:data:`~.engine.SORT_MEMORY_LIMIT`) better than a grouped pass keeps to the usual one; run beside the
    scan's aggregates, or beside another key set's, it would compete with them for memory.
    """
    with engine.setting("memory_limit", f"'{SORT_MEMORY_LIMIT}'", f"'{MEMORY_LIMIT}'"):
        return [int(engine.rows(repeated_sorted_sql(file, key), file.display)[0][0]) for key in key_sets(file.rules)]


def dangling(engine: Engine, keys: Sequence[tuple[CsvFile, ForeignKey, CsvFile]]) -> list[int]:
    """Return, per ``(file, foreign key, target file)``, the references with no target row.

    Those :func:`count` counted in its scan are taken from there; :func:`count_references` counts the rest.
    """
    todo = [item for item in keys if item[1] not in item[0].dangling]
    counted = iter(count_references(engine, todo))
    return [file.dangling[key] if key in file.dangling else next(counted) for file, key, _ in keys]


def count_references(engine: Engine, keys: Sequence[tuple[CsvFile, ForeignKey, CsvFile]]) -> list[int]:
    """Count, per ``(file, foreign key, target file)``, the references with no target row."""
    if not keys:
        return []
    sql = " UNION ALL ".join(
        f"SELECT {n}, count(*) FROM {source(file)} c WHERE {dangling_sql(file, key, target)}"
        for n, (file, key, target) in enumerate(keys)
    )
    found = dict(engine.rows(sql, keys[0][0].display))
    return [int(found[n]) for n in range(len(keys))]


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
        return f"CREATE OR REPLACE TABLE {item[1]} AS SELECT * FROM {source(item[0])}"

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


def _small_cells(engine: Engine, files: Sequence[CsvFile]) -> list[Counts | EngineError]:
    """Count the records and the cells breaking each field's rules of every loaded file, in one statement.

    Each table's cells become ``(table, field, rule, value)`` rows, and fields whose rules are the same SQL
    (an identifier pattern, a country code, a description) share one rule code: the statement holds
    each distinct rule once. Planning, not reading, is what small tables cost.
    """
    if not files:
        return []
    rules: dict[str, int] = {}
    parts = []
    for t, file in enumerate(files):
        shared = [rules.setdefault(code(file, i, "v"), len(rules)) for i in range(file.width)]
        values = ", ".join(f"c{i}" for i in range(file.width))
        parts.append(
            f"SELECT {t} AS t, unnest(range({file.width})) AS f, unnest({shared}) AS r, unnest([{values}]) AS v"
            f" FROM {file.table}"
        )
    codes = " ".join(f"WHEN {r} THEN {number}" for number, r in rules.items())
    sql = (
        f"SELECT t, f, count(*), count(*) FILTER (WHERE k <> 0), count(*) FILTER (WHERE k = {CODE['too-large']})"
        f" FROM (SELECT t, f, CASE r {codes} END AS k FROM ({' UNION ALL '.join(parts)})) GROUP BY t, f"
    )
    rows: list[int] = [0] * len(files)
    cells = [[0] * file.width for file in files]
    large = [0] * len(files)
    for t, f, records, broken, too_large in engine.rows(sql, files[0].display):
        rows[t] = int(records)
        cells[t][f] = int(broken)
        large[t] += int(too_large)
    results: list[Counts | EngineError] = []
    for file, n, file_cells, file_large in zip(files, rows, cells, large, strict=True):
        file.rows = n
        results.append(EngineError.too_large(file_large) if file_large else Counts(file_cells, []))
    return results


def _small_keys(engine: Engine, files: Sequence[CsvFile]) -> list[list[tuple[int, ...]]]:
    """Return, per loaded file, its key sets whose hashes repeat; count the references between them that dangle.

    One statement for all of them; the dangling counts go to :attr:`CsvFile.dangling`.

    Every key set's hashes, tagged with the key set's number, are grouped together; every reference to
    a loaded table, tagged with its key's number, meets every target in one anti join.
    """
    names = {file.name: file for file in files}
    key_items = [(n, key) for n, file in enumerate(files) for key in key_sets(file.rules)]
    references = [(file, key) for file in files for key in file.rules.foreign_keys if key[1] in names]
    parts = []
    if key_items:
        hashes = " UNION ALL ".join(
            f"SELECT {k} AS k, {hashed_sql(key)} AS h FROM {files[n].table} WHERE {present_sql(files[n].rules, key)}"
            for k, (n, key) in enumerate(key_items)
        )
        parts.append(f"SELECT 0 AS what, k FROM ({hashes}) GROUP BY k, h HAVING count(*) > 1")
    if references:
        sources, targets = [], []
        for k, (file, (columns, target_name, target_fields)) in enumerate(references):
            target = names[target_name]
            values = ", ".join(f"c{i}" for i in columns)
            target_values = ", ".join(f"c{target.rules.field_names.index(f)}" for f in target_fields)
            where = referenced_sql(file.rules, columns)
            sources.append(f"SELECT {k} AS k, [{values}] AS v FROM {file.table} WHERE {where}")
            targets.append(f"SELECT {k} AS k, [{target_values}] AS v FROM {target.table}")
        parts.append(
            f"SELECT 1 AS what, k FROM ({' UNION ALL '.join(sources)}) ANTI JOIN ({' UNION ALL '.join(targets)})"
            " USING (k, v)"
        )
    repeated: list[list[tuple[int, ...]]] = [[] for _ in files]
    if not parts:
        return repeated
    sql = f"SELECT what, k, count(*) FROM ({' UNION ALL '.join(parts)}) GROUP BY what, k"
    found = {(what, k): int(total) for what, k, total in engine.rows(sql, files[0].display)}
    for k, (n, key) in enumerate(key_items):
        if found.get((0, k)):
            repeated[n].append(key)
    for k, (file, reference) in enumerate(references):
        file.dangling[reference] = found.get((1, k), 0)
    return repeated
