"""The network, only when the caller allows it: fetch an ``http(s)`` resource, capped in size and time.

Defaults: at most :data:`DEFAULT_FETCH_MAX_BYTES` bytes, :data:`DEFAULT_FETCH_DEADLINE_SECONDS` seconds
for the whole transfer (connect, headers, body, redirects), and :data:`DEFAULT_FETCH_CONNECT_TIMEOUT`
seconds for any single connect or read: a server that trickles bytes is cut off at the deadline. Name
resolution (DNS) happens before any socket exists and is bounded only by the system resolver. Problems
are :class:`~indojp_data.core.problems.InputError` with the rules ``"timeout"``, ``"too-large"`` or
``"unreadable"``.
"""

from __future__ import annotations

import http.client
import socket
import tempfile
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import IO

from indojp_data.core.problems import InputError
from indojp_data.core.safe_io import _fail

__all__ = ["DEFAULT_FETCH_CONNECT_TIMEOUT", "DEFAULT_FETCH_DEADLINE_SECONDS", "DEFAULT_FETCH_MAX_BYTES", "fetch_url"]

DEFAULT_FETCH_MAX_BYTES = 256 * 1024 * 1024
"""Default largest body :func:`fetch_url` accepts (256 MiB)."""
DEFAULT_FETCH_DEADLINE_SECONDS = 60.0
"""Default time :func:`fetch_url` allows for a whole download, in seconds."""
DEFAULT_FETCH_CONNECT_TIMEOUT = 10.0
"""Default longest wait of :func:`fetch_url` for any single connect or read, in seconds."""
_FETCH_CHUNK = 64 * 1024


class _Watch:
    """Ends a download at its deadline by shutting its socket down, whatever phase it is in."""

    __slots__ = ("_lock", "expired", "sockets")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.expired = False
        self.sockets: list[socket.socket] = []

    def attach(self, sock: socket.socket) -> None:
        with self._lock:
            self.sockets.append(sock)
            if self.expired:
                _shutdown(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self.sockets:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in recv(), unlike close()


def _opener(watch: _Watch) -> urllib.request.OpenerDirector:
    """Build an opener whose every connection (redirects included) is registered with ``watch``."""

    def watched(base: type[http.client.HTTPConnection]) -> type[http.client.HTTPConnection]:
        class Watched(base):  # type: ignore[valid-type,misc]
            def connect(self) -> None:
                super().connect()
                watch.attach(self.sock)

        return Watched

    class Http(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(watched(http.client.HTTPConnection), req)

    class Https(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            context = getattr(self, "_context", None)
            return self.do_open(watched(http.client.HTTPSConnection), req, context=context)

    return urllib.request.build_opener(Http(), Https())


def _download(url: str, spool: IO[bytes], watch: _Watch, max_bytes: int, connect_timeout: float) -> None:
    def too_large() -> InputError:
        return _fail(
            url,
            "too-large",
            f"The download is larger than the limit of {max_bytes} bytes.",
            hint="download it yourself and validate the local copy",
        )

    request = urllib.request.Request(url, headers={"User-Agent": "indojp-data", "Accept-Encoding": "identity"})
    with _opener(watch).open(request, timeout=connect_timeout) as response:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise too_large()
        total = 0
        while chunk := response.read1(_FETCH_CHUNK):
            total += len(chunk)
            if total > max_bytes:
                raise too_large()
            spool.write(chunk)
            if watch.expired:
                raise TimeoutError
        if watch.expired:  # the deadline shut the socket: what looks like the end is not
            raise TimeoutError
        if declared.isdigit() and total != int(declared):
            raise http.client.IncompleteRead(b"", int(declared) - total)


@contextmanager
def fetch_url(
    url: str,
    *,
    max_bytes: int = DEFAULT_FETCH_MAX_BYTES,
    deadline_seconds: float = DEFAULT_FETCH_DEADLINE_SECONDS,
    connect_timeout: float = DEFAULT_FETCH_CONNECT_TIMEOUT,
) -> Iterator[IO[bytes]]:
    """Download an ``http(s)`` URL into a temporary file, within a size cap and an overall deadline.

    The deadline covers the whole transfer (connecting, headers, body, redirects): a server
    that sends one byte a second is cut off when the deadline passes, not kept alive by each
    byte arriving in time. Name resolution (DNS) happens before any socket exists and is
    bounded only by the system resolver.

    Args:
        url: An ``http://`` or ``https://`` URL.
        max_bytes: Largest body accepted; a larger ``Content-Length`` is refused before the
            body is read, an undeclared one as soon as the limit is passed.
        deadline_seconds: Time allowed for the whole download, in seconds.
        connect_timeout: Longest wait for any single connect or read (capped by the deadline).

    Yields:
        The downloaded body, a temporary file positioned at its start; it is deleted when
        the ``with`` block ends.

    Raises:
        InputError: ``"timeout"`` past the deadline, ``"too-large"`` past ``max_bytes``,
            ``"unreadable"`` for a URL that is not http(s), an HTTP error status, or a
            network error.
        ValueError: If ``max_bytes`` is negative or a time limit is not positive.
    """
    if max_bytes < 0 or deadline_seconds <= 0 or connect_timeout <= 0:
        raise ValueError("max_bytes must be >= 0 and the time limits > 0")
    if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        raise _fail(url, "unreadable", "Only http:// and https:// URLs can be fetched.")
    watch = _Watch()
    timer = threading.Timer(deadline_seconds, watch.expire)
    timer.daemon = True
    with tempfile.TemporaryFile() as spool:
        timer.start()
        try:
            _download(url, spool, watch, max_bytes, min(connect_timeout, deadline_seconds))
        except InputError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            if watch.expired or isinstance(exc, TimeoutError):
                raise _fail(
                    url,
                    "timeout",
                    f"The download did not finish within {deadline_seconds:g} seconds.",
                    hint="the server is too slow or stalling; download it yourself and validate the local copy",
                ) from None
            raise _fail(url, "unreadable", f"Could not fetch the URL: {exc}") from None
        finally:
            timer.cancel()
        spool.seek(0)
        yield spool
