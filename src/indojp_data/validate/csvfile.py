"""Bring one CSV resource to the engine: a local file, its size and SHA-256, and a quick byte scan.

The engine reads files from disk, so an archive member or a fetched resource is first copied into the
run's working directory (hashed on the way); a local file is read where it lies and hashed in a thread
while the engine works. The byte scan looks, at C speed, for what the engine would accept silently but
the published format forbids (NUL bytes, blank lines, a CR that ends no line, spaces beside a quote that
opens or closes a cell, which the engine drops): when it finds any, or when the engine cannot parse the
file, the plain reader (:mod:`.csv_reader`) reads the file once more to name each malformed record at its
line. That reader is only the error path. The counts of a record's cells that both readers bound, and
the cell test the plain reader adds to the scan's signs, are here too.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import threading
from dataclasses import dataclass, field
from typing import IO, AnyStr

_BLOCK = 1 << 20
THREAD_BYTES = 4 * 1024 * 1024
"""A local file larger than this is scanned in a thread of its own."""
# Searched with the regular expression engine: several times faster than `in` on a two-byte needle here.
_BLANK_LINE = re.compile(rb"\n\r?\n")
_LONE_CR = re.compile(rb"\r(?!\n)")
# RFC 4180's quotes, checked without parsing: a quoted cell opens with a quote where a cell starts (after a
# comma or a line break), doubles each quote inside it, and closes with a quote a comma or a line break
# follows; the text between quoted cells holds no quote. The engine reads `"IN" ,`, ` "IN",` and `In"dia`
# as cells (IN, IN, In"dia), and Python's csv module the last too: the pattern finds all three. Every
# quantifier is possessive, so a match never backtracks: one pass, whatever the input (the doubled quotes
# are an unrolled loop, without alternatives, the faster form here).
_QUOTED = rb'[^"]*+(?:(?<![^,\n])"[^"]*+(?:""[^"]*+)*+"(?=[,\r\n])[^"]*+)*+'
_QUOTES = re.compile(_QUOTED)
_QUOTES_TEXT = re.compile(_QUOTED.decode())
_QUOTED_CELL = re.compile(rb'"[^"]*+(?:""[^"]*+)*+"')
_MAX_CARRY = 16 * 1024 * 1024
"""The longest quoted cell judged across blocks; a longer one is a sign itself (no record is that long).
A cell cut by blocks is matched again from its start with each block, so such a cell costs at most 16 times
its size."""


def quotes_in_place(record: str) -> bool:
    """Tell whether each double quote of ``record`` (a record's raw text) opens, closes or is doubled in a cell.

    RFC 4180 has no other quote: none after spaces that start a cell, none inside an unquoted cell.
    """
    text = record if record.endswith("\n") else record + "\n"
    return _QUOTES_TEXT.fullmatch(text) is not None


def stray_cr(record: str) -> bool:
    r"""Tell whether a record's raw text ends in a CR that no LF follows, or in CRs before its CRLF.

    Python's reader takes ``\r\r\n`` and a CR at the end of the file as line ends; RFC 4180 has neither (a
    CR elsewhere outside quotes is that reader's own error).
    """
    return record.endswith(("\r\r\n", "\r"))


MAX_RECORD_CELLS = 4096
"""The most cells a record may have: no reader then holds millions of cells of one line at once."""


def too_many_cells(line: AnyStr) -> bool:
    """Tell whether ``line``, read from a record's start, has more than :data:`MAX_RECORD_CELLS` cells.

    Commas inside quotes are not counted; counting stops at the limit, or where a quoted cell runs past
    the line.
    """
    quote, comma = ('"', ",") if isinstance(line, str) else (b'"', b",")
    commas = start = 0
    while (opening := line.find(quote, start)) >= 0:
        commas += line.count(comma, start, opening)
        close = line.find(quote, opening + 1)
        if commas >= MAX_RECORD_CELLS or close < 0:
            return commas >= MAX_RECORD_CELLS
        start = close + 1
    return commas + line.count(comma, start) >= MAX_RECORD_CELLS


def over_wide(path: str, max_line: int) -> int | None:
    """Return the first physical line of ``path`` with more than :data:`MAX_RECORD_CELLS` cells, or None.

    Only a line that long can have that many cells; in it, commas inside quotes are not counted (a line
    that starts inside a quoted cell is counted the other way round: at worst the plain reader reads the
    file for nothing). A line longer than ``max_line`` bytes counts too: no engine buffer takes it.
    """
    with open(path, "rb") as stream:
        line, rest = 0, b""
        while block := stream.read(_BLOCK):
            lines = (rest + block).split(b"\n")
            rest = lines.pop()
            for number, text in enumerate(lines, start=line + 1):
                if len(text) > MAX_RECORD_CELLS and too_many_cells(text):
                    return number
            line += len(lines)
            if len(rest) > max_line:
                return line + 1
        return line + 1 if len(rest) > MAX_RECORD_CELLS and too_many_cells(rest) else None


@dataclass
class ByteScan:
    """Size, optional SHA-256 and structural warning signs of a byte stream, fed block by block."""

    want_hash: bool
    size: int = 0
    suspicious: bool = False
    digest: hashlib._Hash | None = field(default=None, repr=False)
    _tail: bytes = b""
    _carry: bytes = b""  # the end not judged yet: a quoted cell a block cut, from the byte before it

    def __post_init__(self) -> None:
        """Start the hash when one is wanted."""
        if self.want_hash:
            self.digest = hashlib.sha256()

    def update(self, block: bytes) -> None:
        """Account for the next ``block`` of the stream.

        The block is searched in place (no copy): the two bytes before it are searched with its first two,
        so a sign split across blocks is still found.
        """
        self.size += len(block)
        if self.digest is not None:
            self.digest.update(block)
        if self.suspicious or not block:
            return
        edge = self._tail + block[:2]
        if b"\x00" in block or _BLANK_LINE.search(block) or b"\n\n" in edge or b"\n\r\n" in edge:
            self.suspicious = True
        # A CR must be followed by LF; a CR that ends the block is judged with the next block (or at the end).
        if self._tail.endswith(b"\r") and not block.startswith(b"\n"):
            self.suspicious = True
        if b"\r" in block and _LONE_CR.search(block, 0, len(block) - block.endswith(b"\r")):
            self.suspicious = True
        self._tail = (self._tail + block)[-2:] if len(block) < 2 else block[-2:]
        self._quotes(block)

    def _quotes(self, block: bytes) -> None:
        """Judge the quotes up to the last cell ``block`` completes; keep the rest for the next block."""
        text = self._carry + block
        matched = _QUOTES.match(text)  # every part is optional: it always matches
        end = matched.end() if matched else 0
        if end == len(text):
            self._carry = text[-1:]  # outside any cell: the byte an opening quote in the next block follows
            return
        cell = _QUOTED_CELL.match(text, end)  # the pattern stopped at a quote: a cell cut by the block's end?
        if (end and text[end - 1] not in b",\n") or (cell is not None and cell.end() < len(text)):
            self.suspicious = True
            return
        self._carry = text[max(end - 1, 0) :]
        if len(self._carry) > _MAX_CARRY:
            self.suspicious = True

    def finish(self) -> None:
        """Judge the stream's last bytes."""
        if self._tail.endswith(b"\r") or _QUOTES.fullmatch(self._carry + b"\n") is None:
            self.suspicious = True

    @property
    def sha256(self) -> str | None:
        """The hex digest, when a hash was wanted."""
        return self.digest.hexdigest() if self.digest is not None else None


def copy_scanned(stream: IO[bytes], target: str, want_hash: bool) -> ByteScan:
    """Copy ``stream`` to the file ``target``, scanning it on the way."""
    scan = ByteScan(want_hash)
    with open(target, "wb") as out:
        while block := stream.read(_BLOCK):
            scan.update(block)
            out.write(block)
    scan.finish()
    return scan


class BackgroundScan:
    """Scan a local file, a large one in a thread (hashing releases the GIL) while the engine reads it too.

    A small file is scanned when its result is wanted: a thread would cost more than the scan (and each
    one reserves memory); so is a large one when no thread can be started.
    """

    def __init__(self, path: str, want_hash: bool) -> None:
        """Start scanning ``path`` (in a thread when it is large)."""
        self.scan = ByteScan(want_hash)
        self.error: BaseException | None = None
        self._path = path
        self._thread: threading.Thread | None = None
        if os.path.getsize(path) > THREAD_BYTES:
            thread = threading.Thread(target=self._run, daemon=True)
            with contextlib.suppress(RuntimeError):  # no thread to be had: scanned in result()
                thread.start()
                self._thread = thread

    def _run(self) -> None:
        try:
            with open(self._path, "rb") as stream:
                while block := stream.read(_BLOCK):
                    self.scan.update(block)
            self.scan.finish()
        except BaseException as exc:  # raised where the result is wanted (out of memory, too)
            self.error = exc

    def result(self) -> ByteScan:
        """Wait for the scan (or run it) and return it.

        Raises:
            OSError: if the file could not be read (or the error that stopped the scan).
        """
        if self._thread is None:
            self._run()
            self._thread = threading.current_thread()  # scanned: never again
        elif self._thread is not threading.current_thread():
            self._thread.join()
        if self.error is not None:
            raise self.error
        return self.scan


class Workdir:
    """A private temporary directory for one run: archive copies, fetched files and the engine's spill."""

    def __init__(self) -> None:
        """Create the directory."""
        import tempfile

        self.path = tempfile.mkdtemp(prefix="indojp-validate-")
        self._count = 0

    def new_file(self, suffix: str = ".csv") -> str:
        """Return a fresh file name inside the directory."""
        self._count += 1
        return os.path.join(self.path, f"r{self._count}{suffix}")

    def remove(self) -> None:
        """Delete the directory and everything in it."""
        shutil.rmtree(self.path, ignore_errors=True)
