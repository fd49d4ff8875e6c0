"""``python -m docsgen [--check]``: write the generated pages of ``docs/``, or check that they are in sync."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docsgen.pages import DocsPageError, render_pages, write_pages
from indojp_data.publish.build import render


def main(argv: list[str] | None = None) -> int:
    """Write or check the generated pages; return the exit code (0 in sync or written, 1 drift, 2 error)."""
    parser = argparse.ArgumentParser(prog="python -m docsgen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="report the pages that differ; write nothing")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project root (default: .)")
    args = parser.parse_args(argv)
    try:
        pages = render_pages(args.root, render())
    except DocsPageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not pages:
        print(f"error: {args.root} has no docs-templates/: run this from the project root", file=sys.stderr)
        return 2
    if not args.check:
        for path in write_pages(args.root, pages):
            print(f"wrote {path}")
        return 0
    drift = [path for path, data in sorted(pages.items()) if _read(args.root / path) != data]
    for path in drift:
        print(f"differs: {path}", file=sys.stderr)
    if drift:
        print("the generated pages are out of date: run `python -m docsgen`", file=sys.stderr)
        return 1
    print(f"{len(pages)} generated pages in sync")
    return 0


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


if __name__ == "__main__":
    sys.exit(main())
