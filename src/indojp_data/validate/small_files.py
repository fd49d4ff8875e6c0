"""The package's small files, loaded into the engine: all of them counted together, in two statements.

A package of small tables costs planning, not reading: a statement per file, or a subquery per key and
per reference, costs more than the rows. So :func:`count_cells` evaluates each distinct cell rule once
over every loaded table's cells, and :func:`count_keys` groups every key set's hashes and matches every
reference in one statement; :func:`.tables.count` runs the two.
"""

from __future__ import annotations

from collections.abc import Sequence

from indojp_data.validate.engine import Counts, CsvFile, Engine, EngineError
from indojp_data.validate.sql import CODE, hashed_sql, key_sets, present_sql, referenced_sql


def count_cells(engine: Engine, files: Sequence[CsvFile]) -> list[Counts | EngineError]:
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
        shared = [rules.setdefault(engine.code(file, i, "v"), len(rules)) for i in range(file.width)]
        values = ", ".join(f"c{i}" for i in range(file.width))
        parts.append(
            f"SELECT {t} AS t, unnest(range({file.width})) AS f, unnest({shared}) AS r, unnest([{values}]) AS v"
            f" FROM {file.table}"
        )
    codes = " ".join(f"WHEN {r} THEN {code}" for code, r in rules.items())
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


def count_keys(engine: Engine, files: Sequence[CsvFile]) -> list[list[tuple[int, ...]]]:
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
