"""Locate what :mod:`.count` counted: each problem at its line and field, until the problem cap.

Only a count that is not zero is located, by an ordered query that stops as soon as the cap is reached:
past the cap, problems are counted, not located. :func:`records` reads every record of small files back,
with its line, for the model stage.
"""

from __future__ import annotations

from collections.abc import Sequence

from indojp_data.core.problems import Problem, ProblemCollector, truncate_value
from indojp_data.validate.count import Counts
from indojp_data.validate.engine import Engine
from indojp_data.validate.plan import CsvFile, ForeignKey, code, dangling_sql, numbered, source
from indojp_data.validate.sql import RULES, hashed_sql, present_sql


def report_cells(engine: Engine, file: CsvFile, counts: Counts, collector: ProblemCollector) -> None:
    """Report the cells :func:`count` counted, located, until the cap; count the rest."""
    total = sum(counts.cells)
    if not total:
        return
    rules = file.rules
    bad = [i for i in range(file.width) if counts.cells[i]]
    codes = ", ".join(f"{code(file, i)} AS k{i}" for i in bad)
    shown = ", ".join(f"left(c{i}, 100) AS v{i}" for i in bad)
    where = " OR ".join(f"k{i} <> 0" for i in bad)
    sql = f"SELECT line, {', '.join(f'k{i}, v{i}' for i in bad)} FROM (SELECT line, {codes}, {shown} FROM"
    sql += f" {numbered(file)}) WHERE {where}" + (" ORDER BY line" if file.table else "")
    reported = 0
    for record in engine.ordered(sql, file.display):
        line = record[0]
        for position, i in enumerate(bad):
            rule_code, value = record[1 + 2 * position], record[2 + 2 * position]
            if not rule_code:
                continue
            spec = rules.fields[i]
            rule = RULES[rule_code - 1]
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
    candidates = f"SELECT {hashed} AS h FROM {source(file)} WHERE {present} GROUP BY h HAVING count(*) > 1"
    rows = f"SELECT line, idx, {keys} FROM {numbered(file)} WHERE {present} AND {hashed} IN ({candidates})"
    list(engine.ordered(f"CREATE OR REPLACE TABLE dup AS {rows}", file.display))
    firsts = (
        f"SELECT {keys}, min(idx) AS first_idx, arg_min(line, idx) AS first_line, count(*) AS n FROM dup"
        f" GROUP BY {keys} HAVING count(*) > 1"
    )
    total = int(engine.rows(f"SELECT coalesce(sum(n - 1), 0) FROM ({firsts})", file.display)[0][0])
    names = [rules.fields[i].name for i in columns]
    reported = 0
    sql = f"SELECT d.line, f.first_line FROM dup d JOIN ({firsts}) f USING ({keys}) WHERE d.idx <> f.first_idx"
    for line, earlier in engine.ordered(sql + " ORDER BY d.idx", file.display):
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
    missing = dangling_sql(file, key, target)
    shown = " || ', ' || ".join(f"left(c.c{i}, 100)" for i in columns)
    sql = f"SELECT c.line, {shown} FROM {numbered(file)} c WHERE {missing} ORDER BY c.idx"
    field_name = file.rules.fields[columns[0]].name
    hint = f"add the row to {target_name}, or correct the reference"
    reported = 0
    for line, values in engine.ordered(sql, file.display):
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
        parts.append(f"SELECT {n} AS t, {order} AS idx, [{cells}] AS cells FROM {source(file)}")
    lines = [file.header_lines + 1 for file in files]
    for n, _, cells in engine.ordered(" UNION ALL ".join(parts) + " ORDER BY t, idx", files[0].display):
        found[n][0].append(lines[n])
        found[n][1].append(cells)
        lines[n] += 1 + sum(cell.count("\n") for cell in cells)
    return found
