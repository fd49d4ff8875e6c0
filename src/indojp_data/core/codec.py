"""How every published file is written and read back: JSON and CSV bytes, and the CSV cells a spreadsheet would run.

The readers here are for files indojp-data wrote itself (a rendered package, a release bundle, the
schemas under ``schema/``). Untrusted input goes through :mod:`indojp_data.validate` instead
(:mod:`~indojp_data.validate.csv_reader`, :mod:`~indojp_data.core.json_locate`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

CSV_DIALECT: Mapping[str, Any] = {
    "header": True,
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
}
"""The Table Dialect of every CSV file we write (RFC 4180); the validator reads the files with it."""

MEDIATYPES: Mapping[str, str] = {"csv": "text/csv", "json": "application/json"}
"""The media type of each file format the package publishes (its resources' ``format`` and ``mediatype``)."""

FORMULA_PREFIXES = ("=", "+", "-", "@")
"""Leading characters a spreadsheet may execute as a formula (CSV injection)."""


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


def decode_json(data: bytes | str) -> Any:
    """Parse a JSON file we wrote (the inverse of :func:`encode_json`)."""
    return json.loads(data)


def read_json(path: Path) -> Any:
    """Read and parse a JSON file we wrote, e.g. a published schema."""
    return decode_json(path.read_bytes())


def decode_csv(
    data: bytes,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    quotechar: str | None = '"',
    doublequote: bool = True,
    escapechar: str | None = None,
    skipinitialspace: bool = False,
) -> Iterator[list[str]]:
    """Yield the records, header first, of a published CSV file: ours by default, or any Table Dialect's.

    The one reader of published CSV files (release checks, exports, ``diff``); the validator's plain reader
    (:mod:`indojp_data.validate.csv_reader`) is for untrusted files, whose malformed records it locates.

    Raises:
        UnicodeDecodeError: if ``data`` is not text in ``encoding``.
        LookupError: for an unknown encoding.
    """
    return csv.reader(
        io.StringIO(data.decode(encoding), newline=""),
        delimiter=delimiter,
        quotechar=quotechar,
        doublequote=doublequote,
        escapechar=escapechar,
        skipinitialspace=skipinitialspace,
        quoting=csv.QUOTE_MINIMAL if quotechar else csv.QUOTE_NONE,
    )
