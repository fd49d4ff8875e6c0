"""The README of the release bundle: for people who use the data, not for the package's developers.

It says what each file is, how to open a table in a spreadsheet, R, pandas or Hugging Face ``datasets``
without losing data (the text ``NA`` is Namibia's country code, which default readers take for a missing
value), the licence, how to cite, and how to check the checksums. Its YAML header makes it a dataset card:
one ``configs`` entry per table, so ``datasets.load_dataset(folder, "<table>")`` loads any table by name,
reading only an empty cell as missing. Every code block is run on an unzipped release by the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indojp_data.core.codec import decode_json

FILE_NAME = "README.md"


def render(files: Mapping[str, bytes]) -> bytes:
    """Return the bundle's README for the bundle's other ``files`` (paths relative to the archive root).

    ``files`` must hold ``datapackage.json`` (the tables, title, description and licence come from it) and
    ``CITATION.cff`` (how to cite).
    """
    import yaml

    descriptor = decode_json(files["datapackage.json"])
    citation = yaml.safe_load(files["CITATION.cff"])
    tables = [r for r in descriptor["resources"] if r.get("type") == "table"]
    header = yaml.safe_dump(_card(descriptor, tables), sort_keys=False, allow_unicode=True, width=1000)
    body = "\n".join(
        [
            f"# {descriptor['title']}",
            "",
            f"Version {descriptor['version']} of the indojp-data dataset. {descriptor['description']}",
            "",
            _files_section(descriptor, tables),
            _open_section(),
            _licence_section(descriptor),
            _cite_section(descriptor, citation),
            _checksums_section(),
        ]
    )
    return f"---\n{header}---\n\n{body}".encode()


def _card(descriptor: Mapping[str, Any], tables: list[Mapping[str, Any]]) -> dict[str, Any]:
    """Return the dataset card's YAML header: licence, name, and one configuration per table."""
    return {
        "license": descriptor["licenses"][0]["name"].lower(),
        "pretty_name": descriptor["title"],
        "language": ["en"],
        "tags": list(descriptor.get("keywords", [])),
        "configs": [
            {
                "config_name": table["name"],
                "data_files": table["path"],
                # pandas, which the CSV loader uses, takes NA, N/A, null, None, ... for missing by default.
                "keep_default_na": False,
                "na_values": [""],
            }
            for table in tables
        ],
    }


def _files_section(descriptor: Mapping[str, Any], tables: list[Mapping[str, Any]]) -> str:
    version = descriptor["version"]
    rows = [
        ("`README.md`", "This file."),
        ("`datapackage.json`", "The Frictionless data package descriptor: every table, its columns, keys and SHA-256."),
        *((f"`{t['path']}`", _cell(t.get("description") or t["title"])) for t in tables),
        ("`data/dataset.json`", "The whole dataset as one JSON document: the same facts as the tables."),
        (
            "`croissant.json`, `croissant/`",
            "Croissant metadata for machine-learning tools, and the JSON rows it reads.",
        ),
        (f"`schema/{version}/`", "The JSON Schemas of the JSON documents and the Table Schemas of the tables."),
        ("`CHANGELOG.md`", "What changed in each version."),
        ("`CITATION.cff`", "Citation metadata (Citation File Format)."),
        ("`LICENSE-DATA`, `LICENSE`", "The data's licence (CC BY 4.0) and the code's (MIT)."),
        ("`SHA256SUMS`", "The SHA-256 of every other file in this folder."),
    ]
    lines = ["## What is in this folder", "", "| File | What it is |", "|---|---|"]
    lines += [f"| {name} | {what} |" for name, what in rows]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _open_section() -> str:
    return """## Open a table

Every table is a CSV file under `data/`: UTF-8, comma-separated, a header row. An empty cell, and only
an empty cell, is a missing value. Most readers also take the text `NA` (and `N/A`, `null`, `None`, ...)
for a missing value by default; here `NA` is Namibia's country code. The ways below keep it.

**Spreadsheet (Excel, LibreOffice Calc).** Open the file through the import dialog rather than by
double-clicking it: in Excel, *Data > From Text/CSV*, file origin *65001: Unicode (UTF-8)*, delimiter
*Comma*; in LibreOffice Calc, *File > Open*, character set *Unicode (UTF-8)*, separated by *Comma*. Set
identifier and code columns to *Text*, so that nothing becomes a date or a number. No cell starts with
`=`, `+`, `-` or `@`, so no cell runs as a formula.

**R** (base R), from this folder:

```r
countries <- read.csv("data/codelist_countries.csv", fileEncoding = "UTF-8",
                      na.strings = "", stringsAsFactors = FALSE)
print(countries[countries$name == "Namibia", ])
```

**pandas**, from this folder:

```python
import pandas as pd

countries = pd.read_csv("data/codelist_countries.csv", keep_default_na=False, na_values=[""])
print(countries[countries["name"] == "Namibia"])
```

**Hugging Face `datasets`**, from this folder: this README is also a dataset card, with one
configuration per table, named like the table.

```python
from pathlib import Path

from datasets import load_dataset

countries = load_dataset(str(Path.cwd()), "codelist_countries", split="train")
print(countries.filter(lambda row: row["name"] == "Namibia")[0])
```
"""


def _licence_section(descriptor: Mapping[str, Any]) -> str:
    licence = descriptor["licenses"][0]
    return f"""## Licence

The data is licensed under {licence["title"]} ({licence["name"]}, {licence["path"]}; the text is in
`LICENSE-DATA`): you may share and adapt it, also commercially, if you give appropriate credit (see
below), link to the licence and say whether you made changes. The code of the indojp-data package is under
the MIT licence (`LICENSE`).
"""


def _cite_section(descriptor: Mapping[str, Any], citation: Mapping[str, Any]) -> str:
    authors = ", ".join(str(a.get("name", "")) for a in citation.get("authors", []))
    year = str(citation["date-released"])[:4]
    return f"""## How to cite

{authors} ({year}). *{citation["title"]}*, version {citation["version"]}, released
{citation["date-released"]} [data set]. {descriptor["licenses"][0]["name"]}.

`CITATION.cff` holds the same in the Citation File Format, which reference managers read.
"""


def _checksums_section() -> str:
    return """## Check the files

`SHA256SUMS` lists the SHA-256 of every other file in this folder. In this folder, on Linux:

```sh
sha256sum --check SHA256SUMS
```

On macOS, `shasum -a 256 --check SHA256SUMS`; on Windows, `Get-FileHash <file> -Algorithm SHA256` in
PowerShell prints one file's SHA-256 to compare with its line. With the indojp-data package installed,
`indojp-data validate .` also checks every table against its schema.
"""
