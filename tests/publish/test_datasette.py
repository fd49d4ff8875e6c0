"""The SQLite export served by a real Datasette on 127.0.0.1: every link it renders works, its JSON API answers
a join, and it shows the metadata."""

from __future__ import annotations

import html
import json
import re
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
from indojp_data.export.sqlite import database_name, metadata_name
from tests.publish.test_export import csv_rows

DATABASE = database_name(__version__).removesuffix(".sqlite")
PATH = DATABASE  # no dots: Datasette's URL of the database is its name as it is

CRAWL_LIMIT = 6000
"""Most pages the crawl requests (it needs about 2,400); reaching it fails the test."""

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
    command += ["--metadata", str(exported / metadata_name(__version__)), "--host", "127.0.0.1"]
    command += ["--port", str(port), "--immutable", str(exported / f"{DATABASE}.sqlite")]
    # Its log goes to a file: a pipe nobody reads fills up after some hundred requests and stalls the server.
    log = exported / "datasette.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get_json(f"{base}/-/versions.json")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"datasette did not start: {log.read_text(errors='replace')}")
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


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


def normalised(url: str) -> str:
    """``url`` without a fragment and without Datasette's display options (``_sort``, ``_facet``, ``_next``, ...)."""
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if not k.startswith("_")]
    return parts.path + ("?" + urllib.parse.urlencode(query) if query else "")


def test_every_link_datasette_renders_leads_to_a_page(datasette: str) -> None:
    """Follow every link of every page reached from the home page: each answers 200, none 404 or 500."""
    seen, queue, broken, requested = {"/"}, ["/"], [], 0
    deadline = time.monotonic() + 300
    while queue:
        assert requested < CRAWL_LIMIT and time.monotonic() < deadline, f"crawl unfinished after {requested} pages"
        path = queue.pop(0)
        requested += 1
        try:
            with urllib.request.urlopen(datasette + path, timeout=10) as response:
                kind, body = response.headers.get("content-type", ""), response.read()
        except urllib.error.HTTPError as error:
            broken.append((error.code, path))
            continue
        if "html" not in kind:
            continue
        for href in re.findall(r'href="([^"]+)"', body.decode("utf-8", "replace")):
            url = urllib.parse.urljoin(datasette + path, html.unescape(href))
            if url.startswith(datasette + "/") and (link := normalised(url[len(datasette) :])) not in seen:
                seen.add(link)
                queue.append(link)
    assert not broken, broken[:20]
    assert requested > 2000  # every table, row and the links between them
    # The links of foreign keys, among them citations.reference to source_references.number (not its key).
    assert f"/{PATH}/source_references/5" in seen and f"/{PATH}/persons/narendra-modi" in seen


def test_a_foreign_key_to_a_unique_column_shows_its_value_and_links_its_row(datasette: str) -> None:
    with urllib.request.urlopen(f"{datasette}/{PATH}/citations?reference=5", timeout=10) as response:
        page = response.read().decode("utf-8")
    cells = re.findall(r'<td class="col-reference[^"]*">(.*?)</td>', page, re.S)
    assert cells and all(cell.strip() == f'<a href="/{PATH}/source_references/5">5</a>' for cell in cells), cells
    row = get_json(f"{datasette}/{PATH}/source_references/5.json?_shape=array")
    assert [(r["source"], r["position"], r["number"]) for r in row] == [("source-article", 5, 5)]
