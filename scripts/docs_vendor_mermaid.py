"""Vendor mermaid into the documentation, so the entity-relationship diagram renders without network access.

mkdocs-material renders ```mermaid fences with a global ``mermaid`` object when the page defines one, and
fetches mermaid from a CDN otherwise. mkdocs.yml loads ``docs/assets/vendor/mermaid.min.js`` (the file
this script writes) through ``extra_javascript``, so the built site needs no network at all.

Usage: python scripts/docs_vendor_mermaid.py [VERSION]   (needs npm; the default is the pinned version)

The package comes from the npm registry with ``npm pack``, which checks the tarball's integrity.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "11.17.2"  # mkdocs-material 9.x targets mermaid 11
TARGET = Path(__file__).resolve().parents[1] / "docs" / "assets" / "vendor"
MEMBERS = {"package/dist/mermaid.min.js": "mermaid.min.js", "package/LICENSE": "mermaid.LICENSE"}


def main() -> int:
    version = sys.argv[1] if len(sys.argv) > 1 else VERSION
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", "--silent", f"mermaid@{version}", "--pack-destination", tmp],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(tmp).glob("mermaid-*.tgz")
        TARGET.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as archive:
            for member, name in MEMBERS.items():
                stream = archive.extractfile(member)
                if stream is None:
                    raise SystemExit(f"{member} missing from {tarball.name}")
                (TARGET / name).write_bytes(stream.read())
    (TARGET / "mermaid.VERSION").write_text(f"mermaid {version} from the npm registry (npm pack)\n", encoding="utf-8")
    print(f"vendored mermaid {version} into {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
