"""The command line's arguments: every command, its options, its description and examples.

Kept apart from the commands themselves (:mod:`indojp_data.cli`), so the generated CLI reference and the
tests can read the parser without importing what the commands need. Standard library only.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import NoReturn

from indojp_data._version import __version__

EXIT_USAGE = 2
"""The exit code of a usage error."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        """Report a bad argument in one line (``prog: error: message (see --help)``) and exit 2."""
        message = " ".join(message.split())
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """Parse ``args``; an argument no parser knows is reported by the command it was given to.

        argparse hands a subcommand's unknown arguments up to the top-level parser, whose error names no
        command (``indojp-data: error: unrecognized arguments: --fromat``); here the command reports them,
        with its own usage and, for a mistyped option, the option it most likely meant.
        """
        parsed, extras = super().parse_known_args(args, namespace)
        if extras and getattr(parsed, "command", None) is None:  # within a command's own parser
            self.error(_unrecognized(self, extras))
        return parsed, extras


def _unrecognized(parser: argparse.ArgumentParser, extras: Sequence[str]) -> str:
    """Say which arguments ``parser`` does not know, suggesting the option meant for a mistyped one."""
    import difflib

    known = [option for action in parser._actions for option in action.option_strings]
    message = f"unrecognized arguments: {' '.join(extras)}"
    first = next((e.split("=", 1)[0] for e in extras if e.startswith("--")), None)
    close = difflib.get_close_matches(first, known, n=1) if first else []
    return message + (f"; did you mean {close[0]}?" if close else "")


def _count(text: str) -> int:
    """Parse a count argument: a decimal integer of at least 0 (argparse turns the error into a usage error)."""
    value = text.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 999999999, got {text[:40]!r}")
    return int(value)


def _name(text: str) -> str:
    """Parse a name argument (schema version, resource): it must not be empty or blank."""
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return text


def _command(
    commands: argparse._SubParsersAction[Parser], name: str, summary: str, description: str, examples: Sequence[str]
) -> Parser:
    """Add the subcommand ``name`` with its one-line ``summary``, ``description`` and ``examples``.

    The summary goes in the list of commands; the description and examples in its ``--help`` and in the
    generated CLI reference page of the documentation.
    """
    import textwrap

    epilog = "examples:\n" + "\n".join(f"  {example}" for example in examples)
    return commands.add_parser(
        name,
        help=summary,
        description=textwrap.fill(description, 79),
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every command."""
    parser = Parser(
        prog="indojp-data",
        description="The India-Japan economic-security roadmap (New Delhi, 2 July 2026) as validated open data.",
        epilog="Run `indojp-data COMMAND --help` for what a command does, its options and an example.",
    )
    parser.add_argument("--version", action="version", version=f"indojp-data {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _command(
        commands,
        "show",
        "print a readable summary of the dataset",
        "Print a readable summary of the dataset that ships with the package: the summit, the roadmap and its "
        "sectors in order, the memorandums of understanding, the investment target, the quotes and the "
        "completeness report. Needs no network.",
        ["indojp-data show"],
    )

    build = _command(
        commands,
        "build",
        "regenerate schema/<version>/ and datapackage/ (a checkout only)",
        "Regenerate the files that are derived from the models and the records: the JSON Schemas and Table "
        "Schemas under schema/<version>/ and the data package under datapackage/ (the documentation's generated "
        "pages are written by the docs generator, python -m docsgen, outside the package). For maintainers, "
        "in a checkout of the repository: it refuses any other directory that is not empty. With --check it "
        "writes nothing and exits 1 naming each file that is out of date, as CI does.",
        ["indojp-data build", "indojp-data build --check"],
    )
    build.add_argument("--root", default=".", help="checkout to write into (default: current directory)")
    build.add_argument("--check", action="store_true", help="write nothing; exit 1 naming files that differ")

    release = _command(
        commands,
        "release",
        "write and verify dist/indojp-data-<version>.zip and the files beside it",
        "Build the release: the zip of the data package (CSV and JSON data, schemas, README, licences, "
        "checksums) and beside it the Parquet zip, the SQLite database with its Datasette metadata, the "
        "checksum file and the release index. Every file is read back and verified before the command "
        "succeeds; the same checkout always gives the same bytes.",
        ["indojp-data release", "indojp-data release --out /tmp/dist"],
    )
    release.add_argument("--root", default=".", help="project directory (default: current)")
    release.add_argument("--out", help="output directory (default: <root>/dist)")
    release.add_argument(
        "--record-index", action="store_true", help="also write the release index to <root>/releases/index.json"
    )

    package = _command(
        commands,
        "package",
        "write or refresh datapackage.json (bytes, hashes) and the derived files of your data package",
        "For a data package of your own in the indojp-data schema: after you edit its CSV tables, write what "
        "follows from them. Reads the record tables under DIRECTORY/data/ (never rewrites them) and writes "
        "the derived tables (completeness, codelists), data/dataset.json, and datapackage.json with the "
        "published Table Schemas of this version and the size and SHA-256 of every file. The package's own "
        "properties (name, title, version, licences) are kept from an existing datapackage.json. Nothing is "
        "written unless the tables give a valid dataset (exit 1; validate names each problem).",
        ["indojp-data package datapackage", "indojp-data package datapackage && indojp-data validate datapackage"],
    )
    package.add_argument("directory", metavar="DIRECTORY", help="the data package directory (holding data/)")

    # The format names are listed here rather than imported, so that --help imports no exporter.
    export = _command(
        commands,
        "export",
        "write the data in other formats: parquet, sqlite (with Datasette metadata), croissant, datapackage",
        "Write the dataset that ships with the package in other formats into a directory: a Frictionless data "
        "package, Croissant metadata, one Parquet file per table, or a SQLite database with Datasette metadata. "
        "Works from an installed package, without a checkout.",
        ["indojp-data export --format parquet --format sqlite --out exported"],
    )
    export.add_argument(
        "--format",
        action="append",
        required=True,
        choices=("datapackage", "croissant", "parquet", "sqlite"),
        help="format to write; repeat for several",
    )
    export.add_argument("--out", required=True, help="output directory (created if needed)")

    schema = _command(
        commands,
        "schema",
        "print a published JSON Schema or Table Schema",
        "Print one of the schemas the package ships: a JSON Schema (draft 2020-12) of the Dataset JSON or of "
        "a record table, or with --table the Table Schema of a CSV table. Every published version ships, so "
        "older versions are available offline; --list names them all.",
        ["indojp-data schema dataset", "indojp-data schema --table persons", "indojp-data schema --list"],
    )
    schema.add_argument("name", nargs="?", default="dataset", help="JSON Schema name (default: dataset)")
    schema.add_argument("--table", type=_name, metavar="TABLE", help="print the Table Schema of this CSV table instead")
    schema.add_argument("--schema-version", type=_name, help=f"schema version (default: {__version__})")
    schema.add_argument("--list", action="store_true", help="list every version, its JSON Schemas and its tables")

    diff = _command(
        commands,
        "diff",
        "compare two data packages or two schema versions and state the semver bump required",
        "Compare two versions of the dataset, each a data package (a directory, its datapackage.json or a "
        "release zip) or a JSON Schema (a file or a directory of them), and list every change with the "
        "version bump it requires (major, minor or patch) and the bump the whole change requires.",
        [
            "indojp-data diff releases/0.2.0 releases/0.3.0",
            "indojp-data diff old-release.zip new-release.zip --format json",
        ],
    )
    diff.add_argument(
        "old", help="older data package (directory, datapackage.json or release zip) or schema file/directory"
    )
    diff.add_argument("new", help="newer one, of the same kind")
    diff.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")

    _add_validate(commands)
    return parser


def _add_validate(commands: argparse._SubParsersAction[Parser]) -> None:
    """Add ``validate``, the command downstream CI runs."""
    validate = _command(
        commands,
        "validate",
        "validate data in the indojp-data schema; exit 0 valid, 1 invalid, 2 unreadable input",
        "Validate data packages (a directory or its datapackage.json), release zips, Dataset JSON files or "
        "single CSV files against the published schema. Every problem names its file, line, field and rule. "
        "Exit codes: 0 valid, 1 invalid data, 2 usage error or unreadable input.",
        [
            "indojp-data validate datapackage",
            "indojp-data validate release.zip --format github",
            "indojp-data validate persons.csv --resource persons --format json",
        ],
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="what to validate; give several to check each")
    validate.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="output format (default: text; github: workflow annotations, and a notice when valid)",
    )
    validate.add_argument(
        "--resource", type=_name, help="resource held by a single CSV file (default: from its file name)"
    )
    validate.add_argument(
        "--schema-version", type=_name, help=f"validate against this published version (default: {__version__})"
    )
    validate.add_argument("--allow-network", action="store_true", help="fetch resources whose path is an http(s) URL")
    validate.add_argument(
        "--max-problems", type=_count, default=1000, metavar="N", help="report at most N problems (default 1000)"
    )
