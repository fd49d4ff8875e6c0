"""Every rule id the validator reports, in one catalogue, and where its verdicts deliberately differ from frictionless.

A :class:`~indojp_data.core.problems.Problem`'s ``rule`` is one of :data:`RULES`' ids: a test reads every
rule id the code can emit (``rule="..."``, the rule argument of each problem-making call, the cell rules of
the engine, the JSON Schema keywords of the published Dataset schema) and holds it equal to this list. The
documentation's rules page is generated from it, as is its list of deliberate differences from
`frictionless <https://framework.frictionlessdata.io/>`_, the reference implementation of Data Package v2
(:data:`DIFFERENCES`), each of which a test checks by running frictionless on the example.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DIFFERENCES", "RULES", "Difference", "Rule", "rule"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule id: what it checks, an input that breaks it, and how to fix such an input.

    Attributes:
        id: The stable id reported as ``Problem.rule``.
        area: What the rule is about: ``"input"``, ``"descriptor"``, ``"csv"``, ``"cell"``, ``"key"``,
            ``"json"`` or ``"model"``.
        checks: What the rule checks, in one sentence.
        example: An input that breaks it.
        hint: How to fix such an input.
        severity: ``"error"``, ``"warning"``, or ``"error or warning"`` (the case decides).
    """

    id: str
    area: str
    checks: str
    example: str
    hint: str
    severity: str = "error"


@dataclass(frozen=True, slots=True)
class Difference:
    """A class of input on which our verdict deliberately differs from frictionless's.

    Attributes:
        id: A stable name for the class.
        rule: Our rule id that reports it.
        example: An input of the class, as written in the file or descriptor.
        ours: What we report.
        frictionless: What frictionless (v5) reports.
        why: Why we differ.
    """

    id: str
    rule: str
    example: str
    ours: str
    frictionless: str
    why: str


# fmt: off
RULES: tuple[Rule, ...] = (
    # --- the input as a whole ------------------------------------------------------------------------
    Rule("not-found", "input", "The path given, a resource's file, and a Table Schema file a resource names exist.",
         "`indojp-data validate missing/`", "check the path; a resource path is relative to the descriptor"),
    Rule("unreadable", "input", "The input is a readable regular file (not a directory, device or encrypted member); "
         "a URL answers with a success status.", "a resource path naming a directory", "point at a regular file"),
    Rule("unknown-input", "input", "The input is a package directory, a `datapackage.json`, a `.zip` release, a "
         "`.json` or a `.csv` file.", "`indojp-data validate notes.txt`", "give one of the accepted kinds of input"),
    Rule("unknown-resource", "input", "A lone CSV file names a table of the schema (by its file name or `--resource`).",
         "`indojp-data validate mytable.csv`", "pass `--resource NAME`"),
    Rule("no-descriptor", "input", "A directory or release zip holds a `datapackage.json` (at the root or one folder "
         "deep).", "a zip of the CSV files alone", "add the descriptor, or validate the files one by one"),
    Rule("ambiguous-archive", "input", "A release zip holds one data package.", "a zip with two `datapackage.json`",
         "validate one package per archive"),
    Rule("not-a-zip", "input", "A `.zip` input is a zip archive.", "a CSV file renamed `data.zip`",
         "give the release zip as published"),
    Rule("corrupt-archive", "input", "Every zip member decompresses with its recorded CRC.", "a truncated download",
         "download the release again"),
    Rule("unsafe-archive", "input", "No zip member could escape the extraction directory, and no member or archive "
         "expands past the size limits (a zip bomb).", "a member named `../../etc/passwd`",
         "do not extract the archive; ask its publisher"),
    Rule("too-large", "input", "An input stays within its limits (a cell, a record, a descriptor, a JSON document's "
         "bytes and values, a download; an integer's digits, a number's range: see Validating in CI).",
         "a 2 MiB cell", "split the data, or shorten the value"),
    Rule("timeout", "input", "A download (with `--allow-network`) finishes within its time limit.",
         "a server that sends one byte a second", "download the file and validate the local copy"),
    Rule("empty", "input", "A file holds data (not zero bytes, only a BOM, or only white space).", "an empty CSV file",
         "write the header row (and the data)"),
    Rule("encoding", "input", "A file is UTF-8, its resource declares no other encoding, and JSON strings are "
         "Unicode text.", 'a CSV file saved as Latin-1; `"encoding": "latin-1"`',
         'save the file as UTF-8, and declare `"encoding": "utf-8"` or nothing'),
    Rule("binary", "input", "A text file holds no NUL byte.", "a spreadsheet saved over a CSV file",
         "export the table as CSV text"),
    Rule("bom", "input", "A file does not start with a UTF-8 byte order mark (an error in CSV, a warning in JSON).",
         "a CSV file saved by a spreadsheet as 'CSV UTF-8'", "save without a BOM", "error or warning"),
    Rule("out-of-memory", "input", "The run has the memory it needs (the engine's limit, or the process's).",
         "validating under `ulimit -v 300000`", "give the process more memory, or validate the tables one by one"),
    Rule("checksum", "input", "Each `SHA256SUMS` line is a `sha256sum` line and matches its file.",
         "a release file changed after the release was made", "download the release again"),
    # --- the descriptor ------------------------------------------------------------------------------
    Rule("descriptor", "descriptor", "The descriptor is a JSON object that declares the Data Package v2 profile, a "
         "lower-case name, a semantic version and named resources, each once.", '`"version": "one"`',
         'write `"version": "1.2.3"`, `"name": "indojp-data"`, the v2 `$schema`'),
    Rule("profile", "descriptor", "The descriptor follows the official Data Package v2 profile (bundled, read "
         "offline): types, formats and patterns of every property.", '`"licenses": "MIT"`, `"created": "yesterday"`',
         "follow https://datapackage.org/standard/data-package/ for the property named"),
    Rule("key-reference", "descriptor", "A primary, unique or foreign key names fields and resources the descriptor "
         "has.", 'a foreign key to `"resource": "nope"`', "name an existing resource and its fields"),
    Rule("dialect", "descriptor", "A table's dialect is the one its file is read with: comma-separated, one header "
         "row, `\"` quotes doubled, CRLF or LF line ends, no comment, escape or null sequence.",
         '`"dialect": {"delimiter": ";"}` on a comma-separated file', "declare the dialect the file follows"),
    Rule("format", "descriptor", "A resource's `format`, `mediatype` and `scheme` are those its file is read with: "
         "`csv` and `text/csv` for a table, `json` and `application/json` (and no `table` type) for the Dataset "
         "JSON, `file` for a path in the package (a URL's own scheme for a URL).", '`"format": "xlsx"` on a CSV table',
         "declare the file as it is, or leave the property out"),
    Rule("unsafe-path", "descriptor", "A resource path is relative, stays inside the package and names its file "
         "exactly (no `..`, no absolute or Windows path, no empty or `.` segment).", '`"path": "data/countries.csv/"`',
         "write the path as the file's name below the package directory"),
    Rule("remote-resource", "descriptor", "A resource is a local file (a URL is fetched only with `--allow-network`); "
         "a Table Schema is in the descriptor or in a file of the package (never fetched).",
         '`"path": "https://example.org/x.csv"`', "pass `--allow-network`, or point at a local copy"),
    Rule("missing-resource", "descriptor", "Every table of the schema version is a resource of the package.",
         "a descriptor without the `quotes` resource", "publish every table, even when empty (a header only)"),
    Rule("unexpected-resource", "descriptor", "Every resource is part of the schema version (others are not "
         "checked).", "an extra `notes` resource", "remove it, or expect it to go unchecked", "warning"),
    Rule("integrity", "descriptor", "A resource declares its `bytes` and `hash`, so corruption can be detected.",
         "a resource without `hash`", "rebuild the descriptor with `indojp-data build`", "warning"),
    Rule("bytes", "descriptor", "A resource's declared `bytes` is its file's size.", '`"bytes": 190` for 191 bytes',
         "rebuild the descriptor, or restore the file"),
    Rule("hash", "descriptor", "A resource's declared SHA-256 is its file's (other algorithms are a warning).",
         "a file edited after the descriptor was written", "rebuild the descriptor, or restore the file",
         "error or warning"),
    # --- CSV syntax ----------------------------------------------------------------------------------
    Rule("csv-syntax", "csv", "A file is RFC 4180 CSV: a closing quote is followed by a comma or a line break, "
         "no CR outside quotes but before an LF, no quote inside an unquoted cell.", '`"IN"x,India`',
         "quote the whole cell and double the quotes inside it"),
    Rule("unterminated-quote", "csv", "Every quoted cell is closed.", '`"IN,India` to the end of the file',
         "close the quote"),
    Rule("row-length", "csv", "Every record has as many cells as the header.", "`IN,India,Asia` under `code,name`",
         "quote cells that hold commas; remove the extra cells"),
    Rule("blank-row", "csv", "No line is empty.", "an empty line between two records", "remove the empty line"),
    Rule("no-header", "csv", "The first line is a header.", "a file that starts with an empty line",
         "start the file with the header row"),
    Rule("blank-header", "csv", "No header cell is empty.", "`code,,name`", "name every column"),
    Rule("duplicate-header", "csv", "No two header cells are the same.", "`code,code`", "name each column once"),
    Rule("header", "csv", "The header is the Table Schema's field names, in order.", "`name,code` for `code,name`",
         "write the header exactly as the hint shows"),
    Rule("engine", "csv", "The columnar engine reads the file (its message is given when the exact reader finds "
         "nothing to place).", "a file DuckDB's CSV reader cannot parse", "read the message; report it if unclear"),
    Rule("rows-not-checked", "csv", "A file's rows are checked once its syntax is (a malformed file's rows are not).",
         "a file with a `row-length` problem", "fix the syntax problems first", "warning"),
    # --- cells ---------------------------------------------------------------------------------------
    Rule("required", "cell", "A required value is present (in CSV: not empty; in JSON: the property is there).",
         "an empty `code` cell", "for a fact the source does not give, write null and add an `unknowns` entry"),
    Rule("enum", "cell", "A value is one of the allowed values.", "`XX` as a country code",
         "use one of the values the hint lists"),
    Rule("type", "cell", "A value has its field's type, in its one canonical form: integers `-?[0-9]+`, numbers "
         "`-?[0-9]+(.[0-9]+)?`, dates `YYYY-MM-DD`, booleans `true`/`false`.", "`1_000`, `٣`, `2026-7-2`",
         "write the value in its canonical form"),
    Rule("pattern", "cell", "A text value matches its field's pattern (anchored, XML Schema style).",
         "`in` where `[A-Z]{2}` is asked", "write the value as the pattern asks"),
    Rule("minLength", "cell", "A text value is at least the minimum length.", "an empty identifier",
         "lengthen the value"),
    Rule("maxLength", "cell", "A text value is at most the maximum length.", "an 81-character identifier",
         "shorten the value"),
    Rule("minimum", "cell", "A value is at least the minimum.", "a position of 0", "raise the value"),
    Rule("maximum", "cell", "A value is at most the maximum.", "a period of 101 years (at most 100)",
         "lower the value"),
    Rule("exclusiveMinimum", "cell", "A value is more than the exclusive minimum.", "an amount of 0",
         "write a value above the bound"),
    Rule("exclusiveMaximum", "cell", "A value is less than the exclusive maximum (no published field has one).",
         "a value equal to the bound",
         "write a value below the bound"),
    Rule("formula", "cell", "A text cell does not start with `=`, `+`, `-` or `@`, which a spreadsheet runs as a "
         "formula.", "`=HYPERLINK(...)`", "reword the value (`build` refuses it too)"),
    Rule("const", "json", "A JSON value is the one value its schema fixes.", 'a place of `"kind": "town"` (`city`)',
         "write the value the schema fixes"),
    Rule("anyOf", "json", "A JSON value matches one of its schema's alternatives (when no alternative explains the "
         "failure better).", "a number where a string or null is asked", "write a value of one of the types"),
    Rule("additionalProperties", "json", "A JSON object has only the properties its schema names.",
         'a record with `"note": "..."`', "remove the property"),
    Rule("minItems", "json", "A JSON list has at least the minimum number of items.", "an empty `citations` list",
         "add the items"),
    Rule("maxItems", "json", "A JSON list has at most the maximum number of items.",
         "a `references` list of 100 entries (numbered at most 99)", "remove the extra items"),
    Rule("uniqueItems", "json", "A JSON list repeats no item.", "a summit listing the same participant twice",
         "remove the repeated item"),
    Rule("prefixItems", "json", "The first items of a JSON list match their positions' schemas.",
         "the source's references numbered 1, 3 (they are numbered 1..n)", "number the items in order"),
    Rule("contains", "json", "A JSON list holds an item that matches its schema.",
         "a null field whose record's `unknowns` does not name it", "add the item the schema asks for"),
    Rule("minContains", "json", "A JSON list holds at least the minimum number of matching items.",
         "a null field not named in `unknowns`", "add the matching item"),
    Rule("maxContains", "json", "A JSON list holds at most the maximum number of matching items.",
         "`unknowns` naming the same field twice", "remove the repeated item"),
    Rule("allOf", "json", "A JSON value matches every schema of an `allOf` (the rules between a record's fields).",
         "a record that breaks one of the rules between its fields", "see the problem's other rule for which"),
    Rule("if", "json", "The condition of a rule between fields (`if`/`then`/`else`): reported with `then` or `else`.",
         "a partial date of precision `year`", "see `then` and `else`"),
    Rule("then", "json", "When a record meets a rule's condition, it meets its consequence.",
         "`2006-12-02` with precision `year` (finer parts must be `01`)", "write the value the rule asks for"),
    Rule("else", "json", "When a record does not meet a rule's condition, it meets the alternative.",
         "a field that is not null but is named in `unknowns`", "remove the `unknowns` entry, or write null"),
    Rule("not", "json", "A JSON value does not match the schema it must not match.",
         "a commitment whose `to_country` equals its `from_country`", "write a different value"),
    # --- keys ----------------------------------------------------------------------------------------
    Rule("primary-key", "key", "No two rows share a primary key.", "two `countries` rows with code `IN`",
         "remove or correct the repeated row"),
    Rule("unique", "key", "No two rows share a value of a unique field.", "two rows with the same unique value",
         "remove or correct the repeated value"),
    Rule("foreign-key", "key", "Every reference has a target row.", "a `persons.country` of `XX`",
         "add the target row, or correct the reference"),
    # --- JSON ----------------------------------------------------------------------------------------
    Rule("json-syntax", "json", "A JSON document is RFC 8259 JSON (no `NaN`, no trailing comma).", "`{\"a\": 1,}`",
         "fix the syntax at the position given"),
    Rule("too-deep", "json", "A JSON document nests within the depth limit.", "`[[[[...]]]]` a thousand levels deep",
         "flatten the document"),
    Rule("duplicate-key", "json", "No JSON object repeats a key.", '`{"id": "a", "id": "b"}`', "keep one of them"),
    # --- the models ----------------------------------------------------------------------------------
    Rule("model", "model", "The dataset rebuilds as the models (what a JSON Schema cannot say of one value).",
         "a period whose `end_year` is before its `start_year`", "correct the value the message names"),
    Rule("cross-record", "model", "The rules across records hold: identifiers resolve and are unique, counts "
         "reconcile, every null has a reason, positions run 1..n.", "a roadmap's sectors at positions 3, 2, 3, ...",
         "correct the records the message names"),
    Rule("json-csv-mismatch", "model", "The Dataset JSON and the CSV tables of a package hold the same dataset.",
         "a name changed in a CSV file but not in `dataset.json`", "rebuild both from the same records"),
    Rule("model-rules-skipped", "model", "The model stage runs (not past its record and size limits: see "
         "Validating in CI).", "a package of a million rows",
         "the table checks still ran on every row", "warning"),
)
# fmt: on
"""Every rule the validator reports, each once."""

_BY_ID = {entry.id: entry for entry in RULES}


def rule(rule_id: str) -> Rule:
    """Return the catalogue entry of ``rule_id``.

    Raises:
        KeyError: for an id the catalogue does not hold.
    """
    return _BY_ID[rule_id]


# fmt: off
DIFFERENCES: tuple[Difference, ...] = (
    Difference("integer-form", "type", "`1_000`, `٣`, `+3`, ` 3`, `03`", "type error",
               "valid (read by Python's `int()`)",
               "an integer has one form, `0` or `-?[1-9][0-9]*`, so every reader (SQL, R, pandas, a spreadsheet) "
               "reads the same number and keys compared as text agree with types; underscores, other scripts' "
               "digits, signs and spaces are Python's own extensions, and a leading zero writes a number twice"),
    Difference("number-form", "type", "`1e13`, `.5`, `+1.5`", "type error", "valid",
               "a number is written as a plain decimal, as the data is published: an exponent or a bare point "
               "reads differently (or not at all) in other tools"),
    Difference("date-form", "type", "`2026-7-2`", "type error", "valid (read by `strptime('%Y-%m-%d')`)",
               "Table Schema's default date format is ISO 8601 `YYYY-MM-DD`, two-digit month and day"),
    Difference("formula-cell", "formula", "`=1+1` in a text field", "formula error", "valid",
               "a spreadsheet runs such a cell as a formula (CSV injection); `build` refuses it too"),
    Difference("text-beside-quote", "csv-syntax", '`"IN"x,India`, `"IN" ,India`, ` "IN",India`, `I"N,India`',
               "csv-syntax error on the line, no cell of it checked (nor references to it)",
               "reads the cell as `INx`, `IN `, ` \"IN\"` or `I\"N` and checks it, and the references to it "
               "then dangle",
               "RFC 4180 allows only a comma or a line break after a closing quote, and no quote inside an "
               "unquoted cell; guessing the cell hides the damage"),
    Difference("stray-cr", "csv-syntax", "a CR that ends the file (`JP,Japan\\r`), or one before a record's CRLF",
               "csv-syntax error on the line",
               "valid for the first (Python's csv reader takes the CR as a line end); for the second, a blank row "
               "after the record",
               "RFC 4180 ends a line with CRLF and has no other CR outside quotes; a stray CR is damage (a CRLF "
               "converted twice), not a row"),
    Difference("record-width", "too-large", "a record of more than 4,096 cells (`IN,India,,,…`)",
               "too-large error on the line, none of its cells checked",
               "extra-cell errors, the record's cells read and checked",
               "no table of the schema is that wide, and a reader that holds every cell of such a line is what "
               "a hostile file uses to exhaust memory: the line is refused before it is read"),
    Difference("bom", "bom", "a UTF-8 BOM before the header", "bom error", "valid (the BOM is stripped)",
               "published files have no BOM, and naive readers make it part of the first column's name"),
    Difference("declared-dialect", "dialect", '`"quoteChar": "\'"`, `"doubleQuote": false`, `"delimiter": ";"`',
               "one dialect error, at the descriptor",
               "valid when the file's bytes read the same way under the declared dialect, else errors on its rows",
               "the descriptor must describe the files as they are written; another reader trusting it could read "
               "the next version's bytes otherwise"),
    Difference("declared-encoding", "encoding", '`"encoding": "latin-1"` on a UTF-8 file',
               "one encoding error, at the descriptor",
               "valid: the bytes are read as Latin-1, and each non-ASCII character becomes two or three others",
               "the descriptor must say how to read the bytes; a reader trusting another encoding reads other text"),
    Difference("declared-format", "format", '`"format": "tsv"`, `"mediatype": "text/tab-separated-values"` on a CSV '
               "table", "one format error, at the descriptor", "valid (the file is read as CSV all the same)",
               "the descriptor must say what the file is; a reader trusting it would read another kind of file"),
    Difference("path-segments", "unsafe-path", '`"path": "./data/countries.csv"` (or `data//…`, `data/./…`)',
               "unsafe-path error", "valid (the file system normalises the path)",
               "a zip member, a URL and the v2 profile's path pattern take the path literally: only the exact "
               "name reads the same everywhere"),
    Difference("package-identity", "descriptor", '`"name": "IndoJP"`, `"version": "one"`', "descriptor error",
               "valid", "the name is lower-case and the version a semantic version, so releases can be compared "
               "and ordered"),
    Difference("resource-set", "missing-resource", "a descriptor without one of the schema's tables",
               "missing-resource error", "valid (any set of resources)",
               "a package of this schema publishes every table; a missing one is a lost table"),
    Difference("published-table-schema", "pattern", "a copy whose embedded Table Schema was loosened or tightened",
               "the rows are checked against the published Table Schema of the version",
               "checks the rows against the descriptor's embedded schema",
               "downstream data is held to the schema it claims, not to a copy that could have been edited"),
    Difference("cross-record-rules", "cross-record", "`03` as the first sector's position (positions 3, 2, 3…)",
               "cross-record error", "valid (no rules across records but keys)",
               "the model rules are part of the schema: identifiers resolve, counts reconcile, positions run 1..n"),
    Difference("json-and-csv", "json-csv-mismatch", "a cell changed in a CSV table only",
               "json-csv-mismatch error", "valid (each resource on its own)",
               "the Dataset JSON and the tables are two forms of one dataset and must agree"),
    Difference("v2-profile", "profile", '`"licenses": []`, `"contributors": []`, `"mediatype": "csv"`',
               "profile error", "valid (frictionless v5 checks a descriptor against its own model)",
               "the official Data Package v2 profile is the standard; what it refuses is not a v2 descriptor"),
    Difference("key-reference-place", "key-reference", "a foreign key whose reference names a missing field",
               "one error at the descriptor's key", "an error on every row",
               "the defect is in the descriptor, once; the rows are not at fault"),
)
# fmt: on
"""Where our verdict deliberately differs from frictionless's, and why; a test runs frictionless on each."""
