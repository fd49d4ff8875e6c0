"""The SQLite export served by a real Datasette on 127.0.0.1: its JSON API answers a join and shows the metadata."""

from __future__ import annotations

import html
import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indojp_data import __version__
from indojp_data.export import export
from tests.publish.test_export import csv_rows

DATABASE = f"indojp-data-{__version__}"
PATH = DATABASE.replace(".", "~2E")  # Datasette's URL form of a name with dots (tilde encoding): indojp-data-0~2E1~2E0

pytestmark = pytest.mark.integration  # a Datasette server (dev extras)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sqlite")
    export(["sqlite", "datapackage"], out)
    return out


@pytest.fixture(scope="module")
def datasette(exported: Path) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "datasette", "serve", str(exported / f"{DATABASE}.sqlite")]
    command += ["--metadata", str(exported / f"{DATABASE}.datasette.json"), "--host", "127.0.0.1"]
    command += ["--port", str(port), "--immutable", str(exported / f"{DATABASE}.sqlite")]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get_json(f"{base}/-/versions.json")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode() if server.stdout else ""
                    pytest.fail(f"datasette did not start: {output}")
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stdout:
            server.stdout.close()


def test_datasette_joins_quotes_with_their_speakers(datasette: str, exported: Path) -> None:
    sql = (
        "SELECT quotes.id, quotes.text, persons.name, persons.office FROM quotes "
        "JOIN persons ON persons.id = quotes.speaker ORDER BY quotes.rowid"
    )
    query = urllib.parse.urlencode({"sql": sql, "_shape": "array"})
    rows = get_json(f"{datasette}/{PATH}.json?{query}")
    header, quotes = csv_rows(exported, "data/quotes.csv")
    _, people = csv_rows(exported, "data/persons.csv")
    person = {row[0]: row for row in people}
    q_id, q_text, q_speaker = header.index("id"), header.index("text"), header.index("speaker")
    expected = [
        {"id": q[q_id], "text": q[q_text], "name": person[q[q_speaker]][1], "office": person[q[q_speaker]][2]}
        for q in quotes
    ]
    assert rows == expected
    assert {r["name"] for r in rows} == {"Narendra Modi"}


def test_datasette_shows_the_licence_and_the_descriptions(datasette: str, exported: Path) -> None:
    metadata = get_json(f"{datasette}/-/metadata.json")
    assert metadata["license"] == "CC-BY-4.0"
    descriptor = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    (quotes,) = [r for r in descriptor["resources"] if r["name"] == "quotes"]
    with urllib.request.urlopen(f"{datasette}/{PATH}/quotes", timeout=10) as response:
        page = html.unescape(response.read().decode("utf-8"))
    assert quotes["description"] in page
    assert "CC-BY-4.0" in page
    for field in quotes["schema"]["fields"]:
        assert field["description"] in page, field["name"]
