"""CSV files against their Table Schemas: the header by the plain reader, the rows by the engine.

:func:`open_csv` reads a file's header; :func:`check_csvs` has the engine count every file's problems
in one statement, then reports them located. When the engine cannot parse a file, or its byte scan saw
a malformed record, the plain reader reads on to name each malformed record at its line, and the file's
rows are not checked further (a warning says so).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from indojp_data.core.problems import InputError, Problem, truncate_value
from indojp_data.validate.count import Counts, count
from indojp_data.validate.csv_reader import CsvReader, iter_csv
from indojp_data.validate.csvfile import ByteScan
from indojp_data.validate.engine import EngineError
from indojp_data.validate.locate import report_cells, report_duplicates
from indojp_data.validate.plan import CsvFile
from indojp_data.validate.run import Run


@dataclass
class OpenedCsv:
    """A CSV file whose header matched: ready for the engine, its plain reader kept for the error path."""

    file: CsvFile
    scan: Callable[[], ByteScan]
    stream: BinaryIO
    reader: CsvReader


def open_csv(run: Run, name: str, display: str, path: str, scan: Callable[[], ByteScan]) -> OpenedCsv | None:
    """Read the header of ``path``; return None (with a problem) when it is not the ``name`` Table Schema's.

    Raises:
        InputError: when the file cannot be read at all (empty, not UTF-8 text, no header).
    """
    rules = run.rules[name]
    stream = open(path, "rb")  # noqa: SIM115 - closed by check_csvs, or here on failure
    try:
        reader = iter_csv(stream, source=display, problems=run.collector)
    except BaseException:
        stream.close()
        raise
    header = tuple(reader.header)
    if header != rules.field_names:
        stream.close()
        run.collector.add(
            Problem(
                display,
                "header",
                f"the header does not match the {name} Table Schema of version {run.version}",
                line=1,
                value=truncate_value(",".join(header)),
                hint=f"expected exactly: {','.join(rules.field_names)}",
            )
        )
        return None
    return OpenedCsv(CsvFile(name, display, path, rules, reader.lines_read), scan, stream, reader)


def check_csvs(run: Run, opened: Sequence[OpenedCsv], in_package: bool) -> list[CsvFile]:
    """Check the rows of every opened file; return the files whose rows could be checked.

    An :class:`InputError` (a file that cannot be read on) is reported and the next file checked when
    ``in_package``; on its own, a file's InputError propagates (the input is unreadable).
    """
    collector = run.collector
    checked = []
    try:
        results = count(run.engine, [o.file for o in opened])
        for item, result in zip(opened, results, strict=True):
            try:
                if _rows_checked(run, item, result):
                    checked.append(item.file)
            except InputError as exc:
                if not in_package:
                    raise
                collector.add(exc.problem)
    finally:
        for item in opened:
            item.stream.close()
    return checked


def _rows_checked(run: Run, item: OpenedCsv, result: Counts | EngineError) -> bool:
    collector = run.collector
    if isinstance(result, EngineError) or item.scan().suspicious:
        errors = collector.errors
        # Where the engine fails, the exact reader's rows are written out in one form the engine reads.
        copy = run.workdir.new_file() if isinstance(result, EngineError) else None
        _read_exactly(item.reader, copy)
        if collector.errors > errors:
            message = "the rows were not checked against the Table Schema, because the file is malformed"
            hint = "fix the problems above first"
            collector.add(Problem(item.file.display, "rows-not-checked", message, hint=hint, severity="warning"))
            return False
        if copy is not None:  # the exact reader read the file whole: its rows are checked
            item.file.path, item.file.table = copy, None
            (result,) = count(run.engine, [item.file])
            if isinstance(result, EngineError):  # the engine is stricter than the exact reader
                message = f"the file cannot be read as RFC 4180 CSV: {truncate_value(str(result), 160)}"
                collector.add(Problem(item.file.display, "csv-syntax", message))
    if isinstance(result, EngineError):
        return False
    report_cells(run.engine, item.file, result, collector)
    for columns in result.repeated_keys:
        report_duplicates(run.engine, item.file, columns, collector)
    return True


def _read_exactly(reader: CsvReader, copy: str | None) -> None:
    """Read the rest of the file with the exact reader, which names each malformed record at its line.

    Into ``copy`` (when given), the header and the rows it reads are written with LF line ends and
    quotes only where needed: the same records, cells and lines, in the one form the engine reads.
    """
    with open(copy or os.devnull, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(reader.header)
        while rows := reader.read_chunk(4096)[1]:
            writer.writerows(rows)
