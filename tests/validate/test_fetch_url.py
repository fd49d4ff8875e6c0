"""fetch_url: an overall deadline and a size cap, tested against a loopback server (127.0.0.1 only)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from indojp_data.core.problems import InputError
from indojp_data.validate.network import fetch_url

Serve = Callable[[socket.socket], None]


@pytest.fixture
def server() -> Iterator[Callable[[Serve], str]]:
    """Start a one-connection-at-a-time TCP server on 127.0.0.1 running ``serve`` per connection."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(0.2)
    stop = threading.Event()
    threads: list[threading.Thread] = []

    def start(serve: Serve) -> str:
        def loop() -> None:
            while not stop.is_set():
                try:
                    conn, _ = listener.accept()
                except OSError:
                    continue
                with conn:
                    conn.settimeout(5)
                    try:
                        conn.recv(65536)  # the request
                        serve(conn)
                    except OSError:
                        pass

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        threads.append(thread)
        return f"http://127.0.0.1:{listener.getsockname()[1]}/data.json"

    yield start
    stop.set()
    for thread in threads:
        thread.join(5)
    listener.close()


TRICKLED: list[bytes] = []
"""The bytes a trickling server sent: it stops when the client hangs up."""


def _trickle_body(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
    for _ in range(100_000):
        conn.sendall(b"x")
        TRICKLED.append(b"x")
        time.sleep(0.02)


def _trickle_headers(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    for _ in range(100_000):
        conn.sendall(b"X")  # one endless header line, one byte at a time
        TRICKLED.append(b"X")
        time.sleep(0.02)


def _fail_rule(url: str, **limits: float) -> str:
    with pytest.raises(InputError) as info, fetch_url(url, **limits):  # type: ignore[arg-type]
        pass
    return info.value.problem.rule


@pytest.mark.parametrize("serve", [_trickle_body, _trickle_headers])
def test_a_server_trickling_one_byte_at_a_time_is_cut_off_at_the_deadline(
    server: Callable[[Serve], str], serve: Serve
) -> None:
    # Every byte arrives well within the per-read timeout; only an overall deadline stops this. Half a
    # second lets about 25 bytes through, of the 100,000 the server would trickle for half an hour.
    TRICKLED.clear()
    assert _fail_rule(server(serve), deadline_seconds=0.5, connect_timeout=5) == "timeout"
    assert len(TRICKLED) < 1_000, len(TRICKLED)


def test_a_declared_length_over_the_cap_is_refused_before_reading(server: Callable[[Serve], str]) -> None:
    def serve(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\n" + b"x" * 1000)

    assert _fail_rule(server(serve), max_bytes=10_000, deadline_seconds=5) == "too-large"


def test_an_undeclared_length_over_the_cap_is_refused_while_reading(server: Callable[[Serve], str]) -> None:
    def serve(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
        for _ in range(100):
            conn.sendall(b"x" * 10_000)

    rule = _fail_rule(server(serve), max_bytes=50_000, deadline_seconds=5)
    assert rule == "too-large"


def test_http_errors_and_other_schemes_are_unreadable(server: Callable[[Serve], str]) -> None:
    def serve(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")

    assert _fail_rule(server(serve), deadline_seconds=5) == "unreadable"
    assert _fail_rule("file:///etc/passwd") == "unreadable"
    assert _fail_rule("ftp://127.0.0.1/x") == "unreadable"


def test_a_normal_download_is_spooled(server: Callable[[Serve], str]) -> None:
    body = b'{"ok": true}' * 1000

    def serve(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)

    with fetch_url(server(serve), max_bytes=len(body), deadline_seconds=5) as stream:
        assert stream.read() == body


def test_bad_limits_are_programming_errors() -> None:
    with pytest.raises(ValueError), fetch_url("http://127.0.0.1/", deadline_seconds=0):
        pass
