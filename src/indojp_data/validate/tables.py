"""The table checks on the engine: count everything in few statements, locate only what is wrong.

One statement per core counts, for the files of a package, the records, the cells breaking a rule per
field (see :mod:`.sql`) and the keys that repeat (a grouped pass over 64-bit hashes); one more counts the
references with no target. Only when a count is not zero does an ordered query locate the offending
rows, and it stops as soon as the problem cap is reached: past the cap, problems are counted, not
located. A clean package therefore costs a handful of statements, and memory does not grow with its
rows.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from indojp_data.core.problems import InputError, Problem, ProblemCollector, truncate_value
from indojp_data.validate import small_files as loaded
from indojp_data.validate.csvfile import over_wide
from indojp_data.validate.engine import (
    MAX_LINE_BYTES,
    MEMORY_LIMIT,
    SORT_MEMORY_LIMIT,
    Counts,
    CsvFile,
    Engine,
    EngineError,
    ForeignKey,
    load_small,
)
from indojp_data.validate.sql import CODE, RULES, hashed_sql, key_sets, present_sql, referenced_sql

# --- counting ------------------------------------------------------------------------------------------


def count(engine: Engine, files: Sequence[CsvFile]) -> list[Counts | EngineError]:
    """Count, per file, its records, the cells breaking each field's rules, and the keys that repeat.

    Small files are loaded and counted together (:mod:`.loaded`), with the dangling references between
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
    starts = {id(file): _start(file) for file in readable if file.table is None}
    links = {id(file): _links(file, by_name, starts[id(file)]) for file in readable if file.table is None}
    # A large file's scan uses every core by itself.
    large = [file for file in readable if file.table is None and not starts[id(file)].wide]
    wide = [file for file in readable if file.table is None and file not in large]

    results: dict[int, Counts | EngineError] = {}
    if small:
        cells = loaded.count_cells(engine, small)
        repeated = loaded.count_keys(engine, small)
        results.update(zip(map(id, small), cells, strict=True))
        for file, keys in zip(small, repeated, strict=True):
            counts = results[id(file)]
            if isinstance(counts, Counts):
                counts.repeated_keys.extend(keys)
    results.update(zip(map(id, large), _count_group(engine, large, links), strict=True))
    with engine.setting("threads", "1", str(engine.threads)):  # a chunk of wide records is large: one at a time
        results.update(zip(map(id, wide), _count_group(engine, wide, links), strict=True))
    return [failed[file.path] if file.path in failed else results[id(file)] for file in files]


@dataclass
class Links:
    """The foreign keys and keys the scan of a file that is not loaded counts.

    Attributes:
        outgoing: The file's own keys whose target is loaded: their dangling references are counted.
        incoming: The keys of loaded files that point at it: the scan tells whether every distinct
            reference has a target (then none dangles) or not.
        keys_in_scan: The repeated keys are counted in the scan (else by :func:`_repeated_apart`).
    """

    outgoing: list[tuple[ForeignKey, CsvFile]]
    incoming: list[tuple[CsvFile, ForeignKey]]
    keys_in_scan: bool


def _links(file: CsvFile, loaded_files: dict[str, CsvFile], start: Start) -> Links:
    outgoing = [(key, loaded_files[key[1]]) for key in file.rules.foreign_keys if key[1] in loaded_files]
    # a large target: the loaded files' references are matched in its own scan
    incoming = [(source, key) for source in loaded_files.values() for key in source.rules.foreign_keys]
    incoming = [(source, key) for source, key in incoming if key[1] == file.name]
    return Links(outgoing, incoming, start.records <= IN_SCAN_KEYS)


IN_SCAN_KEYS = 2_000_000
"""Up to about this many records, a file's repeated keys are counted in its scan, by a DISTINCT that holds
every key in memory; past it, by a sort of their own, which spills to disk (the engine's DISTINCT runs out
of memory on ten million keys)."""


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


def _start(file: CsvFile, sample: int = 1 << 20, lines: int = 64) -> Start:
    with open(file.path, "rb") as stream:
        start = stream.read(sample)
        size = os.fstat(stream.fileno()).st_size
    newlines = start.count(b"\n")
    return Start(len(start) == sample and newlines < lines, size * newlines // max(len(start), 1))


def _count_group(engine: Engine, files: Sequence[CsvFile], links: dict[int, Links]) -> list[Counts | EngineError]:
    if not files:
        return []
    sql = " UNION ALL ".join(_count_sql(engine, n, file, links[id(file)]) for n, file in enumerate(files))
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


def _count_sql(engine: Engine, n: int, file: CsvFile, links: Links) -> str:
    """One scan of ``file`` (alias ``c``): a rule code per field, a hash per key set, a flag per reference.

    A key set repeats when it has fewer distinct hashes than present keys (a duplicate, or a collision
    that locating tells apart); past :data:`IN_SCAN_KEYS` records, :func:`_repeated_apart` tells. For an
    incoming key, the scan counts the distinct references (values,
    not hashes) that match one of its records: fewer than the source holds means some dangle.
    """
    columns = [f"{engine.code(file, i)} AS k{i}" for i in range(file.width)]
    repeats = []
    for j, key in enumerate(key_sets(file.rules) if links.keys_in_scan else []):
        present = present_sql(file.rules, key)
        hashed = hashed_sql(key) if present == "true" else f"CASE WHEN {present} THEN {hashed_sql(key)} END"
        columns.append(f"{hashed} AS h{j}")
        repeats.append(f"count(h{j}) - count(DISTINCT h{j})")
    columns += [f"({_dangling(engine, file, key, target)}) AS r{j}" for j, (key, target) in enumerate(links.outgoing)]
    unmatched = []
    for j, (source, (key_columns, _, target_fields)) in enumerate(links.incoming):
        values = ", ".join(f"c{file.rules.field_names.index(f)}" for f in target_fields)
        keys = ", ".join(f"c{i}" for i in key_columns)
        references = f"SELECT ({keys}) FROM {engine.source(source)} WHERE {referenced_sql(source.rules, key_columns)}"
        # NULL unless matched: a FILTER would still feed every value to the DISTINCT table (out of memory)
        columns.append(f"CASE WHEN ({values}) IN ({references}) THEN ({values}) END AS v{j}")
        unmatched.append(f"(SELECT count(DISTINCT x) FROM ({references}) s(x)) - count(DISTINCT v{j})")
    cells = ", ".join(f"count(*) FILTER (WHERE k{i} <> 0)" for i in range(file.width))
    large = " OR ".join(f"k{i} = {CODE['too-large']}" for i in range(file.width))
    dangling = [f"count(*) FILTER (WHERE r{j})" for j in range(len(links.outgoing))]
    return (
        f"SELECT {n} AS t, count(*), count(*) FILTER (WHERE {large}), [{cells}],"
        f" {_list(repeats)}, {_list(dangling)}, {_list(unmatched)}"
        f" FROM (SELECT {', '.join(columns)} FROM {engine.source(file)} c)"
    )


def _list(items: Sequence[str]) -> str:
    return f"[{', '.join(items)}]" if items else "CAST([] AS BIGINT[])"


def _counts(engine: Engine, file: CsvFile, row: tuple[Any, ...], links: Links) -> Counts | EngineError:
    _, rows, large, cells, repeats, dangling, unmatched = row
    if large:
        return EngineError.too_large(large)
    if not links.keys_in_scan:
        repeats = _repeated_apart(engine, file)
    file.rows = int(rows)
    file.dangling.update((key, int(total)) for (key, _), total in zip(links.outgoing, dangling, strict=True))
    for (source, key), missing in zip(links.incoming, unmatched, strict=True):
        if not missing:  # every distinct reference has a target; otherwise count_references counts them
            source.dangling[key] = 0
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
            (row,) = engine.rows(_count_sql(engine, 0, file, links), file.display)
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
        return [
            int(engine.rows(_repeated_sorted(engine, file, key), file.display)[0][0]) for key in key_sets(file.rules)
        ]


def _repeated_sorted(engine: Engine, file: CsvFile, key: Sequence[int]) -> str:
    """Return SQL counting the hashes of ``key`` equal to the previous one in sorted order (a sort, which spills)."""
    hashed = f"SELECT {hashed_sql(key)} AS h FROM {engine.source(file)} WHERE {present_sql(file.rules, key)}"
    return f"SELECT count(*) FILTER (WHERE h = p) FROM (SELECT h, lag(h) OVER (ORDER BY h) AS p FROM ({hashed}))"


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
        f"SELECT {n}, count(*) FROM {engine.source(file)} c WHERE {_dangling(engine, file, key, target)}"
        for n, (file, key, target) in enumerate(keys)
    )
    found = dict(engine.rows(sql, keys[0][0].display))
    return [int(found[n]) for n in range(len(keys))]


def _dangling(engine: Engine, file: CsvFile, key: ForeignKey, target: CsvFile) -> str:
    """Return SQL true for a record ``c`` whose complete reference has no row ``p`` in ``target``."""
    columns, _, target_fields = key
    target_columns = [target.rules.field_names.index(f) for f in target_fields]
    present = referenced_sql(file.rules, columns, "c.")
    match = " AND ".join(f"p.c{t} = c.c{i}" for i, t in zip(columns, target_columns, strict=True))
    return f"{present} AND NOT EXISTS (SELECT 1 FROM {engine.source(target)} p WHERE {match})"


# --- locating (only for counts that are not zero) ----------------------------------------------------


def report_cells(engine: Engine, file: CsvFile, counts: Counts, collector: ProblemCollector) -> None:
    """Report the cells :func:`count` counted, located, until the cap; count the rest."""
    total = sum(counts.cells)
    if not total:
        return
    rules = file.rules
    bad = [i for i in range(file.width) if counts.cells[i]]
    codes = ", ".join(f"{engine.code(file, i)} AS k{i}" for i in bad)
    shown = ", ".join(f"left(c{i}, 100) AS v{i}" for i in bad)
    where = " OR ".join(f"k{i} <> 0" for i in bad)
    sql = f"SELECT line, {', '.join(f'k{i}, v{i}' for i in bad)} FROM (SELECT line, {codes}, {shown} FROM"
    sql += f" {engine.numbered(file)}) WHERE {where}" + (" ORDER BY line" if file.table else "")
    reported = 0
    for record in engine.ordered(sql, file):
        line = record[0]
        for position, i in enumerate(bad):
            code, value = record[1 + 2 * position], record[2 + 2 * position]
            if not code:
                continue
            spec = rules.fields[i]
            rule = RULES[code - 1]
            shown_value = truncate_value(value or "")
            message, hint = spec.message(rule, shown_value)
            collector.add(Problem(file.display, rule, message, line, i + 1, None, spec.name, shown_value, hint))
            reported += 1
        if collector.full:
            break
    collector.count(file.display, n=max(0, total - reported))


def report_duplicates(engine: Engine, file: CsvFile, columns: Sequence[int], collector: ProblemCollector) -> None:
    """Report each record whose values at ``columns`` repeat an earlier record's (primary key or unique).

    A unique field ignores missing cells; a primary key compares every record.
    """
    rules = file.rules
    primary = tuple(columns) == rules.primary_key
    keys = ", ".join(f"c{i}" for i in columns)
    present, hashed = present_sql(rules, columns), hashed_sql(columns)
    candidates = f"SELECT {hashed} AS h FROM {engine.source(file)} WHERE {present} GROUP BY h HAVING count(*) > 1"
    rows = f"SELECT line, idx, {keys} FROM {engine.numbered(file)} WHERE {present} AND {hashed} IN ({candidates})"
    list(engine.ordered(f"CREATE OR REPLACE TABLE dup AS {rows}", file))
    firsts = (
        f"SELECT {keys}, min(idx) AS first_idx, arg_min(line, idx) AS first_line, count(*) AS n FROM dup"
        f" GROUP BY {keys} HAVING count(*) > 1"
    )
    total = int(engine.rows(f"SELECT coalesce(sum(n - 1), 0) FROM ({firsts})", file.display)[0][0])
    names = [rules.fields[i].name for i in columns]
    reported = 0
    sql = f"SELECT d.line, f.first_line FROM dup d JOIN ({firsts}) f USING ({keys}) WHERE d.idx <> f.first_idx"
    for line, earlier in engine.ordered(sql + " ORDER BY d.idx", file):
        if collector.full:
            break
        if primary:
            message = f"duplicate primary key ({', '.join(names)}): the same as on line {earlier}"
            hint: str | None = "each row needs its own key"
            collector.add(
                Problem(file.display, "primary-key", message, line, columns[0] + 1, None, names[0], None, hint)
            )
        else:
            message = f"value repeats line {earlier}"
            collector.add(Problem(file.display, "unique", message, line, columns[0] + 1, None, names[0]))
        reported += 1
    collector.count(file.display, n=max(0, total - reported))
    engine.query("DROP TABLE dup", file.display)


def report_foreign_key(
    engine: Engine, file: CsvFile, key: ForeignKey, target: CsvFile, total: int, collector: ProblemCollector
) -> None:
    """Report, located, the ``total`` records whose reference has no matching record in ``target``."""
    if not total:
        return
    columns, target_name, target_fields = key
    missing = _dangling(engine, file, key, target)
    shown = " || ', ' || ".join(f"left(c.c{i}, 100)" for i in columns)
    sql = f"SELECT c.line, {shown} FROM {engine.numbered(file)} c WHERE {missing} ORDER BY c.idx"
    field_name = file.rules.fields[columns[0]].name
    hint = f"add the row to {target_name}, or correct the reference"
    reported = 0
    for line, values in engine.ordered(sql, file):
        if collector.full:
            break
        value = truncate_value(values)
        message = f"no row of {target_name} has {'/'.join(target_fields)} {value!r}"
        collector.add(
            Problem(file.display, "foreign-key", message, line, columns[0] + 1, None, field_name, value, hint)
        )
        reported += 1
    collector.count(file.display, n=max(0, total - reported))


def records(engine: Engine, files: Sequence[CsvFile]) -> list[tuple[list[int], list[list[str]]]]:
    """Every record of (small) files, with its line: what the model stage rebuilds the dataset from.

    One statement reads them all in file order (a loaded table's row ids keep it); each record's line is
    the line after the previous record's last, counted here (the files are small).
    """
    found: list[tuple[list[int], list[list[str]]]] = [([], []) for _ in files]
    if not files:
        return found
    parts = []
    for n, file in enumerate(files):
        cells = ", ".join(f"c{i}" for i in range(file.width))
        order = "rowid" if file.table is not None else "row_number() OVER ()"
        parts.append(f"SELECT {n} AS t, {order} AS idx, [{cells}] AS cells FROM {engine.source(file)}")
    lines = [file.header_lines + 1 for file in files]
    for n, _, cells in engine.ordered(" UNION ALL ".join(parts) + " ORDER BY t, idx", files[0]):
        found[n][0].append(lines[n])
        found[n][1].append(cells)
        lines[n] += 1 + sum(cell.count("\n") for cell in cells)
    return found
