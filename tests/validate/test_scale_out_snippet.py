"""The docs' scale-out snippet prints SQL that runs on its own, outside the validator."""

from __future__ import annotations

import subprocess
import sys

import duckdb

from tests.conftest import REPO

SNIPPET = REPO / "docs" / "snippets" / "rule_sql.py"


def test_printed_rules_run_on_plain_duckdb_and_pass_the_published_rows() -> None:
    out = subprocess.run([sys.executable, str(SNIPPET)], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    assert lines[0].startswith("rules: 1=too-large")
    expressions = [line.split(": ", 1)[1] for line in lines[1:]]
    assert len(expressions) == 5
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(expressions))) + "}"
    path = REPO / "datapackage" / "data" / "citations.csv"
    source = f"read_csv('{path}', header = true, auto_detect = false, columns = {columns}, nullstr = '\\x01')"
    con = duckdb.connect()
    codes = con.execute(f"SELECT {', '.join(expressions)} FROM {source}").fetchall()
    assert codes and all(code == 0 for row in codes for code in row)
    broken = con.execute(f"SELECT {expressions[2]} FROM (SELECT 'x' AS c2)").fetchall()
    assert broken == [(4,)]  # "type": x is not an integer
