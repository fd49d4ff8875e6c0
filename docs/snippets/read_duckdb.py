"""Run read_duckdb.sql with DuckDB's Python package and print each row."""

from pathlib import Path

import duckdb

query = Path("read_duckdb.sql").read_text(encoding="utf-8")
for speaker, office, text in duckdb.sql(query).fetchall():
    print(f"{speaker} ({office}): {text}")
