"""How every published file is written: JSON and CSV bytes, and the CSV cells a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from indojp_data.problems import Problem

FORMULA_PREFIXES = ("=", "+", "-", "@")


"""Leading characters a spreadsheet may execute as a formula (CSV injection)."""


@dataclass(frozen=True)
class RiskyCell:
    """A CSV cell that a spreadsheet could read as a formula."""

    table: str
    row: int
    column: str
    value: str

    def as_problem(self) -> Problem:
        """Return the cell in the shared problem model (rule ``formula-cell``)."""
        message = "the cell starts with a formula character; a spreadsheet could run it"
        return Problem(file=self.table, rule="formula-cell", message=message, line=self.row, field=self.column)


def encode_json(value: object) -> bytes:
    """Serialize ``value`` the way every published JSON file is written: UTF-8, 2-space indent, final newline."""
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def encode_csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """Write an RFC 4180 CSV: UTF-8 without BOM, CRLF line ends, a header row, minimal quoting."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def find_risky_cells(rows: Mapping[str, Sequence[Sequence[str]]]) -> list[RiskyCell]:
    """Return every cell whose text starts with a formula character (``=``, ``+``, ``-``, ``@``)."""
    from indojp_data.publish.layout import table

    found = []
    for name, table_rows in rows.items():
        header = [c.name for c in table(name).columns]
        for index, cells in enumerate(table_rows, start=1):
            for column, cell in zip(header, cells, strict=True):
                if cell.startswith(FORMULA_PREFIXES):
                    found.append(RiskyCell(name, index, column, cell))
    return found
